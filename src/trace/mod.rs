//! Plain data describing a run: timestamped task and loop events ([`event`]), and the models
//! derived from them for the timeline. No browser types; the same script gives the same
//! events natively and in the browser (only wall-clock stamps differ).
//!
//! | module | what it is for |
//! |---|---|
//! | [`event`] | the records the runtime writes (the contract with `runtime`) |
//! | [`model`] | states, segments, lanes, names, arrows, markers, ready queue and timer heap at any instant, task table rows, tooltips |
//! | [`view`] | canvas layout: [`view::Viewport`] (zoom, pan, fit), axis ticks, the per-frame [`view::DrawList`], hit testing |
//! | [`chrome`] | Chrome Trace Event JSON for Perfetto (`coroscope run --trace`) |
//! | [`synth`] | [`synth::TraceBuilder`] for tests, [`synth::synthetic_trace`] for benchmarks |
//!
//! How a UI uses it: keep one [`model::Model`] per run and call [`model::Model::sync`] with
//! the growing trace each frame (it applies only new events; start a fresh model for a new
//! run). Draw with [`view::draw_list`] for the current [`view::Viewport`] and
//! [`view::DrawOptions`] (`now` = the live clock or the end of the run, `cursor` = the
//! scrubber). Position-based queries (`*_at_pos`) serve stepping; time-based ones serve the
//! scrubber; [`model::Model::pos_at_time`] converts.

pub mod chrome;
pub mod event;
pub mod model;
pub mod synth;
pub mod view;

pub use event::*;
