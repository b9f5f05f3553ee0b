//! asyncio for the script language: tasks, the event loop, timers, queues, locks and events,
//! over a [`Clock`](crate::runtime) that is either virtual or the browser's.

pub mod random;
