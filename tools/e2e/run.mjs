// End-to-end tests of the built playground (dist/) in Debian's Chromium, driven by
// playwright-core. Serves dist/ itself on 127.0.0.1, checks what a person does, saves
// screenshots to target/e2e-artifacts/, and reports the time to the first decision.
//
// Usage: node tools/e2e/run.mjs [DIST_DIR]
import { editorText, expect, launchChromium, serveDist, setEditorText, stepRecorder } from './harness.mjs';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const dist = path.resolve(process.argv[2] || path.join(root, 'dist'));
const artifacts = path.join(root, 'target', 'e2e-artifacts');
fs.mkdirSync(artifacts, { recursive: true });

// The sample documentation site (docs/site/ with dist/ inside), built by its script and served
// from a sub-path as a static host would.
const site = path.join(root, 'target', 'e2e-site');
execFileSync('bash', [path.join(root, 'scripts', 'build-site.sh'), site, dist], { stdio: 'ignore' });
const SITE_PATH = '/docs/v1/embeds/';

const { origin, server } = await serveDist(dist, { [SITE_PATH]: site });
const browser = await launchChromium();

const { results, step, failed } = stepRecorder();
const foreign = [];
const cspViolations = [];

// The chain diagram's label on the refused edge: its text, and whether it is drawn inside the
// diagram and the window at a readable size (its lines at least 9 px tall as shown).
const refusedLabel = (p) => p.evaluate(() => {
  const label = document.querySelector('[data-testid=edge-label][data-ok=false]');
  if (!label) return { text: '', visible: false };
  const r = label.getBoundingClientRect();
  const svg = label.ownerSVGElement.getBoundingClientRect();
  const line = label.querySelector('text').getBoundingClientRect();
  // Wrapped lines joined back (a line breaks at a space, or after / : - ,).
  const text = [...label.querySelectorAll('text')].map((t) => t.textContent).join('\n').replace(/([/:,.-])\n/g, '$1').replace(/\n/g, ' ');
  const visible = r.width > 0 && r.left >= svg.left - 1 && r.right <= svg.right + 1 && r.top >= svg.top - 1 && r.bottom <= svg.bottom + 1
    && r.right <= document.documentElement.clientWidth && line.height >= 9;
  return { text, visible, left: r.left, right: r.right, lineHeight: line.height, svgRight: svg.right };
});

// Pages start with the first-visit tour already seen, so it covers nothing the other steps click;
// the tour's own step opens pages with `{ tour: true }`.
async function newPage(context, { tour = false } = {}) {
  const page = await context.newPage();
  if (!tour) await page.addInitScript(() => localStorage.setItem('policy-playground/tour-seen', '1'));
  page.on('request', (r) => { if (!r.url().startsWith(origin) && !r.url().startsWith('data:')) foreign.push(r.url()); });
  page.on('pageerror', (e) => results.push(`page error: ${e.message}`));
  page.on('console', (m) => { if (/Content.Security.Policy/i.test(m.text())) cspViolations.push(m.text()); });
  return page;
}

// The editor is CodeMirror: its text is read through the object its host element carries, and
// replaced as a person would (select all, then type or paste the new text).
// The editor is made just after the page's first paint (its module is imported then): wait for it.
// Puts the cursor at a UTF-16 offset of the editor's text (and focuses it).
const putCursor = (p, at) => p.evaluate((at) => document.querySelector('[data-testid=editor-host]').policyEditor.select(at, at), at);

const CHECK = 'Cloud Backup snapshots a disk in B';
let timings = {};
const context = await browser.newContext({ viewport: { width: 1500, height: 1000 } });
const page = await newPage(context);

await step('first load shows a decision, and how long it takes', async () => {
  const t0 = Date.now();
  await page.goto(`${origin}/`, { waitUntil: 'commit' });
  await page.waitForSelector('[data-testid=check-decision]', { timeout: 20000 });
  timings.firstDecisionMs = Date.now() - t0;
  timings.navigation = await page.evaluate(() => {
    const n = performance.getEntriesByType('navigation')[0];
    return { domContentLoaded: Math.round(n.domContentLoadedEventEnd), load: Math.round(n.loadEventEnd) };
  });
});

await step('pick the Cloud Backup example and see the checks pass', async () => {
  await page.selectOption('[data-testid=examples]', 'cloud-backup-ram-role');
  await page.waitForSelector('[data-testid=checks-summary]');
  const summary = await page.textContent('[data-testid=checks-summary]');
  const m = summary.match(/(\d+) of (\d+) as expected/);
  expect(m && m[1] === m[2] && Number(m[1]) > 0, `checks summary: ${summary}`);
  await page.screenshot({ path: path.join(artifacts, '01-cloud-backup-example.png'), fullPage: true });
});

await step('a denial names the statement that came closest and what failed in it', async () => {
  const action = page.locator('[data-testid=req-action]');
  const before = await action.inputValue();
  await action.fill('ecs:ModifySnapshotAttribute');
  await action.press('Tab');
  const near = page.locator('[data-testid=request-evaluation] [data-testid=near-miss]');
  await near.waitFor({ timeout: 5000 });
  const text = await near.textContent();
  expect(text.includes('AliyunHBRRolePolicy') && text.includes('failed on Action') && text.includes('ecs:ModifySnapshotAttribute'),
    `near miss: ${text}`);
  await action.fill(before);
  await action.press('Tab');
});

await step('break the hbrcrossrole trust policy: the chain turns red at hop 2 with the reason', async () => {
  await page.click('text=role hbrcrossrole');
  const text = await editorText(page);
  expect(text.includes('AliyunServiceRoleForHbrCrossAccountBackup'), 'the trust policy is in the editor');
  await setEditorText(page, text.replace('role/AliyunServiceRoleForHbrCrossAccountBackup', 'role/ops'));
  await page.click(`[data-testid=check] >> text=${CHECK}`);
  await page.waitForFunction(() => document.querySelector('[data-testid=hop][data-decision=implicit_deny]'), null, { timeout: 5000 });
  const hops = await page.locator('[data-testid=hop]').allTextContents();
  expect(hops.length === 2, `two hops: ${hops.join(' | ')}`);
  expect(hops[1].includes('hop 2') && hops[1].includes('trusts acs:ram::1111111111111111:role/ops'), `hop 2: ${hops[1]}`);
  const red = await page.locator('[data-testid=chain-edge][data-hop="2"][data-ok=false]').count();
  const green = await page.locator('[data-testid=chain-edge][data-hop="1"][data-ok=true]').count();
  expect(red === 1 && green === 1, `edges: green ${green}, red ${red}`);
  // The refused edge carries its reason, whole and inside the drawing.
  const refused = await refusedLabel(page);
  expect(refused.text.includes('hop 2') && refused.text.includes('trusts acs:ram::1111111111111111:role/ops'), `label: ${refused.text}`);
  expect(refused.visible, `the refused hop's label is visible: ${JSON.stringify(refused)}`);
  await page.locator('[data-testid=chain-view]').screenshot({ path: path.join(artifacts, 'diagram-broken-trust-1500.png') });
  // The refusing hop's near miss is in the check's headline, not only in the folded hop detail.
  const closest = await page.locator('[data-testid=result] > [data-testid=near-miss]').textContent();
  expect(closest.includes('hbrcrossrole trust policy') && closest.includes('failed on Principal'), `closest: ${closest}`);
  // The engine's hints: the smallest change that lets the chain through, with an Apply button.
  const hints = await page.locator('[data-testid=hints] [data-testid=hint]').allTextContents();
  expect(hints.some((h) => h.includes('hbrcrossrole trust policy')), `hints: ${hints.join(' | ')}`);
  expect(await page.locator('[data-testid=hints] [data-testid=apply-hint]').count() > 0, 'a hint can be applied');
  await page.screenshot({ path: path.join(artifacts, '02-broken-trust-policy.png'), fullPage: true });
});

await step('reload: the edit is still there', async () => {
  await page.reload();
  await page.waitForSelector('[data-testid=check-decision]');
  await page.click('text=role hbrcrossrole');
  const text = await editorText(page);
  expect(text.includes('role/ops'), 'edit kept after reload');
});

let shareUrl = '';
await step('share: the link opens the same state in a fresh browser', async () => {
  await page.click('[data-testid=share]');
  shareUrl = await page.locator('[data-testid=share-link]').inputValue();
  expect(shareUrl.includes('#s=1.'), `share link: ${shareUrl.slice(0, 80)}`);
  const fresh = await browser.newContext({ viewport: { width: 1500, height: 1000 } });
  const other = await newPage(fresh);
  await other.goto(shareUrl);
  await other.waitForSelector('[data-testid=check-decision]');
  await other.click('text=role hbrcrossrole');
  const text = await editorText(other);
  expect(text.includes('role/ops'), 'shared state has the edit');
  const a = await page.textContent('[data-testid=checks-summary]');
  const b = await other.textContent('[data-testid=checks-summary]');
  expect(a === b, `same checks: ${a} vs ${b}`);
  await other.screenshot({ path: path.join(artifacts, '03-opened-share-link.png'), fullPage: true });
  await fresh.close();
});

await step('malformed JSON: the error is shown at its line', async () => {
  const lines = (await editorText(page)).split('\n');
  // Drop the comma at the end of the first line that has one.
  const i = lines.findIndex((l) => l.trimEnd().endsWith(','));
  lines[i] = lines[i].replace(/,\s*$/, '');
  await setEditorText(page, lines.join('\n'));
  await page.waitForSelector('[data-testid=diagnostic]');
  const diagnostic = await page.locator('[data-testid=diagnostic]').first().textContent();
  expect(diagnostic.includes(`line ${i + 1}`) && diagnostic.includes('missing comma'), `diagnostic: ${diagnostic}`);
  // The lint gutter's error mark is level with line i + 1's number.
  await page.waitForSelector('.cm-gutter-lint .cm-lint-marker-error');
  const marked = await page.evaluate((line) => {
    const number = [...document.querySelectorAll('.cm-lineNumbers .cm-gutterElement')].find((e) => e.textContent === String(line));
    if (!number) return false;
    const y = number.getBoundingClientRect().top;
    return [...document.querySelectorAll('.cm-gutter-lint .cm-lint-marker-error')]
      .some((m) => Math.abs(m.closest('.cm-gutterElement').getBoundingClientRect().top - y) < 3);
  }, i + 1);
  expect(marked, 'gutter mark on the line');
  await page.locator('[data-testid=diagnostic]').first().click();
  const caret = await page.evaluate(() => document.querySelector('[data-testid=editor-host]').policyEditor.selection()[0]);
  const expected = lines.slice(0, i).join('\n').length + 1 + lines[i].length;
  expect(Math.abs(caret - expected) <= 1, `cursor at ${caret}, expected ${expected}`);
  await page.screenshot({ path: path.join(artifacts, '04-malformed-json.png'), fullPage: true });
});

await step('what-breaks toggle: deleting the RAM role stops the chain', async () => {
  await page.selectOption('[data-testid=examples]', 'cloud-backup-ram-role');
  await page.click(`[data-testid=check] >> text=${CHECK}`);
  await page.click('[data-testid=mutation][data-id="delete-role:2222222222222222/hbrcrossrole"]');
  const summary = await page.textContent('[data-testid=check-summary]');
  expect(summary.includes('there is no role hbrcrossrole'), summary);
  await page.screenshot({ path: path.join(artifacts, '05-what-breaks.png'), fullPage: true });
});

await step('AWS: the catalogue loads on demand, finds a misspelt action, and its fix applies', async () => {
  await page.selectOption('[data-testid=examples]', 'aws-backup');
  await page.click('.explorer button.policy:has-text("DenyVaultDeletion")');
  // Text outside ASCII before the finding (one, two, three and four bytes a character in UTF-8):
  // the squiggle must still cover exactly the misspelt action (CodeMirror counts UTF-16 units).
  const text = (await editorText(page))
    .replace('"Sid": "DenyVaultDeletion"', '"Sid": "Zürich → 東京 😀"')
    .replace('"backup:DeleteBackupVault"', '"backup:DeleteBackupVaultt"');
  expect(text.includes('Vaultt') && text.includes('😀'), 'the edit applies to the policy as shown');
  await setEditorText(page, text);
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid=diagnostic]')].some((d) => d.textContent.includes('unknown-action')), null, { timeout: 10000 });
  const diagnostic = (await page.locator('[data-testid=diagnostic]').allTextContents()).find((t) => t.includes('unknown-action'));
  expect(diagnostic.includes('did you mean backup:DeleteBackupVault'), diagnostic);
  await page.screenshot({ path: path.join(artifacts, '06-aws-findings.png'), fullPage: true });
});

await step('editor: a squiggle sits exactly on the finding after non-ASCII text', async () => {
  const squiggle = page.locator('.cm-lintRange-error', { hasText: 'DeleteBackupVaultt' });
  await squiggle.first().waitFor();
  const covered = (await squiggle.allTextContents()).join('');
  expect(covered === '"backup:DeleteBackupVaultt"', `the squiggle covers ${JSON.stringify(covered)}`);
});

await step('editor: a quick fix applied from the squiggle, then undone with Ctrl+Z', async () => {
  await page.locator('.cm-lintRange-error', { hasText: 'DeleteBackupVaultt' }).first().hover();
  const action = page.locator('.cm-tooltip-lint .cm-diagnosticAction', { hasText: 'backup:DeleteBackupVault' });
  await action.first().waitFor({ timeout: 5000 });
  await page.screenshot({ path: path.join(artifacts, '08-quick-fix-tooltip.png') });
  await action.first().click();
  const fixed = await editorText(page);
  expect(fixed.includes('"backup:DeleteBackupVault"') && !fixed.includes('Vaultt'), 'fix applied in the editor');
  // The fix is analyzed at once: the finding leaves the list.
  await page.waitForFunction(() => ![...document.querySelectorAll('[data-testid=diagnostic]')].some((d) => d.textContent.includes('unknown-action')), null, { timeout: 5000 });
  await page.focus('[data-testid=editor]');
  await page.keyboard.press('Control+Z');
  const undone = await editorText(page);
  expect(undone.includes('"backup:DeleteBackupVaultt"'), 'Ctrl+Z brings the misspelling back');
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid=diagnostic]')].some((d) => d.textContent.includes('unknown-action')), null, { timeout: 5000 });
});

await step('AWS: the fix applies from the findings list too', async () => {
  await page.locator('[data-testid=apply-fix]').first().click();
  await page.waitForFunction(() => ![...document.querySelectorAll('[data-testid=diagnostic]')].some((d) => d.textContent.includes('unknown-action')));
  const fixed = await editorText(page);
  expect(fixed.includes('"backup:DeleteBackupVault"') && !fixed.includes('Vaultt'), 'fix applied');
  // The request builder suggests actions from the catalogue as you type.
  await page.fill('[data-testid=req-action]', 'backup:CopyInto');
  await page.dispatchEvent('[data-testid=req-action]', 'change');
  await page.waitForFunction(() => [...document.querySelectorAll('#actions option')].some((o) => o.value === 'backup:CopyIntoBackupVault'));
});

await step('editor: an action completed from the catalogue, and its hover card', async () => {
  const text = await editorText(page);
  const after = text.indexOf('"backup:DeleteBackupVault"') + '"backup:DeleteBackupVault"'.length;
  await putCursor(page, after);
  await page.keyboard.type(', "backup:StartBa', { delay: 40 });
  const option = page.locator('.cm-tooltip-autocomplete li', { hasText: 'backup:StartBackupJob' });
  await option.first().waitFor({ timeout: 5000 });
  // The selected action's card beside the list.
  const info = page.locator('.cm-completionInfo [data-testid=hover-card]');
  await info.first().waitFor({ timeout: 5000 });
  expect((await info.first().textContent()).includes('Resource types'), 'the card beside the list');
  await page.screenshot({ path: path.join(artifacts, '09-completion.png') });
  await page.waitForTimeout(150);
  await page.keyboard.press('Enter');
  const completed = await editorText(page);
  expect(completed.includes('"backup:DeleteBackupVault", "backup:StartBackupJob"'), `completed: ${completed.slice(after - 30, after + 40)}`);
  // The hover card of the completed action: its service and resource types.
  await page.locator('.cm-content .tok-string', { hasText: 'backup:StartBackupJob' }).first().hover();
  const card = page.locator('[data-testid=hover-card]', { hasText: 'backup:StartBackupJob' });
  await card.first().waitFor({ timeout: 5000 });
  const cardText = await card.first().textContent();
  expect(cardText.includes('Service') && cardText.includes('Resource types'), `card: ${cardText}`);
  // A policy element completed where a key goes: a new first line in the statement.
  const statement = await editorText(page);
  await putCursor(page, statement.lastIndexOf('{', statement.indexOf('"Sid"')) + 1);
  await page.keyboard.press('Enter');
  await page.keyboard.type('"Cond', { delay: 40 });
  await page.locator('.cm-tooltip-autocomplete li', { hasText: 'Condition' }).first().waitFor({ timeout: 5000 });
  // CodeMirror ignores an Enter in the list's first 75 ms (so a fast typist's Enter stays a newline).
  await page.waitForTimeout(150);
  await page.keyboard.press('Enter');
  await page.keyboard.type('{},', { delay: 20 });
  const withKey = await editorText(page);
  expect(/\{\s*"Condition": \{\},\s*"/.test(withKey), `key completed: ${JSON.stringify(withKey.slice(0, 200))}`);
});

await step('editor: format document is one undoable edit', async () => {
  await page.selectOption('[data-testid=examples]', 'aws-backup');
  await page.click('.explorer button.policy:has-text("DenyVaultDeletion")');
  const before = await editorText(page);
  await setEditorText(page, before.replace(/\n\s*/g, ' '));
  const squashed = await editorText(page);
  await page.click('[data-testid=format]');
  const formatted = await editorText(page);
  expect(formatted !== squashed && formatted.split('\n').length > 8, `formatted: ${formatted.slice(0, 80)}`);
  await page.focus('[data-testid=editor]');
  await page.keyboard.press('Control+Z');
  expect(await editorText(page) === squashed, 'Ctrl+Z undoes the format');
});

await step('editor: a system policy stays read-only; the decisive statement is highlighted', async () => {
  await page.selectOption('[data-testid=examples]', 'cloud-backup-ram-role');
  await page.click(`[data-testid=check] >> text=${CHECK}`);
  await page.click('.explorer button.policy:has-text("AliyunHBRRolePolicy")');
  await page.waitForSelector('[data-testid=editor-panel] .tag:has-text("read-only")');
  const before = await editorText(page);
  await page.click('[data-testid=editor]');
  await page.keyboard.type('xyz');
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  expect(await editorText(page) === before, 'typing changes nothing');
  const marked = await page.evaluate(() => document.querySelector('[data-testid=editor-host]').policyEditor.highlighted());
  expect(marked.includes('ecs:CreateSnapshot'), `the decisive statement is highlighted: ${marked.slice(0, 80)}`);
  // Where it is drawn, it is marked in the page too.
  await page.evaluate(() => {
    const e = document.querySelector('[data-testid=editor-host]').policyEditor;
    const at = e.text().indexOf(e.highlighted());
    e.select(at, at);
  });
  await page.locator('.cm-content [data-testid=highlight]').first().waitFor({ timeout: 3000 });
  await page.screenshot({ path: path.join(artifacts, '10-read-only-highlight.png') });
});

await step('Alibaba Cloud: the catalogue loads on demand, flags the printed kms:ListAlias, and knows services beyond the seeds', async () => {
  await page.selectOption('[data-testid=examples]', 'cloud-backup-resource-directory');
  await page.click('.explorer button.policy:has-text("AliyunServiceRolePolicyForHbrRd")');
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid=diagnostic]')].some((d) => d.textContent.includes('unknown-action')), null, { timeout: 10000 });
  const diagnostic = (await page.locator('[data-testid=diagnostic]').allTextContents()).find((t) => t.includes('unknown-action'));
  expect(diagnostic.includes('did you mean kms:ListAliases'), diagnostic);
  await page.fill('[data-testid=req-action]', 'rds:DescribeDBInst');
  await page.dispatchEvent('[data-testid=req-action]', 'change');
  await page.waitForFunction(() => [...document.querySelectorAll('#actions option')].some((o) => o.value === 'rds:DescribeDBInstances'));
});

await step('the explorer shows where accounts stand in the organization', async () => {
  await page.selectOption('[data-testid=examples]', 'cloud-backup-resource-directory');
  const tags = await page.locator('[data-testid=account-standing]').allTextContents();
  expect(tags.includes('management account') && tags.some((t) => t.startsWith('delegated administrator for hbr'))
    && tags.includes('member in Production') && tags.includes('outside the organization'), tags.join(', '));
});

await step('embed mode: compact, read-only, with an open-in-playground link', async () => {
  const embed = await newPage(context);
  await embed.goto(`${origin}/?embed=1&panels=chain,result&readonly=1&example=cloud-backup-resource-directory`);
  await embed.waitForSelector('[data-testid=check-decision]');
  expect(await embed.locator('[data-testid=editor]').count() === 0, 'no editor in this embed');
  expect(await embed.locator('[data-testid=open-in-playground]').count() === 1, 'open link');
  await embed.setViewportSize({ width: 800, height: 700 });
  await embed.screenshot({ path: path.join(artifacts, '06-embed.png'), fullPage: true });
  await embed.close();
});

// Measured in the page: wider than the viewport means a horizontal scrollbar.
const overflow = (p) => p.evaluate(() => {
  const e = document.scrollingElement;
  return { scrollWidth: e.scrollWidth, clientWidth: e.clientWidth };
});

await step('embed at 800 px: one column, chain first, the diagram fits, no horizontal overflow', async () => {
  const embed = await newPage(context);
  await embed.setViewportSize({ width: 800, height: 500 });
  await embed.goto(`${origin}/?embed=1&panels=result,chain,checks&toggles=1&example=cloud-backup-resource-directory`);
  await embed.waitForSelector('[data-testid=check-decision]');
  const layout = await embed.evaluate(() => {
    const top = (sel) => document.querySelector(sel).getBoundingClientRect().top;
    const svg = document.querySelector('[data-testid=chain-view] svg').getBoundingClientRect();
    const chain = document.querySelector('[data-testid=chain-view]').getBoundingClientRect();
    return { chain: top('[data-testid=chain-view]'), result: top('[data-testid=result]'), checks: top('[data-testid=checks]'),
      svgRight: svg.right, chainRight: chain.right, toggles: document.querySelectorAll('[data-testid=mutation]').length,
      detailsOpen: document.querySelector('[data-testid=result-details]').open };
  });
  expect(layout.chain < layout.result && layout.result < layout.checks, `order chain, result, checks: ${JSON.stringify(layout)}`);
  expect(layout.svgRight <= layout.chainRight, `the diagram fits its panel: ${JSON.stringify(layout)}`);
  expect(layout.toggles > 0 && !layout.detailsOpen, `toggles shown, details folded: ${JSON.stringify(layout)}`);
  const o = await overflow(embed);
  expect(o.scrollWidth <= o.clientWidth, `horizontal overflow at 800 px: ${o.scrollWidth} > ${o.clientWidth}`);
  await embed.goto(`${origin}/?embed=1&example=cloud-backup-resource-directory`);
  await embed.waitForSelector('[data-testid=check-decision]');
  expect(await embed.locator('[data-testid=mutation]').count() === 0, 'no toggles unless toggles=1');
  await embed.screenshot({ path: path.join(artifacts, '06-embed-800.png'), fullPage: true });
  await embed.close();
});

await step('theme=light stays light when the system is dark; theme=dark and auto follow', async () => {
  const embed = await newPage(context);
  await embed.emulateMedia({ colorScheme: 'dark' });
  const background = async (query) => {
    await embed.goto(`${origin}/?embed=1&example=cloud-backup-ram-role${query}`);
    await embed.waitForSelector('[data-testid=check-decision]');
    return embed.evaluate(() => getComputedStyle(document.body).backgroundColor);
  };
  const light = await background('&theme=light');
  expect(light === 'rgb(255, 255, 255)', `theme=light with a dark system: ${light}`);
  const auto = await background('');
  expect(auto !== light, `no theme with a dark system is dark: ${auto}`);
  await embed.emulateMedia({ colorScheme: 'light' });
  const dark = await background('&theme=dark');
  expect(dark === auto, `theme=dark with a light system: ${dark} (dark is ${auto})`);
  await embed.close();
});

await step('check= selects the check (by name or number); an unknown one is reported', async () => {
  const embed = await newPage(context);
  const shown = async (check) => {
    await embed.goto(`${origin}/?embed=1&example=cloud-backup-resource-directory&check=${encodeURIComponent(check)}`);
    await embed.waitForSelector('[data-testid=check-decision]');
    return embed.textContent('[data-testid=result] h2');
  };
  const byName = await shown('X is outside the directory');
  expect(byName === 'X is outside the directory', `check by name shows ${byName}`);
  const byNumber = await shown('2');
  expect(byNumber === 'D backs up an instance in R2', `check=2 shows ${byNumber}`);
  await shown('no such check');
  const banner = await embed.textContent('[data-testid=banner]');
  expect(banner.includes('"no such check"') && banner.includes('X is outside the directory'), banner);
  await embed.close();
});

await step('sample site from a sub-path: the iframe, the element and the JavaScript API report their decision; the embeds fit 800 px and never scroll inside', async () => {
  const docs = await newPage(context);
  await docs.setViewportSize({ width: 800, height: 900 });
  await docs.goto(`${origin}${SITE_PATH}`);
  await docs.waitForFunction(() => !document.querySelector('[data-testid=element-decision]').textContent.startsWith('waiting')
    && !document.querySelector('[data-testid=iframe-decision]').textContent.startsWith('waiting'), null, { timeout: 20000 });
  const element = await docs.evaluate(() => document.querySelector('policy-playground').decision);
  expect(element && element.check === 'The same control policy stops bob, an administrator in R1', `decision event: ${JSON.stringify(element)}`);
  expect(element.decision === 'explicit_deny' && element.passed && element.reason.length > 0, `decision event: ${JSON.stringify(element)}`);
  const framed = await docs.textContent('[data-testid=iframe-decision]');
  expect(framed.startsWith('implicit_deny (Account C is not registered with Cloud Backup)'), `iframe decision: ${framed}`);
  // The third example: the JavaScript API runs the same check in the page and agrees with the iframe.
  await docs.waitForFunction(() => document.querySelector('[data-testid=api-result]').dataset.decision, null, { timeout: 20000 });
  const api = await docs.textContent('[data-testid=api-result]');
  expect(api.startsWith('implicit_deny (Account C is not registered with Cloud Backup): before hop 1:'), `API result: ${api}`);
  // Heights settle after the frames post them.
  await docs.waitForTimeout(300);
  const frames = await docs.evaluate(() => [document.querySelector('[data-testid=iframe-embed]'), document.querySelector('policy-playground').shadowRoot.querySelector('iframe')]
    .map((f) => {
      const e = f.contentDocument.scrollingElement;
      return { frame: f.clientHeight, scrollHeight: e.scrollHeight, scrollWidth: e.scrollWidth, clientWidth: e.clientWidth,
        light: getComputedStyle(f.contentDocument.body).backgroundColor };
    }));
  for (const f of frames) {
    expect(f.scrollHeight <= f.frame + 1, `a frame scrolls inside: ${JSON.stringify(frames)}`);
    expect(f.scrollWidth <= f.clientWidth, `a frame overflows horizontally: ${JSON.stringify(frames)}`);
    expect(f.light === 'rgb(255, 255, 255)', `theme=light frames: ${JSON.stringify(frames)}`);
  }
  const o = await overflow(docs);
  expect(o.scrollWidth <= o.clientWidth, `the page overflows at 800 px: ${o.scrollWidth} > ${o.clientWidth}`);
  await docs.locator('[data-testid=iframe-embed]').screenshot({ path: path.join(artifacts, '06-site-iframe-800.png') });
  await docs.locator('policy-playground').screenshot({ path: path.join(artifacts, '06-site-element-800.png') });
  await docs.screenshot({ path: path.join(artifacts, '06-site-800.png'), fullPage: true });
  await docs.close();
});

await step('<policy-playground> with inline JSON fires decision; a missing src and an unknown check fire error', async () => {
  const docs = await newPage(context);
  await docs.goto(`${origin}${SITE_PATH}`);
  const scenario = fs.readFileSync(path.join(root, 'scenarios', 'cloud-backup-ram-role.json'), 'utf8');
  const events = await docs.evaluate(async (scenario) => {
    // Resolves with the first event of the kind wanted (an embed with an ignored option still decides).
    const make = (attrs, inline, wanted) => {
      const el = document.createElement('policy-playground');
      for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
      if (inline) {
        const data = document.createElement('script');
        data.type = 'application/json';
        data.textContent = inline;
        el.append(data);
      }
      const event = new Promise((resolve) => {
        for (const type of ['decision', 'error']) {
          el.addEventListener(type, (e) => { if (!wanted || wanted === type) resolve({ type, ...e.detail }); });
        }
      });
      document.querySelector('main').append(el);
      return event;
    };
    const within = (p) => Promise.race([p, new Promise((r) => setTimeout(() => r({ type: 'timeout' }), 15000))]);
    return Promise.all([
      within(make({ check: '3', theme: 'light' }, scenario)),
      within(make({ src: 'scenarios/no-such-file.json' })),
      within(make({ example: 'cloud-backup-ram-role', check: 'no such check' }, null, 'error')),
    ]);
  }, scenario);
  const checks = JSON.parse(scenario).checks;
  expect(events[0].type === 'decision' && events[0].check === checks[2].name, `inline JSON: ${JSON.stringify(events[0])}`);
  expect(events[1].type === 'error' && events[1].message.includes('HTTP 404'), `missing src: ${JSON.stringify(events[1])}`);
  expect(events[2].type === 'error' && events[2].message.includes('no such check'), `unknown check: ${JSON.stringify(events[2])}`);
  await docs.close();
});

await step('a damaged share link is reported and saved work is untouched', async () => {
  const saved = await page.evaluate(() => localStorage.getItem('policy-playground/workspace'));
  const other = await newPage(context);
  await other.goto(`${origin}/#s=1.bm90LWEtcmVhbC1saW5r`);
  await other.waitForSelector('[data-testid=banner]');
  const banner = await other.textContent('[data-testid=banner]');
  expect(/damaged|does not hold/.test(banner) && banner.includes('untouched'), banner);
  const after = await other.evaluate(() => localStorage.getItem('policy-playground/workspace'));
  expect(saved === after, 'saved work unchanged');
  await other.close();
});

await step('a corrupt saved state is reported and set aside', async () => {
  const other = await newPage(context);
  await other.goto(`${origin}/`);
  // The app has read the saved state (else it could read the broken one before the reload).
  await other.waitForSelector('[data-testid=check-decision]');
  await other.evaluate(() => localStorage.setItem('policy-playground/workspace', '{"version": 1, "workspace": [broken'));
  await other.reload();
  await other.waitForSelector('[data-testid=banner]');
  const banner = await other.textContent('[data-testid=banner]');
  expect(banner.includes('could not be read') && banner.includes('set aside'), banner);
  const keys = await other.evaluate(() => Object.keys(localStorage));
  expect(keys.some((k) => k.startsWith('policy-playground/unreadable/')), `keys: ${keys}`);
  await other.close();
});

await step('keyboard: Ctrl+Enter evaluates at once, focus is visible', async () => {
  await page.selectOption('[data-testid=examples]', 'cloud-backup-ram-role');
  await page.click('text=role hbrcrossrole');
  const editor = page.locator('[data-testid=editor]');
  await editor.focus();
  await page.keyboard.press('Control+Enter');
  // CodeMirror marks itself focused on its next update: wait for it rather than race it.
  await page.waitForSelector('.cm-editor.cm-focused', { timeout: 3000 }).catch(() => {});
  const outline = await editor.evaluate((el) => getComputedStyle(el.closest('.cm-editor')).boxShadow);
  expect(outline && outline !== 'none', `focus style: ${outline}`);
  // Tab indents in the editor; Escape then Tab leaves it (no keyboard trap).
  await page.keyboard.press('Escape');
  await page.keyboard.press('Tab');
  const left = await page.evaluate(() => !document.activeElement.closest('.cm-editor'));
  expect(left, 'Escape then Tab moves the focus out of the editor');
});

await step('lessons: complete lesson 2 as a learner (goal, hint, edit, check turns green, done), and the progress survives a reload', async () => {
  const learner = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const p = await newPage(learner);
  await p.goto(`${origin}/`);
  await p.waitForSelector('[data-testid=check-decision]');
  const ownTitle = await p.textContent('[data-testid=scenario-title]');
  await p.click('[data-testid=lessons]');
  await p.waitForSelector('[data-testid=lessons-list]');
  const entries = p.locator('[data-testid=lesson-entry]');
  expect(await entries.count() === 10, `ten lessons: ${await entries.count()}`);
  const entry = p.locator('[data-testid=lesson-entry][data-file="02-trust-policy-wrong-account"]');
  expect(await entry.getAttribute('data-done') === 'false', 'lesson 2 not done yet');
  await p.screenshot({ path: path.join(artifacts, '11-lessons-list.png') });
  await entry.locator('button').click();
  await p.waitForSelector('[data-testid=lesson-panel]');
  const goal = await p.textContent('[data-testid=lesson-goal]');
  expect(goal.includes('names the wrong account'), `goal: ${goal}`);
  await p.waitForSelector('[data-testid=lesson-status][data-passed=false]');
  expect((await p.textContent('[data-testid=lesson-status]')).includes('to go'), 'the check fails at the start');
  expect(await p.getAttribute('[data-testid=lesson-status]', 'aria-live') === 'polite', 'the status is announced');
  await p.click('[data-testid=lesson-hint]');
  await p.waitForSelector('[data-testid=lesson-hint-text]');
  expect(await p.locator('[data-testid=lesson-hint-text]').count() === 1, 'one hint shown');
  // A document the lesson does not let the learner edit is read-only.
  await p.click('text=role ops');
  await p.waitForSelector('[data-testid=editor-panel] .tag:has-text("read-only")');
  // The trust policy it names opens from the lesson panel, and is edited as a person would.
  await p.click('[data-testid=lesson-editable-doc]');
  const before = await editorText(p);
  expect(before.includes('acs:ram::3333333333333333:role/AliyunServiceRoleForHbrCrossAccountBackup'), 'the broken trust policy is open');
  expect(await p.locator('[data-testid=editor-panel] .tag:has-text("read-only")').count() === 0, 'it is editable');
  const at = before.indexOf('3333333333333333');
  await putCursor(p, at);
  await p.keyboard.down('Shift');
  for (let i = 0; i < 16; i += 1) await p.keyboard.press('ArrowRight');
  await p.keyboard.up('Shift');
  await p.keyboard.type('1111111111111111', { delay: 10 });
  expect((await editorText(p)).includes('acs:ram::1111111111111111:role/AliyunServiceRoleForHbrCrossAccountBackup'), 'the account is replaced');
  await p.waitForSelector('[data-testid=lesson-status][data-passed=true]', { timeout: 10000 });
  expect((await p.textContent('[data-testid=lesson-status]')).includes('lesson complete'), 'the check is green');
  expect(await p.locator('[data-testid=lesson-check][data-pass=false]').count() === 0, 'every check passes');
  await p.waitForSelector('[data-testid=lesson-done][data-done=true]');
  await p.screenshot({ path: path.join(artifacts, '12-lesson-done-1440.png') });
  await p.setViewportSize({ width: 390, height: 844 });
  await p.screenshot({ path: path.join(artifacts, '13-lesson-done-390.png'), fullPage: true });
  // The lesson's panels fit the narrow screen: nothing in them reaches past its right edge.
  const wide = await p.evaluate(() => [...document.querySelectorAll('[data-testid=lesson-panel] *, [data-testid=about] *, .toolbar *')]
    .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1).map((e) => `${e.tagName}.${e.className}`));
  expect(wide.length === 0, `too wide at 390 px: ${wide.slice(0, 5).join(', ')}`);
  await p.setViewportSize({ width: 1440, height: 900 });
  // Reload: the lesson is open again, done, with its hint and the learner's edit.
  await p.reload();
  await p.waitForSelector('[data-testid=lesson-panel]');
  await p.waitForSelector('[data-testid=lesson-done][data-done=true]');
  expect(await p.locator('[data-testid=lesson-hint-text]').count() === 1, 'the hint is still shown');
  await p.click('[data-testid=lesson-editable-doc]');
  expect((await editorText(p)).includes('acs:ram::1111111111111111:role/AliyunServiceRoleForHbrCrossAccountBackup'), 'the edit is kept');
  await p.click('[data-testid=lessons]');
  expect(await p.getAttribute('[data-testid=lesson-entry][data-file="02-trust-policy-wrong-account"]', 'data-done') === 'true', 'done in the list');
  await p.keyboard.press('Escape');
  // Leaving the lesson brings the learner's own work back.
  await p.click('[data-testid=lesson-leave]');
  await p.waitForSelector('[data-testid=lesson-panel]', { state: 'detached' });
  expect(await p.textContent('[data-testid=scenario-title]') === ownTitle, 'own work back');
  await learner.close();
});

await step('lessons: a trainer\'s lesson link opens lesson 7 graded the same way; the solution shows as a diff and applies', async () => {
  const text = fs.readFileSync(path.join(root, 'lessons', '07-conditions-tagged-buckets.json'));
  const link = `${origin}/#l=1.${zlib.deflateRawSync(text, { level: 9 }).toString('base64url')}`;
  const trainee = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const p = await newPage(trainee);
  await p.goto(link);
  await p.waitForSelector('[data-testid=lesson-panel]');
  expect((await p.textContent('[data-testid=lesson-panel] h2')).includes('from a link'), 'marked as from a link');
  await p.waitForSelector('[data-testid=lesson-status][data-passed=false]');
  while (await p.locator('[data-testid=lesson-hint]').count() > 0) await p.click('[data-testid=lesson-hint]');
  await p.click('[data-testid=lesson-show-solution]');
  await p.waitForSelector('[data-testid=lesson-solution]');
  const added = await p.locator('[data-testid=diff-line][data-kind=add]').count();
  const removed = await p.locator('[data-testid=diff-line][data-kind=del]').count();
  expect(added > 0 && removed > 0, `diff lines: ${added} added, ${removed} removed`);
  await p.screenshot({ path: path.join(artifacts, '14-solution-diff.png') });
  await p.click('[data-testid=lesson-apply-solution]');
  await p.waitForSelector('[data-testid=lesson-status][data-passed=true]', { timeout: 10000 });
  expect((await p.textContent('[data-testid=lesson-done]')).includes('solution shown'), 'done, with the solution');
  await trainee.close();
});

await step('About this scenario: the description and its documentation sources', async () => {
  await page.selectOption('[data-testid=examples]', 'cloud-backup-ram-role');
  expect(await page.getAttribute('[data-testid=about-toggle]', 'aria-expanded') === 'false', 'closed at first');
  await page.click('[data-testid=about-toggle]');
  const sources = await page.textContent('[data-testid=about-sources]');
  expect(sources.includes('Configure cross-account backup based on RAM role-based authorization'), sources);
  expect((await page.textContent('[data-testid=about-description]')).startsWith('Account A'), 'the description');
  await page.click('[data-testid=about-toggle]');
});

await step('predict first: decisions stay hidden until every check is predicted, then the score shows', async () => {
  await page.selectOption('[data-testid=examples]', 'cloud-backup-ram-role');
  await page.check('[data-testid=predict-first]');
  await page.waitForSelector('[data-testid=result-hidden]');
  const checks = await page.locator('[data-testid=check]').count();
  expect(checks > 2, `${checks} checks`);
  expect(await page.locator('[data-testid=checks] .decision-chip').count() === 0, 'no decision shown in the checks');
  expect(await page.locator('[data-testid=chain-view]').count() === 0, 'no chain shown');
  // Predict "allow" for every check but the last: still hidden.
  for (let i = 0; i < checks - 1; i++) {
    await page.locator('[data-testid=check]').nth(i).locator('[data-testid=predict-allow]').click();
  }
  expect(await page.locator('[data-testid=result-hidden]').count() === 1, 'still hidden with one check unpredicted');
  expect(await page.locator('[data-testid=predict-score]').count() === 0, 'no score yet');
  await page.locator('[data-testid=check]').nth(checks - 1).locator('[data-testid=predict-deny]').click();
  const score = await page.textContent('[data-testid=predict-score]');
  const chips = await page.locator('[data-testid=checks] .decision-chip').allTextContents();
  expect(chips.length === checks, `${chips.length} decisions shown after predicting`);
  const right = chips.filter((c, i) => (i < checks - 1) === c.includes('Allow')).length;
  expect(score === `${right} of ${checks} right`, `score ${score}, expected ${right} of ${checks} right`);
  await page.waitForSelector('[data-testid=check-decision]');
  await page.uncheck('[data-testid=predict-first]');
  await page.waitForSelector('[data-testid=check-decision]');
});

await step('author mode: save the request as a check, export a lesson link that opens graded', async () => {
  await page.selectOption('[data-testid=examples]', 'cloud-backup-ram-role');
  await page.click('[data-testid=author-toggle]');
  const before = await page.locator('[data-testid=check]').count();
  await page.fill('[data-testid=author-check-name]', 'the builder request');
  await page.selectOption('[data-testid=author-expected]', 'explicit_deny');
  await page.click('[data-testid=author-save-check]');
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid=check]').length === n + 1, before);
  const added = page.locator('[data-testid=check]').nth(before);
  expect((await added.textContent()).includes('the builder request'), 'the new check is listed');
  await page.fill('[data-testid=author-title]', 'A lesson from the playground');
  await page.fill('[data-testid=author-goal]', 'Make every check come out as expected.');
  await page.fill('[data-testid=author-hints]', 'Read the new check.');
  await page.locator('[data-testid=author-editable]').first().check();
  await page.click('[data-testid=author-export]');
  const link = await page.inputValue('[data-testid=author-link]');
  expect(link.includes('#l=1.'), link.slice(0, 80));
  expect((await page.getAttribute('[data-testid=author-download]', 'download')) === 'a-lesson-from-the-playground.json', 'the file name');
  const trainee = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const p = await newPage(trainee);
  await p.goto(link);
  await p.waitForSelector('[data-testid=lesson-goal]', { timeout: 20000 });
  const goal = await p.textContent('[data-testid=lesson-goal]');
  expect(goal.includes('Make every check come out as expected.'), 'the goal is shown');
  await trainee.close();
  await page.click('[data-testid=author-toggle]');
});

await step('the first-visit tour shows on a fresh visit, walks its steps, and stays away after dismissal and reload', async () => {
  const visitor = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const p = await newPage(visitor, { tour: true });
  await p.goto(`${origin}/`);
  await p.waitForSelector('[data-testid=tour]', { timeout: 20000 });
  expect((await p.textContent('[data-testid=tour-title]')) === 'Edit the policies', 'first step');
  expect(await p.evaluate(() => document.activeElement?.dataset.testid) === 'tour-next', 'the tour has the focus');
  await p.click('[data-testid=tour-next]');
  expect((await p.textContent('[data-testid=tour-title]')) === 'Watch the checks', 'second step');
  await p.keyboard.press('Escape');
  await p.waitForSelector('[data-testid=tour]', { state: 'detached' });
  await p.reload();
  await p.waitForSelector('[data-testid=checks]', { timeout: 20000 });
  await p.waitForTimeout(300);
  expect(await p.locator('[data-testid=tour]').count() === 0, 'not shown again after dismissal');
  // The ? button brings it back; Escape closes it and the focus returns to the button.
  await p.focus('[data-testid=help]');
  await p.keyboard.press('Enter');
  await p.waitForSelector('[data-testid=tour]');
  await p.keyboard.press('Escape');
  await p.waitForSelector('[data-testid=tour]', { state: 'detached' });
  const focused = await p.evaluate(() => document.activeElement?.outerHTML.slice(0, 120));
  expect(focused.includes('data-testid="help"'), `focus back on the ? button, not ${focused}`);
  await visitor.close();
});

// WCAG AA: 4.5:1 for text, measured on what the browser renders, in both themes.
async function contrastProblems(p) {
  return p.evaluate(() => {
    const parse = (c) => { const m = c.match(/[\d.]+/g); return m ? m.map(Number) : [0, 0, 0, 0]; };
    const lum = ([r, g, b]) => [r, g, b].map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
      .reduce((s, v, i) => s + v * [0.2126, 0.7152, 0.0722][i], 0);
    const background = (el) => {
      for (let e = el; e; e = e.parentElement) {
        const c = parse(getComputedStyle(e).backgroundColor);
        if (c.length < 4 || c[3] > 0) return c;
      }
      return [255, 255, 255];
    };
    const selectors = ['.decision', '.summary', '.muted', '.diagnostic .sev', '.check .verdict', '.outcome', 'h1', 'h2', '.node', 'button', 'label', '.status',
      '.cm-content .tok-propertyName', '.cm-content .tok-string', '.cm-content .tok-number', '.cm-lineNumbers .cm-gutterElement'];
    const problems = [];
    for (const sel of selectors) {
      for (const el of [...document.querySelectorAll(sel)].slice(0, 20)) {
        if (!el.textContent.trim() || el.closest('svg')) continue;
        const fg = parse(getComputedStyle(el).color), bg = background(el);
        const [a, b] = [lum(fg), lum(bg)];
        const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
        if (ratio < 4.5) problems.push(`${sel} "${el.textContent.trim().slice(0, 30)}" ${ratio.toFixed(2)}`);
      }
    }
    return problems;
  });
}

await step('contrast passes WCAG AA in the light and the dark theme', async () => {
  for (const scheme of ['light', 'dark']) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.waitForTimeout(50);
    const problems = await contrastProblems(page);
    expect(problems.length === 0, `${scheme}: ${problems.slice(0, 5).join('; ')}`);
    await page.screenshot({ path: path.join(artifacts, `07-theme-${scheme}.png`) });
  }
  await page.emulateMedia({ colorScheme: 'light' });
});

await step('embed code: the iframe and element snippets carry the chosen check and theme, and the preview shows it', async () => {
  const other = await newPage(context);
  await other.goto(`${origin}/`);
  await other.selectOption('[data-testid=examples]', 'cloud-backup-ram-role');
  await other.waitForSelector('[data-testid=check-decision]');
  await other.click('[data-testid=embed]');
  await other.waitForSelector('[data-testid=embed-menu]');
  const names = await other.locator('[data-testid=embed-check] option').allTextContents();
  const chosen = names[2];
  await other.selectOption('[data-testid=embed-check]', { label: chosen });
  await other.selectOption('[data-testid=embed-theme]', 'dark');
  const iframe = await other.inputValue('[data-testid=embed-iframe]');
  const element = await other.inputValue('[data-testid=embed-element]');
  expect(iframe.startsWith('<iframe') && iframe.includes('embed=1&amp;check=') && iframe.includes('theme=dark') && iframe.includes('#s=1.'), `iframe: ${iframe.slice(0, 160)}`);
  expect(element.includes('<policy-playground') && element.includes('theme="dark"') && element.includes('<script type="application/json">'), `element: ${element.slice(0, 200)}`);
  const preview = other.frameLocator('[data-testid=embed-preview]');
  await preview.locator('[data-testid=check-decision]').waitFor({ timeout: 10000 });
  const shown = await preview.locator('[data-testid=result] h2').textContent();
  expect(shown === chosen, `the preview shows the chosen check: ${shown} (chose ${chosen})`);
  await other.focus('[data-testid=embed-iframe]');
  await other.keyboard.press('Escape');
  await other.waitForSelector('[data-testid=embed-menu]', { state: 'detached', timeout: 3000 });
  await other.close();
});

// ---- Policies-and-requests mode (issue 12) -------------------------------------------------
// From a fresh page: the AWS starter, one pasted identity policy, one typed request, then the
// decision is read off the row (4 user actions); a case file with one bad case; a row's
// explanation.
const S3_POLICY = JSON.stringify({ Version: '2012-10-17', Statement: [
  { Sid: 'ReadObjects', Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::bucket/*' }] }, null, 2);
let requestsPage = null;
await step('policies and requests: the S3 read test from a fresh page in at most 4 user actions', async () => {
  const visitor = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  const p = await newPage(visitor);
  p.on('dialog', (d) => d.accept());
  await p.goto(`${origin}/`);
  await p.waitForSelector('[data-testid=check-decision]');
  let actions = 0;
  await p.selectOption('[data-testid=examples]', 'aws-policies-and-requests'); actions += 1;
  await p.waitForSelector('[data-testid=requests-mode]');
  await setEditorText(p, S3_POLICY); actions += 1; // select all and paste over the starter's text
  await p.fill('[data-testid=typed-request]', 's3:GetObject arn:aws:s3:::bucket/key');
  await p.press('[data-testid=typed-request]', 'Enter'); actions += 1; // type the request, Enter
  const row = p.locator('[data-testid=request-row]').first();
  await row.locator('[data-testid=row-decision][data-decision=allow]').waitFor({ timeout: 5000 }); actions += 1; // read it
  const why = await row.locator('[data-testid=row-why]').textContent();
  expect(why.includes('ReadObjects') && why.includes('identity policy'), `the row names the statement: ${why}`);
  expect(actions <= 4, `${actions} user actions`);
  const box = await row.locator('[data-testid=row-decision]').boundingBox();
  expect(box && box.y + box.height <= 720, `the decision is visible without scrolling at 1280x720 (y ${box && box.y})`);
  await p.screenshot({ path: path.join(artifacts, 'requests-mode.png') });
  requestsPage = p;
});

await step('policies and requests: a row expands to its explanation, whose statement link opens the policy', async () => {
  const p = requestsPage;
  expect(p, 'the S3 step left its page');
  const row = p.locator('[data-testid=request-row]').first();
  await row.locator('[data-testid=row-explain]').click();
  const evaluation = row.locator('[data-testid=row-evaluation]');
  await evaluation.waitFor({ timeout: 3000 });
  expect((await evaluation.locator('[data-testid=decision]').textContent()).includes('Allow'), 'the explanation says Allow');
  const decisive = evaluation.locator('[data-testid=decisive]').first();
  expect((await decisive.textContent()).includes('ReadObjects'), 'the decisive statement is named');
  await decisive.click();
  await p.locator('.cm-content [data-testid=highlight]').first().waitFor({ timeout: 3000 });
  // An expectation that fails says so.
  await row.locator('[data-testid=row-expected]').selectOption('implicit_deny');
  await row.locator('[data-testid=row-fail]').waitFor({ timeout: 3000 });
});

await step('policies and requests: a case file with one bad case imports the others and reports it with line and column', async () => {
  const p = requestsPage;
  expect(p, 'the S3 step left its page');
  const policy = { name: 'reader', document: { Version: '2012-10-17', Statement: [{ Sid: 'Read', Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] } };
  const cases = [
    `  {"name": "reads", "request": {"principal": "arn:aws:iam::111111111111:user/a", "action": "s3:GetObject", "resource": "arn:aws:s3:::b/k"}, "identity_policies": [${JSON.stringify(policy)}], "expected": "allow"}`,
    '  {"name": "broken", "request": {"principal": "arn:aws:iam::111111111111:user/a", "acton": "s3:PutObject"}}',
    `  {"name": "writes", "request": {"principal": "arn:aws:iam::111111111111:user/a", "action": "s3:PutObject", "resource": "arn:aws:s3:::b/k"}, "identity_policies": [${JSON.stringify(policy)}], "expected": "implicit_deny"}`,
  ];
  const file = `[\n${cases.join(',\n')}\n]`;
  const before = await p.locator('[data-testid=request-row]').count();
  await p.locator('[data-testid=case-files] > summary').click();
  await p.fill('[data-testid=import-text]', file);
  await p.click('[data-testid=import]');
  await p.waitForFunction((n) => document.querySelectorAll('[data-testid=request-row]').length === n, before + 2, { timeout: 5000 });
  const banner = await p.textContent('[data-testid=banner]');
  expect(banner.includes('broken (line 3, column 83)'), `the bad case is reported with its line and column: ${banner}`);
  const rows = p.locator('[data-testid=request-row]');
  await rows.nth(before).locator('[data-testid=row-pass]').waitFor({ timeout: 5000 });
  await rows.nth(before + 1).locator('[data-testid=row-pass]').waitFor({ timeout: 5000 });
  expect((await p.textContent('[data-testid=requests-tally]')).includes('2 of 3'), 'the tally counts the imported rows');
  // The export is a case file the import reads back.
  await p.click('[data-testid=export]');
  const exported = JSON.parse(await p.inputValue('[data-testid=exported]'));
  expect(exported.length === before + 2 && exported[before].identity_policies[0].name === 'reader', `exported ${exported.length} cases`);
  await requestsPage.context().close();
});
// ---- end of the policies-and-requests block --------------------------------------------------

await step('user text shows as text: names, a policy and a check holding markup run nothing', async () => {
  const evil = '"><img src=x onerror="window.__xss=1"><script>window.__xss=2</script>';
  const scenario = {
    scenario: `Title ${evil}`,
    description: `About ${evil}`,
    dialect: 'aliyun',
    accounts: [{ id: '1111111111111111', name: `Account ${evil}` }],
    policies: [{ name: 'Evil', text: JSON.stringify({ Version: '1', Statement: [{ Sid: 'x', Effect: 'Allow', Action: 'ecs:Describe*', Resource: `acs:ecs:*:*:instance/${evil}` }] }, null, 2) }],
    users: [{ name: 'alice', account: '1111111111111111', policies: ['Evil'] }],
    checks: [{ name: `Check ${evil}`, from: 'acs:ram::1111111111111111:user/alice',
      request: { action: 'ecs:DescribeInstances', resource: `acs:ecs:cn-hangzhou:1111111111111111:instance/${evil}` }, expected: 'allow' }],
  };
  const json = JSON.stringify({ scenario, example: null });
  const link = `${origin}/#s=1.${zlib.deflateRawSync(Buffer.from(json), { level: 9 }).toString('base64url')}`;
  const visitor = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const p = await newPage(visitor);
  await p.goto(link);
  await p.waitForSelector('[data-testid=check-decision]');
  const title = await p.textContent('[data-testid=scenario-title]');
  expect(title.includes('<img src=x onerror='), `the title shows the markup as text: ${title}`);
  const check = await p.textContent('[data-testid=result] h2');
  expect(check.includes('<script>window.__xss=2</script>'), `the check's name shows as text: ${check}`);
  const injected = await p.evaluate(() => ({
    xss: window.__xss,
    imgs: [...document.querySelectorAll('img')].filter((i) => i.getAttribute('onerror')).length,
    scripts: [...document.querySelectorAll('body script')].filter((s) => s.textContent.includes('__xss')).length,
  }));
  expect(injected.xss === undefined && injected.imgs === 0 && injected.scripts === 0, `nothing ran: ${JSON.stringify(injected)}`);
  await visitor.close();
});

// ---- The chain diagram: layered layout, organization tree, whole labels (web/js/diagram.js) ----
// Every text of the diagram measured as drawn: no line is wider than its box.
const cutLabels = (p) => p.evaluate(() => {
  const cut = [];
  for (const g of document.querySelectorAll('[data-testid=diagram] svg g')) {
    const rect = g.querySelector('rect');
    if (!rect) continue;
    const right = rect.x.baseVal.value + rect.width.baseVal.value;
    for (const t of g.querySelectorAll('text')) {
      if (t.x.baseVal[0].value + t.getComputedTextLength() > right + 0.5) cut.push(t.textContent);
    }
  }
  return cut;
});

for (const [example, width] of [['cloud-backup-ram-role', 800], ['cloud-backup-ram-role', 1440],
  ['cloud-backup-resource-directory', 800], ['cloud-backup-resource-directory', 1440]]) {
  await step(`chain diagram of ${example} at ${width} px: every hop drawn, labels whole, it fits`, async () => {
    const p = await newPage(context);
    await p.setViewportSize({ width, height: 900 });
    await p.goto(`${origin}/?example=${example}`);
    await p.waitForSelector('[data-testid=diagram] svg');
    const hops = await p.locator('[data-testid=hop]').count();
    const edges = await p.locator('[data-testid=chain-edge]').count();
    expect(hops > 0 && edges === hops, `one edge per hop: ${edges} edges, ${hops} hops`);
    const cut = await cutLabels(p);
    expect(cut.length === 0, `labels wider than their boxes: ${cut.slice(0, 3).join(' | ')}`);
    // In the full app the diagram shrinks to 3/4 of its size to fit the result column, then
    // scrolls inside its own region (focusable, so the keyboard scrolls it); the page never does.
    const fit = await p.evaluate(() => {
      const panel = document.querySelector('[data-testid=chain-view]').getBoundingClientRect();
      const region = document.querySelector('[data-testid=chain-view] .diagram');
      const scrolls = region.scrollWidth > region.clientWidth;
      return [...document.querySelectorAll('[data-testid=diagram] svg')].map((s) =>
        s.getBoundingClientRect().right <= panel.right + 1 || (scrolls && region.tabIndex === 0));
    });
    expect(fit.every(Boolean), `the diagram fits its panel or scrolls in its focusable region: ${fit}`);
    const page = await overflow(p);
    expect(page.scrollWidth <= page.clientWidth, `no sideways scroll of the page: ${JSON.stringify(page)}`);
    if (example === 'cloud-backup-resource-directory') {
      const org = (await p.locator('[data-testid=org-tree] text').allTextContents()).join(' ');
      expect(org.includes('folder Production') && org.includes('DenySnapshotDeletion') && org.includes('delegated administrator for'),
        `the organization tree: ${org.slice(0, 200)}`);
    }
    await p.locator('[data-testid=chain-view]').screenshot({ path: path.join(artifacts, `diagram-${example}-${width}.png`) });
    await p.close();
  });
}

await step('embed at 800 px: a deleted role\'s refused hop is labelled with its reason, visible in the column', async () => {
  const p = await newPage(context);
  await p.setViewportSize({ width: 800, height: 600 });
  await p.goto(`${origin}/?embed=1&panels=chain,result&toggles=1&example=cloud-backup-ram-role`);
  await p.waitForSelector('[data-testid=diagram] svg');
  await p.click('[data-testid=mutation][data-id="delete-role:2222222222222222/hbrcrossrole"]');
  await p.waitForSelector('[data-testid=edge-label][data-ok=false]', { timeout: 5000 });
  const refused = await refusedLabel(p);
  expect(refused.text.includes('there is no role hbrcrossrole'), `label: ${refused.text}`);
  expect(refused.visible, `visible at 800 px: ${JSON.stringify(refused)}`);
  const o = await overflow(p);
  expect(o.scrollWidth <= o.clientWidth, `horizontal overflow at 800 px: ${o.scrollWidth} > ${o.clientWidth}`);
  await p.locator('[data-testid=chain-view]').screenshot({ path: path.join(artifacts, 'diagram-refused-800.png') });
  await p.close();
});
// ---- end of the chain diagram's steps ----

await step('the page made no request beyond its own files', async () => {
  expect(foreign.length === 0, `foreign requests: ${foreign.join(', ')}`);
});

await step('the Content-Security-Policy allows no inline script but the hashed loader, and nothing broke it', async () => {
  const html = fs.readFileSync(path.join(dist, 'index.html'), 'utf8');
  const scriptSrc = (html.match(/script-src ([^;"]*)/) || [])[1] || '';
  expect(!scriptSrc.includes("'unsafe-inline'") && scriptSrc.includes("'sha256-"), `script-src ${scriptSrc}`);
  expect(cspViolations.length === 0, `violations: ${cspViolations.slice(0, 3).join(' | ')}`);
});

await browser.close();
server.close();
console.log(results.join('\n'));
console.log(`timing: first decision on screen ${timings.firstDecisionMs} ms after navigation; ` +
  `DOMContentLoaded ${timings.navigation?.domContentLoaded} ms, load ${timings.navigation?.load} ms`);
fs.writeFileSync(path.join(artifacts, 'timing.json'), JSON.stringify(timings, null, 2));
console.log(`screenshots in ${artifacts}`);
if (failed() > 0) { console.error(`${failed()} end-to-end step(s) failed`); process.exit(1); }
