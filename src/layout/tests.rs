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

fn cell_texts(p: &Page, row: &Row) -> Vec<String> {
    row.cells.iter().map(|c| p.cell_text(c)).collect()
}

/// The lines of a table cell, joined.
fn table_cell_text(p: &Page, t: &Table, r: usize, c: usize) -> String {
    t.cell(r, c)
        .map(|cell| {
            cell.lines
                .iter()
                .map(|&i| p.lines[i].text())
                .collect::<Vec<_>>()
                .join(" / ")
        })
        .unwrap_or_default()
}

/// A laid-out page with its grid ([`structure_of`]).
struct Gridded {
    page: Page,
    rows: Vec<Row>,
    tables: Vec<Table>,
}

impl std::ops::Deref for Gridded {
    type Target = Page;
    fn deref(&self) -> &Page {
        &self.page
    }
}

fn with_grid(page: Page) -> Gridded {
    let (rows, tables) = structure_of(&page, &Params::default());
    Gridded { page, rows, tables }
}

#[test]
fn a_text_row_and_its_action_cell_are_one_row_of_two_cells() {
    let p = with_grid(layout_page(&page(minutes_body())));
    let row = p
        .rows
        .iter()
        .find(|r| r.lines.iter().any(|&l| p.lines[l].text() == "MA/LMcV"))
        .expect("the owner's row");
    assert_eq!(
        cell_texts(&p, row),
        vec![
            "MA and LMcV to speak outside meeting to look at this a",
            "MA/LMcV"
        ]
    );
    // Two lines (one per column), each cell in its own column.
    assert_eq!(row.lines.len(), 2);
    assert_eq!(row.cells[0].column, 0);
    assert_eq!(row.cells[1].column, p.columns.len() - 1);
    assert_eq!(row.cells[1].bbox.x0, 466.0);
    // One row per printed row, top to bottom.
    assert_eq!(p.rows.len(), 10);
    assert!(p.rows.windows(2).all(|w| w[0].baseline < w[1].baseline));
}

#[test]
fn a_cell_set_a_little_lower_shares_the_row_and_touching_words_glue() {
    // The owner cell sits 3pt (0.3 font sizes) below the text's baseline:
    // a line of its own, but the same visual row.
    let mut g = text("Costs to be obtained", 50.0, 100.0);
    g.extend(text("RB", 400.0, 103.0));
    // `re-` and `established` painted as two runs that touch, the second
    // on a baseline 3pt lower: two lines, one row, one printed word.
    let (r, x) = run("re-", 50.0, 120.0, 10.0, 0);
    g.extend(r);
    g.extend(text("established", x + 0.5, 123.0));
    let p = with_grid(layout_page(&page(g)));
    assert_eq!(p.rows.len(), 2, "{:#?}", p.rows);
    assert_eq!(
        cell_texts(&p, &p.rows[0]),
        vec!["Costs to be obtained", "RB"]
    );
    assert_eq!(p.rows[0].baseline, 100.0);
    assert_eq!(cell_texts(&p, &p.rows[1]), vec!["re-established"]);
    assert!(p.rows[1].cells[0].words[1].glued);
    // A wider tolerance than a line's own: these are four lines.
    assert_eq!(p.lines.len(), 4);
}

/// A 3 × 3 table drawn with rules: columns at 50 | 150 | 300 | 450, rows
/// at 80 | 100 | 134 | 154; the middle row's task wraps onto two lines.
fn ruled_table() -> PageGlyphs {
    let mut g = Vec::new();
    for (x, y, s) in [
        (55.0, 94.0, "Ref"),
        (155.0, 94.0, "Action"),
        (305.0, 94.0, "Owner"),
        (55.0, 114.0, "1"),
        (155.0, 114.0, "Send the report"),
        (155.0, 128.0, "to members"),
        (305.0, 114.0, "Clerk"),
        (55.0, 148.0, "2"),
        (155.0, 148.0, "Book the hall"),
        (305.0, 148.0, "AB"),
    ] {
        g.extend(text(s, x, y));
    }
    let mut pg = page(g);
    let h = |y: f32| Rule {
        x0: 50.0,
        y0: y,
        x1: 450.0,
        y1: y + 0.5,
    };
    let v = |x: f32| Rule {
        x0: x,
        y0: 80.0,
        x1: x + 0.5,
        y1: 154.0,
    };
    pg.rules = vec![
        h(80.0),
        h(100.0),
        h(134.0),
        h(154.0),
        v(50.0),
        v(150.0),
        v(300.0),
        v(450.0),
    ];
    pg
}

#[test]
fn a_ruled_table_is_a_grid_of_its_rules() {
    let p = with_grid(layout_page(&ruled_table()));
    assert_eq!(p.tables.len(), 1, "{:#?}", p.tables);
    let t = &p.tables[0];
    assert!(t.ruled);
    assert_eq!(t.columns(), 3);
    assert_eq!(t.ys.len(), 4);
    assert!((t.xs[1] - 150.25).abs() < 0.01, "{:?}", t.xs);
    assert!((t.ys[2] - 134.25).abs() < 0.01, "{:?}", t.ys);
    assert_eq!(table_cell_text(&p, t, 0, 1), "Action");
    assert_eq!(table_cell_text(&p, t, 1, 0), "1");
    assert_eq!(table_cell_text(&p, t, 1, 1), "Send the report / to members");
    assert_eq!(table_cell_text(&p, t, 1, 2), "Clerk");
    assert_eq!(table_cell_text(&p, t, 2, 2), "AB");
    // Every visual row of the table, the wrapped line's included.
    assert_eq!(t.rows.len(), 4);
    assert_eq!(t.column_at(200.0), Some(1));
    assert_eq!(t.column_at(20.0), None);
}

#[test]
fn rules_that_do_not_meet_make_no_table() {
    // A rule under a title and a box around a paragraph: no grid.
    let mut pg = page(text("Minutes of the meeting", 50.0, 90.0));
    pg.rules = vec![
        Rule {
            x0: 50.0,
            y0: 95.0,
            x1: 400.0,
            y1: 95.5,
        },
        Rule {
            x0: 40.0,
            y0: 200.0,
            x1: 40.5,
            y1: 260.0,
        },
    ];
    let p = with_grid(layout_page(&pg));
    assert!(p.tables.is_empty(), "{:#?}", p.tables);
}

#[test]
fn an_unruled_table_is_found_from_aligned_cells() {
    // Who | What | Status with no rules; the second task wraps (its second
    // line starts at the What column's edge, alone on its row).
    let rows: [(&str, &str, &str); 5] = [
        ("Who", "What", "Status"),
        ("Jane Doe", "Circulate the budget", "Open"),
        ("John Roe", "Write to the council", "Done"),
        ("", "about the car park", ""),
        ("Treasurer", "Renew the insurance", "Open"),
    ];
    let mut g = text("Actions for follow-up", 50.0, 80.0);
    for (i, (who, what, status)) in rows.iter().enumerate() {
        let y = 100.0 + 14.0 * i as f32;
        g.extend(text(who, 50.0, y));
        g.extend(text(what, 200.0, y));
        g.extend(text(status, 420.0, y));
    }
    g.extend(text(
        "The meeting closed at 9pm after a long discussion",
        50.0,
        200.0,
    ));
    let p = with_grid(layout_page(&page(g)));
    assert_eq!(p.tables.len(), 1, "{:#?}", p.tables);
    let t = &p.tables[0];
    assert!(!t.ruled);
    assert_eq!(t.columns(), 3);
    // Four grid rows: the wrapped line belongs to John Roe's row.
    assert_eq!(t.ys.len(), 5, "{:?}", t.ys);
    assert_eq!(table_cell_text(&p, t, 0, 2), "Status");
    assert_eq!(
        table_cell_text(&p, t, 2, 1),
        "Write to the council / about the car park"
    );
    assert_eq!(table_cell_text(&p, t, 3, 0), "Treasurer");
    assert_eq!(t.rows.len(), 5);
    // The title above and the sentence below are outside the table.
    assert!(t.bbox.y0 > 81.0 && t.bbox.y1 < 190.0, "{:?}", t.bbox);
}
