//! One bad file never spoils the run: every file of `tests/data/bad/` lands in
//! `errors.jsonl` (or gives its meeting where `expected.json` says it is a
//! readable file), while the archive's good files give exactly the actions
//! they give without the bad files beside them.

mod scan_support;
use scan_support::*;
use std::collections::{BTreeMap, BTreeSet};

#[test]
fn bad_files_are_reported_and_good_files_keep_their_actions() {
    let tmp = tempfile::tempdir().unwrap();
    let archive = tmp.path().join("archive");
    copy_dir(&archive_sample(), &archive.join("good"));
    let alone = tmp.path().join("alone");
    scan(&archive, &alone, &["-j", "2"]);
    copy_dir(&repo().join("tests/data/bad"), &archive.join("bad"));
    let mixed = tmp.path().join("mixed");
    let o = scan(&archive, &mixed, &["-j", "2"]);
    assert!(o.status.success());

    let expected: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(repo().join("tests/data/bad/expected.json")).unwrap(),
    )
    .unwrap();
    let meetings = jsonl(&mixed.join("meetings.jsonl"));
    let errors = jsonl(&mixed.join("errors.jsonl"));
    let actions = jsonl(&mixed.join("actions.jsonl"));
    let bad_label =
        |v: &serde_json::Value| v["document"].as_str().unwrap_or_default().contains("/bad/");
    let read: BTreeSet<String> = meetings
        .iter()
        .filter(|m| bad_label(m))
        .map(file_name)
        .collect();
    let failed: BTreeMap<String, String> = errors
        .iter()
        .filter(|e| bad_label(e))
        .map(|e| (file_name(e), e["kind"].as_str().unwrap().to_string()))
        .collect();
    let mut report = Vec::new();
    for f in pdfs(&repo().join("tests/data/bad")) {
        let name = f.file_name().unwrap().to_string_lossy().into_owned();
        let expect = expected[&name]["expect"].as_str().unwrap_or("error");
        let n_actions = actions.iter().filter(|a| file_name(a) == name).count();
        report.push(format!(
            "{name}: expect {expect}, read {}, error {:?}, {n_actions} actions",
            read.contains(&name),
            failed.get(&name)
        ));
        // A meeting or an error; both only for a `partial` read (kept,
        // but flagged because it gave no action and had problems).
        match failed.get(&name).map(String::as_str) {
            Some("partial") => assert!(read.contains(&name)),
            Some(_) => assert!(!read.contains(&name), "{name}: meeting and error"),
            None => assert!(read.contains(&name), "{name}: neither meeting nor error"),
        }
        assert_ne!(
            failed.get(&name).map(String::as_str),
            Some("panic"),
            "{name} panicked"
        );
        match expect {
            "ok" => assert!(n_actions > 0, "{name} should give its actions"),
            // Not readable as minutes: an error line, never a silent empty meeting.
            _ => assert!(
                failed.contains_key(&name),
                "{name} should be in errors.jsonl"
            ),
        }
    }
    eprintln!("{}", report.join("\n"));

    // The good files' outputs are untouched by the bad ones beside them,
    // but for the themes discovered from the archive: the readable bad
    // files are meetings of the same boards, and add to what recurs.
    let good = |p: &std::path::Path| -> Vec<String> {
        fn drop_themes(v: &mut serde_json::Value) {
            match v {
                serde_json::Value::Object(o) => {
                    o.remove("themes");
                    o.values_mut().for_each(drop_themes);
                }
                serde_json::Value::Array(a) => a.iter_mut().for_each(drop_themes),
                _ => {}
            }
        }
        std::fs::read_to_string(p)
            .unwrap()
            .lines()
            .filter(|l| l.contains("/good/"))
            .map(|l| {
                let mut v: serde_json::Value = serde_json::from_str(l).unwrap();
                drop_themes(&mut v);
                v.to_string()
            })
            .collect()
    };
    assert_eq!(
        good(&alone.join("actions.jsonl")),
        good(&mixed.join("actions.jsonl"))
    );
    assert_eq!(
        good(&alone.join("meetings.jsonl")),
        good(&mixed.join("meetings.jsonl"))
    );
}
