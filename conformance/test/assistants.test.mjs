// Assistants through the SDK: the system assistant of every graph, found by search, read by id or graph id,
// and its graph's shape.
import { test } from "node:test";
import assert from "node:assert/strict";
import { client, systemAssistantId } from "../lib/server.mjs";
import { rejectsWithStatus } from "../lib/errors.mjs";

const sdk = client();
const GRAPHS = ["agent", "burst", "chat", "hitl", "memory", "research"];

test("assistants.search lists one system assistant per graph, id = UUIDv5(graph id)", async () => {
  const found = await sdk.assistants.search({ limit: 100 });
  const system = found.filter((a) => a.metadata?.created_by === "system");
  assert.deepEqual(system.map((a) => a.graph_id).sort(), GRAPHS);
  for (const a of system) {
    assert.equal(a.assistant_id, await systemAssistantId(a.graph_id));
    assert.equal(a.name, a.graph_id);
    assert.equal(typeof a.version, "number");
    assert.ok(!Number.isNaN(Date.parse(a.created_at)), `created_at ${a.created_at}`);
  }
});

test("assistants.search filters by graph id and pages with limit/offset", async () => {
  const agent = await sdk.assistants.search({ graphId: "agent" });
  assert.deepEqual(agent.map((a) => a.graph_id), ["agent"]);
  const { assistants: first, next } = await sdk.assistants.search({ limit: 2, offset: 0, includePagination: true });
  assert.equal(next, "2", "X-Pagination-Next after a full first page");
  const rest = await sdk.assistants.search({ limit: 100, offset: 2 });
  assert.equal(first.length, 2);
  const all = [...first, ...rest].map((a) => a.assistant_id);
  assert.equal(new Set(all).size, all.length, "pages overlap");
  assert.ok(all.length >= GRAPHS.length);
});

test("assistants.get accepts the assistant id and the graph id", async () => {
  const id = await systemAssistantId("agent");
  const byId = await sdk.assistants.get(id);
  const byGraph = await sdk.assistants.get("agent");
  assert.equal(byId.assistant_id, id);
  assert.equal(byId.graph_id, "agent");
  assert.deepEqual(byGraph, byId);
});

test("assistants.getGraph gives the agent's nodes and edges", async () => {
  const graph = await sdk.assistants.getGraph("agent");
  const ids = graph.nodes.map((n) => n.id);
  for (const node of ["__start__", "step1", "step2", "step3", "__end__"]) assert.ok(ids.includes(node), `node ${node}`);
  const edges = graph.edges.map((e) => `${e.source}->${e.target}`);
  for (const edge of ["__start__->step1", "step1->step2", "step2->step3", "step3->__end__"]) {
    assert.ok(edges.includes(edge), `edge ${edge} in ${edges}`);
  }
  // the official servers' node data: what runs the node, and its name
  assert.deepEqual(graph.nodes.find((n) => n.id === "step1").data, { id: ["langgraph", "RunnableCallable"], name: "step1" });
});

test("assistants.getGraph with xray draws a subgraph's nodes inside the node running it", async () => {
  const graph = await sdk.assistants.getGraph("research", { xray: true });
  assert.deepEqual(graph.nodes.map((n) => n.id),
    ["__start__", "plan", "research:search", "research:summarize", "report", "__end__"]);
  const edges = graph.edges.map((e) => `${e.source}->${e.target}`);
  for (const edge of ["plan->research:search", "research:search->research:summarize", "research:summarize->report"]) {
    assert.ok(edges.includes(edge), `edge ${edge} in ${edges}`);
  }
});

test("an unknown assistant is a 404 with the server's detail", async () => {
  await rejectsWithStatus(sdk.assistants.get("no-such-graph"), 404, /no-such-graph/);
  await rejectsWithStatus(sdk.assistants.getGraph("no-such-graph"), 404);
});

test("assistants.getSchemas tags a messages channel langgraph_type: messages, as the official schemas", async () => {
  const schemas = await sdk.assistants.getSchemas("chat");
  assert.equal(schemas.state_schema.properties.messages.langgraph_type, "messages");
  assert.equal(schemas.input_schema.properties.messages.type, "array");
});

test("assistants.getSchemas gives the five JSON schemas of the graph", async () => {
  const schemas = await sdk.assistants.getSchemas("agent");
  assert.equal(schemas.graph_id, "agent");
  for (const key of ["input_schema", "output_schema", "state_schema", "config_schema", "context_schema"]) {
    assert.equal(schemas[key]?.type, "object", `${key}: ${JSON.stringify(schemas[key])}`);
  }
});

test("assistants.getSchemas types the agent's state channels (from its state class's accessors)", async () => {
  const { state_schema: state } = await sdk.assistants.getSchemas("agent");
  assert.deepEqual(state.properties?.items, { type: "array", items: { type: "string" } }, JSON.stringify(state));
});

test("assistants.create / update (new version, merged metadata) / delete", async () => {
  const created = await sdk.assistants.create({ graphId: "agent", name: "conf", metadata: { suite: "conformance" } });
  assert.equal(created.graph_id, "agent");
  assert.equal(created.version, 1);
  assert.deepEqual(await sdk.assistants.get(created.assistant_id), created);
  const updated = await sdk.assistants.update(created.assistant_id, { metadata: { step: 2 } });
  assert.equal(updated.version, 2);
  assert.equal(updated.metadata.suite, "conformance");
  assert.equal(updated.metadata.step, 2);
  const values = await sdk.runs.wait(null, created.assistant_id, {
    input: { items: ["in"] }, config: { configurable: { delay_ms: 20 } },
  });
  assert.deepEqual(values, { items: ["in", "step1", "step2", "step3"] }, "a run on the new assistant");
  await sdk.assistants.delete(created.assistant_id);
  await rejectsWithStatus(sdk.assistants.get(created.assistant_id), 404);
});
