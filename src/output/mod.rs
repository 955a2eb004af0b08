//! The `output` stage: the files a scan leaves in OUT, written as one set
//! that replaces the previous one in a single step ([`set`]), and the
//! readers `minutes history` and `report` use so they never re-read PDFs
//! (`report` streams the files record by record through [`each_jsonl`]).
//!
//! | file | content |
//! |---|---|
//! | `actions.jsonl` | one [`Action`] per line (the `score.py` format) |
//! | `actions.csv` | the same, one row per action, formula cells neutralised, after a UTF-8 BOM (unless `--csv-bom=false`) |
//! | `decisions.jsonl` | one [`crate::model::Decision`] per line (`RESOLVED`, `AGREED`, `DECISION`), with document, item and page |
//! | `meetings.jsonl` | one meeting per line: the [`Meeting`] record without its `actions` (they are in `actions.jsonl`) and with `action_ids` listing them in order; keys in alphabetical order |
//! | `history.json` | [`History`]: chains, recurring items, people, themes |
//! | `themes.csv` | per theme: recurring, meetings, actions, first/last date, one column per year |
//! | `errors.jsonl` | one [`FileError`] per file that gave no meeting |
//! | `minutes.sqlite` | all of the above as one SQLite database ([`db`], `docs/database.md`) |
//! | `run.json` | [`RunInfo`]: version, rules hash, start and finish time, absolute archive, `-j`, counts |
//!
//! Everything is sorted by organisation, meeting date, document and
//! position, so two runs over the same archive give byte-identical files
//! except `run.json`'s `started`, `finished` and `jobs`.

/// The report's file name in an output set (built by `report`, switched
/// into place with the data outputs).
pub const REPORT_FILE: &str = "report.html";

pub mod atomic;
pub mod csv;
pub mod db;
pub mod set;

use crate::history::History;
use crate::model::{Action, FileError, Meeting, RunInfo};
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::io::{self, BufRead, Write};
use std::path::{Path, PathBuf};
use thiserror::Error;

pub use atomic::write_atomic;

pub const ACTIONS_JSONL: &str = "actions.jsonl";
pub const ACTIONS_CSV: &str = "actions.csv";
pub const MEETINGS_JSONL: &str = "meetings.jsonl";
pub const DECISIONS_JSONL: &str = "decisions.jsonl";
pub const HISTORY_JSON: &str = "history.json";
pub const THEMES_CSV: &str = "themes.csv";
pub const ERRORS_JSONL: &str = "errors.jsonl";
pub const RUN_JSON: &str = "run.json";
/// Every output file, in the order a scan writes them (`run.json` last: a
/// `run.json` newer than the others means the run finished).
pub const ALL: &[&str] = &[
    ACTIONS_JSONL,
    ACTIONS_CSV,
    DECISIONS_JSONL,
    MEETINGS_JSONL,
    HISTORY_JSON,
    THEMES_CSV,
    ERRORS_JSONL,
    db::DB_FILE,
    RUN_JSON,
];

/// An output that could not be read back.
#[derive(Debug, Error)]
pub enum ReadError {
    #[error("{path}: {error}")]
    Io { path: PathBuf, error: io::Error },
    #[error("{path}:{line}: not a valid record: {error}")]
    Parse {
        path: PathBuf,
        line: usize,
        error: serde_json::Error,
    },
    #[error(transparent)]
    Db(#[from] db::DbError),
}

/// One line of `meetings.jsonl`.
pub fn meeting_line(m: &Meeting) -> serde_json::Result<String> {
    meeting_line_with_ids(m, m.actions.iter().map(|a| a.id.as_str()))
}

/// One line of `meetings.jsonl` for a record whose actions are held apart
/// (`m.actions` is left out either way; `action_ids` lists `ids`). A scan
/// passes the record with its actions taken out, so they are not turned
/// into JSON values only to be dropped.
pub fn meeting_line_with_ids<'a>(
    m: &Meeting,
    ids: impl IntoIterator<Item = &'a str>,
) -> serde_json::Result<String> {
    let mut v = serde_json::to_value(m)?;
    if let Some(obj) = v.as_object_mut() {
        obj.remove("actions");
        let ids: Vec<&str> = ids.into_iter().collect();
        obj.insert("action_ids".into(), serde_json::to_value(ids)?);
    }
    serde_json::to_string(&v)
}

/// Writes one JSON value per line.
pub fn jsonl<'a, T: Serialize + 'a, W: Write>(
    w: &mut W,
    items: impl IntoIterator<Item = &'a T>,
) -> io::Result<()> {
    for it in items {
        serde_json::to_writer(&mut *w, it).map_err(io::Error::other)?;
        w.write_all(b"\n")?;
    }
    Ok(())
}

/// Writes pretty JSON (with a final newline).
pub fn json<T: Serialize, W: Write>(w: &mut W, value: &T) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *w, value).map_err(io::Error::other)?;
    w.write_all(b"\n")
}

/// The UTF-8 byte-order mark that `actions.csv` starts with (unless
/// `--csv-bom=false`), so that Excel reads the file as UTF-8.
pub const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Writes `history.json`, `themes.csv`, `errors.jsonl` and `run.json`
/// (the files that do not stream per meeting) into a set being built.
pub fn write_summaries(
    set: &set::Staging,
    history: &History,
    errors: &[FileError],
    run: &RunInfo,
) -> io::Result<()> {
    write_summaries_with(set, |w| json(w, history), &history.themes, errors, run)
}

/// [`write_summaries`] with `history.json` written by `history` (a scan
/// streams it from lists spilled to disk) and `themes.csv` from `themes`.
pub fn write_summaries_with(
    set: &set::Staging,
    history: impl FnOnce(&mut io::BufWriter<std::fs::File>) -> io::Result<()>,
    themes: &[crate::history::ThemeStats],
    errors: &[FileError],
    run: &RunInfo,
) -> io::Result<()> {
    set.write(HISTORY_JSON, history)?;
    set.write(THEMES_CSV, |w| csv::write_themes(w, themes))?;
    set.write(ERRORS_JSONL, |w| jsonl(w, errors))?;
    set.write(RUN_JSON, |w| json(w, run))
}

/// Reads a JSON-lines output, one `T` per non-empty line.
pub fn read_jsonl<T: DeserializeOwned>(path: &Path) -> Result<Vec<T>, ReadError> {
    let mut out = Vec::new();
    each_jsonl(path, |t| out.push(t))?;
    Ok(out)
}

/// Reads a JSON-lines output record by record, handing each to `each`, so
/// a large file is never held whole. Blank lines are skipped.
pub fn each_jsonl<T: DeserializeOwned>(
    path: &Path,
    mut each: impl FnMut(T),
) -> Result<(), ReadError> {
    let io_err = |error| ReadError::Io {
        path: path.to_path_buf(),
        error,
    };
    let f = std::fs::File::open(path).map_err(io_err)?;
    for (n, line) in io::BufReader::new(f).lines().enumerate() {
        let line = line.map_err(io_err)?;
        if line.trim().is_empty() {
            continue;
        }
        each(
            serde_json::from_str(&line).map_err(|error| ReadError::Parse {
                path: path.to_path_buf(),
                line: n + 1,
                error,
            })?,
        );
    }
    Ok(())
}

/// The decisions of a scan's OUT folder, its current set: from its
/// database, or from `decisions.jsonl` for a set an older scan wrote
/// (none when that scan wrote no `decisions.jsonl`).
pub fn read_decisions(out: &Path) -> Result<Vec<crate::model::Decision>, ReadError> {
    let set = set::resolve(out);
    if db::has_database(&set) {
        return Ok(db::load_decisions(&set)?);
    }
    let path = set.join(DECISIONS_JSONL);
    if !path.exists() {
        return Ok(Vec::new());
    }
    read_jsonl(&path)
}

/// The actions of a scan's OUT folder (its current set): from its
/// database, or from `actions.jsonl` for a set an older scan wrote.
pub fn read_actions(out: &Path) -> Result<Vec<Action>, ReadError> {
    let set = set::resolve(out);
    if db::has_database(&set) {
        return Ok(db::load_actions(&set)?);
    }
    read_jsonl(&set.join(ACTIONS_JSONL))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::history::testkit::{action, meeting};

    #[test]
    fn meeting_lines_carry_action_ids_not_actions_and_read_back() {
        let mut m = meeting("B", "2016-01-01", "a.pdf");
        m.actions.push(action(
            &m,
            "4",
            "MA to report.",
            &[("MA", Some("Mike Andrews"))],
        ));
        let line = meeting_line(&m).unwrap();
        // The same line from the record with its actions held apart.
        let mut bare = m.clone();
        let held = std::mem::take(&mut bare.actions);
        let ids = held.iter().map(|a| a.id.as_str());
        assert_eq!(meeting_line_with_ids(&bare, ids).unwrap(), line);
        assert!(!line.contains("\"actions\""), "{line}");
        assert!(line.contains("\"action_ids\":[\"a.pdf#0#4\"]"), "{line}");
        // Nothing but the actions is left out: the line reads back as the
        // record without them.
        let mut v: serde_json::Value = serde_json::from_str(&line).unwrap();
        let obj = v.as_object_mut().unwrap();
        assert_eq!(
            obj.remove("action_ids").unwrap(),
            serde_json::json!(["a.pdf#0#4"])
        );
        obj.insert("actions".into(), serde_json::json!([]));
        m.actions.clear();
        assert_eq!(serde_json::from_value::<Meeting>(v).unwrap(), m);
    }
}
