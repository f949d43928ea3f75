// A2A: the official A2A JS SDK (@a2a-js/sdk, A2A 1.0, and its v0.3 compat transport) against Spool's /a2a/{id}.
// Every assistant is an agent: its card names the JSON-RPC endpoint; a message to the chat graph is a run whose last
// AI message comes back as the task's artifact; the context is the thread; the hitl graph's interrupt is
// input-required and the next message resumes the same task.
import { test } from "node:test";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { Role, TaskState } from "@a2a-js/sdk";
import { Client, ClientFactory } from "@a2a-js/sdk/client";
import { LegacyJsonRpcTransport } from "@a2a-js/sdk/compat/v0_3/client";
import { SPOOL_URL, client, raw, systemAssistantId } from "../lib/server.mjs";

const REPLY = "Hello from the fake model!";
const sdk = client();

const cardUrl = (assistant) => `${SPOOL_URL}/a2a/${assistant}/.well-known/agent-card.json`;

/** A client of an assistant as an A2A application makes one: from its card (A2A 1.0 over JSON-RPC). */
function agent(assistant) {
  return new ClientFactory().createFromUrl(cardUrl(assistant), "");
}

/** A client speaking A2A 0.3 (message/send, tasks/get...) to the same endpoint, through the SDK's compat layer. */
async function legacyAgent(assistant) {
  const card = await (await agent(assistant)).getAgentCard();
  const url = card.supportedInterfaces.find((i) => i.protocolVersion === "0.3").url;
  return new Client(new LegacyJsonRpcTransport({ endpoint: url }), card);
}

const textPart = (text) => ({ content: { $case: "text", value: text } });
const dataPart = (data) => ({ content: { $case: "data", value: data } });

function message(parts, { contextId, taskId } = {}) {
  return { message: { messageId: randomUUID(), role: Role.ROLE_USER, parts, contextId, taskId } };
}

const partText = (part) => (part.content?.$case === "text" ? part.content.value : undefined);
const reply = (task) => partText(task.artifacts[0].parts[0]);

async function rejectsWith(action, name) {
  let error;
  try {
    await action();
  } catch (e) {
    error = e;
  }
  assert.ok(error, `expected ${name}, but the call succeeded`);
  assert.equal(error.name, name, `expected ${name}, got ${error.name}: ${error.message}`);
  return error;
}

test("the agent card names the assistant, its JSON-RPC endpoint and streaming", async () => {
  const card = await (await agent("chat")).getAgentCard();
  assert.equal(card.name, "chat");
  assert.equal(card.capabilities.streaming, true);
  assert.equal(card.skills[0].id, "chat");
  assert.ok(card.defaultInputModes.includes("text/plain"));
  const chatId = await systemAssistantId("chat");
  assert.deepEqual(card.supportedInterfaces.map((i) => [i.protocolBinding, i.protocolVersion]),
    [["JSONRPC", "1.0"], ["JSONRPC", "0.3"]]);
  for (const i of card.supportedInterfaces) assert.equal(i.url, `${SPOOL_URL}/a2a/${chatId}`);
  const byQuery = await (await raw(`/.well-known/agent-card.json?assistant_id=${chatId}`)).json();
  assert.equal(byQuery.url, `${SPOOL_URL}/a2a/${chatId}`);
});

test("sendMessage answers with the completed task; the context carries the conversation on", async () => {
  const chat = await agent("chat");
  const task = await chat.sendMessage(message([textPart("hi")]));
  assert.equal(task.status.state, TaskState.TASK_STATE_COMPLETED, JSON.stringify(task.status));
  assert.equal(reply(task), REPLY);
  assert.deepEqual(task.history.map((m) => [m.role, partText(m.parts[0])]),
    [[Role.ROLE_USER, "hi"], [Role.ROLE_AGENT, REPLY]]);

  // the context is a thread, the task its run
  const run = await sdk.runs.get(task.contextId, task.id);
  assert.equal(run.status, "success");
  const next = await chat.sendMessage(message([textPart("again")], { contextId: task.contextId }));
  assert.equal(next.contextId, task.contextId);
  assert.notEqual(next.id, task.id);
  const state = await sdk.threads.getState(task.contextId);
  assert.equal(state.values.messages.length, 4);

  const got = await chat.getTask({ id: task.id, historyLength: 1 });
  assert.equal(got.status.state, TaskState.TASK_STATE_COMPLETED);
  assert.equal(got.history.length, 1);
  assert.equal(reply(got), REPLY);
});

test("sendMessageStream streams the task, its working status, the reply token by token and the end", async () => {
  const chat = await agent("chat");
  const events = [];
  for await (const event of chat.sendMessageStream(message([textPart("hi")]))) events.push(event.payload);
  assert.equal(events[0].$case, "task", JSON.stringify(events[0]));
  assert.equal(events[0].value.status.state, TaskState.TASK_STATE_SUBMITTED);
  const taskId = events[0].value.id;
  assert.equal(events[1].$case, "statusUpdate");
  assert.equal(events[1].value.status.state, TaskState.TASK_STATE_WORKING);

  const pieces = events.filter((e) => e.$case === "artifactUpdate" && !e.value.lastChunk);
  assert.ok(pieces.length > 1, `the reply in several updates: ${JSON.stringify(events)}`);
  assert.equal(pieces.map((e) => partText(e.value.artifact.parts[0])).join(""), REPLY);
  assert.equal(pieces[0].value.append, false);
  assert.ok(pieces.slice(1).every((e) => e.value.append));
  const last = events.filter((e) => e.$case === "artifactUpdate" && e.value.lastChunk);
  assert.equal(last.length, 1);
  assert.equal(partText(last[0].value.artifact.parts[0]), REPLY);

  const end = events.at(-1);
  assert.equal(end.$case, "statusUpdate");
  assert.equal(end.value.taskId, taskId);
  assert.equal(end.value.status.state, TaskState.TASK_STATE_COMPLETED);
  assert.equal(reply(await chat.getTask({ id: taskId })), REPLY);
});

test("cancelTask cancels a task in flight; a canceled task cannot be canceled again", async () => {
  const chat = await agent("chat");
  const task = await chat.sendMessage({ ...message([textPart("hi")]), configuration: { returnImmediately: true } });
  assert.ok([TaskState.TASK_STATE_SUBMITTED, TaskState.TASK_STATE_WORKING].includes(task.status.state),
    JSON.stringify(task.status));
  const canceled = await chat.cancelTask({ id: task.id });
  assert.equal(canceled.status.state, TaskState.TASK_STATE_CANCELED);
  assert.equal((await chat.getTask({ id: task.id })).status.state, TaskState.TASK_STATE_CANCELED);
  await rejectsWith(() => chat.cancelTask({ id: task.id }), "TaskNotCancelableError");
});

test("an interrupt is input-required; the next message resumes the same task", async () => {
  const hitl = await agent("hitl");
  const paused = await hitl.sendMessage(message([dataPart({ items: ["a2a"] })]));
  assert.equal(paused.status.state, TaskState.TASK_STATE_INPUT_REQUIRED, JSON.stringify(paused.status));
  assert.match(partText(paused.status.message.parts[0]), /approve\?/);
  const thread = await sdk.threads.get(paused.contextId);
  assert.equal(thread.status, "interrupted");

  const done = await hitl.sendMessage(message([textPart("yes")], { contextId: paused.contextId, taskId: paused.id }));
  assert.equal(done.id, paused.id, "the task keeps its id across the pause");
  assert.equal(done.status.state, TaskState.TASK_STATE_COMPLETED);
  const state = await sdk.threads.getState(paused.contextId);
  assert.deepEqual(state.values.items, ["a2a", "prepare", "ask", 'finish:"yes"']);
});

test("A2A 0.3 clients (message/send, message/stream, tasks/get) reach the same agents", async () => {
  const chat = await legacyAgent("chat");
  const task = await chat.sendMessage(message([textPart("hi")]));
  assert.equal(task.status.state, TaskState.TASK_STATE_COMPLETED);
  assert.equal(reply(task), REPLY);
  assert.equal((await chat.getTask({ id: task.id })).status.state, TaskState.TASK_STATE_COMPLETED);

  const events = [];
  for await (const event of chat.sendMessageStream(message([textPart("hi")], { contextId: task.contextId }))) {
    events.push(event.payload);
  }
  assert.equal(events[0].$case, "task");
  assert.equal(events.at(-1).value.status.state, TaskState.TASK_STATE_COMPLETED);
  const streamed = events.filter((e) => e.$case === "artifactUpdate" && !e.value.lastChunk)
    .map((e) => partText(e.value.artifact.parts[0])).join("");
  assert.equal(streamed, REPLY);

  const hitl = await legacyAgent("hitl");
  const paused = await hitl.sendMessage(message([dataPart({ items: ["old"] })]));
  assert.equal(paused.status.state, TaskState.TASK_STATE_INPUT_REQUIRED);
  const done = await hitl.sendMessage(message([textPart("ok")], { contextId: paused.contextId }));
  assert.equal(done.id, paused.id);
  assert.equal(done.status.state, TaskState.TASK_STATE_COMPLETED);
});

test("errors reach the client as A2A errors", async () => {
  const chat = await agent("chat");
  await rejectsWith(() => chat.getTask({ id: randomUUID() }), "TaskNotFoundError");
  await rejectsWith(() => chat.sendMessage(message([textPart("hi")], { taskId: randomUUID() })), "TaskNotFoundError");
  const hitl = await agent("hitl");
  await rejectsWith(() => hitl.sendMessage(message([textPart("hi")])), "RequestMalformedError");
  await assert.rejects(() => agent("no-such-graph"), /404/);
});
