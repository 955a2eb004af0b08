//! Struck-through words: a horizontal rule drawn through the middle of a
//! word.
//!
//! Minutes kept as a checklist (an action log in a word processor, a
//! shared-document template) show a completed action only graphically:
//! its text is struck through and its box ticked, while the text layer
//! holds the words unchanged. A strike-through is painted as a thin filled
//! rectangle or a stroked segment, which the `pdf` stage keeps as a
//! [`Rule`]. A rule strikes a word when it lies across the word's middle
//! band (between [`Params::strike_low`] and [`Params::strike_high`] font
//! sizes above the baseline) and covers most of its width. An underline
//! lies at or below the baseline, a table border between the rows (above
//! the tallest letters or below the descenders), so neither is taken.

use super::{Params, Word};
use crate::pdf::Rule;

/// The horizontal rules of a page that are thin enough to be a
/// strike-through, sorted by their middle y, ready for [`Strikes::crosses`].
pub(crate) struct Strikes {
    /// (middle y, x0, x1, thickness), by middle y.
    rules: Vec<(f32, f32, f32, f32)>,
}

impl Strikes {
    pub(crate) fn new(rules: &[Rule]) -> Self {
        let mut rs: Vec<(f32, f32, f32, f32)> = rules
            .iter()
            .filter(|r| [r.x0, r.y0, r.x1, r.y1].iter().all(|v| v.is_finite()))
            .filter_map(|r| {
                let (w, h) = (r.x1 - r.x0, r.y1 - r.y0);
                // Horizontal: clearly longer than thick.
                (w > 2.0 * h.max(0.0)).then_some((0.5 * (r.y0 + r.y1), r.x0, r.x1, h.max(0.0)))
            })
            .collect();
        rs.sort_by(|a, b| a.0.total_cmp(&b.0));
        Strikes { rules: rs }
    }

    /// Whether a rule strikes through `word`, whose main glyphs sit on
    /// `baseline`.
    pub(crate) fn crosses(&self, word: &Word, baseline: f32, params: &Params) -> bool {
        if self.rules.is_empty() || word.size.is_nan() || word.size <= 0.0 || !baseline.is_finite()
        {
            return false;
        }
        let size = word.size;
        // Page space is y-down: above the baseline is a smaller y.
        let (lo, hi) = (
            baseline - params.strike_high * size,
            baseline - params.strike_low * size,
        );
        let width = word.bbox.x1 - word.bbox.x0;
        let first = self.rules.partition_point(|r| r.0 < lo);
        self.rules[first..]
            .iter()
            .take_while(|r| r.0 <= hi)
            .any(|&(_, x0, x1, thick)| {
                let cover = x1.min(word.bbox.x1) - x0.max(word.bbox.x0);
                thick <= params.strike_thickness * size
                    && cover > 0.0
                    && cover >= params.strike_cover * width
            })
    }
}

#[cfg(test)]
mod tests {
    use super::super::{layout_page, BBox};
    use super::*;
    use crate::pdf::{FontInfo, Glyph, PageGlyphs};

    fn glyphs(s: &str, x: f32, y: f32) -> Vec<Glyph> {
        s.chars()
            .enumerate()
            .map(|(i, c)| Glyph {
                text: c.to_string().into(),
                x: x + 5.0 * i as f32,
                y,
                width: 5.0,
                size: 10.0,
                font: 0,
                space: c == ' ',
            })
            .collect()
    }

    fn page(glyphs: Vec<Glyph>, rules: Vec<Rule>) -> PageGlyphs {
        PageGlyphs {
            number: 1,
            width: 595.0,
            height: 842.0,
            glyphs,
            fonts: vec![FontInfo {
                name: "Regular".into(),
                bold: false,
                italic: false,
            }],
            rules,
            ..Default::default()
        }
    }

    fn rule(x0: f32, y: f32, x1: f32, thick: f32) -> Rule {
        Rule {
            x0,
            y0: y - thick / 2.0,
            x1,
            y1: y + thick / 2.0,
        }
    }

    /// (word, struck) of every word of the page, in reading order.
    fn marks(p: &PageGlyphs) -> Vec<(String, bool)> {
        layout_page(p)
            .lines
            .iter()
            .flat_map(|l| l.words.iter().map(|w| (w.text.clone(), w.struck)))
            .collect()
    }

    #[test]
    fn a_line_through_the_middle_strikes_the_words_it_covers() {
        // Baseline 100, size 10: the strike sits 3pt above the baseline
        // and runs over "Book the" only (x 50..90).
        let mut g = glyphs("Book the hall", 50.0, 100.0);
        g.extend(glyphs("Send the poll", 50.0, 120.0));
        let p = page(g, vec![rule(50.0, 97.0, 90.0, 0.6)]);
        assert_eq!(
            marks(&p),
            vec![
                ("Book".to_string(), true),
                ("the".to_string(), true),
                ("hall".to_string(), false),
                ("Send".to_string(), false),
                ("the".to_string(), false),
                ("poll".to_string(), false),
            ]
        );
    }

    #[test]
    fn underlines_borders_and_filled_boxes_strike_nothing() {
        let g = glyphs("Book the hall", 50.0, 100.0);
        for (why, r) in [
            (
                "underline just under the baseline",
                rule(50.0, 101.0, 115.0, 0.6),
            ),
            ("underline on the baseline", rule(50.0, 100.0, 115.0, 0.6)),
            ("table border above the row", rule(40.0, 91.0, 300.0, 0.5)),
            ("table border below the row", rule(40.0, 103.0, 300.0, 0.5)),
            (
                "highlight box behind the text",
                rule(50.0, 96.0, 115.0, 9.0),
            ),
            ("short mark beside the words", rule(20.0, 97.0, 45.0, 0.6)),
        ] {
            let p = page(g.clone(), vec![r]);
            assert!(marks(&p).iter().all(|(_, s)| !s), "{why}: {:?}", marks(&p));
        }
    }

    #[test]
    fn bad_numbers_strike_nothing_and_do_not_panic() {
        let w = Word {
            text: "x".into(),
            bbox: BBox {
                x0: 0.0,
                y0: 0.0,
                x1: 5.0,
                y1: 10.0,
            },
            size: 10.0,
            bold: false,
            struck: false,
        };
        let s = Strikes::new(&[
            rule(f32::NAN, 5.0, 10.0, 0.5),
            rule(0.0, f32::INFINITY, 10.0, 0.5),
            rule(10.0, 5.0, 0.0, 0.5),
        ]);
        assert!(!s.crosses(&w, 8.0, &Params::default()));
        assert!(!s.crosses(&w, f32::NAN, &Params::default()));
    }
}
