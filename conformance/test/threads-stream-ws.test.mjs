// Protocol v2 over WebSocket: the SDK's client.threads.stream() with transport "websocket" (one socket on
// GET /threads/{id}/stream/events carrying the commands, subscription.subscribe/unsubscribe included, and the
// events) against Spool. Node 20 has no WebSocket of its own: the ws package is the global one there.
import { test } from "node:test";
import assert from "node:assert/strict";
import WebSocket from "ws";
import { client, SPOOL_URL, FAST } from "../lib/server.mjs";

globalThis.WebSocket ??= WebSocket;

const sdk = client();
const HI = { messages: [{ type: "human", content: "hi" }] };
const REPLY = "Hello from the fake model!";
const WS_URL = SPOOL_URL.replace(/^http/, "ws");
const LIMIT = { timeout: 60_000 }; // a socket that never answers fails its test instead of hanging the suite

const stream = (assistantId, options = {}) => sdk.threads.stream({ assistantId, transport: "websocket", ...options });

const rootEnd = (e) => e.method === "lifecycle" && e.params.namespace.length === 0
  && ["completed", "interrupted", "failed"].includes(e.params.data.event);

/** Resolves with the thread's events seen so far once `pred(events)` holds; fails after `ms` with what it saw. */
function eventsUntil(thread, pred, ms = 15_000) {
  const seen = [];
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not seen within ${ms} ms: ${JSON.stringify(
      seen.map((e) => [e.method, e.params.data?.event]))}`)), ms);
    thread.onEvent((e) => {
      seen.push(e);
      if (pred(seen)) {
        clearTimeout(timer);
        resolve(seen);
      }
    });
  });
}

/** A raw socket: every message it receives, parsed, and a way to send commands. */
async function rawSocket(threadId, options) {
  const ws = new WebSocket(`${WS_URL}/threads/${threadId}/stream/events`, options);
  const messages = [];
  const waiters = [];
  ws.on("message", (data) => {
    messages.push(JSON.parse(String(data)));
    for (const w of [...waiters]) if (w.pred(messages)) waiters.splice(waiters.indexOf(w), 1) && w.resolve(messages);
  });
  await new Promise((resolve, reject) => {
    ws.once("open", resolve);
    ws.once("error", reject);
  });
  return {
    ws,
    messages,
    send: (command) => ws.send(JSON.stringify(command)),
    until: (pred, ms = 15_000) => new Promise((resolve, reject) => {
      if (pred(messages)) return resolve(messages);
      const timer = setTimeout(() => reject(new Error(`not received within ${ms} ms: ${JSON.stringify(messages)}`)),
        ms);
      waiters.push({ pred, resolve: (m) => { clearTimeout(timer); resolve(m); } });
    }),
    close: () => ws.terminate(),
  };
}

test("websocket run.start: thread.values resolves with the final state and iterates every snapshot", LIMIT, async () => {
  const thread = stream("agent");
  try {
    const snapshots = [];
    const iterated = (async () => { for await (const v of thread.values) snapshots.push(v); })();
    const { run_id } = await thread.run.start({ input: { items: ["ws"] }, config: FAST });
    assert.match(run_id, /^[0-9a-f-]{36}$/);
    const final = await thread.values;
    assert.deepEqual(final, { items: ["ws", "step1", "step2", "step3"] });
    await Promise.race([iterated, new Promise((r) => setTimeout(r, 200))]);
    assert.deepEqual(snapshots.at(-1), final);
    assert.ok(snapshots.length >= 4, `snapshots: ${JSON.stringify(snapshots)}`);
    const state = await thread.state.get({});
    assert.deepEqual(state.values, final);
    assert.equal(typeof state.checkpoint.id, "string");
  } finally {
    await thread.close();
  }
});

test("websocket thread.messages assembles the chat model's reply token by token", LIMIT, async () => {
  const thread = stream("chat");
  try {
    const seen = [];
    const messages = (async () => {
      for await (const m of thread.messages) {
        const pieces = [];
        for await (const t of m.text) pieces.push(t);
        seen.push({ pieces, text: await m.text });
      }
    })();
    await thread.run.start({ input: HI });
    const final = await thread.values;
    assert.equal(final.messages.length, 2);
    await Promise.race([messages, new Promise((r) => setTimeout(r, 500))]);
    assert.equal(seen.length, 1, JSON.stringify(seen));
    assert.equal(seen[0].text, REPLY);
    assert.equal(seen[0].pieces.length, REPLY.length, "one text delta per token");
  } finally {
    await thread.close();
  }
});

test("websocket: an interrupt arrives as input.requested and input.respond resumes the run", { ...LIMIT, todo: "flaky when the whole suite runs its files in parallel: thread.values resolved empty in a full run (both pass alone); a race under investigation, see the 2026-12-08 closing note" }, async () => {
  const thread = stream("hitl");
  try {
    const ends = eventsUntil(thread, (all) => all.filter(rootEnd).length === 2);
    await thread.run.start({ input: { items: ["x"] } });
    const paused = await thread.values;
    assert.deepEqual(paused, { items: ["x", "prepare"] });
    assert.equal(thread.interrupted, true);
    const [interrupt] = thread.interrupts;
    assert.deepEqual(interrupt.payload, { question: "approve?", items_so_far: ["x", "prepare"] });
    await assert.rejects(thread.input.respond({ interrupt_id: "no-such-interrupt", response: 1 }),
      (e) => /interrupt/.test(e.message));
    await thread.input.respond({ interrupt_id: interrupt.interruptId, response: "yes" });
    const events = await ends;
    assert.deepEqual(events.filter(rootEnd).map((e) => e.params.data.event), ["interrupted", "completed"]);
    const state = await thread.state.get({});
    assert.deepEqual(state.values, { items: ["x", "prepare", "ask", 'finish:"yes"'], answer: "yes" });
  } finally {
    await thread.close();
  }
});

test("websocket subgraph events: thread.subgraphs finds the research subgraph, its lifecycle and tree", { ...LIMIT, todo: "flaky when the whole suite runs its files in parallel: thread.values resolved empty in a full run (both pass alone); a race under investigation, see the 2026-12-08 closing note" }, async () => {
  const thread = stream("research");
  try {
    const found = [];
    const discovery = (async () => {
      for await (const sub of thread.subgraphs) found.push(sub);
    })();
    const subEnd = eventsUntil(thread, (all) => all.some((e) => e.method === "lifecycle"
      && e.params.namespace.length === 1 && e.params.data.event === "completed"));
    await thread.run.start({ input: { topic: "nothing" } });
    const final = await thread.values;
    assert.equal(final.report, "Report on nothing: Found two facts about nothing.");
    await Promise.race([discovery, new Promise((r) => setTimeout(r, 300))]);
    assert.deepEqual(found.map((s) => s.name), ["research"]);
    assert.match(found[0].namespace[0], /^research:[0-9a-f-]{36}$/);
    const sub = (await subEnd).filter((e) => e.params.namespace.length === 1 && e.method === "lifecycle");
    assert.deepEqual(sub.map((e) => e.params.data.event), ["started", "completed"]);
    const tree = await thread.agent.getTree();
    assert.equal(tree.tree.status, "completed");
    assert.deepEqual(tree.tree.children.map((c) => [c.graph_name, c.status]), [["research", "completed"]]);
  } finally {
    await thread.close();
  }
});

test("websocket: a cut connection reconnects, resubscribes and gets every event once, nothing lost", LIMIT, async () => {
  // the first socket is cut (TCP reset, no close frame) after its 12th event; later ones are left alone
  const sockets = [];
  const webSocketFactory = (url) => {
    const ws = new WebSocket(url);
    sockets.push(ws);
    if (sockets.length === 1) {
      let events = 0;
      ws.addEventListener("message", (m) => {
        if (JSON.parse(String(m.data)).type === "event" && ++events === 12) ws.terminate();
      });
    }
    return ws;
  };
  const thread = stream("chat", { webSocketFactory, reconnectDelayMs: () => 50 });
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
    assert.ok(sockets.length >= 2, "the SDK opened a second socket");
    assert.equal(final.messages.at(-1).content, REPLY);
    assert.deepEqual(texts, [REPLY]);
    // every event the server has on the channels the SDK subscribed to, exactly once
    const raw = await rawSocket(thread.threadId);
    try {
      raw.send({ id: 1, method: "subscription.subscribe", params: { channels: ["values", "messages", "lifecycle", "input"] } });
      const all = (await raw.until((m) => m.some((e) => e.type === "event" && rootEnd(e))))
        .filter((e) => e.type === "event");
      const ids = seen.map((e) => e.event_id);
      assert.equal(new Set(ids).size, ids.length, "no event twice");
      assert.deepEqual([...ids].sort(), all.map((e) => e.event_id).sort());
    } finally {
      raw.close();
    }
  } finally {
    await thread.close();
  }
});

test("websocket wire: subscribe answers before its replay, since resumes, unsubscribe stops, bad commands", LIMIT, async () => {
  const thread = stream("agent");
  await thread.run.start({ input: { items: ["wire"] }, config: FAST });
  await thread.values;
  await thread.close();
  const raw = await rawSocket(thread.threadId);
  try {
    raw.send({ id: 7, method: "subscription.subscribe", params: { channels: ["lifecycle", "values"] } });
    const first = await raw.until((m) => m.some((e) => e.type === "event" && rootEnd(e)));
    assert.equal(first[0].type, "success", JSON.stringify(first[0]));
    assert.equal(first[0].id, 7);
    const subscription = first[0].result.subscription_id;
    assert.equal(typeof subscription, "string");
    const events = first.filter((e) => e.type === "event");
    assert.deepEqual([...new Set(events.map((e) => e.method))].sort(), ["lifecycle", "values"]);
    assert.deepEqual(events.map((e) => e.seq), [...events.map((e) => e.seq)].sort((a, b) => a - b));
    // a second subscription with since: only what follows that seq
    const cut = events[2].seq;
    raw.send({ id: 8, method: "subscription.subscribe", params: { channels: ["lifecycle", "values"], since: cut } });
    const count = raw.messages.length;
    const second = (await raw.until((m) => m.slice(count).some((e) => e.type === "event" && rootEnd(e))))
      .slice(count);
    assert.equal(second[0].id, 8);
    assert.deepEqual(second.slice(1).map((e) => e.event_id), events.filter((e) => e.seq > cut).map((e) => e.event_id));
    raw.send({ id: 9, method: "subscription.unsubscribe", params: { subscription_id: subscription } });
    raw.send({ id: 10, method: "subscription.unsubscribe", params: { subscription_id: subscription } });
    raw.send({ id: 11, method: "subscription.subscribe", params: { channels: ["nope"] } });
    raw.send({ id: 12, method: "no.such.command", params: {} });
    raw.ws.send("not json");
    const replies = (await raw.until((m) => m.filter((e) => e.type !== "event").length >= 7))
      .filter((e) => e.type !== "event").slice(2);
    assert.deepEqual(replies.map((e) => [e.id, e.type, e.error ?? null]), [
      [9, "success", null],
      [10, "error", "no_such_subscription"],
      [11, "error", "invalid_argument"],
      [12, "error", "unknown_command"],
      [null, "error", "invalid_argument"],
    ]);
  } finally {
    raw.close();
  }
});

test("websocket upgrade: a foreign Origin is refused with 403, as an HTTP request would be", LIMIT, async () => {
  const refused = await new Promise((resolve) => {
    const ws = new WebSocket(`${WS_URL}/threads/${crypto.randomUUID()}/stream/events`,
      { headers: { Origin: "https://evil.example" } });
    ws.on("unexpected-response", (req, res) => {
      resolve(res.statusCode);
      req.destroy(); // ws leaves a refused upgrade's connection open
    });
    ws.on("open", () => resolve("opened"));
    ws.on("error", () => {});
  });
  assert.equal(refused, 403);
  const res = await fetch(`${SPOOL_URL}/threads/${crypto.randomUUID()}/stream/events`);
  assert.equal(res.status, 426);
  assert.match((await res.json()).detail, /WebSocket/);
});
