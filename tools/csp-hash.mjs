// Trunk post-build hook: replaces 'unsafe-inline' in the Content-Security-Policy's script-src of
// the staged index.html with the SHA-256 hashes of the page's inline scripts (Trunk's loader,
// whose text names the hashed file names and so changes with every build). Other inline
// scripts than those present at build time then cannot run.
//
// Usage (Trunk sets TRUNK_STAGING_DIR): node tools/csp-hash.mjs [INDEX_HTML]
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const file = process.argv[2] || path.join(process.env.TRUNK_STAGING_DIR || 'dist', 'index.html');
let html = fs.readFileSync(file, 'utf8');
const hashes = [];
for (const m of html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)) {
  hashes.push(`'sha256-${crypto.createHash('sha256').update(m[1], 'utf8').digest('base64')}'`);
}
const csp = /(<meta http-equiv="Content-Security-Policy"\s+content="[^"]*script-src )([^;"]*)/;
const match = html.match(csp);
if (!match) {
  console.error(`[csp] ${file}: no Content-Security-Policy with a script-src`);
  process.exit(1);
}
const sources = match[2].split(/\s+/).filter((s) => s && s !== "'unsafe-inline'" && !s.startsWith("'sha256-"));
html = html.replace(csp, `$1${[...sources, ...hashes].join(' ')}`);
fs.writeFileSync(file, html);
console.log(`[csp] ${path.basename(file)}: script-src allows ${hashes.length} inline script(s) by hash, no 'unsafe-inline'`);
