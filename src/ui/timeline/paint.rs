//! Replays a [`DrawList`] on a 2D canvas: lane stripes and headers, axis and grid, state
//! rectangles batched by state (one path and one fill per state, then one pattern fill for
//! the cue), labels, wake-up arrows, markers and the cursors. No layout decisions are made
//! here: `trace::view` made them all.

use wasm_bindgen::JsCast;
use web_sys::{CanvasPattern, CanvasRenderingContext2d, HtmlCanvasElement};

use super::{AXIS_PX, OVERVIEW_PX};
use crate::trace::model::{ArrowKind, MarkerKind, TaskState};
use crate::trace::view::{fit_text, DrawList, Rect};
use crate::trace::Cause;
use crate::ui::derive::{task_identity, Shape};
use crate::ui::legend::{marks, style_of, Cue};

/// The font of the labels inside segments.
pub const LABEL_FONT: &str =
    "11px ui-monospace, SFMono-Regular, 'DejaVu Sans Mono', Menlo, Consolas, monospace";

/// Colours that follow the light or dark theme.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Theme {
    /// Canvas background.
    pub bg: &'static str,
    /// Every other lane's background.
    pub stripe: &'static str,
    /// Grid lines and separators.
    pub grid: &'static str,
    /// Main text, print markers and arrows.
    pub ink: &'static str,
    /// Secondary text.
    pub muted: &'static str,
    /// Header column background.
    pub header: &'static str,
    /// Highlight of the hovered lane.
    pub hover: &'static str,
}

/// The light theme.
pub const LIGHT: Theme = Theme {
    bg: "#ffffff",
    stripe: "#f6f8fb",
    grid: "#e3e7ee",
    ink: "#1d2433",
    muted: "#6b7385",
    header: "#f9fafc",
    hover: "rgba(31,111,235,0.08)",
};

/// The dark theme.
pub const DARK: Theme = Theme {
    bg: "#1a1f2b",
    stripe: "#1e2431",
    grid: "#2c3342",
    ink: "#e3e7ef",
    muted: "#98a0b3",
    header: "#171c27",
    hover: "rgba(79,155,255,0.12)",
};

/// The cue patterns, made once per canvas.
pub struct Patterns {
    stripes: Option<CanvasPattern>,
    dots: Option<CanvasPattern>,
    cross: Option<CanvasPattern>,
    dashes: Option<CanvasPattern>,
}

impl Patterns {
    /// Draws the pattern tiles on small detached canvases.
    pub fn new(ctx: &CanvasRenderingContext2d) -> Patterns {
        let tile = |w: u32, h: u32, draw: &dyn Fn(&CanvasRenderingContext2d)| {
            let document = web_sys::window()?.document()?;
            let canvas: HtmlCanvasElement =
                document.create_element("canvas").ok()?.dyn_into().ok()?;
            canvas.set_width(w);
            canvas.set_height(h);
            let tctx: CanvasRenderingContext2d = canvas.get_context("2d").ok()??.dyn_into().ok()?;
            draw(&tctx);
            ctx.create_pattern_with_html_canvas_element(&canvas, "repeat")
                .ok()?
        };
        Patterns {
            stripes: tile(6, 6, &|c| {
                c.set_stroke_style_str("rgba(255,255,255,0.6)");
                c.set_line_width(1.6);
                c.begin_path();
                c.move_to(-1.0, 7.0);
                c.line_to(7.0, -1.0);
                c.move_to(-1.0, 1.0);
                c.line_to(1.0, -1.0);
                c.move_to(5.0, 7.0);
                c.line_to(7.0, 5.0);
                c.stroke();
            }),
            dots: tile(4, 4, &|c| {
                c.set_fill_style_str("rgba(11,34,51,0.35)");
                c.fill_rect(1.0, 1.0, 1.2, 1.2);
            }),
            cross: tile(6, 6, &|c| {
                c.set_stroke_style_str("rgba(0,0,0,0.35)");
                c.set_line_width(1.0);
                c.begin_path();
                c.move_to(0.0, 0.0);
                c.line_to(6.0, 6.0);
                c.move_to(6.0, 0.0);
                c.line_to(0.0, 6.0);
                c.stroke();
            }),
            dashes: tile(6, 4, &|c| {
                c.set_fill_style_str("rgba(0,0,0,0.35)");
                c.fill_rect(0.0, 1.5, 4.0, 1.0);
            }),
        }
    }

    fn of(&self, cue: Cue) -> Option<&CanvasPattern> {
        match cue {
            Cue::Stripes => self.stripes.as_ref(),
            Cue::Dots => self.dots.as_ref(),
            Cue::Cross => self.cross.as_ref(),
            Cue::Dashes => self.dashes.as_ref(),
            Cue::Solid | Cue::Tick => None,
        }
    }
}

/// The overview strip: event density over the whole run and the visible window on it.
pub struct Overview {
    /// Density per column, 0..1, spread over the lanes' width.
    pub bins: std::rc::Rc<Vec<f32>>,
    /// The run's start on the axis.
    pub r0: f64,
    /// The run's end on the axis.
    pub r1: f64,
    /// The visible window's start.
    pub t0: f64,
    /// The visible window's end.
    pub t1: f64,
}

/// What the frame needs besides the draw list.
pub struct Frame<'a> {
    /// The canvas size in CSS pixels.
    pub width: f64,
    /// The canvas size in CSS pixels.
    pub height: f64,
    /// Width of the lane-name column.
    pub header: f64,
    /// Colours.
    pub theme: Theme,
    /// Cue patterns.
    pub patterns: &'a Patterns,
    /// The hovered lane row.
    pub hover_row: Option<usize>,
    /// Lane height.
    pub lane_height: f64,
    /// Average width of a header character.
    pub char_px: f64,
    /// Whether the run is live (the now cursor gets its flag).
    pub live: bool,
    /// Text under the cursor flag (`1.25 s`, `#42`).
    pub cursor_label: Option<String>,
    /// Shown in the lanes area when there is nothing to draw.
    pub empty_text: Option<&'a str>,
    /// The overview strip at the bottom, if there is a run.
    pub overview: Option<&'a Overview>,
    /// The vertical scroll thumb (top and height, within the lanes area) when the lanes do
    /// not all fit.
    pub scroll_thumb: Option<(f64, f64)>,
}

/// The y of a rectangle of `state` inside the bar given by the draw list.
fn shaped(r: &Rect) -> (f64, f64) {
    let s = style_of(r.state);
    let h = (r.h * s.height).max(2.0);
    (r.y + (r.h - h) / 2.0, h)
}

/// Paints one frame. Coordinates in `dl` are relative to the lanes area, which starts at
/// (`f.header`, `AXIS_PX`).
pub fn frame(ctx: &CanvasRenderingContext2d, dl: &DrawList, f: &Frame) {
    let t = f.theme;
    let lanes_w = (f.width - f.header).max(0.0);
    let bottom = if f.overview.is_some() {
        OVERVIEW_PX
    } else {
        0.0
    };
    let lanes_h = (f.height - AXIS_PX - bottom).max(0.0);
    ctx.set_global_alpha(1.0);
    ctx.set_fill_style_str(t.bg);
    ctx.fill_rect(0.0, 0.0, f.width, f.height);

    // Lane backgrounds (alternate stripes, hovered lane).
    ctx.save();
    ctx.begin_path();
    ctx.rect(0.0, AXIS_PX, f.width, lanes_h);
    ctx.clip();
    for lane in &dl.lanes {
        let y = AXIS_PX + lane.y;
        if lane.row % 2 == 1 {
            ctx.set_fill_style_str(t.stripe);
            ctx.fill_rect(0.0, y, f.width, f.lane_height);
        }
        if f.hover_row == Some(lane.row) {
            ctx.set_fill_style_str(t.hover);
            ctx.fill_rect(0.0, y, f.width, f.lane_height);
        }
    }
    ctx.restore();

    // The lanes area: grid, segments, labels, arrows, markers, cursors.
    ctx.save();
    ctx.begin_path();
    ctx.rect(f.header, AXIS_PX, lanes_w, lanes_h);
    ctx.clip();
    ctx.translate(f.header, AXIS_PX).ok();

    ctx.set_stroke_style_str(t.grid);
    ctx.set_line_width(1.0);
    ctx.begin_path();
    for tick in &dl.ticks {
        let x = tick.x.round() + 0.5;
        ctx.move_to(x, 0.0);
        ctx.line_to(x, lanes_h);
    }
    ctx.stroke();

    for state in TaskState::ALL {
        let s = style_of(state);
        ctx.set_global_alpha(s.alpha);
        ctx.set_fill_style_str(s.color);
        ctx.begin_path();
        let mut any = false;
        for r in dl.rects.iter().filter(|r| r.state == state) {
            let (y, h) = shaped(r);
            ctx.rect(r.x, y, r.w, h);
            any = true;
        }
        if !any {
            continue;
        }
        ctx.fill();
        ctx.set_global_alpha(1.0);
        if let Some(p) = f.patterns.of(s.cue) {
            ctx.set_fill_style_canvas_pattern(p);
            ctx.begin_path();
            for r in dl.rects.iter().filter(|r| r.state == state && r.w >= 3.0) {
                let (y, h) = shaped(r);
                ctx.rect(r.x, y, r.w, h);
            }
            ctx.fill();
        }
        if s.cue == Cue::Tick {
            // A solid start edge and a small tick: "returned".
            ctx.set_fill_style_str(s.color);
            for r in dl.rects.iter().filter(|r| r.state == state && !r.mixed) {
                let (y, h) = shaped(r);
                ctx.fill_rect(r.x, y, 2.0_f64.min(r.w), h);
            }
        }
    }
    ctx.set_global_alpha(1.0);
    // Merged columns: a thin top notch says "several states here".
    ctx.set_fill_style_str(t.ink);
    ctx.set_global_alpha(0.35);
    for r in dl.rects.iter().filter(|r| r.mixed) {
        ctx.fill_rect(r.x, r.y, r.w, 1.0);
    }
    ctx.set_global_alpha(1.0);

    // Labels inside segments.
    ctx.set_font(LABEL_FONT);
    ctx.set_text_baseline("middle");
    ctx.set_text_align("left");
    for label in &dl.labels {
        let state = dl
            .rects
            .iter()
            .find(|r| r.row == label.row && r.x <= label.x && label.x < r.x + r.w)
            .map(|r| r.state);
        let color = match state {
            Some(s) if style_of(s).alpha < 1.0 => t.ink,
            Some(s) => style_of(s).text,
            None => t.ink,
        };
        ctx.set_fill_style_str(color);
        let x = match state {
            Some(TaskState::Ready) => label.x + 1.0,
            _ => label.x,
        };
        ctx.fill_text(&label.text, x, label.y + 0.5).ok();
    }

    // Wake-up arrows: those of the hovered lane stand out, the others fade.
    let hovered = f
        .hover_row
        .and_then(|row| dl.lanes.iter().find(|l| l.row == row))
        .map(|l| l.task);
    let dashed = js_sys::Array::of2(&3.0.into(), &2.0.into());
    let solid = js_sys::Array::new();
    ctx.set_stroke_style_str(t.ink);
    ctx.set_fill_style_str(t.ink);
    let half = f.lane_height / 2.0;
    for a in &dl.arrows {
        let involved = hovered.map(|task| a.to == task || a.from == Cause::Task(task));
        let (alpha, width) = match involved {
            Some(true) => (1.0, 1.6),
            Some(false) => (0.25, 1.0),
            None => (0.7, 1.0),
        };
        ctx.set_global_alpha(alpha);
        ctx.set_line_width(width);
        let x = a.x.round() + 0.5;
        let (from, to) = match a.y_from {
            Some(y) => (y, a.y_to),
            None => (a.y_to - half - 2.0, a.y_to),
        };
        let dir = if to >= from { 1.0 } else { -1.0 };
        let tip = to - dir * (half * 0.45);
        let dash = if a.kind == ArrowKind::Spawn {
            &dashed
        } else {
            &solid
        };
        ctx.set_line_dash(dash).ok();
        ctx.begin_path();
        ctx.move_to(x, from);
        ctx.line_to(x, tip - dir * 3.0);
        ctx.stroke();
        ctx.set_line_dash(&solid).ok();
        ctx.begin_path();
        ctx.move_to(x, tip);
        ctx.line_to(x - 3.0, tip - dir * 4.0);
        ctx.line_to(x + 3.0, tip - dir * 4.0);
        ctx.close_path();
        ctx.fill();
        if a.y_from.is_none() {
            // A timer woke it: a small clock face at the arrow's tail.
            ctx.begin_path();
            ctx.arc(x, from, 2.5, 0.0, std::f64::consts::TAU).ok();
            ctx.stroke();
        }
    }
    ctx.set_global_alpha(1.0);
    ctx.set_line_width(1.0);

    // Markers.
    for m in &dl.markers {
        let x = m.x.round() + 0.5;
        let y = match m.y {
            Some(y) => y - half + 4.0,
            None => 4.0,
        };
        marker(ctx, t, m.kind, x, y);
    }

    // Cursors.
    if let Some(x) = dl.now_x {
        let x = x.round() + 0.5;
        ctx.set_stroke_style_str(marks::NOW);
        ctx.set_line_width(if f.live { 2.0 } else { 1.0 });
        ctx.begin_path();
        ctx.move_to(x, 0.0);
        ctx.line_to(x, lanes_h);
        ctx.stroke();
    }
    if let Some(x) = dl.cursor_x {
        let x = x.round() + 0.5;
        ctx.set_stroke_style_str(marks::CURSOR);
        ctx.set_line_width(2.0);
        ctx.begin_path();
        ctx.move_to(x, 0.0);
        ctx.line_to(x, lanes_h);
        ctx.stroke();
    }
    if let Some((top, h)) = f.scroll_thumb {
        ctx.set_fill_style_str(t.muted);
        ctx.set_global_alpha(0.45);
        ctx.fill_rect(lanes_w - 5.0, top, 4.0, h.max(8.0));
        ctx.set_global_alpha(1.0);
    }
    if let Some(text) = f.empty_text {
        ctx.set_fill_style_str(t.muted);
        ctx.set_font("13px system-ui, sans-serif");
        ctx.set_text_align("center");
        ctx.fill_text(text, lanes_w / 2.0, lanes_h.min(120.0) / 2.0)
            .ok();
    }
    ctx.restore();

    // Axis.
    ctx.set_fill_style_str(t.header);
    ctx.fill_rect(0.0, 0.0, f.width, AXIS_PX);
    ctx.set_stroke_style_str(t.grid);
    ctx.set_line_width(1.0);
    ctx.begin_path();
    ctx.move_to(0.0, AXIS_PX - 0.5);
    ctx.line_to(f.width, AXIS_PX - 0.5);
    ctx.stroke();
    ctx.save();
    ctx.begin_path();
    ctx.rect(f.header, 0.0, lanes_w, AXIS_PX);
    ctx.clip();
    ctx.set_font("11px system-ui, -apple-system, 'Segoe UI', Roboto, 'DejaVu Sans', sans-serif");
    ctx.set_text_baseline("middle");
    ctx.set_text_align("left");
    ctx.set_fill_style_str(t.muted);
    ctx.set_stroke_style_str(t.muted);
    ctx.begin_path();
    for tick in &dl.ticks {
        let x = f.header + tick.x.round() + 0.5;
        ctx.move_to(x, AXIS_PX - 6.0);
        ctx.line_to(x, AXIS_PX);
        ctx.fill_text(&tick.label, x + 3.0, AXIS_PX / 2.0 - 2.0)
            .ok();
    }
    ctx.stroke();
    // Flags of the cursors on the axis.
    let flag = |x: f64, color: &str, text: Option<&str>| {
        let x = f.header + x.round() + 0.5;
        ctx.set_fill_style_str(color);
        ctx.begin_path();
        ctx.move_to(x - 5.0, AXIS_PX - 8.0);
        ctx.line_to(x + 5.0, AXIS_PX - 8.0);
        ctx.line_to(x, AXIS_PX - 1.0);
        ctx.close_path();
        ctx.fill();
        if let Some(text) = text {
            let w = ctx.measure_text(text).map(|m| m.width()).unwrap_or(40.0) + 8.0;
            let left = (x - w / 2.0).clamp(f.header, (f.width - w).max(f.header));
            ctx.fill_rect(left, 1.0, w, AXIS_PX - 11.0);
            ctx.set_fill_style_str("#ffffff");
            ctx.set_text_align("center");
            ctx.fill_text(text, left + w / 2.0, (AXIS_PX - 10.0) / 2.0 + 1.0)
                .ok();
            ctx.set_text_align("left");
        }
    };
    if let Some(x) = dl.now_x {
        flag(x, marks::NOW, if f.live { Some("now") } else { None });
    }
    if let Some(x) = dl.cursor_x {
        flag(x, marks::CURSOR, f.cursor_label.as_deref());
    }
    ctx.restore();

    if let Some(ov) = f.overview {
        overview(ctx, f, ov);
    }

    // Lane headers.
    ctx.save();
    ctx.begin_path();
    ctx.rect(0.0, AXIS_PX, f.header, lanes_h);
    ctx.clip();
    ctx.set_fill_style_str(t.header);
    ctx.set_global_alpha(0.92);
    ctx.fill_rect(0.0, AXIS_PX, f.header, lanes_h);
    ctx.set_global_alpha(1.0);
    for lane in &dl.lanes {
        let y = AXIS_PX + lane.y;
        if f.hover_row == Some(lane.row) {
            ctx.set_fill_style_str(t.hover);
            ctx.fill_rect(0.0, y, f.header, f.lane_height);
        }
        let indent = 8.0 + (lane.depth.min(5) as f64) * 8.0;
        // Tree guide.
        if lane.depth > 0 {
            ctx.set_stroke_style_str(t.grid);
            ctx.begin_path();
            ctx.move_to(indent - 6.5, y);
            ctx.line_to(indent - 6.5, y + f.lane_height / 2.0);
            ctx.line_to(indent - 2.0, y + f.lane_height / 2.0);
            ctx.stroke();
        }
        // The task's identity (colour and shape, as in the table, console and editor); its
        // state is the bar's, never repeated here.
        let id = task_identity(Some(lane.task));
        ctx.set_fill_style_str(id.hex().unwrap_or(t.muted));
        identity_glyph(ctx, id.shape, indent + 3.5, y + f.lane_height / 2.0, 4.0);
        // Tasks not created yet at the cursor are named in grey.
        ctx.set_fill_style_str(if lane.state.is_some() { t.ink } else { t.muted });
        ctx.set_font(
            "12px system-ui, -apple-system, 'Segoe UI', Roboto, 'DejaVu Sans', sans-serif",
        );
        ctx.set_text_baseline("middle");
        let room = f.header - indent - 16.0;
        if let Some(name) = fit_text(&lane.name, room, f.char_px) {
            ctx.fill_text(&name, indent + 12.0, y + f.lane_height / 2.0 + 0.5)
                .ok();
        }
    }
    ctx.set_stroke_style_str(t.grid);
    ctx.begin_path();
    ctx.move_to(f.header - 0.5, AXIS_PX);
    ctx.line_to(f.header - 0.5, f.height);
    ctx.stroke();
    ctx.restore();
}

/// Fills a task's identity shape of radius `r` centred on (`x`, `y`).
fn identity_glyph(ctx: &CanvasRenderingContext2d, shape: Shape, x: f64, y: f64, r: f64) {
    ctx.begin_path();
    match shape {
        Shape::Circle => {
            ctx.arc(x, y, r, 0.0, std::f64::consts::TAU).ok();
        }
        Shape::Square => ctx.rect(x - r * 0.85, y - r * 0.85, r * 1.7, r * 1.7),
        Shape::Triangle => {
            ctx.move_to(x, y - r);
            ctx.line_to(x + r, y + r * 0.8);
            ctx.line_to(x - r, y + r * 0.8);
            ctx.close_path();
        }
        Shape::Diamond => {
            ctx.move_to(x, y - r * 1.15);
            ctx.line_to(x + r, y);
            ctx.line_to(x, y + r * 1.15);
            ctx.line_to(x - r, y);
            ctx.close_path();
        }
    }
    ctx.fill();
}

/// Paints the overview strip along the bottom of the lanes area.
fn overview(ctx: &CanvasRenderingContext2d, f: &Frame, ov: &Overview) {
    let t = f.theme;
    let top = f.height - OVERVIEW_PX;
    let left = f.header;
    let w = (f.width - f.header).max(1.0);
    ctx.set_fill_style_str(t.header);
    ctx.fill_rect(0.0, top, f.width, OVERVIEW_PX);
    ctx.set_stroke_style_str(t.grid);
    ctx.set_line_width(1.0);
    ctx.begin_path();
    ctx.move_to(0.0, top + 0.5);
    ctx.line_to(f.width, top + 0.5);
    ctx.stroke();
    ctx.set_fill_style_str(t.muted);
    ctx.set_font("10px system-ui, -apple-system, 'Segoe UI', Roboto, 'DejaVu Sans', sans-serif");
    ctx.set_text_baseline("middle");
    ctx.set_text_align("left");
    ctx.fill_text("overview", 8.0, top + OVERVIEW_PX / 2.0 + 0.5)
        .ok();
    // Density as an area, one column per bin.
    let n = ov.bins.len().max(1) as f64;
    let h = OVERVIEW_PX - 4.0;
    ctx.set_fill_style_str(style_of(TaskState::Awaiting).color);
    ctx.begin_path();
    for (i, &v) in ov.bins.iter().enumerate() {
        if v > 0.0 {
            let x = left + i as f64 * w / n;
            let bh = (v as f64 * h).max(1.0);
            ctx.rect(x, top + 2.0 + h - bh, (w / n).max(1.0), bh);
        }
    }
    ctx.fill();
    // The visible window; the rest dimmed.
    let span = (ov.r1 - ov.r0).max(1e-12);
    let x0 = (left + (ov.t0 - ov.r0) / span * w).clamp(left, left + w);
    let x1 = (left + (ov.t1 - ov.r0) / span * w).clamp(left, left + w);
    ctx.set_fill_style_str(t.bg);
    ctx.set_global_alpha(0.6);
    ctx.fill_rect(left, top + 1.0, x0 - left, OVERVIEW_PX - 1.0);
    ctx.fill_rect(x1, top + 1.0, left + w - x1, OVERVIEW_PX - 1.0);
    ctx.set_global_alpha(1.0);
    ctx.set_stroke_style_str(marks::CURSOR);
    ctx.stroke_rect(
        x0.round() + 0.5,
        top + 1.5,
        (x1 - x0).round().max(2.0),
        OVERVIEW_PX - 3.0,
    );
}

fn marker(ctx: &CanvasRenderingContext2d, t: Theme, kind: MarkerKind, x: f64, y: f64) {
    ctx.begin_path();
    match kind {
        MarkerKind::Print(_) => {
            ctx.set_fill_style_str(t.ink);
            ctx.arc(x, y, 2.5, 0.0, std::f64::consts::TAU).ok();
            ctx.fill();
        }
        MarkerKind::Exception(_) => {
            ctx.set_fill_style_str(marks::EXCEPTION);
            ctx.move_to(x, y - 4.5);
            ctx.line_to(x + 4.5, y);
            ctx.line_to(x, y + 4.5);
            ctx.line_to(x - 4.5, y);
            ctx.close_path();
            ctx.fill();
            ctx.set_fill_style_str("#ffffff");
            ctx.fill_rect(x - 0.5, y - 2.5, 1.0, 3.0);
            ctx.fill_rect(x - 0.5, y + 1.0, 1.0, 1.0);
        }
        MarkerKind::Cancelled => {
            ctx.set_stroke_style_str(marks::CANCELLED);
            ctx.set_line_width(2.0);
            ctx.move_to(x - 3.5, y - 3.5);
            ctx.line_to(x + 3.5, y + 3.5);
            ctx.move_to(x + 3.5, y - 3.5);
            ctx.line_to(x - 3.5, y + 3.5);
            ctx.stroke();
            ctx.set_line_width(1.0);
        }
        MarkerKind::Warning(_) => {
            ctx.set_fill_style_str(marks::WARNING);
            ctx.set_stroke_style_str("#5c5200");
            ctx.move_to(x, y - 5.0);
            ctx.line_to(x + 5.0, y + 4.0);
            ctx.line_to(x - 5.0, y + 4.0);
            ctx.close_path();
            ctx.fill();
            ctx.stroke();
            ctx.set_fill_style_str("#3a3300");
            ctx.fill_rect(x - 0.5, y - 2.0, 1.0, 3.0);
            ctx.fill_rect(x - 0.5, y + 2.0, 1.0, 1.0);
        }
        MarkerKind::Blocked(_) => {
            ctx.set_fill_style_str(t.ink);
            ctx.fill_rect(x - 1.0, y - 4.0, 3.0, 8.0);
        }
    }
}
