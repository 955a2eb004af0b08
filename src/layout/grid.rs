//! Lines → visual rows → cells.
//!
//! The lines of a page are already cut at column gaps; a visual row puts
//! back together the lines printed side by side (the minute text and its
//! Action cell, the cells of a table row), and cuts the row's words into
//! cells at wide gaps. The `minutes` stage reads rows and cells from here
//! instead of regrouping words itself, so one set of tolerances
//! ([`Params::row_tolerance`], [`Params::cell_gap`], [`Params::touch_gap`])
//! decides what shares a row and where a cell ends.

use super::{Cell, CellWord, Line, Params, Row};

/// The visual rows of a page's lines, top to bottom.
///
/// Lines are taken by baseline (then left edge); a line joins the current
/// row when its baseline lies within `row_tolerance` × its largest font
/// size of the row's first line. Anchoring on the first line keeps a chain
/// of small steps (a superscript, a lowered cell) from gluing two rows.
pub(crate) fn rows(lines: &[Line], params: &Params) -> Vec<Row> {
    let mut order: Vec<usize> = (0..lines.len())
        .filter(|&i| !lines[i].words.is_empty())
        .collect();
    // Stable: lines on the same baseline and left edge keep reading order.
    order.sort_by(|&a, &b| {
        let (a, b) = (&lines[a], &lines[b]);
        a.baseline
            .total_cmp(&b.baseline)
            .then(a.bbox.x0.total_cmp(&b.bbox.x0))
    });
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for i in order {
        let l = &lines[i];
        let size = l
            .words
            .iter()
            .map(|w| w.size)
            .fold(0.0f32, f32::max)
            .max(1.0);
        match groups.last_mut() {
            Some(g) if (lines[g[0]].baseline - l.baseline).abs() <= params.row_tolerance * size => {
                g.push(i)
            }
            _ => groups.push(vec![i]),
        }
    }
    groups
        .into_iter()
        .map(|g| {
            let mut bbox = lines[g[0]].bbox;
            for &i in &g[1..] {
                let b = &lines[i].bbox;
                bbox.x0 = bbox.x0.min(b.x0);
                bbox.y0 = bbox.y0.min(b.y0);
                bbox.x1 = bbox.x1.max(b.x1);
                bbox.y1 = bbox.y1.max(b.y1);
            }
            Row {
                baseline: lines[g[0]].baseline,
                bbox,
                cells: cells(lines, &g, params),
                lines: g,
            }
        })
        .collect()
}

/// The words of a row's lines, left to right, cut into cells: a word
/// further than `cell_gap` × its font size from every word before it
/// starts a new cell. Blank words separate nothing and are left out.
fn cells(lines: &[Line], row: &[usize], params: &Params) -> Vec<Cell> {
    let mut words: Vec<(u32, u32)> = row
        .iter()
        .flat_map(|&l| (0..lines[l].words.len()).map(move |w| (l as u32, w as u32)))
        .collect();
    let word = |&(l, w): &(u32, u32)| &lines[l as usize].words[w as usize];
    // Stable: words starting at the same x keep line order.
    words.sort_by(|a, b| word(a).bbox.x0.total_cmp(&word(b).bbox.x0));
    let mut out: Vec<Cell> = Vec::new();
    let mut prev_x1 = f32::NEG_INFINITY;
    for at in &words {
        let w = word(at);
        if w.text.trim().is_empty() {
            continue;
        }
        let size = w.size.max(1.0);
        let gap = w.bbox.x0 - prev_x1;
        let column = lines[at.0 as usize].column;
        match out.last_mut() {
            Some(c) if gap <= params.cell_gap * size => {
                c.bbox.x0 = c.bbox.x0.min(w.bbox.x0);
                c.bbox.y0 = c.bbox.y0.min(w.bbox.y0);
                c.bbox.x1 = c.bbox.x1.max(w.bbox.x1);
                c.bbox.y1 = c.bbox.y1.max(w.bbox.y1);
                c.words.push(CellWord {
                    line: at.0,
                    word: at.1,
                    glued: gap <= params.touch_gap * size,
                });
            }
            _ => out.push(Cell {
                bbox: w.bbox,
                column,
                words: vec![CellWord {
                    line: at.0,
                    word: at.1,
                    glued: false,
                }],
            }),
        }
        prev_x1 = prev_x1.max(w.bbox.x1);
    }
    out
}
