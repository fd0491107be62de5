//! The result of a large workspace, analysed in the engine's worker (see
//! `policy_playground_app::background`): while it runs, after [`PROGRESS_AFTER_MS`], what it
//! is doing, for how long, and Cancel; then the worker's summary: problems, each check with its
//! decision (click to show its explanation), the decisive statements (click to jump to them),
//! the request builder's request and the policies-and-requests table's rows.

use super::decision_style;
use super::result_panel::jump;
use crate::hooks::use_dispatch;
use gloo::timers::callback::Interval;
use policy_playground::Decision;
use policy_playground_app::background::{CheckLine, Summary};
use policy_playground_app::state::{Action, Background, BackgroundStatus};
use yew::prelude::*;

/// How long a background analysis runs before the panel shows its progress (a quick one does not
/// flash it).
pub const PROGRESS_AFTER_MS: u32 = 200;

/// Props of [`BackgroundPanel`].
#[derive(Properties, PartialEq, Clone)]
pub struct BackgroundPanelProps {
    /// The background analysis.
    pub background: Background,
    /// The bytes of policy text in the workspace.
    pub bytes: usize,
    /// The check shown.
    pub selected: usize,
    /// The workspace's revision: a summary of an older one is marked out of date.
    pub revision: u64,
    /// Predict first is on (it needs the page's own analysis, so it does not apply here).
    pub predicting: bool,
    /// The policies-and-requests mode is shown: the rows' decisions are in its table.
    #[prop_or_default]
    pub requests_mode: bool,
    /// The checks are listed in their own panel ([`BackgroundChecks`], where the checks panel
    /// is for a small workspace), so this one shows only the selected check.
    #[prop_or_default]
    pub checks_elsewhere: bool,
}

/// The checks with their decisions and how many pass; click one to show it.
fn checks_list(summary: &Summary, selected: usize, dispatch: &crate::store::Dispatch) -> Html {
    html! {
        <>
            <p class="muted">{ format!("{} of {} checks get their expected decision.", summary.passed(), summary.checks.len()) }</p>
            <ul class="checks-list" aria-label="Checks">
                { for summary.checks.iter().enumerate().map(|(i, c)| check_item(i, c, i == selected, dispatch)) }
            </ul>
        </>
    }
}

/// Props of [`BackgroundChecks`].
#[derive(Properties, PartialEq, Clone)]
pub struct BackgroundChecksProps {
    /// The background analysis.
    pub background: Background,
    /// The workspace's revision: a summary of an older one is greyed.
    pub revision: u64,
    /// The check shown.
    pub selected: usize,
}

/// The checks of a workspace analysed in the worker, where the checks panel is for a small one
/// (the page keeps its shape when a paste makes the workspace large).
#[component(BackgroundChecks)]
pub fn background_checks(props: &BackgroundChecksProps) -> Html {
    let dispatch = use_dispatch();
    let summary = props.background.summary.as_ref();
    let stale =
        summary.is_some_and(|s| s.revision != props.revision) || props.background.status != BackgroundStatus::Done;
    html! {
        <section class="panel checks" aria-label="Scenario checks" data-testid="background-checks">
            <h2>{ "Scenario checks" }</h2>
            <div class={classes!("background-summary", stale.then_some("stale"))}>
                { match summary {
                    Some(s) => checks_list(s, props.selected, &dispatch),
                    None => html! { <p class="muted">{ "Analysing in the background…" }</p> },
                } }
            </div>
        </section>
    }
}

/// `bytes` for people: `3.1 MB`, `180 KB`.
fn size(bytes: usize) -> String {
    if bytes >= 1_000_000 { format!("{:.1} MB", bytes as f64 / 1e6) } else { format!("{} KB", bytes.div_ceil(1000)) }
}

/// The decision's word, class and symbol, from the summary's name for it.
fn style(decision: &str) -> (&'static str, &'static str, &'static str) {
    Decision::from_name(decision).map(decision_style).unwrap_or(("Unknown", "", "?"))
}

/// While the worker runs: nothing for [`PROGRESS_AFTER_MS`], then the time so far and Cancel.
#[component(Progress)]
fn progress(props: &ProgressProps) -> Html {
    let dispatch = use_dispatch();
    let elapsed = use_state(|| 0u32);
    {
        let elapsed = elapsed.clone();
        use_effect_with(props.serial, move |_| {
            elapsed.set(0);
            let mut ms = 0;
            let tick = Interval::new(100, move || {
                ms += 100;
                elapsed.set(ms);
            });
            move || drop(tick)
        });
    }
    if *elapsed < PROGRESS_AFTER_MS {
        return html! { <p class="muted" aria-busy="true">{ "Analysing…" }</p> };
    }
    let cancel = Callback::from(move |_| dispatch.dispatch(Action::CancelBackground));
    html! {
        <p class="progress" role="status" data-testid="background-progress">
            <progress aria-label="Analysing"></progress>
            { format!(" Analysing {} of policies in the background ({:.1} s); the page stays usable. ", size(props.bytes), *elapsed as f64 / 1000.0) }
            <button type="button" onclick={cancel} data-testid="background-cancel">{ "Cancel" }</button>
        </p>
    }
}

/// Props of [`Progress`].
#[derive(Properties, PartialEq, Clone)]
struct ProgressProps {
    serial: u64,
    bytes: usize,
}

/// One check in the list: its mark, name and decision; a button that shows it.
fn check_item(i: usize, check: &CheckLine, selected: bool, dispatch: &crate::store::Dispatch) -> Html {
    let (word, class, symbol) = style(&check.decision);
    let select = {
        let dispatch = dispatch.clone();
        Callback::from(move |_| dispatch.dispatch(Action::SelectCheck(i)))
    };
    let mark = if check.passed { "✓" } else { "✗" };
    html! {
        <li class={classes!(selected.then_some("selected"))}>
            <button type="button" class="item" aria-pressed={selected.to_string()} onclick={select} data-testid="background-check">
                { format!("{mark} {}: ", check.name) }
                <span class={classes!("decision-word", class)}>{ symbol }{ " " }{ word }</span>
                if !check.passed {
                    <span class="muted">{ format!(" (expected {})", style(&check.expected).0) }</span>
                }
            </button>
        </li>
    }
}

/// The shown check: decision, sentence, decisive statements, whole explanation and hints.
fn check_detail(check: &CheckLine, dispatch: &crate::store::Dispatch) -> Html {
    let (word, class, symbol) = style(&check.decision);
    html! {
        <div class="evaluation" data-testid="background-detail">
            <p class={classes!("decision", class)} data-testid="check-decision">{ symbol }{ " " }{ word }</p>
            <p class="summary" data-testid="summary">{ &check.summary }</p>
            if !check.decisive.is_empty() {
                <h4>{ "Decisive statements" }</h4>
                <ul class="decisive">
                    { for check.decisive.iter().map(|d| {
                        html! {
                            <li>
                                <button type="button" class="link" onclick={jump(dispatch, &d.policy, d.span)} data-testid="decisive">
                                    { format!("{} of {}, line {}", d.label, d.policy, d.span.line) }
                                </button>
                            </li>
                        }
                    }) }
                </ul>
            }
            <details>
                <summary>{ "The whole explanation" }</summary>
                <pre class="explanation-text" data-testid="background-explanation">{ &check.explanation }</pre>
            </details>
            if let Some(hints) = &check.hints {
                <details>
                    <summary>{ "What would make it pass" }</summary>
                    <pre class="explanation-text">{ hints }</pre>
                </details>
            }
        </div>
    }
}

/// What the worker found.
fn summary_view(
    summary: &Summary,
    selected: usize,
    stale: bool,
    requests_mode: bool,
    list_checks: bool,
    dispatch: &crate::store::Dispatch,
) -> Html {
    html! {
        <div class={classes!("background-summary", stale.then_some("stale"))} data-testid="background-summary">
            if !summary.problems.is_empty() {
                <ul class="problems" data-testid="problems">
                    { for summary.problems.iter().map(|p| html! {
                        <li class={if p.error { "error" } else { "warning" }}>{ &p.message }</li>
                    }) }
                </ul>
            }
            // The policies-and-requests mode shows no checks (as with a small workspace).
            if !summary.checks.is_empty() && !requests_mode {
                if list_checks {
                    { checks_list(summary, selected, dispatch) }
                }
                if let Some(check) = summary.checks.get(selected).or(summary.checks.first()) {
                    { check_detail(check, dispatch) }
                }
            } else if summary.loaded && !requests_mode {
                <p class="muted">{ "The scenario has no checks." }</p>
            }
            if let Some(request) = &summary.request {
                <h3>{ "The request" }</h3>
                <p class={classes!("decision", style(&request.decision).1)} data-testid="background-request">{ style(&request.decision).0 }</p>
                <pre class="explanation-text" data-testid="background-request-explanation">{ &request.explanation }</pre>
            }
            if let (Some(rows), false) = (&summary.rows, requests_mode) {
                <h3>{ "Requests" }</h3>
                <ol class="background-rows" data-testid="background-rows">
                    { for rows.iter().map(|r| html! {
                        <li>
                            <details>
                                <summary>
                                    { r.decision.as_deref().map(|d| style(d).0).unwrap_or("Not evaluated") }
                                    { match r.passed { Some(true) => " ✓ as expected", Some(false) => " ✗ not as expected", None => "" } }
                                </summary>
                                <pre class="explanation-text">{ &r.explanation }</pre>
                            </details>
                        </li>
                    }) }
                </ol>
            }
        </div>
    }
}

/// The panel.
#[component(BackgroundPanel)]
pub fn background_panel(props: &BackgroundPanelProps) -> Html {
    let dispatch = use_dispatch();
    let again = {
        let dispatch = dispatch.clone();
        Callback::from(move |_| dispatch.dispatch(Action::Analyze))
    };
    let status = &props.background.status;
    html! {
        <section class="panel result background" aria-label="Result" data-testid="background-result"
            data-state={match status { BackgroundStatus::Running { .. } => "running", BackgroundStatus::Done => "done", BackgroundStatus::Failed(_) => "failed", BackgroundStatus::Cancelled => "cancelled", BackgroundStatus::Off => "off" }}>
            <h2>{ "Result" }</h2>
            <p class="muted" data-testid="background-note">
                { format!("This workspace holds {} of policies, more than the page analyses while you type, so the engine's worker analyses it in the background.", size(props.bytes)) }
            </p>
            { match status {
                BackgroundStatus::Running { serial } => html! { <Progress serial={*serial} bytes={props.bytes} /> },
                BackgroundStatus::Failed(why) => html! {
                    <p class="banner error" role="alert" data-testid="background-error">
                        { format!("The analysis failed: {why}. ") }
                        <button type="button" onclick={again.clone()}>{ "Analyse again" }</button>
                    </p>
                },
                BackgroundStatus::Cancelled => html! {
                    <p class="banner" role="status" data-testid="background-cancelled">
                        { "Analysis cancelled. " }
                        <button type="button" onclick={again.clone()} data-testid="background-again">{ "Analyse again" }</button>
                    </p>
                },
                _ => html! {},
            } }
            if props.predicting {
                <p class="muted" data-testid="background-predict">{ "Predict first does not apply to a workspace analysed in the background: its decisions show at once." }</p>
            }
            if let Some(summary) = &props.background.summary {
                if summary.revision != props.revision {
                    <p class="muted" data-testid="background-stale">{ "Out of date: these decisions are from before your latest changes." }</p>
                }
                { summary_view(summary, props.selected, *status != BackgroundStatus::Done || summary.revision != props.revision, props.requests_mode, !props.checks_elsewhere, &dispatch) }
            }
        </section>
    }
}
