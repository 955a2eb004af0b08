//! `minutes text`: a PDF's text in reading order, side by side
//! (`--layout`), or with positions (`--json`).
//!
//! Exit status (table in [`crate::cli::common`], also in the README): 0
//! when every file was read, 2 for bad arguments or a bad `--limits` file,
//! otherwise the failures' common status (3 not a PDF, 4 damaged, 5
//! encrypted, 6 no text layer, 7 limit hit), 1 if they differ. With several
//! files each failure prints its own line and the others are still read.

use crate::cli::common::{exit_status, status_of_all, usage_error, LimitsArg};
use crate::layout::{render, BBox, Page};
use crate::pipeline::{read_file, read_pages, DocError};
use crate::terminal::{line, lines};
use clap::Args;
use serde::Serialize;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

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
    #[command(flatten)]
    pub limits: LimitsArg,
}

pub fn run(args: TextArgs) -> ExitCode {
    let limits = match args.limits.load() {
        Ok(l) => l,
        Err(e) => return usage_error("minutes", &e),
    };
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let mut statuses: Vec<u8> = Vec::new();
    let several = args.files.len() > 1;
    for path in &args.files {
        let result = read_file(path, &limits)
            .and_then(|bytes| read_pages(&bytes, &limits))
            .and_then(|doc| {
                write_file(&mut out, path, &doc.pages, &args, several).map_err(DocError::from)
            });
        if let Err(e) = result {
            if let DocError::Io(io) = &e {
                if io.kind() == io::ErrorKind::BrokenPipe {
                    return ExitCode::SUCCESS;
                }
            }
            let _ = out.flush();
            eprintln!("{}", line(&format!("minutes: {}: {e}", path.display())));
            statuses.push(exit_status(&e));
        }
    }
    if let Err(e) = out.flush() {
        if e.kind() != io::ErrorKind::BrokenPipe {
            eprintln!("{}", line(&format!("minutes: writing output: {e}")));
            return ExitCode::from(1);
        }
    }
    status_of_all(&statuses)
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
