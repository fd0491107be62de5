// Measures what a keystroke costs in the editor: opens the largest editable policy of the
// built-in examples, slows the CPU (4x by default, as the issue measured), types into it at ten
// keys a second, and reports the input handlers' times (Event Timing: processing of each
// keydown, beforeinput, input and keyup) and the long tasks (over 50 ms) while typing, then the
// same for the analysis that follows the debounce, and each keystroke's time to the updated
// decision: from its keydown to the moment the app root's data-analyzed reaches the revision the
// key made (the debounce included). A benchmark, not a test: it prints figures.
//
// Usage: node tools/e2e/keystrokes.mjs [DIST_DIR] [--cpu 4] [--keys 30] [--paste]
//   --paste  first paste the largest document of the examples (read-only ones included) into
//            the largest editable one, and type there
import { chromium } from 'playwright-core';
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const dist = path.resolve(args.find((a, i) => !a.startsWith('--') && !(i > 0 && args[i - 1].startsWith('--'))) || path.join(root, 'dist'));
const cpu = option('--cpu', 4);
const keys = option('--keys', 30);

const types = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css' };
const server = http.createServer((req, res) => {
  let file = path.join(dist, decodeURIComponent(new URL(req.url, 'http://localhost').pathname));
  if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
  fs.readFile(file, (err, data) => {
    if (err) { res.writeHead(404); res.end(); return; }
    res.writeHead(200, { 'content-type': types[path.extname(file)] || 'application/octet-stream' });
    res.end(data);
  });
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const origin = `http://127.0.0.1:${server.address().port}`;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking'],
});
const page = await browser.newPage({ viewport: { width: 1500, height: 1000 } });
// The editor's text and cursor, through CodeMirror's host object (or a textarea, in builds from
// before CodeMirror, to compare).
const editor = () => `(document.querySelector("[data-testid=editor-host]")?.policyEditor || (() => {
  const a = document.querySelector("textarea[data-testid=editor]");
  return { text: () => a.value, select: (f, t) => { a.focus(); a.setSelectionRange(f, t); } };
})())`;

// The largest editable document of every example.
let best = null;
let largest = null;
await page.goto(`${origin}/`);
await page.waitForSelector('[data-testid=check-decision]');
const examples = await page.$$eval('[data-testid=examples] option', (os) => os.map((o) => o.value).filter(Boolean));
for (const example of examples) {
  await page.selectOption('[data-testid=examples]', example);
  const buttons = await page.$$('.explorer button.policy, .explorer button[title="Edit the trust policy"]');
  for (let i = 0; i < buttons.length; i++) {
    const list = await page.$$('.explorer button.policy, .explorer button[title="Edit the trust policy"]');
    await list[i].click();
    const doc = await page.evaluate(`(() => {
      const ro = !!document.querySelector('[data-testid=editor-panel] .tag');
      return { lines: ${editor()}.text().split('\\n').length, ro, name: document.querySelector('[data-testid=editor-panel] h2').firstChild.textContent };
    })()`);
    if (!doc.ro && (!best || doc.lines > best.lines)) best = { ...doc, example, index: i };
    if (!largest || doc.lines > largest.lines) largest = { ...doc, example, index: i };
  }
}
if (!best) throw new Error('no editable document');
await page.selectOption('[data-testid=examples]', best.example);
await (await page.$$('.explorer button.policy, .explorer button[title="Edit the trust policy"]'))[best.index].click();
// With --paste, the largest document of all (a system policy, say) is pasted into it first.
if (args.includes('--paste')) {
  await page.selectOption('[data-testid=examples]', largest.example);
  await (await page.$$('.explorer button.policy, .explorer button[title="Edit the trust policy"]'))[largest.index].click();
  const text = await page.evaluate(`${editor()}.text()`);
  await page.selectOption('[data-testid=examples]', best.example);
  await (await page.$$('.explorer button.policy, .explorer button[title="Edit the trust policy"]'))[best.index].click();
  await page.click('[data-testid=editor]');
  await page.keyboard.press('Control+A');
  await page.keyboard.insertText(text);
  await page.waitForTimeout(1000);
  best = { ...best, lines: text.split('\n').length, name: `${best.name} holding ${largest.name}` };
}

const cdp = await page.context().newCDPSession(page);
await cdp.send('Emulation.setCPUThrottlingRate', { rate: cpu });
await page.evaluate(() => {
  window.__timing = { events: [], longTasks: [], keys: [], revisions: [], analyzed: [] };
  // Keystroke to decision: each keydown's time, each revision's and each analysis's.
  const app = document.querySelector('.app');
  window.addEventListener('keydown', () => window.__timing.keys.push(performance.now()), true);
  new MutationObserver((records) => {
    const now = performance.now();
    for (const r of records) {
      const value = Number(app.getAttribute(r.attributeName));
      if (r.attributeName === 'data-revision') window.__timing.revisions.push({ at: now, revision: value });
      else window.__timing.analyzed.push({ at: now, revision: value });
    }
  }).observe(app, { attributes: true, attributeFilter: ['data-revision', 'data-analyzed'] });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      if (['keydown', 'keypress', 'beforeinput', 'input', 'keyup'].includes(e.name)) {
        window.__timing.events.push({ name: e.name, processing: e.processingEnd - e.processingStart, duration: e.duration });
      }
    }
  }).observe({ type: 'event', durationThreshold: 16, buffered: false });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__timing.longTasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask' });
});
// Type inside the first string value past the middle of the document.
await page.evaluate(`(() => { const e = ${editor()}; const t = e.text(); const at = t.indexOf('"', t.indexOf(':', Math.floor(t.length / 2)) ) + 1; e.select(at, at); })()`);
const typingStart = await page.evaluate(() => performance.now());
for (let i = 0; i < keys; i++) {
  await page.keyboard.press(i % 2 ? 'Backspace' : 'x');
  await page.waitForTimeout(100);
}
const typingEnd = await page.evaluate(() => performance.now());
await page.waitForTimeout(1500); // the debounce, then the analysis and the findings
const timing = await page.evaluate(() => window.__timing);
await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
await browser.close();
server.close();

// Event Timing reports only events over 16 ms (durationThreshold): none reported means none over.
const processing = timing.events.map((e) => e.processing).sort((a, b) => a - b);
const quantile = (q) => processing[Math.min(processing.length - 1, Math.floor(q * processing.length))];
const during = timing.longTasks.filter((t) => t.start >= typingStart && t.start <= typingEnd);
const after = timing.longTasks.filter((t) => t.start > typingEnd);
const fmt = (list) => list.map((t) => `${Math.round(t.duration)} ms`).join(', ') || 'none';
console.log(`document: ${best.name} (${best.example}), ${best.lines} lines; CPU slowed ${cpu}x; ${keys} keys at 10 a second`);
console.log(`input events whose handling took over 16 ms: ${processing.length}` +
  (processing.length ? ` (their handlers' processing: median ${quantile(0.5).toFixed(1)} ms, ` +
    `p95 ${quantile(0.95).toFixed(1)} ms, max ${processing.at(-1).toFixed(1)} ms)` : ''));
const over16 = processing.filter((p) => p > 16).length;
const byName = {};
for (const e of timing.events) byName[e.name] = Math.max(byName[e.name] || 0, e.processing);
console.log(`slowest handler by event: ${Object.entries(byName).map(([n, p]) => `${n} ${p.toFixed(1)} ms`).join(', ')}`);
console.log(`handlers over 16 ms: ${over16} of ${keys * 4} key events`);
console.log(`long tasks (> 50 ms) while typing: ${fmt(during)}`);
// Each revision typed, from the last keydown before it to the first analysis that covers it.
const latencies = [];
for (const { at, revision } of timing.revisions) {
  const key = timing.keys.filter((k) => k <= at).at(-1);
  const done = timing.analyzed.find((a) => a.revision >= revision && a.at >= at);
  if (key !== undefined && done) latencies.push(done.at - key);
}
latencies.sort((a, b) => a - b);
const pick = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
console.log(latencies.length
  ? `keystroke to updated decision (debounce included), ${latencies.length} keys: median ${pick(0.5).toFixed(0)} ms, ` +
    `p95 ${pick(0.95).toFixed(0)} ms, max ${latencies.at(-1).toFixed(0)} ms`
  : 'keystroke to updated decision: no keystroke was analyzed');
console.log(`long tasks after the last key (debounce, analysis, findings): ${fmt(after)}`);
