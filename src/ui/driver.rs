//! The browser loop driver: a `spawn_local` future that polls a run's [`Session`], pacing the
//! loop clock with real time (browser clock) or running it flat out (Instant, the virtual
//! clock), and always giving the page a turn.
//!
//! - Work is done in *slices* of at most [`SLICE_MS`] of `performance.now()` time; between
//!   slices the driver yields with a macrotask (a `MessageChannel` post: `setTimeout(0)` is
//!   clamped to 4 ms and microtasks never let the page paint), so rendering and Stop stay
//!   responsive even under `while True: pass`. The evaluator's step budget adapts so one poll
//!   takes about [`POLL_MS`].
//! - On the browser clock, `Waiting::Until(t)` / `Blocked(t)` waits until loop time `t` is due
//!   on the [`Pacer`], in chunks of at most [`WAIT_CHUNK_MS`] so Pause, Stop and speed changes
//!   act at once.
//! - The UI talks to a run only through its [`Control`]: flags it sets (pause, stop, speed,
//!   step) and readings it takes (status, live clock). The driver never touches the DOM.
//! - A run that failed inside our own code (a panic traps the wasm instance mid-poll, leaving
//!   its session borrowed) is never borrowed again: every access uses `try_borrow_mut`, and a
//!   session found still borrowed ends the run as [`DriverStatus::Finished`]`(1)` instead of
//!   panicking a second time. The panic itself is reported by [`super::banner`].

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use gloo_timers::future::TimeoutFuture;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use super::pacing::{next_step_budget, Pacer};
use crate::runtime::core::Runtime;
use crate::runtime::run::{Clock, RunOptions, Session, Waiting};

/// Longest stretch of work (ms) before the driver yields to the browser.
pub const SLICE_MS: f64 = 6.0;
/// What one poll should take (ms); the step budget adapts towards it.
pub const POLL_MS: f64 = 2.0;
/// Longest single real wait (ms) before the driver checks its flags again.
pub const WAIT_CHUNK_MS: f64 = 25.0;
/// The step budget a run starts with.
pub const FIRST_BUDGET: u64 = 2_000;

/// Milliseconds from `performance.now()` (`Date.now()` where the page has no `performance`).
pub fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|window| window.performance())
        .map_or_else(js_sys::Date::now, |performance| performance.now())
}

/// Gives the browser one turn: resolves from a `MessageChannel` message (a macrotask), so
/// pending input, timers and rendering run first.
pub async fn yield_to_browser() {
    let Ok(channel) = web_sys::MessageChannel::new() else {
        TimeoutFuture::new(0).await;
        return;
    };
    let promise = js_sys::Promise::new(&mut |resolve, _reject| {
        let keep = channel.clone();
        let onmessage = wasm_bindgen::closure::Closure::once_into_js(move |_: JsValue| {
            let _ = resolve.call0(&JsValue::UNDEFINED);
            keep.port1().set_onmessage(None);
        });
        channel
            .port1()
            .set_onmessage(Some(onmessage.unchecked_ref()));
        let _ = channel.port2().post_message(&JsValue::NULL);
    });
    let _ = JsFuture::from(promise).await;
}

/// Resolves at the next animation frame (`requestAnimationFrame`); falls back to a 16 ms timer
/// where frames are unavailable.
pub async fn next_frame() {
    let Some(window) = web_sys::window() else {
        TimeoutFuture::new(16).await;
        return;
    };
    let promise = js_sys::Promise::new(&mut |resolve, _reject| {
        if window.request_animation_frame(&resolve).is_err() {
            let _ = resolve.call0(&JsValue::UNDEFINED);
        }
    });
    let _ = JsFuture::from(promise).await;
}

async fn sleep_ms(ms: f64) {
    TimeoutFuture::new(ms.clamp(0.0, f64::from(u32::MAX)).ceil() as u32).await;
}

/// Where a run stands, as the driver reports it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DriverStatus {
    /// Polling or waiting for the clock.
    Running,
    /// Paused by the user (the clock is frozen).
    Paused,
    /// The script ended with this exit code (0 ok, 1 uncaught exception or syntax error).
    Finished(i32),
    /// Stopped by the user.
    Stopped,
}

impl DriverStatus {
    /// Whether the run is over (finished or stopped).
    pub fn is_over(self) -> bool {
        matches!(self, DriverStatus::Finished(_) | DriverStatus::Stopped)
    }
}

/// How fast a run goes.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Pace {
    /// The browser clock at this speed factor (loop seconds per real second).
    Paced(f64),
    /// The virtual clock: the whole run at once.
    Instant,
}

/// The shared handle of one run: the UI sets its flags, the driver reads them.
pub struct Control {
    /// The run's runtime (trace, clock, output).
    pub runtime: Rc<Runtime>,
    session: RefCell<Session>,
    pace: Pace,
    pacer: RefCell<Pacer>,
    status: Cell<DriverStatus>,
    paused: Cell<bool>,
    stop: Cell<bool>,
    /// Loop time the clock is waiting for (browser clock), while it waits.
    waiting_until: Cell<Option<f64>>,
    /// Loop time frozen by a pause.
    frozen: Cell<Option<f64>>,
    started: f64,
    ended: Cell<Option<f64>>,
    budget: Cell<u64>,
}

impl Control {
    /// Prepares a run of `source` as `main.py` (not started: pass it to [`drive`]).
    pub fn new(source: &str, pace: Pace) -> Rc<Control> {
        Control::for_file(crate::runtime::run::DEFAULT_SCRIPT_NAME, source, pace)
    }

    /// Prepares a run of `source`, the script called `file` (the name its tracebacks and
    /// warnings show).
    pub fn for_file(file: &str, source: &str, pace: Pace) -> Rc<Control> {
        let clock = match pace {
            Pace::Paced(_) => Clock::Paced,
            Pace::Instant => Clock::Virtual,
        };
        let session = Session::for_file(
            file,
            source,
            RunOptions {
                clock,
                timestamps: false,
                step_budget: FIRST_BUDGET,
                epoch: js_sys::Date::now() / 1000.0,
                ..RunOptions::default()
            },
        );
        let started = now_ms();
        let speed = match pace {
            Pace::Paced(speed) => speed,
            Pace::Instant => 1.0,
        };
        Rc::new(Control {
            runtime: session.rt.clone(),
            session: RefCell::new(session),
            pace,
            pacer: RefCell::new(Pacer::new(speed, started, 0.0)),
            status: Cell::new(DriverStatus::Running),
            paused: Cell::new(false),
            stop: Cell::new(false),
            waiting_until: Cell::new(None),
            frozen: Cell::new(None),
            started,
            ended: Cell::new(None),
            budget: Cell::new(FIRST_BUDGET),
        })
    }

    /// The run's status.
    pub fn status(&self) -> DriverStatus {
        self.status.get()
    }

    /// How the run is paced.
    pub fn pace(&self) -> Pace {
        self.pace
    }

    /// Real milliseconds since the run started (until it ended, once over).
    pub fn elapsed_ms(&self) -> f64 {
        self.ended.get().unwrap_or_else(now_ms) - self.started
    }

    fn end(&self, status: DriverStatus) {
        self.status.set(status);
        if self.ended.get().is_none() {
            self.ended.set(Some(now_ms()));
        }
    }

    /// What the loop clock reads now: between clock jumps on the browser clock it moves
    /// smoothly towards the awaited deadline (for the timeline's "now" cursor).
    pub fn live_now(&self) -> f64 {
        let now = self.runtime.now.get();
        if let Some(frozen) = self.frozen.get() {
            return frozen.max(now);
        }
        match self.waiting_until.get() {
            Some(until) => self
                .pacer
                .borrow()
                .loop_at(now_ms())
                .clamp(now, until.max(now)),
            None => now,
        }
    }

    /// Pauses the run (the clock freezes).
    pub fn pause(&self) {
        if self.status.get() == DriverStatus::Running {
            self.frozen.set(Some(self.live_now()));
            self.paused.set(true);
            self.status.set(DriverStatus::Paused);
        }
    }

    /// Resumes a paused run from where its clock stopped.
    pub fn resume(&self) {
        if self.status.get() == DriverStatus::Paused {
            let frozen = self.frozen.take().unwrap_or_else(|| self.runtime.now.get());
            self.pacer.borrow_mut().reanchor(now_ms(), frozen);
            self.paused.set(false);
            self.status.set(DriverStatus::Running);
        }
    }

    /// Stops the run: the driver drops the session at its next check (at once if paused).
    pub fn stop(&self) {
        self.stop.set(true);
        if !self.status.get().is_over() {
            if let Ok(mut session) = self.session.try_borrow_mut() {
                session.stop();
            }
            self.end(DriverStatus::Stopped);
        }
    }

    /// Ends a run whose session is still borrowed by a poll that never returned (a panic).
    fn abandon(&self) {
        self.stop.set(true);
        self.end(DriverStatus::Finished(1));
    }

    /// Changes the speed of a browser-clock run without moving its clock.
    pub fn set_speed(&self, speed: f64) {
        if let Pace::Paced(_) = self.pace {
            let reading = self.live_now();
            self.pacer.borrow_mut().set_speed(speed, now_ms(), reading);
        }
    }

    /// While paused: runs the script until at least one more trace event is recorded (a clock
    /// jump happens at once). Returns whether the trace grew.
    pub fn step(&self) -> bool {
        if self.status.get() != DriverStatus::Paused {
            return false;
        }
        let Ok(before) = self.runtime.trace.try_borrow().map(|t| t.records.len()) else {
            self.abandon();
            return false;
        };
        let Ok(mut session) = self.session.try_borrow_mut() else {
            self.abandon();
            return false;
        };
        let saved = session.interp.step_budget.get();
        session.interp.step_budget.set(1);
        let mut grew = false;
        for _ in 0..100_000 {
            self.runtime.wall_ms.set(self.elapsed_ms() as f32);
            let waiting = session.poll();
            if self.runtime.trace.borrow().records.len() > before {
                grew = true;
            }
            if waiting.is_none() {
                self.end(DriverStatus::Finished(session.finished().unwrap_or(1)));
                break;
            }
            if grew {
                break;
            }
        }
        session.interp.step_budget.set(saved);
        self.frozen.set(Some(self.runtime.now.get()));
        grew
    }

    /// Polls once; `None` when the script ended.
    fn poll(&self) -> Option<Waiting> {
        self.runtime.wall_ms.set(self.elapsed_ms() as f32);
        let Ok(mut session) = self.session.try_borrow_mut() else {
            self.abandon();
            return None;
        };
        let start = now_ms();
        let waiting = session.poll();
        if waiting == Some(Waiting::Preempted) {
            let budget = next_step_budget(self.budget.get(), now_ms() - start, POLL_MS);
            self.budget.set(budget);
            session.interp.step_budget.set(budget);
        }
        if waiting.is_none() {
            self.end(DriverStatus::Finished(session.finished().unwrap_or(1)));
        }
        waiting
    }

    fn should_stop(&self) -> bool {
        self.stop.get() || self.status.get().is_over() || super::banner::crashed()
    }
}

/// Drives a run to its end (or until stopped). Spawn it with `spawn_local`.
pub async fn drive(ctl: Rc<Control>) {
    let mut slice_start = now_ms();
    loop {
        if ctl.should_stop() {
            break;
        }
        if ctl.paused.get() {
            // Steps are taken synchronously by `Control::step`; just wait for a resume.
            sleep_ms(WAIT_CHUNK_MS).await;
            slice_start = now_ms();
            continue;
        }
        match ctl.poll() {
            None => break,
            Some(Waiting::Preempted) => {
                if now_ms() - slice_start >= SLICE_MS {
                    yield_to_browser().await;
                    slice_start = now_ms();
                }
            }
            Some(Waiting::Until(t)) | Some(Waiting::Blocked(t)) => {
                if let Pace::Paced(_) = ctl.pace {
                    wait_for_loop_time(&ctl, t).await;
                } else {
                    yield_to_browser().await;
                }
                slice_start = now_ms();
            }
        }
    }
}

/// Waits until loop time `t` is due, in chunks, honouring pause, stop and speed changes.
async fn wait_for_loop_time(ctl: &Control, t: f64) {
    ctl.waiting_until.set(Some(t));
    loop {
        if ctl.should_stop() {
            break;
        }
        if ctl.paused.get() {
            sleep_ms(WAIT_CHUNK_MS).await;
            continue;
        }
        let left = ctl.pacer.borrow().wait_ms(t, now_ms());
        if left <= 0.0 {
            break;
        }
        sleep_ms(left.min(WAIT_CHUNK_MS)).await;
    }
    ctl.pacer.borrow_mut().arrived(t, now_ms());
    ctl.waiting_until.set(None);
}
