//! Column gaps: where a row of words must be cut into separate lines.
//!
//! Three signals, strongest first:
//! 1. vertical table rules (Word and LibreOffice draw the cell borders);
//! 2. whitespace rivers: a vertical band left empty over several
//!    consecutive rows, with text on both sides of it (an HTML table or a
//!    tab-aligned Action column has no rules, only this gap);
//! 3. any single gap wider than a few font sizes.
//!
//! The narrow right-hand Action column of minutes is the case this exists
//! for: its owner initials (`MA/LMcV`) must never be glued to the minute
//! text on the same baseline.

use super::words::BaselineRow;
use super::Params;
use crate::pdf::Rule;

/// A vertical band no line may cross, over a run of rows.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Boundary {
    /// Left and right edge of the empty band (equal-ish for a rule).
    pub lo: f32,
    pub hi: f32,
    /// First and last row index (into the page's rows) the band applies to.
    pub first_row: usize,
    pub last_row: usize,
    /// Drawn (a table rule) rather than seen in the white space.
    pub rule: bool,
}

impl Boundary {
    pub fn center(&self) -> f32 {
        0.5 * (self.lo + self.hi)
    }

    fn applies_to(&self, row: usize) -> bool {
        (self.first_row..=self.last_row).contains(&row)
    }
}

/// All column boundaries of a page: from rules, then from rivers.
pub(crate) fn boundaries(rows: &[BaselineRow], rules: &[Rule], params: &Params) -> Vec<Boundary> {
    let mut out = rule_boundaries(rows, rules, params);
    out.extend(rivers(rows, params));
    out
}

/// Splits each row at the column boundaries that apply to it and at any
/// gap wider than `params.column_gap` font sizes. Returns, per row, the
/// word index ranges of its lines.
pub(crate) fn split_rows(
    rows: &[BaselineRow],
    bounds: &[Boundary],
    params: &Params,
) -> Vec<Vec<(usize, usize)>> {
    rows.iter()
        .enumerate()
        .map(|(r, row)| {
            let active: Vec<&Boundary> = bounds.iter().filter(|b| b.applies_to(r)).collect();
            let mut parts = Vec::new();
            let mut start = 0;
            for i in 1..row.words.len() {
                let a = row.words[i - 1].word.bbox.x1;
                let b = row.words[i].word.bbox.x0;
                let wide = b - a > params.column_gap * row.size;
                // A river cuts only where its gap is wide on this row: a row
                // it merely passes through at a word space stays whole.
                let river_wide = cut_gap(row, b - a, params);
                let ruled = active.iter().any(|bd| {
                    let c = bd.center();
                    (bd.rule || river_wide)
                        && a - params.edge_slack <= c
                        && c <= b + params.edge_slack
                });
                if wide || ruled {
                    parts.push((start, i));
                    start = i;
                }
            }
            parts.push((start, row.words.len()));
            parts
        })
        .collect()
}

/// A gap that can start a river: wider than `river_min_gap` font sizes
/// and clearly wider than the row's own word spaces. In justified text
/// every space of a loose row is equally wide, so none stands out.
fn wide_gap(row: &BaselineRow, gap: f32, params: &Params) -> bool {
    gap >= params.river_min_gap * row.size && gap >= params.river_space_ratio * row.space
}

/// A gap an accepted river cuts. It may be narrower than a starting gap
/// and no wider than the row's word spaces: justified text ending at an
/// HTML table's Action cell is spaced as wide as the cell padding.
fn cut_gap(row: &BaselineRow, gap: f32, params: &Params) -> bool {
    gap >= params.river_split_gap * row.size
}

/// Rows whose text band (x-height middle) a vertical extent covers.
fn rows_in_span(rows: &[BaselineRow], y0: f32, y1: f32) -> Option<(usize, usize)> {
    let mut first = None;
    let mut last = None;
    for (i, row) in rows.iter().enumerate() {
        let mid = row.baseline - 0.3 * row.size;
        if mid >= y0 && mid <= y1 {
            first.get_or_insert(i);
            last = Some(i);
        }
    }
    Some((first?, last?))
}

/// Vertical rules that separate text: thin, tall enough, with words on
/// both sides within their vertical extent (the outer borders of a table
/// separate nothing and are dropped). Collinear pieces (Word draws one
/// border per cell) are joined first.
fn rule_boundaries(rows: &[BaselineRow], rules: &[Rule], params: &Params) -> Vec<Boundary> {
    let mut verticals: Vec<(f32, f32, f32)> = rules
        .iter()
        .filter_map(|r| {
            let (x0, x1) = (r.x0.min(r.x1), r.x0.max(r.x1));
            let (y0, y1) = (r.y0.min(r.y1), r.y0.max(r.y1));
            let ok = [x0, x1, y0, y1].iter().all(|v| v.is_finite());
            (ok && x1 - x0 <= params.rule_thickness && y1 - y0 > x1 - x0).then_some((
                0.5 * (x0 + x1),
                y0,
                y1,
            ))
        })
        .collect();
    verticals.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)));
    let mut joined: Vec<(f32, f32, f32)> = Vec::new();
    for v in verticals {
        match joined.last_mut() {
            Some(j) if (v.0 - j.0).abs() <= params.rule_align && v.1 <= j.2 + params.rule_join => {
                j.2 = j.2.max(v.2);
            }
            _ => joined.push(v),
        }
    }
    joined
        .into_iter()
        .filter(|&(_, y0, y1)| y1 - y0 >= params.rule_min_length)
        .filter_map(|(x, y0, y1)| {
            let (first, last) = rows_in_span(rows, y0, y1)?;
            let span = &rows[first..=last];
            let left = span.iter().any(|r| {
                r.words
                    .iter()
                    .any(|w| w.word.bbox.x1 <= x + params.edge_slack)
            });
            let right = span.iter().any(|r| {
                r.words
                    .iter()
                    .any(|w| w.word.bbox.x0 >= x - params.edge_slack)
            });
            (left && right).then_some(Boundary {
                lo: x,
                hi: x,
                first_row: first,
                last_row: last,
                rule: true,
            })
        })
        .collect()
}

/// What a river run looks like, gathered while scanning.
struct RunStats {
    rows: usize,
    /// Rows with text on both sides of the band, cut there: the gap is at
    /// least `river_split_gap` font sizes.
    cut: usize,
    /// Of the cut rows, those whose gap would start a river by itself.
    strong: usize,
    /// Rows with text on both sides but a gap too tight to cut.
    tight: usize,
    /// Rows whose text left of the band ends close to it.
    abut: usize,
    /// Widest extent of text left of the band in any row.
    left_extent: f32,
}

/// Whitespace rivers. Each gap that stands out ([`wide_gap`]) is a
/// candidate; its band is followed up and down through consecutive rows
/// while it stays empty, narrowing where ragged text intrudes (never below
/// `river_min_width`, and never by more than half at once to less than a
/// starting gap: a row that would squeeze a wide band to a word space,
/// like a title across a two-column list, is outside the region).
///
/// A long run (`river_long_rows`) is a column gap by itself: no paragraph
/// keeps a band empty that long. A short run needs more: two cut rows, or
/// one beside text that abuts it over `river_lone_rows` rows. No run may
/// be bridged by a tight gap (stacked word spaces in justified text), nor
/// have only a gutter of list markers (`1)`, `a)`) on its left: those
/// belong with the text they number.
fn rivers(rows: &[BaselineRow], params: &Params) -> Vec<Boundary> {
    let mut found: Vec<Boundary> = Vec::new();
    for (r, row) in rows.iter().enumerate() {
        for pair in row.words.windows(2) {
            let (a, b) = (pair[0].word.bbox.x1, pair[1].word.bbox.x0);
            if !wide_gap(row, b - a, params) {
                continue;
            }
            let seen = found
                .iter()
                .any(|f| f.applies_to(r) && f.lo < b && f.hi > a);
            if seen {
                continue;
            }
            if let Some(bd) = follow_river(rows, r, (a, b), params) {
                found.push(bd);
            }
        }
    }
    found
}

fn follow_river(
    rows: &[BaselineRow],
    r: usize,
    gap: (f32, f32),
    params: &Params,
) -> Option<Boundary> {
    let size = rows[r].size;
    let min_width = params.river_min_width * size;
    let max_step = params.river_max_leading * size;
    let mut band = gap;
    let step = |j: usize, band: (f32, f32)| -> Option<(f32, f32)> {
        let nb = narrow_band(&rows[j], band, min_width)?;
        let (w, was) = (nb.1 - nb.0, band.1 - band.0);
        (w >= 0.5 * was || w >= params.river_min_gap * size).then_some(nb)
    };
    let mut first = r;
    while first > 0 && rows[first].baseline - rows[first - 1].baseline <= max_step {
        match step(first - 1, band) {
            Some(nb) => band = nb,
            None => break,
        }
        first -= 1;
    }
    let mut last = r;
    while last + 1 < rows.len() && rows[last + 1].baseline - rows[last].baseline <= max_step {
        match step(last + 1, band) {
            Some(nb) => band = nb,
            None => break,
        }
        last += 1;
    }
    let s = run_stats(&rows[first..=last], band, params);
    let shape = if s.rows >= params.river_long_rows {
        true
    } else {
        s.cut >= 2 || (s.rows >= params.river_lone_rows && s.abut >= 2)
    };
    let accept = s.rows >= params.river_min_rows
        && s.strong >= 1
        && s.tight == 0
        && shape
        && s.left_extent > params.gutter_width * size;
    if std::env::var_os("MINUTES_DEBUG_RIVERS").is_some() {
        eprintln!(
            "river {accept} band {:.1}-{:.1} rows {first}-{last} size {size:.1}: {} rows, {} cut, {} strong, {} tight, {} abut, left {:.1}: {:?}",
            band.0, band.1, s.rows, s.cut, s.strong, s.tight, s.abut, s.left_extent,
            rows[r].words.iter().map(|w| w.word.text.as_str()).collect::<Vec<_>>().join(" ")
        );
    }
    accept.then_some(Boundary {
        lo: band.0,
        hi: band.1,
        first_row: first,
        last_row: last,
        rule: false,
    })
}

/// The part of `band` that `row` leaves empty: the widest free piece, the
/// right-most on ties (columns align on their left edge, so the gap is
/// steadiest just before it). `None` when no piece is `min_width` wide.
fn narrow_band(row: &BaselineRow, band: (f32, f32), min_width: f32) -> Option<(f32, f32)> {
    let mut best: Option<(f32, f32)> = None;
    let mut lo = band.0;
    let mut consider = |piece: (f32, f32)| {
        if piece.1 - piece.0 >= min_width
            && best.is_none_or(|b: (f32, f32)| piece.1 - piece.0 >= b.1 - b.0)
        {
            best = Some(piece);
        }
    };
    for w in &row.words {
        let (x0, x1) = (w.word.bbox.x0, w.word.bbox.x1);
        if x1 <= lo || x0 >= band.1 {
            continue;
        }
        if x0 > lo {
            consider((lo, x0.min(band.1)));
        }
        lo = lo.max(x1);
        if lo >= band.1 {
            break;
        }
    }
    if lo < band.1 {
        consider((lo, band.1));
    }
    best
}

fn run_stats(rows: &[BaselineRow], band: (f32, f32), params: &Params) -> RunStats {
    let mut s = RunStats {
        rows: rows.len(),
        cut: 0,
        strong: 0,
        tight: 0,
        abut: 0,
        left_extent: 0.0,
    };
    for row in rows {
        let left = row
            .words
            .iter()
            .rev()
            .find(|w| w.word.bbox.x1 <= band.0 + 0.01);
        let right = row.words.iter().find(|w| w.word.bbox.x0 >= band.1 - 0.01);
        if let Some(l) = left {
            let start = row.words.first().map_or(l.word.bbox.x0, |w| w.word.bbox.x0);
            s.left_extent = s.left_extent.max(l.word.bbox.x1 - start);
            if l.word.bbox.x1 >= band.0 - params.river_abut * row.size {
                s.abut += 1;
            }
        }
        if let (Some(l), Some(rw)) = (left, right) {
            let gap = rw.word.bbox.x0 - l.word.bbox.x1;
            if cut_gap(row, gap, params) {
                s.cut += 1;
                if wide_gap(row, gap, params) {
                    s.strong += 1;
                }
            } else {
                s.tight += 1;
            }
        }
    }
    s
}
