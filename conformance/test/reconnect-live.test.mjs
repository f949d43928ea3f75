// Reconnecting while events are still being produced: after the SDK's automatic reconnect (Location +
// Last-Event-ID), Spool hands the resumed connection over from its log to the live tail without a gap or a
// duplicate. (Cuts replayed entirely from the log: reconnect.test.mjs.)
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { client, SPOOL_URL } from "../lib/server.mjs";
import { insideEvent, withCuttingProxy } from "../lib/proxy.mjs";
import { assertIncreasingIds, collect, isRunDone, readUntil } from "../lib/streams.mjs";

const direct = client();
const emittedAt = (part) => Number(part.id.split("-")[0]);

describe("reconnect during a live run", { concurrency: true }, () => {
  test("runs.stream cut in step1: the resumed stream follows the run live to its end", async () => {
    const { thread_id } = await direct.threads.create();
    const streamPath = `/threads/${thread_id}/runs/stream`;
    // cut inside step1's first custom event; each node then sleeps 1.5 s, the SDK reconnects after 1-2 s
    const cut = { target: SPOOL_URL, match: (r) => r.path === streamPath, cutAt: insideEvent(2) };
    await withCuttingProxy(cut, async (proxy, sdk) => {
      let run_id;
      const parts = await collect(sdk.runs.stream(thread_id, "agent", {
        input: { items: ["in"] }, streamMode: ["updates", "custom"], config: { configurable: { delay_ms: 1500 } },
        onRunCreated: (m) => { run_id = m.run_id; },
      }));
      const resume = proxy.requests.find((r) => r.path === `/threads/${thread_id}/runs/${run_id}/stream`);
      assert.ok(resume, JSON.stringify(proxy.requests));
      assert.equal(resume.lastEventId, parts[0].id, "resumed after the start marker");
      // timing, not logic: fails only if the SDK took longer to reconnect than the run's remaining ~4 s
      assert.ok(emittedAt(parts.at(-1)) > resume.at,
        `the run ended before the reconnect, nothing was live: ${JSON.stringify(proxy.requests)}`);
      const replay = await collect(direct.runs.joinStream(thread_id, run_id, { lastEventId: "-1" }));
      assert.deepEqual(parts, replay);
      assert.equal(parts.filter((p) => p.event === "updates").length, 3);
      assertIncreasingIds(parts);
    });
  });

  test("threads.joinStream cut in one run: the resumed stream gets the rest, then a run started after it", async () => {
    const { thread_id } = await direct.threads.create();
    const path = `/threads/${thread_id}/stream`;
    const cut = { target: SPOOL_URL, match: (r) => r.path.startsWith(path), cutAt: insideEvent(2) };
    await withCuttingProxy(cut, async (proxy, sdk) => {
      let second;
      const reading = readUntil((signal) => sdk.threads.joinStream(thread_id, { lastEventId: "-", signal }),
        (p) => second != null && isRunDone(second)(p));
      const fast = { input: { items: ["in"] }, streamMode: ["custom"], config: { configurable: { delay_ms: 20 } } };
      const first = (await direct.runs.create(thread_id, "agent", fast)).run_id;
      // the second run starts only once the SDK has reconnected: its events can only arrive live
      const resume = await proxy.request((r) => r.path.startsWith(path) && !r.cut);
      second = (await direct.runs.create(thread_id, "agent", fast)).run_id;
      const parts = await reading;
      assert.equal(proxy.requests.filter((r) => r.path.startsWith(path)).length, 2, "one reconnect");
      assert.equal(resume.lastEventId, parts[0].id, "resumed after the first run's start marker");
      const markers = parts.filter((p) => p.event === "metadata").map((p) => p.data);
      assert.deepEqual(markers, [
        { run_id: first, attempt: 1 }, { status: "run_done", run_id: first },
        { run_id: second, attempt: 1 }, { status: "run_done", run_id: second },
      ]);
      assert.equal(parts.filter((p) => p.event === "custom").length, 12);
      const replay = await readUntil((signal) => direct.threads.joinStream(thread_id, { lastEventId: "-", signal }),
        isRunDone(second));
      assert.deepEqual(parts, replay);
      assertIncreasingIds(parts);
    });
  });
});
