//! What Run does until the interpreter is wired in: an honest probe of the browser event loop.
//! A Rust future awaits a real browser timer and the console reports the delay asked for and
//! the time measured.

use gloo_timers::future::TimeoutFuture;

use super::state::{timer_report, Action, ConsoleLine, RunId};

/// The delay the probe waits for, in milliseconds.
pub const PROBE_DELAY_MS: u32 = 100;

/// Milliseconds since an arbitrary origin, from `performance.now()` when the page has it and
/// from `Date.now()` otherwise. Only meaningful in a browser.
pub fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|window| window.performance())
        .map_or_else(js_sys::Date::now, |performance| performance.now())
}

/// Awaits a browser `setTimeout` of `delay_ms` and returns the milliseconds that really passed.
pub async fn wait_on_timer(delay_ms: u32) -> f64 {
    let start = now_ms();
    TimeoutFuture::new(delay_ms).await;
    now_ms() - start
}

/// Runs the probe as run `run`, reporting through `emit`: a note that the interpreter is not
/// wired in yet, the timer report, then [`Action::Finish`].
pub async fn probe_event_loop(run: RunId, emit: impl Fn(Action)) {
    emit(Action::Print(
        run,
        ConsoleLine::info(
            "The interpreter is not wired in yet: Run only probes the browser event loop.",
        ),
    ));
    let measured = wait_on_timer(PROBE_DELAY_MS).await;
    emit(Action::Print(
        run,
        ConsoleLine::info(timer_report(PROBE_DELAY_MS, measured)),
    ));
    emit(Action::Finish(run));
}
