//! Coroscope: an in-browser visualizer for asynchronous Python.
//!
//! Dependencies flow one way: [`syntax`] (lexer, parser, AST) → [`interp`] (values, evaluator,
//! builtins, exceptions) → [`runtime`] (asyncio: tasks, event loop, timers, clocks) → [`trace`]
//! (plain data: task events and the timeline model) ← [`ui`] (Yew components; the only module
//! that touches the DOM).

pub mod interp;
pub mod memory;
pub mod runtime;
pub mod syntax;
pub mod trace;
pub mod ui;
