// Human in the loop through the SDK: the hitl graph pauses in `ask`; the thread shows the interrupt; a run with
// command {resume} continues it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { client } from "../lib/server.mjs";
import { collect } from "../lib/streams.mjs";

const sdk = client();
const QUESTION = { question: "approve?", items_so_far: ["start", "prepare"] };

async function interruptedThread() {
  const { thread_id } = await sdk.threads.create();
  const parts = await collect(sdk.runs.stream(thread_id, "hitl", {
    input: { items: ["start"] }, streamMode: ["values", "updates"],
  }));
  return { thread_id, parts };
}

test("a run that hits interrupt() streams __interrupt__ and leaves the thread interrupted", async () => {
  const { thread_id, parts } = await interruptedThread();
  const interruptUpdate = parts.find((p) => p.event === "updates" && p.data.__interrupt__);
  assert.ok(interruptUpdate, `no __interrupt__ update: ${JSON.stringify(parts.map((p) => p.data))}`);
  assert.deepEqual(interruptUpdate.data.__interrupt__.map((i) => i.value), [QUESTION]);
  assert.equal(typeof interruptUpdate.data.__interrupt__[0].id, "string");
  const thread = await sdk.threads.get(thread_id);
  assert.equal(thread.status, "interrupted");
  assert.deepEqual(thread.values, { items: ["start", "prepare"] });
  assert.deepEqual(Object.values(thread.interrupts).flat().map((i) => i.value), [QUESTION]);
  const state = await sdk.threads.getState(thread_id);
  assert.deepEqual(state.next, ["ask"]);
  assert.deepEqual(state.tasks.map((t) => t.name), ["ask"]);
  assert.deepEqual(state.tasks[0].interrupts.map((i) => i.value), [QUESTION]);
  assert.deepEqual(state.interrupts?.map((i) => i.value), [QUESTION]);
});

test("command {resume} continues the paused graph with the answer", async () => {
  const { thread_id } = await interruptedThread();
  const values = await sdk.runs.wait(thread_id, "hitl", { command: { resume: { approved: true } } });
  assert.deepEqual(values, {
    items: ["start", "prepare", "ask", 'finish:{"approved":true}'], answer: { approved: true },
  });
  const thread = await sdk.threads.get(thread_id);
  assert.equal(thread.status, "idle");
  assert.deepEqual(thread.interrupts, {});
});

test("a resume via runs.stream streams the rest of the graph", async () => {
  const { thread_id } = await interruptedThread();
  const parts = await collect(sdk.runs.stream(thread_id, "hitl", {
    command: { resume: "yes" }, streamMode: ["updates"],
  }));
  assert.deepEqual(parts.map((p) => p.event === "updates" ? p.data : p.event), [
    "metadata",
    { ask: { items: ["ask"], answer: "yes" } },
    { finish: { items: ['finish:"yes"'] } },
  ]);
});

test("a breakpoint pause streams an empty __interrupt__ in updates and values (useStream's `breakpoint`)", async () => {
  const { thread_id } = await sdk.threads.create();
  const parts = await collect(sdk.runs.stream(thread_id, "agent", {
    input: { items: ["b"] }, interruptBefore: ["step2"], streamMode: ["values", "updates"],
    config: { configurable: { delay_ms: 10 } },
  }));
  assert.deepEqual(parts.slice(-2).map((p) => [p.event, p.data]),
    [["updates", { __interrupt__: [] }], ["values", { __interrupt__: [] }]]);
});

test("a resume naming the head checkpoint goes on from it without a fork checkpoint", async () => {
  const { thread_id } = await interruptedThread();
  const head = await sdk.threads.getState(thread_id);
  const values = await sdk.runs.wait(thread_id, "hitl", {
    command: { resume: "ok" }, checkpoint: { checkpoint_id: head.checkpoint.checkpoint_id },
  });
  assert.equal(values.items.at(-1), 'finish:"ok"');
  const history = await sdk.threads.getHistory(thread_id, { limit: 100 });
  assert.deepEqual(history.filter((s) => s.metadata.source === "fork"), []);
  assert.equal(history[1].parent_checkpoint.checkpoint_id, head.checkpoint.checkpoint_id);
});

test("command {update} on an idle thread is applied as its new state (no node runs)", async () => {
  const { thread_id } = await sdk.threads.create();
  await sdk.runs.wait(thread_id, "agent", { input: { items: ["i"] }, config: { configurable: { delay_ms: 10 } } });
  const values = await sdk.runs.wait(thread_id, "agent", { command: { update: { items: ["u"] } } });
  assert.deepEqual(values, { items: ["i", "step1", "step2", "step3", "u"] });
  const state = await sdk.threads.getState(thread_id);
  assert.deepEqual(state.values, values);
  assert.deepEqual(state.next, []);
});
