//! The policy editor: line numbers with diagnostic marks, the text, the decisive statement
//! highlighted, and the diagnostics list (click one to move the cursor there).

use super::AppContext;
use crate::model::DocRef;
use crate::state::Action;
use policy_playground::diagnostic::Severity;
use policy_playground::findings::{CheckContext, Finding, PolicyKind, check_policy};
use policy_playground::span::Span;
use yew::prelude::*;

/// Pixel height of one line (must match the CSS).
const LINE_HEIGHT: i32 = 20;

/// Findings for a document's text: the engine's parse issues and policy checks, with fixes.
pub fn diagnostics(
    name: &str,
    text: &str,
    dialect: Option<policy_playground::Dialect>,
    context: &CheckContext,
) -> Vec<Finding> {
    check_policy(name, text, dialect, context)
}

/// The CSS class of a severity.
pub fn severity_class(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::SecurityWarning => "security",
        Severity::Warning => "warning",
        // A note (a fragment was wrapped) looks like a suggestion.
        Severity::Suggestion | Severity::Note => "suggestion",
    }
}

/// What the checks should know about a document: its kind, account and the scenario's accounts.
fn check_context(state: &crate::state::AppState, doc: &DocRef) -> CheckContext {
    let accounts = state.workspace.accounts().into_iter().map(|(id, _)| id).collect();
    let context = match doc {
        DocRef::Library(_) => CheckContext { kind: Some(PolicyKind::Identity), accounts, ..Default::default() },
        DocRef::Trust { account, role } => CheckContext {
            kind: Some(PolicyKind::Trust),
            own_account: Some(account.clone()),
            accounts,
            service_linked: state.workspace.roles_of(account).iter().any(|(r, _, s)| r == role && s.is_some()),
            ..Default::default()
        },
        DocRef::Resource(_) => CheckContext { kind: Some(PolicyKind::Resource), accounts, ..Default::default() },
    };
    CheckContext { catalogs: crate::catalog_loader::catalogs(), ..context }
}

/// UTF-16 offset of a byte offset (textarea selections count UTF-16 units).
pub fn utf16_offset(text: &str, byte: usize) -> u32 {
    let mut byte = byte.min(text.len());
    while !text.is_char_boundary(byte) {
        byte -= 1;
    }
    text[..byte].encode_utf16().count() as u32
}

/// The editor panel.
#[component(Editor)]
pub fn editor() -> Html {
    let state = use_context::<AppContext>().expect("app context");
    let area = use_node_ref();
    let backdrop = use_node_ref();
    let gutter = use_node_ref();
    let doc = state.selected_doc.clone();
    let info = doc.as_ref().and_then(|d| state.workspace.document(d));
    let dialect = state.analysis.scenario.as_ref().map(|s| s.dialect);
    let text = info.as_ref().map(|i| i.text.clone()).unwrap_or_default();
    let name = info.as_ref().map(|i| i.name.clone()).unwrap_or_default();
    let context = doc.as_ref().map(|d| check_context(&state, d)).unwrap_or_default();
    let diags = {
        let (name, text) = (name.clone(), text.clone());
        let key = (name, text, dialect, state.generation);
        use_memo(key, move |(name, text, dialect, _)| diagnostics(name, text, *dialect, &context))
    };

    // Load the text into the textarea when another document is shown or the workspace is replaced;
    // while typing, the textarea owns its text, so the cursor never jumps.
    {
        let area = area.clone();
        let text = text.clone();
        use_effect_with((doc.clone(), state.generation), move |_| {
            if let Some(a) = area.cast::<web_sys::HtmlTextAreaElement>()
                && a.value() != text
            {
                a.set_value(&text);
            }
        });
    }
    // Jump to a span: select it, scroll to it, focus the editor.
    {
        let area = area.clone();
        let text = text.clone();
        let focus = state.focus.clone();
        use_effect_with(focus.as_ref().map(|f| f.serial), move |_| {
            if let (Some(f), Some(a)) = (focus, area.cast::<web_sys::HtmlTextAreaElement>()) {
                let start = utf16_offset(&text, f.span.start);
                let end = utf16_offset(&text, f.span.end.max(f.span.start));
                let _ = a.focus();
                let _ = a.set_selection_range(start, end);
                a.set_scroll_top(((f.span.line as i32) - 4).max(0) * LINE_HEIGHT);
            }
        });
    }

    let Some(info) = info else {
        return html! { <section class="panel editor" aria-label="Policy editor"><p class="muted">{ "Choose a policy or a role in the explorer." }</p></section> };
    };
    let doc = info.doc.clone();
    let read_only = info.read_only || state.read_only;
    let on_input = {
        let state = state.clone();
        let doc = doc.clone();
        Callback::from(move |e: InputEvent| {
            let area: web_sys::HtmlTextAreaElement = e.target_unchecked_into();
            state.dispatch(Action::Edit(doc.clone(), area.value()));
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

    // The highlighted span: a jump target, else the decisive statement of the shown check.
    let highlight =
        state.focus.as_ref().filter(|f| f.doc == doc).map(|f| f.span).or_else(|| decisive_span(&state, &info.name));
    let (before, mid, after) = match highlight {
        Some(s)
            if s.end <= text.len()
                && s.start <= s.end
                && text.is_char_boundary(s.start)
                && text.is_char_boundary(s.end) =>
        {
            (&text[..s.start], &text[s.start..s.end], &text[s.end..])
        }
        _ => (text.as_str(), "", ""),
    };
    let line_count = text.lines().count().max(1) + usize::from(text.ends_with('\n'));
    let mark_of = |line: usize| -> Option<(&'static str, String)> {
        let on_line: Vec<&Finding> = diags.iter().filter(|d| d.span.line as usize == line).collect();
        let worst = on_line.iter().map(|d| d.severity).min()?;
        Some((severity_class(worst), on_line.iter().map(|d| d.message.clone()).collect::<Vec<_>>().join("\n")))
    };
    let errors = diags.iter().filter(|d| d.severity == Severity::Error).count();
    let others = diags.len() - errors;
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
                    { for (1..=line_count).map(|n| match mark_of(n) {
                        Some((class, title)) => html! { <div class={classes!("ln", class)} title={title} data-line={n.to_string()}>{ n }</div> },
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
                { for diags.iter().map(|d| {
                    let span = d.span;
                    let jump = {
                        let state = state.clone();
                        Callback::from(move |_| state.dispatch(Action::JumpInDoc(span)))
                    };
                    let fix = d.fix.as_ref().filter(|_| !read_only).and_then(|f| {
                        let (start, end) = (f.span.start, f.span.end);
                        (start <= end && end <= text.len() && text.is_char_boundary(start) && text.is_char_boundary(end)).then(|| {
                            let fixed = format!("{}{}{}", &text[..start], f.replacement, &text[end..]);
                            let (state, doc) = (state.clone(), doc.clone());
                            (f.title.clone(), Callback::from(move |_| {
                                state.dispatch(Action::ReplaceText(doc.clone(), fixed.clone()));
                            }))
                        })
                    });
                    let message = match &d.help { Some(h) => format!("{} ({h})", d.message), None => d.message.clone() };
                    html! {
                        <li class="row">
                            <button type="button" class={classes!("diagnostic", severity_class(d.severity))} onclick={jump} data-testid="diagnostic">
                                <span class="sev">{ d.severity.to_string() }</span>
                                { format!(" [{}] line {}, column {}: {message}", d.code, d.span.line, d.span.column) }
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

/// The span of the first decisive statement of `policy` in the shown check.
fn decisive_span(state: &crate::state::AppState, policy: &str) -> Option<Span> {
    let check = state.analysis.checks.get(state.selected_check)?;
    let evaluations = check
        .final_request
        .iter()
        .map(|f| &f.evaluation)
        .chain(check.hops.iter().rev().filter_map(|h| h.evaluation.as_ref()));
    evaluations.flat_map(|e| e.decisive.iter()).find(|d| d.policy == policy).map(|d| d.span)
}
