//! The samples gallery's content: real `.py` files under `static/samples/` (CPython runs them
//! too; a host test compares both), each with a title and a one-line "what to watch".

/// One bundled sample script.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sample {
    /// Stable id (the file's stem; also the key of its draft in `localStorage`).
    pub id: &'static str,
    /// Short title for the picker.
    pub title: &'static str,
    /// One line saying what to watch on the timeline.
    pub watch: &'static str,
    /// The script.
    pub source: &'static str,
}

macro_rules! sample {
    ($id:literal, $title:literal, $watch:literal) => {
        Sample {
            id: $id,
            title: $title,
            watch: $watch,
            source: include_str!(concat!("../../static/samples/", $id, ".py")),
        }
    };
}

/// Every sample, in gallery order (the first one is loaded on start).
pub const SAMPLES: &[Sample] = &[
    sample!(
        "guide_hello",
        "Guide 1: sleep, then print",
        "One task: awaiting sleep(1) for a second, then running just long enough to print."
    ),
    sample!(
        "guide_sequential",
        "Guide 2: await one after the other",
        "Awaiting coroutines in turn runs them one after the other: 1 s + 2 s = 3 s, no overlap."
    ),
    sample!(
        "guide_error_handling",
        "Guide 3: try/except around await",
        "The exception raised after the sleep travels up the await into main's except block."
    ),
    sample!(
        "gather",
        "gather: concurrent sleeps",
        "Three children sleep at the same time: the run takes 0.3 s, not 0.6 s."
    ),
    sample!(
        "create_task",
        "create_task interleaving",
        "Tasks start only when main yields (sleep(0)); then their ticks interleave by deadline."
    ),
    sample!(
        "gather_exceptions",
        "gather(return_exceptions=True)",
        "The failing child does not cancel its siblings: its exception comes back as a result."
    ),
    sample!(
        "cancellation",
        "Cancellation with cleanup",
        "cancel() throws CancelledError at the awaited sleep; the except and finally blocks still run."
    ),
    sample!(
        "wait_for",
        "wait_for timeout",
        "At the deadline wait_for cancels the inner task, waits for its cleanup, then raises TimeoutError."
    ),
    sample!(
        "queue",
        "Producer/consumer Queue",
        "With maxsize=2 the producer awaits queue.put() whenever the slower consumer falls behind."
    ),
    sample!(
        "semaphore",
        "Semaphore limiting concurrency",
        "Never more than two fetches run at once; the others await the semaphore in FIFO order."
    ),
    sample!(
        "taskgroup",
        "TaskGroup with a failing child",
        "When b fails, the group cancels c and raises an ExceptionGroup that except* unpacks."
    ),
    sample!(
        "event",
        "Event",
        "Three waiters await event.wait(); one set() wakes them all in the same loop turn."
    ),
    sample!(
        "never_awaited",
        "Mistake: coroutine never awaited",
        "save(\"a\") only creates a coroutine object: nothing runs, and CPython warns it was never awaited."
    ),
    sample!(
        "blocking_sleep",
        "Mistake: time.sleep blocks the loop",
        "time.sleep holds the loop: the heartbeat due at 0.4 s only runs once busy lets go at 0.8 s."
    ),
];

/// The sample with this id.
pub fn by_id(id: &str) -> Option<&'static Sample> {
    SAMPLES.iter().find(|s| s.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_sample_has_a_unique_id_a_title_a_hint_and_a_script() {
        for (i, s) in SAMPLES.iter().enumerate() {
            assert!(!s.title.is_empty() && !s.watch.is_empty(), "{}", s.id);
            assert!(s.source.contains("asyncio.run("), "{}", s.id);
            assert!(SAMPLES[..i].iter().all(|o| o.id != s.id), "{}", s.id);
            assert_eq!(by_id(s.id), Some(s));
        }
    }

    #[test]
    fn every_sample_parses() {
        for s in SAMPLES {
            assert!(crate::syntax::parse_module(s.source).is_ok(), "{}", s.id);
        }
    }
}
