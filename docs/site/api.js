// The JavaScript API on a documentation page: a decision without the playground's UI. The page
// loads the engine module built by scripts/build-js-api.sh (copied to api/ by build-site.sh),
// runs one check of a scenario file and writes its decision and reason. A module file, not an
// inline script: the page's CSP allows scripts from its own origin only (and wasm compilation).
import init, { simulate } from './api/index.js';

const out = document.querySelector('[data-testid=api-result]');
const check = out.dataset.check;
try {
  await init({ module_or_path: new URL('./api/policy_playground_js_bg.wasm', import.meta.url) });
  const response = await fetch(out.dataset.scenario);
  if (!response.ok) throw new Error(`cannot load ${out.dataset.scenario}: HTTP ${response.status}`);
  const run = simulate(await response.text(), check);
  const result = run.checks[0];
  out.dataset.decision = result.chain.decision;
  out.textContent = `${result.chain.decision} (${result.name}): ${result.chain.summary}`;
} catch (error) {
  out.dataset.decision = 'error';
  out.textContent = `error: ${error.message}`;
}
