//! The app: state, autosave, debounced evaluation, keyboard shortcuts and the layout.

use super::AppContext;
use super::banner::BannerBar;
use super::chain_view::ChainView;
use super::checks::Checks;
use super::editor::Editor;
use super::explorer::Explorer;
use super::request_builder::RequestBuilder;
use super::result_panel::ResultPanel;
use super::toolbar::Toolbar;
use crate::startup::{Startup, start_state};
use crate::state::{Action, Banner};
use crate::storage;
use gloo::events::EventListener;
use gloo::timers::callback::Timeout;
use policy_playground::issue::Severity;
use yew::prelude::*;

/// Milliseconds of quiet typing before the engine runs.
pub const DEBOUNCE_MS: u32 = 250;

/// Props of the app.
#[derive(Properties, PartialEq, Clone)]
pub struct AppProps {
    /// What the page was opened with (URL, saved state).
    pub startup: Startup,
}

/// The whole app.
#[component(App)]
pub fn app(props: &AppProps) -> Html {
    let startup = props.startup.clone();
    let state = use_reducer(move || start_state(&startup));

    // Autosave after every change, so a crash never loses what was typed.
    {
        let state = state.clone();
        use_effect_with((state.revision, state.read_only), move |_| {
            if !state.read_only
                && state.revision > 0
                && let Err(e) = storage::save(&state.workspace)
            {
                state.dispatch(Action::ShowBanner(Banner {
                    kind: "warning",
                    text: format!("Could not save your work: {e}"),
                }));
            }
        });
    }
    // Debounced evaluation while typing.
    {
        let timer = use_mut_ref(|| None::<Timeout>);
        let state = state.clone();
        use_effect_with(state.revision, move |_| {
            if state.stale() {
                let dispatcher = state.dispatcher();
                *timer.borrow_mut() = Some(Timeout::new(DEBOUNCE_MS, move || dispatcher.dispatch(Action::Analyze)));
            }
        });
    }
    // A cloud's catalogue is fetched when a scenario of that cloud is open.
    {
        let dialect = state.analysis.scenario.as_ref().map(|s| s.dialect);
        let state = state.clone();
        use_effect_with(dialect, move |dialect| {
            if let Some(dialect) = *dialect
                && !crate::catalog_loader::available(dialect)
            {
                wasm_bindgen_futures::spawn_local(async move {
                    match crate::catalog_loader::ensure(dialect).await {
                        Ok(_) => state.dispatch(Action::CatalogLoaded),
                        Err(e) => state.dispatch(Action::ShowBanner(Banner {
                            kind: "warning",
                            text: format!(
                                "The action catalogue could not be loaded ({e}); checks that need it are skipped."
                            ),
                        })),
                    }
                });
            }
        });
    }
    // Ctrl+Enter / Cmd+Enter evaluates at once.
    {
        let dispatcher = state.dispatcher();
        use_effect_with((), move |_| {
            let listener = web_sys::window().map(|w| {
                EventListener::new(&w, "keydown", move |e| {
                    let Some(k) = wasm_bindgen::JsCast::dyn_ref::<web_sys::KeyboardEvent>(e) else { return };
                    if k.key() == "Enter" && (k.ctrl_key() || k.meta_key()) {
                        k.prevent_default();
                        dispatcher.dispatch(Action::Analyze);
                    }
                })
            });
            move || drop(listener)
        });
    }

    let embed = props.startup.embed.clone();
    let show = |panel: &str| embed.as_ref().is_none_or(|e| e.panels.iter().any(|p| p == panel));
    let problems = state.analysis.problems.clone();
    let open_link = embed.as_ref().map(|_| {
        let fragment = crate::share::encode(&state.workspace);
        let path = web_sys::window().and_then(|w| w.location().pathname().ok()).unwrap_or_else(|| "./".into());
        format!("{path}#{fragment}")
    });
    html! {
        <ContextProvider<AppContext> context={state.clone()}>
            <div class={classes!("app", embed.is_some().then_some("embedded"))}>
                <BannerBar />
                if embed.is_none() { <Toolbar /> }
                if let Some(link) = open_link {
                    <p class="embed-bar"><a href={link} target="_blank" rel="noopener" data-testid="open-in-playground">{ "Open in the playground ↗" }</a></p>
                }
                <main class="layout">
                    if show("explorer") { <Explorer /> }
                    if show("editor") || show("request") {
                    <div class="column center">
                        if show("editor") { <Editor /> }
                        if !problems.is_empty() && show("editor") {
                            <section class="panel problems" aria-label="Problems" data-testid="problems">
                                <h2>{ "Problems" }</h2>
                                <ul>
                                    { for problems.iter().map(|p| html! {
                                        <li class={if p.severity == Severity::Error { "error" } else { "warning" }}>{ &p.message }</li>
                                    }) }
                                </ul>
                            </section>
                        }
                        if show("request") { <RequestBuilder /> }
                    </div>
                    }
                    if show("checks") || show("result") {
                        <div class="column right">
                            if show("checks") { <Checks /> }
                            if show("result") { <ResultPanel /> }
                        </div>
                    }
                    if show("chain") { <div class="wide"><ChainView /></div> }
                </main>
            </div>
        </ContextProvider<AppContext>>
    }
}
