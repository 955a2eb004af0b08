//! The incremental cache: `OUT/.cache/`, one file per (content hash, hash
//! of the rules that shape a meeting record, program build), holding what reading that content gave (the
//! meeting record or the error). A re-run reads only files whose entry is
//! missing. Entries are written atomically; one that cannot be parsed
//! (damaged disk, older format) is simply a miss.
//!
//! "Program build" is the version plus a hash of the running executable,
//! so a rebuilt binary with a changed pipeline never reuses stale records.

use super::Outcome;
use crate::output::atomic;
use serde::{Deserialize, Serialize};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// Folder inside OUT.
pub const CACHE_DIR: &str = ".cache";

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

/// An open cache folder.
#[derive(Debug, Clone)]
pub struct Cache {
    dir: PathBuf,
    salt: String,
}

impl Cache {
    /// Opens (creating) `OUT/.cache` for these reading rules (see
    /// [`crate::rules::RuleSet::reading_hash`]) and this build, removing temporary files a
    /// killed run left behind.
    pub fn open(out: &Path, rules_hash: &str) -> io::Result<Cache> {
        let dir = out.join(CACHE_DIR);
        std::fs::create_dir_all(&dir)?;
        atomic::remove_stale(&dir);
        Ok(Cache {
            dir,
            salt: format!("{rules_hash}\0{}", build_id()),
        })
    }

    fn path(&self, content_hash: &str) -> PathBuf {
        let mut h = blake3::Hasher::new();
        h.update(content_hash.as_bytes());
        h.update(&[0]);
        h.update(self.salt.as_bytes());
        self.dir
            .join(format!("{}.json", &h.finalize().to_hex()[..32]))
    }

    /// The stored outcome and its read time, if any.
    pub fn get(&self, content_hash: &str) -> Option<(Outcome, u64)> {
        let text = std::fs::read(self.path(content_hash)).ok()?;
        let s: Stored = serde_json::from_slice(&text).ok()?;
        Some((s.outcome, s.millis))
    }

    /// Stores an outcome (atomically; no fsync, a lost entry is a miss).
    pub fn put(&self, content_hash: &str, outcome: &Outcome, millis: u64) -> io::Result<()> {
        #[derive(Serialize)]
        struct StoredRef<'a> {
            millis: u64,
            outcome: &'a Outcome,
        }
        atomic::write_atomic(&self.path(content_hash), false, |w| {
            serde_json::to_writer(&mut *w, &StoredRef { millis, outcome })
                .map_err(io::Error::other)?;
            w.write_all(b"\n")
        })
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
        std::fs::write(c.path("h1"), b"{\"millis\": 3, \"outc").unwrap();
        assert!(c.get("h1").is_none());
    }
}
