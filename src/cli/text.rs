//! `minutes text`: a PDF's text in reading order, side by side
//! (`--layout`), or with positions (`--json`).
//!
//! Exit status (also in the README):
//!
//! | status | meaning |
//! |---|---|
//! | 0 | every file read |
//! | 1 | generic failure (file unreadable, output not writable), or files failing for different reasons |
//! | 2 | usage: bad arguments or a bad `--limits` file |
//! | 3 | not a PDF, or an empty file |
//! | 4 | damaged beyond repair |
//! | 5 | encrypted: a password is required |
//! | 6 | no text layer (scanned) |
//! | 7 | a resource limit was hit |
//!
//! With several files each failure prints its own line and the others are
//! still read; the status is the failures' common status, 1 if they differ.

use crate::layout::{self, render, BBox, Page};
use crate::limits::Limits;
use crate::pdf::{self, PdfError};
use crate::terminal::{line, lines};
use clap::Args;
use serde::Serialize;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use thiserror::Error;

#[derive(Args, Debug)]
pub struct TextArgs {
    /// PDF files to read.
    #[arg(required = true, value_name = "FILE.pdf")]
    pub files: Vec<PathBuf>,
    /// Keep columns side by side on one row, like `pdftotext -layout`.
    #[arg(long, conflicts_with = "json")]
    pub layout: bool,
    /// Print pages → lines → words with boxes (points, top-left origin),
    /// one JSON object per file, one per output line.
    #[arg(long)]
    pub json: bool,
    /// Resource limits: a TOML file setting any of the limits of docs/errors.md (max_pages, max_millis, …)
    /// (e.g. `max_pages = 50`); the rest keep their defaults.
    #[arg(long, value_name = "FILE.toml")]
    pub limits: Option<PathBuf>,
}

/// Why one file gave no text.
#[derive(Debug, Error)]
pub enum TextError {
    #[error("{0}")]
    Io(#[from] io::Error),
    #[error("resource limit hit: file is {size} bytes, max_file_bytes is {limit}")]
    TooLarge { size: u64, limit: u64 },
    #[error(transparent)]
    Pdf(#[from] PdfError),
}

impl TextError {
    /// The exit status for this cause (table in the module doc).
    pub fn exit_status(&self) -> u8 {
        match self {
            TextError::Io(_) => 1,
            TextError::TooLarge { .. } => 7,
            TextError::Pdf(e) => pdf_exit_status(e),
        }
    }
}

/// Exit status for a `pdf` stage error (table in the module doc).
pub fn pdf_exit_status(e: &PdfError) -> u8 {
    match e {
        PdfError::Empty | PdfError::NotPdf => 3,
        PdfError::Damaged(_) => 4,
        PdfError::Encrypted => 5,
        PdfError::NoText { .. } => 6,
        PdfError::Limit(_) => 7,
    }
}

/// Reads and lays out one file. A document whose pages hold no glyph at
/// all is an error (`NoText`): there is nothing to print, and later stages
/// must say "scanned", not "no actions".
pub fn read_pages(path: &Path, limits: &Limits) -> Result<Vec<Page>, TextError> {
    let size = std::fs::metadata(path)?.len();
    if size > limits.max_file_bytes {
        return Err(TextError::TooLarge {
            size,
            limit: limits.max_file_bytes,
        });
    }
    let bytes = std::fs::read(path)?;
    // Each page is laid out as soon as it is read: the glyphs of every page
    // are never held at once.
    let params = layout::Params::default();
    let pages = crate::memguard::within(limits.max_memory_bytes, || {
        pdf::extract_with(&bytes, limits, |p| layout::layout_page_with(&p, &params))
    })?
    .pages;
    if pages.iter().all(|p| p.lines.is_empty()) {
        return Err(PdfError::NoText {
            pages: pages.iter().map(|p| p.number).collect(),
        }
        .into());
    }
    Ok(pages)
}

pub fn run(args: TextArgs) -> ExitCode {
    let limits = match &args.limits {
        None => Limits::default(),
        Some(path) => match Limits::load(path) {
            Ok(l) => l,
            Err(msg) => {
                eprintln!("{}", line(&format!("minutes: {}: {msg}", path.display())));
                return ExitCode::from(2);
            }
        },
    };
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let mut statuses: Vec<u8> = Vec::new();
    let several = args.files.len() > 1;
    for path in &args.files {
        let result = read_pages(path, &limits).and_then(|pages| {
            write_file(&mut out, path, &pages, &args, several).map_err(TextError::from)
        });
        if let Err(e) = result {
            if let TextError::Io(io) = &e {
                if io.kind() == io::ErrorKind::BrokenPipe {
                    return ExitCode::SUCCESS;
                }
            }
            let _ = out.flush();
            eprintln!("{}", line(&format!("minutes: {}: {e}", path.display())));
            statuses.push(e.exit_status());
        }
    }
    if let Err(e) = out.flush() {
        if e.kind() != io::ErrorKind::BrokenPipe {
            eprintln!("{}", line(&format!("minutes: writing output: {e}")));
            return ExitCode::from(1);
        }
    }
    match statuses.split_first() {
        None => ExitCode::SUCCESS,
        Some((first, rest)) if rest.iter().all(|s| s == first) => ExitCode::from(*first),
        Some(_) => ExitCode::from(1),
    }
}

fn write_file(
    out: &mut impl Write,
    path: &Path,
    pages: &[Page],
    args: &TextArgs,
    several: bool,
) -> io::Result<()> {
    if args.json {
        let doc = DocJson::new(&path.display().to_string(), pages, 2);
        serde_json::to_writer(&mut *out, &doc)?;
        return writeln!(out);
    }
    if several {
        writeln!(out, "{}", line(&format!("==> {} <==", path.display())))?;
    }
    let text = if args.layout {
        render::layout(pages)
    } else {
        render::plain(pages)
    };
    out.write_all(lines(&text).as_bytes())
}

/// The `--json` shape of one file: pages → lines → words. Coordinates are
/// rounded to `decimals` places so the output (and snapshots) do not carry
/// float noise.
#[derive(Debug, Serialize)]
pub struct DocJson {
    pub file: String,
    pub pages: Vec<PageJson>,
}

#[derive(Debug, Serialize)]
pub struct PageJson {
    pub number: u32,
    pub width: f64,
    pub height: f64,
    pub scanned: bool,
    /// Glyphs no font mapping could decode.
    pub unmapped: u32,
    /// Column regions as `[x0, x1]`; `lines[].column` indexes this.
    pub columns: Vec<[f64; 2]>,
    pub lines: Vec<LineJson>,
}

#[derive(Debug, Serialize)]
pub struct LineJson {
    pub text: String,
    pub bbox: [f64; 4],
    pub baseline: f64,
    pub column: usize,
    pub words: Vec<WordJson>,
}

#[derive(Debug, Serialize)]
pub struct WordJson {
    pub text: String,
    /// `[x0, y0, x1, y1]`, top-left origin.
    pub bbox: [f64; 4],
    pub size: f64,
    pub bold: bool,
    /// Struck through (only written when true).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub struck: bool,
}

impl DocJson {
    pub fn new(file: &str, pages: &[Page], decimals: i32) -> Self {
        let r = |v: f32| round(v, decimals);
        let bbox = |b: &BBox| [r(b.x0), r(b.y0), r(b.x1), r(b.y1)];
        DocJson {
            file: file.to_string(),
            pages: pages
                .iter()
                .map(|p| PageJson {
                    number: p.number,
                    width: r(p.width),
                    height: r(p.height),
                    scanned: p.scanned,
                    unmapped: p.unmapped,
                    columns: p.columns.iter().map(|c| [r(c.x0), r(c.x1)]).collect(),
                    lines: p
                        .lines
                        .iter()
                        .map(|l| LineJson {
                            text: l.text(),
                            bbox: bbox(&l.bbox),
                            baseline: r(l.baseline),
                            column: l.column,
                            words: l
                                .words
                                .iter()
                                .map(|w| WordJson {
                                    text: w.text.clone(),
                                    bbox: bbox(&w.bbox),
                                    size: r(w.size),
                                    bold: w.bold,
                                    struck: w.struck,
                                })
                                .collect(),
                        })
                        .collect(),
                })
                .collect(),
        }
    }
}

fn round(v: f32, decimals: i32) -> f64 {
    let m = 10f64.powi(decimals);
    let x = (v as f64 * m).round() / m;
    // No `-0` in the output.
    if x == 0.0 {
        0.0
    } else {
        x
    }
}
