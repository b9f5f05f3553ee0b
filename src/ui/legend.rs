//! The timeline's legend and palette: one colour per task state from the Okabe–Ito
//! colour-blind-safe set, each with a second cue that does not rely on colour (a fill pattern
//! and a bar height), and the glyphs of markers and arrows. The canvas painter and the legend
//! read the same [`StyleOf`] table, so the two cannot drift apart.

use yew::prelude::*;

use crate::trace::model::TaskState;

/// The second, colour-independent cue of a state.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cue {
    /// A plain fill (running).
    Solid,
    /// Diagonal stripes (pending: waiting in the ready queue).
    Stripes,
    /// Dots, on a thinner bar (awaiting: suspended).
    Dots,
    /// A tick at the start, pale fill (ready: returned).
    Tick,
    /// Cross-hatching (failed: raised).
    Cross,
    /// Horizontal dashes (cancelled).
    Dashes,
}

/// How one state is drawn.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct StyleOf {
    /// Fill colour (`#rrggbb`).
    pub color: &'static str,
    /// Colour of text drawn on the fill.
    pub text: &'static str,
    /// The pattern cue.
    pub cue: Cue,
    /// Bar height as a fraction of the lane's bar (a second shape cue).
    pub height: f64,
    /// Opacity of the fill (ended states are pale so live lanes stand out).
    pub alpha: f64,
}

/// The style of each state.
pub fn style_of(state: TaskState) -> StyleOf {
    match state {
        TaskState::Pending => StyleOf {
            color: "#E69F00",
            text: "#1d1400",
            cue: Cue::Stripes,
            height: 1.0,
            alpha: 1.0,
        },
        TaskState::Running => StyleOf {
            color: "#0072B2",
            text: "#ffffff",
            cue: Cue::Solid,
            height: 1.0,
            alpha: 1.0,
        },
        TaskState::Awaiting => StyleOf {
            color: "#56B4E9",
            text: "#0b2233",
            cue: Cue::Dots,
            height: 0.7,
            alpha: 1.0,
        },
        TaskState::Ready => StyleOf {
            color: "#009E73",
            text: "#003b2b",
            cue: Cue::Tick,
            height: 0.45,
            alpha: 0.45,
        },
        TaskState::Failed => StyleOf {
            color: "#D55E00",
            text: "#3d1200",
            cue: Cue::Cross,
            height: 0.45,
            alpha: 0.55,
        },
        TaskState::Cancelled => StyleOf {
            color: "#CC79A7",
            text: "#3a0f27",
            cue: Cue::Dashes,
            height: 0.45,
            alpha: 0.55,
        },
    }
}

/// Colour of print markers and wake-up arrows is the theme's ink; these are the others.
pub mod marks {
    /// Exception marker (a diamond).
    pub const EXCEPTION: &str = "#D55E00";
    /// Cancellation marker (a cross).
    pub const CANCELLED: &str = "#CC79A7";
    /// Warning marker (a triangle).
    pub const WARNING: &str = "#F0E442";
    /// Blocking-call marker (a bar).
    pub const BLOCKED: &str = "#000000";
    /// The "now" cursor.
    pub const NOW: &str = "#D55E00";
    /// The scrubber's cursor.
    pub const CURSOR: &str = "#7b61ff";
}

/// Properties of [`Legend`].
#[derive(Properties, PartialEq, Clone, Default)]
pub struct LegendProps {
    /// Show the marker and arrow glyphs too.
    #[prop_or(true)]
    pub marks: bool,
}

/// The legend: the six states with their colours and cues, then the markers.
#[component]
pub fn Legend(props: &LegendProps) -> Html {
    let states = TaskState::ALL.iter().map(|&state| {
        let s = style_of(state);
        let style = format!("--cs-swatch: {}; --cs-swatch-alpha: {};", s.color, s.alpha);
        html! {
            <li class="cs-legend-item cs-legend-state" data-testid="legend-state"
                data-state={state.name()}>
                <span class={classes!("cs-swatch", format!("cs-cue-{}", cue_name(s.cue)))}
                      style={style} aria-hidden="true"></span>
                <span class="cs-legend-name">{state.name()}</span>
                <span class="cs-legend-meaning">{"— "}{state.meaning()}</span>
            </li>
        }
    });
    let marks = props.marks.then(|| {
        html! {
            <>
                <li class="cs-legend-item" title="print(): the task printed a line">
                    <span class="cs-glyph cs-glyph-print" aria-hidden="true"></span>
                    <span class="cs-legend-name">{"print"}</span>
                </li>
                <li class="cs-legend-item" title="the task raised an exception">
                    <span class="cs-glyph cs-glyph-exception" aria-hidden="true"></span>
                    <span class="cs-legend-name">{"exception"}</span>
                </li>
                <li class="cs-legend-item" title="a teaching hint (never awaited, blocking call...)">
                    <span class="cs-glyph cs-glyph-warning" aria-hidden="true"></span>
                    <span class="cs-legend-name">{"hint"}</span>
                </li>
                <li class="cs-legend-item" title="a task or timer woke this task (dashed: created it)">
                    <span class="cs-glyph cs-glyph-arrow" aria-hidden="true"></span>
                    <span class="cs-legend-name">{"wake-up"}</span>
                </li>
            </>
        }
    });
    html! {
        <div class="cs-legend-box">
            <ul class="cs-legend cs-legend-states" aria-label="What each task state means">
                { for states }
            </ul>
            if let Some(marks) = marks {
                <ul class="cs-legend cs-legend-marks" aria-label="Timeline marks">{ marks }</ul>
            }
        </div>
    }
}

/// The CSS suffix of a cue (`cs-cue-stripes`).
pub fn cue_name(cue: Cue) -> &'static str {
    match cue {
        Cue::Solid => "solid",
        Cue::Stripes => "stripes",
        Cue::Dots => "dots",
        Cue::Tick => "tick",
        Cue::Cross => "cross",
        Cue::Dashes => "dashes",
    }
}
