// Small helpers to build the page without a framework: elements from data (text is never parsed as HTML).

/** h('div.cls#id', {attrs, on: {click}}, children...) */
export function h(tag, attrs, ...children) {
  const [, name, rest] = tag.match(/^([a-z0-9]+)(.*)$/i);
  const el = document.createElement(name);
  for (const part of rest.match(/[.#][^.#]+/g) || []) {
    if (part[0] === '.') el.classList.add(part.slice(1));
    else el.id = part.slice(1);
  }
  if (attrs && (typeof attrs !== 'object' || attrs instanceof Node || Array.isArray(attrs))) {
    children.unshift(attrs);
    attrs = null;
  }
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'on') for (const [ev, fn] of Object.entries(v)) el.addEventListener(ev, fn);
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (k === 'value') el.value = v;
    else if (k === 'checked') el.checked = !!v;
    else el.setAttribute(k, v === true ? '' : v);
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : String(c));
  }
}

/** Replaces an element's children. */
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/** Pretty JSON in a <pre>. */
export function jsonView(value, cls = '') {
  return h('pre.json' + (cls ? '.' + cls : ''), JSON.stringify(value, null, 2));
}

/** The last 8 characters of an id: Spool's ids are UUIDv7, whose first ones are the time and alike within a run. */
export function shortId(id) {
  return id ? '…' + String(id).slice(-8) : '';
}

export function time(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  return isNaN(d) ? iso : d.toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'medium' });
}

export function duration(fromIso, toIso) {
  const ms = new Date(toIso) - new Date(fromIso);
  if (!isFinite(ms) || ms < 0) return '';
  if (ms < 1000) return ms + ' ms';
  if (ms < 60000) return (ms / 1000).toFixed(ms < 10000 ? 2 : 1) + ' s';
  return Math.floor(ms / 60000) + ' min ' + Math.round((ms % 60000) / 1000) + ' s';
}

export function statusBadge(status) {
  return h('span.badge.status-' + String(status || 'unknown').replace(/[^a-z_]/gi, ''), status || 'unknown');
}

/** Parses a JSON text field; throws an Error naming the field when it is not JSON. */
export function parseJson(text, what) {
  if (!text.trim()) return undefined;
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new Error(`${what} is not valid JSON: ${e.message}`);
  }
}
