//! What a file will cost in memory once lopdf has parsed it, estimated from
//! its raw bytes *before* lopdf sees them (written by hand in front of
//! lopdf, like [`super::objstm`]).
//!
//! lopdf parses every top-level object of a file before any code of ours
//! can look at it, and a parsed object costs far more than its bytes: each
//! number or reference becomes an `Object` (plus its container's share), so
//! a 59 MB file of plain arrays held 252 MB. The load filter
//! ([`super::objstm::load_filter`]) sees each object only once it is
//! parsed, so it cannot stop the one that breaks the budget. Hence this
//! pass, one linear scan of the bytes with no allocation, which the load
//! runs first and refuses the file on (a `limit` error naming
//! `max_document_bytes`):
//!
//! - [`RawCost::objects`]: every token outside strings, comments and stream
//!   payloads at [`super::objstm::BYTES_PER_TOKEN`] (names and strings plus
//!   their bytes), plus the bytes of every stream payload, which lopdf
//!   copies. That is what the file costs with each object parsed once, as
//!   its cross-reference table places them.
//! - [`RawCost::largest_hidden`]: the most that one string, comment or
//!   stream payload would cost if parsed as objects. A cross-reference
//!   entry may point *into* one of them, and lopdf then parses what is
//!   there as an object; whatever that costs, it is at most this.
//!
//! The estimate counts from above (a reference `1 0 R` is three tokens but
//! one object). What it cannot see, the load filter catches: objects parsed
//! twice (several entries at one offset), rebuilt cross-reference tables,
//! and objects hidden in payloads are charged as they are parsed, and once
//! the budget is spent every further object is dropped as soon as it is
//! parsed. So the load holds at most the budget plus one object, and one
//! object at most `max(objects, largest_hidden)`, both within the budget.

use super::objstm::{count_tokens, BYTES_PER_TOKEN};

/// The estimate for one file; see the module documentation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct RawCost {
    /// Heap bytes of every object parsed once, stream payloads included.
    pub objects: u64,
    /// Heap bytes of the costliest string, comment or stream payload if it
    /// were parsed as PDF objects (an upper bound: see [`estimate_up_to`]).
    pub largest_hidden: u64,
}

/// PDF white space (PDF 32000 §7.2.2).
fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\n' | b'\r' | b'\t' | b'\x0c' | b'\0')
}

/// PDF delimiters (PDF 32000 §7.2.2).
fn is_delimiter(b: u8) -> bool {
    matches!(
        b,
        b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%'
    )
}

fn is_regular(b: u8) -> bool {
    !is_space(b) && !is_delimiter(b)
}

/// Scans `bytes` once, counting the tokens of every string, comment and
/// payload; see the module documentation.
#[cfg(test)]
pub(crate) fn estimate(bytes: &[u8]) -> RawCost {
    scan(bytes, u64::MAX, 0)
}

/// What the load needs to know: whether either figure passes `max`. The
/// scan stops as soon as one does (a huge hostile file costs a scan of its
/// first few hundred KB, not of all of it), and a string, comment or
/// payload has its tokens counted only when it is long enough to pass
/// `max` at one token a byte (payloads are most of a file's bytes, and
/// hardly any is that long): otherwise that bound, within `max`, stands for
/// the count.
pub(crate) fn estimate_up_to(bytes: &[u8], max: u64) -> RawCost {
    scan(bytes, max, max)
}

/// Scans `bytes`, stopping once a figure passes `stop_above`, and counting
/// the tokens of a hidden region only when its bound passes `count_above`.
fn scan(bytes: &[u8], stop_above: u64, count_above: u64) -> RawCost {
    let max = stop_above;
    let hidden = |region: &[u8], cost: &mut RawCost| {
        let bound = (region.len() as u64).saturating_mul(BYTES_PER_TOKEN);
        let c = if bound > count_above {
            count_tokens(region).saturating_mul(BYTES_PER_TOKEN)
        } else {
            bound
        };
        cost.largest_hidden = cost.largest_hidden.max(c);
    };
    let mut cost = RawCost::default();
    let n = bytes.len();
    let mut i = 0;
    while i < n {
        if cost.objects > max || cost.largest_hidden > max {
            break;
        }
        let b = bytes[i];
        match b {
            _ if is_space(b) => i += 1,
            b'%' => {
                let end = memchr::memchr2(b'\n', b'\r', &bytes[i..]).map_or(n, |p| i + p);
                hidden(&bytes[i + 1..end], &mut cost);
                i = end;
            }
            b'(' => {
                let end = string_end(bytes, i + 1);
                cost.objects += BYTES_PER_TOKEN + (end - i) as u64;
                hidden(&bytes[i + 1..end], &mut cost);
                i = end + 1;
            }
            b'<' if bytes.get(i + 1) == Some(&b'<') => {
                cost.objects += BYTES_PER_TOKEN;
                i += 2;
            }
            b'>' if bytes.get(i + 1) == Some(&b'>') => {
                cost.objects += BYTES_PER_TOKEN;
                i += 2;
            }
            b'<' => {
                let end = memchr::memchr(b'>', &bytes[i..]).map_or(n, |p| i + p);
                cost.objects += BYTES_PER_TOKEN + (end - i) as u64 / 2;
                hidden(&bytes[i + 1..end], &mut cost);
                i = end + 1;
            }
            b'/' => {
                let end = run_end(bytes, i + 1);
                cost.objects += BYTES_PER_TOKEN + (end - i) as u64;
                i = end;
            }
            _ if is_delimiter(b) => {
                cost.objects += BYTES_PER_TOKEN;
                i += 1;
            }
            _ => {
                let end = run_end(bytes, i);
                cost.objects += BYTES_PER_TOKEN;
                // `stream` then an end of line starts a payload (lopdf's own
                // test when it rebuilds a cross-reference table); it runs to
                // the next `endstream`, or to the end of a file that has none.
                if &bytes[i..end] == b"stream" && matches!(bytes.get(end), Some(b'\r' | b'\n')) {
                    let start = end + 1;
                    let stop = memchr::memmem::find(&bytes[start..], b"endstream")
                        .map_or(n, |p| start + p);
                    cost.objects += (stop - start) as u64;
                    hidden(&bytes[start..stop], &mut cost);
                    i = stop;
                } else {
                    i = end;
                }
            }
        }
    }
    cost
}

/// End of the run of regular bytes starting at `i`.
fn run_end(bytes: &[u8], mut i: usize) -> usize {
    while i < bytes.len() && is_regular(bytes[i]) {
        i += 1;
    }
    i
}

/// Index of the `)` closing a literal string whose body starts at `i`
/// (balanced parentheses nest, a backslash escapes the next byte), or the
/// end of the input.
fn string_end(bytes: &[u8], mut i: usize) -> usize {
    let mut depth = 0u32;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 1,
            b'(' => depth += 1,
            b')' if depth == 0 => return i,
            b')' => depth -= 1,
            _ => {}
        }
        i += 1;
    }
    bytes.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    const T: u64 = BYTES_PER_TOKEN;

    #[test]
    fn tokens_names_and_strings_are_charged_outside_payloads() {
        assert_eq!(estimate(b""), RawCost::default());
        // `1 0 obj`, `[`, `0`, `0`, `]`, `endobj`: 8 tokens.
        assert_eq!(estimate(b"1 0 obj [0 0] endobj").objects, 8 * T);
        // A name costs its bytes too; `<<` and `>>` are one token each.
        assert_eq!(estimate(b"<</Type>>").objects, 3 * T + 5);
        // A string is one object holding its bytes, whatever it contains.
        let s = estimate(b"(a (nested) \\) string)");
        assert_eq!(s.objects, T + 21);
        assert_eq!(estimate(b"<0A0B>").objects, T + 2);
        // A comment costs nothing once parsed.
        assert_eq!(estimate(b"% 0 0 0 0 0\n").objects, 0);
    }

    #[test]
    fn a_payload_costs_its_bytes_and_is_watched_for_hidden_objects() {
        let payload = "0 ".repeat(1000);
        let file = format!("<</Length 2000>>\nstream\n{payload}endstream");
        let c = estimate(file.as_bytes());
        // `<<`, `/Length`, `2000`, `>>`, `stream`, `endstream`, and the
        // payload's bytes (from the end of line after `stream`).
        assert_eq!(c.objects, 6 * T + 7 + 2000);
        assert_eq!(c.largest_hidden, 1000 * T);
        // `stream` not followed by an end of line is a plain token.
        assert_eq!(estimate(b"stream 0 0").objects, 3 * T);
        // No `endstream`: the payload runs to the end of the file.
        let open = estimate(b"stream\n0 0 0 0");
        assert_eq!((open.objects, open.largest_hidden), (T + 7, 4 * T));
    }

    #[test]
    fn objects_hidden_in_strings_and_comments_are_watched() {
        let hidden = format!("({})", "0 ".repeat(500));
        assert_eq!(estimate(hidden.as_bytes()).largest_hidden, 500 * T);
        let comment = format!("%{}\n1 0 obj", "0 ".repeat(300));
        let c = estimate(comment.as_bytes());
        assert_eq!((c.objects, c.largest_hidden), (3 * T, 300 * T));
    }

    #[test]
    fn the_load_stops_at_the_budget_and_counts_only_long_regions() {
        let payload = "0 ".repeat(1000);
        let file = format!("<</Length 2000>>\nstream\n{payload}endstream");
        // A payload that cannot pass the budget even at a token a byte is
        // not counted: its bound stands.
        let c = estimate_up_to(file.as_bytes(), 1 << 30);
        assert_eq!(c.largest_hidden, 2000 * T);
        // One that could is counted.
        let c = estimate_up_to(file.as_bytes(), 1500 * T);
        assert_eq!(c.largest_hidden, 1000 * T);
        // The scan ends as soon as the objects pass the budget.
        let big = "0 ".repeat(100_000);
        assert_eq!(estimate_up_to(big.as_bytes(), 10 * T).objects, 11 * T);
    }
}
