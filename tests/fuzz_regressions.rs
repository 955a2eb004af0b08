//! Replays every saved fuzz input under `tests/fuzz_regressions/<target>/`
//! through the same harness function the libFuzzer target calls
//! (`fuzz/harness.rs`), on stable `cargo test`, without libFuzzer.
//!
//! `scripts/fuzz.sh` copies each crash, timeout and out-of-memory input it
//! finds into these folders; once the cause is fixed the file stays as the
//! regression test. Folders also hold a few hand-written hostile inputs of
//! the kind each target is there to survive.

#[path = "../fuzz/harness.rs"]
mod harness;

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// Longest one input may take here. The harness's own time budget is 5 s;
/// debug builds are slower than the fuzzer's optimised build, hence the
/// margin.
const MAX_PER_INPUT: Duration = Duration::from_secs(30);

fn replay(target: &str, run: fn(&[u8])) {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fuzz_regressions")
        .join(target);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no inputs in {}", dir.display());
    let mut failures = Vec::new();
    for file in &files {
        let data = std::fs::read(file).expect("read regression input");
        let start = Instant::now();
        let outcome = catch_unwind(AssertUnwindSafe(|| run(&data)));
        let took = start.elapsed();
        let name = file.file_name().unwrap_or_default().to_string_lossy();
        if outcome.is_err() {
            failures.push(format!("{name}: panicked"));
        } else if took > MAX_PER_INPUT {
            failures.push(format!("{name}: took {took:?}"));
        }
    }
    assert!(failures.is_empty(), "{target}: {failures:#?}");
}

#[test]
fn pdf_extract() {
    replay("pdf_extract", harness::pdf_extract);
}

#[test]
fn content_stream() {
    replay("content_stream", harness::content_stream);
}

#[test]
fn cmap() {
    replay("cmap", harness::cmap);
}

#[test]
fn rules() {
    replay("rules", harness::rules);
}

#[test]
fn minutes_pages() {
    replay("minutes_pages", harness::minutes_pages);
}

#[test]
fn pdf_gen() {
    replay("pdf_gen", harness::pdf_gen);
}
