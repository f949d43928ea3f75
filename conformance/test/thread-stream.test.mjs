// The thread stream through the SDK: threads.joinStream with every streamMode form and lastEventId, live joins,
// runs one after another, state updates, deletion; plus what the SDK hides (headers, heartbeats, JSON-array modes).
import { test } from "node:test";
import assert from "node:assert/strict";
import { client, clientWithOpenHook, FAST } from "../lib/server.mjs";
import { assertIncreasingIds, isRunDone, names, readUntil } from "../lib/streams.mjs";
import { readRawSse } from "../lib/raw-sse.mjs";

const sdk = client();
const VALUES = [["in"], ["in", "step1"], ["in", "step1", "step2"], ["in", "step1", "step2", "step3"]];

/** A thread with one finished agent run (stream mode values, the default of runs.wait); returns ids. */
async function threadWithRun() {
  const { thread_id } = await sdk.threads.create();
  let run_id;
  await sdk.runs.wait(thread_id, "agent", {
    input: { items: ["in"] }, config: FAST, onRunCreated: (m) => { run_id = m.run_id; },
  });
  return { thread_id, run_id };
}

const join = (threadId, options) => (signal) => sdk.threads.joinStream(threadId, { ...options, signal });

/** The run's events as the thread stream shows them in run_modes: start, its values, end. */
function assertWholeRun(parts, runId) {
  assert.deepEqual(parts[0], { id: parts[0].id, event: "metadata", data: { run_id: runId, attempt: 1 } });
  assert.deepEqual(parts.slice(1, -1).map((p) => [p.event, p.data]), VALUES.map((items) => ["values", { items }]));
  assert.deepEqual(parts.at(-1).data, { status: "run_done", run_id: runId });
  assertIncreasingIds(parts);
}

test("joinStream without streamMode (run_modes), lastEventId '-': the run's start, events, run_done", async () => {
  const { thread_id, run_id } = await threadWithRun();
  const parts = await readUntil(join(thread_id, { lastEventId: "-" }), isRunDone(run_id));
  assertWholeRun(parts, run_id);
});

test("streamMode 'run_modes' is the same as no streamMode", async () => {
  const { thread_id, run_id } = await threadWithRun();
  const plain = await readUntil(join(thread_id, { lastEventId: "-" }), isRunDone(run_id));
  const runModes = await readUntil(join(thread_id, { lastEventId: "-", streamMode: "run_modes" }), isRunDone(run_id));
  assert.deepEqual(runModes, plain);
});

test("streamMode 'lifecycle': only run start and end markers, runs one after another", async () => {
  const { thread_id, run_id: first } = await threadWithRun();
  let second;
  await sdk.runs.wait(thread_id, "agent", { input: {}, config: FAST, onRunCreated: (m) => { second = m.run_id; } });
  const parts = await readUntil(join(thread_id, { lastEventId: "-", streamMode: "lifecycle" }), isRunDone(second));
  assert.deepEqual(parts.map((p) => p.data), [
    { run_id: first, attempt: 1 }, { status: "run_done", run_id: first },
    { run_id: second, attempt: 1 }, { status: "run_done", run_id: second },
  ]);
  assert.ok(parts.every((p) => p.event === "metadata"));
  assertIncreasingIds(parts);
});

test("streamMode 'state_update': only state updates, with the new state", async () => {
  const { thread_id } = await threadWithRun();
  await sdk.threads.updateState(thread_id, { values: { items: ["edited"] } });
  const parts = await readUntil(join(thread_id, { lastEventId: "-", streamMode: "state_update" }),
    (p) => p.event === "state_update");
  assert.equal(parts.length, 1, names(parts).join(","));
  const { data } = parts[0];
  assert.equal(data.thread_id, thread_id);
  assert.deepEqual(data.state.values.items, [...VALUES[3], "edited"]);
  assert.ok(data.state.checkpoint?.checkpoint_id);
});

test("streamMode as an array ['lifecycle', 'state_update'] (the SDK repeats the key): the union", async () => {
  const { thread_id, run_id } = await threadWithRun();
  await sdk.threads.updateState(thread_id, { values: { items: ["edited"] } });
  const parts = await readUntil(join(thread_id, { lastEventId: "-", streamMode: ["lifecycle", "state_update"] }),
    (p) => p.event === "state_update");
  assert.deepEqual(parts.map((p) => p.event === "metadata" ? p.data : p.event), [
    { run_id, attempt: 1 }, { status: "run_done", run_id }, "state_update",
  ]);
});

test("stream_mode as JSON array text and as a comma list (raw requests) select the same events", async () => {
  const { thread_id, run_id } = await threadWithRun();
  await sdk.threads.updateState(thread_id, { values: { items: ["edited"] } });
  const stop = (f) => f.event === "state_update";
  const headers = { "Last-Event-ID": "-" };
  const json = encodeURIComponent(JSON.stringify(["lifecycle", "state_update"]));
  const a = await readRawSse(`/threads/${thread_id}/stream?stream_mode=${json}`, { headers, stop });
  const b = await readRawSse(`/threads/${thread_id}/stream?stream_modes=lifecycle,state_update`, { headers, stop });
  const shape = (frames) => frames.filter((f) => f.event).map((f) => [f.id, f.event, f.data?.status ?? null]);
  assert.deepEqual(shape(a.frames).map((f) => f[1]), ["metadata", "metadata", "state_update"]);
  assert.equal(a.frames.filter((f) => f.event)[1].data.run_id, run_id);
  assert.deepEqual(shape(b.frames), shape(a.frames));
});

test("lastEventId resumes after that event (exclusive)", async () => {
  const { thread_id, run_id } = await threadWithRun();
  const all = await readUntil(join(thread_id, { lastEventId: "-" }), isRunDone(run_id));
  const rest = await readUntil(join(thread_id, { lastEventId: all[2].id }), isRunDone(run_id));
  assert.deepEqual(rest, all.slice(3));
});

test("a live join (no lastEventId) gets every event of runs started after it, and nothing before", async () => {
  const { thread_id, run_id: before } = await threadWithRun();
  const { sdk: hooked, opened } = clientWithOpenHook();
  const connected = opened(`/threads/${thread_id}/stream`);
  let runId;
  const reading = readUntil((signal) => hooked.threads.joinStream(thread_id, { signal }),
    (p) => runId != null && isRunDone(runId)(p));
  await connected;
  const run = await sdk.runs.create(thread_id, "agent", { input: { items: ["in"] }, config: FAST });
  runId = run.run_id;
  const parts = await reading;
  assert.ok(parts.every((p) => p.data?.run_id !== before), "events of the earlier run leaked into a live join");
  assert.deepEqual(parts[0].data, { run_id: runId, attempt: 1 });
  // the second run appends to the first one's items
  assert.deepEqual(parts.slice(1, -1).map((p) => p.data.items), VALUES.map((items) => [...VALUES[3], ...items]));
  assertIncreasingIds(parts);
});

test("a joined stream carries a run's error event, then its run_done", async () => {
  const { thread_id } = await sdk.threads.create();
  let run_id;
  await sdk.runs.wait(thread_id, "agent", {
    input: { items: ["in"] }, config: { configurable: { delay_ms: 20, fail_at: "step2" } }, raiseError: false,
    onRunCreated: (m) => { run_id = m.run_id; },
  });
  const parts = await readUntil(join(thread_id, { lastEventId: "-" }), isRunDone(run_id));
  assert.deepEqual(names(parts), ["metadata", "values", "values", "error", "metadata"]);
  assert.match(parts[3].data.message, /boom in step2/);
});

test("deleting a joined thread ends its stream with a NotFoundError event", async () => {
  const { thread_id, run_id } = await threadWithRun();
  const parts = [];
  const ac = new AbortController();
  const reading = (async () => {
    for await (const p of sdk.threads.joinStream(thread_id, { lastEventId: "-", signal: ac.signal })) {
      parts.push(p);
      if (isRunDone(run_id)(p)) await sdk.threads.delete(thread_id);
    }
  })();
  const timer = setTimeout(() => ac.abort(), 10_000);
  try {
    await reading;
  } finally {
    clearTimeout(timer);
  }
  assert.equal(ac.signal.aborted, false, `the stream stayed open after the delete: ${names(parts)}`);
  assert.equal(parts.at(-1).event, "error");
  assert.equal(parts.at(-1).data.error, "NotFoundError");
  assert.ok(parts.slice(0, -1).every((p) => p.event !== "error"));
});

test("wire: text/event-stream, Location with the same query, ids on every event, heartbeat comments",
  async () => {
    const { thread_id, run_id } = await threadWithRun();
    const path = `/threads/${thread_id}/stream?stream_mode=lifecycle`;
    const { response, frames } = await readRawSse(path, {
      headers: { "Last-Event-ID": "-" }, ms: 12_000,
      stop: (f, all) => f.comment === "heartbeat" && all.some((x) => x.data?.status === "run_done"),
    });
    assert.match(response.headers.get("content-type"), /^text\/event-stream/);
    assert.equal(response.headers.get("location"), path);
    const events = frames.filter((f) => f.event);
    assert.deepEqual(events.map((f) => f.data), [{ run_id, attempt: 1 }, { status: "run_done", run_id }]);
    assert.ok(events.every((f) => /^\d+-\d+$/.test(f.id)), JSON.stringify(events));
  });
