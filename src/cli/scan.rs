//! `minutes scan [ARCHIVE] [-o OUT]`: read a whole archive folder and write
//! the outputs (see `output`). ARCHIVE defaults to `corpus/` in the current
//! folder (the samples bundled with the source); OUT to `./minutes-out`.
//!
//! Exit status: 0 when the archive was read (files that failed are listed
//! in `errors.jsonl`, not fatal); 2 when the scan could not run (archive
//! missing, OUT not writable, bad rules or limits).

use crate::archive::{self, ScanOptions, ScanSummary};
use crate::history::HistoryRules;
use crate::limits::Limits;
use crate::rules::RuleSet;
use clap::Args;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Args, Debug)]
pub struct ScanArgs {
    /// Archive folder, walked recursively [default: ./corpus, the bundled samples]
    pub archive: Option<PathBuf>,
    /// Output folder
    #[arg(short, long, default_value = "minutes-out")]
    pub out: PathBuf,
    /// Worker threads [default: all cores]
    #[arg(short, long)]
    pub jobs: Option<usize>,
    /// No progress bar
    #[arg(short, long)]
    pub quiet: bool,
    /// Rule folder replacing the built-in rules
    #[arg(long, value_name = "DIR")]
    pub rules: Option<PathBuf>,
    /// TOML file of resource limits (see `Limits`)
    #[arg(long, value_name = "FILE")]
    pub limits: Option<PathBuf>,
    /// Read every file again, ignoring and not writing OUT/.cache
    #[arg(long)]
    pub no_cache: bool,
}

/// Reads a `--limits` file: any subset of the `Limits` fields.
pub fn load_limits(path: &Path) -> Result<Limits, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    toml::from_str(&text).map_err(|e| {
        // One line: TOML errors print a source excerpt over several.
        let msg = e.to_string();
        let msg: Vec<&str> = msg
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect();
        format!("{}: {}", path.display(), msg.join(" "))
    })
}

pub fn run(args: ScanArgs) -> ExitCode {
    match options(&args).and_then(|o| archive::scan(&o).map_err(|e| e.to_string()).map(|s| (o, s)))
    {
        Ok((opts, summary)) => {
            for line in file_lines(&opts, &summary) {
                eprintln!("{}", crate::terminal::line(&line));
            }
            eprintln!("{}", crate::terminal::lines(&summary_text(&opts, &summary)));
            // The report is built from the outputs just written.
            if let Err(e) = crate::report::write_report(&opts.out) {
                eprintln!(
                    "{}",
                    crate::terminal::line(&format!("minutes scan: report: {e}"))
                );
                return ExitCode::from(2);
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{}", crate::terminal::line(&format!("minutes scan: {e}")));
            ExitCode::from(2)
        }
    }
}

fn options(args: &ScanArgs) -> Result<ScanOptions, String> {
    let rules = match &args.rules {
        Some(dir) => RuleSet::load_dir(dir).map_err(|e| e.to_string())?,
        None => RuleSet::embedded(),
    };
    // The history stage's rule files, checked here to name them in full.
    HistoryRules::from_rules(&rules).map_err(|e| {
        let dir = args.rules.clone().unwrap_or_else(|| PathBuf::from("rules"));
        format!("{}: {}", dir.join(&e.file).display(), e.message)
    })?;
    let limits = match &args.limits {
        Some(p) => load_limits(p)?,
        None => Limits::default(),
    };
    if args.jobs == Some(0) {
        return Err("-j must be at least 1".into());
    }
    Ok(ScanOptions {
        archive: args
            .archive
            .clone()
            .unwrap_or_else(|| PathBuf::from("corpus")),
        out: args.out.clone(),
        jobs: args.jobs,
        rules,
        limits,
        use_cache: !args.no_cache,
        progress: !args.quiet && std::io::stderr().is_terminal(),
    })
}

/// Per-file lines printed before the summary, at most this many of each
/// kind: the rest are in `errors.jsonl` / `meetings.jsonl`.
const MAX_FILE_LINES: usize = 50;

/// One line per file that could not be read (`FILE: kind: cause`), and one
/// per document with pages to OCR, capped at [`MAX_FILE_LINES`] each.
pub fn file_lines(opts: &ScanOptions, s: &ScanSummary) -> Vec<String> {
    let failed = s
        .failures
        .iter()
        .map(|e| format!("{}: {} [{}]", e.document, e.error, e.kind));
    let scanned = s.scanned.iter().map(|(doc, pages)| {
        format!("{doc}: no text layer (scanned?) on pages {pages:?}; read from its other pages, OCR these")
    });
    let mut out = capped(failed, s.failures.len(), || {
        let errors = opts.out.join(crate::output::ERRORS_JSONL);
        format!("failed files in {}", errors.display())
    });
    out.extend(capped(scanned, s.scanned.len(), || {
        let meetings = opts.out.join(crate::output::MEETINGS_JSONL);
        format!(
            "documents with scanned pages (`scanned_pages` in {})",
            meetings.display()
        )
    }));
    out
}

/// The first [`MAX_FILE_LINES`] of `n` lines, each behind `minutes scan: `,
/// and a last line counting the rest (`… and 12 more WHAT`).
fn capped(
    lines: impl Iterator<Item = String>,
    n: usize,
    what: impl FnOnce() -> String,
) -> Vec<String> {
    let mut out: Vec<String> = lines
        .take(MAX_FILE_LINES)
        .map(|l| format!("minutes scan: {l}"))
        .collect();
    if n > MAX_FILE_LINES {
        out.push(format!(
            "minutes scan: … and {} more {}",
            n - MAX_FILE_LINES,
            what()
        ));
    }
    out
}

/// The summary printed after a scan.
pub fn summary_text(opts: &ScanOptions, s: &ScanSummary) -> String {
    let dups = s.files.saturating_sub(s.distinct);
    let secs = s.elapsed.as_secs_f64();
    let mut t = format!(
        "minutes scan: {} documents ({} read, {} from cache{}), {} pages, {} actions, {} carried-forward chains, {} errors in {:.1} s{} -> {}",
        s.files,
        s.read.len(),
        s.cache_hits,
        if dups > 0 { format!(", {dups} duplicates") } else { String::new() },
        s.pages,
        s.actions,
        s.chains,
        s.failures.len(),
        secs,
        // Pages per second means something only when every page was read.
        if s.cache_hits == 0 && secs > 0.0 {
            format!(" ({:.1} pages/s)", s.pages as f64 / secs)
        } else {
            String::new()
        },
        opts.out.display()
    );
    if !s.phases.is_empty() {
        let p: Vec<String> = s
            .phases
            .iter()
            .map(|(n, d)| format!("{n} {:.2} s", d.as_secs_f64()))
            .collect();
        t.push_str(&format!("\ntime: {}", p.join(", ")));
    }
    if let Some((doc, ms)) = &s.slowest {
        t.push_str(&format!("\nslowest: {doc} ({ms} ms)"));
    }
    if !s.failures.is_empty() {
        t.push_str(&format!(
            "\nfiles that failed are listed in {}",
            opts.out.join(crate::output::ERRORS_JSONL).display()
        ));
    }
    t
}
