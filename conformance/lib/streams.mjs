// Reading SDK streams: collect parts, stop on a condition with a deadline, check event ids.
import assert from "node:assert/strict";

/** Every part of a finite stream (a run stream ends after its run). */
export async function collect(stream) {
  const parts = [];
  for await (const part of stream) parts.push(part);
  return parts;
}

/**
 * Reads `open(signal)` (an SDK stream taking an AbortSignal) until `stop(part, parts)` is true, then aborts the
 * connection. Fails with the parts seen so far if that does not happen within `ms`.
 */
export async function readUntil(open, stop, ms = 15_000) {
  const ac = new AbortController();
  const parts = [];
  const timer = setTimeout(() => ac.abort(), ms);
  try {
    for await (const part of open(ac.signal)) {
      parts.push(part);
      if (stop(part, parts)) return parts;
    }
    assert.fail(`stream ended without the awaited event; got ${summary(parts)}`);
  } catch (e) {
    if (ac.signal.aborted) assert.fail(`no awaited event within ${ms} ms; got ${summary(parts)}`);
    throw e;
  } finally {
    clearTimeout(timer);
    ac.abort();
  }
}

/** Whether a part is the end marker of run `runId` on the thread stream. */
export const isRunDone = (runId) => (p) =>
  p.event === "metadata" && p.data?.status === "run_done" && (runId == null || p.data.run_id === runId);

/** `<ms>-<seq>` as a pair of BigInts, for ordering. */
export function parseId(id) {
  const m = /^(\d+)-(\d+)$/.exec(id ?? "");
  assert.ok(m, `event id ${JSON.stringify(id)} is not <ms>-<seq>`);
  return [BigInt(m[1]), BigInt(m[2])];
}

export function compareIds(a, b) {
  const [am, as] = parseId(a);
  const [bm, bs] = parseId(b);
  return am !== bm ? (am < bm ? -1 : 1) : as === bs ? 0 : as < bs ? -1 : 1;
}

/** Every part has an `<ms>-<seq>` id, and the ids strictly increase. */
export function assertIncreasingIds(parts) {
  for (let i = 0; i < parts.length; i++) {
    parseId(parts[i].id);
    if (i > 0) {
      assert.ok(compareIds(parts[i - 1].id, parts[i].id) < 0,
        `ids not strictly increasing at ${i}: ${parts[i - 1].id} then ${parts[i].id}`);
    }
  }
}

/** `event` names in order. */
export const names = (parts) => parts.map((p) => p.event);

/** A short description of parts for failure messages. */
export function summary(parts) {
  const shown = parts.slice(0, 30).map((p) => `${p.id ?? "-"} ${p.event} ${JSON.stringify(p.data)?.slice(0, 80)}`);
  return `${parts.length} parts:\n  ${shown.join("\n  ")}${parts.length > 30 ? "\n  ..." : ""}`;
}
