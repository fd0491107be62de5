// What the end-to-end scripts share: the built playground served from a local port, Debian's
// Chromium (never a downloaded browser), and steps that record "ok" or "FAIL" and go on.
import { chromium } from 'playwright-core';
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';

const TYPES = {
  '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm',
  '.css': 'text/css', '.json': 'application/json', '.txt': 'text/plain', '.svg': 'image/svg+xml', '.png': 'image/png',
};

/**
 * Serves the directory `dist` (a built playground) on 127.0.0.1, and each directory of `mounts`
 * (`{ '/a/sub/path/': dir }`) under its path, as a static host would: `{ origin, server }`.
 */
export async function serveDist(dist, mounts = {}) {
  const server = http.createServer((req, res) => {
    const pathname = new URL(req.url, 'http://localhost').pathname;
    const mount = Object.keys(mounts).find((prefix) => pathname.startsWith(prefix));
    const [base, rel] = mount ? [mounts[mount], pathname.slice(mount.length)] : [dist, pathname];
    let file = path.join(base, decodeURIComponent(rel));
    if (!file.startsWith(base)) { res.writeHead(403); res.end(); return; }
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
    fs.readFile(file, (err, data) => {
      if (err) { res.writeHead(404); res.end('not found'); return; }
      res.writeHead(200, { 'content-type': TYPES[path.extname(file)] || 'application/octet-stream' });
      res.end(data);
    });
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { origin: `http://127.0.0.1:${server.address().port}`, server };
}

/** Debian's Chromium, headless, with nothing that reaches the network on its own. */
export function launchChromium() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
}

/**
 * Steps that keep going after a failure: `step(name, fn)` records "ok NAME (ms)" or "FAIL NAME:
 * message" in `results`; `failed()` counts the failures. ONLY=words runs only the steps whose
 * name has them (while working on one).
 */
export function stepRecorder() {
  const results = [];
  let failures = 0;
  async function step(name, fn) {
    if (process.env.ONLY && !name.includes(process.env.ONLY)) return;
    const t0 = Date.now();
    try {
      await fn();
      results.push(`ok   ${name} (${Date.now() - t0} ms)`);
    } catch (e) {
      failures += 1;
      results.push(`FAIL ${name}: ${e.message.split('\n')[0]}`);
    }
  }
  return { results, step, failed: () => failures };
}

/** Throws `message` unless `cond`. */
export function expect(cond, message) { if (!cond) throw new Error(message); }

/** The text of the page's CodeMirror editor, once it has started. */
export async function editorText(p) {
  await p.waitForFunction(() => document.querySelector('[data-testid=editor-host]')?.policyEditor);
  return p.evaluate(() => document.querySelector('[data-testid=editor-host]').policyEditor.text());
}

/** Replaces the editor's text as a person would (select all, then type or paste). */
export async function setEditorText(p, text) {
  await p.click('[data-testid=editor]');
  await p.keyboard.press('Control+A');
  await p.keyboard.insertText(text);
  const now = await editorText(p);
  expect(now === text, `the editor holds the typed text (${now.length} characters, expected ${text.length})`);
}
