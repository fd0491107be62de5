// End-to-end steps for training and panic recovery, in Debian's Chromium (playwright-core): a
// system policy copied into an editable one, lesson 5 solved with the explorer's organization
// edits, and the app restarting after a forced panic with the text kept. Serves dist/ itself.
//
// Usage: node tools/e2e/training.mjs [DIST_DIR]
import { editorText, expect, launchChromium, serveDist, setEditorText, stepRecorder } from './harness.mjs';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const dist = path.resolve(process.argv[2] || path.join(root, 'dist'));
const artifacts = path.join(root, 'target', 'e2e-artifacts');
fs.mkdirSync(artifacts, { recursive: true });

const { origin, server } = await serveDist(dist);
const browser = await launchChromium();

const { results, step, failed } = stepRecorder();

/** A page in a fresh browser context (its own storage), the tour already seen. */
async function freshPage({ pageErrors = true } = {}) {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  await page.addInitScript(() => localStorage.setItem('policy-playground/tour-seen', '1'));
  if (pageErrors) page.on('pageerror', (e) => results.push(`page error: ${e.message}`));
  return page;
}
const check = (p, name) => p.locator('[data-testid=check]', { has: p.locator('.name', { hasText: name }) });

await step('a service-linked role\'s system policy copied into an editable one: attached in its place, edited, the decision follows', async () => {
  const p = await freshPage();
  await p.goto(`${origin}/?example=cloud-backup-service-linked-roles`);
  await p.waitForSelector('[data-testid=check-decision]');
  const name = 'AliyunServiceRolePolicyForHbrEcsBackup';
  await p.click(`[data-testid=explorer] .policy >> text="${name}"`);
  await p.waitForFunction((n) => document.querySelector('[data-testid=editor-panel] h2')?.textContent.includes(n), name);
  const original = await editorText(p);
  expect(await p.locator('[data-testid=editor-panel] h2 .tag', { hasText: 'read-only' }).count() === 1, 'the system policy is read-only');
  await p.click(`[aria-label="Make an editable copy of ${name}"]`);
  await p.waitForFunction((n) => document.querySelector('[data-testid=editor-panel] h2')?.textContent.includes(n), `${name}-Copy`);
  expect(await p.locator('[data-testid=editor-panel] h2 .tag', { hasText: 'read-only' }).count() === 0, 'the copy is not read-only');
  expect(await editorText(p) === original, 'the copy has the same text');
  const role = p.locator('[data-testid=account-1111111111111111] li', { hasText: 'role AliyunServiceRoleForHbrEcsBackup' });
  const attached = await role.locator('.attached .policy').allTextContents();
  expect(attached.length === 1 && attached[0] === `${name}-Copy`, `attached instead of the original: ${attached}`);
  const runs = check(p, 'ECS backup runs commands');
  expect(await runs.getAttribute('data-pass') === 'true', 'the ECS backup role runs commands with the copy');
  await setEditorText(p, '{\n  "Version": "1",\n  "Statement": []\n}');
  await p.waitForFunction(() => [...document.querySelectorAll('[data-testid=check]')]
    .some((c) => c.textContent.includes('ECS backup runs commands') && c.dataset.pass === 'false'), null, { timeout: 5000 });
  // The author mode offers the copy, and only the copy, as an editable document.
  await p.click('[data-testid=author-toggle]');
  await p.waitForSelector('[data-testid=author-editable]');
  const labels = await p.locator('.author-editable li').allTextContents();
  expect(labels.length === 1 && labels[0].includes(`${name}-Copy`), `author mode offers the copy: ${labels.join(' | ')}`);
  await p.screenshot({ path: path.join(artifacts, 'training-01-editable-copy.png') });
  await p.context().close();
});

await step('lesson 5 solved in the explorer without a solution: R2 moved back into Production, the backup policy attached', async () => {
  const p = await freshPage();
  await p.goto(`${origin}/`);
  await p.waitForSelector('[data-testid=check-decision]');
  await p.click('[data-testid=lessons]');
  await p.locator('[data-testid=lesson-entry][data-file="05-resource-directory-or-ram-role"] button').click();
  await p.waitForSelector('[data-testid=lesson-status][data-passed=false]');
  const outside = await p.locator('[data-testid=org-outside]').textContent();
  expect(outside.includes('1000000000000004'), `R2 starts outside the organization: ${outside}`);
  await p.selectOption('[data-testid=org-move-1000000000000004]', 'Production');
  await p.waitForSelector('[data-testid=org-node-Production] [data-testid=org-account-1000000000000004]');
  // Attaching is in the role's actions menu.
  await p.click('[data-testid=account-1000000000000005] summary[aria-label="Actions for role hbrcrossrole"]');
  await p.selectOption('[data-testid=account-1000000000000005] select[aria-label="Attach a policy to hbrcrossrole"]', 'AliyunHBRRolePolicy');
  await p.waitForSelector('[data-testid=lesson-status][data-passed=true]', { timeout: 10000 });
  await p.waitForSelector('[data-testid=lesson-done][data-done=true]');
  const status = await p.textContent('[data-testid=lesson-done]');
  expect(!status.includes('solution shown'), `solved without the solution: ${status}`);
  await p.screenshot({ path: path.join(artifacts, 'training-02-lesson-5-solved.png') });
  await p.context().close();
});

await step('predict first in a lesson: the automatic check hides pass and fail until every check is predicted', async () => {
  const p = await freshPage();
  await p.goto(`${origin}/`);
  await p.waitForSelector('[data-testid=check-decision]');
  await p.click('[data-testid=lessons]');
  await p.locator('[data-testid=lesson-entry][data-file="02-trust-policy-wrong-account"] button').click();
  await p.waitForSelector('[data-testid=lesson-check]');
  await p.check('[data-testid=predict-first]');
  await p.waitForFunction(() => document.querySelector('[data-testid=lesson-status]')?.textContent.includes('Predict every check first'));
  expect(await p.locator('[data-testid=lesson-check], [data-testid=lesson-constraint]').count() === 0, 'no check shows passing or failing');
  const buttons = p.locator('[data-testid=predict-deny]');
  const total = await buttons.count();
  expect(total > 1, `checks to predict: ${total}`);
  for (let i = 0; i < total; i += 1) await p.locator('[data-testid=check][data-predicted=false] [data-testid=predict-deny]').first().click();
  await p.waitForSelector('[data-testid=lesson-check]');
  expect((await p.textContent('[data-testid=lesson-status]')).includes('to go'), 'revealed once every check is predicted');
  await p.context().close();
});

await step('panic recovery: type, force a panic, the banner says so, the text is kept, typing again updates the decision', async () => {
  const p = await freshPage({ pageErrors: false });
  const errors = [];
  p.on('pageerror', (e) => errors.push(e.message));
  await p.goto(`${origin}/?debug=panic`);
  await p.waitForSelector('[data-testid=check-decision]');
  await p.click('text=role hbrcrossrole');
  const good = await editorText(p);
  const broken = good.replace('role/AliyunServiceRoleForHbrCrossAccountBackup', 'role/ops');
  await setEditorText(p, broken);
  const backup = 'Cloud Backup snapshots a disk in B';
  await p.waitForFunction((n) => [...document.querySelectorAll('[data-testid=check]')]
    .some((c) => c.textContent.includes(n) && c.dataset.pass === 'false'), backup, { timeout: 5000 });
  // The next keystroke panics inside the app's reducer.
  await p.evaluate(() => window.policyPlaygroundPanic());
  await p.keyboard.type('\n');
  const banner = p.locator('[data-testid=banner]', { hasText: 'restarted' });
  await banner.waitFor({ timeout: 15000 });
  const said = await banner.textContent();
  expect(said.includes('a panic forced with ?debug=panic') && said.includes('kept'), `banner: ${said}`);
  expect(await p.locator('[data-testid=panic-banner]').count() === 0, 'the restarted app shows its own banner');
  // The restarted app shows the same document with everything typed, the panicking key included.
  const kept = await editorText(p);
  expect(kept === `${broken}\n`, `text kept (${kept.length} characters, expected ${broken.length + 1})`);
  expect(await check(p, backup).getAttribute('data-pass') === 'false', 'the kept text is analyzed');
  // Typing works again: the fix turns the check green.
  await setEditorText(p, good);
  await p.waitForFunction((n) => [...document.querySelectorAll('[data-testid=check]')]
    .some((c) => c.textContent.includes(n) && c.dataset.pass === 'true'), backup, { timeout: 5000 });
  expect(errors.every((e) => /unreachable|panic/i.test(e)), `only the forced panic surfaced: ${errors.join(' | ')}`);
  // And the work is saved: a reload shows the fix.
  await p.reload();
  await p.waitForSelector('[data-testid=check-decision]');
  await p.click('text=role hbrcrossrole');
  expect(await editorText(p) === good, 'the fix typed after the restart is saved');
  await p.screenshot({ path: path.join(artifacts, 'training-03-panic-recovered.png') });
  await p.context().close();
});

await browser.close();
server.close();
console.log(results.join('\n'));
if (failed() > 0) { console.error(`${failed()} training end-to-end step(s) failed`); process.exit(1); }
