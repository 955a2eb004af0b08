//! `actions.csv` never hands a spreadsheet a formula: the injection sample
//! (text with `=HYPERLINK(...)` and `<script>`) goes through a scan, its
//! text stays verbatim in `actions.jsonl`, and every CSV cell that starts
//! with `=`, `+`, `-`, `@`, a tab or a CR is prefixed with `'`.

mod scan_support;
use scan_support::*;

#[test]
fn csv_cells_are_neutralised_and_jsonl_keeps_the_text() {
    let tmp = tempfile::tempdir().unwrap();
    let archive = tmp.path().join("archive");
    std::fs::create_dir_all(&archive).unwrap();
    std::fs::copy(
        repo().join("tests/data/bad/injection.pdf"),
        archive.join("injection.pdf"),
    )
    .unwrap();
    let out = tmp.path().join("out");
    scan(&archive, &out, &["--no-cache"]);
    let actions = jsonl(&out.join("actions.jsonl"));
    assert!(
        !actions.is_empty(),
        "the injection sample gives its actions"
    );
    let texts: Vec<&str> = actions
        .iter()
        .map(|a| a["text"].as_str().unwrap())
        .collect();
    let titles: Vec<&str> = actions
        .iter()
        .map(|a| a["item_title"].as_str().unwrap())
        .collect();
    assert!(
        texts
            .iter()
            .chain(&titles)
            .any(|t| t.contains("=HYPERLINK(")),
        "formula text kept verbatim in jsonl: {texts:?}"
    );

    let mut r = csv::Reader::from_path(out.join("actions.csv")).unwrap();
    let headers = r.headers().unwrap().clone();
    let text_col = headers.iter().position(|h| h == "text").unwrap();
    let mut rows = 0;
    let mut formula_cells = 0;
    for rec in r.records() {
        let rec = rec.unwrap();
        rows += 1;
        for cell in rec.iter() {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "cell not neutralised: {cell:?}"
            );
            if cell.starts_with("'=") {
                formula_cells += 1;
            }
        }
        // The CSV text is the JSON text, with at most the leading quote.
        let t = &rec[text_col];
        assert!(texts.contains(&t.strip_prefix('\'').unwrap_or(t)), "{t:?}");
    }
    assert_eq!(rows, actions.len());
    // If any extracted text starts with a formula, its cell was neutralised.
    let leading = texts
        .iter()
        .chain(&titles)
        .filter(|t| t.starts_with('='))
        .count();
    assert!(
        formula_cells >= leading.min(1),
        "{formula_cells} neutralised, {leading} formula texts"
    );
}
