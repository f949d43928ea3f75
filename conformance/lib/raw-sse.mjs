// A raw SSE reader (plain fetch), for what the SDK hides: headers, heartbeat comments, query encodings it does
// not produce.
import assert from "node:assert/strict";
import { SPOOL_URL } from "./server.mjs";

/**
 * Opens `path` and reads frames until `stop(frame, frames)` is true or `ms` pass, then closes the connection.
 * A frame is `{comment}` for a `:` line, else `{event, data (parsed JSON), id}`.
 */
export async function readRawSse(path, { headers = {}, stop, ms = 15_000 } = {}) {
  const ac = new AbortController();
  const timer = setTimeout(() => ac.abort(), ms);
  const frames = [];
  let response;
  try {
    response = await fetch(`${SPOOL_URL}${path}`, { headers: { accept: "text/event-stream", ...headers },
      signal: ac.signal });
    if (response.status !== 200) assert.fail(`HTTP ${response.status}: ${await response.text()}`);
    const decoder = new TextDecoder();
    let buffer = "";
    for await (const chunk of response.body) {
      buffer += decoder.decode(chunk, { stream: true });
      let end;
      while ((end = buffer.search(/\r?\n\r?\n/)) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(buffer.slice(end).match(/^\r?\n\r?\n/)[0].length + end);
        const frame = parseBlock(block);
        frames.push(frame);
        if (stop(frame, frames)) return { response, frames };
      }
    }
    assert.fail(`stream ended without the awaited frame after ${frames.length} frames`);
  } catch (e) {
    if (ac.signal.aborted) assert.fail(`no awaited frame within ${ms} ms; frames: ${JSON.stringify(frames)}`);
    throw e;
  } finally {
    clearTimeout(timer);
    ac.abort();
  }
}

function parseBlock(block) {
  const frame = {};
  for (const line of block.split(/\r?\n/)) {
    if (line.startsWith(":")) frame.comment = line.slice(1).trim();
    const m = /^(event|data|id): ?(.*)$/.exec(line);
    if (m) frame[m[1]] = m[1] === "data" ? JSON.parse(m[2]) : m[2];
  }
  return frame;
}
