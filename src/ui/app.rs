//! The root component: owns the [`State`] reducer and the current run's [`Control`], derives
//! what each pane shows at the shown position, and lays out toolbar, editor, timeline, task
//! table, hints and console.
//!
//! A run: [`Control::new`] prepares the session, [`drive`] runs it in a `spawn_local` future,
//! and a second future reads the run once per animation frame and dispatches
//! [`Action::Frame`] when something changed (the [`TraceRef`] version is the number of events
//! recorded), so the page re-renders at most once per frame however fast events arrive.

use std::cell::RefCell;
use std::rc::Rc;

use gloo_timers::callback::Timeout;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::announcer::Announcer;
use super::console::Console;
use super::derive::{
    announce, console_at, describe_event, gutter_marks, hints_at, mark_queue_turns, stderr_lines,
    ConsoleView, ErrLine, GutterMark, Hint, CONSOLE_LIMIT,
};
use super::driver::{drive, next_frame, now_ms, Control, DriverStatus, Pace};
use super::editor::Editor;
use super::hints::Hints;
use super::loop_panel::LoopPanel;
use super::pacing::update_interval;
use super::samples::SAMPLES;
use super::state::{check_syntax, Action, RunId, RunView, Speed, State};
use super::storage;
use super::tasks::TaskTable;
use super::timeline::Timeline;
use super::toolbar::Toolbar;
use super::{LiveClock, TraceRef};
use crate::trace::model::{Model, TaskRow};

/// How often an Instant run's progress is shown while it runs (ms).
pub const INSTANT_UPDATE_MS: f64 = 250.0;
/// One display frame (ms).
const FRAME_MS: f64 = 16.7;
/// Longest a paced run's view may lag behind it (ms).
const MAX_SKIP_MS: f64 = 500.0;

/// How long typing must pause before the script is parsed (ms).
pub const DEBOUNCE_MS: u32 = 300;

/// Properties of [`App`].
#[derive(Properties, PartialEq, Clone, Default)]
pub struct AppProps {
    /// The sample to open first (its id); else the last one open, else the first.
    #[prop_or_default]
    pub sample: Option<AttrValue>,
    /// A script to show instead of the sample's text (not saved as a draft until edited).
    #[prop_or_default]
    pub source: Option<AttrValue>,
    /// The `localStorage` key prefix (one per instance when several share a page).
    #[prop_or(AttrValue::Static("coroscope"))]
    pub storage: AttrValue,
}

/// The current run as the app holds it: its control, its live clock and its timeline model.
struct Live {
    id: RunId,
    ctl: Rc<Control>,
    clock: LiveClock,
    model: Rc<RefCell<Model>>,
}

/// What the panes show at one position (recomputed when the run or the position changes).
#[derive(Clone, PartialEq, Default)]
struct Derived {
    len: usize,
    pos: usize,
    rows: Rc<Vec<TaskRow>>,
    console: Rc<ConsoleView>,
    stderr: Rc<Vec<ErrLine>>,
    hints: Rc<Vec<Hint>>,
    marks: Rc<Vec<GutterMark>>,
    /// What the event that brought the run to `pos` did (for the announcer).
    event: String,
}

fn derive(live: &Live, cursor: Option<usize>, over: bool, stale: bool) -> Derived {
    let trace = live.ctl.runtime.trace.borrow();
    let mut model = live.model.borrow_mut();
    model.sync(&trace);
    let len = model.len();
    let pos = cursor.map_or(len, |p| p.min(len));
    let mut rows = model.task_rows_at_pos(&trace, pos);
    mark_queue_turns(&model, &mut rows, pos);
    // Once the script changed, its lines no longer match the run's: no gutter marks.
    let marks = if stale || over && pos == len {
        Vec::new()
    } else {
        gutter_marks(&model, &rows, pos)
    };
    let stderr = if over && pos == len {
        stderr_lines(&live.ctl.runtime.stderr.borrow())
    } else {
        Vec::new()
    };
    let event = model
        .record_at_pos(&trace, pos)
        .map(|r| describe_event(&model, &trace, r.event, pos))
        .unwrap_or_default();
    Derived {
        len,
        pos,
        event,
        console: Rc::new(console_at(&model, &trace, pos, CONSOLE_LIMIT)),
        hints: Rc::new(hints_at(&model, &trace, pos)),
        rows: Rc::new(rows),
        stderr: Rc::new(stderr),
        marks: Rc::new(marks),
    }
}

fn initial_state(props: &AppProps) -> State {
    let prefix = props.storage.as_str();
    let wanted = props
        .sample
        .as_ref()
        .map(|s| s.to_string())
        .or_else(|| storage::load(&storage::last_sample_key(prefix)));
    let index = wanted
        .and_then(|id| SAMPLES.iter().position(|s| s.id == id))
        .unwrap_or(0);
    let source = match &props.source {
        Some(source) => source.to_string(),
        None => storage::load(&storage::draft_key(prefix, SAMPLES[index].id))
            .unwrap_or_else(|| SAMPLES[index].source.to_string()),
    };
    State::new(index, source)
}

/// The run's current reading.
fn read_view(id: RunId, ctl: &Control) -> RunView {
    let status = ctl.status();
    RunView {
        id,
        status,
        version: ctl.runtime.trace.borrow().records.len() as u64,
        now: ctl.live_now(),
        elapsed_ms: ctl.elapsed_ms(),
    }
}

/// Reads the run once per animation frame and dispatches a [`RunView`] when it changed; ends
/// after the run is over. Rendering never starves the run: an Instant run is shown a few times
/// a second, and a paced one skips frames when the last update took long to render (it then
/// waits twice that cost before the next).
async fn watch(id: RunId, ctl: Rc<Control>, dispatcher: UseReducerDispatcher<State>) {
    let mut last: Option<RunView> = None;
    let mut dispatched_at = f64::NEG_INFINITY;
    let mut measuring = false;
    let mut render_ms = 0.0;
    loop {
        next_frame().await;
        let frame_at = now_ms();
        if measuring {
            // The frame after an update: its gap beyond one frame is what the update cost.
            render_ms = (frame_at - dispatched_at - FRAME_MS).max(0.0);
            measuring = false;
        }
        let view = read_view(id, &ctl);
        let status = view.status;
        let changed = last.is_none_or(|l| {
            l.status != view.status || l.version != view.version || l.now != view.now
        });
        let wait = update_interval(
            ctl.pace() == Pace::Instant,
            render_ms,
            INSTANT_UPDATE_MS,
            MAX_SKIP_MS,
        );
        let throttled = !status.is_over() && frame_at - dispatched_at < wait;
        if changed && !throttled {
            dispatcher.dispatch(Action::Frame(view));
            last = Some(view);
            dispatched_at = frame_at;
            measuring = true;
        }
        if status.is_over() {
            break;
        }
    }
}

/// Asks which draft to keep when another tab changed this one (see [`storage::save_draft`]):
/// this tab's (kept aside meanwhile) or the other's, which then opens in the editor.
fn offer_conflict_choice(key: String, sample: usize, dispatcher: UseReducerDispatcher<State>) {
    super::banner::draft_conflict(Rc::new(move |keep_mine: bool| {
        if keep_mine {
            if let Some(mine) = storage::load(&storage::side_key(&key)) {
                storage::keep_mine(&key, &mine);
            }
        } else if let Some(theirs) = storage::take_theirs(&key) {
            dispatcher.dispatch(Action::OpenSample(sample, theirs));
        }
    }));
}

/// The whole Coroscope app.
#[component]
pub fn App(props: &AppProps) -> Html {
    let state = {
        let props = props.clone();
        use_reducer(move || initial_state(&props))
    };
    let live: Rc<RefCell<Option<Live>>> = use_mut_ref(|| None);
    let debounce: Rc<RefCell<Option<Timeout>>> = use_mut_ref(|| None);
    let prefix = props.storage.to_string();

    // Stop the run when the app unmounts.
    {
        let live = live.clone();
        use_effect_with((), move |_| {
            move || {
                if let Some(run) = live.borrow().as_ref() {
                    run.ctl.stop();
                }
            }
        });
    }

    let middle = use_node_ref();
    // Starts a run; `paused`: stopped at its first event (Step before any run).
    let start: Rc<dyn Fn(bool)> = {
        let state = state.clone();
        let live = live.clone();
        let middle = middle.clone();
        Rc::new(move |paused: bool| {
            if state.syntax.is_some() || state.source.trim().is_empty() {
                return;
            }
            if let Some(old) = live.borrow().as_ref() {
                old.ctl.stop();
            }
            let id = state.next_run();
            let ctl = Control::for_file(&state.file_name(), &state.source, state.speed.pace());
            let reading = ctl.clone();
            *live.borrow_mut() = Some(Live {
                id,
                ctl: ctl.clone(),
                clock: LiveClock(Rc::new(move || reading.live_now())),
                model: Rc::new(RefCell::new(Model::default())),
            });
            state.dispatch(Action::Started(id));
            if paused {
                ctl.pause();
                ctl.step();
                state.dispatch(Action::Frame(read_view(id, &ctl)));
                state.dispatch(Action::Seek(1));
            }
            wasm_bindgen_futures::spawn_local(drive(ctl.clone()));
            wasm_bindgen_futures::spawn_local(watch(id, ctl, state.dispatcher()));
            reveal(&middle);
        })
    };

    let with_ctl = |f: fn(&Control)| {
        let live = live.clone();
        Callback::from(move |()| {
            if let Some(run) = live.borrow().as_ref() {
                f(&run.ctl);
            }
        })
    };
    let onrun = {
        let start = start.clone();
        let state = state.clone();
        Callback::from(move |()| {
            if !state.is_live() {
                start(false);
            }
        })
    };
    let onrestart = {
        let start = start.clone();
        Callback::from(move |()| start(false))
    };
    let onstop = with_ctl(Control::stop);
    let onpause = {
        let live = live.clone();
        let state = state.clone();
        Callback::from(move |()| {
            if let Some(run) = live.borrow().as_ref() {
                if run.ctl.status() == DriverStatus::Paused {
                    run.ctl.resume();
                    state.dispatch(Action::Follow);
                } else {
                    run.ctl.pause();
                }
            }
        })
    };

    let onspeed = {
        let state = state.clone();
        let live = live.clone();
        Callback::from(move |speed: Speed| {
            if let (Some(run), Pace::Paced(factor)) = (live.borrow().as_ref(), speed.pace()) {
                run.ctl.set_speed(factor);
            }
            state.dispatch(Action::SetSpeed(speed));
        })
    };

    let oninput = {
        let state = state.clone();
        let debounce = debounce.clone();
        let prefix = prefix.clone();
        Callback::from(move |source: String| {
            state.dispatch(Action::Edit(source.clone()));
            // Saved at once (a reload right after typing loses nothing); parsed when typing
            // pauses. Another tab's newer draft is never overwritten without asking.
            let key = storage::draft_key(&prefix, state.current_sample().id);
            if let storage::DraftSave::Conflict { .. } = storage::save_draft(&key, &source) {
                offer_conflict_choice(key, state.sample, state.dispatcher());
            }
            let dispatcher = state.dispatcher();
            let timer = Timeout::new(DEBOUNCE_MS, move || {
                let problem = check_syntax(&source);
                dispatcher.dispatch(Action::Checked(source, problem));
            });
            // Dropping the previous timeout cancels it.
            *debounce.borrow_mut() = Some(timer);
        })
    };

    let onsample = {
        let state = state.clone();
        let debounce = debounce.clone();
        let prefix = prefix.clone();
        let live = live.clone();
        Callback::from(move |index: usize| {
            let Some(sample) = SAMPLES.get(index) else {
                return;
            };
            // A run of the script being left would no longer match the editor: stop it.
            if let Some(run) = live.borrow().as_ref() {
                run.ctl.stop();
            }
            debounce.borrow_mut().take();
            let source = storage::load(&storage::draft_key(&prefix, sample.id))
                .unwrap_or_else(|| sample.source.to_string());
            storage::save(&storage::last_sample_key(&prefix), sample.id);
            state.dispatch(Action::OpenSample(index, source));
        })
    };

    let onreset = {
        let state = state.clone();
        let debounce = debounce.clone();
        let prefix = prefix.clone();
        let live = live.clone();
        Callback::from(move |()| {
            debounce.borrow_mut().take();
            // The run on screen goes with the text it ran.
            if let Some(run) = live.borrow().as_ref() {
                run.ctl.stop();
            }
            let sample = state.current_sample();
            storage::remove(&storage::draft_key(&prefix, sample.id));
            state.dispatch(Action::OpenSample(state.sample, sample.source.to_string()));
        })
    };

    let onjump = {
        let dispatcher = state.dispatcher();
        Callback::from(move |line: u32| {
            if line > 0 {
                dispatcher.dispatch(Action::Jump(line))
            }
        })
    };

    // What the panes show.
    let run_id = state.run.map(|r| r.id);
    let version = state.run.map_or(0, |r| r.version);
    let over = state.run.is_some_and(|r| r.status.is_over());
    let shown = state.shows_run();
    let stale = state.run_is_stale();
    let derived = {
        let live = live.clone();
        use_memo(
            (run_id, version, state.cursor, over, shown, stale),
            move |(id, _, cursor, over, shown, stale)| match live.borrow().as_ref() {
                Some(run) if Some(run.id) == *id && *shown => derive(run, *cursor, *over, *stale),
                _ => Derived::default(),
            },
        )
    };
    let trace_ref = live
        .borrow()
        .as_ref()
        .filter(|run| shown && Some(run.id) == run_id)
        .map(|run| TraceRef {
            runtime: run.ctl.runtime.clone(),
            version,
        });
    let clock = live
        .borrow()
        .as_ref()
        .filter(|run| shown && Some(run.id) == run_id)
        .map(|run| run.clock.clone());

    // A syntax error hides the run: a live one stops (nothing of it is on screen any more).
    {
        let live = live.clone();
        use_effect_with(state.syntax.is_some(), move |broken| {
            if *broken {
                if let Some(run) = live.borrow().as_ref() {
                    run.ctl.stop();
                }
            }
        });
    }

    let onstepback = {
        let dispatcher = state.dispatcher();
        let live = live.clone();
        let len = derived.len;
        Callback::from(move |()| {
            if let Some(run) = live.borrow().as_ref() {
                run.ctl.pause();
            }
            dispatcher.dispatch(Action::StepBack(len));
        })
    };
    let onstep = {
        let state = state.clone();
        let live = live.clone();
        let len = derived.len;
        let pos = derived.pos;
        let start = start.clone();
        let fresh = fresh_run(&state);
        Callback::from(move |()| {
            if fresh {
                // Before any run (or after an edit): start the script paused at its first event.
                start(true);
                return;
            }
            if let Some(run) = live.borrow().as_ref() {
                if pos >= len && !run.ctl.status().is_over() {
                    // Run the script until it records more, then show the first new event.
                    run.ctl.pause();
                    run.ctl.step();
                    state.dispatch(Action::Frame(read_view(run.id, &run.ctl)));
                    state.dispatch(Action::Seek(len + 1));
                    return;
                }
            }
            state.dispatch(Action::StepForward(len));
        })
    };

    // Shortcuts outside text fields: ←/→ step, Space pauses or resumes.
    let onshortcut = {
        let onstep = onstep.clone();
        let onstepback = onstepback.clone();
        let onpause = onpause.clone();
        let live_run = state.is_live();
        Callback::from(move |event: KeyboardEvent| {
            let tag = event
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .map(|el| el.tag_name())
                .unwrap_or_default();
            let in_field = matches!(tag.as_str(), "TEXTAREA" | "INPUT" | "SELECT");
            if in_field
                || event.default_prevented()
                || event.ctrl_key()
                || event.meta_key()
                || event.alt_key()
            {
                return;
            }
            match event.key().as_str() {
                "ArrowRight" => onstep.emit(()),
                "ArrowLeft" => onstepback.emit(()),
                " " if live_run && tag != "BUTTON" => onpause.emit(()),
                _ => return,
            }
            event.prevent_default();
        })
    };

    let runnable = state.syntax.is_none() && !state.source.trim().is_empty();
    let can_step_back = derived.pos > 0;
    let can_step = state.is_live() || derived.pos < derived.len || runnable && fresh_run(&state);
    let note = console_note(&state, &derived);

    let live_paced = state.run.is_some_and(|r| r.status == DriverStatus::Running)
        && live
            .borrow()
            .as_ref()
            .is_some_and(|run| matches!(run.ctl.pace(), Pace::Paced(_)));
    let position = state.cursor.map(|p| p.min(derived.len));
    // One clock for every pane: the driver's live reading while following the run.
    let loop_now = state.run.filter(|_| position.is_none()).map(|r| r.now);
    let onseek = {
        let dispatcher = state.dispatcher();
        let live = live.clone();
        Callback::from(move |pos: usize| {
            if let Some(run) = live.borrow().as_ref() {
                run.ctl.pause();
            }
            dispatcher.dispatch(Action::Seek(pos));
        })
    };

    let timeline = if let Some(problem) = &state.syntax {
        html! {
            <section class="coroscope-pane coroscope-timeline" data-testid="timeline">
                <h2 class="coroscope-pane-title">{"Timeline"}</h2>
                <p class="coroscope-empty error" data-testid="timeline-message">
                    if problem.import {
                        { format!("The script imports modules Coroscope does not have (see under the editor). It can import {}.", crate::runtime::stdlib::importable()) }
                    } else {
                        { format!("The script has a syntax error on line {}: {}. Fix it to run.", problem.line, problem.message) }
                    }
                </p>
            </section>
        }
    } else if state.source.trim().is_empty() {
        html! {
            <section class="coroscope-pane coroscope-timeline" data-testid="timeline">
                <h2 class="coroscope-pane-title">{"Timeline"}</h2>
                <p class="coroscope-empty" data-testid="timeline-message">
                    {"The script is empty: pick a sample or type some asyncio code."}
                </p>
            </section>
        }
    } else {
        // The timeline sizes itself to its lanes (up to a dozen; it scrolls beyond).
        html! {
            <>
                <div class="coroscope-timeline-slot">
                    <Timeline trace={trace_ref.clone()} pos={position} live={live_paced}
                        clock={clock.clone()} {over} onjump={onjump.clone()} onscrub={onseek.clone()} />
                </div>
                <LoopPanel trace={trace_ref.clone()} pos={position} now={loop_now} />
            </>
        }
    };

    html! {
        <div class="coroscope" tabindex="-1" onkeydown={onshortcut}>
            <Toolbar
                run={state.run.filter(|_| shown)}
                status={AttrValue::Static(state.status_label())}
                speed={state.speed}
                sample={state.sample}
                {runnable}
                {can_step_back}
                {can_step}
                {onrun}
                {onstop}
                {onpause}
                {onstepback}
                {onstep}
                {onrestart}
                {onspeed}
                {onsample}
            />
            <main class="coroscope-panes">
                <Editor
                    source={AttrValue::from(state.source.clone())}
                    syntax={state.syntax.clone()}
                    marks={derived.marks.clone()}
                    jump={state.jump}
                    edited={state.is_edited()}
                    file_name={AttrValue::from(state.file_name())}
                    watch={state.watch().map(AttrValue::Static)}
                    {oninput}
                    onrun={onrun_key(&state, start.clone())}
                    {onreset}
                />
                <div class="coroscope-middle" ref={middle}>
                    { timeline }
                    <Hints hints={derived.hints.clone()} onjump={onjump.clone()} />
                    <TaskTable rows={derived.rows.clone()} onjump={onjump.clone()} />
                </div>
                <Console view={derived.console.clone()} stderr={derived.stderr.clone()} {note} {onjump} />
            </main>
            <Announcer text={announcement(&state, &derived)} />
        </div>
    }
}

fn onrun_key(state: &UseReducerHandle<State>, start: Rc<dyn Fn(bool)>) -> Callback<()> {
    let live = state.is_live();
    Callback::from(move |()| {
        if !live {
            start(false);
        }
    })
}

/// Whether Step should start a new run (paused at its first event) rather than move in the
/// current one: before any run, or once the script changed since a finished one.
fn fresh_run(state: &State) -> bool {
    state.run.is_none() || state.run_is_stale() && !state.is_live()
}

/// The console's note from Coroscope, if any.
fn console_note(state: &State, derived: &Derived) -> Option<AttrValue> {
    match &state.syntax {
        Some(p) if p.import => {
            return Some(AttrValue::Static(
                "Remove or replace the imports Coroscope does not have to run the script.",
            ))
        }
        Some(_) => return Some(AttrValue::Static("Fix the syntax error to run the script.")),
        None => {}
    }
    if state.run_is_stale() && !state.is_live() {
        return Some(AttrValue::Static(
            "The script changed since this run: press ▶ Run to run the new version.",
        ));
    }
    match state.run.map(|r| r.status) {
        Some(DriverStatus::Stopped) => Some(AttrValue::Static("Stopped.")),
        Some(DriverStatus::Finished(_))
            if derived.console.lines.is_empty() && derived.stderr.is_empty() =>
        {
            Some(AttrValue::Static("The script printed nothing."))
        }
        None => Some(AttrValue::Static(
            "Press ▶ Run (or Ctrl+Enter) to run the script, or Step to start it paused at its first event.",
        )),
        _ => None,
    }
}

/// What the screen-reader announcer says (see [`announce`]).
fn announcement(state: &State, derived: &Derived) -> AttrValue {
    let status = state.run.filter(|_| state.shows_run()).map(|r| r.status);
    let pinned = state
        .cursor
        .map(|_| (derived.pos, derived.len, derived.event.as_str()));
    let error = derived.stderr.last().map(|l| l.text.as_str());
    let lines = derived.console.hidden + derived.console.lines.len();
    AttrValue::from(announce(status, pinned, derived.rows.len(), lines, error))
}

/// Brings the timeline into view when a run starts, if it is not on screen whole (on a phone
/// it sits below the editor), leaving room for a toolbar that sticks to the top.
fn reveal(middle: &NodeRef) {
    let (Some(el), Some(window)) = (middle.cast::<web_sys::HtmlElement>(), web_sys::window())
    else {
        return;
    };
    // The timeline is the first thing in the middle column.
    let target = el
        .first_element_child()
        .unwrap_or_else(|| el.clone().into());
    let toolbar = el
        .closest(".coroscope")
        .ok()
        .flatten()
        .and_then(|root| root.query_selector(".coroscope-toolbar").ok().flatten());
    let height = window
        .inner_height()
        .ok()
        .and_then(|h| h.as_f64())
        .unwrap_or(800.0);
    let bar = toolbar.map_or(0.0, |t| t.get_bounding_client_rect().bottom().max(0.0));
    let rect = target.get_bounding_client_rect();
    let need = rect.height().min(height - bar - 8.0);
    if rect.top() < bar || rect.top() + need > height {
        // (The slot's own style is Yew's: the margin goes through a variable on the column.)
        let style = format!("--cs-reveal-margin: {}px", bar.round() + 8.0);
        let _ = el.set_attribute("style", &style);
        target.scroll_into_view_with_bool(true);
    }
}
