//! Actions struck through: minutes kept as a checklist (an action log in a
//! shared document, a `Action items | Person responsible` template) mark a
//! completed action only by striking its text through (and ticking a box
//! the text layer does not show). The layout stage flags the struck words
//! ([`crate::layout::Word::struck`]); here an action whose own words are
//! mostly struck is read as `done`, with [`STATUS_TEXT`] as its printed
//! status.
//!
//! The words are found by position: the reader's lines keep each word's
//! left edge ([`WordRun::starts`]), which is the layout word's own, so a word
//! of an action's text is looked up on its page by that edge and its row.

use super::actions::OwnerSpan;
use super::items::ItemSpan;
use super::rows::{DocumentView, TextLine, WordRun};
use crate::layout::Page;
use crate::model::Source;

/// The status class of an action read as struck through (the `done`
/// class of `[[status.class]]` in `rules/labels.toml`).
pub const STATUS: &str = "done";
/// The printed status given to an action read as struck through.
pub const STATUS_TEXT: &str = "struck through";

/// Share of an action's words that must be struck for the action to be.
/// A minute that corrects a word or two by striking them (`~~Tuesday~~
/// Wednesday`) is not a completed action; a completed one is struck whole.
pub const MIN_SHARE: f32 = 0.75;

/// The struck words of a document: (page, left edge, middle y), sorted.
pub struct Struck {
    words: Vec<(u32, f32, f32)>,
}

impl Struck {
    pub fn new(pages: &[Page]) -> Self {
        let mut words: Vec<(u32, f32, f32)> = pages
            .iter()
            .flat_map(|p| {
                p.lines.iter().flat_map(move |l| {
                    l.words
                        .iter()
                        .filter(|w| w.struck)
                        .map(move |w| (p.number, w.bbox.x0, 0.5 * (w.bbox.y0 + w.bbox.y1)))
                })
            })
            .collect();
        words.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)));
        Struck { words }
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// Whether the word starting at `x0` on `line` is struck.
    fn at(&self, line: &TextLine, x0: f32) -> bool {
        /// Left edges are copied from the layout word, so they agree to
        /// rounding; the slack only absorbs float noise.
        const SLACK: f32 = 0.05;
        let from = self
            .words
            .partition_point(|w| (w.0, w.1) < (line.page, x0 - SLACK));
        self.words[from..]
            .iter()
            .take_while(|w| w.0 == line.page && w.1 <= x0 + SLACK)
            .any(|w| w.2 >= line.top && w.2 <= line.bottom)
    }

    /// (struck, all) words of the action `f` of `items`: the words of its
    /// span of the item's minute text, and for a log row the words of its
    /// task cell.
    pub fn count(&self, f: &OwnerSpan, items: &[ItemSpan], view: &DocumentView) -> (usize, usize) {
        let mut n = (0, 0);
        if self.is_empty() {
            return n;
        }
        let Some(it) = items.get(f.item) else {
            return n;
        };
        let body = &it.body;
        if f.end > f.start && !body.lines.is_empty() {
            let (first, last) = (body.line_at(f.start), body.line_at(f.end - 1));
            for b in &body.lines[first..=last.min(body.lines.len() - 1)] {
                let Some(line) = view.lines.get(b.line) else {
                    continue;
                };
                // The body holds the line's text trimmed; a heading line is
                // its heading's text and may differ: skipped.
                let lead = line.text.len() - line.text.trim_start().len();
                if body.text.get(b.start..b.end) != Some(line.text.trim()) {
                    continue;
                }
                for (x0, s, e) in word_spans(&line.frags) {
                    let (s, e) = (b.start + s - lead.min(s), b.start + e - lead.min(e));
                    if s < f.end && e > f.start {
                        n.1 += 1;
                        n.0 += usize::from(self.at(line, x0));
                    }
                }
            }
        }
        if let (Source::Log, Some(task)) = (f.source, &f.task) {
            let at = body.lines.get(body.line_at(f.start)).map(|b| b.line);
            let m = self.in_log_task(task, at, view);
            n = (n.0 + m.0, n.1 + m.1);
        }
        n
    }

    /// (struck, all) words of the task cell of the log row printing `task`:
    /// the fragments of its lines whose text is part of the task. Of rows
    /// printing the same task, the one starting on line `at` is taken.
    fn in_log_task(&self, task: &str, at: Option<usize>, view: &DocumentView) -> (usize, usize) {
        let want = squeeze(task);
        let line_of = |r: usize| view.line_of_row.get(r).copied().flatten();
        let rows: Vec<&super::tables::LogRow> = view
            .logs
            .iter()
            .flat_map(|l| l.rows.iter())
            .filter(|r| squeeze(&r.task) == want)
            .collect();
        let starts_at =
            |r: &&&super::tables::LogRow| r.rows.first().and_then(|&x| line_of(x)) == at;
        let Some(row) = rows.iter().find(starts_at).or(rows.first()) else {
            return (0, 0);
        };
        let mut n = (0, 0);
        for li in row.rows.iter().filter_map(|&r| line_of(r)) {
            let Some(line) = view.lines.get(li) else {
                continue;
            };
            for fr in line.frags.iter().filter(|fr| {
                let t = squeeze(&fr.text);
                !t.is_empty() && want.contains(&t)
            }) {
                for &(x0, _, _) in &fr.starts {
                    n.1 += 1;
                    n.0 += usize::from(self.at(line, x0));
                }
            }
        }
        n
    }
}

/// Whether `(struck, all)` words make an action struck through.
pub fn is_struck((struck, all): (usize, usize)) -> bool {
    all > 0 && struck as f32 >= MIN_SHARE * all as f32
}

/// Each word of a line's fragments: its left edge and its byte span in
/// the line's text (the fragments joined by single spaces).
fn word_spans(frags: &[WordRun]) -> Vec<(f32, usize, usize)> {
    let mut out = Vec::new();
    let mut base = 0;
    for (i, f) in frags.iter().enumerate() {
        if i > 0 {
            base += 1;
        }
        for (k, &(x0, _, off)) in f.starts.iter().enumerate() {
            let end = f
                .starts
                .get(k + 1)
                .map(|s| s.2.saturating_sub(1))
                .unwrap_or(f.text.len());
            out.push((x0, base + off, base + end.max(off)));
        }
        base += f.text.len();
    }
    out
}

/// White space folded, for comparing a cell's text with a fragment's.
fn squeeze(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}
