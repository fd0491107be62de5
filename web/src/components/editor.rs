//! The policy editor: line numbers with finding marks, the text, the highlighted span, and the
//! findings list (click one to move the cursor there; apply its fix with one click). What to show
//! is `policy_playground_app::editor`'s.

use crate::browser;
use crate::catalog_loader;
use crate::hooks::use_dispatch;
use policy_playground::Dialect;
use policy_playground::findings::Severity;
use policy_playground::span::Span;
use policy_playground_app::editor::{self, EditorDoc};
use policy_playground_app::state::{Action, Focus};
use yew::prelude::*;

/// Pixel height of one line (must match the CSS).
const LINE_HEIGHT: i32 = 20;

/// Props of [`Editor`].
#[derive(Properties, PartialEq, Clone)]
pub struct EditorProps {
    /// The open document, if any.
    pub doc: Option<EditorDoc>,
    /// The scenario's dialect, for the checks.
    pub dialect: Option<Dialect>,
    /// The whole app is read-only.
    pub read_only: bool,
    /// Bumped when the text changes other than by typing: the textarea reloads it.
    pub generation: u64,
    /// Catalogues arrived so far: the findings are made again when one does.
    pub catalogs: u64,
    /// Where to put the cursor.
    pub focus: Option<Focus>,
    /// The span to highlight.
    pub highlight: Option<Span>,
}

/// The editor panel.
#[component(Editor)]
pub fn editor(props: &EditorProps) -> Html {
    let dispatch = use_dispatch();
    let area = use_node_ref();
    let backdrop = use_node_ref();
    let gutter = use_node_ref();
    let text = props.doc.as_ref().map(|d| d.info.text.clone()).unwrap_or_default();
    let findings = use_memo((props.doc.clone(), props.dialect, props.catalogs), |(doc, dialect, _)| {
        doc.as_ref().map(|d| d.findings(*dialect, &catalog_loader::catalogs())).unwrap_or_default()
    });

    // Load the text into the textarea when another document is shown or the text is replaced;
    // while typing, the textarea owns its text, so the cursor never jumps.
    {
        let area = area.clone();
        let text = text.clone();
        let shown = props.doc.as_ref().map(|d| d.info.doc.clone());
        use_effect_with((shown, props.generation), move |_| {
            if let Some(a) = area.cast::<web_sys::HtmlTextAreaElement>()
                && a.value() != *text
            {
                a.set_value(&text);
            }
        });
    }
    // Jump to a span: select it, scroll to it, focus the editor.
    {
        let area = area.clone();
        let text = text.clone();
        let focus = props.focus.clone();
        use_effect_with(focus.as_ref().map(|f| f.serial), move |_| {
            if let (Some(f), Some(a)) = (focus, area.cast::<web_sys::HtmlTextAreaElement>()) {
                let start = editor::utf16_offset(&text, f.span.start);
                let end = editor::utf16_offset(&text, f.span.end.max(f.span.start));
                let _ = a.focus();
                let _ = a.set_selection_range(start, end);
                a.set_scroll_top(((f.span.line as i32) - 4).max(0) * LINE_HEIGHT);
            }
        });
    }

    let Some(doc) = &props.doc else {
        return html! { <section class="panel editor" aria-label="Policy editor"><p class="muted">{ "Choose a policy or a role in the explorer." }</p></section> };
    };
    let info = &doc.info;
    let read_only = info.read_only || props.read_only;
    let on_input = {
        let (dispatch, doc) = (dispatch.clone(), info.doc.clone());
        Callback::from(move |e: InputEvent| {
            let area: web_sys::HtmlTextAreaElement = e.target_unchecked_into();
            dispatch.dispatch(Action::Edit { doc: doc.clone(), text: area.value(), at_ms: browser::now_ms() });
        })
    };
    let on_scroll = {
        let (backdrop, gutter) = (backdrop.clone(), gutter.clone());
        Callback::from(move |e: Event| {
            let area: web_sys::Element = e.target_unchecked_into();
            for r in [&backdrop, &gutter] {
                if let Some(el) = r.cast::<web_sys::Element>() {
                    el.set_scroll_top(area.scroll_top());
                }
            }
        })
    };
    let (before, mid, after) = editor::split_highlight(&text, props.highlight);
    let errors = findings.iter().filter(|d| d.severity == Severity::Error).count();
    let others = findings.len() - errors;
    html! {
        <section class="panel editor" aria-label="Policy editor" data-testid="editor-panel">
            <h2>
                { &info.name }
                if read_only { <span class="tag">{ "read-only" }</span> }
                <span class={classes!("count", (errors > 0).then_some("has-errors"))} data-testid="error-count">
                    { format!("{errors} error(s), {others} other finding(s)") }
                </span>
            </h2>
            <div class="editor-frame">
                <div class="gutter" ref={gutter} aria-hidden="true">
                    { for (1..=editor::line_count(&text)).map(|n| match editor::line_mark(&findings, n) {
                        Some(mark) => html! { <div class={classes!("ln", mark.class)} title={mark.title} data-line={n.to_string()}>{ n }</div> },
                        None => html! { <div class="ln">{ n }</div> },
                    }) }
                </div>
                <div class="code">
                    <pre class="backdrop" ref={backdrop} aria-hidden="true">{ before }<mark data-testid="highlight">{ mid }</mark>{ after }{ "\n" }</pre>
                    <textarea
                        ref={area}
                        oninput={on_input}
                        onscroll={on_scroll}
                        readonly={read_only}
                        spellcheck="false"
                        autocomplete="off"
                        aria-label={format!("Policy document {}", info.name)}
                        data-testid="editor"
                    />
                </div>
            </div>
            <ul class="diagnostics" aria-label="Diagnostics" data-testid="diagnostics">
                { for findings.iter().map(|d| {
                    let jump = {
                        let (dispatch, span) = (dispatch.clone(), d.span);
                        Callback::from(move |_| dispatch.dispatch(Action::JumpInDoc(span)))
                    };
                    let fix = d.fix.as_ref().filter(|_| !read_only).and_then(|f| {
                        let fixed = editor::apply_fix(&text, f)?;
                        let (dispatch, doc) = (dispatch.clone(), info.doc.clone());
                        Some((f.title.clone(), Callback::from(move |_| dispatch.dispatch(Action::ReplaceText(doc.clone(), fixed.clone())))))
                    });
                    html! {
                        <li class="row">
                            <button type="button" class={classes!("diagnostic", editor::severity_class(d.severity))} onclick={jump} data-testid="diagnostic">
                                <span class="sev">{ d.severity.to_string() }</span>
                                { editor::finding_label(d) }
                            </button>
                            if let Some((title, apply)) = fix {
                                <button type="button" class="small" onclick={apply} data-testid="apply-fix">{ format!("Fix: {title}") }</button>
                            }
                        </li>
                    }
                }) }
            </ul>
        </section>
    }
}
