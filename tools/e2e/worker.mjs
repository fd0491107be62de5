// End-to-end tests of long work off the page's thread (issue 16): path search in the page, run
// in the engine's web worker (web/worker, web/js/engine.js), on the built-in scenarios and on
// generated organizations of 200 accounts opened from share links; progress and Cancel; and a
// 40,000-statement policy pasted while another field is typed in (its long tasks are printed).
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

await step('a 40,000-statement policy pasted while another field is typed in: the page answers, the result or the limit\'s message shows', async () => {
  const big = await newPage();
  await big.goto(`${origin}/`);
  await big.selectOption('[data-testid=examples]', 'cloud-backup-ram-role');
  await big.waitForFunction(() => document.querySelector('[data-testid=editor-host]')?.policyEditor);
  const statements = Array.from({ length: 40000 }, (_, i) => `{"Sid":"S${i}","Effect":"Allow","Action":"ecs:DescribeInstances","Resource":"acs:ecs:*:*:instance/i-${i}"}`);
  const text = `{"Version":"1","Statement":[\n${statements.join(',\n')}\n]}`;
  const t0 = await big.evaluate(() => performance.now());
  // Pasted through the editor's own API (a 3.5 MB paste typed key by key would take minutes).
  await big.evaluate((text) => {
    const editor = document.querySelector('[data-testid=editor-host]').policyEditor;
    editor.setText(text);
    editor.callbacks.change(text, false);
  }, text);
  await big.fill('[data-testid=req-resource]', 'typed-during-the-analysis');
  await big.waitForFunction(() => document.querySelector('.app').dataset.analyzed === document.querySelector('.app').dataset.revision, null, { timeout: 60000 });
  const shown = await big.textContent('[data-testid=check-decision]').catch(() => '') || await big.textContent('[data-testid=problems]').catch(() => '');
  expect(shown.length > 0, 'a decision or a problem shows');
  expect(await big.inputValue('[data-testid=req-resource]') === 'typed-during-the-analysis', 'the other field kept what was typed');
  const long = await longTasksSince(big, t0);
  // Measured, not asserted: the analysis of the workspace still runs on the page's thread.
  results.push(`info 40,000 statements (${(text.length / 1e6).toFixed(1)} MB): long tasks on the page ${long.join(', ') || 'none'} ms`);
  await big.close();
});

await browser.close();
server.close();
console.log(results.join('\n'));
if (failed() > 0) { console.error(`${failed()} worker step(s) failed`); process.exit(1); }
