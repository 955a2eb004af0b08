//! Object streams expanded under the document's budget (written by hand in
//! front of lopdf).
//!
//! lopdf expands every object stream (`/Type /ObjStm`) while it loads a
//! file, before any code of ours runs, and parsing costs far more than the
//! decoded bytes: each number becomes an `Object` of
//! `size_of::<Object>()` bytes plus its container's overhead, about 120
//! bytes for a 2-byte `0 `. A 239 KB file of object streams packed with
//! small integers took 14 GB that way. lopdf only caps the *decoded* size of
//! one stream.
//!
//! So the load goes in two steps. A load filter (lopdf calls it on every
//! top-level object as soon as it is parsed, before looking inside) takes
//! each object stream out of the load and keeps it aside, so lopdf expands
//! none. Then [`expand`] decodes each kept stream through our own decoder
//! (under `max_stream_bytes` and what is left of `max_document_bytes`),
//! counts its tokens, charges `decoded bytes + tokens × cost per object`
//! to the document budget *before* parsing, and only then lets lopdf parse
//! the members (`ObjectStream::new_with_limit`). Plain top-level objects
//! are estimated from the raw bytes before lopdf runs
//! ([`super::rawcost`]), then charged as they are parsed; once they pass
//! the budget, the filter drops every further object as soon as lopdf has
//! parsed it, and the load fails with a `limit` error.
//!
//! lopdf's encrypted-file path does not call the filter: it expands every
//! object stream itself, under `max_stream_bytes` per stream only. So an
//! encrypted file is not handed to lopdf as encrypted: [`hide_encrypt`]
//! renames the trailer's `/Encrypt` key in a copy of the bytes (same
//! length, so every offset holds), lopdf loads that copy as a plain file
//! (object streams kept aside by the filter, strings and streams still
//! ciphertext), and [`decrypt`] puts the key back and decrypts: first the
//! loaded objects (lopdf's `Document::decrypt`, which finds no object
//! stream to expand), then each kept object stream, which [`expand`]
//! then expands under the budget like any other.

use super::filters::{self, Budget, StreamError};
use super::PdfError;
use lopdf::xref::XrefEntry;
use lopdf::{Dictionary, Document, Object, ObjectId, ObjectStream, Stream};
use std::cell::RefCell;
use std::time::Instant;

/// What one parsed PDF token costs in memory once lopdf holds it: the
/// `Object` itself plus a share of its container (vector slack, map
/// entry). Measured order of magnitude, deliberately on the high side.
pub(crate) const BYTES_PER_TOKEN: u64 = std::mem::size_of::<Object>() as u64 + 24;

thread_local! {
    /// State of the load running on this thread: lopdf's filter is a plain
    /// `fn`, so it cannot capture; lopdf is built without its `rayon`
    /// feature, so the filter runs on the loading thread.
    static LOAD: RefCell<LoadState> = RefCell::default();
}

#[derive(Default)]
struct LoadState {
    /// Object streams taken out of the load, in the order met.
    kept: Vec<(ObjectId, Stream)>,
    /// Estimated bytes of the objects loaded so far (kept object streams'
    /// raw bytes included).
    plain_bytes: u64,
    /// What [`plain_bytes`](Self::plain_bytes) may reach.
    max_bytes: u64,
    /// Set once the budget (or the heap guard's) is passed: from then on
    /// every object is dropped as soon as it is parsed.
    over: bool,
}

/// lopdf load filter: keeps object streams aside (returning `None` drops
/// them from lopdf's load, so lopdf does not expand them) and charges
/// every object's size. Once the objects charged pass the budget given to
/// [`begin`], or the heap guard's budget is spent, it drops every object,
/// that one included: lopdf frees each as soon as it is parsed, so the
/// load holds at most the budget plus the one object being parsed, however
/// many times the cross-reference data makes lopdf parse the same bytes.
///
/// For a top-level object lopdf ignores the value returned and keeps the
/// object it passed in; the filter is never called on object-stream
/// members because no object stream reaches lopdf's expansion. So the
/// returned value is a placeholder, which spares a clone of every object.
pub(crate) fn load_filter(id: ObjectId, obj: &mut Object) -> Option<(ObjectId, Object)> {
    LOAD.with_borrow_mut(|s| {
        if s.over {
            return None;
        }
        s.plain_bytes = s.plain_bytes.saturating_add(object_bytes(obj));
        if s.plain_bytes > s.max_bytes || crate::memguard::exceeded() {
            s.over = true;
            return None;
        }
        if let Object::Stream(stream) = obj {
            if stream.dict.has_type(b"ObjStm") {
                let stream = std::mem::replace(stream, Stream::new(Default::default(), Vec::new()));
                s.kept.push((id, stream));
                return None;
            }
        }
        Some((id, Object::Null))
    })
}

/// Clears the thread's load state before a load whose objects may cost
/// `max_bytes`.
pub(crate) fn begin(max_bytes: u64) {
    LOAD.with_borrow_mut(|s| {
        *s = LoadState {
            max_bytes,
            ..LoadState::default()
        }
    });
}

/// What one load's filter gathered: the object streams it kept aside, the
/// objects' cost, and whether it passed the budget (and dropped objects).
pub(crate) struct Gathered {
    pub kept: Vec<(ObjectId, Stream)>,
    pub plain_bytes: u64,
    pub over: bool,
}

/// Takes what [`load_filter`] gathered since [`begin`].
pub(crate) fn finish() -> Gathered {
    LOAD.with_borrow_mut(|s| {
        let s = std::mem::take(s);
        Gathered {
            kept: s.kept,
            plain_bytes: s.plain_bytes,
            over: s.over,
        }
    })
}

/// Estimated heap and inline bytes of a parsed object.
fn object_bytes(obj: &Object) -> u64 {
    let own = std::mem::size_of::<Object>() as u64;
    match obj {
        Object::Name(n) => own + n.len() as u64,
        Object::String(s, _) => own + s.len() as u64,
        Object::Array(a) => own + a.iter().map(object_bytes).sum::<u64>(),
        Object::Dictionary(d) => {
            own + d
                .iter()
                .map(|(k, v)| k.len() as u64 + 24 + object_bytes(v))
                .sum::<u64>()
        }
        // lopdf copies a stream's raw bytes out of the file.
        Object::Stream(s) => {
            own + s.content.len() as u64
                + s.dict
                    .iter()
                    .map(|(k, v)| k.len() as u64 + 24 + object_bytes(v))
                    .sum::<u64>()
        }
        _ => own,
    }
}

/// What [`hide_encrypt`] renames `/Encrypt` to: the same length, and a
/// name no producer writes.
pub(crate) const HIDDEN_ENCRYPT: &[u8] = b"~ncrypt";

/// A copy of `bytes` in which every name that lopdf would read as
/// `/Encrypt` (written plainly or with `#xx` escapes, as lopdf's own name
/// parser decodes them) reads as [`HIDDEN_ENCRYPT`] instead; `None` when
/// there is none (the usual, unencrypted case: no copy). Only the first
/// character of each such name changes, so the file keeps its length and
/// every offset in its cross-reference data.
///
/// A trailer (or cross-reference stream dictionary) is never inside a
/// compressed stream, so every `/Encrypt` lopdf could act on is in the raw
/// bytes. Other matches (inside a string or stream) are changed in the
/// copy too; the caller reads the original bytes again when the copy's
/// trailer shows the file was not encrypted after all.
pub(crate) fn hide_encrypt(bytes: &[u8]) -> Option<Vec<u8>> {
    // lopdf's `is_regular`: neither white space nor a delimiter.
    let regular = |b: u8| !b" \t\n\r\0\x0c()<>[]{}/%".contains(&b);
    let hex = |b: u8| (b as char).to_digit(16);
    let mut copy: Option<Vec<u8>> = None;
    let mut i = 0;
    while let Some(slash) = memchr_slash(&bytes[i..]) {
        let start = i + slash + 1;
        // Decode the name as lopdf does, up to 8 bytes ("Encrypt" + 1).
        let mut decoded = [0u8; 8];
        let mut len = 0;
        let mut j = start;
        while j < bytes.len() && len < decoded.len() {
            let b = bytes[j];
            if b == b'#' {
                match (
                    bytes.get(j + 1).and_then(|&h| hex(h)),
                    bytes.get(j + 2).and_then(|&l| hex(l)),
                ) {
                    (Some(h), Some(l)) => {
                        decoded[len] = (h * 16 + l) as u8;
                        j += 3;
                    }
                    _ => break,
                }
            } else if regular(b) {
                decoded[len] = b;
                j += 1;
            } else {
                break;
            }
            len += 1;
        }
        // The loop stops at the end of the name, or once 8 bytes show it
        // is longer than `Encrypt`.
        if len == 7 && &decoded[..7] == b"Encrypt" {
            let out = copy.get_or_insert_with(|| bytes.to_vec());
            if out[start] == b'#' {
                // `#45` (E) becomes `#7E` (~).
                out[start + 1] = b'7';
                out[start + 2] = b'E';
            } else {
                out[start] = b'~';
            }
        }
        i = start;
    }
    copy
}

fn memchr_slash(bytes: &[u8]) -> Option<usize> {
    bytes.iter().position(|&b| b == b'/')
}

/// Decrypts a document loaded from [`hide_encrypt`]'s copy with the empty
/// user password (the only one `minutes` tries, as lopdf did): the trailer
/// gets its `/Encrypt` back, every loaded object is decrypted, then every
/// kept object stream. `Err(Encrypted)` when the empty password does not
/// open the file or its security handler is not supported.
pub(crate) fn decrypt(
    doc: &mut Document,
    encrypt: Object,
    kept: &mut [(ObjectId, Stream)],
    warnings: &mut Vec<String>,
) -> Result<(), PdfError> {
    doc.trailer.set("Encrypt", encrypt);
    if doc.authenticate_password("").is_err() {
        return Err(PdfError::Encrypted);
    }
    // Kept object streams are not in `doc.objects`, so `decrypt` expands
    // none of them (it would, without a budget).
    let result = doc.decrypt("");
    let Some(state) = doc.encryption_state.clone() else {
        return Err(PdfError::Encrypted);
    };
    if let Err(e) = result {
        warnings.push(format!("some objects could not be decrypted ({e})"));
    }
    for (id, stream) in kept.iter_mut() {
        let mut obj = Object::Stream(std::mem::replace(
            stream,
            Stream::new(Dictionary::new(), Vec::new()),
        ));
        if let Err(e) = lopdf::encryption::decrypt_object(&state, *id, &mut obj) {
            warnings.push(format!(
                "object stream {} {} could not be decrypted ({e})",
                id.0, id.1
            ));
        }
        if let Object::Stream(s) = obj {
            *stream = s;
        }
    }
    Ok(())
}

/// Number of PDF tokens in `bytes`, counted from above: every run of
/// regular characters and every delimiter starts one (words inside a
/// string count too, which only over-charges).
pub(crate) fn count_tokens(bytes: &[u8]) -> u64 {
    let mut n = 0u64;
    let mut in_run = false;
    for &b in bytes {
        match b {
            b' ' | b'\n' | b'\r' | b'\t' | b'\x0c' | b'\0' => in_run = false,
            b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%' => {
                n += 1;
                in_run = false;
            }
            _ => {
                if !in_run {
                    n += 1;
                    in_run = true;
                }
            }
        }
    }
    n
}

/// Expands the kept object streams into `doc`, charging `budget` before
/// each parse; checks the clock between streams. Members follow lopdf's
/// rules: an object the xref places in another container, or marks free,
/// is not taken from this one, and no object already loaded is replaced.
pub(crate) fn expand(
    doc: &mut Document,
    kept: Vec<(ObjectId, Stream)>,
    budget: &mut Budget,
    deadline: Instant,
    max_millis: u64,
    warnings: &mut Vec<String>,
) -> Result<(), PdfError> {
    for (id, stream) in kept {
        if Instant::now() >= deadline {
            return Err(PdfError::time_limit(format!(
                "reading the file's object streams took more than {max_millis} ms (max_millis)"
            )));
        }
        if crate::memguard::exceeded() {
            return Err(PdfError::memory_limit(
                "the document holds more heap than max_memory_bytes allows",
            ));
        }
        let mut decoded = Vec::new();
        match filters::decode_into(&stream, budget, &mut decoded) {
            Ok(()) => {}
            Err(StreamError::Limit(hit)) => {
                return Err(PdfError::Limit(
                    hit.at(format_args!("object stream {} {}", id.0, id.1)),
                ))
            }
            Err(StreamError::Corrupt(msg)) => {
                warnings.push(format!(
                    "object stream {} {} damaged ({msg}); skipped",
                    id.0, id.1
                ));
                continue;
            }
        }
        let parse_cost = count_tokens(&decoded).saturating_mul(BYTES_PER_TOKEN);
        budget.used = budget.used.saturating_add(parse_cost);
        if budget.used > budget.max_document {
            return Err(PdfError::size_limit(format!(
                "object stream {} {} parses into more than the {} bytes left of the document's budget (max_document_bytes)",
                id.0,
                id.1,
                budget.max_document.saturating_sub(budget.used - parse_cost)
            )));
        }
        let mut dict = stream.dict;
        dict.remove(b"Filter");
        dict.remove(b"DecodeParms");
        let len = decoded.len();
        let plain = Stream::new(dict, decoded);
        let parsed = match ObjectStream::new_with_limit(&plain, Some(len.max(1))) {
            Ok(parsed) => parsed,
            Err(e) => {
                warnings.push(format!(
                    "object stream {} {} unreadable ({e}); skipped",
                    id.0, id.1
                ));
                continue;
            }
        };
        for (member, object) in parsed.objects {
            let allowed = match doc.reference_table.entries.get(&member.0) {
                Some(XrefEntry::Compressed { container, .. }) => *container == id.0,
                Some(XrefEntry::Free | XrefEntry::UnusableFree) => false,
                _ => true,
            };
            if allowed {
                doc.objects.entry(member).or_insert(object);
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_counted_from_above() {
        assert_eq!(count_tokens(b""), 0);
        assert_eq!(count_tokens(b"0 0 0"), 3);
        assert_eq!(count_tokens(b"<</Type/Font>>"), 2 + 2 + 2 + 2);
        assert_eq!(count_tokens(b"[1 2]"), 4);
    }

    #[test]
    fn encrypt_names_are_hidden_however_written() {
        assert_eq!(hide_encrypt(b"<</Size 3/Root 1 0 R>>"), None);
        // Longer names and other keys stay.
        assert_eq!(hide_encrypt(b"<</EncryptMetadata false/Encrypts 1>>"), None);
        let hidden = |s: &[u8]| hide_encrypt(s).map(|v| String::from_utf8(v).unwrap());
        assert_eq!(
            hidden(b"trailer<</Encrypt 5 0 R/ID[<00><00>]>>").as_deref(),
            Some("trailer<</~ncrypt 5 0 R/ID[<00><00>]>>")
        );
        assert_eq!(
            hidden(b"<</Encr#79pt 5 0 R>>").as_deref(),
            Some("<</~ncr#79pt 5 0 R>>")
        );
        assert_eq!(
            hidden(b"<</#45ncrypt 5 0 R>>").as_deref(),
            Some("<</#7Encrypt 5 0 R>>")
        );
        // At the very end of the input, and twice (incremental updates).
        assert_eq!(
            hidden(b"/Encrypt 1 0 R /Encrypt").as_deref(),
            Some("/~ncrypt 1 0 R /~ncrypt")
        );
        // A `#` that is not an escape ends the name: `/Encrypt#zz` is
        // `/Encrypt` then junk, as lopdf reads it.
        assert_eq!(hidden(b"/Encrypt#zz").as_deref(), Some("/~ncrypt#zz"));
        assert_eq!(hidden(b"/Encrypt#41"), None);
    }

    #[test]
    fn object_size_grows_with_arrays() {
        let small = object_bytes(&Object::Array(vec![Object::Integer(0); 10]));
        let big = object_bytes(&Object::Array(vec![Object::Integer(0); 1000]));
        assert!(big > small * 50);
    }
}
