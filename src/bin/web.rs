//! The web entry point: mounts the app into the page (built by trunk for wasm32).

fn main() {}
