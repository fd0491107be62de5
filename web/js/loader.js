// Loads the policy editor (web/js/editor.js and CodeMirror, bundled into build/editor.bundle.js
// by tools/editor/build.mjs) when the first editor is made, not with the page: the page shows its
// first decision without waiting for it, and an embed without the editor never runs it. Both
// files are wasm-bindgen snippets, served side by side from the page's origin.

let loading = null;

/** The editor module, imported once. */
export function loadEditor() {
  if (loading === null) loading = import('./build/editor.bundle.js');
  return loading;
}

/** Resolves after the next frame is painted. */
const afterPaint = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));

/**
 * A new editor in `host` calling `callbacks` (see web/js/editor.js). The module is evaluated and
 * the editor made after the page has painted what it has: the first decision comes first.
 */
export async function createEditor(host, callbacks) {
  await afterPaint();
  const { PolicyEditor } = await loadEditor();
  return new PolicyEditor(host, callbacks);
}
