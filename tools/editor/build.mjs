// Bundles the policy editor (web/js/editor.js and the CodeMirror packages it imports, pinned in
// tools/package-lock.json) into one ES module, web/js/build/editor.bundle.js, which the web
// crate imports through wasm-bindgen (web/src/code_editor.rs); Trunk copies it into dist/ as
// a wasm-bindgen snippet. Nothing is fetched: the packages come from tools/node_modules.
//
// The file is written only when its content changes, so cargo (which tracks it) and Trunk's
// watcher do not rebuild for nothing. Run by scripts/setup.sh and by Trunk before each build.
//
// Usage: node tools/editor/build.mjs [--quiet]
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

const tools = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const root = path.resolve(tools, '..');
const entry = path.join(root, 'web', 'js', 'editor.js');
const out = path.join(root, 'web', 'js', 'build', 'editor.bundle.js');
const quiet = process.argv.includes('--quiet');

// The bundled packages and their licences, named at the top of the file.
const packages = ['@codemirror/state', '@codemirror/view', '@codemirror/commands', '@codemirror/language',
  '@codemirror/search', '@codemirror/autocomplete', '@codemirror/lint', '@codemirror/lang-json', '@lezer/common',
  '@lezer/lr', '@lezer/json', '@lezer/highlight', 'style-mod', 'w3c-keyname', 'crelt', '@marijn/find-cluster-break'];
const versions = packages.flatMap((name) => {
  const file = path.join(tools, 'node_modules', name, 'package.json');
  if (!fs.existsSync(file)) return [];
  const p = JSON.parse(fs.readFileSync(file, 'utf8'));
  return [`${name}@${p.version} (${p.license})`];
});

const result = await esbuild.build({
  entryPoints: [entry],
  bundle: true,
  minify: true,
  format: 'esm',
  target: 'es2020',
  // The packages live in tools/node_modules, not above web/js.
  nodePaths: [path.join(tools, 'node_modules')],
  banner: { js: `/* Policy Playground editor, bundled by tools/editor/build.mjs from web/js/editor.js and ${versions.join(', ')}. */` },
  legalComments: 'none',
  write: false,
  logLevel: 'warning',
});
const code = result.outputFiles[0].contents;
const before = fs.existsSync(out) ? fs.readFileSync(out) : null;
if (before && Buffer.compare(before, Buffer.from(code)) === 0) {
  if (!quiet) console.log(`[editor] ${path.relative(root, out)} is up to date`);
} else {
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, code);
  const gz = zlib.gzipSync(code, { level: 9 }).length;
  console.log(`[editor] wrote ${path.relative(root, out)}: ${code.length} bytes, ${gz} gzipped`);
}
