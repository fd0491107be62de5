// The chain view's drawing: lays out the graph that web/core/src/diagram.rs builds (accounts as
// clusters of roles and users, trust edges, one chain's hops and its final request; the
// organization's tree) in layers with dagre, routes every edge so that it crosses no box, wraps
// every label to the width it is measured at, and draws SVG. Bundled with dagre into
// web/js/build/diagram.bundle.js by tools/editor/build.mjs; the web crate imports it through
// wasm-bindgen (web/src/components/chain_view.rs). tools/diagram/check.mjs lays out every
// built-in scenario with the same code and checks the geometry.
import dagre from '@dagrejs/dagre';

/** Font sizes and spacing; web/style/app.css draws the text at these sizes. */
export const STYLE = {
  title: { size: 13, weight: 700 },
  line: { size: 12, weight: 400 },
  label: { size: 12, weight: 600 },
  lineHeight: 16,
  padX: 8,
  padY: 6,
  // The widest a box's text may run before it wraps (an ARN breaks at / : -).
  nodeText: 230,
  labelText: 210,
  narrowText: 150,
  // Space between the edge's lane and its label.
  labelGap: 4,
};

/**
 * A measurer for places without a canvas (Node's tests): a generous estimate per character for a
 * sans-serif font, so text that fits here fits as drawn.
 */
export function estimateWidth(text, font) {
  let em = 0;
  for (const ch of text) {
    if ('ilj.,:;|!\'`'.includes(ch)) em += 0.32;
    else if ('frt()[]{}/ -'.includes(ch)) em += 0.42;
    else if ('mwMW@%'.includes(ch)) em += 0.95;
    else if (/[A-Z]/.test(ch)) em += 0.74;
    else if (/[0-9]/.test(ch)) em += 0.6;
    else if (ch.codePointAt(0) > 0x2000) em += 1.0;
    else em += 0.6;
  }
  return em * font.size * (font.weight >= 600 ? 1.07 : 1);
}

/** A measurer backed by a canvas with the page's font family (the real width as drawn). */
export function canvasMeasurer(family) {
  const ctx = document.createElement('canvas').getContext('2d');
  const cache = new Map();
  return (text, font) => {
    const key = `${font.weight}/${font.size}/${text}`;
    let w = cache.get(key);
    if (w === undefined) {
      ctx.font = `${font.weight} ${font.size}px ${family}`;
      // A pixel of slack for rounding between the canvas and SVG text.
      w = Math.ceil(ctx.measureText(text).width) + 1;
      cache.set(key, w);
    }
    return w;
  };
}

/** Pieces a line may break after: a space (dropped at the break), or / : - , . (kept). */
function pieces(text) {
  const out = [];
  let cur = '';
  for (const ch of text) {
    cur += ch;
    if (' /:-,.'.includes(ch)) {
      out.push(cur);
      cur = '';
    }
  }
  if (cur) out.push(cur);
  return out;
}

/**
 * `text` in lines no wider than `max`: breaks after spaces and after / : - , . in long names,
 * and inside a piece only when the piece alone is wider than `max`. Nothing is dropped but the
 * spaces the lines break at.
 */
export function wrap(text, max, font, measure) {
  const lines = [];
  let line = '';
  const push = () => {
    if (line.trim()) lines.push(line.trimEnd());
    line = '';
  };
  for (let piece of pieces(text)) {
    if (measure((line + piece).trimEnd(), font) <= max) {
      line += piece;
      continue;
    }
    push();
    // A piece wider than the line: break it between characters, before a capital letter of a
    // CamelCase name when one falls in the line's second half.
    while (measure(piece.trimEnd(), font) > max) {
      let n = 1;
      while (n < piece.length && measure(piece.slice(0, n + 1), font) <= max) n += 1;
      for (let k = n; k > n / 2; k -= 1) {
        if (/[A-Z]/.test(piece[k]) && /[a-z]/.test(piece[k - 1])) {
          n = k;
          break;
        }
      }
      lines.push(piece.slice(0, n));
      piece = piece.slice(n);
    }
    line = piece;
  }
  push();
  return lines.length ? lines : [''];
}

/** A text block: wrapped lines (with their font) and the block's size. */
function textBlock(parts, max, measure) {
  const lines = [];
  for (const [text, font, cls] of parts) {
    for (const t of wrap(text, max, font, measure)) lines.push({ text: t, cls, font, width: measure(t, font) });
  }
  const width = Math.max(0, ...lines.map((l) => l.width));
  return { lines, width, height: lines.length * STYLE.lineHeight };
}

/** Swaps x and y of a point or box: routing works with ranks running down the page. */
const flip = (p) => ({ ...p, x: p.y, y: p.x, w: p.h, h: p.w });

/**
 * Lays out one graph ({ clusters, nodes, edges } as web/core builds it) in layers, `rankdir`
 * 'LR' or 'TB'. Returns boxes with their wrapped text, clusters, and each edge as a polyline
 * that leaves and enters its boxes on the sides facing the next rank and keeps to the lane
 * dagre gave it inside each rank, so it crosses no other box.
 */
export function layoutGraph(graph, rankdir, measure, narrow = false) {
  // A narrow column wraps text sooner: boxes get taller and the drawing less wide.
  const nodeText = narrow ? STYLE.narrowText : STYLE.nodeText;
  const labelText = narrow ? STYLE.narrowText : STYLE.labelText;
  const g = new dagre.graphlib.Graph({ compound: true, multigraph: true });
  g.setGraph({ rankdir, nodesep: 18, ranksep: 46, edgesep: 14, marginx: 8, marginy: 8 });
  g.setDefaultEdgeLabel(() => ({}));
  const byId = new Map();
  for (const c of graph.clusters || []) g.setNode(`cluster:${c.id}`, { cluster: true });
  for (const n of graph.nodes) {
    const parts = [[n.title, STYLE.title, 'dg-title'], ...n.lines.map((l) => [l, STYLE.line, 'dg-line'])];
    const block = textBlock(parts, nodeText, measure);
    const node = { ...n, block, width: Math.max(60, block.width + 2 * STYLE.padX), height: block.height + 2 * STYLE.padY };
    byId.set(n.id, node);
    g.setNode(n.id, { width: node.width, height: node.height });
    if (n.cluster && g.hasNode(`cluster:${n.cluster}`)) g.setParent(n.id, `cluster:${n.cluster}`);
  }
  // Clusters without members are left out (dagre would draw them as plain boxes).
  for (const c of graph.clusters || []) if (!(g.children(`cluster:${c.id}`) || []).length) g.removeNode(`cluster:${c.id}`);
  const tb = rankdir === 'TB';
  graph.edges.forEach((e, i) => {
    if (!byId.has(e.from) || !byId.has(e.to)) return;
    const label = e.label ? textBlock([[e.label, STYLE.label, 'dg-label']], labelText, measure) : null;
    const chain = e.kind === 'hop' || e.kind === 'request';
    const attrs = { weight: chain ? 8 : 1, minlen: 1 };
    if (label) {
      // The edge runs through the label's centre: the text sits on one side of it.
      const across = 2 * (tb ? label.width : label.height) + 2 * STYLE.labelGap;
      Object.assign(attrs, tb ? { width: across, height: label.height } : { width: label.width, height: across }, { labelpos: 'c' });
    }
    g.setEdge(e.from, e.to, attrs, `e${i}`);
  });
  dagre.layout(g);

  const nodes = [...byId.values()].map((n) => {
    const p = g.node(n.id);
    return { ...n, x: p.x - p.width / 2, y: p.y - p.height / 2, w: p.width, h: p.height };
  });
  const clusters = (graph.clusters || []).filter((c) => g.hasNode(`cluster:${c.id}`)).map((c) => {
    const p = g.node(`cluster:${c.id}`);
    return { ...c, x: p.x - p.width / 2, y: p.y - p.height / 2, w: p.width, h: p.height };
  });
  const place = new Map(nodes.map((n) => [n.id, n]));

  // Routing with ranks running down: each rank's band is the extent of its boxes.
  const norm = (b) => (tb ? b : flip(b));
  const labels = [];
  graph.edges.forEach((e, i) => {
    const l = g.edge(e.from, e.to, `e${i}`);
    if (l && l.x !== undefined && e.label) labels.push({ x: l.x - l.width / 2, y: l.y - l.height / 2, w: l.width, h: l.height });
  });
  const ranked = [...nodes, ...labels].map(norm);
  const band = (y) => {
    let half = 0;
    for (const b of ranked) if (Math.abs(b.y + b.h / 2 - y) < 0.5) half = Math.max(half, b.h / 2);
    return [y - half, y + half];
  };
  const edges = [];
  graph.edges.forEach((e, i) => {
    const l = g.edge(e.from, e.to, `e${i}`);
    if (!l) return;
    const s = norm(place.get(e.from));
    const t = norm(place.get(e.to));
    const inner = (l.points || []).slice(1, -1).map((p) => (tb ? p : { x: p.y, y: p.x }));
    const sc = { x: s.x + s.w / 2, y: s.y + s.h / 2 };
    const tc = { x: t.x + t.w / 2, y: t.y + t.h / 2 };
    const route = [];
    const add = (x, y) => {
      const last = route[route.length - 1];
      if (!last || Math.abs(last.x - x) > 0.01 || Math.abs(last.y - y) > 0.01) route.push({ x, y });
    };
    // The direction of travel between ranks (dagre's points run one way along the ranks).
    const dir = Math.sign(tc.y - sc.y) || 1;
    add(sc.x, sc.y + (dir * s.h) / 2);
    add(sc.x, band(sc.y)[dir > 0 ? 1 : 0]);
    for (const q of inner) {
      const [top, bottom] = band(q.y);
      add(q.x, dir > 0 ? top : bottom);
      add(q.x, dir > 0 ? bottom : top);
    }
    add(tc.x, band(tc.y)[dir > 0 ? 0 : 1]);
    add(tc.x, tc.y - (dir * t.h) / 2);
    const points = route.map((p) => (tb ? p : { x: p.y, y: p.x }));
    let label = null;
    if (e.label && l.x !== undefined) {
      const block = textBlock([[e.label, STYLE.label, 'dg-label']], labelText, measure);
      // The text on the side of the lane away from the edge (right of it, or below it).
      const box = tb
        ? { x: l.x + STYLE.labelGap, y: l.y - block.height / 2, w: block.width, h: block.height }
        : { x: l.x - block.width / 2, y: l.y + STYLE.labelGap, w: block.width, h: block.height };
      label = { ...box, block, text: e.label };
    }
    edges.push({ ...e, points, label });
  });
  const gl = g.graph();
  return { rankdir, width: gl.width, height: gl.height, nodes, clusters, edges };
}

/**
 * The layout that reads best in `available` px: left to right at its natural size when it
 * fits; otherwise whichever of left to right and top to bottom, with text wrapped at the usual
 * or a narrower width, needs the least shrinking (a clear gain is needed to leave the first).
 */
export function chooseLayout(graph, available, measure) {
  const lr = layoutGraph(graph, 'LR', measure);
  if (!available || lr.width <= available) return lr;
  let best = lr;
  for (const [rankdir, narrow] of [['LR', true], ['TB', false], ['TB', true]]) {
    const other = layoutGraph(graph, rankdir, measure, narrow);
    if (Math.min(1, available / other.width) > Math.min(1, available / best.width) + 0.04) best = other;
  }
  return best;
}

const SVG = 'http://www.w3.org/2000/svg';
let markers = 0;

function el(name, attrs, parent) {
  const e = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined && v !== null) e.setAttribute(k, String(v));
  if (parent) parent.appendChild(e);
  return e;
}

function text(parent, block, x, y) {
  block.lines.forEach((l, i) => {
    const t = el('text', { x: x.toFixed(1), y: (y + i * STYLE.lineHeight + STYLE.lineHeight * 0.75).toFixed(1), class: l.cls }, parent);
    t.textContent = l.text;
  });
}

const edgeClass = (e) => {
  if (e.kind === 'trust' || e.kind === 'contains') return `edge ${e.kind}`;
  return `edge ${e.kind} ${e.ok ? 'ok' : 'failed'}`;
};

/** Draws a laid-out graph as an SVG element (natural size in the viewBox). */
export function drawLayout(layout, ariaLabel) {
  const id = `dg${(markers += 1)}`;
  const svg = el('svg', {
    viewBox: `0 0 ${Math.ceil(layout.width)} ${Math.ceil(layout.height)}`,
    width: Math.ceil(layout.width),
    height: Math.ceil(layout.height),
    role: 'img',
    'aria-label': ariaLabel,
    'data-rankdir': layout.rankdir,
  });
  const defs = el('defs', {}, svg);
  for (const kind of ['trust', 'ok', 'failed']) {
    const m = el('marker', { id: `${id}-${kind}`, viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse', class: `arrow ${kind}` }, defs);
    el('path', { d: 'M 0 0 L 10 5 L 0 10 z' }, m);
  }
  for (const c of layout.clusters) {
    el('rect', { x: c.x.toFixed(1), y: c.y.toFixed(1), width: c.w.toFixed(1), height: c.h.toFixed(1), rx: 10, class: 'cluster', 'data-account': c.id }, svg);
  }
  for (const e of layout.edges) {
    const d = e.points.map((p, i) => `${i ? 'L' : 'M'} ${p.x.toFixed(1)} ${p.y.toFixed(1)}`).join(' ');
    const marker = e.kind === 'trust' || e.kind === 'contains' ? 'trust' : e.ok ? 'ok' : 'failed';
    const path = el('path', {
      d,
      class: edgeClass(e),
      'marker-end': `url(#${id}-${marker})`,
      'data-testid': e.kind === 'hop' ? 'chain-edge' : e.kind === 'request' ? 'request-edge' : null,
      'data-hop': e.hop ?? null,
      'data-ok': e.ok ?? null,
    }, svg);
    if (e.kind === 'hop') el('title', {}, path).textContent = e.label || `hop ${e.hop}`;
  }
  for (const n of layout.nodes) {
    const g = el('g', { class: `box ${n.kind}${n.on_chain ? ' on-chain' : ''}`, 'data-node': n.id }, svg);
    el('rect', { x: n.x.toFixed(1), y: n.y.toFixed(1), width: n.w.toFixed(1), height: n.h.toFixed(1), rx: n.kind === 'service' ? 14 : 6 }, g);
    text(g, n.block, n.x + STYLE.padX, n.y + STYLE.padY);
  }
  for (const e of layout.edges.filter((x) => x.label)) {
    const g = el('g', {
      class: `edge-label ${e.kind} ${e.ok === false ? 'failed' : 'ok'}`,
      'data-testid': 'edge-label',
      'data-hop': e.hop ?? null,
      'data-ok': e.ok ?? null,
    }, svg);
    const b = e.label;
    el('rect', { x: (b.x - 2).toFixed(1), y: (b.y - 1).toFixed(1), width: (b.w + 4).toFixed(1), height: (b.h + 2).toFixed(1), rx: 3 }, g);
    text(g, b.block, b.x, b.y);
  }
  return svg;
}

/** The person asked for drawings to fit their region (kept for the page's life, over checks). */
let fitted = false;

/** What a host draws, kept to draw again when its width changes. */
const hosts = new WeakMap();

function render(host) {
  const state = hosts.get(host);
  if (!state) return;
  const available = Math.floor(host.clientWidth) || 0;
  if (available === state.width && state.drawn) return;
  state.width = available;
  state.drawn = true;
  const family = getComputedStyle(host).fontFamily || 'sans-serif';
  const measure = canvasMeasurer(family);
  const d = state.diagram;
  host.replaceChildren();
  // Outside an embed's column the drawing shrinks at most to 3/4 and the panel scrolls beyond,
  // unless the person asked for it to fit.
  state.readableWidth = 0;
  const keepReadable = (svg, layout) => {
    const readable = Math.ceil(layout.width * 0.75);
    state.readableWidth = Math.max(state.readableWidth, readable);
    if (!host.closest('.fit') && !fitted) svg.style.minWidth = `${readable}px`;
    return svg;
  };
  // On a projector (the presenter layout) only the chain is drawn, so that it is drawn large.
  const presenting = document.documentElement.hasAttribute('data-presenter');
  const chain = chooseLayout(presenting ? chainOnly(d.chain) : d.chain, available, measure);
  host.appendChild(keepReadable(drawLayout(chain, 'Accounts, roles and trust relationships; the selected chain is drawn on top'), chain));
  if (d.organization && d.organization.nodes.length && !presenting) {
    const h = document.createElement('h3');
    h.className = 'org-title';
    h.textContent = d.organization_title || 'Organization';
    host.appendChild(h);
    const org = chooseLayout(d.organization, available, measure);
    const svg = drawLayout(org, `${h.textContent}: its tree of accounts and the policies attached at each level`);
    svg.classList.add('org-tree');
    svg.setAttribute('data-testid', 'org-tree');
    host.appendChild(keepReadable(svg, org));
  }
  scrollHint(host, state);
}

/**
 * When the drawing is wider than its scrolling region, a note above it says so (the region's
 * scrollbar may be hidden until used) with a button that shrinks it to fit; once fitted, the
 * note offers the actual size back. Nothing shows when the drawing fits by itself.
 */
function scrollHint(host, state) {
  state.note?.remove();
  state.note = null;
  const region = host.closest('.diagram');
  // An embed's column and the presenter layout scale the drawing to the width already.
  if (!region || host.closest('.fit') || document.documentElement.hasAttribute('data-presenter')) return;
  // Fitted by request: offered back only while the readable size would still overflow.
  const overflows = fitted ? state.readableWidth > host.clientWidth : region.scrollWidth > region.clientWidth + 1;
  if (!overflows) return;
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'small';
  button.setAttribute('data-testid', 'diagram-fit');
  button.textContent = fitted ? 'Actual size' : 'Fit to width';
  button.addEventListener('click', () => {
    fitted = !fitted;
    state.drawn = false;
    render(host);
    state.note?.querySelector('[data-testid=diagram-fit]')?.focus();
  });
  const note = document.createElement('p');
  note.className = 'scroll-hint muted';
  note.setAttribute('data-testid', 'diagram-scroll-hint');
  note.append(fitted
    ? 'Shrunk to fit the panel. '
    : 'Wider than the panel: scroll sideways to see the whole chain, or ', button);
  // Above the scrolling region, not in it: it stays put while the drawing scrolls.
  region.before(note);
  state.note = note;
}
/**
 * The part of a graph on the chain: its boxes, the headers of the accounts that hold them, and
 * the edges between those (the whole graph when nothing is on the chain).
 */
function chainOnly(graph) {
  const clusters = new Set(graph.nodes.filter((n) => n.on_chain && n.cluster).map((n) => n.cluster));
  const nodes = graph.nodes.filter((n) => n.on_chain || (n.kind === 'account' && clusters.has(n.cluster)));
  if (!nodes.some((n) => n.on_chain)) return graph;
  const kept = new Set(nodes.map((n) => n.id));
  return {
    clusters: graph.clusters.filter((c) => clusters.has(c.id)),
    nodes,
    edges: graph.edges.filter((e) => kept.has(e.from) && kept.has(e.to)),
  };
}

/**
 * Draws `json` (the diagram web/core builds) into `host`, and again whenever the host's width
 * changes: the layout picks its direction for the width it has.
 */
export function drawDiagram(host, json) {
  let state = hosts.get(host);
  if (!state) {
    // Redrawn when the width changes once drawn (the first drawing is scheduled below).
    state = { observer: new ResizeObserver(() => { if (hosts.get(host)?.drawn) render(host); }) };
    hosts.set(host, state);
    state.observer.observe(host);
  }
  state.diagram = JSON.parse(json);
  state.drawn = false;
  // Laid out after the next paint, so the decision and the rest of the page show first (a
  // layout of a large scenario takes dagre a while); a newer diagram replaces a pending one.
  cancelAnimationFrame(state.frame);
  clearTimeout(state.timer);
  state.frame = requestAnimationFrame(() => {
    state.timer = setTimeout(() => render(host));
  });
}

/** Stops following the host's width (the view is gone). */
export function disposeDiagram(host) {
  const state = hosts.get(host);
  if (state) {
    state.observer.disconnect();
    state.note?.remove();
  }
  hosts.delete(host);
}
