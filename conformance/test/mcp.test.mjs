// MCP: the official TypeScript client (Streamable HTTP) against Spool's /mcp endpoint. Every assistant is a tool
// whose input schema is its graph's; a call is a stateless run whose values come back as text and structuredContent.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { McpError, ErrorCode } from "@modelcontextprotocol/sdk/types.js";
import { SPOOL_URL, client, raw } from "../lib/server.mjs";

const sdk = client();
const clients = [];

async function connect(path = "/mcp/") {
  const mcp = new Client({ name: "spool-conformance", version: "0.0.0" });
  await mcp.connect(new StreamableHTTPClientTransport(new URL(`${SPOOL_URL}${path}`)));
  clients.push(mcp);
  return mcp;
}

after(async () => {
  await Promise.all(clients.map((c) => c.close()));
});

test("initialize names the server and offers tools, at /mcp/ and at /mcp", async () => {
  for (const path of ["/mcp/", "/mcp"]) {
    const mcp = await connect(path);
    assert.equal(mcp.getServerVersion()?.name, "spool");
    assert.ok(mcp.getServerCapabilities()?.tools, JSON.stringify(mcp.getServerCapabilities()));
  }
});

test("tools/list has one tool per assistant with the graph's input schema", async () => {
  const mcp = await connect();
  const { tools } = await mcp.listTools();
  const byName = new Map(tools.map((t) => [t.name, t]));
  for (const graph of ["agent", "hitl", "chat"]) {
    const tool = byName.get(graph);
    assert.ok(tool, `no tool ${graph} in ${[...byName.keys()].slice(0, 20)}`);
    assert.equal(typeof tool.description, "string");
    assert.ok(tool.description.length > 0);
    const schemas = await sdk.assistants.getSchemas(graph);
    assert.deepEqual(tool.inputSchema, schemas.input_schema);
  }
});

test("an assistant created through the API is a tool at once, its name made a valid tool name", async () => {
  const assistant = await sdk.assistants.create({
    graphId: "agent", name: "Step agent (v2)!", description: "Appends the three steps to the items",
  });
  const mcp = await connect();
  const { tools } = await mcp.listTools();
  const tool = tools.find((t) => t.name === "Step_agent__v2__");
  assert.ok(tool, `no tool for the new assistant in ${tools.map((t) => t.name)}`);
  assert.equal(tool.description, "Appends the three steps to the items");
  const result = await mcp.callTool({ name: tool.name, arguments: { items: ["mine"] } });
  assert.deepEqual(result.structuredContent, { items: ["mine", "step1", "step2", "step3"] });

  await sdk.assistants.delete(assistant.assistant_id);
  const after = await mcp.listTools();
  assert.ok(!after.tools.some((t) => t.name === "Step_agent__v2__"), "the deleted assistant is still a tool");
});

test("tools/call runs the graph and returns its values as text and as structuredContent", async () => {
  const mcp = await connect();
  const result = await mcp.callTool({ name: "agent", arguments: { items: ["from-mcp"] } });
  assert.notEqual(result.isError, true, JSON.stringify(result));
  const expected = { items: ["from-mcp", "step1", "step2", "step3"] };
  assert.deepEqual(result.structuredContent, expected);
  assert.equal(result.content[0].type, "text");
  assert.deepEqual(JSON.parse(result.content[0].text), expected);
});

test("tools/call on a chat graph answers with the model's message in the messages", async () => {
  const mcp = await connect();
  const result = await mcp.callTool({
    name: "chat", arguments: { messages: [{ type: "human", content: "hi" }] },
  });
  assert.notEqual(result.isError, true, JSON.stringify(result));
  const messages = result.structuredContent.messages;
  assert.deepEqual(messages.map((m) => m.type), ["human", "ai"]);
  assert.equal(messages[1].content, "Hello from the fake model!");
});

test("arguments that do not fit the input schema are an error result (isError) naming what is wrong", async () => {
  const mcp = await connect();
  const result = await mcp.callTool({ name: "agent", arguments: { items: "not a list" } });
  assert.equal(result.isError, true, JSON.stringify(result));
  assert.equal(result.content[0].type, "text");
  assert.match(result.content[0].text, /items|array/i);
});

test("an unknown tool is a JSON-RPC invalid-params error", async () => {
  const mcp = await connect();
  await assert.rejects(mcp.callTool({ name: "no_such_tool", arguments: {} }), (e) => {
    assert.ok(e instanceof McpError, String(e));
    assert.equal(e.code, ErrorCode.InvalidParams);
    return true;
  });
});

test("an unknown method is a JSON-RPC method-not-found error", async () => {
  const mcp = await connect();
  await assert.rejects(mcp.listPrompts(), (e) => {
    assert.ok(e instanceof McpError, String(e));
    assert.equal(e.code, ErrorCode.MethodNotFound);
    return true;
  });
});

test("GET /mcp is 405 (stateless: no stream to open); a body that is not JSON-RPC is a parse error", async () => {
  for (const path of ["/mcp", "/mcp/"]) {
    const res = await raw(path, { headers: { Accept: "text/event-stream" } });
    assert.equal(res.status, 405);
    await res.body?.cancel();
  }
  const res = await raw("/mcp/", {
    method: "POST", body: "{not json",
    headers: { "Content-Type": "application/json", Accept: "application/json, text/event-stream" },
  });
  assert.equal(res.status, 400);
  const body = await res.json();
  assert.equal(body.jsonrpc, "2.0");
  assert.equal(body.error.code, ErrorCode.ParseError);
});
