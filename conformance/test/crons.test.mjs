// Crons through the SDK: create (stateless and on a thread), search, count, update, delete, and the server's 4xx
// answers. Firing is shown by the Java suite (CronFiringTest), which waits for one minute boundary for every backend.
import { test } from "node:test";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { client } from "../lib/server.mjs";
import { rejectsWithStatus } from "../lib/errors.mjs";

const sdk = client();
const tag = { suite: randomUUID() }; // this file's crons, so other files' never match

test("crons.create makes a stateless cron with the official fields and its next slot", async () => {
  const cron = await sdk.crons.create("agent", {
    schedule: "0 9 * * *", timezone: "Europe/Paris", input: { items: ["c"] }, metadata: tag, onRunCompleted: "keep",
  });
  assert.equal(cron.thread_id, null);
  assert.equal(cron.schedule, "0 9 * * *");
  assert.equal(cron.timezone, "Europe/Paris");
  assert.equal(cron.on_run_completed, "keep");
  assert.equal(cron.enabled, true);
  assert.deepEqual(cron.payload.input, { items: ["c"] });
  const next = new Date(cron.next_run_date);
  assert.ok(next > new Date() && next - new Date() <= 25 * 3600_000, cron.next_run_date);
  const hourInParis = new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/Paris", hour: "numeric" }).format(next);
  assert.equal(Number(hourInParis), 9);
  await sdk.crons.delete(cron.cron_id);
});

test("crons.createForThread, search and count by thread, assistant, enabled and metadata", async () => {
  const thread = await sdk.threads.create();
  const onThread = await sdk.crons.createForThread(thread.thread_id, "agent", {
    schedule: "*/10 * * * *", metadata: tag, multitaskStrategy: "enqueue",
  });
  assert.equal(onThread.thread_id, thread.thread_id);
  const paused = await sdk.crons.create("hitl", { schedule: "*/10 * * * *", metadata: tag, enabled: false });

  const mine = await sdk.crons.search({ metadata: tag });
  assert.deepEqual(mine.map((c) => c.cron_id), [paused.cron_id, onThread.cron_id]);
  const byThread = await sdk.crons.search({ threadId: thread.thread_id });
  assert.deepEqual(byThread.map((c) => c.cron_id), [onThread.cron_id]);
  const byAssistant = await sdk.crons.search({ assistantId: "hitl", metadata: tag });
  assert.deepEqual(byAssistant.map((c) => c.cron_id), [paused.cron_id]);
  const disabled = await sdk.crons.search({ enabled: false, metadata: tag });
  assert.deepEqual(disabled.map((c) => c.cron_id), [paused.cron_id]);
  const ascending = await sdk.crons.search({ metadata: tag, sortBy: "created_at", sortOrder: "asc", limit: 1 });
  assert.deepEqual(ascending.map((c) => c.cron_id), [onThread.cron_id]);
  const selected = await sdk.crons.search({ metadata: tag, select: ["cron_id", "enabled"] });
  assert.deepEqual(Object.keys(selected[0]).sort(), ["cron_id", "enabled"]);

  assert.equal(await sdk.crons.count({ metadata: tag }), 2);
  assert.equal(await sdk.crons.count({ threadId: thread.thread_id }), 1);
  await sdk.threads.delete(thread.thread_id); // takes its crons along
  assert.equal(await sdk.crons.count({ metadata: tag }), 1);
  await sdk.crons.delete(paused.cron_id);
});

test("crons.update changes the schedule, pauses, clears end_time and merges metadata", async () => {
  const cron = await sdk.crons.create("agent", { schedule: "0 9 * * *", metadata: tag, endTime: "2099-01-01T00:00:00Z" });
  const updated = await sdk.crons.update(cron.cron_id, {
    schedule: "15 6 * * *", timezone: "UTC", enabled: false, metadata: { extra: 1 }, input: { items: ["u"] },
  });
  assert.equal(updated.schedule, "15 6 * * *");
  assert.equal(updated.enabled, false);
  assert.equal(new Date(updated.next_run_date).getUTCHours(), 6);
  assert.equal(new Date(updated.next_run_date).getUTCMinutes(), 15);
  assert.deepEqual(updated.metadata, { ...tag, extra: 1 });
  assert.deepEqual(updated.payload.input, { items: ["u"] });
  const cleared = await sdk.crons.update(cron.cron_id, { endTime: null });
  assert.equal(cleared.end_time, null);
  await sdk.crons.delete(cron.cron_id);
  assert.deepEqual(await sdk.crons.search({ metadata: tag }), []);
});

test("bad schedules and time zones are 422, unknown assistants, threads and crons 404, with a detail", async () => {
  await rejectsWithStatus(sdk.crons.create("agent", { schedule: "every morning" }), 422, /schedule/);
  await rejectsWithStatus(sdk.crons.create("agent", { schedule: "0 9 * * *", timezone: "Mars/Olympus" }), 422,
    /timezone/);
  await rejectsWithStatus(sdk.crons.create("no-such-graph", { schedule: "0 9 * * *" }), 404, /no-such-graph/);
  const missing = randomUUID();
  await rejectsWithStatus(sdk.crons.createForThread(missing, "agent", { schedule: "0 9 * * *" }), 404, /not found/);
  await rejectsWithStatus(sdk.crons.delete(missing), 404, /not found/);
  await rejectsWithStatus(sdk.crons.update(missing, { enabled: true }), 404, /not found/);
});
