//! Layout maths for the canvas timeline, with no browser types: a [`Viewport`] mapping clock
//! time to pixels (zoom, pan, fit), readable axis ticks, and a [`DrawList`] — everything a
//! canvas must paint for one frame, already clipped to the visible lanes and merged so that
//! no lane ever needs more rectangles than it has pixels. The canvas component just replays
//! it; [`hit`] answers tooltips and clicks.

use std::ops::Range;

use super::event::{Cause, TaskId, Trace};
use super::model::{ArrowKind, MarkerKind, Model, Segment, TaskState};

/// The smallest visible time span (seconds): zooming stops there.
pub const MIN_SPAN: f64 = 1e-9;
/// The largest visible time span (seconds).
pub const MAX_SPAN: f64 = 1e7;

/// What part of the timeline is on screen: a time window over the lanes area, and a vertical
/// scroll over the lanes.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Viewport {
    /// Clock time at the left edge (seconds).
    pub t0: f64,
    /// Clock time at the right edge (seconds).
    pub t1: f64,
    /// Width of the lanes area in CSS pixels.
    pub width_px: f64,
    /// Height of the lanes area in CSS pixels.
    pub height_px: f64,
    /// Height of one lane.
    pub lane_height: f64,
    /// How far the lanes are scrolled up (pixels).
    pub scroll_y: f64,
}

impl Viewport {
    /// A viewport of the given size showing the first second, unscrolled.
    pub fn new(width_px: f64, height_px: f64, lane_height: f64) -> Self {
        Viewport {
            t0: 0.0,
            t1: 1.0,
            width_px: width_px.max(1.0),
            height_px: height_px.max(0.0),
            lane_height: lane_height.max(1.0),
            scroll_y: 0.0,
        }
    }

    /// Visible time span in seconds.
    pub fn span(&self) -> f64 {
        self.t1 - self.t0
    }

    /// Seconds per pixel.
    pub fn seconds_per_px(&self) -> f64 {
        self.span() / self.width_px
    }

    /// The x of clock time `t` (may lie outside `0..width_px`).
    pub fn x_of(&self, t: f64) -> f64 {
        (t - self.t0) / self.span() * self.width_px
    }

    /// The clock time at `x`.
    pub fn t_of(&self, x: f64) -> f64 {
        self.t0 + x / self.width_px * self.span()
    }

    /// Zooms by `factor` (> 1 zooms in, < 1 out: a wheel notch or a pinch ratio) keeping the
    /// instant under `x` where it is. The span stays within [`MIN_SPAN`, `MAX_SPAN`].
    pub fn zoom_at(&mut self, factor: f64, x: f64) {
        if !(factor.is_finite() && factor > 0.0) {
            return;
        }
        let anchor = self.t_of(x);
        let span = (self.span() / factor).clamp(MIN_SPAN, MAX_SPAN);
        let frac = x / self.width_px;
        self.t0 = anchor - frac * span;
        self.t1 = self.t0 + span;
    }

    /// Pans by a drag of `dx`, `dy` pixels (content follows the pointer): time moves opposite
    /// to `dx`, lanes scroll opposite to `dy`, clamped to the `lanes` there are.
    pub fn pan_px(&mut self, dx: f64, dy: f64, lanes: usize) {
        let dt = dx * self.seconds_per_px();
        self.t0 -= dt;
        self.t1 -= dt;
        self.scroll_by(-dy, lanes);
    }

    /// Scrolls the lanes by `dy` pixels (positive shows lower lanes), clamped.
    pub fn scroll_by(&mut self, dy: f64, lanes: usize) {
        self.scroll_y = (self.scroll_y + dy).clamp(0.0, self.max_scroll(lanes));
    }

    /// The largest useful `scroll_y` for `lanes` lanes.
    pub fn max_scroll(&self, lanes: usize) -> f64 {
        (lanes as f64 * self.lane_height - self.height_px).max(0.0)
    }

    /// Shows `[start, end]` with a 2% margin on each side (a one-second window when the run
    /// has no duration, as on the virtual clock without sleeps).
    pub fn fit(&mut self, start: f64, end: f64) {
        let span = end - start;
        if !(span.is_finite() && span > MIN_SPAN) {
            self.t0 = start - 0.02;
            self.t1 = start + 0.98;
            return;
        }
        let margin = span * 0.02;
        self.t0 = start - margin;
        self.t1 = end + margin;
    }

    /// Keeps the view on the run `[start, end]` (Perfetto's rule: panning and zooming never
    /// leave the recording): the window cannot start before the run's first 2% margin nor end
    /// after its last, and cannot zoom out beyond the whole run with those margins (a run with
    /// no duration keeps the window's span). The view [`Viewport::fit`] gives is unchanged.
    pub fn clamp_to(&mut self, start: f64, end: f64) {
        let run = (end - start).max(0.0);
        let mut span = self.span();
        let margin = if run > MIN_SPAN {
            run * 0.02
        } else {
            span * 0.02
        };
        let (lo, hi) = (start - margin, start + run + margin);
        if run > MIN_SPAN {
            span = span.min(hi - lo);
        }
        let t0 = if span >= hi - lo {
            lo
        } else {
            self.t0.clamp(lo, hi - span)
        };
        self.t0 = t0;
        self.t1 = t0 + span;
    }

    /// Fit-to-run: shows the whole run on `axis` (time 0 to the last event's time, or
    /// position 0 to the last event).
    pub fn fit_run(&mut self, model: &Model, axis: Axis) {
        match axis {
            Axis::Time => self.fit(0.0, model.end_time()),
            Axis::Events => self.fit(0.0, model.len() as f64),
        }
    }

    /// The top y of lane `row`.
    pub fn row_y(&self, row: usize) -> f64 {
        row as f64 * self.lane_height - self.scroll_y
    }

    /// The lane rows at least partly visible, out of `lanes`.
    pub fn visible_rows(&self, lanes: usize) -> Range<usize> {
        let first = (self.scroll_y / self.lane_height).floor().max(0.0) as usize;
        let last = ((self.scroll_y + self.height_px) / self.lane_height)
            .ceil()
            .max(0.0) as usize;
        first.min(lanes)..last.min(lanes)
    }

    /// The lane row at `y`, if it is a lane.
    pub fn row_at(&self, y: f64, lanes: usize) -> Option<usize> {
        let row = ((y + self.scroll_y) / self.lane_height).floor();
        (row >= 0.0 && (row as usize) < lanes && y >= 0.0 && y < self.height_px)
            .then_some(row as usize)
    }

    /// Axis ticks at a 1-2-5 step (minutes and hours beyond a minute) at least
    /// `min_spacing_px` apart, with labels like `0 s`, `500 ms`, `1.5 s`, `2 min`.
    pub fn ticks(&self, min_spacing_px: f64) -> Vec<Tick> {
        let step = nice_step(self.seconds_per_px() * min_spacing_px.max(1.0));
        let mut ticks = Vec::new();
        let first = (self.t0 / step).ceil();
        let max = (self.width_px / min_spacing_px.max(1.0)) as usize + 2;
        for k in 0..max {
            let t = (first + k as f64) * step;
            if t > self.t1 {
                break;
            }
            ticks.push(Tick {
                x: self.x_of(t),
                t,
                label: format_tick(t, step),
            });
        }
        ticks
    }
}

/// What the horizontal axis measures.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Axis {
    /// The loop clock in seconds (the default).
    #[default]
    Time,
    /// Event positions: one unit per trace event, so that runs where the clock never moves
    /// (the virtual clock without sleeps) still spread out, and each step is visible.
    Events,
}

impl Axis {
    /// Where a segment starts and ends on this axis (an open segment ends at +∞).
    pub fn segment_range(self, seg: &Segment) -> (f64, f64) {
        match self {
            Axis::Time => (seg.t0, seg.t1),
            Axis::Events => (
                seg.p0 as f64,
                if seg.is_open() {
                    f64::INFINITY
                } else {
                    seg.p1 as f64
                },
            ),
        }
    }

    /// Where an event stamped `t` that brought the run to position `p` lies on this axis.
    pub fn point(self, t: f64, p: u32) -> f64 {
        match self {
            Axis::Time => t,
            Axis::Events => p as f64,
        }
    }
}

impl Viewport {
    /// Ticks for `axis`: [`Viewport::ticks`] for time; for events, whole event numbers at a
    /// 1-2-5 step labelled `#1200`.
    pub fn ticks_on(&self, axis: Axis, min_spacing_px: f64) -> Vec<Tick> {
        if axis == Axis::Time {
            return self.ticks(min_spacing_px);
        }
        let step = nice_125((self.seconds_per_px() * min_spacing_px.max(1.0)).max(1.0));
        let first = (self.t0.max(0.0) / step).ceil();
        let max = (self.width_px / min_spacing_px.max(1.0)) as usize + 2;
        (0..max)
            .map(|k| (first + k as f64) * step)
            .take_while(|&v| v <= self.t1)
            .map(|v| Tick {
                x: self.x_of(v),
                t: v,
                label: format!("#{}", v as u64),
            })
            .collect()
    }
}

/// An axis tick.
#[derive(Clone, Debug, PartialEq)]
pub struct Tick {
    /// Its x.
    pub x: f64,
    /// Its clock time.
    pub t: f64,
    /// Its text (`0 s`, `500 ms`, `1.5 s`, `2 min`).
    pub label: String,
}

/// The smallest "nice" step ≥ `raw` seconds: 1-2-5 × 10ⁿ below a minute; 1, 2, 5, 10, 15, 30
/// minutes; then 1-2-5 hours.
pub fn nice_step(raw: f64) -> f64 {
    if !(raw.is_finite() && raw > 0.0) {
        return 1.0;
    }
    if raw > 30.0 {
        for minutes in [1.0, 2.0, 5.0, 10.0, 15.0, 30.0] {
            if minutes * 60.0 >= raw {
                return minutes * 60.0;
            }
        }
        return 3600.0 * nice_125(raw / 3600.0);
    }
    nice_125(raw)
}

fn nice_125(raw: f64) -> f64 {
    let pow = 10f64.powf(raw.log10().floor());
    for m in [1.0, 2.0, 5.0, 10.0] {
        if m * pow >= raw * (1.0 - 1e-12) {
            return m * pow;
        }
    }
    10.0 * pow
}

/// Formats a tick at `t` on an axis of step `step`: the unit follows the value (`500 ms`
/// then `1.5 s`), minutes or hours when the step is that coarse, with as many decimals as
/// the step needs and no trailing zeros.
pub fn format_tick(t: f64, step: f64) -> String {
    if t.abs() < step * 1e-6 {
        return "0 s".to_string();
    }
    if step >= 3600.0 {
        return format!("{} h", decimals(t / 3600.0, step / 3600.0));
    }
    if step >= 60.0 {
        return format!("{} min", decimals(t / 60.0, step / 60.0));
    }
    let a = t.abs();
    let (scale, unit) = if a >= 1.0 {
        (1.0, "s")
    } else if a >= 1e-3 {
        (1e3, "ms")
    } else if a >= 1e-6 {
        (1e6, "µs")
    } else {
        (1e9, "ns")
    };
    format!("{} {unit}", decimals(t * scale, step * scale))
}

fn decimals(v: f64, step: f64) -> String {
    let places = if step >= 1.0 {
        0
    } else {
        (-step.log10() - 1e-9).ceil().clamp(0.0, 12.0) as usize
    };
    let s = format!("{v:.places$}");
    let s = if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    };
    if s == "-0" {
        "0".to_string()
    } else {
        s
    }
}

/// Knobs for [`draw_list`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DrawOptions {
    /// "Now": where open segments end (the trace end, or the live clock during a run).
    pub now: f64,
    /// The scrubber's instant, if any (drawn as the cursor; task names are taken there).
    pub cursor: Option<f64>,
    /// Average width of a label character, to decide what fits.
    pub char_px: f64,
    /// Rectangles narrower than this get no label.
    pub label_min_px: f64,
    /// Empty space above and below the rectangles within a lane.
    pub lane_padding_px: f64,
    /// Minimum distance between axis ticks.
    pub tick_spacing_px: f64,
    /// What x measures; `now` and `cursor` are in its units (seconds, or event positions).
    pub axis: Axis,
}

impl DrawOptions {
    /// Defaults for a run ending (or currently) at clock time `now`, on the time axis.
    pub fn at(now: f64) -> Self {
        DrawOptions {
            now,
            cursor: None,
            char_px: 7.0,
            label_min_px: 24.0,
            lane_padding_px: 3.0,
            tick_spacing_px: 80.0,
            axis: Axis::Time,
        }
    }
}

/// A filled rectangle: one segment, or a pixel column merging several narrower ones.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rect {
    /// The lane's task.
    pub task: TaskId,
    /// The lane row.
    pub row: usize,
    /// Left edge (whole pixels).
    pub x: f64,
    /// Top edge.
    pub y: f64,
    /// Width (whole pixels, ≥ 1).
    pub w: f64,
    /// Height.
    pub h: f64,
    /// The state to colour it with (for a merged column, the one lasting longest).
    pub state: TaskState,
    /// Several states were merged into it (draw a "busy/mixed" cue).
    pub mixed: bool,
    /// Index of its first segment in the task's segments.
    pub segment: usize,
    /// How many segments it covers (1 for an unmerged segment).
    pub segments: u32,
}

/// Text drawn inside a rectangle (left-aligned at `x`, vertically centred on `y`).
#[derive(Clone, Debug, PartialEq)]
pub struct Label {
    /// The lane row.
    pub row: usize,
    /// Left of the text.
    pub x: f64,
    /// Vertical centre of the text.
    pub y: f64,
    /// The text, already shortened with `…` to fit.
    pub text: String,
}

/// A vertical wake-up arrow at `x` from the waker's lane to the woken lane.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ArrowLine {
    /// Its x.
    pub x: f64,
    /// Centre of the waker's lane (`None` for a timer, or a waker with no lane).
    pub y_from: Option<f64>,
    /// Centre of the woken lane.
    pub y_to: f64,
    /// Spawn or wake.
    pub kind: ArrowKind,
    /// What woke it.
    pub from: Cause,
    /// The woken task.
    pub to: TaskId,
}

/// A marker glyph (print, exception, cancellation, warning, blocking call).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct MarkerDot {
    /// Its x.
    pub x: f64,
    /// Centre of its lane (`None`: top-level code, draw on the axis).
    pub y: Option<f64>,
    /// What it marks (the text is in the trace).
    pub kind: MarkerKind,
    /// The task.
    pub task: Option<TaskId>,
    /// Index in [`Model::markers`] (for its tooltip).
    pub index: usize,
}

/// A visible lane's header.
#[derive(Clone, Debug, PartialEq)]
pub struct LaneHeader {
    /// The lane row.
    pub row: usize,
    /// Top edge.
    pub y: f64,
    /// The task.
    pub task: TaskId,
    /// Its depth in the creation tree (for indentation).
    pub depth: u32,
    /// Its name at the cursor (or now).
    pub name: String,
    /// Its state at the cursor (or now); `None` before it exists.
    pub state: Option<TaskState>,
}

/// Everything to paint for one frame.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DrawList {
    /// Segment rectangles, lane by lane, left to right.
    pub rects: Vec<Rect>,
    /// Labels that fit their rectangles.
    pub labels: Vec<Label>,
    /// Wake-up arrows (at most one per pixel column and lane pair).
    pub arrows: Vec<ArrowLine>,
    /// Markers (at most one per pixel column, lane and kind).
    pub markers: Vec<MarkerDot>,
    /// Visible lanes.
    pub lanes: Vec<LaneHeader>,
    /// Axis ticks.
    pub ticks: Vec<Tick>,
    /// The scrubber's x, if on screen.
    pub cursor_x: Option<f64>,
    /// The "now" line's x, if on screen.
    pub now_x: Option<f64>,
}

impl DrawList {
    /// The marker nearest to (`x`, `y`) within `radius` pixels (for marker tooltips); markers
    /// without a lane sit on the axis at `y = 0`.
    pub fn marker_at(&self, x: f64, y: f64, radius: f64) -> Option<&MarkerDot> {
        self.markers
            .iter()
            .map(|m| {
                let dx = m.x - x;
                let dy = m.y.unwrap_or(0.0) - y;
                (dx * dx + dy * dy, m)
            })
            .filter(|(d2, _)| *d2 <= radius * radius)
            .min_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(_, m)| m)
    }
}

/// Builds the draw list of `viewport`: only visible lanes, only segments in the time window,
/// sub-pixel segments merged into one-pixel "mixed" columns (so a lane never has more
/// rectangles than the viewport has pixels), labels where they fit, arrows and markers.
pub fn draw_list(trace: &Trace, model: &Model, vp: &Viewport, opts: &DrawOptions) -> DrawList {
    let lanes = model.lanes();
    let rows = vp.visible_rows(lanes.len());
    let axis = opts.axis;
    // The instant whose names and states the lane headers and labels show.
    let (at, at_pos) = match axis {
        Axis::Time => {
            let at = opts.cursor.unwrap_or(opts.now);
            (at, model.pos_at_time(trace, at))
        }
        Axis::Events => {
            let pos = opts.cursor.unwrap_or(opts.now).max(0.0) as usize;
            (model.time_at_pos(trace, pos), pos)
        }
    };
    let mut out = DrawList {
        ticks: vp.ticks_on(axis, opts.tick_spacing_px),
        ..DrawList::default()
    };
    let on_screen = |x: f64| (0.0..=vp.width_px).contains(&x).then_some(x);
    out.cursor_x = opts.cursor.map(|t| vp.x_of(t)).and_then(on_screen);
    out.now_x = on_screen(vp.x_of(opts.now));
    let pad = opts
        .lane_padding_px
        .clamp(0.0, (vp.lane_height - 1.0).max(0.0) / 2.0);

    for row in rows.clone() {
        let task = lanes[row];
        let y = vp.row_y(row);
        out.lanes.push(LaneHeader {
            row,
            y,
            task,
            depth: model.task(task).map(|t| t.depth).unwrap_or(0),
            name: model.name_at_pos(trace, task, at_pos).to_string(),
            state: model.state_at_pos(task, at_pos),
        });
        let first_rect = out.rects.len();
        lane_rects(model.segments(task), vp, opts.now, axis, &mut out.rects);
        for r in &mut out.rects[first_rect..] {
            r.task = task;
            r.row = row;
            r.y = y + pad;
            r.h = vp.lane_height - 2.0 * pad;
        }
        for r in &out.rects[first_rect..] {
            if r.mixed || r.w < opts.label_min_px {
                continue;
            }
            let text = model.segment_label(trace, task, r.segment, at);
            if let Some(text) = fit_text(&text, r.w - 6.0, opts.char_px) {
                out.labels.push(Label {
                    row,
                    x: r.x + 3.0,
                    y: y + vp.lane_height / 2.0,
                    text,
                });
            }
        }
    }

    let centre = |task: TaskId| {
        model
            .lane_of(task)
            .map(|row| vp.row_y(row) + vp.lane_height / 2.0)
    };
    let visible_y = |y: f64| y >= 0.0 && y <= vp.height_px;
    let mut last_arrow: Option<(i64, i64, i64)> = None;
    let mut seen_arrows: Vec<(i64, i64, i64)> = Vec::new();
    let (_, arrows) = window(model.arrows(), |a| axis.point(a.t, a.p), vp.t0, vp.t1);
    for a in arrows {
        let Some(y_to) = centre(a.to) else { continue };
        let y_from = match a.from {
            Cause::Task(from) => centre(from),
            _ => None,
        };
        let (lo, hi) = match y_from {
            Some(f) => (f.min(y_to), f.max(y_to)),
            None => (y_to, y_to),
        };
        if hi < 0.0 || lo > vp.height_px || (y_from.is_none() && !visible_y(y_to)) {
            continue;
        }
        let x = vp.x_of(axis.point(a.t, a.p));
        let key = (
            x.round() as i64,
            y_from.map(|v| v as i64).unwrap_or(-1),
            y_to as i64,
        );
        if last_arrow.map(|k| k.0) != Some(key.0) {
            seen_arrows.clear();
        }
        if seen_arrows.contains(&key) {
            continue;
        }
        seen_arrows.push(key);
        last_arrow = Some(key);
        out.arrows.push(ArrowLine {
            x,
            y_from,
            y_to,
            kind: a.kind,
            from: a.from,
            to: a.to,
        });
    }

    let (start, markers) = window(model.markers(), |m| axis.point(m.t, m.p), vp.t0, vp.t1);
    let mut seen: Vec<(i64, i64, u8)> = Vec::new();
    let mut seen_px = i64::MIN;
    for (offset, m) in markers.iter().enumerate() {
        let y = m.task.and_then(centre);
        if m.task.is_some() && !y.is_some_and(visible_y) {
            continue;
        }
        let x = vp.x_of(axis.point(m.t, m.p));
        let px = x.round() as i64;
        let key = (px, y.map(|v| v as i64).unwrap_or(-1), marker_class(m.kind));
        if px != seen_px {
            seen.clear();
            seen_px = px;
        }
        if seen.contains(&key) {
            continue;
        }
        seen.push(key);
        out.markers.push(MarkerDot {
            x,
            y,
            kind: m.kind,
            task: m.task,
            index: start + offset,
        });
    }
    out
}

/// The items whose key (non-decreasing) lies in `[lo, hi]`, and the index of the first.
fn window<T>(items: &[T], key: impl Fn(&T) -> f64, lo: f64, hi: f64) -> (usize, &[T]) {
    let a = items.partition_point(|x| key(x) < lo);
    let b = items.partition_point(|x| key(x) <= hi).max(a);
    (a, &items[a..b])
}

fn marker_class(kind: MarkerKind) -> u8 {
    match kind {
        MarkerKind::Print(_) => 0,
        MarkerKind::Exception(_) => 1,
        MarkerKind::Cancelled => 2,
        MarkerKind::Warning(_) => 3,
        MarkerKind::Blocked(_) => 4,
    }
}

/// Ties between merged states go to the one most worth seeing.
fn salience(state: TaskState) -> u8 {
    match state {
        TaskState::Failed => 5,
        TaskState::Running => 4,
        TaskState::Cancelled => 3,
        TaskState::Pending => 2,
        TaskState::Awaiting => 1,
        TaskState::Ready => 0,
    }
}

/// A merged pixel column being filled.
struct Column {
    durations: [f64; 6],
    present: u8,
}

impl Column {
    fn new() -> Self {
        Column {
            durations: [0.0; 6],
            present: 0,
        }
    }
    fn add(&mut self, state: TaskState, duration: f64) {
        self.durations[state.index()] += duration;
        self.present |= 1 << state.index();
    }
    fn dominant(&self) -> TaskState {
        let mut best = TaskState::Ready;
        let mut best_key = (-1.0, 0u8);
        for state in TaskState::ALL {
            if self.present & (1 << state.index()) == 0 {
                continue;
            }
            let key = (self.durations[state.index()], salience(state));
            if key.0 > best_key.0 || (key.0 == best_key.0 && key.1 > best_key.1) {
                best = state;
                best_key = key;
            }
        }
        best
    }
    fn mixed(&self) -> bool {
        self.present.count_ones() > 1
    }
}

/// Appends the rectangles of one lane (x, w, state, mixed, segment indices; the caller sets
/// task, row, y and h). Every rectangle spans whole pixels in `[0, width)` and none overlap,
/// so there are at most `width` of them.
fn lane_rects(segs: &[Segment], vp: &Viewport, now: f64, axis: Axis, out: &mut Vec<Rect>) {
    let width = vp.width_px.floor().max(1.0);
    let end_t = vp.t1.min(now);
    let first = segs.partition_point(|s| axis.segment_range(s).1 < vp.t0);
    let last = segs.partition_point(|s| axis.segment_range(s).0 <= end_t);
    let lane_start = out.len();
    let per_px = vp.seconds_per_px();
    let visible = |seg: &Segment| {
        let (t0, t1) = axis.segment_range(seg);
        (t1.min(end_t) - t0.max(vp.t0)).max(0.0)
    };
    let mut column: Option<Column> = None;
    let blank = |x: f64, w: f64, state, segment| Rect {
        task: TaskId(0),
        row: 0,
        x,
        y: 0.0,
        w,
        h: 0.0,
        state,
        mixed: false,
        segment,
        segments: 1,
    };
    for (i, seg) in segs.iter().enumerate().take(last).skip(first) {
        let (t0, t1) = axis.segment_range(seg);
        if t1 <= vp.t0 && t1 > t0 {
            continue; // ends exactly at the left edge
        }
        let s0 = t0.max(vp.t0);
        let s1 = t1.min(end_t);
        if s1 < s0 {
            continue;
        }
        let duration = s1 - s0;
        let a = vp.x_of(s0).clamp(0.0, width).round();
        let b = vp.x_of(s1).clamp(0.0, width).round();
        let prev_end = out[lane_start..].last().map(|r| r.x + r.w).unwrap_or(0.0);
        if b > a.max(prev_end) {
            column = None;
            let a = a.max(prev_end);
            out.push(blank(a, b - a, seg.state, i));
            continue;
        }
        // Narrower than a pixel once snapped: goes to the column at `a`.
        let c = a.min(width - 1.0);
        match out[lane_start..].last_mut() {
            Some(last) if last.x + last.w > c => {
                let col = column.get_or_insert_with(|| {
                    // The rectangle's share of this column: at most a pixel's worth.
                    let share = segs.get(last.segment).map(visible).unwrap_or(0.0);
                    let mut col = Column::new();
                    col.add(last.state, share.min(per_px));
                    col
                });
                if last.w > 1.0 && last.segments == 1 {
                    // Keep the wide segment whole but for its last pixel, which merges.
                    last.w -= 1.0;
                    let split = blank(last.x + last.w, 1.0, last.state, last.segment);
                    out.push(split);
                }
                col.add(seg.state, duration);
                if let Some(last) = out.last_mut() {
                    last.segments += 1;
                    last.state = col.dominant();
                    last.mixed = col.mixed();
                }
            }
            _ => {
                let mut col = Column::new();
                col.add(seg.state, duration);
                column = Some(col);
                out.push(blank(c, 1.0, seg.state, i));
            }
        }
    }
    merge_busy_runs(out, lane_start);
}

/// Joins adjacent mixed columns of the same dominant state into one wider "busy" rectangle
/// (fewer draw calls where a lane is busy for many pixels).
fn merge_busy_runs(out: &mut Vec<Rect>, lane_start: usize) {
    if out.len() <= lane_start + 1 {
        return;
    }
    let mut kept = lane_start;
    for i in lane_start + 1..out.len() {
        let cur = out[i];
        let prev = &mut out[kept];
        if prev.mixed && cur.mixed && prev.state == cur.state && prev.x + prev.w == cur.x {
            prev.w += cur.w;
            prev.segments += cur.segments;
        } else {
            kept += 1;
            out[kept] = cur;
        }
    }
    out.truncate(kept + 1);
}

/// `text` shortened with `…` to fit `room` pixels at `char_px` per character (`None` when
/// empty or when not even two characters fit).
pub fn fit_text(text: &str, room: f64, char_px: f64) -> Option<String> {
    if text.is_empty() || char_px <= 0.0 {
        return None;
    }
    let fits = (room / char_px).floor().max(0.0) as usize;
    let len = text.chars().count();
    if len <= fits {
        return Some(text.to_string());
    }
    if fits < 2 {
        return None;
    }
    let mut s: String = text.chars().take(fits - 1).collect();
    s.push('…');
    Some(s)
}

/// What is under the pointer at (`x`, `y`) in the lanes area: the lane's task and the index
/// of the segment in force at that instant (for tooltips and click-to-line).
pub fn hit(model: &Model, vp: &Viewport, axis: Axis, x: f64, y: f64) -> Option<(TaskId, usize)> {
    if !(0.0..vp.width_px).contains(&x) {
        return None;
    }
    let row = vp.row_at(y, model.lanes().len())?;
    let task = model.lanes()[row];
    let v = vp.t_of(x);
    let seg = match axis {
        Axis::Time => model.segment_index_at(task, v)?,
        Axis::Events => model.segment_index_at_pos(task, v.max(0.0) as usize)?,
    };
    Some((task, seg))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::trace::synth::{synthetic_trace, TraceBuilder};

    fn vp(t0: f64, t1: f64, width: f64) -> Viewport {
        Viewport {
            t0,
            t1,
            ..Viewport::new(width, 200.0, 20.0)
        }
    }

    #[test]
    fn panning_and_zooming_stay_on_the_run() {
        // A 10 s run, zoomed to 2 s: dragging far left stops at the start margin.
        let mut v = vp(4.0, 6.0, 200.0);
        v.pan_px(10_000.0, 0.0, 0);
        v.clamp_to(0.0, 10.0);
        assert!(
            (v.t0 - -0.2).abs() < 1e-9 && (v.span() - 2.0).abs() < 1e-9,
            "{v:?}"
        );
        v.pan_px(-10_000.0, 0.0, 0);
        v.clamp_to(0.0, 10.0);
        assert!((v.t1 - 10.2).abs() < 1e-9, "{v:?}");
        // Zooming out stops at the whole run: exactly what Fit shows.
        v.zoom_at(0.001, 100.0);
        v.clamp_to(0.0, 10.0);
        let mut fitted = v;
        fitted.fit(0.0, 10.0);
        assert!((v.t0 - fitted.t0).abs() < 1e-9 && (v.t1 - fitted.t1).abs() < 1e-9);
        // A run with no duration keeps its window, starting just before 0.
        let mut z = vp(-5.0, -4.0, 200.0);
        z.clamp_to(0.0, 0.0);
        assert!(
            (z.t0 - -0.02).abs() < 1e-9 && (z.span() - 1.0).abs() < 1e-9,
            "{z:?}"
        );
    }

    #[test]
    fn time_and_x_map_both_ways() {
        let v = vp(1.0, 3.0, 200.0);
        assert_eq!(v.x_of(2.0), 100.0);
        assert_eq!(v.t_of(50.0), 1.5);
        assert!((v.x_of(v.t_of(37.0)) - 37.0).abs() < 1e-9);
    }

    #[test]
    fn zoom_keeps_the_instant_under_the_pointer() {
        let mut v = vp(0.0, 10.0, 1000.0);
        let before = v.t_of(250.0);
        v.zoom_at(2.0, 250.0);
        assert!((v.span() - 5.0).abs() < 1e-12);
        assert!((v.t_of(250.0) - before).abs() < 1e-12);
        v.zoom_at(0.25, 900.0);
        assert!((v.span() - 20.0).abs() < 1e-9);
        v.zoom_at(1e30, 0.0);
        assert!((v.span() / MIN_SPAN - 1.0).abs() < 1e-3, "{}", v.span());
        let before = v;
        v.zoom_at(f64::NAN, 0.0);
        assert_eq!(v, before);
    }

    #[test]
    fn pan_moves_time_with_the_drag_and_clamps_scroll() {
        let mut v = vp(0.0, 10.0, 1000.0);
        v.pan_px(100.0, 0.0, 50);
        assert!((v.t0 + 1.0).abs() < 1e-12 && (v.t1 - 9.0).abs() < 1e-12);
        v.pan_px(0.0, -300.0, 50);
        assert_eq!(v.scroll_y, 300.0);
        v.pan_px(0.0, -5000.0, 50);
        assert_eq!(v.scroll_y, 50.0 * 20.0 - 200.0);
        v.pan_px(0.0, 5000.0, 50);
        assert_eq!(v.scroll_y, 0.0);
    }

    #[test]
    fn fit_shows_the_whole_run_with_a_margin_and_survives_zero_length_runs() {
        let mut v = vp(5.0, 6.0, 100.0);
        v.fit(0.0, 10.0);
        assert!(v.t0 < 0.0 && v.t1 > 10.0 && v.span() < 11.0);
        v.fit(0.0, 0.0);
        assert!(v.span() > 0.5 && v.t0 < 0.0);
    }

    #[test]
    fn only_visible_lanes_are_listed() {
        let mut v = vp(0.0, 1.0, 100.0);
        assert_eq!(v.visible_rows(100), 0..10);
        v.scroll_y = 30.0;
        assert_eq!(v.visible_rows(100), 1..12);
        assert_eq!(v.visible_rows(5), 1..5);
        assert_eq!(v.row_at(5.0, 100), Some(1));
        assert_eq!(v.row_at(-1.0, 100), None);
    }

    #[test]
    fn ticks_use_125_steps_and_readable_units() {
        let v = vp(0.0, 2.0, 400.0);
        let labels: Vec<String> = v.ticks(80.0).into_iter().map(|t| t.label).collect();
        assert_eq!(labels, ["0 s", "500 ms", "1 s", "1.5 s", "2 s"]);
        let v = vp(0.0, 600.0, 500.0);
        let labels: Vec<String> = v.ticks(80.0).into_iter().map(|t| t.label).collect();
        assert_eq!(
            labels,
            ["0 s", "2 min", "4 min", "6 min", "8 min", "10 min"]
        );
        let v = vp(0.001, 0.0012, 400.0);
        let ticks = v.ticks(80.0);
        assert!(ticks.iter().all(|t| t.label.ends_with(" ms")), "{ticks:?}");
        assert_eq!(ticks[0].label, "1 ms");
        assert_eq!(ticks[1].label, "1.05 ms");
        for w in ticks.windows(2) {
            assert!(w[1].x - w[0].x >= 80.0 - 1e-9);
        }
    }

    #[test]
    fn nice_steps_and_tick_formats() {
        assert_eq!(nice_step(0.3), 0.5);
        assert_eq!(nice_step(0.11), 0.2);
        assert_eq!(nice_step(1.0), 1.0);
        assert_eq!(nice_step(7.0), 10.0);
        assert_eq!(nice_step(45.0), 60.0);
        assert_eq!(nice_step(4000.0), 7200.0);
        assert_eq!(format_tick(0.0, 0.5), "0 s");
        assert_eq!(format_tick(2e-6, 1e-6), "2 µs");
        assert_eq!(format_tick(5e-9, 1e-9), "5 ns");
        assert_eq!(format_tick(7200.0, 3600.0), "2 h");
        assert_eq!(format_tick(90.0, 30.0), "90 s");
        assert_eq!(format_tick(120.0, 60.0), "2 min");
        assert_eq!(format_tick(-0.5, 0.5), "-500 ms");
    }

    #[test]
    fn fit_text_shortens_with_an_ellipsis() {
        assert_eq!(
            fit_text("sleep(1.0)", 100.0, 7.0).as_deref(),
            Some("sleep(1.0)")
        );
        assert_eq!(fit_text("sleep(1.0)", 35.0, 7.0).as_deref(), Some("slee…"));
        assert_eq!(fit_text("sleep(1.0)", 10.0, 7.0), None);
        assert_eq!(fit_text("", 100.0, 7.0), None);
    }

    /// A task alternating 1 ms awaiting and 0 ms running 1,000 times, then sleeping 9 s.
    fn busy_then_idle() -> (Trace, TaskId) {
        let mut b = TraceBuilder::new();
        let main = b.create("main", None);
        b.run(main);
        for _ in 0..1000 {
            let timer = b.sleep(main, 0.001);
            b.fire(timer).run(main);
        }
        b.sleep(main, 9.0);
        (b.build(), main)
    }

    #[test]
    fn sub_pixel_segments_merge_into_mixed_columns_bounded_by_width() {
        let (trace, main) = busy_then_idle();
        let model = Model::from_trace(&trace);
        let v = vp(0.0, 10.0, 100.0);
        let list = draw_list(&trace, &model, &v, &DrawOptions::at(10.0));
        let rects: Vec<&Rect> = list.rects.iter().filter(|r| r.task == main).collect();
        assert!(rects.len() <= 100, "{}", rects.len());
        // The busy first second is a single pixel column per 0.1 s: mixed.
        assert!(rects.iter().any(|r| r.mixed));
        let last = rects.last().expect("rects");
        assert_eq!(last.state, TaskState::Awaiting);
        assert!(!last.mixed && last.w >= 85.0, "{last:?}");
        // No overlap, whole pixels, inside the viewport.
        for w in rects.windows(2) {
            assert!(w[0].x + w[0].w <= w[1].x);
        }
        for r in &rects {
            assert!(r.w >= 1.0 && r.x >= 0.0 && r.x + r.w <= 100.0);
            assert_eq!(r.x.fract(), 0.0);
        }
        // The idle sleep is labelled.
        assert!(list.labels.iter().any(|l| l.text == "sleep(9.0)"));
    }

    #[test]
    fn adjacent_busy_columns_of_one_state_become_one_rect() {
        let (trace, main) = busy_then_idle();
        let model = Model::from_trace(&trace);
        // 1,000 steps in the first second over 1,000 px: every column is busy.
        let v = vp(0.0, 10.0, 10_000.0);
        let list = draw_list(&trace, &model, &v, &DrawOptions::at(10.0));
        let rects: Vec<&Rect> = list.rects.iter().filter(|r| r.task == main).collect();
        assert!(rects.len() < 20, "{}", rects.len());
        let busy = rects.iter().find(|r| r.mixed).expect("a busy rect");
        assert!(busy.w > 100.0 && busy.segments > 100, "{busy:?}");
        assert_eq!(busy.state, TaskState::Awaiting);
    }

    #[test]
    fn zoomed_in_segments_are_drawn_one_to_one() {
        let (trace, main) = busy_then_idle();
        let model = Model::from_trace(&trace);
        let v = vp(0.0, 0.01, 1000.0);
        let list = draw_list(&trace, &model, &v, &DrawOptions::at(10.0));
        let rects: Vec<&Rect> = list.rects.iter().filter(|r| r.task == main).collect();
        let awaiting = rects
            .iter()
            .filter(|r| r.state == TaskState::Awaiting && !r.mixed)
            .count();
        assert!(awaiting >= 9, "{rects:?}");
    }

    #[test]
    fn zero_duration_running_steps_still_show_as_a_pixel() {
        let mut b = TraceBuilder::new();
        let main = b.create("main", None);
        b.run(main);
        let timer = b.sleep(main, 1.0);
        b.fire(timer).run(main);
        let timer = b.sleep(main, 1.0);
        b.fire(timer);
        let trace = b.build();
        let model = Model::from_trace(&trace);
        let v = vp(0.0, 2.0, 200.0);
        let list = draw_list(&trace, &model, &v, &DrawOptions::at(2.0));
        let at_one: Vec<&Rect> = list.rects.iter().filter(|r| r.x == 100.0).collect();
        assert_eq!(at_one.len(), 1);
        assert!(at_one[0].mixed);
    }

    #[test]
    fn lanes_outside_the_viewport_are_skipped() {
        let trace = synthetic_trace(200, 10_000, 2);
        let model = Model::from_trace(&trace);
        let mut v = Viewport::new(800.0, 200.0, 20.0);
        v.fit_run(&model, Axis::Time);
        v.scroll_y = 40.0 * 20.0;
        let list = draw_list(&trace, &model, &v, &DrawOptions::at(model.end_time()));
        let rows: Vec<usize> = list.lanes.iter().map(|l| l.row).collect();
        assert_eq!(rows, (40..50).collect::<Vec<_>>());
        assert!(list.rects.iter().all(|r| (40..50).contains(&r.row)));
        assert!(list.lanes.iter().all(|l| l.y >= 0.0 && l.y < 200.0));
        for m in &list.markers {
            if let Some(y) = m.y {
                assert!((0.0..=200.0).contains(&y));
            }
        }
    }

    #[test]
    fn draw_list_places_arrows_markers_and_cursor() {
        let mut b = TraceBuilder::new();
        let main = b.create("main", None);
        b.run(main);
        let child = b.create("child", Some(main));
        b.await_task(main, child);
        b.run(child);
        b.at(1.0).print(Some(child), "hi");
        b.finish(child, "7");
        b.queue(main, Cause::Task(child));
        let trace = b.build();
        let model = Model::from_trace(&trace);
        let v = vp(0.0, 2.0, 200.0);
        let opts = DrawOptions {
            cursor: Some(0.5),
            ..DrawOptions::at(2.0)
        };
        let list = draw_list(&trace, &model, &v, &opts);
        assert_eq!(list.cursor_x, Some(50.0));
        assert_eq!(list.now_x, Some(200.0));
        assert_eq!(list.arrows.len(), 2);
        let wake = list.arrows[1];
        assert_eq!((wake.x, wake.y_from, wake.y_to), (100.0, Some(30.0), 10.0));
        assert_eq!(wake.kind, ArrowKind::Wake);
        assert_eq!(list.markers.len(), 1);
        assert_eq!((list.markers[0].x, list.markers[0].y), (100.0, Some(30.0)));
        assert!(list
            .labels
            .iter()
            .any(|l| l.text == "await child" && l.row == 0));
        assert!(list.labels.iter().any(|l| l.text == "7" && l.row == 1));
        assert_eq!(list.lanes[1].state, Some(TaskState::Running));
        let near = list.marker_at(102.0, 28.0, 4.0).expect("marker");
        assert!(matches!(near.kind, MarkerKind::Print(_)));
        assert_eq!(model.markers()[near.index].task, Some(child));
        assert!(list.marker_at(120.0, 28.0, 4.0).is_none());
    }

    #[test]
    fn hit_finds_the_task_and_segment_under_the_pointer() {
        let (trace, main) = busy_then_idle();
        let model = Model::from_trace(&trace);
        let v = vp(0.0, 10.0, 100.0);
        let (task, seg) = hit(&model, &v, Axis::Time, 50.0, 10.0).expect("hit");
        assert_eq!(task, main);
        assert_eq!(model.segments(main)[seg].state, TaskState::Awaiting);
        assert_eq!(model.segment_label(&trace, main, seg, 10.0), "sleep(9.0)");
        assert_eq!(hit(&model, &v, Axis::Time, 50.0, 30.0), None);
        assert_eq!(hit(&model, &v, Axis::Time, -1.0, 10.0), None);
    }

    #[test]
    fn events_axis_spreads_a_run_whose_clock_never_moves() {
        let mut b = TraceBuilder::new();
        let main = b.create("main", None);
        b.run(main);
        let child = b.create("child", Some(main));
        b.yield_now(main);
        b.run(child);
        b.yield_now(child);
        b.run(main);
        b.finish(main, "None");
        b.run(child);
        b.finish(child, "None");
        let trace = b.build();
        let model = Model::from_trace(&trace);
        assert_eq!(model.end_time(), 0.0);
        let mut v = Viewport::new(400.0, 100.0, 20.0);
        v.fit_run(&model, Axis::Events);
        let opts = DrawOptions {
            axis: Axis::Events,
            cursor: Some(10.0),
            ..DrawOptions::at(model.len() as f64)
        };
        let list = draw_list(&trace, &model, &v, &opts);
        let main_rects: Vec<&Rect> = list.rects.iter().filter(|r| r.task == main).collect();
        let states: Vec<TaskState> = main_rects.iter().map(|r| r.state).collect();
        use TaskState::*;
        assert_eq!(states, [Pending, Running, Pending, Running, Ready]);
        assert!(main_rects.iter().all(|r| !r.mixed && r.w > 10.0));
        assert!(list.labels.iter().any(|l| l.text == "yield"));
        // Position 10: main yielded, child resumed.
        assert_eq!(list.lanes[0].state, Some(Pending));
        assert_eq!(list.lanes[1].state, Some(Running));
        let ticks = v.ticks_on(Axis::Events, 80.0);
        assert_eq!(ticks[0].label, "#0");
        assert!(ticks.iter().all(|t| t.t.fract() == 0.0));
        let x = v.x_of(10.5);
        let (task, seg) = hit(&model, &v, Axis::Events, x, 30.0).expect("hit");
        assert_eq!((task, model.segments(child)[seg].state), (child, Running));
    }

    #[test]
    fn full_view_of_a_big_trace_stays_bounded() {
        let trace = synthetic_trace(1_000, 100_000, 7);
        let model = Model::from_trace(&trace);
        let width = 1200.0;
        let mut v = Viewport::new(width, 1_000.0 * 16.0, 16.0);
        v.fit_run(&model, Axis::Time);
        let list = draw_list(&trace, &model, &v, &DrawOptions::at(model.end_time()));
        assert_eq!(list.lanes.len(), 1_000);
        assert!(list.rects.len() <= 1_000 * width as usize);
        let mut per_lane = vec![0usize; 1_000];
        for r in &list.rects {
            per_lane[r.row] += 1;
        }
        assert!(per_lane.iter().all(|&n| n <= width as usize));
        assert!(list.arrows.len() <= 1_000 * width as usize);
        assert!(list.markers.len() <= 5 * 1_000 * width as usize);
    }
}

#[cfg(test)]
mod timing {
    use super::*;
    use crate::trace::synth::synthetic_trace;
    use std::time::Instant;

    /// Prints derivation and draw-list timings for the benchmark trace. Run natively with
    /// `cargo test --release --lib trace::view::timing -- --ignored --nocapture`.
    #[test]
    #[ignore = "timing report, run in release"]
    fn report_derivation_and_frame_times_for_100k_events() {
        let t = Instant::now();
        let trace = synthetic_trace(1_000, 100_000, 7);
        let generated = t.elapsed();
        let mut derived = std::time::Duration::MAX;
        let mut model = Model::default();
        for _ in 0..5 {
            let t = Instant::now();
            model = Model::from_trace(&trace);
            derived = derived.min(t.elapsed());
        }
        let t = Instant::now();
        let json = crate::trace::chrome::to_json(&trace, &model);
        let exported = t.elapsed();
        let mut v = Viewport::new(1600.0, 900.0, 18.0);
        v.fit_run(&model, Axis::Time);
        let opts = DrawOptions::at(model.end_time());
        let t = Instant::now();
        let frames = 100;
        let mut rects = 0;
        for i in 0..frames {
            v.zoom_at(if i < 50 { 1.05 } else { 1.0 / 1.05 }, 800.0);
            v.pan_px(3.0, -9.0, model.lanes().len());
            rects += draw_list(&trace, &model, &v, &opts).rects.len();
        }
        let per_frame = t.elapsed() / frames;
        let mut all = Viewport::new(1600.0, 1_000.0 * 18.0, 18.0);
        all.fit_run(&model, Axis::Time);
        let t = Instant::now();
        let full = draw_list(&trace, &model, &all, &opts);
        let full_time = t.elapsed();
        let t = Instant::now();
        let mut n = 0usize;
        for &id in model.lanes() {
            for k in 0..100 {
                n += model.state_at(id, k as f64 * 0.1).is_some() as usize;
            }
        }
        let state_at = t.elapsed() / (model.lanes().len() as u32 * 100);
        println!(
            "events {} generate {generated:?} derive {derived:?} frame(900px) {per_frame:?} \
             ({} rects/frame) all-lanes frame {full_time:?} ({} rects) state_at {state_at:?} ({n}) \
             chrome export {exported:?} ({} bytes)",
            trace.records.len(),
            rects / frames as usize,
            full.rects.len(),
            json.len()
        );
    }
}
