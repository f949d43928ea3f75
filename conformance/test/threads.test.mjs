// Threads through the SDK: create, get, search, update, delete, state (read and update), history, copy, TTLs.
import { test } from "node:test";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { client, FAST } from "../lib/server.mjs";
import { rejectsWithStatus } from "../lib/errors.mjs";
import { isRunDone } from "../lib/streams.mjs";

const sdk = client();
const suite = randomUUID(); // tags this file's threads, so searches ignore threads of other test files

test("threads.create returns an idle thread with its metadata; threads.get reads it back", async () => {
  const thread = await sdk.threads.create({ metadata: { suite, name: "create" } });
  assert.match(thread.thread_id, /^[0-9a-f-]{36}$/);
  assert.equal(thread.status, "idle");
  assert.equal(thread.metadata.suite, suite);
  assert.ok(!Number.isNaN(Date.parse(thread.created_at)));
  const read = await sdk.threads.get(thread.thread_id);
  assert.equal(read.thread_id, thread.thread_id);
  assert.deepEqual(read.metadata, thread.metadata);
  assert.equal(read.status, "idle");
});

test("threads.create with a given id; ifExists raise → 409, do_nothing → the existing thread", async () => {
  const threadId = randomUUID();
  const thread = await sdk.threads.create({ threadId, metadata: { suite, v: 1 } });
  assert.equal(thread.thread_id, threadId);
  await rejectsWithStatus(sdk.threads.create({ threadId, ifExists: "raise" }), 409, new RegExp(threadId));
  const again = await sdk.threads.create({ threadId, ifExists: "do_nothing", metadata: { suite, v: 2 } });
  assert.equal(again.metadata.v, 1);
});

test("threads.search filters by metadata and ids, and pages", async () => {
  const tag = randomUUID();
  const made = [];
  for (let i = 0; i < 3; i++) made.push((await sdk.threads.create({ metadata: { suite, tag, i } })).thread_id);
  const byTag = await sdk.threads.search({ metadata: { tag }, limit: 10 });
  assert.deepEqual(byTag.map((t) => t.thread_id).sort(), [...made].sort());
  const one = await sdk.threads.search({ metadata: { tag, i: 1 } });
  assert.deepEqual(one.map((t) => t.thread_id), [made[1]]);
  const byIds = await sdk.threads.search({ ids: [made[0], made[2]] });
  assert.deepEqual(byIds.map((t) => t.thread_id).sort(), [made[0], made[2]].sort());
  const page1 = await sdk.threads.search({ metadata: { tag }, limit: 2, offset: 0 });
  const page2 = await sdk.threads.search({ metadata: { tag }, limit: 2, offset: 2 });
  assert.equal(page1.length, 2);
  assert.equal(page2.length, 1);
  assert.deepEqual([...page1, ...page2].map((t) => t.thread_id).sort(), [...made].sort());
  assert.equal(await sdk.threads.count({ metadata: { tag } }), 3);
  const idle = await sdk.threads.search({ metadata: { tag }, status: "idle" });
  assert.equal(idle.length, 3);
});

test("threads.update merges metadata", async () => {
  const thread = await sdk.threads.create({ metadata: { suite, keep: "yes", change: 1 } });
  const updated = await sdk.threads.update(thread.thread_id, { metadata: { change: 2, added: true } });
  assert.deepEqual(updated.metadata, { suite, keep: "yes", change: 2, added: true });
  assert.deepEqual((await sdk.threads.get(thread.thread_id)).metadata, updated.metadata);
});

test("threads.delete removes the thread: get → 404", async () => {
  const thread = await sdk.threads.create({ metadata: { suite } });
  assert.equal(await sdk.threads.delete(thread.thread_id), undefined); // 204, no body
  await rejectsWithStatus(sdk.threads.get(thread.thread_id), 404, new RegExp(thread.thread_id));
  await rejectsWithStatus(sdk.threads.delete(thread.thread_id), 404);
});

test("threads.create / threads.update take a ttl; threads.get with include ['ttl'] shows it", async () => {
  const thread = await sdk.threads.create({ metadata: { suite }, ttl: 60 }); // the SDK sends {ttl: 60, strategy: "delete"}
  assert.equal((await sdk.threads.get(thread.thread_id)).ttl, undefined, "only shown when asked for");
  const read = await sdk.threads.get(thread.thread_id, { include: ["ttl"] });
  assert.equal(read.ttl.strategy, "delete");
  assert.equal(read.ttl.ttl_minutes, 60);
  assert.equal(Date.parse(read.ttl.expires_at) - Date.parse(read.updated_at), 60 * 60_000);

  await sdk.threads.update(thread.thread_id, { ttl: { ttl: 1.5, strategy: "keep_latest" } });
  const updated = await sdk.threads.get(thread.thread_id, { include: ["ttl"] });
  assert.equal(updated.ttl.strategy, "keep_latest");
  assert.equal(updated.ttl.ttl_minutes, 1.5);
  assert.equal(await sdk.threads.update(thread.thread_id, { ttl: 5, returnMinimal: true }), undefined); // 204

  await rejectsWithStatus(sdk.threads.create({ ttl: { ttl: -1 } }), 422, /'ttl/);
  await rejectsWithStatus(sdk.threads.update(thread.thread_id, { ttl: { ttl: 5, strategy: "archive" } }), 422,
    /'ttl\.strategy'/);
});

test("a thread whose ttl runs out is deleted as by threads.delete: its joined stream ends with NotFoundError",
  async () => {
    const { thread_id } = await sdk.threads.create({ metadata: { suite } });
    await sdk.runs.wait(thread_id, "agent", { input: { items: ["in"] }, config: FAST });
    const parts = [];
    const ac = new AbortController();
    const timer = setTimeout(() => ac.abort(), 15_000);
    try {
      for await (const p of sdk.threads.joinStream(thread_id, { lastEventId: "-", signal: ac.signal })) {
        parts.push(p);
        // one second from now (run.sh has the server sweep every 0.2 s)
        if (isRunDone()(p)) await sdk.threads.update(thread_id, { ttl: { ttl: 1 / 60, strategy: "delete" } });
      }
    } finally {
      clearTimeout(timer);
    }
    assert.equal(ac.signal.aborted, false, `the stream stayed open: ${parts.map((p) => p.event)}`);
    assert.equal(parts.at(-1).event, "error");
    assert.equal(parts.at(-1).data.error, "NotFoundError");
    await rejectsWithStatus(sdk.threads.get(thread_id), 404);
  });

test("threads.getState: empty before any run, the final values after one", async () => {
  const thread = await sdk.threads.create({ metadata: { suite } });
  const empty = await sdk.threads.getState(thread.thread_id);
  assert.deepEqual(empty.values, {});
  assert.deepEqual(empty.next, []);
  await sdk.runs.wait(thread.thread_id, "agent", { input: { items: ["in"] }, config: FAST });
  const state = await sdk.threads.getState(thread.thread_id);
  assert.deepEqual(state.values, { items: ["in", "step1", "step2", "step3"] });
  assert.deepEqual(state.next, []);
  assert.equal(state.checkpoint.thread_id, thread.thread_id);
  assert.equal(typeof state.checkpoint.checkpoint_id, "string");
  assert.ok(state.created_at);
  const read = await sdk.threads.get(thread.thread_id);
  assert.equal(read.status, "idle");
  assert.deepEqual(read.values, state.values);
  assert.equal(read.metadata.graph_id, "agent");
});

test("threads.updateState writes a new checkpoint that getState then shows", async () => {
  const thread = await sdk.threads.create({ metadata: { suite } });
  await sdk.runs.wait(thread.thread_id, "agent", { input: { items: ["in"] }, config: FAST });
  const before = await sdk.threads.getState(thread.thread_id);
  const result = await sdk.threads.updateState(thread.thread_id, { values: { items: ["edited"] }, asNode: "step3" });
  assert.equal(result.checkpoint.thread_id, thread.thread_id);
  assert.notEqual(result.checkpoint.checkpoint_id, before.checkpoint.checkpoint_id);
  const after = await sdk.threads.getState(thread.thread_id);
  assert.equal(after.checkpoint.checkpoint_id, result.checkpoint.checkpoint_id);
  // items is an append channel: the update goes through the graph's reducer
  assert.deepEqual(after.values.items, ["in", "step1", "step2", "step3", "edited"]);
  assert.equal(after.parent_checkpoint?.checkpoint_id, before.checkpoint.checkpoint_id);
});

test("threads.getHistory lists checkpoints newest first", async () => {
  const thread = await sdk.threads.create({ metadata: { suite } });
  await sdk.runs.wait(thread.thread_id, "agent", { input: { items: ["in"] }, config: FAST });
  const history = await sdk.threads.getHistory(thread.thread_id, { limit: 10 });
  assert.ok(history.length >= 4, `${history.length} checkpoints`);
  assert.deepEqual(history[0].values, { items: ["in", "step1", "step2", "step3"] });
  const latest = await sdk.threads.getState(thread.thread_id);
  assert.equal(history[0].checkpoint.checkpoint_id, latest.checkpoint.checkpoint_id);
  const sizes = history.map((h) => h.values.items?.length ?? 0);
  assert.deepEqual(sizes, [...sizes].sort((x, y) => y - x), "newest first");
  const two = await sdk.threads.getHistory(thread.thread_id, { limit: 2 });
  assert.deepEqual(two, history.slice(0, 2));
  const next = await sdk.threads.getHistory(thread.thread_id, { limit: 2, before: two[1].checkpoint });
  assert.deepEqual(next, history.slice(2, 4), "paging with before");
});

test("threads.copy makes an idle thread with the same state, naming the copy in its config and checkpoints",
  async () => {
    const thread = await sdk.threads.create({ metadata: { suite } });
    await sdk.runs.wait(thread.thread_id, "agent", { input: { items: ["in"] }, config: FAST });
    const copy = await sdk.threads.copy(thread.thread_id);
    assert.notEqual(copy.thread_id, thread.thread_id);
    assert.equal(copy.status, "idle");
    assert.equal(copy.config.configurable.thread_id, copy.thread_id);
    const state = await sdk.threads.getState(copy.thread_id);
    assert.deepEqual(state.values, { items: ["in", "step1", "step2", "step3"] });
    const history = await sdk.threads.getHistory(copy.thread_id, { limit: 100 });
    assert.ok(!JSON.stringify([copy, state, history]).includes(thread.thread_id), "the source's id is nowhere");
    assert.ok(history.every((h) => h.checkpoint.thread_id === copy.thread_id
      && h.metadata.thread_id === copy.thread_id));
  });

test("threads.create with supersteps applies them as state updates", async () => {
    const thread = await sdk.threads.create({
      metadata: { suite }, graphId: "agent",
      supersteps: [{ updates: [{ values: { items: ["seeded"] }, asNode: "step1" }] }],
    });
    const state = await sdk.threads.getState(thread.thread_id);
    assert.deepEqual(state.values, { items: ["seeded"] });
  });

test("threads.create with supersteps as __input__ then __start__ (the official clients' seeding)", async () => {
    const thread = await sdk.threads.create({
      metadata: { suite }, graphId: "agent",
      supersteps: [
        { updates: [{ values: {}, asNode: "__input__" }] },
        { updates: [{ values: { items: ["hello"] }, asNode: "__start__" }] },
      ],
    });
    const history = await sdk.threads.getHistory(thread.thread_id, { limit: 10 });
    assert.deepEqual(history.map((h) => [h.metadata.source, h.next]), [["update", ["step1"]], ["input", ["__start__"]]]);
    assert.deepEqual(history[0].values, { items: ["hello"] });
  });
