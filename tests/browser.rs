//! Browser tests (wasm-bindgen-test in headless Chromium): a Rust future really waits on a
//! browser timer, and the mounted app answers a click on Run through the browser event loop.
//!
//! Run with `CHROMEDRIVER=/usr/bin/chromedriver cargo test --target wasm32-unknown-unknown
//! --test browser` (`scripts/test` does this). On the host this file compiles to nothing.
#![cfg(target_arch = "wasm32")]

use std::cell::RefCell;
use std::rc::Rc;

use coroscope::ui::probe::{probe_event_loop, wait_on_timer, PROBE_DELAY_MS};
use coroscope::ui::state::{Action, RunId, State};
use gloo_timers::future::TimeoutFuture;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{Element, HtmlElement};

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

/// Polls `done` every 10 ms (yielding to the browser each time) until it holds; fails after 5 s.
async fn wait_until(what: &str, done: impl Fn() -> bool) {
    let start = js_sys::Date::now();
    while !done() {
        assert!(
            js_sys::Date::now() - start < 5_000.0,
            "timed out waiting for {what}"
        );
        TimeoutFuture::new(10).await;
    }
}

fn text_of(root: &Element, id: &str) -> String {
    root.query_selector(&format!("[data-testid={id}]"))
        .ok()
        .flatten()
        .and_then(|element| element.text_content())
        .unwrap_or_default()
}

#[wasm_bindgen_test]
async fn a_future_awaits_a_real_browser_timer() {
    let before = js_sys::Date::now();
    let measured = wait_on_timer(50).await;
    let elapsed = js_sys::Date::now() - before;
    assert!(elapsed >= 50.0, "Date.now() saw only {elapsed} ms pass");
    assert!(
        measured >= 50.0,
        "performance.now() saw only {measured} ms pass"
    );
}

#[wasm_bindgen_test]
async fn the_probe_reports_the_time_it_really_waited() {
    let mut state = State::new("");
    state.apply(Action::Start(RunId(1)));
    let state = Rc::new(RefCell::new(state));
    let before = js_sys::Date::now();
    {
        let state = state.clone();
        probe_event_loop(RunId(1), move |action| state.borrow_mut().apply(action)).await;
    }
    let elapsed = js_sys::Date::now() - before;
    assert!(elapsed >= f64::from(PROBE_DELAY_MS));
    let state = state.borrow();
    assert!(!state.is_running());
    let last = state.console.last().expect("the probe printed a report");
    assert!(
        last.text.starts_with(&format!(
            "waited {PROBE_DELAY_MS} ms on a browser timer (measured "
        )),
        "unexpected report: {}",
        last.text
    );
}

#[wasm_bindgen_test]
async fn the_mounted_app_reports_the_timer_after_a_click_on_run() {
    let root = fresh_root();
    let app = coroscope::ui::mount(root.clone());
    wait_until("the app to render", || text_of(&root, "status") == "ready").await;

    for id in ["editor", "run", "console", "timeline"] {
        by_testid(&root, id);
    }
    let editor = by_testid(&root, "editor");
    let source = editor
        .dyn_ref::<web_sys::HtmlTextAreaElement>()
        .expect("the editor is a textarea")
        .value();
    assert!(source.contains("asyncio.run(main())"));

    let run = by_testid(&root, "run");
    run.dyn_ref::<HtmlElement>()
        .expect("Run is an HTML element")
        .click();
    wait_until("the run to start", || {
        text_of(&root, "status") == "running…"
    })
    .await;
    let disabled = run.get_attribute("disabled").is_some();
    assert!(disabled, "Run is disabled while the probe runs");

    wait_until("the timer report", || {
        text_of(&root, "console").contains("on a browser timer (measured")
    })
    .await;
    wait_until("the run to finish", || {
        text_of(&root, "status") == "finished"
    })
    .await;

    app.destroy();
    root.remove();
}
