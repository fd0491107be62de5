// Page behaviour kept out of the wasm (its size budget is tight), loaded as a plain script in the
// page's head:
// - the theme chosen in the toolbar (light, dark or system, kept in localStorage) applied before
//   the first paint; an embed ignores it (its theme= option, applied by the app, wins);
// - arrow keys in lists marked data-roving (explorer, checks, tabs) and the Lessons menu with a
//   roving tabindex: one tab stop per list, Up/Down (Left/Right in a horizontal list), Home and End move;
// - arrow keys on a select that acts at once (examples, attach a policy) open its list instead of
//   acting on each key;
// - the explorer's per-node menus (<details class="node-menu">) close with Escape, with a click
//   elsewhere, and when another opens;
// - the phone layout's tabs (main's data-tab): a tab shows its column; choosing a check shows the
//   Result, opening a document or jumping to a statement shows the Editor;
// - skip links (data-skip-to) that reach their panel in the phone layout too, by choosing its tab
//   first;
// - the theme and presenter controls (index.html) moved into the app's toolbar once it is drawn,
//   showing the stored theme and whether the presenter layout (data-presenter on the root, also
//   from ?presenter=1) is on;
// - on a phone, a "More" button after Evaluate that shows or hides the toolbar's secondary
//   controls (data-toolbar-open on the root; web/style/app.css hides them while it is off), so
//   the header takes two rows instead of seven.
(() => {
  const THEME_KEY = 'policy-playground/theme';
  const params = new URLSearchParams(location.search);
  const embedded = params.has('embed') && params.get('embed') !== '0';
  const root = document.documentElement;
  // An embed has no skip links, tabs, theme or presenter controls (web/style/app.css reads this).
  if (embedded) root.dataset.embed = '';
  // ?presenter=1 opens the presenter layout (never in an embed).
  const presenterAsked = params.get('presenter');
  if (!embedded && presenterAsked !== null && presenterAsked !== '0') root.dataset.presenter = '';
  if (!embedded) {
    try {
      const theme = localStorage.getItem(THEME_KEY);
      if (theme === 'light' || theme === 'dark') document.documentElement.dataset.theme = theme;
    } catch {
      // Storage may be off (private mode, a sandboxed frame): the system's theme applies.
    }
  }

  function placeControls() {
    const controls = document.querySelector('.page-controls');
    if (!controls) return true;
    const select = controls.querySelector('[data-theme-choice]');
    select.value = root.dataset.theme || '';
    controls.querySelector('[data-presenter-toggle]').setAttribute('aria-pressed', String('presenter' in root.dataset));
    const toolbar = document.querySelector('#app .toolbar');
    if (toolbar) {
      toolbar.append(controls);
      addMoreButton(toolbar);
    }
    return Boolean(toolbar);
  }

  // Shown only in the phone layout (app.css): the secondary controls follow it when opened.
  function addMoreButton(toolbar) {
    if (toolbar.querySelector('[data-testid=toolbar-more]')) return;
    const more = document.createElement('button');
    more.type = 'button';
    more.className = 'toolbar-more';
    more.dataset.testid = 'toolbar-more';
    more.setAttribute('aria-expanded', 'false');
    more.textContent = 'More';
    more.addEventListener('click', () => {
      const open = !('toolbarOpen' in root.dataset);
      if (open) root.dataset.toolbarOpen = '';
      else delete root.dataset.toolbarOpen;
      more.setAttribute('aria-expanded', String(open));
    });
    const evaluate = toolbar.querySelector('[data-testid=evaluate]');
    if (evaluate) evaluate.after(more);
    else toolbar.append(more);
  }
  document.addEventListener('DOMContentLoaded', () => {
    if (embedded || placeControls()) return;
    const app = document.getElementById('app');
    if (!app) return;
    const observer = new MutationObserver(() => { if (placeControls()) observer.disconnect(); });
    observer.observe(app, { childList: true, subtree: true });
  });

  document.addEventListener('change', (e) => {
    if (!e.target.matches?.('[data-theme-choice]')) return;
    const theme = e.target.value;
    if (theme === 'light' || theme === 'dark') document.documentElement.dataset.theme = theme;
    else delete document.documentElement.dataset.theme;
    try { localStorage.setItem(THEME_KEY, theme); } catch { /* not kept: it still applies now */ }
  });

  function showTab(name) {
    const main = document.querySelector('main.layout');
    if (!main || main.dataset.tab === name) return;
    main.dataset.tab = name;
    for (const tab of document.querySelectorAll('[role=tab][data-tab]')) {
      const on = tab.dataset.tab === name;
      tab.setAttribute('aria-selected', String(on));
      tab.tabIndex = on ? 0 : -1;
    }
    // The new panel from its top, just under the (sticky) tabs.
    const tabs = document.querySelector('.tabs');
    if (tabs && visible(tabs)) {
      const top = main.getBoundingClientRect().top + window.scrollY - tabs.offsetHeight;
      if (window.scrollY > top) window.scrollTo({ top });
    }
  }

  const visible = (el) => el.getClientRects().length > 0 && !el.closest('details:not([open]) > :not(summary)');
  // Lists marked by the app, and the Lessons menu's list (its first focus makes it one tab stop).
  const LIST = '[data-roving], .lessons-list ol';
  const ITEM = '[data-roving-item], .lessons-list .lesson-open';
  const itemsOf = (list) => [...list.querySelectorAll(ITEM)].filter(
    (el) => el.closest(LIST) === list && visible(el) && !el.disabled);

  // The focused item becomes the list's one tab stop.
  function makeCurrent(list, item) {
    for (const el of list.querySelectorAll(ITEM)) {
      if (el.closest(LIST) === list) el.tabIndex = el === item ? 0 : -1;
    }
  }

  document.addEventListener('focusin', (e) => {
    const item = e.target.closest?.(ITEM);
    const list = item?.closest(LIST);
    if (list) makeCurrent(list, item);
  });

  document.addEventListener('keydown', (e) => {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    const target = e.target;
    if (e.key === 'Escape') {
      const menu = target.closest?.('details.node-menu[open]');
      if (menu) {
        menu.open = false;
        menu.querySelector('summary')?.focus();
        e.preventDefault();
      }
      return;
    }
    // From a tree item, Right opens the way to its row's menu; Left comes back.
    if (e.key === 'ArrowRight' && target.matches?.('[data-roving-item]')) {
      const summary = target.closest('.row')?.querySelector('.node-menu > summary');
      if (summary) {
        summary.focus();
        e.preventDefault();
        return;
      }
    }
    if (e.key === 'ArrowLeft' && target.matches?.('.node-menu > summary')) {
      const item = target.closest('.row')?.querySelector('[data-roving-item]');
      if (item) {
        item.focus();
        e.preventDefault();
        return;
      }
    }
    // A closed select whose choice acts at once (load an example, attach a policy): Chromium
    // would act on every arrow key; the arrows open its list instead, where Enter chooses and
    // Escape leaves everything as it was.
    if ((e.key === 'ArrowDown' || e.key === 'ArrowUp') && target.matches?.('.examples select, .node-menu select')) {
      try {
        target.showPicker();
        e.preventDefault();
      } catch {
        // No picker here (an older browser): the select keeps its own behaviour.
      }
      return;
    }
    const item = target.closest?.(ITEM);
    const list = item?.closest(LIST);
    if (!list) return;
    const horizontal = list.dataset.roving === 'horizontal';
    const keys = horizontal ? { prev: 'ArrowLeft', next: 'ArrowRight' } : { prev: 'ArrowUp', next: 'ArrowDown' };
    const items = itemsOf(list);
    const at = items.indexOf(item);
    let to = -1;
    if (e.key === keys.next) to = Math.min(at + 1, items.length - 1);
    else if (e.key === keys.prev) to = Math.max(at - 1, 0);
    else if (e.key === 'Home') to = 0;
    else if (e.key === 'End') to = items.length - 1;
    else return;
    e.preventDefault();
    if (to < 0 || to === at) return;
    makeCurrent(list, items[to]);
    items[to].focus();
    // Tabs follow the focus (automatic activation).
    if (items[to].getAttribute('role') === 'tab') items[to].click();
  });

  document.addEventListener('click', (e) => {
    const t = e.target;
    const tab = t.closest?.('[role=tab][data-tab]');
    if (tab) showTab(tab.dataset.tab);
    else if (t.closest?.('button[data-testid=check]')) showTab('result');
    else if (t.closest?.('.explorer button.item, .result button.link, .lesson .editable button.link, [data-testid=diagnostic]')) showTab('editor');
    const presenter = t.closest?.('[data-presenter-toggle]');
    if (presenter) {
      const root = document.documentElement;
      const on = !('presenter' in root.dataset);
      if (on) root.dataset.presenter = '';
      else delete root.dataset.presenter;
      presenter.setAttribute('aria-pressed', String(on));
    }
    // One node menu open at a time; a click outside closes it.
    const inside = e.target.closest?.('details.node-menu');
    for (const menu of document.querySelectorAll('details.node-menu[open]')) {
      if (menu !== inside) menu.open = false;
    }
    // A choice made closes its menu.
    if (inside && e.target.closest('.menu-entry')) inside.open = false;
    const skip = e.target.closest?.('[data-skip-to]');
    if (!skip) return;
    if (skip.dataset.skipTab) showTab(skip.dataset.skipTab);
    // After the app has shown the tab's panel.
    requestAnimationFrame(() => setTimeout(() => {
      const to = document.querySelector(skip.dataset.skipTo);
      if (to) {
        to.focus();
        to.scrollIntoView({ block: 'nearest' });
      }
    }, 0));
  });
})();
