//! The cache: a re-run reads only files whose content changed, and gives
//! the same outputs as a clean run over the changed archive. Identical
//! files under two paths are read once and both paths reported.

mod scan_support;
use minutes::archive::{scan as run_scan, ScanOptions};
use minutes::limits::Limits;
use minutes::rules::RuleSet;
use scan_support::*;
use std::io::Write;
use std::path::Path;

fn opts(archive: &Path, out: &Path, cache: bool) -> ScanOptions {
    ScanOptions {
        archive: archive.to_path_buf(),
        out: out.to_path_buf(),
        jobs: Some(2),
        rules: RuleSet::embedded(),
        limits: Limits::default(),
        use_cache: cache,
        progress: false,
    }
}

#[test]
fn rerun_reads_only_the_changed_file() {
    let tmp = tempfile::tempdir().unwrap();
    let archive = tmp.path().join("archive");
    copy_dir(&archive_sample(), &archive);
    let out = tmp.path().join("out");
    let first = run_scan(&opts(&archive, &out, true)).unwrap();
    assert_eq!(first.read.len(), 8);
    assert_eq!(first.cache_hits, 0);

    let second = run_scan(&opts(&archive, &out, true)).unwrap();
    assert!(second.read.is_empty(), "{:?}", second.read);
    assert_eq!(second.cache_hits, 8);

    // Change one file: a comment after %%EOF changes the bytes, not the text.
    let victim = pdfs(&archive)[3].clone();
    let mut f = std::fs::OpenOptions::new()
        .append(true)
        .open(&victim)
        .unwrap();
    f.write_all(b"\n%changed\n").unwrap();
    drop(f);
    let third = run_scan(&opts(&archive, &out, true)).unwrap();
    assert_eq!(third.read, vec![victim.display().to_string()]);
    assert_eq!(third.cache_hits, 7);

    // The incremental outputs equal a clean run's.
    let clean = tmp.path().join("clean");
    run_scan(&opts(&archive, &clean, false)).unwrap();
    assert_same_outputs(&out, &clean);
}

#[test]
fn identical_files_are_read_once_and_both_paths_reported() {
    let tmp = tempfile::tempdir().unwrap();
    let archive = tmp.path().join("archive");
    copy_dir(&archive_sample(), &archive);
    let first = pdfs(&archive)[0].clone();
    std::fs::create_dir_all(archive.join("copies")).unwrap();
    let copy = archive.join("copies").join("same-meeting.pdf");
    std::fs::copy(&first, &copy).unwrap();
    let out = tmp.path().join("out");
    let s = run_scan(&opts(&archive, &out, false)).unwrap();
    assert_eq!((s.files, s.distinct, s.read.len()), (9, 8, 8));
    let label = first.display().to_string();
    let meetings = jsonl(&out.join("meetings.jsonl"));
    let errors = jsonl(&out.join("errors.jsonl"));
    if let Some(m) = meetings.iter().find(|m| m["document"] == label.as_str()) {
        assert_eq!(
            m["duplicates"],
            serde_json::json!([copy.display().to_string()])
        );
        assert!(!meetings
            .iter()
            .any(|m| m["document"] == copy.display().to_string().as_str()));
    } else {
        // A file that fails is listed under both paths.
        let docs: Vec<_> = errors
            .iter()
            .map(|e| e["document"].as_str().unwrap().to_string())
            .collect();
        assert!(
            docs.contains(&label) && docs.contains(&copy.display().to_string()),
            "{docs:?}"
        );
    }
}
