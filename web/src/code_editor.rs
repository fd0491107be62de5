//! The code editor as Rust sees it: CodeMirror 6 behind the small JS class of `web/js/editor.js`
//! (bundled with its CodeMirror packages into `web/js/build/editor.bundle.js` by
//! `tools/editor/build.mjs`). wasm-bindgen ships the bundle and `web/js/loader.js` as snippets,
//! Trunk serves them from the page's origin, and the loader imports the bundle when the first
//! editor is made. [`CodeEditor`] owns one editor and the Rust callbacks it calls; dropping it
//! removes the editor from the page.
//!
//! Every position crossing this boundary is a UTF-16 offset (CodeMirror's unit); the conversions
//! from the engine's byte spans are made in `policy_playground_app` (`utf16`, `editor`,
//! `completion`, `hover`).

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/js/loader.js")]
extern "C" {
    /// Imports the editor bundle (once) and makes an editor: a promise of a `PolicyEditor`.
    #[wasm_bindgen(js_name = createEditor)]
    fn create_editor(host: &web_sys::HtmlElement, callbacks: &js_sys::Object) -> js_sys::Promise;
}

// The bundle is imported by the loader when the first editor is made, never by the page itself;
// naming it here makes wasm-bindgen ship it as a snippet beside the loader.
#[wasm_bindgen(module = "/js/build/editor.bundle.js")]
extern "C" {
    #[wasm_bindgen(js_name = minimalChange)]
    fn _minimal_change(old: &str, new: &str) -> JsValue;
}

#[wasm_bindgen]
extern "C" {
    /// The JS editor object (`PolicyEditor` in web/js/editor.js); its methods are called by name.
    pub type PolicyEditor;

    #[wasm_bindgen(method)]
    fn load(this: &PolicyEditor, id: &str, text: &str, read_only: bool, label: &str);

    #[wasm_bindgen(method, js_name = setText)]
    fn set_text(this: &PolicyEditor, text: &str);

    #[wasm_bindgen(method)]
    fn text(this: &PolicyEditor) -> String;

    #[wasm_bindgen(method)]
    fn flush(this: &PolicyEditor);

    #[wasm_bindgen(method, js_name = setDiagnostics)]
    fn set_diagnostics(this: &PolicyEditor, diagnostics_json: &str, text: &str) -> bool;

    #[wasm_bindgen(method, js_name = diagnosticCount)]
    fn diagnostic_count(this: &PolicyEditor) -> u32;

    #[wasm_bindgen(method, js_name = applyFix)]
    fn apply_fix(this: &PolicyEditor, id: u32) -> bool;

    #[wasm_bindgen(method, js_name = revealFinding)]
    fn reveal_finding(this: &PolicyEditor, id: u32) -> bool;

    #[wasm_bindgen(method)]
    fn select(this: &PolicyEditor, from: u32, to: u32);

    #[wasm_bindgen(method)]
    fn selection(this: &PolicyEditor) -> Vec<u32>;

    #[wasm_bindgen(method, js_name = setHighlight)]
    fn set_highlight(this: &PolicyEditor, from: u32, to: u32);

    #[wasm_bindgen(method)]
    fn format(this: &PolicyEditor) -> bool;

    #[wasm_bindgen(method)]
    fn destroy(this: &PolicyEditor);
}

/// What the editor asks of the app. `change` is called in a task of its own after typing (once
/// for a burst of keys), at once for a fix, an undo or a format; the others synchronously from
/// the editor's completion, hover and format commands.
pub struct EditorCallbacks {
    /// The person changed the text: its whole new text, and whether to analyze at once (a
    /// fix, an undo or redo, a format) rather than after the debounce.
    pub change: Box<dyn FnMut(String, bool)>,
    /// Completions at a UTF-16 position (`explicit` when asked for with Ctrl+Space), as the JSON
    /// of `policy_playground_app::completion::Completions`.
    pub complete: Box<dyn Fn(String, u32, bool) -> Option<String>>,
    /// The hover card at a UTF-16 position, as the JSON of `policy_playground_app::hover::Card`.
    pub hover: Box<dyn Fn(String, u32) -> Option<String>>,
    /// The card of a completion item: kind (`action`, `key`) and name, as JSON.
    pub card: Box<dyn Fn(String, String) -> Option<String>>,
    /// The text formatted, or `None` when it cannot be (the app says why).
    pub format: Box<dyn Fn(String) -> Option<String>>,
}

/// The closures the JS editor holds, kept alive as long as it is.
struct Held {
    _change: Closure<dyn FnMut(String, bool)>,
    _complete: Closure<dyn Fn(String, u32, bool) -> Option<String>>,
    _hover: Closure<dyn Fn(String, u32) -> Option<String>>,
    _card: Closure<dyn Fn(String, String) -> Option<String>>,
    _format: Closure<dyn Fn(String) -> Option<String>>,
}

/// One CodeMirror editor in the page.
pub struct CodeEditor {
    editor: PolicyEditor,
    _held: Held,
}

fn set(object: &js_sys::Object, name: &str, value: &JsValue) {
    // Setting a property of a plain new object cannot fail.
    let _ = js_sys::Reflect::set(object, &JsValue::from_str(name), value);
}

impl CodeEditor {
    /// Creates an editor inside `host`, calling `callbacks`, once the editor's module is loaded
    /// (the first time, it is imported); the error is the JS exception's text.
    pub async fn new(host: &web_sys::HtmlElement, callbacks: EditorCallbacks) -> Result<CodeEditor, String> {
        let held = Held {
            _change: Closure::new(callbacks.change),
            _complete: Closure::new(callbacks.complete),
            _hover: Closure::new(callbacks.hover),
            _card: Closure::new(callbacks.card),
            _format: Closure::new(callbacks.format),
        };
        let object = js_sys::Object::new();
        set(&object, "change", held._change.as_ref());
        set(&object, "complete", held._complete.as_ref());
        set(&object, "hover", held._hover.as_ref());
        set(&object, "card", held._card.as_ref());
        set(&object, "format", held._format.as_ref());
        let editor = wasm_bindgen_futures::JsFuture::from(create_editor(host, &object)).await.map_err(|e| {
            e.dyn_ref::<js_sys::Error>().map_or_else(|| format!("{e:?}"), |e| String::from(e.message()))
        })?;
        Ok(CodeEditor { editor: editor.unchecked_into(), _held: held })
    }

    /// Shows document `id` with `text` (its history kept from when it was last shown; a
    /// different text becomes one more undoable change), read-only or not, labelled for screen
    /// readers.
    pub fn load(&self, id: &str, text: &str, read_only: bool, label: &str) {
        self.editor.load(id, text, read_only, label);
    }

    /// Replaces the text by the smallest change, keeping the undo history; not reported back.
    pub fn set_text(&self, text: &str) {
        self.editor.set_text(text);
    }

    /// Reports now an edit whose report is still scheduled (typing is reported in a task of its
    /// own, after the keystroke's handler).
    pub fn flush(&self) {
        self.editor.flush();
    }

    /// The editor's text.
    pub fn text(&self) -> String {
        self.editor.text()
    }

    /// Shows `diagnostics_json` (the JSON of `Vec<EditorDiagnostic>`) made for `text`; false, and
    /// nothing shown, when the editor no longer holds that text.
    pub fn set_diagnostics(&self, diagnostics_json: &str, text: &str) -> bool {
        self.editor.set_diagnostics(diagnostics_json, text)
    }

    /// How many diagnostics the editor shows.
    pub fn diagnostic_count(&self) -> u32 {
        self.editor.diagnostic_count()
    }

    /// Applies finding `id`'s fix where its text is now, as one undoable edit.
    pub fn apply_fix(&self, id: usize) -> bool {
        self.editor.apply_fix(id as u32)
    }

    /// Selects finding `id` where its text is now, scrolls to it and focuses the editor.
    pub fn reveal_finding(&self, id: usize) -> bool {
        self.editor.reveal_finding(id as u32)
    }

    /// Selects the UTF-16 range, scrolls to it and focuses the editor.
    pub fn select(&self, from: usize, to: usize) {
        self.editor.select(from as u32, to as u32);
    }

    /// The main selection as a UTF-16 range.
    pub fn selection(&self) -> (usize, usize) {
        let s = self.editor.selection();
        (s.first().copied().unwrap_or(0) as usize, s.get(1).copied().unwrap_or(0) as usize)
    }

    /// Highlights a UTF-16 range (the decisive statement); `None` clears the highlight.
    pub fn set_highlight(&self, range: Option<(usize, usize)>) {
        let (from, to) = range.unwrap_or((0, 0));
        self.editor.set_highlight(from as u32, to as u32);
    }

    /// Formats the document as one undoable edit; false when it cannot be formatted.
    pub fn format(&self) -> bool {
        self.editor.format()
    }
}

impl Drop for CodeEditor {
    fn drop(&mut self) {
        self.editor.destroy();
    }
}
