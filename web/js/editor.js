// The policy editor: CodeMirror 6 with the extensions the playground uses, behind a small class
// the Rust app drives through wasm-bindgen (web/src/code_editor.rs). Bundled with esbuild by
// tools/editor/build.mjs into web/js/build/editor.bundle.js (one file, no imports left), which
// web/js/loader.js imports when the first editor is made.
//
// What is decided here is only how CodeMirror shows things; what to show (diagnostics, fixes,
// completions, hover cards, the formatted text) comes from Rust (web/core), already in UTF-16
// offsets, which are CodeMirror's positions. Rust is called back through the `callbacks` object:
//   change(text, immediate)            the person changed the text (immediate: a fix, an undo or a
//                                      format: analyze now rather than after the debounce)
//   complete(text, pos, explicit)      JSON of a completion result, or undefined
//   hover(text, pos)                   JSON of a hover card, or undefined
//   card(kind, name)                   JSON of the card of an action or condition key, or undefined
//   format(text)                       the formatted text, or undefined when it cannot be formatted

import { Annotation, Compartment, EditorState, StateEffect, StateField } from '@codemirror/state';
import {
  Decoration, EditorView, crosshairCursor, drawSelection, dropCursor, highlightActiveLine,
  highlightActiveLineGutter, highlightSpecialChars, hoverTooltip, keymap, lineNumbers, rectangularSelection, tooltips,
} from '@codemirror/view';
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { bracketMatching, foldGutter, foldKeymap, indentOnInput, syntaxHighlighting } from '@codemirror/language';
import { highlightSelectionMatches, search, searchKeymap } from '@codemirror/search';
import {
  autocompletion, closeBrackets, closeBracketsKeymap, completionKeymap, insertCompletionText, pickedCompletion,
  startCompletion,
} from '@codemirror/autocomplete';
import { forEachDiagnostic, lintGutter, lintKeymap, setDiagnostics } from '@codemirror/lint';
import { json } from '@codemirror/lang-json';
import { classHighlighter } from '@lezer/highlight';

/** Marks a transaction the app made (loading a text, diagnostics): not reported as an edit. */
const external = Annotation.define();

/** Sets (or, with null, clears) the highlighted range: the shown check's decisive statement. */
const setHighlight = StateEffect.define();
const highlightMark = Decoration.mark({ class: 'cm-decisive', attributes: { 'data-testid': 'highlight' } });
const highlightField = StateField.define({
  create: () => Decoration.none,
  update(marks, tr) {
    marks = marks.map(tr.changes);
    for (const e of tr.effects) {
      if (e.is(setHighlight)) {
        const r = e.value;
        marks = r && r.to > r.from ? Decoration.set([highlightMark.range(r.from, r.to)]) : Decoration.none;
      }
    }
    return marks;
  },
  provide: (f) => EditorView.decorations.from(f),
});

/** Replaces the findings' ranges and fixes, by id; both follow later edits. */
const setFindings = StateEffect.define();
const mapRange = (changes, r) => {
  const from = changes.mapPos(r.from, 1);
  return { ...r, from, to: Math.max(from, changes.mapPos(r.to, -1)) };
};
const findingsField = StateField.define({
  create: () => new Map(),
  update(findings, tr) {
    for (const e of tr.effects) if (e.is(setFindings)) return e.value;
    if (!tr.docChanged) return findings;
    const mapped = new Map();
    for (const [id, f] of findings) {
      mapped.set(id, { ...mapRange(tr.changes, f), fix: f.fix && mapRange(tr.changes, f.fix) });
    }
    return mapped;
  },
});

/** The smallest single change turning `old` into `neu` (never splitting a surrogate pair). */
export function minimalChange(old, neu) {
  const min = Math.min(old.length, neu.length);
  let start = 0;
  while (start < min && old.charCodeAt(start) === neu.charCodeAt(start)) start++;
  if (start > 0 && start < min && isLowSurrogate(old.charCodeAt(start))) start--;
  let end = 0;
  while (end < min - start && old.charCodeAt(old.length - 1 - end) === neu.charCodeAt(neu.length - 1 - end)) end++;
  if (end > 0 && end < min - start && isLowSurrogate(old.charCodeAt(old.length - end))) end--;
  return { from: start, to: old.length - end, insert: neu.slice(start, neu.length - end) };
}
const isLowSurrogate = (c) => c >= 0xdc00 && c <= 0xdfff;

/** Text of a DOM element, built with text nodes only (messages are never HTML). */
function el(tag, className, text) {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text != null) e.textContent = text;
  return e;
}

/** A hover or completion card: title, subtitle, rows of label and value, and a list. */
export function renderCard(card) {
  const dom = el('div', 'pp-card');
  dom.setAttribute('data-testid', 'hover-card');
  dom.appendChild(el('div', 'pp-card-title', card.title));
  if (card.subtitle) dom.appendChild(el('div', 'pp-card-subtitle', card.subtitle));
  if (card.rows && card.rows.length) {
    const dl = el('dl', 'pp-card-rows');
    for (const [k, v] of card.rows) {
      dl.appendChild(el('dt', null, k));
      dl.appendChild(el('dd', null, v));
    }
    dom.appendChild(dl);
  }
  if (card.list && card.list.length) {
    const ul = el('ul', 'pp-card-list');
    for (const item of card.list) ul.appendChild(el('li', null, item));
    dom.appendChild(ul);
  }
  return dom;
}

/** Colours come from the page's CSS variables, so the editor follows the light and dark themes. */
const theme = EditorView.theme({
  '&': { backgroundColor: 'var(--bg)', color: 'var(--text)', height: '100%', fontSize: '14px' },
  '.cm-scroller': { fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace', lineHeight: '20px' },
  '.cm-content': { caretColor: 'var(--text)' },
  '.cm-cursor, .cm-dropCursor': { borderLeftColor: 'var(--text)' },
  '.cm-gutters': { backgroundColor: 'var(--panel)', color: 'var(--muted)', borderRight: '1px solid var(--border)' },
  '.cm-activeLine': { backgroundColor: 'var(--line)' },
  '.cm-activeLineGutter': { backgroundColor: 'var(--line-gutter)', color: 'var(--text)' },
  '&.cm-focused .cm-selectionBackground, .cm-selectionBackground, ::selection': { backgroundColor: 'var(--selection) !important' },
  '.cm-decisive': { backgroundColor: 'var(--mark)', borderRadius: '2px' },
  '.cm-tooltip': { backgroundColor: 'var(--panel)', color: 'var(--text)', border: '1px solid var(--border)' },
  '.cm-panels': { backgroundColor: 'var(--panel)', color: 'var(--text)' },
  '.cm-tooltip-autocomplete > ul > li[aria-selected]': { backgroundColor: 'var(--accent)', color: 'var(--bg)' },
  '.cm-completionDetail': { color: 'inherit', opacity: '0.8' },
  '.cm-matchingBracket, &.cm-focused .cm-matchingBracket': { backgroundColor: 'var(--bracket)', outline: '1px solid var(--allow)' },
  '.cm-searchMatch': { backgroundColor: 'var(--mark)' },
});

/** The editor of one page: one CodeMirror view, one state per document (each with its history). */
export class PolicyEditor {
  /**
   * @param {HTMLElement} host where the editor goes
   * @param {object} callbacks see the top of this file
   */
  constructor(host, callbacks) {
    this.callbacks = callbacks;
    this.host = host;
    this.id = null;
    this.states = new Map();
    this.pending = false;
    this.timer = null;
    this.readOnly = new Compartment();
    this.label = new Compartment();
    this.view = new EditorView({ state: this.newState('', true, ''), parent: host });
    // For the end-to-end tests: the host element leads to this object.
    Object.defineProperty(host, 'policyEditor', { value: this, configurable: true });
  }

  /** The extensions of every document's state. */
  extensions(readOnly, label) {
    const completionSource = (ctx) => this.complete(ctx);
    return [
      lineNumbers(),
      foldGutter(),
      lintGutter(),
      highlightActiveLineGutter(),
      highlightSpecialChars(),
      history(),
      drawSelection(),
      dropCursor(),
      EditorState.allowMultipleSelections.of(true),
      indentOnInput(),
      syntaxHighlighting(classHighlighter),
      bracketMatching(),
      closeBrackets(),
      autocompletion({ override: [completionSource], icons: true }),
      rectangularSelection(),
      crosshairCursor(),
      highlightActiveLine(),
      highlightSelectionMatches(),
      search({ top: true }),
      json(),
      theme,
      highlightField,
      findingsField,
      hoverTooltip((view, pos) => this.hover(view, pos), { hoverTime: 300 }),
      // The editor's box is contained (app.css: its layout never reaches the page's), so
      // tooltips live in the body, where the box does not clip them.
      tooltips({ parent: document.body }),
      keymap.of([
        { key: 'Shift-Alt-f', run: () => this.format(), preventDefault: true },
        // Ctrl+Enter evaluates (the app's shortcut, on the window): the text goes first.
        { key: 'Mod-Enter', run: () => { this.flush(); return false; } },
        ...closeBracketsKeymap,
        ...defaultKeymap.filter((b) => b.key !== 'Mod-Enter'),
        ...searchKeymap,
        ...historyKeymap,
        ...foldKeymap,
        ...completionKeymap,
        ...lintKeymap,
        indentWithTab,
      ]),
      this.readOnly.of(EditorState.readOnly.of(readOnly)),
      this.label.of(EditorView.contentAttributes.of(this.contentAttributes(label))),
      EditorView.updateListener.of((update) => this.changed(update)),
    ];
  }

  contentAttributes(label) {
    // tabindex: a read-only document (not contenteditable) is still reached and scrolled with the
    // keyboard, and axe sees the scroller's focusable content.
    return { 'aria-label': label, 'data-testid': 'editor', spellcheck: 'false', autocorrect: 'off', autocapitalize: 'off', tabindex: '0' };
  }

  newState(text, readOnly, label) {
    return EditorState.create({ doc: text, extensions: this.extensions(readOnly, label) });
  }

  /**
   * Notes the person's edits (the app's own transactions are not reported). This runs inside
   * the keystroke's event handler, so it only schedules the report: the text goes to the app
   * in a task of its own, once for a burst of keys. A fix, an undo or a format is reported at
   * once (the app analyzes it at once too).
   */
  changed(update) {
    if (!update.docChanged || update.transactions.every((tr) => tr.annotation(external))) return;
    this.pending = true;
    const immediate = update.transactions.some(
      (tr) => tr.isUserEvent('undo') || tr.isUserEvent('redo') || tr.isUserEvent('input.fix') || tr.isUserEvent('format'),
    );
    if (immediate) this.flush(true);
    else if (this.timer == null) this.timer = setTimeout(() => this.flush(false), 0);
  }

  /** Reports an edit not reported yet (before the app reads the text: a shortcut, a switch). */
  flush(immediate = false) {
    if (this.timer != null) clearTimeout(this.timer);
    this.timer = null;
    if (!this.pending) return;
    this.pending = false;
    this.callbacks.change(this.view.state.doc.toString(), immediate);
  }

  /**
   * Shows document `id` with `text`. A document shown before comes back with its history and
   * selection; if its text changed meanwhile, the change is one more undoable step.
   */
  load(id, text, readOnly, label) {
    this.flush();
    if (this.id !== id) {
      if (this.id !== null) this.states.set(this.id, this.view.state);
      const saved = this.states.get(id);
      this.view.setState(saved || this.newState(text, readOnly, label));
      this.id = id;
    }
    this.setText(text);
    this.view.dispatch({
      effects: [
        this.readOnly.reconfigure(EditorState.readOnly.of(readOnly)),
        this.label.reconfigure(EditorView.contentAttributes.of(this.contentAttributes(label))),
      ],
      annotations: external.of(true),
    });
  }

  /** Replaces the text by the smallest change, keeping the undo history (and adding to it). */
  setText(text) {
    const old = this.view.state.doc.toString();
    if (old === text) return;
    this.view.dispatch({ changes: minimalChange(old, text), annotations: external.of(true) });
  }

  /** The whole text. */
  text() {
    return this.view.state.doc.toString();
  }

  /** The highlighted text (the decisive statement), or '' when none. */
  highlighted() {
    const parts = [];
    this.view.state.field(highlightField).between(0, this.view.state.doc.length, (from, to) => {
      parts.push(this.view.state.sliceDoc(from, to));
    });
    return parts.join('');
  }

  /** The main selection, as [from, to]. */
  selection() {
    const r = this.view.state.selection.main;
    return [r.from, r.to];
  }

  /**
   * Shows the findings given as JSON (see `EditorDiagnostic` in web/core/src/editor.rs) for
   * `text`. When the document is no longer that text (typed since), nothing changes: the next
   * analysis brings findings for the new text. Returns whether they were shown.
   */
  setDiagnostics(diagnosticsJson, text) {
    const state = this.view.state;
    if (state.doc.length !== text.length || state.doc.toString() !== text) return false;
    const list = JSON.parse(diagnosticsJson);
    const findings = new Map();
    const diagnostics = list.map((d) => {
      findings.set(d.id, { from: d.from, to: d.to, fix: d.fix });
      return {
        from: d.from,
        to: d.to,
        severity: d.severity,
        markClass: d.mark_class || undefined,
        source: d.code,
        message: d.message,
        renderMessage: () => {
          const dom = el('div', 'pp-diagnostic');
          dom.appendChild(el('strong', null, `[${d.code}] `));
          dom.appendChild(document.createTextNode(d.message));
          if (d.help) dom.appendChild(el('div', 'pp-diagnostic-help', d.help));
          return dom;
        },
        actions: d.fix && !state.readOnly ? [{ name: `Fix: ${d.fix.title}`, apply: () => this.applyFix(d.id) }] : [],
      };
    });
    const spec = setDiagnostics(state, diagnostics);
    this.view.dispatch({ effects: [].concat(spec.effects || [], setFindings.of(findings)), annotations: external.of(true) });
    return true;
  }

  /** How many diagnostics the editor shows. */
  diagnosticCount() {
    let n = 0;
    forEachDiagnostic(this.view.state, () => n++);
    return n;
  }

  /** Applies the fix of finding `id` where its text is now, as one undoable edit. */
  applyFix(id) {
    const f = this.view.state.field(findingsField).get(id);
    if (!f || !f.fix || this.view.state.readOnly) return false;
    this.view.dispatch({
      changes: { from: f.fix.from, to: f.fix.to, insert: f.fix.insert },
      selection: { anchor: f.fix.from + f.fix.insert.length },
      userEvent: 'input.fix',
      scrollIntoView: true,
    });
    return true;
  }

  /** Selects finding `id` where its text is now, scrolls to it and focuses the editor. */
  revealFinding(id) {
    const f = this.view.state.field(findingsField).get(id);
    if (!f) return false;
    this.select(f.from, f.to);
    return true;
  }

  /** Selects [from, to], scrolls it near the top and focuses the editor. */
  select(from, to) {
    const len = this.view.state.doc.length;
    const a = Math.min(from, len);
    const b = Math.min(Math.max(to, a), len);
    this.view.dispatch({
      selection: { anchor: a, head: b },
      effects: EditorView.scrollIntoView(a, { y: 'start', yMargin: 60 }),
      annotations: external.of(true),
    });
    this.view.focus();
  }

  /** Highlights [from, to] (the decisive statement); from > to or from == to clears it. */
  setHighlight(from, to) {
    const len = this.view.state.doc.length;
    const value = to > from && to <= len ? { from, to } : null;
    this.view.dispatch({ effects: setHighlight.of(value), annotations: external.of(true) });
  }

  /** Formats the document (one undoable edit); false when it cannot be formatted. */
  format() {
    if (this.view.state.readOnly) return false;
    const old = this.view.state.doc.toString();
    const formatted = this.callbacks.format(old);
    if (formatted == null) return false;
    if (formatted !== old) {
      this.view.dispatch({ changes: minimalChange(old, formatted), userEvent: 'format', scrollIntoView: true });
    }
    return true;
  }

  /** Focuses the editor. */
  focus() {
    this.view.focus();
  }

  /** The completion source: asks Rust, and turns its answer into CodeMirror's. */
  complete(ctx) {
    if (ctx.state.readOnly) return null;
    const answer = this.callbacks.complete(ctx.state.doc.toString(), ctx.pos, ctx.explicit);
    if (answer == null) return null;
    const r = JSON.parse(answer);
    const apply = (o) => (view, completion, from, to) => {
      const end = Math.min(view.state.doc.length, to + r.eat);
      view.dispatch({ ...insertCompletionText(view.state, o.insert, from, end), annotations: pickedCompletion.of(completion) });
      if (o.reopen) startCompletion(view);
    };
    return {
      from: r.from,
      validFor: r.valid_for ? new RegExp(r.valid_for) : undefined,
      options: r.options.map((o) => ({
        label: o.label,
        type: o.kind,
        detail: o.detail || undefined,
        boost: o.boost || undefined,
        apply: apply(o),
        info: o.card ? () => this.cardNode(o.card[0], o.card[1]) : undefined,
      })),
    };
  }

  cardNode(kind, name) {
    const answer = this.callbacks.card(kind, name);
    return answer == null ? null : renderCard(JSON.parse(answer));
  }

  /** The hover source: a card for the action or condition key under the pointer. */
  hover(view, pos) {
    const answer = this.callbacks.hover(view.state.doc.toString(), pos);
    if (answer == null) return null;
    const card = JSON.parse(answer);
    return { pos: card.from, end: card.to, above: true, create: () => ({ dom: renderCard(card) }) };
  }

  /** Removes the editor from the page. */
  destroy() {
    this.flush();
    this.view.destroy();
    delete this.host.policyEditor;
  }
}
