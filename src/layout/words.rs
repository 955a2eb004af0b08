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
pub(crate) struct Row {
    pub baseline: f32,
    /// Median glyph size: the yardstick for every gap measured in the row.
    pub size: f32,
    /// Typical word space of the row: the median gap between its words,
    /// leaving out the widest one (which may be the column gap being
    /// judged); 0.25 × size when the row has fewer than two gaps.
    pub space: f32,
    pub words: Vec<RowWord>,
}

/// Builds the rows of a page, top to bottom.
pub(crate) fn rows(page: &PageGlyphs, params: &Params) -> Vec<Row> {
    let glyphs = &page.glyphs;
    let mut order: Vec<u32> = (0..glyphs.len() as u32)
        .filter(|&i| usable(&glyphs[i as usize]))
        .collect();
    // Unstable sorts throughout: keys are total orders with an index
    // tie-break where it matters, so the result is still deterministic.
    order.sort_unstable_by(|&a, &b| {
        glyphs[a as usize]
            .y
            .total_cmp(&glyphs[b as usize].y)
            .then(a.cmp(&b))
    });
    let blank: Vec<bool> = glyphs.iter().map(is_blank).collect();
    let clusters = baseline_clusters(glyphs, &order, params);
    let clusters = merge_raised(glyphs, clusters, params);
    clusters
        .into_iter()
        .filter_map(|c| build_row(page, &blank, c, params))
        .collect()
}

/// Glyphs with a position we can use. A producer bug (NaN matrix, zero
/// size) must not poison sorting or gap arithmetic.
fn usable(g: &Glyph) -> bool {
    g.x.is_finite() && g.y.is_finite() && g.width.is_finite() && g.size.is_finite() && g.size > 0.0
}

/// A set of glyph indices sharing a baseline.
struct Cluster {
    members: Vec<u32>,
    /// Mean baseline of the members.
    y: f32,
    /// Largest glyph size among the members.
    size: f32,
    x0: f32,
    x1: f32,
}

impl Cluster {
    fn new(glyphs: &[Glyph], i: u32) -> Self {
        let g = &glyphs[i as usize];
        Cluster {
            members: vec![i],
            y: g.y,
            size: g.size,
            x0: g.x,
            x1: g.x + g.width.max(0.0),
        }
    }

    fn push(&mut self, glyphs: &[Glyph], i: u32) {
        let g = &glyphs[i as usize];
        let n = self.members.len() as f32;
        self.y = (self.y * n + g.y) / (n + 1.0);
        self.size = self.size.max(g.size);
        self.x0 = self.x0.min(g.x);
        self.x1 = self.x1.max(g.x + g.width.max(0.0));
        self.members.push(i);
    }

    fn absorb(&mut self, other: Cluster) {
        // The baseline stays this cluster's: `other` is the raised/lowered one.
        self.size = self.size.max(other.size);
        self.x0 = self.x0.min(other.x0);
        self.x1 = self.x1.max(other.x1);
        self.members.extend(other.members);
    }
}

/// Groups glyphs (sorted by y) whose baselines lie within a tolerance
/// relative to the font size of the cluster's first glyph. Anchoring on the
/// first glyph (not the previous one) stops a chain of small offsets from
/// gluing two text lines together.
fn baseline_clusters(glyphs: &[Glyph], order: &[u32], params: &Params) -> Vec<Cluster> {
    let mut out: Vec<Cluster> = Vec::new();
    let mut anchor = f32::NEG_INFINITY;
    let mut anchor_size = 0.0f32;
    for &i in order {
        let g = &glyphs[i as usize];
        let tol = params.baseline_tolerance * anchor_size.min(g.size).max(1.0);
        match out.last_mut() {
            Some(c) if g.y - anchor <= tol.max(params.baseline_jitter) => c.push(glyphs, i),
            _ => {
                anchor = g.y;
                anchor_size = g.size;
                out.push(Cluster::new(glyphs, i));
            }
        }
    }
    out
}

/// Folds superscript and subscript clusters into the line they belong to: a
/// cluster of smaller glyphs whose baseline lies within the vertical reach of
/// a neighbouring cluster of larger glyphs, and which touches it
/// horizontally, is part of that line (`11th`, footnote marks, `CO2`).
fn merge_raised(glyphs: &[Glyph], clusters: Vec<Cluster>, params: &Params) -> Vec<Cluster> {
    let mut out: Vec<Cluster> = Vec::with_capacity(clusters.len());
    let mut rest = clusters.into_iter().peekable();
    while let Some(c) = rest.next() {
        // Try the cluster above, then the one below.
        if let Some(prev) = out.last_mut() {
            if attaches(glyphs, &c, prev, params) {
                prev.absorb(c);
                continue;
            }
        }
        if let Some(next) = rest.peek_mut() {
            if attaches(glyphs, &c, next, params) {
                next.absorb(c);
                continue;
            }
        }
        out.push(c);
    }
    out
}

/// Whether `minor` is a raised or lowered part of `major`'s line.
fn attaches(glyphs: &[Glyph], minor: &Cluster, major: &Cluster, params: &Params) -> bool {
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
    major.members.iter().any(|&j| {
        let g = &glyphs[j as usize];
        let gx1 = g.x + g.width.max(0.0);
        gx1 + reach >= minor.x0 && g.x - reach <= minor.x1
    })
}

/// Sorts a cluster by x, drops fake-bold duplicates and cuts it into words.
fn build_row(page: &PageGlyphs, blank: &[bool], c: Cluster, params: &Params) -> Option<Row> {
    let glyphs = &page.glyphs;
    let mut members = c.members;
    members.sort_unstable_by(|&a, &b| {
        let (ga, gb) = (&glyphs[a as usize], &glyphs[b as usize]);
        ga.x.total_cmp(&gb.x)
            .then(ga.y.total_cmp(&gb.y))
            .then(a.cmp(&b))
    });
    let kept = drop_duplicates(glyphs, blank, &members, params);
    if kept.is_empty() {
        return None;
    }
    let mut sizes: Vec<f32> = kept.iter().map(|&i| glyphs[i as usize].size).collect();
    sizes.sort_unstable_by(f32::total_cmp);
    let size = sizes[sizes.len() / 2];

    let mut words = Vec::new();
    let mut cur: Option<WordBuilder> = None;
    for &i in &kept {
        let g = &glyphs[i as usize];
        if blank[i as usize] {
            if let Some(w) = cur.take() {
                words.push(w.finish());
            }
            continue;
        }
        if let Some(w) = cur.as_mut() {
            let gap = g.x - w.x1;
            if gap > params.word_gap * w.max_size.max(g.size) {
                if let Some(w) = cur.take() {
                    words.push(w.finish());
                }
            }
        }
        match cur.as_mut() {
            Some(w) => w.push(page, g),
            None => cur = Some(WordBuilder::new(page, g)),
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
    Some(Row {
        baseline: c.y,
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
    g.text.chars().all(char::is_whitespace)
}

/// Removes glyphs that repeat an earlier glyph's text at (nearly) the same
/// position: producers fake bold by painting the text two or three times a
/// fraction of a point apart. `members` is sorted by x, so duplicates sit
/// within a short look-back window.
fn drop_duplicates(glyphs: &[Glyph], blank: &[bool], members: &[u32], params: &Params) -> Vec<u32> {
    let mut kept: Vec<u32> = Vec::with_capacity(members.len());
    for &i in members {
        let g = &glyphs[i as usize];
        let tol = params.duplicate_offset.min(0.2 * g.size);
        let mut dup = false;
        if !blank[i as usize] {
            for &k in kept.iter().rev() {
                let h = &glyphs[k as usize];
                if h.x < g.x - tol {
                    break;
                }
                let dx = (g.x - h.x).abs();
                // Not the natural next glyph of a tiny run (`ll` at 4pt).
                let close = dx <= tol && (h.width <= 0.0 || dx < 0.5 * h.width);
                if close && (g.y - h.y).abs() <= tol.max(0.1) && g.text == h.text {
                    dup = true;
                    break;
                }
            }
        }
        if !dup {
            kept.push(i);
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
    fn new(page: &PageGlyphs, g: &Glyph) -> Self {
        let mut w = WordBuilder {
            text: String::new(),
            x0: g.x,
            x1: g.x,
            top: f32::INFINITY,
            bottom: f32::NEG_INFINITY,
            max_size: 0.0,
            baseline: g.y,
            bold_chars: 0,
            chars: 0,
        };
        w.push(page, g);
        w
    }

    fn push(&mut self, page: &PageGlyphs, g: &Glyph) {
        self.text.push_str(&g.text);
        self.x0 = self.x0.min(g.x);
        self.x1 = self.x1.max(g.x + g.width.max(0.0));
        self.top = self.top.min(g.y - super::ASCENT * g.size);
        self.bottom = self.bottom.max(g.y + super::DESCENT * g.size);
        if g.size > self.max_size {
            self.max_size = g.size;
            self.baseline = g.y;
        }
        let n = g.text.chars().count();
        self.chars += n;
        let bold = page
            .fonts
            .get(g.font as usize)
            .map(|f| f.bold)
            .unwrap_or(false);
        if bold {
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
            },
            baseline: self.baseline,
        }
    }
}
