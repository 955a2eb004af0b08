//! `minutes actions` output forms and per-file errors.

use std::path::PathBuf;
use std::process::{Command, Output};

fn actions(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_minutes"))
        .current_dir(PathBuf::from(env!("CARGO_MANIFEST_DIR")))
        .arg("actions")
        .args(args)
        .output()
        .unwrap()
}

const SEED: &str = "corpus/seed/shp-2016-05-11-lines.pdf";

#[test]
fn jsonl_is_one_action_per_line_with_the_scored_fields() {
    let out = actions(&["--jsonl", SEED]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 6);
    let mut ids = Vec::new();
    for l in lines {
        let v: serde_json::Value = serde_json::from_str(l).unwrap();
        for field in [
            "id",
            "document",
            "organisation",
            "meeting_date",
            "item",
            "item_title",
            "owners",
            "owner_names",
            "text",
            "page",
        ] {
            assert!(!v[field].is_null(), "{field} missing in {l}");
        }
        assert_eq!(v["document"], SEED);
        assert_eq!(v["meeting_date"], "2016-05-11");
        ids.push(v["id"].as_str().unwrap().to_string());
    }
    // Stable: the same ids on a second run.
    let again = actions(&["--jsonl", SEED]);
    let ids2: Vec<String> = String::from_utf8(again.stdout)
        .unwrap()
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["id"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(ids, ids2);
}

#[test]
fn json_is_an_array_of_meetings() {
    let out = actions(&["--json", SEED, "corpus/seed/shp-2019-05-01-html.pdf"]);
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let a = v.as_array().unwrap();
    assert_eq!(a.len(), 2);
    assert_eq!(a[1]["meeting_date"], "2019-05-01");
    let acts = a[1]["actions"].as_array().unwrap();
    let inferred = acts.iter().filter(|x| x["inferred"] == true).count();
    assert_eq!((acts.len() - inferred, inferred), (10, 1));
    assert!(a[1]["present"].as_array().unwrap().len() > 10);
}

#[test]
fn table_by_default() {
    let out = actions(&[SEED]);
    assert!(out.status.success());
    let t = String::from_utf8(out.stdout).unwrap();
    assert!(t.contains("Safer Halton Partnership · 2016-05-11"), "{t}");
    assert!(t.contains("MA/LMcV"), "{t}");
    assert!(t.contains("→ Mike Andrews, Lynsey McVay"), "{t}");
    assert!(t.contains("next meeting: 28th September"), "{t}");
}

#[test]
fn a_bad_file_is_one_line_and_the_batch_goes_on() {
    let out = actions(&[
        "--jsonl",
        "tests/data/bad/not-a-pdf.pdf",
        SEED,
        "tests/data/bad/empty.pdf",
    ]);
    assert_eq!(out.status.code(), Some(3));
    let err = String::from_utf8(out.stderr).unwrap();
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 2, "{err}");
    assert!(
        lines[0].starts_with("minutes: tests/data/bad/not-a-pdf.pdf: "),
        "{err}"
    );
    assert!(
        lines[1].starts_with("minutes: tests/data/bad/empty.pdf: "),
        "{err}"
    );
    assert_eq!(String::from_utf8(out.stdout).unwrap().lines().count(), 6);
}

#[test]
fn limits_file_applies() {
    let dir = tempfile::tempdir().unwrap();
    let lim = dir.path().join("limits.toml");
    std::fs::write(&lim, "max_file_bytes = 100\n").unwrap();
    let out = actions(&["--limits", lim.to_str().unwrap(), SEED]);
    assert_eq!(out.status.code(), Some(7));
    assert!(String::from_utf8(out.stderr).unwrap().contains("limit"));
    std::fs::write(&lim, "max_file_bytez = 100\n").unwrap();
    let out = actions(&["--limits", lim.to_str().unwrap(), SEED]);
    assert_eq!(out.status.code(), Some(2));
}
