//! The console: each print with its loop timestamp in its task's colour, then (at the end of a
//! run) stderr formatted as CPython prints it, with clickable traceback frames. Bounded: only
//! the last lines are kept, with a notice of how many are hidden. Everything is text.

use std::rc::Rc;

use yew::prelude::*;

use super::derive::{format_time, task_colour, ConsoleView, ErrLine};

/// Properties of [`Console`].
#[derive(Properties, PartialEq, Clone)]
pub struct ConsoleProps {
    /// Printed lines at the shown position.
    pub view: Rc<ConsoleView>,
    /// Stderr lines (shown when the run is over and the end is shown).
    pub stderr: Rc<Vec<ErrLine>>,
    /// A note from Coroscope (stopped, nothing printed yet...), if any.
    #[prop_or_default]
    pub note: Option<AttrValue>,
    /// A traceback frame was clicked: its line.
    pub onjump: Callback<u32>,
}

/// The console pane.
#[component]
pub fn Console(props: &ConsoleProps) -> Html {
    let hidden = props.view.hidden;
    html! {
        <section class="coroscope-pane coroscope-console" aria-label="Console">
            <h2 class="coroscope-pane-title">{"Console"}</h2>
            <div class="coroscope-output" data-testid="console" role="log" aria-live="polite">
                if hidden > 0 {
                    <div class="coroscope-line info" data-testid="console-hidden">
                        { format!("{hidden} earlier lines hidden") }
                    </div>
                }
                { for props.view.lines.iter().map(|line| html! {
                    <div class={classes!("coroscope-line", "stdout", format!("task-{}", task_colour(line.task)))}>
                        <span class="coroscope-ts">{ format_time(line.t) }</span>
                        <span class="coroscope-text">{ &line.text }</span>
                    </div>
                }) }
                { for props.stderr.iter().map(|line| match line.line {
                    Some(n) => {
                        let onjump = props.onjump.reform(move |_: MouseEvent| n);
                        html! {
                            <div class="coroscope-line stderr">
                                <button type="button" class="coroscope-frame" onclick={onjump}
                                    title={format!("Go to line {n}")}>{ &line.text }</button>
                            </div>
                        }
                    }
                    None => html! { <div class="coroscope-line stderr">{ &line.text }</div> },
                }) }
                if let Some(note) = &props.note {
                    <div class="coroscope-line info">{ note.clone() }</div>
                }
            </div>
        </section>
    }
}
