//! What the reader made of a document, kept for `minutes explain`: the
//! stage's own working values (the view of rows, cells and logs, the split
//! into header and items, the actions found with the rule that read each),
//! so the explanation shows what was decided rather than a second guess.
//!
//! A scan never builds one: [`super::read_traced`] fills a trace only when
//! given one, by moving these values in after the meeting is built.

use super::actions::OwnerSpan;
use super::header::LineKind;
use super::items::Outline;
use super::lists::Status;
use super::rows::DocumentView;

/// Which rule read an action, and where.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Why {
    /// Owner cell `k` of the view's Action column (`owners.toml [column]`).
    Cell(usize),
    /// Label rule `rule` of `labels.toml` (`[[label]]`, in file order), its
    /// label word at byte `at` of the item's body text.
    Label { rule: usize, at: usize },
    /// Row `row` of the view's log `log` (a table with an owner column,
    /// `owners.toml [log]`).
    Log { log: usize, row: usize },
    /// An entry of an action list (`labels.toml [lists]`): its owners read
    /// by `owner_first[form]` or, when not `owner_first`, `owner_after[form]`.
    List { owner_first: bool, form: usize },
    /// The wording alone: `labels.toml inferred`.
    Inferred,
}

/// The reader's working values for one document.
#[derive(Debug, Clone, Default)]
pub struct Trace {
    /// Minute lines, owner cells and logs.
    pub view: DocumentView,
    /// Header lines and items (headings with the rule that matched).
    pub split: Outline,
    /// Each header line (index into `view.lines`) and what it was read as.
    pub header: Vec<(usize, LineKind)>,
    /// When the header named nobody: the document's first lines read again
    /// as a header (indices into `view.lines`), and what each was read as.
    pub top_block: Vec<(usize, LineKind)>,
    /// Every action found, sorted by item and position, with its rule.
    pub found: Vec<OwnerSpan>,
    /// The status read for each of `found`.
    pub statuses: Vec<Option<Status>>,
    /// The action of the meeting each of `found` became (index into
    /// `Meeting::actions`); none when it owned no text.
    pub action_of: Vec<Option<usize>>,
}
