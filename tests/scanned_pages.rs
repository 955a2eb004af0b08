//! A document with a scanned page among pages that have text
//! (`corpus/scanned/`: the 2019-05-01 seed meeting with a page of the
//! image-only minutes appended) still gives its meeting from the text
//! pages, and the page without a text layer is reported by number: in the
//! `pdf` stage's warnings, in `meetings.jsonl` (`scanned_pages`) and as a
//! line of the scan's output, so the officer knows which page to OCR.
//! (A document with no text layer at all is an error: `tests/pdf_bad.rs`.)

mod scan_support;
use scan_support::*;

const SAMPLE: &str = "corpus/scanned/shp-2019-05-01-partly-scanned.pdf";

#[test]
fn the_pdf_stage_names_the_scanned_page_and_keeps_the_others() {
    let bytes = std::fs::read(repo().join(SAMPLE)).unwrap();
    let doc = minutes::pdf::extract(&bytes, &minutes::limits::Limits::default())
        .expect("a partly scanned document is not an error");
    assert_eq!(doc.pages.len(), 6);
    let without_text: Vec<usize> = doc
        .pages
        .iter()
        .enumerate()
        .filter(|(_, p)| p.glyphs.is_empty())
        .map(|(i, _)| i + 1)
        .collect();
    assert_eq!(without_text, [6]);
    assert!(doc.pages[5].images > 0, "page 6 is a picture");
    assert!(
        doc.warnings
            .iter()
            .any(|w| w == "no text layer (scanned?) on pages [6]"),
        "{:?}",
        doc.warnings
    );
}

#[test]
fn a_scan_reads_the_meeting_and_reports_the_page_to_ocr() {
    let tmp = tempfile::tempdir().unwrap();
    let archive = tmp.path().join("archive");
    std::fs::create_dir_all(&archive).unwrap();
    std::fs::copy(repo().join(SAMPLE), archive.join("partly.pdf")).unwrap();
    let out = tmp.path().join("out");
    let o = scan(&archive, &out, &["-j", "1"]);
    let stderr = String::from_utf8_lossy(&o.stderr);

    let meetings = jsonl(&out.join("meetings.jsonl"));
    assert_eq!(meetings.len(), 1);
    assert_eq!(meetings[0]["scanned_pages"], serde_json::json!([6]));
    let gold: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(repo().join(SAMPLE).with_extension("gold.json")).unwrap(),
    )
    .unwrap();
    let gold_actions = gold["actions"].as_array().unwrap();
    let actions = jsonl(&out.join("actions.jsonl"));
    let preds: Vec<&serde_json::Value> = actions.iter().collect();
    assert_eq!(
        match_gold(gold_actions, &preds).len(),
        gold_actions.len(),
        "every gold action of the text pages is found"
    );
    // Read, so not a failed file; but said on the terminal, by page.
    assert!(jsonl(&out.join("errors.jsonl")).is_empty());
    let line = stderr
        .lines()
        .find(|l| l.contains("partly.pdf"))
        .unwrap_or_else(|| panic!("no line for the document in:\n{stderr}"));
    assert!(
        line.contains("no text layer (scanned?) on pages [6]"),
        "{line}"
    );
}

/// Every failed file gets a one-line message naming it and the cause on
/// stderr, besides its line in `errors.jsonl`.
#[test]
fn a_scan_prints_one_line_per_failed_file() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let o = scan(&repo().join("tests/data/bad"), &out, &["-j", "2"]);
    let stderr = String::from_utf8_lossy(&o.stderr);
    let errors = jsonl(&out.join("errors.jsonl"));
    assert!(errors.len() >= 5, "{errors:?}");
    for e in &errors {
        let doc = e["document"].as_str().unwrap();
        let cause = e["error"].as_str().unwrap();
        let lines: Vec<&str> = stderr
            .lines()
            .filter(|l| l.starts_with("minutes scan: ") && l.contains(doc))
            .collect();
        assert_eq!(lines.len(), 1, "{doc}: {lines:?}");
        assert!(lines[0].contains(cause), "{}", lines[0]);
    }
}
