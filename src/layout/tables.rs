//! Tables: grids of rows × columns, with the lines in each cell.
//!
//! Two signals:
//! 1. ruling lines: horizontal and vertical rules that meet form one
//!    table; the rules' positions are the grid's edges (Word, LibreOffice
//!    and most HTML-to-PDF tables draw their borders);
//! 2. aligned cells: consecutive visual rows with lines in two or more page
//!    columns whose left edges line up (an unruled table, a tab-aligned
//!    tracker). A row with one line that starts at a column's edge is a
//!    wrapped cell and belongs to the grid row above it.
//!
//! Tables give geometry only; whether a table is an action log is the
//! `minutes` stage's reading of its header by the rules.

use super::{BBox, Line, Page, Params, Row, Table, TableCell};

/// The tables of a page, top to bottom: ruled tables first, then unruled
/// ones among the rows no ruled table holds.
pub(crate) fn find(page: &Page, rows: &[Row], params: &Params) -> Vec<Table> {
    let mut out = ruled(page, rows, params);
    let mut taken = vec![false; rows.len()];
    for t in &out {
        for &r in &t.rows {
            taken[r] = true;
        }
    }
    out.extend(aligned(page, rows, &taken, params));
    out.sort_by(|a, b| a.bbox.y0.total_cmp(&b.bbox.y0));
    out
}

/// A horizontal rule (`at` = y, `from..to` in x) or a vertical one
/// (`at` = x, `from..to` in y).
#[derive(Debug, Clone, Copy)]
struct Seg {
    at: f32,
    from: f32,
    to: f32,
}

/// Thin rules of one direction, collinear pieces joined (Word draws one
/// border per cell side).
fn segments(page: &Page, horizontal: bool, params: &Params) -> Vec<Seg> {
    let mut segs: Vec<Seg> = page
        .rules
        .iter()
        .filter_map(|r| {
            let (x0, x1) = (r.x0.min(r.x1), r.x0.max(r.x1));
            let (y0, y1) = (r.y0.min(r.y1), r.y0.max(r.y1));
            if ![x0, x1, y0, y1].iter().all(|v| v.is_finite()) {
                return None;
            }
            let (w, h) = (x1 - x0, y1 - y0);
            if horizontal && h <= params.rule_thickness && w > h {
                Some(Seg {
                    at: 0.5 * (y0 + y1),
                    from: x0,
                    to: x1,
                })
            } else if !horizontal && w <= params.rule_thickness && h > w {
                Some(Seg {
                    at: 0.5 * (x0 + x1),
                    from: y0,
                    to: y1,
                })
            } else {
                None
            }
        })
        .collect();
    segs.sort_by(|a, b| a.at.total_cmp(&b.at).then(a.from.total_cmp(&b.from)));
    // Pieces at (nearly) the same position: one run, joined along it.
    let mut out: Vec<Seg> = Vec::new();
    let mut i = 0;
    while i < segs.len() {
        let mut j = i + 1;
        while j < segs.len() && segs[j].at - segs[i].at <= params.rule_align {
            j += 1;
        }
        let run = &mut segs[i..j];
        run.sort_by(|a, b| a.from.total_cmp(&b.from));
        let start = out.len();
        for s in run.iter() {
            match out[start..].last_mut() {
                Some(o) if s.from <= o.to + params.rule_join => o.to = o.to.max(s.to),
                _ => out.push(*s),
            }
        }
        i = j;
    }
    out.retain(|s| s.to - s.from >= params.rule_min_length);
    out
}

fn find_root(parent: &mut [usize], mut i: usize) -> usize {
    while parent[i] != i {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    i
}

/// Positions within `tol` of the previous one are one edge (their mean).
fn cluster(mut v: Vec<f32>, tol: f32) -> Vec<f32> {
    v.sort_by(f32::total_cmp);
    let mut out: Vec<(f32, f32, usize)> = Vec::new(); // (first, sum, n)
    for x in v {
        match out.last_mut() {
            Some(c) if x - c.0 <= tol => {
                c.1 += x;
                c.2 += 1;
            }
            _ => out.push((x, x, 1)),
        }
    }
    out.into_iter().map(|(_, s, n)| s / n as f32).collect()
}

/// Tables drawn with rules: horizontal and vertical rules that meet are
/// one table; its grid is their positions, with the outer edges taken from
/// the rules' extent where a side is left open. At least two columns.
fn ruled(page: &Page, rows: &[Row], params: &Params) -> Vec<Table> {
    let hs = segments(page, true, params);
    let vs = segments(page, false, params);
    if hs.is_empty() || vs.is_empty() || hs.len() + vs.len() > params.table_max_rules {
        return Vec::new();
    }
    let slack = params.table_rule_slack;
    let n = hs.len();
    let mut parent: Vec<usize> = (0..n + vs.len()).collect();
    // `hs` is sorted by y: each vertical meets the horizontals in its span.
    for (k, v) in vs.iter().enumerate() {
        let lo = hs.partition_point(|h| h.at < v.from - slack);
        for (i, h) in hs.iter().enumerate().skip(lo) {
            if h.at > v.to + slack {
                break;
            }
            if v.at >= h.from - slack && v.at <= h.to + slack {
                let (a, b) = (find_root(&mut parent, i), find_root(&mut parent, n + k));
                parent[a] = b;
            }
        }
    }
    let mut groups: std::collections::BTreeMap<usize, (Vec<Seg>, Vec<Seg>)> = Default::default();
    for (i, h) in hs.iter().enumerate() {
        let r = find_root(&mut parent, i);
        groups.entry(r).or_default().0.push(*h);
    }
    for (k, v) in vs.iter().enumerate() {
        let r = find_root(&mut parent, n + k);
        groups.entry(r).or_default().1.push(*v);
    }
    let mut out = Vec::new();
    for (h, v) in groups.into_values() {
        if h.is_empty() || v.is_empty() {
            continue;
        }
        let x_lo = h.iter().map(|s| s.from).fold(f32::INFINITY, f32::min);
        let x_hi = h.iter().map(|s| s.to).fold(f32::NEG_INFINITY, f32::max);
        let y_lo = v.iter().map(|s| s.from).fold(f32::INFINITY, f32::min);
        let y_hi = v.iter().map(|s| s.to).fold(f32::NEG_INFINITY, f32::max);
        let mut xs: Vec<f32> = v.iter().map(|s| s.at).collect();
        xs.extend([x_lo, x_hi]);
        let mut ys: Vec<f32> = h.iter().map(|s| s.at).collect();
        ys.extend([y_lo, y_hi]);
        let xs = cluster(xs, slack);
        let ys = cluster(ys, slack);
        if xs.len() < 3 || ys.len() < 2 {
            continue;
        }
        out.push(grid(page, rows, xs, ys, true, params));
    }
    out
}

/// The table over the grid `xs` × `ys`: each line goes to the cell holding
/// its left edge and its vertical middle.
fn grid(
    page: &Page,
    rows: &[Row],
    xs: Vec<f32>,
    ys: Vec<f32>,
    ruled: bool,
    params: &Params,
) -> Table {
    let cols = xs.len() - 1;
    let mut cells: Vec<TableCell> = Vec::with_capacity(cols * (ys.len() - 1));
    for r in 0..ys.len() - 1 {
        for c in 0..cols {
            cells.push(TableCell {
                row: r,
                column: c,
                bbox: BBox {
                    x0: xs[c],
                    y0: ys[r],
                    x1: xs[c + 1],
                    y1: ys[r + 1],
                },
                lines: Vec::new(),
            });
        }
    }
    let slot = |edges: &[f32], v: f32| -> Option<usize> {
        let (first, last) = (edges[0], edges[edges.len() - 1]);
        (v >= first && v <= last).then(|| {
            edges[1..edges.len() - 1]
                .iter()
                .take_while(|&&e| e <= v)
                .count()
        })
    };
    let mut inside = vec![false; page.lines.len()];
    for (i, l) in page.lines.iter().enumerate() {
        let mid = 0.5 * (l.bbox.y0 + l.bbox.y1);
        let x = l.bbox.x0 + params.edge_slack;
        if let (Some(r), Some(c)) = (slot(&ys, mid), slot(&xs, x)) {
            cells[r * cols + c].lines.push(i);
            inside[i] = true;
        }
    }
    let held = rows
        .iter()
        .enumerate()
        .filter(|(_, row)| row.lines.iter().any(|&l| inside[l]))
        .map(|(i, _)| i)
        .collect();
    table(xs, ys, ruled, cells, held)
}

/// Tables seen in aligned cells: runs of consecutive rows (no wider apart
/// than `river_max_leading` font sizes) with lines in two or more page
/// columns, each column's lines starting within `table_align` font sizes
/// of where that column started in the run. A single line starting at one
/// of the run's column edges is a wrapped cell and continues the run.
fn aligned(page: &Page, rows: &[Row], taken: &[bool], params: &Params) -> Vec<Table> {
    let lines = &page.lines;
    let mut out = Vec::new();
    let size_of = |l: &Line| l.words.iter().map(|w| w.size).fold(1.0f32, f32::max);
    // Per row: (column, left edge, right edge) of its lines, one entry per
    // page column.
    let starts: Vec<Vec<(usize, f32, f32)>> = rows
        .iter()
        .map(|row| {
            let mut v: Vec<(usize, f32, f32)> = Vec::new();
            for &i in &row.lines {
                let l = &lines[i];
                match v.iter_mut().find(|e| e.0 == l.column) {
                    Some(e) => {
                        e.1 = e.1.min(l.bbox.x0);
                        e.2 = e.2.max(l.bbox.x1);
                    }
                    None => v.push((l.column, l.bbox.x0, l.bbox.x1)),
                }
            }
            v.sort_by_key(|e| e.0);
            v
        })
        .collect();
    let row_size = |r: usize| {
        rows[r]
            .lines
            .iter()
            .map(|&i| size_of(&lines[i]))
            .fold(1.0f32, f32::max)
    };
    let mut r = 0;
    while r < rows.len() {
        if taken[r] || starts[r].len() < 2 {
            r += 1;
            continue;
        }
        // The run's columns: (column, left edge) as first seen.
        let mut edges: Vec<(usize, f32)> = starts[r].iter().map(|e| (e.0, e.1)).collect();
        let mut grid_rows: Vec<Vec<usize>> = vec![vec![r]];
        let mut j = r + 1;
        while j < rows.len() && !taken[j] {
            let size = row_size(j);
            let step = rows[j].baseline - rows[j - 1].baseline;
            if step > params.river_max_leading * size {
                break;
            }
            let tol = params.table_align * size;
            let edge_of = |c: usize| edges.iter().find(|e| e.0 == c).map(|e| e.1);
            let aligned = starts[j]
                .iter()
                .all(|&(c, x0, _)| edge_of(c).is_none_or(|ex| (x0 - ex).abs() <= tol));
            if starts[j].len() >= 2 {
                // A new grid row: its columns line up with the run's, and
                // any column new to the run joins it.
                let known = starts[j].iter().filter(|e| edge_of(e.0).is_some()).count();
                if known < 2 || !aligned {
                    break;
                }
                let new: Vec<(usize, f32)> = starts[j]
                    .iter()
                    .filter(|e| edge_of(e.0).is_none())
                    .map(|e| (e.0, e.1))
                    .collect();
                edges.extend(new);
                grid_rows.push(vec![j]);
            } else {
                // A wrapped cell: starts at a column's edge of the run and
                // stays short of the next column's.
                let wrapped = starts[j].iter().all(|&(c, x0, x1)| {
                    let Some(ex) = edge_of(c) else { return false };
                    let next = edges
                        .iter()
                        .map(|e| e.1)
                        .filter(|&x| x > ex)
                        .fold(f32::INFINITY, f32::min);
                    (x0 - ex).abs() <= tol && x1 <= next + tol
                });
                if !wrapped {
                    break;
                }
                if let Some(g) = grid_rows.last_mut() {
                    g.push(j);
                }
            }
            j += 1;
        }
        if grid_rows.len() >= params.table_min_rows {
            out.push(aligned_table(page, rows, &grid_rows, &mut edges));
            r = j;
        } else {
            r += 1;
        }
    }
    out
}

/// The grid of an aligned run: a column edge at each page column's left
/// edge in the run, the last at the right-most text; a row edge at the top
/// of each grid row, the last at the bottom of the run.
fn aligned_table(
    page: &Page,
    rows: &[Row],
    grid_rows: &[Vec<usize>],
    edges: &mut [(usize, f32)],
) -> Table {
    edges.sort_by_key(|e| e.0);
    let vis: Vec<usize> = grid_rows.iter().flatten().copied().collect();
    let right = vis
        .iter()
        .map(|&r| rows[r].bbox.x1)
        .fold(f32::NEG_INFINITY, f32::max);
    let bottom = vis
        .iter()
        .map(|&r| rows[r].bbox.y1)
        .fold(f32::NEG_INFINITY, f32::max);
    let mut xs: Vec<f32> = edges.iter().map(|e| e.1).collect();
    xs.push(right);
    let mut ys: Vec<f32> = grid_rows.iter().map(|g| rows[g[0]].bbox.y0).collect();
    ys.push(bottom);
    let cols = xs.len() - 1;
    let mut cells = Vec::with_capacity(cols * grid_rows.len());
    for (gr, g) in grid_rows.iter().enumerate() {
        for (c, &(column, _)) in edges.iter().enumerate() {
            let lines: Vec<usize> = g
                .iter()
                .flat_map(|&r| rows[r].lines.iter().copied())
                .filter(|&i| page.lines[i].column == column)
                .collect();
            cells.push(TableCell {
                row: gr,
                column: c,
                bbox: BBox {
                    x0: xs[c],
                    y0: ys[gr],
                    x1: xs[c + 1],
                    y1: ys[gr + 1],
                },
                lines,
            });
        }
    }
    let mut lines_sorted = cells;
    for c in &mut lines_sorted {
        c.lines.sort_unstable();
    }
    table(xs, ys, false, lines_sorted, vis)
}

/// A table over the grid `xs` × `ys` (at least two edges each); its box
/// is the grid's outer edges.
fn table(
    xs: Vec<f32>,
    ys: Vec<f32>,
    ruled: bool,
    cells: Vec<TableCell>,
    rows: Vec<usize>,
) -> Table {
    Table {
        bbox: BBox {
            x0: xs[0],
            y0: ys[0],
            x1: xs[xs.len() - 1],
            y1: ys[ys.len() - 1],
        },
        xs,
        ys,
        ruled,
        cells,
        rows,
    }
}
