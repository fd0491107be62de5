//! The app: the store, its effects (as hooks), and the layout, giving each panel only what it
//! shows so that a change re-renders the panels that depend on it.

use super::about_panel::AboutPanel;
use super::author_panel::AuthorPanel;
use super::background_panel::{BackgroundChecks, BackgroundPanel};
use super::banner::BannerBar;
use super::chain_view::ChainView;
use super::checks::Checks;
use super::editor::Editor;
use super::embed_bar::EmbedBar;
use super::embed_menu::EmbedMenu;
use super::explorer::Explorer;
use super::lesson_panel::LessonPanel;
use super::lessons_menu::LessonsMenu;
use super::paths_panel::PathsPanel;
use super::problems::Problems;
use super::request_builder::RequestBuilder;
use super::requests_panel::{LayersPanel, ModeSwitch, RequestsTable};
use super::result_panel::ResultPanel;
use super::toolbar::Toolbar;
use super::tour::Tour;
use super::workspace_menu::workspace_menu;
use crate::embed_hooks;
use crate::engine_worker;
use crate::hooks;
use crate::lesson_hooks;
use crate::startup;
use crate::store::{Dispatch, Store};
use policy_playground_app::about::About;
use policy_playground_app::background;
use policy_playground_app::banner::BannerKind;
use policy_playground_app::editor::{self, EditorDoc};
use policy_playground_app::embed::Message;
use policy_playground_app::outline::Outline;
use policy_playground_app::recovery::Recovery;
use policy_playground_app::startup::Startup;
use policy_playground_app::state::BackgroundStatus;
use yew::prelude::*;

/// Props of the app.
#[derive(Properties, PartialEq, Clone)]
pub struct AppProps {
    /// What the page was opened with (URL).
    pub startup: Startup,
    /// What the previous instance handed over when this one restarts it after a panic.
    #[prop_or_default]
    pub recovered: Option<Recovery>,
}

/// The whole app.
#[component(App)]
pub fn app(props: &AppProps) -> Html {
    let store = {
        let (startup, recovered) = (props.startup.clone(), props.recovered.clone());
        use_reducer(move || {
            Store::timed(|| {
                let state = startup::start(&startup);
                match &recovered {
                    Some(r) => policy_playground_app::recovery::recover(state, r),
                    None => state,
                }
            })
        })
    };
    let dispatch = store.dispatcher();
    let state = store.app.clone();

    // In a lesson, the work is the lesson's: the person's own work stays as it was saved. An
    // embed (even an editable one) never touches the saved work.
    let lesson = state.lesson.as_ref();
    let embedded_at_start = props.startup.embed.is_some();
    hooks::use_autosave(state.clone(), state.read_only || lesson.is_some() || embedded_at_start, dispatch.clone());
    lesson_hooks::use_lesson_autosave(
        lesson.map(|l| l.key.clone()),
        state.workspace.clone(),
        state.revision,
        dispatch.clone(),
    );
    lesson_hooks::use_progress_save(state.progress.clone(), props.startup.embed.is_none(), dispatch.clone());
    lesson_hooks::use_lesson_address(lesson.map(|l| l.from_link));
    hooks::use_debounced_analysis(state.analysis_due_at(), dispatch.clone());
    hooks::use_catalogue(state.dialect(), dispatch.clone());
    hooks::use_evaluate_shortcut(dispatch.clone());
    let share = hooks::use_share_link(state.clone(), dispatch.clone());
    // Path search runs in the engine's web worker; its chain, when one is selected, is drawn.
    let searching = state.paths.as_ref().filter(|p| p.running()).map(|p| (p.id, p.query.clone()));
    engine_worker::use_path_search(searching, state.workspace.clone(), state.view.mutations.clone(), dispatch.clone());
    let found_chain = state.paths.as_ref().and_then(|p| p.drawn.clone());
    // A large workspace is analysed in the worker; its summary takes the result panels' place.
    engine_worker::use_background_analysis(state.clone(), dispatch.clone());
    let background_on = state.background.on();
    let summary = state.background_summary().cloned();
    let background_panel = background_on.then(|| {
        html! { <BackgroundPanel background={state.background.clone()} revision={state.revision}
        bytes={background::policy_bytes(&state.workspace)} selected={state.view.selected_check}
        predicting={state.view.predict.on} requests_mode={state.workspace.requests().shown && lesson.is_none()}
        checks_elsewhere={props.startup.embed.is_none() && props.startup.shows("checks")} /> }
    });
    // What the editor says while a large document has no findings from the worker.
    let background_note: Option<AttrValue> = match &state.background.status {
        BackgroundStatus::Off => None,
        BackgroundStatus::Cancelled => {
            Some("Not checked: the background analysis was cancelled (Evaluate runs it again).".into())
        }
        BackgroundStatus::Failed(_) => {
            Some("Not checked: the background analysis failed (the result panel says why).".into())
        }
        _ => Some("Checking this large document in the background…".into()),
    };

    let startup = &props.startup;
    let embedded = startup.embed.is_some();
    // An embed tells its parent page the decision shown, what it could not do, and its height.
    let index = state.view.selected_check;
    let decision = embedded
        .then(|| match state.background_summary() {
            Some(s) => s.checks.get(index).map(|c| Message::decision_in_summary(index, c)),
            None => state.selected_check().map(|c| Message::decision(index, c)),
        })
        .flatten();
    embed_hooks::use_post_on_change(decision);
    let problem = state.banner.as_ref().filter(|b| embedded && b.kind != BannerKind::Info);
    embed_hooks::use_post_on_change(problem.map(|b| Message::Error { message: b.text.clone() }));
    embed_hooks::use_auto_height(startup.embed.as_ref().is_some_and(|e| e.auto_height));
    let show = |panel: &str| startup.shows(panel);
    let view = &state.view;
    let outline = show("explorer").then(|| Outline::of(&state.workspace, state.analysis.scenario.as_ref()));
    // A document the lesson does not let the learner edit is read-only in the editor.
    let open = view.open_doc.as_ref().and_then(|d| EditorDoc::of(&state.workspace, d)).map(|mut d| {
        if lesson.is_some_and(|l| !l.may_edit(&d.info.doc, &state.workspace)) {
            d.info.read_only = true;
        }
        d
    });
    // Predict first: until every check is predicted, nothing shows a check's answer (the chain, the
    // result, the editor's highlight of the decisive statement).
    let hidden = view.predict.hides(&state.analysis.checks);
    let highlight = open.as_ref().filter(|_| !hidden).and_then(|d| match &summary {
        Some(s) => editor::focus_span(state.focus.as_ref(), &d.info.doc)
            .or_else(|| s.highlight(view.selected_check, &d.info.doc)),
        None => editor::highlight(state.focus.as_ref(), &d.info, &state.analysis, view.selected_check),
    });
    let opened_link = !startup.fragment.trim_start_matches('#').is_empty();
    // What a screen reader hears when the shown decision changes: the check, its decision and
    // its one-line reason (nothing while predicting, nothing for the time an evaluation took).
    let announcement = state
        .selected_check()
        .filter(|_| !hidden)
        .map(|c| format!("{}: {}. {}", c.check, super::decision_style(c.decision).0, c.summary))
        .unwrap_or_default();
    html! {
        <ContextProvider<Dispatch> context={dispatch.clone()}>
            // The revision typed and the one the decisions describe, for benchmarks (keystroke to decision).
            <div class={classes!("app", embedded.then_some("embedded"))} data-revision={state.revision.to_string()} data-analyzed={state.analyzed.to_string()}>
                <BannerBar banner={state.banner.clone()} />
                if !embedded {
                    <Toolbar title={state.workspace.title()} example={state.workspace.example.clone()}
                        stale={state.stale()} elapsed_ms={store.elapsed_ms} background={background_on} read_only={state.read_only || lesson.is_some()}
                        on_share={share.share} link={share.link}>
                        { workspace_menu(&state.workspaces, lesson.is_some(), &dispatch) }
                        <LessonsMenu progress={state.progress.clone()} active={lesson.map(|l| l.key.clone())} />
                        <EmbedMenu workspace={state.workspace.clone()} checks={state.analysis.checks.iter().map(|c| c.check.clone()).collect::<Vec<_>>()} />
                        <Tour {embedded} {opened_link} />
                        if lesson.is_none() {
                            <ModeSwitch shown={state.workspace.requests().shown} />
                        }
                    </Toolbar>
                    if let Some(mode) = lesson {
                        <LessonPanel mode={mode.clone()} progress={state.progress.of(&mode.key)}
                            editable={mode.editable_documents(&state.workspace)} other_parts={mode.other_editable_parts()}
                            open_doc={view.open_doc.clone()} grade={state.lesson_grade_view().unwrap_or(policy_playground_app::lesson_mode::GradeView::NotYet)} engine_hint={state.analysis.first_hint()} />
                    }
                    <div class="strip">
                        <AboutPanel about={About::of(&state.workspace)} />
                        if lesson.is_none() {
                            <AuthorPanel workspace={state.workspace.clone()} read_only={state.read_only} />
                        }
                    </div>
                    <p class="visually-hidden" role="status" aria-live="polite" aria-atomic="true" data-testid="announcer">{ announcement }</p>
                }
                if let Some(embed) = &startup.embed {
                    <EmbedBar workspace={state.workspace.clone()} />
                    // One column for a documentation page: the panels in the embed's order, chain first.
                    <main class="embed-layout" data-testid="embed-layout">
                        { for embed.panels.iter().map(|panel| match panel.as_str() {
                            "chain" => html! { <ChainView analysis={state.analysis.clone()} selected={view.selected_check} active={view.mutations.clone()} toggles={embed.toggles} fit=true /> },
                            "result" if background_on => background_panel.clone().unwrap_or_default(),
                            // The background panel lists the checks too: once is enough.
                            "checks" if background_on => if embed.panels.iter().any(|p| p == "result") { html! {} } else { background_panel.clone().unwrap_or_default() },
                            "result" => html! { <ResultPanel analysis={state.analysis.clone()} selected={view.selected_check} compact=true /> },
                            "checks" => html! { <Checks analysis={state.analysis.clone()} selected={view.selected_check} /> },
                            "request" => html! { <RequestBuilder form={view.request.clone()} analysis={state.analysis.clone()} catalogs={state.catalogs} /> },
                            "editor" => html! {
                                <div class="column">
                                    <Editor doc={open.clone()} analysis={state.analysis.clone()} analyzed={state.analyzed} read_only={state.read_only}
                                        generation={state.generation} catalogs={state.catalogs} focus={state.focus.clone()} {highlight}
                                        background={background_note.clone()} summary={summary.clone()} />
                                    <Problems analysis={state.analysis.clone()} />
                                </div>
                            },
                            _ => match outline.clone() {
                                Some(outline) => html! { <Explorer {outline} open_doc={view.open_doc.clone()} read_only={state.read_only} /> },
                                None => html! {},
                            },
                        }) }
                    </main>
                } else if state.workspace.requests().shown && lesson.is_none() {
                    // The policies-and-requests mode: layers, the shared editor, the table.
                    <main class="layout requests-mode" data-tab="scenario" data-testid="requests-mode">
                        <LayersPanel workspace={state.workspace.clone()} open_doc={view.open_doc.clone()} read_only={state.read_only} />
                        <div class="column center">
                            <Editor doc={open} analysis={state.analysis.clone()} analyzed={state.analyzed} read_only={state.read_only}
                                generation={state.generation} catalogs={state.catalogs} focus={state.focus.clone()} {highlight}
                                        background={background_note.clone()} summary={summary.clone()} />
                        </div>
                        <div class="column right">
                            { background_panel.clone().unwrap_or_default() }
                            <RequestsTable requests={state.workspace.requests().clone()} workspace={state.workspace.clone()}
                                analysis={state.analysis.clone()} read_only={state.read_only}
                                background={background_note.clone()} summary={summary.clone()} />
                        </div>
                    </main>
                } else {
                <main class="layout" data-tab="scenario">
                    if show("checks") || outline.is_some() {
                        <div class="column left" id="panel-scenario">
                            if show("checks") && background_on {
                                <BackgroundChecks background={state.background.clone()} revision={state.revision} selected={view.selected_check} />
                            } else if show("checks") { <Checks analysis={state.analysis.clone()} selected={view.selected_check} predict={view.predict.clone()} /> }
                            if let Some(outline) = outline {
                                <Explorer {outline} open_doc={view.open_doc.clone()} read_only={state.read_only}
                                    organization_locked={lesson.is_some_and(|l| !l.may_edit_organization())} />
                            }
                        </div>
                    }
                    if show("editor") || show("request") {
                        <div class="column center" id="panel-editor">
                            if show("editor") {
                                <Editor doc={open} analysis={state.analysis.clone()} analyzed={state.analyzed} read_only={state.read_only}
                                    generation={state.generation} catalogs={state.catalogs} focus={state.focus.clone()} {highlight}
                                        background={background_note.clone()} summary={summary.clone()} />
                                <Problems analysis={state.analysis.clone()} />
                            }
                            if show("request") {
                                <RequestBuilder form={view.request.clone()} analysis={state.analysis.clone()} catalogs={state.catalogs} background={background_on} />
                            }
                        </div>
                    }
                    if show("result") || show("chain") {
                        // One result: the decision, the chain drawn, its hops in words, then the rest of the explanation.
                        <div class="column right" id="panel-result">
                            if let Some(panel) = background_panel.clone() {
                                { panel }
                            } else if hidden {
                                <section class="panel result" aria-label="Result" data-testid="result" id="result" tabindex="-1">
                                    <p class="muted" data-testid="result-hidden">{ "Predict every check to see the decisions and their explanations." }</p>
                                </section>
                            } else {
                                <ResultPanel analysis={state.analysis.clone()} selected={view.selected_check}>
                                    if show("chain") {
                                        if let Some(search) = &state.paths { <PathsPanel search={search.clone()} /> }
                                        <ChainView analysis={state.analysis.clone()} selected={view.selected_check} active={view.mutations.clone()} path={found_chain} />
                                    }
                                </ResultPanel>
                            }
                        </div>
                    }
                </main>
                }
            </div>
        </ContextProvider<Dispatch>>
    }
}
