//! `OUT/minutes.sqlite`: a scan's action history as one SQLite file, for
//! the questions an auditor asks as queries (and for Datasette). Tables,
//! views and example queries: `docs/database.md`; the schema is
//! `schema.sql` beside this file.
//!
//! The file is built by a [`Writer`] fed the full meeting records in output
//! order (after the history stage), then the archive-wide history, errors
//! and provenance. It is written with no journal under a temporary name in
//! the set folder and renamed into place only when complete (see
//! `output::set`): a killed scan leaves at most a temporary file that the
//! next scan removes, never a half-written `minutes.sqlite`.
//!
//! Determinism: rows go in in output order and nothing depends on the
//! clock or on `-j` (start and finish times and `-j` stay in `run.json`),
//! so `sqlite3 minutes.sqlite .dump` — and the file itself — is the same
//! for every run over the same archive.

mod read;

pub use read::{has_database, load_actions, load_decisions, Database, DbError, MeetingRow};

use crate::history::carried::Chain;
use crate::history::items::RecurringItem;
use crate::history::History;
use crate::model::{FileError, Meeting, Resolution, RunInfo};
use rusqlite::{params, Connection};
use std::collections::BTreeMap;
use std::path::Path;

/// The database's file name in an output set.
pub const DB_FILE: &str = "minutes.sqlite";

/// Bumped when a table or column changes meaning; readers refuse a file
/// with another version and ask for a re-scan.
pub const SCHEMA_VERSION: i64 = 1;

const SCHEMA: &str = include_str!("schema.sql");

/// The page cache while building, in KiB: the database of a few hundred
/// meetings (a few MB) fits whole; a larger one spills beyond this.
const CACHE_KIB: u32 = 16 << 10;

/// Prepared statements kept by [`Writer`] (see [`Writer::create`]).
const STATEMENTS: usize = 32;

pub type Result<T> = rusqlite::Result<T>;

/// Builds one database file. Feed [`Writer::meeting`] every meeting in
/// output order, then call [`Writer::finish`].
pub struct Writer {
    conn: Connection,
    next_doc: i64,
    next_meeting: i64,
    next_item: i64,
    next_action: i64,
    next_decision: i64,
    next_recurring: i64,
    /// Document path → id, for duplicates and errors written at the end.
    docs: BTreeMap<String, i64>,
}

impl Writer {
    /// Creates the file at `path` (replacing any left there) with the
    /// schema, inside one transaction that [`Writer::finish`] commits.
    pub fn create(path: &Path) -> Result<Writer> {
        let _ = std::fs::remove_file(path);
        let conn = Connection::open(path)?;
        // No journal and no syncs while building: the file is a temporary
        // that is either finished whole or thrown away; the output set
        // flushes it to disk before the set it is in is switched to
        // (`output::set::Staging::install`, `Staging::commit`). The page
        // cache holds a database of this size whole, so pages are written
        // once, at the commit, rather than spilled mid-transaction and read
        // back (`CACHE_KIB` bounds it for larger archives); the lock is taken
        // once. None of this changes the file's bytes.
        conn.execute_batch(&format!(
            "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA foreign_keys = OFF; \
             PRAGMA locking_mode = EXCLUSIVE; PRAGMA cache_size = -{CACHE_KIB};"
        ))?;
        // Room for every statement the writer uses (about two dozen): the
        // default cache of 16 would evict and re-prepare some each meeting.
        conn.set_prepared_statement_cache_capacity(STATEMENTS);
        conn.execute_batch("BEGIN")?;
        conn.execute_batch(SCHEMA)?;
        Ok(Writer {
            conn,
            next_doc: 1,
            next_meeting: 1,
            next_item: 1,
            next_action: 1,
            next_decision: 1,
            next_recurring: 1,
            docs: BTreeMap::new(),
        })
    }

    fn document(&mut self, path: &str, m: Option<&Meeting>, status: &str) -> Result<i64> {
        if let Some(&id) = self.docs.get(path) {
            return Ok(id);
        }
        let id = self.next_doc;
        self.next_doc += 1;
        self.docs.insert(path.to_string(), id);
        let scanned = m
            .filter(|m| !m.scanned_pages.is_empty())
            .map(|m| json(&m.scanned_pages));
        let cues = m
            .filter(|m| !m.action_cues.is_empty())
            .map(|m| json(&m.action_cues));
        self.conn
            .prepare_cached(
                "INSERT INTO documents (doc_id, path, sha, pages, read_status, duplicate_of, unmapped_glyphs, scanned_pages, action_cues) \
                 VALUES (?1, ?2, ?3, ?4, ?5, NULL, ?6, ?7, ?8)",
            )?
            .execute(params![
                id,
                path,
                m.map(|m| &m.sha),
                m.map(|m| m.pages),
                status,
                m.map(|m| m.unmapped_glyphs),
                scanned,
                cues,
            ])?;
        Ok(id)
    }

    /// One meeting: its document (and duplicates), attendees, items,
    /// actions with owners, themes and status history, and decisions. `m`
    /// is the full record with the history stage's changes.
    ///
    /// The full-text indexes get each item and action as it goes in, rather
    /// than a `rebuild` at the end: with [`Background`] that work is done
    /// beside the writing of the other outputs instead of after it, and the
    /// index comes out the same (the same rows in the same rowid order, in
    /// the one transaction; `sqlite3 .dump` is unchanged).
    pub fn meeting(&mut self, m: &Meeting) -> Result<()> {
        let doc_id = self.document(&m.document, Some(m), "read")?;
        for (seq, w) in m.warnings.iter().enumerate() {
            self.conn
                .prepare_cached("INSERT INTO document_warnings VALUES (?1, ?2, ?3)")?
                .execute(params![doc_id, seq, w])?;
        }
        for d in &m.duplicates {
            let dup = self.document(d, None, "duplicate")?;
            self.conn
                .prepare_cached(
                    "UPDATE documents SET duplicate_of = ?1, sha = ?2 WHERE doc_id = ?3",
                )?
                .execute(params![doc_id, m.sha, dup])?;
        }
        let meeting_id = self.next_meeting;
        self.next_meeting += 1;
        self.conn
            .prepare_cached("INSERT INTO meetings VALUES (?1, ?2, ?3, ?4, ?5, ?6)")?
            .execute(params![
                meeting_id,
                doc_id,
                m.organisation,
                m.title,
                m.meeting_date,
                m.next_meeting
            ])?;
        for (list, people) in [("present", &m.present), ("in_attendance", &m.in_attendance)] {
            for (seq, p) in people.iter().enumerate() {
                self.conn
                    .prepare_cached(
                        "INSERT INTO attendees VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                    )?
                    .execute(params![
                        meeting_id, list, seq, p.name, p.title, p.role, p.initials, p.chair
                    ])?;
            }
        }
        for (seq, name) in m.apologies.iter().enumerate() {
            self.conn
                .prepare_cached(
                    "INSERT INTO attendees VALUES (?1, 'apologies', ?2, ?3, NULL, NULL, NULL, 0)",
                )?
                .execute(params![meeting_id, seq, name])?;
        }
        let first_item = self.next_item;
        for (seq, it) in m.items.iter().enumerate() {
            let item_id = self.next_item;
            self.next_item += 1;
            self.conn
                .prepare_cached(
                    "INSERT INTO items VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                )?
                .execute(params![
                    item_id,
                    meeting_id,
                    seq,
                    it.item,
                    it.number,
                    it.sub,
                    it.title,
                    it.parent_title,
                    it.text,
                    it.page
                ])?;
            self.conn
                .prepare_cached("INSERT INTO items_fts (rowid, title) VALUES (?1, ?2)")?
                .execute(params![item_id, it.title])?;
            for (k, t) in it.themes.iter().enumerate() {
                self.conn
                    .prepare_cached("INSERT INTO item_themes VALUES (?1, ?2, ?3)")?
                    .execute(params![item_id, k, t])?;
            }
        }
        for (seq, a) in m.actions.iter().enumerate() {
            let pk = self.next_action;
            self.next_action += 1;
            let item_id = crate::history::item_index(m, a).map(|i| first_item + i as i64);
            let sr = a.track.status_read.as_ref();
            let markers = (!a.markers.is_empty()).then(|| json(&a.markers));
            self.conn
                .prepare_cached(
                    "INSERT INTO actions VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, \
                     ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30, ?31)",
                )?
                .execute(params![
                    pk,
                    a.id,
                    meeting_id,
                    item_id,
                    seq,
                    a.document,
                    a.organisation,
                    a.meeting_date,
                    a.item,
                    a.item_title,
                    a.text,
                    a.page,
                    a.due.as_ref().map(|d| &d.text),
                    a.due.as_ref().and_then(|d| d.date.as_ref()),
                    a.inferred,
                    source_name(a.source),
                    a.same_as,
                    a.status,
                    a.status_text,
                    markers,
                    a.chain,
                    a.carried_forward,
                    a.first_date,
                    a.track.overdue,
                    a.track.chain_meetings,
                    a.track.chain_days,
                    sr.map(|s| &s.date),
                    sr.map(|s| &s.document),
                    sr.map(|s| s.page),
                    sr.map(|s| &s.status),
                    sr.and_then(|s| s.text.as_ref()),
                ])?;
            self.conn
                .prepare_cached(
                    "INSERT INTO actions_fts (rowid, text, item_title) VALUES (?1, ?2, ?3)",
                )?
                .execute(params![pk, a.text, a.item_title])?;
            for (i, o) in a.owners.iter().enumerate() {
                let (resolution, resolved_as, candidates) = match &o.resolution {
                    Resolution::Resolved { name } => ("resolved", Some(name), None),
                    Resolution::All => ("all", None, None),
                    Resolution::Group { name } => ("group", Some(name), None),
                    Resolution::Ambiguous { candidates } => {
                        ("ambiguous", None, Some(json(candidates)))
                    }
                    Resolution::Unresolved => ("unresolved", None, None),
                };
                self.conn
                    .prepare_cached(
                        "INSERT INTO action_owners VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                    )?
                    .execute(params![
                        pk,
                        i,
                        o.token,
                        o.name(),
                        resolution,
                        resolved_as,
                        candidates,
                        o.from_history,
                    ])?;
            }
            for (k, t) in a.themes.iter().enumerate() {
                self.conn
                    .prepare_cached("INSERT INTO action_themes VALUES (?1, ?2, ?3)")?
                    .execute(params![pk, k, t])?;
            }
            for (k, e) in a.track.status_history.iter().enumerate() {
                self.conn
                    .prepare_cached(
                        "INSERT INTO action_status_history VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                    )?
                    .execute(params![pk, k, e.date, e.document, e.page, e.status, e.text])?;
            }
        }
        for (seq, d) in m.decisions.iter().enumerate() {
            let pk = self.next_decision;
            self.next_decision += 1;
            self.conn
                .prepare_cached(
                    "INSERT INTO decisions VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
                )?
                .execute(params![
                    pk,
                    d.id,
                    meeting_id,
                    seq,
                    d.document,
                    d.organisation,
                    d.meeting_date,
                    d.item,
                    d.item_title,
                    d.kind,
                    d.label,
                    d.text,
                    d.page
                ])?;
        }
        Ok(())
    }

    /// The archive-wide part (chains, themes, recurring items), the errors
    /// and the provenance; commits and
    /// closes the file (the output set flushes it to disk when it installs
    /// it).
    pub fn finish(mut self, history: &History, errors: &[FileError], run: &RunInfo) -> Result<()> {
        self.chains_and_items(&history.chains, &history.recurring_items)?;
        self.finish_with(&history.themes, errors, run)
    }

    /// Chains and recurring items, added as they are found (a scan adds
    /// one organisation's at a time, so the archive's are never all held):
    /// each table in the order given.
    pub fn chains_and_items(&mut self, chains: &[Chain], items: &[RecurringItem]) -> Result<()> {
        for c in chains {
            self.chain(c)?;
        }
        for r in items {
            let pk = self.next_recurring;
            self.next_recurring += 1;
            self.conn
                .prepare_cached("INSERT INTO recurring_items VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")?
                .execute(params![
                    pk,
                    r.organisation,
                    r.title,
                    r.normalised,
                    r.count,
                    r.first_date,
                    r.last_date
                ])?;
            for (seq, o) in r.meetings.iter().enumerate() {
                self.conn
                    .prepare_cached(
                        "INSERT INTO recurring_item_meetings VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                    )?
                    .execute(params![pk, seq, o.date, o.document, o.item, o.title])?;
            }
        }
        Ok(())
    }

    /// [`Writer::finish`] once the chains and recurring items are in
    /// ([`Writer::chains_and_items`]): the themes, errors and provenance.
    pub fn finish_with(
        mut self,
        themes: &[crate::history::ThemeStats],
        errors: &[FileError],
        run: &RunInfo,
    ) -> Result<()> {
        for (k, t) in themes.iter().enumerate() {
            let pk = k as i64 + 1;
            self.conn
                .prepare_cached("INSERT INTO themes VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)")?
                .execute(params![
                    pk,
                    t.theme,
                    t.source,
                    t.organisation,
                    t.meetings,
                    t.actions,
                    t.first_date,
                    t.last_date,
                    t.recurring
                ])?;
            for (year, n) in &t.per_year {
                self.conn
                    .prepare_cached("INSERT INTO theme_years VALUES (?1, ?2, ?3)")?
                    .execute(params![pk, year, n])?;
            }
        }
        for (k, e) in errors.iter().enumerate() {
            let status = match e.kind.as_str() {
                "partial" => "partial",
                "skipped" => "skipped",
                _ => "failed",
            };
            let doc_id = self.document(&e.document, None, status)?;
            if status == "partial" {
                self.conn
                    .prepare_cached(
                        "UPDATE documents SET read_status = 'partial' WHERE doc_id = ?1",
                    )?
                    .execute(params![doc_id])?;
            }
            self.conn
                .prepare_cached("INSERT INTO errors VALUES (?1, ?2, ?3, ?4, ?5)")?
                .execute(params![k as i64 + 1, doc_id, e.document, e.kind, e.error])?;
        }
        self.conn.execute(
            "INSERT INTO run VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            params![
                SCHEMA_VERSION,
                run.version,
                run.rules_hash,
                run.archive,
                run.documents,
                run.pages,
                run.actions,
                run.errors,
                run.skipped,
                run.warnings,
                run.scanned_documents
            ],
        )?;
        self.conn.execute_batch("COMMIT")?;
        self.conn.close().map_err(|(_, e)| e)
    }

    fn chain(&mut self, c: &Chain) -> Result<()> {
        self.conn
            .prepare_cached("INSERT INTO chains VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)")?
            .execute(params![
                c.id,
                c.organisation,
                json(&c.owners),
                c.text,
                c.first_raised,
                c.last_seen,
                c.meeting_count,
                c.days
            ])?;
        for (seq, l) in c.meetings.iter().enumerate() {
            self.conn
                .prepare_cached("INSERT INTO chain_links VALUES (?1, ?2, ?3, ?4, ?5, ?6)")?
                .execute(params![c.id, seq, l.date, l.document, l.item, l.action_id])?;
        }
        Ok(())
    }
}

/// A [`Writer`] fed from another thread: the meetings go into the
/// database beside the writing of the other outputs, in the order they are
/// sent, so the file is the same as when written in line. With one core
/// (`threads` 1) the meetings are written in line.
pub struct Background {
    inline: Option<Writer>,
    tx: Option<std::sync::mpsc::SyncSender<Job>>,
    worker: Option<std::thread::JoinHandle<Result<Writer>>>,
}

impl Background {
    /// Starts feeding `w` on a thread of its own when `threads` > 1.
    pub fn start(w: Writer, threads: usize) -> Background {
        if threads <= 1 {
            return Background {
                inline: Some(w),
                tx: None,
                worker: None,
            };
        }
        // One meeting waits while one is written: the full records held
        // stay a few at a time.
        let (tx, rx) = std::sync::mpsc::sync_channel::<Job>(1);
        let worker = std::thread::spawn(move || {
            let mut w = w;
            for job in rx {
                match job {
                    Job::Meeting(m) => w.meeting(&m)?,
                    Job::ChainsAndItems(c, r) => w.chains_and_items(&c, &r)?,
                }
            }
            Ok(w)
        });
        Background {
            inline: None,
            tx: Some(tx),
            worker: Some(worker),
        }
    }

    /// [`Writer::meeting`] for `m`. An error may come from an earlier
    /// meeting.
    pub fn meeting(&mut self, m: Meeting) -> Result<()> {
        if let Some(w) = &mut self.inline {
            return w.meeting(&m);
        }
        self.send(Job::Meeting(Box::new(m)))
    }

    /// [`Writer::chains_and_items`], in order with the meetings sent
    /// before it (the thread gets its own copy of one organisation's).
    pub fn chains_and_items(&mut self, chains: &[Chain], items: &[RecurringItem]) -> Result<()> {
        if let Some(w) = &mut self.inline {
            return w.chains_and_items(chains, items);
        }
        self.send(Job::ChainsAndItems(chains.to_vec(), items.to_vec()))
    }

    fn send(&mut self, job: Job) -> Result<()> {
        let sent = self.tx.as_ref().is_some_and(|tx| tx.send(job).is_ok());
        if sent {
            Ok(())
        } else {
            // The thread stopped at an error: that error.
            self.stop().map(|_| ())
        }
    }

    /// Waits for every meeting sent to be written; the writer, for
    /// [`Writer::finish`].
    pub fn join(mut self) -> Result<Writer> {
        self.stop()
    }

    fn stop(&mut self) -> Result<Writer> {
        if let Some(w) = self.inline.take() {
            return Ok(w);
        }
        drop(self.tx.take());
        match self.worker.take().map(|h| h.join()) {
            Some(Ok(r)) => r,
            _ => Err(rusqlite::Error::ToSqlConversionFailure(
                "the database writer stopped".into(),
            )),
        }
    }
}

/// What [`Background`]'s thread is given to write, in the order sent.
enum Job {
    /// Boxed: a meeting record is large beside the other job.
    Meeting(Box<Meeting>),
    ChainsAndItems(Vec<Chain>, Vec<RecurringItem>),
}

/// `source` as in `actions.jsonl`.
fn source_name(s: crate::model::Source) -> &'static str {
    use crate::model::Source;
    match s {
        Source::Column => "column",
        Source::Label => "label",
        Source::Log => "log",
        Source::Inferred => "inferred",
    }
}

/// A short list stored in one column as a JSON array (markers, candidates,
/// chain owners, scanned pages).
fn json<T: serde::Serialize + ?Sized>(v: &T) -> String {
    serde_json::to_string(v).unwrap_or_default()
}
