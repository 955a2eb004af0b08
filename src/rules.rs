//! Rule files (`rules/*.toml`): SKELETON, the `minutes` helper builds it.
//! Contract used by other stages:
//! - `RuleSet::embedded()` the default set compiled into the binary;
//! - `RuleSet::load_dir(&Path) -> Result<RuleSet, RuleError>` (`--rules DIR`);
//! - `RuleSet::hash(&self) -> &str` a stable hash of all rule files' text;
//! - `RuleSet::file_text(&self, name) -> Option<&str>` raw text of one file
//!   (the `history` stage parses `themes.toml` itself).
//!
//! ARCHIVE HELPER: minimal stand-in for the contract (file texts + hash) so
//! the archive stage can build before the real rule compiler lands.

use std::collections::BTreeMap;
use std::path::Path;
use thiserror::Error;

/// Rule files compiled into the binary, by file name.
const EMBEDDED: &[(&str, &str)] = &[
    ("history.toml", include_str!("../rules/history.toml")),
    ("themes.toml", include_str!("../rules/themes.toml")),
];

/// Why a rule directory could not be loaded.
#[derive(Debug, Error)]
pub enum RuleError {
    #[error("{path}: {error}")]
    Io { path: String, error: String },
}

/// The compiled rules.
#[derive(Debug, Clone, Default)]
pub struct RuleSet {
    files: BTreeMap<String, String>,
    hash: String,
}

impl RuleSet {
    pub fn embedded() -> RuleSet {
        Self::from_files(
            EMBEDDED
                .iter()
                .map(|(n, t)| (n.to_string(), t.to_string()))
                .collect(),
        )
    }

    /// Every `*.toml` file of `dir` (replaces the embedded set).
    pub fn load_dir(dir: &Path) -> Result<RuleSet, RuleError> {
        let io = |e: std::io::Error| RuleError::Io {
            path: dir.display().to_string(),
            error: e.to_string(),
        };
        let mut files = BTreeMap::new();
        for entry in std::fs::read_dir(dir).map_err(io)? {
            let path = entry.map_err(io)?.path();
            if path.extension().and_then(|e| e.to_str()) == Some("toml") {
                let text = std::fs::read_to_string(&path).map_err(|e| RuleError::Io {
                    path: path.display().to_string(),
                    error: e.to_string(),
                })?;
                let name = path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                files.insert(name, text);
            }
        }
        Ok(Self::from_files(files))
    }

    fn from_files(files: BTreeMap<String, String>) -> RuleSet {
        let mut h = blake3::Hasher::new();
        for (name, text) in &files {
            h.update(name.as_bytes());
            h.update(&[0]);
            h.update(text.as_bytes());
            h.update(&[0]);
        }
        RuleSet {
            files,
            hash: h.finalize().to_hex().to_string(),
        }
    }

    /// Stable hash of all rule files' names and text.
    pub fn hash(&self) -> &str {
        &self.hash
    }

    /// Raw text of one rule file, if the set has it.
    pub fn file_text(&self, name: &str) -> Option<&str> {
        self.files.get(name).map(|s| s.as_str())
    }
}
