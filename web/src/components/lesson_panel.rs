//! The open lesson: its goal in plain words, the steps, what the learner may change (the
//! documents open in the editor with one click; everything else is read-only), the hints one at
//! a time, "show a solution" after the last hint, and the automatic check: each check and
//! constraint passing or failing, the failing ones with the engine's explanation. The check's
//! outcome is announced (aria-live) when it changes.

use super::solution_diff::solution_diff;
use crate::browser;
use crate::hooks::use_dispatch;
use policy_playground_app::banner::{Banner, BannerKind};
use policy_playground_app::lesson_mode::{GradeView, LessonMode, LessonProgress};
use policy_playground_app::lessons;
use policy_playground_app::state::Action;
use policy_playground_app::workspace::DocRef;
use yew::prelude::*;

/// Props of [`LessonPanel`].
#[derive(Properties, PartialEq, Clone)]
pub struct LessonPanelProps {
    /// The open lesson.
    pub mode: LessonMode,
    /// Its progress.
    pub progress: LessonProgress,
    /// The documents it lets the learner edit, with their words.
    pub editable: Vec<(DocRef, String)>,
    /// The other parts it lets the learner change, in words.
    pub other_parts: Vec<String>,
    /// The document in the editor.
    pub open_doc: Option<DocRef>,
    /// What to show of the grade (hidden while predict first hides the answers).
    pub grade: GradeView,
    /// The engine's hint for the first failing check (shown after the lesson's own hints).
    pub engine_hint: Option<String>,
}

/// The words of the status line: what the check found, as a screen reader hears it.
fn status(grade: &GradeView) -> (String, &'static str) {
    match grade {
        GradeView::Checking => ("Checking your work…".into(), "pending"),
        GradeView::NotYet => ("Not checked yet.".into(), "pending"),
        GradeView::Hidden { predicted, total } => (
            format!("Predict every check first: {predicted} of {total} predicted. Passing and failing are shown then."),
            "pending",
        ),
        GradeView::Shown(g) if g.passed() => ("✔ All lesson requirements met: lesson complete.".into(), "pass"),
        GradeView::Shown(g) => {
            let total = g.checks.len() + g.constraints.len();
            // The lesson's own checks and constraints, not the scenario's checks in the Checks panel.
            let met = total - g.failures();
            (format!("✖ {met} of {total} lesson requirements met; {} to go.", g.failures()), "fail")
        }
    }
}

/// One graded item: a check or a constraint, passing or failing, with why.
fn graded_item(passed: bool, name: &str, verdict: String, why: Vec<String>, test_id: &'static str) -> Html {
    html! {
        <li class={classes!("graded", if passed { "pass" } else { "fail" })} data-testid={test_id} data-pass={passed.to_string()}>
            <span class="mark" aria-hidden="true">{ if passed { "✔" } else { "✖" } }</span>
            <span class="visually-hidden">{ if passed { "passes: " } else { "fails: " } }</span>
            <span class="name">{ name }</span>
            <span class="verdict">{ verdict }</span>
            if !passed && !why.is_empty() {
                <details class="why">
                    <summary>{ "Why" }</summary>
                    <ul>{ for why.iter().map(|l| html! { <li>{ l }</li> }) }</ul>
                </details>
            }
        </li>
    }
}

/// The lesson panel.
#[component(LessonPanel)]
pub fn lesson_panel(props: &LessonPanelProps) -> Html {
    let dispatch = use_dispatch();
    let lesson = &props.mode.lesson;
    let hints_total = lesson.hints.len();
    let hints_shown = props.progress.hints.min(hints_total);
    let send = |action: Action| {
        let dispatch = dispatch.clone();
        Callback::from(move |_: MouseEvent| dispatch.dispatch(action.clone()))
    };
    let on_reset = {
        let dispatch = dispatch.clone();
        Callback::from(move |_: MouseEvent| {
            if browser::confirm("Start this lesson again? Your work on it and the hints shown are cleared.") {
                dispatch.dispatch(Action::ResetLesson);
            }
        })
    };
    let on_link = {
        let (dispatch, text) = (dispatch.clone(), props.mode.text.clone());
        Callback::from(move |_: MouseEvent| {
            let url = format!("{}#{}", browser::address_without_fragment(), lessons::encode_link(&text));
            browser::copy(&url);
            dispatch.dispatch(Action::ShowBanner(Banner::new(
                BannerKind::Info,
                format!("Lesson link copied to the clipboard ({} characters): it opens this lesson from its start, graded the same way.", url.len()),
            )));
        })
    };
    let (status_text, status_class) = status(&props.grade);
    let hidden = matches!(props.grade, GradeView::Hidden { .. });
    // While predicting, "done" would say that every check passes.
    let done = props.progress.done && !hidden;
    html! {
        <section class="panel lesson" aria-labelledby="lesson-title" data-testid="lesson-panel">
            <h2 id="lesson-title">
                <span>{ "Lesson: " }{ &lesson.title }</span>
                <span class={classes!("lesson-state", if done { "pass" } else { "todo" })} data-testid="lesson-done" data-done={done.to_string()}>
                    { if done { "✔ done" } else { "not done" } }
                    if props.progress.solution_applied { { " (solution shown)" } }
                </span>
                if props.mode.from_link { <span class="tag">{ "from a link" }</span> }
            </h2>
            <p class="goal" data-testid="lesson-goal"><strong>{ "Goal: " }</strong>{ &lesson.goal }</p>
            <div class="lesson-grid">
                <div class="lesson-guide">
                    if !lesson.steps.is_empty() {
                        <h3>{ "Steps" }</h3>
                        <ol class="steps">{ for lesson.steps.iter().map(|s| html! { <li>{ s }</li> }) }</ol>
                    }
                    <h3>{ "What you may change" }</h3>
                    <ul class="editable" data-testid="lesson-editable">
                        { for props.editable.iter().map(|(doc, words)| {
                            let current = props.open_doc.as_ref() == Some(doc);
                            html! {
                                <li>
                                    <button type="button" class="link" onclick={send(Action::SelectDoc(doc.clone()))}
                                        aria-current={current.then_some("true")} data-testid="lesson-editable-doc">
                                        { words }
                                    </button>
                                </li>
                            }
                        }) }
                        { for props.other_parts.iter().map(|words| html! { <li>{ words }</li> }) }
                    </ul>
                    <p class="muted hint-text">{ "Everything else is read-only in this lesson." }</p>
                    <h3>{ "Hints" }<span class="count">{ format!("{hints_shown} of {hints_total} shown") }</span></h3>
                    if hints_shown > 0 {
                        <ol class="hints" data-testid="lesson-hints" aria-live="polite">
                            { for lesson.hints.iter().take(hints_shown).map(|h| html! { <li data-testid="lesson-hint-text">{ h }</li> }) }
                        </ol>
                    }
                    if hints_shown == hints_total && !hidden {
                        if let Some(hint) = &props.engine_hint {
                            <p class="engine-hint" data-testid="lesson-engine-hint">
                                <strong>{ "The engine suggests, " }</strong>{ hint }
                            </p>
                        }
                    }
                    <div class="row">
                        if hints_shown < hints_total {
                            <button type="button" onclick={send(Action::RevealHint)} data-testid="lesson-hint">
                                { if hints_shown == 0 { "Show a hint".to_string() } else { format!("Show hint {} of {hints_total}", hints_shown + 1) } }
                            </button>
                        } else if props.mode.solution.is_none() {
                            <button type="button" onclick={send(Action::ShowSolution(true))} data-testid="lesson-show-solution">{ "Show a solution" }</button>
                        }
                    </div>
                    if let Some(diff) = &props.mode.solution {
                        { solution_diff(&dispatch, diff, props.mode.solution_applied) }
                    }
                </div>
                <div class="lesson-check">
                    <h3>{ "Automatic check" }</h3>
                    <p class={classes!("lesson-status", status_class)} role="status" aria-live="polite" aria-atomic="true"
                        data-testid="lesson-status" data-passed={(props.mode.passed() && !hidden).to_string()}>
                        { status_text }
                    </p>
                    if let GradeView::Shown(grade) = &props.grade {
                        <ul class="graded-list" aria-label="Checks and constraints">
                            { for grade.checks.iter().map(|c| graded_item(
                                c.passed,
                                &c.name,
                                format!("expected {}, got {}", c.expected.as_str().replace('_', " "), c.decision.as_str().replace('_', " ")),
                                c.explanation.clone(),
                                "lesson-check",
                            )) }
                            { for grade.constraints.iter().map(|c| graded_item(
                                c.passed,
                                &c.name,
                                String::new(),
                                vec![c.detail.clone()],
                                "lesson-constraint",
                            )) }
                        </ul>
                        if !grade.problems.is_empty() {
                            <ul class="problems">{ for grade.problems.iter().map(|p| html! { <li class="error">{ p }</li> }) }</ul>
                        }
                    }
                    <div class="row lesson-actions">
                        <button type="button" onclick={on_reset} data-testid="lesson-reset">{ "Reset lesson" }</button>
                        <button type="button" onclick={on_link} data-testid="lesson-link">{ "Copy lesson link" }</button>
                        <button type="button" onclick={send(Action::LeaveLesson)} data-testid="lesson-leave">{ "Leave lesson" }</button>
                    </div>
                </div>
            </div>
        </section>
    }
}
