// Measures navigation to the first decision on screen, cold (a fresh browser context each
// time, so nothing is cached), several times, and prints the median and the spread with what the
// page fetched. A benchmark, not a test: it prints figures.
//
// Usage: node tools/e2e/first-decision.mjs [DIST_DIR] [--runs 7]
import { launchChromium, serveDist } from './harness.mjs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const args = process.argv.slice(2);
const runsAt = args.indexOf('--runs');
const runs = runsAt >= 0 ? Number(args[runsAt + 1]) : 7;
const dist = path.resolve(args.find((a, i) => !a.startsWith('--') && !(i > 0 && args[i - 1] === '--runs')) || path.join(root, 'dist'));
const { origin, server } = await serveDist(dist);
const browser = await launchChromium();
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
