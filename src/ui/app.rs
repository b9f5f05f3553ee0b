//! The root component: owns the [`State`] reducer and lays out toolbar, editor, timeline and
//! console.

use yew::prelude::*;

use super::console::Console;
use super::editor::Editor;
use super::probe::probe_event_loop;
use super::state::{Action, State, SAMPLE_SCRIPT};
use super::timeline::Timeline;
use super::toolbar::Toolbar;

/// Properties of [`App`].
#[derive(Properties, PartialEq, Clone)]
pub struct AppProps {
    /// The script the editor starts with (the bundled sample unless given).
    #[prop_or(AttrValue::Static(SAMPLE_SCRIPT))]
    pub source: AttrValue,
}

impl Default for AppProps {
    fn default() -> Self {
        Self {
            source: AttrValue::Static(SAMPLE_SCRIPT),
        }
    }
}

/// The whole Coroscope page.
#[component]
pub fn App(props: &AppProps) -> Html {
    let state = {
        let source = props.source.to_string();
        use_reducer(move || State::new(source))
    };

    let onrun = {
        let state = state.clone();
        Callback::from(move |()| {
            if state.is_running() {
                return;
            }
            let run = state.next_run();
            state.dispatch(Action::Start(run));
            let dispatcher = state.dispatcher();
            wasm_bindgen_futures::spawn_local(probe_event_loop(run, move |action| {
                dispatcher.dispatch(action)
            }));
        })
    };
    let oninput = {
        let dispatcher = state.dispatcher();
        Callback::from(move |source: String| dispatcher.dispatch(Action::EditSource(source)))
    };
    let onclear = {
        let dispatcher = state.dispatcher();
        Callback::from(move |()| dispatcher.dispatch(Action::ClearConsole))
    };

    html! {
        <div class="coroscope">
            <Toolbar status={state.status} {onrun} />
            <main class="coroscope-panes">
                <Editor source={AttrValue::from(state.source.clone())} {oninput} />
                <Timeline trace={None::<super::TraceRef>} pos={None::<usize>} live={false} onjump={Callback::noop()} onscrub={Callback::noop()} />
                <Console lines={state.console.clone()} {onclear} />
            </main>
        </div>
    }
}
