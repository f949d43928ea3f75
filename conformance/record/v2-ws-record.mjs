// Records a raw protocol-v2 WebSocket session (every frame both ways) against any server, as a text transcript:
//   node conformance/record/v2-ws-record.mjs http://127.0.0.1:8123 OUTDIR
// The same script runs against the JS reference server and Spool, so the two can be compared.
import { writeFileSync, mkdirSync } from "node:fs";
import { randomUUID } from "node:crypto";
import WebSocket from "ws";

const BASE = process.argv[2] ?? "http://127.0.0.1:2124";
const OUT = process.argv[3] ?? ".";
mkdirSync(OUT, { recursive: true });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const lines = [`### protocol v2 over WebSocket: subscribe before the thread exists, run.start, a late subscription with since, unsubscribe, bad commands`,
  `### server: ${BASE}   recorded: ${new Date().toISOString()}`, ""];
const id = randomUUID();
const path = `/threads/${id}/stream/events`;
lines.push(`>>> GET ${path} (Upgrade: websocket)`);
const ws = new WebSocket(BASE.replace(/^http/, "ws") + path);
ws.on("unexpected-response", (_req, res) => lines.push(`<<< ${res.statusCode}`));
ws.on("message", (data) => lines.push(`<<< ${String(data)}`));
ws.on("close", (code, reason) => lines.push(`<<< close ${code} ${reason}`));
await new Promise((resolve, reject) => { ws.once("open", resolve); ws.once("error", reject); });
lines.push("<<< 101 open");
const send = (command) => {
  const text = typeof command === "string" ? command : JSON.stringify(command);
  lines.push(`>>> ${text}`);
  ws.send(text);
};
send({ id: 1, method: "subscription.subscribe", params: { channels: ["lifecycle", "values"] } });
await sleep(300);
send({ id: 2, method: "run.start", params: { assistant_id: "agent", input: { items: ["a"] } } });
await sleep(2500);
send({ id: 3, method: "subscription.subscribe", params: { channels: ["lifecycle"], since: 5 } });
await sleep(500);
send({ id: 4, method: "subscription.unsubscribe", params: { subscription_id: "no-such-subscription" } });
send({ id: 5, method: "no.such.command", params: {} });
send({ id: 6, method: "subscription.subscribe", params: { channels: ["nope"] } });
send("not json");
await sleep(500);
send({ id: 7, method: "state.get", params: {} });
await sleep(500);
ws.close();
await sleep(200);
writeFileSync(`${OUT}/v2-54-websocket.txt`, lines.join("\n") + "\n");
