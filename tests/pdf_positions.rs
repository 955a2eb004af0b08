//! Glyph positions agree with poppler's on a real LibreOffice PDF.
//!
//! Expected values measured with `pdftotext -bbox
//! corpus/seed/shp-2016-05-11-docx.pdf -` (poppler-utils 22): `xMin` of the
//! word is the x of its first glyph; poppler's `yMin` is the baseline minus
//! 0.95 × font size for these fonts, so baseline = yMin + 0.95 × size,
//! with the size read off the box height (yMax − yMin = 1.3 × size).

use minutes::limits::Limits;
use minutes::pdf::{extract, PageGlyphs};

/// (page, word, xMin, xMax, yMin, size) from pdftotext -bbox.
const WORDS: &[(u32, &str, f32, f32, f32, f32)] = &[
    (1, "Safer", 278.7, 326.44, 50.800, 20.0),
    (1, "PARTNERSHIP", 395.4, 538.64, 50.800, 20.0),
    (1, "a", 358.1, 363.104, 80.350, 9.0),
    (1, "Present:", 56.8, 100.756, 150.450, 11.0),
    (1, "David", 56.8, 84.905, 167.950, 11.0),
    (1, "Apologies", 83.5, 136.597, 426.650, 11.0),
    (1, "MA", 104.7, 121.123, 689.350, 11.0),
    (2, "DP", 104.7, 119.924, 68.550, 11.0),
    (2, "DP", 495.0, 510.224, 68.550, 11.0),
    (2, "DP", 83.5, 98.724, 225.150, 11.0),
    // Mid-line words: their x depends on the font widths and TJ offsets.
    (1, "Halton", 331.96, 389.74, 50.800, 20.0),
    (1, "Partnership", 492.641, 538.64, 80.350, 9.0),
    (1, "Parr", 87.985, 108.742, 167.950, 11.0),
    (1, "Cargill", 105.057, 136.176, 182.450, 11.0),
    (1, "LMcV", 145.598, 173.714, 689.350, 11.0),
    (2, "Item", 162.344, 184.916, 360.550, 11.0),
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
    for &(page, word, x, x_max, y_min, size) in WORDS {
        let baseline = y_min + 0.95 * size;
        let p = &pages[page as usize - 1];
        let at = p.glyphs.iter().position(|g| {
            (g.x - x).abs() < 0.05 && (g.y - baseline).abs() < 0.05 && (g.size - size).abs() < 0.01
        });
        let Some(at) = at else {
            panic!("page {page}: no glyph at ({x}, {baseline}) size {size} for {word:?}");
        };
        let glyphs: Vec<_> = p.glyphs[at..].iter().take_while(|g| !g.space).collect();
        let spelled: String = glyphs.iter().map(|g| g.text.as_str()).collect();
        assert!(
            spelled.starts_with(word),
            "page {page}: {spelled:?} at ({x}, {baseline}), expected {word:?}"
        );
        // The word's right edge: the advance of its last glyph.
        let n = word.chars().count();
        let last = glyphs[n - 1];
        assert!(
            (last.x + last.width - x_max).abs() < 0.05,
            "page {page}: {word:?} ends at {}, pdftotext says {x_max}",
            last.x + last.width
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
