// An assistant's graph (GET /assistants/{id}/graph: nodes and edges) drawn as SVG with a simple layered layout:
// each node one layer below its deepest predecessor (edges that close a cycle do not count), layers ordered by
// the mean position of each node's predecessors, edges as curves (back edges bend to the side).

const SVG = 'http://www.w3.org/2000/svg';
const NODE_H = 34, LAYER_GAP = 70, NODE_GAP = 28, PAD = 20, CHAR_W = 7.4;

function s(tag, attrs = {}, text) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  if (text !== undefined) el.textContent = text;
  return el;
}

function label(node) {
  const d = node.data;
  if (typeof d === 'string') return d;
  // a node that runs a subgraph is drawn, as on the official server, with the subgraph's class name ("LangGraph"):
  // its id names it better
  if (d && typeof d === 'object' && d.name && d.name !== 'LangGraph') return d.name;
  return node.id;
}

/** Layers and positions for {nodes, edges}; exported for reading, the page only draws. */
export function layout(graph) {
  const nodes = graph.nodes || [];
  const edges = (graph.edges || []).filter((e) => nodes.some((n) => n.id === e.source) && nodes.some((n) => n.id === e.target));
  const out = new Map(nodes.map((n) => [n.id, []]));
  for (const e of edges) out.get(e.source).push(e.target);
  // back edges: found by a depth-first walk from the start (then from any node not reached)
  const state = new Map(), back = new Set();
  const visit = (id) => {
    state.set(id, 1);
    for (const t of out.get(id)) {
      if (state.get(t) === 1) back.add(id + '\u0000' + t);
      else if (!state.has(t)) visit(t);
    }
    state.set(id, 2);
  };
  const starts = nodes.filter((n) => n.id === '__start__').concat(nodes);
  for (const n of starts) if (!state.has(n.id)) visit(n.id);
  const forward = edges.filter((e) => !back.has(e.source + '\u0000' + e.target));
  // longest path layering over the forward edges
  const layer = new Map(nodes.map((n) => [n.id, 0]));
  for (let changed = true, guard = 0; changed && guard < nodes.length + 1; guard++) {
    changed = false;
    for (const e of forward) {
      if (layer.get(e.target) < layer.get(e.source) + 1) { layer.set(e.target, layer.get(e.source) + 1); changed = true; }
    }
  }
  // __end__ alone at the bottom, below every other node
  if (nodes.some((n) => n.id === '__end__')) {
    layer.set('__end__', Math.max(0, ...nodes.filter((n) => n.id !== '__end__').map((n) => layer.get(n.id) + 1)));
  }
  const layers = [];
  for (const n of nodes) (layers[layer.get(n.id)] ||= []).push(n);
  const pos = new Map();
  const width = (n) => Math.max(70, label(n).length * CHAR_W + 28);
  layers.forEach((row, i) => {
    if (i > 0) {
      const mean = (n) => {
        const xs = forward.filter((e) => e.target === n.id && pos.has(e.source)).map((e) => pos.get(e.source).cx);
        return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0;
      };
      row.sort((a, b) => mean(a) - mean(b));
    }
    let x = 0;
    for (const n of row) {
      const w = width(n);
      pos.set(n.id, { x, y: i * (NODE_H + LAYER_GAP), w, cx: x + w / 2 });
      x += w + NODE_GAP;
    }
  });
  // centre each layer on the widest
  const rowWidth = (row) => row.reduce((a, n) => a + pos.get(n.id).w, 0) + NODE_GAP * (row.length - 1);
  const max = Math.max(0, ...layers.filter(Boolean).map(rowWidth));
  for (const row of layers.filter(Boolean)) {
    const shift = (max - rowWidth(row)) / 2;
    for (const n of row) { const p = pos.get(n.id); p.x += shift; p.cx += shift; }
  }
  return { nodes, edges, back, pos, layer, width: max, height: layers.length * (NODE_H + LAYER_GAP) - LAYER_GAP };
}

/** The graph as an <svg> element. */
export function graphSvg(graph) {
  const { nodes, edges, back, pos, layer, width, height } = layout(graph);
  const W = width + PAD * 2 + 120, H = height + PAD * 2;
  const svg = s('svg', { class: 'graph', viewBox: `0 0 ${W} ${H}`, width: W, height: H, role: 'img',
    'aria-label': `graph with ${nodes.length} nodes and ${edges.length} edges` });
  const defs = s('defs');
  const marker = s('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' });
  marker.append(s('path', { d: 'M0,0 L10,5 L0,10 z', class: 'arrowhead' }));
  defs.append(marker);
  svg.append(defs);
  const g = s('g', { transform: `translate(${PAD + 60},${PAD})` });
  svg.append(g);
  for (const e of edges) {
    const a = pos.get(e.source), b = pos.get(e.target);
    let d;
    if (back.has(e.source + '\u0000' + e.target) || a === b) {
      // around the right of every node on the layers it spans, so it crosses none of them
      const x1 = a.x + a.w, y1 = a.y + NODE_H / 2, x2 = b.x + b.w, y2 = b.y + NODE_H / 2;
      const lo = Math.min(layer.get(e.source), layer.get(e.target)), hi = Math.max(layer.get(e.source), layer.get(e.target));
      const right = Math.max(...nodes.filter((n) => layer.get(n.id) >= lo && layer.get(n.id) <= hi).map((n) => pos.get(n.id).x + pos.get(n.id).w));
      const bend = right + 40;
      d = `M${x1},${y1} C${bend},${y1} ${bend},${y2} ${x2},${y2}`;
    } else {
      const x1 = a.cx, y1 = a.y + NODE_H, x2 = b.cx, y2 = b.y, my = (y1 + y2) / 2;
      // an edge past other layers goes around the left of the nodes in between when the straight way meets one
      const between = nodes.filter((n) => layer.get(n.id) > layer.get(e.source) && layer.get(n.id) < layer.get(e.target))
        .map((n) => pos.get(n.id));
      const [lo, hi] = [Math.min(x1, x2) - 10, Math.max(x1, x2) + 10];
      if (between.some((p) => p.x < hi && p.x + p.w > lo)) {
        const lx = Math.min(...between.map((p) => p.x)) - 30;
        d = `M${x1},${y1} C${x1},${y1 + 35} ${lx},${y1 + 10} ${lx},${y1 + 45} L${lx},${y2 - 45} C${lx},${y2 - 10} ${x2},${y2 - 35} ${x2},${y2}`;
      } else {
        d = `M${x1},${y1} C${x1},${my} ${x2},${my} ${x2},${y2}`;
      }
    }
    const path = s('path', { d, class: 'edge' + (e.conditional ? ' conditional' : ''), 'marker-end': 'url(#arrow)' });
    g.append(path);
    if (e.data && typeof e.data === 'string') {
      const lx = (a.cx + b.cx) / 2, ly = (a.y + NODE_H + b.y) / 2;
      g.append(s('text', { x: lx + 4, y: ly, class: 'edge-label' }, e.data));
    }
  }
  for (const n of nodes) {
    const p = pos.get(n.id);
    const special = n.id === '__start__' || n.id === '__end__';
    const node = s('g', { class: 'node' + (special ? ' terminal' : ''), 'data-node': n.id, transform: `translate(${p.x},${p.y})` });
    node.append(s('rect', { width: p.w, height: NODE_H, rx: special ? NODE_H / 2 : 6 }));
    node.append(s('text', { x: p.w / 2, y: NODE_H / 2 + 4, 'text-anchor': 'middle' }, label(n)));
    node.append(s('title', {}, n.id + (n.type ? ` (${n.type})` : '')));
    g.append(node);
  }
  return svg;
}
