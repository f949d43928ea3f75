// Errors as an application sees them: the SDK's HTTP errors with status 404 / 409 / 422 and the server's
// {"detail": ...}, from plain calls and from streams (decided before the stream starts); raw requests for what
// the SDK cannot send.
import { test } from "node:test";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { client, FAST, raw } from "../lib/server.mjs";
import { assertErrorResponse, firstPart, rejectsWithStatus } from "../lib/errors.mjs";
import { readUntil } from "../lib/streams.mjs";

const sdk = client();

test("404: unknown thread in get, update, getState, runs.create, runs.stream, threads.joinStream", async () => {
  const missing = randomUUID();
  const detail = new RegExp(missing);
  await rejectsWithStatus(sdk.threads.get(missing), 404, detail);
  await rejectsWithStatus(sdk.threads.update(missing, { metadata: { a: 1 } }), 404, detail);
  await rejectsWithStatus(sdk.threads.getState(missing), 404, detail);
  await rejectsWithStatus(sdk.runs.create(missing, "agent", { input: {} }), 404);
  await rejectsWithStatus(firstPart(sdk.runs.stream(missing, "agent", { input: {} })), 404);
  await rejectsWithStatus(firstPart(sdk.threads.joinStream(missing)), 404, detail);
});

test("404: unknown run in get, join, joinStream, cancel", async () => {
  const { thread_id } = await sdk.threads.create();
  const missing = randomUUID();
  await rejectsWithStatus(sdk.runs.get(thread_id, missing), 404);
  await rejectsWithStatus(sdk.runs.join(thread_id, missing), 404);
  await rejectsWithStatus(firstPart(sdk.runs.joinStream(thread_id, missing, { lastEventId: "-1" })), 404);
  await rejectsWithStatus(sdk.runs.cancel(thread_id, missing), 404);
});

test("404: unknown assistant when creating a run", async () => {
  const { thread_id } = await sdk.threads.create();
  await rejectsWithStatus(sdk.runs.create(thread_id, "no-such-graph", { input: {} }), 404, /no-such-graph/);
});

test("409: multitaskStrategy reject while a run is active; the active run is unaffected", async () => {
  const { thread_id } = await sdk.threads.create();
  const active = await sdk.runs.create(thread_id, "agent", {
    input: { items: ["in"] }, config: { configurable: { delay_ms: 300 } },
  });
  await rejectsWithStatus(sdk.runs.create(thread_id, "agent", { input: {}, multitaskStrategy: "reject" }), 409);
  await rejectsWithStatus(firstPart(sdk.runs.stream(thread_id, "agent", { input: {}, multitaskStrategy: "reject" })),
    409);
  await rejectsWithStatus(sdk.runs.wait(thread_id, "agent", { input: {}, multitaskStrategy: "reject" }), 409);
  assert.deepEqual(await sdk.runs.join(thread_id, active.run_id), { items: ["in", "step1", "step2", "step3"] });
  assert.equal((await sdk.runs.list(thread_id)).length, 1, "a rejected run was stored");
  // once the thread is idle, reject lets the run in
  const values = await sdk.runs.wait(thread_id, "agent", { input: {}, multitaskStrategy: "reject", config: FAST });
  assert.equal(values.items.length, 7);
});

test("422: a malformed thread id (raw request; the SDK would send it as is)", async () => {
  await assertErrorResponse(await raw("/threads/not-a-uuid"), 422, /thread ID/i);
  await assertErrorResponse(await raw("/threads/not-a-uuid/stream"), 422, /thread ID/i);
  await rejectsWithStatus(sdk.threads.get("not-a-uuid"), 422, /thread ID/i);
});

test("422: an unknown stream mode on the thread stream, the run stream, and run creation", async () => {
  const { thread_id } = await sdk.threads.create();
  await rejectsWithStatus(firstPart(sdk.threads.joinStream(thread_id, { streamMode: "bogus" })), 422, /bogus/);
  await rejectsWithStatus(firstPart(sdk.threads.joinStream(thread_id, { streamMode: ["lifecycle", "bogus"] })), 422,
    /bogus/);
  await rejectsWithStatus(firstPart(sdk.runs.stream(thread_id, "agent", { input: {}, streamMode: "bogus" })), 422,
    /bogus/);
  let run_id;
  await sdk.runs.wait(thread_id, "agent", { input: {}, config: FAST, onRunCreated: (m) => { run_id = m.run_id; } });
  await rejectsWithStatus(firstPart(sdk.runs.joinStream(thread_id, run_id, { lastEventId: "-1",
    streamMode: "bogus" })), 422, /bogus/);
});

test("422: a malformed Last-Event-ID", async () => {
  const { thread_id } = await sdk.threads.create();
  await rejectsWithStatus(firstPart(sdk.threads.joinStream(thread_id, { lastEventId: "yesterday" })), 422,
    /last-event-id/i);
});

test("422: invalid bodies (raw requests)", async () => {
  const post = (path, body) => raw(path, { method: "POST", headers: { "content-type": "application/json" },
    body: typeof body === "string" ? body : JSON.stringify(body) });
  await assertErrorResponse(await post("/threads", "{not json"), 422);
  const { thread_id } = await sdk.threads.create();
  await assertErrorResponse(await post(`/threads/${thread_id}/runs`, { input: {} }), 422, /assistant_id/);
  await assertErrorResponse(await post(`/threads/${thread_id}/runs`, { assistant_id: "agent",
    multitask_strategy: "sometimes" }), 422, /multitask_strategy/);
});

test("an error inside a stream is an error event, not an HTTP error", async () => {
  const { thread_id } = await sdk.threads.create();
  const parts = await readUntil((signal) => sdk.runs.stream(thread_id, "agent", {
    input: {}, config: { configurable: { delay_ms: 20, fail_at: "step1" } }, signal,
  }), (p) => p.event === "error");
  assert.deepEqual(parts.map((p) => p.event), ["metadata", "values", "error"]);
  assert.match(parts.at(-1).data.message, /boom in step1/);
});
