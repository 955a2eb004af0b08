//! Reading a scan's database back: the actions and decisions as the records
//! of `actions.jsonl` / `decisions.jsonl` (the same values, field by field),
//! and what the report needs of the meetings. `minutes history` and
//! `minutes report` read through here when the set has a database.

use super::{DB_FILE, SCHEMA_VERSION};
use crate::model::{
    Action, Decision, Due, FileError, Owner, Resolution, RunInfo, Source, StatusEvent, Track,
};
use rusqlite::{Connection, OpenFlags, OptionalExtension, Row};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Whether the set folder `set_dir` holds a database.
pub fn has_database(set_dir: &Path) -> bool {
    set_dir.join(DB_FILE).is_file()
}

/// An open database, read only.
pub struct Database {
    conn: Connection,
    path: PathBuf,
}

/// Why a database could not be read; the message names the file and,
/// for a database of another schema, asks for a re-scan.
#[derive(Debug, thiserror::Error)]
#[error("{}: {message}", path.display())]
pub struct DbError {
    pub path: PathBuf,
    pub message: String,
}

/// One meeting as the report summarises it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct MeetingRow {
    pub document: String,
    pub duplicates: Vec<String>,
    pub organisation: String,
    pub meeting_date: Option<String>,
    pub pages: u32,
    /// Themes of the meeting's items (sorted, unique).
    pub themes: Vec<String>,
    pub scanned_pages: usize,
    pub unmapped_glyphs: u32,
    pub warnings: Vec<String>,
    /// Signs of actions the rules did not read (`Meeting::action_cues`).
    pub action_cues: Vec<String>,
}

impl Database {
    /// Opens `set_dir/minutes.sqlite` read only and checks its schema
    /// version.
    pub fn open(set_dir: &Path) -> Result<Database, DbError> {
        let path = set_dir.join(DB_FILE);
        let err = |message: String| DbError {
            path: path.clone(),
            message,
        };
        let conn = Connection::open_with_flags(
            &path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| err(e.to_string()))?;
        let version: Option<i64> = conn
            .query_row("SELECT schema_version FROM run", [], |r| r.get(0))
            .optional()
            .map_err(|e| {
                err(format!(
                    "not a minutes database ({e}); re-run `minutes scan`"
                ))
            })?;
        if version != Some(SCHEMA_VERSION) {
            return Err(err(format!(
                "database schema {} is not this version's ({SCHEMA_VERSION}); re-run `minutes scan` to rebuild it",
                version.map_or("unknown".to_string(), |v| v.to_string())
            )));
        }
        Ok(Database { conn, path })
    }

    fn err(&self, e: rusqlite::Error) -> DbError {
        DbError {
            path: self.path.clone(),
            message: e.to_string(),
        }
    }

    /// Every action in output order, as `actions.jsonl` has them, handed to
    /// `each` one at a time.
    pub fn actions(&self, mut each: impl FnMut(Action)) -> Result<(), DbError> {
        self.try_actions(&mut each).map_err(|e| self.err(e))
    }

    fn try_actions(&self, each: &mut dyn FnMut(Action)) -> rusqlite::Result<()> {
        // The child rows, read in the same order as the actions and merged
        // as the actions stream past, so no table is held whole.
        let mut owners = self.conn.prepare(
            "SELECT action_pk, token, name, resolution, resolved_as, candidates, from_history \
             FROM action_owners ORDER BY action_pk, seq",
        )?;
        let mut owners = owners.query([])?;
        let mut themes = self
            .conn
            .prepare("SELECT action_pk, theme FROM action_themes ORDER BY action_pk, seq")?;
        let mut themes = themes.query([])?;
        let mut hist = self.conn.prepare(
            "SELECT action_pk, date, document, page, status, text \
             FROM action_status_history ORDER BY action_pk, seq",
        )?;
        let mut hist = hist.query([])?;
        let mut stmt = self.conn.prepare(
            "SELECT action_pk, id, document, organisation, meeting_date, item, item_title, text, page, \
             due_text, due_date, inferred, source, same_as, status, status_text, markers, chain_id, \
             carried_forward, first_date, overdue, chain_meetings, chain_days, status_read_date, \
             status_read_document, status_read_page, status_read_status, status_read_text \
             FROM actions ORDER BY action_pk",
        )?;
        let mut rows = stmt.query([])?;
        let mut pending_owner = owners.next()?.map(owner_of).transpose()?;
        let mut pending_theme = themes
            .next()?
            .map(|r| Ok::<_, rusqlite::Error>((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))
            .transpose()?;
        let mut pending_hist = hist.next()?.map(event_of).transpose()?;
        while let Some(r) = rows.next()? {
            let pk: i64 = r.get(0)?;
            let mut a = action_of(r)?;
            while let Some((k, owner)) = pending_owner.take() {
                if k != pk {
                    pending_owner = Some((k, owner));
                    break;
                }
                a.owners.push(owner);
                pending_owner = owners.next()?.map(owner_of).transpose()?;
            }
            while let Some((k, t)) = pending_theme.take() {
                if k != pk {
                    pending_theme = Some((k, t));
                    break;
                }
                a.themes.push(t);
                pending_theme = themes
                    .next()?
                    .map(|r| Ok::<_, rusqlite::Error>((r.get(0)?, r.get(1)?)))
                    .transpose()?;
            }
            while let Some((k, e)) = pending_hist.take() {
                if k != pk {
                    pending_hist = Some((k, e));
                    break;
                }
                a.track.status_history.push(e);
                pending_hist = hist.next()?.map(event_of).transpose()?;
            }
            each(a);
        }
        Ok(())
    }

    /// Every decision in output order (the lines of `decisions.jsonl`).
    pub fn decisions(&self) -> Result<Vec<Decision>, DbError> {
        let go = || -> rusqlite::Result<Vec<Decision>> {
            let mut stmt = self.conn.prepare(
                "SELECT id, document, organisation, meeting_date, item, item_title, kind, label, text, page \
                 FROM decisions ORDER BY decision_pk",
            )?;
            let rows = stmt.query_map([], |r| {
                Ok(Decision {
                    id: r.get(0)?,
                    document: r.get(1)?,
                    organisation: r.get(2)?,
                    meeting_date: r.get(3)?,
                    item: r.get(4)?,
                    item_title: r.get(5)?,
                    kind: r.get(6)?,
                    label: r.get(7)?,
                    text: r.get(8)?,
                    page: r.get(9)?,
                })
            })?;
            rows.collect()
        };
        go().map_err(|e| self.err(e))
    }

    /// The files that failed, as `errors.jsonl` lists them.
    pub fn errors(&self) -> Result<Vec<FileError>, DbError> {
        let go = || -> rusqlite::Result<Vec<FileError>> {
            let mut stmt = self
                .conn
                .prepare("SELECT document, kind, error FROM errors ORDER BY error_pk")?;
            let rows = stmt.query_map([], |r| {
                Ok(FileError {
                    document: r.get(0)?,
                    kind: r.get(1)?,
                    error: r.get(2)?,
                })
            })?;
            rows.collect()
        };
        go().map_err(|e| self.err(e))
    }

    /// Every theme's meetings per year (`theme_years`), by theme name and
    /// year, as the history stage counted them.
    pub fn theme_years(&self, mut each: impl FnMut(&str, &str, u32)) -> Result<(), DbError> {
        let go = |each: &mut dyn FnMut(&str, &str, u32)| -> rusqlite::Result<()> {
            let mut stmt = self.conn.prepare(
                "SELECT t.theme, y.year, y.meetings FROM theme_years y \
                 JOIN themes t ON t.theme_pk = y.theme_pk ORDER BY t.theme_pk, y.year",
            )?;
            let mut rows = stmt.query([])?;
            while let Some(r) = rows.next()? {
                let (theme, year): (String, String) = (r.get(0)?, r.get(1)?);
                each(&theme, &year, r.get(2)?);
            }
            Ok(())
        };
        go(&mut each).map_err(|e| self.err(e))
    }

    /// Every chain's id, first raised, last seen and days between, as the
    /// history stage dated it.
    pub fn chain_dates(
        &self,
        mut each: impl FnMut(String, String, String, u32),
    ) -> Result<(), DbError> {
        let go = |each: &mut dyn FnMut(String, String, String, u32)| -> rusqlite::Result<()> {
            let mut stmt = self.conn.prepare(
                "SELECT chain_id, first_raised, last_seen, days FROM chains ORDER BY chain_id",
            )?;
            let mut rows = stmt.query([])?;
            while let Some(r) = rows.next()? {
                each(r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?);
            }
            Ok(())
        };
        go(&mut each).map_err(|e| self.err(e))
    }

    /// Names of the themes discovered from the archive (not the taxonomy).
    pub fn discovered_themes(&self) -> Result<Vec<String>, DbError> {
        let go = || -> rusqlite::Result<Vec<String>> {
            let mut stmt = self.conn.prepare(
                "SELECT DISTINCT theme FROM themes WHERE source = 'discovered' ORDER BY theme",
            )?;
            let rows = stmt.query_map([], |r| r.get(0))?;
            rows.collect()
        };
        go().map_err(|e| self.err(e))
    }

    /// The provenance counts (times and `-j` are only in `run.json`).
    pub fn run(&self) -> Result<RunInfo, DbError> {
        self.conn
            .query_row(
                "SELECT version, rules_hash, archive, documents, pages, actions, errors, skipped, \
                 warnings, scanned_documents FROM run",
                [],
                |r| {
                    Ok(RunInfo {
                        version: r.get(0)?,
                        rules_hash: r.get(1)?,
                        archive: r.get(2)?,
                        documents: r.get(3)?,
                        pages: r.get(4)?,
                        actions: r.get(5)?,
                        errors: r.get(6)?,
                        skipped: r.get(7)?,
                        warnings: r.get(8)?,
                        scanned_documents: r.get(9)?,
                        ..RunInfo::default()
                    })
                },
            )
            .map_err(|e| self.err(e))
    }

    /// Every meeting in output order, reduced to what the report shows.
    pub fn meetings(&self, mut each: impl FnMut(MeetingRow)) -> Result<(), DbError> {
        let go = |each: &mut dyn FnMut(MeetingRow)| -> rusqlite::Result<()> {
            let mut dups: BTreeMap<i64, Vec<String>> = BTreeMap::new();
            {
                let mut s = self.conn.prepare(
                    "SELECT duplicate_of, path FROM documents WHERE duplicate_of IS NOT NULL ORDER BY doc_id",
                )?;
                let mut r = s.query([])?;
                while let Some(row) = r.next()? {
                    dups.entry(row.get(0)?).or_default().push(row.get(1)?);
                }
            }
            let mut themes = self.conn.prepare(
                "SELECT DISTINCT t.theme FROM item_themes t JOIN items i USING (item_id) \
                 WHERE i.meeting_id = ?1 ORDER BY t.theme",
            )?;
            let mut warnings = self
                .conn
                .prepare("SELECT warning FROM document_warnings WHERE doc_id = ?1 ORDER BY seq")?;
            let mut stmt = self.conn.prepare(
                "SELECT m.meeting_id, d.doc_id, d.path, m.organisation, m.meeting_date, d.pages, \
                 d.scanned_pages, d.unmapped_glyphs, d.action_cues FROM meetings m JOIN documents d USING (doc_id) \
                 ORDER BY m.meeting_id",
            )?;
            let mut rows = stmt.query([])?;
            while let Some(r) = rows.next()? {
                let (meeting_id, doc_id): (i64, i64) = (r.get(0)?, r.get(1)?);
                let scanned: Option<String> = r.get(6)?;
                let scanned: Vec<u32> = scanned
                    .and_then(|s| serde_json::from_str(&s).ok())
                    .unwrap_or_default();
                each(MeetingRow {
                    document: r.get(2)?,
                    duplicates: dups.remove(&doc_id).unwrap_or_default(),
                    organisation: r.get(3)?,
                    meeting_date: r.get(4)?,
                    pages: r.get::<_, Option<u32>>(5)?.unwrap_or(0),
                    themes: themes
                        .query_map([meeting_id], |r| r.get(0))?
                        .collect::<rusqlite::Result<_>>()?,
                    scanned_pages: scanned.len(),
                    unmapped_glyphs: r.get::<_, Option<u32>>(7)?.unwrap_or(0),
                    warnings: warnings
                        .query_map([doc_id], |r| r.get(0))?
                        .collect::<rusqlite::Result<_>>()?,
                    action_cues: r
                        .get::<_, Option<String>>(8)?
                        .and_then(|s| serde_json::from_str(&s).ok())
                        .unwrap_or_default(),
                });
            }
            Ok(())
        };
        go(&mut each).map_err(|e| self.err(e))
    }
}

/// One `action_owners` row: the action's key and the owner.
type OwnerRow = (i64, Owner);

/// The owner of one `action_owners` row; a row without its resolution
/// (written before the column was filled) is known by token and name
/// alone ([`Owner::from_printed`]).
fn owner_of(r: &Row) -> rusqlite::Result<OwnerRow> {
    let token: String = r.get(1)?;
    let resolution: Option<String> = r.get(3)?;
    let resolved_as: Option<String> = r.get(4)?;
    let candidates: Option<String> = r.get(5)?;
    let owner = match resolution {
        Some(kind) => Owner {
            token,
            resolution: match (kind.as_str(), resolved_as) {
                ("resolved", Some(name)) => Resolution::Resolved { name },
                ("group", Some(name)) => Resolution::Group { name },
                ("all", _) => Resolution::All,
                ("ambiguous", _) => Resolution::Ambiguous {
                    candidates: candidates
                        .and_then(|c| serde_json::from_str(&c).ok())
                        .unwrap_or_default(),
                },
                _ => Resolution::Unresolved,
            },
            from_history: r.get(6)?,
        },
        None => Owner::from_printed(token, r.get(2)?),
    };
    Ok((r.get(0)?, owner))
}

fn event_of(r: &Row) -> rusqlite::Result<(i64, StatusEvent)> {
    Ok((
        r.get(0)?,
        StatusEvent {
            date: r.get(1)?,
            document: r.get(2)?,
            page: r.get(3)?,
            status: r.get(4)?,
            text: r.get(5)?,
        },
    ))
}

fn action_of(r: &Row) -> rusqlite::Result<Action> {
    let due_text: Option<String> = r.get(9)?;
    let source: String = r.get(12)?;
    let markers: Option<String> = r.get(16)?;
    let sr_date: Option<String> = r.get(23)?;
    let status_read = match sr_date {
        Some(date) => Some(StatusEvent {
            date,
            document: r.get(24)?,
            page: r.get(25)?,
            status: r.get(26)?,
            text: r.get(27)?,
        }),
        None => None,
    };
    Ok(Action {
        id: r.get(1)?,
        document: r.get(2)?,
        organisation: r.get(3)?,
        meeting_date: r.get(4)?,
        item: r.get(5)?,
        item_title: r.get(6)?,
        owners: Vec::new(),
        markers: markers
            .and_then(|m| serde_json::from_str(&m).ok())
            .unwrap_or_default(),
        text: r.get(7)?,
        page: r.get(8)?,
        due: due_text
            .map(|text| -> rusqlite::Result<Due> {
                Ok(Due {
                    text,
                    date: r.get(10)?,
                })
            })
            .transpose()?,
        inferred: r.get(11)?,
        source: match source.as_str() {
            "label" => Source::Label,
            "log" => Source::Log,
            "inferred" => Source::Inferred,
            _ => Source::Column,
        },
        same_as: r.get(13)?,
        status: r.get(14)?,
        status_text: r.get(15)?,
        themes: Vec::new(),
        chain: r.get(17)?,
        carried_forward: r.get(18)?,
        first_date: r.get(19)?,
        track: Track {
            status_read,
            status_history: Vec::new(),
            overdue: r.get(20)?,
            chain_meetings: r.get(21)?,
            chain_days: r.get(22)?,
        },
    })
}

/// The actions of the set folder `set_dir`'s database.
pub fn load_actions(set_dir: &Path) -> Result<Vec<Action>, DbError> {
    let db = Database::open(set_dir)?;
    let mut out = Vec::new();
    db.actions(|a| out.push(a))?;
    Ok(out)
}

/// The decisions of the set folder `set_dir`'s database.
pub fn load_decisions(set_dir: &Path) -> Result<Vec<Decision>, DbError> {
    Database::open(set_dir)?.decisions()
}
