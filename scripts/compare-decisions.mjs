// Compares Policy Playground's `eval --json` output (one JSON object per line) with the
// reference's decisions (one per line, from run-reference.mjs), case by case.
// Prints `agree N of M`, then the counts of each (ours, reference) pair that differ and
// up to --show N example cases of each. Exits 0 whatever the agreement; 2 on bad input.
//
// Usage: node compare-decisions.mjs OURS.jsonl REFERENCE.txt [--show N]

import { readFileSync } from 'node:fs'

const [oursFile, refFile] = process.argv.slice(2)
const k = process.argv.indexOf('--show')
const show = k >= 0 ? Number(process.argv[k + 1]) : 3
if (!oursFile || !refFile) {
  console.error('usage: node compare-decisions.mjs OURS.jsonl REFERENCE.txt [--show N]')
  process.exit(2)
}
const lines = (f) => readFileSync(f, 'utf8').split('\n').filter((l) => l.length > 0)
const ours = lines(oursFile).map((l) => JSON.parse(l))
const reference = lines(refFile)
if (ours.length !== reference.length) {
  console.error(`error: ${ours.length} decisions from policy-playground but ${reference.length} from the reference`)
  process.exit(2)
}
let agree = 0
const differ = new Map()
ours.forEach((o, i) => {
  const r = reference[i]
  if (o.decision === r) {
    agree++
    return
  }
  const key = `ours ${o.decision}, reference ${r.startsWith('error:') ? 'error' : r}`
  if (!differ.has(key)) differ.set(key, [])
  differ.get(key).push({ name: o.name, reason: o.explanation?.reason, summary: o.explanation?.summary, r })
})
console.log(`agree ${agree} of ${ours.length}`)
for (const [key, list] of [...differ].sort((a, b) => b[1].length - a[1].length)) {
  console.log(`  ${list.length} x ${key}`)
  for (const d of list.slice(0, show)) {
    console.log(`    ${d.name}: ${d.summary}${d.r.startsWith('error:') ? ` [${d.r}]` : ''}`)
  }
}
