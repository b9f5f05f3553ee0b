//! The Yew single-page app: editor, run controls, timeline, task table, hints and console.
//! The only module that touches the DOM.
//!
//! | module | what it is for |
//! |---|---|
//! | [`state`] | the reducer: sample, source, speed, run view, shown position (host-tested) |
//! | [`derive`] | console lines, traceback frames, hints, gutter marks, table sorting at a position (host-tested) |
//! | [`pacing`] | browser-clock arithmetic: loop time ↔ real time at a speed (host-tested) |
//! | [`driver`] | the `spawn_local` loop driver over a `Session`, and its [`driver::Control`] |
//! | [`samples`] | the gallery's scripts (`static/samples/*.py`) and what to watch |
//! | [`highlight`], [`editing`] | editor tokens and keystroke edits (host-tested) |
//! | [`storage`] | drafts in `localStorage` |
//! | [`banner`] | the panic hook's internal-error banner and the storage notice, drawn outside Yew |
//! | [`app`], [`toolbar`], [`editor`], [`console`], [`tasks`], [`hints`], [`timeline`], [`announcer`] | components |
//!
//! [`mount`] renders the app into any element, several per page, each with its own state.

pub mod announcer;
pub mod app;
pub mod banner;
pub mod console;
pub mod derive;
pub mod driver;
pub mod editing;
pub mod editor;
pub mod highlight;
pub mod hints;
pub mod legend;
pub mod loop_panel;
pub mod pacing;
pub mod samples;
pub mod state;
pub mod storage;
pub mod tasks;
pub mod timeline;
pub mod toolbar;

pub use app::{App, AppProps};

/// Renders the app into `element` (replacing nothing outside it) and returns the handle that
/// keeps it alive; call `destroy()` on the handle to unmount. The element's `data-sample`
/// attribute picks the first sample and `data-storage` the `localStorage` prefix (give each
/// instance on a page its own).
///
/// It also installs the panic hook that saves drafts and shows the internal-error banner
/// ([`banner`]), once per page.
pub fn mount(element: web_sys::Element) -> yew::AppHandle<App> {
    banner::install_panic_hook();
    banner::register_root(&element);
    if let Some(id) = element.get_attribute("data-sample") {
        if let Some(warning) = unknown_sample_warning(&id) {
            web_sys::console::warn_1(&warning.into());
        }
    }
    let props = AppProps {
        sample: element
            .get_attribute("data-sample")
            .map(yew::AttrValue::from),
        source: None,
        storage: element
            .get_attribute("data-storage")
            .map_or(yew::AttrValue::Static("coroscope"), yew::AttrValue::from),
    };
    yew::Renderer::<App>::with_root_and_props(element, props).render()
}

/// The warning for a `data-sample` id that names no sample (the first sample opens instead),
/// listing the ids there are; `None` for a known id.
pub fn unknown_sample_warning(id: &str) -> Option<String> {
    if samples::by_id(id).is_some() {
        return None;
    }
    let known: Vec<&str> = samples::SAMPLES.iter().map(|s| s.id).collect();
    Some(format!(
        "Coroscope: data-sample=\"{id}\" is not a sample; opening \"{}\" instead. Known samples: {}.",
        samples::SAMPLES[0].id,
        known.join(", ")
    ))
}

#[cfg(test)]
mod tests {
    #[test]
    fn an_unknown_sample_id_is_named_in_a_warning_with_the_known_ones() {
        assert_eq!(super::unknown_sample_warning("gather"), None);
        let warning = super::unknown_sample_warning("gathr").expect("unknown");
        assert!(warning.contains("\"gathr\""), "{warning}");
        assert!(warning.contains("gather, "), "{warning}");
    }
}

/// A run's live record as components read it. The driver owns the session and appends events;
/// components borrow [`TraceRef::runtime`]`.trace` while rendering. `version` grows whenever
/// new events arrive, so Yew re-renders exactly when something changed.
#[derive(Clone)]
pub struct TraceRef {
    /// The run's runtime (its `trace`, `now` and output).
    pub runtime: std::rc::Rc<crate::runtime::core::Runtime>,
    /// Bumped by the driver after new events.
    pub version: u64,
}

impl PartialEq for TraceRef {
    fn eq(&self, other: &Self) -> bool {
        std::rc::Rc::ptr_eq(&self.runtime, &other.runtime) && self.version == other.version
    }
}

/// A run's live loop clock: the driver's reading, which moves smoothly while the loop waits on
/// a timer and freezes while paused. Every pane that shows "now" reads this one clock.
#[derive(Clone)]
pub struct LiveClock(pub std::rc::Rc<dyn Fn() -> f64>);

impl LiveClock {
    /// The clock's reading now (loop seconds).
    pub fn now(&self) -> f64 {
        (self.0)()
    }
}

impl PartialEq for LiveClock {
    fn eq(&self, other: &Self) -> bool {
        std::rc::Rc::ptr_eq(&self.0, &other.0)
    }
}
