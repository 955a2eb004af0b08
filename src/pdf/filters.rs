//! Stream decoding under a byte budget.
//!
//! Content streams are decoded here rather than through lopdf's
//! `decompressed_content*` because we want three things at once: a cap per
//! stream *and* per document (one [`Budget`] shared by every stream of the
//! document), output appended straight into the caller's reusable buffer (a
//! page's content streams are concatenated without intermediate copies), and
//! a buffer that never grows past the cap (lopdf's `read_to_end` doubles its
//! capacity, so a 64 MiB cap can mean a 128 MiB allocation). FlateDecode
//! without a predictor, the only filter real content streams use, is done
//! with `flate2` directly; anything rarer goes through lopdf's bounded
//! decoder.

use super::LimitHit;
use flate2::{Decompress, FlushDecompress, Status};
use lopdf::{Object, Stream};
use std::cell::RefCell;

/// Decompressed bytes still allowed for the document being read.
#[derive(Debug, Clone)]
pub(crate) struct Budget {
    /// Bytes decoded so far, all streams together.
    pub used: u64,
    pub max_document: u64,
    pub max_stream: u64,
}

thread_local! {
    /// One zlib and one raw-deflate inflater per thread, made on first use
    /// and reset for each further stream. A new inflater allocates and
    /// clears about 40 KiB of state: made afresh per stream (as lopdf's
    /// decoder does), that was 4-8% of the instructions of `minutes text`.
    static INFLATERS: RefCell<Inflaters> = RefCell::default();
}

#[derive(Debug, Default)]
struct Inflaters {
    zlib: Option<Decompress>,
    raw: Option<Decompress>,
}

impl Inflaters {
    /// A ready inflater, reset to the start of a stream.
    fn get(&mut self, zlib_header: bool) -> &mut Decompress {
        let slot = if zlib_header {
            &mut self.zlib
        } else {
            &mut self.raw
        };
        match slot {
            Some(z) => {
                z.reset(zlib_header);
                z
            }
            None => slot.insert(Decompress::new(zlib_header)),
        }
    }
}

impl Budget {
    pub fn new(max_stream: u64, max_document: u64) -> Budget {
        Budget {
            used: 0,
            max_document,
            max_stream,
        }
    }

    /// The cap for the next stream, and whether it is the document cap (for
    /// the error message).
    fn next_cap(&self) -> (u64, bool) {
        let left = self.max_document.saturating_sub(self.used);
        if left < self.max_stream {
            (left, true)
        } else {
            (self.max_stream, false)
        }
    }
}

/// Why a stream could not be decoded.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum StreamError {
    /// A byte cap was hit: fatal for the document. The hit names the cap;
    /// the caller prefixes the place (`page 3`, `object stream 7 0`).
    Limit(LimitHit),
    /// The data is corrupt or uses a filter we cannot decode: the stream is
    /// skipped with a warning.
    Corrupt(String),
}

/// Decodes `stream` and appends the result to `out`, charging `budget`.
/// On a corrupt Flate stream the bytes decoded before the damage are kept
/// (readers such as poppler do the same), and the error is still reported.
pub(crate) fn decode_into(
    stream: &Stream,
    budget: &mut Budget,
    out: &mut Vec<u8>,
) -> Result<(), StreamError> {
    let (cap, doc_cap) = budget.next_cap();
    let start = out.len();
    let result = match filter_kind(stream) {
        Kind::None => {
            if stream.content.len() as u64 > cap {
                Err(limit_error(cap, doc_cap))
            } else {
                out.extend_from_slice(&stream.content);
                Ok(())
            }
        }
        Kind::Flate => INFLATERS
            .with_borrow_mut(|z| inflate_into(z, &stream.content, cap, out))
            .map_err(|e| match e {
                InflateError::Limit => limit_error(cap, doc_cap),
                InflateError::Corrupt(msg) => StreamError::Corrupt(msg),
            }),
        Kind::Other => {
            let cap_usize = usize::try_from(cap).unwrap_or(usize::MAX);
            match stream.decompressed_content_with_limit(cap_usize) {
                Ok(bytes) => {
                    out.extend_from_slice(&bytes);
                    Ok(())
                }
                Err(lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded {
                    ..
                })) => Err(limit_error(cap, doc_cap)),
                Err(lopdf::Error::Decompress(
                    e @ lopdf::DecompressError::TooManyFilters { .. },
                )) => Err(StreamError::Limit(LimitHit::size(format!(
                    "filter chain {}: {e} (a fixed cap: each filter decodes the whole stream again)",
                    chain_text(stream)
                )))),
                Err(lopdf::Error::Decompress(e)) => Err(StreamError::Corrupt(format!(
                    "filter chain {}: {e}",
                    chain_text(stream)
                ))),
                Err(e) => Err(StreamError::Corrupt(format!(
                    "filter chain {}: {e}",
                    chain_text(stream)
                ))),
            }
        }
    };
    budget.used += (out.len() - start) as u64;
    result
}

/// Decodes one stream on its own, capped at `cap` bytes, outside any
/// document budget (font programs and CMaps, which have caps of their own).
pub(crate) fn decode_capped(stream: &Stream, cap: u64) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    match decode_into(stream, &mut Budget::new(cap, u64::MAX), &mut out) {
        Ok(()) => Ok(out),
        Err(StreamError::Limit(_)) => Err(format!("decodes to more than {cap} bytes")),
        Err(StreamError::Corrupt(msg)) => Err(msg),
    }
}

/// The stream's `/Filter` for a message: the first names, then how many.
fn chain_text(stream: &Stream) -> String {
    let names: Vec<String> = match stream.dict.get(b"Filter") {
        Ok(Object::Name(n)) => vec![String::from_utf8_lossy(n).into_owned()],
        Ok(Object::Array(a)) => a
            .iter()
            .map(|o| match o {
                Object::Name(n) => String::from_utf8_lossy(n).into_owned(),
                _ => "?".to_string(),
            })
            .collect(),
        _ => vec!["?".to_string()],
    };
    let shown: Vec<String> = names.iter().take(4).map(|n| format!("/{n}")).collect();
    if names.len() > shown.len() {
        format!("[{} … {} filters]", shown.join(" "), names.len())
    } else {
        format!("[{}]", shown.join(" "))
    }
}

fn limit_error(cap: u64, doc_cap: bool) -> StreamError {
    StreamError::Limit(LimitHit::size(if doc_cap {
        format!(
            "decompressed bytes per document (max_document_bytes) exceeded; {cap} bytes were left"
        )
    } else {
        format!("a stream decompresses to more than {cap} bytes (max_stream_bytes)")
    }))
}

enum Kind {
    None,
    Flate,
    Other,
}

/// Classifies the stream's filter chain. Flate with a predictor is left to
/// lopdf, which implements the PNG/TIFF predictors.
fn filter_kind(stream: &Stream) -> Kind {
    let filter = match stream.dict.get(b"Filter") {
        Ok(f) => f,
        Err(_) => return Kind::None,
    };
    let name: &[u8] = match filter {
        Object::Name(n) => n,
        Object::Array(a) if a.is_empty() => return Kind::None,
        Object::Array(a) if a.len() == 1 => match &a[0] {
            Object::Name(n) => n,
            _ => return Kind::Other,
        },
        _ => return Kind::Other,
    };
    if name != b"FlateDecode" && name != b"Fl" {
        return Kind::Other;
    }
    let has_predictor = match stream.dict.get(b"DecodeParms") {
        Ok(Object::Dictionary(d)) => d.has(b"Predictor"),
        Ok(Object::Array(a)) => a.iter().any(|p| match p {
            Object::Dictionary(d) => d.has(b"Predictor"),
            _ => false,
        }),
        Ok(Object::Reference(_)) => true,
        _ => false,
    };
    if has_predictor {
        Kind::Other
    } else {
        Kind::Flate
    }
}

#[derive(Debug)]
enum InflateError {
    Limit,
    Corrupt(String),
}

/// Inflates `input` (zlib, or raw deflate when the zlib header is bad) onto
/// `out`, never letting this stream's output pass `cap` bytes.
fn inflate_into(
    inflaters: &mut Inflaters,
    input: &[u8],
    cap: u64,
    out: &mut Vec<u8>,
) -> Result<(), InflateError> {
    let start = out.len();
    match inflate_with(inflaters.get(true), input, cap, out) {
        Ok(()) => Ok(()),
        Err(InflateError::Corrupt(msg)) if out.len() == start && input.len() > 2 => {
            // Some writers emit a broken zlib header or checksum: retry the
            // body as raw deflate before giving up.
            match inflate_with(inflaters.get(false), &input[2..], cap, out) {
                Ok(()) => Ok(()),
                Err(InflateError::Limit) => Err(InflateError::Limit),
                Err(InflateError::Corrupt(_)) if out.len() > start => Ok(()),
                Err(InflateError::Corrupt(_)) => Err(InflateError::Corrupt(msg)),
            }
        }
        Err(e) => Err(e),
    }
}

fn inflate_with(
    z: &mut Decompress,
    input: &[u8],
    cap: u64,
    out: &mut Vec<u8>,
) -> Result<(), InflateError> {
    let start = out.len();
    let hard_end = start as u64 + cap;
    // First guess: streams of text inflate 3-6x.
    // Never `clamp(4096, cap)`: a budget nearly spent leaves cap < 4096.
    let mut want = (input.len() as u64 * 4).max(4096).min(cap.max(1));
    loop {
        // Grow the spare room, never past cap + 1 bytes of this stream's
        // output (the extra byte tells "exactly cap" from "more than cap").
        if out.len() == out.capacity() {
            let limit_room = (hard_end + 1).saturating_sub(out.len() as u64);
            if limit_room == 0 {
                return Err(InflateError::Limit);
            }
            let add = want.min(limit_room) as usize;
            out.reserve_exact(add);
            want = want.saturating_mul(2);
        }
        let in_before = z.total_in();
        let out_before = out.len();
        let consumed = in_before as usize;
        let status = z
            .decompress_vec(
                input.get(consumed..).unwrap_or(&[]),
                out,
                FlushDecompress::None,
            )
            .map_err(|e| InflateError::Corrupt(format!("flate: {e}")))?;
        if out.len() as u64 > hard_end {
            return Err(InflateError::Limit);
        }
        match status {
            Status::StreamEnd => return Ok(()),
            Status::Ok | Status::BufError => {
                let progressed = z.total_in() != in_before || out.len() != out_before;
                if !progressed && out.len() < out.capacity() {
                    // Input exhausted without an end marker: keep what we have.
                    return if z.total_in() as usize >= input.len() {
                        Ok(())
                    } else {
                        Err(InflateError::Corrupt("flate: no progress".into()))
                    };
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pdf::LimitKind;
    use flate2::write::ZlibEncoder;
    use flate2::Compression;
    use std::io::Write;

    fn zlib(data: &[u8]) -> Vec<u8> {
        let mut e = ZlibEncoder::new(Vec::new(), Compression::default());
        e.write_all(data).unwrap();
        e.finish().unwrap()
    }

    fn flate_stream(data: &[u8]) -> Stream {
        let mut dict = lopdf::Dictionary::new();
        dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
        Stream::new(dict, zlib(data))
    }

    #[test]
    fn inflates_and_charges_budget() {
        let data = b"BT /F1 12 Tf (Hello) Tj ET".repeat(100);
        let mut budget = Budget::new(1 << 20, 1 << 20);
        let mut out = b"prefix ".to_vec();
        decode_into(&flate_stream(&data), &mut budget, &mut out).unwrap();
        assert_eq!(&out[7..], &data[..]);
        assert_eq!(budget.used, data.len() as u64);
    }

    #[test]
    fn stream_cap_stops_a_bomb_without_growing_past_it() {
        let data = vec![b' '; 10 << 20];
        let mut budget = Budget::new(1 << 20, 1 << 30);
        let mut out = Vec::new();
        let err = decode_into(&flate_stream(&data), &mut budget, &mut out).unwrap_err();
        assert!(
            matches!(err, StreamError::Limit(ref h) if h.kind == LimitKind::Size && h.message.contains("max_stream_bytes"))
        );
        assert!(out.capacity() <= (1 << 20) + 1);
    }

    #[test]
    fn document_cap_spans_streams() {
        let data = vec![b'x'; 600_000];
        let s = flate_stream(&data);
        let mut budget = Budget::new(1 << 20, 1 << 20);
        let mut out = Vec::new();
        decode_into(&s, &mut budget, &mut out).unwrap();
        let err = decode_into(&s, &mut budget, &mut out).unwrap_err();
        assert!(
            matches!(err, StreamError::Limit(ref h) if h.kind == LimitKind::Size && h.message.contains("per document"))
        );
    }

    #[test]
    fn a_budget_nearly_spent_is_a_limit_not_a_panic() {
        // The first guess of the output size was `clamp(4096, cap)`, which
        // panics when cap < 4096 (issue 14, budget100.pdf).
        let data = b"BT (x) Tj ET ".repeat(1000);
        for cap in [0u64, 1, 100, 4095] {
            let mut budget = Budget::new(cap, 1 << 20);
            let mut out = Vec::new();
            let r = decode_into(&flate_stream(&data), &mut budget, &mut out);
            assert!(matches!(r, Err(StreamError::Limit(_))), "cap {cap}: {r:?}");
            let mut budget = Budget::new(1 << 20, 1 << 20);
            budget.used = (1 << 20) - cap;
            let r = decode_into(&flate_stream(&data), &mut budget, &mut out);
            assert!(matches!(r, Err(StreamError::Limit(_))), "left {cap}: {r:?}");
        }
    }

    #[test]
    fn a_long_filter_chain_is_a_limit_naming_it() {
        let mut dict = lopdf::Dictionary::new();
        let chain: Vec<Object> = (0..50)
            .map(|i| {
                Object::Name(if i % 2 == 0 {
                    b"ASCIIHexDecode".to_vec()
                } else {
                    b"ASCII85Decode".to_vec()
                })
            })
            .collect();
        dict.set("Filter", Object::Array(chain));
        let s = Stream::new(dict, b"00>".to_vec());
        let mut budget = Budget::new(1 << 20, 1 << 20);
        let err = decode_into(&s, &mut budget, &mut Vec::new()).unwrap_err();
        assert!(
            matches!(err, StreamError::Limit(ref h) if h.message.contains("50 filters") && h.message.contains("/ASCIIHexDecode")),
            "{err:?}"
        );
    }

    #[test]
    fn exact_cap_is_allowed() {
        let data = vec![b'y'; 5000];
        let mut budget = Budget::new(5000, 1 << 20);
        let mut out = Vec::new();
        decode_into(&flate_stream(&data), &mut budget, &mut out).unwrap();
        assert_eq!(out.len(), 5000);
    }

    #[test]
    fn truncated_flate_keeps_the_decoded_prefix() {
        let data = b"0 0 m 10 10 l S ".repeat(2000);
        let z = zlib(&data);
        let mut dict = lopdf::Dictionary::new();
        dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
        let s = Stream::new(dict, z[..z.len() / 2].to_vec());
        let mut budget = Budget::new(1 << 20, 1 << 20);
        let mut out = Vec::new();
        let _ = decode_into(&s, &mut budget, &mut out);
        assert!(!out.is_empty());
        assert!(data.starts_with(&out));
    }

    #[test]
    fn garbage_is_corrupt_not_a_panic() {
        let mut dict = lopdf::Dictionary::new();
        dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
        let s = Stream::new(dict, b"not zlib at all, just text".to_vec());
        let mut budget = Budget::new(1 << 20, 1 << 20);
        let mut out = Vec::new();
        assert!(matches!(
            decode_into(&s, &mut budget, &mut out),
            Err(StreamError::Corrupt(_))
        ));
    }
}
