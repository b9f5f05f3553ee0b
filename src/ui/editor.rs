//! The script editor: a plain textarea for now.

use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

/// Properties of [`Editor`].
#[derive(Properties, PartialEq, Clone)]
pub struct EditorProps {
    /// The script shown.
    pub source: AttrValue,
    /// Called with the whole new text after each edit.
    pub oninput: Callback<String>,
}

/// The editor pane.
#[component]
pub fn Editor(props: &EditorProps) -> Html {
    let oninput = props
        .oninput
        .reform(|event: InputEvent| event.target_unchecked_into::<HtmlTextAreaElement>().value());
    html! {
        <section class="coroscope-pane coroscope-editor">
            <h2 class="coroscope-pane-title">{"Script"}</h2>
            <textarea
                class="coroscope-source"
                data-testid="editor"
                aria-label="Python script"
                spellcheck="false"
                autocomplete="off"
                value={props.source.clone()}
                {oninput}
            />
        </section>
    }
}
