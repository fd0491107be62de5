// The package's TypeScript declarations, generated from the Rust types, used as a documentation
// author would: this file only has to type-check (tsc -p crates/js/tests, in scripts/test.sh).
// Every declared type must resolve, and the shapes below must match what the calls return
// (crates/js/tests/api.test.mjs checks the same fields at run time).
import init, {
  initSync,
  evaluate,
  explain,
  simulate,
  check,
  loadCatalog,
  hasCatalog,
  addCatalog,
  type Evaluations,
  type CaseResult,
  type Decision,
  type Simulation,
  type Findings,
  type Finding,
  type PolicyPlaygroundError,
  type ApiError,
  type CheckOptions,
  type Span,
} from '../../../target/js-api/pkg/index.js';

export async function usesEveryCall(wasm: ArrayBuffer): Promise<string[]> {
  initSync({ module: wasm });
  await init();
  const out: Evaluations = evaluate('[]', { detail: 'full' });
  const first: CaseResult | undefined = out.cases[0];
  const decision: Decision | undefined = first?.decision;
  const expected: Decision | null | undefined = first?.expected;
  const span: Span | undefined = first?.explanation.decisive[0]?.span;
  const line: number | undefined = span?.line;
  const sid: string | null | undefined = first?.explanation.decisive[0]?.sid;
  const policies = first?.explanation.layers[0]?.policies ?? [];
  const why: string[] = policies.flatMap((p) => p.statements.map((s) => s.why));

  const sim: Simulation = simulate({ accounts: [] }, 'a check');
  const passed: boolean[] = sim.checks.map((c) => c.passed && c.chain.decision === c.chain.expected);
  const hops: Decision[] = sim.checks.flatMap((c) => c.chain.hops.map((h) => h.decision));

  const options: CheckOptions = { dialect: 'aws', kind: 'identity', name: 'reader' };
  const findings: Findings = check('{}', options);
  const f: Finding | undefined = findings.findings[0];
  const lacking: ('aws' | 'aliyun')[] = findings.missing_catalogs;
  const where: [number, number] | undefined = f ? [f.line, f.end_column] : undefined;
  const fix: string | undefined = f?.fix?.replacement;
  const policy: string | null | undefined = f?.policy;

  if (!hasCatalog('aliyun')) await loadCatalog('aliyun');
  addCatalog('aws', '');
  const texts: string[] = explain({ request: {} });

  try {
    evaluate('{');
  } catch (e) {
    const error = e as PolicyPlaygroundError;
    const detail: ApiError | undefined = error.detail;
    const position: [number | undefined, number | undefined] = [error.line, error.column];
    if (detail?.kind === 'case') return [detail.finding.message, String(position)];
    if (detail?.kind === 'unknown_check') return [detail.suggestion ?? '', ...detail.checks];
    if (detail?.kind === 'scenario') return detail.findings.map((x) => x.message);
  }
  return [String(decision), String(expected), String(line), String(sid), ...why, String(passed), ...hops,
    String(where), String(fix), String(policy), ...lacking, ...texts];
}
