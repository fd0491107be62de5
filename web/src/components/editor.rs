//! The policy editor: CodeMirror 6 ([`crate::code_editor`]) with JSON highlighting, folding,
//! bracket matching, search, completion, hover cards, format document, and the findings as lint
//! marks (squiggles, gutter marks, quick fixes); under it the findings list (click one to select
//! it; apply its fix with one click, undoable with Ctrl+Z). What to show is
//! `policy_playground_app`'s (`editor`, `completion`, `hover`, `format`).
//!
//! The editor owns its text while the person types: the keystroke's handler is CodeMirror's
//! alone; the new text is reported as `Action::Edit` in a task of its own (once for a burst of
//! keys). The findings are made when the analysis is (after the debounce), then sent to the
//! editor.

use crate::browser;
use crate::catalog_loader;
use crate::code_editor::{CodeEditor, EditorCallbacks};
use crate::hooks::use_dispatch;
use crate::store::Dispatch;
use policy_playground::Dialect;
use policy_playground::findings::Severity;
use policy_playground::span::Span;
use policy_playground_app::analysis::Analysis;
use policy_playground_app::background::{self, ListedFinding, Summary};
use policy_playground_app::banner::{Banner, BannerKind};
use policy_playground_app::completion::{self, CompletionEnv, ScenarioNames};
use policy_playground_app::editor::{self, EditorDoc};
use policy_playground_app::shared::Shared;
use policy_playground_app::state::{Action, Focus};
use policy_playground_app::workspace::DocRef;
use policy_playground_app::{format, hover};
use serde::Serialize;
use serde_json::to_string as to_json;
use std::cell::RefCell;
use std::rc::Rc;
use yew::prelude::*;

/// The findings as the editor and its list show them.
#[derive(PartialEq)]
struct Shown {
    /// The ones the list shows ([`background::listed`]).
    listed: Vec<ListedFinding>,
    /// How many there are, and how many are errors.
    count: usize,
    errors: usize,
    /// Those the editor marks (JSON, at most `editor::MARKED_FINDINGS`), with the text as it is
    /// (a summary's come only while it describes this text); `None` while the worker is still
    /// checking a large document (the editor keeps its marks, moved with the edits, until then).
    marks: Option<(String, std::sync::Arc<str>)>,
}

/// Props of [`Editor`].
#[derive(Properties, PartialEq, Clone)]
pub struct EditorProps {
    /// The open document, if any.
    pub doc: Option<EditorDoc>,
    /// The analysis: the scenario's dialect and names (for completion), and when it was made.
    pub analysis: Shared<Analysis>,
    /// The revision the analysis describes: the findings are made again when it changes.
    pub analyzed: u64,
    /// The whole app is read-only.
    pub read_only: bool,
    /// Bumped when the text changes other than by typing: the editor takes the new text.
    pub generation: u64,
    /// Catalogues arrived so far: the findings are made again when one does.
    pub catalogs: u64,
    /// Where to put the cursor.
    pub focus: Option<Focus>,
    /// The span to highlight.
    pub highlight: Option<Span>,
    /// When the workspace is analysed in the worker (a large document's findings come from its
    /// summary): what to say while a large document has none ("Checking ...", "Not checked ...").
    #[prop_or_default]
    pub background: Option<AttrValue>,
    /// The worker's summary, when it describes the text as it is.
    #[prop_or_default]
    pub summary: Option<Shared<Summary>>,
}

/// What completion and hover read besides the text: updated when the analysis changes.
#[derive(Default)]
struct Env {
    dialect: Option<Dialect>,
    names: ScenarioNames,
}

/// A value the editor's callbacks read and the component updates.
type Slot<T> = Rc<RefCell<T>>;

/// `f`'s answer as JSON, given what is known: the scenario's dialect (else the text's), its
/// catalogue when the app has it, the scenario's names.
fn answer<T>(env: &Slot<Env>, text: &str, f: impl FnOnce(&CompletionEnv<'_>) -> Option<T>) -> Option<String>
where
    T: Serialize,
{
    let env = env.borrow();
    let dialect = env.dialect.unwrap_or_else(|| completion::guess_dialect(text));
    let catalogs = catalog_loader::catalogs();
    let context = CompletionEnv { dialect: Some(dialect), catalog: catalogs.get(dialect), names: &env.names };
    f(&context).and_then(|answer| to_json(&answer).ok())
}

/// The callbacks of the editor: edits go to the store, the rest is answered from `env` and the
/// catalogues the app has.
fn callbacks(dispatch: Dispatch, open: Slot<Option<DocRef>>, env: Slot<Env>) -> EditorCallbacks {
    let complete = {
        let env = env.clone();
        move |text: String, pos: u32, explicit: bool| {
            answer(&env, &text, |c| completion::complete(&text, pos as usize, explicit, c))
        }
    };
    let hover = {
        let env = env.clone();
        move |text: String, pos: u32| answer(&env, &text, |c| hover::hover(&text, pos as usize, c.dialect, c.catalog))
    };
    let card = move |kind: String, name: String| answer(&env, &name, |c| hover::card(c.catalog, &kind, &name));
    let format = {
        let dispatch = dispatch.clone();
        move |text: String| match format::format_json(&text, &format::detect_indent(&text)) {
            Ok(formatted) => Some(formatted),
            Err(e) => {
                dispatch
                    .dispatch(Action::ShowBanner(Banner::new(BannerKind::Warning, format!("Format document: {e}."))));
                None
            }
        }
    };
    let change = move |text: String, immediate: bool| {
        let Some(doc) = open.borrow().clone() else { return };
        dispatch.dispatch(Action::Edit { doc, text, at_ms: browser::now_ms() });
        if immediate {
            dispatch.dispatch(Action::Analyze);
        }
    };
    EditorCallbacks {
        change: Box::new(change),
        complete: Box::new(complete),
        hover: Box::new(hover),
        card: Box::new(card),
        format: Box::new(format),
    }
}

/// A stable name for a document, for the editor's per-document state.
fn doc_id(doc: &DocRef) -> String {
    serde_json::to_string(doc).unwrap_or_default()
}

/// The line after the list when it does not show every finding: how many more, and which the
/// editor marks.
fn more_findings(count: usize, listed: usize) -> String {
    let marked = if count > editor::MARKED_FINDINGS {
        format!("the editor marks {} of them, the most serious first", editor::MARKED_FINDINGS)
    } else {
        "marked in the editor".to_string()
    };
    format!("…and {} more; {marked} (F8 goes to the next).", count - listed)
}

/// The editor panel.
#[component(Editor)]
pub fn editor(props: &EditorProps) -> Html {
    let dispatch = use_dispatch();
    let host = use_node_ref();
    let code = use_mut_ref(|| None::<CodeEditor>);
    let open = use_mut_ref(|| None::<DocRef>);
    let env = use_mut_ref(Env::default);
    let failed = use_state(|| None::<String>);
    let text = props.doc.as_ref().map(|d| d.info.text.clone()).unwrap_or_default();
    let doc_ref = props.doc.as_ref().map(|d| d.info.doc.clone());
    let dialect = props.analysis.dialect().or_else(|| props.summary.as_ref().and_then(|s| s.dialect));

    // The findings are made with the analysis (after the debounce), never on a keystroke; a
    // large document's by the worker when the workspace is analysed there.
    let large = props.background.is_some() && background::large_doc(&text);
    let findings = {
        let (doc, text, summary) = (props.doc.clone(), text.clone(), props.summary.clone());
        let key = (doc_ref.clone(), dialect, props.catalogs, props.analyzed, props.generation, summary.clone(), large);
        use_memo(key, move |_| {
            if large {
                let found = summary.as_ref().zip(doc.as_ref()).and_then(|(s, d)| s.findings_of(&d.info.doc).cloned());
                return match found {
                    Some(f) => {
                        Shown { listed: f.listed, count: f.count, errors: f.errors, marks: Some((f.marks, text)) }
                    }
                    None => Shown { listed: Vec::new(), count: 0, errors: 0, marks: None },
                };
            }
            let all = doc.as_ref().map(|d| d.findings(dialect, &catalog_loader::catalogs())).unwrap_or_default();
            let json = serde_json::to_string(&editor::editor_diagnostics(&text, &all)).unwrap_or_default();
            Shown {
                listed: background::listed(&all),
                count: all.len(),
                errors: all.iter().filter(|d| d.severity == Severity::Error).count(),
                marks: Some((json, text)),
            }
        })
    };

    // Create the editor once (its module is imported then: the page's first decision does not
    // wait for it); remove it when the panel goes. `ready` re-runs the effects below once it is.
    let ready = use_state(|| false);
    {
        let (host, code, failed, ready) = (host.clone(), code.clone(), failed.clone(), ready.clone());
        let (dispatch, open, env) = (dispatch.clone(), open.clone(), env.clone());
        use_effect_with((), move |_| {
            let alive = Rc::new(std::cell::Cell::new(true));
            if let Some(element) = host.cast::<web_sys::HtmlElement>() {
                let (code, alive) = (code.clone(), alive.clone());
                wasm_bindgen_futures::spawn_local(async move {
                    match CodeEditor::new(&element, callbacks(dispatch, open, env)).await {
                        // Made after the panel went: dropping it removes it again.
                        Ok(_) if !alive.get() => {}
                        Ok(editor) => {
                            *code.borrow_mut() = Some(editor);
                            ready.set(true);
                        }
                        Err(e) => failed.set(Some(e)),
                    }
                });
            }
            move || {
                alive.set(false);
                drop(code.borrow_mut().take());
            }
        });
    }
    // What completion and hover know of the scenario.
    {
        let env = env.clone();
        use_effect_with(props.analysis.clone(), move |analysis| {
            let mut env = env.borrow_mut();
            env.dialect = analysis.dialect();
            env.names = analysis.scenario.as_ref().map(ScenarioNames::of).unwrap_or_default();
        });
    }
    // Load the document when another is shown or its text is replaced (the editor keeps each
    // document's undo history); while typing, the editor owns the text.
    {
        let (code, open) = (code.clone(), open.clone());
        let doc = props.doc.clone();
        let read_only = props.read_only;
        use_effect_with((doc_ref.clone(), props.generation, read_only, *ready), move |_| {
            // An edit still to be reported belongs to the document shown until now.
            if let Some(editor) = code.borrow().as_ref() {
                editor.flush();
            }
            *open.borrow_mut() = doc.as_ref().map(|d| d.info.doc.clone());
            if let (Some(editor), Some(d)) = (code.borrow().as_ref(), &doc) {
                let label = format!("Policy document {}", d.info.name);
                editor.load(&doc_id(&d.info.doc), &d.info.text, d.info.read_only || read_only, &label);
            }
        });
    }
    // The findings, as lint marks (when they were made again).
    {
        let (code, findings) = (code.clone(), findings.clone());
        use_effect_with(
            (doc_ref.clone(), dialect, props.catalogs, props.analyzed, props.generation, props.summary.clone(), *ready),
            move |_| {
                if let (Some(editor), Some((marks, text))) = (code.borrow().as_ref(), &findings.marks) {
                    editor.set_diagnostics(marks, text);
                }
            },
        );
    }
    // The decisive statement (or the jump target).
    {
        let code = code.clone();
        let text = text.clone();
        use_effect_with((props.highlight, doc_ref.clone(), props.generation, *ready), move |(highlight, _, _, _)| {
            if let Some(editor) = code.borrow().as_ref() {
                editor.set_highlight(editor::highlight_range(&text, *highlight));
            }
        });
    }
    // Jump to a span: select it, scroll to it, focus the editor.
    {
        let code = code.clone();
        let (text, focus, doc_ref) = (text.clone(), props.focus.clone(), doc_ref.clone());
        use_effect_with(focus.as_ref().map(|f| f.serial), move |_| {
            if let (Some(f), Some(editor)) = (focus, code.borrow().as_ref())
                && Some(&f.doc) == doc_ref.as_ref()
            {
                let at = editor::utf16_offset(&text, f.span.start) as usize;
                let (from, to) = editor::highlight_range(&text, Some(f.span)).unwrap_or((at, at));
                editor.select(from, to);
            }
        });
    }

    let info = props.doc.as_ref().map(|d| &d.info);
    let read_only = info.is_some_and(|i| i.read_only) || props.read_only;
    let checking = large && findings.marks.is_none();
    let (errors, others) = (findings.errors, findings.count.saturating_sub(findings.errors));
    let format_click = {
        let code = code.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(editor) = code.borrow().as_ref() {
                editor.format();
            }
        })
    };
    html! {
        <section class="panel editor" aria-label="Policy editor" data-testid="editor-panel">
            if let Some(info) = info {
                <h2>
                    { &info.name }
                    if read_only { <span class="tag">{ "read-only" }</span> }
                    <span class={classes!("count", (errors > 0).then_some("has-errors"))} data-testid="error-count">
                        { if checking { "not checked yet".to_string() } else { format!("{errors} error(s), {others} other finding(s)") } }
                    </span>
                    if !read_only {
                        <button type="button" class="small format" onclick={format_click} title="Format document (Shift+Alt+F)" data-testid="format">{ "Format" }</button>
                    }
                </h2>
            } else {
                <p class="muted">{ "Choose a policy or a role in the explorer." }</p>
            }
            if let Some(e) = &*failed {
                <p class="banner error" role="alert">{ format!("The editor could not start: {e}") }</p>
            }
            <div class="code-editor" ref={host} hidden={info.is_none()} data-testid="editor-host"></div>
            if info.is_some() {
                <p class="muted hint">{ "Ctrl+Space completes, Ctrl+F searches, Shift+Alt+F formats, Ctrl+Z undoes (fixes too), Esc then Tab leaves the editor." }</p>
                <ul class="diagnostics" aria-label="Diagnostics" data-testid="diagnostics">
                    // The first few hundred: a list of thousands costs the page seconds to draw and
                    // no one reads it; the editor marks them all (F8 steps through them).
                    if checking {
                        <li class="muted" data-testid="diagnostics-pending">{ props.background.clone().unwrap_or_default() }</li>
                    }
                    { for findings.listed.iter().map(|d| {
                        let id = d.id;
                        let jump = {
                            let (code, dispatch, span) = (code.clone(), dispatch.clone(), d.span);
                            Callback::from(move |_| {
                                let shown = code.borrow().as_ref().is_some_and(|e| e.reveal_finding(id));
                                if !shown {
                                    dispatch.dispatch(Action::JumpInDoc(span));
                                }
                            })
                        };
                        let fix = d.fix.as_ref().filter(|_| !read_only).map(|title| {
                            let code = code.clone();
                            (title.clone(), Callback::from(move |_| {
                                if let Some(editor) = code.borrow().as_ref() {
                                    editor.apply_fix(id);
                                }
                            }))
                        });
                        html! {
                            <li class="row">
                                <button type="button" class={classes!("diagnostic", editor::severity_class(d.severity))} onclick={jump} data-testid="diagnostic">
                                    <span class="sev">{ d.severity.to_string() }</span>
                                    { &d.label }
                                </button>
                                if let Some((title, apply)) = fix {
                                    <button type="button" class="small" onclick={apply} data-testid="apply-fix">{ format!("Fix: {title}") }</button>
                                }
                            </li>
                        }
                    }) }
                    if findings.count > findings.listed.len() {
                        <li class="muted" data-testid="diagnostics-more">
                            { more_findings(findings.count, findings.listed.len()) }
                        </li>
                    }
                </ul>
            }
        </section>
    }
}
