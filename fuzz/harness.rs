//! What each fuzz target does with its input, shared by the libFuzzer
//! targets (`fuzz/fuzz_targets/*.rs`) and the stable-Rust replay test
//! (`tests/fuzz_regressions.rs`), so that a saved crash input is replayed
//! through exactly the code that found it.
//!
//! Each function must return normally for every input. Besides "no panic,
//! no hang, no OOM" (libFuzzer's own oracles) they check a few invariants
//! later stages rely on: positions and sizes are finite numbers (the
//! layout stage sorts by them) and errors print as one line.

#![allow(dead_code)]

use minutes::limits::Limits;
use minutes::pdf::font::cmap::CMap;
use minutes::pdf::font::encoding::glyph_to_unicode;
use minutes::pdf::font::Font;
use minutes::pdf::{PageGlyphs, PdfDocument, PdfError};
use std::borrow::Cow;

/// The caps every target runs under: the defaults, with the time budget
/// below libFuzzer's `-timeout=10` (so a slow input shows up as our
/// `Limit` error, and a *hang* past our own clock as a libFuzzer timeout)
/// and memory caps below `-rss_limit_mb=2048`.
pub fn limits() -> Limits {
    Limits {
        max_stream_bytes: 32 << 20,
        max_document_bytes: 128 << 20,
        max_operators_per_page: 500_000,
        max_millis: 5_000,
        ..Limits::default()
    }
}

/// PDF bytes → the `pdf` stage.
pub fn pdf_extract(data: &[u8]) {
    match minutes::pdf::extract(data, &limits()) {
        Ok(doc) => check_document(&doc),
        Err(e) => check_error(&e),
    }
}

/// Content-stream bytes → the interpreter, with the fixed resources of
/// [`minutes::pdf::fuzz_content`] (`/F1`–`/F3`, `/Fm1`, `/Fm2`, `/Im1`).
pub fn content_stream(data: &[u8]) {
    match minutes::pdf::fuzz_content(data, &limits()) {
        Ok(page) => check_page(&page),
        Err(e) => check_error(&e),
    }
}

/// CMap bytes → the CMap parser, then through a font that uses them both
/// as its `/ToUnicode` map and as its embedded `/Encoding` CMap (the two
/// ways a CMap reaches the parser), decoding the input itself and a fixed
/// string with the resulting font.
pub fn cmap(data: &[u8]) {
    let parsed = CMap::parse(data, &|n: &[u8]| {
        let name = std::str::from_utf8(n).ok()?;
        glyph_to_unicode(name).map(Cow::into_owned)
    });
    for r in &parsed.codespace {
        assert!((1..=4).contains(&r.len), "codespace length {}", r.len);
    }

    use lopdf::{dictionary, Document, Object, Stream};
    let mut doc = Document::with_version("1.7");
    let cmap_stream = doc.add_object(Stream::new(dictionary! {}, data.to_vec()));
    let descendant = doc.add_object(dictionary! {
        "Type" => "Font",
        "Subtype" => "CIDFontType0",
        "BaseFont" => "Fuzz",
        "W" => vec![1.into(), vec![500.into(), 600.into()].into()],
    });
    let type0 = dictionary! {
        "Type" => "Font",
        "Subtype" => "Type0",
        "BaseFont" => "Fuzz",
        "Encoding" => cmap_stream,
        "DescendantFonts" => vec![Object::Reference(descendant)],
        "ToUnicode" => cmap_stream,
    };
    let simple = dictionary! {
        "Type" => "Font",
        "Subtype" => "TrueType",
        "BaseFont" => "Fuzz",
        "ToUnicode" => cmap_stream,
    };
    for dict in [type0, simple] {
        let font = Font::load(&doc, &dict);
        let probe: &[u8] = b"\x00\x01\x00\x41\x20\xff\xfe\xd8\x00\x7f\x80\x00\x00\x00";
        for bytes in [probe, &data[..data.len().min(4096)]] {
            let mut n = 0;
            for d in font.codes(bytes) {
                assert!(d.width.is_finite(), "non-finite width for code {}", d.code);
                n += 1;
            }
            assert!(n <= bytes.len(), "{n} codes out of {} bytes", bytes.len());
        }
    }
}

/// Checks what the `pdf` stage promises about a document it read.
pub fn check_document(doc: &PdfDocument) {
    for page in &doc.pages {
        check_page(page);
    }
}

pub fn check_page(page: &PageGlyphs) {
    assert!(
        page.width.is_finite() && page.height.is_finite(),
        "page size {} × {}",
        page.width,
        page.height
    );
    for g in &page.glyphs {
        assert!(
            g.x.is_finite() && g.y.is_finite() && g.width.is_finite() && g.size.is_finite(),
            "non-finite glyph {g:?}"
        );
        assert!(
            (g.font as usize) < page.fonts.len(),
            "glyph font index out of range"
        );
    }
}

/// Errors print as one line (the CLI prefixes the file name).
pub fn check_error(e: &PdfError) {
    let line = e.to_string();
    assert!(
        !line.is_empty() && !line.contains('\n'),
        "error text {line:?}"
    );
}
