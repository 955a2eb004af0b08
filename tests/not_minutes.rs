//! Documents that are not minutes (an annual report and a business plan
//! extract, printed from `tests/data/not_minutes/src/*.txt` by
//! `scripts/print_samples.sh`) give a `not_minutes` error and no
//! meeting, from `minutes actions` and from `minutes scan`.

use std::path::PathBuf;
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

const DOCS: [&str; 2] = [
    "tests/data/not_minutes/annual-report.pdf",
    "tests/data/not_minutes/business-plan.pdf",
];

#[test]
fn actions_reports_not_minutes_and_no_meeting() {
    for doc in DOCS {
        let out = Command::new(env!("CARGO_BIN_EXE_minutes"))
            .current_dir(root())
            .args(["actions", "--json", doc])
            .output()
            .expect("run minutes");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{doc}: succeeded");
        assert!(
            err.contains(doc) && err.contains("not minutes"),
            "{doc}: {err}"
        );
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_default();
        assert!(
            v.as_array().is_none_or(|a| a.is_empty()),
            "{doc}: a meeting was made: {v}"
        );
    }
}

#[test]
fn scan_counts_not_minutes_in_errors_jsonl() {
    let input = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    for doc in DOCS
        .iter()
        .chain(["corpus/columns/ashby-2024-05-14-review-log.pdf"].iter())
    {
        let p = root().join(doc);
        std::fs::copy(&p, input.path().join(p.file_name().unwrap())).unwrap();
    }
    let status = Command::new(env!("CARGO_BIN_EXE_minutes"))
        .args(["scan", "-q", "-o"])
        .arg(out.path())
        .arg(input.path())
        .status()
        .expect("run scan");
    assert!(status.success());
    let errors = std::fs::read_to_string(out.path().join("errors.jsonl")).unwrap();
    let kinds: Vec<String> = errors
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["kind"].to_string())
        .collect();
    assert_eq!(
        kinds,
        vec!["\"not_minutes\"", "\"not_minutes\""],
        "{errors}"
    );
    let meetings = std::fs::read_to_string(out.path().join("meetings.jsonl")).unwrap();
    assert_eq!(meetings.lines().count(), 1, "{meetings}");
    let run: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.path().join("run.json")).unwrap())
            .unwrap();
    assert_eq!(run["errors"], 2);
}
