// A TCP proxy between the SDK and Spool that cuts a streaming response mid-way, like a flaky network would, and
// records every request passing through (method, path, Last-Event-ID) so tests can see how the SDK reconnected.
import net from "node:net";
import { client } from "./server.mjs";

/**
 * Starts a proxy to `target` (an http://host:port URL). The response to each of the first `cuts` requests that
 * satisfy `match(request)` is cut where `cutAt(responseSoFar)` says (an offset into the response, headers
 * included; -1 = not yet): the proxy forwards exactly those bytes, then closes both sides. Everything else passes
 * untouched. Returns `{url, requests, cutCount(), request(pred), close()}`; `requests` holds
 * `{method, path, lastEventId, cut, at (epoch ms)}`.
 */
export async function startCuttingProxy({ target, match, cutAt, cuts = 1 }) {
  const upstreamUrl = new URL(target);
  const requests = [];
  const waiters = [];
  const sockets = new Set();
  let cutsLeft = cuts;

  const server = net.createServer((down) => {
    const up = net.connect(Number(upstreamUrl.port), upstreamUrl.hostname);
    sockets.add(down).add(up);
    let cutting = false;
    const closeBoth = () => {
      up.destroy();
      if (!cutting) down.destroy(); // when cutting, down.end() closes it once the allowed bytes are out
    };
    down.on("error", closeBoth).on("close", closeBoth);
    up.on("error", closeBoth).on("close", closeBoth);

    let seen = null; // the response so far, while a cut is pending on this connection
    const heads = requestHeadParser((req) => {
      requests.push(req);
      if (cutsLeft > 0 && match(req)) {
        cutsLeft -= 1;
        req.cut = true;
        seen = Buffer.alloc(0);
      }
      for (const w of waiters.filter((w) => w.pred(req))) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(req);
      }
    });
    down.on("data", (chunk) => {
      heads(chunk);
      up.write(chunk);
    });
    up.on("data", (chunk) => {
      if (seen == null) {
        down.write(chunk);
        return;
      }
      const before = seen.length;
      seen = Buffer.concat([seen, chunk]);
      const at = cutAt(seen.toString("latin1"));
      if (at < 0) {
        down.write(chunk);
        return;
      }
      // flush the allowed bytes, then drop the connection (FIN to the client, the server sees a reset)
      cutting = true;
      down.end(chunk.subarray(0, Math.max(0, at - before)));
      up.destroy();
    });
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    requests,
    cutCount: () => requests.filter((r) => r.cut).length,
    /** Resolves with the first request (already seen or still to come) that satisfies `pred`. */
    request: (pred) => {
      const seenBefore = requests.find(pred);
      return seenBefore ? Promise.resolve(seenBefore) : new Promise((resolve) => waiters.push({ pred, resolve }));
    },
    close: () => {
      for (const s of sockets) s.destroy();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}

/** Feeds client bytes; calls `onRequest` with each request head (keep-alive connections carry several). */
function requestHeadParser(onRequest) {
  let buffer = Buffer.alloc(0);
  let bodyLeft = 0;
  return (chunk) => {
    buffer = Buffer.concat([buffer, chunk]);
    while (buffer.length > 0) {
      if (bodyLeft > 0) {
        const skip = Math.min(bodyLeft, buffer.length);
        bodyLeft -= skip;
        buffer = buffer.subarray(skip);
        continue;
      }
      const end = buffer.indexOf("\r\n\r\n");
      if (end < 0) return;
      const lines = buffer.subarray(0, end).toString("latin1").split("\r\n");
      buffer = buffer.subarray(end + 4);
      const [method, path] = lines[0].split(" ");
      const headers = Object.fromEntries(lines.slice(1).map((l) => {
        const i = l.indexOf(":");
        return [l.slice(0, i).trim().toLowerCase(), l.slice(i + 1).trim()];
      }));
      bodyLeft = Number(headers["content-length"] ?? 0);
      onRequest({ method, path, lastEventId: headers["last-event-id"], cut: false, at: Date.now() });
    }
  };
}

/** Cut after `n` bytes of the response (headers included). */
export const afterBytes = (n) => (text) => (text.length >= n ? n : -1);

/** Cut in the middle of the k-th event's `data:` line (k from 1), so that event arrives incomplete. */
export function insideEvent(k) {
  return (text) => {
    let from = text.indexOf("\r\n\r\n");
    for (let i = 0; i < k && from >= 0; i++) from = text.indexOf("data: ", from + 1);
    return from >= 0 && text.length >= from + 12 ? from + 12 : -1;
  };
}

/** Runs `body(proxy, sdkThroughProxy)` with a cutting proxy in front of `target`, then closes the proxy. */
export async function withCuttingProxy(options, body) {
  const proxy = await startCuttingProxy(options);
  try {
    return await body(proxy, client(proxy.url));
  } catch (e) {
    e.message += `\nrequests through the proxy: ${JSON.stringify(proxy.requests)}`;
    throw e;
  } finally {
    await proxy.close();
  }
}
