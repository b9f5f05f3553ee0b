//! Browser tests of the timeline and the event-loop panel (wasm-bindgen-test in headless
//! Chromium): each mounts the component over a known trace into a fresh element, awaits
//! `yew::scheduler::flush()`, and checks the canvas, the tooltip, click-to-line, the axis
//! scrub and the loop panel's lists.
//!
//! Run with `CHROMEDRIVER=/usr/bin/chromedriver cargo test --target wasm32-unknown-unknown
//! --test browser_timeline` (`scripts/test` runs every `tests/browser*.rs`).
#![cfg(target_arch = "wasm32")]

use std::cell::Cell;
use std::rc::Rc;

use coroscope::runtime::core::Runtime;
use coroscope::trace::synth::TraceBuilder;
use coroscope::trace::Trace;
use coroscope::ui::loop_panel::{LoopPanel, LoopPanelProps};
use coroscope::ui::timeline::{header_width, Timeline, TimelineProps, AXIS_PX, LANE_PX};
use coroscope::ui::TraceRef;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{Element, HtmlCanvasElement, PointerEvent, PointerEventInit};
use yew::Callback;

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    web_sys::window()
        .and_then(|window| window.document())
        .expect("tests run in a page")
}

/// A fresh 800 × 320 element attached to `<body>`, with the timeline's stylesheet loaded once.
fn fresh_root() -> Element {
    let document = document();
    if document.get_element_by_id("timeline-css").is_none() {
        let style = document.create_element("style").expect("create a style");
        style.set_id("timeline-css");
        style.set_text_content(Some(include_str!("../static/timeline.css")));
        document
            .head()
            .expect("the test page has a head")
            .append_child(&style)
            .expect("attach the style");
    }
    let root = document.create_element("div").expect("create a div");
    root.set_attribute("style", "width: 800px; position: relative;")
        .expect("style the root");
    document
        .body()
        .expect("the test page has a body")
        .append_child(&root)
        .expect("attach the div");
    root
}

/// `main` (line 7) creates `<b>child</b>` and sleeps 1 s; the child returns 42 at once.
fn known_trace() -> Trace {
    let mut b = TraceBuilder::new();
    let main = b.create("main", None);
    b.run(main);
    let child = b.create("<b>child</b>", Some(main));
    let timer = b.sleep(main, 1.0);
    b.run(child).finish(child, "42");
    b.fire(timer).run(main).finish(main, "None");
    let mut trace = b.build();
    trace.tasks[0].line = 7;
    trace
}

fn trace_ref(trace: Trace) -> TraceRef {
    let runtime = Runtime::new(false, false);
    *runtime.trace.borrow_mut() = trace;
    TraceRef {
        runtime,
        version: 1,
    }
}

fn canvas_of(root: &Element) -> HtmlCanvasElement {
    root.query_selector("[data-testid=timeline] canvas")
        .expect("a valid selector")
        .expect("the timeline has a canvas")
        .dyn_into()
        .expect("a canvas element")
}

fn pointer(canvas: &HtmlCanvasElement, kind: &str, x: f64, y: f64) {
    pointer_id(canvas, kind, 1, x, y);
}

fn pointer_id(canvas: &HtmlCanvasElement, kind: &str, id: i32, x: f64, y: f64) {
    let rect = canvas.get_bounding_client_rect();
    let init = PointerEventInit::new();
    init.set_bubbles(true);
    init.set_pointer_id(id);
    init.set_client_x((rect.left() + x).round() as i32);
    init.set_client_y((rect.top() + y).round() as i32);
    let event = PointerEvent::new_with_event_init_dict(kind, &init).expect("a pointer event");
    canvas.dispatch_event(&event).expect("dispatch");
}

struct Mounted {
    root: Element,
    jumped: Rc<Cell<Option<u32>>>,
    scrubbed: Rc<Cell<Option<usize>>>,
}

async fn mount_timeline(trace: Trace) -> Mounted {
    let root = fresh_root();
    let jumped = Rc::new(Cell::new(None));
    let scrubbed = Rc::new(Cell::new(None));
    let props = TimelineProps {
        trace: Some(trace_ref(trace)),
        pos: None,
        live: false,
        clock: None,
        over: true,
        onjump: {
            let jumped = jumped.clone();
            Callback::from(move |line| jumped.set(Some(line)))
        },
        onscrub: {
            let scrubbed = scrubbed.clone();
            Callback::from(move |pos| scrubbed.set(Some(pos)))
        },
        onframe: None,
    };
    yew::Renderer::<Timeline>::with_root_and_props(root.clone(), props).render();
    yew::scheduler::flush().await;
    Mounted {
        root,
        jumped,
        scrubbed,
    }
}

#[wasm_bindgen_test]
async fn timeline_paints_a_canvas_sized_to_its_host() {
    let m = mount_timeline(known_trace()).await;
    let canvas = canvas_of(&m.root);
    let dpr = web_sys::window().expect("a window").device_pixel_ratio();
    assert!(canvas.client_width() >= 790, "{}", canvas.client_width());
    assert!(canvas.client_height() > 0);
    assert_eq!(
        canvas.width(),
        (canvas.client_width() as f64 * dpr).round() as u32
    );
    let summary = m
        .root
        .query_selector("[data-testid=timeline-summary]")
        .expect("a valid selector")
        .expect("an accessible summary")
        .text_content()
        .unwrap_or_default();
    assert!(summary.contains("main: ready (None)"), "{summary}");
    assert!(summary.contains("<b>child</b>: ready (42)"), "{summary}");
}

#[wasm_bindgen_test]
async fn hovering_a_segment_shows_its_tooltip_as_text_and_a_click_jumps_to_its_line() {
    let m = mount_timeline(known_trace()).await;
    let canvas = canvas_of(&m.root);
    let width = canvas.client_width() as f64;
    let header = header_width(width);
    // The view fits the run (0 to 1 s); the middle of lane 0 is main sleeping.
    let x = header + (width - header) / 2.0;
    let y = AXIS_PX + LANE_PX / 2.0;
    pointer(&canvas, "pointermove", x, y);
    yew::scheduler::flush().await;
    let tip = m
        .root
        .query_selector("[data-testid=timeline-tooltip]")
        .expect("a valid selector")
        .expect("a tooltip after hovering a segment");
    let text = tip.text_content().unwrap_or_default();
    assert!(text.contains("main"), "{text}");
    assert!(text.contains("awaiting"), "{text}");
    assert!(text.contains("sleep(1.0)"), "{text}");
    // Showing the tooltip keeps the same canvas (and its listeners).
    assert!(canvas_of(&m.root) == canvas);

    pointer(&canvas, "pointerdown", x, y);
    pointer(&canvas, "pointerup", x, y);
    yew::scheduler::flush().await;
    assert_eq!(m.jumped.get(), Some(7));

    // The child's lane: its name is shown as text, never as markup.
    pointer(&canvas, "pointermove", x, y + LANE_PX);
    yew::scheduler::flush().await;
    let tip = m
        .root
        .query_selector("[data-testid=timeline-tooltip]")
        .expect("a valid selector")
        .expect("a tooltip over the child");
    assert!(tip.inner_html().contains("&lt;b&gt;child&lt;/b&gt;"));
    assert!(tip.query_selector("b").expect("a valid selector").is_none());
}

#[wasm_bindgen_test]
async fn pressing_or_dragging_on_the_axis_scrubs_to_the_position_at_that_instant() {
    let m = mount_timeline(known_trace()).await;
    let canvas = canvas_of(&m.root);
    let width = canvas.client_width() as f64;
    let header = header_width(width);
    let x = header + (width - header) / 2.0;
    pointer(&canvas, "pointerdown", x, AXIS_PX / 2.0);
    pointer(&canvas, "pointerup", x, AXIS_PX / 2.0);
    yew::scheduler::flush().await;
    let pos = m.scrubbed.get().expect("a scrub at 0.5 s");
    let trace = known_trace();
    let expected = trace.records.iter().filter(|r| r.t <= 0.5).count();
    assert_eq!(pos, expected);
    assert!(m.jumped.get().is_none());

    // Dragging along the axis scrubs as it goes: to the end of the run.
    pointer(&canvas, "pointerdown", x, AXIS_PX / 2.0);
    pointer(&canvas, "pointermove", width - 2.0, AXIS_PX / 2.0);
    assert_eq!(m.scrubbed.get(), Some(trace.records.len()));
    pointer(&canvas, "pointerup", width - 2.0, AXIS_PX / 2.0);
    yew::scheduler::flush().await;
    assert!(m.jumped.get().is_none());
}

#[wasm_bindgen_test]
async fn loop_panel_lists_the_ready_queue_head_first_and_the_timer_heap() {
    let trace = known_trace();
    // After main suspends on its sleep: the child's first step waits, main's timer is armed.
    let pos = trace
        .records
        .iter()
        .position(|r| matches!(r.event, coroscope::trace::Event::TaskSuspended(..)))
        .expect("main suspends")
        + 1;
    let root = fresh_root();
    let props = LoopPanelProps {
        trace: Some(trace_ref(trace)),
        pos: Some(pos),
        now: None,
    };
    yew::Renderer::<LoopPanel>::with_root_and_props(root.clone(), props).render();
    yew::scheduler::flush().await;
    let items = root
        .query_selector_all("[data-testid=ready-queue] [data-testid=queue-item]")
        .expect("a valid selector");
    assert_eq!(items.length(), 1);
    let head = items
        .get(0)
        .and_then(|n| n.text_content())
        .unwrap_or_default();
    assert!(head.contains("<b>child</b>"), "{head}");
    assert!(head.contains("next"), "{head}");
    let timers = root
        .query_selector_all("[data-testid=timer-heap] [data-testid=timer-item]")
        .expect("a valid selector");
    assert_eq!(timers.length(), 1);
    let timer = timers
        .get(0)
        .and_then(|n| n.text_content())
        .unwrap_or_default();
    assert!(timer.contains("1.0 s") && timer.contains("main"), "{timer}");
}

/// The position a click on the axis at the right edge of the lanes chooses.
async fn scrub_at_right_edge(m: &Mounted, canvas: &HtmlCanvasElement) -> usize {
    let x = canvas.client_width() as f64 - 2.0;
    pointer(canvas, "pointerdown", x, AXIS_PX / 2.0);
    pointer(canvas, "pointerup", x, AXIS_PX / 2.0);
    yew::scheduler::flush().await;
    m.scrubbed.take().expect("a scrub")
}

#[wasm_bindgen_test]
async fn wheel_and_pinch_zoom_in_around_the_pointer() {
    let trace = known_trace();
    let total = trace.records.len();
    let at_zero = trace.records.iter().filter(|r| r.t == 0.0).count();
    let m = mount_timeline(trace).await;
    let canvas = canvas_of(&m.root);
    let width = canvas.client_width() as f64;
    let header = header_width(width);
    // Fitted: the right edge is after the last event.
    assert_eq!(scrub_at_right_edge(&m, &canvas).await, total);

    // Two pointers moving apart zoom in ×3 around their middle (a quarter of the lanes).
    let left = header + (width - header) * 0.15;
    let y = AXIS_PX + LANE_PX / 2.0;
    pointer_id(&canvas, "pointerdown", 1, left, y);
    pointer_id(&canvas, "pointerdown", 2, left + 40.0, y);
    pointer_id(&canvas, "pointermove", 2, left + 120.0, y);
    pointer_id(&canvas, "pointerup", 2, left + 120.0, y);
    pointer_id(&canvas, "pointerup", 1, left, y);
    yew::scheduler::flush().await;
    // Now the right edge lies before t = 1 s: only the events at 0 are before it.
    assert_eq!(scrub_at_right_edge(&m, &canvas).await, at_zero);

    // Fit, then a wheel notch up near the left edge zooms in there too.
    let fit: web_sys::HtmlElement = m
        .root
        .query_selector("[data-testid=timeline-fit]")
        .expect("a valid selector")
        .expect("a Fit button")
        .dyn_into()
        .expect("a button");
    fit.click();
    yew::scheduler::flush().await;
    wasm_bindgen_futures::JsFuture::from(js_sys::Promise::new(&mut |ok, _| {
        web_sys::window()
            .expect("a window")
            .request_animation_frame(&ok)
            .expect("a frame");
    }))
    .await
    .expect("a frame");
    assert_eq!(scrub_at_right_edge(&m, &canvas).await, total);
    // A plain wheel scrolls (here: two lanes fit, so the page scrolls and nothing zooms).
    let plain = wheel_at(&canvas, header + 20.0, y, -600.0, false);
    assert!(
        !plain.default_prevented(),
        "nothing to scroll: the page must scroll"
    );
    assert_eq!(scrub_at_right_edge(&m, &canvas).await, total);
    // Ctrl + wheel zooms in around the pointer, and the page does not scroll.
    let zoom = wheel_at(&canvas, header + 20.0, y, -600.0, true);
    assert!(zoom.default_prevented(), "the page must not scroll");
    assert_eq!(scrub_at_right_edge(&m, &canvas).await, at_zero);
}

/// Dispatches a wheel turn of `dy` at canvas point (`x`, `y`), with Ctrl or not.
fn wheel_at(
    canvas: &HtmlCanvasElement,
    x: f64,
    y: f64,
    dy: f64,
    ctrl: bool,
) -> web_sys::WheelEvent {
    let rect = canvas.get_bounding_client_rect();
    let init = web_sys::WheelEventInit::new();
    init.set_bubbles(true);
    init.set_cancelable(true);
    init.set_delta_y(dy);
    init.set_ctrl_key(ctrl);
    init.set_client_x((rect.left() + x).round() as i32);
    init.set_client_y((rect.top() + y).round() as i32);
    let wheel = web_sys::WheelEvent::new_with_event_init_dict("wheel", &init).expect("a wheel");
    canvas.dispatch_event(&wheel).expect("dispatch");
    wheel
}

#[wasm_bindgen_test]
async fn dragging_the_lanes_never_pans_before_the_run_starts() {
    let trace = known_trace();
    let at_zero = trace.records.iter().filter(|r| r.t == 0.0).count();
    let m = mount_timeline(trace).await;
    let canvas = canvas_of(&m.root);
    let width = canvas.client_width() as f64;
    let header = header_width(width);
    let y = AXIS_PX + LANE_PX / 2.0;
    // Zoom in ×16 around 0.5 s, then drag the lanes to the right (towards negative time) many
    // times over: the view stops at the run's start, so the right edge of the axis still
    // shows the events at 0 s (without the stop it would lie before 0: no event at all).
    for _ in 0..2 {
        wheel_at(&canvas, header + (width - header) / 2.0, y, -700.0, true);
    }
    for _ in 0..20 {
        pointer(&canvas, "pointerdown", header + 10.0, y);
        pointer(&canvas, "pointermove", header + 60.0, y);
        pointer(&canvas, "pointermove", width - 5.0, y);
        pointer(&canvas, "pointerup", width - 5.0, y);
    }
    yew::scheduler::flush().await;
    let x = width - 2.0;
    pointer(&canvas, "pointerdown", x, AXIS_PX / 2.0);
    pointer(&canvas, "pointerup", x, AXIS_PX / 2.0);
    yew::scheduler::flush().await;
    assert_eq!(m.scrubbed.take(), Some(at_zero), "the view left the run");
}

/// Mounts a timeline with `live` over `trace` and counts its painted frames for 200 ms.
async fn frames_painted_in_200ms(trace: Trace, live: bool) -> u32 {
    let root = fresh_root();
    let frames = Rc::new(Cell::new(0u32));
    let runtime = Runtime::new(true, false);
    runtime.now.set(0.1);
    *runtime.trace.borrow_mut() = trace;
    let props = TimelineProps {
        trace: Some(TraceRef {
            runtime,
            version: 1,
        }),
        pos: None,
        live,
        clock: None,
        over: true,
        onjump: Callback::noop(),
        onscrub: Callback::noop(),
        onframe: Some({
            let frames = frames.clone();
            Callback::from(move |_ms: f64| frames.set(frames.get() + 1))
        }),
    };
    let handle = yew::Renderer::<Timeline>::with_root_and_props(root, props).render();
    yew::scheduler::flush().await;
    frames.set(0);
    gloo_timers::future::TimeoutFuture::new(200).await;
    let n = frames.get();
    handle.destroy();
    n
}

#[wasm_bindgen_test]
async fn a_live_run_animates_the_now_cursor_and_a_finished_one_stays_idle() {
    // main sleeps until 1 s: between driver updates the cursor must keep moving.
    let mut b = TraceBuilder::new();
    let main = b.create("main", None);
    b.run(main);
    b.sleep(main, 1.0);
    let live = frames_painted_in_200ms(b.build(), true).await;
    assert!(live >= 3, "only {live} frames in 200 ms of a live run");
    let idle = frames_painted_in_200ms(known_trace(), false).await;
    // (At most the resize observer's first report, which every observer makes once.)
    assert!(
        idle <= 1,
        "{idle} frames: a finished run repaints only when something changes"
    );
}
