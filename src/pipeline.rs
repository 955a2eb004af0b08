//! One document through the per-file stages: bytes → `pdf` → `layout` →
//! `minutes` → [`Meeting`]. Every command that reads PDFs goes through
//! here, so they can never disagree: [`read_file`] (the file's bytes, its
//! size checked first), [`read_pages`] (the laid-out pages: `minutes
//! text`) and [`read_meeting`] (the meeting record: `minutes actions`, the
//! `archive` stage).

use crate::layout::{self, Page};
use crate::limits::Limits;
use crate::model::Meeting;
use crate::pdf::{self, PdfError};
use crate::rules::RuleSet;
use std::io::{self, Read};
use std::path::Path;
use thiserror::Error;

/// Why one document gave no text or no meeting record. Prints as one line;
/// callers prefix the file name.
#[derive(Debug, Error)]
pub enum DocError {
    /// The file could not be read (missing, a folder, no permission), or
    /// what was made of it could not be written.
    #[error("{0}")]
    Io(#[from] io::Error),
    #[error(transparent)]
    Pdf(#[from] PdfError),
    /// The document reads as something other than minutes (an annual
    /// report, a business plan, an agenda): no meeting is made up from it.
    #[error("not minutes: {0}")]
    NotMinutes(String),
}

impl DocError {
    /// Machine-readable kind for `errors.jsonl`.
    pub fn kind(&self) -> &'static str {
        match self {
            DocError::Io(_) => "io",
            DocError::Pdf(e) => match e {
                PdfError::Empty | PdfError::NotPdf => "not_pdf",
                PdfError::Damaged(_) => "damaged",
                PdfError::Encrypted => "encrypted",
                PdfError::NoText { .. } => "no_text",
                PdfError::Limit(_) => "limit",
            },
            DocError::NotMinutes(_) => "not_minutes",
        }
    }

    /// Whether reading the same bytes again may give another result: the
    /// file could not be read (it may be being written) or the time budget
    /// ran out (the machine was loaded). Other errors are the document's.
    pub fn depends_on_the_moment(&self) -> bool {
        match self {
            DocError::Io(_) => true,
            DocError::Pdf(PdfError::Limit(hit)) => hit.kind == pdf::LimitKind::Time,
            DocError::Pdf(_) | DocError::NotMinutes(_) => false,
        }
    }
}

/// The content hash every record of a document carries (blake3, hex).
pub fn content_sha(bytes: &[u8]) -> String {
    blake3::hash(bytes).to_hex().to_string()
}

/// Opens a file to read, refusing one over `max_file_bytes` before a byte
/// of it is read: the size check of every file a command is given (the
/// `pdf` stage checks bytes handed to it directly, with the same message,
/// [`Limits::file_too_large`]). Returns the file and its size.
pub fn open_file(path: &Path, limits: &Limits) -> Result<(std::fs::File, u64), DocError> {
    let f = std::fs::File::open(path)?;
    let len = f.metadata()?.len();
    if let Some(msg) = limits.file_too_large(len) {
        return Err(PdfError::size_limit(msg).into());
    }
    Ok((f, len))
}

/// A file's bytes, its size checked first ([`open_file`]).
pub fn read_file(path: &Path, limits: &Limits) -> Result<Vec<u8>, DocError> {
    let (mut f, len) = open_file(path, limits)?;
    let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
    f.read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// Reads and lays out a document: its pages (the `layout` stage's) and
/// the warnings of the `pdf` stage. A document whose pages hold no glyph
/// at all is an error (`NoText`): there is nothing to read, and later
/// stages must say "scanned", not "no actions". The heap it takes is
/// counted against `max_memory_bytes` ([`crate::memguard`]).
pub fn read_pages(bytes: &[u8], limits: &Limits) -> Result<pdf::Extracted<Page>, DocError> {
    crate::memguard::within(limits.max_memory_bytes, || pages_unguarded(bytes, limits))
}

fn pages_unguarded(bytes: &[u8], limits: &Limits) -> Result<pdf::Extracted<Page>, DocError> {
    // Each page is laid out as soon as it is read: the glyphs of every page
    // are never held at once.
    let params = layout::Params::default();
    let doc = pdf::extract_with(bytes, limits, |p| layout::layout_page_with(&p, &params))?;
    if doc.pages.iter().all(|p| p.lines.is_empty()) {
        return Err(PdfError::NoText {
            pages: doc.pages.iter().map(|p| p.number).collect(),
        }
        .into());
    }
    Ok(doc)
}

/// Reads one document. `document` is the path label written into the
/// record; `bytes` the file's content. The heap it takes, all stages
/// together, is counted against `max_memory_bytes` ([`crate::memguard`]).
pub fn read_meeting(
    document: &str,
    bytes: &[u8],
    rules: &RuleSet,
    limits: &Limits,
) -> Result<Meeting, DocError> {
    crate::memguard::within(limits.max_memory_bytes, || {
        read_meeting_unguarded(document, bytes, rules, limits)
    })
}

fn read_meeting_unguarded(
    document: &str,
    bytes: &[u8],
    rules: &RuleSet,
    limits: &Limits,
) -> Result<Meeting, DocError> {
    let deadline = std::time::Instant::now() + limits.time_budget();
    let doc = pages_unguarded(bytes, limits)?;
    let pages = doc.pages;
    let sha = content_sha(bytes);
    let mut meeting = crate::minutes::read_until(rules, document, &sha, &pages, Some(deadline))
        .map_err(|why| stopped(limits, why))?;
    if let Some(why) = crate::minutes::not_minutes(rules, &meeting, &pages) {
        return Err(DocError::NotMinutes(why));
    }
    meeting.warnings.extend(doc.warnings.iter().cloned());
    Ok(meeting)
}

/// [`read_meeting`] for `minutes explain`: the meeting with the laid-out
/// pages and what the minutes stage made of each line
/// ([`crate::minutes::trace::Trace`]). A document that does not read as
/// minutes is still given back (explaining why it gave nothing is the
/// point); the reason is returned beside it.
pub fn read_traced(
    document: &str,
    bytes: &[u8],
    rules: &RuleSet,
    limits: &Limits,
) -> Result<Traced, DocError> {
    crate::memguard::within(limits.max_memory_bytes, || {
        let deadline = std::time::Instant::now() + limits.time_budget();
        let doc = pages_unguarded(bytes, limits)?;
        let pages = doc.pages;
        let sha = content_sha(bytes);
        let mut trace = crate::minutes::trace::Trace::default();
        let mut meeting = crate::minutes::read_traced(
            rules,
            document,
            &sha,
            &pages,
            Some(deadline),
            Some(&mut trace),
        )
        .map_err(|why| stopped(limits, why))?;
        let not_minutes = crate::minutes::not_minutes(rules, &meeting, &pages);
        meeting.warnings.extend(doc.warnings);
        Ok(Traced {
            meeting,
            pages,
            trace,
            not_minutes,
        })
    })
}

/// A document read with its trace (see [`read_traced`]).
pub struct Traced {
    pub meeting: Meeting,
    pub pages: Vec<Page>,
    pub trace: crate::minutes::trace::Trace,
    /// Why the document would be refused as not minutes, if it would.
    pub not_minutes: Option<String>,
}

/// The error of a minutes stage stopped by the document's limits.
fn stopped(limits: &Limits, why: crate::minutes::Stopped) -> DocError {
    match why {
        crate::minutes::Stopped::Memory => PdfError::memory_limit(limits.memory_message()),
        crate::minutes::Stopped::Time => PdfError::time_limit(format!(
            "reading the minutes took more than {} ms (max_millis)",
            limits.max_millis
        )),
    }
    .into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn not_a_pdf_is_an_error_with_a_kind() {
        let e =
            read_meeting("x.pdf", b"hello", &RuleSet::embedded(), &Limits::default()).unwrap_err();
        assert_eq!(e.kind(), "not_pdf");
        let e = read_meeting("x.pdf", b"", &RuleSet::embedded(), &Limits::default()).unwrap_err();
        assert_eq!(e.kind(), "not_pdf");
    }

    #[test]
    fn file_size_limit() {
        let limits = Limits {
            max_file_bytes: 3,
            ..Limits::default()
        };
        let e = read_meeting("x.pdf", b"%PDF-1.4", &RuleSet::embedded(), &limits).unwrap_err();
        assert_eq!(e.kind(), "limit");
        // A file is refused before it is read, with the same message.
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.pdf");
        std::fs::write(&path, b"%PDF-1.4").unwrap();
        let f = read_file(&path, &limits).unwrap_err();
        assert_eq!(f.kind(), "limit");
        assert_eq!(f.to_string(), e.to_string());
        let missing = read_file(&dir.path().join("none.pdf"), &limits).unwrap_err();
        assert_eq!(missing.kind(), "io");
        // The size cap is the document's; a missing file may be there later.
        assert!(!e.depends_on_the_moment());
        assert!(missing.depends_on_the_moment());
    }

    /// Of the limits, only the time budget depends on the moment (the
    /// archive's cache keeps every other error).
    #[test]
    fn only_the_time_limit_depends_on_the_moment() {
        let limits = Limits::default();
        let time = stopped(&limits, crate::minutes::Stopped::Time);
        let memory = stopped(&limits, crate::minutes::Stopped::Memory);
        assert_eq!((time.kind(), memory.kind()), ("limit", "limit"));
        assert!(time.to_string().contains("(max_millis)"), "{time}");
        assert!(time.depends_on_the_moment());
        assert!(!memory.depends_on_the_moment());
        let not_minutes = DocError::NotMinutes("an agenda".into());
        assert!(!not_minutes.depends_on_the_moment());
    }
}
