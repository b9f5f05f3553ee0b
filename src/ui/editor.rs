//! The script editor: a transparent textarea over a highlighted `<pre>` (same font, same
//! metrics, both sized to the text so one container scrolls them together), line numbers with
//! gutter marks (each live task at the line it waits at, in its colour; the syntax error), the syntax error underlined at
//! its line and column, Tab/Shift-Tab indent, auto-indent after `:`, Ctrl/Cmd+Enter to run,
//! and jump-to-line. Escape releases Tab so keyboard users can leave the editor; a hint saying
//! so shows while the editor has focus. Above the code: the script's file name and, while the
//! editor holds a sample unchanged, what to watch in it.

use std::rc::Rc;

use web_sys::{HtmlElement, HtmlTextAreaElement, KeyboardEvent};
use yew::prelude::*;

use super::derive::{task_identity, GutterMark};
use super::editing::{byte_to_utf16, dedent, indent, line_offset, newline, utf16_to_byte, Edit};
use super::highlight::highlight;
use super::state::SyntaxProblem;
use crate::runtime::stdlib::importable;

/// Height of one editor line in CSS pixels (the stylesheet uses the same value).
pub const LINE_HEIGHT_PX: f64 = 20.0;

/// Properties of [`Editor`].
#[derive(Properties, PartialEq, Clone)]
pub struct EditorProps {
    /// The script.
    pub source: AttrValue,
    /// Its syntax error, if any.
    pub syntax: Option<SyntaxProblem>,
    /// Gutter marks for live tasks.
    pub marks: Rc<Vec<GutterMark>>,
    /// A line to reveal (with a request counter).
    pub jump: Option<(u32, u32)>,
    /// Whether the open sample was edited (enables Reset).
    pub edited: bool,
    /// The script's file name (`gather.py`), shown above the code.
    pub file_name: AttrValue,
    /// What to watch when this sample runs (only while the editor holds it unchanged).
    #[prop_or_default]
    pub watch: Option<AttrValue>,
    /// The whole new text after each edit.
    pub oninput: Callback<String>,
    /// Ctrl/Cmd+Enter.
    pub onrun: Callback<()>,
    /// Reset sample pressed.
    pub onreset: Callback<()>,
}

/// A piece of the overlay: CSS class and text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Piece {
    /// `kw`, `str`... plus ` err` inside the syntax error's range.
    pub class: String,
    /// The text (possibly empty for a zero-width error mark).
    pub text: String,
}

/// The overlay's pieces: highlighted tokens, split at the syntax error's range, which is
/// marked `err` (a zero-width `errpoint` piece when the range is empty or only a newline).
pub fn overlay_pieces(source: &str, error: Option<(usize, usize)>) -> Vec<Piece> {
    let mut cuts = Vec::new();
    let error = error.map(|(s, e)| {
        let s = s.min(source.len());
        let mut e = e.clamp(s, source.len());
        if let Some(nl) = source[s..e].find('\n') {
            e = s + nl;
        }
        (s, e)
    });
    if let Some((s, e)) = error {
        cuts.push(s);
        cuts.push(e);
    }
    let mut pieces = Vec::new();
    let mut point_done = false;
    for token in highlight(source) {
        let mut bounds = vec![token.start];
        bounds.extend(
            cuts.iter()
                .copied()
                .filter(|&c| c > token.start && c < token.end),
        );
        bounds.push(token.end);
        for w in bounds.windows(2) {
            let (a, b) = (w[0], w[1]);
            if let Some((s, e)) = error {
                if s == e && a == s && !point_done {
                    pieces.push(Piece {
                        class: "errpoint".into(),
                        text: String::new(),
                    });
                    point_done = true;
                }
                let inside = s < e && a >= s && b <= e;
                pieces.push(Piece {
                    class: if inside {
                        format!("{} err", token.kind.class())
                    } else {
                        token.kind.class().to_string()
                    },
                    text: source[a..b].to_string(),
                });
            } else {
                pieces.push(Piece {
                    class: token.kind.class().to_string(),
                    text: source[a..b].to_string(),
                });
            }
        }
    }
    if let Some((s, e)) = error {
        if s == e && !point_done {
            pieces.push(Piece {
                class: "errpoint".into(),
                text: String::new(),
            });
        }
    }
    pieces
}

/// A page-unique element id with this prefix (several editors can share a page).
fn unique_id(prefix: &str) -> String {
    use std::sync::atomic::{AtomicU32, Ordering};
    static NEXT: AtomicU32 = AtomicU32::new(0);
    format!("{prefix}-{}", NEXT.fetch_add(1, Ordering::Relaxed))
}

/// The editor pane.
#[component]
pub fn Editor(props: &EditorProps) -> Html {
    let textarea = use_node_ref();
    let scroller = use_node_ref();
    let tab_released = use_mut_ref(|| false);
    let focused = use_state(|| false);
    let hint_id = use_memo((), |_| unique_id("coroscope-editor-keys"));
    let source = props.source.to_string();
    let onfocus = {
        let focused = focused.clone();
        Callback::from(move |_: FocusEvent| focused.set(true))
    };
    let onblur = {
        let focused = focused.clone();
        Callback::from(move |_: FocusEvent| focused.set(false))
    };

    // Reveal a requested line: select its start and scroll it into view.
    {
        let textarea = textarea.clone();
        let scroller = scroller.clone();
        let source = source.clone();
        use_effect_with(props.jump, move |jump| {
            if let (Some((line, _)), Some(area)) = (jump, textarea.cast::<HtmlTextAreaElement>()) {
                let at = byte_to_utf16(&source, line_offset(&source, *line)) as u32;
                let _ = area.focus();
                let _ = area.set_selection_range(at, at);
                if let Some(scroller) = scroller.cast::<HtmlElement>() {
                    let top = (f64::from(*line) - 3.0).max(0.0) * LINE_HEIGHT_PX;
                    scroller.set_scroll_top(top as i32);
                }
            }
        });
    }

    let oninput = props
        .oninput
        .reform(|event: InputEvent| event.target_unchecked_into::<HtmlTextAreaElement>().value());

    let onkeydown = {
        let oninput = props.oninput.clone();
        let onrun = props.onrun.clone();
        let tab_released = tab_released.clone();
        Callback::from(move |event: KeyboardEvent| {
            let key = event.key();
            if key == "Enter" && (event.ctrl_key() || event.meta_key()) {
                event.prevent_default();
                onrun.emit(());
                return;
            }
            if key == "Escape" {
                *tab_released.borrow_mut() = true;
                return;
            }
            let area: HtmlTextAreaElement = event.target_unchecked_into();
            let text = area.value();
            let start = utf16_to_byte(
                &text,
                area.selection_start().ok().flatten().unwrap_or(0) as usize,
            );
            let end = utf16_to_byte(
                &text,
                area.selection_end().ok().flatten().unwrap_or(0) as usize,
            );
            let (start, end) = (start.min(end), start.max(end));
            let edit: Option<Edit> = match key.as_str() {
                "Tab" if *tab_released.borrow() => None,
                "Tab" if event.shift_key() => Some(dedent(&text, start, end)),
                "Tab" => Some(indent(&text, start, end)),
                "Enter" if !event.shift_key() && !event.alt_key() => {
                    Some(newline(&text, start, end))
                }
                _ => None,
            };
            *tab_released.borrow_mut() = false;
            if let Some(edit) = edit {
                event.prevent_default();
                area.set_value(&edit.text);
                let s = byte_to_utf16(&edit.text, edit.start) as u32;
                let e = byte_to_utf16(&edit.text, edit.end) as u32;
                let _ = area.set_selection_range(s, e);
                oninput.emit(edit.text);
            }
        })
    };

    let lines = source.split('\n').count().max(1);
    let widest = source
        .split('\n')
        .map(|l| l.chars().count())
        .max()
        .unwrap_or(0);
    let error_line = props.syntax.as_ref().map(|p| p.line);
    let pieces = overlay_pieces(&source, props.syntax.as_ref().map(|p| (p.start, p.end)));
    let onreset = props.onreset.reform(|_: MouseEvent| ());

    html! {
        <section class="coroscope-pane coroscope-editor" aria-label="Script editor">
            <h2 class="coroscope-pane-title">
                <span class="coroscope-file" data-testid="file-name">
                    <span class="coroscope-visually-hidden">{"Script "}</span>{ props.file_name.clone() }
                </span>
                <button type="button" class="coroscope-btn small" data-testid="reset-sample"
                    disabled={!props.edited} onclick={onreset}
                    title="Restore the sample's original text">{"Reset sample"}</button>
            </h2>
            if let Some(watch) = &props.watch {
                <p class="coroscope-watch" data-testid="sample-watch">
                    <strong>{"What to watch: "}</strong>{ watch.clone() }
                </p>
            }
            <div class="coroscope-code" ref={scroller}>
                <div class="coroscope-gutter" aria-hidden="true">
                    { for (1..=lines).map(|n| {
                        let here: Vec<&GutterMark> = props.marks.iter().filter(|m| m.line as usize == n).collect();
                        let mark = here.first();
                        let class = classes!(
                            "coroscope-lineno",
                            (error_line == Some(n)).then_some("error"),
                            mark.map(|m| format!("mark {} {}", task_identity(Some(m.task)).class(), m.state.name())),
                        );
                        let title = (!here.is_empty()).then(|| {
                            here.iter().map(|m| format!("{} ({})", m.name, m.state.name())).collect::<Vec<_>>().join(", ")
                        });
                        html! { <div {class} {title} data-line={n.to_string()}>{ n }</div> }
                    }) }
                </div>
                <div class="coroscope-code-body" style={format!("min-width: calc({widest}ch + 24px)")}>
                    <pre class="coroscope-highlight" aria-hidden="true">
                        { for pieces.iter().map(|p| html! { <span class={p.class.clone()}>{ &p.text }</span> }) }
                        {"\n"}
                    </pre>
                    <textarea
                        ref={textarea}
                        class="coroscope-source"
                        data-testid="editor"
                        aria-label={format!("Python script {}", props.file_name)}
                        aria-describedby={(*hint_id).clone()}
                        aria-invalid={props.syntax.is_some().to_string()}
                        spellcheck="false"
                        autocomplete="off"
                        autocapitalize="off"
                        wrap="off"
                        rows={(lines + 1).to_string()}
                        value={props.source.clone()}
                        {oninput}
                        {onkeydown}
                        {onfocus}
                        {onblur}
                    />
                </div>
            </div>
            <p id={(*hint_id).clone()} data-testid="editor-keys"
                class={classes!("coroscope-editor-keys", (!*focused).then_some("idle"))}>
                <kbd>{"Esc"}</kbd>{" then "}<kbd>{"Tab"}</kbd>{" leaves the editor · "}
                <kbd>{"Ctrl"}</kbd>{"+"}<kbd>{"Enter"}</kbd>{" runs"}
            </p>
            if let Some(problem) = &props.syntax {
                <div class="coroscope-syntax" data-testid="syntax-error" role="status">
                    if problem.import {
                        { for problem.message.lines().map(|l| html! { <div>{ l.to_string() }</div> }) }
                    } else {
                        { format!("{} (line {}, column {})", problem.message, problem.line, problem.column) }
                    }
                </div>
            }
            <p class="coroscope-imports" data-testid="importable">
                {"Scripts can import: "}<span class="mono">{ importable() }</span>
            </p>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(pieces: &[Piece]) -> String {
        pieces.iter().map(|p| p.text.as_str()).collect()
    }

    #[test]
    fn the_overlay_reproduces_the_source_exactly() {
        let source = "async def f():\n    await g()  # ok\n";
        assert_eq!(text(&overlay_pieces(source, None)), source);
    }

    #[test]
    fn the_error_range_is_marked_even_inside_a_token() {
        let source = "x = foo(1\n";
        let pieces = overlay_pieces(source, Some((4, 7)));
        assert_eq!(text(&pieces), source);
        let marked: String = pieces
            .iter()
            .filter(|p| p.class.ends_with(" err"))
            .map(|p| p.text.as_str())
            .collect();
        assert_eq!(marked, "foo");
    }

    #[test]
    fn an_empty_error_range_gets_a_point_mark() {
        let source = "x = (";
        let pieces = overlay_pieces(source, Some((5, 5)));
        assert_eq!(text(&pieces), source);
        assert_eq!(pieces.iter().filter(|p| p.class == "errpoint").count(), 1);
    }

    #[test]
    fn an_error_range_stops_at_the_end_of_its_line() {
        let source = "x = (\ny\n";
        let pieces = overlay_pieces(source, Some((4, 8)));
        let marked: String = pieces
            .iter()
            .filter(|p| p.class.ends_with(" err"))
            .map(|p| p.text.as_str())
            .collect();
        assert_eq!(marked, "(");
    }
}
