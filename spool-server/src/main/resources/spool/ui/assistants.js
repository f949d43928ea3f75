// Assistants: the list, and one assistant with its graph drawn, its schemas and a button to start a thread on it.
import { get, post } from './api.js';
import { h, fill, jsonView, shortId, time } from './dom.js';
import { graphSvg } from './graph.js';

let cache = null;

/** Every assistant (the system ones first), fetched once per page load unless refresh is asked. */
export async function assistants(refresh = false) {
  if (!cache || refresh) cache = await post('/assistants/search', { limit: 1000, sort_by: 'created_at', sort_order: 'asc' });
  return cache;
}

export function assistantName(a) {
  return a.name && a.name !== a.graph_id ? `${a.name} (${a.graph_id})` : a.graph_id;
}

export async function assistantsView(view) {
  const list = await assistants(true);
  fill(view,
    h('div.page-head', h('h1', 'Assistants'), h('span.muted', `${list.length} assistant${list.length === 1 ? '' : 's'}`)),
    h('table.list',
      h('thead', h('tr', h('th', 'name'), h('th', 'graph'), h('th', 'id'), h('th', 'version'), h('th', 'updated'))),
      h('tbody', list.map((a) => h('tr.link', { on: { click: () => { location.hash = `#/assistants/${a.assistant_id}`; } } },
        h('td', h('a', { href: `#/assistants/${a.assistant_id}` }, a.name || a.graph_id)),
        h('td', a.graph_id), h('td.mono', { title: a.assistant_id }, shortId(a.assistant_id)),
        h('td', a.version), h('td', time(a.updated_at)))))));
}

export async function assistantView(view, id) {
  const [a, graph, schemas] = await Promise.all([
    get(`/assistants/${encodeURIComponent(id)}`),
    get(`/assistants/${encodeURIComponent(id)}/graph`),
    get(`/assistants/${encodeURIComponent(id)}/schemas`),
  ]);
  const start = h('button.primary', { on: { click: async () => {
    const t = await post('/threads', { metadata: { graph_id: a.graph_id, assistant_id: a.assistant_id } });
    location.hash = `#/threads/${t.thread_id}`;
  } } }, 'New thread with this assistant');
  fill(view,
    h('div.page-head', h('h1', assistantName(a)), h('span.mono.muted', a.assistant_id), start),
    h('div.columns',
      h('section.panel.grow',
        h('h2', 'Graph'),
        h('p.muted', `${graph.nodes.length} nodes, ${graph.edges.length} edges`),
        h('div.graph-box', graphSvg(graph))),
      h('section.panel.side',
        h('h2', 'Assistant'),
        h('dl.facts',
          h('dt', 'graph'), h('dd', a.graph_id),
          h('dt', 'version'), h('dd', a.version),
          h('dt', 'created'), h('dd', time(a.created_at)),
          h('dt', 'description'), h('dd', a.description || '—')),
        h('h3', 'config'), jsonView(a.config),
        h('h3', 'metadata'), jsonView(a.metadata),
        h('h3', 'input schema'), jsonView(schemas.input_schema),
        h('h3', 'state schema'), jsonView(schemas.state_schema))));
}
