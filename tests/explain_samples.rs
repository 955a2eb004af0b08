//! `minutes explain` on the samples in `corpus/`: every action it lists
//! names the rule that made it (file and line) and its evidence, the same
//! actions as `minutes actions`; a snapshot of the text for one sample;
//! the tutorial's rule folder (docs/rules.md) reads every action of its
//! sample, which the defaults miss; and a scan says where the rules do not
//! fit and which document to explain.

mod scan_support;

use scan_support::{actions_json, bin, copy_dir, corpus_pdfs, fold, match_gold, repo, strings};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Every PDF of the sample folders, relative to the repo root.
fn samples() -> Vec<PathBuf> {
    corpus_pdfs(&[
        "corpus/seed",
        "corpus/variants",
        "corpus/archive",
        "corpus/labels",
        "corpus/columns",
        "corpus/people",
        "corpus/headers",
        "corpus/decisions",
        "corpus/tutorial",
    ])
}

fn explain(args: &[&str]) -> (String, String, Option<i32>) {
    let o = Command::new(bin())
        .current_dir(repo())
        .arg("explain")
        .args(args)
        .output()
        .expect("run minutes");
    (
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
        o.status.code(),
    )
}

fn explain_json(file: &Path, rules: Option<&str>) -> Value {
    let f = file.to_str().unwrap();
    let mut args = vec!["--json", f];
    if let Some(r) = rules {
        args.extend(["--rules", r]);
    }
    let (out, err, code) = explain(&args);
    assert_eq!(code, Some(0), "{f}: {err}");
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("{f}: {e}"))
}

#[test]
fn every_action_names_the_rule_that_made_it() {
    let files = samples();
    assert!(files.len() >= 25, "samples missing: {files:?}");
    let mut checked = 0;
    for f in files {
        let e = explain_json(&f, None);
        let read = actions_json(&f);
        let want = read[0]["actions"].as_array().unwrap();
        let got = e["actions"].as_array().unwrap();
        // The same actions as `minutes actions`, in the same order.
        let ids = |v: &[Value]| v.iter().map(|a| a["id"].clone()).collect::<Vec<_>>();
        assert_eq!(ids(got), ids(want), "{}", f.display());
        for a in got {
            let rule = &a["rule"];
            assert!(
                rule["file"].as_str().is_some_and(|s| s.ends_with(".toml"))
                    && rule["line"].as_u64().is_some_and(|l| l > 0)
                    && !rule["name"].as_str().unwrap_or("").is_empty(),
                "{}: action {} names no rule: {a}",
                f.display(),
                a["number"]
            );
            assert!(!a["evidence"].as_str().unwrap_or("").is_empty(), "{a}");
            for o in a["owner_notes"].as_array().unwrap() {
                assert!(o["rule"]["line"].as_u64().is_some(), "{o}");
                assert!(!o["how"].as_str().unwrap_or("").is_empty(), "{o}");
            }
            // Some printed line is marked as its evidence.
            let n = &a["number"];
            assert!(
                e["lines"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|l| l["actions"].as_array().unwrap().contains(n)),
                "{}: no line shows action {n}",
                f.display()
            );
            checked += 1;
        }
        // Every line has a role; none is left without words.
        for l in e["lines"].as_array().unwrap() {
            assert!(l["role"].is_string() && !l["words"].as_array().unwrap().is_empty());
        }
    }
    assert!(checked >= 150, "only {checked} actions explained");
}

#[test]
fn explain_text_of_a_column_sample() {
    let (out, err, code) = explain(&["corpus/variants/rcsb-2024-02-06-threecol.pdf"]);
    assert_eq!(code, Some(0), "{err}");
    insta::assert_snapshot!("explain_rcsb_threecol", out);
}

#[test]
fn page_option_keeps_one_page_and_its_actions() {
    let f = "corpus/variants/rcsb-2024-02-06-threecol.pdf";
    let (all, _, _) = explain(&[f]);
    let (two, _, code) = explain(&["--page", "2", f]);
    assert_eq!(code, Some(0));
    assert!(all.contains("\npage 1\n") && all.contains("\npage 2\n"));
    assert!(
        !two.contains("\npage 1\n") && two.contains("\npage 2\n"),
        "{two}"
    );
    assert!(two
        .lines()
        .filter(|l| l.starts_with('#'))
        .all(|l| l.contains("page 2")));
}

#[test]
fn a_missing_file_and_bad_rules_are_errors() {
    let (_, err, code) = explain(&["corpus/nope.pdf"]);
    assert_eq!(code, Some(1));
    assert!(err.contains("corpus/nope.pdf"), "{err}");
    let (_, err, code) = explain(&[
        "--rules",
        "/nope",
        "corpus/tutorial/hvta-2025-05-14-responsible.pdf",
    ]);
    assert_eq!(code, Some(2));
    assert!(err.contains("rules"), "{err}");
}

/// F1 of the (non-inferred) actions read from `file` against its gold,
/// matched as `tools/score.py` matches them.
fn f1(file: &Path, rules: Option<&str>) -> f64 {
    let gold: Value = serde_json::from_str(
        &std::fs::read_to_string(repo().join(file.with_extension("gold.json"))).unwrap(),
    )
    .unwrap();
    let mut cmd = Command::new(bin());
    cmd.current_dir(repo())
        .args(["actions", "--json"])
        .arg(file);
    if let Some(r) = rules {
        cmd.args(["--rules", r]);
    }
    let o = cmd.output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    let preds: Vec<&Value> = v[0]["actions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| !a["inferred"].as_bool().unwrap_or(false))
        .collect();
    let g = gold["actions"].as_array().unwrap();
    let matched = match_gold(g, &preds);
    // Items must agree too, as in the sample tests.
    let good = matched
        .iter()
        .filter(|(gi, pi)| g[**gi]["item"] == preds[**pi]["item"])
        .count();
    if g.is_empty() && preds.is_empty() {
        return 1.0;
    }
    2.0 * good as f64 / (g.len() + preds.len()) as f64
}

#[test]
fn the_tutorial_rules_read_every_action_the_defaults_miss() {
    let f = Path::new("corpus/tutorial/hvta-2025-05-14-responsible.pdf");
    let defaults = f1(f, None);
    let tutorial = f1(f, Some("corpus/tutorial/rules"));
    assert!(
        defaults < 0.5,
        "the defaults already read it: F1 {defaults:.3}"
    );
    assert!(
        (tutorial - 1.0).abs() < 1e-9,
        "tutorial rules: F1 {tutorial:.3}"
    );
    // The due date after the dash is read (the tutorial's second edit).
    let o = Command::new(bin())
        .current_dir(repo())
        .args(["actions", "--json", "--rules", "corpus/tutorial/rules"])
        .arg(f)
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    let dm = v[0]["actions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| strings(&a["owners"]) == ["DM"])
        .expect("DM's action");
    assert_eq!(dm["due"]["date"], "2025-05-30");
    // explain names the tutorial's own rule for it.
    let e = explain_json(f, Some("corpus/tutorial/rules"));
    assert!(e["actions"].as_array().unwrap().iter().all(|a| {
        a["rule"]["name"] == "label[responsible]"
            && a["rule"]["file"] == "corpus/tutorial/rules/labels.toml"
    }));
    // With the defaults, the `Responsible:` lines are minute text.
    let e = explain_json(f, None);
    let resp: Vec<&Value> = e["lines"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| {
            l["words"][0]["text"]
                .as_str()
                .is_some_and(|t| fold(t).starts_with("responsible"))
        })
        .collect();
    assert_eq!(resp.len(), 5);
    assert!(resp.iter().all(|l| l["role"] == "minute_text"));
}

#[test]
fn scan_names_the_documents_the_rules_do_not_fit() {
    let tmp = tempfile::tempdir().unwrap();
    let archive = tmp.path().join("minutes");
    for sub in ["columns", "tutorial"] {
        copy_dir(&repo().join("corpus").join(sub), &archive.join(sub));
    }
    let out = tmp.path().join("out");
    let o = Command::new(bin())
        .current_dir(tmp.path())
        .args(["scan", "minutes", "-o"])
        .arg(&out)
        .arg("--quiet")
        .output()
        .unwrap();
    assert!(o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    // The tutorial sample gives nothing with the defaults; the empty Action
    // column of wexham shows a column but no action.
    let line = err
        .lines()
        .find(|l| l.starts_with("rules: "))
        .unwrap_or_else(|| panic!("{err}"));
    assert!(line.contains("2 of 18 documents gave no actions"), "{line}");
    assert!(
        line.contains("1 shows an Action column, log or action labels but no action was read"),
        "{line}"
    );
    let example = line
        .split("e.g. minutes explain ")
        .nth(1)
        .unwrap_or_else(|| panic!("{line}"));
    assert!(example.contains("wexham"), "{line}");
    assert!(err.contains("no action read, though it prints an Action column header"));
    let run: Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("run.json")).unwrap()).unwrap();
    assert_eq!(run["no_action_documents"], 2);
    assert_eq!(run["unread_action_documents"], 1);
    assert!(run["unresolved_owner_tokens"].as_u64().is_some());
    let report = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(report.contains("id=\"fit-summary\"") && report.contains("hvta-2025-05-14"));
    // The suggested command runs as printed, from where the scan ran.
    let o = Command::new(bin())
        .current_dir(tmp.path())
        .args(["explain", example.trim()])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(String::from_utf8_lossy(&o.stdout).contains("column header"));
}
