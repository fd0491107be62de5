// Prints the medians of the last `cargo bench --bench evaluate` run as a Markdown table,
// read from Criterion's target/criterion/**/new/{benchmark,estimates}.json.
// For benchmarks with a throughput it adds the median per element (request, case) or per byte.
//
// Usage: node scripts/criterion-medians.mjs [CRITERION_DIR]   (default: target/criterion)

import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'

const root = process.argv[2] ?? 'target/criterion'
if (!existsSync(root)) {
  console.error(`error: ${root} does not exist; run cargo bench --bench evaluate first`)
  process.exit(2)
}

function* walk(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue
    const path = join(dir, entry.name)
    if (entry.name === 'new' && existsSync(join(path, 'estimates.json'))) yield path
    else if (entry.name !== 'base' && entry.name !== 'change' && entry.name !== 'report') yield* walk(path)
  }
}

const time = (ns) =>
  ns >= 1e6 ? `${(ns / 1e6).toFixed(2)} ms` : ns >= 1e3 ? `${(ns / 1e3).toFixed(2)} µs` : `${ns.toFixed(1)} ns`

const rows = []
for (const dir of walk(root)) {
  const bench = JSON.parse(readFileSync(join(dir, 'benchmark.json'), 'utf8'))
  const est = JSON.parse(readFileSync(join(dir, 'estimates.json'), 'utf8'))
  const median = est.median.point_estimate
  const mad = est.median_abs_dev.point_estimate
  let per = ''
  const t = bench.throughput ?? {}
  if (t.Elements) per = `${time(median / t.Elements)} per element (${t.Elements} elements)`
  if (t.Bytes) per = `${(median / t.Bytes).toFixed(4)} ns per byte (${t.Bytes} bytes)`
  rows.push([bench.full_id, time(median), `±${time(mad)}`, per])
}
rows.sort((a, b) => a[0].localeCompare(b[0], 'en', { numeric: true }))
console.log('| benchmark | median | MAD | per unit |')
console.log('| --- | ---: | ---: | --- |')
for (const r of rows) console.log(`| ${r.join(' | ')} |`)
