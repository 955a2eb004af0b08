//! The `layout` stage: glyphs → words → lines → column regions.
//!
//! Lines never cross a column gap: the narrow right-hand Action column of a
//! minutes page comes out as lines of its own, with their own y, so the
//! `minutes` stage can tie each owner cell to the text beside it.
//!
//! Steps: [`words`] groups glyphs into rows by baseline and cuts rows into
//! words; [`columns`] finds the column gaps (rules, whitespace rivers, very
//! wide gaps) and cuts rows into lines; this module numbers the columns and
//! puts the lines in reading order; [`grid`] gathers the lines sharing a
//! visual row into [`Row`]s cut into [`Cell`]s, and [`tables`] finds the
//! [`Table`]s of the page (ruled grids, aligned cells).
//!
//! The `layout` stage owns geometry: which words share a row, where a cell
//! ends, which rows form a table. Every tolerance of those decisions is a
//! field of [`Params`]. The `minutes` stage takes rows, cells and tables as
//! given and only decides what a cell means (an owner cell, an item number,
//! a status, a log header), by the rules.

mod columns;
mod grid;
pub mod render;
mod strike;
mod tables;
mod words;

use crate::pdf::{PageGlyphs, PdfDocument, Rule};
use serde::Serialize;

/// Height of a word box above the baseline, as a fraction of the font size.
/// The `pdf` stage gives no font ascent, and a fixed typical value keeps
/// boxes comparable across fonts.
pub const ASCENT: f32 = 0.8;
/// Depth of a word box below the baseline, as a fraction of the font size.
pub const DESCENT: f32 = 0.2;

/// An axis-aligned box in page space (top-left origin, y down).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Default)]
pub struct BBox {
    pub x0: f32,
    pub y0: f32,
    pub x1: f32,
    pub y1: f32,
}

/// A run of glyphs with no word break between them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Word {
    pub text: String,
    pub bbox: BBox,
    /// Font size in points.
    pub size: f32,
    pub bold: bool,
    /// A horizontal rule is drawn through the word's middle (see
    /// [`strike`]): minutes kept as checklists strike completed actions
    /// through. Not serialised when false, so the JSON of ordinary text is
    /// unchanged.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub struck: bool,
}

/// Words sharing a baseline within one column region.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Line {
    pub bbox: BBox,
    /// Baseline (page space, from the top).
    pub baseline: f32,
    pub words: Vec<Word>,
    /// Index into [`Page::columns`].
    pub column: usize,
}

impl Line {
    /// The words joined by single spaces.
    pub fn text(&self) -> String {
        let mut s = String::new();
        for (i, w) in self.words.iter().enumerate() {
            if i > 0 {
                s.push(' ');
            }
            s.push_str(&w.text);
        }
        s
    }
}

/// A vertical region of the page whose lines read together.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Column {
    pub x0: f32,
    pub x1: f32,
}

/// One laid-out page.
///
/// **Reading order of `lines`:** top to bottom by visual row (lines whose
/// baselines fall within the row tolerance share a row), and within one row
/// left column first. So the Action column's `MA/LMcV` comes right after
/// the minute-text line it sits beside, not after the whole column: the
/// `minutes` stage ties an owner cell to the text on its row, which this
/// order keeps adjacent. Text that reads column by column (a two-column
/// article) comes out interleaved row by row; use `Line::column` to
/// regroup it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Page {
    pub number: u32,
    pub width: f32,
    pub height: f32,
    pub lines: Vec<Line>,
    pub columns: Vec<Column>,
    /// Table rules kept from the `pdf` stage.
    pub rules: Vec<Rule>,
    /// Glyphs that decoded to U+FFFD.
    pub unmapped: u32,
    /// Whether the page has images but no text (probably scanned).
    pub scanned: bool,
}

impl Page {
    /// Lines of one column, in reading order.
    pub fn column_lines(&self, column: usize) -> impl Iterator<Item = &Line> {
        self.lines.iter().filter(move |l| l.column == column)
    }

    /// The word a [`CellWord`] points at.
    pub fn word(&self, at: &CellWord) -> &Word {
        &self.lines[at.line as usize].words[at.word as usize]
    }

    /// A cell's words as printed: a space between words, none where a word
    /// is glued to the one before it (see [`CellWord::glued`]).
    pub fn cell_text(&self, cell: &Cell) -> String {
        let mut s = String::new();
        for (i, at) in cell.words.iter().enumerate() {
            if i > 0 && !at.glued {
                s.push(' ');
            }
            s.push_str(&self.word(at).text);
        }
        s
    }
}

/// The lines sharing one visual row of the page, across every column, and
/// the row cut into cells.
///
/// Rows are looser than the lines' own baselines: a cell of a table whose
/// baseline sits a little lower than its neighbours' (vertically centred
/// cells, a different font size) still shares their row, within
/// [`Params::row_tolerance`]. The `minutes` stage reads a page row by row,
/// so an Action cell meets the minute text beside it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Row {
    /// Baseline of the row's top-most line.
    pub baseline: f32,
    /// The union of the lines' boxes.
    pub bbox: BBox,
    /// Indices into [`Page::lines`], by baseline then left edge.
    pub lines: Vec<usize>,
    /// The row's words cut at wide gaps, left to right.
    pub cells: Vec<Cell>,
}

/// A run of a row's words, left to right, with no gap wider than
/// [`Params::cell_gap`] font sizes between them: one cell of a table, the
/// minute text beside an Action column, an owner cell.
///
/// A cell is cut from the whole visual row, not from one line: where two
/// columns are set closer than the cell gap (a ruled table with narrow
/// padding) one cell spans both, and [`Table`] gives the grid.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cell {
    /// The union of the words' boxes.
    pub bbox: BBox,
    /// Index into [`Page::columns`]: the column of the cell's first word.
    pub column: usize,
    /// The words, left to right (blank words left out).
    pub words: Vec<CellWord>,
}

/// Where a cell's word lives: `Page::lines[line].words[word]`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct CellWord {
    pub line: u32,
    pub word: u32,
    /// The word touches the one before it (a gap of at most
    /// [`Params::touch_gap`] font sizes): one printed word the producer
    /// painted in two runs (`re-` `established`), joined with no space.
    pub glued: bool,
}

/// A table of the page: a grid of rows × columns.
///
/// Found from ruling lines (`ruled`: the cell borders Word and LibreOffice
/// draw) or, without rules, from cells whose edges line up in the same
/// page columns over consecutive rows.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Table {
    pub bbox: BBox,
    /// Column edges, left to right: grid column `c` spans `xs[c]..xs[c + 1]`.
    pub xs: Vec<f32>,
    /// Row edges, top to bottom: grid row `r` spans `ys[r]..ys[r + 1]`.
    pub ys: Vec<f32>,
    /// Drawn with rules rather than seen in aligned cells.
    pub ruled: bool,
    /// Every grid cell, row by row (`cells[r * (xs.len() - 1) + c]`).
    pub cells: Vec<TableCell>,
    /// Indices into the page's visual rows ([`structure_of`]) inside the table.
    pub rows: Vec<usize>,
}

impl Table {
    /// Number of grid columns.
    pub fn columns(&self) -> usize {
        self.xs.len().saturating_sub(1)
    }

    /// The grid cell at row `r`, column `c`.
    pub fn cell(&self, r: usize, c: usize) -> Option<&TableCell> {
        if c >= self.columns() {
            return None;
        }
        self.cells.get(r * self.columns() + c)
    }

    /// The grid column an x position falls in, if inside the table.
    pub fn column_at(&self, x: f32) -> Option<usize> {
        if self.xs.len() < 2 || x < self.xs[0] || x > self.xs[self.xs.len() - 1] {
            return None;
        }
        Some(
            self.xs[1..self.xs.len() - 1]
                .iter()
                .take_while(|&&e| e <= x)
                .count(),
        )
    }
}

/// One grid cell of a [`Table`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TableCell {
    pub row: usize,
    pub column: usize,
    pub bbox: BBox,
    /// Indices into [`Page::lines`] of the lines inside, in reading order.
    pub lines: Vec<usize>,
}

/// Thresholds of the layout heuristics, in font sizes unless said
/// otherwise. Tuned on the seed and archive corpus (Word/LibreOffice,
/// reportlab and Chromium output) against `pdftotext`.
#[derive(Debug, Clone, PartialEq)]
pub struct Params {
    /// Glyphs whose baselines differ by at most this (× the smaller font
    /// size) share a row.
    pub baseline_tolerance: f32,
    /// Absolute baseline jitter (points) always tolerated.
    pub baseline_jitter: f32,
    /// A raised/lowered cluster joins a line when its glyphs are at most
    /// this fraction of the line's size…
    pub script_size_ratio: f32,
    /// …its baseline at most this far above…
    pub script_rise: f32,
    /// …or this far below the line's baseline…
    pub script_drop: f32,
    /// …and it lies within this distance of a glyph of the line.
    pub script_reach: f32,
    /// A gap between glyphs wider than this is a word break.
    pub word_gap: f32,
    /// A space glyph starting further than this inside the word before it
    /// overlaps that word and breaks nothing.
    pub blank_overlap: f32,
    /// Fake-bold duplicates: same text repainted within this many points.
    pub duplicate_offset: f32,
    /// A gap wider than this always cuts a line, column or not.
    pub column_gap: f32,
    /// Smallest gap that can start a whitespace river.
    pub river_min_gap: f32,
    /// …and at least this many times the row's typical word space.
    pub river_space_ratio: f32,
    /// An accepted river cuts rows whose gap at it is at least this wide;
    /// a narrower gap bridging it disqualifies it.
    pub river_split_gap: f32,
    /// A river band never narrows below this width.
    pub river_min_width: f32,
    /// Fewest consecutive rows a river must run through.
    pub river_min_rows: usize,
    /// A river cut on one row only must run through this many rows.
    pub river_lone_rows: usize,
    /// A river this many rows long is a column gap by itself.
    pub river_long_rows: usize,
    /// Rows further apart than this (baseline to baseline) end a river.
    pub river_max_leading: f32,
    /// Text ending within this distance left of a river abuts it.
    pub river_abut: f32,
    /// Text left of a river no wider than this is a list-marker gutter.
    pub gutter_width: f32,
    /// Thickest rectangle (points) taken as a rule.
    pub rule_thickness: f32,
    /// Shortest vertical rule (points) that can separate columns.
    pub rule_min_length: f32,
    /// Vertical rule pieces within this x distance (points) are collinear…
    pub rule_align: f32,
    /// …and join across y gaps up to this (points).
    pub rule_join: f32,
    /// Slack (points) when testing whether a rule lies in a gap.
    pub edge_slack: f32,
    /// Lines whose baselines differ by at most this (× the larger font
    /// size of the line joining) share a visual [`Row`]. Looser than
    /// `baseline_tolerance`: lines are cut apart by then, and a table
    /// cell set a little lower than the cell beside it is the same row.
    pub row_tolerance: f32,
    /// A gap between words wider than this ends a [`Cell`] (the gap
    /// between the minute text and an Action column, between table cells).
    pub cell_gap: f32,
    /// A gap between words of a cell at most this wide glues them into one
    /// printed word ([`CellWord::glued`]).
    pub touch_gap: f32,
    /// Ruling lines whose ends come within this (points) of another rule
    /// meet it: they are borders of one table.
    pub table_rule_slack: f32,
    /// A page with more rules than this (after joining collinear pieces) is
    /// drawing, not tables: no ruled table is looked for (bounds the work).
    pub table_max_rules: usize,
    /// Fewest rows of aligned cells that make an unruled table.
    pub table_min_rows: usize,
    /// Cells of one column line up when their left edges lie within this.
    pub table_align: f32,
    /// A horizontal rule strikes a word through when its middle lies
    /// between `strike_low` and `strike_high` font sizes above the word's
    /// baseline: fonts put the strike-out line about a quarter of the size
    /// up (mid x-height); an underline lies at or below the baseline and a
    /// table border above the capitals or under the descenders.
    pub strike_low: f32,
    pub strike_high: f32,
    /// …is no thicker than this (× font size), so a filled highlight or
    /// table shading behind the text is not a strike…
    pub strike_thickness: f32,
    /// …and covers at least this share of the word's width.
    pub strike_cover: f32,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            baseline_tolerance: 0.25,
            baseline_jitter: 0.5,
            script_size_ratio: 0.85,
            script_rise: 0.6,
            script_drop: 0.4,
            script_reach: 1.0,
            word_gap: 0.15,
            blank_overlap: 0.25,
            duplicate_offset: 1.0,
            column_gap: 3.5,
            river_min_gap: 0.8,
            river_space_ratio: 1.6,
            river_split_gap: 0.5,
            river_min_width: 0.4,
            river_min_rows: 3,
            river_lone_rows: 6,
            river_long_rows: 10,
            river_max_leading: 5.0,
            river_abut: 3.0,
            gutter_width: 3.0,
            rule_thickness: 2.5,
            rule_min_length: 8.0,
            rule_align: 1.0,
            rule_join: 3.0,
            edge_slack: 0.5,
            row_tolerance: 0.35,
            cell_gap: 2.0,
            touch_gap: 0.1,
            table_rule_slack: 2.0,
            table_max_rules: 2000,
            table_min_rows: 3,
            table_align: 1.0,
            strike_low: 0.15,
            strike_high: 0.6,
            strike_thickness: 0.2,
            strike_cover: 0.7,
        }
    }
}

/// Lays out one page with the default parameters.
pub fn layout_page(p: &PageGlyphs) -> Page {
    layout_page_with(p, &Params::default())
}

/// Lays out every page of a document.
pub fn layout_document(d: &PdfDocument) -> Vec<Page> {
    let params = Params::default();
    d.pages
        .iter()
        .map(|p| layout_page_with(p, &params))
        .collect()
}

/// Lays out one page: glyphs → rows of words → lines cut at column gaps →
/// numbered columns, lines in reading order (see [`Page`]).
pub fn layout_page_with(p: &PageGlyphs, params: &Params) -> Page {
    let rows = words::rows(p, params);
    let bounds = columns::boundaries(&rows, &p.rules, params);
    let splits = columns::split_rows(&rows, &bounds, params);
    let cuts = column_cuts(&bounds);
    let strikes = strike::Strikes::new(&p.rules);

    let mut lines = Vec::new();
    for (mut row, parts) in rows.into_iter().zip(splits) {
        for w in &mut row.words {
            w.word.struck = strikes.crosses(&w.word, w.baseline, params);
        }
        let mut words = row.words.into_iter();
        let mut taken = 0;
        for (start, end) in parts {
            debug_assert_eq!(start, taken);
            let ws: Vec<words::RowWord> = words.by_ref().take(end - taken).collect();
            taken = end;
            if let Some(line) = make_line(ws, &cuts) {
                lines.push(line);
            }
        }
    }
    let mut columns = Vec::with_capacity(cuts.len() + 1);
    let mut x0 = 0.0f32;
    for &c in &cuts {
        columns.push(Column { x0, x1: c });
        x0 = c;
    }
    columns.push(Column {
        x0,
        x1: p.width.max(x0),
    });
    Page {
        number: p.number,
        width: p.width,
        height: p.height,
        scanned: p.glyphs.is_empty() && p.images > 0,
        lines,
        columns,
        rules: p.rules.clone(),
        unmapped: p.unmapped,
    }
}

/// A page's visual rows cut into cells (top to bottom), and its tables (top
/// to bottom), from its lines and rules. Not kept in [`Page`]: the
/// `minutes` stage asks for them one page at a time
/// (`minutes::rows::rows_of`), so the grid of every page of a 2,000-page
/// document is never held at once (it costs as much memory again as the
/// lines).
pub fn structure_of(page: &Page, params: &Params) -> (Vec<Row>, Vec<Table>) {
    let rows = grid::rows(&page.lines, params);
    let tables = tables::find(page, &rows, params);
    (rows, tables)
}

/// Page-wide column cut positions (sorted). Boundaries found in different
/// regions of the page that overlap in x are one column gap, cut at the
/// middle of their common part (of the narrowest band when they only
/// chain). A boundary found over a few rows still names a page column, so
/// an Action cell alone on its row gets the same index as the others.
fn column_cuts(bounds: &[columns::Boundary]) -> Vec<f32> {
    let mut bands: Vec<(f32, f32)> = bounds.iter().map(|b| (b.lo, b.hi)).collect();
    bands.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)));
    let mut cuts = Vec::new();
    let mut i = 0;
    while i < bands.len() {
        let (mut reach, mut common, mut narrowest) = (bands[i].1, bands[i], bands[i]);
        let mut j = i + 1;
        while j < bands.len() && bands[j].0 <= reach {
            let b = bands[j];
            reach = reach.max(b.1);
            common = (common.0.max(b.0), common.1.min(b.1));
            if b.1 - b.0 < narrowest.1 - narrowest.0 {
                narrowest = b;
            }
            j += 1;
        }
        let pick = if common.0 <= common.1 {
            common
        } else {
            narrowest
        };
        cuts.push(0.5 * (pick.0 + pick.1));
        i = j;
    }
    cuts
}

fn make_line(ws: Vec<words::RowWord>, cuts: &[f32]) -> Option<Line> {
    let first = ws.first()?;
    let mut bbox = first.word.bbox;
    let mut best = (first.word.size, first.baseline);
    for w in &ws[1..] {
        bbox.x0 = bbox.x0.min(w.word.bbox.x0);
        bbox.y0 = bbox.y0.min(w.word.bbox.y0);
        bbox.x1 = bbox.x1.max(w.word.bbox.x1);
        bbox.y1 = bbox.y1.max(w.word.bbox.y1);
        if w.word.size > best.0 {
            best = (w.word.size, w.baseline);
        }
    }
    let column = cuts.iter().take_while(|&&c| c <= bbox.x0).count();
    Some(Line {
        bbox,
        baseline: best.1,
        words: ws.into_iter().map(|w| w.word).collect(),
        column,
    })
}

#[cfg(test)]
mod tests;
