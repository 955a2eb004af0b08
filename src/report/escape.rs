//! Escaping for every context where text taken from a PDF reaches the report.
//!
//! The report embeds untrusted text (item titles, action text, file names) in
//! three places: HTML text and attribute values rendered in Rust, a JSON data
//! block inside `<script type="application/json">`, and relative URLs to the
//! source PDFs. Each has its own escaper here so the rules live in one place
//! and can be tested on hostile input.

use std::borrow::Cow;
use std::fmt::Write as _;

/// Escapes text for an HTML text node or a quoted attribute value.
///
/// Both quote kinds are escaped so the result is safe in `"…"` and `'…'`
/// attributes alike; `&` first so existing entities stay literal.
pub fn html(text: &str) -> Cow<'_, str> {
    if !text.contains(['&', '<', '>', '"', '\'']) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Makes serialised JSON safe inside `<script type="application/json">`.
///
/// An HTML parser ends a script element at the first `</script` whatever the
/// JSON means, and `<!--` can switch it into a comment state; escaping every
/// `<`, `>` and `&` as `\u003c` etc. removes both. U+2028/U+2029 are escaped
/// too so the text stays valid if it is ever evaluated as JavaScript. These
/// characters can only occur inside JSON strings, where the `\uXXXX` form
/// means the same thing, so `JSON.parse` gives back the original data.
pub fn json_for_script(json: &str) -> String {
    let mut out = String::with_capacity(json.len() + json.len() / 64);
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

/// Percent-encodes one path segment for a relative URL.
///
/// Everything but RFC 3986 unreserved characters is encoded, `:` included,
/// so a file named `javascript:alert(1).pdf` stays a relative path and can
/// never be read as a URL scheme; `#` and `?` cannot cut the path short.
pub fn url_segment(segment: &str) -> String {
    let mut out = String::with_capacity(segment.len());
    for b in segment.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_escapes_markup_and_both_quotes() {
        assert_eq!(
            html("<script>alert(1)</script>"),
            "&lt;script&gt;alert(1)&lt;/script&gt;"
        );
        assert_eq!(
            html(r#"a" onmouseover='x' &amp;"#),
            "a&quot; onmouseover=&#39;x&#39; &amp;amp;"
        );
        assert!(matches!(html("plain text"), Cow::Borrowed(_)));
    }

    #[test]
    fn json_block_cannot_close_the_script_and_round_trips() {
        let value = serde_json::json!({
            "t": "</script><script>alert(1)</script> <!-- & \u{2028}\u{2029} </SCRIPT>"
        });
        let raw = serde_json::to_string(&value).unwrap();
        let safe = json_for_script(&raw);
        for bad in ['<', '>', '&', '\u{2028}', '\u{2029}'] {
            assert!(!safe.contains(bad), "{bad:?} left in {safe}");
        }
        let back: serde_json::Value = serde_json::from_str(&safe).unwrap();
        assert_eq!(back, value);
    }

    #[test]
    fn url_segments_keep_no_scheme_or_fragment() {
        assert_eq!(url_segment("minutes 2016.pdf"), "minutes%202016.pdf");
        assert_eq!(
            url_segment("javascript:alert(1)"),
            "javascript%3Aalert%281%29"
        );
        assert_eq!(url_segment("a#b?c\"<>"), "a%23b%3Fc%22%3C%3E");
        assert_eq!(url_segment("é"), "%C3%A9");
    }
}
