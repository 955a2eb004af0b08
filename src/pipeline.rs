//! One document through the per-file stages: bytes → `pdf` → `layout` →
//! `minutes` → [`Meeting`]. The `archive` stage and the single-file
//! subcommands both call [`read_meeting`], so they can never disagree.
//!
//! SKELETON: the `minutes` helper builds the body; the signature is the
//! contract the `archive` stage codes against.

use crate::limits::Limits;
use crate::model::Meeting;
use crate::rules::RuleSet;
use thiserror::Error;

/// Why one document gave no meeting record. Prints as one line; callers
/// prefix the file name.
#[derive(Debug, Error)]
pub enum DocError {
    #[error(transparent)]
    Pdf(#[from] crate::pdf::PdfError),
    #[error("{0}")]
    Other(String),
}

impl DocError {
    /// Machine-readable kind for `errors.jsonl`.
    pub fn kind(&self) -> &'static str {
        "other"
    }
}

/// Reads one document. `document` is the path label written into the
/// record; `bytes` the file's content.
pub fn read_meeting(
    document: &str,
    bytes: &[u8],
    rules: &RuleSet,
    limits: &Limits,
) -> Result<Meeting, DocError> {
    let _ = (document, bytes, rules, limits);
    Err(DocError::Other("pipeline not built yet".into()))
}
