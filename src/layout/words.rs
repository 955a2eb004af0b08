//! Glyphs → rows of words.
//!
//! A *row* is every glyph sharing a baseline across the whole page width;
//! splitting rows into column lines happens later (`columns`), because the
//! column gaps are only visible once all rows are known.

use super::{BBox, Params, Word};
use crate::pdf::{Glyph, PageGlyphs};

/// A word plus what later steps need and [`Word`] does not carry.
#[derive(Debug, Clone)]
pub(crate) struct RowWord {
    pub word: Word,
    /// Baseline of the word's main (largest) glyphs.
    pub baseline: f32,
}

/// Glyphs on one visual baseline, as words sorted by x.
#[derive(Debug, Clone)]
pub(crate) struct BaselineRow {
    pub baseline: f32,
    /// Median glyph size: the yardstick for every gap measured in the row.
    pub size: f32,
    /// Typical word space of the row: the median gap between its words,
    /// leaving out the widest one (which may be the column gap being
    /// judged); 0.25 × size when the row has fewer than two gaps.
    pub space: f32,
    pub words: Vec<RowWord>,
}

/// What layout needs of one glyph, packed: the rows are built by sorting
/// and scanning these records, which stay contiguous in memory instead of
/// being reached through indices into the (much larger) glyph list.
#[derive(Debug, Clone, Copy)]
struct G {
    /// Sort key of the current sort (see [`sort_key`]).
    key: u64,
    x: f32,
    y: f32,
    /// `x` + [`advance`].
    x1: f32,
    size: f32,
    /// Index into `PageGlyphs::glyphs` (text, stream order).
    idx: u32,
    /// Characters in the glyph's text (a ligature unfolds to several).
    chars: u16,
    blank: bool,
    bold: bool,
}

/// Builds the rows of a page, top to bottom.
pub(crate) fn rows(page: &PageGlyphs, params: &Params) -> Vec<BaselineRow> {
    let mut gs: Vec<G> = Vec::with_capacity(page.glyphs.len());
    for (i, g) in page.glyphs.iter().enumerate() {
        if !usable(g) {
            continue;
        }
        gs.push(G {
            key: sort_key(g.y, i as u32),
            x: g.x,
            y: g.y,
            x1: g.x + advance(g),
            size: g.size,
            idx: i as u32,
            chars: char_count(&g.text).min(u16::MAX as usize) as u16,
            blank: is_blank(g),
            bold: page.fonts.get(g.font as usize).is_some_and(|f| f.bold),
        });
    }
    // Ties broken by stream order: deterministic with an unstable sort.
    gs.sort_unstable_by_key(|g| g.key);
    let clusters = baseline_clusters(&gs, params);
    let clusters = merge_raised(&gs, clusters, params);
    clusters
        .into_iter()
        .filter_map(|c| {
            let members = &mut gs[c.start..c.end];
            for g in members.iter_mut() {
                g.key = sort_key(g.x, g.idx);
            }
            members.sort_unstable_by_key(|g| g.key);
            build_row(page, members, c.y, params)
        })
        .collect()
}

/// A sort key: the coordinate's bits in numeric order, then the index.
fn sort_key(v: f32, idx: u32) -> u64 {
    let b = v.to_bits();
    let ordered = if b & 0x8000_0000 != 0 {
        !b
    } else {
        b | 0x8000_0000
    };
    (u64::from(ordered) << 32) | u64::from(idx)
}

/// Glyphs with a position we can use. A producer bug (NaN matrix, zero
/// size) must not poison sorting or gap arithmetic.
fn usable(g: &Glyph) -> bool {
    g.x.is_finite() && g.y.is_finite() && g.width.is_finite() && g.size.is_finite() && g.size > 0.0
}

/// Advance width used for gaps and boxes: the glyph's width, capped at
/// `MAX_ADVANCE` font sizes per character. A font with a broken width
/// table (Helvetica-Bold advancing 3 em per digit) would otherwise glue
/// every glyph it overlaps into one word; no real glyph is that wide.
pub(crate) fn advance(g: &Glyph) -> f32 {
    let chars = char_count(&g.text).max(1) as f32;
    g.width.clamp(0.0, MAX_ADVANCE * g.size * chars)
}

/// Characters in a glyph's text; nearly always one ASCII byte.
fn char_count(s: &str) -> usize {
    if s.len() == 1 {
        1
    } else {
        s.chars().count()
    }
}

/// See [`advance`].
const MAX_ADVANCE: f32 = 1.5;

/// A run of the y-sorted glyphs sharing a baseline. Clusters only ever
/// merge with their neighbours, so each stays one contiguous range.
#[derive(Debug, Clone, Copy)]
struct Cluster {
    start: usize,
    end: usize,
    /// Mean baseline of the members (of the main line after a merge).
    y: f32,
    /// Largest glyph size among the members.
    size: f32,
    x0: f32,
    x1: f32,
}

impl Cluster {
    fn new(gs: &[G], i: usize) -> Self {
        let g = &gs[i];
        Cluster {
            start: i,
            end: i + 1,
            y: g.y,
            size: g.size,
            x0: g.x,
            x1: g.x1,
        }
    }

    fn push(&mut self, g: &G) {
        let n = (self.end - self.start) as f32;
        self.y = (self.y * n + g.y) / (n + 1.0);
        self.size = self.size.max(g.size);
        self.x0 = self.x0.min(g.x);
        self.x1 = self.x1.max(g.x1);
        self.end += 1;
    }

    /// Takes in a neighbouring cluster; the baseline stays this one's
    /// (`other` is the raised or lowered part).
    fn absorb(&mut self, other: Cluster) {
        self.size = self.size.max(other.size);
        self.x0 = self.x0.min(other.x0);
        self.x1 = self.x1.max(other.x1);
        self.start = self.start.min(other.start);
        self.end = self.end.max(other.end);
    }
}

/// Groups glyphs (sorted by y) whose baselines lie within a tolerance
/// relative to the font size of the cluster's first glyph. Anchoring on the
/// first glyph (not the previous one) stops a chain of small offsets from
/// gluing two text lines together.
fn baseline_clusters(gs: &[G], params: &Params) -> Vec<Cluster> {
    let mut out: Vec<Cluster> = Vec::new();
    let mut anchor = f32::NEG_INFINITY;
    let mut anchor_size = 0.0f32;
    for (i, g) in gs.iter().enumerate() {
        let tol = params.baseline_tolerance * anchor_size.min(g.size).max(1.0);
        match out.last_mut() {
            Some(c) if g.y - anchor <= tol.max(params.baseline_jitter) => c.push(g),
            _ => {
                anchor = g.y;
                anchor_size = g.size;
                out.push(Cluster::new(gs, i));
            }
        }
    }
    out
}

/// Folds superscript and subscript clusters into the line they belong to: a
/// cluster of smaller glyphs whose baseline lies within the vertical reach of
/// a neighbouring cluster of larger glyphs, and which touches it
/// horizontally, is part of that line (`11th`, footnote marks, `CO2`).
fn merge_raised(gs: &[G], clusters: Vec<Cluster>, params: &Params) -> Vec<Cluster> {
    let mut out: Vec<Cluster> = Vec::with_capacity(clusters.len());
    let mut rest = clusters.into_iter().peekable();
    while let Some(c) = rest.next() {
        // Try the cluster above, then the one below.
        if let Some(prev) = out.last_mut() {
            if attaches(gs, &c, prev, params) {
                prev.absorb(c);
                continue;
            }
        }
        if let Some(next) = rest.peek_mut() {
            if attaches(gs, &c, next, params) {
                next.absorb(c);
                continue;
            }
        }
        out.push(c);
    }
    out
}

/// Whether `minor` is a raised or lowered part of `major`'s line.
fn attaches(gs: &[G], minor: &Cluster, major: &Cluster, params: &Params) -> bool {
    let s = major.size;
    if minor.size > params.script_size_ratio * s {
        return false;
    }
    let dy = minor.y - major.y;
    if dy < -params.script_rise * s || dy > params.script_drop * s {
        return false;
    }
    // Horizontally touching: some major glyph within one font size.
    let reach = s * params.script_reach;
    if minor.x1 + reach < major.x0 || minor.x0 - reach > major.x1 {
        return false;
    }
    gs[major.start..major.end]
        .iter()
        .any(|g| g.x1 + reach >= minor.x0 && g.x - reach <= minor.x1)
}

/// Drops fake-bold duplicates from a row (sorted by x) and cuts it into
/// words.
fn build_row(
    page: &PageGlyphs,
    members: &[G],
    baseline: f32,
    params: &Params,
) -> Option<BaselineRow> {
    let kept = drop_duplicates(page, members, params);
    if kept.is_empty() {
        return None;
    }
    let mut sizes: Vec<f32> = kept.iter().map(|g| g.size).collect();
    let mid = sizes.len() / 2;
    let size = *sizes.select_nth_unstable_by(mid, f32::total_cmp).1;

    let mut words = Vec::new();
    let mut cur: Option<WordBuilder> = None;
    // The last space seen after the current word: (x, advance).
    let mut pending: Option<(f32, f32)> = None;
    for g in &kept {
        if g.blank {
            // A space breaks the word it follows, not one it overlaps: Word
            // paints a paragraph's leading space under its first letter.
            if cur
                .as_ref()
                .is_some_and(|w| g.x >= w.x1 - params.blank_overlap * g.size)
            {
                pending = Some((g.x, g.x1 - g.x));
            }
            continue;
        }
        if let Some(w) = cur.as_mut() {
            let gap = g.x - w.x1;
            // …nor does a space the next glyph covers (Word paints spaces
            // under a raised `th`).
            let spaced = pending.is_some_and(|(x, adv)| g.x >= x + 0.5 * adv);
            if spaced || gap > params.word_gap * w.max_size.max(g.size) {
                if let Some(w) = cur.take() {
                    words.push(w.finish());
                }
            }
        }
        pending = None;
        let text = page.glyphs[g.idx as usize].text.as_str();
        match cur.as_mut() {
            Some(w) => w.push(g, text),
            None => cur = Some(WordBuilder::new(g, text)),
        }
    }
    if let Some(w) = cur.take() {
        words.push(w.finish());
    }
    if words.is_empty() {
        return None;
    }
    let mut gaps: Vec<f32> = words
        .windows(2)
        .map(|p| p[1].word.bbox.x0 - p[0].word.bbox.x1)
        .collect();
    gaps.sort_unstable_by(f32::total_cmp);
    gaps.pop();
    let space = if gaps.is_empty() {
        0.25 * size
    } else {
        gaps[gaps.len() / 2].max(0.0)
    };
    Some(BaselineRow {
        baseline,
        size,
        space,
        words,
    })
}

/// A glyph that only separates words: its text is white space (a space, a
/// no-break space) or empty. The text decides, not `Glyph::space`: subset
/// fonts (LibreOffice) give code 32 to ordinary letters, and such a glyph
/// is an `s`, not a word break.
fn is_blank(g: &Glyph) -> bool {
    match g.text.as_bytes() {
        [b] if *b != b' ' && b.is_ascii() && !b.is_ascii_whitespace() => false,
        _ => g.text.chars().all(char::is_whitespace),
    }
}

/// Removes glyphs that repeat an earlier glyph's text at (nearly) the same
/// position: producers fake bold by painting the text two or three times a
/// fraction of a point apart. `members` is sorted by x, so duplicates sit
/// within a short look-back window.
fn drop_duplicates(page: &PageGlyphs, members: &[G], params: &Params) -> Vec<G> {
    let text = |g: &G| page.glyphs[g.idx as usize].text.as_str();
    let mut kept: Vec<G> = Vec::with_capacity(members.len());
    for g in members {
        let tol = params.duplicate_offset.min(0.2 * g.size);
        let mut dup = false;
        if !g.blank {
            for h in kept.iter().rev() {
                if h.x < g.x - tol {
                    break;
                }
                let dx = (g.x - h.x).abs();
                let adv = h.x1 - h.x;
                // Not the natural next glyph of a tiny run (`ll` at 4pt).
                let close = dx <= tol && (adv <= 0.0 || dx < 0.5 * adv);
                if close && (g.y - h.y).abs() <= tol.max(0.1) && text(g) == text(h) {
                    dup = true;
                    break;
                }
            }
        }
        if !dup {
            kept.push(*g);
        }
    }
    kept
}

struct WordBuilder {
    text: String,
    x0: f32,
    x1: f32,
    top: f32,
    bottom: f32,
    max_size: f32,
    /// Baseline of the largest glyph (a superscript does not move it).
    baseline: f32,
    bold_chars: usize,
    chars: usize,
}

impl WordBuilder {
    fn new(g: &G, text: &str) -> Self {
        let mut w = WordBuilder {
            text: String::with_capacity(16),
            x0: g.x,
            x1: g.x,
            top: f32::INFINITY,
            bottom: f32::NEG_INFINITY,
            max_size: 0.0,
            baseline: g.y,
            bold_chars: 0,
            chars: 0,
        };
        w.push(g, text);
        w
    }

    fn push(&mut self, g: &G, text: &str) {
        self.text.push_str(text);
        self.x0 = self.x0.min(g.x);
        self.x1 = self.x1.max(g.x1);
        self.top = self.top.min(g.y - super::ASCENT * g.size);
        self.bottom = self.bottom.max(g.y + super::DESCENT * g.size);
        if g.size > self.max_size {
            self.max_size = g.size;
            self.baseline = g.y;
        }
        let n = usize::from(g.chars);
        self.chars += n;
        if g.bold {
            self.bold_chars += n;
        }
    }

    fn finish(self) -> RowWord {
        RowWord {
            word: Word {
                text: self.text,
                bbox: BBox {
                    x0: self.x0,
                    y0: self.top,
                    x1: self.x1,
                    y1: self.bottom,
                },
                size: self.max_size,
                bold: self.chars > 0 && 2 * self.bold_chars >= self.chars,
                struck: false,
            },
            baseline: self.baseline,
        }
    }
}
