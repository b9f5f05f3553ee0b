//! Plain data describing a run: timestamped task and loop events ([`event`]), and the models
//! derived from them for the timeline. No browser types; the same script gives the same
//! events natively and in the browser (only wall-clock stamps differ).

pub mod event;

pub use event::*;
