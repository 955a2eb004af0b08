//! A second file of the same minutes (the same meeting's minutes re-saved,
//! repaired or filed twice: not byte-identical, so not a duplicate file) is
//! one minuting of that meeting: the other documents' actions are written
//! byte for byte as without it (no second status event for the meeting),
//! and the copy's record says, in a warning, which document it copies.
//! The archive-wide counts take the meeting once too: people's timelines,
//! unresolved owners, theme meeting and action counts (`history.json`,
//! `themes.csv`) and recurring items' counts are as without the copies.

mod scan_support;
use scan_support::*;

#[test]
fn a_copy_of_a_meeting_changes_no_other_record_and_says_so() {
    let tmp = tempfile::tempdir().unwrap();
    let archive = tmp.path().join("archive");
    copy_dir(&archive_sample(), &archive.join("a"));
    let alone = tmp.path().join("alone");
    assert!(scan(&archive, &alone, &["-j", "2"]).status.success());
    // Copies of every meeting but the first (those are the ones a chain
    // continues into), each with a comment after its end: the same
    // minutes, other bytes.
    let originals = pdfs(&archive.join("a"));
    std::fs::create_dir_all(archive.join("copies")).unwrap();
    for f in &originals[1..] {
        let mut bytes = std::fs::read(f).unwrap();
        bytes.extend_from_slice(b"\n% filed again\n");
        std::fs::write(archive.join("copies").join(f.file_name().unwrap()), bytes).unwrap();
    }
    let mixed = tmp.path().join("mixed");
    assert!(scan(&archive, &mixed, &["-j", "2"]).status.success());

    // A record's own document, not one its status history names.
    let is_copy = |l: &str| {
        let v: serde_json::Value = serde_json::from_str(l).unwrap();
        v["document"].as_str().unwrap().contains("copies/")
    };
    let lines = |out: &std::path::Path, name: &str| -> Vec<String> {
        std::fs::read_to_string(out.join(name))
            .unwrap()
            .lines()
            .filter(|l| !is_copy(l))
            .map(str::to_string)
            .collect()
    };
    for name in ["actions.jsonl", "meetings.jsonl"] {
        let a = lines(&alone, name);
        assert!(!a.is_empty());
        assert_eq!(
            a,
            lines(&mixed, name),
            "{name}: the originals' records changed"
        );
    }
    // Every copy was read and names its original, and copies' actions
    // joined the originals' chains (so the status history was at stake).
    let copies = jsonl(&mixed.join("meetings.jsonl"));
    let copies: Vec<_> = copies
        .iter()
        .filter(|m| m["document"].as_str().unwrap().contains("copies/"))
        .collect();
    assert_eq!(copies.len(), originals.len() - 1);
    let mut chained = 0;
    for m in copies {
        let doc = m["document"].as_str().unwrap();
        let original = doc.replace("copies/", "a/");
        let warnings: Vec<&str> = m["warnings"]
            .as_array()
            .map(|w| w.iter().filter_map(|x| x.as_str()).collect())
            .unwrap_or_default();
        assert!(
            warnings
                .iter()
                .any(|w| w.starts_with(&format!("a copy of the minutes of {original} "))),
            "{doc}: {warnings:?}"
        );
        chained += jsonl(&mixed.join("actions.jsonl"))
            .iter()
            .filter(|a| a["document"] == m["document"] && !a["chain"].is_null())
            .count();
    }
    assert!(chained > 0, "no copy's action joined a chain");

    // The archive-wide history counts each meeting's actions once.
    let history = |out: &std::path::Path| -> serde_json::Value {
        serde_json::from_str(&std::fs::read_to_string(out.join("history.json")).unwrap()).unwrap()
    };
    let (h_alone, h_mixed) = (history(&alone), history(&mixed));
    for part in ["people", "themes"] {
        assert!(
            h_alone[part].as_array().is_some_and(|a| !a.is_empty()),
            "{part}: nothing to compare"
        );
    }
    for part in ["people", "unresolved_owners", "themes"] {
        assert_eq!(h_alone[part], h_mixed[part], "history.json {part}");
    }
    let counts = |h: &serde_json::Value| -> Vec<(String, u64)> {
        h["recurring_items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| (r["normalised"].to_string(), r["count"].as_u64().unwrap()))
            .collect()
    };
    assert!(!counts(&h_alone).is_empty());
    assert_eq!(counts(&h_alone), counts(&h_mixed), "recurring item counts");
    assert_eq!(
        std::fs::read_to_string(alone.join("themes.csv")).unwrap(),
        std::fs::read_to_string(mixed.join("themes.csv")).unwrap(),
        "themes.csv"
    );
}
