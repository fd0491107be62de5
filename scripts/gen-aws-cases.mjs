// Generates deterministic AWS authorization cases in two formats:
//   * Policy Playground's case-file format (crates/batch/src/case.rs): one JSON array of cases;
//   * @cloud-copilot/iam-simulate's `Simulation` objects: one JSON array, same order.
//
// The generator mirrors `aws_case` in benches/evaluate.rs (same xorshift64* stream, same
// templates, same order of draws), so the bench's 1,000 cases are the first 1,000 here.
//
// Both files hold one case per line. Policy Playground's reader caps a file at 4 MiB
// (about 2,000 of these cases), so --ours-dir DIR --chunk K writes our cases as
// DIR/cases-0001.json, DIR/cases-0002.json, ... of K cases each instead of one file.
//
// --one-line writes --ours as a single line instead (as JSON.stringify prints it), to show
// how the reader copes with long lines (BENCHMARKS.md, "Single-line case files").
//
// --mode repeated (the default) draws statements from a few templates over a few resource
// names, so the same statement text comes back again and again: about 8,000 distinct
// statements among 99,000 in 10,000 cases. Batch readers that remember statements they have
// compiled gain a lot from that.
// --mode distinct makes the same cases (same draws, same sizes, same shape of decisions)
// with nothing repeated: every statement carries a Sid naming its case, policy and place,
// resource names and patterns carry a per-case prefix (bucket, table, queue, function and
// secret names, instance ids), and condition values carry per-case text (tag values, date
// limits, a CIDR block). No statement text, and no policy, occurs twice.
// --stats prints the number of statements and of distinct statement texts on stderr.
//
// Usage: node scripts/gen-aws-cases.mjs --count N [--mode repeated|distinct] [--stats]
//                                        [--ours OURS.json [--one-line] | --ours-dir DIR [--chunk K]]
//                                        [--reference REF.json]

import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

const MASK = (1n << 64n) - 1n

class Rng {
  constructor(seed) {
    this.s = seed
  }
  next() {
    let s = this.s
    s ^= s >> 12n
    s ^= (s << 25n) & MASK
    s ^= s >> 27n
    this.s = s
    return (s * 0x2545f4914f6cdd1dn) & MASK
  }
  below(n) {
    return Number((this.next() >> 33n) % BigInt(n))
  }
  percent(p) {
    return this.below(100) < p
  }
  pick(items) {
    return items[this.below(items.length)]
  }
}

const ACCOUNT = '111122223333'
const OTHER = '444455556666'

const SERVICES = [
  {
    prefix: 's3',
    actions: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:GetObjectTagging'],
    resource: (_, i, ns) => `arn:aws:s3:::${ns.name}data-bucket-${i % 7}/reports/2026/file-${i}.csv`,
    pattern: (_, i, ns) => `arn:aws:s3:::${ns.name}data-bucket-${i % 7}/*`,
    hasResourcePolicy: true
  },
  {
    prefix: 'dynamodb',
    actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:DeleteItem'],
    resource: (a, i, ns) => `arn:aws:dynamodb:us-east-1:${a}:table/${ns.name}orders-${i % 5}`,
    pattern: (a, _, ns) => `arn:aws:dynamodb:*:${a}:table/${ns.name}orders-*`,
    hasResourcePolicy: false
  },
  {
    prefix: 'sqs',
    actions: ['sqs:SendMessage', 'sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:PurgeQueue'],
    resource: (a, i, ns) => `arn:aws:sqs:us-east-1:${a}:${ns.name}jobs-${i % 4}`,
    pattern: (a, _, ns) => `arn:aws:sqs:us-east-1:${a}:${ns.name}jobs-*`,
    hasResourcePolicy: true
  },
  {
    prefix: 'ec2',
    actions: ['ec2:StartInstances', 'ec2:StopInstances', 'ec2:TerminateInstances', 'ec2:RebootInstances'],
    resource: (a, i, ns) => `arn:aws:ec2:us-east-1:${a}:instance/i-0${ns.hex || 'abc'}${i.toString(16).padStart(8, '0')}`,
    pattern: (a, _, ns) => `arn:aws:ec2:*:${a}:instance/${ns.hex ? `i-0${ns.hex}` : ''}*`,
    hasResourcePolicy: false
  },
  {
    prefix: 'lambda',
    actions: ['lambda:InvokeFunction', 'lambda:GetFunction', 'lambda:DeleteFunction'],
    resource: (a, i, ns) => `arn:aws:lambda:us-east-1:${a}:function:${ns.name}worker-${i % 6}`,
    pattern: (a, _, ns) => `arn:aws:lambda:us-east-1:${a}:function:${ns.name}worker-*`,
    hasResourcePolicy: true
  },
  {
    prefix: 'secretsmanager',
    actions: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret', 'secretsmanager:DeleteSecret'],
    resource: (a, i, ns) => `arn:aws:secretsmanager:us-east-1:${a}:secret:${ns.name}app/db-${i % 3}-AbCdEf`,
    pattern: (a, _, ns) => `arn:aws:secretsmanager:us-east-1:${a}:secret:${ns.name}app/*`,
    hasResourcePolicy: true
  }
]

const doc = (statements) => ({ Version: '2012-10-17', Statement: statements })

// What makes one case's names and values its own. In the repeated mode every field is empty
// and `sid` adds nothing, so the output is exactly what this generator wrote before the
// distinct mode existed (and what benches/evaluate.rs mirrors).
const REPEATED = { distinct: false, name: '', hex: '', sid: (statement) => statement }

function namespace(mode, n) {
  if (mode === 'repeated') return REPEATED
  return {
    distinct: true,
    // a prefix for bucket, table, queue, function and secret names
    name: `t${n}-`,
    // a prefix for instance ids (hex digits)
    hex: n.toString(16).padStart(5, '0'),
    // a Sid naming the case and the statement's place, written first as people do
    sid: (statement, place) => ({ Sid: `C${n}${place}`, ...statement })
  }
}

/** An ISO 8601 time `minutes` after `base` (a whole-second `Z` time). */
const plusMinutes = (base, minutes) => new Date(Date.parse(base) + minutes * 60000).toISOString().replace('.000Z', 'Z')

function identityStatement(rng, svc, account, i, ns, n) {
  const action = rng.pick(svc.actions)
  const pattern = svc.pattern(account, i, ns)
  switch (rng.below(12)) {
    case 0:
    case 1:
      return { Effect: 'Allow', Action: `${svc.prefix}:Get*`, Resource: pattern }
    case 2:
      return {
        Effect: 'Allow',
        Action: [action, `${svc.prefix}:List*`],
        Resource: pattern,
        Condition: { StringLike: { 'aws:PrincipalTag/project': `${ns.name}proj-*` } }
      }
    case 3: {
      const second = ns.distinct ? `172.${16 + ((n >> 8) & 15)}.${n & 255}.0/24` : '192.0.2.0/24'
      return {
        Effect: 'Allow',
        Action: `${svc.prefix}:*`,
        Resource: '*',
        Condition: { IpAddress: { 'aws:SourceIp': ['10.0.0.0/8', second] } }
      }
    }
    case 4: {
      let until = rng.percent(70) ? '2030-01-01T00:00:00Z' : '2025-01-01T00:00:00Z'
      if (ns.distinct) until = plusMinutes(until, n)
      return {
        Effect: 'Allow',
        Action: action,
        Resource: svc.resource(account, i, ns),
        Condition: { DateLessThan: { 'aws:CurrentTime': until } }
      }
    }
    case 5:
      return {
        Effect: 'Allow',
        Action: `${svc.prefix}:*`,
        Resource: pattern,
        Condition: {
          'ForAnyValue:StringEquals': { 'aws:CalledVia': ['athena.amazonaws.com', 'cloudformation.amazonaws.com'] }
        }
      }
    case 6:
    case 7:
      return { Effect: 'Allow', Action: [action], Resource: [pattern, svc.resource(account, i + 1, ns)] }
    case 8:
      return { Effect: 'Allow', Action: action, Resource: svc.resource(account, i, ns) }
    case 9:
      return { Effect: 'Deny', Action: [`${svc.prefix}:Delete*`, 'ec2:TerminateInstances'], Resource: '*' }
    case 10:
      return { Effect: 'Deny', Action: '*', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }
    default:
      return {
        Effect: 'Deny',
        NotAction: ['iam:*', 'sts:*'],
        Resource: '*',
        Condition: { StringNotEquals: { 'aws:RequestedRegion': ['us-east-1', 'eu-west-1'] } }
      }
  }
}

/** One case in Policy Playground's case-file format. */
function awsCase(rng, n, mode) {
  const ns = namespace(mode, n)
  const svc = rng.pick(SERVICES)
  const cross = rng.percent(20)
  const owner = cross ? OTHER : ACCOUNT
  const i = rng.below(1000)
  const user = `user${rng.below(20)}`
  const principal = rng.percent(70)
    ? `arn:aws:iam::${ACCOUNT}:user/${user}`
    : `arn:aws:sts::${ACCOUNT}:assumed-role/role${rng.below(5)}/${user}`
  const action = rng.pick(svc.actions)
  const resource = svc.resource(owner, i, ns)

  const context = {}
  context['aws:SourceIp'] = rng.percent(75)
    ? `10.${rng.below(256)}.${rng.below(256)}.${rng.below(256)}`
    : `203.0.113.${rng.below(256)}`
  context['aws:CurrentTime'] = '2026-03-01T12:00:00Z'
  context['aws:PrincipalAccount'] = ACCOUNT
  context['aws:RequestedRegion'] = rng.percent(10) ? 'ap-south-1' : rng.pick(['us-east-1', 'eu-west-1'])
  context['aws:SecureTransport'] = rng.percent(90) ? 'true' : 'false'
  context['aws:PrincipalTag/project'] = rng.percent(70) ? `${ns.name}proj-${rng.below(9)}` : 'sandbox'
  if (rng.percent(30)) {
    context['aws:CalledVia'] = [rng.pick(['athena.amazonaws.com', 'glue.amazonaws.com'])]
  }

  const policies = 1 + rng.below(3)
  const identity = []
  for (let p = 0; p < policies; p++) {
    const statements = 2 + rng.below(5)
    const list = []
    for (let s = 0; s < statements; s++) list.push(ns.sid(identityStatement(rng, svc, owner, i, ns, n), `P${p}S${s}`))
    identity.push(doc(list))
  }
  const c = {
    name: `aws case ${n}`,
    dialect: 'aws',
    request: { principal, action, resource, resource_account: owner, context },
    identity_policies: identity
  }
  if (svc.hasResourcePolicy && (cross || rng.percent(30))) {
    let who
    switch (rng.below(3)) {
      case 0:
        who = { AWS: `arn:aws:iam::${ACCOUNT}:root` }
        break
      case 1:
        who = { AWS: principal }
        break
      default:
        who = { AWS: `arn:aws:iam::${ACCOUNT}:user/user${rng.below(20)}` }
    }
    const statements = [
      ns.sid({ Effect: 'Allow', Principal: who, Action: svc.actions.slice(0, 2), Resource: svc.pattern(owner, i, ns) }, 'R0')
    ]
    if (rng.percent(30)) {
      statements.push(
        ns.sid(
          {
            Effect: 'Deny',
            Principal: '*',
            Action: `${svc.prefix}:Delete*`,
            Resource: '*',
            Condition: { StringNotEquals: { 'aws:PrincipalAccount': owner } }
          },
          'R1'
        )
      )
    }
    c.resource_policy = doc(statements)
  }
  if (rng.percent(15)) {
    c.permission_boundaries = [
      doc([ns.sid({ Effect: 'Allow', Action: ['s3:*', 'dynamodb:*', 'sqs:*'], Resource: '*' }, 'B0')])
    ]
  }
  if (rng.percent(40)) {
    const levels = [[doc([ns.sid({ Effect: 'Allow', Action: '*', Resource: '*' }, 'L1S0')])]]
    if (rng.percent(60)) {
      levels.push([
        doc([
          ns.sid({ Effect: 'Allow', Action: ['s3:*', 'dynamodb:*', 'sqs:*', 'ec2:*', 'lambda:*'], Resource: '*' }, 'L2S0')
        ]),
        doc([ns.sid({ Effect: 'Deny', Action: 'ec2:TerminateInstances', Resource: '*' }, 'L2S1')])
      ])
    }
    if (rng.percent(50)) {
      levels.push([
        doc([
          ns.sid({ Effect: 'Allow', Action: '*', Resource: '*' }, 'L3S0'),
          ns.sid(
            {
              Effect: 'Deny',
              Action: '*',
              Resource: '*',
              Condition: { StringNotEquals: { 'aws:RequestedRegion': ['us-east-1', 'eu-west-1'] } }
            },
            'L3S1'
          )
        ])
      ])
    }
    c.control_policies = levels
  }
  if (rng.percent(10)) {
    c.resource_control_policies = [
      [
        doc([
          ns.sid(
            {
              Effect: 'Deny',
              Principal: '*',
              Action: 's3:*',
              Resource: '*',
              Condition: { Bool: { 'aws:SecureTransport': 'false' } }
            },
            'X0'
          )
        ])
      ]
    ]
  }
  return c
}

/** The same case as an iam-simulate `Simulation`. */
function toSimulation(c) {
  const named = (prefix) => (policy, k) => ({ name: `${prefix}-${k + 1}`, policy })
  const levels = (list, what) =>
    (list ?? []).map((policies, level) => ({
      orgIdentifier: level === 0 ? 'r-root' : `ou-${what}-${level}`,
      policies: policies.map(named(`${what}-l${level + 1}`))
    }))
  const sim = {
    request: {
      principal: c.request.principal,
      action: c.request.action,
      resource: { resource: c.request.resource, accountId: c.request.resource_account },
      contextVariables: c.request.context
    },
    identityPolicies: c.identity_policies.map(named('identity')),
    serviceControlPolicies: levels(c.control_policies, 'scp'),
    resourceControlPolicies: levels(c.resource_control_policies, 'rcp')
  }
  if (c.resource_policy) sim.resourcePolicy = c.resource_policy
  if (c.permission_boundaries) sim.permissionBoundaryPolicies = c.permission_boundaries.map(named('boundary'))
  return sim
}

/** How many statements and policies the cases hold, and how many distinct texts among them. */
function stats(cases, mode) {
  const policies = []
  for (const c of cases) {
    policies.push(...c.identity_policies)
    if (c.resource_policy) policies.push(c.resource_policy)
    policies.push(...(c.permission_boundaries ?? []))
    for (const level of [...(c.control_policies ?? []), ...(c.resource_control_policies ?? [])]) policies.push(...level)
  }
  const statements = policies.flatMap((p) => p.Statement)
  const distinct = (list) => new Set(list.map((x) => JSON.stringify(x))).size
  return (
    `mode ${mode}: ${cases.length} cases, ${statements.length} statements (${distinct(statements)} distinct), ` +
    `${policies.length} policies (${distinct(policies)} distinct)`
  )
}

/** A JSON array with one element per line. */
const arrayText = (items) => '[\n' + items.map((x) => JSON.stringify(x)).join(',\n') + '\n]\n'

function main() {
  const args = process.argv.slice(2)
  const opt = (name) => {
    const k = args.indexOf(name)
    return k >= 0 ? args[k + 1] : undefined
  }
  const count = Number(opt('--count') ?? 10000)
  const chunk = Number(opt('--chunk') ?? 1000)
  const ours = opt('--ours')
  const oursDir = opt('--ours-dir')
  const reference = opt('--reference')
  const mode = opt('--mode') ?? 'repeated'
  const valid = (n) => Number.isInteger(n) && n > 0
  if (
    !valid(count) ||
    !valid(chunk) ||
    !['repeated', 'distinct'].includes(mode) ||
    (!ours && !oursDir && !reference && !args.includes('--stats'))
  ) {
    console.error(
      'usage: node gen-aws-cases.mjs --count N [--mode repeated|distinct] [--stats] ' +
        '[--ours OURS.json [--one-line] | --ours-dir DIR [--chunk K]] [--reference REF.json]'
    )
    process.exit(2)
  }
  const rng = new Rng(0x9e3779b97f4a7c15n)
  const cases = []
  for (let n = 0; n < count; n++) cases.push(awsCase(rng, n, mode))
  if (args.includes('--stats')) console.error(stats(cases, mode))
  if (ours) writeFileSync(ours, args.includes('--one-line') ? JSON.stringify(cases) : arrayText(cases))
  if (oursDir) {
    mkdirSync(oursDir, { recursive: true })
    for (let start = 0, part = 1; start < count; start += chunk, part++) {
      const name = `cases-${String(part).padStart(4, '0')}.json`
      writeFileSync(join(oursDir, name), arrayText(cases.slice(start, start + chunk)))
    }
  }
  if (reference) writeFileSync(reference, arrayText(cases.map(toSimulation)))
}

main()
