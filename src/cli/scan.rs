//! `minutes scan ARCHIVE [-o OUT]`: read a whole archive folder and write
//! the outputs (see `output`) as one set that replaces the previous one in
//! a single step (see `output::set`). OUT defaults to `./minutes-out`.
//!
//! Exit status: 0 when the archive was read (files that failed are listed
//! in `errors.jsonl`, not fatal, unless `--strict`: then 1); 1 when the
//! outputs could not be written (the previous ones are kept); 2 when the
//! scan could not run (archive missing, OUT busy, unsafe or not writable,
//! bad rules or limits); 130 when interrupted (Ctrl-C, SIGTERM).

use crate::archive::{self, ScanError, ScanOptions, ScanSummary};
use crate::cli::common::ReadingArgs;
use clap::{ArgAction, Args};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;

#[derive(Args, Debug)]
pub struct ScanArgs {
    /// Archive folder, walked recursively (`.` for the current folder)
    pub archive: PathBuf,
    /// Output folder (must not be inside the archive)
    #[arg(short, long, default_value = "minutes-out")]
    pub out: PathBuf,
    /// Worker threads [default: all cores]
    #[arg(short, long)]
    pub jobs: Option<usize>,
    /// No progress bar
    #[arg(short, long)]
    pub quiet: bool,
    #[command(flatten)]
    pub reading: ReadingArgs,
    /// Read every file again, ignoring and not writing OUT/.cache
    #[arg(long)]
    pub no_cache: bool,
    /// Start actions.csv with a UTF-8 byte-order mark, so Excel shows accents and dashes right
    #[arg(long, value_name = "BOOL", default_value_t = true, action = ArgAction::Set)]
    pub csv_bom: bool,
    /// Exit with status 1 when any file failed or was read only in part
    #[arg(long)]
    pub strict: bool,
    /// Build the outputs from meeting records read elsewhere (`minutes
    /// actions --records`, in shards) instead of reading ARCHIVE's PDFs;
    /// ARCHIVE is only named in run.json and the report's links
    #[arg(long, value_name = "FILE.jsonl", num_args = 1..)]
    pub from_records: Vec<PathBuf>,
    /// Memory for one organisation's records while its history is built;
    /// a larger organisation's history is built from disk, in passes that
    /// hold a few meetings (same outputs, slower)
    #[arg(long, value_name = "MIB", default_value_t = archive::HISTORY_MEMORY_MIB)]
    pub history_memory: u64,
}

/// Exit status of an interrupted scan (128 + SIGINT, as shells report it).
pub const EXIT_INTERRUPTED: u8 = 130;

/// Ctrl-C and SIGTERM set the returned flag: the scan stops reading new
/// files and leaves OUT as it was. A second signal ends the process at once
/// (still leaving OUT whole: the switch to a new set is one rename).
fn interrupt_flag() -> Option<Arc<AtomicBool>> {
    use signal_hook::consts::{SIGINT, SIGTERM};
    use signal_hook::flag;
    let f = Arc::new(AtomicBool::new(false));
    for sig in [SIGINT, SIGTERM] {
        flag::register_conditional_shutdown(sig, i32::from(EXIT_INTERRUPTED), f.clone()).ok()?;
        flag::register(sig, f.clone()).ok()?;
    }
    Some(f)
}

pub fn run(args: ScanArgs) -> ExitCode {
    let opts = match options(&args) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("{}", crate::terminal::line(&format!("minutes scan: {e}")));
            return ExitCode::from(2);
        }
    };
    let result = if args.from_records.is_empty() {
        archive::scan(&opts)
    } else {
        archive::scan_records(&opts, &args.from_records)
    };
    match result {
        Ok(summary) => {
            for line in file_lines(&opts, &summary) {
                eprintln!("{}", crate::terminal::line(&line));
            }
            eprintln!("{}", crate::terminal::lines(&summary_text(&opts, &summary)));
            if args.strict && strict_failures(&summary) > 0 {
                eprintln!(
                    "minutes scan: --strict: {} files failed or were read in part",
                    strict_failures(&summary)
                );
                return ExitCode::from(1);
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{}", crate::terminal::line(&format!("minutes scan: {e}")));
            ExitCode::from(exit_status(&e))
        }
    }
}

/// Files that make `--strict` fail: every failure and partial read (not
/// entries skipped on purpose), and documents with pages to OCR.
fn strict_failures(s: &ScanSummary) -> usize {
    s.failures.iter().filter(|e| e.kind != "skipped").count() + s.scanned.len()
}

/// Exit status for a scan that did not finish.
pub fn exit_status(e: &ScanError) -> u8 {
    match e {
        ScanError::Interrupted { .. } => EXIT_INTERRUPTED,
        ScanError::Write(_) => 1,
        _ => 2,
    }
}

fn options(args: &ScanArgs) -> Result<ScanOptions, String> {
    let rules = args.reading.rules()?;
    let limits = args.reading.limits.load()?;
    if args.jobs == Some(0) {
        return Err("-j must be at least 1".into());
    }
    Ok(ScanOptions {
        archive: args.archive.clone(),
        out: args.out.clone(),
        jobs: args.jobs,
        rules,
        limits,
        use_cache: !args.no_cache,
        progress: !args.quiet && std::io::stderr().is_terminal(),
        csv_bom: args.csv_bom,
        interrupt: interrupt_flag(),
        history_memory: args.history_memory.saturating_mul(1 << 20),
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
    // Documents whose signs of actions gave none: the rules miss their
    // convention (`minutes explain` shows where).
    let unread = s.fit.signs_unread.iter().map(|(doc, cues)| {
        format!(
            "{doc}: no action read, though it prints {}",
            cues.join("; ")
        )
    });
    out.extend(capped(unread, s.fit.signs_unread.len(), || {
        "documents with signs of actions unread".to_string()
    }));
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
    let dups = s.duplicates;
    let secs = s.elapsed.as_secs_f64();
    let errors = s.failures.len() - s.skipped;
    let mut t = format!(
        "minutes scan: {} documents ({} read, {} from cache{}), {} pages, {} actions, {} carried-forward chains, {} errors{} in {:.1} s{} -> {}",
        s.files,
        s.read.len(),
        s.cache_hits,
        if dups > 0 { format!(", {dups} duplicates") } else { String::new() },
        s.pages,
        s.actions,
        s.chains,
        errors,
        if s.skipped > 0 { format!(", {} skipped", s.skipped) } else { String::new() },
        secs,
        // Pages per second means something only when every page was read.
        if s.cache_hits == 0 && secs > 0.0 {
            format!(" ({:.1} pages/s)", s.pages as f64 / secs)
        } else {
            String::new()
        },
        opts.out.display()
    );
    t.push_str(&format!("\nrules: {}", s.fit.sentence()));
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
