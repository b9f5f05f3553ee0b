//! The console pane: what the run printed, plus Coroscope's own notes.

use yew::prelude::*;

use super::state::{ConsoleLine, Stream};

/// Properties of [`Console`].
#[derive(Properties, PartialEq, Clone)]
pub struct ConsoleProps {
    /// The lines, oldest first.
    pub lines: Vec<ConsoleLine>,
    /// Called when the user presses Clear.
    pub onclear: Callback<()>,
}

fn stream_class(stream: Stream) -> &'static str {
    match stream {
        Stream::Stdout => "coroscope-line stdout",
        Stream::Stderr => "coroscope-line stderr",
        Stream::Info => "coroscope-line info",
    }
}

/// The console pane.
#[component]
pub fn Console(props: &ConsoleProps) -> Html {
    let onclick = props.onclear.reform(|_: MouseEvent| ());
    html! {
        <section class="coroscope-pane coroscope-console">
            <h2 class="coroscope-pane-title">
                {"Console"}
                <button class="coroscope-clear" type="button" {onclick}>{"Clear"}</button>
            </h2>
            <pre class="coroscope-output" data-testid="console" role="log">
                { for props.lines.iter().map(|line| html! {
                    <div class={stream_class(line.stream)}>{ &line.text }</div>
                }) }
            </pre>
        </section>
    }
}
