//! Chrome Trace Event JSON export (work in progress).
