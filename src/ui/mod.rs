//! The Yew single-page app: editor, run controls, timeline and console. The only module that
//! touches the DOM.
//!
//! [`state`] is plain data with a reducer (tested on the host); each component lives in its own
//! file with its `Props`; [`probe`] holds the browser-side work a run does. [`mount`] renders
//! the app into any element, so the page never assumes it owns `<body>`.

pub mod app;
pub mod console;
pub mod editor;
pub mod legend;
pub mod loop_panel;
pub mod probe;
pub mod state;
pub mod timeline;
pub mod toolbar;

pub use app::App;

/// Renders the app into `element` (replacing nothing outside it) and returns the handle that
/// keeps it alive; call `destroy()` on the handle to unmount.
pub fn mount(element: web_sys::Element) -> yew::AppHandle<App> {
    yew::Renderer::<App>::with_root(element).render()
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
