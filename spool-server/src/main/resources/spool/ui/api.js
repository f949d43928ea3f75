// The server's API from the browser: same origin only, the API key (if any) from sessionStorage as x-api-key.

const KEY = 'spool.apiKey';

export function apiKey() {
  return sessionStorage.getItem(KEY) || '';
}

export function setApiKey(key) {
  if (key) sessionStorage.setItem(KEY, key);
  else sessionStorage.removeItem(KEY);
}

function headers(extra = {}) {
  const out = { ...extra };
  const key = apiKey();
  if (key) out['x-api-key'] = key;
  return out;
}

/** An answer of the API that was not 2xx: carries the status and the server's detail. */
export class ApiError extends Error {
  constructor(status, detail) {
    super(`${status}: ${detail}`);
    this.status = status;
    this.detail = detail;
  }
}

async function failure(res) {
  let detail = res.statusText;
  try {
    const body = await res.json();
    detail = typeof body.detail === 'string' ? body.detail : JSON.stringify(body.detail ?? body);
  } catch { /* not JSON */ }
  return new ApiError(res.status, detail);
}

/** One JSON request; resolves to the parsed body (null for 204). */
export async function api(method, path, body) {
  const res = await fetch(path, {
    method,
    headers: headers(body === undefined ? {} : { 'content-type': 'application/json' }),
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw await failure(res);
  if (res.status === 204) return null;
  const text = await res.text();
  return text ? JSON.parse(text) : null;
}

export const get = (path) => api('GET', path);
export const post = (path, body) => api('POST', path, body ?? {});

/**
 * A thread's stream, read with fetch so it can send the API key and Last-Event-ID (EventSource can do neither).
 * Calls onEvent({id, event, data}) per event and onStatus(text) as the connection changes; reconnects after a
 * drop, resuming just after the last event it saw. Returns {close(), ready} (ready: the first connection is live).
 */
export function threadStream(threadId, { lastEventId = '-', onEvent, onStatus }) {
  let last = lastEventId;
  let stopped = false;
  let controller = null;
  let attempt = 0;
  let markReady;
  const ready = new Promise((resolve) => { markReady = resolve; });

  async function connect() {
    while (!stopped) {
      controller = new AbortController();
      try {
        const h = headers({ accept: 'text/event-stream' });
        if (last) h['last-event-id'] = last;
        const res = await fetch(`/threads/${encodeURIComponent(threadId)}/stream`, { headers: h, signal: controller.signal });
        if (!res.ok) {
          const err = await failure(res);
          if (res.status === 404 || res.status === 401 || res.status === 403 || res.status === 422) {
            onStatus?.('closed: ' + err.detail, 'error');
            markReady();
            return;
          }
          throw err;
        }
        attempt = 0;
        onStatus?.(last && last !== '-' ? 'live (resumed after ' + last + ')' : 'live', 'live');
        markReady();
        await readEvents(res.body, (ev) => {
          if (ev.id) last = ev.id;
          if (ev.event === 'error') stopped = true;
          onEvent(ev);
        });
        if (stopped) break;
        onStatus?.('disconnected, reconnecting…', 'warn');
      } catch (e) {
        if (stopped) break;
        onStatus?.('disconnected (' + (e.message || e) + '), reconnecting…', 'warn');
      }
      attempt++;
      await new Promise((r) => setTimeout(r, Math.min(5000, 250 * 2 ** Math.min(attempt, 5))));
    }
    onStatus?.('closed', 'closed');
  }

  connect();
  return {
    ready,
    lastEventId: () => last,
    close() {
      stopped = true;
      controller?.abort();
    },
  };
}

/** Reads Server-Sent Events from a byte stream (the SSE format: fields per line, events end on a blank line). */
async function readEvents(body, onEvent) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  let ev = { data: [] };
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value;
    let nl;
    while ((nl = buffer.search(/\r\n|\r|\n/)) >= 0) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + (buffer.startsWith('\r\n', nl) ? 2 : 1));
      if (line === '') {
        if (ev.data.length || ev.event) {
          const text = ev.data.join('\n');
          let data = text;
          try { data = text ? JSON.parse(text) : null; } catch { /* plain text */ }
          onEvent({ id: ev.id, event: ev.event || 'message', data });
        }
        ev = { data: [] };
      } else if (!line.startsWith(':')) {
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        let val = colon < 0 ? '' : line.slice(colon + 1);
        if (val.startsWith(' ')) val = val.slice(1);
        if (field === 'data') ev.data.push(val);
        else if (field === 'event') ev.event = val;
        else if (field === 'id') ev.id = val;
      }
    }
  }
}
