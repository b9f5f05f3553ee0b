//! The process's allocator, counting the bytes in use, so a run's memory budget
//! ([`crate::interp::limits`]) measures what the script really holds: strings, lists, ints,
//! dicts, frames and the trace alike.
//!
//! The counting is done by the `cap` crate around the system allocator (dlmalloc in wasm), with
//! no limit of its own: allocations never fail here. The evaluator checks its budget *before*
//! allocating anything whose size a script controls, and raises `MemoryError` instead.

/// The global allocator: the system's, counting live bytes.
#[global_allocator]
static ALLOCATOR: cap::Cap<std::alloc::System> = cap::Cap::new(std::alloc::System, usize::MAX);

/// Bytes currently allocated by the whole process (every thread, every instance on a page).
pub fn live_bytes() -> usize {
    ALLOCATOR.allocated()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn live_bytes_follow_allocations() {
        let before = live_bytes();
        let block = vec![0u8; 64 << 20];
        let during = live_bytes();
        drop(block);
        // Other test threads allocate too: only the 64 MiB block is large enough to see.
        assert!(during >= before + (48 << 20), "{before} -> {during}");
        assert!(live_bytes() < during - (48 << 20));
    }
}
