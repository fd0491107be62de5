// Runs @cloud-copilot/iam-simulate over a JSON array of `Simulation` objects (as written by
// gen-aws-cases.mjs --reference) and prints one decision per line, in our decision names:
// allow, explicit_deny, implicit_deny, or `error: MESSAGE` when the reference rejects the input.
// On standard error it reports how long loading the module and the simulations took.
//
// bench-vs-reference.sh copies this file next to the temporary node_modules it installs,
// so the bare import below resolves there.
//
// Usage: node run-reference.mjs SIMULATIONS.json > DECISIONS.txt

import { readFileSync } from 'node:fs'
import { performance } from 'node:perf_hooks'

const NAMES = { Allowed: 'allow', ExplicitlyDenied: 'explicit_deny', ImplicitlyDenied: 'implicit_deny' }

const file = process.argv[2]
if (!file) {
  console.error('usage: node run-reference.mjs SIMULATIONS.json')
  process.exit(2)
}
const t0 = performance.now()
const { runSimulation } = await import('@cloud-copilot/iam-simulate')
const t1 = performance.now()
const simulations = JSON.parse(readFileSync(file, 'utf8'))
const t2 = performance.now()
const out = []
for (const simulation of simulations) {
  const result = await runSimulation(simulation, {})
  if (result.resultType === 'error') {
    out.push(`error: ${result.errors.message}`)
  } else {
    out.push(NAMES[result.overallResult] ?? `error: unknown result ${result.overallResult}`)
  }
}
const t3 = performance.now()
process.stdout.write(out.join('\n') + '\n')
const ms = (x) => x.toFixed(0)
console.error(
  `reference in-process: import ${ms(t1 - t0)} ms, read+parse ${ms(t2 - t1)} ms, ` +
    `${simulations.length} simulations ${ms(t3 - t2)} ms (${((1000 * (t3 - t2)) / simulations.length).toFixed(1)} us each)`
)
