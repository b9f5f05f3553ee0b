//! A run's resource limits, so no script can exhaust the page or the CLI.
//!
//! - **Memory**: the bytes a run holds (measured by the counting allocator,
//!   [`crate::memory`]) may not pass [`Limits::max_memory`]. Anything whose size a script
//!   controls (`[0] * n`, `"a" * n`, `str.center(n)`, `x ** y`, `x << y`, a range turned into a
//!   list, a join...) is checked by [`reserve`] *before* it is allocated, and every evaluation
//!   step checks what is in use ([`check_memory`]), so doubling loops stop too. Both raise
//!   `MemoryError`, which a script can catch as in CPython.
//! - **Caps** on tasks alive, output printed and trace events recorded are enforced by the
//!   runtime: reaching one [`halt`]s the run, which ends at the evaluator's next step with a
//!   message saying which limit was reached.
//!
//! The limits of the run being polled live in thread-local cells, installed by the session for
//! each poll ([`enter`]/[`leave`]), so two runs on one page keep their own budgets.

use std::cell::{Cell, RefCell};

use crate::interp::error::PyErr;

/// The limits of one run. Every field is documented in the README's table of limits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Bytes the run may hold at once (objects, frames, output and trace alike).
    pub max_memory: usize,
    /// Tasks alive (created and not yet done) at once.
    pub max_tasks: usize,
    /// Bytes of output (`print`) kept for the console.
    pub max_output: usize,
    /// Trace events recorded.
    pub max_events: usize,
}

/// 512 MiB: a run's memory budget.
pub const DEFAULT_MAX_MEMORY: usize = 512 << 20;
/// A run's limit on tasks alive at once.
pub const DEFAULT_MAX_TASKS: usize = 100_000;
/// 16 MiB: a run's output limit.
pub const DEFAULT_MAX_OUTPUT: usize = 16 << 20;
/// A run's limit on trace events (about 24 bytes each).
pub const DEFAULT_MAX_EVENTS: usize = 10_000_000;

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_memory: DEFAULT_MAX_MEMORY,
            max_tasks: DEFAULT_MAX_TASKS,
            max_output: DEFAULT_MAX_OUTPUT,
            max_events: DEFAULT_MAX_EVENTS,
        }
    }
}

thread_local! {
    /// Live bytes of the process that are not the current run's.
    static BASE: Cell<usize> = const { Cell::new(0) };
    /// The current run's memory budget.
    static MAX_MEMORY: Cell<usize> = const { Cell::new(DEFAULT_MAX_MEMORY) };
    /// Set when a cap was reached: the run ends at its next step.
    static HALTED: Cell<bool> = const { Cell::new(false) };
    /// Why the run was halted.
    static HALT_MESSAGE: RefCell<Option<String>> = const { RefCell::new(None) };
    /// Set when the memory budget refused something (for the explanation after a traceback).
    static MEMORY_HIT: Cell<bool> = const { Cell::new(false) };
}

/// What a session keeps of its limits between polls.
#[derive(Debug, Default)]
pub struct Usage {
    /// Bytes the run held when its last poll ended.
    pub memory: usize,
    /// Why the run was halted, once it was.
    pub halted: Option<String>,
    /// Whether the memory budget refused an allocation.
    pub memory_hit: bool,
}

/// Installs a run's limits for one poll. Memory allocated by others between polls (the page
/// rendering, another instance's run) is not the run's: the base is taken afresh each time.
pub fn enter(limits: &Limits, usage: &Usage) {
    BASE.set(crate::memory::live_bytes().saturating_sub(usage.memory));
    MAX_MEMORY.set(limits.max_memory);
    HALTED.set(usage.halted.is_some());
    HALT_MESSAGE.set(usage.halted.clone());
    MEMORY_HIT.set(usage.memory_hit);
}

/// Ends a poll: records what the run holds and whether it was halted, and restores the
/// defaults.
pub fn leave(usage: &mut Usage) {
    usage.memory = used();
    usage.halted = HALT_MESSAGE.take();
    usage.memory_hit = MEMORY_HIT.replace(false);
    HALTED.set(false);
    BASE.set(0);
    MAX_MEMORY.set(DEFAULT_MAX_MEMORY);
}

/// Bytes the current run holds.
pub fn used() -> usize {
    crate::memory::live_bytes().saturating_sub(BASE.get())
}

/// `MemoryError()`, as CPython raises it (no message).
pub fn memory_error() -> PyErr {
    MEMORY_HIT.set(true);
    PyErr::bare("MemoryError")
}

/// Checks that `bytes` more fit in the run's budget, before allocating them. Sizes are `u64` so
/// that a count a script gives is never truncated on 32-bit wasm.
pub fn reserve(bytes: u64) -> Result<(), PyErr> {
    if bytes > MAX_MEMORY.get().saturating_sub(used()) as u64 {
        return Err(memory_error());
    }
    Ok(())
}

/// Checks that `n` items of `size` bytes each fit (an overflowing product does not).
pub fn reserve_items(n: u64, size: u64) -> Result<(), PyErr> {
    reserve(n.checked_mul(size).ok_or_else(memory_error)?)
}

/// Checks that `n` values fit (in a list, a tuple or a dict's entries).
pub fn reserve_values(n: u64) -> Result<(), PyErr> {
    reserve_items(n, std::mem::size_of::<crate::interp::Value>() as u64)
}

/// Raises `MemoryError` when the run already holds more than its budget (checked at every
/// evaluation step, so loops that grow a little each time stop too).
pub fn check_memory() -> Result<(), PyErr> {
    if used() > MAX_MEMORY.get() {
        return Err(memory_error());
    }
    Ok(())
}

/// Ends the run at its next evaluation step, with `message` shown after its output. The first
/// message wins.
pub fn halt(message: String) {
    if !HALTED.replace(true) {
        HALT_MESSAGE.set(Some(message));
    }
}

/// Whether the run was halted.
pub fn halted() -> bool {
    HALTED.get()
}

/// The task cap was reached: halts the run and returns the error `create_task` raises.
pub fn tasks_reached(max: usize) -> PyErr {
    let message = format!(
        "Coroscope stopped the run: it reached {} tasks alive at once, the limit for a run.",
        thousands(max)
    );
    halt(message.clone());
    PyErr::new("RuntimeError", message)
}

/// The output cap was reached: halts the run (what was printed before is kept).
pub fn output_reached(max: usize) {
    halt(format!(
        "Coroscope stopped the run: it printed {} of output, the limit for a run.",
        human_bytes(max)
    ));
}

/// The trace cap was reached: halts the run (the events recorded before are kept).
pub fn events_reached(max: usize) {
    halt(format!(
        "Coroscope stopped the run: it recorded {} trace events, the limit for a run.",
        thousands(max)
    ));
}

/// The explanation shown after an uncaught `MemoryError` raised by the budget.
pub fn memory_message(limits: &Limits) -> String {
    format!(
        "Coroscope stopped the script at its memory limit ({} for a run).\n",
        human_bytes(limits.max_memory)
    )
}

/// `512 MiB`, `16 MiB`, `1.5 GiB`, `800 KiB`, `12 bytes`.
pub fn human_bytes(n: usize) -> String {
    const UNITS: [(usize, &str); 3] = [(1 << 30, "GiB"), (1 << 20, "MiB"), (1 << 10, "KiB")];
    for (size, unit) in UNITS {
        if n >= size {
            let x = n as f64 / size as f64;
            return if x.fract() == 0.0 {
                format!("{x:.0} {unit}")
            } else {
                format!("{x:.1} {unit}")
            };
        }
    }
    format!("{n} bytes")
}

/// `100,000`.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Parses a size as the CLI takes it: `512M`, `2G`, `64K`, `1000` (bytes); `M`, `G`, `K` are
/// binary (MiB, GiB, KiB) and may be followed by `B` or `iB`.
pub fn parse_size(text: &str) -> Option<usize> {
    let t = text.trim();
    let t = t
        .strip_suffix("iB")
        .or_else(|| t.strip_suffix('B'))
        .unwrap_or(t);
    let (digits, shift) = match t.chars().last()? {
        'K' | 'k' => (&t[..t.len() - 1], 10),
        'M' | 'm' => (&t[..t.len() - 1], 20),
        'G' | 'g' => (&t[..t.len() - 1], 30),
        _ => (t, 0),
    };
    digits.trim().parse::<usize>().ok()?.checked_mul(1 << shift)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_parse_with_binary_suffixes() {
        assert_eq!(parse_size("512M"), Some(512 << 20));
        assert_eq!(parse_size("2G"), Some(2 << 30));
        assert_eq!(parse_size("64KiB"), Some(64 << 10));
        assert_eq!(parse_size("1000"), Some(1000));
        assert_eq!(parse_size("12MB"), Some(12 << 20));
        assert_eq!(parse_size("lots"), None);
        assert_eq!(parse_size(""), None);
        assert_eq!(parse_size("99999999999999999999G"), None);
    }

    #[test]
    fn sizes_and_counts_read_as_people_write_them() {
        assert_eq!(human_bytes(512 << 20), "512 MiB");
        assert_eq!(human_bytes(3 << 29), "1.5 GiB");
        assert_eq!(human_bytes(12), "12 bytes");
        assert_eq!(thousands(100_000), "100,000");
        assert_eq!(thousands(10_000_000), "10,000,000");
        assert_eq!(thousands(999), "999");
    }

    #[test]
    fn impossible_sizes_are_refused_before_allocating() {
        assert!(reserve(u64::MAX).is_err());
        assert!(reserve_items(u64::MAX / 2, 16).is_err());
        assert!(reserve_values(10_000_000_000).is_err());
        assert!(reserve(1024).is_ok());
    }

    #[test]
    fn a_halt_keeps_its_first_message_until_the_poll_ends() {
        let mut usage = Usage::default();
        enter(&Limits::default(), &usage);
        assert!(!halted());
        halt("first".into());
        halt("second".into());
        assert!(halted());
        leave(&mut usage);
        assert_eq!(usage.halted.as_deref(), Some("first"));
        assert!(!halted());
        enter(&Limits::default(), &usage);
        assert!(halted(), "a halted run stays halted in its next poll");
        leave(&mut usage);
    }
}
