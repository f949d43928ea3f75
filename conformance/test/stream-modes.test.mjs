// The stream modes runs-stream.test.mjs does not cover, through runs.stream: debug, tasks, checkpoints, legacy
// messages (messages/metadata, messages/partial, messages/complete), events (LangChain astream_events records), every
// mode at once, and runs.joinStream narrowed to some of them.
import { test } from "node:test";
import assert from "node:assert/strict";
import { client } from "../lib/server.mjs";
import { assertIncreasingIds, collect, isRunDone, names, readUntil, summary } from "../lib/streams.mjs";

const sdk = client();
const FAST = { configurable: { delay_ms: 10 } };
const STEPS = ["step1", "step2", "step3"];
const REPLY = "Hello from the fake model!";
const QUESTION = { question: "approve?", items_so_far: ["s", "prepare"] };
const INPUTS = {
  agent: { items: ["in"] },
  chat: { messages: [{ role: "user", content: "hi" }] },
  hitl: { items: ["s"] },
};
const ALL_MODES = ["values", "updates", "custom", "messages-tuple", "messages", "debug", "tasks", "checkpoints",
  "events"];
/** The keys of a `checkpoints` event, and of a `debug` checkpoint payload without its checkpoint/parent_checkpoint. */
const CHECKPOINT_KEYS = ["config", "parent_config", "values", "metadata", "next", "tasks"];

/**
 * Streams a run of `graph` on a new thread to its end. Checks the start marker `{run_id, attempt: 1}` (run id from
 * Content-Location) and the event ids, and waits for the run to be done; `rest` is everything after the marker.
 */
async function run(graph, streamMode, { input = INPUTS[graph], config = FAST } = {}) {
  const { thread_id } = await sdk.threads.create();
  let created;
  const parts = await collect(sdk.runs.stream(thread_id, graph, {
    input, config, streamMode, onRunCreated: (m) => { created = m; },
  }));
  const run_id = created?.run_id;
  assert.ok(run_id, "onRunCreated was called (Content-Location)");
  assert.equal(parts[0]?.event, "metadata", summary(parts));
  assert.deepEqual(parts[0].data, { run_id, attempt: 1 });
  assertIncreasingIds(parts);
  await sdk.runs.join(thread_id, run_id); // the run is finished (status, thread) before the test reads it
  return { thread_id, run_id, parts, rest: parts.slice(1) };
}

/** The thread's checkpoints oldest first (history is newest first). */
async function historyOldestFirst(threadId) {
  return (await sdk.threads.getHistory(threadId, { limit: 100 })).reverse();
}

/** `items` of the agent graph's state once `k` steps ran. */
const itemsAfter = (k) => ["in", ...STEPS.slice(0, k)];

const checkpointIdOf = (config) => config?.configurable?.checkpoint_id;
const idAndName = (tasks) => tasks.map(({ id, name }) => ({ id, name }));

/**
 * A task start payload (tasks mode, debug `task`) without its `id` and without `metadata`, a Spool extra
 * (`{graph_id, assistant_id, run_attempt, thread_id, run_id}`) that is checked here and then set aside.
 */
function startWithoutIdAndExtras(data, ctx) {
  const { id, metadata, ...rest } = data;
  assert.equal(typeof id, "string", JSON.stringify(data));
  assert.ok(id.length > 0, JSON.stringify(data));
  if (metadata !== undefined) {
    assert.equal(metadata.run_id, ctx.run_id, JSON.stringify(data));
    assert.equal(metadata.thread_id, ctx.thread_id, JSON.stringify(data));
  }
  return rest;
}

/** The agent graph's task start of `node` as Spool sends it, without id and extras. */
const agentStart = (node) => ({
  name: node, input: { items: itemsAfter(STEPS.indexOf(node)) }, triggers: [`branch:to:${node}`], interrupts: [],
});

/** A short label per part: `<event> <what>`, for order checks. */
function label(p) {
  const d = p.data;
  switch (p.event) {
    case "debug": return `debug ${d.type} ${d.step}`;
    case "tasks": return `tasks ${d.name} ${"input" in d ? "start" : "result"}`;
    case "checkpoints": return `checkpoints ${d.metadata.step}`;
    case "custom": return `custom ${d.node}:${d.phase}`;
    case "updates": return `updates ${Object.keys(d).join(",")}`;
    default: return p.event;
  }
}

// --- debug ---

test("debug: {step, type, timestamp, payload} events: checkpoint, task, task_result, step by step", async () => {
  const ctx = await run("agent", "debug");
  const { rest } = ctx;
  assert.ok(rest.every((p) => p.event === "debug"), names(rest).join(","));
  for (const { data } of rest) {
    assert.deepEqual(Object.keys(data).sort(), ["payload", "step", "timestamp", "type"], JSON.stringify(data));
    assert.ok(!Number.isNaN(Date.parse(data.timestamp)), `timestamp ${data.timestamp}`);
  }
  assert.deepEqual(rest.map((p) => `${p.data.type} ${p.data.step}`), [
    "checkpoint -1", "checkpoint 0",
    "task 1", "task_result 1", "checkpoint 1",
    "task 2", "task_result 2", "checkpoint 2",
    "task 3", "task_result 3", "checkpoint 3",
  ]);

  const starts = new Map();
  for (const { data: { type, step, payload } } of rest) {
    if (type === "checkpoint") continue;
    const node = `step${step}`;
    if (type === "task") {
      assert.deepEqual(startWithoutIdAndExtras(payload, ctx), agentStart(node));
      starts.set(node, payload.id);
    } else {
      assert.deepEqual(payload, {
        id: starts.get(node), name: node, result: { items: [node] }, interrupts: [], error: null,
      }, "a task_result has its task's id and the node's update as {channel: value}");
    }
  }
  assert.equal(new Set(starts.values()).size, 3, "one id per task");
});

test("debug: checkpoint payloads are the thread's checkpoints (history newest-last), with checkpoint and parent_checkpoint", async () => {
  const { thread_id, rest } = await run("agent", "debug");
  const payloads = rest.filter((p) => p.data.type === "checkpoint").map((p) => [p.data.step, p.data.payload]);
  const history = await historyOldestFirst(thread_id);
  assert.equal(payloads.length, history.length, `${payloads.length} checkpoint events, ${history.length} in history`);
  payloads.forEach(([step, p], i) => {
    const h = history[i];
    const at = `checkpoint ${i}: ${JSON.stringify(p)}`;
    assert.deepEqual(Object.keys(p).sort(), [...CHECKPOINT_KEYS, "checkpoint", "parent_checkpoint"].sort(), at);
    assert.equal(step, p.metadata.step, at);
    assert.equal(step, i - 1, at);
    assert.equal(p.config.configurable.thread_id, thread_id, at);
    assert.equal(checkpointIdOf(p.config), h.checkpoint.checkpoint_id, at);
    assert.deepEqual(p.checkpoint, h.checkpoint, at);
    assert.deepEqual(p.parent_checkpoint, h.parent_checkpoint ?? null, at);
    if (i === 0) {
      assert.equal(p.parent_config, null, at);
      assert.equal(p.parent_checkpoint, null, at);
    } else {
      assert.equal(checkpointIdOf(p.parent_config), checkpointIdOf(payloads[i - 1][1].config), at);
      assert.equal(p.parent_checkpoint.checkpoint_id, checkpointIdOf(p.parent_config), at);
    }
    assert.deepEqual(p.values, h.values, at);
    assert.deepEqual(p.values, { items: i === 0 ? [] : itemsAfter(i - 1) }, at);
    assert.deepEqual(p.metadata, h.metadata, at);
    assert.deepEqual(p.next, h.next, at);
    assert.deepEqual(idAndName(p.tasks), idAndName(h.tasks), at);
  });
  assert.deepEqual(payloads.map(([, p]) => p.metadata.source), ["input", "loop", "loop", "loop", "loop"]);
  assert.deepEqual(payloads.map(([, p]) => p.next), [["__start__"], ["step1"], ["step2"], ["step3"], []]);
});

// --- tasks ---

test("tasks: a start {id, name, input, triggers, interrupts} and a result {id, name, result, interrupts} per node", async () => {
  const ctx = await run("agent", "tasks");
  const { rest } = ctx;
  assert.ok(rest.every((p) => p.event === "tasks"), names(rest).join(","));
  assert.deepEqual(rest.map(label), STEPS.flatMap((s) => [`tasks ${s} start`, `tasks ${s} result`]));
  for (let i = 0; i < rest.length; i += 2) {
    const [start, result] = [rest[i].data, rest[i + 1].data];
    const node = STEPS[i / 2];
    assert.deepEqual(startWithoutIdAndExtras(start, ctx), agentStart(node));
    // the result is the node's writes as {channel: value}, as LangGraph (map_task_result_writes) and the JS
    // server send it; §3.5 and the SDK's TasksStreamResultEvent type still say [[channel, value], ...]
    assert.deepEqual(result, { id: start.id, name: node, result: { items: [node] }, interrupts: [], error: null });
  }
  assert.equal(new Set(rest.map((p) => p.data.id)).size, 3, "one id per task");
});

test("tasks: a failing node's result carries error {error, message} instead of a result", async () => {
  const ctx = await run("agent", "tasks", { config: { configurable: { delay_ms: 10, fail_at: "step2" } } });
  assert.deepEqual(ctx.parts.map(label), [
    "metadata", "tasks step1 start", "tasks step1 result", "tasks step2 start", "tasks step2 result", "error",
  ]);
  const [start, failed, error] = ctx.parts.slice(3).map((p) => p.data);
  assert.deepEqual(startWithoutIdAndExtras(start, ctx), agentStart("step2"));
  assert.deepEqual(failed, {
    id: start.id, name: "step2", result: null, interrupts: [],
    error: { error: "RuntimeException", message: "boom in step2" },
  }, "the exception as langgraph-api serialises one (the SDK types it as a string)");
  assert.deepEqual(error, { error: "RuntimeException", message: "boom in step2" });
});

test("tasks: the task paused by interrupt() ends the stream with the thread's pending interrupt", async () => {
  const ctx = await run("hitl", "tasks");
  assert.deepEqual(ctx.rest.map(label), [
    "tasks prepare start", "tasks prepare result", "tasks ask start", "tasks ask result",
  ]);
  const [prepare, prepared, ask, asked] = ctx.rest.map((p) => p.data);
  assert.deepEqual(startWithoutIdAndExtras(prepare, ctx),
    { name: "prepare", input: { items: ["s"] }, triggers: ["branch:to:prepare"], interrupts: [] });
  assert.deepEqual(prepared,
    { id: prepare.id, name: "prepare", result: { items: ["prepare"] }, interrupts: [], error: null });
  assert.deepEqual(startWithoutIdAndExtras(ask, ctx),
    { name: "ask", input: { items: ["s", "prepare"] }, triggers: ["branch:to:ask"], interrupts: [] });
  const state = await sdk.threads.getState(ctx.thread_id);
  assert.deepEqual(asked, { id: ask.id, name: "ask", result: null, interrupts: state.interrupts, error: null });
  assert.deepEqual(asked.interrupts.map((i) => i.value), [QUESTION]);
  assert.equal(typeof asked.interrupts[0].id, "string");
});

test("task ids in tasks events are the ids the checkpoint before lists for those tasks (and thread.interrupts' keys)", async () => {
  const { rest } = await run("agent", ["checkpoints", "tasks"]);
  let announced = [];
  let starts = 0;
  for (const { event, data } of rest) {
    if (event === "checkpoints") {
      announced = data.tasks;
    } else if ("input" in data) {
      starts++;
      assert.equal(data.id, announced.find((t) => t.name === data.name)?.id,
        `${data.name}: task event id vs the checkpoint's tasks ${JSON.stringify(idAndName(announced))}`);
    }
  }
  assert.equal(starts, 3);
  const hitl = await run("hitl", "tasks");
  const thread = await sdk.threads.get(hitl.thread_id);
  assert.deepEqual(Object.keys(thread.interrupts), [hitl.rest.at(-1).data.id]);
});

// --- checkpoints ---

test("checkpoints: {config, parent_config, values, metadata, next, tasks} per checkpoint, as the history has them (newest-last)", async () => {
  const { thread_id, rest } = await run("agent", "checkpoints");
  const history = await historyOldestFirst(thread_id);
  assert.ok(rest.every((p) => p.event === "checkpoints"), names(rest).join(","));
  assert.equal(rest.length, 5);
  assert.equal(history.length, 5);
  assert.deepEqual(rest.map((p) => p.data.values), history.map((h) => h.values));
  assert.deepEqual(rest.map((p) => p.data.values.items), [[], ...[0, 1, 2, 3].map(itemsAfter)]);
  rest.forEach(({ data: c }, i) => {
    const h = history[i];
    const at = `checkpoint ${i}: ${JSON.stringify(c)}`;
    assert.deepEqual(Object.keys(c).sort(), [...CHECKPOINT_KEYS].sort(), at);
    assert.equal(c.config.configurable.thread_id, thread_id, at);
    assert.equal(checkpointIdOf(c.config), h.checkpoint.checkpoint_id, at);
    if (i === 0) assert.equal(c.parent_config, null, at);
    else assert.equal(checkpointIdOf(c.parent_config), checkpointIdOf(rest[i - 1].data.config), at);
    assert.deepEqual(c.metadata, h.metadata, at);
    assert.deepEqual(c.next, h.next, at);
    assert.deepEqual(idAndName(c.tasks), idAndName(h.tasks), at);
    assert.deepEqual(c.tasks.map((t) => t.name), c.next, at);
  });
  assert.deepEqual(rest.map((p) => [p.data.metadata.source, p.data.metadata.step]),
    [["input", -1], ["loop", 0], ["loop", 1], ["loop", 2], ["loop", 3]]);
});

test("tasks and checkpoints together: each step's task start and result, then the checkpoint it wrote", async () => {
  const { rest } = await run("agent", ["tasks", "checkpoints"]);
  // the order the JS server's own test ("tasks / checkpoints stream mode") expects
  assert.deepEqual(rest.map(label), [
    "checkpoints -1", "checkpoints 0",
    "tasks step1 start", "tasks step1 result", "checkpoints 1",
    "tasks step2 start", "tasks step2 result", "checkpoints 2",
    "tasks step3 start", "tasks step3 result", "checkpoints 3",
  ]);
});

test("checkpoints: a task paused by interrupt() writes no new checkpoint", async () => {
  const { thread_id, rest } = await run("hitl", "checkpoints");
  assert.deepEqual(rest.map((p) => [p.data.metadata.source, p.data.metadata.step]),
    [["input", -1], ["loop", 0], ["loop", 1]]);
  const history = await historyOldestFirst(thread_id);
  assert.deepEqual(history.map((h) => h.checkpoint.checkpoint_id), rest.map((p) => checkpointIdOf(p.data.config)));
  assert.deepEqual(history.at(-1).tasks[0].interrupts.map((i) => i.value), [QUESTION]);
});

// --- legacy messages ---

test("messages (legacy) on chat: messages/metadata once, messages/partial H, He, ..., then messages/complete", async () => {
  const ctx = await run("chat", "messages");
  const { rest } = ctx;
  assert.deepEqual(names(rest), [
    "messages/metadata", ...Array(REPLY.length).fill("messages/partial"), "messages/complete",
  ]);
  const [meta, ...others] = rest.map((p) => p.data);
  const ids = Object.keys(meta);
  assert.equal(ids.length, 1, JSON.stringify(meta));
  const [id] = ids;
  assert.deepEqual(Object.keys(meta[id]), ["metadata"]);
  assert.equal(meta[id].metadata.langgraph_node, "model");
  assert.equal(meta[id].metadata.langgraph_step, 1);
  assert.equal(meta[id].metadata.run_id, ctx.run_id);
  assert.equal(meta[id].metadata.thread_id, ctx.thread_id);
  for (const data of others) {
    assert.ok(Array.isArray(data) && data.length === 1, JSON.stringify(data));
    assert.equal(data[0].id, id);
    assert.equal(data[0].type, "ai");
  }
  const partials = others.slice(0, -1).map((d) => d[0].content);
  assert.deepEqual(partials, [...REPLY].map((_, i) => REPLY.slice(0, i + 1)), "each partial is the text so far");
  const complete = others.at(-1)[0];
  assert.equal(complete.content, REPLY);
  const messages = (await sdk.threads.getState(ctx.thread_id)).values.messages;
  const last = messages.at(-1);
  assert.deepEqual([last.id, last.type, last.content], [id, "ai", REPLY], "the completed message is in the state");
});

// --- events ---

/** `<event> <name> <tags>` of an `events` record. */
const lcLabel = (p) => `${p.data.event} ${p.data.name} ${p.data.tags.join(",")}`.trim();

test("events: on_chain_start/end for the graph and each task, as LangChain's astream_events (v2) has them",
  async () => {
    const { thread_id, run_id, rest } = await run("agent", "events");
    assert.ok(rest.every((p) => p.event === "events"), summary(rest));
    assert.deepEqual(rest.map(lcLabel), ["on_chain_start LangGraph",
      ...STEPS.flatMap((s, i) => [`on_chain_start ${s} graph:step:${i + 1}`, `on_chain_end ${s} graph:step:${i + 1}`]),
      "on_chain_end LangGraph"]);
    const [start, ...tasks] = rest.map((p) => p.data);
    const end = tasks.pop();
    assert.deepEqual([start.run_id, start.parent_ids, start.data], [run_id, [], { input: INPUTS.agent }]);
    assert.equal(start.metadata.thread_id, thread_id);
    assert.deepEqual([end.run_id, end.data], [run_id, { output: (await sdk.threads.getState(thread_id)).values }]);
    STEPS.forEach((s, i) => {
      const [taskStart, taskEnd] = tasks.slice(2 * i, 2 * i + 2);
      assert.equal(taskStart.run_id, taskEnd.run_id, "a task's start and end share a run id");
      assert.notEqual(taskStart.run_id, run_id);
      assert.deepEqual(taskStart.parent_ids, [run_id]);
      assert.deepEqual([taskStart.metadata.langgraph_node, taskStart.metadata.langgraph_step], [s, i + 1]);
      assert.match(taskStart.metadata.langgraph_checkpoint_ns, new RegExp(`^${s}:[0-9a-f-]{36}$`));
      assert.deepEqual(taskStart.data, { input: { items: itemsAfter(i) } });
      assert.deepEqual(taskEnd.data, { output: { items: [s] }, input: { items: itemsAfter(i) } });
    });
  });

test("events: on_chat_model_stream for each chunk of the chat model, inside its task", async () => {
  const { run_id, rest } = await run("chat", "events");
  const chunks = rest.filter((p) => p.data.event === "on_chat_model_stream").map((p) => p.data);
  assert.equal(chunks.map((c) => c.data.chunk.content).join(""), REPLY);
  const task = rest.find((p) => p.data.event === "on_chain_start" && p.data.name === "model").data;
  for (const c of chunks) {
    assert.deepEqual(c.parent_ids, [run_id, task.run_id]);
    assert.equal(`run-${c.run_id}`, c.data.chunk.id, "the model's run names the message");
    assert.equal(c.metadata.langgraph_node, "model");
  }
  assert.deepEqual(rest.map(lcLabel).filter((l) => !l.startsWith("on_chat_model_stream")), [
    "on_chain_start LangGraph", "on_chain_start model graph:step:1", "on_chat_model_start FakeListChatModel",
    "on_chat_model_end FakeListChatModel", "on_chain_end model graph:step:1", "on_chain_end LangGraph"]);
  const end = rest.find((p) => p.data.event === "on_chat_model_end").data;
  assert.equal(end.run_id, chunks[0].run_id);
  assert.equal(end.data.output.content, REPLY);
  assert.equal(end.data.output.id, chunks[0].data.chunk.id);
});

test("events: runs.joinStream narrowed to events and threads.joinStream replay the same records", async () => {
  const { thread_id, run_id, parts } = await run("agent", ["events", "values"]);
  const onlyEvents = parts.filter((p) => p.event === "metadata" || p.event === "events");
  assert.equal(onlyEvents.length, 1 + 8);
  assert.deepEqual(
    await collect(sdk.runs.joinStream(thread_id, run_id, { lastEventId: "-1", streamMode: "events" })), onlyEvents);
  const onThread = await readUntil((signal) => sdk.threads.joinStream(thread_id, { lastEventId: "-", signal }),
    isRunDone(run_id));
  assert.deepEqual(onThread.slice(0, -1), parts);
});

// --- all at once ---

test("every mode at once (agent): each mode's own events, in causal order within each step", async () => {
  const { rest } = await run("agent", ALL_MODES);
  const counts = {};
  for (const p of rest) counts[p.event] = (counts[p.event] ?? 0) + 1;
  assert.deepEqual(counts, { values: 4, updates: 3, custom: 6, debug: 11, tasks: 6, checkpoints: 5, events: 8 },
    "no messages (no chat model in agent)");
  const of = (event) => rest.filter((p) => p.event === event);
  assert.deepEqual(of("values").map((p) => p.data), [0, 1, 2, 3].map((k) => ({ items: itemsAfter(k) })));
  assert.deepEqual(of("updates").map((p) => p.data), STEPS.map((s) => ({ [s]: { items: [s] } })));
  assert.deepEqual(of("custom").map(label), STEPS.flatMap((s) => [`custom ${s}:start`, `custom ${s}:end`]));
  assert.deepEqual(of("debug").map(label), [
    "debug checkpoint -1", "debug checkpoint 0",
    ...STEPS.flatMap((s, i) => [`debug task ${i + 1}`, `debug task_result ${i + 1}`, `debug checkpoint ${i + 1}`]),
  ]);
  assert.deepEqual(of("tasks").map(label), STEPS.flatMap((s) => [`tasks ${s} start`, `tasks ${s} result`]));
  assert.deepEqual(of("checkpoints").map(label), [-1, 0, 1, 2, 3].map((k) => `checkpoints ${k}`));
  // debug checkpoint payloads are the checkpoints events plus checkpoint/parent_checkpoint
  of("debug").filter((p) => p.data.type === "checkpoint").forEach((p, i) => {
    const { checkpoint, parent_checkpoint, ...plain } = p.data.payload;
    assert.deepEqual(plain, of("checkpoints")[i].data);
  });
  // within a step: tasks start, custom start/end, tasks result, in that order; a step's update comes after its
  // task result, and every event of a step before the next step's task start
  const labels = rest.map(label);
  const at = (l) => {
    const i = labels.indexOf(l);
    assert.ok(i >= 0, `no ${l} in ${labels.join(", ")}`);
    return i;
  };
  STEPS.forEach((s, i) => {
    const order = [`tasks ${s} start`, `custom ${s}:start`, `custom ${s}:end`, `tasks ${s} result`,
      `checkpoints ${i + 1}`];
    const positions = order.map(at);
    assert.deepEqual([...positions].sort((a, b) => a - b), positions, `${order.join(" < ")}: ${labels.join(", ")}`);
    assert.ok(at(`updates ${s}`) > at(`tasks ${s} result`), labels.join(", "));
    if (i < 2) assert.ok(at(`updates ${s}`) < at(`tasks ${STEPS[i + 1]} start`), labels.join(", "));
  });
});

test("every mode at once (chat): messages-tuple, legacy messages and the rest side by side", async () => {
  const { rest } = await run("chat", ALL_MODES);
  const of = (event) => rest.filter((p) => p.event === event);
  const counts = {};
  for (const p of rest) counts[p.event] = (counts[p.event] ?? 0) + 1;
  assert.deepEqual(counts, {
    values: 2, updates: 1, debug: 5, tasks: 2, checkpoints: 3, events: 6 + REPLY.length,
    messages: REPLY.length, "messages/metadata": 1, "messages/partial": REPLY.length, "messages/complete": 1,
  });
  assert.equal(of("messages").map((p) => p.data[0].content).join(""), REPLY);
  assert.equal(of("messages/partial").at(-1).data[0].content, REPLY);
  assert.equal(of("messages/complete")[0].data[0].content, REPLY);
  const id = Object.keys(of("messages/metadata")[0].data)[0];
  assert.ok([...of("messages"), ...of("messages/partial"), ...of("messages/complete")]
    .every((p) => p.data[0].id === id), "one message id in every message event");
  assert.deepEqual(of("values").at(-1).data.messages.map((m) => m.content), ["hi", REPLY]);
  assert.deepEqual(of("updates")[0].data.model.messages.map((m) => m.content), [REPLY]);
});

// --- joins ---

test("runs.joinStream with lastEventId -1 and streamMode updates replays only metadata and updates", async () => {
  const { thread_id, run_id, parts } = await run("agent",
    ["values", "updates", "custom", "debug", "tasks", "checkpoints"]);
  const replay = await collect(sdk.runs.joinStream(thread_id, run_id, { lastEventId: "-1", streamMode: "updates" }));
  assert.deepEqual(names(replay), ["metadata", "updates", "updates", "updates"]);
  assert.deepEqual(replay, parts.filter((p) => ["metadata", "updates"].includes(p.event)));
});

test("runs.joinStream narrowed to tasks and checkpoints, or debug, replays exactly those events", async () => {
  const { thread_id, run_id, parts } = await run("agent",
    ["values", "updates", "custom", "debug", "tasks", "checkpoints"]);
  const replay = (streamMode) => collect(sdk.runs.joinStream(thread_id, run_id, { lastEventId: "-1", streamMode }));
  assert.deepEqual(await replay(["tasks", "checkpoints"]),
    parts.filter((p) => ["metadata", "tasks", "checkpoints"].includes(p.event)));
  assert.deepEqual(await replay("debug"), parts.filter((p) => ["metadata", "debug"].includes(p.event)));
});

test("runs.joinStream narrowed to messages replays only messages/*, to messages-tuple only the messages events", async () => {
  const { thread_id, run_id, parts } = await run("chat", ["values", "messages", "messages-tuple"]);
  const replay = (streamMode) => collect(sdk.runs.joinStream(thread_id, run_id, { lastEventId: "-1", streamMode }));
  assert.deepEqual(names(await replay("messages")),
    names(parts.filter((p) => p.event === "metadata" || p.event.startsWith("messages/"))));
  assert.deepEqual(names(await replay("messages-tuple")),
    names(parts.filter((p) => p.event === "metadata" || p.event === "messages")));
});
