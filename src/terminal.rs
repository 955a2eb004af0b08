//! Text from a PDF (or a file name) on its way to a terminal.
//!
//! A PDF can hold any character, control characters included: printed raw,
//! `ESC [2J` clears the screen, `ESC ] 0 ; … BEL` retitles the window,
//! `ESC ] 52 ; …` writes the clipboard, `CR` overwrites what a line said.
//! Every human-readable output (`text`, the `actions` table, `history`,
//! every stderr line) goes through [`neutralise`]; JSON output needs
//! nothing (serde escapes control characters), CSV and HTML have their own
//! escaping in `output`.

use std::borrow::Cow;

/// Where the text goes: a block of lines keeps its tabs and newlines; a
/// one-line message (stderr) keeps neither, so a file name holding `\n`
/// cannot forge a second line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keep {
    /// Tabs, newlines and form feeds stay (page text, tables).
    Lines,
    /// Everything control is escaped (one stderr line).
    Nothing,
}

/// Replaces every C0 control (U+0000–U+001F), DEL (U+007F) and C1 control
/// (U+0080–U+009F) by its visible escape (`\x1b`, `\x7f`, `\u{9b}`), except
/// tab, newline and form feed (the page break of `minutes text`, as of
/// `pdftotext`) under [`Keep::Lines`]. Borrows when there is nothing to
/// replace, which is the usual case.
pub fn neutralise(s: &str, keep: Keep) -> Cow<'_, str> {
    let bad =
        |c: char| is_control(c) && !(keep == Keep::Lines && matches!(c, '\n' | '\t' | '\x0c'));
    if !s.chars().any(bad) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if bad(c) {
            let n = c as u32;
            if n < 0x80 {
                out.push_str(&format!("\\x{n:02x}"));
            } else {
                out.push_str(&format!("\\u{{{n:x}}}"));
            }
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// [`neutralise`] for a one-line message.
pub fn line(s: &str) -> Cow<'_, str> {
    neutralise(s, Keep::Nothing)
}

/// [`neutralise`] for a block of text lines.
pub fn lines(s: &str) -> Cow<'_, str> {
    neutralise(s, Keep::Lines)
}

fn is_control(c: char) -> bool {
    matches!(c as u32, 0x00..=0x1f | 0x7f..=0x9f)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_is_borrowed() {
        assert!(matches!(lines("a\tb\nc — é"), Cow::Borrowed(_)));
    }

    #[test]
    fn escapes_and_osc_are_made_visible() {
        let s = "x\x1b[2Jy\x1b]52;c;aGk=\x07z\u{9b}31m\r\x08";
        let out = lines(s);
        assert_eq!(out, "x\\x1b[2Jy\\x1b]52;c;aGk=\\x07z\\u{9b}31m\\x0d\\x08");
        assert!(!out.chars().any(is_control));
    }

    #[test]
    fn one_line_escapes_newlines_and_tabs_too() {
        assert_eq!(line("a\nb\tc"), "a\\x0ab\\x09c");
        assert_eq!(lines("a\nb\tc\x0c"), "a\nb\tc\x0c");
    }
}
