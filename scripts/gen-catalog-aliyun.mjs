// Generates crates/lint/src/catalog/aliyun.txt, the Alibaba Cloud part of the action catalogue, from the
// official SDK packages (npm @alicloud/<product><version>, Apache-2.0) listed with their RAM codes in
// scripts/aliyun-catalog-packages.txt, and from scripts/aliyun-catalog-supplement.txt, which adds
// what RAM documents beyond them (with a source for every line).
//
//   node scripts/gen-catalog-aliyun.mjs PACKAGES_DIR PACKAGE_LIST SUPPLEMENT OUT_FILE
//
// PACKAGES_DIR holds one unpacked package per folder, named like the package file
// (alicloud-ecs20140526-7.11.6/package/...); scripts/gen-catalog.sh fetches them with `npm pack`.
//
// What is read from a package, and how far it is trusted:
// * dist/client.js: the API operations. Newer packages pass `action: "Name"` to the gateway, older
//   ones call doRequest("Name", ...). An operation `Name` of a package listed under RAM code `code`
//   is taken as the RAM action `code:Name`, which is how RAM names the actions of most services.
// * dist/client.d.ts: the doc comment of an operation's method sometimes has an "Authentication
//   resources" table (`|`log:GetLogStoreLogs`|acs:log:...|`). Where it names the operation's RAM
//   action, that name is used instead of the operation's (SLS: GetLogs is log:GetLogStoreLogs), and
//   an action of another RAM code than the listed one stops the run (a wrong code in the list).
//
// The output has the format described in scripts/gen-catalog-aws.mjs: actions front-coded, no word
// dictionary, plus one line type of its own:
//   %KEY NAME     a RAM code that Alibaba Cloud documents but whose actions the catalogue does not
//                 list (no SDK package here): the service exists, so it gets no did-you-mean.
// Resource types per action are listed only where documented; an Alibaba Cloud action without them
// takes resources the catalogue does not know, not only "*".
import fs from 'node:fs';
import path from 'node:path';

const [dir, listFile, supplementFile, out] = process.argv.slice(2);
if (!dir || !listFile || !supplementFile || !out) {
  console.error('usage: node scripts/gen-catalog-aliyun.mjs PACKAGES_DIR PACKAGE_LIST SUPPLEMENT OUT_FILE');
  process.exit(2);
}
const DIGITS = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';

// key -> {name, actions: Map(lower -> name), types: [[name, template]], uses: Map(action lower -> [ref]), keys: [[name, type]]}
const services = new Map();
const service = (key) => {
  if (!services.has(key)) {
    services.set(key, { name: key, actions: new Map(), types: [], uses: new Map(), keys: [] });
  }
  return services.get(key);
};
const sources = [];
const known = new Map(); // RAM codes documented without actions here: key -> name

// The packages.
const folders = fs.readdirSync(dir);
let codeSource = null;
for (const raw of fs.readFileSync(listFile, 'utf8').split('\n')) {
  const line = raw.trim();
  if (!line || line.startsWith('#')) continue;
  if (line.startsWith('source ')) {
    codeSource = line.slice('source '.length);
    sources.push(`RAM codes: ${codeSource}`);
    continue;
  }
  const [key, spec, ...name] = line.split(/\s+/);
  const m = /^(@alicloud\/([a-z0-9-]+))@([0-9][^\s]*)$/.exec(spec ?? '');
  if (!m || !codeSource) throw new Error(`${listFile}: ${line}: expected CODE @alicloud/PACKAGE@VERSION NAME after a source line`);
  const [, , bare, version] = m;
  const folder = folders.find((f) => f === `alicloud-${bare}-${version}`);
  if (!folder) throw new Error(`${bare}@${version} is missing from ${dir}`);
  const root = path.join(dir, folder, 'package');
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  const js = fs.readFileSync(path.join(root, 'dist', 'client.js'), 'utf8');
  const ops = new Set([...js.matchAll(/(?:action: "|doRequest\(")([A-Z][A-Za-z0-9]+)"/g)].map((m) => m[1]));
  if (ops.size === 0) throw new Error(`no operations found in ${pkg.name}`);
  const s = service(key);
  if (name.length && s.name === key) s.name = name.join(' ');
  // RAM actions named in the operations' doc comments.
  const byLower = new Map([...ops].map((o) => [o.toLowerCase(), o]));
  const documented = new Map(); // operation -> Set(action name)
  const dts = path.join(root, 'dist', 'client.d.ts');
  if (fs.existsSync(dts)) {
    const text = fs.readFileSync(dts, 'utf8');
    for (const [, comment, method] of text.matchAll(/\/\*\*((?:(?!\*\/)[\s\S])*)\*\/\s*([A-Za-z0-9_]+)\(/g)) {
      const op = byLower.get(method.replace(/WithOptions$/, '').toLowerCase());
      if (!op) continue;
      for (const [, code, action] of comment.matchAll(/^\s*\*\s*\|`([a-z][a-z0-9-]*):([A-Z][A-Za-z0-9]*)`\|/gm)) {
        if (code !== key) throw new Error(`${pkg.name}: ${op} is documented as ${code}:${action}, not a ${key} action`);
        if (!documented.has(op)) documented.set(op, new Set());
        documented.get(op).add(action);
      }
    }
  }
  let renamed = 0;
  for (const op of ops) {
    const names = documented.get(op);
    if (names && !names.has(op)) renamed++;
    for (const a of names ?? [op]) s.actions.set(a.toLowerCase(), a);
  }
  sources.push(
    `${key}: npm ${pkg.name} ${pkg.version} (${pkg.license}), ${ops.size} operations` +
      (documented.size ? `, ${documented.size} with their RAM action documented (${renamed} named otherwise)` : ''),
  );
}

// The supplement.
let source = null;
for (const raw of fs.readFileSync(supplementFile, 'utf8').split('\n')) {
  const line = raw.trim();
  if (!line || line.startsWith('#')) continue;
  const [verb, key, ...rest] = line.split(/\s+/);
  if (verb === 'source') {
    source = line.slice('source '.length);
    sources.push(`supplement: ${source}`);
    continue;
  }
  if (!source) throw new Error(`${line}: no source given before it`);
  if (verb === 'known') {
    known.set(key, rest.join(' ') || key);
    continue;
  }
  const s = service(key);
  if (verb === 'service') s.name = rest.join(' ');
  else if (verb === 'actions') for (const a of rest) s.actions.set(a.toLowerCase(), a);
  else if (verb === 'drop') {
    for (const a of rest) if (!s.actions.delete(a.toLowerCase())) throw new Error(`${line}: ${key}:${a} is not in the catalogue`);
  } else if (verb === 'resource') s.types.push([rest[0], `${key}:\${Region}:\${Account}:${rest[1]}`]);
  else if (verb === 'key') s.keys.push([key === 'acs' ? rest[0] : `${key}:${rest[0]}`, rest[1]]);
  else if (verb === 'uses') {
    const index = s.types.findIndex(([n]) => n === rest[0]);
    if (index < 0) throw new Error(`${line}: resource type ${rest[0]} is not defined above`);
    for (const a of rest.slice(1)) {
      const [svc, name] = a.split(':');
      if (!service(svc).actions.has(name.toLowerCase())) throw new Error(`${line}: unknown action ${a}`);
      const id = `${svc}:${name.toLowerCase()}`;
      if (!s.uses.has(id)) s.uses.set(id, []);
      s.uses.get(id).push(`${key}:${index}`);
    }
  } else throw new Error(`${line}: unknown line`);
}

const lines = [
  '# Alibaba Cloud action catalogue, generated by scripts/gen-catalog-aliyun.mjs; do not edit.',
  '# Format: see scripts/gen-catalog-aws.mjs and scripts/gen-catalog-aliyun.mjs. Resource types are',
  "# `service:index` here, since an action may act on another service's resources",
  '# (ecs:AttachInstanceRamRole on a RAM role).',
  ...sources.map((s) => `# Source: ${s}`),
];
const acs = services.get('acs');
services.delete('acs');
lines.push('@acs global condition keys', ...acs.keys.map(([k, t]) => `?acs:${k} ${t}`));
const uses = new Map();
for (const s of services.values()) for (const [a, list] of s.uses) uses.set(a, [...(uses.get(a) ?? []), ...list]);
let count = 0;
for (const [key, s] of [...services].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
  if (s.actions.size === 0) throw new Error(`${key} has no actions`);
  lines.push(`@${key} ${s.name}`);
  for (const [n, t] of s.types) lines.push(`=${n} ${t}`);
  for (const [n, t] of s.keys) lines.push(`?${n.startsWith(`${key}:`) ? n.slice(key.length + 1) : n} ${t}`);
  let previous = '';
  for (const a of [...s.actions.values()].sort((x, y) => (x.toLowerCase() < y.toLowerCase() ? -1 : 1))) {
    let shared = 0;
    while (shared < 61 && shared < previous.length && shared < a.length && previous[shared] === a[shared]) shared++;
    const u = uses.get(`${key}:${a.toLowerCase()}`);
    lines.push(`${DIGITS[shared]}${a.slice(shared)}${u ? ' ' + u.join(',') : ''}`);
    previous = a;
    count++;
  }
}
const knownOnly = [...known].filter(([k]) => !services.has(k)).sort((a, b) => (a[0] < b[0] ? -1 : 1));
lines.push(...knownOnly.map(([k, n]) => `%${k} ${n}`));
fs.writeFileSync(out, lines.join('\n') + '\n');
console.log(
  `${out}: ${services.size} services, ${count} actions, ${knownOnly.length} more RAM codes known, ${fs.statSync(out).size} bytes`,
);
