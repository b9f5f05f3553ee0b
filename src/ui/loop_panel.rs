//! The event loop's internals at a position: the ready queue (task steps and callbacks, head
//! first — what the next step of the loop takes) and the timer heap (pending deadlines, whose
//! they are, what they do), plus a sentence saying what the last event did. It keeps its own
//! [`Model`] of the run, synced on every version bump like the timeline's.

use std::rc::Rc;

use yew::prelude::*;

use super::legend::style_of;
use super::timeline::secs;
use super::TraceRef;
use crate::runtime::core::Runtime;
use crate::trace::model::{outcome_text, Model, Outcome, QueueItem, TaskState};
use crate::trace::{Awaiting, Cause, Event, Trace};

/// At most this many entries of each list are shown.
const SHOWN: usize = 40;

/// Properties of [`LoopPanel`].
#[derive(Properties, PartialEq)]
pub struct LoopPanelProps {
    /// The live run, if any.
    pub trace: Option<TraceRef>,
    /// The stepped or scrubbed event position; `None` = the live end.
    pub pos: Option<usize>,
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
    let at = model.time_at_pos(&trace, pos);
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
        .map(|e| describe(model, &trace, e, pos))
        .unwrap_or_else(|| "Nothing has happened yet.".to_string());

    let item_html = |item: QueueItem, cause: Cause, class: &'static str, badge: Option<&str>| {
        let (kind, name, color) = match item {
            QueueItem::Step(task, _) => (
                "step",
                model.name_at_pos(&trace, task, pos).to_string(),
                style_of(TaskState::Pending).color,
            ),
            QueueItem::Callback(label, _) => ("callback", trace.str(label).to_string(), "#8a93a6"),
        };
        let by = match cause {
            Cause::Loop => "queued by the loop".to_string(),
            Cause::Task(_) => format!("queued by {}", model.cause_text(&trace, cause, pos)),
            Cause::Timer(_) => format!("woken by {}", model.cause_text(&trace, cause, pos)),
        };
        html! {
            <li class={classes!("cs-q-item", class)} data-testid="queue-item"
                style={format!("--cs-q-color: {color}")}>
                <span class="cs-q-kind">{kind}</span>
                <span class="cs-q-name">{name}</span>
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
        item_html(e.item, cause_of(e.item), class, badge)
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
            <div class="cs-loop-body">
                <div class="cs-loop-now" aria-live="polite">
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

/// A sentence about what the event that brought the run to `pos` did.
fn describe(model: &Model, trace: &Trace, event: Event, pos: usize) -> String {
    let name = |t| model.name_at_pos(trace, t, pos).to_string();
    let timer = |t: crate::trace::TimerId| {
        trace
            .timers
            .get(t.0 as usize)
            .map(|i| trace.str(i.label).to_string())
            .unwrap_or_else(|| format!("timer {}", t.0))
    };
    match event {
        Event::TaskCreated(t) => format!("created task {}", name(t)),
        Event::TaskRenamed(t, _) => format!("renamed a task to {}", name(t)),
        Event::StepQueued(t, c) => format!(
            "queued a step of {} ({})",
            name(t),
            model.cause_text(trace, Cause::from(c), pos)
        ),
        Event::CallbackQueued(label, _) => format!("queued callback {}", trace.str(label)),
        Event::HandleRun => {
            let head = pos
                .checked_sub(1)
                .and_then(|p| model.ready_queue_at_pos(p).first().copied());
            match head {
                Some(e) => format!(
                    "took {} from the head of the ready queue",
                    model.queue_item_text(trace, e.item, pos)
                ),
                None => "took the head of the ready queue".to_string(),
            }
        }
        Event::HandleSkipped => "dropped a cancelled handle from the head".to_string(),
        Event::TaskResumed(t) => format!("{} resumed", name(t)),
        Event::TaskSuspended(t, a) => {
            let a = Awaiting::from(a);
            let at = model.time_at_pos(trace, pos);
            format!(
                "{} suspended on {}",
                name(t),
                model.awaiting_label(trace, a, at, at)
            )
        }
        Event::TaskFinished(t, repr) => format!("{} returned {}", name(t), trace.str(repr)),
        Event::TaskFailed(t, e) => {
            format!(
                "{} raised {}",
                name(t),
                outcome_text(trace, Outcome::Raised(e))
            )
        }
        Event::TaskCancelled(t) => format!("{} was cancelled", name(t)),
        Event::TimerArmed(t) => {
            let due = trace
                .timers
                .get(t.0 as usize)
                .map(|i| secs(i.deadline))
                .unwrap_or_default();
            format!("armed timer {} due at {due}", timer(t))
        }
        Event::TimerCancelled(t) => format!("cancelled timer {}", timer(t)),
        Event::TimerFired(t) => format!("timer {} fired", timer(t)),
        Event::TaskAt(t, line) => format!("{} reached line {line}", name(t)),
        Event::FutureRegistered(f) => format!(
            "a task now waits on {}",
            trace
                .futures
                .get(f.0 as usize)
                .map(|i| trace.str(i.label))
                .unwrap_or("a future")
        ),
        Event::Blocked(c, what) => format!(
            "{} blocked the loop in {}",
            model.cause_text(trace, Cause::from(c), pos),
            trace.str(what)
        ),
        Event::Print(c, s) => format!(
            "{} printed {:?}",
            model.cause_text(trace, Cause::from(c), pos),
            trace.str(s)
        ),
        Event::Warning(w) => format!(
            "hint: {}",
            trace
                .warnings
                .get(w as usize)
                .map(|w| w.message.as_str())
                .unwrap_or("")
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::trace::synth::TraceBuilder;

    /// main sleeps 0.5 s; a child created by main runs meanwhile.
    fn trace() -> Trace {
        let mut b = TraceBuilder::new();
        let main = b.create("main", None);
        b.run(main);
        let child = b.create("child", Some(main));
        let timer = b.sleep(main, 0.5);
        b.run(child).finish(child, "42");
        b.fire(timer).run(main).finish(main, "None");
        b.build()
    }

    fn all_descriptions(trace: &Trace) -> Vec<String> {
        let model = Model::from_trace(trace);
        (1..=model.len())
            .map(|pos| {
                let event = model.record_at_pos(trace, pos).map(|r| r.event);
                describe(
                    &model,
                    trace,
                    event.expect("an event at every position"),
                    pos,
                )
            })
            .collect()
    }

    #[test]
    fn describing_a_handle_run_names_the_step_taken_from_the_head() {
        let d = all_descriptions(&trace());
        assert_eq!(d[0], "created task main");
        assert_eq!(d[1], "queued a step of main (loop)");
        assert_eq!(d[2], "took step main from the head of the ready queue");
        assert!(d.contains(&"took step child from the head of the ready queue".to_string()));
    }

    #[test]
    fn describing_suspensions_timers_and_ends_uses_script_terms() {
        let d = all_descriptions(&trace());
        assert!(
            d.contains(&"armed timer sleep due at 0.5 s".to_string()),
            "{d:?}"
        );
        assert!(
            d.contains(&"main suspended on sleep(0.5)".to_string()),
            "{d:?}"
        );
        assert!(d.contains(&"timer sleep fired".to_string()), "{d:?}");
        assert!(d.contains(&"child returned 42".to_string()), "{d:?}");
    }
}
