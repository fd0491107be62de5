// End-to-end tests of "nothing lost" (issue 12) on the built playground (dist/), in Debian's
// Chromium driven by playwright-core: a share link reproduces the request, the check, a toggle
// and the open document in a fresh browser; switching examples keeps the old work in the
// workspace switcher; an exported workspace imports as the same workspace.
//
// Usage: node tools/e2e/nothing_lost.mjs [DIST_DIR]
import { expect, launchChromium, serveDist, stepRecorder } from './harness.mjs';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const dist = path.resolve(process.argv[2] || path.join(root, 'dist'));
const { origin, server } = await serveDist(dist);
const browser = await launchChromium();

const { results, step, failed } = stepRecorder();

async function freshPage() {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, acceptDownloads: true });
  const page = await context.newPage();
  await page.addInitScript(() => localStorage.setItem('policy-playground/tour-seen', '1'));
  page.on('pageerror', (e) => results.push(`page error: ${e.message}`));
  await page.goto(`${origin}/`);
  await page.waitForSelector('[data-testid=check-decision]');
  return { context, page };
}

async function setField(page, testid, value) {
  const input = page.locator(`[data-testid=${testid}]`);
  await input.fill(value);
  await input.dispatchEvent('change');
}

// What a person sees of the view: the open document, the shown check and its decision, the
// toggles on, the request and its decision.
async function seen(page) {
  return page.evaluate(() => {
    const text = (sel) => document.querySelector(sel)?.textContent?.trim() ?? null;
    const value = (id) => document.querySelector(`[data-testid=${id}]`)?.value ?? null;
    const checks = [...document.querySelectorAll('[data-testid=check]')];
    return {
      doc: text('[data-testid=editor-panel] h2')?.replace(/\d+ error\(s\).*$/, '').trim(),
      check: checks.findIndex((c) => c.getAttribute('aria-pressed') === 'true'),
      checkDecision: text('[data-testid=check-decision]'),
      toggles: [...document.querySelectorAll('[data-testid=mutation]')].filter((m) => m.checked).map((m) => m.dataset.id),
      request: [value('req-principal'), value('req-action'), value('req-resource')],
      requestDecision: text('[data-testid=request-evaluation] [data-testid=decision]'),
    };
  });
}

const switcherNames = (page) => page.$$eval('[data-testid=workspace-switcher] option', (os) => os.map((o) => o.textContent));

let shared = null;
await step('a share link with a denied request, a chosen check, a toggle and an open document reproduces exactly in a fresh browser', async () => {
  const { context, page } = await freshPage();
  await page.selectOption('[data-testid=examples]', 'cloud-backup-ram-role');
  await page.waitForSelector('[data-testid=request-builder]');
  // The builder's request with an action no policy grants: denied.
  await setField(page, 'req-action', 'ram:DeleteUser');
  await page.locator('[data-testid=check]').nth(2).click();
  await page.locator('[data-testid=mutation]').first().check();
  const other = page.locator('[data-testid=explorer] button.item:not(.selected)').last();
  const name = (await other.textContent()).trim();
  await other.click();
  await page.waitForFunction((n) => document.querySelector('[data-testid=editor-panel] h2')?.textContent.includes(n), name);
  const before = await seen(page);
  expect(/deny/i.test(before.requestDecision || ''), `the request is denied: ${JSON.stringify(before)}`);
  expect(before.check === 2 && before.toggles.length === 1, `chosen: ${JSON.stringify(before)}`);
  await page.click('[data-testid=share]');
  shared = await page.inputValue('[data-testid=share-link]');
  await context.close();

  const fresh = await freshPageAt(shared);
  const after = await seen(fresh.page);
  expect(JSON.stringify(after) === JSON.stringify(before), `reopened ${JSON.stringify(after)} != shared ${JSON.stringify(before)}`);
  await fresh.context.close();
  results.push(`     shared view ${JSON.stringify(before)}; link ${shared.length - shared.indexOf('#') - 1} characters after #`);
});

async function freshPageAt(url) {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  await page.addInitScript(() => localStorage.setItem('policy-playground/tour-seen', '1'));
  page.on('pageerror', (e) => results.push(`page error: ${e.message}`));
  await page.goto(url);
  await page.waitForSelector('[data-testid=check-decision]');
  return { context, page };
}

await step('switching examples keeps the old work reachable in the switcher, with its view', async () => {
  const { context, page } = await freshPage();
  // Work: a new policy, and a view (the third check shown).
  page.once('dialog', (d) => d.accept('KeepMe'));
  await page.click('[data-testid=add-policy]');
  await page.waitForSelector('[data-testid=explorer] button:has-text("KeepMe")');
  await page.locator('[data-testid=check]').nth(2).click();
  const own = (await switcherNames(page))[0];
  await page.selectOption('[data-testid=examples]', 'aws-backup');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=workspace-switcher] option').length === 2);
  const banner = await page.textContent('[data-testid=banner]');
  expect(banner.includes(`kept as the workspace "${own}"`), `banner: ${banner}`);
  expect(!(await page.$('[data-testid=explorer] button:has-text("KeepMe")')), 'the example opened without the work');
  // Back to the old work through the switcher.
  const id = await page.$eval('[data-testid=workspace-switcher] option', (o) => o.value);
  await page.selectOption('[data-testid=workspace-switcher]', id);
  await page.waitForSelector('[data-testid=explorer] button:has-text("KeepMe")');
  const pressed = await page.locator('[data-testid=check]').nth(2).getAttribute('aria-pressed');
  expect(pressed === 'true', 'the old work comes back with its view');
  // And it survives a reload, as does the list.
  await page.reload();
  await page.waitForSelector('[data-testid=explorer] button:has-text("KeepMe")');
  expect((await switcherNames(page)).length === 2, `after reload: ${await switcherNames(page)}`);
  await context.close();
});

await step('export then import gives the same workspace; a broken file is reported with line and column', async () => {
  const { context, page } = await freshPage();
  page.once('dialog', (d) => d.accept('Exported'));
  await page.click('[data-testid=add-policy]');
  await page.locator('[data-testid=check]').nth(1).click();
  await page.click('[data-testid=workspace-actions]');
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=workspace-export]')]);
  const file = path.join(os.tmpdir(), `nothing-lost-${process.pid}.playground.json`);
  await download.saveAs(file);
  const exported = JSON.parse(fs.readFileSync(file, 'utf8'));
  expect(exported.version === 1 && exported.workspace.scenario.policies.some((p) => p.name === 'Exported'), 'the file holds the workspace');
  await page.setInputFiles('[data-testid=workspace-import-file]', file);
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=workspace-switcher] option').length === 2);
  const saved = await page.evaluate(() => JSON.parse(localStorage.getItem('policy-playground/workspace')));
  expect(JSON.stringify(saved.workspace) === JSON.stringify(exported.workspace), 'the imported workspace is the exported one, view included');
  const pressed = await page.locator('[data-testid=check]').nth(1).getAttribute('aria-pressed');
  expect(pressed === 'true', 'the imported view shows the same check');
  const broken = path.join(os.tmpdir(), `nothing-lost-${process.pid}-broken.json`);
  fs.writeFileSync(broken, '{\n  "version": 1,\n  "workspace": {"scenario": 3}\n}');
  await page.setInputFiles('[data-testid=workspace-import-file]', broken);
  await page.waitForFunction(() => document.querySelector('[data-testid=banner]')?.textContent.includes('Could not import'));
  const banner = await page.textContent('[data-testid=banner]');
  expect(banner.includes('line 3, column 29'), `banner: ${banner}`);
  expect((await switcherNames(page)).length === 2, 'a broken file adds no workspace');
  fs.rmSync(file);
  fs.rmSync(broken);
  await context.close();
});

await browser.close();
server.close();
console.log(results.join('\n'));
if (failed() > 0) { console.error(`${failed()} nothing-lost step(s) failed`); process.exit(1); }
