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

pub mod font;

use crate::limits::Limits;
use serde::Serialize;
use thiserror::Error;

/// One glyph as painted on the page.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Glyph {
    /// The text this glyph stands for: usually one char, several for a
    /// ligature unfolded (`ﬁ` → `fi`), U+FFFD where nothing maps.
    pub text: String,
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
    Limit(String),
}
