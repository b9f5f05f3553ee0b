//! Plain data describing a run: timestamped task and loop events ([`event`]), and the models
//! derived from them for the timeline ([`model`]: states, arrows, markers, the loop's queues;
//! [`view`]: canvas layout and draw lists; [`chrome`]: Perfetto export; [`synth`]: trace
//! builders for tests and benchmarks). No browser types; the same script gives the same
//! events natively and in the browser (only wall-clock stamps differ).

pub mod chrome;
pub mod event;
pub mod model;
pub mod synth;
pub mod view;

pub use event::*;
