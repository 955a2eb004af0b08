//! From laid-out pages to what the minutes reader works on: the layout's
//! visual rows and their cells ([`crate::layout::Row`], one [`WordRun`] per
//! cell), with page furniture removed and the Action column split off as
//! owner cells.
//!
//! The layout stage decides the geometry (which lines share a row, where a
//! cell ends); this module decides what a cell means by the rules: an
//! owner cell under an Action header or lined up with other owner cells,
//! minute text, a log row ([`super::tables`]).

use super::owners::{parse_owners, Kind, Owners};
use crate::layout::Page;
use crate::rules::RuleSet;
use std::collections::{BTreeMap, BTreeSet};

/// A run of words with no wide gap.
#[derive(Debug, Clone, PartialEq)]
pub struct WordRun {
    pub text: String,
    pub x0: f32,
    pub x1: f32,
    pub size: f32,
    pub bold: bool,
    /// Width of the first word (for the line-fill test of paragraphs).
    pub first_word_w: f32,
    /// Left and right edge of each word and the byte offset where it
    /// starts in `text`.
    pub starts: Vec<(f32, f32, usize)>,
}

impl WordRun {
    /// The frag cut before every word that starts at or right of one of
    /// `edges` (sorted) while the word before it started left of it.
    pub fn split_at_edges(&self, edges: &[f32]) -> Vec<WordRun> {
        let slot = |x: f32| edges.iter().take_while(|&&e| e <= x).count();
        let mut cuts: Vec<usize> = Vec::new();
        for k in 1..self.starts.len() {
            if slot(self.starts[k].0) > slot(self.starts[k - 1].0) {
                cuts.push(k);
            }
        }
        if cuts.is_empty() {
            return vec![self.clone()];
        }
        let mut out = Vec::with_capacity(cuts.len() + 1);
        let mut from = 0;
        for k in cuts.into_iter().chain([self.starts.len()]) {
            out.push(self.piece(from, k));
            from = k;
        }
        out
    }

    /// Words `from..to` of the frag as a frag of their own.
    fn piece(&self, from: usize, to: usize) -> WordRun {
        let at = self.starts[from].2;
        let end = self.starts.get(to).map_or(self.text.len(), |s| s.2);
        WordRun {
            text: self.text[at..end].trim_end().to_string(),
            x0: self.starts[from].0,
            x1: if to == self.starts.len() {
                self.x1
            } else {
                self.starts[to - 1].1
            },
            size: self.size,
            bold: self.bold,
            first_word_w: if from == 0 { self.first_word_w } else { 0.0 },
            starts: self.starts[from..to]
                .iter()
                .map(|(wx, wx1, o)| (*wx, *wx1, o - at))
                .collect(),
        }
    }

    /// Splits off the words right of the widest gap among those where a
    /// word starts at or right of the column edge `x`, or within `align`
    /// left of it after a gap of at least one font size, if any.
    pub fn split_at_x(&self, x: f32, align: f32) -> Option<(WordRun, WordRun)> {
        let gap = |k: usize| self.starts[k].0 - self.starts[k - 1].1;
        let k = (1..self.starts.len())
            .filter(|&k| {
                (self.starts[k].0 >= x && gap(k) > 0.2 * self.size)
                    || (self.starts[k].0 >= x - align && gap(k) >= self.size)
            })
            .max_by(|&a, &b| gap(a).total_cmp(&gap(b)))?;
        let at = self.starts[k].2;
        let left_text = self.text[..at].trim_end().to_string();
        let right_text = self.text[at..].to_string();
        let left_x1 = self.starts[k - 1].1;
        let left = WordRun {
            text: left_text,
            x0: self.x0,
            x1: left_x1,
            size: self.size,
            bold: self.bold,
            first_word_w: self.first_word_w,
            starts: self.starts[..k].to_vec(),
        };
        let right = WordRun {
            text: right_text,
            x0: self.starts[k].0,
            x1: self.x1,
            size: self.size,
            bold: self.bold,
            first_word_w: 0.0,
            starts: self.starts[k..]
                .iter()
                .map(|(wx, wx1, o)| (*wx, *wx1, o - at))
                .collect(),
        };
        Some((left, right))
    }
}

/// A visual row of a page ([`crate::layout::Row`]): its cells as word runs.
#[derive(Debug, Clone, PartialEq)]
pub struct RunRow {
    pub page: u32,
    pub page_width: f32,
    pub top: f32,
    pub bottom: f32,
    pub baseline: f32,
    pub frags: Vec<WordRun>,
    /// The inner column edges of the layout table holding the row (see
    /// [`crate::layout::Table::xs`]); empty outside tables.
    pub grid: Vec<f32>,
}

impl RunRow {
    pub fn text(&self) -> String {
        join_frags(&self.frags)
    }

    /// The row's cells: its frags, cut at the column edges of the table
    /// holding it, if any (table cells set closer than a cell gap share a
    /// frag).
    pub fn cells(&self) -> Vec<WordRun> {
        if self.grid.is_empty() {
            return self.frags.clone();
        }
        self.frags
            .iter()
            .flat_map(|f| f.split_at_edges(&self.grid))
            .collect()
    }
    pub fn size(&self) -> f32 {
        let n = self.frags.len().max(1) as f32;
        self.frags.iter().map(|f| f.size).sum::<f32>() / n
    }
}

pub fn join_frags(frags: &[WordRun]) -> String {
    frags
        .iter()
        .map(|f| f.text.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

/// A line of the minute text (what is left of a row once the Action column
/// is split off).
#[derive(Debug, Clone, PartialEq)]
pub struct TextLine {
    pub page: u32,
    pub top: f32,
    pub bottom: f32,
    pub baseline: f32,
    pub x0: f32,
    pub x1: f32,
    pub size: f32,
    pub text: String,
    pub frags: Vec<WordRun>,
    /// Right edge of the text on this page (for the line-fill test).
    pub right_edge: f32,
    /// Width of the first word.
    pub first_word_w: f32,
    /// The document's usual distance between baselines of consecutive lines
    /// of this size (single spacing).
    pub pitch: f32,
    /// The line is a row of an action log (`tables::find`) printed in
    /// several cells: the log reads it, and it is never an agenda heading
    /// (a log's `12/2324` reference cell is the action's item, not the
    /// start of one). A one-cell line under a log (`3. Planning`) may still
    /// be the heading that ends it.
    pub in_log: bool,
}

/// One line of an owner cell as printed.
#[derive(Debug, Clone, PartialEq)]
pub struct CellLine {
    pub top: f32,
    pub bottom: f32,
    pub text: String,
    /// The cell's column has a header (`Action`, `Lead`, `Action by`).
    pub headed: bool,
}

/// An Action-column cell: its lines (a cell may wrap: `MH/` then `CC`)
/// and the owners they spell.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    pub page: u32,
    pub lines: Vec<CellLine>,
    pub text: String,
    pub owners: Owners,
    /// A due date printed in the cell.
    pub due: Option<String>,
    /// Status words printed in the cell (`Ongoing CC`, `Complete`).
    pub status: Option<String>,
    /// The cell's column has a header (`Action`, `Lead`, `Action by`): its
    /// cells are owners even beside an agenda heading (no presenters).
    pub headed: bool,
}

/// The document as the reader sees it.
#[derive(Debug, Clone, Default)]
pub struct DocumentView {
    pub lines: Vec<TextLine>,
    pub cells: Vec<Cell>,
    /// Action logs printed as tables (their rows index `rows`).
    pub logs: Vec<super::tables::Log>,
    /// For each page row, the minute line it became (if any).
    pub line_of_row: Vec<Option<usize>>,
}

/// The page's visual rows (`crate::layout::structure_of`) as the reader
/// sees them: each layout cell becomes a [`WordRun`]. Rows with no words are
/// left out.
pub fn rows_of(page: &Page) -> Vec<RunRow> {
    // The layout's grid of the page, made now and dropped with this page's
    // rows (see `layout::structure_of`).
    let (page_rows, tables) = crate::layout::structure_of(page, &crate::layout::Params::default());
    let mut grid: Vec<Option<usize>> = vec![None; page_rows.len()];
    for (t, table) in tables.iter().enumerate() {
        for &r in &table.rows {
            grid[r] = Some(t);
        }
    }
    page_rows
        .iter()
        .zip(grid)
        .filter(|(r, _)| !r.cells.is_empty())
        .map(|(r, t)| RunRow {
            page: page.number,
            page_width: page.width,
            top: r.bbox.y0,
            bottom: r.bbox.y1,
            baseline: r.baseline,
            frags: r.cells.iter().map(|c| frag_of(page, c)).collect(),
            grid: t.map_or_else(Vec::new, |t| {
                let xs = &tables[t].xs;
                xs[1..xs.len() - 1].to_vec()
            }),
        })
        .collect()
}

/// A layout cell as a [`WordRun`]: its text (glued words joined with no
/// space), the edges of each printed word, the first word's size.
fn frag_of(page: &Page, cell: &crate::layout::Cell) -> WordRun {
    let mut f = WordRun {
        text: String::new(),
        x0: cell.bbox.x0,
        x1: cell.bbox.x1,
        size: 1.0,
        bold: true,
        first_word_w: 0.0,
        starts: Vec::with_capacity(cell.words.len()),
    };
    for (i, at) in cell.words.iter().enumerate() {
        let w = page.word(at);
        if i == 0 {
            f.x0 = w.bbox.x0;
            f.size = w.size.max(1.0);
            f.first_word_w = w.bbox.x1 - w.bbox.x0;
            f.starts.push((w.bbox.x0, w.bbox.x1, 0));
        } else if at.glued {
            if let Some(last) = f.starts.last_mut() {
                last.1 = w.bbox.x1;
            }
        } else {
            f.text.push(' ');
            f.starts.push((w.bbox.x0, w.bbox.x1, f.text.len()));
        }
        f.text.push_str(&w.text);
        f.x1 = w.bbox.x1;
        f.bold &= w.bold;
    }
    f
}

/// Digits folded so `Page 1 of 4` and `Page 2 of 4` compare equal.
fn furniture_key(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_ascii_digit() { '#' } else { c })
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// Drops page numbers, running headers and footers: rows matching a
/// furniture pattern, and rows in the top or bottom band of the page whose
/// text (digits folded) is printed at about the same height on several
/// pages.
pub fn drop_furniture(rules: &RuleSet, pages: &[(f32, Vec<RunRow>)]) -> Vec<Vec<RunRow>> {
    let t = &rules.text;
    let in_band = |r: &RunRow, h: f32| r.top < h * t.band || r.bottom > h * (1.0 - t.band);
    let mut seen: BTreeMap<String, Vec<(u32, f32, f32)>> = BTreeMap::new();
    for (h, rows) in pages {
        for r in rows {
            if in_band(r, *h) {
                seen.entry(furniture_key(&r.text()))
                    .or_default()
                    .push((r.page, r.top, r.size()));
            }
        }
    }
    let running = |r: &RunRow| -> bool {
        let Some(v) = seen.get(&furniture_key(&r.text())) else {
            return false;
        };
        // Stop at the pages needed: a line on every page would otherwise be
        // compared with all its copies, quadratic in the pages (issue 14).
        let size = r.size();
        let mut pages: BTreeSet<u32> = BTreeSet::new();
        for (p, top, s) in v {
            if (top - r.top).abs() <= s.max(size) {
                pages.insert(*p);
                if pages.len() >= t.repeat_min_pages {
                    return true;
                }
            }
        }
        pages.len() >= t.repeat_min_pages
    };
    pages
        .iter()
        .map(|(h, rows)| {
            rows.iter()
                .filter(|r| {
                    let text = r.text();
                    let pattern = t.furniture.iter().any(|re| re.is_match(text.trim()));
                    !(pattern || (pages.len() > 1 && in_band(r, *h) && running(r)))
                })
                .cloned()
                .collect()
        })
        .collect()
}

/// The Action column: where it starts (x), and from where on the page
/// (the row of its header, if it has one: rows above it, such as a header
/// table of attendees, are not cut).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ColumnAt {
    pub x: f32,
    pub from: Option<(u32, f32)>,
}

impl ColumnAt {
    fn applies(&self, r: &RunRow) -> bool {
        self.from
            .is_none_or(|(p, top)| r.page > p || (r.page == p && r.top >= top - 1.0))
    }
}

/// Where the Action column starts, if the document has one: a header
/// word right of the text, else enough owner cells lined up at the right.
fn column_x(rules: &RuleSet, rows: &[&RunRow]) -> Option<ColumnAt> {
    let c = &rules.owners.column;
    let zone = |r: &RunRow, f: &WordRun| f.x0 >= c.min_x * r.page_width;
    // The first header word.
    let header = rows.iter().find_map(|r| {
        r.frags
            .iter()
            .find(|f| zone(r, f) && c.header.is_match(f.text.trim()))
            .map(|f| (r.page, r.top, f.x0))
    });
    let cells: Vec<f32> = rows
        .iter()
        .filter(|r| header.is_none_or(|(p, top, _)| r.page > p || (r.page == p && r.top >= top)))
        .flat_map(|r| {
            // A value after a field label (`Presenter:  Jane Doe`) is no cell.
            r.frags.iter().enumerate().filter(move |(i, f)| {
                zone(r, f) && (*i == 0 || !r.frags[i - 1].text.trim_end().ends_with(':'))
            })
        })
        .map(|(_, f)| f)
        .filter(|f| parse_owners(&rules.owners, &status_cut(rules, &f.text)).is_some())
        .map(|f| f.x0)
        .collect();
    // Cells the layout left glued to the end of a text line (a narrow
    // gutter): counted only for a column with no header.
    let tails: Vec<f32> = if header.is_none() {
        rows.iter()
            .flat_map(|r| r.frags.iter().filter_map(|f| tail_cell(rules, r, f)))
            .collect()
    } else {
        Vec::new()
    };
    if let Some((page, top, h)) = header {
        // Cells may start a little left of their header.
        let left = cells
            .iter()
            .copied()
            .filter(|x| *x >= h - c.align)
            .fold(h, f32::min);
        return Some(ColumnAt {
            x: left - 1.0,
            from: Some((page, top)),
        });
    }
    // No header: the largest group of cells whose left edges line up.
    let mut xs = cells;
    xs.extend(tails);
    xs.sort_by(f32::total_cmp);
    let mut best: Option<(usize, f32)> = None;
    for (i, &x) in xs.iter().enumerate() {
        let n = xs[i..].iter().take_while(|&&y| y - x <= c.align).count();
        if best.is_none_or(|(bn, _)| n > bn) {
            best = Some((n, x));
        }
    }
    match best {
        Some((n, x)) if n >= c.min_cells => Some(ColumnAt {
            x: x - 1.0,
            from: None,
        }),
        _ => None,
    }
}

/// Whether words run into the text read as a cell: initials, a group, a
/// role or a marker. A lone name at the end of a line is more likely text.
fn cell_like(rules: &RuleSet, t: &str) -> bool {
    rules.owners.markers.is_match(t.trim())
        || parse_owners(&rules.owners, t).is_some_and(|o| {
            o.tokens
                .iter()
                .all(|tk| !matches!(tk.kind, Kind::Name | Kind::WeakInitials))
        })
}

/// Where an owner cell starts that the layout left glued to the end of a
/// text line: the last words of the run, set off by its widest gap when
/// that gap is at least a font size and several times the run's other word
/// gaps, lying in the column zone and reading as a cell (`cell_like`). An
/// Action column with no header and a narrow gutter (less than the
/// layout's `cell_gap`) is found from these.
fn tail_cell(rules: &RuleSet, r: &RunRow, f: &WordRun) -> Option<f32> {
    const MAX_WORDS: usize = 3;
    const GAP_RATIO: f32 = 3.0;
    let c = &rules.owners.column;
    let n = f.starts.len();
    if n < 2 {
        return None;
    }
    let gap = |k: usize| f.starts[k].0 - f.starts[k - 1].1;
    let k = (n.saturating_sub(MAX_WORDS).max(1)..n).max_by(|&a, &b| gap(a).total_cmp(&gap(b)))?;
    let widest = gap(k);
    let others = (1..n).filter(|&j| j != k).map(gap).fold(0.0, f32::max);
    let x = f.starts[k].0;
    (widest >= f.size
        && widest >= GAP_RATIO * others.max(0.1 * f.size)
        && x >= c.min_x * r.page_width
        && cell_like(rules, &f.text[f.starts[k].2..]))
    .then_some(x)
}

/// Splits the rows into minute lines and owner cells. The stage's deadline
/// ([`super::halt`]) is checked after each page's rows are made (the
/// layout's grid of the page is made here, page by page) and after each
/// pass over all rows, so a document of many pages stops at its deadline.
pub fn view(rules: &RuleSet, pages: &[Page]) -> Result<DocumentView, super::Stopped> {
    let check = super::halt::check;
    let mut raw: Vec<(f32, Vec<RunRow>)> = Vec::with_capacity(pages.len());
    for p in pages {
        raw.push((p.height, rows_of(p)));
        check()?;
    }
    let rows: Vec<RunRow> = drop_furniture(rules, &raw).into_iter().flatten().collect();
    check()?;
    let logs = super::tables::find(rules, &rows);
    check()?;
    // Rows of a log are read by the log, not cut by the Action column.
    let mut in_log = vec![false; rows.len()];
    for l in &logs {
        in_log[l.header] = true;
        for &r in &l.lines {
            in_log[r] = true;
        }
    }
    let outside: Vec<&RunRow> = rows
        .iter()
        .zip(&in_log)
        .filter(|(_, l)| !**l)
        .map(|(r, _)| r)
        .collect();
    let col = column_x(rules, &outside);
    check()?;
    let mut out = DocumentView {
        line_of_row: vec![None; rows.len()],
        ..DocumentView::default()
    };
    // Cell lines (page, line) before wrapped cells are joined.
    let mut cell_lines: Vec<(u32, CellLine)> = Vec::new();
    // Per minute line, the furthest its text can reach (see `wrap_cap`).
    let mut wrap_caps: Vec<f32> = Vec::new();
    for (ri, r) in rows.iter().enumerate() {
        if super::halt::poll() {
            break;
        }
        let col_here = if in_log[ri] { None } else { col };
        let headed = col_here.is_some_and(|c| c.from.is_some());
        let (text, cells): (Vec<WordRun>, Vec<WordRun>) = match col_here.filter(|c| c.applies(r)) {
            Some(ColumnAt { x, from }) => {
                // A cell run into the text beside it (no wide gap) is split
                // off near the column edge when what is right of it reads as
                // owners; cells may also start a little left of the column
                // (centred under the header).
                let align = rules.owners.column.align;
                let owner_like = |t: &str| owner_like(rules, t);
                let cell_like = |t: &str| cell_like(rules, t);
                let mut text: Vec<WordRun> = Vec::new();
                let mut cells: Vec<WordRun> = Vec::new();
                for (fi, f) in r.frags.iter().enumerate() {
                    // A value after a field label (`Presenter:  Jane Doe`)
                    // is not an owner cell.
                    let after_label = fi > 0 && r.frags[fi - 1].text.trim_end().ends_with(':');
                    if after_label {
                        text.push(f.clone());
                        continue;
                    }
                    if f.x0 >= x || (f.x0 >= x - align && owner_like(&f.text)) {
                        cells.push(f.clone());
                        continue;
                    }
                    // A column with a header is trusted to cut words run
                    // into the text; one without only where a gap of a
                    // font size or more sets them off (see `tail_cell`).
                    let split = f.split_at_x(x, align);
                    let headerless_ok =
                        |l: &WordRun, rt: &WordRun| rt.x0 - l.x1 >= rt.size && cell_like(&rt.text);
                    match split {
                        Some((l, rt)) if from.is_none() && !headerless_ok(&l, &rt) => {
                            text.push(f.clone())
                        }
                        // A name set off by a gap of a font size or more
                        // is a cell too.
                        Some((l, rt))
                            if cell_like(&rt.text)
                                || (rt.x0 - l.x1 >= rt.size && owner_like(&rt.text)) =>
                        {
                            text.push(l);
                            cells.push(rt);
                        }
                        _ => text.push(f.clone()),
                    }
                }
                (text, cells)
            }
            None => (r.frags.clone(), Vec::new()),
        };
        if !cells.is_empty() {
            let t = join_frags(&cells);
            if !column_header_row(rules, r, &cells, &t) {
                cell_lines.push((
                    r.page,
                    CellLine {
                        top: r.top,
                        bottom: r.bottom,
                        text: t,
                        headed,
                    },
                ));
            }
        }
        if text.is_empty() {
            continue;
        }
        let x0 = text[0].x0;
        let x1 = text.iter().map(|f| f.x1).fold(f32::NEG_INFINITY, f32::max);
        wrap_caps.push(wrap_cap(r, x1, col_here.filter(|c| c.applies(r))));
        out.line_of_row[ri] = Some(out.lines.len());
        out.lines.push(TextLine {
            page: r.page,
            top: r.top,
            bottom: r.bottom,
            baseline: r.baseline,
            x0,
            x1,
            size: text.iter().map(|f| f.size).sum::<f32>() / text.len() as f32,
            text: join_frags(&text),
            first_word_w: text[0].first_word_w,
            frags: text,
            right_edge: 0.0,
            pitch: 0.0,
            in_log: in_log[ri] && r.frags.len() > 1,
        });
    }
    check()?;
    set_right_edges(&mut out.lines, &wrap_caps);
    set_pitch(&mut out.lines);
    out.cells = join_cells(rules, cell_lines);
    out.logs = logs;
    Ok(out)
}

/// Whether the cells right of the Action column edge are the column's
/// header: its header word alone, or, in a ruled table whose header cells
/// sit closer than a column gap (`Owner | Deadline`), its header word
/// beside other columns' header words (a due or status column).
fn column_header_row(rules: &RuleSet, r: &RunRow, cells: &[WordRun], text: &str) -> bool {
    let column = &rules.owners.column;
    if column.header.is_match(text.trim()) {
        return true;
    }
    let log = &rules.owners.log;
    let pieces: Vec<WordRun> = cells
        .iter()
        .flat_map(|f| f.split_at_edges(&r.grid))
        .collect();
    let header = |p: &WordRun| column.header.is_match(p.text.trim());
    pieces.len() > 1
        && pieces.iter().any(header)
        && pieces.iter().all(|p| {
            header(p) || log.due.is_match(p.text.trim()) || log.status.is_match(p.text.trim())
        })
}

/// The furthest a minute line's text can wrap to: the first table border
/// right of its end when the row lies in a table (a cell's text never
/// crosses its column's border), else the Action column's edge when the
/// line ends left of it; unbounded otherwise. A wider line nearby (an
/// attendee list printed above the table, text beside no column) then
/// does not make this line look short, which would end its paragraph.
fn wrap_cap(r: &RunRow, x1: f32, col: Option<ColumnAt>) -> f32 {
    const SLACK: f32 = 1.0;
    if let Some(&g) = r.grid.iter().find(|&&g| g >= x1 - SLACK) {
        return g;
    }
    match col {
        Some(c) if x1 < c.x => c.x,
        _ => f32::INFINITY,
    }
}

/// The right edge the text wraps at, per line: the furthest line end among
/// its neighbours on the page (ragged text wraps short of the page's
/// widest line, e.g. beside an Action column or in an indented list), not
/// counting neighbours that reach past the line's `caps` (its cell's or
/// column's border).
fn set_right_edges(lines: &mut [TextLine], caps: &[f32]) {
    const WINDOW: usize = 6;
    let ends: Vec<(u32, f32, bool)> = lines
        .iter()
        .map(|l| (l.page, l.x1, l.text.chars().count() > 30))
        .collect();
    for (i, l) in lines.iter_mut().enumerate() {
        let lo = i.saturating_sub(WINDOW);
        let hi = (i + WINDOW + 1).min(ends.len());
        let cap = caps.get(i).copied().unwrap_or(f32::INFINITY);
        let edge = ends[lo..hi]
            .iter()
            .filter(|(p, x1, long)| *p == l.page && *long && *x1 <= cap)
            .map(|(_, x1, _)| *x1)
            .fold(l.x1, f32::max);
        l.right_edge = edge;
    }
}

/// The usual line pitch, as a multiple of the font size: the median over
/// consecutive lines of a page that are plausibly single-spaced.
fn set_pitch(lines: &mut [TextLine]) {
    let mut ratios: Vec<f32> = lines
        .windows(2)
        .filter(|w| w[0].page == w[1].page)
        .map(|w| (w[1].baseline - w[0].baseline) / w[0].size.max(w[1].size).max(1.0))
        .filter(|r| *r > 0.9 && *r < 2.5)
        .collect();
    ratios.sort_by(f32::total_cmp);
    let r = ratios.get(ratios.len() / 2).copied().unwrap_or(1.2);
    for l in lines.iter_mut() {
        l.pitch = r * l.size;
    }
}

/// A cell's text with its status words cut out (`Ongoing CC` → `CC`).
fn status_cut(rules: &RuleSet, t: &str) -> String {
    split_status(rules, t).1
}

/// Whether text right of (or at) the Action column reads as a cell: owners,
/// a marker, status words alone or with owners (`Ongoing CC`,
/// `On-going`), or a lone separator (`and`, `&`, `/`) of an owner cell
/// wrapped over several lines (`Jane Doe` / `and` / `Tom Lee`).
fn owner_like(rules: &RuleSet, t: &str) -> bool {
    let t = t.trim();
    if parse_owners(&rules.owners, t).is_some() || rules.owners.markers.is_match(t) {
        return true;
    }
    if lone_separator(t) {
        return true;
    }
    match split_status(rules, t) {
        (Some(_), rest) => rest.is_empty() || parse_owners(&rules.owners, &rest).is_some(),
        (None, _) => false,
    }
}

/// A cell line that is only a separator between owners (`and`, `&`, `/`).
fn lone_separator(t: &str) -> bool {
    matches!(t.trim(), "/" | "&" | "+" | ",") || t.trim().eq_ignore_ascii_case("and")
}

/// Joins wrapped cell lines (`MH/` + `CC`, `IB/` + `Agenda`) and keeps the
/// cells whose text reads as owners.
fn join_cells(rules: &RuleSet, lines: Vec<(u32, CellLine)>) -> Vec<Cell> {
    let c = &rules.owners.column;
    let mut out: Vec<Cell> = Vec::new();
    let mut pending: Option<(u32, Vec<CellLine>)> = None;
    let ends_open = |s: &str| {
        let s = s.trim();
        s.ends_with(['/', ',', '&', '+']) || s.ends_with(" and") || lone_separator(s)
    };
    let starts_open = |s: &str| {
        let s = s.trim_start();
        s.starts_with(['/', ',', '&', '+'])
            || s.get(..4).is_some_and(|w| w.eq_ignore_ascii_case("and "))
            || lone_separator(s)
    };
    // The pending cell's last owner (`JD and Jane` → `Jane`) may be
    // the first half of a name wrapped onto the next line (`Doe.`).
    let last_part = |s: &str| -> String {
        let s = s.trim();
        let cut = rules
            .owners
            .separators
            .find_iter(s)
            .last()
            .map_or(0, |m| m.end());
        s[cut..].trim().to_string()
    };
    let joined = |ls: &[CellLine]| -> String {
        ls.iter()
            .map(|l| l.text.trim())
            .collect::<Vec<_>>()
            .join(" ")
    };
    // A name wrapped in a narrow column (`Jane` / `Smith`): two single
    // words, the first capitalised, that together read as one name.
    let wrapped_name = |a: &str, b: &str| {
        let (a, b) = (a.trim(), b.trim().trim_end_matches(['.', ',', ';']));
        let one_word = |w: &str| {
            !w.is_empty()
                && w.chars()
                    .all(|ch| ch.is_alphabetic() || ch == '-' || ch == '\'')
        };
        one_word(a)
            && one_word(b)
            && a.chars().next().is_some_and(char::is_uppercase)
            && a.chars().skip(1).any(char::is_lowercase)
            && parse_owners(&rules.owners, &format!("{a} {b}"))
                .is_some_and(|o| o.tokens.len() == 1 && o.tokens[0].kind == Kind::Name)
    };
    // A cell of several owners wrapped inside a name (`Clerk/Ann` over
    // `Lee`, `Mary` over `Jones/Tom`): the words either side of
    // the wrap make one name, and a separator says the cell lists owners.
    let wrapped_list = |a: &str, b: &str| {
        let (a, b) = (a.trim(), b.trim());
        let sep = |s: &str| s.contains(['/', '&', ',', '+']);
        if !(sep(a) || sep(b)) {
            return false;
        }
        let last = a.rsplit(['/', '&', ',', '+']).next().unwrap_or("").trim();
        let first = b.split(['/', '&', ',', '+']).next().unwrap_or("").trim();
        let word = |w: &str| {
            !w.is_empty()
                && !w.contains(' ')
                && w.chars().next().is_some_and(char::is_uppercase)
                && w.chars().skip(1).any(char::is_lowercase)
        };
        word(last)
            && word(first)
            && parse_owners(&rules.owners, &format!("{last} {first}"))
                .is_some_and(|o| o.tokens.len() == 1 && o.tokens[0].kind == Kind::Name)
    };
    let flush = |p: Option<(u32, Vec<CellLine>)>, out: &mut Vec<Cell>| {
        if let Some((page, ls)) = p {
            let text = ls
                .iter()
                .map(|l| l.text.trim())
                .collect::<Vec<_>>()
                .join(" ");
            let compact = text.replace("/ ", "/").replace(" /", "/");
            let (status, rest) = split_status(rules, &compact);
            if let Some((owners, due)) = cell_owners(rules, &rest) {
                out.push(Cell {
                    page,
                    headed: ls.iter().any(|l| l.headed),
                    lines: ls,
                    text: compact,
                    owners,
                    due,
                    status,
                });
            }
        }
    };
    for (page, l) in lines {
        let joins = match &pending {
            Some((pp, ls)) => {
                let last = &ls[ls.len() - 1];
                let h = (last.bottom - last.top).max(1.0);
                *pp == page
                    && ((l.top - last.bottom <= c.wrap_lines * h
                        && (ends_open(&last.text) || starts_open(&l.text)))
                        || (l.top - last.bottom <= 0.6 * h
                            && wrapped_name(&last_part(&joined(ls)), &l.text))
                        || (l.top - last.bottom <= 0.6 * h && wrapped_list(&last.text, &l.text))
                        || (l.top - last.bottom <= c.wrap_lines * h
                            && due_only(rules, &l.text)
                            && !due_only(rules, &joined(ls))))
            }
            None => false,
        };
        if joins {
            if let Some((_, ls)) = pending.as_mut() {
                ls.push(l);
            }
        } else {
            flush(pending.take(), &mut out);
            pending = Some((page, vec![l]));
        }
    }
    flush(pending, &mut out);
    out
}

/// A cell line that is only a due date (`by 31 Jan`, `20/01/25`, `March`)
/// or starts one (`by 13` / `December` in a narrow column): the owners'
/// cell above wrapped onto it (`Clerk` / `by 31 Jan`).
fn due_only(rules: &RuleSet, text: &str) -> bool {
    let t = text
        .trim()
        .trim_matches(|ch: char| matches!(ch, '(' | ')' | '-' | '–' | ',' | ' '));
    let d = &rules.dates;
    if t.get(..3).is_some_and(|w| w.eq_ignore_ascii_case("by ")) {
        return true;
    }
    !t.is_empty()
        && d.dues
            .iter()
            .chain(d.dates.iter())
            .chain(d.partial.iter())
            .any(|n| {
                n.re.find(t)
                    .is_some_and(|m| m.start() == 0 && m.end() == t.len())
            })
}

/// Status words in a cell (`Ongoing CC`, `On-going`, `Complete`) are the
/// action's status, not a person: they are cut out of the cell's text.
fn split_status(rules: &RuleSet, text: &str) -> (Option<String>, String) {
    let re = &rules.owners.log.status_words;
    let found: Vec<&str> = re.find_iter(text).map(|m| m.as_str()).collect();
    if found.is_empty() {
        return (None, text.to_string());
    }
    let rest = re.replace_all(text, " ");
    let rest = rest
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .trim_matches(|c: char| matches!(c, '-' | '–' | ',' | '/' | ' '))
        .to_string();
    (Some(found.join(" ")), rest)
}

/// The owners of a cell's text, and a due date printed with them
/// (`JS 31/03`, `AW by end May`, `IB (March 2013)`), which is cut off first.
fn cell_owners(rules: &RuleSet, text: &str) -> Option<(Owners, Option<String>)> {
    if let Some(o) = parse_owners(&rules.owners, text) {
        return Some((o, None));
    }
    // A cell that says what its owner is to do (`Clerk to place on
    // website`): the owners are its subject.
    if let Some(o) = rules
        .owners
        .log
        .subject
        .captures(text)
        .and_then(|c| parse_owners(&rules.owners, c.name("owners")?.as_str()))
    {
        return Some((o, None));
    }
    let d = &rules.dates;
    let mut cut: Option<(usize, usize, String)> = None;
    for re in d
        .dues
        .iter()
        .chain(d.dates.iter())
        .chain(d.partial.iter())
        .map(|n| &n.re)
    {
        if let Some(m) = re.find(text) {
            if cut.as_ref().is_none_or(|(s, _, _)| m.start() < *s) {
                cut = Some((m.start(), m.end(), m.as_str().to_string()));
            }
        }
    }
    let (s, e, printed) = cut?;
    let rest = format!("{} {}", &text[..s], &text[e..]);
    let rest = rest
        .trim()
        .trim_matches(|ch: char| matches!(ch, '(' | ')' | '-' | '–' | ',' | ' '));
    // `Clerk by` over `30/04/2025` (a due column beside the owner's, its
    // `by` on the owner's line): the `by` belongs to the date.
    let rest = match rest
        .len()
        .checked_sub(3)
        .and_then(|i| rest.get(i..).map(|t| (i, t)))
    {
        Some((i, t)) if t.eq_ignore_ascii_case(" by") => rest[..i].trim_end(),
        _ => rest,
    };
    let owners = parse_owners(&rules.owners, rest)?;
    let printed = printed.trim();
    let printed = match printed.get(..3) {
        Some(p) if p.eq_ignore_ascii_case("by ") => printed[3..].trim().to_string(),
        _ => printed.to_string(),
    };
    Some((owners, Some(printed)))
}
