// The Spool under test (started by run.sh, URL in SPOOL_URL) and clients of it.
import { Client } from "@langchain/langgraph-sdk";

export const SPOOL_URL = (process.env.SPOOL_URL ?? "").replace(/\/$/, "");
if (!SPOOL_URL) {
  throw new Error("SPOOL_URL is not set: run the suite with conformance/run.sh (it starts Spool)");
}

/** Fast graph settings: the example graphs sleep delay_ms per node (default 200). */
export const FAST = { configurable: { delay_ms: 20 } };

/**
 * An SDK client. The SDK's request retries are switched off (maxRetries 0) so a server error shows up as the
 * failure it is instead of being retried away; stream reconnects (streamWithRetry) are not affected by this.
 */
export function client(apiUrl = SPOOL_URL) {
  return new Client({ apiUrl, callerOptions: { maxRetries: 0 } });
}

/** A raw HTTP request to Spool, for what the SDK cannot send (malformed ids, exact headers). */
export function raw(path, init = {}) {
  return fetch(`${SPOOL_URL}${path}`, init);
}

/** The system assistant id of a graph: UUIDv5(6ba7b821-9dad-11d1-80b4-00c04fd430c8, graph_id). */
export async function systemAssistantId(graphId) {
  const { createHash } = await import("node:crypto");
  const ns = Buffer.from("6ba7b8219dad11d180b400c04fd430c8", "hex");
  const hash = createHash("sha1").update(Buffer.concat([ns, Buffer.from(graphId, "utf8")])).digest();
  const b = hash.subarray(0, 16);
  b[6] = (b[6] & 0x0f) | 0x50;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = b.toString("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/**
 * An SDK client that reports each response as soon as its headers arrive: `opened(pathPart)` resolves when a
 * response to a request whose URL contains `pathPart` has started. For a live join (no Last-Event-ID) that is the
 * moment its cursor is fixed, so a test can start a run knowing the join will see all of it.
 */
export function clientWithOpenHook() {
  const waiters = [];
  const fetchHooked = async (url, init) => {
    const response = await fetch(url, init);
    for (const w of waiters.filter((w) => String(url).includes(w.pathPart))) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve(response);
    }
    return response;
  };
  const sdk = new Client({ apiUrl: SPOOL_URL, callerOptions: { maxRetries: 0, fetch: fetchHooked } });
  const opened = (pathPart) => new Promise((resolve) => waiters.push({ pathPart, resolve }));
  return { sdk, opened };
}
