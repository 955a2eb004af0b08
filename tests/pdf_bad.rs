//! Every file of `tests/data/bad/` gets what `tests/data/bad/expected.json` asks for
//! at the `pdf` stage: the specific error, or pages whose text holds the
//! gold key phrases.

use minutes::limits::Limits;
use minutes::pdf::{extract, LimitKind, PdfDocument, PdfError};
use std::path::PathBuf;

fn corpus(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/bad")
        .join(name)
}

fn read(name: &str) -> Result<PdfDocument, PdfError> {
    let bytes = std::fs::read(corpus(name)).expect("corpus file");
    extract(&bytes, &Limits::default())
}

/// The document's text with all white space removed: the key phrases are
/// checked letter for letter, word spacing being the layout stage's job.
fn squashed_text(doc: &PdfDocument) -> String {
    doc.pages
        .iter()
        .flat_map(|p| p.glyphs.iter())
        .flat_map(|g| g.text.chars())
        .filter(|c| !c.is_whitespace())
        .collect()
}

fn gold_keys(name: &str) -> Vec<String> {
    let gold: serde_json::Value =
        serde_json::from_slice(&std::fs::read(corpus(name)).expect("gold file")).expect("json");
    gold["actions"]
        .as_array()
        .expect("actions")
        .iter()
        .map(|a| a["key"].as_str().expect("key").to_string())
        .collect()
}

/// Whether the words of `key` occur in `text` in order, each starting at
/// most `GAP` bytes after the previous one ends. Glyph order is content
/// order, not reading order: an owner's initials in the Action column may be
/// painted between two lines of the segment, which is the layout stage's
/// business, so a short gap is allowed.
fn has_phrase(text: &str, key: &str) -> bool {
    const GAP: usize = 40;
    let words: Vec<&str> = key.split_whitespace().collect();
    let Some((first, rest)) = words.split_first() else {
        return true;
    };
    text.match_indices(first).any(|(start, _)| {
        let mut pos = start + first.len();
        rest.iter().all(|w| {
            let window_end = (pos + GAP + w.len()).min(text.len());
            let window = text.get(pos..window_end).unwrap_or(&text[pos..]);
            match window.find(w) {
                Some(i) => {
                    pos += i + w.len();
                    true
                }
                None => false,
            }
        })
    })
}

/// Every gold key phrase of `pdf` is in its text.
fn assert_gold_text(pdf: &str) {
    let doc = read(pdf).unwrap_or_else(|e| panic!("{pdf}: {e}"));
    let text = squashed_text(&doc);
    let keys = gold_keys(&pdf.replace(".pdf", ".gold.json"));
    assert!(!keys.is_empty());
    for key in keys {
        assert!(has_phrase(&text, &key), "{pdf}: key {key:?} not in text");
    }
}

#[test]
fn has_phrase_needs_the_words_in_order() {
    assert!(has_phrase(
        "SAasked.SALMcVreportedthework",
        "SA reported the work"
    ));
    assert!(!has_phrase("SAreportedtheowrk", "SA reported the work"));
    assert!(!has_phrase("theworkreportedSA", "SA reported the work"));
}

/// What expected.json says, so the test notices if the corpus changes.
fn expected(name: &str) -> String {
    let v: serde_json::Value =
        serde_json::from_slice(&std::fs::read(corpus("expected.json")).expect("expected.json"))
            .expect("json");
    v[name]["expect"].as_str().expect("expect").to_string()
}

#[test]
fn empty_file() {
    assert_eq!(expected("empty.pdf"), "error");
    assert_eq!(read("empty.pdf"), Err(PdfError::Empty));
}

#[test]
fn not_a_pdf() {
    assert_eq!(expected("not-a-pdf.pdf"), "error");
    assert_eq!(read("not-a-pdf.pdf"), Err(PdfError::NotPdf));
}

#[test]
fn truncated_is_damaged() {
    assert_eq!(expected("truncated.pdf"), "error");
    assert!(matches!(read("truncated.pdf"), Err(PdfError::Damaged(_))));
}

#[test]
fn flate_bomb_hits_the_stream_limit_fast() {
    assert_eq!(expected("flate-bomb.pdf"), "error");
    let start = std::time::Instant::now();
    let err = read("flate-bomb.pdf").unwrap_err();
    assert!(
        matches!(err, PdfError::Limit(ref hit) if hit.message.contains("max_stream_bytes")),
        "{err}"
    );
    assert!(start.elapsed().as_secs() < 10, "took {:?}", start.elapsed());
}

#[test]
fn flate_bomb_under_a_small_document_budget() {
    let bytes = std::fs::read(corpus("flate-bomb.pdf")).expect("corpus file");
    // The file's 2 MB payload is held as loaded, and counts: a budget of
    // 4 MiB admits it, and the decompression stops at what is left.
    let limits = Limits {
        max_document_bytes: 4 << 20,
        ..Limits::default()
    };
    let err = extract(&bytes, &limits).unwrap_err();
    assert!(
        matches!(err, PdfError::Limit(ref hit) if hit.message.contains("per document")),
        "{err}"
    );
    // Under 2 MB, the file is refused before it is parsed.
    let limits = Limits {
        max_document_bytes: 1 << 20,
        ..Limits::default()
    };
    let err = extract(&bytes, &limits).unwrap_err();
    assert!(
        matches!(err, PdfError::Limit(ref hit) if hit.message.contains("once parsed")),
        "{err}"
    );
}

#[test]
fn page_tree_cycle_gives_at_most_one_page() {
    assert_eq!(expected("page-tree-cycle.pdf"), "error");
    match read("page-tree-cycle.pdf") {
        Err(_) => {}
        Ok(doc) => {
            assert!(doc.pages.len() <= 1, "{} pages", doc.pages.len());
            assert!(
                doc.warnings.iter().any(|w| w.contains("loop")),
                "{:?}",
                doc.warnings
            );
        }
    }
}

#[test]
fn deep_nesting_fails_cleanly() {
    assert_eq!(expected("deep-nesting.pdf"), "error");
    match read("deep-nesting.pdf") {
        Err(e) => {
            assert!(matches!(e, PdfError::Limit(ref hit) if hit.message.contains("max_nesting")))
        }
        Ok(doc) => assert!(doc.pages.len() <= 1),
    }
}

#[test]
fn deep_nesting_with_a_huge_cap_does_not_overflow() {
    // The lexer never recurses, so lifting the cap must not crash either.
    let bytes = std::fs::read(corpus("deep-nesting.pdf")).expect("corpus file");
    let limits = Limits {
        max_nesting: u32::MAX,
        ..Limits::default()
    };
    let doc = extract(&bytes, &limits).expect("readable with the cap lifted");
    assert_eq!(doc.pages.len(), 1);
}

#[test]
fn user_password_is_encrypted() {
    assert_eq!(expected("encrypted-user-password.pdf"), "password");
    assert_eq!(
        read("encrypted-user-password.pdf"),
        Err(PdfError::Encrypted)
    );
}

#[test]
fn scanned_is_no_text() {
    assert_eq!(expected("scanned-image-only.pdf"), "ocr");
    assert_eq!(
        read("scanned-image-only.pdf"),
        Err(PdfError::NoText {
            pages: vec![1, 2, 3]
        })
    );
}

#[test]
fn bad_startxref_is_repaired() {
    assert_eq!(expected("bad-startxref.pdf"), "ok");
    let doc = read("bad-startxref.pdf").expect("repaired");
    assert!(doc.warnings.iter().any(|w| w.contains("cross-reference")));
    assert_gold_text("bad-startxref.pdf");
}

#[test]
fn injection_text_is_verbatim() {
    assert_eq!(expected("injection.pdf"), "ok");
    assert_gold_text("injection.pdf");
    let text = squashed_text(&read("injection.pdf").expect("readable"));
    assert!(text.contains("<script>alert(1)</script>"));
}

#[test]
fn encrypted_empty_user_password_opens() {
    assert_eq!(expected("encrypted-empty-user-password.pdf"), "ok");
    assert_gold_text("encrypted-empty-user-password.pdf");
}

#[test]
fn encrypted_empty_user_password_decrypts_streams() {
    // Independent of font decoding: decrypted content streams give glyphs
    // on every page with sane sizes (garbage bytes would not lex into text
    // operators at all).
    let doc = read("encrypted-empty-user-password.pdf").expect("opens");
    assert_eq!(doc.pages.len(), 3);
    for p in &doc.pages {
        assert!(
            p.glyphs.len() > 500,
            "page {}: {}",
            p.number,
            p.glyphs.len()
        );
        assert!(p.glyphs.iter().all(|g| g.size > 5.0 && g.size < 30.0));
    }
}

#[test]
fn object_streams_read() {
    assert_eq!(expected("object-streams.pdf"), "ok");
    assert_gold_text("object-streams.pdf");
}

#[test]
fn object_streams_pages_found() {
    let doc = read("object-streams.pdf").expect("opens");
    assert_eq!(doc.pages.len(), 4);
    assert!(doc.pages.iter().all(|p| !p.glyphs.is_empty()));
}

#[test]
fn every_bad_file_is_covered_and_none_panics() {
    let list: serde_json::Value =
        serde_json::from_slice(&std::fs::read(corpus("expected.json")).expect("expected.json"))
            .expect("json");
    for (name, v) in list.as_object().expect("object") {
        let result = read(name);
        match v["expect"].as_str() {
            Some("ok") => assert!(result.is_ok(), "{name}: {result:?}"),
            Some("error") | Some("password") | Some("ocr") => {
                // page-tree-cycle may give its one real page.
                if let Ok(doc) = result {
                    assert!(doc.pages.len() <= 1, "{name}");
                }
            }
            other => panic!("{name}: unknown expectation {other:?}"),
        }
    }
}

#[test]
fn time_limit_is_a_clean_error() {
    let bytes = std::fs::read(corpus("object-streams.pdf")).expect("corpus file");
    let limits = Limits {
        max_millis: 0,
        ..Limits::default()
    };
    let err = extract(&bytes, &limits).unwrap_err();
    assert!(
        matches!(err, PdfError::Limit(ref hit)
            if hit.kind == LimitKind::Time && hit.message.contains("max_millis")),
        "{err}"
    );
}

#[test]
fn page_limit_is_a_clean_error() {
    let bytes = std::fs::read(corpus("object-streams.pdf")).expect("corpus file");
    let limits = Limits {
        max_pages: 3,
        ..Limits::default()
    };
    let err = extract(&bytes, &limits).unwrap_err();
    assert!(
        matches!(err, PdfError::Limit(ref hit) if hit.message.contains("max_pages")),
        "{err}"
    );
    let limits = Limits {
        max_pages: 4,
        ..Limits::default()
    };
    assert_eq!(extract(&bytes, &limits).expect("4 pages").pages.len(), 4);
}

#[test]
fn file_size_limit() {
    let bytes = std::fs::read(corpus("injection.pdf")).expect("corpus file");
    let limits = Limits {
        max_file_bytes: 100,
        ..Limits::default()
    };
    assert!(
        matches!(extract(&bytes, &limits), Err(PdfError::Limit(hit)) if hit.message.contains("max_file_bytes"))
    );
}

#[test]
fn producer_is_read() {
    let doc = read("injection.pdf").expect("readable");
    assert_eq!(
        doc.producer.as_deref(),
        Some("ReportLab PDF Library - (opensource)")
    );
}
