//! Shared helpers of the integration tests: run the real binary on copies
//! of the bundled corpus or on one sample, read its outputs, and fold and
//! classify text as `../shared/tools/score.py` does.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_minutes"))
}

/// The archive sample: consecutive meetings of one board with gold.
pub fn archive_sample() -> PathBuf {
    repo().join("corpus/archive")
}

/// PDFs of a folder (not recursive), sorted.
pub fn pdfs(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .collect();
    v.sort();
    v
}

/// PDFs of the repo's sample folders (missing folders skipped), as paths
/// relative to the repo root, sorted.
pub fn corpus_pdfs(dirs: &[&str]) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = dirs
        .iter()
        .filter(|d| repo().join(d).is_dir())
        .flat_map(|d| {
            pdfs(&repo().join(d))
                .into_iter()
                .map(move |p| Path::new(d).join(p.file_name().unwrap()))
        })
        .collect();
    out.sort();
    out
}

/// Copies the files of `src` (recursively) into `dst`.
pub fn copy_dir(src: &Path, dst: &Path) {
    std::fs::create_dir_all(dst).unwrap();
    for e in std::fs::read_dir(src).unwrap() {
        let e = e.unwrap();
        let to = dst.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &to);
        } else {
            std::fs::copy(e.path(), to).unwrap();
        }
    }
}

/// Runs `minutes scan ARCHIVE -o OUT ARGS...` in `cwd`.
pub fn scan_in(cwd: &Path, archive: &Path, out: &Path, args: &[&str]) -> Output {
    Command::new(bin())
        .current_dir(cwd)
        .arg("scan")
        .arg(archive)
        .arg("-o")
        .arg(out)
        .arg("--quiet")
        .args(args)
        .output()
        .expect("run minutes")
}

pub fn scan(archive: &Path, out: &Path, args: &[&str]) -> Output {
    let o = scan_in(&repo(), archive, out, args);
    assert!(
        o.status.success(),
        "scan failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    o
}

pub const OUTPUTS: &[&str] = &[
    "actions.jsonl",
    "actions.csv",
    "meetings.jsonl",
    "history.json",
    "themes.csv",
    "errors.jsonl",
    "run.json",
];

/// Every output's bytes, with `run.json`'s `started`, `finished` and `jobs`
/// (the fields allowed to differ between runs) blanked; the database as a
/// hash of its bytes (it holds no time and no `-j`, so the file itself is
/// the same run to run), after checking it is whole.
pub fn outputs(out: &Path) -> BTreeMap<String, String> {
    let db = out.join("minutes.sqlite");
    let c = rusqlite::Connection::open_with_flags(&db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
        .unwrap_or_else(|e| panic!("{}: {e}", db.display()));
    let ok: String = c
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap_or_else(|e| panic!("{}: {e}", db.display()));
    assert_eq!(ok, "ok", "{}", db.display());
    drop(c);
    let bytes = std::fs::read(&db).unwrap();
    let db_hash = (
        "minutes.sqlite".to_string(),
        blake3::hash(&bytes).to_hex().to_string(),
    );
    OUTPUTS
        .iter()
        .map(|name| {
            let mut text = std::fs::read_to_string(out.join(name))
                .unwrap_or_else(|e| panic!("{}: {e}", out.join(name).display()));
            if *name == "run.json" {
                let mut v: serde_json::Value = serde_json::from_str(&text).unwrap();
                for k in ["started", "finished", "jobs"] {
                    v[k] = serde_json::Value::Null;
                }
                text = serde_json::to_string_pretty(&v).unwrap();
            }
            (name.to_string(), text)
        })
        .chain(std::iter::once(db_hash))
        .collect()
}

/// Asserts two output folders hold the same outputs, naming the first
/// differing file and line.
pub fn assert_same_outputs(a: &Path, b: &Path) {
    let (x, y) = (outputs(a), outputs(b));
    for (name, ta) in &x {
        let tb = &y[name];
        if ta != tb {
            let line = ta
                .lines()
                .zip(tb.lines())
                .position(|(l, r)| l != r)
                .unwrap_or_else(|| ta.lines().count().min(tb.lines().count()));
            panic!(
                "{name} differs between {} and {} at line {}:\n{}\n{}",
                a.display(),
                b.display(),
                line + 1,
                ta.lines().nth(line).unwrap_or("<end>"),
                tb.lines().nth(line).unwrap_or("<end>")
            );
        }
    }
}

/// Parses every output present in `out` completely (a truncated file
/// fails to parse). Returns how many were present.
pub fn parse_present_outputs(out: &Path) -> usize {
    let mut n = 0;
    for name in OUTPUTS {
        let p = out.join(name);
        let Ok(text) = std::fs::read_to_string(&p) else {
            continue;
        };
        n += 1;
        if name.ends_with(".jsonl") {
            for (i, line) in text.lines().enumerate() {
                serde_json::from_str::<serde_json::Value>(line)
                    .unwrap_or_else(|e| panic!("{}:{}: {e}", p.display(), i + 1));
            }
            assert!(
                text.is_empty() || text.ends_with('\n'),
                "{} cut short",
                p.display()
            );
        } else if name.ends_with(".json") {
            serde_json::from_str::<serde_json::Value>(&text)
                .unwrap_or_else(|e| panic!("{}: {e}", p.display()));
        } else {
            let mut r = csv::Reader::from_reader(text.as_bytes());
            let width = r.headers().unwrap().len();
            for rec in r.records() {
                let rec = rec.unwrap_or_else(|e| panic!("{}: {e}", p.display()));
                assert_eq!(rec.len(), width, "{} has a short row", p.display());
            }
            assert!(text.ends_with('\n'), "{} cut short", p.display());
        }
    }
    n
}

/// The lines of a JSON-lines output.
pub fn jsonl(path: &Path) -> Vec<serde_json::Value> {
    std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// A document label's file name.
pub fn file_name(v: &serde_json::Value) -> String {
    let d = v["document"].as_str().unwrap_or_default();
    Path::new(d)
        .file_name()
        .unwrap()
        .to_string_lossy()
        .into_owned()
}

/// Folds text as `norm` of `../shared/tools/score.py` does, step for step:
/// NFKC, lower case, dashes and quotes to ASCII, words hyphenated across
/// lines joined, white space collapsed. The one copy the tests use, so
/// that a test's matching never drifts from the scorer's.
pub fn fold(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    static HYPHEN_BREAK: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    let s: String = s
        .nfkc()
        .collect::<String>()
        .to_lowercase()
        .chars()
        .map(|c| match c {
            '\u{2010}'..='\u{2015}' | '\u{2212}' => '-',
            '\u{2018}' | '\u{2019}' | '\u{201b}' | '`' => '\'',
            '\u{201c}' | '\u{201d}' | '\u{201f}' => '"',
            c => c,
        })
        .collect();
    let joined = HYPHEN_BREAK
        .get_or_init(|| regex::Regex::new(r"-\s*\n\s*").unwrap())
        .replace_all(&s, "");
    joined.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn owner_set(v: &serde_json::Value) -> std::collections::BTreeSet<String> {
    v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|x| x.as_str())
                .map(fold)
                .filter(|x| !x.is_empty())
                .collect()
        })
        .unwrap_or_default()
}

/// Matches gold actions to predicted ones (one-to-one, as score.py: same
/// owners as printed or as named, text containing the gold key): gold
/// index → predicted index.
pub fn match_gold(
    gold: &[serde_json::Value],
    preds: &[&serde_json::Value],
) -> BTreeMap<usize, usize> {
    let mut used = std::collections::BTreeSet::new();
    let mut out = BTreeMap::new();
    for (gi, g) in gold.iter().enumerate() {
        let want = owner_set(&g["owners"]);
        let want_names = owner_set(&g["owner_names"]);
        let key = fold(g["key"].as_str().unwrap_or_default());
        for (pi, p) in preds.iter().enumerate() {
            if used.contains(&pi) {
                continue;
            }
            let got = owner_set(&p["owners"]);
            let names = owner_set(&p["owner_names"]);
            if !(got == want
                || (!want_names.is_empty() && (want_names == got || want_names == names)))
            {
                continue;
            }
            if fold(p["text"].as_str().unwrap_or_default()).contains(&key) {
                used.insert(pi);
                out.insert(gi, pi);
                break;
            }
        }
    }
    out
}

/// `minutes actions --json FILE` (run from the repository root, so paths
/// in the output stay relative): the meeting records.
pub fn actions_json(file: &Path) -> serde_json::Value {
    let out = Command::new(bin())
        .current_dir(repo())
        .args(["actions", "--json"])
        .arg(file)
        .output()
        .expect("run minutes");
    assert!(
        out.status.success(),
        "{}: {}",
        file.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON array")
}

/// A JSON array of strings (null and other values as "").
pub fn strings(v: &serde_json::Value) -> Vec<String> {
    v.as_array()
        .map(|a| {
            a.iter()
                .map(|x| x.as_str().unwrap_or("").to_string())
                .collect()
        })
        .unwrap_or_default()
}

/// Owners folded and sorted, to compare as sets.
pub fn folded_owners(v: &[String]) -> Vec<String> {
    let mut s: Vec<String> = v.iter().map(|x| fold(x)).collect();
    s.sort();
    s
}

/// score.py's `status_class`: done | open | cancelled | reassigned, or
/// "other".
pub fn status_class(s: &str) -> &'static str {
    let s = fold(s);
    let has = |ws: &[&str]| ws.iter().any(|w| s.contains(w));
    if has(&["reassigned"]) {
        "reassigned"
    } else if has(&["cancelled", "canceled", "withdrawn", "no longer required"]) {
        "cancelled"
    } else if has(&["done", "complete", "completed", "closed", "discharged"]) {
        "done"
    } else if has(&[
        "open",
        "carried forward",
        "carried forwards",
        "c/f",
        "ongoing",
        "on-going",
        "in progress",
        "pending",
        "on agenda",
        "follow up",
        "update",
        "outstanding",
    ]) {
        "open"
    } else {
        "other"
    }
}
