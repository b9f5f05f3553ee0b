//! Editor keystrokes as pure text edits: Tab / Shift-Tab indent and dedent (the caret's line
//! or every selected line), Enter keeps the indentation and adds a level after `:`. Works on
//! byte offsets; [`utf16_to_byte`] and [`byte_to_utf16`] convert the DOM's selection offsets.

/// One indentation level.
pub const INDENT: &str = "    ";

/// A text with its selection (byte offsets, `start ≤ end`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edit {
    /// The whole new text.
    pub text: String,
    /// Selection start.
    pub start: usize,
    /// Selection end.
    pub end: usize,
}

fn line_start(text: &str, at: usize) -> usize {
    text[..at].rfind('\n').map_or(0, |i| i + 1)
}

/// Tab: inserts [`INDENT`] at the caret, or indents every line the selection touches.
pub fn indent(text: &str, start: usize, end: usize) -> Edit {
    if start == end || !text[start..end].contains('\n') {
        let mut out = String::with_capacity(text.len() + 4);
        out.push_str(&text[..start]);
        out.push_str(INDENT);
        out.push_str(&text[end..]);
        return Edit {
            text: out,
            start: start + INDENT.len(),
            end: start + INDENT.len(),
        };
    }
    let first = line_start(text, start);
    let mut out = String::from(&text[..first]);
    let mut added = 0;
    let block = &text[first..end];
    for (i, line) in block.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        if !line.is_empty() {
            out.push_str(INDENT);
            added += INDENT.len();
        }
        out.push_str(line);
    }
    out.push_str(&text[end..]);
    Edit {
        text: out,
        start: start + INDENT.len().min(added),
        end: end + added,
    }
}

/// Shift-Tab: removes up to one indentation level from every line the selection touches.
pub fn dedent(text: &str, start: usize, end: usize) -> Edit {
    let first = line_start(text, start);
    let mut out = String::from(&text[..first]);
    let mut removed_total = 0;
    let mut removed_first = 0;
    for (i, line) in text[first..end].split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let spaces = line.len() - line.trim_start_matches(' ').len();
        let cut = spaces.min(INDENT.len());
        if i == 0 {
            removed_first = cut.min(start - first);
        }
        removed_total += cut;
        out.push_str(&line[cut..]);
    }
    out.push_str(&text[end..]);
    Edit {
        text: out,
        start: start - removed_first,
        end: (end - removed_total).max(start - removed_first),
    }
}

/// Enter: a newline with the current line's indentation, one level more after a `:`.
pub fn newline(text: &str, start: usize, end: usize) -> Edit {
    let first = line_start(text, start);
    let line = &text[first..start];
    let indent: String = line.chars().take_while(|c| *c == ' ').collect();
    let code = line.split('#').next().unwrap_or("").trim_end();
    let extra = if code.ends_with(':') { INDENT } else { "" };
    let insert = format!("\n{indent}{extra}");
    let mut out = String::with_capacity(text.len() + insert.len());
    out.push_str(&text[..start]);
    out.push_str(&insert);
    out.push_str(&text[end..]);
    let caret = start + insert.len();
    Edit {
        text: out,
        start: caret,
        end: caret,
    }
}

/// The byte offset of the UTF-16 offset `units` in `text` (clamped to the end).
pub fn utf16_to_byte(text: &str, units: usize) -> usize {
    let mut count = 0;
    for (i, ch) in text.char_indices() {
        if count >= units {
            return i;
        }
        count += ch.len_utf16();
    }
    text.len()
}

/// The UTF-16 offset of the byte offset `byte` in `text`.
pub fn byte_to_utf16(text: &str, byte: usize) -> usize {
    text[..byte.min(text.len())]
        .chars()
        .map(char::len_utf16)
        .sum()
}

/// The byte offset where 1-based line `line` starts (the end if there is no such line).
pub fn line_offset(text: &str, line: u32) -> usize {
    if line <= 1 {
        return 0;
    }
    text.match_indices('\n')
        .nth(line as usize - 2)
        .map_or(text.len(), |(i, _)| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tab_inserts_four_spaces_at_the_caret() {
        let e = indent("ab", 1, 1);
        assert_eq!((e.text.as_str(), e.start, e.end), ("a    b", 5, 5));
    }

    #[test]
    fn tab_indents_every_selected_line_but_blank_ones() {
        let e = indent("a\n\nb\nc", 0, 4);
        assert_eq!(e.text, "    a\n\n    b\nc");
        assert_eq!((e.start, e.end), (4, 12));
    }

    #[test]
    fn shift_tab_removes_one_level_from_each_line() {
        let e = dedent("        a\n  b\nc", 8, 13);
        assert_eq!(e.text, "    a\nb\nc");
        assert_eq!(e.start, 4);
        let e = dedent("x", 1, 1);
        assert_eq!(e.text, "x");
    }

    #[test]
    fn enter_keeps_the_indent_and_adds_a_level_after_a_colon() {
        let e = newline("    if x:  # yes", 16, 16);
        assert_eq!(e.text, "    if x:  # yes\n        ");
        assert_eq!(e.start, e.text.len());
        let e = newline("    x = 1", 9, 9);
        assert_eq!(e.text, "    x = 1\n    ");
    }

    #[test]
    fn utf16_offsets_convert_around_wide_characters() {
        let text = "é😀x";
        assert_eq!(utf16_to_byte(text, 1), 2);
        assert_eq!(utf16_to_byte(text, 3), 6);
        assert_eq!(utf16_to_byte(text, 99), text.len());
        assert_eq!(byte_to_utf16(text, 6), 3);
    }

    #[test]
    fn line_offsets_find_each_line_start() {
        let text = "a\nbb\nc";
        assert_eq!(line_offset(text, 1), 0);
        assert_eq!(line_offset(text, 2), 2);
        assert_eq!(line_offset(text, 3), 5);
        assert_eq!(line_offset(text, 9), text.len());
    }
}
