//! The timeline pane: one lane per task once the runtime records traces. Empty for now.

use yew::prelude::*;

/// Properties of [`Timeline`] (none yet; the trace model will come in here).
#[derive(Properties, PartialEq, Clone, Default)]
pub struct TimelineProps {}

/// The timeline pane.
#[component]
pub fn Timeline(_props: &TimelineProps) -> Html {
    html! {
        <section class="coroscope-pane coroscope-timeline" data-testid="timeline">
            <h2 class="coroscope-pane-title">{"Timeline"}</h2>
            <p class="coroscope-empty">{"Tasks will appear here, one lane each, when scripts run."}</p>
        </section>
    }
}
