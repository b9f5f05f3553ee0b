//! The web entry point: mounts the app into `<div id="app">` (built by trunk for wasm32).

#[cfg(target_arch = "wasm32")]
fn main() {
    let document = web_sys::window()
        .and_then(|window| window.document())
        .expect("the web entry point runs in a page with a document");
    let root = document
        .get_element_by_id("app")
        .expect("index.html has a <div id=\"app\">");
    // Dropping the handle does not unmount: the app lives as long as the page.
    coroscope::ui::mount(root);
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("web: this is the browser entry point; run `scripts/serve` to open the app");
}
