//! The app state as Yew holds it: the pure reducer of `policy_playground_app::state` behind
//! Yew's `Reducible`, timed with the browser's clock (the one thing the pure reducer cannot do).

use crate::browser;
use policy_playground_app::state::{Action, AppState};
use std::rc::Rc;
use yew::prelude::*;

/// The state and how long the engine took to make its analysis.
#[derive(Debug, Clone)]
pub struct Store {
    /// The app state.
    pub app: Rc<AppState>,
    /// Milliseconds the latest analysis took (the whole reduction that made it).
    pub elapsed_ms: f64,
}

impl Store {
    /// A store over `make()`'s state, timing it.
    pub fn timed(make: impl FnOnce() -> AppState) -> Store {
        let start = browser::now_ms();
        let mut app = make();
        let elapsed_ms = browser::now_ms() - start;
        app.timed(elapsed_ms);
        Store { app: Rc::new(app), elapsed_ms }
    }
}

impl Reducible for Store {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        crate::recovery::panic_if_asked();
        let start = browser::now_ms();
        let mut app = Rc::clone(&self.app).reduce(action);
        if Rc::ptr_eq(&app, &self.app) {
            return self;
        }
        if app.analysis == self.app.analysis {
            return Rc::new(Store { app, elapsed_ms: self.elapsed_ms });
        }
        let elapsed_ms = browser::now_ms() - start;
        // The next debounce follows this analysis's time (the reducer cannot read the clock).
        Rc::make_mut(&mut app).timed(elapsed_ms);
        Rc::new(Store { app, elapsed_ms })
    }
}

/// Sends actions to the store. The same for the app's whole life (it compares by identity), so
/// the app provides it as the one context and it never changes a prop.
pub type Dispatch = UseReducerDispatcher<Store>;
