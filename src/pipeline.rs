//! One document through the per-file stages: bytes → `pdf` → `layout` →
//! `minutes` → [`Meeting`]. The `archive` stage and the single-file
//! subcommands both call [`read_meeting`], so they can never disagree.

use crate::limits::Limits;
use crate::model::Meeting;
use crate::pdf::PdfError;
use crate::rules::RuleSet;
use thiserror::Error;

/// Why one document gave no meeting record. Prints as one line; callers
/// prefix the file name.
#[derive(Debug, Error)]
pub enum DocError {
    #[error(transparent)]
    Pdf(#[from] PdfError),
    /// The document reads as something other than minutes (an annual
    /// report, a business plan, an agenda): no meeting is made up from it.
    #[error("not minutes: {0}")]
    NotMinutes(String),
    #[error("{0}")]
    Other(String),
}

impl DocError {
    /// Machine-readable kind for `errors.jsonl`.
    pub fn kind(&self) -> &'static str {
        match self {
            DocError::Pdf(e) => match e {
                PdfError::Empty | PdfError::NotPdf => "not_pdf",
                PdfError::Damaged(_) => "damaged",
                PdfError::Encrypted => "encrypted",
                PdfError::NoText { .. } => "no_text",
                PdfError::Limit(_) => "limit",
            },
            DocError::NotMinutes(_) => "not_minutes",
            DocError::Other(_) => "other",
        }
    }
}

/// The content hash every record of a document carries (blake3, hex).
pub fn content_sha(bytes: &[u8]) -> String {
    blake3::hash(bytes).to_hex().to_string()
}

/// Reads one document. `document` is the path label written into the
/// record; `bytes` the file's content. The heap it takes is counted against
/// `max_memory_bytes` ([`crate::memguard`]).
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
        let (pages, warnings, deadline) = read_pages(bytes, limits)?;
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
        meeting.warnings.extend(warnings);
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
    pub pages: Vec<crate::layout::Page>,
    pub trace: crate::minutes::trace::Trace,
    /// Why the document would be refused as not minutes, if it would.
    pub not_minutes: Option<String>,
}

fn stopped(limits: &Limits, why: crate::minutes::Stopped) -> DocError {
    PdfError::Limit(match why {
        crate::minutes::Stopped::Memory => limits.memory_message(),
        crate::minutes::Stopped::Time => format!(
            "reading the minutes took more than {} ms (max_millis)",
            limits.max_millis
        ),
    })
    .into()
}

/// The laid-out pages of a document, the reading warnings and the
/// deadline of the whole document.
fn read_pages(
    bytes: &[u8],
    limits: &Limits,
) -> Result<(Vec<crate::layout::Page>, Vec<String>, std::time::Instant), DocError> {
    if bytes.len() as u64 > limits.max_file_bytes {
        return Err(PdfError::Limit(format!(
            "file is {} bytes, max_file_bytes is {}",
            bytes.len(),
            limits.max_file_bytes
        ))
        .into());
    }
    let deadline = std::time::Instant::now() + limits.time_budget();
    // Each page is laid out as soon as it is read: the glyphs of every page
    // are never held at once.
    let params = crate::layout::Params::default();
    let doc = crate::pdf::extract_with(bytes, limits, |p| {
        crate::layout::layout_page_with(&p, &params)
    })?;
    let pages = doc.pages;
    if pages.iter().all(|p| p.lines.is_empty()) {
        // Nothing to read: say "scanned", never "no actions".
        return Err(PdfError::NoText {
            pages: pages.iter().map(|p| p.number).collect(),
        }
        .into());
    }
    Ok((pages, doc.warnings, deadline))
}

fn read_meeting_unguarded(
    document: &str,
    bytes: &[u8],
    rules: &RuleSet,
    limits: &Limits,
) -> Result<Meeting, DocError> {
    let (pages, warnings, deadline) = read_pages(bytes, limits)?;
    let sha = content_sha(bytes);
    let mut meeting = crate::minutes::read_until(rules, document, &sha, &pages, Some(deadline))
        .map_err(|why| stopped(limits, why))?;
    if let Some(why) = crate::minutes::not_minutes(rules, &meeting, &pages) {
        return Err(DocError::NotMinutes(why));
    }
    meeting.warnings.extend(warnings);
    Ok(meeting)
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
    }
}
