//! asyncio for the script language: tasks, the event loop, timers, and the `time`/`random`
//! modules, over a clock that is either virtual (time jumps to the next timer) or paced by the
//! browser (the driver lets real time pass before each jump).
//!
//! The loop is a port of CPython 3.11's `BaseEventLoop._run_once`, `Future` and `Task.__step`
//! (same ready queue, same `heapq` timer order, same callback scheduling), so a script's
//! output order and timing are CPython's. High-level APIs (locks, queues, `gather`,
//! `wait_for`, `TaskGroup`...) are CPython's own Python code, ported in `prelude.py`.

pub mod asyncio_ns;
pub mod core;
pub mod event_loop;
pub mod future;
pub mod handle;
pub mod random;
pub mod repr;
pub mod run;
pub mod stdlib;
pub mod task;
pub mod time_ns;

pub use run::{run_file, run_script, Clock, Outcome, RunOptions, DEFAULT_SCRIPT_NAME};
