//! Font decoding: character codes in a content-stream string → Unicode text
//! and advance widths.
//!
//! Order of decoding, first that answers wins: `/ToUnicode` CMap →
//! `/Encoding` (with `/Differences`, through the Adobe glyph list) → the
//! base encoding (Standard, WinAnsi, MacRoman, or the font's built-in one).
//! Widths: `/W` + `/DW` for Type0, `/FirstChar` + `/Widths` +
//! `/MissingWidth` for simple fonts, the standard-14 metrics otherwise,
//! `/Widths` through `/FontMatrix` for Type3.
//!
//! INTERFACE CONTRACT (used by the content-stream interpreter):
//! - [`Font::load`] never fails: a font it cannot understand decodes every
//!   code to `None` text with a default width, and says so in `warnings`.
//! - [`Font::decode`] (or the allocation-free [`Font::codes`]) splits a
//!   string operand into codes (1 byte for simple fonts, by the encoding
//!   CMap's codespace ranges for Type0) and gives one [`Decoded`] per code.
//!   Its `text` borrows from the font: everything is resolved once at load
//!   time into a table indexed by code, so decoding a glyph is an index and
//!   a slice, with no allocation.
//! - Load each font dictionary once per document and keep the `Font`
//!   (keyed by object id): loading parses CMaps and builds tables.

pub mod cmap;
pub mod encoding;
mod load;
pub mod std14;
mod strtable;
mod tables;
mod truetype;

use crate::pdf::FontInfo;
use cmap::CodeRange;
use std::collections::HashMap;

/// One character code out of a string operand.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Decoded<'a> {
    /// The code as read (1–4 bytes, big-endian).
    pub code: u32,
    /// Unicode text for the code, ligatures unfolded (`ﬁ` → `fi`), white
    /// space of any kind (tab, no-break space, U+2028) as one `" "`;
    /// `None` when nothing maps (the caller emits U+FFFD and counts it);
    /// `Some("")` when the font's ToUnicode maps the code to nothing
    /// (U+0000, an empty or control-only destination): the glyph advances
    /// but adds no text.
    pub text: Option<&'a str>,
    /// Horizontal advance in text-space units (glyph width / 1000 for
    /// ordinary fonts; through `/FontMatrix` for Type3).
    pub width: f32,
    /// True when the code is a single-byte 32 (word spacing `Tw` applies).
    pub is_space_code: bool,
}

/// What kind of font dictionary this was (`/Subtype`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FontKind {
    /// Type1, MMType1, TrueType (and unknown subtypes read the same way).
    Simple,
    Type3,
    /// Type0 with a CIDFont descendant.
    Composite,
}

/// How a string operand splits into codes.
#[derive(Debug, Clone, PartialEq)]
enum Codespace {
    OneByte,
    TwoBytes,
    /// Codespace ranges of an embedded encoding CMap.
    Ranges(Vec<CodeRange>),
}

/// Per-code entry: text as a range of [`Font::pool`] (`start ==
/// NO_TEXT`: nothing maps), and the advance in text-space units.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Slot {
    start: u32,
    len: u32,
    width: f32,
}

/// [`Slot::start`] of a code with no text.
const NO_TEXT: u32 = u32::MAX;

/// A loaded font, ready to decode strings.
#[derive(Debug, Clone)]
pub struct Font {
    pub info: FontInfo,
    /// Problems met while loading (bad CMap, missing widths…).
    pub warnings: Vec<String>,
    kind: FontKind,
    split: Codespace,
    /// All texts, concatenated; slots point into it.
    pool: String,
    /// Slots for codes `0..dense.len()` (at most 65 536).
    dense: Vec<Slot>,
    /// Slots for larger codes (3- and 4-byte codespaces).
    sparse: HashMap<u32, Slot>,
    /// Advance of a code with no slot.
    default_width: f32,
    vertical: bool,
    space_width: Option<f32>,
}

impl Font {
    /// Loads the font dictionary `dict` of `doc`.
    pub fn load(doc: &lopdf::Document, dict: &lopdf::Dictionary) -> Font {
        load::load(doc, dict)
    }

    /// Splits `bytes` into codes and decodes each.
    pub fn decode(&self, bytes: &[u8]) -> Vec<Decoded<'_>> {
        self.codes(bytes).collect()
    }

    /// Like [`Font::decode`] without collecting: an iterator over the codes
    /// of `bytes`.
    pub fn codes<'f, 'b>(&'f self, bytes: &'b [u8]) -> Codes<'f, 'b> {
        Codes {
            font: self,
            bytes,
            pos: 0,
        }
    }

    /// Heap memory the decoding tables hold, in bytes. A small font dict can
    /// expand to a large table (`<0000> <FFFF>` ranges, `/W` ranges): the
    /// caller counts this against its per-document memory budget.
    pub fn heap_bytes(&self) -> usize {
        self.pool.capacity()
            + self.dense.capacity() * std::mem::size_of::<Slot>()
            + self.sparse.capacity() * (std::mem::size_of::<(u32, Slot)>() + 1)
            + self.warnings.iter().map(String::capacity).sum::<usize>()
    }

    /// The font's subtype family.
    pub fn kind(&self) -> FontKind {
        self.kind
    }

    /// True for Type0 fonts with a vertical CMap (`Identity-V`, `…-V`):
    /// their glyphs advance downwards (by 1 text-space unit unless `/W2`
    /// says otherwise, which we do not read); `width` stays the horizontal
    /// advance.
    pub fn is_vertical(&self) -> bool {
        self.vertical
    }

    /// Advance of the space character in text-space units, if the font has
    /// one (code 32 of a simple font, else any code mapped to U+0020): a
    /// yardstick for word gaps.
    pub fn space_width(&self) -> Option<f32> {
        self.space_width
    }

    /// Computes [`Font::space_width`] once the table is built.
    fn find_space_width(&self) -> Option<f32> {
        let is_space = |s: &Slot| self.text_of(s) == Some(" ") && s.width > 0.0;
        if self.kind != FontKind::Composite {
            if let Some(s) = self.dense.get(32).filter(|s| is_space(s)) {
                return Some(s.width);
            }
        }
        self.dense.iter().find(|s| is_space(s)).map(|s| s.width)
    }

    fn text_of(&self, slot: &Slot) -> Option<&str> {
        if slot.start == NO_TEXT {
            return None;
        }
        self.pool
            .get(slot.start as usize..(slot.start + slot.len) as usize)
    }

    fn slot(&self, code: u32) -> Option<&Slot> {
        match self.dense.get(code as usize) {
            Some(s) => Some(s),
            None if self.sparse.is_empty() => None,
            None => self.sparse.get(&code),
        }
    }

    /// Next code at the start of `bytes`: (code, length in bytes).
    fn split_code(&self, bytes: &[u8]) -> (u32, usize) {
        match &self.split {
            Codespace::OneByte => (bytes[0] as u32, 1),
            Codespace::TwoBytes => match bytes {
                [a, b, ..] => ((*a as u32) << 8 | *b as u32, 2),
                [a] => (*a as u32, 1),
                [] => (0, 0),
            },
            Codespace::Ranges(ranges) => {
                let mut code = 0u32;
                for n in 1..=bytes.len().min(4) {
                    code = code << 8 | bytes[n - 1] as u32;
                    if ranges
                        .iter()
                        .any(|r| r.len as usize == n && r.lo <= code && code <= r.hi)
                    {
                        return (code, n);
                    }
                }
                // No range matches: consume as many bytes as the shortest
                // range has, so that a bad byte costs one code, not the rest
                // of the string.
                let n = ranges
                    .iter()
                    .map(|r| r.len as usize)
                    .min()
                    .unwrap_or(1)
                    .clamp(1, bytes.len().max(1));
                let code = bytes[..n.min(bytes.len())]
                    .iter()
                    .fold(0u32, |acc, &b| acc << 8 | b as u32);
                (code, n)
            }
        }
    }
}

/// Iterator over the codes of one string operand; see [`Font::codes`].
#[derive(Debug, Clone)]
pub struct Codes<'f, 'b> {
    font: &'f Font,
    bytes: &'b [u8],
    pos: usize,
}

impl<'f> Iterator for Codes<'f, '_> {
    type Item = Decoded<'f>;

    #[inline]
    fn next(&mut self) -> Option<Decoded<'f>> {
        let rest = self.bytes.get(self.pos..).filter(|r| !r.is_empty())?;
        let font = self.font;
        let (code, n) = font.split_code(rest);
        self.pos += n.max(1);
        let (text, width) = match font.slot(code) {
            Some(s) => (font.text_of(s), s.width),
            None => (None, font.default_width),
        };
        Some(Decoded {
            code,
            text,
            width,
            is_space_code: n == 1 && code == 32,
        })
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let left = self.bytes.len().saturating_sub(self.pos);
        let min = match self.font.split {
            Codespace::OneByte => left,
            Codespace::TwoBytes => left.div_ceil(2),
            Codespace::Ranges(_) => left.div_ceil(4),
        };
        (min, Some(left))
    }
}

#[cfg(test)]
mod tests;
