// Runs without streaming through the SDK: create + join, wait, get, list, cancel, multitask strategies.
import { test } from "node:test";
import assert from "node:assert/strict";
import { client, FAST, systemAssistantId } from "../lib/server.mjs";
import { readUntil } from "../lib/streams.mjs";
import { rejectsWithStatus } from "../lib/errors.mjs";

const sdk = client();
const FINAL = { items: ["in", "step1", "step2", "step3"] };

test("runs.create returns the run (onRunCreated via Content-Location); runs.join gives its values", async () => {
  const { thread_id } = await sdk.threads.create();
  let created;
  const run = await sdk.runs.create(thread_id, "agent", {
    input: { items: ["in"] }, config: FAST, onRunCreated: (meta) => { created = meta; },
  });
  assert.deepEqual(created, { run_id: run.run_id, thread_id });
  assert.equal(run.thread_id, thread_id);
  assert.equal(run.assistant_id, await systemAssistantId("agent"));
  assert.ok(["pending", "running"].includes(run.status), run.status);
  assert.equal(run.multitask_strategy, "enqueue");
  assert.deepEqual(await sdk.runs.join(thread_id, run.run_id), FINAL);
  const done = await sdk.runs.get(thread_id, run.run_id);
  assert.equal(done.status, "success");
});

test("runs.wait returns the final values", async () => {
  const { thread_id } = await sdk.threads.create();
  const values = await sdk.runs.wait(thread_id, "agent", { input: { items: ["in"] }, config: FAST });
  assert.deepEqual(values, FINAL);
});

test("runs.wait on a failing graph: the SDK raises the run's error", async () => {
  const { thread_id } = await sdk.threads.create();
  const payload = { input: { items: ["in"] }, config: { configurable: { delay_ms: 20, fail_at: "step2" } } };
  await assert.rejects(sdk.runs.wait(thread_id, "agent", payload), /boom in step2/);
  const body = await sdk.runs.wait(thread_id, "agent", { ...payload, raiseError: false });
  assert.match(body.__error__.message, /boom in step2/);
  assert.equal(typeof body.__error__.error, "string");
  assert.equal((await sdk.threads.get(thread_id)).status, "error");
});

test("runs.wait without a thread (stateless) returns the values", async () => {
  const values = await sdk.runs.wait(null, "agent", { input: { items: ["in"] }, config: FAST });
  assert.deepEqual(values, FINAL);
});

test("runs.list lists the thread's runs; runs are executed one after another (enqueue)", async () => {
  const { thread_id } = await sdk.threads.create();
  const first = await sdk.runs.create(thread_id, "agent", { input: { items: ["a"] }, config: FAST });
  const second = await sdk.runs.create(thread_id, "agent", { input: { items: ["b"] }, config: FAST });
  assert.equal(second.status, "pending");
  await sdk.runs.join(thread_id, second.run_id);
  assert.equal((await sdk.runs.get(thread_id, first.run_id)).status, "success");
  const runs = await sdk.runs.list(thread_id);
  assert.deepEqual(runs.map((r) => r.run_id).sort(), [first.run_id, second.run_id].sort());
  assert.ok(runs.every((r) => r.status === "success"));
  const state = await sdk.threads.getState(thread_id);
  assert.deepEqual(state.values.items, ["a", "step1", "step2", "step3", "b", "step1", "step2", "step3"]);
});

test("runs.cancel (wait) interrupts a running run; its status becomes interrupted", async () => {
  const { thread_id } = await sdk.threads.create();
  const run = await sdk.runs.create(thread_id, "agent", {
    input: { items: ["in"] }, config: { configurable: { delay_ms: 30_000 } }, streamMode: ["custom"],
  });
  // wait until step1 is running (sleeping 30 s), seen on the run's own stream
  await readUntil((signal) => sdk.runs.joinStream(thread_id, run.run_id, { lastEventId: "-1", signal }),
    (p) => p.event === "custom" && p.data.node === "step1");
  const started = Date.now();
  assert.equal(await sdk.runs.cancel(thread_id, run.run_id, true), undefined);
  assert.ok(Date.now() - started < 10_000, "cancel waited for the node's whole sleep");
  const cancelled = await sdk.runs.get(thread_id, run.run_id);
  assert.equal(cancelled.status, "interrupted");
  const thread = await sdk.threads.get(thread_id);
  assert.notEqual(thread.status, "busy");
});

test("runs.cancel without wait answers at once (202) and the run ends interrupted", async () => {
  const { thread_id } = await sdk.threads.create();
  const run = await sdk.runs.create(thread_id, "agent", {
    input: { items: ["in"] }, config: { configurable: { delay_ms: 5000 } },
  });
  assert.equal(await sdk.runs.cancel(thread_id, run.run_id, false), undefined);
  await sdk.runs.join(thread_id, run.run_id);
  assert.equal((await sdk.runs.get(thread_id, run.run_id)).status, "interrupted");
});

test("multitaskStrategy interrupt: the active run ends interrupted (its progress kept), the new one runs", async () => {
  const { thread_id } = await sdk.threads.create();
  const first = await sdk.runs.create(thread_id, "agent", {
    input: { items: ["a"] }, config: { configurable: { delay_ms: 5000 } }, streamMode: ["custom"],
  });
  await readUntil((signal) => sdk.runs.joinStream(thread_id, first.run_id, { lastEventId: "-1", signal }),
    (p) => p.event === "custom");
  const second = await sdk.runs.create(thread_id, "agent", {
    input: { items: ["b"] }, config: FAST, multitaskStrategy: "interrupt",
  });
  await sdk.runs.join(thread_id, second.run_id);
  assert.equal((await sdk.runs.get(thread_id, first.run_id)).status, "interrupted");
  assert.equal((await sdk.runs.get(thread_id, second.run_id)).status, "success");
  const { values } = await sdk.threads.getState(thread_id);
  assert.deepEqual(values.items, ["a", "b", "step1", "step2", "step3"]);
});

test("multitaskStrategy rollback: the active run and its checkpoints are gone, the new one runs", async () => {
  const { thread_id } = await sdk.threads.create();
  await sdk.runs.wait(thread_id, "agent", { input: { items: ["base"] }, config: FAST });
  const first = await sdk.runs.create(thread_id, "agent", {
    input: { items: ["a"] }, config: { configurable: { delay_ms: 5000 } }, streamMode: ["values"],
  });
  await readUntil((signal) => sdk.runs.joinStream(thread_id, first.run_id, { lastEventId: "-1", signal }),
    (p) => p.event === "values" && p.data.items.at(-1) === "step1");
  const second = await sdk.runs.create(thread_id, "agent", {
    input: { items: ["b"] }, config: FAST, multitaskStrategy: "rollback",
  });
  await sdk.runs.join(thread_id, second.run_id);
  await rejectsWithStatus(sdk.runs.get(thread_id, first.run_id), 404);
  const { values } = await sdk.threads.getState(thread_id);
  assert.deepEqual(values.items, ["base", "step1", "step2", "step3", "b", "step1", "step2", "step3"]);
});

test("runs.createBatch starts every stateless run and answers with them", async () => {
  const runs = await sdk.runs.createBatch([
    { assistantId: "agent", input: { items: ["in"] }, config: FAST },
    { assistantId: "agent", input: { items: ["in"] }, config: FAST },
  ]);
  assert.equal(runs.length, 2);
  assert.notEqual(runs[0].thread_id, runs[1].thread_id);
  for (const run of runs) assert.deepEqual(await sdk.runs.join(run.thread_id, run.run_id), FINAL);
  await rejectsWithStatus(sdk.runs.createBatch([{ assistantId: "agent" }, { input: {} }]), 422);
});

test("runs.cancelMany cancels the listed runs of a thread, or its runs by status", async () => {
  const SLOW = { input: { items: ["in"] }, config: { configurable: { delay_ms: 30_000 } }, streamMode: ["custom"] };
  const { thread_id } = await sdk.threads.create();
  const first = await sdk.runs.create(thread_id, "agent", SLOW);
  const queued = await sdk.runs.create(thread_id, "agent", SLOW); // enqueued behind the first: pending
  const started = Date.now();
  assert.equal(await sdk.runs.cancelMany({ threadId: thread_id, runIds: [first.run_id, queued.run_id] }), undefined);
  await sdk.runs.join(thread_id, first.run_id);
  await sdk.runs.join(thread_id, queued.run_id);
  assert.ok(Date.now() - started < 10_000, "the runs were not cancelled");
  for (const r of [first, queued]) assert.equal((await sdk.runs.get(thread_id, r.run_id)).status, "interrupted");

  const other = (await sdk.threads.create()).thread_id;
  const running = await sdk.runs.create(other, "agent", SLOW);
  await readUntil((signal) => sdk.runs.joinStream(other, running.run_id, { lastEventId: "-1", signal }),
    (p) => p.event === "custom" && p.data.node === "step1");
  const pending = await sdk.runs.create(other, "agent", SLOW);
  await sdk.runs.cancelMany({ threadId: other, status: "pending" });
  await sdk.runs.join(other, pending.run_id);
  assert.equal((await sdk.runs.get(other, pending.run_id)).status, "interrupted");
  assert.equal((await sdk.runs.get(other, running.run_id)).status, "running", "status pending left the running run");
  await sdk.runs.cancelMany({ threadId: other, status: "all", action: "rollback" });
  await sdk.runs.join(other, running.run_id).catch(() => {});
  await rejectsWithStatus(sdk.runs.get(other, running.run_id), 404); // rolled back: the run is gone

  await rejectsWithStatus(sdk.runs.cancelMany({ runIds: [first.run_id] }), 422);
  await rejectsWithStatus(sdk.runs.cancelMany({ threadId: other }), 422);
  await rejectsWithStatus(sdk.runs.cancelMany({ status: "finished" }), 422);
  await rejectsWithStatus(sdk.runs.cancelMany({ threadId: other, status: "all", action: "explode" }), 422);
});
