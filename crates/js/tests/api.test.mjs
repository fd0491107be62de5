// The JavaScript API as a package user gets it: the folder scripts/build-js-api.sh builds,
// imported in Node with the wasm bytes handed to initSync (no fetch).
//   node --test crates/js/tests/api.test.mjs
// PLAYGROUND_JS_PKG: the package folder (default target/js-api/pkg).
// PLAYGROUND_CLI: the policy-playground binary, to compare decisions with `eval --json`
// (default target/debug/policy-playground; the comparison fails when it is missing).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const pkg = path.resolve(root, process.env.PLAYGROUND_JS_PKG ?? 'target/js-api/pkg');
const cli = path.resolve(root, process.env.PLAYGROUND_CLI ?? 'target/debug/policy-playground');

const api = await import(pathToFileURL(path.join(pkg, 'index.js')).href);
api.initSync({ module: readFileSync(path.join(pkg, 'policy_playground_js_bg.wasm')) });

const example = readFileSync(path.join(root, 'examples/hbr-assume-role.json'), 'utf8');
const ramRole = readFileSync(path.join(root, 'scenarios/cloud-backup-ram-role.json'), 'utf8');

/** Whether `value` survives JSON unchanged: plain objects, arrays, strings, numbers, null. */
function assertPlainJson(value) {
  assert.deepStrictEqual(JSON.parse(JSON.stringify(value)), value);
}

/** Runs `call`, which must throw, and returns the error. */
function thrown(call) {
  try {
    call();
  } catch (error) {
    return error;
  }
  assert.fail('expected the call to throw');
}

test('evaluate gives each case of the bundled example its decision, as plain JSON', () => {
  const out = api.evaluate(example);
  assertPlainJson(out);
  const cases = JSON.parse(example);
  assert.equal(out.cases.length, cases.length);
  for (const [i, result] of out.cases.entries()) {
    assert.equal(result.name, cases[i].name);
    assert.equal(result.decision, cases[i].expected, result.explanation.summary);
    assert.equal(result.dialect, 'aliyun');
  }
  const first = out.cases[0];
  assert.equal(first.explanation.reason, 'allowed_by_both');
  assert.ok(first.explanation.decisive.length > 0);
  assert.equal(first.explanation.decisive[0].policy, 'hbrcrossrole trust policy');
  assert.ok(first.explanation.decisive[0].span.line > 1);
  // Brief by default: no per-statement reports; full adds them.
  assert.ok(first.explanation.layers.every((l) => l.policies === undefined));
  const full = api.evaluate(example, { detail: 'full' });
  assert.ok(full.cases[0].explanation.layers.some((l) => l.policies?.length > 0));
});

test('evaluate agrees with `policy-playground eval --json` on the bundled example', () => {
  assert.ok(existsSync(cli), `build the CLI first (cargo build --bin policy-playground): ${cli}`);
  const lines = execFileSync(cli, ['eval', path.join(root, 'examples/hbr-assume-role.json'), '--json'], {
    encoding: 'utf8',
  })
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  assert.deepStrictEqual(api.evaluate(example).cases, lines);
});

test('evaluate takes an object as well as text', () => {
  const fromObject = api.evaluate(JSON.parse(example)[0]);
  assert.equal(fromObject.cases.length, 1);
  assert.equal(fromObject.cases[0].decision, 'allow');
});

test('a case file that cannot be read throws an Error with kind, line and column', () => {
  const broken = '{"request": {"principal": "x", "action": "s3:GetObject"},\n "bogus": 1}';
  const error = thrown(() => api.evaluate(broken));
  assert.ok(error instanceof Error);
  assert.equal(error.name, 'PolicyPlaygroundError');
  assert.equal(error.kind, 'case');
  assert.equal(error.line, 2);
  assert.equal(error.column, 2);
  assert.match(error.message, /unknown field "bogus"/);
  assert.equal(error.detail.kind, 'case');
  assert.equal(error.detail.finding.line, 2);

  const syntax = thrown(() => api.evaluate('[{"request": }]'));
  assert.equal(syntax.kind, 'case');
  assert.deepEqual([syntax.line, syntax.column], [1, 14]);
});

test('wrong argument types throw input errors, not crashes', () => {
  assert.equal(thrown(() => api.evaluate(42)).kind, 'input');
  assert.equal(thrown(() => api.evaluate(undefined)).kind, 'input');
  const options = thrown(() => api.evaluate(example, { detial: 'full' }));
  assert.equal(options.kind, 'input');
  assert.match(options.message, /unknown option "detial"; did you mean "detail"\?/);
  assert.equal(thrown(() => api.check('{}', { dialect: 'gcp' })).kind, 'input');
  assert.equal(thrown(() => api.simulate(ramRole, 7)).kind, 'input');
  assert.equal(thrown(() => api.addCatalog('gcp', '')).kind, 'input');
});

test('hostile input gets a message, never a crash of the module', () => {
  const deep = thrown(() => api.evaluate('['.repeat(100000)));
  assert.equal(deep.kind, 'case');
  assert.equal(deep.line, 1);
  const deepScenario = thrown(() => api.simulate('{"accounts": ' + '['.repeat(100000)));
  assert.equal(deepScenario.kind, 'scenario');
  const nested = thrown(() => api.evaluate([{ request: { principal: 'x', action: 'a', context: { k: { deep: [[[[]]]] } } } }]));
  assert.equal(nested.kind, 'case');
  // The module still answers afterwards.
  assert.equal(api.evaluate(example).cases.length, JSON.parse(example).length);
});

test('explain renders each case as the text people read', () => {
  const texts = api.explain(example);
  assert.equal(texts.length, JSON.parse(example).length);
  assert.match(texts[0], /^ALLOW: Allowed: both sides allow sts:AssumeRole/);
  assert.match(texts[0], /statement 1 of hbrcrossrole trust policy/);
});

test('simulate runs every check of every built-in scenario, and they pass', () => {
  for (const file of readdirSync(path.join(root, 'scenarios')).filter((f) => f.endsWith('.json'))) {
    const out = api.simulate(readFileSync(path.join(root, 'scenarios', file), 'utf8'));
    assertPlainJson(out);
    assert.ok(out.checks.length > 0, file);
    for (const check of out.checks) {
      assert.ok(check.passed, `${file}: ${check.name}: ${check.chain.summary}`);
      assert.equal(check.chain.decision, check.chain.expected, `${file}: ${check.name}`);
    }
  }
});

test('simulate runs one named check, and suggests a name for a misspelt one', () => {
  const name = 'alice cannot assume the service-linked role herself';
  const one = api.simulate(ramRole, name);
  assert.equal(one.checks.length, 1);
  assert.equal(one.checks[0].name, name);
  assert.notEqual(one.checks[0].chain.decision, 'allow');
  const error = thrown(() => api.simulate(ramRole, 'alice cannot assume the service-linked role herslf'));
  assert.equal(error.kind, 'unknown_check');
  assert.equal(error.detail.suggestion, name);
  assert.ok(error.detail.checks.includes(name));
  assert.match(error.message, /did you mean/);
});

test('a scenario with errors throws with the first error\'s position', () => {
  const error = thrown(() => api.simulate('{"accounts": [}'));
  assert.equal(error.kind, 'scenario');
  assert.deepEqual([error.line, error.column], [1, 15]);
  assert.equal(error.detail.findings[0].severity, 'error');
});

test('check needs a catalogue for unknown actions, and loadCatalog loads it lazily', async () => {
  const policy = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObjct", "Resource": "*"}]}';
  assert.equal(api.hasCatalog('aws'), false, 'nothing is compiled in');
  const before = api.check(policy);
  assertPlainJson(before);
  assert.equal(before.scenario, false);
  assert.ok(!before.findings.some((f) => f.code === 'unknown-action'));
  assert.deepEqual(before.missing_catalogs, ['aws'], 'says which catalogue it lacked');
  assert.equal(await api.loadCatalog('aws'), true);
  assert.equal(await api.loadCatalog('aws'), false, 'loaded once');
  assert.equal(api.hasCatalog('aws'), true);
  const after = api.check(policy, { name: 'reader' });
  assert.deepEqual(after.missing_catalogs, []);
  const unknown = after.findings.find((f) => f.code === 'unknown-action');
  assert.ok(unknown, JSON.stringify(after.findings));
  assert.deepEqual([unknown.line, unknown.column], [1, 71]);
  assert.equal(unknown.fix.replacement, '"s3:GetObject"');
  const scenario = api.check(ramRole);
  assert.equal(scenario.scenario, true);
});

test('a catalogue text that is not one throws a catalog error', () => {
  const error = thrown(() => api.addCatalog('aliyun', 'not a catalogue line'));
  assert.equal(error.kind, 'catalog');
  assert.equal(typeof error.line, 'number');
});

test('the package declares what it exports', () => {
  const manifest = JSON.parse(readFileSync(path.join(pkg, 'package.json'), 'utf8'));
  for (const field of ['name', 'version', 'module', 'types', 'files', 'sideEffects', 'license']) {
    assert.ok(field in manifest, field);
  }
  assert.equal(manifest.version, api.version());
  const declarations = readFileSync(path.join(pkg, 'policy_playground_js.d.ts'), 'utf8');
  for (const name of ['evaluate', 'simulate', 'check', 'explain', 'addCatalog']) {
    assert.match(declarations, new RegExp(`export function ${name}\\(`));
  }
  // Types derived from the Rust ones, with their serde names.
  assert.match(declarations, /export type Decision = "allow" \| "explicit_deny" \| "implicit_deny";/);
  assert.match(declarations, /export interface Evaluations \{/);
  assert.match(declarations, /export type Finding = \{[^}]*code: string;/);
});
