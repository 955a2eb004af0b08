//! Plain-text renderings of laid-out pages (for `minutes text`).

use super::{Line, Page};
use std::fmt::Write as _;

/// Lines in reading order, one per output line; each page ends with a form
/// feed, as `pdftotext` does, so page breaks survive in plain text.
pub fn plain(pages: &[Page]) -> String {
    let mut out = String::new();
    for page in pages {
        for line in &page.lines {
            push_line_text(&mut out, line);
            out.push('\n');
        }
        out.push('\u{c}');
    }
    out
}

fn push_line_text(out: &mut String, line: &Line) {
    for (i, w) in line.words.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(&w.text);
    }
}

/// Columns side by side, like `pdftotext -layout`: each visual row is one
/// output line and each line starts at the character cell its x falls in
/// (see [`char_cell`]), its words one space apart. Blank lines stand for
/// larger vertical gaps.
pub fn layout(pages: &[Page]) -> String {
    let mut out = String::new();
    for page in pages {
        layout_page(&mut out, page);
        out.push('\u{c}');
    }
    out
}

fn layout_page(out: &mut String, page: &Page) {
    let rows = visual_rows(page);
    if rows.is_empty() {
        return;
    }
    let cell = char_cell(page);
    let left = page
        .lines
        .iter()
        .map(|l| l.bbox.x0)
        .fold(f32::INFINITY, f32::min);
    let pitch = row_pitch(&rows);
    let mut prev: Option<f32> = None;
    for row in rows {
        let baseline = row[0].baseline;
        if let (Some(p), Some(pitch)) = (prev, pitch) {
            let blanks = ((baseline - p) / pitch).round() as i64 - 1;
            for _ in 0..blanks.clamp(0, 2) {
                out.push('\n');
            }
        }
        prev = Some(baseline);
        let mut text = String::new();
        let mut len = 0usize; // in chars
        for line in row {
            // A line starts at the cell its x falls in, at least two spaces
            // after the previous column; its words follow one space apart.
            let target = (((line.bbox.x0 - left) / cell).round().max(0.0)) as usize;
            let pad = if len == 0 {
                target
            } else {
                target.saturating_sub(len).max(2)
            };
            for _ in 0..pad {
                text.push(' ');
            }
            len += pad;
            for (i, w) in line.words.iter().enumerate() {
                if i > 0 {
                    text.push(' ');
                    len += 1;
                }
                text.push_str(&w.text);
                len += w.text.chars().count();
            }
        }
        let _ = writeln!(out, "{}", text.trim_end());
    }
}

/// Groups the page's lines (already in reading order) into visual rows: a
/// line joins the current row while it starts right of the previous one
/// and its baseline is close to the row's first line.
fn visual_rows(page: &Page) -> Vec<Vec<&Line>> {
    let mut rows: Vec<Vec<&Line>> = Vec::new();
    for line in &page.lines {
        let size = line.words.iter().map(|w| w.size).fold(0.0, f32::max);
        match rows.last_mut() {
            Some(row)
                if (line.baseline - row[0].baseline).abs() <= 0.4 * size.max(1.0)
                    && row.last().is_some_and(|l| l.bbox.x1 <= line.bbox.x0 + 0.5) =>
            {
                row.push(line)
            }
            _ => rows.push(vec![line]),
        }
    }
    rows
}

/// Width of one character cell: a dense line's advance per character (the
/// 10th percentile over lines of ten characters or more, spaces counted),
/// so that text set at that density fits its width and a column to its
/// right is not pushed away. 5pt when the page has no such line.
fn char_cell(page: &Page) -> f32 {
    let mut cells: Vec<f32> = page
        .lines
        .iter()
        .filter_map(|l| {
            let n: usize = l
                .words
                .iter()
                .map(|w| w.text.chars().count())
                .sum::<usize>()
                + l.words.len().saturating_sub(1);
            (n >= 10).then(|| (l.bbox.x1 - l.bbox.x0) / n as f32)
        })
        .filter(|c| c.is_finite() && *c > 0.5)
        .collect();
    if cells.is_empty() {
        return 5.0;
    }
    cells.sort_by(f32::total_cmp);
    cells[cells.len() / 10]
}

/// Median distance between consecutive row baselines.
fn row_pitch(rows: &[Vec<&Line>]) -> Option<f32> {
    let mut d: Vec<f32> = rows
        .windows(2)
        .map(|w| w[1][0].baseline - w[0][0].baseline)
        .filter(|d| *d > 0.5)
        .collect();
    if d.is_empty() {
        return None;
    }
    d.sort_by(f32::total_cmp);
    Some(d[d.len() / 2])
}
