// Checks the chain diagram's geometry as web/js/diagram.js computes it, for every diagram in a
// JSON file ([{ "name": ..., "diagram": ... }], as web/core/tests/diagram.rs writes it for every
// built-in scenario and example, each check's chain): both directions of the layered layout,
// the chain and the organization tree. Run by that test; prints one line per problem and a
// final `N passed, M failed` line, and exits 1 when anything fails.
//
// Every layout chooseLayout may pick is checked (left to right and top to bottom, text wrapped
// at the usual and the narrow width). What is checked, on the computed geometry (text measured by diagram.js's estimateWidth):
// * no two boxes overlap (boxes, edge labels, and account clusters that are not nested);
// * no edge, taken as its polyline, passes through a box other than its own two ends, through
//   another edge's label, or through an account cluster that holds neither end;
// * every label is whole: its wrapped lines give back the full text, and each fits its box;
// * every hop and request edge of the graph is drawn, from its caller to its role.
//
// Usage: node tools/diagram/check.mjs DIAGRAMS.json
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
// The bundle is what the page runs; building it is quick and writes only on a change.
execFileSync('node', [path.join(root, 'tools', 'editor', 'build.mjs'), '--quiet'], { stdio: 'inherit' });
const { layoutGraph, estimateWidth, STYLE } = await import(path.join(root, 'web', 'js', 'build', 'diagram.bundle.js'));

const EPS = 0.5;
const overlaps = (a, b) => a.x + EPS < b.x + b.w && b.x + EPS < a.x + a.w && a.y + EPS < b.y + b.h && b.y + EPS < a.y + a.h;
const inside = (a, b) => a.x >= b.x - EPS && a.y >= b.y - EPS && a.x + a.w <= b.x + b.w + EPS && a.y + a.h <= b.y + b.h + EPS;

/** Whether segment p→q passes through the inside of box b (Liang–Barsky on the shrunk box). */
function crosses(p, q, b) {
  const x0 = b.x + EPS, x1 = b.x + b.w - EPS, y0 = b.y + EPS, y1 = b.y + b.h - EPS;
  if (x0 >= x1 || y0 >= y1) return false;
  let t0 = 0, t1 = 1;
  const dx = q.x - p.x, dy = q.y - p.y;
  for (const [pk, qk] of [[-dx, p.x - x0], [dx, x1 - p.x], [-dy, p.y - y0], [dy, y1 - p.y]]) {
    if (pk === 0) {
      if (qk < 0) return false;
    } else {
      const r = qk / pk;
      if (pk < 0) t0 = Math.max(t0, r);
      else t1 = Math.min(t1, r);
      if (t0 > t1) return false;
    }
  }
  return t1 - t0 > 1e-9;
}

const squash = (s) => s.replace(/\s+/g, '');

function check(graph, layout, where) {
  const problems = [];
  const boxes = layout.nodes.map((n) => ({ ...n, what: `box ${n.id}` }));
  const labels = layout.edges.filter((e) => e.label).map((e) => ({ ...e.label, what: `label of ${e.from} -> ${e.to}`, edge: e }));
  const solid = [...boxes, ...labels];
  for (let i = 0; i < solid.length; i += 1) {
    for (let j = i + 1; j < solid.length; j += 1) {
      if (overlaps(solid[i], solid[j])) problems.push(`${solid[i].what} overlaps ${solid[j].what}`);
    }
  }
  const clusters = layout.clusters;
  for (let i = 0; i < clusters.length; i += 1) {
    for (let j = i + 1; j < clusters.length; j += 1) {
      const [a, b] = [clusters[i], clusters[j]];
      if (overlaps(a, b) && !inside(a, b) && !inside(b, a)) problems.push(`cluster ${a.id} overlaps cluster ${b.id}`);
    }
  }
  for (const n of boxes) {
    for (const c of clusters) {
      const member = n.cluster === c.id;
      if (member && !inside(n, c)) problems.push(`${n.what} sticks out of its cluster ${c.id}`);
      if (!member && overlaps(n, c)) problems.push(`${n.what} overlaps cluster ${c.id}`);
    }
  }
  for (const l of labels) {
    for (const c of clusters) {
      const own = [l.edge.from, l.edge.to].some((id) => layout.nodes.find((n) => n.id === id)?.cluster === c.id);
      if (!own && overlaps(l, c)) problems.push(`${l.what} overlaps cluster ${c.id}`);
    }
  }
  const byId = new Map(layout.nodes.map((n) => [n.id, n]));
  for (const e of layout.edges) {
    const ends = new Set([e.from, e.to]);
    const own = new Set([byId.get(e.from)?.cluster, byId.get(e.to)?.cluster].filter(Boolean));
    const obstacles = [
      ...boxes.filter((b) => !ends.has(b.id)),
      ...labels.filter((l) => l.edge !== e),
      ...clusters.filter((c) => !own.has(c.id)).map((c) => ({ ...c, what: `cluster ${c.id}` })),
    ];
    if (e.points.length < 2) problems.push(`edge ${e.from} -> ${e.to} has no line`);
    for (let k = 0; k + 1 < e.points.length; k += 1) {
      for (const b of obstacles) {
        if (crosses(e.points[k], e.points[k + 1], b)) problems.push(`edge ${e.from} -> ${e.to} (${e.kind}) crosses ${b.what}`);
      }
    }
    // The line starts on its caller's box and ends on its target's.
    const [first, last] = [e.points[0], e.points[e.points.length - 1]];
    const touches = (p, b) => p.x >= b.x - EPS && p.x <= b.x + b.w + EPS && p.y >= b.y - EPS && p.y <= b.y + b.h + EPS;
    if (!touches(first, byId.get(e.from)) || !touches(last, byId.get(e.to))) problems.push(`edge ${e.from} -> ${e.to} does not join its boxes`);
  }
  // Labels are whole, and every line fits its box.
  const whole = (text, block, box, what) => {
    if (squash(block.lines.map((l) => l.text).join('')) !== squash(text)) problems.push(`${what}: "${text}" is cut`);
    for (const l of block.lines) {
      if (estimateWidth(l.text, l.font) > box + EPS) problems.push(`${what}: line "${l.text}" is wider than its box`);
    }
  };
  for (const n of layout.nodes) {
    whole(n.title, { lines: n.block.lines.filter((l) => l.cls === 'dg-title') }, n.w - 2 * STYLE.padX, n.id);
    whole(n.lines.join(' '), { lines: n.block.lines.filter((l) => l.cls === 'dg-line') }, n.w - 2 * STYLE.padX, n.id);
    if (n.h < n.block.lines.length * STYLE.lineHeight) problems.push(`${n.id}: its lines are taller than its box`);
  }
  for (const e of layout.edges.filter((x) => x.label)) whole(e.label.text, e.label.block, e.label.w + EPS, `label of ${e.from} -> ${e.to}`);
  // Every edge of the graph, hops included, is drawn.
  for (const e of graph.edges) {
    if (!layout.edges.some((d) => d.from === e.from && d.to === e.to && d.kind === e.kind)) problems.push(`${e.kind} edge ${e.from} -> ${e.to} is not drawn`);
  }
  return problems.map((p) => `${where}: ${p}`);
}

// The checker itself must see a fault: a straight line from A to C through B, and two boxes on
// top of each other, in a hand-made layout.
{
  const block = (t) => ({ lines: [{ text: t, cls: 'dg-title', font: STYLE.title }] });
  const box = (id, x, y) => ({ id, kind: 'role', title: id, lines: [], block: block(id), x, y, w: 60, h: 30 });
  const graph = { clusters: [], nodes: [], edges: [{ from: 'A', to: 'C', kind: 'trust' }] };
  const bad = {
    nodes: [box('A', 0, 0), box('B', 100, 0), box('C', 200, 0), box('D', 210, 10)],
    clusters: [],
    edges: [{ from: 'A', to: 'C', kind: 'trust', points: [{ x: 60, y: 15 }, { x: 200, y: 15 }], label: null }],
  };
  const found = check(graph, bad, 'self-test');
  if (!found.some((p) => p.includes('crosses box B')) || !found.some((p) => p.includes('box C overlaps box D'))) {
    console.log(`FAIL the checker missed a planted fault: ${JSON.stringify(found)}`);
    process.exit(1);
  }
}

const file = process.argv[2];
if (!file) {
  console.error('usage: node tools/diagram/check.mjs DIAGRAMS.json');
  process.exit(2);
}
const cases = JSON.parse(fs.readFileSync(file, 'utf8'));
let passed = 0;
let failed = 0;
const sizes = [];
for (const { name, diagram } of cases) {
  for (const [part, graph] of [['chain', diagram.chain], ['organization', diagram.organization]]) {
    if (!graph) continue;
    for (const [rankdir, narrow] of [['LR', false], ['TB', false], ['LR', true], ['TB', true]]) {
      const layout = layoutGraph(graph, rankdir, estimateWidth, narrow);
      const problems = check(graph, layout, `${name} [${part} ${rankdir}${narrow ? ' narrow' : ''}]`);
      sizes.push(Math.round(layout.width));
      if (problems.length) {
        failed += 1;
        for (const p of problems.slice(0, 20)) console.log(`FAIL ${p}`);
      } else passed += 1;
    }
  }
}
console.log(`layouts: ${passed + failed}, widths ${Math.min(...sizes)}..${Math.max(...sizes)} px`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
