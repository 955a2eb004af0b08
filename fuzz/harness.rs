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

use minutes::history::{self, Doc, HistoryRules};
use minutes::layout::Page;
use minutes::limits::Limits;
use minutes::pdf::font::cmap::CMap;
use minutes::pdf::font::encoding::glyph_to_unicode;
use minutes::pdf::font::Font;
use minutes::pdf::{PageGlyphs, PdfDocument, PdfError};
use minutes::rules::RuleSet;
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::OnceLock;

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

/// PDF bytes → the `pdf` stage, then the `layout` stage on its output.
pub fn pdf_extract(data: &[u8]) {
    match minutes::pdf::extract(data, &limits()) {
        Ok(doc) => {
            check_document(&doc);
            for page in minutes::layout::layout_document(&doc) {
                for line in &page.lines {
                    assert!(line.baseline.is_finite(), "non-finite baseline");
                    assert!(line.column < page.columns.len().max(1), "column index");
                    assert!(!line.words.is_empty(), "empty line");
                }
            }
        }
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

/// Rule-file text → the rules loader. The first byte picks which of the
/// built-in rule files (in name order: `dates`, `header`, `history`,
/// `items`, `labels`, `owners`, `people`, `sections`, `text`, `themes`)
/// the rest of the input replaces; the other files stay the built-in ones.
/// A rule set that loads is then used: the `minutes` stage reads a real
/// minutes document with it, and the `history` stage links two copies of
/// the meeting, so a rule that loads but breaks the stages using it (a
/// capture group that does not exist, an empty pattern matching
/// everywhere) is caught too.
pub fn rules(data: &[u8]) {
    let Some((&which, rest)) = data.split_first() else {
        return;
    };
    let base = RuleSet::embedded();
    let mut files: BTreeMap<String, String> = base
        .file_names()
        .map(|n| (n.to_string(), base.file_text(n).unwrap_or("").to_string()))
        .collect();
    let names: Vec<String> = files.keys().cloned().collect();
    let name = &names[which as usize % names.len()];
    files.insert(name.clone(), String::from_utf8_lossy(rest).into_owned());
    let rules = match RuleSet::from_files(files) {
        Ok(r) => r,
        Err(e) => return check_line(&e.to_string()),
    };
    let hrules = match HistoryRules::from_rules(&rules) {
        Ok(h) => h,
        Err(e) => return check_line(&e.to_string()),
    };
    // The same minutes as two files (an archive holds copies), so the
    // history stage has actions to link.
    let mut docs = Vec::new();
    for (document, sha) in [("a.pdf", "aaaa"), ("b.pdf", "bbbb")] {
        let mut meeting = minutes::minutes::read(&rules, document, sha, sample_pages());
        let evidence = history::prepare(&mut meeting, &hrules);
        let clause = history::mid_sentence(&meeting, &hrules);
        docs.push(Doc {
            meeting,
            evidence,
            clause,
        });
    }
    let _ = history::build(&mut docs, &hrules);
}

/// A real minutes document (Word export, with an Action column), laid out
/// once.
fn sample_pages() -> &'static [Page] {
    static PAGES: OnceLock<Vec<Page>> = OnceLock::new();
    PAGES.get_or_init(|| {
        let bytes = include_bytes!("../corpus/seed/shp-2016-05-11-docx.pdf");
        match minutes::pdf::extract(bytes, &Limits::default()) {
            Ok(doc) => minutes::layout::layout_document(&doc),
            Err(e) => panic!("sample minutes unreadable: {e}"),
        }
    })
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
    check_line(&e.to_string());
}

fn check_line(line: &str) {
    assert!(
        !line.is_empty() && !line.contains('\n'),
        "error text {line:?}"
    );
}
