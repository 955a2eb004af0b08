//! Decisions (`RESOLVED`, `AGREED`, `DECISION`) on the samples of
//! `corpus/decisions/` (made by `scripts/make_decision_samples.py`): every
//! decision printed is found with its item and page, nothing else is, and
//! the minutes in `corpus/` without decisions give none. Each sample's
//! decisions are also an insta snapshot.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn meetings(files: &[PathBuf]) -> Vec<Value> {
    let out = Command::new(env!("CARGO_BIN_EXE_minutes"))
        .current_dir(root())
        .args(["actions", "--json"])
        .args(files)
        .output()
        .expect("run minutes");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).expect("JSON array");
    v.as_array().unwrap().clone()
}

/// (item, page, label, text) of each decision.
fn decisions(m: &Value) -> Vec<(String, u64, String, String)> {
    m["decisions"]
        .as_array()
        .map(|ds| {
            ds.iter()
                .map(|d| {
                    (
                        d["item"].as_str().unwrap().to_string(),
                        d["page"].as_u64().unwrap(),
                        d["label"].as_str().unwrap().to_string(),
                        d["text"].as_str().unwrap().to_string(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

fn snapshot(name: &str, m: &Value) {
    insta::assert_snapshot!(name, serde_json::to_string_pretty(&m["decisions"]).unwrap());
}

#[test]
fn the_seed_item_page_resolution_is_found_on_its_page() {
    let ms = meetings(&[Path::new("corpus/decisions/ppb-2024-02-06-item28.pdf").into()]);
    let d = decisions(&ms[0]);
    assert_eq!(d.len(), 1, "{d:?}");
    let (_, page, label, text) = &d[0];
    assert_eq!((*page, label.as_str()), (2, "RESOLVED"));
    assert_eq!(
        text,
        "That the draft Safer Halton Partnership Governance and Strategy be received and comments made be noted."
    );
    // The action text stays the minutes' own: a decision is not an action.
    snapshot("decisions_ppb-2024-02-06-item28", &ms[0]);
}

#[test]
fn every_committee_decision_is_found_with_item_and_page_and_prose_is_not() {
    let ms = meetings(&[Path::new("corpus/decisions/wpc-2024-03-14-committee.pdf").into()]);
    let got: Vec<(String, u64, String, String)> = decisions(&ms[0]);
    let want: &[(&str, u64, &str, &str)] = &[
        ("2", 1, "RESOLVED", "That the minutes of the meeting held on 8 February 2024 be approved as a correct record and signed by the Chair."),
        ("3", 1, "It was RESOLVED", "that the Parish Council objects to application 24/0112 on the grounds of overlooking and loss of light."),
        ("4", 2, "RESOLVED", "That (1) the budget for 2024/25 of £48,500 be approved; (2) the precept be set at £41,000; and (3) the reserves policy be reviewed at the September meeting."),
        ("5", 2, "AGREED", "The lease of the village hall to the community association be renewed for five years from 1 April 2024."),
        ("6", 2, "DECISION", "The repairs be carried out by the existing contractor at a cost not exceeding £1,200."),
        ("6", 2, "Resolved", "that the Clerk be authorised to place the order."),
    ];
    let want: Vec<(String, u64, String, String)> = want
        .iter()
        .map(|(i, p, l, t)| (i.to_string(), *p, l.to_string(), t.to_string()))
        .collect();
    assert_eq!(got, want);
    let kinds: Vec<&str> = ms[0]["decisions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        ["resolved", "resolved", "resolved", "agreed", "decision", "resolved"]
    );
    snapshot("decisions_wpc-2024-03-14-committee", &ms[0]);
}

#[test]
fn minutes_without_decisions_give_none() {
    let mut files = Vec::new();
    for dir in ["corpus/seed", "corpus/archive", "corpus/variants"] {
        for e in std::fs::read_dir(root().join(dir)).unwrap().flatten() {
            let p = e.path();
            if p.extension().is_some_and(|x| x == "pdf") {
                files.push(Path::new(dir).join(p.file_name().unwrap()));
            }
        }
    }
    files.sort();
    assert!(files.len() >= 15, "{}", files.len());
    for m in meetings(&files) {
        assert!(
            m.get("decisions").is_none(),
            "{}: {:?}",
            m["document"],
            decisions(&m)
        );
    }
}
