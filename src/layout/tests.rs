//! Unit tests on synthetic glyphs: each builds a page the way a producer
//! would paint it and checks one decision of the layout.

use super::*;
use crate::pdf::{FontInfo, Glyph};

/// Advance of every synthetic glyph, as a fraction of the font size.
const ADV: f32 = 0.5;

fn fonts() -> Vec<FontInfo> {
    vec![
        FontInfo {
            name: "Regular".into(),
            bold: false,
            italic: false,
        },
        FontInfo {
            name: "Bold".into(),
            bold: true,
            italic: false,
        },
    ]
}

/// Paints `s` from `x` on baseline `y`, one glyph per char, spaces as
/// flagged space glyphs. Returns the glyphs and the x after the run.
fn run(s: &str, x: f32, y: f32, size: f32, font: u16) -> (Vec<Glyph>, f32) {
    let mut out = Vec::new();
    let mut x = x;
    for c in s.chars() {
        out.push(Glyph {
            text: c.to_string().into(),
            x,
            y,
            width: ADV * size,
            size,
            font,
            space: c == ' ',
        });
        x += ADV * size;
    }
    (out, x)
}

fn text(s: &str, x: f32, y: f32) -> Vec<Glyph> {
    run(s, x, y, 10.0, 0).0
}

fn page(glyphs: Vec<Glyph>) -> PageGlyphs {
    PageGlyphs {
        number: 1,
        width: 595.0,
        height: 842.0,
        glyphs,
        fonts: fonts(),
        ..Default::default()
    }
}

fn line_texts(p: &Page) -> Vec<String> {
    p.lines.iter().map(Line::text).collect()
}

#[test]
fn spaces_break_words() {
    let p = layout_page(&page(text("Crime profiles to be", 50.0, 100.0)));
    assert_eq!(line_texts(&p), vec!["Crime profiles to be"]);
    assert_eq!(p.lines[0].words.len(), 4);
    let w = &p.lines[0].words[1];
    assert_eq!(w.text, "profiles");
    assert_eq!(w.bbox.x0, 50.0 + 6.0 * 5.0);
    assert_eq!(w.bbox.x1, 50.0 + 14.0 * 5.0);
    assert_eq!(w.size, 10.0);
}

#[test]
fn a_wide_gap_without_space_glyph_breaks_a_word_a_kern_does_not() {
    // `TJ [(Crime) -400 (profiles)]`: a 4pt offset at 10pt, no space glyph.
    let (mut g, x) = run("Crime", 50.0, 100.0, 10.0, 0);
    let (p, x) = run("profiles", x + 4.0, 100.0, 10.0, 0);
    g.extend(p);
    // Kerning: a 0.5pt gap stays inside the word.
    let (k, x) = run("Wa", x + 3.0, 100.0, 10.0, 0);
    g.extend(k);
    g.extend(run("ter", x + 0.5, 100.0, 10.0, 0).0);
    let p = layout_page(&page(g));
    assert_eq!(line_texts(&p), vec!["Crime profiles Water"]);
}

#[test]
fn glyphs_out_of_stream_order_are_sorted_by_x() {
    let mut g = text("Minutes agreed", 50.0, 100.0);
    g.reverse();
    let p = layout_page(&page(g));
    assert_eq!(line_texts(&p), vec!["Minutes agreed"]);
}

#[test]
fn fake_bold_duplicates_are_dropped() {
    // The word painted three times, 0.3pt apart, as producers fake bold.
    let mut g = text("Action", 300.0, 100.0);
    g.extend(text("Action", 300.3, 100.0));
    g.extend(text("Action", 300.6, 100.2));
    let p = layout_page(&page(g));
    assert_eq!(line_texts(&p), vec!["Action"]);
    // A genuine double letter is not a duplicate, even at a small size.
    let p = layout_page(&page(run("all", 50.0, 100.0, 4.0, 0).0));
    assert_eq!(line_texts(&p), vec!["all"]);
}

#[test]
fn bold_comes_from_the_font() {
    let (mut g, x) = run("Action", 50.0, 100.0, 10.0, 1);
    g.extend(run(" Points", x, 100.0, 10.0, 0).0);
    let p = layout_page(&page(g));
    let w = &p.lines[0].words;
    assert!(w[0].bold);
    assert!(!w[1].bold);
}

#[test]
fn baseline_jitter_and_superscripts_stay_in_the_line() {
    // `11th May`: `th` raised 3.5pt at 6.5pt; `May` 0.3pt off the baseline.
    let (mut g, x) = run("11", 50.0, 100.0, 10.0, 0);
    let (s, x) = run("th", x, 96.5, 6.5, 0);
    g.extend(s);
    g.extend(run(" May", x, 100.3, 10.0, 0).0);
    // The next line, 12pt below, stays separate.
    g.extend(text("next line", 50.0, 112.0));
    let p = layout_page(&page(g));
    assert_eq!(line_texts(&p), vec!["11th May", "next line"]);
    assert_eq!(p.lines[0].words[0].size, 10.0);
    assert_eq!(p.lines[0].baseline, 100.0);
}

#[test]
fn lines_are_ordered_top_to_bottom() {
    let mut g = text("second", 50.0, 124.0);
    g.extend(text("first", 80.0, 112.0));
    let p = layout_page(&page(g));
    assert_eq!(line_texts(&p), vec!["first", "second"]);
}

/// A minutes body: item numbers in a gutter, ragged minute text ending
/// before x≈455, owner initials at x=466 on a few rows, no rules.
fn minutes_body() -> Vec<Glyph> {
    let body = [
        ("1)", "Welcome and Introductions", Some("Action")),
        ("2)", "Apologies", None),
        (
            "",
            "D Whitwell and others sent apologies for this meeting today",
            None,
        ),
        (
            "3)",
            "Minutes of the Last Meeting and Matters Arising",
            None,
        ),
        (
            "",
            "Minutes of 10th February 2016 agreed and signed by the chair",
            None,
        ),
        (
            "",
            "Crime profiles to be circulated to all partners soon",
            Some("MA/SS"),
        ),
        (
            "4)",
            "Task Group Updates with more text here to fill a line",
            None,
        ),
        (
            "",
            "look at repeats - offer from CFRS regarding use of drone so",
            None,
        ),
        (
            "",
            "MA and LMcV to speak outside meeting to look at this a",
            Some("MA/LMcV"),
        ),
        (
            "",
            "particular serious incidents and relevant policies ok",
            None,
        ),
    ];
    let mut g = Vec::new();
    for (i, (num, minute, owner)) in body.iter().enumerate() {
        let y = 100.0 + 14.0 * i as f32;
        g.extend(text(num, 55.0, y));
        g.extend(text(minute, 76.0, y));
        if let Some(o) = owner {
            g.extend(text(o, 466.0, y));
        }
    }
    g
}

#[test]
fn the_action_column_is_cut_off_by_a_whitespace_river() {
    let p = layout_page(&page(minutes_body()));
    let texts = line_texts(&p);
    assert!(texts.contains(&"MA/LMcV".to_string()), "{texts:#?}");
    assert!(texts.contains(&"Crime profiles to be circulated to all partners soon".to_string()));
    let owner = p
        .lines
        .iter()
        .find(|l| l.text() == "MA/LMcV")
        .expect("owner line");
    assert_eq!(owner.bbox.x0, 466.0);
    assert_eq!(owner.column, p.columns.len() - 1);
    assert!(p.columns.len() >= 2);
    // The item number stays with its heading: a marker gutter is no column.
    assert!(
        texts.contains(&"1) Welcome and Introductions".to_string()),
        "{texts:#?}"
    );
    // Reading order: the owner right after the text on its row.
    let i = texts.iter().position(|t| t == "MA/LMcV").unwrap_or(0);
    assert!(texts[i - 1].starts_with("MA and LMcV to speak"));
    assert!(texts[i + 1].starts_with("particular serious"));
}

#[test]
fn a_vertical_rule_cuts_even_a_narrow_gap() {
    // Text running to 455, the owner at 462: too narrow for a river on one
    // row, but a table rule at 458 separates the cells.
    let (mut g, _) = run(
        "speak outside meeting to look at takin",
        260.0,
        100.0,
        10.0,
        0,
    );
    g.extend(text("DP", 462.0, 100.0));
    g.extend(text("next row of the minute text", 260.0, 114.0));
    let mut pg = page(g);
    pg.rules = vec![
        Rule {
            x0: 458.0,
            y0: 80.0,
            x1: 458.1,
            y1: 120.0,
        },
        // The table's outer border separates nothing.
        Rule {
            x0: 56.0,
            y0: 80.0,
            x1: 56.1,
            y1: 120.0,
        },
    ];
    let p = layout_page(&pg);
    assert_eq!(
        line_texts(&p),
        vec![
            "speak outside meeting to look at takin",
            "DP",
            "next row of the minute text"
        ]
    );
    assert_eq!(p.columns.len(), 2);
    assert_eq!(p.lines[1].column, 1);
    assert_eq!(p.lines[0].column, 0);
    assert_eq!(p.rules.len(), 2);
}

#[test]
fn a_very_wide_gap_cuts_a_line_without_any_column() {
    let mut g = text("Date of next meeting", 50.0, 100.0);
    g.extend(text("12 June 2016", 400.0, 100.0));
    let p = layout_page(&page(g));
    assert_eq!(line_texts(&p), vec!["Date of next meeting", "12 June 2016"]);
}

#[test]
fn a_loose_row_inside_a_paragraph_makes_no_river() {
    // One justified row with a 9pt (0.9 × size) space; the rows around it
    // have words across that x, so the gap is no column.
    let rows = [
        "the minute text goes on and on here",
        "so that it fills the whole measure",
    ];
    let mut g = Vec::new();
    for (i, r) in rows.iter().enumerate() {
        g.extend(text(r, 50.0, 100.0 + 24.0 * i as f32));
    }
    let (loose, x) = run("loose row", 50.0, 112.0, 10.0, 0);
    g.extend(loose);
    g.extend(text("with a gap", x + 9.0, 112.0));
    let p = layout_page(&page(g));
    assert_eq!(
        line_texts(&p),
        vec![
            "the minute text goes on and on here",
            "loose row with a gap",
            "so that it fills the whole measure"
        ]
    );
    assert_eq!(p.columns.len(), 1);
}

#[test]
fn two_columns_of_a_list_read_row_by_row() {
    let names = ["David Parr", "Cllr Dave Cargill", "Mike Andrews"];
    let roles = [
        "HBC (Chief Executive) : Chair",
        "HBC (Portfolio Holder)",
        "HBC (Manager)",
    ];
    let mut g = Vec::new();
    for (i, (n, r)) in names.iter().zip(roles).enumerate() {
        let y = 150.0 + 14.0 * i as f32;
        g.extend(text(n, 56.0, y));
        g.extend(text(r, 180.0, y));
    }
    let p = layout_page(&page(g));
    assert_eq!(
        line_texts(&p),
        vec![
            "David Parr",
            "HBC (Chief Executive) : Chair",
            "Cllr Dave Cargill",
            "HBC (Portfolio Holder)",
            "Mike Andrews",
            "HBC (Manager)"
        ]
    );
    assert_eq!(p.columns.len(), 2);
    let cols: Vec<usize> = p.lines.iter().map(|l| l.column).collect();
    assert_eq!(cols, vec![0, 1, 0, 1, 0, 1]);
}

#[test]
fn a_page_with_images_and_no_glyphs_is_scanned() {
    let mut pg = page(Vec::new());
    pg.images = 1;
    let p = layout_page(&pg);
    assert!(p.scanned);
    assert!(p.lines.is_empty());
    assert!(!layout_page(&page(text("x", 1.0, 1.0))).scanned);
}

#[test]
fn bad_numbers_from_a_producer_do_not_panic() {
    let mut g = text("ok", 50.0, 100.0);
    g.push(Glyph {
        text: "x".into(),
        x: f32::NAN,
        y: 100.0,
        width: 5.0,
        size: 10.0,
        font: 9,
        space: false,
    });
    g.push(Glyph {
        text: "y".into(),
        x: 60.0,
        y: 100.0,
        width: f32::INFINITY,
        size: 0.0,
        font: 9,
        space: false,
    });
    let p = layout_page(&page(g));
    assert_eq!(line_texts(&p), vec!["ok"]);
}

#[test]
fn layout_rendering_keeps_columns_side_by_side() {
    let p = layout_page(&page(minutes_body()));
    let s = render::layout(std::slice::from_ref(&p));
    let row = s
        .lines()
        .find(|l| l.contains("MA and LMcV"))
        .expect("row with the owner");
    assert!(row.trim_end().ends_with("MA/LMcV"), "{row}");
    let gap = row.find("MA/LMcV").unwrap_or(0) - row.find(" a ").unwrap_or(0);
    assert!(gap > 3, "{row}");
    let plain = render::plain(std::slice::from_ref(&p));
    assert!(plain.contains("\nMA/LMcV\n"));
    assert!(plain.ends_with('\u{c}'));
}

#[test]
fn a_space_painted_under_a_letter_breaks_nothing() {
    // Word's output: `26` then a space overlapping the `6`, then a raised
    // `th`; and a paragraph's leading space under the `T` of `The`.
    let g = |t: &str, x: f32, y: f32, w: f32, size: f32| Glyph {
        text: t.into(),
        x,
        y,
        width: w,
        size,
        font: 0,
        space: t == " ",
    };
    let glyphs = vec![
        g("o", 165.07, 378.4, 6.71, 11.0),
        g("f", 171.77, 378.4, 3.66, 11.0),
        g(" ", 175.46, 378.4, 3.05, 11.0),
        g("2", 178.46, 378.4, 6.12, 11.0),
        g("6", 184.56, 378.4, 6.12, 11.0),
        g(" ", 187.59, 378.4, 3.05, 11.0),
        g("t", 190.80, 374.0, 2.13, 6.4),
        g("h", 192.90, 374.0, 3.90, 6.4),
        // Spaces painted under the raised `th`, then a real one.
        g(" ", 190.70, 378.4, 3.05, 11.0),
        g(" ", 193.60, 378.4, 3.05, 11.0),
        g(" ", 196.80, 378.4, 3.05, 11.0),
        g("J", 199.80, 378.4, 6.12, 11.0),
        g(" ", 109.46, 400.0, 3.34, 12.0),
        g("T", 109.34, 400.0, 7.33, 12.0),
        g("h", 116.77, 400.0, 6.67, 12.0),
        g("e", 123.37, 400.0, 6.67, 12.0),
    ];
    let p = layout_page(&page(glyphs));
    assert_eq!(line_texts(&p), vec!["of 26th J", "The"]);
}

#[test]
fn absurd_glyph_widths_do_not_glue_words() {
    // A broken width table: every glyph 36pt wide at 11pt, while the
    // positions say `2` then `Apologies` 36pt further on.
    let mut glyphs = Vec::new();
    let (mut x, y) = (57.0, 336.9);
    for (i, c) in "2Apologies".chars().enumerate() {
        glyphs.push(Glyph {
            text: c.to_string().into(),
            x,
            y,
            width: 36.0,
            size: 11.0,
            font: 1,
            space: false,
        });
        x += if i == 0 { 36.0 } else { 6.5 };
    }
    let p = layout_page(&page(glyphs));
    assert_eq!(line_texts(&p), vec!["2 Apologies"]);
    assert!(p.lines[0].words[0].bold);
}
