//! The `archive` stage: a whole folder of minutes in, the outputs out.
//!
//! 1. [`discover`]: every PDF under ARCHIVE (by content; `.pdf` names too).
//! 2. Hash every file (blake3, streamed); identical content under several
//!    paths is read once, under the first path, the others listed in
//!    `duplicates`.
//! 3. Read each distinct content on a `rayon` pool of `-j` threads, each
//!    under [`guard::guarded`] (a panic is that file's error), through the
//!    [`cache`] when on. The full record and a slim copy (no item text, the
//!    [`Doc`] the history stage links) go to a spool file; memory keeps a
//!    small index entry per document (organisation, date, path, where the
//!    records are).
//! 4. One organisation at a time, in output order: its slim records are
//!    read back (compacted, [`history::compact`]),
//!    [`history::build_spilling`] links them (the recurring items'
//!    occurrences going to a file as they are found), its per-meeting outputs
//!    (`actions.jsonl`/`.csv`, `decisions.jsonl`, `meetings.jsonl`, the
//!    database's rows) are written, each meeting from the history stage's
//!    record with its full fields back from the spool
//!    ([`history::restore`]), and its chains, recurring items and timelines
//!    go to the database and to files on disk ([`spill`]), from which
//!    `history.json` is streamed at the end; then the other archive-wide
//!    files, `run.json` and the report last. Nothing the history links
//!    crosses organisations but people and theme counts, which
//!    [`history::History::merge`] joins.
//!
//! What memory still holds, and so grows with the archive: the slim
//! records of the largest organisation while its history is built (with
//! what [`history::build`] works out over them but the recurring items'
//! occurrences, of which it keeps 12 bytes each), the index entries (about
//! 0.3 KB per document), a heading per person and per theme, the
//! database writer's document ids, and what the report is built from.
//!
//! Results never depend on the order threads finish in: units are
//! processed by index and everything written is sorted.

pub mod cache;
pub mod discover;
pub mod guard;
mod passes;
mod records;
mod spill;
mod spool;

use crate::history::{self, Doc};
use crate::limits::Limits;
use crate::model::{FileError, Meeting, RunInfo};
use crate::output;
use crate::pipeline::{self, DocError};
use crate::rules::{HistoryRules, RuleSet};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use thiserror::Error;

/// What reading one document gave (also what the cache stores).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Meeting(Box<Meeting>),
    Error { kind: String, error: String },
}

/// A resolved scan configuration.
#[derive(Debug, Clone)]
pub struct ScanOptions {
    pub archive: PathBuf,
    pub out: PathBuf,
    /// Worker threads; `None`: all cores.
    pub jobs: Option<usize>,
    pub rules: RuleSet,
    pub limits: Limits,
    pub use_cache: bool,
    /// Show a progress bar on stderr.
    pub progress: bool,
    /// Start `actions.csv` with a UTF-8 byte-order mark (for Excel).
    pub csv_bom: bool,
    /// Set (by a signal handler) to stop the scan: no new file is read,
    /// the cache keeps what was read, OUT keeps its previous set.
    pub interrupt: Option<Arc<AtomicBool>>,
    /// Bytes of spooled (JSON) records up to which an organisation's
    /// history is built in memory; above, from disk in passes
    /// ([`passes::OrgDocs`]), so that peak memory stays flat however large
    /// one body's archive is. Records take about twice their JSON size in
    /// memory.
    pub history_memory: u64,
}

/// Default of [`ScanOptions::history_memory`] (`--history-memory`), MiB.
pub const HISTORY_MEMORY_MIB: u64 = 32;

impl ScanOptions {
    /// Options with the defaults of `minutes scan` (cache on, BOM on, no
    /// progress bar, built-in rules and limits).
    pub fn new(archive: impl Into<PathBuf>, out: impl Into<PathBuf>) -> ScanOptions {
        ScanOptions {
            archive: archive.into(),
            out: out.into(),
            jobs: None,
            rules: RuleSet::embedded(),
            limits: Limits::default(),
            use_cache: true,
            progress: false,
            csv_bom: true,
            interrupt: None,
            history_memory: HISTORY_MEMORY_MIB << 20,
        }
    }

    fn interrupted(&self) -> bool {
        self.interrupt
            .as_ref()
            .is_some_and(|f| f.load(Ordering::SeqCst))
    }
}

/// Why a scan could not run at all (bad files are not this: they are
/// reported in `errors.jsonl`).
#[derive(Debug, Error)]
pub enum ScanError {
    #[error("archive folder {0} not found")]
    ArchiveMissing(PathBuf),
    #[error("{0} is not a folder")]
    NotAFolder(PathBuf),
    #[error("cannot write to {path}: {error}")]
    Out { path: PathBuf, error: io::Error },
    #[error("{} exists and is a file: -o needs a folder", .0.display())]
    OutIsFile(PathBuf),
    #[error("-o {} is inside the archive {}: the outputs and the cache would be mixed with the PDFs; choose a folder outside it", out.display(), archive.display())]
    OutInsideArchive { out: PathBuf, archive: PathBuf },
    #[error(transparent)]
    Busy(#[from] output::set::LockError),
    /// Writing the new set failed (a full disk…): OUT keeps the previous
    /// set.
    #[error("cannot write the outputs, previous outputs kept: {0}")]
    Write(io::Error),
    /// Stopped by a signal before the new set was switched in.
    #[error("interrupted; {done} of {total} files read{}; outputs unchanged", if *.cached { " and cached" } else { "" })]
    Interrupted {
        done: usize,
        total: usize,
        cached: bool,
    },
    #[error("cannot start {0} worker threads: {1}")]
    Pool(usize, String),
    /// A `--from-records` file that cannot be read or holds something
    /// other than meeting records.
    #[error("{}{}: {message}", path.display(), if *line > 0 { format!(":{line}") } else { String::new() })]
    Records {
        path: PathBuf,
        line: usize,
        message: String,
    },
}

/// What a scan did, for the summary line and for tests.
#[derive(Debug, Clone, Default)]
pub struct ScanSummary {
    /// Documents found (paths).
    pub files: usize,
    /// Distinct contents among them.
    pub distinct: usize,
    /// Meetings read (distinct contents that gave one).
    pub meetings: usize,
    pub pages: u64,
    pub actions: u64,
    /// The lines of `errors.jsonl`, sorted by document.
    pub failures: Vec<FileError>,
    /// Documents read with some pages that have no text layer (scanned?),
    /// and those pages: the officer should OCR them.
    pub scanned: Vec<(String, Vec<u32>)>,
    /// Distinct contents taken from the cache.
    pub cache_hits: usize,
    /// Paths whose content is the same as an earlier path's (read once).
    pub duplicates: usize,
    /// Entries not read on purpose (FIFOs, devices, links leaving the
    /// archive, link loops): kind `skipped` in `failures`.
    pub skipped: usize,
    /// Reading warnings over all meetings (`warnings` in `meetings.jsonl`).
    pub warnings: u64,
    /// Worker threads used.
    pub jobs: usize,
    /// Labels of the documents actually read (cache misses), sorted.
    pub read: Vec<String>,
    /// Carried-forward chains found.
    pub chains: usize,
    pub elapsed: Duration,
    /// The document that took longest to read, and its time in ms.
    pub slowest: Option<(String, u64)>,
    /// Wall time of each phase (find, hash, read, history, write), to see
    /// where a run's time goes and how much of it is parallel (`read`,
    /// `hash`).
    pub phases: Vec<(&'static str, Duration)>,
    /// Whether the rules fit: documents with no action, signs of actions
    /// unread, owners never resolved.
    pub fit: crate::report::fit::Fit,
}

/// Distinct content: the first path (label order) and the others.
struct Unit {
    label: String,
    /// The file to read, when it is not the label itself (a label is the
    /// path as walked unless the path is not UTF-8): one path per document
    /// is held while the archive is read, not two.
    path: Option<PathBuf>,
    hash: String,
    duplicates: Vec<String>,
}

impl Unit {
    fn path(&self) -> &Path {
        self.path
            .as_deref()
            .unwrap_or_else(|| Path::new(&self.label))
    }
}

/// What reading one unit gave, and `Some(ms)` when it was read (not taken
/// from the cache); `None` for a unit not reached (interrupted).
type UnitRead = Option<(KeptUnit, Option<u64>)>;

/// What the scan keeps in memory of a unit once read: where its records
/// are spooled, with what sorts them into output order, or its error.
enum KeptUnit {
    Meeting {
        entry: Entry,
        /// Set when the record is suspect (see [`partial`]); boxed, as
        /// few are, to keep each document's entry small.
        partial: Option<Box<FileError>>,
        /// Pages without a text layer (the slim record drops them).
        scanned_pages: Vec<u32>,
        /// Reading warnings (the slim record drops them).
        warnings: usize,
    },
    Error(FileError),
}

fn out_err(path: &Path) -> impl Fn(io::Error) -> ScanError + '_ {
    move |error| ScanError::Out {
        path: path.to_path_buf(),
        error,
    }
}

/// `path` made absolute, with the symbolic links of its existing part
/// resolved (the rest may not exist yet).
fn real_path(path: &Path) -> PathBuf {
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut head = abs.clone();
    let mut tail = Vec::new();
    loop {
        if let Ok(c) = head.canonicalize() {
            return tail.into_iter().rev().fold(c, |p, n| p.join(n));
        }
        match (head.file_name().map(|n| n.to_os_string()), head.parent()) {
            (Some(n), Some(parent)) => {
                tail.push(n);
                head = parent.to_path_buf();
            }
            _ => return abs,
        }
    }
}

/// Checks ARCHIVE and OUT before anything is written: OUT must not be a
/// file, nor the archive or a folder inside it.
/// With `--from-records` the archive is only named (the records were read
/// elsewhere), so it need not be on this machine.
fn check_paths(opts: &ScanOptions, records: bool) -> Result<PathBuf, ScanError> {
    if records {
        let archive = real_path(&opts.archive);
        if opts.out.is_file() {
            return Err(ScanError::OutIsFile(opts.out.clone()));
        }
        return Ok(archive);
    }
    if !opts.archive.exists() {
        return Err(ScanError::ArchiveMissing(opts.archive.clone()));
    }
    if !opts.archive.is_dir() {
        return Err(ScanError::NotAFolder(opts.archive.clone()));
    }
    if opts.out.is_file() {
        return Err(ScanError::OutIsFile(opts.out.clone()));
    }
    let archive = real_path(&opts.archive);
    if real_path(&opts.out).starts_with(&archive) {
        return Err(ScanError::OutInsideArchive {
            out: opts.out.clone(),
            archive: opts.archive.clone(),
        });
    }
    Ok(archive)
}

/// Reads the archive and writes the outputs into `opts.out` as one new set
/// (see [`output::set`]): all of it, or, when the run fails or is
/// interrupted, none of it.
pub fn scan(opts: &ScanOptions) -> Result<ScanSummary, ScanError> {
    run(opts, None)
}

/// [`scan`] with the per-document stage already done elsewhere: the
/// meeting records in `files` (see [`records`]) instead of the PDFs of
/// `opts.archive`, which is only named in `run.json` and the report. The
/// outputs are those a scan of the same PDFs gives.
pub fn scan_records(opts: &ScanOptions, files: &[PathBuf]) -> Result<ScanSummary, ScanError> {
    run(opts, Some(files))
}

fn run(opts: &ScanOptions, records: Option<&[PathBuf]>) -> Result<ScanSummary, ScanError> {
    let started = Instant::now();
    let started_at = rfc3339_now();
    let archive_abs = check_paths(opts, records.is_some())?;
    let hrules = &opts.rules.history;
    let out = &opts.out;
    std::fs::create_dir_all(out).map_err(out_err(out))?;
    let _lock = output::set::Lock::acquire(out)?;
    output::set::prepare(out).map_err(out_err(out))?;
    let cache = if opts.use_cache {
        let key = opts.rules.reading_hash();
        Some(cache::Cache::open(out, key).map_err(out_err(out))?)
    } else {
        None
    };
    let spool = spool::Spool::new(out).map_err(out_err(out))?;
    let jobs = opts.jobs.unwrap_or(0);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs)
        // As much stack as the main thread has, so a document that reads
        // with `minutes actions` never overflows in a scan.
        .stack_size(8 << 20)
        .build()
        .map_err(|e| ScanError::Pool(jobs, e.to_string()))?;

    let mut phases = Vec::new();
    let mut lap = Instant::now();
    let mut phase = |name: &'static str| {
        phases.push((name, lap.elapsed()));
        lap = Instant::now();
    };
    let interrupted = |done: usize, total: usize| ScanError::Interrupted {
        done,
        total,
        cached: cache.is_some(),
    };
    let ctx = Ctx {
        opts,
        hrules,
        cache: cache.as_ref(),
        spool: &spool,
        done: AtomicUsize::new(0),
        spool_error: Mutex::new(None),
        organisations: Mutex::new(BTreeSet::new()),
        learnt: Mutex::new(history::Learnt::default()),
    };
    let (files, units, results, mut errors) = match records {
        Some(paths) => {
            let (units, errors, files) = records::units(paths)?;
            phase("find");
            let results = records::read(&ctx, paths, &units)?;
            if let Some(e) = ctx.spool_error.lock().ok().and_then(|mut g| g.take()) {
                return Err(ScanError::Write(e));
            }
            phase("read");
            (files, units, results, errors)
        }
        None => {
            let (found, mut errors) = discover::discover(&opts.archive, Some(out));
            phase("find");
            let files = found.len() + errors.len();

            let bar = if opts.progress {
                let b = ProgressBar::with_draw_target(
                    Some(found.len() as u64),
                    ProgressDrawTarget::stderr(),
                );
                if let Ok(style) =
                    ProgressStyle::with_template("{spinner} {msg:8} [{bar:40}] {pos}/{len} {eta}")
                {
                    b.set_style(style.progress_chars("=> "));
                }
                b
            } else {
                ProgressBar::hidden()
            };

            // Hash every file, then group identical content.
            bar.set_message("hashing");
            let hashed: Vec<(discover::FoundFile, Result<String, DocError>)> = pool.install(|| {
                found
                    .into_par_iter()
                    .map(|f| {
                        let h = if opts.interrupted() {
                            Err(DocError::Io(io::Error::other("interrupted")))
                        } else {
                            hash_file(&f.path, &opts.limits)
                        };
                        bar.inc(1);
                        (f, h)
                    })
                    .collect()
            });
            if opts.interrupted() {
                bar.finish_and_clear();
                return Err(interrupted(0, files));
            }
            let mut by_hash: BTreeMap<String, Vec<discover::FoundFile>> = BTreeMap::new();
            for (f, h) in hashed {
                match h {
                    Ok(h) => by_hash.entry(h).or_default().push(f),
                    Err(e) => errors.push(file_error(&f.label, &e)),
                }
            }
            let mut units: Vec<Unit> = by_hash
                .into_iter()
                .map(|(hash, mut fs)| {
                    fs.sort();
                    let first = fs.remove(0);
                    let path = (first.path != Path::new(&first.label)).then_some(first.path);
                    Unit {
                        label: first.label,
                        path,
                        hash,
                        duplicates: fs.into_iter().map(|f| f.label).collect(),
                    }
                })
                .collect();
            units.sort_by(|a, b| a.label.cmp(&b.label));

            phase("hash");
            // Read every distinct content.
            bar.set_position(0);
            bar.set_length(units.len() as u64);
            bar.set_message("reading");
            let results: Vec<UnitRead> = pool.install(|| {
                units
                    .par_iter()
                    .map(|u| {
                        // Stop reading new files once interrupted; documents being
                        // read are finished (and cached).
                        if opts.interrupted() {
                            return None;
                        }
                        let r = ctx.process(u);
                        ctx.done.fetch_add(1, Ordering::SeqCst);
                        bar.inc(1);
                        Some(r)
                    })
                    .collect()
            });
            bar.finish_and_clear();
            if opts.interrupted() {
                return Err(interrupted(ctx.done.load(Ordering::SeqCst), units.len()));
            }
            if let Some(e) = ctx.spool_error.lock().ok().and_then(|mut g| g.take()) {
                return Err(ScanError::Write(e));
            }
            phase("read");
            (files, units, results, errors)
        }
    };
    let learnt = ctx.learnt.into_inner().unwrap_or_else(|e| e.into_inner());

    let mut summary = ScanSummary {
        files,
        distinct: units.len(),
        jobs: pool.current_num_threads(),
        ..ScanSummary::default()
    };
    let mut entries = Vec::with_capacity(results.len());
    // Only their number is needed from here on: each unit's label moves
    // into the list of documents read rather than being copied.
    let distinct = units.len();
    for (u, r) in units.into_iter().zip(results) {
        let Some((done, millis)) = r else {
            continue;
        };
        summary.duplicates += u.duplicates.len();
        match millis {
            Some(ms) => {
                // Records read elsewhere have no time here.
                if records.is_none() && summary.slowest.as_ref().is_none_or(|(_, s)| ms > *s) {
                    summary.slowest = Some((u.label.clone(), ms));
                }
                summary.read.push(u.label);
            }
            None => summary.cache_hits += 1,
        }
        match done {
            KeptUnit::Meeting {
                entry,
                partial,
                scanned_pages,
                warnings,
            } => {
                summary.warnings += warnings as u64;
                if !scanned_pages.is_empty() {
                    summary
                        .scanned
                        .push((entry.document.clone(), scanned_pages));
                }
                entries.push(entry);
                errors.extend(partial.map(|p| *p));
            }
            KeptUnit::Error(e) => {
                for d in &u.duplicates {
                    errors.push(FileError {
                        document: d.clone(),
                        ..e.clone()
                    });
                }
                errors.push(e);
            }
        }
    }
    summary.read.sort();
    errors.sort_by(|a, b| a.document.cmp(&b.document));
    summary.skipped = errors.iter().filter(|e| e.kind == "skipped").count();
    entries.sort_by(Entry::cmp);
    summary.meetings = entries.len();

    // History and per-meeting outputs, one organisation at a time (see
    // `History::merge`): its slim records are read back from the spool,
    // linked, written with their full records, and dropped.
    let set = output::set::Staging::new(out).map_err(ScanError::Write)?;
    let spool = spool.into_reader().map_err(ScanError::Write)?;
    let mut runs = passes::Runs::new(out).map_err(ScanError::Write)?;
    let mut writer = MeetingWriter::open(&set, opts, hrules.themes.recurring_min_meetings)
        .map_err(ScanError::Write)?;
    let mut fit = crate::report::fit::FitBuilder::default();
    let mut history_time = Duration::ZERO;
    if entries.is_empty() {
        // No meeting: the history of nothing (every taxonomy theme, unseen).
        let part = history::build_spilling(&mut Vec::new(), hrules, &mut writer.occurrences)
            .map_err(ScanError::Write)?;
        writer.history(part).map_err(ScanError::Write)?;
    }
    for group in entries.chunk_by(|a, b| a.organisation == b.organisation) {
        let t = Instant::now();
        let slots: Vec<spool::Slot> = group.iter().map(|e| e.slim).collect();
        let spooled: u64 = slots.iter().map(spool::Slot::len).sum();
        let mut on_disk;
        let mut in_memory;
        let docs: &mut dyn history::Passes = if spooled > opts.history_memory {
            on_disk = passes::OrgDocs::new(&spool, &slots, &mut runs);
            &mut on_disk
        } else {
            in_memory = Vec::with_capacity(slots.len());
            for s in &slots {
                let mut d: Doc = spool.read(s).map_err(ScanError::Write)?;
                history::compact(&mut d);
                in_memory.push(d);
            }
            &mut in_memory
        };
        let MeetingWriter {
            occurrences, files, ..
        } = &mut writer;
        // Each document comes out of the last pass in output order, so
        // the n-th is the group's n-th entry.
        let mut next = group.iter();
        let mut written = Duration::ZERO;
        let part = history::build_with(
            docs,
            hrules,
            &learnt,
            Some(occurrences),
            &mut |d, histories| {
                let w = Instant::now();
                let e = next
                    .next()
                    .filter(|e| e.document == d.meeting.document)
                    .ok_or_else(|| {
                        io::Error::other(format!("{}: not in the spool", d.meeting.document))
                    })?;
                summary.pages += u64::from(d.meeting.pages);
                summary.actions += d.meeting.actions.len() as u64;
                fit_of(&mut fit, std::slice::from_ref(&d));
                files.meeting(d, spool.read(&e.full)?, histories)?;
                written += w.elapsed();
                Ok(())
            },
        )
        .map_err(ScanError::Write)?;
        history_time += t.elapsed().saturating_sub(written);
        writer.history(part).map_err(ScanError::Write)?;
    }
    summary.failures = errors.clone();
    summary.chains = writer.history.chains();
    summary.fit = fit.finish();

    let mut run = RunInfo {
        version: env!("CARGO_PKG_VERSION").to_string(),
        rules_hash: opts.rules.hash().to_string(),
        started: started_at,
        finished: String::new(),
        archive: archive_abs.display().to_string(),
        jobs: summary.jobs as u64,
        documents: files as u64,
        pages: summary.pages,
        actions: summary.actions,
        errors: errors.iter().filter(|e| e.kind != "skipped").count() as u64,
        skipped: summary.skipped as u64,
        warnings: summary.warnings,
        scanned_documents: summary.scanned.len() as u64,
        no_action_documents: summary.fit.no_actions.len() as u64,
        unread_action_documents: summary.fit.signs_unread.len() as u64,
        unresolved_owner_tokens: summary.fit.unresolved.len() as u64,
    };
    writer
        .finish(&set, opts, &errors, &mut run)
        .map_err(ScanError::Write)?;
    // The switch: after it OUT shows the new set; before it, the old one.
    let switched = set
        .commit(|| !opts.interrupted())
        .map_err(ScanError::Write)?;
    if !switched {
        return Err(interrupted(distinct, distinct));
    }
    phase("write");
    // The history stage ran between the writes of each organisation's
    // meetings: its time is told apart from the writing's.
    if let Some((_, write)) = phases.pop() {
        phases.push(("history", history_time));
        phases.push(("write", write.saturating_sub(history_time)));
    }
    summary.phases = phases;
    summary.elapsed = started.elapsed();
    Ok(summary)
}

/// Adds whether the rules fit the meetings of `docs` (after the history
/// stage has resolved what it could from other meetings).
fn fit_of(b: &mut crate::report::fit::FitBuilder, docs: &[Doc]) {
    for d in docs {
        let m = &d.meeting;
        b.meeting(&m.document, &m.action_cues);
        for a in &m.actions {
            b.action(&m.document);
            for o in &a.owners {
                let resolved = !matches!(
                    o.resolution,
                    crate::model::Resolution::Unresolved
                        | crate::model::Resolution::Ambiguous { .. }
                );
                b.owner(&m.document, &m.organisation, &o.token, resolved);
            }
        }
    }
}

/// Writes the set: the per-meeting files side by side, one organisation's
/// meetings at a time in output order ([`MeetingWriter::meetings`]), then
/// the archive-wide part, `run.json` (with the finish time) and the report
/// last ([`MeetingWriter::finish`]). Any failed write fails the set.
struct MeetingWriter {
    files: MeetingFiles,
    /// The history's archive-wide lists, on disk.
    history: spill::HistorySpill,
    /// The recurring items' occurrences of the organisation being built
    /// ([`history::build_with`]).
    occurrences: history::items::OccurrenceFile,
}

/// The per-meeting files of the set, and the database.
struct MeetingFiles {
    actions_jsonl: output::set::SetFile,
    /// `actions.csv`'s rows, written into its file.
    rows: output::csv::ActionRows<output::set::SetFile>,
    decisions: output::set::SetFile,
    meetings: output::set::SetFile,
    /// The database, fed on a thread of its own when the scan may use two
    /// cores ([`output::db::Background`]).
    db: output::db::Background,
    dir: PathBuf,
}

fn db_err(e: rusqlite::Error) -> io::Error {
    io::Error::other(format!("{}: {e}", output::db::DB_FILE))
}

/// An error writing output `name` of the set in `dir`, naming the file.
fn named(dir: &Path, name: &'static str) -> impl Fn(io::Error) -> io::Error {
    let path = dir.join(name);
    move |e: io::Error| io::Error::new(e.kind(), format!("{}: {e}", path.display()))
}

impl MeetingWriter {
    fn open(
        set: &output::set::Staging,
        opts: &ScanOptions,
        min_meetings: usize,
    ) -> io::Result<MeetingWriter> {
        use std::io::Write;
        let dir = set.dir().to_path_buf();
        let mut actions_csv = set.open(output::ACTIONS_CSV)?;
        if opts.csv_bom {
            actions_csv
                .writer()
                .write_all(output::BOM)
                .map_err(named(&dir, output::ACTIONS_CSV))?;
        }
        let rows =
            output::csv::ActionRows::new(actions_csv).map_err(named(&dir, output::ACTIONS_CSV))?;
        Ok(MeetingWriter {
            files: MeetingFiles {
                actions_jsonl: set.open(output::ACTIONS_JSONL)?,
                rows,
                decisions: set.open(output::DECISIONS_JSONL)?,
                meetings: set.open(output::MEETINGS_JSONL)?,
                db: output::db::Background::start(
                    output::db::Writer::create(&set.temp_path(output::db::DB_FILE)?)
                        .map_err(db_err)?,
                    db_threads(opts),
                ),
                dir,
            },
            history: spill::HistorySpill::new(&opts.out, min_meetings)?,
            occurrences: history::items::OccurrenceFile::new(&opts.out)?,
        })
    }

    /// Adds one organisation's history (from [`history::build_spilling`]),
    /// once its meetings are written: its chains and recurring items go to
    /// the database, its lists to [`spill::HistorySpill`] (the chains'
    /// status histories were put on their actions, and are not in
    /// `history.json`). Each recurring item's occurrences are read back
    /// from [`Self::occurrences`] as it is written: one item's at a time
    /// in memory.
    fn history(&mut self, mut part: history::History) -> io::Result<()> {
        self.files
            .db
            .chains_and_items(&part.chains, &[])
            .map_err(db_err)?;
        for (n, mut r) in std::mem::take(&mut part.recurring_items)
            .into_iter()
            .enumerate()
        {
            r.meetings = self.occurrences.meetings(n)?;
            self.files
                .db
                .chains_and_items(&[], std::slice::from_ref(&r))
                .map_err(db_err)?;
            self.history.add_recurring(&r)?;
        }
        self.history.add(part)
    }

    /// The rest of the set, once every meeting is written.
    fn finish(
        self,
        set: &output::set::Staging,
        opts: &ScanOptions,
        errors: &[FileError],
        run: &mut RunInfo,
    ) -> io::Result<()> {
        let MeetingWriter { files, history, .. } = self;
        let MeetingFiles {
            rows,
            actions_jsonl,
            decisions,
            meetings,
            db,
            dir,
        } = files;
        let actions_csv = rows
            .into_inner()
            .map_err(named(&dir, output::ACTIONS_CSV))?;
        for f in [actions_jsonl, actions_csv, decisions, meetings] {
            f.finish()?;
        }
        let themes = history.themes().to_vec();
        let db = db.join().map_err(db_err)?;
        db.finish_with(&themes, errors, run).map_err(db_err)?;
        set.install(output::db::DB_FILE)?;
        run.finished = rfc3339_now();
        output::write_summaries_with(set, |w| history.write_json(w), &themes, errors, run)?;
        // The report is built from the set just written (the history went
        // with the summaries' closure, which takes it by value).
        set.write(crate::report::REPORT_FILE, |w| {
            crate::report::write_set(set.dir(), &opts.out, w)
                .map_err(|e| io::Error::other(e.to_string()))
        })
    }
}

impl MeetingFiles {
    /// Writes one meeting: the record the history stage gave (`slim`) with
    /// what slimming dropped put back from its full record (`full`, from
    /// the spool; [`history::restore`]) and each chained action given its
    /// chain's status history (`histories`, [`history::complete`]).
    fn meeting(
        &mut self,
        slim: Doc,
        full: crate::model::Meeting,
        histories: &history::StatusHistories,
    ) -> io::Result<()> {
        use std::io::Write;
        let dir = self.dir.clone();
        let jsonl_line = |w: &mut dyn Write, v: &dyn erased::Json| -> io::Result<()> {
            v.write_json(w)?;
            w.write_all(b"\n")
        };
        let mut m = history::restore(slim.meeting, full);
        for a in &mut m.actions {
            history::complete(histories, a);
            jsonl_line(self.actions_jsonl.writer(), a)
                .map_err(named(&dir, output::ACTIONS_JSONL))?;
            self.rows.row(a).map_err(named(&dir, output::ACTIONS_CSV))?;
        }
        for x in &m.decisions {
            jsonl_line(self.decisions.writer(), x).map_err(named(&dir, output::DECISIONS_JSONL))?;
        }
        // The line is made with the actions held apart, so they are not
        // turned into JSON values only to be dropped.
        let actions = std::mem::take(&mut m.actions);
        let ids = actions.iter().map(|a| a.id.as_str());
        let line = output::meeting_line_with_ids(&m, ids).map_err(io::Error::other)?;
        m.actions = actions;
        let w = self.meetings.writer();
        w.write_all(line.as_bytes())
            .and_then(|_| w.write_all(b"\n"))
            .map_err(named(&dir, output::MEETINGS_JSONL))?;
        self.db.meeting(m).map_err(db_err)
    }
}

/// Threads for the write stage's database (see `output::db::Background`):
/// one with `-j 1` or one core, else two.
fn db_threads(opts: &ScanOptions) -> usize {
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    match opts.jobs {
        Some(1) => 1,
        _ if cores == 1 => 1,
        _ => 2,
    }
}

/// One JSON line's value, whatever its type (actions, decisions).
mod erased {
    use std::io::{self, Write};
    pub trait Json {
        fn write_json(&self, w: &mut dyn Write) -> io::Result<()>;
    }
    impl<T: serde::Serialize> Json for T {
        fn write_json(&self, w: &mut dyn Write) -> io::Result<()> {
            serde_json::to_writer(w, self).map_err(io::Error::other)
        }
    }
}

/// What every worker needs.
struct Ctx<'a> {
    opts: &'a ScanOptions,
    hrules: &'a HistoryRules,
    cache: Option<&'a cache::Cache>,
    spool: &'a spool::Spool,
    /// Units done (read or from the cache), for the interrupted line.
    done: AtomicUsize,
    /// The spool could not be written (a full disk): the run fails with
    /// `io` rather than report every document as failed.
    spool_error: Mutex<Option<io::Error>>,
    /// The organisations seen, each name held once for all their entries.
    organisations: Mutex<BTreeSet<Arc<str>>>,
    /// What each meeting tells the history of the others, learnt as it is
    /// read ([`history::Learnt`]).
    learnt: Mutex<history::Learnt>,
}

impl Ctx<'_> {
    /// The shared copy of an organisation's name.
    fn organisation(&self, name: &str) -> Arc<str> {
        let Ok(mut set) = self.organisations.lock() else {
            return Arc::from(name);
        };
        if let Some(o) = set.get(name) {
            return o.clone();
        }
        let o: Arc<str> = Arc::from(name);
        set.insert(o.clone());
        o
    }

    /// Reads one unit (or takes it from the cache); `Some(ms)` when read.
    fn process(&self, u: &Unit) -> (KeptUnit, Option<u64>) {
        let cached = self.cache.and_then(|c| c.get(&u.hash));
        let (outcome, read_ms) = match cached {
            Some((o, _)) => (o, None),
            None => {
                let (o, ms, cacheable) = self.read(u);
                if let (Some(c), true) = (self.cache, cacheable) {
                    // A cache that cannot be written only costs a re-read.
                    let _ = c.put(&u.hash, &o, ms);
                }
                (o, Some(ms))
            }
        };
        let done = match outcome {
            Outcome::Error { kind, error } => KeptUnit::Error(FileError {
                document: u.label.clone(),
                kind,
                error,
            }),
            Outcome::Meeting(m) => self.finish(u, *m),
        };
        (done, read_ms)
    }

    /// Reads one unit: what it gave, the milliseconds it took, and whether
    /// that may be cached (not an error that depends on the moment, see
    /// [`DocError::depends_on_the_moment`]: a re-run tries again).
    fn read(&self, u: &Unit) -> (Outcome, u64, bool) {
        let t = Instant::now();
        let bytes = match pipeline::read_file(u.path(), &self.opts.limits) {
            Ok(b) => b,
            Err(e) => {
                let fe = file_error(&u.label, &e);
                return (
                    Outcome::Error {
                        kind: fe.kind,
                        error: fe.error,
                    },
                    0,
                    !e.depends_on_the_moment(),
                );
            }
        };
        let (rules, limits) = (&self.opts.rules, &self.opts.limits);
        let r = guard::guarded(|| pipeline::read_meeting(&u.label, &bytes, rules, limits));
        drop(bytes);
        let cacheable = !matches!(&r, Ok(Err(e)) if e.depends_on_the_moment());
        let outcome = match r {
            Ok(Ok(m)) => Outcome::Meeting(Box::new(m)),
            Ok(Err(e)) => Outcome::Error {
                kind: e.kind().to_string(),
                error: e.to_string(),
            },
            Err(msg) => Outcome::Error {
                kind: "panic".into(),
                error: format!("internal error (panic): {msg}"),
            },
        };
        (outcome, t.elapsed().as_millis() as u64, cacheable)
    }

    /// Labels the meeting with this unit's paths, tags it (themes,
    /// evidence), spools the full record and keeps a slim one.
    fn finish(&self, u: &Unit, mut m: Meeting) -> KeptUnit {
        // A cached record may come from the same content under another
        // path: the labels are this run's.
        m.document = u.label.clone();
        m.duplicates = u.duplicates.clone();
        m.sha = u.hash.clone();
        for a in &mut m.actions {
            a.document = u.label.clone();
        }
        for d in &mut m.decisions {
            d.document = u.label.clone();
        }
        let evidence = history::prepare(&mut m, self.hrules);
        let clause = history::mid_sentence(&m, self.hrules);
        let spool_failed = |e: io::Error| {
            let msg = format!("cannot spool the record of {}: {e}", u.label);
            if let Ok(mut g) = self.spool_error.lock() {
                g.get_or_insert(io::Error::new(e.kind(), msg.clone()));
            }
            KeptUnit::Error(FileError {
                document: u.label.clone(),
                kind: "io".into(),
                error: msg,
            })
        };
        let full = match self.spool.write(&m) {
            Ok(s) => s,
            Err(e) => return spool_failed(e),
        };
        let partial = partial(&m).map(Box::new);
        let scanned_pages = m.scanned_pages.clone();
        let warnings = m.warnings.len();
        history::slim(&mut m);
        let doc = Doc {
            meeting: m,
            evidence,
            clause,
        };
        let slim = match self.spool.write(&doc) {
            Ok(s) => s,
            Err(e) => return spool_failed(e),
        };
        // `learn` cannot panic half-way; a poisoned lock still holds
        // every document learnt.
        self.learnt
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .learn(&doc);
        let m = doc.meeting;
        KeptUnit::Meeting {
            entry: Entry {
                organisation: self.organisation(&m.organisation),
                meeting_date: m.meeting_date,
                document: m.document,
                slim,
                full,
            },
            partial,
            scanned_pages,
            warnings,
        }
    }
}

/// A meeting read: its place in output order (organisation, date,
/// document, as [`history::cmp_meetings`]) and where its records are in
/// the spool: the slim [`Doc`] the history stage links, and the full
/// record the outputs are written from.
struct Entry {
    /// Shared by every entry of the organisation ([`Ctx::organisation`]).
    organisation: Arc<str>,
    meeting_date: Option<String>,
    document: String,
    slim: spool::Slot,
    full: spool::Slot,
}

impl Entry {
    /// Output order, the same as [`history::cmp_meetings`] on the records.
    fn cmp(&self, b: &Entry) -> std::cmp::Ordering {
        self.organisation
            .cmp(&b.organisation)
            .then_with(|| self.meeting_date.is_none().cmp(&b.meeting_date.is_none()))
            .then_with(|| self.meeting_date.cmp(&b.meeting_date))
            .then_with(|| self.document.cmp(&b.document))
    }
}

/// A document that was read but gave no action while the reading stages
/// reported problems (a page tree that loops, pages that failed) is listed
/// in `errors.jsonl` too, as kind `partial`: its record is kept, but the
/// officer should not take "no actions" for what the minutes say.
fn partial(m: &Meeting) -> Option<FileError> {
    let problems: Vec<&str> = m
        .warnings
        .iter()
        .map(String::as_str)
        .filter(|w| !crate::minutes::is_date_note(w))
        .collect();
    if !m.actions.is_empty() || problems.is_empty() {
        return None;
    }
    Some(FileError {
        document: m.document.clone(),
        kind: "partial".into(),
        error: format!(
            "read with problems and no actions found: {}",
            problems.join("; ")
        ),
    })
}

/// blake3 of a file, streamed; a file over the size limit is not read
/// ([`pipeline::open_file`]).
fn hash_file(path: &Path, limits: &Limits) -> Result<String, DocError> {
    let (mut f, _) = pipeline::open_file(path, limits)?;
    let mut h = blake3::Hasher::new();
    io::copy(&mut f, &mut h)?;
    Ok(h.finalize().to_hex().to_string())
}

/// The `errors.jsonl` line of a file that could not be hashed or read.
fn file_error(label: &str, e: &DocError) -> FileError {
    FileError {
        document: label.to_string(),
        kind: e.kind().into(),
        error: match e {
            DocError::Io(e) => format!("cannot read: {e}"),
            e => e.to_string(),
        },
    }
}

/// Now as RFC 3339 UTC (`2024-02-06T10:11:12Z`).
pub fn rfc3339_now() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    rfc3339(secs)
}

/// Seconds since the Unix epoch as RFC 3339 UTC.
pub fn rfc3339(secs: u64) -> String {
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc3339_dates() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(rfc3339(1_707_214_272), "2024-02-06T10:11:12Z");
    }

    #[test]
    fn missing_archive_and_unwritable_out_are_run_errors() {
        let dir = tempfile::tempdir().unwrap();
        let mut opts = ScanOptions::new(dir.path().join("nope"), dir.path().join("out"));
        opts.jobs = Some(1);
        assert!(matches!(scan(&opts), Err(ScanError::ArchiveMissing(_))));
        opts.archive = dir.path().join("archive");
        std::fs::create_dir_all(&opts.archive).unwrap();
        std::fs::write(dir.path().join("file"), b"x").unwrap();
        opts.out = dir.path().join("file").join("out");
        let e = scan(&opts).unwrap_err();
        assert!(matches!(e, ScanError::Out { .. }), "{e}");
        opts.out = dir.path().join("file");
        assert!(matches!(scan(&opts), Err(ScanError::OutIsFile(_))));
        opts.out = opts.archive.join("sub/out");
        let e = scan(&opts).unwrap_err();
        assert!(matches!(e, ScanError::OutInsideArchive { .. }), "{e}");
    }
}
