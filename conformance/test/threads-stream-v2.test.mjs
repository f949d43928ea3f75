// Protocol v2, the thread-centric stream: the SDK's client.threads.stream() (its ThreadStream over the SSE
// transport: POST /threads/{id}/stream/events + POST /threads/{id}/commands) against Spool.
import { test } from "node:test";
import assert from "node:assert/strict";
import { client, SPOOL_URL, FAST } from "../lib/server.mjs";
import { startCuttingProxy, insideEvent } from "../lib/proxy.mjs";

const sdk = client();
const HI = { messages: [{ type: "human", content: "hi" }] };
const REPLY = "Hello from the fake model!";

/** Every protocol event of a thread so far on `channels` (a raw POST /stream/events, read until `stop`). */
async function rawEvents(threadId, body, stop, ms = 10_000) {
  const ac = new AbortController();
  const timer = setTimeout(() => ac.abort(), ms);
  const events = [];
  try {
    const res = await fetch(`${SPOOL_URL}/threads/${threadId}/stream/events`, {
      method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body), signal: ac.signal,
    });
    if (res.status !== 200) assert.fail(`HTTP ${res.status}: ${await res.text()}`);
    const decoder = new TextDecoder();
    let buffer = "";
    for await (const chunk of res.body) {
      buffer += decoder.decode(chunk, { stream: true });
      let end;
      while ((end = buffer.indexOf("\n\n")) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = block.split("\n").find((l) => l.startsWith("data: "));
        if (!data) continue;
        const event = JSON.parse(data.slice(6));
        events.push(event);
        if (stop(event, events)) return events;
      }
    }
  } catch (e) {
    if (!ac.signal.aborted) throw e;
  } finally {
    clearTimeout(timer);
    ac.abort();
  }
  assert.fail(`stop condition not met within ${ms} ms; got ${JSON.stringify(events.map((e) => e.method))}`);
}

const rootEnd = (e) => e.method === "lifecycle" && e.params.namespace.length === 0
  && ["completed", "interrupted", "failed"].includes(e.params.data.event);

test("run.start: thread.values resolves with the final state and iterates every snapshot", async () => {
  const thread = sdk.threads.stream({ assistantId: "agent" });
  try {
    const snapshots = [];
    const iterated = (async () => { for await (const v of thread.values) snapshots.push(v); })();
    const { run_id } = await thread.run.start({ input: { items: ["v2"] }, config: FAST });
    assert.match(run_id, /^[0-9a-f-]{36}$/);
    const final = await thread.values;
    assert.deepEqual(final, { items: ["v2", "step1", "step2", "step3"] });
    await Promise.race([iterated, new Promise((r) => setTimeout(r, 200))]);
    assert.deepEqual(snapshots.at(-1), final);
    assert.ok(snapshots.length >= 4, `snapshots: ${JSON.stringify(snapshots)}`);
    // the thread was created by run.start, and state.get reads it
    const state = await thread.state.get({});
    assert.deepEqual(state.values, final);
    assert.equal(typeof state.checkpoint.id, "string");
  } finally {
    await thread.close();
  }
});

test("thread.messages assembles the chat model's reply token by token", async () => {
  const thread = sdk.threads.stream({ assistantId: "chat" });
  try {
    const seen = [];
    const messages = (async () => {
      for await (const m of thread.messages) {
        const pieces = [];
        for await (const t of m.text) pieces.push(t);
        seen.push({ pieces, text: await m.text, output: await m.output });
      }
    })();
    await thread.run.start({ input: HI });
    const final = await thread.values;
    assert.equal(final.messages.length, 2);
    await Promise.race([messages, new Promise((r) => setTimeout(r, 500))]);
    assert.equal(seen.length, 1, JSON.stringify(seen));
    assert.equal(seen[0].text, REPLY);
    assert.equal(seen[0].pieces.length, REPLY.length, "one text delta per token");
    assert.equal(seen[0].output.content.map((b) => b.text).join(""), REPLY);
  } finally {
    await thread.close();
  }
});

test("an interrupt arrives as input.requested and input.respond resumes the run", async () => {
  const thread = sdk.threads.stream({ assistantId: "hitl" });
  try {
    await thread.run.start({ input: { items: ["x"] } });
    const paused = await thread.values;
    assert.deepEqual(paused, { items: ["x", "prepare"] });
    assert.equal(thread.interrupted, true);
    assert.equal(thread.interrupts.length, 1);
    const [interrupt] = thread.interrupts;
    assert.deepEqual(interrupt.payload, { question: "approve?", items_so_far: ["x", "prepare"] });
    await assert.rejects(thread.input.respond({ interrupt_id: "no-such-interrupt", response: 1 }),
      (e) => /interrupt/.test(e.message));
    await thread.input.respond({ interrupt_id: interrupt.interruptId, response: "yes" });
    const done = await thread.state.get({});
    // the resumed run is queued behind nothing: wait until it finishes through the stream
    const events = await rawEvents(thread.threadId, { channels: ["lifecycle", "values"] },
      (e, all) => all.filter(rootEnd).length === 2);
    assert.deepEqual(events.filter(rootEnd).map((e) => e.params.data.event), ["interrupted", "completed"]);
    assert.deepEqual(events.filter((e) => e.method === "values").at(-1).params.data,
      { items: ["x", "prepare", "ask", 'finish:"yes"'], answer: "yes" });
    assert.ok(done.values.items.length >= 2);
  } finally {
    await thread.close();
  }
});

test("subgraph events: thread.subgraphs finds the research subgraph, its values and lifecycle", async () => {
  const thread = sdk.threads.stream({ assistantId: "research" });
  try {
    const found = [];
    const discovery = (async () => {
      for await (const sub of thread.subgraphs) found.push(sub);
    })();
    await thread.run.start({ input: { topic: "nothing" } });
    const final = await thread.values;
    assert.equal(final.report, "Report on nothing: Found two facts about nothing.");
    await Promise.race([discovery, new Promise((r) => setTimeout(r, 300))]);
    assert.deepEqual(found.map((s) => s.name), ["research"]);
    assert.match(found[0].namespace[0], /^research:[0-9a-f-]{36}$/);
    const events = await rawEvents(thread.threadId,
      { channels: ["lifecycle", "updates", "custom", "messages"], namespaces: [["research"]] }, rootEndOrSub);
    const sub = events.filter((e) => e.params.namespace.length === 1);
    assert.deepEqual(sub.filter((e) => e.method === "updates").map((e) => e.params.node), ["search", "summarize"]);
    assert.deepEqual(sub.filter((e) => e.method === "custom").map((e) => e.params.data.payload),
      [{ searching: "nothing" }]);
    assert.deepEqual(sub.filter((e) => e.method === "lifecycle").map((e) => e.params.data.event),
      ["started", "completed"]);
    const text = sub.filter((e) => e.method === "messages" && e.params.data.event === "content-block-delta")
      .map((e) => e.params.data.delta.text).join("");
    assert.equal(text, "Found two facts about nothing.");
    const tree = await thread.agent.getTree();
    assert.equal(tree.tree.status, "completed");
    assert.deepEqual(tree.tree.children.map((c) => [c.graph_name, c.status]), [["research", "completed"]]);
  } finally {
    await thread.close();
  }
});

function rootEndOrSub(e) {
  return e.method === "lifecycle" && e.params.namespace.length === 1 && e.params.data.event === "completed";
}

test("a cut event stream: the SDK reconnects and gets every event once, nothing lost or repeated", async () => {
  const proxy = await startCuttingProxy({
    target: SPOOL_URL,
    match: (r) => r.method === "POST" && r.path.endsWith("/stream/events") && !r.body?.includes?.("input"),
    cutAt: insideEvent(12),
    cuts: 1,
  });
  const thread = client(proxy.url).threads.stream({ assistantId: "chat", reconnectDelayMs: () => 50 });
  try {
    const seen = [];
    thread.onEvent((e) => seen.push(e));
    const texts = [];
    const messages = (async () => {
      for await (const m of thread.messages) texts.push(await m.text);
    })();
    await thread.run.start({ input: HI });
    const final = await thread.values;
    await Promise.race([messages, new Promise((r) => setTimeout(r, 500))]);
    const opened = proxy.requests.filter((r) => r.path.endsWith("/stream/events"));
    assert.ok(opened[0].cut && opened.length >= 2, `the first stream was cut and reopened: ${JSON.stringify(opened)}`);
    assert.equal(final.messages.at(-1).content, REPLY);
    assert.deepEqual(texts, [REPLY]);
    // every event the server has for the channels the SDK asked for, exactly once
    const all = await rawEvents(thread.threadId, { channels: ["values", "messages", "lifecycle", "input"] }, rootEnd);
    const ids = seen.map((e) => e.event_id);
    assert.equal(new Set(ids).size, ids.length, "no event twice");
    assert.deepEqual([...new Set(ids)].sort(), all.map((e) => e.event_id).sort());
  } finally {
    await thread.close();
    await proxy.close();
  }
});
