//! Notices drawn straight into the page, outside Yew: the internal-error banner after a panic
//! (when the wasm instance can no longer be trusted to render anything) and the notice that
//! drafts cannot be saved.
//!
//! It also offers the choice when another tab changed the draft being edited
//! ([`draft_conflict`]).
//!
//! A panic in wasm32 cannot unwind on stable Rust: it traps, leaving whatever `RefCell` was
//! borrowed still borrowed and Yew's scheduler mid-flight, so nothing may call back into the app.
//! The panic hook ([`install_panic_hook`]) therefore saves every draft first (from
//! [`super::storage`]'s record of what it wrote, re-written as a last resort), then builds the
//! banner with plain DOM calls: the error as text, and a link that reloads the page, which needs
//! no wasm to work. The reloaded page opens the saved draft.
//!
//! Every text is set with `textContent`: nothing here is ever parsed as HTML.

use std::cell::{Cell, RefCell};

thread_local! {
    /// The elements the app is mounted in (one per instance on the page).
    static ROOTS: RefCell<Vec<web_sys::Element>> = const { RefCell::new(Vec::new()) };
    /// Set once a panic happened: the instance is not to be trusted any more.
    static CRASHED: Cell<bool> = const { Cell::new(false) };
    static HOOKED: Cell<bool> = const { Cell::new(false) };
}

/// The title of the internal-error banner.
pub const CRASH_TITLE: &str = "Coroscope stopped: internal error.";
/// The label of the banner's reload link.
pub const RELOAD_LABEL: &str = "Reload, keeping your script";

/// Remembers an element the app is mounted in, where banners go.
pub fn register_root(root: &web_sys::Element) {
    ROOTS.with_borrow_mut(|roots| roots.push(root.clone()));
}

/// Whether a panic happened (the app must not be used any more).
pub fn crashed() -> bool {
    CRASHED.get()
}

/// Installs the panic hook (once per page).
pub fn install_panic_hook() {
    if HOOKED.replace(true) {
        return;
    }
    std::panic::set_hook(Box::new(|info| {
        web_sys::console::error_1(&format!("coroscope: {info}").into());
        let what = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "a panic".into());
        let place = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        report_crash(&format!("{what}{place}"));
    }));
}

/// What the panic hook does after logging: saves the drafts, marks the instance crashed and
/// shows the banner in every root. Runs once; a later panic (a dead instance failing again)
/// changes nothing.
pub fn report_crash(what: &str) {
    if CRASHED.replace(true) {
        return;
    }
    super::storage::flush_all();
    let lines = [
        format!("The page ran into a bug of its own ({what})."),
        "Your script is not the cause, and it is saved. Please report this as \
         “Coroscope internal error” with the text above and your script."
            .to_string(),
    ];
    show(
        "coroscope-crash",
        "alert",
        CRASH_TITLE,
        &lines,
        Some(RELOAD_LABEL),
    );
    for root in roots() {
        let class = root.get_attribute("class").unwrap_or_default();
        let _ = root.set_attribute("class", format!("{class} coroscope-crashed").trim());
    }
}

/// Shows the notice that drafts cannot be saved (once per page).
pub fn storage_unavailable() {
    let lines = [
        "Edits stay while this page is open, but will be lost when it closes: \
                  copy your script somewhere safe before leaving."
            .to_string(),
    ];
    show(
        "coroscope-storage-notice",
        "status",
        "Drafts can't be saved in this browser (storage is full or disabled).",
        &lines,
        None,
    );
}

/// The notice shown when another tab changed the draft this tab is editing: two buttons,
/// "Keep this tab's version" (`on_choice(true)`) and "Use the other tab's version"
/// (`on_choice(false)`); either removes the notice. Shown once until answered.
pub fn draft_conflict(on_choice: std::rc::Rc<dyn Fn(bool)>) {
    let lines = [
        "This sample was also edited in another tab, and its version is the one saved. \
                  Your edits here are kept aside until you choose."
            .to_string(),
    ];
    let title = "Edited in another tab";
    show("coroscope-conflict", "alert", title, &lines, None);
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    for root in roots() {
        let Ok(Some(notice)) = root.query_selector(":scope > .coroscope-conflict") else {
            continue;
        };
        if notice.query_selector("button").ok().flatten().is_some() {
            continue;
        }
        for (label, mine, testid) in [
            ("Keep this tab's version", true, "conflict-keep-mine"),
            ("Use the other tab's version", false, "conflict-take-theirs"),
        ] {
            let Some(button) = choice_button(&document, label, testid) else {
                continue;
            };
            let on_choice = on_choice.clone();
            let notice_ = notice.clone();
            let click = wasm_bindgen::closure::Closure::<dyn FnMut()>::new(move || {
                notice_.remove();
                on_choice(mine);
            });
            button.set_onclick(Some(wasm_bindgen::JsCast::unchecked_ref(click.as_ref())));
            click.forget();
            let _ = notice.append_child(&button);
        }
    }
}

fn choice_button(
    document: &web_sys::Document,
    label: &str,
    testid: &str,
) -> Option<web_sys::HtmlElement> {
    let button = document.create_element("button").ok()?;
    button.set_attribute("type", "button").ok()?;
    button.set_attribute("data-testid", testid).ok()?;
    button.set_text_content(Some(label));
    wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(button).ok()
}

fn roots() -> Vec<web_sys::Element> {
    ROOTS.with(|roots| roots.try_borrow().map(|r| r.clone()).unwrap_or_default())
}

/// Prepends a notice (`class`, ARIA `role`) to every root that has none of that class yet.
fn show(class: &str, role: &str, title: &str, lines: &[String], reload: Option<&str>) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    for root in roots() {
        if root
            .query_selector(&format!(":scope > .{class}"))
            .ok()
            .flatten()
            .is_some()
        {
            continue;
        }
        let Some(notice) = build(&document, class, role, title, lines, reload) else {
            continue;
        };
        let _ = root.prepend_with_node_1(&notice);
    }
}

fn build(
    document: &web_sys::Document,
    class: &str,
    role: &str,
    title: &str,
    lines: &[String],
    reload: Option<&str>,
) -> Option<web_sys::Element> {
    let notice = document.create_element("div").ok()?;
    notice
        .set_attribute("class", &format!("coroscope coroscope-banner {class}"))
        .ok()?;
    notice.set_attribute("role", role).ok()?;
    notice.set_attribute("data-testid", class).ok()?;
    let heading = document.create_element("strong").ok()?;
    heading.set_text_content(Some(title));
    notice.append_child(&heading).ok()?;
    for line in lines {
        let p = document.create_element("p").ok()?;
        p.set_text_content(Some(line));
        notice.append_child(&p).ok()?;
    }
    if let Some(label) = reload {
        // A plain link to this page (without its fragment): navigating to it reloads the page
        // with no wasm involved.
        let here = web_sys::window()?.location().href().ok()?;
        let href = here.split('#').next().unwrap_or(&here).to_string();
        let link = document.create_element("a").ok()?;
        link.set_attribute("href", &href).ok()?;
        link.set_attribute("class", "coroscope-reload").ok()?;
        link.set_attribute("data-testid", "crash-reload").ok()?;
        link.set_text_content(Some(label));
        notice.append_child(&link).ok()?;
    }
    Some(notice)
}
