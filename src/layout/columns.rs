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

use super::words::Row;
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
pub(crate) fn boundaries(rows: &[Row], rules: &[Rule], params: &Params) -> Vec<Boundary> {
    let mut out = rule_boundaries(rows, rules, params);
    out.extend(rivers(rows, params));
    out
}

/// Splits each row at the column boundaries that apply to it and at any
/// gap wider than `params.column_gap` font sizes. Returns, per row, the
/// word index ranges of its lines.
pub(crate) fn split_rows(
    rows: &[Row],
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
                let ruled = active.iter().any(|bd| {
                    let c = bd.center();
                    a - params.edge_slack <= c && c <= b + params.edge_slack
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

/// Rows whose text band (x-height middle) a vertical extent covers.
fn rows_in_span(rows: &[Row], y0: f32, y1: f32) -> Option<(usize, usize)> {
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
fn rule_boundaries(rows: &[Row], rules: &[Rule], params: &Params) -> Vec<Boundary> {
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
            })
        })
        .collect()
}

/// What a river run looks like, gathered while scanning.
struct RunStats {
    rows: usize,
    /// Rows with text on both sides and a wide gap at the band.
    wide: usize,
    /// Rows with text on both sides but only a word-space-sized gap.
    narrow: usize,
    /// Rows whose text left of the band ends close to it.
    abut: usize,
    /// Widest extent of text left of the band in any row.
    left_extent: f32,
}

/// Whitespace rivers. Each gap of at least `river_min_gap` font sizes is a
/// candidate; its band is followed up and down through consecutive rows
/// while it stays empty (narrowing where ragged text intrudes, never below
/// `river_min_width`). The run is a column gap when it is tall enough,
/// wide gaps outnumber word-space gaps across it, and the text left of it
/// is more than a gutter of list markers (`1)`, `a)`), which belong with
/// the text they number.
fn rivers(rows: &[Row], params: &Params) -> Vec<Boundary> {
    let mut found: Vec<Boundary> = Vec::new();
    for (r, row) in rows.iter().enumerate() {
        for pair in row.words.windows(2) {
            let (a, b) = (pair[0].word.bbox.x1, pair[1].word.bbox.x0);
            if b - a < params.river_min_gap * row.size {
                continue;
            }
            let seen = found
                .iter()
                .any(|f| f.applies_to(r) && f.lo < b && f.hi > a);
            if seen {
                continue;
            }
            if let Some(bd) = follow_river(rows, r, a, b, params) {
                found.push(bd);
            }
        }
    }
    found
}

fn follow_river(rows: &[Row], r: usize, a: f32, b: f32, params: &Params) -> Option<Boundary> {
    let size = rows[r].size;
    let min_width = params.river_min_width * size;
    let max_step = params.river_max_leading * size;
    let mut band = (a, b);
    let mut first = r;
    while first > 0 {
        let j = first - 1;
        if rows[first].baseline - rows[j].baseline > max_step {
            break;
        }
        match narrow_band(&rows[j], band, min_width) {
            Some(nb) => band = nb,
            None => break,
        }
        first = j;
    }
    let mut last = r;
    while last + 1 < rows.len() {
        let j = last + 1;
        if rows[j].baseline - rows[last].baseline > max_step {
            break;
        }
        match narrow_band(&rows[j], band, min_width) {
            Some(nb) => band = nb,
            None => break,
        }
        last = j;
    }
    let stats = run_stats(&rows[first..=last], band, params);
    let accept = stats.rows >= params.river_min_rows
        && stats.wide >= 1
        && (stats.wide >= 2 || stats.abut >= 2)
        && stats.narrow <= stats.wide
        && stats.left_extent > params.gutter_width * size;
    accept.then_some(Boundary {
        lo: band.0,
        hi: band.1,
        first_row: first,
        last_row: last,
    })
}

/// The part of `band` that `row` leaves empty: the widest free piece, the
/// right-most on ties (columns align on their left edge, so the gap is
/// steadiest just before it). `None` when no piece is `min_width` wide.
fn narrow_band(row: &Row, band: (f32, f32), min_width: f32) -> Option<(f32, f32)> {
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

fn run_stats(rows: &[Row], band: (f32, f32), params: &Params) -> RunStats {
    let mut s = RunStats {
        rows: rows.len(),
        wide: 0,
        narrow: 0,
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
            if rw.word.bbox.x0 - l.word.bbox.x1 >= params.river_min_gap * row.size {
                s.wide += 1;
            } else {
                s.narrow += 1;
            }
        }
    }
    s
}
