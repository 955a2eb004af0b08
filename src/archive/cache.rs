//! The incremental cache: one SQLite database, `OUT/.cache/cache.sqlite`,
//! with one row per (content hash, hash of the rules that shape a meeting
//! record, program build), holding what reading that content gave (the
//! meeting record or the error, as JSON). A re-run reads only files whose
//! entry is missing. One file rather than one file per document: at
//! 100,000 documents a folder of 100,000 small files is slow to list, copy
//! and back up.
//!
//! Workers share one connection behind a mutex (a lookup or an insert is
//! microseconds beside reading a PDF). The database is in WAL mode with
//! `synchronous = NORMAL`: a killed scan loses at most its last entries
//! (a miss next time), never the file; an entry that cannot be parsed
//! (older format) is a miss too.
//!
//! "Program build" is the version plus a hash of the running executable,
//! so a rebuilt binary with a changed pipeline never reuses stale records.

use super::Outcome;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use std::io;
use std::path::Path;
use std::sync::{Mutex, OnceLock};

/// Folder inside OUT.
pub const CACHE_DIR: &str = ".cache";
/// The database inside [`CACHE_DIR`].
pub const CACHE_DB: &str = "cache.sqlite";

#[derive(Serialize, Deserialize)]
struct Stored {
    /// Time the read took, in milliseconds (for the summary's slowest file).
    millis: u64,
    outcome: Outcome,
}

/// Version and a hash of the running executable.
pub fn build_id() -> &'static str {
    static ID: OnceLock<String> = OnceLock::new();
    ID.get_or_init(|| {
        let exe = std::env::current_exe().ok().and_then(|p| {
            let mut h = blake3::Hasher::new();
            let mut f = std::fs::File::open(p).ok()?;
            io::copy(&mut f, &mut h).ok()?;
            Some(h.finalize().to_hex()[..16].to_string())
        });
        format!(
            "{}+{}",
            env!("CARGO_PKG_VERSION"),
            exe.unwrap_or_else(|| "unknown".into())
        )
    })
}

/// An open cache.
#[derive(Debug)]
pub struct Cache {
    conn: Mutex<Connection>,
    salt: String,
}

fn io_err(e: rusqlite::Error) -> io::Error {
    io::Error::other(format!("{CACHE_DIR}/{CACHE_DB}: {e}"))
}

impl Cache {
    /// Opens (creating) `OUT/.cache/cache.sqlite` for these reading rules
    /// (see
    /// [`crate::rules::RuleSet::reading_hash`]) and this build. Entry files of the
    /// older one-file-per-entry cache are removed (their records would be
    /// read again once anyway). A database that cannot be opened as one
    /// (damaged) is replaced by an empty one: it only costs re-reading.
    pub fn open(out: &Path, rules_hash: &str) -> io::Result<Cache> {
        let dir = out.join(CACHE_DIR);
        std::fs::create_dir_all(&dir)?;
        crate::output::atomic::remove_stale(&dir);
        for e in std::fs::read_dir(&dir)?.flatten() {
            if e.path().extension().is_some_and(|x| x == "json") {
                let _ = std::fs::remove_file(e.path());
            }
        }
        let path = dir.join(CACHE_DB);
        let conn = match Self::connect(&path) {
            Ok(c) => c,
            Err(_) => {
                for suffix in ["", "-wal", "-shm"] {
                    let _ = std::fs::remove_file(dir.join(format!("{CACHE_DB}{suffix}")));
                }
                Self::connect(&path).map_err(io_err)?
            }
        };
        Ok(Cache {
            conn: Mutex::new(conn),
            salt: format!("{rules_hash}\0{}", build_id()),
        })
    }

    fn connect(path: &Path) -> rusqlite::Result<Connection> {
        let conn = Connection::open(path)?;
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.execute_batch(
            "CREATE TABLE IF NOT EXISTS entries (key TEXT PRIMARY KEY, entry TEXT NOT NULL)",
        )?;
        // A file that opens but whose pages are damaged is not trusted.
        let ok: String = conn.query_row("PRAGMA quick_check", [], |r| r.get(0))?;
        if ok != "ok" {
            return Err(rusqlite::Error::InvalidQuery);
        }
        Ok(conn)
    }

    fn key(&self, content_hash: &str) -> String {
        let mut h = blake3::Hasher::new();
        h.update(content_hash.as_bytes());
        h.update(&[0]);
        h.update(self.salt.as_bytes());
        h.finalize().to_hex()[..32].to_string()
    }

    /// The stored outcome and its read time, if any.
    pub fn get(&self, content_hash: &str) -> Option<(Outcome, u64)> {
        let key = self.key(content_hash);
        let text: String = {
            let conn = self.conn.lock().ok()?;
            let mut stmt = conn
                .prepare_cached("SELECT entry FROM entries WHERE key = ?1")
                .ok()?;
            let found = stmt.query_row([key], |r| r.get(0)).optional().ok()?;
            found?
        };
        let s: Stored = serde_json::from_str(&text).ok()?;
        Some((s.outcome, s.millis))
    }

    /// Stores an outcome (its own transaction: a killed run keeps the
    /// entries written before it).
    pub fn put(&self, content_hash: &str, outcome: &Outcome, millis: u64) -> io::Result<()> {
        #[derive(Serialize)]
        struct StoredRef<'a> {
            millis: u64,
            outcome: &'a Outcome,
        }
        let text =
            serde_json::to_string(&StoredRef { millis, outcome }).map_err(io::Error::other)?;
        let key = self.key(content_hash);
        let conn = self
            .conn
            .lock()
            .map_err(|_| io::Error::other("cache lock poisoned"))?;
        conn.prepare_cached("INSERT OR REPLACE INTO entries (key, entry) VALUES (?1, ?2)")
            .and_then(|mut s| s.execute(params![key, text]))
            .map_err(io_err)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_are_keyed_by_content_rules_and_build() {
        let dir = tempfile::tempdir().unwrap();
        let c = Cache::open(dir.path(), "rules-a").unwrap();
        let e = Outcome::Error {
            kind: "not_pdf".into(),
            error: "not a PDF".into(),
        };
        assert!(c.get("h1").is_none());
        c.put("h1", &e, 7).unwrap();
        assert_eq!(c.get("h1"), Some((e.clone(), 7)));
        assert!(c.get("h2").is_none());
        let other_rules = Cache::open(dir.path(), "rules-b").unwrap();
        assert!(other_rules.get("h1").is_none());
        // A damaged entry is a miss, not an error.
        c.conn
            .lock()
            .unwrap()
            .execute("UPDATE entries SET entry = '{\"millis\": 3, \"outc'", [])
            .unwrap();
        assert!(c.get("h1").is_none());
        // A damaged file is replaced by an empty cache, not an error.
        drop((c, other_rules));
        std::fs::write(dir.path().join(CACHE_DIR).join(CACHE_DB), b"not a database").unwrap();
        let c = Cache::open(dir.path(), "rules-a").unwrap();
        assert!(c.get("h1").is_none());
        c.put("h1", &e, 7).unwrap();
        assert_eq!(c.get("h1"), Some((e, 7)));
    }
}
