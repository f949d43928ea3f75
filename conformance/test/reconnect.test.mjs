// Reconnecting like a real client: a TCP proxy between the SDK and Spool cuts a stream's connection in the middle
// of an event; the SDK reconnects on its own to the response's Location with Last-Event-ID, and the application
// still receives every event exactly once, in order: the same events a direct replay gives afterwards.
// (Cuts while a run is still producing events: reconnect-live.test.mjs.)
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { client, SPOOL_URL } from "../lib/server.mjs";
import { insideEvent, withCuttingProxy } from "../lib/proxy.mjs";
import { assertIncreasingIds, collect, isRunDone, readUntil } from "../lib/streams.mjs";

const direct = client();
const COUNT = 1000;
const burst = { input: {}, streamMode: "custom", config: { configurable: { count: COUNT } } };
const indexes = (parts) => parts.filter((p) => p.event === "custom").map((p) => p.data.i);

/** A thread with a finished burst run; returns ids. */
async function finishedBurst() {
  const { thread_id } = await direct.threads.create();
  const { run_id } = await direct.runs.create(thread_id, "burst", burst);
  await direct.runs.join(thread_id, run_id);
  return { thread_id, run_id };
}

// These tests mostly wait out the SDK's reconnect backoff (1-2 s): they run side by side.
describe("reconnect after a cut, replaying from the log", { concurrency: true }, () => {
  test("runs.stream: reconnects to Location with Last-Event-ID; every event once, in order", async () => {
    const { thread_id } = await direct.threads.create();
    const streamPath = `/threads/${thread_id}/runs/stream`;
    const cut = { target: SPOOL_URL, match: (r) => r.path === streamPath, cutAt: insideEvent(400) };
    await withCuttingProxy(cut, async (proxy, sdk) => {
      let run_id;
      const parts = await collect(sdk.runs.stream(thread_id, "burst", {
        ...burst, onRunCreated: (m) => { run_id = m.run_id; },
      }));
      const [first, ...rest] = proxy.requests.filter((r) => r.path.includes("/stream"));
      assert.ok(first.cut && first.method === "POST" && first.path === streamPath);
      assert.deepEqual(rest.map((r) => [r.method, r.path]), [["GET", `/threads/${thread_id}/runs/${run_id}/stream`]]);
      assert.equal(rest[0].lastEventId, parts[398].id, "resumed after the last complete event (the 399th)");
      assert.equal(parts[0].event, "metadata");
      assert.deepEqual(indexes(parts), [...Array(COUNT).keys()]);
      assertIncreasingIds(parts);
      const replay = await collect(direct.runs.joinStream(thread_id, run_id, { lastEventId: "-1" }));
      assert.deepEqual(parts.map((p) => p.id), replay.map((p) => p.id));
      assert.deepEqual(parts, replay);
    });
  });

  test("runs.joinStream cut twice: each reconnect resumes where the previous connection stopped", async () => {
    const { thread_id, run_id } = await finishedBurst();
    const path = `/threads/${thread_id}/runs/${run_id}/stream`;
    const cut = { target: SPOOL_URL, match: (r) => r.path.startsWith(path), cutAt: insideEvent(300), cuts: 2 };
    await withCuttingProxy(cut, async (proxy, sdk) => {
      const parts = await collect(sdk.runs.joinStream(thread_id, run_id, { lastEventId: "-1" }));
      const streams = proxy.requests.filter((r) => r.path.startsWith(path));
      assert.deepEqual(streams.map((r) => r.cut), [true, true, false]);
      assert.deepEqual(streams.map((r) => r.lastEventId), ["-1", parts[298].id, parts[298 + 299].id]);
      assert.deepEqual(indexes(parts), [...Array(COUNT).keys()]);
      const replay = await collect(direct.runs.joinStream(thread_id, run_id, { lastEventId: "-1" }));
      assert.deepEqual(parts, replay);
    });
  });

  test("threads.joinStream: reconnects to Location (query kept, not repeated) and misses nothing", async () => {
    const { thread_id, run_id } = await finishedBurst();
    const path = `/threads/${thread_id}/stream`;
    const cut = { target: SPOOL_URL, match: (r) => r.path.startsWith(path), cutAt: insideEvent(500) };
    await withCuttingProxy(cut, async (proxy, sdk) => {
      // the deadline covers 1000 events and the SDK's reconnect backoff on a loaded machine (load 8 on 2 cores
      // took the default 15 s); a thread stream never ends by itself, so it is the only bound of this read
      const parts = await readUntil((signal) => sdk.threads.joinStream(thread_id, {
        lastEventId: "-", streamMode: "run_modes", signal,
      }), isRunDone(run_id), 60_000);
      const streams = proxy.requests.filter((r) => r.path.startsWith(path));
      assert.deepEqual(streams.map((r) => [r.path, r.lastEventId, r.cut]), [
        [`${path}?stream_mode=run_modes`, "-", true],
        [`${path}?stream_mode=run_modes`, parts[498].id, false],
      ]);
      assert.deepEqual(indexes(parts), [...Array(COUNT).keys()]);
      assertIncreasingIds(parts);
      const replay = await readUntil((signal) => direct.threads.joinStream(thread_id, { lastEventId: "-", signal }),
        isRunDone(run_id));
      assert.deepEqual(parts, replay);
    });
  });

  test("runs.stream cut inside the first event: the SDK reconnects without Last-Event-ID; nothing is lost", async () => {
    const { thread_id } = await direct.threads.create();
    const streamPath = `/threads/${thread_id}/runs/stream`;
    const cut = { target: SPOOL_URL, match: (r) => r.path === streamPath, cutAt: insideEvent(1) };
    await withCuttingProxy(cut, async (proxy, sdk) => {
      let run_id;
      const parts = await collect(sdk.runs.stream(thread_id, "burst", {
        ...burst, onRunCreated: (m) => { run_id = m.run_id; },
      }));
      const replay = await collect(direct.runs.joinStream(thread_id, run_id, { lastEventId: "-1" }));
      assert.equal(parts.length, replay.length, `got ${parts.length} of ${replay.length} events`);
      assert.deepEqual(parts, replay);
    });
  });

  test("stateless runs.stream (no thread) cut mid-way: reconnects and gets every event", async () => {
    const cut = { target: SPOOL_URL, match: (r) => r.path === "/runs/stream", cutAt: insideEvent(300) };
    await withCuttingProxy(cut, async (proxy, sdk) => {
      const parts = await collect(sdk.runs.stream(null, "burst", burst));
      assert.ok(proxy.cutCount() === 1);
      assert.deepEqual(indexes(parts), [...Array(COUNT).keys()]);
    });
  });
});
