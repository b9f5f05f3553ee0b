//! Browser tests (wasm-bindgen-test in headless Chromium) of the loop driver and the mounted
//! app: the browser clock at a high speed gives the same output and events as the virtual
//! clock; `sleep(0.2)` at 1× takes at least 200 ms of real time; Stop ends `while True: pass`
//! while the page stays responsive; Pause freezes the clock; the app runs a sample at Instant.
//!
//! Run with `CHROMEDRIVER=/usr/bin/chromedriver cargo test --target wasm32-unknown-unknown
//! --test browser` (`scripts/test` does this). On the host this file compiles to nothing.
#![cfg(target_arch = "wasm32")]

use std::cell::Cell;
use std::rc::Rc;

use coroscope::runtime::{run_script, RunOptions};
use coroscope::trace::Event;
use coroscope::ui::driver::{drive, now_ms, yield_to_browser, Control, DriverStatus, Pace};
use coroscope::ui::samples::SAMPLES;
use gloo_timers::future::TimeoutFuture;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{Element, HtmlElement, HtmlSelectElement};

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    web_sys::window()
        .and_then(|window| window.document())
        .expect("tests run in a page")
}

/// A fresh element attached to `<body>`, as an embedding page would provide.
fn fresh_root() -> Element {
    let document = document();
    let root = document.create_element("div").expect("create a div");
    document
        .body()
        .expect("the test page has a body")
        .append_child(&root)
        .expect("attach the div");
    root
}

fn by_testid(root: &Element, id: &str) -> Element {
    root.query_selector(&format!("[data-testid={id}]"))
        .expect("a valid selector")
        .unwrap_or_else(|| panic!("no element with data-testid={id}"))
}

fn text_of(root: &Element, id: &str) -> String {
    root.query_selector(&format!("[data-testid={id}]"))
        .ok()
        .flatten()
        .and_then(|element| element.text_content())
        .unwrap_or_default()
}

/// Polls `done` every 10 ms (yielding to the browser each time) until it holds.
async fn wait_until(what: &str, limit_ms: f64, done: impl Fn() -> bool) {
    let start = now_ms();
    while !done() {
        assert!(now_ms() - start < limit_ms, "timed out waiting for {what}");
        TimeoutFuture::new(10).await;
    }
}

/// The events of a trace without their clock stamps (for comparing two clocks).
fn events(ctl: &Control) -> Vec<Event> {
    ctl.runtime
        .trace
        .borrow()
        .records
        .iter()
        .map(|r| r.event)
        .collect()
}

#[wasm_bindgen_test]
async fn a_macrotask_yield_comes_back_in_well_under_four_milliseconds() {
    let start = now_ms();
    for _ in 0..20 {
        yield_to_browser().await;
    }
    let per_yield = (now_ms() - start) / 20.0;
    assert!(per_yield < 4.0, "{per_yield} ms per yield");
}

#[wasm_bindgen_test]
async fn the_browser_clock_at_high_speed_matches_the_virtual_clock() {
    for id in [
        "gather",
        "create_task",
        "queue",
        "cancellation",
        "taskgroup",
    ] {
        let sample = SAMPLES.iter().find(|s| s.id == id).expect("sample exists");
        let expected = run_script(sample.source, RunOptions::default());
        let ctl = Control::new(sample.source, Pace::Paced(50.0));
        drive(ctl.clone()).await;
        assert_eq!(ctl.status(), DriverStatus::Finished(0), "{id}");
        assert_eq!(*ctl.runtime.stdout.borrow(), expected.stdout, "{id}");
        let virtual_events: Vec<Event> = expected.trace.records.iter().map(|r| r.event).collect();
        assert_eq!(
            events(&ctl),
            virtual_events,
            "{id}: same events in the same order"
        );
        let last = ctl.runtime.trace.borrow().records.last().map(|r| r.t);
        assert_eq!(last, expected.trace.records.last().map(|r| r.t), "{id}");
    }
}

#[wasm_bindgen_test]
async fn sleep_two_tenths_at_1x_takes_at_least_200_ms_of_real_time() {
    let source = "import asyncio\n\nasync def main():\n    await asyncio.sleep(0.2)\n    print('done')\n\nasyncio.run(main())\n";
    let ctl = Control::new(source, Pace::Paced(1.0));
    let start = now_ms();
    drive(ctl.clone()).await;
    let took = now_ms() - start;
    assert!(took >= 200.0, "took {took} ms");
    assert!(took < 1_000.0, "took {took} ms");
    assert_eq!(*ctl.runtime.stdout.borrow(), "done\n");
    let wall = ctl.runtime.trace.borrow().records.last().map(|r| r.wall_ms);
    assert!(wall.is_some_and(|w| w >= 195.0), "wall stamp {wall:?}");
}

#[wasm_bindgen_test]
async fn stop_ends_an_endless_loop_and_the_page_stays_responsive() {
    let ctl = Control::new("while True:\n    pass\n", Pace::Paced(1.0));
    let done = Rc::new(Cell::new(false));
    {
        let ctl = ctl.clone();
        let done = done.clone();
        wasm_bindgen_futures::spawn_local(async move {
            drive(ctl).await;
            done.set(true);
        });
    }
    // A 10 ms timer keeps firing while the script spins: the driver yields to the browser.
    let ticks = Rc::new(Cell::new(0u32));
    let start = now_ms();
    while now_ms() - start < 300.0 {
        TimeoutFuture::new(10).await;
        ticks.set(ticks.get() + 1);
    }
    assert!(
        ticks.get() >= 10,
        "only {} timer ticks in 300 ms",
        ticks.get()
    );
    assert_eq!(ctl.status(), DriverStatus::Running);
    let stop_at = now_ms();
    ctl.stop();
    wait_until("the driver to end", 1_000.0, || done.get()).await;
    assert!(now_ms() - stop_at < 200.0);
    assert_eq!(ctl.status(), DriverStatus::Stopped);
}

#[wasm_bindgen_test]
async fn pause_freezes_the_clock_and_resume_continues_to_the_end() {
    let source = "import asyncio\n\nasync def main():\n    await asyncio.sleep(0.3)\n    print('late')\n\nasyncio.run(main())\n";
    let ctl = Control::new(source, Pace::Paced(1.0));
    let done = Rc::new(Cell::new(false));
    {
        let ctl = ctl.clone();
        let done = done.clone();
        wasm_bindgen_futures::spawn_local(async move {
            drive(ctl).await;
            done.set(true);
        });
    }
    TimeoutFuture::new(100).await;
    ctl.pause();
    let frozen = ctl.live_now();
    assert!(frozen > 0.0 && frozen < 0.3, "clock read {frozen}");
    TimeoutFuture::new(400).await;
    assert_eq!(ctl.status(), DriverStatus::Paused);
    assert_eq!(ctl.live_now(), frozen);
    assert!(ctl.runtime.stdout.borrow().is_empty());
    ctl.resume();
    wait_until("the run to finish", 2_000.0, || done.get()).await;
    assert_eq!(*ctl.runtime.stdout.borrow(), "late\n");
}

#[wasm_bindgen_test]
async fn stepping_a_paused_run_advances_it_to_the_end_deterministically() {
    let sample = SAMPLES.iter().find(|s| s.id == "gather").expect("sample");
    let expected = run_script(sample.source, RunOptions::default());
    let ctl = Control::new(sample.source, Pace::Paced(1.0));
    ctl.pause();
    let mut steps = 0;
    let mut last = 0;
    while ctl.status() == DriverStatus::Paused {
        let grew = ctl.step();
        let len = ctl.runtime.trace.borrow().records.len();
        assert!(
            grew || ctl.status().is_over(),
            "step {steps} recorded nothing"
        );
        assert!(len >= last);
        last = len;
        steps += 1;
        assert!(steps < 10_000);
    }
    assert!(steps > 5, "only {steps} steps");
    assert_eq!(ctl.status(), DriverStatus::Finished(0));
    assert_eq!(*ctl.runtime.stdout.borrow(), expected.stdout);
}

#[wasm_bindgen_test]
async fn the_mounted_app_runs_a_sample_at_instant_speed() {
    let root = fresh_root();
    root.set_attribute("data-storage", "browser-test")
        .expect("attribute");
    let app = coroscope::ui::mount(root.clone());
    wait_until("the app to render", 5_000.0, || {
        text_of(&root, "status") == "not run yet"
    })
    .await;
    for id in [
        "editor",
        "run",
        "stop",
        "pause",
        "step",
        "speed",
        "timeline",
        "console",
        "sample-picker",
    ] {
        by_testid(&root, id);
    }
    let speed: HtmlSelectElement = by_testid(&root, "speed").dyn_into().expect("a select");
    speed.set_value("Instant");
    speed
        .dispatch_event(&web_sys::Event::new("change").expect("event"))
        .expect("dispatch");
    TimeoutFuture::new(20).await;
    by_testid(&root, "run")
        .dyn_ref::<HtmlElement>()
        .expect("Run is an HTML element")
        .click();
    wait_until("the run to finish", 5_000.0, || {
        text_of(&root, "status") == "finished"
    })
    .await;
    let console = text_of(&root, "console");
    assert!(console.contains("Async function executed"), "{console}");
    let rows = root
        .query_selector_all("[data-testid=task-row]")
        .expect("selector");
    assert_eq!(rows.length(), 1);
    app.destroy();
    root.remove();
}
