//! `minutes`: from an archive of meeting-minutes PDFs to an auditable history
//! of actions and recurring themes.
//!
//! The stages, in the one direction data flows:
//!
//! ```text
//! pdf (glyphs with positions) → layout (words, lines, columns)
//!     → minutes (one document, by rules/) → history (across documents)
//!     → output (jsonl, csv, html)
//! ```
//!
//! `archive` drives the whole-folder run; `cli` holds one thin function per
//! subcommand.

pub mod archive;
pub mod cli;
pub mod explain;
pub mod history;
pub mod layout;
pub mod limits;
pub mod memguard;
pub mod minutes;
pub mod model;
pub mod output;
pub mod pdf;
pub mod pipeline;
pub mod report;
pub mod rules;
pub mod smallfile;
pub mod terminal;
