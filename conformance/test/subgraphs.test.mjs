// Subgraphs through the SDK, on the research graph (plan → research → report, research a compiled graph
// search → summarize run as a node): runs.stream with and without streamSubgraphs, runs.joinStream narrowed to a
// mode, a pause inside the subgraph seen with getState({subgraphs: true}) and resumed, assistants.getSubgraphs.
import { test } from "node:test";
import assert from "node:assert/strict";
import { client } from "../lib/server.mjs";
import { collect, names } from "../lib/streams.mjs";

const sdk = client();
const INPUT = { topic: "graphs" };
const SUMMARY = "Found two facts about graphs.";
const MODES = ["updates", "custom", "messages-tuple"];

async function streamResearch(options) {
  const { thread_id } = await sdk.threads.create();
  let created;
  const parts = await collect(sdk.runs.stream(thread_id, "research", {
    input: INPUT, streamMode: MODES, onRunCreated: (m) => { created = m; }, ...options,
  }));
  return { thread_id, run_id: created?.run_id, parts };
}

/** `research:<task id>`, the task id being the one the state before research lists for it. */
async function researchNamespace(threadId) {
  const history = await sdk.threads.getHistory(threadId, { limit: 100 });
  const before = history.find((s) => s.next.length === 1 && s.next[0] === "research");
  return `research:${before.tasks[0].id}`;
}

test("runs.stream without streamSubgraphs: only the root graph's events, plain names", async () => {
  const { parts } = await streamResearch({});
  assert.deepEqual(names(parts), ["metadata", "updates", "messages", "updates", "updates"]);
  const updates = parts.filter((p) => p.event === "updates");
  assert.deepEqual(updates.map((p) => Object.keys(p.data)), [["plan"], ["research"], ["report"]]);
  assert.equal(updates[1].data.research.summary, SUMMARY, "the subgraph's final state is research's update");
  const [message, metadata] = parts[2].data;
  assert.equal(message.content, SUMMARY, "the message the subgraph added comes whole when research returns");
  assert.equal(metadata.langgraph_node, "research");
});

test("runs.stream with streamSubgraphs: the subgraph's events are named <mode>|research:<task id>", async () => {
  const { thread_id, parts } = await streamResearch({ streamSubgraphs: true });
  const ns = await researchNamespace(thread_id);
  assert.deepEqual(names(parts), [
    "metadata", "updates",
    `custom|${ns}`, `updates|${ns}`, ...Array(5).fill(`messages|${ns}`), `updates|${ns}`,
    "updates", "updates",
  ]);
  assert.deepEqual(parts[2].data, { searching: "graphs" });
  assert.deepEqual(parts[3].data, { search: { findings: ["graphs has nodes", "graphs has edges"] } });
  const chunks = parts.filter((p) => p.event.startsWith("messages|"));
  assert.equal(chunks.map((p) => p.data[0].content).join(""), SUMMARY);
  for (const { data: [, metadata] } of chunks) {
    assert.equal(metadata.langgraph_node, "summarize");
    assert.ok(metadata.langgraph_checkpoint_ns.startsWith(`${ns}|summarize:`), metadata.langgraph_checkpoint_ns);
  }
});

test("runs.joinStream narrowed to one mode keeps that mode's subgraph events", async () => {
  const { thread_id, run_id, parts } = await streamResearch({ streamSubgraphs: true });
  const joined = await collect(sdk.runs.joinStream(thread_id, run_id, { lastEventId: "-1", streamMode: "updates" }));
  const expected = parts.filter((p) => p.event === "metadata" || p.event.split("|")[0] === "updates");
  assert.deepEqual(joined.map((p) => [p.event, p.data]), expected.map((p) => [p.event, p.data]));
  assert.ok(joined.some((p) => p.event.startsWith("updates|research:")), names(joined).join(","));
});

test("a pause inside the subgraph: getState({subgraphs: true}) shows its state; the resume goes on there", async () => {
  const config = { configurable: { review: true } };
  const { thread_id, parts } = await streamResearch({ streamSubgraphs: true, config });
  const ns = await researchNamespace(thread_id);
  const [pending] = parts.at(-1).data.__interrupt__;
  assert.deepEqual(pending.value, { question: "keep these findings?", findings: ["graphs has nodes", "graphs has edges"] });

  const state = await sdk.threads.getState(thread_id);
  assert.deepEqual(state.next, ["research"]);
  assert.deepEqual(state.tasks[0].state, { configurable: { thread_id, checkpoint_ns: ns } });
  assert.deepEqual(Object.keys((await sdk.threads.get(thread_id)).interrupts), [state.tasks[0].id]);

  const deep = await sdk.threads.getState(thread_id, undefined, { subgraphs: true });
  const inside = deep.tasks[0].state;
  assert.deepEqual(inside.next, ["summarize"]);
  assert.deepEqual(inside.values.findings, ["graphs has nodes", "graphs has edges"]);
  assert.equal(inside.checkpoint.checkpoint_ns, ns);
  assert.deepEqual(inside.tasks[0].interrupts.map((i) => i.id), [pending.id]);

  const resumed = await collect(sdk.runs.stream(thread_id, "research", {
    command: { resume: "keep" }, streamMode: MODES, streamSubgraphs: true, config,
  }));
  assert.ok(!names(resumed).some((n) => n.startsWith("custom|")), `search ran again: ${names(resumed)}`);
  const done = await sdk.threads.getState(thread_id);
  assert.deepEqual(done.next, []);
  assert.equal(done.values.review, "keep");
  assert.equal(done.values.report, `Report on graphs: ${SUMMARY}`);
});

test("assistants.getSubgraphs lists the research subgraph's schemas", async () => {
  for (const options of [{}, { recurse: true }, { namespace: "research" }]) {
    const subgraphs = await sdk.assistants.getSubgraphs("research", options);
    assert.deepEqual(Object.keys(subgraphs), ["research"], JSON.stringify(options));
    assert.deepEqual(Object.keys(subgraphs.research).sort(),
      ["config_schema", "context_schema", "input_schema", "output_schema", "state_schema"]);
  }
  assert.deepEqual(await sdk.assistants.getSubgraphs("agent"), {});
});
