//! Font decoding on real PDFs from `corpus/seed`: every font loads, the
//! decoded page strings contain the gold key phrases, nothing is unmapped,
//! and widths agree with what each producer wrote.
//!
//! The text here comes from a crude scan of `Tj`/`TJ` operands (no
//! positions), enough to check decoding without the content-stream
//! interpreter.

use lopdf::content::Content;
use lopdf::{Document, Object};
use minutes::pdf::font::{Font, FontKind};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn corpus(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("corpus/seed")
        .join(name)
}

/// Decoded text of a document (pages joined), unmapped glyph count, and
/// the fonts loaded (by resource name, per page).
struct Scan {
    text: String,
    unmapped: usize,
    glyphs: usize,
    fonts: Vec<Font>,
}

fn scan(path: &Path) -> Scan {
    let doc = Document::load(path).expect("corpus PDF loads");
    let mut out = Scan {
        text: String::new(),
        unmapped: 0,
        glyphs: 0,
        fonts: Vec::new(),
    };
    for (_, page_id) in doc.get_pages() {
        let fonts: BTreeMap<Vec<u8>, Font> = doc
            .get_page_fonts(page_id)
            .expect("page fonts")
            .into_iter()
            .map(|(name, dict)| (name, Font::load(&doc, dict)))
            .collect();
        let content = Content::decode(&doc.get_page_content(page_id)).expect("content");
        let mut current: Option<&Font> = None;
        // The font is part of the graphics state: `Q` restores it.
        let mut saved: Vec<Option<&Font>> = Vec::new();
        let show = |font: Option<&Font>, bytes: &[u8], out: &mut Scan| {
            let Some(font) = font else { return };
            for d in font.codes(bytes) {
                out.glyphs += 1;
                match d.text {
                    Some(t) => out.text.push_str(t),
                    None => {
                        if std::env::var("MINUTES_FONT_DEBUG").is_ok() {
                            eprintln!("unmapped {:#x} in {}", d.code, font.info.name);
                        }
                        out.unmapped += 1;
                        out.text.push('\u{FFFD}');
                    }
                }
            }
        };
        for op in &content.operations {
            match op.operator.as_str() {
                "q" => saved.push(current),
                "Q" => current = saved.pop().unwrap_or(current),
                "Tf" => {
                    current = op
                        .operands
                        .first()
                        .and_then(|o| o.as_name().ok())
                        .and_then(|n| fonts.get(n));
                }
                "Tj" | "'" | "\"" => {
                    if let Some(Object::String(s, _)) = op.operands.last() {
                        show(current, s, &mut out);
                    }
                }
                "TJ" => {
                    if let Some(Object::Array(items)) = op.operands.first() {
                        for item in items {
                            match item {
                                Object::String(s, _) => show(current, s, &mut out),
                                Object::Integer(n) if *n < -200 => out.text.push(' '),
                                Object::Real(n) if *n < -200.0 => out.text.push(' '),
                                _ => {}
                            }
                        }
                    }
                }
                "Td" | "TD" | "T*" | "Tm" | "ET" => out.text.push(' '),
                _ => {}
            }
        }
        out.fonts.extend(fonts.into_values());
    }
    out
}

fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// True when the words of `phrase` occur in order in `text` (white space
/// removed from both), each within a few characters of the previous one:
/// the crude scan has no layout, so an owner token from the Action column
/// (`MA`, `DP/SB`) may sit between two words of a sentence.
fn contains_phrase(text: &str, phrase: &str) -> bool {
    let words: Vec<&str> = phrase.split_whitespace().collect();
    let Some(first) = words.first() else {
        return true;
    };
    text.match_indices(first).any(|(start, _)| {
        let mut pos = start + first.len();
        words[1..].iter().all(|w| {
            let window_end = (pos + w.len() + 12).min(text.len());
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

/// Gold strings of a sample: action keys and the people present.
fn gold_phrases(pdf: &str) -> Vec<String> {
    let gold_path = corpus(&pdf.replace(".pdf", ".gold.json"));
    let gold: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(gold_path).expect("gold")).expect("json");
    let mut phrases: Vec<String> = gold["actions"]
        .as_array()
        .expect("actions")
        .iter()
        .map(|a| a["key"].as_str().expect("key").to_string())
        .collect();
    phrases.extend(
        gold["present"]
            .as_array()
            .expect("present")
            .iter()
            .map(|p| p.as_str().expect("name").to_string()),
    );
    phrases
}

fn check_sample(pdf: &str) -> Scan {
    let s = scan(&corpus(pdf));
    assert!(s.glyphs > 500, "{pdf}: only {} glyphs", s.glyphs);
    assert_eq!(s.unmapped, 0, "{pdf}: unmapped glyphs in {}", s.text);
    let text = squash(&s.text);
    for phrase in gold_phrases(pdf) {
        assert!(
            contains_phrase(&text, &phrase),
            "{pdf}: gold phrase {phrase:?} not decoded; text: {}",
            s.text
        );
    }
    for f in &s.fonts {
        assert!(f.warnings.is_empty(), "{pdf}: {:?}", f.warnings);
    }
    s
}

#[test]
fn libreoffice_truetype_winansi() {
    let s = check_sample("shp-2016-05-11-docx.pdf");
    let names: Vec<(&str, bool, bool)> = s
        .fonts
        .iter()
        .map(|f| (f.info.name.as_str(), f.info.bold, f.info.italic))
        .collect();
    assert!(names.contains(&("LiberationSans", false, false)));
    assert!(names.contains(&("LiberationSans-Bold", true, false)));
    assert!(names.contains(&("LiberationSans-Italic", false, true)));
    // /Widths: Liberation Sans 'a' is 556/1000, space 278/1000.
    let regular = s
        .fonts
        .iter()
        .find(|f| f.info.name == "LiberationSans")
        .expect("regular font");
    assert_eq!(regular.kind(), FontKind::Simple);
    // (LibreOffice rounds the space to 277.)
    assert_eq!(regular.space_width(), Some(0.277));
}

#[test]
fn chromium_type0_identity_h() {
    let s = check_sample("shp-2016-05-11-html.pdf");
    let f = s
        .fonts
        .iter()
        .find(|f| f.info.name == "LiberationSans-Bold")
        .expect("bold font");
    assert_eq!(f.kind(), FontKind::Composite);
    assert!(f.info.bold && !f.info.italic);
    // Widths come from /W: every decoded glyph with text has a real width.
    let regular = s
        .fonts
        .iter()
        .find(|f| f.info.name == "LiberationSans")
        .expect("regular font");
    let space = regular.space_width().expect("a glyph mapped to space");
    assert!((space - 0.278).abs() < 0.002, "space width {space}");
}

#[test]
fn reportlab_standard14_helvetica() {
    let s = check_sample("shp-2019-05-01-lines.pdf");
    let helv = s
        .fonts
        .iter()
        .find(|f| f.info.name == "Helvetica")
        .expect("Helvetica");
    // ReportLab writes no /Widths for the standard 14: AFM metrics apply.
    let widths: Vec<f32> = helv.codes(b"a W").map(|d| d.width).collect();
    assert_eq!(widths, vec![0.556, 0.278, 0.944]);
    assert!(helv.codes(b" ").all(|d| d.is_space_code));
    let oblique = s
        .fonts
        .iter()
        .find(|f| f.info.name == "Helvetica-Oblique")
        .expect("oblique");
    assert!(oblique.info.italic && !oblique.info.bold);
}
