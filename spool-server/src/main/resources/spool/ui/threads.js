// Threads: the searchable list, and one thread: its live thread stream, state, history time line, runs,
// pending interrupts, and the chat panel or input form that starts runs on it.
import { get, post, api, threadStream } from './api.js';
import { h, fill, jsonView, shortId, time, duration, statusBadge, parseJson } from './dom.js';
import { assistants, assistantName } from './assistants.js';
import { ChatPanel, inputForm, interruptsPanel } from './chat.js';

const PAGE = 50;
const RUN_MODES = ['values', 'messages-tuple', 'updates', 'custom'];
const MAX_EVENTS = 1500; // rows kept in the stream view

/** "key=value, k2=v2" or a JSON object, as a metadata filter. */
function metadataFilter(text) {
  const t = text.trim();
  if (!t) return undefined;
  if (t.startsWith('{')) return parseJson(t, 'metadata');
  const out = {};
  for (const part of t.split(',')) {
    const [k, ...v] = part.split('=');
    if (!k.trim() || !v.length) throw new Error(`metadata: write key=value pairs or a JSON object ("${part.trim()}")`);
    const raw = v.join('=').trim();
    try { out[k.trim()] = JSON.parse(raw); } catch { out[k.trim()] = raw; }
  }
  return out;
}

export async function threadsView(view, query) {
  const status = h('select', { name: 'status' }, ['', 'idle', 'busy', 'interrupted', 'error'].map((s) =>
    h('option', { value: s, selected: s === (query.get('status') || '') }, s || 'any status')));
  const metadata = h('input', { name: 'metadata', type: 'text', placeholder: 'metadata: graph_id=chat, user=me  or  {"user": "me"}',
    value: query.get('metadata') || '' });
  const error = h('p.error', { hidden: true });
  const table = h('tbody');
  const more = h('button', { type: 'button', hidden: true }, 'More');
  let offset = 0;

  async function load(reset) {
    error.hidden = true;
    if (reset) { offset = 0; fill(table, h('tr', h('td.muted', { colspan: 5 }, 'Loading…'))); }
    let filter;
    try { filter = metadataFilter(metadata.value); } catch (e) { fill(error, e.message); error.hidden = false; return; }
    const body = { limit: PAGE, offset, sort_by: 'updated_at', sort_order: 'desc' };
    if (filter) body.metadata = filter;
    if (status.value) body.status = status.value;
    const page = await post('/threads/search', body);
    if (reset) table.replaceChildren();
    offset += page.length;
    more.hidden = page.length < PAGE;
    for (const t of page) table.append(threadRow(t));
    if (!table.children.length) {
      table.append(h('tr', h('td.muted', { colspan: 5 }, filter || body.status ? 'No threads match.'
        : 'No threads yet: pick an assistant and start one with New thread.')));
    }
  }
  more.addEventListener('click', () => load(false));

  const list = await assistants();
  const pick = h('select', { name: 'assistant' }, list.map((a) => h('option', { value: a.assistant_id }, assistantName(a))));
  const create = h('form.inline', { on: { submit: async (e) => {
    e.preventDefault();
    const a = list.find((x) => x.assistant_id === pick.value);
    const t = await post('/threads', { metadata: { graph_id: a.graph_id, assistant_id: a.assistant_id } });
    location.hash = `#/threads/${t.thread_id}`;
  } } }, pick, h('button.primary', { type: 'submit' }, 'New thread'));

  fill(view,
    h('div.page-head', h('h1', 'Threads'), h('span.spacer'), create),
    h('form.search', { on: { submit: (e) => {
      e.preventDefault();
      const q = new URLSearchParams();
      if (status.value) q.set('status', status.value);
      if (metadata.value.trim()) q.set('metadata', metadata.value.trim());
      history.replaceState(null, '', '#/threads' + (q.size ? '?' + q : ''));
      load(true);
    } } }, status, metadata, h('button', { type: 'submit' }, 'Search')),
    error,
    h('table.list', h('thead', h('tr', h('th', 'thread'), h('th', 'status'), h('th', 'graph'), h('th', 'metadata'), h('th', 'updated'))), table),
    more);
  await load(true);
}

function threadRow(t) {
  const meta = Object.entries(t.metadata || {}).filter(([k]) => k !== 'graph_id' && k !== 'assistant_id');
  return h('tr.link', { on: { click: () => { location.hash = `#/threads/${t.thread_id}`; } } },
    h('td.mono', h('a', { href: `#/threads/${t.thread_id}`, title: t.thread_id }, shortId(t.thread_id))),
    h('td', statusBadge(t.status)),
    h('td', t.metadata?.graph_id || '—'),
    h('td', h('span.meta', meta.map(([k, v]) => h('span.chip', `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)))),
    h('td', time(t.updated_at)));
}

/** Pending interrupts of a thread ({task id: [interrupt]}), with the node each waits in when the state names it. */
function pendingInterrupts(thread, state) {
  const nodeOf = new Map((state?.tasks || []).map((t) => [t.id, t.name]));
  const out = [];
  for (const [task, list] of Object.entries(thread.interrupts || {})) {
    for (const it of list) out.push({ ...it, task, node: nodeOf.get(task) });
  }
  return out;
}

/** One thread. Returns a function that ends its stream (called when the page moves elsewhere). */
export async function threadView(view, threadId) {
  const path = `/threads/${encodeURIComponent(threadId)}`;
  const list = await assistants();
  let thread = await get(path);
  let state = await get(`${path}/state`);
  const defaultAssistant = list.find((a) => a.assistant_id === thread.metadata?.assistant_id)
    || list.find((a) => a.graph_id === thread.metadata?.graph_id) || list[0];
  const pick = h('select', { name: 'assistant', title: 'assistant for new runs' },
    list.map((a) => h('option', { value: a.assistant_id, selected: a === defaultAssistant }, assistantName(a))));

  const head = h('div.page-head');
  const interruptsBox = h('div');
  const inputBox = h('div');
  const tabs = new Tabs(['Stream', 'State', 'History', 'Runs']);
  const stream = new StreamLog();
  tabs.panel('Stream').append(stream.el);
  let chat = null;

  async function startRun(body) {
    const run = await post(`${path}/runs`, { assistant_id: pick.value, stream_mode: RUN_MODES, ...body });
    refreshSoon();
    return run;
  }

  async function renderInput() {
    const schemas = await get(`/assistants/${encodeURIComponent(pick.value)}/schemas`);
    const props = schemas.input_schema?.properties || {};
    if (props.messages) {
      chat = new ChatPanel((input) => startRun({ input }));
      chat.setMessages(state.values?.messages);
      fill(inputBox, chat.el);
    } else {
      chat = null;
      fill(inputBox, inputForm(schemas.input_schema, (input, config) => startRun({ input, ...(config ? { config } : {}) })));
    }
  }
  pick.addEventListener('change', renderInput);

  function renderHead() {
    const meta = Object.entries(thread.metadata || {});
    fill(head,
      h('h1', 'Thread ', h('span.mono', { title: thread.thread_id }, thread.thread_id)),
      statusBadge(thread.status),
      h('span.meta', meta.map(([k, v]) => h('span.chip', `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`))),
      h('span.spacer'),
      h('label.inline', 'assistant ', pick),
      h('button', { type: 'button', on: { click: () => refresh() } }, 'Refresh'));
  }

  function renderInterrupts() {
    fill(interruptsBox, interruptsPanel(pendingInterrupts(thread, state), (it, resume) => startRun({ command: { resume } })));
  }

  let refreshing = null, again = false;
  async function refresh() {
    if (refreshing) { again = true; return refreshing; }
    refreshing = (async () => {
      do {
        again = false;
        [thread, state] = await Promise.all([get(path), get(`${path}/state`)]);
        renderHead();
        renderInterrupts();
        if (chat && !chat.streaming.size) chat.setMessages(state.values?.messages);
        renderState(tabs.panel('State'), thread, state);
        await Promise.all([renderHistory(tabs.panel('History'), path, startRun), renderRuns(tabs.panel('Runs'), path, list)]);
      } while (again);
    })().finally(() => { refreshing = null; });
    return refreshing;
  }
  let timer = null;
  function refreshSoon() {
    clearTimeout(timer);
    timer = setTimeout(() => refresh().catch(() => {}), 150);
  }

  renderHead();
  fill(view, head, h('div.columns', h('div.grow', interruptsBox, inputBox), h('div.side.wide', tabs.el)));
  await renderInput();
  renderInterrupts();
  renderState(tabs.panel('State'), thread, state);
  await Promise.all([renderHistory(tabs.panel('History'), path, startRun), renderRuns(tabs.panel('Runs'), path, list)]);

  const conn = threadStream(threadId, {
    lastEventId: '-',
    onStatus: (text, kind) => stream.status(text, kind),
    onEvent: (ev) => {
      stream.add(ev);
      if (chat && ev.event === 'messages' && Array.isArray(ev.data)) chat.chunk(ev.data[0]);
      else if (chat && ev.event === 'messages/partial' && Array.isArray(ev.data)) chat.partial(ev.data[ev.data.length - 1]);
      else if (chat && ev.event === 'values' && Array.isArray(ev.data?.messages)) chat.setMessages(ev.data.messages);
      // a run started or ended, or the state was edited: the status, state, history and runs change; at a run's
      // end the state has the messages, so none is still streaming (even one the graph saved under another id)
      if (chat && ev.event === 'metadata' && ev.data?.status === 'run_done') chat.streaming.clear();
      if (ev.event === 'metadata' || ev.event === 'state_update') refreshSoon();
    },
  });
  await conn.ready;
  view.dataset.streamReady = 'true';
  return () => { conn.close(); clearTimeout(timer); };
}

class Tabs {
  constructor(names) {
    this.panels = new Map();
    this.bar = h('div.tabs', { role: 'tablist' });
    this.el = h('section.panel.tabbed', this.bar);
    for (const name of names) {
      const panel = h('div.tab-panel', { role: 'tabpanel', dataset: { tab: name.toLowerCase() }, hidden: this.panels.size > 0 });
      const button = h('button.tab', { type: 'button', role: 'tab', dataset: { tab: name.toLowerCase() }, 'aria-selected': String(!this.panels.size),
        on: { click: () => this.show(name) } }, name);
      this.bar.append(button);
      this.el.append(panel);
      this.panels.set(name, { panel, button });
    }
  }
  panel(name) { return this.panels.get(name).panel; }
  show(name) {
    for (const [n, { panel, button }] of this.panels) {
      panel.hidden = n !== name;
      button.setAttribute('aria-selected', String(n === name));
    }
  }
}

/** The thread stream as it arrives, filtered by event type (client side, so a filter never loses events). */
class StreamLog {
  constructor() {
    this.hiddenTypes = new Set();
    this.counts = new Map();
    this.pill = h('span.pill', 'connecting…');
    this.filters = h('span.filters');
    this.rows = h('ol.events');
    this.follow = h('input', { type: 'checkbox', checked: true, title: 'scroll to new events' });
    this.el = h('div.stream',
      h('div.toolbar', this.pill, this.filters, h('span.spacer'),
        h('label.inline', this.follow, ' follow'),
        h('button', { type: 'button', on: { click: () => { this.rows.replaceChildren(); } } }, 'Clear')),
      this.rows);
  }
  status(text, kind) {
    this.pill.textContent = text;
    this.pill.className = 'pill ' + (kind || '');
  }
  add(ev) {
    const type = ev.event.split('|')[0];
    const n = (this.counts.get(type) || 0) + 1;
    this.counts.set(type, n);
    if (n === 1) this.addFilter(type);
    else this.filters.querySelector(`[data-type="${CSS.escape(type)}"] .count`).textContent = n;
    const ms = Number(String(ev.id || '').split('-')[0]);
    const summary = typeof ev.data === 'string' ? ev.data : JSON.stringify(ev.data);
    const row = h('li.event', { dataset: { type, id: ev.id || '' }, hidden: this.hiddenTypes.has(type) },
      h('span.ev-time', ms ? new Date(ms).toLocaleTimeString(undefined, { hour12: false }) + '.' + String(ms % 1000).padStart(3, '0') : ''),
      h('span.ev-type.t-' + type.replace(/[^a-z]/gi, '-'), ev.event),
      h('span.ev-data', summary.length > 240 ? summary.slice(0, 240) + '…' : summary));
    row.addEventListener('click', () => {
      const open = row.querySelector('pre');
      if (open) open.remove();
      else row.append(h('div.ev-full', h('div.muted.mono', `id ${ev.id}`), jsonView(ev.data)));
    });
    this.rows.append(row);
    while (this.rows.children.length > MAX_EVENTS) this.rows.firstChild.remove();
    if (this.follow.checked) this.rows.scrollTop = this.rows.scrollHeight;
  }
  addFilter(type) {
    const box = h('input', { type: 'checkbox', checked: !this.hiddenTypes.has(type) });
    box.addEventListener('change', () => {
      if (box.checked) this.hiddenTypes.delete(type); else this.hiddenTypes.add(type);
      for (const row of this.rows.children) if (row.dataset.type === type) row.hidden = !box.checked;
    });
    this.filters.append(h('label.filter', { dataset: { type } }, box, ` ${type} `, h('span.count', '1')));
  }
}

function renderState(panel, thread, state) {
  fill(panel,
    h('dl.facts',
      h('dt', 'status'), h('dd', statusBadge(thread.status)),
      h('dt', 'next'), h('dd', (state.next || []).join(', ') || '—'),
      h('dt', 'checkpoint'), h('dd.mono', state.checkpoint?.checkpoint_id || '—'),
      h('dt', 'step'), h('dd', state.metadata?.step ?? '—'),
      h('dt', 'created'), h('dd', time(thread.created_at)),
      h('dt', 'updated'), h('dd', time(thread.updated_at))),
    h('h3', 'values'), jsonView(state.values ?? {}),
    (state.tasks || []).length ? [h('h3', 'tasks'), jsonView(state.tasks)] : null,
    h('h3', 'metadata'), jsonView(thread.metadata ?? {}));
}

/** The checkpoints, newest first, as a time line; a checkpoint with more than one child is where the thread forked. */
async function renderHistory(panel, path, startRun) {
  const history = await post(`${path}/history`, { limit: 100 });
  const children = new Map();
  for (const c of history) {
    const parent = c.parent_checkpoint?.checkpoint_id;
    if (parent) children.set(parent, (children.get(parent) || 0) + 1);
  }
  if (!history.length) { fill(panel, h('p.muted', 'No checkpoints yet: the thread has not run.')); return; }
  fill(panel, h('ol.timeline', history.map((c, i) => {
    const id = c.checkpoint?.checkpoint_id;
    const forks = children.get(id) || 0;
    const branchOff = i < history.length - 1 && history[i + 1].checkpoint?.checkpoint_id !== c.parent_checkpoint?.checkpoint_id
      && c.parent_checkpoint;
    const details = h('div.cp-details', { hidden: true }, jsonView(c.values),
      h('button', { type: 'button', on: { click: () => startRun({ checkpoint_id: id, input: null }) } }, 'Run again from here (fork)'));
    return h('li.cp' + (forks > 1 ? '.fork' : '') + (branchOff ? '.branch' : ''), { dataset: { checkpoint: id || '' } },
      h('div.cp-head', { on: { click: () => { details.hidden = !details.hidden; } } },
        h('span.cp-step', `step ${c.metadata?.step ?? '?'}`),
        h('span.badge', c.metadata?.source || '—'),
        (c.next || []).length ? h('span', '→ ', c.next.join(', ')) : h('span.muted', 'done'),
        (c.interrupts || []).length ? h('span.badge.status-interrupted', 'interrupt') : null,
        forks > 1 ? h('span.badge.fork', `fork: ${forks} branches`) : null,
        branchOff ? h('span.badge.fork', `from ${shortId(c.parent_checkpoint.checkpoint_id)}`) : null,
        h('span.spacer'),
        h('span.muted', time(c.created_at)),
        h('span.mono.muted', { title: id }, shortId(id))),
      details);
  })));
}

async function renderRuns(panel, path, list) {
  const runs = await get(`${path}/runs?limit=50`);
  const name = (id) => { const a = list.find((x) => x.assistant_id === id); return a ? a.name || a.graph_id : shortId(id); };
  if (!runs.length) { fill(panel, h('p.muted', 'No runs yet.')); return; }
  fill(panel, h('table.list.runs', h('thead', h('tr', h('th', 'run'), h('th', 'status'), h('th', 'assistant'), h('th', 'started'), h('th', 'took'), h('th', ''))),
    h('tbody', runs.map((r) => {
      const active = r.status === 'pending' || r.status === 'running';
      return h('tr', { dataset: { run: r.run_id } },
        h('td.mono', { title: r.run_id }, shortId(r.run_id)),
        h('td', statusBadge(r.status)),
        h('td', name(r.assistant_id)),
        h('td', time(r.created_at)),
        h('td', active ? h('span.muted', 'running ' + duration(r.created_at, new Date().toISOString())) : duration(r.created_at, r.updated_at)),
        h('td', active ? h('button.small', { type: 'button', on: { click: () => api('POST', `${path}/runs/${r.run_id}/cancel`, {}) } }, 'Cancel') : null));
    }))));
}
