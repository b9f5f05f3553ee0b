//! The event loop's internals at a position: the ready queue (task steps and callbacks, head
//! first — what the next step of the loop takes) and the timer heap (pending deadlines, whose
//! they are, what they do), plus a sentence saying what the last event did. It keeps its own
//! [`Model`] of the run, synced on every version bump like the timeline's.

use std::rc::Rc;

use yew::prelude::*;

use super::derive::{describe_event, secs, task_identity};
use super::legend::style_of;
use super::TraceRef;
use crate::runtime::core::Runtime;
use crate::trace::model::{Model, QueueItem, TaskState};
use crate::trace::{Cause, Event};

/// At most this many entries of each list are shown.
const SHOWN: usize = 40;

/// Properties of [`LoopPanel`].
#[derive(Properties, PartialEq)]
pub struct LoopPanelProps {
    /// The live run, if any.
    pub trace: Option<TraceRef>,
    /// The stepped or scrubbed event position; `None` = the live end.
    pub pos: Option<usize>,
    /// The live loop clock's reading while following the run (the same clock the status and
    /// the timeline show); `None`: the time of the event at the position.
    #[prop_or_default]
    pub now: Option<f64>,
}

struct Synced {
    runtime: Option<Rc<Runtime>>,
    model: Model,
    version: u64,
}

/// The event loop panel: ready queue and timer heap at the position.
#[component]
pub fn LoopPanel(props: &LoopPanelProps) -> Html {
    let synced = use_mut_ref(|| Synced {
        runtime: None,
        model: Model::default(),
        version: u64::MAX,
    });
    let mut s = synced.borrow_mut();
    let Some(tr) = &props.trace else {
        s.runtime = None;
        s.model = Model::default();
        return html! {
            <section class="coroscope-pane cs-loop" data-testid="loop-panel">
                <h2 class="coroscope-pane-title">{"Event loop"}</h2>
                <p class="coroscope-empty">{"Run a script to see the loop's ready queue and timers."}</p>
            </section>
        };
    };
    if !s
        .runtime
        .as_ref()
        .is_some_and(|rt| Rc::ptr_eq(rt, &tr.runtime))
    {
        s.runtime = Some(tr.runtime.clone());
        s.model = Model::default();
        s.version = u64::MAX;
    }
    let trace = tr.runtime.trace.borrow();
    if s.version != tr.version {
        s.model.sync(&trace);
        s.version = tr.version;
    }
    let model = &s.model;
    let len = model.len();
    let pos = props.pos.unwrap_or(len).min(len);
    let at = match props.now {
        // The live clock, to the millisecond (as the status line shows it).
        Some(now) if pos == len => {
            ((now * 1000.0).round() / 1000.0).max(model.time_at_pos(&trace, pos))
        }
        _ => model.time_at_pos(&trace, pos),
    };
    let queue = model.ready_queue_at_pos(pos);
    let heap = model.timer_heap_at_pos(&trace, pos);
    let running = model.running_at_pos(pos);
    let last = model.record_at_pos(&trace, pos).map(|r| r.event);
    // The handle the last event took from the head, shown leaving the queue.
    let taken = match last {
        Some(Event::HandleRun | Event::HandleSkipped) => pos
            .checked_sub(1)
            .and_then(|p| model.ready_queue_at_pos(p).first().copied())
            .map(|e| (e.item, matches!(last, Some(Event::HandleSkipped)))),
        _ => None,
    };

    let what = last
        .map(|e| describe_event(model, &trace, e, pos))
        .unwrap_or_else(|| "Nothing has happened yet.".to_string());

    // A task step is drawn with its task's identity and the word "pending": the same task
    // whose table row reads "pending · #n in the ready queue".
    let item_html = |item: QueueItem,
                     cause: Cause,
                     class: &'static str,
                     turn: Option<usize>,
                     badge: Option<&str>| {
        let (kind, name, identity) = match item {
            QueueItem::Step(task, _) => (
                "step of",
                model.name_at_pos(&trace, task, pos).to_string(),
                Some(task_identity(Some(task))),
            ),
            QueueItem::Callback(label, _) => ("callback", trace.str(label).to_string(), None),
        };
        let pending = identity.is_some() && turn.is_some();
        let by = match cause {
            Cause::Loop => "queued by the loop".to_string(),
            Cause::Task(_) => format!("queued by {}", model.cause_text(&trace, cause, pos)),
            Cause::Timer(_) => format!("woken by {}", model.cause_text(&trace, cause, pos)),
        };
        html! {
            <li class={classes!("cs-q-item", class)} data-testid="queue-item"
                style={format!("--cs-q-color: {}", style_of(TaskState::Pending).color)}>
                <span class="cs-q-kind">
                    { for turn.map(|n| html! { <span class="cs-q-turn" data-testid="queue-turn">{format!("#{n}")}</span> }) }
                    {kind}
                </span>
                <span class="cs-q-name">
                    { for identity.map(|id| html! { <span class={classes!("coroscope-swatch", id.class())} aria-hidden="true"></span> }) }
                    {name}
                    if pending { <span class="cs-q-state">{"pending"}</span> }
                </span>
                <span class="cs-q-cause">{by}</span>
                { for badge.map(|b| html! { <span class="cs-q-badge">{b}</span> }) }
            </li>
        }
    };
    let cause_of = |item: QueueItem| match item {
        QueueItem::Step(_, c) | QueueItem::Callback(_, c) => c,
    };
    let taken_html = taken.map(|(item, skipped)| {
        item_html(
            item,
            cause_of(item),
            "cs-q-taken",
            None,
            Some(if skipped {
                "dropped (cancelled)"
            } else {
                "just taken"
            }),
        )
    });
    let queue_items = queue.iter().take(SHOWN).enumerate().map(|(i, e)| {
        let (class, badge) = if i == 0 {
            ("cs-q-head", Some("next"))
        } else {
            ("", None)
        };
        item_html(e.item, cause_of(e.item), class, Some(i + 1), badge)
    });
    let more_queue = (queue.len() > SHOWN).then(|| {
        html! { <li class="cs-q-more">{format!("+{} more", queue.len() - SHOWN)}</li> }
    });
    let queue_empty = (queue.is_empty() && taken.is_none()).then(|| {
        let text = if running.is_some() {
            "Empty: nothing else is ready to run."
        } else if heap.is_empty() {
            "Empty, and no timer pending."
        } else {
            "Empty: the loop sleeps until the earliest timer."
        };
        html! { <p class="cs-loop-empty">{text}</p> }
    });

    let heap_rows = heap.iter().take(SHOWN).enumerate().map(|(i, h)| {
        let owner = h
            .owner
            .map(|t| model.name_at_pos(&trace, t, pos).to_string())
            .unwrap_or_else(|| "—".to_string());
        let due_in = h.deadline - at;
        html! {
            <tr class={classes!("cs-timer", (i == 0).then_some("cs-timer-head"))} data-testid="timer-item">
                <td class="cs-timer-due">{secs(h.deadline)}</td>
                <td class="cs-timer-in">{format!("in {}", secs(due_in.max(0.0)))}</td>
                <td class="cs-timer-owner">{owner}</td>
                <td class="cs-timer-label">{trace.str(h.label).to_string()}</td>
            </tr>
        }
    });
    let more_heap = (heap.len() > SHOWN).then(|| {
        html! { <tr><td colspan="4" class="cs-q-more">{format!("+{} more", heap.len() - SHOWN)}</td></tr> }
    });
    let running_html = match running {
        Some(task) => html! {
            <span class="cs-loop-running" style={format!("--cs-q-color: {}", style_of(TaskState::Running).color)}>
                {"running: "}<strong>{model.name_at_pos(&trace, task, pos).to_string()}</strong>
            </span>
        },
        None => html! { <span class="cs-loop-running cs-idle">{"no task running"}</span> },
    };

    html! {
        <section class="coroscope-pane cs-loop" data-testid="loop-panel" aria-label="Event loop internals">
            <h2 class="coroscope-pane-title">
                <span>{"Event loop"}</span>
                <span class="cs-loop-at">{format!("event #{pos} of {len} · {}", secs(at))}</span>
            </h2>
            <div class="cs-loop-body" tabindex="0" role="group" aria-label="Ready queue and timer heap">
                <div class="cs-loop-now">
                    {running_html}
                    <span class="cs-loop-what" data-testid="loop-last-event">{what}</span>
                </div>
                <div class="cs-loop-section">
                    <h3>{"Ready queue "}<span class="cs-count">{queue.len()}</span></h3>
                    <p class="cs-loop-hint">{"First in, first out: each turn of the loop runs the handle at the head."}</p>
                    <ol class="cs-queue" data-testid="ready-queue" aria-label="Ready queue, head first">
                        {taken_html}
                        { for queue_items }
                        {more_queue}
                    </ol>
                    {queue_empty}
                </div>
                <div class="cs-loop-section">
                    <h3>{"Timer heap "}<span class="cs-count">{heap.len()}</span></h3>
                    <p class="cs-loop-hint">{"Earliest deadline first: when the ready queue is empty, the clock jumps to it."}</p>
                    if heap.is_empty() {
                        <p class="cs-loop-empty">{"No timer armed."}</p>
                    } else {
                        <table class="cs-heap" data-testid="timer-heap">
                            <thead><tr><th>{"due"}</th><th>{"in"}</th><th>{"wakes"}</th><th>{"what"}</th></tr></thead>
                            <tbody>{ for heap_rows }{more_heap}</tbody>
                        </table>
                    }
                </div>
            </div>
        </section>
    }
}
