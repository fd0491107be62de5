// End-to-end checks of the layout, accessibility and presenter work (issue 12's "a layout for
// work", issue 14's presenter layout): what fits at 1280x720 and on a phone, the theme, the live
// region, keyboard-only use, the presenter layout at 150% zoom, and an axe-core scan (no serious
// or critical violations) of the main page in both themes, the phone layout, lesson mode and an
// embed. Screenshots go to target/e2e-artifacts/ux-*.png; measurements are printed.
//
// Usage: node tools/e2e/ux.mjs [DIST_DIR]
import { expect, launchChromium, serveDist, stepRecorder } from './harness.mjs';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const dist = path.resolve(process.argv[2] || path.join(root, 'dist'));
const artifacts = path.join(root, 'target', 'e2e-artifacts');
fs.mkdirSync(artifacts, { recursive: true });
const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

const { origin, server } = await serveDist(dist);
const browser = await launchChromium();

const { results, step, failed } = stepRecorder();
const measured = {};

// A page with the first-visit tour already seen (the tour's own check opens one without).
async function open(url, { viewport = { width: 1280, height: 720 }, deviceScaleFactor = 1, tour = false, bypassCSP = false, init } = {}) {
  const context = await browser.newContext({ viewport, deviceScaleFactor, bypassCSP });
  const page = await context.newPage();
  if (!tour) await page.addInitScript(() => localStorage.setItem('policy-playground/tour-seen', '1'));
  if (init) await page.addInitScript(init);
  page.on('pageerror', (e) => results.push(`page error: ${e.message}`));
  await page.goto(`${origin}/${url}`);
  await page.waitForSelector('[data-testid=check-decision], [data-testid=result]', { state: 'attached', timeout: 20000 });
  return page;
}
const box = (p, selector) => p.evaluate((s) => {
  const e = document.querySelector(s);
  if (!e) return null;
  const r = e.getBoundingClientRect();
  return { top: Math.round(r.top), bottom: Math.round(r.bottom), left: Math.round(r.left), right: Math.round(r.right) };
}, selector);
const overflow = (p) => p.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));

// A scenario with names and ARNs far longer than any column.
const longName = 'a-role-with-a-name-that-goes-on-and-on-and-on-without-any-space-to-break-it-at-all';
const longScenario = {
  scenario: `Long names ${'x'.repeat(120)}`,
  dialect: 'aliyun',
  accounts: [{ id: '1111111111111111', name: `Account-${'y'.repeat(100)}` }],
  policies: [{ name: `Policy${'Z'.repeat(90)}`, text: JSON.stringify({ Version: '1', Statement: [{ Effect: 'Allow', Action: 'oss:GetObject',
    Resource: `acs:oss:*:1111111111111111:${'bucket-name-'.repeat(12)}/*` }] }, null, 2) }],
  users: [{ name: longName, account: '1111111111111111', policies: [`Policy${'Z'.repeat(90)}`] }],
  checks: [{ name: `Read ${'an-object-'.repeat(12)}`, from: `acs:ram::1111111111111111:user/${longName}`,
    request: { action: 'oss:PutObject', resource: `acs:oss:*:1111111111111111:${'bucket-name-'.repeat(12)}/key` }, expected: 'implicit_deny' }],
};
const longLink = `#s=1.${zlib.deflateRawSync(Buffer.from(JSON.stringify({ scenario: longScenario, example: null })), { level: 9 }).toString('base64url')}`;

await step('1280x720: the decision and the chain are in view without scrolling, in one result panel', async () => {
  const p = await open('');
  const decision = await box(p, '[data-testid=check-decision]');
  const chain = await box(p, '[data-testid=chain-view] svg');
  measured.fit1280 = { decision, chain };
  expect(decision && decision.bottom <= 720 && decision.top >= 0, `decision at ${JSON.stringify(decision)}`);
  expect(chain && chain.top < 720 - 60, `the chain starts in view: ${JSON.stringify(chain)}`);
  expect(await p.locator('[data-testid=check-decision]').count() === 1, 'one check decision');
  expect(await p.locator('[data-testid=result]').count() === 1, 'one result panel');
  // The chain is inside the result panel, under the decision.
  expect(await p.locator('[data-testid=result] [data-testid=chain-view]').count() === 1, 'the chain is part of the result');
  await p.screenshot({ path: path.join(artifacts, 'ux-01-1280x720.png') });
  await p.context().close();
});

for (const [width, height] of [[1280, 720], [1440, 900], [390, 844]]) {
  await step(`${width} px: long names and ARNs wrap, the page never scrolls sideways`, async () => {
    const p = await open(longLink, { viewport: { width, height } });
    for (const tab of width <= 700 ? ['scenario', 'editor', 'result'] : [null]) {
      if (tab) await p.click(`[role=tab][data-tab=${tab}]`);
      const o = await overflow(p);
      measured[`overflow${width}${tab ? `-${tab}` : ''}`] = o;
      expect(o.scroll <= o.client, `${tab || 'page'}: scrollWidth ${o.scroll} > clientWidth ${o.client}`);
    }
    await p.context().close();
  });
}

await step('the explorer: edit actions in one menu per node, reached by keyboard, closed with Escape', async () => {
  const p = await open('');
  const explorer = p.locator('[data-testid=explorer]');
  expect(await explorer.locator('button', { hasText: /^Rename$/ }).filter({ visible: true }).count() === 0, 'no Rename button on every node');
  const menu = explorer.locator('details.node-menu').nth(1);
  await menu.locator('summary').click();
  const entries = await menu.locator('.menu-entry').allTextContents();
  expect(entries.includes('Rename') && entries.includes('Delete'), `menu entries: ${entries.join(', ')}`);
  await p.keyboard.press('Escape');
  expect(!(await menu.evaluate((d) => d.open)), 'Escape closes the menu');
  // Arrow keys: one tab stop for the tree; Down moves, Right reaches the node's menu.
  const stops = await explorer.locator('[data-roving-item][tabindex="0"]').count();
  expect(stops === 1, `one tab stop in the explorer, found ${stops}`);
  await explorer.locator('[data-roving-item][tabindex="0"]').focus();
  const first = await p.evaluate(() => document.activeElement.textContent);
  await p.keyboard.press('ArrowDown');
  const second = await p.evaluate(() => document.activeElement.textContent);
  expect(first !== second, `ArrowDown moved from ${first}`);
  await p.keyboard.press('ArrowUp');
  await p.keyboard.press('ArrowRight');
  const onMenu = await p.evaluate(() => document.activeElement.matches('.node-menu > summary') && document.activeElement.getAttribute('aria-label'));
  expect(onMenu && onMenu.startsWith('Actions for'), `ArrowRight reaches the node's menu: ${onMenu}`);
  await p.keyboard.press('Enter');
  expect(await p.evaluate(() => document.activeElement.closest('details').open), 'Enter opens it');
  await p.keyboard.press('Escape');
  expect(await p.evaluate(() => document.activeElement.matches('.node-menu > summary')), 'the focus is back on the menu button');
  await p.context().close();
});

await step('390x844: tabs; the decision is on the first screen after one tap; a check tapped shows its result', async () => {
  const p = await open('', { viewport: { width: 390, height: 844 } });
  expect(await p.isVisible('[data-testid=tabs]'), 'the tabs show');
  expect(!(await p.isVisible('[data-testid=editor-panel]')), 'one column at a time');
  await p.click('[role=tab][data-tab=result]');
  const decision = await box(p, '[data-testid=check-decision]');
  measured.phoneDecision = decision;
  expect(decision && decision.bottom <= 844, `decision at ${JSON.stringify(decision)}`);
  await p.screenshot({ path: path.join(artifacts, 'ux-02-390-result.png') });
  await p.click('[role=tab][data-tab=scenario]');
  const second = p.locator('[data-testid=check]').nth(1);
  const name = await second.locator('.name').textContent();
  await second.click();
  await p.waitForFunction(() => document.querySelector('main.layout').dataset.tab === 'result');
  expect((await p.textContent('[data-testid=result] h2')) === name, 'the tapped check is shown');
  expect(await p.getAttribute('#tab-result', 'aria-selected') === 'true', 'the Result tab is selected');
  // The tour does not point left on a phone.
  await p.context().close();
  const fresh = await open('', { viewport: { width: 390, height: 844 }, tour: true });
  const text = await fresh.textContent('[data-testid=tour]');
  expect(!/\bleft\b/i.test(text), `the tour's first step: ${text}`);
  await fresh.context().close();
});

await step('theme: light, dark or system, kept after a reload; an embed\'s theme= wins', async () => {
  const p = await open('');
  await p.selectOption('[data-testid=theme]', 'dark');
  expect(await p.getAttribute('html', 'data-theme') === 'dark', 'dark applied');
  const bg = await p.evaluate(() => getComputedStyle(document.body).backgroundColor);
  expect(bg === 'rgb(18, 20, 23)', `dark background: ${bg}`);
  await p.reload();
  await p.waitForSelector('[data-testid=check-decision]');
  expect(await p.getAttribute('html', 'data-theme') === 'dark', 'still dark after a reload');
  expect(await p.inputValue('[data-testid=theme]') === 'dark', 'the select shows it');
  await p.screenshot({ path: path.join(artifacts, 'ux-03-dark.png') });
  await p.goto(`${origin}/?embed=1&theme=light&example=cloud-backup-ram-role`);
  await p.waitForSelector('[data-testid=check-decision]');
  expect(await p.getAttribute('html', 'data-theme') === 'light', 'the embed asked for light and gets it');
  await p.goto(`${origin}/?embed=1&example=cloud-backup-ram-role`);
  await p.waitForSelector('[data-testid=check-decision]');
  expect(await p.getAttribute('html', 'data-theme') === null, 'an embed without theme= follows the system, not the stored choice');
  await p.goto(`${origin}/`);
  await p.waitForSelector('[data-testid=check-decision]');
  await p.selectOption('[data-testid=theme]', '');
  expect(await p.getAttribute('html', 'data-theme') === null, 'system: no attribute');
  await p.context().close();
});

await step('the live region announces a decision when it changes, not the time of every evaluation', async () => {
  const p = await open('');
  expect(await p.getAttribute('[data-testid=status]', 'aria-live') === null, 'the timing is not a live region');
  const announcer = '[data-testid=announcer]';
  expect(await p.getAttribute(announcer, 'aria-live') === 'polite', 'a polite live region');
  const before = await p.textContent(announcer);
  expect(before.includes('Allow'), `announced: ${before}`);
  // An edit that changes nothing: the announcement stays the same text (nothing is re-read).
  await p.waitForFunction(() => document.querySelector('[data-testid=editor-host]')?.policyEditor);
  await p.click('[data-testid=editor]');
  await p.keyboard.press('Control+End');
  await p.keyboard.type('  ');
  await p.waitForFunction(() => !document.querySelector('[data-testid=status]').textContent.includes('evaluating'));
  expect(await p.textContent(announcer) === before, 'unchanged while the decision stays');
  // Break the trust policy the first check goes through: the new decision and reason are announced.
  const text = await p.evaluate(() => document.querySelector('[data-testid=editor-host]').policyEditor.text());
  await p.keyboard.press('Control+A');
  await p.keyboard.insertText(text.replace('role/AliyunServiceRoleForHbrCrossAccountBackup', 'role/ops'));
  await p.waitForFunction((b) => document.querySelector('[data-testid=announcer]').textContent !== b, before, { timeout: 5000 });
  const after = await p.textContent(announcer);
  expect(/deny/i.test(after) && after.length < 400, `announced: ${after}`);
  await p.context().close();
});

await step('keyboard only: skip link to the editor, type, Ctrl+Enter, reach the decision, open a check', async () => {
  const p = await open('');
  await p.waitForFunction(() => document.querySelector('[data-testid=editor-host]')?.policyEditor);
  await p.keyboard.press('Tab');
  expect(await p.evaluate(() => document.activeElement.dataset.testid) === 'skip-editor', 'the first Tab reaches "Skip to the editor"');
  await p.screenshot({ path: path.join(artifacts, 'ux-04-skip-link.png') });
  await p.keyboard.press('Enter');
  await p.waitForFunction(() => document.activeElement?.classList.contains('cm-content'));
  await p.keyboard.press('Control+End');
  await p.keyboard.type(' ');
  await p.keyboard.press('Control+Enter');
  await p.waitForFunction(() => !document.querySelector('[data-testid=status]').textContent.includes('evaluating'));
  // Leave the editor (Escape, then Shift+Tab goes back up the page) and take the skip link to the result.
  if (await p.isVisible('.cm-tooltip-autocomplete')) await p.keyboard.press('Escape');
  await p.keyboard.press('Escape');
  let presses = 0;
  const visited = [];
  while (presses < 80 && (await p.evaluate(() => document.activeElement?.dataset.testid)) !== 'skip-result') {
    // Escape first whenever still in the editor (an Escape may have closed a completion list instead).
    if (await p.evaluate(() => document.activeElement?.classList.contains('cm-content'))) await p.keyboard.press('Escape');
    await p.keyboard.press('Shift+Tab');
    visited.push(await p.evaluate(() => document.activeElement?.tagName + '.' + document.activeElement?.className));
    presses += 1;
  }
  measured.shiftTabsToSkipLink = presses;
  expect(presses < 80, `Shift+Tab gets back to "Skip to the result": ${visited.slice(0, 6).join(', ')}`);
  await p.keyboard.press('Enter');
  await p.waitForFunction(() => document.activeElement?.id === 'result');
  const decision = await p.textContent('#result [data-testid=check-decision]');
  expect(/Allow|deny/.test(decision), `the decision is reached: ${decision}`);
  // Tab on to the checks list (one stop), ArrowDown to the next check, Enter opens it.
  let tabs = 0;
  await p.keyboard.press('Shift+Tab');
  while (tabs < 80 && !(await p.evaluate(() => document.activeElement?.matches('[data-testid=check]')))) {
    await p.keyboard.press('Tab');
    tabs += 1;
  }
  measured.tabsToChecks = tabs;
  expect(tabs < 80, 'the checks list is reachable with Tab');
  await p.keyboard.press('ArrowDown');
  const name = await p.evaluate(() => document.activeElement.querySelector('.name').textContent);
  await p.keyboard.press('Enter');
  await p.waitForFunction((n) => document.querySelector('[data-testid=result] h2').textContent === n, name);
  expect(await p.evaluate(() => document.activeElement.getAttribute('aria-pressed')) === 'true', 'the opened check is marked');
  await p.context().close();
});

await step('targets are at least 24x24 CSS pixels', async () => {
  const p = await open('');
  const small = await p.evaluate(() => [...document.querySelectorAll('button, select, summary, input, [role=tab]')]
    .filter((e) => e.getClientRects().length > 0 && !e.closest('.cm-editor') && !e.matches('.skip-links button'))
    // Links inside a sentence are exempt (WCAG 2.5.8's inline exception).
    .filter((e) => !(e.matches('button.link') && getComputedStyle(e.parentElement).display !== 'flex'))
    // A visually hidden input inside its label (the file picker): the label is what is clicked.
    .map((e) => (e.matches('input.visually-hidden') && e.closest('label')) || e)
    .map((e) => { const r = e.getBoundingClientRect(); return { what: e.outerHTML.slice(0, 80), w: r.width, h: r.height }; })
    .filter((t) => t.w < 24 || t.h < 24));
  expect(small.length === 0, `${small.length} small: ${small.slice(0, 3).map((s) => `${s.what} ${s.w}x${s.h}`).join(' | ')}`);
  await p.context().close();
});

await step('from a new user\'s try: the lessons list fits the window at 1440 px, the requests mode fits 390 px, the organization panel shows no stray text', async () => {
  const wide = await open('?example=cloud-backup-resource-directory', { viewport: { width: 1440, height: 900 } });
  const org = await wide.textContent('[data-testid=organization]');
  expect(!/\bnull\b|undefined/.test(org), `organization panel: ${org.slice(0, 300)}`);
  await wide.click('[data-testid=lessons]');
  const list = await box(wide, '#lessons-list');
  expect(list && list.left >= 0 && list.right <= 1440, `lessons list inside the window: ${JSON.stringify(list)}`);
  await wide.context().close();
  const phone = await open('', { viewport: { width: 390, height: 844 } });
  await phone.selectOption('[data-testid=examples]', 'aws-policies-and-requests');
  await phone.waitForSelector('[data-testid=requests-mode]');
  await phone.click('[role=tab][data-tab=result]'); // the table is the result column
  await phone.fill('[data-testid=typed-request]', 's3:GetObject arn:aws:s3:::bucket/a-rather-long-key/with/several/parts.txt');
  await phone.press('[data-testid=typed-request]', 'Enter');
  await phone.waitForSelector('[data-testid=request-row]');
  const o = await overflow(phone);
  expect(o.scroll <= o.client, `no sideways scroll at 390 px in the requests mode: ${o.scroll} > ${o.client}`);
  await phone.screenshot({ path: path.join(artifacts, 'ux-06-requests-390.png') });
  await phone.context().close();
});

await step('presenter: at 1280x720 and 150% zoom the decision, the chain and the policy are in view at once, in large type', async () => {
  const p = await open('?presenter=1', { viewport: { width: 853, height: 480 }, deviceScaleFactor: 1.5 });
  await p.waitForFunction(() => document.querySelector('[data-testid=editor-host]')?.policyEditor);
  const inView = (b) => b && b.top >= 0 && b.top < 480 - 40 && b.bottom > 0;
  const decision = await box(p, '[data-testid=check-decision]');
  const chain = await box(p, '[data-testid=chain-view] svg');
  const policy = await box(p, '[data-testid=editor-host]');
  measured.presenter = { decision, chain, policy };
  expect(decision && decision.bottom <= 480 && inView(decision), `decision ${JSON.stringify(decision)}`);
  expect(inView(chain), `chain ${JSON.stringify(chain)}`);
  expect(inView(policy) && policy.bottom <= 480, `policy ${JSON.stringify(policy)}`);
  const size = await p.evaluate(() => parseFloat(getComputedStyle(document.querySelector('.app')).fontSize));
  expect(size >= 19, `large type: ${size}px`);
  expect(await p.getAttribute('[data-testid=presenter]', 'aria-pressed') === 'true', 'the toggle shows it is on');
  const o = await overflow(p);
  expect(o.scroll <= o.client, `no sideways scroll: ${o.scroll} > ${o.client}`);
  await p.screenshot({ path: path.join(artifacts, 'ux-05-presenter-853x480@1.5.png') });
  await p.click('[data-testid=presenter]');
  expect(await p.getAttribute('html', 'data-presenter') === null, 'the toggle turns it off');
  expect(await p.isVisible('[data-testid=explorer]'), 'the explorer is back');
  await p.context().close();
});

await step('new user\'s findings: the request builder\'s answer says it is another question; counts say what they count; the loaded example shows', async () => {
  const p = await open('?example=cloud-backup-ram-role');
  expect(await p.inputValue('[data-testid=examples]') === 'cloud-backup-ram-role', 'the examples list shows the loaded example');
  // The arrow keys on the examples list open it; they do not load the next example at each press.
  await p.focus('[data-testid=examples]');
  await p.keyboard.press('ArrowDown');
  await p.keyboard.press('Escape');
  await p.waitForTimeout(300);
  expect(await p.inputValue('[data-testid=examples]') === 'cloud-backup-ram-role', 'ArrowDown did not load another example');
  await p.selectOption('[data-testid=examples]', 'cloud-backup-resource-directory');
  await p.waitForFunction(() => document.querySelector('[data-testid=examples]').value === 'cloud-backup-resource-directory');
  const scope = await p.textContent('[data-testid=request-scope]');
  expect(scope.includes('not a check'), `request scope: ${scope}`);
  expect((await p.textContent('[data-testid=checks] h2')).includes('Scenario checks'), 'the checks panel says what it counts');
  await p.click('[data-testid=lessons]');
  // The Lessons list: arrow keys move through it, and it is one tab stop.
  await p.locator('[data-testid=lesson-entry] button').first().focus();
  await p.keyboard.press('ArrowDown');
  const second = await p.evaluate(() => document.activeElement.closest('[data-testid=lesson-entry]')?.dataset.file);
  const files = await p.locator('[data-testid=lesson-entry]').evaluateAll((es) => es.map((e) => e.dataset.file));
  expect(second === files[1], `ArrowDown moves to the second lesson: ${second}`);
  await p.keyboard.press('Tab');
  const after = await p.evaluate(() => document.activeElement.closest('[data-testid=lesson-entry]') === null);
  expect(after, 'Tab leaves the list instead of visiting every lesson');
  await p.locator('[data-testid=lesson-entry][data-file="02-trust-policy-wrong-account"] button').click();
  await p.waitForSelector('[data-testid=lesson-status][data-passed=false]');
  const status = await p.textContent('[data-testid=lesson-status]');
  expect(status.includes('lesson requirements'), `lesson status: ${status}`);
  await p.context().close();
});

// axe-core, injected with the page's CSP bypassed for these contexts only (the page allows no
// inline script but its own loader's hash).
async function axe(name, url, { viewport, tab, before } = {}) {
  const p = await open(url, { viewport, bypassCSP: true });
  if (before) await before(p);
  if (tab) await p.click(`[role=tab][data-tab=${tab}]`);
  await p.waitForTimeout(300);
  await p.addScriptTag({ content: axeSource });
  const found = await p.evaluate(async () => {
    const r = await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] } });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length, target: v.nodes[0]?.target.join(' ') }));
  });
  await p.screenshot({ path: path.join(artifacts, `ux-axe-${name}.png`) });
  await p.context().close();
  const grave = found.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  measured[`axe-${name}`] = found.map((v) => `${v.id}(${v.impact}, ${v.nodes})`).join(' ') || 'none';
  expect(grave.length === 0, grave.map((v) => `${v.id} (${v.impact}) ${v.nodes}x, e.g. ${v.target}`).join('; '));
}
await step('axe: the main page, light theme', () => axe('main-light', ''));
await step('axe: the main page, dark theme', () => axe('main-dark', '', { before: (p) => p.selectOption('[data-testid=theme]', 'dark') }));
await step('axe: the 390 px layout, Result tab', () => axe('390-result', '', { viewport: { width: 390, height: 844 }, tab: 'result' }));
await step('axe: lesson mode', () => axe('lesson', '', {
  before: async (p) => {
    await p.click('[data-testid=lessons]');
    await p.locator('[data-testid=lesson-entry][data-file="02-trust-policy-wrong-account"] button').click();
    await p.waitForSelector('[data-testid=lesson-panel]');
  },
}));
await step('axe: an embed', () => axe('embed', '?embed=1&panels=chain,result,checks&toggles=1&example=cloud-backup-resource-directory'));
await step('axe: presenter layout', () => axe('presenter', '?presenter=1', { viewport: { width: 853, height: 480 } }));

// ---- A new user's findings (the chain's refusal before hop 1, the diagram's overflow, the
// starter's prompt, the organization's words, the phone's header) ----
const refusedEdge = (p) => p.evaluate(() => {
  const label = document.querySelector('[data-testid=edge-label][data-ok=false]');
  const edge = document.querySelector('[data-testid=chain-edge][data-ok=false]');
  if (!label || !edge) return null;
  const r = label.getBoundingClientRect();
  const svg = label.ownerSVGElement.getBoundingClientRect();
  return {
    text: [...label.querySelectorAll('text')].map((t) => t.textContent).join(' '),
    stroke: getComputedStyle(edge).stroke,
    inside: r.width > 0 && r.left >= svg.left - 1 && r.right <= svg.right + 1 && r.top >= svg.top - 1 && r.bottom <= svg.bottom + 1,
  };
});

await step('1440x900: a chain refused before its first hop draws a red edge labelled with the reason', async () => {
  const p = await open('?example=cloud-backup-resource-directory', { viewport: { width: 1440, height: 900 } });
  await p.waitForSelector('[data-testid=diagram] svg');
  await p.click('[data-testid=mutation][data-id="leave-directory:1000000000000003"]');
  await p.waitForSelector('[data-testid=edge-label][data-ok=false]', { timeout: 5000 });
  const refused = await refusedEdge(p);
  measured.refusedBeforeHop1 = refused;
  expect(refused && refused.text.startsWith('✗ before hop 1:') && refused.text.includes('is not a member of'), `label: ${JSON.stringify(refused)}`);
  expect(refused.inside, `the label is inside the drawing: ${JSON.stringify(refused)}`);
  expect(refused.stroke === 'rgb(164, 22, 26)', `the edge is drawn in the refusal's red: ${refused.stroke}`);
  // The text under the drawing still says it too.
  expect((await p.textContent('[data-testid=chain-failed]')).includes('before hop 1'), 'the sentence stays');
  await p.locator('[data-testid=edge-label][data-ok=false]').scrollIntoViewIfNeeded();
  await p.screenshot({ path: path.join(artifacts, 'ux-07-refused-before-hop-1.png') });
  await p.context().close();
});

await step('1440x900: a drawing wider than its region says so, and fits on request; one that fits says nothing', async () => {
  const p = await open('?example=cloud-backup-ram-role', { viewport: { width: 1440, height: 900 } });
  await p.waitForSelector('[data-testid=diagram] svg');
  const region = () => p.evaluate(() => {
    const r = document.querySelector('[data-testid=chain-view] .diagram');
    return { scroll: r.scrollWidth, client: r.clientWidth };
  });
  const before = await region();
  measured.diagramOverflow1440 = before;
  expect(before.scroll > before.client, `this example overflows at 1440 px: ${JSON.stringify(before)}`);
  const hint = p.locator('[data-testid=diagram-scroll-hint]');
  await hint.waitFor({ timeout: 5000 });
  expect((await hint.textContent()).includes('scroll sideways'), `hint: ${await hint.textContent()}`);
  const fit = await box(p, '[data-testid=diagram-fit]');
  expect(fit.bottom - fit.top >= 24 && fit.right - fit.left >= 24, `the button is a 24 px target: ${JSON.stringify(fit)}`);
  // It stays in view while the region scrolls sideways (it sits above the region).
  await p.evaluate(() => { document.querySelector('[data-testid=chain-view] .diagram').scrollLeft = 1000; });
  const regionBox = await box(p, '[data-testid=chain-view] .diagram');
  const hinted = await box(p, '[data-testid=diagram-scroll-hint]');
  expect(hinted.left >= regionBox.left - 1, `the note stays in view when scrolled: ${JSON.stringify({ hinted, regionBox })}`);
  await p.click('[data-testid=diagram-fit]');
  await p.waitForFunction(() => document.querySelector('[data-testid=diagram-fit]')?.textContent === 'Actual size');
  const fitted = await region();
  expect(fitted.scroll <= fitted.client + 1, `fitted to the region: ${JSON.stringify(fitted)}`);
  await p.screenshot({ path: path.join(artifacts, 'ux-08-diagram-fitted.png') });
  await p.click('[data-testid=diagram-fit]');
  await p.waitForFunction(() => document.querySelector('[data-testid=diagram-fit]')?.textContent === 'Fit to width');
  expect((await region()).scroll > before.client, 'back to the actual size');
  await p.context().close();
  const fits = await open('?example=aws-backup', { viewport: { width: 1440, height: 900 } });
  await fits.waitForSelector('[data-testid=diagram] svg');
  const r = await fits.evaluate(() => { const e = document.querySelector('[data-testid=chain-view] .diagram'); return e.scrollWidth <= e.clientWidth; });
  expect(r && await fits.locator('[data-testid=diagram-scroll-hint]').count() === 0, 'no note when the drawing fits');
  await fits.context().close();
});
await step('axe: 1440 px with the diagram\'s scroll note', () => axe('diagram-hint', '?example=cloud-backup-ram-role', {
  viewport: { width: 1440, height: 900 },
  before: (p) => p.waitForSelector('[data-testid=diagram-scroll-hint]'),
}));

await step('the blank AWS starter asks only for what is empty', async () => {
  // The requests mode has no check decision to wait for (open() waits for one).
  const p = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
  await p.addInitScript(() => localStorage.setItem('policy-playground/tour-seen', '1'));
  p.on('pageerror', (e) => results.push(`page error: ${e.message}`));
  await p.goto(`${origin}/?example=aws-policies-and-requests`);
  await p.waitForSelector('[data-testid=row-incomplete]');
  const principal = await p.inputValue('[data-testid=row-principal]');
  const prompt = await p.textContent('[data-testid=row-incomplete]');
  expect(principal.length > 0 && prompt === 'Fill in an action.', `principal ${principal}: ${prompt}`);
  expect(!(await p.textContent('body')).includes('Fill in a principal'), 'no prompt asks for the principal that is there');
  await p.fill('[data-testid=row-principal]', '');
  await p.fill('[data-testid=row-action]', 's3:GetObject');
  await p.waitForFunction(() => document.querySelector('[data-testid=row-incomplete]')?.textContent === 'Fill in a principal.');
  await p.context().close();
});

await step('the organization reads "OU" for AWS and "folder" for a Resource Directory, in the explorer and the tree', async () => {
  for (const [example, node, other, title] of [['aws-backup', 'OU', 'folder', 'AWS Organization'],
    ['cloud-backup-resource-directory', 'folder', 'OU', 'Resource Directory']]) {
    const p = await open(`?example=${example}`, { viewport: { width: 1440, height: 900 } });
    await p.waitForSelector('[data-testid=org-tree]');
    const explorer = await p.innerText('[data-testid=organization]');
    const tree = (await p.locator('[data-testid=org-tree] text').allTextContents()).join(' ');
    for (const [where, text] of [['explorer', explorer], ['tree', tree]]) {
      expect(new RegExp(`\\b${node} \\w`).test(text), `${example}: the ${where} says ${node}: ${text.slice(0, 200)}`);
      expect(!new RegExp(`\\b${other}\\b`, 'i').test(text), `${example}: the ${where} never says ${other}: ${text.slice(0, 300)}`);
    }
    expect((await p.textContent('#org-title')) === title, `the explorer's heading: ${await p.textContent('#org-title')}`);
    await p.context().close();
  }
});

await step('390x844: the header takes two rows; "More" shows the rest, each a 24 px target, no sideways scroll', async () => {
  const p = await open('', { viewport: { width: 390, height: 844 } });
  await p.waitForSelector('[data-testid=toolbar-more]');
  const header = await box(p, '.toolbar');
  measured.phoneHeader = header.bottom - header.top;
  expect(header.bottom - header.top <= 80, `header height ${header.bottom - header.top} px`);
  for (const id of ['examples', 'evaluate', 'toolbar-more']) expect(await p.isVisible(`[data-testid=${id}]`), `${id} shows`);
  expect(!(await p.isVisible('[data-testid=share]')), 'secondary controls wait behind More');
  await p.click('[data-testid=toolbar-more]');
  expect(await p.getAttribute('[data-testid=toolbar-more]', 'aria-expanded') === 'true', 'More says it is open');
  const small = await p.evaluate(() => [...document.querySelectorAll('.toolbar button, .toolbar select')]
    .filter((e) => e.getClientRects().length)
    .map((e) => ({ id: e.dataset.testid || e.textContent.trim(), r: e.getBoundingClientRect() }))
    .filter(({ r }) => r.width < 24 || r.height < 24).map(({ id, r }) => `${id} ${r.width}x${r.height}`));
  expect(small.length === 0, `targets under 24 px: ${small.join(', ')}`);
  for (const id of ['share', 'reset', 'lessons', 'embed', 'help', 'mode-switch', 'theme']) expect(await p.isVisible(`[data-testid=${id}]`), `${id} shows when open`);
  const o = await overflow(p);
  expect(o.scroll <= o.client, `no sideways scroll: ${o.scroll} > ${o.client}`);
  await p.screenshot({ path: path.join(artifacts, 'ux-09-390-header-open.png') });
  await p.click('[data-testid=toolbar-more]');
  expect(!(await p.isVisible('[data-testid=share]')), 'closed again');
  await p.screenshot({ path: path.join(artifacts, 'ux-09-390-header.png') });
  await p.context().close();
  // Wide screens keep every control in the toolbar and have no More button.
  const wide = await open('', { viewport: { width: 1280, height: 720 } });
  expect(!(await wide.isVisible('[data-testid=toolbar-more]')) && await wide.isVisible('[data-testid=share]'), 'no More at 1280 px');
  await wide.context().close();
});
await step('axe: the 390 px header with More open', () => axe('390-header-open', '', {
  viewport: { width: 390, height: 844 },
  before: (p) => p.click('[data-testid=toolbar-more]'),
}));
// ---- end of the new user's findings ----

await browser.close();
server.close();
console.log(results.join('\n'));
console.log(`measured: ${JSON.stringify(measured, null, 1)}`);
fs.writeFileSync(path.join(artifacts, 'ux-measured.json'), JSON.stringify(measured, null, 2));
if (failed() > 0) { console.error(`${failed()} layout/accessibility step(s) failed`); process.exit(1); }
