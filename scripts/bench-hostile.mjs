#!/usr/bin/env node
// Hostile-input benchmark: generates inputs whose cost could grow faster than their size and
// times the release CLI on each, printing wall time and peak memory (issue 16, "Bounded work").
//
//   cargo build --release -p playground-cli
//   node scripts/bench-hostile.mjs [--bin target/release/policy-playground] [--timeout 60] [--only NAME]
//
// Each run is limited to --timeout seconds and 4 GiB of address space, so the cases that were
// quadratic before the fixes report "timeout" or "out of memory" instead of hurting the machine.
// Needs GNU time at /usr/bin/time for the memory figure.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const bin = option('--bin', 'target/release/policy-playground');
const timeout = Number(option('--timeout', '60'));
const only = option('--only', null);
const dir = mkdtempSync(join(tmpdir(), 'bench-hostile-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));

const write = (name, text) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const policy = (statements) => JSON.stringify({ Version: '2012-10-17', Statement: statements });
const allow = (action, resource = '*') => ({ Effect: 'Allow', Action: action, Resource: resource });
const caseOf = (action, pattern, name = 'c') => ({
  name,
  request: { principal: 'arn:aws:iam::111122223333:user/u', action, resource: 'arn:aws:s3:::b/k' },
  identity_policies: [JSON.parse(policy([allow(pattern)]))],
});
// A deterministic generator, so every run measures the same inputs.
let state = 0x9e3779b9;
const random = () => {
  state ^= state << 13;
  state ^= state >>> 17;
  state ^= state << 5;
  return (state >>> 0) / 2 ** 32;
};
const word = (n) => Array.from({ length: n }, () => String.fromCharCode(97 + Math.floor(random() * 26))).join('');

const cases = [];
const bench = (name, what, make) => cases.push({ name, what, make });

// Wildcards: each pattern against an action of 100,000 characters (the engine lower-cases
// actions, so the texts are lower case).
const long = 'a'.repeat(100_000);
bench('wildcard-star', '*a*a*a*a*a*a*a*a*b* vs 100,000 a', () =>
  ['eval', write('star.json', JSON.stringify(caseOf(`s3:${long}`, 's3:*a*a*a*a*a*a*a*a*b*')))]);
bench('wildcard-question', '*(a?)x50,000 b* vs 100,000 a', () =>
  ['eval', write('question.json', JSON.stringify(caseOf(`s3:${long}`, `s3:*${'a?'.repeat(50_000)}b*`)))]);
bench('wildcard-question-run', '*(?)x50,000 b* vs 100,000 a', () =>
  ['eval', write('run.json', JSON.stringify(caseOf(`s3:${long}`, `s3:*${'?'.repeat(50_000)}b*`)))]);

// Checks comparing patterns with patterns: two statements with 60,000-character actions.
bench('glob-60k', 'check: two statements with 60,000-character actions', () => {
  const a = `s3:${'a'.repeat(30_000)}*${'a'.repeat(30_000)}`;
  const b = `s3:${'a'.repeat(29_999)}?${'a'.repeat(30_000)}`;
  return ['check', write('glob.json', policy([allow(a), allow(b)]))];
});
// Redundancy between statements: 40,000 distinct statements.
bench('statements-40k', 'check: 40,000 distinct statements', () => {
  const statements = Array.from({ length: 40_000 }, (_, i) =>
    allow(`s3:GetObject`, `arn:aws:s3:::bucket-${i}/${word(6)}*`));
  return ['check', write('statements.json', policy(statements))];
});
// Did-you-mean: a 4 MB policy of long unknown action names.
bench('unknown-names-4mb', 'check: 4 MB of 1,000-character unknown actions', () => {
  const actions = Array.from({ length: 4_000 }, () => `s3:Get${word(1_000)}`);
  return ['check', write('names.json', policy([allow(actions)]))];
});
// Many names in one statement: the checks that pair a statement's names with each other.
bench('actions-60k', 'check: one statement listing 60,000 distinct actions', () =>
  ['check', write('actions.json', policy([allow(Array.from({ length: 60_000 }, (_, i) => `s3:Get${i}Object`))]))]);
bench('action-patterns-60k', 'check: one statement listing 60,000 action patterns', () =>
  ['check', write('patterns.json', policy([allow(Array.from({ length: 60_000 }, (_, i) => `s3:Get${i}*`))]))]);
bench('resources-60k', 'check: one statement listing 60,000 resource patterns', () =>
  ['check', write('resources.json',
    policy([allow('s3:GetObject', Array.from({ length: 60_000 }, (_, i) => `arn:aws:s3:::b${i}/*`))]))]);
bench('repeats-60k', 'check: one statement listing one action 60,000 times', () =>
  ['check', write('repeats.json', policy([allow(Array.from({ length: 60_000 }, () => 's3:GetObject'))]))]);
// A batch written on one line against the same batch one case per line.
const batch = Array.from({ length: 40_000 }, (_, i) =>
  caseOf('s3:GetObject', i % 2 ? 's3:Get*' : 's3:Put*', `case ${i}`));
bench('batch-one-line', 'eval --json: 40,000 cases on one line', () =>
  ['eval', '--json', write('one-line.json', JSON.stringify(batch))]);
bench('batch-per-line', 'eval --json: 40,000 cases, one per line', () =>
  ['eval', '--json', write('per-line.json', `[\n${batch.map((c) => JSON.stringify(c)).join(',\n')}\n]\n`)]);
// Path search over a dense trust graph: every role trusts every other.
bench('paths-dense-2000', 'paths --from: 2,000 roles, each trusting every other', () => {
  const account = '111122223333';
  const roles = Array.from({ length: 2_000 }, (_, i) => ({
    account,
    name: `r${i}`,
    trust_policy: JSON.parse(policy([{ Effect: 'Allow', Action: 'sts:AssumeRole',
      Principal: { AWS: `arn:aws:iam::${account}:root` } }])),
    policies: i === 1_999 ? ['assume', 'read'] : ['assume'],
  }));
  const scenario = {
    dialect: 'aws',
    accounts: [{ id: account }],
    policies: [
      { name: 'assume', document: JSON.parse(policy([allow('sts:AssumeRole')])) },
      { name: 'read', document: JSON.parse(policy([allow('s3:GetObject')])) },
    ],
    roles,
    users: [{ account, name: 'ana', policies: ['assume'] }],
  };
  return ['paths', write('dense.json', JSON.stringify(scenario)), '--from',
    `arn:aws:iam::${account}:user/ana`, '--action', 's3:GetObject'];
});
// An error early on a 60 MB first line.
bench('long-line-error', 'check: syntax error at byte 20 of a 60 MB line', () =>
  ['check', write('long-line.json', `{"Version": "2012-10-17" "Statement": [${'"x",'.repeat(15_000_000)}"x"]}`)]);
bench('over-size-limit', 'check: a 100 MB one-line file (over the size limit)', () =>
  ['check', write('too-big.json', `{"Statement": [${'"x",'.repeat(25_000_000)}"x"]}`)]);

const rows = [];
for (const { name, what, make } of cases) {
  if (only && name !== only) continue;
  const command = make();
  const quoted = [bin, ...command].map((a) => `'${a}'`).join(' ');
  const shell = `ulimit -v 4194304; exec /usr/bin/time -f '%x %e %M' timeout ${timeout} ${quoted} > /dev/null`;
  const run = spawnSync('bash', ['-c', shell], { encoding: 'utf8', maxBuffer: 1 << 30 });
  const last = run.stderr.trim().split('\n').pop() ?? '';
  const [status, seconds, kilobytes] = last.split(' ').map(Number);
  let result;
  if (status === 124) {
    result = `timeout (> ${timeout} s)`;
  } else {
    const oom = /memory allocation|out of memory/i.test(run.stderr);
    result = oom ? 'out of memory (> 4 GiB)' : `${seconds.toFixed(2)} s, ${(kilobytes / 1024).toFixed(0)} MB`;
  }
  rows.push({ name, what, result });
  console.log(`${name.padEnd(22)} ${result.padEnd(26)} ${what}`);
}
