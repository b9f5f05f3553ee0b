//! The run controls: sample picker, Run, Pause/Resume, Step back, Step, Stop, Restart, the
//! speed selector and the run's status and progress (one line that keeps its size, so a run
//! never reflows the page). Focus never falls to the page: pressing Run moves it to Pause,
//! and when the run ends it comes back to Run.

use web_sys::{HtmlElement, HtmlSelectElement};
use yew::prelude::*;

use super::driver::DriverStatus;
use super::samples::SAMPLES;
use super::state::{RunView, Speed};

/// Properties of [`Toolbar`].
#[derive(Properties, PartialEq, Clone)]
pub struct ToolbarProps {
    /// The current or last run.
    pub run: Option<RunView>,
    /// The chosen speed.
    pub speed: Speed,
    /// Index of the open sample.
    pub sample: usize,
    /// Whether the script can run (no syntax error, not empty).
    pub runnable: bool,
    /// What the status indicator says.
    pub status: AttrValue,
    /// Whether there is an earlier position to step back to.
    pub can_step_back: bool,
    /// Whether there is a later position (or a paused run) to step forward to.
    pub can_step: bool,
    /// Run pressed.
    pub onrun: Callback<()>,
    /// Stop pressed.
    pub onstop: Callback<()>,
    /// Pause or Resume pressed.
    pub onpause: Callback<()>,
    /// Step back pressed.
    pub onstepback: Callback<()>,
    /// Step (forward) pressed.
    pub onstep: Callback<()>,
    /// Restart pressed.
    pub onrestart: Callback<()>,
    /// A speed was chosen.
    pub onspeed: Callback<Speed>,
    /// A sample was chosen (its index).
    pub onsample: Callback<usize>,
}

/// The progress line of a run: loop time, events so far and real time spent.
pub fn progress_text(run: &RunView) -> String {
    format!(
        "t = {:.3} s · {} events · {:.1} s real",
        run.now,
        run.version,
        run.elapsed_ms / 1000.0
    )
}

const ICON_PLAY: &str = "M4 2 L14 8 L4 14 Z";
const ICON_PAUSE: &str = "M3 2 H7 V14 H3 Z M9 2 H13 V14 H9 Z";
const ICON_STOP: &str = "M3 3 H13 V13 H3 Z";
const ICON_BACK: &str = "M2 2 H4 V14 H2 Z M14 2 L5 8 L14 14 Z";
const ICON_STEP: &str = "M12 2 H14 V14 H12 Z M2 2 L11 8 L2 14 Z";
const ICON_RESTART: &str = "M13 8 A5 5 0 1 1 8 3 V1 L11 4 L8 7 V5 A3 3 0 1 0 11 8 Z";

/// A 16×16 icon from an SVG path (decorative: buttons carry text or an ARIA label).
fn icon(path: &'static str) -> Html {
    html! {
        <svg class="coroscope-icon" viewBox="0 0 16 16" width="14" height="14" aria-hidden="true" focusable="false">
            <path d={path} fill="currentColor" />
        </svg>
    }
}

/// Where focus goes when the run starts or ends: to Pause once Run is disabled, back to Run
/// once Pause and Stop are, but only if focus was on the control that got disabled (or lost).
fn keep_focus(live: bool, run: &NodeRef, pause: &NodeRef, stop: &NodeRef) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let active = document.active_element();
    let lost = match &active {
        None => true,
        Some(el) => {
            document.body().is_some_and(|b| b.is_same_node(Some(el)))
                || el.has_attribute("disabled")
        }
    };
    let is = |r: &NodeRef| {
        active
            .as_ref()
            .zip(r.cast::<web_sys::Element>())
            .is_some_and(|(a, b)| a.is_same_node(Some(&b)))
    };
    let target = if live && (lost || is(run)) {
        pause
    } else if !live && (lost || is(pause) || is(stop)) {
        run
    } else {
        return;
    };
    if let Some(el) = target.cast::<HtmlElement>() {
        let _ = el.focus();
    }
}

/// The toolbar.
#[component]
pub fn Toolbar(props: &ToolbarProps) -> Html {
    let live = props.run.is_some_and(|r| !r.status.is_over());
    let paused = props.run.is_some_and(|r| r.status == DriverStatus::Paused);
    let (run_ref, pause_ref, stop_ref) = (use_node_ref(), use_node_ref(), use_node_ref());
    {
        let refs = (run_ref.clone(), pause_ref.clone(), stop_ref.clone());
        // Only after a change: the first render must not take focus from the page.
        let first = use_mut_ref(|| true);
        use_effect_with(live, move |live| {
            if !std::mem::take(&mut *first.borrow_mut()) {
                keep_focus(*live, &refs.0, &refs.1, &refs.2);
            }
        });
    }
    let click = |cb: &Callback<()>| cb.reform(|_: MouseEvent| ());
    let onspeed = props.onspeed.reform(|e: Event| {
        let value = e.target_unchecked_into::<HtmlSelectElement>().value();
        Speed::from_label(&value).unwrap_or(Speed::One)
    });
    let onsample = props.onsample.reform(|e: Event| {
        let value = e.target_unchecked_into::<HtmlSelectElement>().value();
        value.parse::<usize>().unwrap_or(0)
    });
    let progress = props.run.as_ref().map(progress_text).unwrap_or_default();
    html! {
        <header class="coroscope-toolbar">
            <h1 class="coroscope-title">{"Coroscope"}</h1>
            <label class="coroscope-field coroscope-sample">
                <span class="coroscope-visually-hidden">{"Sample"}</span>
                <select data-testid="sample-picker" aria-label="Sample script" onchange={onsample}>
                    { for SAMPLES.iter().enumerate().map(|(i, s)| html! {
                        <option value={i.to_string()} selected={i == props.sample}>{ s.title }</option>
                    }) }
                </select>
            </label>
            <div class="coroscope-controls" role="group" aria-label="Run controls">
                <button class="coroscope-btn primary" data-testid="run" type="button" ref={run_ref}
                    aria-label="Run (Ctrl+Enter)" title="Run (Ctrl+Enter)"
                    disabled={live || !props.runnable} onclick={click(&props.onrun)}>
                    {icon(ICON_PLAY)}{"Run"}
                </button>
                <button class="coroscope-btn" data-testid="pause" type="button" ref={pause_ref}
                    aria-label={if paused { "Resume" } else { "Pause" }}
                    title={if paused { "Resume (Space)" } else { "Pause (Space)" }}
                    aria-pressed={paused.to_string()}
                    disabled={!live} onclick={click(&props.onpause)}>
                    if paused { {icon(ICON_PLAY)}<span class="coroscope-btn-text">{"Resume"}</span> }
                    else { {icon(ICON_PAUSE)}<span class="coroscope-btn-text">{"Pause"}</span> }
                </button>
                <button class="coroscope-btn" data-testid="step-back" type="button"
                    aria-label="Step back one event" title="Step back one event (←)"
                    disabled={!props.can_step_back} onclick={click(&props.onstepback)}>
                    {icon(ICON_BACK)}
                </button>
                <button class="coroscope-btn" data-testid="step" type="button"
                    aria-label="Step forward one event" title="Step forward one event (→)"
                    disabled={!props.can_step} onclick={click(&props.onstep)}>
                    {icon(ICON_STEP)}<span class="coroscope-btn-text">{"Step"}</span>
                </button>
                <button class="coroscope-btn" data-testid="stop" type="button" ref={stop_ref}
                    aria-label="Stop" title="Stop" disabled={!live} onclick={click(&props.onstop)}>
                    {icon(ICON_STOP)}<span class="coroscope-btn-text">{"Stop"}</span>
                </button>
                <button class="coroscope-btn" data-testid="restart" type="button"
                    aria-label="Restart" title="Restart"
                    disabled={props.run.is_none() || !props.runnable} onclick={click(&props.onrestart)}>
                    {icon(ICON_RESTART)}
                </button>
            </div>
            <label class="coroscope-field coroscope-speed">
                <span class="coroscope-visually-hidden">{"Speed"}</span>
                <select data-testid="speed" aria-label="Speed" onchange={onspeed}>
                    { for Speed::ALL.iter().map(|s| html! {
                        <option value={s.label()} selected={*s == props.speed}>{ s.label() }</option>
                    }) }
                </select>
            </label>
            <p class="coroscope-status-line" data-testid="status-line">
                <span class="coroscope-status" data-testid="status">{ props.status.clone() }</span>
                <span class="coroscope-progress" data-testid="progress">{ progress }</span>
            </p>
        </header>
    }
}
