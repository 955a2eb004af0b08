//! A second file of the same minutes (the same meeting's minutes re-saved,
//! repaired or filed twice: not byte-identical, so not a duplicate file) is
//! one minuting of that meeting: the other documents' actions are written
//! byte for byte as without it (no second status event for the meeting),
//! and the copy's record says, in a warning, which document it copies.

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
}
