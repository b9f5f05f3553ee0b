//! The timeline pane: one lane per task on a `<canvas>`, with DOM overlays for the tooltip and
//! an accessible summary. The component keeps a [`Model`] of the run (synced incrementally on
//! every version bump) and a [`Viewport`]; each frame replays a [`DrawList`] built by
//! `trace::view` (only visible lanes, sub-pixel segments merged), so drawing cost is bounded
//! by what is on screen.
//!
//! Interaction follows Perfetto and Chrome's performance panel: the wheel scrolls the lanes,
//! Ctrl/⌘ + wheel zooms around the pointer, Shift + wheel (or a sideways wheel) pans, drag
//! pans, two pointers pinch; `+`/`−`/`Fit` buttons and the keyboard (`W`/`S` zoom, `A`/`D`
//! pan, `+ - 0` and arrows) do the same. Panning and zooming stay on the run. Clicking a segment asks the editor to show its coroutine's line;
//! pressing or dragging on the axis (or the scrubber after the run) chooses a position; the
//! overview strip under the lanes shows the whole run's event density and the visible window,
//! which a press or a drag there moves. During a live run a
//! `requestAnimationFrame` loop moves the "now" cursor smoothly, interpolating the loop clock
//! between the driver's updates.

mod paint;

use std::cell::RefCell;
use std::rc::{Rc, Weak};

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, HtmlElement, HtmlInputElement};
use yew::prelude::*;

use super::legend::{style_of, Legend};
use super::{LiveClock, TraceRef};
use crate::runtime::core::Runtime;
use crate::trace::model::{outcome_text, MarkerKind, Model, TaskState};
use crate::trace::view::{draw_list, hit, Axis, DrawList, DrawOptions, Viewport};
use crate::trace::Trace;

/// Width of the lane-name column on a canvas at least 536 px wide (narrower canvases give it
/// 28% of their width, at least 72 px).
pub const HEADER_PX: f64 = 150.0;

use super::derive::count;
pub use super::derive::secs;

/// Width of the lane-name column for a canvas `width` CSS pixels wide.
pub fn header_width(width: f64) -> f64 {
    (width * 0.28).clamp(72.0, HEADER_PX)
}
/// Height of the time axis above the lanes.
pub const AXIS_PX: f64 = 26.0;
/// Height of one lane.
pub const LANE_PX: f64 = 24.0;
/// Height of the overview strip under the lanes (the whole run, the visible window on it).
pub const OVERVIEW_PX: f64 = 18.0;
/// How many lanes the accessible summary lists.
const SUMMARY_LANES: usize = 200;

/// Properties of [`Timeline`].
#[derive(Properties, PartialEq)]
pub struct TimelineProps {
    /// The live run, if any.
    pub trace: Option<TraceRef>,
    /// The stepped or scrubbed event position; `None` = the live end.
    pub pos: Option<usize>,
    /// A browser-clock run is in progress: animate the now cursor.
    pub live: bool,
    /// The run's live loop clock (the one the status line and the loop panel read); without
    /// it, "now" is the runtime's clock reading.
    #[prop_or_default]
    pub clock: Option<LiveClock>,
    /// The run is over (finished or stopped).
    #[prop_or_default]
    pub over: bool,
    /// Asks the editor to show this 1-based line (a segment was clicked).
    pub onjump: Callback<u32>,
    /// A new position was chosen on the scrubber or the axis.
    pub onscrub: Callback<usize>,
    /// Called after each painted frame with its cost in milliseconds (benchmarks).
    #[prop_or_default]
    pub onframe: Option<Callback<f64>>,
}

/// Properties of [`Summary`].
#[derive(Properties, PartialEq)]
struct SummaryProps {
    text: AttrValue,
    items: Rc<Vec<(u32, String)>>,
}

/// The screen-reader summary: a count of states and the first lanes as a list (read on demand;
/// the announcer speaks the changes). Its own component, so tooltips do not rebuild it.
#[component]
fn Summary(props: &SummaryProps) -> Html {
    html! {
        <div class="cs-visually-hidden" data-testid="timeline-summary">
            <p>{props.text.clone()}</p>
            <ul>
                { for props.items.iter().map(|(task, text)| html! {
                    <li data-task={task.to_string()}>{text.clone()}</li>
                }) }
            </ul>
        </div>
    }
}

type SummaryData = (AttrValue, Rc<Vec<(u32, String)>>);

/// Which run, version, axis and width an overview's bins describe.
type OverviewKey = (usize, u64, Axis, u32);

/// Which run (its runtime's address), version and position a summary describes.
type SummaryKey = (Option<usize>, u64, usize);

/// What the tooltip shows, as plain text.
#[derive(Clone, Debug, PartialEq)]
struct Tip {
    x: f64,
    y: f64,
    title: String,
    state: Option<TaskState>,
    rows: Vec<(&'static str, String)>,
}

#[derive(Clone, Copy, Debug, PartialEq)]
struct Pointer {
    id: i32,
    x: f64,
    y: f64,
}

/// Everything the canvas needs between frames (kept out of Yew state: frames must not
/// re-render the component).
struct Core {
    runtime: Option<Rc<Runtime>>,
    model: Model,
    version: u64,
    vp: Viewport,
    axis_choice: Option<Axis>,
    follow: bool,
    live: bool,
    over: bool,
    pos: Option<usize>,
    clock: Option<LiveClock>,
    shown_now: f64,
    canvas: NodeRef,
    ctx: Option<CanvasRenderingContext2d>,
    patterns: Option<paint::Patterns>,
    char_px: f64,
    label_char_px: f64,
    last: DrawList,
    frame: Option<i32>,
    raf: Option<Closure<dyn FnMut(f64)>>,
    pointers: Vec<Pointer>,
    press: Option<(f64, f64, bool)>,
    /// The position last chosen by dragging on the axis.
    scrubbing: Option<usize>,
    zone: &'static str,
    /// A tooltip is on screen (views that move under a still pointer must hide it).
    tip_shown: bool,
    overview: Option<(OverviewKey, Rc<Vec<f32>>)>,
    /// Dragging the window on the overview.
    overviewing: bool,
    pinch: Option<f64>,
    hover_row: Option<usize>,
    onframe: Option<Callback<f64>>,
    size: (f64, f64),
    header: f64,
    summary: Option<(SummaryKey, SummaryData)>,
    needs_paint: bool,
}

impl Core {
    fn new(canvas: NodeRef) -> Core {
        Core {
            runtime: None,
            model: Model::default(),
            version: 0,
            vp: Viewport::new(600.0, 200.0, LANE_PX),
            axis_choice: None,
            follow: true,
            live: false,
            over: false,
            pos: None,
            clock: None,
            shown_now: 0.0,
            canvas,
            ctx: None,
            patterns: None,
            char_px: 6.6,
            label_char_px: 6.7,
            last: DrawList::default(),
            frame: None,
            raf: None,
            pointers: Vec::new(),
            press: None,
            scrubbing: None,
            zone: "lanes",
            tip_shown: false,
            overview: None,
            overviewing: false,
            pinch: None,
            hover_row: None,
            onframe: None,
            size: (0.0, 0.0),
            header: HEADER_PX,
            summary: None,
            needs_paint: true,
        }
    }

    /// Takes in new props: a new run resets the model and the view; a version bump applies
    /// the new events and restarts the clock interpolation.
    fn update(&mut self, props: &TimelineProps) {
        let version = props.trace.as_ref().map(|t| t.version);
        if self.live != props.live || self.pos != props.pos || version != Some(self.version) {
            self.needs_paint = true;
        }
        self.live = props.live;
        self.over = props.over;
        self.pos = props.pos;
        self.clock = props.clock.clone();
        self.onframe = props.onframe.clone();
        let Some(tr) = &props.trace else {
            if self.runtime.is_some() {
                self.runtime = None;
                self.model = Model::default();
                self.follow = true;
            }
            return;
        };
        let same = self
            .runtime
            .as_ref()
            .is_some_and(|rt| Rc::ptr_eq(rt, &tr.runtime));
        if !same {
            self.runtime = Some(tr.runtime.clone());
            self.model = Model::default();
            self.follow = true;
            self.version = u64::MAX;
            self.shown_now = 0.0;
        }
        if self.version != tr.version || !same {
            self.version = tr.version;
            self.model.sync(&tr.runtime.trace.borrow());
        }
    }

    /// The accessible summary at `pos`, rebuilt only when the run or the position changes.
    fn summary(&mut self, pos: usize) -> SummaryData {
        let run = self.runtime.as_ref().map(|rt| Rc::as_ptr(rt) as usize);
        let key = (run, self.version, pos);
        if let Some((k, data)) = &self.summary {
            if *k == key {
                return data.clone();
            }
        }
        let data: SummaryData = match self.runtime.as_ref() {
            Some(rt) if self.lanes() > 0 => {
                let trace = rt.trace.borrow();
                let rows = self.model.task_rows_at_pos(&trace, pos);
                let mut counts = [0usize; 6];
                for r in &rows {
                    counts[r.state.index()] += 1;
                }
                let parts: Vec<String> = TaskState::ALL
                    .iter()
                    .filter(|s| counts[s.index()] > 0)
                    .map(|s| format!("{} {}", counts[s.index()], s.name()))
                    .collect();
                let text = format!(
                    "{} at event {pos}: {}",
                    count(rows.len(), "task", "tasks"),
                    parts.join(", ")
                );
                let items = rows
                    .iter()
                    .take(SUMMARY_LANES)
                    .map(|r| {
                        let mut text = format!("{}: {}", r.name, r.state.name());
                        if !r.awaiting.is_empty() {
                            text.push_str(&format!(" on {}", r.awaiting));
                        }
                        if let Some(o) = &r.outcome {
                            text.push_str(&format!(" ({o})"));
                        }
                        (r.task.0, text)
                    })
                    .collect();
                (AttrValue::from(text), Rc::new(items))
            }
            _ => (AttrValue::Static("No run yet."), Rc::new(Vec::new())),
        };
        self.summary = Some((key, data.clone()));
        data
    }

    /// The axis: time unless the user chose events. It never changes by itself, so a run
    /// that starts with a long `sleep` is on the same axis from its first frame to its last.
    fn axis(&self) -> Axis {
        self.axis_choice.unwrap_or(Axis::Time)
    }

    /// "Now" on the axis: the run's live clock (moving while the loop waits on a timer, frozen
    /// while paused), never before the last event.
    fn now(&mut self, axis: Axis) -> f64 {
        if axis == Axis::Events {
            return self.model.len() as f64;
        }
        let reading = match (&self.clock, &self.runtime) {
            (Some(clock), _) => clock.now(),
            (None, Some(rt)) => rt.now.get(),
            (None, None) => 0.0,
        };
        let t = reading.max(self.model.end_time());
        // A new run starts from zero; within a run the cursor never goes back.
        self.shown_now = if self.live { self.shown_now.max(t) } else { t };
        self.shown_now
    }

    /// Whether the clock never moved in a run that is over (every event at 0 s): the time
    /// axis then has nothing to spread out, and the user is told about the events axis.
    fn clock_never_moved(&self) -> bool {
        self.over && !self.model.is_empty() && self.now_end() <= 0.0
    }

    fn now_end(&self) -> f64 {
        self.shown_now.max(self.model.end_time())
    }

    /// The cursor and the position the headers describe.
    fn cursor(&self, trace: &Trace, axis: Axis) -> Option<f64> {
        let pos = self.pos?;
        Some(match axis {
            Axis::Time => self.model.time_at_pos(trace, pos),
            Axis::Events => pos as f64,
        })
    }

    fn lanes(&self) -> usize {
        self.model.lanes().len()
    }

    /// Paints one frame; returns its cost in ms.
    fn paint(&mut self) -> Option<f64> {
        let started = now_ms();
        let canvas: HtmlCanvasElement = self.canvas.cast()?;
        let stage = canvas.parent_element()?;
        let css_w = (stage.client_width() as f64).max(120.0);
        self.header = header_width(css_w);
        let css_h = (stage.client_height() as f64).max(AXIS_PX + LANE_PX);
        let dpr = web_sys::window()
            .map(|w| w.device_pixel_ratio())
            .unwrap_or(1.0)
            .max(1.0);
        let (bw, bh) = ((css_w * dpr).round() as u32, (css_h * dpr).round() as u32);
        if canvas.width() != bw || canvas.height() != bh {
            canvas.set_width(bw);
            canvas.set_height(bh);
            self.ctx = None;
        }
        if self.ctx.is_none() {
            let ctx: CanvasRenderingContext2d = canvas.get_context("2d").ok()??.dyn_into().ok()?;
            ctx.set_font(
                "12px system-ui, -apple-system, 'Segoe UI', Roboto, 'DejaVu Sans', sans-serif",
            );
            if let Ok(m) = ctx.measure_text("abcdefghijklmnopqrstuvwxyz0123456789") {
                self.char_px = m.width() / 36.0;
            }
            ctx.set_font(paint::LABEL_FONT);
            if let Ok(m) = ctx.measure_text("sleep(0.25)") {
                self.label_char_px = m.width() / 11.0;
            }
            self.patterns = Some(paint::Patterns::new(&ctx));
            self.ctx = Some(ctx);
        }
        let ctx = self.ctx.clone()?;
        ctx.set_transform(dpr, 0.0, 0.0, dpr, 0.0, 0.0).ok()?;
        self.size = (css_w, css_h);

        let axis = self.axis();
        let lanes = self.lanes();
        self.vp.width_px = css_w - self.header;
        let overview_h = if self.runtime.is_some() && lanes > 0 {
            OVERVIEW_PX
        } else {
            0.0
        };
        self.vp.height_px = (css_h - AXIS_PX - overview_h).max(LANE_PX);
        self.vp.lane_height = LANE_PX;
        self.vp.scroll_by(0.0, lanes);
        let now = self.now(axis);
        // For tests and tools: where "now" is drawn, on which axis.
        canvas.set_attribute("data-now", &format!("{now:.3}")).ok();
        if self.follow {
            self.follow_run(axis, now);
        }
        let runtime = self.runtime.clone();
        let empty_trace = Trace::default();
        let trace_ref = runtime.as_ref().map(|rt| rt.trace.borrow());
        let trace: &Trace = trace_ref.as_deref().unwrap_or(&empty_trace);
        let cursor = self.cursor(trace, axis);
        let opts = DrawOptions {
            cursor,
            axis,
            char_px: self.label_char_px,
            ..DrawOptions::at(now)
        };
        let mut dl = draw_list(trace, &self.model, &self.vp, &opts);
        if let Some(pos) = self.pos {
            // Stepping inside one instant: headers follow the position, not the time.
            for lane in &mut dl.lanes {
                lane.state = self.model.state_at_pos(lane.task, pos);
                lane.name = self.model.name_at_pos(trace, lane.task, pos).to_string();
            }
        }
        let cursor_label = cursor.map(|c| match axis {
            Axis::Time => secs(c),
            Axis::Events => format!("#{}", c as u64),
        });
        let dark = prefers_dark();
        if self.runtime.is_none() {
            // Nothing to measure yet: no axis, no cursor.
            dl.ticks.clear();
            dl.now_x = None;
        }
        let empty_text = if self.runtime.is_none() {
            Some("Run a script: each task gets a lane here.")
        } else if lanes == 0 {
            Some("No task yet.")
        } else {
            None
        };
        let overview = (overview_h > 0.0).then(|| {
            let (r0, r1) = self.run_range(axis);
            paint::Overview {
                bins: self.overview_bins(trace, axis, self.vp.width_px),
                r0,
                r1,
                t0: self.vp.t0,
                t1: self.vp.t1,
            }
        });
        let total = lanes as f64 * LANE_PX;
        let scroll_thumb = (total > self.vp.height_px).then(|| {
            let h = self.vp.height_px;
            (self.vp.scroll_y / total * h, h * h / total)
        });
        let patterns = self.patterns.as_ref()?;
        paint::frame(
            &ctx,
            &dl,
            &paint::Frame {
                width: css_w,
                height: css_h,
                header: self.header,
                theme: if dark { paint::DARK } else { paint::LIGHT },
                patterns,
                hover_row: self.hover_row,
                lane_height: LANE_PX,
                char_px: self.char_px,
                live: self.live,
                cursor_label,
                empty_text,
                overview: overview.as_ref(),
                scroll_thumb,
            },
        );
        drop(trace_ref);
        self.last = dl;
        Some(now_ms() - started)
    }

    /// The whole run on `axis`: from 0 to the last event's time (or position).
    fn run_range(&self, axis: Axis) -> (f64, f64) {
        let end = match axis {
            Axis::Time => self.model.end_time(),
            Axis::Events => self.model.len() as f64,
        };
        (0.0, end.max(1e-9))
    }

    /// Events per overview column over the whole run, scaled to 0..1 (square root, so quiet
    /// stretches still show). Cached per run, version, axis and width.
    fn overview_bins(&mut self, trace: &Trace, axis: Axis, width: f64) -> Rc<Vec<f32>> {
        let run = self
            .runtime
            .as_ref()
            .map(|rt| Rc::as_ptr(rt) as usize)
            .unwrap_or(0);
        let columns = (width.max(1.0) as u32).min(4096);
        let key = (run, self.version, axis, columns);
        if let Some((k, bins)) = &self.overview {
            if *k == key {
                return bins.clone();
            }
        }
        let (r0, r1) = self.run_range(axis);
        let n = columns as usize;
        let mut counts = vec![0u32; n];
        let len = self.model.len().min(trace.records.len());
        for (i, r) in trace.records[..len].iter().enumerate() {
            let v = match axis {
                Axis::Time => r.t,
                Axis::Events => (i + 1) as f64,
            };
            let c = (((v - r0) / (r1 - r0)) * n as f64)
                .floor()
                .clamp(0.0, n as f64 - 1.0);
            counts[c as usize] += 1;
        }
        let max = counts.iter().copied().max().unwrap_or(0).max(1) as f32;
        let bins = Rc::new(
            counts
                .iter()
                .map(|&c| (c as f32 / max).sqrt())
                .collect::<Vec<_>>(),
        );
        self.overview = Some((key, bins.clone()));
        bins
    }

    /// Whether canvas point (`x`, `y`) is on the overview strip.
    fn in_overview(&self, x: f64, y: f64) -> bool {
        self.runtime.is_some()
            && self.lanes() > 0
            && x >= self.header
            && y >= self.size.1 - OVERVIEW_PX
    }

    /// Centres the visible window on the overview point `x` (canvas coordinates).
    fn overview_to(&mut self, x: f64) {
        let (r0, r1) = self.run_range(self.axis());
        let frac = ((x - self.header) / self.vp.width_px).clamp(0.0, 1.0);
        let centre = r0 + frac * (r1 - r0);
        let span = self.vp.span();
        self.follow = false;
        self.vp.t0 = centre - span / 2.0;
        self.vp.t1 = centre + span / 2.0;
        self.clamp_view();
    }

    /// Keeps the whole run in view while the user has not zoomed or panned: during a live run
    /// the window grows in steps so that the now cursor visibly travels.
    fn follow_run(&mut self, axis: Axis, now: f64) {
        if self.live && axis == Axis::Time {
            let end = self.vp.t1;
            if self.vp.t0 > 0.0 || now > end - 0.04 * self.vp.span() || end > 4.0 * now.max(1.0) {
                let span = (now * 1.6).max(1.0);
                self.vp.fit(0.0, span);
            }
        } else {
            self.vp.fit_run(&self.model, axis);
        }
    }

    /// Lanes-area coordinates of a canvas point.
    fn lanes_xy(&self, x: f64, y: f64) -> (f64, f64) {
        (x - self.header, y - AXIS_PX)
    }

    fn zoom(&mut self, factor: f64, x: f64) {
        self.follow = false;
        let x = x.clamp(0.0, self.vp.width_px);
        self.vp.zoom_at(factor, x);
        self.clamp_view();
    }

    fn pan(&mut self, dx: f64, dy: f64) {
        self.follow = false;
        let lanes = self.lanes();
        self.vp.pan_px(dx, dy, lanes);
        self.clamp_view();
    }

    /// Keeps the window on the run (up to the live clock while it runs).
    fn clamp_view(&mut self) {
        let (r0, r1) = self.run_range(self.axis());
        let end = match self.axis() {
            Axis::Time => r1.max(self.shown_now),
            Axis::Events => r1,
        };
        self.vp.clamp_to(r0, end);
    }

    /// A wheel turn over the lanes, as in Perfetto and Chrome's performance panel: Ctrl/⌘ +
    /// wheel zooms around the pointer, Shift + wheel or a sideways wheel pans, the wheel
    /// scrolls the lanes. Returns whether it was used (else the page scrolls).
    fn wheel(&mut self, e: &WheelEvent, x: f64) -> bool {
        let (mut dx, mut dy) = (e.delta_x(), e.delta_y());
        if e.delta_mode() == 1 {
            dx *= 16.0;
            dy *= 16.0;
        }
        if e.ctrl_key() || e.meta_key() {
            let factor = (-dy * 0.002).exp().clamp(0.25, 4.0);
            let header = self.header;
            self.zoom(factor, x - header);
            return true;
        }
        if e.shift_key() && dx == 0.0 {
            dx = dy;
            dy = 0.0;
        }
        if dx.abs() > dy.abs() {
            self.pan(-dx, 0.0);
            return true;
        }
        let lanes = self.lanes();
        let before = self.vp.scroll_y;
        self.vp.scroll_by(dy, lanes);
        self.vp.scroll_y != before
    }

    /// The tooltip of what lies under canvas point (`x`, `y`).
    fn tip_at(&mut self, x: f64, y: f64) -> Option<Tip> {
        let (lx, ly) = self.lanes_xy(x, y);
        let rt = self.runtime.clone()?;
        let trace = rt.trace.borrow();
        let axis = self.axis();
        let now = match axis {
            Axis::Time if self.live => self.shown_now,
            _ => self.model.end_time(),
        };
        if let Some(m) = self.last.marker_at(lx, ly - (-LANE_PX / 2.0 + 4.0), 6.0) {
            let (title, rows) = marker_text(&trace, m.kind);
            let marker = self.model.markers().get(m.index).copied();
            let mut rows = rows;
            if let Some(marker) = marker {
                rows.push(("at", format!("{} · event #{}", secs(marker.t), marker.p)));
                if let Some(task) = marker.task {
                    rows.insert(0, ("task", self.model.name(&trace, task).to_string()));
                }
            }
            return Some(Tip {
                x,
                y,
                title,
                state: None,
                rows,
            });
        }
        if lx < 0.0 {
            // A lane header: the task itself.
            let row = self.vp.row_at(ly, self.lanes())?;
            let task = *self.model.lanes().get(row)?;
            let info = trace.tasks.get(task.0 as usize)?;
            let pos = self.pos.unwrap_or(self.model.len());
            let state = self.model.state_at_pos(task, pos);
            let mut rows = vec![("coroutine", trace.str(info.coro).to_string())];
            if let Some(parent) = info.parent {
                rows.push(("created by", self.model.name(&trace, parent).to_string()));
            }
            if let Some(state) = state {
                rows.push(("state", state.name().to_string()));
            }
            if let Some(end) = self.model.end(task).filter(|e| e.p as usize <= pos) {
                rows.push(("outcome", outcome_text(&trace, end.outcome)));
            }
            if info.line > 0 {
                rows.push(("line", format!("{} (click to show)", info.line)));
            }
            return Some(Tip {
                x,
                y,
                title: self.model.name_at_pos(&trace, task, pos).to_string(),
                state,
                rows,
            });
        }
        let (task, index) = hit(&self.model, &self.vp, axis, lx, ly)?;
        let info = self.model.segment_info(&trace, task, index, now)?;
        let seg = *self.model.segments(task).get(index)?;
        let mut rows = vec![
            ("state", info.state.name().to_string()),
            ("start", secs(info.start)),
            (
                "duration",
                if seg.is_open() && !info.state.is_done() {
                    format!("{} (so far)", secs(info.duration))
                } else if seg.is_open() {
                    "—".to_string()
                } else {
                    secs(info.duration)
                },
            ),
        ];
        if matches!(info.state, TaskState::Awaiting | TaskState::Pending) && !info.label.is_empty()
        {
            rows.push(("awaiting", info.label.clone()));
        }
        rows.push((
            "events",
            if seg.is_open() {
                format!("#{}…", seg.p0)
            } else {
                format!("#{}–#{}", seg.p0, seg.p1)
            },
        ));
        if let Some(outcome) = info.outcome {
            let key = match self.model.end(task).map(|e| e.outcome) {
                Some(crate::trace::model::Outcome::Raised(_)) => "exception",
                Some(crate::trace::model::Outcome::Cancelled) => "ended",
                _ => "result",
            };
            rows.push((key, outcome));
        }
        if info.line > 0 {
            rows.push(("line", format!("{} (click to show)", info.line)));
        }
        Some(Tip {
            x,
            y,
            title: info.name,
            state: Some(info.state),
            rows,
        })
    }

    /// The coroutine line of the segment under canvas point (`x`, `y`).
    fn line_at(&self, x: f64, y: f64) -> Option<u32> {
        let (lx, ly) = self.lanes_xy(x, y);
        let rt = self.runtime.as_ref()?;
        let trace = rt.trace.borrow();
        let task = if lx < 0.0 {
            // A lane header.
            let row = self.vp.row_at(ly, self.lanes())?;
            *self.model.lanes().get(row)?
        } else {
            hit(&self.model, &self.vp, self.axis(), lx, ly)?.0
        };
        trace
            .tasks
            .get(task.0 as usize)
            .map(|info| info.line)
            .filter(|&l| l > 0)
    }

    /// The position at the axis point `x` (canvas coordinates).
    fn pos_at_x(&self, x: f64) -> Option<usize> {
        let rt = self.runtime.as_ref()?;
        let trace = rt.trace.borrow();
        let (lx, _) = self.lanes_xy(x, 0.0);
        let v = self.vp.t_of(lx);
        let len = self.model.len();
        Some(match self.axis() {
            Axis::Time => self.model.pos_at_time(&trace, v),
            Axis::Events => (v.round().max(0.0) as usize).min(len),
        })
    }
}

fn marker_text(trace: &Trace, kind: MarkerKind) -> (String, Vec<(&'static str, String)>) {
    match kind {
        MarkerKind::Print(s) => ("print".into(), vec![("text", trace.str(s).to_string())]),
        MarkerKind::Exception(e) => {
            let err = trace.errors.get(e as usize);
            (
                "exception".into(),
                vec![(
                    "raised",
                    err.map(|e| {
                        if e.message.is_empty() {
                            e.type_name.clone()
                        } else {
                            format!("{}: {}", e.type_name, e.message)
                        }
                    })
                    .unwrap_or_default(),
                )],
            )
        }
        MarkerKind::Cancelled => ("cancelled".into(), vec![]),
        MarkerKind::Warning(w) => (
            "hint".into(),
            vec![(
                "warning",
                trace
                    .warnings
                    .get(w as usize)
                    .map(|w| w.message.clone())
                    .unwrap_or_default(),
            )],
        ),
        MarkerKind::Blocked(s) => (
            "blocking call".into(),
            vec![("call", trace.str(s).to_string())],
        ),
    }
}

fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map(|p| p.now())
        .unwrap_or(0.0)
}

fn prefers_dark() -> bool {
    web_sys::window()
        .and_then(|w| w.match_media("(prefers-color-scheme: dark)").ok().flatten())
        .is_some_and(|m| m.matches())
}

type Shared = Rc<RefCell<Core>>;

/// Asks for a frame (at most one pending). While live, each frame asks for the next.
fn request_frame(shared: &Shared) {
    let Ok(mut core) = shared.try_borrow_mut() else {
        return;
    };
    if core.frame.is_some() {
        return;
    }
    if core.raf.is_none() {
        let weak: Weak<RefCell<Core>> = Rc::downgrade(shared);
        core.raf = Some(Closure::new(move |_ts: f64| {
            if let Some(shared) = weak.upgrade() {
                on_frame(&shared);
            }
        }));
    }
    let Some(window) = web_sys::window() else {
        return;
    };
    if let Some(cb) = core.raf.as_ref() {
        core.frame = window
            .request_animation_frame(cb.as_ref().unchecked_ref())
            .ok();
    }
}

fn on_frame(shared: &Shared) {
    let (cost, onframe, live) = {
        let Ok(mut core) = shared.try_borrow_mut() else {
            return;
        };
        core.frame = None;
        let cost = core.paint();
        (cost, core.onframe.clone(), core.live)
    };
    if let (Some(cost), Some(cb)) = (cost, onframe) {
        cb.emit(cost);
    }
    if live {
        request_frame(shared);
    }
}

fn paint_now(shared: &Shared) {
    let (cost, onframe) = {
        let Ok(mut core) = shared.try_borrow_mut() else {
            return;
        };
        (core.paint(), core.onframe.clone())
    };
    if let (Some(cost), Some(cb)) = (cost, onframe) {
        cb.emit(cost);
    }
}

/// Puts the tooltip next to the canvas point (`x`, `y`), on whichever side keeps it inside the
/// window (below and to the right by default), then shows it. The tooltip is `position:
/// fixed`, so no pane's edge clips it.
fn place_tooltip(tip: &NodeRef, canvas: &NodeRef, x: f64, y: f64) {
    let (Some(el), Some(cv), Some(window)) = (
        tip.cast::<HtmlElement>(),
        canvas.cast::<HtmlElement>(),
        web_sys::window(),
    ) else {
        return;
    };
    let size = |v: Result<wasm_bindgen::JsValue, wasm_bindgen::JsValue>| {
        v.ok().and_then(|v| v.as_f64()).unwrap_or(0.0)
    };
    let (vw, vh) = (size(window.inner_width()), size(window.inner_height()));
    let stage = cv.get_bounding_client_rect();
    let (w, h) = (el.offset_width() as f64, el.offset_height() as f64);
    let (px, py) = (stage.left() + x, stage.top() + y);
    let side = |p: f64, len: f64, limit: f64| {
        let after = p + 14.0;
        let pos = if after + len <= limit - 4.0 {
            after
        } else {
            p - 14.0 - len
        };
        pos.clamp(4.0, (limit - len - 4.0).max(4.0))
    };
    let (left, top) = (side(px, w, vw), side(py, h, vh));
    let _ = el.set_attribute(
        "style",
        &format!("left: {}px; top: {}px", left.round(), top.round()),
    );
}

/// The canvas point of a pointer event.
fn canvas_xy(canvas: &NodeRef, e: &MouseEvent) -> (f64, f64) {
    match canvas.cast::<HtmlElement>() {
        Some(el) => {
            let r = el.get_bounding_client_rect();
            (
                e.client_x() as f64 - r.left(),
                e.client_y() as f64 - r.top(),
            )
        }
        None => (e.offset_x() as f64, e.offset_y() as f64),
    }
}

/// The timeline pane: canvas lanes, zoom controls, legend, scrubber and an accessible summary.
#[component]
pub fn Timeline(props: &TimelineProps) -> Html {
    let canvas = use_node_ref();
    let core: Shared = {
        let canvas = canvas.clone();
        use_mut_ref(move || Core::new(canvas))
    };
    let tip = use_state(|| None::<Tip>);
    let tip_ref = use_node_ref();
    let rerender = use_force_update();
    {
        let (tip_ref, canvas) = (tip_ref.clone(), canvas.clone());
        use_effect_with((*tip).clone(), move |tip| {
            if let Some(t) = tip {
                place_tooltip(&tip_ref, &canvas, t.x, t.y);
            }
        });
    }
    core.borrow_mut().update(props);

    // After every render: paint at once (no blank frame), and keep animating while live.
    {
        let core = core.clone();
        use_effect(move || {
            let needed = std::mem::take(&mut core.borrow_mut().needs_paint);
            if needed {
                paint_now(&core);
            }
            if core.borrow().live {
                request_frame(&core);
            }
        });
    }

    // Once: a non-passive wheel listener (so the page does not scroll while zooming), a
    // resize observer, and the clean-up that stops the animation loop.
    {
        let core = core.clone();
        let canvas = canvas.clone();
        let tip = tip.clone();
        use_effect_with((), move |_| {
            let element = canvas.cast::<HtmlElement>();
            let wheel = {
                let core = core.clone();
                let canvas = canvas.clone();
                let tip = tip.clone();
                Closure::<dyn FnMut(WheelEvent)>::new(move |e: WheelEvent| {
                    let (x, _) = canvas_xy(&canvas, &e);
                    {
                        let Ok(mut c) = core.try_borrow_mut() else {
                            return;
                        };
                        if c.runtime.is_none() || !c.wheel(&e, x) {
                            // Nothing to scroll here: the page scrolls instead.
                            return;
                        }
                        e.prevent_default();
                    }
                    // What was under the pointer has moved: hide the tooltip until it moves.
                    if std::mem::take(&mut core.borrow_mut().tip_shown) {
                        tip.set(None);
                    }
                    request_frame(&core);
                })
            };
            let opts = web_sys::AddEventListenerOptions::new();
            opts.set_passive(false);
            if let Some(el) = &element {
                el.add_event_listener_with_callback_and_add_event_listener_options(
                    "wheel",
                    wheel.as_ref().unchecked_ref(),
                    &opts,
                )
                .ok();
            }
            let resized = {
                let core = core.clone();
                Closure::<dyn FnMut()>::new(move || request_frame(&core))
            };
            let observer = web_sys::ResizeObserver::new(resized.as_ref().unchecked_ref()).ok();
            if let (Some(obs), Some(el)) =
                (&observer, element.as_ref().and_then(|e| e.parent_element()))
            {
                obs.observe(&el);
            }
            move || {
                if let Some(el) = &element {
                    el.remove_event_listener_with_callback("wheel", wheel.as_ref().unchecked_ref())
                        .ok();
                }
                if let Some(obs) = observer {
                    obs.disconnect();
                }
                drop(resized);
                let mut c = core.borrow_mut();
                if let (Some(id), Some(window)) = (c.frame.take(), web_sys::window()) {
                    window.cancel_animation_frame(id).ok();
                }
                c.raf = None;
            }
        });
    }

    let onpointerdown = {
        let core = core.clone();
        let canvas = canvas.clone();
        let onscrub = props.onscrub.clone();
        Callback::from(move |e: PointerEvent| {
            let (x, y) = canvas_xy(&canvas, &e);
            if let Some(el) = canvas.cast::<web_sys::Element>() {
                el.set_pointer_capture(e.pointer_id()).ok();
            }
            let mut c = core.borrow_mut();
            c.pointers.retain(|p| p.id != e.pointer_id());
            c.pointers.push(Pointer {
                id: e.pointer_id(),
                x,
                y,
            });
            if c.pointers.len() == 2 {
                let (a, b) = (c.pointers[0], c.pointers[1]);
                c.pinch = Some((a.x - b.x).hypot(a.y - b.y));
                c.press = None;
                c.scrubbing = None;
            } else if c.in_overview(x, y) {
                c.press = None;
                c.overviewing = true;
                c.overview_to(x);
                drop(c);
                request_frame(&core);
            } else if x >= c.header && y < AXIS_PX && c.runtime.is_some() {
                // The axis (the ruler) is a playhead: press and drag to scrub, live or not.
                c.press = None;
                let pos = c.pos_at_x(x);
                c.scrubbing = pos;
                drop(c);
                if let Some(pos) = pos {
                    onscrub.emit(pos);
                }
            } else {
                c.press = Some((x, y, false));
            }
        })
    };
    let onpointermove = {
        let core = core.clone();
        let canvas = canvas.clone();
        let onscrub = props.onscrub.clone();
        let tip = tip.clone();
        Callback::from(move |e: PointerEvent| {
            let (x, y) = canvas_xy(&canvas, &e);
            let mut repaint = false;
            let mut scrub_to = None;
            let new_tip = {
                let mut c = core.borrow_mut();
                let id = e.pointer_id();
                let old = c
                    .pointers
                    .iter()
                    .position(|p| p.id == id)
                    .map(|i| c.pointers[i]);
                if let Some(old) = old {
                    if let Some(p) = c.pointers.iter_mut().find(|p| p.id == id) {
                        p.x = x;
                        p.y = y;
                    }
                    if c.pointers.len() >= 2 {
                        let (a, b) = (c.pointers[0], c.pointers[1]);
                        let dist = (a.x - b.x).hypot(a.y - b.y);
                        if let Some(prev) = c.pinch.filter(|d| *d > 4.0) {
                            let mid = (a.x + b.x) / 2.0 - c.header;
                            c.zoom(dist / prev, mid);
                        }
                        c.pinch = Some(dist);
                        repaint = true;
                    } else if c.overviewing {
                        c.overview_to(x);
                        repaint = true;
                    } else if let Some(last) = c.scrubbing {
                        if let Some(pos) = c.pos_at_x(x).filter(|&p| p != last) {
                            c.scrubbing = Some(pos);
                            scrub_to = Some(pos);
                        }
                    } else if let Some((sx, sy, moved)) = c.press {
                        let far = (x - sx).hypot(y - sy) > 4.0;
                        if moved || far {
                            c.press = Some((sx, sy, true));
                            c.pan(x - old.x, y - old.y);
                            repaint = true;
                        }
                    }
                }
                // The pointer's shape says what a press does there.
                let zone = if y < AXIS_PX && x >= c.header {
                    "axis"
                } else if c.in_overview(x, y) {
                    "overview"
                } else if x < c.header {
                    "header"
                } else {
                    "lanes"
                };
                if c.zone != zone {
                    c.zone = zone;
                    if let Some(el) = canvas.cast::<web_sys::Element>() {
                        el.set_attribute("data-zone", zone).ok();
                    }
                }
                let row = {
                    let (_, ly) = c.lanes_xy(x, y);
                    let lanes = c.lanes();
                    if x >= 0.0 {
                        c.vp.row_at(ly, lanes)
                    } else {
                        None
                    }
                };
                if row != c.hover_row {
                    c.hover_row = row;
                    repaint = true;
                }
                if c.press.is_some_and(|p| p.2)
                    || c.scrubbing.is_some()
                    || c.overviewing
                    || zone == "overview"
                    || c.pinch.is_some() && c.pointers.len() >= 2
                {
                    None
                } else {
                    c.tip_at(x, y)
                }
            };
            core.borrow_mut().tip_shown = new_tip.is_some();
            if *tip != new_tip {
                tip.set(new_tip);
            }
            if let Some(pos) = scrub_to {
                onscrub.emit(pos);
            }
            if repaint {
                request_frame(&core);
            }
        })
    };
    let onpointerup = {
        let core = core.clone();
        let canvas = canvas.clone();
        let onjump = props.onjump.clone();
        Callback::from(move |e: PointerEvent| {
            let (x, y) = canvas_xy(&canvas, &e);
            let action = {
                let mut c = core.borrow_mut();
                c.pointers.retain(|p| p.id != e.pointer_id());
                if c.pointers.len() < 2 {
                    c.pinch = None;
                }
                c.scrubbing = None;
                c.overviewing = false;
                match c.press.take() {
                    Some((_, _, false)) => c.line_at(x, y),
                    _ => None,
                }
            };
            if let Some(line) = action {
                onjump.emit(line);
            }
        })
    };
    let onpointerleave = {
        let core = core.clone();
        let tip = tip.clone();
        Callback::from(move |_e: PointerEvent| {
            let changed = {
                let mut c = core.borrow_mut();
                let changed = c.hover_row.is_some();
                c.hover_row = None;
                changed
            };
            core.borrow_mut().tip_shown = false;
            tip.set(None);
            if changed {
                request_frame(&core);
            }
        })
    };
    let onpointercancel = {
        let core = core.clone();
        Callback::from(move |e: PointerEvent| {
            let mut c = core.borrow_mut();
            c.pointers.retain(|p| p.id != e.pointer_id());
            c.pinch = None;
            c.press = None;
            c.scrubbing = None;
            c.overviewing = false;
        })
    };

    let zoom_by = |factor: f64| {
        let core = core.clone();
        Callback::from(move |_: MouseEvent| {
            {
                let mut c = core.borrow_mut();
                let mid = c.vp.width_px / 2.0;
                c.zoom(factor, mid);
            }
            request_frame(&core);
        })
    };
    let onfit = {
        let core = core.clone();
        Callback::from(move |_: MouseEvent| {
            {
                let mut c = core.borrow_mut();
                c.follow = true;
                c.vp.scroll_y = 0.0;
            }
            request_frame(&core);
        })
    };
    let axis = core.borrow().axis();
    let onaxis = {
        let core = core.clone();
        let rerender = rerender.clone();
        Callback::from(move |_: MouseEvent| {
            {
                let mut c = core.borrow_mut();
                let next = match c.axis() {
                    Axis::Time => Axis::Events,
                    Axis::Events => Axis::Time,
                };
                c.axis_choice = Some(next);
                c.follow = true;
                c.needs_paint = true;
            }
            rerender.force_update();
        })
    };
    let onkeydown = {
        let core = core.clone();
        Callback::from(move |e: KeyboardEvent| {
            let handled = {
                let mut c = core.borrow_mut();
                let mid = c.vp.width_px / 2.0;
                let step = c.vp.width_px / 8.0;
                if e.ctrl_key() || e.meta_key() || e.alt_key() {
                    return;
                }
                // W/S zoom and A/D pan, as in Perfetto; + − 0 and the arrows too.
                match e.key().as_str() {
                    "+" | "=" | "w" | "W" => c.zoom(1.5, mid),
                    "-" | "_" | "s" | "S" => c.zoom(1.0 / 1.5, mid),
                    "0" => {
                        c.follow = true;
                        c.vp.scroll_y = 0.0;
                    }
                    "ArrowLeft" | "a" | "A" => c.pan(step, 0.0),
                    "ArrowRight" | "d" | "D" => c.pan(-step, 0.0),
                    "ArrowUp" => c.pan(0.0, LANE_PX),
                    "ArrowDown" => c.pan(0.0, -LANE_PX),
                    _ => return,
                }
                true
            };
            if handled {
                e.prevent_default();
                request_frame(&core);
            }
        })
    };

    // Scrubber and summary come from the model as of this render.
    let mut c = core.borrow_mut();
    let len = c.model.len();
    let lanes = c.lanes();
    let pos = props.pos.unwrap_or(len).min(len);
    let has_run = c.runtime.is_some();
    let scrubber = (has_run && !props.live && len > 0).then(|| {
        let onscrub = props.onscrub.clone();
        let oninput = Callback::from(move |e: InputEvent| {
            if let Some(input) = e.target_dyn_into::<HtmlInputElement>() {
                if let Ok(v) = input.value().parse::<usize>() {
                    onscrub.emit(v);
                }
            }
        });
        let t = c
            .runtime
            .as_ref()
            .map(|rt| c.model.time_at_pos(&rt.trace.borrow(), pos))
            .unwrap_or(0.0);
        html! {
            <div class="cs-tl-scrub">
                <input type="range" class="cs-tl-scrubber" data-testid="scrubber"
                    min="0" max={len.to_string()} step="1" value={pos.to_string()}
                    aria-label="Position in the run (event number)"
                    aria-valuetext={format!("event {pos} of {len}, at {}", secs(t))}
                    {oninput} />
                <span class="cs-tl-scrub-label" aria-hidden="true">
                    {format!("#{pos}/{len} · {}", secs(t))}
                </span>
            </div>
        }
    });
    let summary = c.summary(pos);
    let flat = axis == Axis::Time && c.clock_never_moved();
    // Tall enough for the run's lanes (two to twelve; beyond, the wheel scrolls them), whatever
    // the legend above takes.
    let stage_min = lanes.clamp(2, 12) as f64 * LANE_PX + AXIS_PX + OVERVIEW_PX + 2.0;
    drop(c);

    // The tooltip's element is always there (hidden when empty): the stage's children keep
    // their places, so the canvas is never re-created under the pointer. It is placed after
    // rendering, once its size is known, so that it stays inside the window.
    let tooltip = match (*tip).clone() {
        Some(t) => {
            let style = format!(
                "left: {}px; top: {}px; visibility: hidden",
                (t.x + 14.0).round(),
                (t.y + 14.0).round()
            );
            let swatch = t.state.map(|s| {
                let st = style_of(s);
                html! { <span class="cs-tip-swatch" style={format!("background: {}", st.color)}></span> }
            });
            html! {
                <div class="cs-tl-tooltip" role="tooltip" data-testid="timeline-tooltip" style={style}
                    ref={tip_ref.clone()}>
                    <div class="cs-tip-title">{swatch}{t.title}</div>
                    <dl>
                        { for t.rows.into_iter().map(|(k, v)| html! { <><dt>{k}</dt><dd>{v}</dd></> }) }
                    </dl>
                </div>
            }
        }
        None => html! { <div class="cs-tl-tooltip" role="tooltip" hidden=true></div> },
    };

    html! {
        <section class="coroscope-pane coroscope-timeline cs-tl" data-testid="timeline">
            <div class="coroscope-pane-title cs-tl-bar">
                <span>
                    {"Timeline"}
                    if props.live {
                        <span class="cs-tl-live" aria-label="live run">{"live"}</span>
                    }
                </span>
                <div class="cs-tl-tools" role="toolbar" aria-label="Timeline view">
                    <button type="button" class="cs-tl-btn" aria-label="Zoom out" title="Zoom out (−)"
                        onclick={zoom_by(1.0 / 1.5)}>{"−"}</button>
                    <button type="button" class="cs-tl-btn" aria-label="Zoom in" title="Zoom in (+)"
                        onclick={zoom_by(1.5)}>{"+"}</button>
                    <button type="button" class="cs-tl-btn" aria-label="Fit the whole run" title="Fit the run (0)"
                        onclick={onfit} data-testid="timeline-fit">{"Fit"}</button>
                    <button type="button" class="cs-tl-btn" data-testid="timeline-axis"
                        aria-pressed={(axis == Axis::Events).to_string()}
                        title="Spread the events evenly (for runs whose clock never moves)"
                        onclick={onaxis}>
                        { if axis == Axis::Events { "Axis: events" } else { "Axis: time" } }
                    </button>
                </div>
            </div>
            <Legend />
            <div class="cs-tl-stage" style={format!("min-height: {stage_min}px")}
                tabindex="0" role="group"
                aria-label="Task timeline. W and S zoom, A and D pan, arrows scroll, 0 fits the run."
                {onkeydown}>
                <canvas ref={canvas} class="cs-tl-canvas" aria-hidden="true"
                    {onpointerdown} {onpointermove} {onpointerup} {onpointerleave} {onpointercancel}>
                </canvas>
                { tooltip }
            </div>
            if flat {
                <p class="cs-tl-note" data-testid="timeline-flat">
                    {"Every event happened at 0 s: the loop clock never moved. Choose “Axis: time” to switch to events and spread them out."}
                </p>
            }
            <div class="cs-tl-scrub-slot">{ scrubber }</div>
            <Summary text={summary.0} items={summary.1} />
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_header_column_shrinks_on_narrow_canvases() {
        assert_eq!(header_width(1200.0), HEADER_PX);
        assert_eq!(header_width(360.0), 360.0 * 0.28);
        assert_eq!(header_width(100.0), 72.0);
    }
}
