//! The `layout` stage: glyphs → words → lines → column regions.
//!
//! Lines never cross a column gap: the narrow right-hand Action column of a
//! minutes page comes out as lines of its own, with their own y, so the
//! `minutes` stage can tie each owner cell to the text beside it.

use crate::pdf::Rule;
use serde::Serialize;

/// An axis-aligned box in page space (top-left origin, y down).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Default)]
pub struct BBox {
    pub x0: f32,
    pub y0: f32,
    pub x1: f32,
    pub y1: f32,
}

/// A run of glyphs with no word break between them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Word {
    pub text: String,
    pub bbox: BBox,
    /// Font size in points.
    pub size: f32,
    pub bold: bool,
}

/// Words sharing a baseline within one column region.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Line {
    pub bbox: BBox,
    /// Baseline (page space, from the top).
    pub baseline: f32,
    pub words: Vec<Word>,
    /// Index into [`Page::columns`].
    pub column: usize,
}

impl Line {
    /// The words joined by single spaces.
    pub fn text(&self) -> String {
        let mut s = String::new();
        for (i, w) in self.words.iter().enumerate() {
            if i > 0 {
                s.push(' ');
            }
            s.push_str(&w.text);
        }
        s
    }
}

/// A vertical region of the page whose lines read together.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Column {
    pub x0: f32,
    pub x1: f32,
}

/// One laid-out page: lines in reading order (by column region, then y).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Page {
    pub number: u32,
    pub width: f32,
    pub height: f32,
    pub lines: Vec<Line>,
    pub columns: Vec<Column>,
    /// Table rules kept from the `pdf` stage.
    pub rules: Vec<Rule>,
    /// Glyphs that decoded to U+FFFD.
    pub unmapped: u32,
    /// Whether the page has images but no text (probably scanned).
    pub scanned: bool,
}
