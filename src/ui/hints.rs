//! The teaching hints panel: the trace's warnings (never awaited, exception never retrieved,
//! blocking `time.sleep`, long-running step), each linked to its line with a one-sentence fix.

use std::rc::Rc;

use yew::prelude::*;

use super::derive::Hint;

/// Properties of [`Hints`].
#[derive(Properties, PartialEq, Clone)]
pub struct HintsProps {
    /// The hints at the shown position.
    pub hints: Rc<Vec<Hint>>,
    /// A hint's line link was clicked.
    pub onjump: Callback<u32>,
}

/// The hints panel (renders nothing when there is no hint).
#[component]
pub fn Hints(props: &HintsProps) -> Html {
    if props.hints.is_empty() {
        return html! {};
    }
    html! {
        <section class="coroscope-pane coroscope-hints" aria-label="Hints" data-testid="hints">
            <h2 class="coroscope-pane-title">{ format!("Hints ({})", props.hints.len()) }</h2>
            <ul class="coroscope-hint-list">
                { for props.hints.iter().map(|hint| {
                    let line = hint.line;
                    let onclick = props.onjump.reform(move |_: MouseEvent| line);
                    let first = hint.message.lines().next().unwrap_or_default().to_string();
                    html! {
                        <li class="coroscope-hint" data-testid="hint">
                            <strong>{ hint.title }</strong>
                            if line > 0 {
                                {" "}
                                <button type="button" class="coroscope-link" {onclick}>
                                    { format!("line {line}") }
                                </button>
                            }
                            <div class="mono">{ first }</div>
                            <div class="coroscope-fix">{ hint.fix }</div>
                        </li>
                    }
                }) }
            </ul>
        </section>
    }
}
