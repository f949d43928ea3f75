// Run streams through the SDK: runs.stream in each stream mode and several at once, errors inside the stream,
// and runs.joinStream (live, replay with lastEventId "-1" as useStream does on remount, resume after an id).
import { test } from "node:test";
import assert from "node:assert/strict";
import { client, FAST } from "../lib/server.mjs";
import { assertIncreasingIds, collect, names, readUntil } from "../lib/streams.mjs";

const sdk = client();
const INPUT = { items: ["in"] };

async function streamAgent(streamMode, extra = {}) {
  const { thread_id } = await sdk.threads.create();
  let created;
  const parts = await collect(sdk.runs.stream(thread_id, "agent", {
    input: INPUT, config: FAST, streamMode, onRunCreated: (m) => { created = m; }, ...extra,
  }));
  return { thread_id, run_id: created?.run_id, parts };
}

/** The first part is the run's start marker `{run_id, attempt: 1}`. */
function assertStart(parts, runId) {
  assert.equal(parts[0].event, "metadata");
  assert.deepEqual(parts[0].data, { run_id: runId, attempt: 1 });
}

test("values: metadata, then the state after each step; ids <ms>-<seq> increasing", async () => {
  const { run_id, parts } = await streamAgent("values");
  assert.ok(run_id, "onRunCreated was called (Content-Location)");
  assertStart(parts, run_id);
  assert.deepEqual(parts.slice(1).map((p) => [p.event, p.data]), [
    ["values", { items: ["in"] }],
    ["values", { items: ["in", "step1"] }],
    ["values", { items: ["in", "step1", "step2"] }],
    ["values", { items: ["in", "step1", "step2", "step3"] }],
  ]);
  assertIncreasingIds(parts);
});

test("default stream mode is values", async () => {
  const { parts } = await streamAgent(undefined);
  assert.deepEqual(names(parts), ["metadata", "values", "values", "values", "values"]);
});

test("updates: one event per node with its update", async () => {
  const { run_id, parts } = await streamAgent("updates");
  assertStart(parts, run_id);
  assert.deepEqual(parts.slice(1).map((p) => [p.event, p.data]), [
    ["updates", { step1: { items: ["step1"] } }],
    ["updates", { step2: { items: ["step2"] } }],
    ["updates", { step3: { items: ["step3"] } }],
  ]);
});

test("custom: what the nodes wrote, in order", async () => {
  const { parts } = await streamAgent("custom");
  assert.deepEqual(parts.slice(1).map((p) => [p.event, p.data]), [
    ["custom", { node: "step1", phase: "start", n_items: 1 }],
    ["custom", { node: "step1", phase: "end" }],
    ["custom", { node: "step2", phase: "start", n_items: 2 }],
    ["custom", { node: "step2", phase: "end" }],
    ["custom", { node: "step3", phase: "start", n_items: 3 }],
    ["custom", { node: "step3", phase: "end" }],
  ]);
});

test("messages-tuple: the chat model's reply token by token as [chunk, metadata]", async () => {
  const { thread_id } = await sdk.threads.create();
  const parts = await collect(sdk.runs.stream(thread_id, "chat", {
    input: { messages: [{ role: "user", content: "hi" }] }, streamMode: "messages-tuple",
  }));
  assert.equal(parts[0].event, "metadata");
  const messages = parts.slice(1);
  assert.ok(messages.length > 1, `${messages.length} message events`);
  assert.ok(messages.every((p) => p.event === "messages"), names(parts).join(","));
  for (const { data } of messages) {
    assert.ok(Array.isArray(data) && data.length === 2, JSON.stringify(data));
    assert.equal(typeof data[0].content, "string");
    assert.equal(data[1].langgraph_node, "model");
  }
  assert.equal(messages.map((p) => p.data[0].content).join(""), "Hello from the fake model!");
  assert.equal(new Set(messages.map((p) => p.data[0].id)).size, 1, "all chunks belong to one message");
  assertIncreasingIds(parts);
});

test("several modes at once interleave in emission order", async () => {
  const { parts } = await streamAgent(["values", "updates", "custom"]);
  const seq = parts.map((p) => (p.event === "custom" ? `custom:${p.data.node}:${p.data.phase}` : p.event));
  assert.deepEqual(seq, [
    "metadata", "values",
    "custom:step1:start", "custom:step1:end", "updates", "values",
    "custom:step2:start", "custom:step2:end", "updates", "values",
    "custom:step3:start", "custom:step3:end", "updates", "values",
  ]);
  assertIncreasingIds(parts);
});

test("a failing node ends the stream with an error event", async () => {
  const { parts } = await streamAgent(["values", "updates"], {
    config: { configurable: { delay_ms: 20, fail_at: "step2" } },
  });
  assert.deepEqual(names(parts), ["metadata", "values", "updates", "values", "error"]);
  const error = parts.at(-1).data;
  assert.equal(typeof error.error, "string");
  assert.match(error.message, /boom in step2/);
});

test("runs.joinStream with lastEventId -1 after the run ended replays the whole run", async () => {
  const { thread_id, run_id, parts } = await streamAgent(["values", "custom"]);
  const replay = await collect(sdk.runs.joinStream(thread_id, run_id, { lastEventId: "-1" }));
  assert.deepEqual(replay, parts);
});

test("runs.joinStream with an event id resumes right after it (exclusive)", async () => {
  const { thread_id, run_id, parts } = await streamAgent(["values", "custom"]);
  const rest = await collect(sdk.runs.joinStream(thread_id, run_id, { lastEventId: parts[3].id }));
  assert.deepEqual(rest, parts.slice(4));
});

test("runs.joinStream with a streamMode (one, or several: repeated keys) narrows a replay to those modes", async () => {
  const { thread_id, run_id, parts } = await streamAgent(["values", "updates", "custom"]);
  const replay = (streamMode) => collect(sdk.runs.joinStream(thread_id, run_id, { lastEventId: "-1", streamMode }));
  assert.deepEqual(await replay("custom"), parts.filter((p) => ["metadata", "custom"].includes(p.event)));
  assert.deepEqual(await replay(["updates", "custom"]), parts.filter((p) => p.event !== "values"));
});

test("runs.joinStream live: joined while running, it follows the run to its end", async () => {
  const { thread_id } = await sdk.threads.create();
  const run = await sdk.runs.create(thread_id, "agent", {
    input: INPUT, config: { configurable: { delay_ms: 300 } }, streamMode: ["updates", "custom"],
  });
  // join without a cursor once step1 is under way: live from there on
  await readUntil((signal) => sdk.runs.joinStream(thread_id, run.run_id, { lastEventId: "-1", signal }),
    (p) => p.event === "custom" && p.data.node === "step1");
  const live = await collect(sdk.runs.joinStream(thread_id, run.run_id));
  assert.ok(live.length > 0, "no live events");
  assert.deepEqual(live.at(-1).data, { step3: { items: ["step3"] } });
  assertIncreasingIds(live);
  const all = await collect(sdk.runs.joinStream(thread_id, run.run_id, { lastEventId: "-1" }));
  assert.deepEqual(live, all.slice(all.length - live.length), "live join is a suffix of the run");
});

test("runs.stream without a thread (stateless) streams the run", async () => {
  const parts = await collect(sdk.runs.stream(null, "agent", { input: INPUT, config: FAST, streamMode: "updates" }));
  assert.deepEqual(names(parts), ["metadata", "updates", "updates", "updates"]);
});

test("onDisconnect cancel: closing the stream cancels the run promptly", async () => {
    const { thread_id } = await sdk.threads.create();
    let run_id;
    await readUntil((signal) => sdk.runs.stream(thread_id, "agent", {
      input: INPUT, config: { configurable: { delay_ms: 20_000 } }, streamMode: "custom", onDisconnect: "cancel",
      signal, onRunCreated: (m) => { run_id = m.run_id; },
    }), (p) => p.event === "custom");
    await sdk.runs.join(thread_id, run_id, { signal: AbortSignal.timeout(3000) });
    assert.equal((await sdk.runs.get(thread_id, run_id)).status, "interrupted");
  });
