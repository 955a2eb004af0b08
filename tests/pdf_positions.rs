//! Glyph positions agree with poppler's on a real LibreOffice PDF.
//!
//! Expected values measured with `pdftotext -bbox
//! corpus/seed/shp-2016-05-11-docx.pdf -` (poppler-utils 22): `xMin` of the
//! word is the x of its first glyph; poppler's `yMin` is the baseline minus
//! 0.95 × font size for these fonts, so baseline = yMin + 0.95 × size,
//! with the size read off the box height (yMax − yMin = 1.3 × size).

use minutes::limits::Limits;
use minutes::pdf::{extract, PageGlyphs};

/// (page, word, xMin, yMin, size) from pdftotext -bbox.
const WORDS: &[(u32, &str, f32, f32, f32)] = &[
    (1, "Safer", 278.7, 50.800, 20.0),
    (1, "PARTNERSHIP", 395.4, 50.800, 20.0),
    (1, "a", 358.1, 80.350, 9.0),
    (1, "Present:", 56.8, 150.450, 11.0),
    (1, "David", 56.8, 167.950, 11.0),
    (1, "Apologies", 83.5, 426.650, 11.0),
    (1, "MA", 104.7, 689.350, 11.0),
    (2, "DP", 104.7, 68.550, 11.0),
    (2, "DP", 495.0, 68.550, 11.0),
    (2, "DP", 83.5, 225.150, 11.0),
];

fn pages() -> Vec<PageGlyphs> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/corpus/seed/shp-2016-05-11-docx.pdf"
    );
    let bytes = std::fs::read(path).expect("seed pdf");
    extract(&bytes, &Limits::default()).expect("extract").pages
}

#[test]
fn page_size_is_the_media_box() {
    let pages = pages();
    assert_eq!(pages.len(), 2);
    for p in &pages {
        assert!((p.width - 595.303_9).abs() < 0.01, "{}", p.width);
        assert!((p.height - 841.889_8).abs() < 0.01, "{}", p.height);
    }
}

#[test]
fn word_starts_match_pdftotext() {
    let pages = pages();
    for &(page, word, x, y_min, size) in WORDS {
        let baseline = y_min + 0.95 * size;
        let p = &pages[page as usize - 1];
        let found = p.glyphs.iter().any(|g| {
            (g.x - x).abs() < 0.05 && (g.y - baseline).abs() < 0.05 && (g.size - size).abs() < 0.01
        });
        assert!(
            found,
            "page {page}: no glyph at ({x}, {baseline}) size {size} for {word:?}"
        );
    }
}

#[test]
fn glyphs_lie_on_the_page() {
    for p in pages() {
        for g in &p.glyphs {
            assert!(g.x >= 0.0 && g.x <= p.width && g.y >= 0.0 && g.y <= p.height);
        }
    }
}

#[test]
fn table_rules_are_found() {
    // The docx style is one two-column table: its borders are drawn as thin
    // filled rectangles, so each page has horizontal and vertical rules.
    for p in pages() {
        let horizontal = p.rules.iter().filter(|r| r.x1 - r.x0 > 100.0).count();
        let vertical = p.rules.iter().filter(|r| r.y1 - r.y0 > 50.0).count();
        assert!(
            horizontal >= 2 && vertical >= 2,
            "page {}: {:?}",
            p.number,
            p.rules
        );
    }
}
