// Records raw protocol-v2 exchanges (commands and SSE event streams) against any server, as text transcripts:
//   node conformance/record/v2-record.mjs http://127.0.0.1:8123 OUTDIR
// The same script runs against the JS reference server and Spool, so the two sets can be compared.
import { writeFileSync, mkdirSync } from "node:fs";

const BASE = process.argv[2] ?? "http://127.0.0.1:2124";
const OUT = process.argv[3] ?? ".";
mkdirSync(OUT, { recursive: true });

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function tx(name, title) {
  const lines = [`### ${title}`, `### server: ${BASE}   recorded: ${new Date().toISOString()}`, ""];
  return {
    log: (s) => lines.push(s),
    save: () => writeFileSync(`${OUT}/${name}.txt`, lines.join("\n") + "\n"),
  };
}

async function post(t, path, body, extraHeaders = {}) {
  t.log(`>>> POST ${path}`);
  t.log(`>>> ${typeof body === "string" ? body : JSON.stringify(body)}`);
  const res = await fetch(BASE + path, {
    method: "POST",
    headers: { "content-type": "application/json", ...extraHeaders },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  const text = await res.text();
  t.log(`<<< ${res.status} ${res.headers.get("content-type")}`);
  t.log(text);
  t.log("");
  try { return JSON.parse(text); } catch { return text; }
}

/** Opens an SSE stream and collects its raw text until stop() or maxMs. */
function stream(path, body, headers = {}) {
  const ac = new AbortController();
  let raw = "";
  let status = null;
  const done = (async () => {
    try {
      const res = await fetch(BASE + path, {
        method: "POST",
        headers: { "content-type": "application/json", accept: "text/event-stream", ...headers },
        body: JSON.stringify(body),
        signal: ac.signal,
      });
      status = `${res.status} ${res.headers.get("content-type")}`;
      const dec = new TextDecoder();
      for await (const chunk of res.body) raw += dec.decode(chunk, { stream: true });
    } catch {}
  })();
  return {
    async stop(t, label) {
      ac.abort();
      await done;
      t.log(`===== stream ${label}: POST ${path}`);
      t.log(`>>> ${JSON.stringify(body)}`);
      for (const [k, v] of Object.entries(headers)) t.log(`>>> ${k}: ${v}`);
      t.log(`<<< ${status}`);
      t.log(raw.replace(/: heartbeat\n\n/g, ""));
      return raw;
    },
  };
}

async function thread() {
  const r = await fetch(BASE + "/threads", { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
  return (await r.json()).thread_id;
}

const ALL = ["values", "updates", "messages", "tools", "lifecycle", "checkpoints", "input", "tasks", "custom"];

async function chat() {
  const t = tx("v2-50-chat-messages", "protocol v2: chat graph, every channel (messages token by token)");
  const id = await thread();
  const s = stream(`/threads/${id}/stream/events`, { channels: ALL });
  await sleep(300);
  await post(t, `/threads/${id}/commands`, { id: 1, method: "run.start", params: { assistant_id: "chat", input: { messages: [{ type: "human", content: "hi" }] } } });
  await sleep(2500);
  await post(t, `/threads/${id}/commands`, { id: 2, method: "agent.getTree", params: {} });
  await s.stop(t, "EV");
  t.save();
}

async function hitl() {
  const t = tx("v2-51-hitl-input", "protocol v2: interrupt as input.requested, answered with input.respond");
  const id = await thread();
  const s = stream(`/threads/${id}/stream/events`, { channels: ["lifecycle", "input", "values", "updates"] });
  await sleep(300);
  await post(t, `/threads/${id}/commands`, { id: 1, method: "run.start", params: { assistant_id: "hitl", input: { items: ["x"] } } });
  await sleep(1500);
  const raw = await s.stop(t, "EV1");
  const m = raw.match(/"interrupt_id":"([^"]+)"/);
  await post(t, `/threads/${id}/commands`, { id: 2, method: "input.respond", params: { interrupt_id: m ? m[1] : "none", response: "yes" } });
  const s2 = stream(`/threads/${id}/stream/events`, { channels: ["lifecycle", "input", "values"], since: 3 });
  await sleep(1500);
  await post(t, `/threads/${id}/commands`, { id: 3, method: "state.get", params: {} });
  await post(t, `/threads/${id}/commands`, { id: 4, method: "input.respond", params: { interrupt_id: "nope", response: 1 } });
  await s2.stop(t, "EV2 (since 3)");
  t.save();
}

async function errors() {
  const t = tx("v2-52-errors", "protocol v2: bad bodies and commands");
  const id = await thread();
  await post(t, `/threads/${id}/commands`, { id: 1, method: "nope", params: {} });
  await post(t, `/threads/${id}/commands`, { id: 2, method: "run.start", params: {} });
  await post(t, `/threads/${id}/commands`, { id: 3, method: "run.start", params: { assistant_id: "no-such" } });
  await post(t, `/threads/${id}/commands`, { method: "state.get" });
  await post(t, `/threads/${id}/commands`, "{not json");
  await post(t, `/threads/${id}/commands`, { id: 4, method: "input.respond", params: {} });
  await post(t, `/threads/${id}/commands`, { id: 5, method: "subscription.subscribe", params: { channels: ["values"] } });
  for (const body of [{ channels: ["values"], extra: 1 }, { channels: "values" }, { channels: ["values"], since: -1 }, {}]) {
    const r = await fetch(`${BASE}/threads/${id}/stream/events`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    t.log(`>>> POST /threads/${id}/stream/events ${JSON.stringify(body)}`);
    t.log(`<<< ${r.status} ${r.headers.get("content-type")}`);
    t.log((await r.text()).slice(0, 600));
    t.log("");
  }
  const missing = "00000000-0000-0000-0000-000000000000";
  await post(t, `/threads/${missing}/commands`, { id: 6, method: "state.get", params: {} });
  t.save();
}

async function resume() {
  const t = tx("v2-53-since", "protocol v2: a second subscription with since, and one without");
  const id = await thread();
  await post(t, `/threads/${id}/commands`, { id: 1, method: "run.start", params: { assistant_id: "agent", input: { items: ["a"] } } });
  await sleep(1500);
  const s = stream(`/threads/${id}/stream/events`, { channels: ["lifecycle", "values"], since: 10 });
  const s2 = stream(`/threads/${id}/stream/events`, { channels: ["lifecycle"] });
  await sleep(500);
  await s.stop(t, "since 10");
  await s2.stop(t, "no since");
  t.save();
}

for (const f of [chat, hitl, errors, resume]) {
  try { await f(); } catch (e) { console.error(f.name, e); }
}
