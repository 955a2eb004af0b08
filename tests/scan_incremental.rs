//! The cache: a re-run reads only files whose content changed, and gives
//! the same outputs as a clean run over the changed archive. Identical
//! files under two paths are read once and both paths reported.

mod scan_support;
use minutes::archive::{scan as run_scan, ScanOptions};
use minutes::rules::RuleSet;
use scan_support::*;
use std::io::Write;
use std::path::Path;

fn opts(archive: &Path, out: &Path, cache: bool) -> ScanOptions {
    ScanOptions {
        jobs: Some(2),
        use_cache: cache,
        ..ScanOptions::new(archive, out)
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
    // The first path in sorted order is the record's; the other is its duplicate.
    let (a, b) = (first.display().to_string(), copy.display().to_string());
    let (primary, other) = if a < b { (a, b) } else { (b, a) };
    let meetings = jsonl(&out.join("meetings.jsonl"));
    let m = meetings
        .iter()
        .find(|m| m["document"] == primary.as_str())
        .expect("meeting under the first path");
    assert_eq!(m["duplicates"], serde_json::json!([other]));
    assert!(!meetings.iter().any(|m| m["document"] == other.as_str()));
    // Its actions are given once.
    let actions = jsonl(&out.join("actions.jsonl"));
    assert!(actions.iter().any(|a| a["document"] == primary.as_str()));
    assert!(!actions.iter().any(|a| a["document"] == other.as_str()));
}

#[test]
fn changed_themes_reuse_the_cache_changed_reading_rules_do_not() {
    let tmp = tempfile::tempdir().unwrap();
    let rules_dir = tmp.path().join("rules");
    copy_dir(&repo().join("rules"), &rules_dir);
    let out = tmp.path().join("out");
    let with_rules = |cache: bool| ScanOptions {
        rules: RuleSet::load_dir(&rules_dir).unwrap(),
        ..opts(&archive_sample(), &out, cache)
    };
    assert_eq!(run_scan(&with_rules(true)).unwrap().read.len(), 8);
    // A new theme: no PDF read again, and the theme is in the outputs.
    let mut themes = std::fs::read_to_string(rules_dir.join("themes.toml")).unwrap();
    themes.push_str("\n[[theme]]\nname = \"Estate walks\"\nphrases = [\"estate walks\"]\n");
    std::fs::write(rules_dir.join("themes.toml"), themes).unwrap();
    let s = run_scan(&with_rules(true)).unwrap();
    assert!(s.read.is_empty(), "{:?}", s.read);
    let csv = std::fs::read_to_string(out.join("themes.csv")).unwrap();
    assert!(csv.lines().any(|l| l.starts_with("Estate walks,")), "{csv}");
    // A change to a rule the reading uses: everything is read again.
    let mut items = std::fs::read_to_string(rules_dir.join("items.toml")).unwrap();
    items.push_str("\n# a comment changes the rules' hash\n");
    std::fs::write(rules_dir.join("items.toml"), items).unwrap();
    assert_eq!(run_scan(&with_rules(true)).unwrap().read.len(), 8);
}
