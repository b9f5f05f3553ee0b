//! The timeline's own page (built by trunk from `bench/frame/index.html`), for looking at the
//! timeline before the app mounts it and for the frame-time benchmark. The query string picks
//! what is mounted:
//!
//! | query | what |
//! |---|---|
//! | `?mode=demo` (default) | a real script run on the virtual clock, with the loop panel and step buttons |
//! | `?mode=live` | the same run replayed at 1× as a live run (events revealed as real time passes) |
//! | `?mode=bench` | `synthetic_trace(1000, 100_000, 7)`; frame costs collected in `window.__frames` |
//! | `?mode=hello` | a three-task trace, same collection (the benchmark's baseline) |
//!
//! `&theme=dark` is not needed: the page follows `prefers-color-scheme`.

#[cfg(target_arch = "wasm32")]
mod page {
    use std::cell::RefCell;
    use std::rc::Rc;

    use coroscope::runtime::core::Runtime;
    use coroscope::runtime::run::{Clock, RunOptions, Session};
    use coroscope::trace::synth::{synthetic_trace, TraceBuilder};
    use coroscope::trace::{Trace, WarningKind};
    use coroscope::ui::loop_panel::LoopPanel;
    use coroscope::ui::timeline::Timeline;
    use coroscope::ui::TraceRef;
    use gloo_timers::callback::Interval;
    use wasm_bindgen::JsValue;
    use yew::prelude::*;

    const DEMO: &str = include_str!("demo.py");

    fn mode() -> String {
        let search = web_sys::window()
            .and_then(|w| w.location().search().ok())
            .unwrap_or_default();
        search
            .trim_start_matches('?')
            .split('&')
            .find_map(|kv| kv.strip_prefix("mode="))
            .unwrap_or("demo")
            .to_string()
    }

    /// Runs `source` to the end on the virtual clock in the browser.
    fn run_virtual(source: &str) -> Rc<Runtime> {
        let mut session = Session::new(
            source,
            RunOptions {
                clock: Clock::Virtual,
                ..RunOptions::default()
            },
        );
        while session.poll().is_some() {}
        session.rt.clone()
    }

    fn with_trace(trace: Trace) -> Rc<Runtime> {
        let rt = Runtime::new(false, false);
        *rt.trace.borrow_mut() = trace;
        rt
    }

    fn tiny() -> Trace {
        let mut b = TraceBuilder::new();
        let main = b.create("main", None);
        b.run(main);
        let child = b.create("child", Some(main));
        b.print(Some(main), "hello");
        let timer = b.sleep(main, 1.0);
        b.run(child).finish(child, "42");
        b.fire(timer).run(main);
        b.warn(
            WarningKind::NeverAwaited,
            Some(main),
            "coroutine 'x' was never awaited",
        );
        b.finish(main, "None");
        b.build()
    }

    /// Collects frame costs where the benchmark driver can read them.
    fn frame_sink() -> Callback<f64> {
        let frames = js_sys::Array::new();
        if let Some(w) = web_sys::window() {
            js_sys::Reflect::set(&w, &JsValue::from_str("__frames"), &frames).ok();
        }
        Callback::from(move |ms: f64| {
            frames.push(&JsValue::from_f64(ms));
        })
    }

    #[component]
    fn Page() -> Html {
        let mode = use_memo((), |_| mode());
        match mode.as_str() {
            "bench" => html! { <BenchView big={true} /> },
            "hello" => html! { <BenchView big={false} /> },
            "live" => html! { <Live /> },
            _ => html! { <Demo /> },
        }
    }

    #[derive(Properties, PartialEq)]
    struct BenchProps {
        big: bool,
    }

    /// The timeline alone over a synthetic trace, reporting every frame's cost.
    #[component]
    fn BenchView(props: &BenchProps) -> Html {
        let pos = use_state(|| None::<usize>);
        let rt = use_memo(props.big, |big| {
            if *big {
                with_trace(synthetic_trace(1000, 100_000, 7))
            } else {
                with_trace(tiny())
            }
        });
        let sink = use_memo((), |_| frame_sink());
        let onscrub = {
            let pos = pos.clone();
            Callback::from(move |p| pos.set(Some(p)))
        };
        let tr = TraceRef {
            runtime: (*rt).clone(),
            version: 1,
        };
        html! {
            <div class="bench-host">
                <Timeline trace={Some(tr)} pos={*pos} live={false} onjump={Callback::noop()} {onscrub}
                    onframe={Some((*sink).clone())} />
            </div>
        }
    }

    /// A real run with the loop panel and step buttons.
    #[component]
    fn Demo() -> Html {
        let jumped = use_state(|| None::<u32>);
        let pos = use_state(|| None::<usize>);
        let rt = use_memo((), |_| run_virtual(DEMO));
        let onjump = {
            let jumped = jumped.clone();
            Callback::from(move |line| jumped.set(Some(line)))
        };
        let onscrub = {
            let pos = pos.clone();
            Callback::from(move |p| pos.set(Some(p)))
        };
        let len = rt.trace.borrow().records.len();
        let tr = TraceRef {
            runtime: (*rt).clone(),
            version: 1,
        };
        let step = |d: isize| {
            let pos = pos.clone();
            Callback::from(move |_: MouseEvent| {
                let cur = pos.unwrap_or(len) as isize;
                pos.set(Some((cur + d).clamp(0, len as isize) as usize));
            })
        };
        let live_end = {
            let pos = pos.clone();
            Callback::from(move |_: MouseEvent| pos.set(None))
        };
        html! {
            <div class="demo">
                <div class="demo-bar">
                    <button data-testid="step-back" onclick={step(-1)}>{"◀ step back"}</button>
                    <button data-testid="step" onclick={step(1)}>{"step ▶"}</button>
                    <button onclick={live_end}>{"end"}</button>
                    <span data-testid="jumped">{format!("jump: {:?} · pos: {:?}", *jumped, *pos)}</span>
                </div>
                <div class="demo-grid">
                    <Timeline trace={Some(tr.clone())} pos={*pos} live={false} {onjump} {onscrub} />
                    <LoopPanel trace={Some(tr)} pos={*pos} />
                </div>
            </div>
        }
    }

    /// Replays the demo run as if a paced driver were producing it at 1×.
    #[component]
    fn Live() -> Html {
        let full = use_memo((), |_| run_virtual(DEMO).trace.borrow().clone());
        let rt = use_memo((), |_| Runtime::new(true, false));
        let version = use_state(|| 0u64);
        let done = use_state(|| false);
        let started = use_mut_ref(js_sys::Date::now);
        {
            let full = full.clone();
            let rt = rt.clone();
            let version = version.clone();
            let done = done.clone();
            let started = started.clone();
            use_effect_with((), move |_| {
                {
                    let mut t = rt.trace.borrow_mut();
                    *t = Trace {
                        records: Vec::new(),
                        ..(*full).clone()
                    };
                }
                let counter = Rc::new(RefCell::new(0u64));
                let interval = Interval::new(40, move || {
                    let wall = js_sys::Date::now() - *started.borrow();
                    // Half speed, so that a screenshot can catch it in flight.
                    let now = wall / 2000.0;
                    let mut pushed = false;
                    {
                        let mut t = rt.trace.borrow_mut();
                        let n = t.records.len();
                        for r in full.records[n..].iter().take_while(|r| r.t <= now) {
                            t.records.push(*r);
                            rt.now.set(r.t);
                            pushed = true;
                        }
                        rt.wall_ms.set(wall as f32);
                        if t.records.len() == full.records.len() {
                            done.set(true);
                        }
                    }
                    if pushed {
                        *counter.borrow_mut() += 1;
                        version.set(*counter.borrow());
                    }
                });
                move || drop(interval)
            });
        }
        let tr = TraceRef {
            runtime: (*rt).clone(),
            version: *version,
        };
        html! {
            <div class="demo">
                <div class="demo-grid">
                    <Timeline trace={Some(tr.clone())} pos={None::<usize>} live={!*done}
                        onjump={Callback::noop()} onscrub={Callback::noop()} />
                    <LoopPanel trace={Some(tr)} pos={None::<usize>} />
                </div>
            </div>
        }
    }

    pub fn start() {
        let root = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id("app"))
            .expect("the bench page has a <div id=\"app\">");
        yew::Renderer::<Page>::with_root(root).render();
    }
}

#[cfg(target_arch = "wasm32")]
fn main() {
    page::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("timeline-bench: a browser page; see bench/frame/README.md");
}
