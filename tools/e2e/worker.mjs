// End-to-end tests of long work off the page's thread (issue 16): path search in the page, run
// in the engine's web worker (web/worker, web/js/engine.js), on the built-in scenarios and on
// generated organizations of 200 accounts opened from share links; progress and Cancel; and a
// 40,000-statement policy pasted while another field is typed in: analysed in the worker, with
// progress and Cancel, and no long task over 200 ms on the page.
//
// Usage: node tools/e2e/worker.mjs [DIST_DIR]
import { expect, launchChromium, serveDist, stepRecorder } from './harness.mjs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const dist = path.resolve(process.argv[2] || path.join(root, 'dist'));
const { origin, server } = await serveDist(dist);
const browser = await launchChromium();
const context = await browser.newContext({ viewport: { width: 1500, height: 1000 } });

const { results, step, failed } = stepRecorder();

async function newPage() {
  const page = await context.newPage();
  await page.addInitScript(() => localStorage.setItem('policy-playground/tour-seen', '1'));
  page.on('pageerror', (e) => results.push(`page error: ${e.message}`));
  // Long tasks on the page's thread, from the start.
  await page.addInitScript(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  });
  return page;
}
const longTasksSince = (page, since) => page.evaluate((since) => window.__longTasks.filter((t) => t.start >= since).map((t) => Math.round(t.duration)), since);

/** Asks a path question by its explorer button and waits for the answer. */
async function ask(page, label, within = '') {
  await page.click(`${within} button.paths-ask[data-question="${label}"]`.trim());
  await page.waitForSelector('[data-testid=paths][data-state=done], [data-testid=paths][data-state=failed]', { timeout: 30000 });
  const state = await page.getAttribute('[data-testid=paths]', 'data-state');
  const error = state === 'failed' ? await page.textContent('[data-testid=paths-error]') : '';
  expect(state === 'done', `"${label}" answered: ${error}`);
  return {
    title: await page.textContent('[data-testid=paths] h2'),
    count: await page.textContent('[data-testid=paths-count]'),
    chains: await page.$$eval('[data-testid=path-chain]', (bs) => bs.map((b) => ({ text: b.textContent, hops: Number(b.dataset.hops) }))),
    edges: await page.locator('[data-testid=chain-edge]').count(),
  };
}

const shortestFirst = (chains) => chains.every((c, i) => i === 0 || chains[i - 1].hops <= c.hops);

const page = await newPage();
const workerFiles = [];
page.on('request', (r) => { if (/policy-playground-worker|engine-worker/.test(r.url())) workerFiles.push(r.url()); });
await page.goto(`${origin}/`);
await page.selectOption('[data-testid=examples]', 'cloud-backup-ram-role');
await page.waitForSelector('[data-testid=check-decision]');

await step('paths: what a user can reach, shortest first, each hop explained and drawn', async () => {
  expect(workerFiles.length === 0, `the worker is not loaded before the first search: ${workerFiles}`);
  const answer = await ask(page, 'What can user alice reach?');
  expect(workerFiles.some((u) => u.endsWith('policy-playground-worker_bg.wasm')), 'the worker module loads on the first search');
  expect(answer.title.startsWith('What can user 1111111111111111/alice reach?'), `title: ${answer.title}`);
  expect(answer.chains.length >= 1 && shortestFirst(answer.chains), `chains: ${JSON.stringify(answer.chains)}`);
  expect(/within 5 hops, shortest first/.test(answer.count), `count: ${answer.count}`);
  const hops = await page.$$eval('[data-testid=path-hop]', (li) => li.map((l) => l.textContent));
  expect(hops.length === answer.chains[0].hops && hops.every((h) => / assumes .*: allowed by statement \d+ of /.test(h)), `hops: ${hops}`);
  expect(answer.edges === answer.chains[0].hops, `the chain view draws the chain's ${answer.chains[0].hops} hop(s), not the check's: ${answer.edges}`);
  const last = answer.chains.length - 1;
  await page.locator('[data-testid=path-chain]').nth(last).click();
  const drawn = await page.locator('[data-testid=chain-edge]').count();
  expect(drawn === answer.chains[last].hops, `picking another chain draws it: ${drawn} edges for ${answer.chains[last].hops} hops`);
  // A decisive statement opens in the editor.
  await page.locator('[data-testid=path-hop] button.link').first().click();
  const heading = await page.textContent('[data-testid=editor-panel] h2');
  expect(/trust policy|AliyunSTSAssumeRoleAccess/.test(heading), `the statement's document opens: ${heading}`);
});

await step('paths: who can assume a role lists every identity with its distance', async () => {
  const answer = await ask(page, 'Who can assume role hbrcrossrole?');
  const identities = await page.textContent('[data-testid=paths-identities]');
  expect(/^\d+ found, nearest first$/.test(identities), `identities: ${identities}`);
  expect(answer.chains.length >= 1 && answer.chains.every((c) => c.text.endsWith('acs:ram::2222222222222222:role/hbrcrossrole')), `chains: ${JSON.stringify(answer.chains)}`);
  expect(shortestFirst(answer.chains), 'shortest first');
});

await step('paths: who can do the request builder\'s action, direct identities first', async () => {
  const action = await page.inputValue('[data-testid=req-action]');
  const answer = await ask(page, "who can do the request builder's action on its resource?");
  expect(answer.title.startsWith(`Who can do ${action} on `), `title: ${answer.title}`);
  expect(answer.chains.length >= 1 && shortestFirst(answer.chains), `chains: ${JSON.stringify(answer.chains)}`);
  await page.click('[data-testid=paths-close]');
  expect(await page.locator('[data-testid=paths]').count() === 0, 'Close removes the answer');
});

/** An AWS organization of `n` accounts opened from a share link: each account's role `hop`
 * trusts the role `hop` of the account before it (the first trusts user admin), or, `dense`,
 * every principal ("*": every role is a candidate for every caller, the search's worst case). */
function organization(n, dense) {
  const id = (i) => String(100000000000 + i);
  const trusted = (i) => dense ? '*'
    : [i === 0 ? `arn:aws:iam::${id(0)}:user/admin` : `arn:aws:iam::${id(i - 1)}:role/hop`];
  const scenario = {
    scenario: dense ? 'Generated: every role trusts every account' : 'Generated: a chain of accounts',
    dialect: 'aws',
    accounts: Array.from({ length: n }, (_, i) => ({ id: id(i), name: `account ${i}` })),
    policies: [{ name: 'assume', document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }] } }],
    roles: Array.from({ length: n }, (_, i) => ({
      account: id(i), name: 'hop', policies: ['assume'],
      trust_policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: trusted(i) }, Action: 'sts:AssumeRole' }] },
    })),
    users: [{ account: id(0), name: 'admin', policies: ['assume'] }],
    checks: [],
  };
  const json = JSON.stringify({ scenario, example: null });
  return `${origin}/#s=1.${zlib.deflateRawSync(Buffer.from(json), { level: 9 }).toString('base64url')}`;
}

await step('paths: a generated organization of 200 accounts, forward and reverse, within the depth bound', async () => {
  const org = await newPage();
  await org.goto(organization(200, false));
  await org.waitForSelector('button.paths-ask[data-question="What can user admin reach?"]');
  const reach = await ask(org, 'What can user admin reach?');
  expect(reach.chains.length === 5 && reach.chains.map((c) => c.hops).join() === '1,2,3,4,5', `one role per hop up to 5: ${JSON.stringify(reach.chains.map((c) => c.hops))}`);
  const assume = await ask(org, 'Who can assume role hop?', '[data-testid=account-100000000150]');
  expect(assume.title.includes('100000000150/hop'), `title: ${assume.title}`);
  const identities = await org.textContent('[data-testid=paths-identities]');
  expect(identities.startsWith('5 found'), `the five roles before it: ${identities}`);
  await org.close();
});

await step('paths: the densest organization (every role trusts every principal) is searched off the page\'s thread; Cancel or Close ends it', async () => {
  const org = await newPage();
  await org.goto(organization(200, true));
  await org.waitForSelector('button.paths-ask[data-question="What can user admin reach?"]');
  const t0 = await org.evaluate(() => performance.now());
  await org.click('button.paths-ask[data-question="What can user admin reach?"]');
  // The page's thread paints while the worker searches.
  const asked = Date.now();
  await org.evaluate(() => new Promise((r) => requestAnimationFrame(r)));
  const paintedIn = Date.now() - asked;
  await org.waitForSelector('[data-testid=paths][data-state=slow], [data-testid=paths][data-state=done]', { timeout: 30000 });
  // Cancel while it runs (progress shows after 200 ms), else Close the answer.
  const running = await org.getAttribute('[data-testid=paths]', 'data-state') === 'slow';
  if (!running) {
    const answer = await org.textContent('[data-testid=paths-count]');
    expect(answer.startsWith('200 chains'), `every role, each once: ${answer}`);
  }
  await org.click(running ? '[data-testid=paths-cancel]' : '[data-testid=paths-close]');
  expect(await org.locator('[data-testid=paths]').count() === 0, 'Cancel (or Close) ends the search');
  const long = (await longTasksSince(org, t0)).filter((d) => d > 200);
  results.push(`info dense 200-account search: ${running ? 'cancelled while running' : 'answered within 200 ms'}; a frame painted ${paintedIn} ms after the click`);
  expect(long.length === 0, `no long task over 200 ms on the page while searching: ${long}`);
  // The next search (in a fresh worker after a Cancel) answers.
  const answer = await ask(org, 'Who can assume role hop?', '[data-testid=account-100000000007]');
  expect(answer.chains.length === 200, `a search after Cancel answers, at most 200 chains: ${answer.chains.length}`);
  expect(answer.count.startsWith('The first 200 chains found (the search lists at most 200), shortest first'), `the cap is stated: ${answer.count}`);
  await org.close();
});

/** A policy of `count` statements: the open document's own first, then Allow statements on
 * resources of their own (about 80 bytes each: 40,000 make 3.2 MB, under the 4 MiB limit). */
function grownPolicy(original, count) {
  const own = JSON.parse(original).Statement || [];
  const statements = own.map((s) => JSON.stringify(s));
  for (let i = statements.length; i < count; i++) statements.push(`{"Effect":"Allow","Action":"hbr:DescribeVaults","Resource":"acs:hbr:*:*:vault/v-${i}"}`);
  return `{"Version":"1","Statement":[\n${statements.join(',\n')}\n]}`;
}

/** Pastes `text` into the editor as a paste does (one user transaction replacing the text; a
 * 3 MB paste typed key by key would take minutes). */
async function paste(page, text) {
  await page.evaluate((text) => {
    const { view } = document.querySelector('[data-testid=editor-host]').policyEditor;
    view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text }, userEvent: 'input.paste' });
  }, text);
}

await step('a 40,000-statement policy pasted while another field is typed in: the page stays responsive (no long task over 200 ms), shows progress, then the result', async () => {
  const big = await newPage();
  await big.goto(`${origin}/`);
  await big.selectOption('[data-testid=examples]', 'cloud-backup-ram-role');
  await big.waitForFunction(() => document.querySelector('[data-testid=editor-host]')?.policyEditor);
  await big.waitForSelector('[data-testid=check-decision]');
  const original = await big.evaluate(() => document.querySelector('[data-testid=editor-host]').policyEditor.view.state.doc.toString());
  const text = grownPolicy(original, 40000);
  expect(text.length < 4 * 1024 * 1024, `the policy is under the 4 MiB limit: ${text.length}`);
  const t0 = await big.evaluate(() => performance.now());
  await paste(big, text);
  // Typed key by key while the worker reads the policy.
  await big.click('[data-testid=req-resource]');
  await big.keyboard.press('Control+A');
  await big.keyboard.type('typed-during-the-analysis', { delay: 30 });
  await big.waitForSelector('[data-testid=background-progress]', { timeout: 20000 });
  const progressAt = await big.evaluate(() => performance.now());
  await big.waitForSelector('[data-testid=background-result][data-state=done]', { timeout: 120000 });
  const doneAt = await big.evaluate(() => performance.now());
  expect(await big.inputValue('[data-testid=req-resource]') === 'typed-during-the-analysis', 'the other field kept what was typed');
  const decision = await big.textContent('[data-testid=background-result] [data-testid=check-decision]');
  const checks = await big.$$eval('[data-testid=background-check]', (bs) => bs.map((b) => b.textContent));
  expect(decision.length > 0 && checks.length > 0, `a decision shows: ${decision}; checks ${checks}`);
  // The checks stay where the checks panel is (the page keeps its shape); choosing one shows it.
  expect(await big.locator('#panel-scenario [data-testid=background-checks] [data-testid=background-check]').count() === checks.length, 'the checks are listed in the left column');
  const summaryBefore = await big.textContent('[data-testid=background-detail] [data-testid=summary]');
  await big.click('[data-testid=background-check] >> nth=1');
  // Leaving the resource field reported its change: the request is decided again.
  await big.waitForSelector('[data-testid=background-result][data-state=done]', { timeout: 120000 });
  await big.waitForSelector('[data-testid=background-check][aria-pressed=true] >> nth=0');
  expect(await big.getAttribute('[data-testid=background-check] >> nth=1', 'aria-pressed') === 'true', 'the second check is shown');
  const summaryAfter = await big.textContent('[data-testid=background-detail] [data-testid=summary]');
  expect(summaryAfter !== summaryBefore, `the detail follows the chosen check: ${summaryAfter}`);
  await big.click('[data-testid=background-check] >> nth=0');
  const explanation = await big.textContent('[data-testid=background-explanation]');
  expect(/hop|final/.test(explanation), `the whole explanation is there: ${explanation.slice(0, 200)}`);
  const count = await big.textContent('[data-testid=error-count]');
  expect(/\d+ error\(s\), [1-9]\d* other finding\(s\)/.test(count), `the large document's findings are counted: ${count}`);
  const long = await longTasksSince(big, t0);
  results.push(`info 40,000 statements (${(text.length / 1e6).toFixed(1)} MB): progress shown ${Math.round(progressAt - t0)} ms after the paste, result ${Math.round(doneAt - t0)} ms after; long tasks on the page ${long.join(', ') || 'none'} ms; ${checks.length} checks decided`);
  expect(long.every((d) => d <= 200), `no long task over 200 ms on the page: ${long}`);
  // A decisive statement opens its policy in the editor; then the large document again.
  const openItem = await big.$$eval('[data-testid=explorer] button.item', (bs) => bs.findIndex((b) => b.getAttribute('aria-current') === 'true'));
  const decisive = big.locator('[data-testid=background-result] [data-testid=decisive]').first();
  const policy = (await decisive.textContent()).replace(/^.* of (.*), line \d+$/, '$1');
  await decisive.click();
  await big.waitForFunction((policy) => document.querySelector('[data-testid=editor-panel] h2')?.textContent.startsWith(policy), policy);
  await big.locator('[data-testid=explorer] button.item').nth(openItem).click();
  await big.waitForFunction(() => document.querySelector('[data-testid=editor-host]').policyEditor.view.state.doc.length > 3e6);
  expect(/analysed in the background/.test(await big.textContent('.toolbar')), 'the status line says where the analysis ran');

  // The request builder's request is decided in the background too, and says where its answer is.
  await big.fill('[data-testid=req-action]', 'ecs:DeleteSnapshot');
  await big.press('[data-testid=req-action]', 'Tab'); // the field reports on change, as in a small workspace
  await big.waitForSelector('[data-testid=background-result][data-state=done] [data-testid=background-request-explanation]', { timeout: 120000 });
  await big.waitForFunction(() => document.querySelector('[data-testid=background-request-explanation]')?.textContent.includes('ecs:DeleteSnapshot'), null, { timeout: 120000 });
  expect(await big.isVisible('[data-testid=request-in-background]'), 'the request builder points to the result panel');

  // The whole explanation wraps: at phone width the page does not scroll sideways.
  await big.click('[data-testid=background-detail] details summary');
  await big.setViewportSize({ width: 390, height: 844 });
  await big.click('[role=tab][data-tab=result]');
  const overflow = await big.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow <= 1, `no sideways scroll at 390 px with the explanation open: ${overflow} px`);
  await big.setViewportSize({ width: 1500, height: 1000 });

  // Cancel: another change starts a new analysis; Cancel stops it and says so; Analyse again finishes.
  await paste(big, grownPolicy(original, 39000));
  await big.click('[data-testid=evaluate]').catch(() => big.keyboard.press('Control+Enter'));
  await big.waitForSelector('[data-testid=background-cancel]', { timeout: 20000 });
  await big.click('[data-testid=background-cancel]');
  await big.waitForSelector('[data-testid=background-result][data-state=cancelled]');
  expect(await big.isVisible('[data-testid=background-again]'), 'Analyse again is offered');
  await big.click('[data-testid=background-again]');
  await big.waitForSelector('[data-testid=background-result][data-state=done]', { timeout: 120000 });

  // Over the 4 MiB document limit: the limit's message, in the problems and on line 1.
  const tooBig = grownPolicy(original, 52000);
  expect(tooBig.length > 4 * 1024 * 1024, `over the limit: ${tooBig.length}`);
  const t1 = await big.evaluate(() => performance.now());
  await paste(big, tooBig);
  await big.waitForSelector('[data-testid=background-result][data-state=running]', { timeout: 20000 });
  await big.waitForSelector('[data-testid=background-result][data-state=done]', { timeout: 120000 });
  const limit = 'the playground reads at most 4194304 bytes';
  expect((await big.textContent('[data-testid=background-result] [data-testid=problems]')).includes(limit), 'the problems give the limit');
  expect((await big.textContent('[data-testid=diagnostics]')).includes(`line 1, column 1: JSON syntax: the text is ${tooBig.length} bytes; ${limit}`), 'the editor gives the limit at line 1');
  const longOver = await longTasksSince(big, t1);
  expect(longOver.every((d) => d <= 200), `no long task over 200 ms on the page over the limit either: ${longOver}`);

  // Back to a small policy: the page analyses it itself again.
  await paste(big, original);
  await big.waitForSelector('[data-testid=background-result]', { state: 'detached', timeout: 20000 });
  await big.waitForSelector('[data-testid=check-decision]');
  await big.close();
});

await step('policies and requests: with a 20,000-statement identity policy each row gets its decision from the worker, with its explanation', async () => {
  const rows = await newPage();
  await rows.goto(`${origin}/`);
  await rows.selectOption('[data-testid=examples]', 'aws-policies-and-requests');
  await rows.waitForSelector('[data-testid=requests-mode]');
  await rows.waitForFunction(() => document.querySelector('[data-testid=editor-host]')?.policyEditor);
  // The starter's row names a principal; give it an action and a resource.
  await rows.fill('[data-testid=row-action] >> nth=0', 's3:GetObject');
  await rows.fill('[data-testid=row-resource] >> nth=0', 'arn:aws:s3:::example-bucket/report.csv');
  await rows.waitForSelector('[data-testid=row-decision]');
  const before = await rows.$$eval('[data-testid=row-decision]', (ds) => ds.map((d) => d.dataset.decision));
  const original = await rows.evaluate(() => document.querySelector('[data-testid=editor-host]').policyEditor.view.state.doc.toString());
  const own = JSON.parse(original).Statement;
  const statements = [...(Array.isArray(own) ? own : [own]).map((s) => JSON.stringify(s))];
  for (let i = statements.length; i < 20000; i++) statements.push(`{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::other-${i}/*"}`);
  const t0 = await rows.evaluate(() => performance.now());
  await paste(rows, `{"Version":"2012-10-17","Statement":[\n${statements.join(',\n')}\n]}`);
  await rows.waitForSelector('[data-testid=background-result][data-state=done]', { timeout: 120000 });
  const after = await rows.$$eval('[data-testid=row-decision]', (ds) => ds.map((d) => d.dataset.decision));
  expect(JSON.stringify(after) === JSON.stringify(before), `the rows keep their decisions (the added statements allow other buckets): ${before} -> ${after}`);
  expect(!(await rows.textContent('[data-testid=requests]')).includes('evaluating…'), 'no row is left evaluating');
  expect(!(await rows.textContent('[data-testid=background-result]')).includes('has no checks'), 'the mode has no checks to miss');
  await rows.click('[data-testid=row-explain]');
  const explanation = await rows.textContent('[data-testid=row-evaluation]');
  expect(/more statements/.test(explanation) && explanation.length < 20000, `the row's explanation lists the first statements and counts the rest (${explanation.length} chars)`);
  const long = (await longTasksSince(rows, t0)).filter((d) => d > 200);
  expect(long.length === 0, `no long task over 200 ms: ${long}`);
  await rows.close();
});

await browser.close();
server.close();
console.log(results.join('\n'));
if (failed() > 0) { console.error(`${failed()} worker step(s) failed`); process.exit(1); }
