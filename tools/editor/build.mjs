// Bundles the page's JavaScript into ES modules that the web crate imports through wasm-bindgen
// (Trunk copies them into dist/ as wasm-bindgen snippets): the policy editor (web/js/editor.js
// and the CodeMirror packages, into web/js/build/editor.bundle.js, for web/src/code_editor.rs)
// and the chain diagram (web/js/diagram.js and dagre, into web/js/build/diagram.bundle.js, for
// web/src/components/chain_view.rs). Packages are pinned in tools/package-lock.json and come
// from tools/node_modules: nothing is fetched.
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
const quiet = process.argv.includes('--quiet');

// Each bundle: its entry, its output, and the packages it bundles (named with their licences at
// the top of the file). The diagram bundle is dagre with web/js/diagram.js, the chain view's
// layered layout and drawing.
const bundles = [
  {
    name: 'editor',
    entry: path.join(root, 'web', 'js', 'editor.js'),
    out: path.join(root, 'web', 'js', 'build', 'editor.bundle.js'),
    packages: ['@codemirror/state', '@codemirror/view', '@codemirror/commands', '@codemirror/language',
      '@codemirror/search', '@codemirror/autocomplete', '@codemirror/lint', '@codemirror/lang-json', '@lezer/common',
      '@lezer/lr', '@lezer/json', '@lezer/highlight', 'style-mod', 'w3c-keyname', 'crelt', '@marijn/find-cluster-break'],
  },
  {
    name: 'diagram',
    entry: path.join(root, 'web', 'js', 'diagram.js'),
    out: path.join(root, 'web', 'js', 'build', 'diagram.bundle.js'),
    packages: ['@dagrejs/dagre', '@dagrejs/graphlib'],
  },
];

for (const bundle of bundles) {
  const versions = bundle.packages.flatMap((name) => {
    const file = path.join(tools, 'node_modules', name, 'package.json');
    if (!fs.existsSync(file)) return [];
    const p = JSON.parse(fs.readFileSync(file, 'utf8'));
    return [`${name}@${p.version} (${p.license})`];
  });
  const result = await esbuild.build({
    entryPoints: [bundle.entry],
    bundle: true,
    minify: true,
    format: 'esm',
    target: 'es2020',
    // The packages live in tools/node_modules, not above web/js.
    nodePaths: [path.join(tools, 'node_modules')],
    banner: { js: `/* Policy Playground ${bundle.name}, bundled by tools/editor/build.mjs from web/js/${path.basename(bundle.entry)} and ${versions.join(', ')}. */` },
    legalComments: 'none',
    write: false,
    logLevel: 'warning',
  });
  const code = result.outputFiles[0].contents;
  const out = bundle.out;
  const before = fs.existsSync(out) ? fs.readFileSync(out) : null;
  if (before && Buffer.compare(before, Buffer.from(code)) === 0) {
    if (!quiet) console.log(`[${bundle.name}] ${path.relative(root, out)} is up to date`);
  } else {
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, code);
    const gz = zlib.gzipSync(code, { level: 9 }).length;
    console.log(`[${bundle.name}] wrote ${path.relative(root, out)}: ${code.length} bytes, ${gz} gzipped`);
  }
}
