//! The `pdf` stage: PDF bytes in, glyphs with positions out.
//!
//! Parsing (xref, object streams, repair, decryption, filters) is `lopdf`'s
//! job; on top of it this module runs its own content-stream interpreter and
//! font decoding, because lopdf's `extract_text` keeps no positions and
//! mis-decodes common fonts.
//!
//! Coordinates are in PDF points with the origin at the **top-left** of the
//! page's crop box and y growing downwards (as `pdftotext -bbox` prints), so
//! later stages read top to bottom without flipping.

mod content;
mod document;
mod filters;
pub mod font;
mod fuzz;
mod interp;
mod matrix;
mod objstm;
mod paths;
mod rawcost;

use crate::limits::Limits;
use compact_str::CompactString;
#[doc(hidden)]
pub use fuzz::fuzz_content;
use serde::Serialize;
use std::time::Instant;
use thiserror::Error;

/// One glyph as painted on the page.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Glyph {
    /// The text this glyph stands for: usually one char, several for a
    /// ligature unfolded (`ﬁ` → `fi`), U+FFFD where nothing maps. Held
    /// inline (up to 24 bytes, no heap allocation): a page has thousands of
    /// glyphs, and a `String` each was 6% of `minutes text`'s instructions.
    pub text: CompactString,
    /// Left edge of the glyph's advance box.
    pub x: f32,
    /// Baseline, measured from the top of the page.
    pub y: f32,
    /// Advance width in page space (after font size, Tc, Tz and the CTM).
    pub width: f32,
    /// Effective font size in page space (font size × text/CTM scale).
    pub size: f32,
    /// Index into [`PageGlyphs::fonts`].
    pub font: u16,
    /// Set for glyphs produced by a space character (code 32 or a mapped
    /// U+0020) so layout can treat them as explicit word breaks.
    pub space: bool,
}

/// What the stage knows about one font used on a page.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FontInfo {
    /// BaseFont with any subset prefix (`ABCDEF+`) removed.
    pub name: String,
    /// Bold from the font name or descriptor flags / weight.
    pub bold: bool,
    /// Italic from the font name or descriptor flags / italic angle.
    pub italic: bool,
}

/// A filled rectangle or stroked line segment (table rules Word draws).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Rule {
    pub x0: f32,
    pub y0: f32,
    pub x1: f32,
    pub y1: f32,
}

/// Everything the `pdf` stage gives for one page.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct PageGlyphs {
    /// 1-based page number.
    pub number: u32,
    pub width: f32,
    pub height: f32,
    pub glyphs: Vec<Glyph>,
    pub fonts: Vec<FontInfo>,
    /// Thin rectangles and line segments, for table detection.
    pub rules: Vec<Rule>,
    /// Glyphs no font mapping could decode (emitted as U+FFFD).
    pub unmapped: u32,
    /// Images painted on the page (a page with images and no glyphs is
    /// probably scanned).
    pub images: u32,
}

/// A parsed document.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct PdfDocument {
    pub pages: Vec<PageGlyphs>,
    /// `/Producer` from the Info dictionary, if any.
    pub producer: Option<String>,
    /// Non-fatal problems met while reading (repaired xref, skipped page…).
    pub warnings: Vec<String>,
}

/// Why a document could not be read. Each variant prints as one line; the
/// caller adds the file name.
#[derive(Debug, Error, Clone, PartialEq)]
pub enum PdfError {
    #[error("empty file")]
    Empty,
    #[error("not a PDF (no %PDF- header)")]
    NotPdf,
    #[error("damaged beyond repair: {0}")]
    Damaged(String),
    #[error("encrypted: a password is required")]
    Encrypted,
    #[error("no text layer (scanned?) on pages {pages:?}")]
    NoText { pages: Vec<u32> },
    #[error("resource limit hit: {0}")]
    Limit(LimitHit),
}

/// The kind of budget a document ran out of. Only the time budget
/// (`max_millis`) depends on the moment (the machine's load) as well as on
/// the document, so only its hit may differ on a re-run (the archive's
/// cache does not keep it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LimitKind {
    /// `max_millis`.
    Time,
    /// `max_memory_bytes`: the heap the document holds.
    Memory,
    /// A cap on the file or what it holds: bytes, pages, nesting,
    /// operators, filters.
    Size,
}

/// A resource limit a document hit: its kind, and the message naming the
/// limit (`more than 5 pages (max_pages)`), which is what prints.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
#[error("{message}")]
pub struct LimitHit {
    pub kind: LimitKind,
    pub message: String,
}

impl LimitHit {
    /// A cap on the file or what it holds ([`LimitKind::Size`]).
    pub fn size(message: impl Into<String>) -> LimitHit {
        LimitHit {
            kind: LimitKind::Size,
            message: message.into(),
        }
    }

    /// The same hit, its message prefixed with where it happened
    /// (`page 3: …`): a stream decoder knows the cap, its caller the place.
    pub fn at(self, place: impl std::fmt::Display) -> LimitHit {
        LimitHit {
            kind: self.kind,
            message: format!("{place}: {}", self.message),
        }
    }
}

impl PdfError {
    /// A cap on the file or what it holds was hit ([`LimitKind::Size`]).
    pub fn size_limit(message: impl Into<String>) -> PdfError {
        PdfError::limit(LimitKind::Size, message)
    }

    /// The document's heap budget ran out ([`LimitKind::Memory`]).
    pub fn memory_limit(message: impl Into<String>) -> PdfError {
        PdfError::limit(LimitKind::Memory, message)
    }

    /// The document's time budget ran out ([`LimitKind::Time`]).
    pub fn time_limit(message: impl Into<String>) -> PdfError {
        PdfError::limit(LimitKind::Time, message)
    }

    fn limit(kind: LimitKind, message: impl Into<String>) -> PdfError {
        PdfError::Limit(LimitHit {
            kind,
            message: message.into(),
        })
    }
}

/// Reads a PDF: every page's glyphs, rules and image count, in page space.
///
/// Errors: empty input, no `%PDF-` in the first 1024 bytes, damage lopdf
/// cannot repair (no catalog or page tree), a password other than the empty
/// one, any [`Limits`] cap, and a document where no page has text but some
/// have images ([`PdfError::NoText`]). Pages without text in an otherwise
/// readable document are reported in `warnings` instead.
pub fn extract(bytes: &[u8], limits: &Limits) -> Result<PdfDocument, PdfError> {
    let e = extract_with(bytes, limits, |p| p)?;
    Ok(PdfDocument {
        pages: e.pages,
        producer: e.producer,
        warnings: e.warnings,
    })
}

/// A document read page by page through [`extract_with`].
#[derive(Debug)]
pub struct Extracted<T> {
    /// What `each` made of each page, in page order.
    pub pages: Vec<T>,
    pub producer: Option<String>,
    pub warnings: Vec<String>,
}

/// [`extract`], handing each page's glyphs to `each` as soon as the page is
/// read, so a caller that keeps less than the glyphs (the layout) never
/// holds every page's glyphs at once. Same errors as [`extract`].
pub fn extract_with<T>(
    bytes: &[u8],
    limits: &Limits,
    mut each: impl FnMut(PageGlyphs) -> T,
) -> Result<Extracted<T>, PdfError> {
    let deadline = Instant::now() + limits.time_budget();
    let document::Loaded {
        doc,
        budget,
        mut warnings,
    } = document::load(bytes, limits, deadline)?;
    if let Some(how) = doc.xref_recovery {
        warnings.push(format!("cross-reference table repaired ({how:?})"));
    }
    let page_refs = document::pages(&doc, limits, &mut warnings)?;
    if page_refs.is_empty() {
        return Err(PdfError::Damaged("the page tree holds no pages".into()));
    }
    let mut cx = interp::DocContext::new(&doc, limits, deadline, budget);
    let mut pages = Vec::with_capacity(page_refs.len());
    let mut scanned: Vec<u32> = Vec::new();
    let mut any_glyphs = false;
    for (i, page) in page_refs.iter().enumerate() {
        cx.check_clock()?;
        let number = i as u32 + 1;
        let glyphs = cx.page(number, page, &mut warnings)?;
        // The glyphs (and the words and lines later made from them) stay
        // for the whole document: they count against its budget.
        let bytes = glyphs.glyphs.len() * std::mem::size_of::<Glyph>()
            + glyphs.rules.len() * std::mem::size_of::<Rule>();
        cx.charge(bytes as u64, &format!("page {number}"))?;
        if glyphs.glyphs.is_empty() && glyphs.images > 0 {
            scanned.push(number);
        }
        any_glyphs |= !glyphs.glyphs.is_empty();
        pages.push(each(glyphs));
    }
    // Time and heap once more, with the last page's output held.
    cx.check_clock()?;
    if !any_glyphs {
        if let Some(why) = cx.undecodable.take() {
            // Not "scanned": the text is there but could not be decoded.
            return Err(PdfError::Damaged(why));
        }
    }
    if !scanned.is_empty() {
        if !any_glyphs {
            return Err(PdfError::NoText { pages: scanned });
        }
        warnings.push(format!("no text layer (scanned?) on pages {scanned:?}"));
    }
    Ok(Extracted {
        pages,
        producer: producer(&doc),
        warnings,
    })
}

/// `/Producer` from the Info dictionary, decoded as a PDF text string.
fn producer(doc: &lopdf::Document) -> Option<String> {
    let info = document::resolve(doc, doc.trailer.get(b"Info").ok()?)?
        .as_dict()
        .ok()?;
    let raw = document::resolve(doc, info.get(b"Producer").ok()?)?;
    match raw {
        lopdf::Object::String(bytes, _) => Some(
            lopdf::decode_text_string(raw)
                .unwrap_or_else(|_| String::from_utf8_lossy(bytes).into_owned()),
        ),
        _ => None,
    }
}
