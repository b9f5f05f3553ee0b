//! The console: each print with its loop timestamp, marked with its task's identity (and, on
//! request, its name), then (at the end of a run) stderr formatted as CPython prints it, with
//! clickable traceback frames. Bounded: only the last lines are kept, with a notice of how
//! many are hidden. Everything is text.
//!
//! It follows the newest line (during a run, and to the scrubbed position) unless the user
//! has scrolled up; "Newest ↓" takes them back. It is not a live region: the announcer says
//! what matters, so 500 prints do not flood a screen reader.

use std::rc::Rc;

use web_sys::HtmlElement;
use yew::prelude::*;

use super::derive::{count, format_time, task_identity, ConsoleView, ErrLine};

/// How close to the bottom (px) still counts as "at the newest line".
const STICK_PX: i32 = 8;

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

/// Whether the scroll box shows its last line.
fn at_bottom(el: &HtmlElement) -> bool {
    el.scroll_top() + el.client_height() >= el.scroll_height() - STICK_PX
}

/// The console pane.
#[component]
pub fn Console(props: &ConsoleProps) -> Html {
    let output = use_node_ref();
    let following = use_state(|| true);
    let names = use_state(|| false);

    // After every render: keep the newest line in view while following.
    {
        let output = output.clone();
        let following = *following;
        use_effect(move || {
            if let Some(el) = output.cast::<HtmlElement>() {
                if following {
                    el.set_scroll_top(el.scroll_height());
                }
            }
        });
    }
    let onscroll = {
        let following = following.clone();
        Callback::from(move |e: Event| {
            let el: HtmlElement = e.target_unchecked_into();
            let bottom = at_bottom(&el);
            if *following != bottom {
                following.set(bottom);
            }
        })
    };
    let onnewest = {
        let following = following.clone();
        let output = output.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(el) = output.cast::<HtmlElement>() {
                el.set_scroll_top(el.scroll_height());
            }
            following.set(true);
        })
    };
    let onnames = {
        let names = names.clone();
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            names.set(input.checked());
        })
    };

    let hidden = props.view.hidden;
    let show_names = *names;
    html! {
        <section class="coroscope-pane coroscope-console" aria-label="Console">
            <h2 class="coroscope-pane-title">
                <span>{"Console"}</span>
                <label class="coroscope-toggle">
                    <input type="checkbox" data-testid="console-names" checked={show_names}
                        onchange={onnames} />
                    {"Task names"}
                </label>
            </h2>
            <div class="coroscope-output" data-testid="console" ref={output} {onscroll}
                tabindex="0" aria-label="Console output">
                if hidden > 0 {
                    <div class="coroscope-line info" data-testid="console-hidden">
                        { format!("{} hidden", count(hidden, "earlier line", "earlier lines")) }
                    </div>
                }
                { for props.view.lines.iter().map(|line| {
                    let who = line.name.clone().unwrap_or_else(|| "top-level code".to_string());
                    html! {
                        <div class={classes!("coroscope-line", "stdout", task_identity(line.task).class())}
                            title={who.clone()}>
                            <span class="coroscope-ts">{ format_time(line.t) }</span>
                            if show_names {
                                <span class="coroscope-who" data-testid="console-who">{ who }</span>
                            }
                            <span class="coroscope-text">{ &line.text }</span>
                        </div>
                    }
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
            if !*following {
                <button type="button" class="coroscope-btn small coroscope-newest"
                    data-testid="console-newest" onclick={onnewest}>{"Newest ↓"}</button>
            }
        </section>
    }
}
