//! The bar above the panes: the product name, the Run button and the run status.

use yew::prelude::*;

use super::state::RunStatus;

/// Properties of [`Toolbar`].
#[derive(Properties, PartialEq, Clone)]
pub struct ToolbarProps {
    /// The run status (Run is disabled while a run is in progress).
    pub status: RunStatus,
    /// Called when the user presses Run.
    pub onrun: Callback<()>,
}

/// What the status indicator says for `status`.
pub fn status_label(status: RunStatus) -> &'static str {
    match status {
        RunStatus::Idle => "ready",
        RunStatus::Running(_) => "running…",
        RunStatus::Finished(_) => "finished",
        RunStatus::Failed(_) => "failed",
    }
}

/// The toolbar.
#[component]
pub fn Toolbar(props: &ToolbarProps) -> Html {
    let running = matches!(props.status, RunStatus::Running(_));
    let onclick = props.onrun.reform(|_: MouseEvent| ());
    html! {
        <header class="coroscope-toolbar">
            <span class="coroscope-title">{"Coroscope"}</span>
            <button
                class="coroscope-run"
                data-testid="run"
                type="button"
                disabled={running}
                {onclick}
            >
                {"▶ Run"}
            </button>
            <span class="coroscope-status" data-testid="status" aria-live="polite">
                {status_label(props.status)}
            </span>
        </header>
    }
}
