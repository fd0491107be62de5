// Measures navigation to the first decision on screen, cold (a fresh browser context each
// time, so nothing is cached), several times, and prints the median and the spread with what the
// page fetched. A benchmark, not a test: it prints figures.
//
// Usage: node tools/e2e/first-decision.mjs [DIST_DIR] [--runs 7]
import { chromium } from 'playwright-core';
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const args = process.argv.slice(2);
const runsAt = args.indexOf('--runs');
const runs = runsAt >= 0 ? Number(args[runsAt + 1]) : 7;
const dist = path.resolve(args.find((a, i) => !a.startsWith('--') && !(i > 0 && args[i - 1] === '--runs')) || path.join(root, 'dist'));
const types = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css', '.txt': 'text/plain' };
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
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const times = [];
for (let i = 0; i < runs; i++) {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  const t0 = Date.now();
  await page.goto(`${origin}/`, { waitUntil: 'commit' });
  await page.waitForSelector('[data-testid=check-decision]', { timeout: 20000 });
  const ms = Date.now() - t0;
  const fetched = await page.evaluate(() => performance.getEntriesByType('resource')
    .map((r) => `${r.name.split('/').pop().replace(/-[0-9a-f]{16}/, '')} ${Math.round(r.responseEnd)}`));
  times.push(ms);
  if (i === 0) console.log(`fetched (ms after navigation start): ${fetched.join(', ')}`);
  await context.close();
}
times.sort((a, b) => a - b);
console.log(`first decision on screen, cold, ${runs} runs: median ${times[Math.floor(runs / 2)]} ms, min ${times[0]}, max ${times[runs - 1]} (${times.join(', ')})`);
await browser.close();
server.close();
