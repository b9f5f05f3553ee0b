//! The web entry point (built by trunk for wasm32): mounts one Coroscope instance into
//! `<div id="app">` and one into every element marked `data-coroscope` (how documentation
//! pages embed it; see `static/embed.html`).

#[cfg(target_arch = "wasm32")]
fn main() {
    let document = web_sys::window()
        .and_then(|window| window.document())
        .expect("the web entry point runs in a page with a document");
    let mut roots = Vec::new();
    if let Some(app) = document.get_element_by_id("app") {
        roots.push(app);
    }
    if let Ok(list) = document.query_selector_all("[data-coroscope]") {
        for i in 0..list.length() {
            if let Some(element) = list
                .item(i)
                .and_then(|node| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(node).ok())
            {
                if element.id() != "app" {
                    roots.push(element);
                }
            }
        }
    }
    for root in roots {
        // Dropping the handle does not unmount: each instance lives as long as the page.
        coroscope::ui::mount(root);
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("web: this is the browser entry point; run `scripts/serve` to open the app");
}
