//! `minutes scan ARCHIVE --from-records FILE...`: the per-document stage
//! done elsewhere (`minutes actions --records`, in shards on any batch
//! engine), the rest done here. Each file holds meeting records, one JSON
//! object per line: a meeting record as `minutes actions --json` gives it,
//! or a failed file (`{"document", "kind", "error"}`); a file that is one
//! JSON array of meeting records (`minutes actions --json`) is read too.
//!
//! The records then go through exactly what a scan does after reading a
//! document: identical contents (same `sha`) are one unit under the first
//! path, the others its duplicates; each unit is labelled, tagged, spooled
//! and slimmed by the same code. So the outputs are byte-identical to a
//! direct scan of the same files (given the same ARCHIVE argument, which
//! names the archive in `run.json` and anchors the report's links).
//!
//! Two passes over the files: the first reads only each record's path and
//! content hash (to know every unit's paths before any is labelled), the
//! second the whole records one at a time, so they are never all in memory.

use super::{Ctx, ScanError, Unit, UnitRead};
use crate::model::{FileError, Meeting};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

/// What the first pass reads of each record.
#[derive(Deserialize)]
struct Key {
    document: String,
    #[serde(default)]
    sha: Option<String>,
    #[serde(default)]
    kind: Option<String>,
    #[serde(default)]
    error: Option<String>,
}

fn bad(path: &Path, line: usize, message: impl std::fmt::Display) -> ScanError {
    ScanError::Records {
        path: path.to_path_buf(),
        line,
        message: message.to_string(),
    }
}

/// Calls `each` with every record of `path` and its line (1 for the
/// records of a JSON array).
fn each_record<T: for<'de> Deserialize<'de>>(
    path: &Path,
    mut each: impl FnMut(T, usize) -> Result<(), ScanError>,
) -> Result<(), ScanError> {
    let io_err = |e: io::Error| bad(path, 0, e);
    let mut r = BufReader::new(std::fs::File::open(path).map_err(io_err)?);
    let starts_array = loop {
        let buf = r.fill_buf().map_err(io_err)?;
        match buf.iter().position(|b| !b.is_ascii_whitespace()) {
            Some(i) => {
                let c = buf[i];
                r.consume(i);
                break c == b'[';
            }
            None if buf.is_empty() => break false,
            None => {
                let n = buf.len();
                r.consume(n);
            }
        }
    };
    if starts_array {
        let mut text = String::new();
        r.read_to_string(&mut text).map_err(io_err)?;
        let all: Vec<T> = serde_json::from_str(&text).map_err(|e| bad(path, e.line(), e))?;
        for rec in all {
            each(rec, 1)?;
        }
        return Ok(());
    }
    for (n, line) in r.lines().enumerate() {
        let line = line.map_err(io_err)?;
        if line.trim().is_empty() {
            continue;
        }
        let rec = serde_json::from_str(&line).map_err(|e| bad(path, n + 1, e))?;
        each(rec, n + 1)?;
    }
    Ok(())
}

/// First pass: the units (one per distinct content, sorted by label, as a
/// scan makes them), the failed files, and the number of paths.
pub(super) fn units(files: &[PathBuf]) -> Result<(Vec<Unit>, Vec<FileError>, usize), ScanError> {
    let mut by_hash: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut errors = Vec::new();
    let mut seen: BTreeMap<String, ()> = BTreeMap::new();
    let mut paths = 0;
    for f in files {
        each_record(f, |k: Key, line| {
            if seen.insert(k.document.clone(), ()).is_some() {
                return Err(bad(
                    f,
                    line,
                    format!("{}: a second record for this document", k.document),
                ));
            }
            paths += 1;
            match (k.sha, k.kind, k.error) {
                (Some(sha), _, _) => by_hash.entry(sha).or_default().push(k.document),
                (None, Some(kind), Some(error)) => errors.push(FileError {
                    document: k.document,
                    kind,
                    error,
                }),
                _ => {
                    return Err(bad(
                        f,
                        line,
                        "neither a meeting record (no `sha`) nor a failed file (`kind`, `error`)",
                    ))
                }
            }
            Ok(())
        })?;
    }
    let mut units: Vec<Unit> = by_hash
        .into_iter()
        .map(|(hash, mut labels)| {
            labels.sort();
            let label = labels.remove(0);
            Unit {
                path: None,
                label,
                hash,
                duplicates: labels,
            }
        })
        .collect();
    units.sort_by(|a, b| a.label.cmp(&b.label));
    Ok((units, errors, paths))
}

/// Second pass: each unit's record through the scan's per-document steps,
/// in unit order (as a scan's results are).
pub(super) fn read(
    ctx: &Ctx,
    files: &[PathBuf],
    units: &[Unit],
) -> Result<Vec<UnitRead>, ScanError> {
    let index: BTreeMap<&str, usize> = units
        .iter()
        .enumerate()
        .map(|(i, u)| (u.label.as_str(), i))
        .collect();
    let mut results: Vec<UnitRead> = units.iter().map(|_| None).collect();
    for f in files {
        each_record(f, |v: serde_json::Value, line| {
            let Some(doc) = v.get("document").and_then(|d| d.as_str()) else {
                return Ok(());
            };
            let Some(&i) = index.get(doc) else {
                return Ok(()); // a duplicate's or a failed file's record
            };
            let m: Meeting = serde_json::from_value(v).map_err(|e| bad(f, line, e))?;
            results[i] = Some((ctx.finish(&units[i], m), Some(0)));
            Ok(())
        })?;
    }
    Ok(results)
}
