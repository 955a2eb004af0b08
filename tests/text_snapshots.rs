//! `minutes text` on the seed meetings in `corpus/seed/`: snapshots of the
//! `--json` shape, the Action column checked against the gold files, and
//! the command's exit statuses.

use minutes::cli::text::DocJson;
use minutes::layout::Page;
use minutes::limits::Limits;
use minutes::pipeline::{read_file, read_pages};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

const SEEDS: [&str; 3] = [
    "shp-2016-05-11-docx",
    "shp-2019-05-01-html",
    "shp-2019-05-01-lines",
];

fn seed(name: &str, ext: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("corpus/seed")
        .join(format!("{name}.{ext}"))
}

fn pages(name: &str) -> Vec<Page> {
    let limits = Limits::default();
    match read_file(&seed(name, "pdf"), &limits).and_then(|b| read_pages(&b, &limits)) {
        Ok(doc) => doc.pages,
        Err(e) => panic!("{name}: {e}"),
    }
}

fn gold(name: &str) -> Value {
    let text = std::fs::read_to_string(seed(name, "gold.json")).expect("gold file");
    serde_json::from_str(&text).expect("gold JSON")
}

/// The `--json` document at 0.1pt, one JSON line per page header and per
/// text line, so a snapshot diff points at the line that moved.
fn snapshot_text(name: &str) -> String {
    let doc = DocJson::new(&format!("{name}.pdf"), &pages(name), 1);
    let mut out = String::new();
    for page in doc.pages {
        let header = serde_json::json!({
            "page": page.number,
            "width": page.width,
            "height": page.height,
            "scanned": page.scanned,
            "unmapped": page.unmapped,
            "columns": page.columns,
        });
        out.push_str(&header.to_string());
        out.push('\n');
        for line in page.lines {
            out.push_str(&serde_json::to_string(&line).expect("line JSON"));
            out.push('\n');
        }
    }
    out
}

#[test]
fn text_json_snapshots() {
    for name in SEEDS {
        insta::assert_snapshot!(name, snapshot_text(name));
    }
}

fn fold(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Every gold owner token is a line of its own in the right-hand column
/// (x0 > 0.7 × page width), as often as gold actions carry it; every gold
/// key phrase is in the minute text (lines left of that column).
#[test]
fn owner_tokens_stand_alone_in_the_right_column_and_keys_are_found() {
    for name in SEEDS {
        let pages = pages(name);
        let gold = gold(name);
        let actions = gold["actions"].as_array().expect("actions");
        assert!(!actions.is_empty());
        let mut right: Vec<String> = Vec::new();
        let mut main: Vec<String> = Vec::new();
        for p in &pages {
            for l in &p.lines {
                if l.bbox.x0 > 0.7 * p.width {
                    right.push(l.text());
                    let last = p.columns.len() - 1;
                    assert_eq!(
                        l.column,
                        last,
                        "{name}: {:?} not in the last column",
                        l.text()
                    );
                } else {
                    main.push(l.text());
                }
            }
        }
        let text = fold(&main.join(" "));
        for a in actions {
            let owners: Vec<&str> = a["owners"]
                .as_array()
                .expect("owners")
                .iter()
                .filter_map(Value::as_str)
                .collect();
            let token = owners.join("/");
            let want = actions
                .iter()
                .filter(|b| b["owners"] == a["owners"])
                .count();
            let got = right.iter().filter(|t| **t == token).count();
            assert!(
                got >= want,
                "{name}: owner {token}: {got} lines, want {want}: {right:?}"
            );
            let key = a["key"].as_str().expect("key");
            assert!(text.contains(&fold(key)), "{name}: key {key:?} not found");
        }
    }
}

fn minutes(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_minutes"))
        .args(args)
        .output()
        .expect("run minutes");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn layout_mode_puts_the_owner_on_the_row_of_its_text() {
    let pdf = seed("shp-2016-05-11-docx", "pdf");
    let (code, out, _) = minutes(&["text", "--layout", pdf.to_str().expect("path")]);
    assert_eq!(code, 0);
    let row = out
        .lines()
        .find(|l| l.contains("MA and LMcV to speak outside"))
        .expect("row");
    assert!(row.trim_end().ends_with("MA/LMcV"), "{row}");
    let (code, plain, _) = minutes(&["text", pdf.to_str().expect("path")]);
    assert_eq!(code, 0);
    assert!(plain.lines().any(|l| l == "MA/LMcV"));
}

#[test]
fn json_mode_prints_one_object_per_file() {
    let a = seed("shp-2016-05-11-docx", "pdf");
    let b = seed("shp-2019-05-01-lines", "pdf");
    let (code, out, _) = minutes(&[
        "text",
        "--json",
        a.to_str().expect("a"),
        b.to_str().expect("b"),
    ]);
    assert_eq!(code, 0);
    let docs: Vec<Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect();
    assert_eq!(docs.len(), 2);
    let word = &docs[0]["pages"][0]["lines"][0]["words"][0];
    assert!(word["text"].is_string() && word["bbox"].is_array() && word["size"].is_number());
    assert!(word["bold"].is_boolean());
}

#[test]
fn errors_print_one_line_naming_the_file_and_set_the_status() {
    let dir = tempfile::tempdir().expect("tempdir");
    let junk = dir.path().join("junk.pdf");
    std::fs::write(&junk, b"hello, not a pdf at all").expect("write");
    let junk = junk.to_str().expect("path");
    let (code, out, err) = minutes(&["text", junk]);
    assert_eq!(code, 3, "{err}");
    assert!(out.is_empty());
    assert_eq!(err.lines().count(), 1);
    assert!(err.starts_with(&format!("minutes: {junk}: ")), "{err}");

    let missing = dir.path().join("missing.pdf");
    let (code, _, err) = minutes(&["text", missing.to_str().expect("path")]);
    assert_eq!(code, 1, "{err}");

    // A limit from --limits: the seed is larger than 1000 bytes.
    let limits = dir.path().join("limits.toml");
    std::fs::write(&limits, "max_file_bytes = 1000\n").expect("write");
    let pdf = seed("shp-2019-05-01-lines", "pdf");
    let args = [
        "text",
        "--limits",
        limits.to_str().expect("l"),
        pdf.to_str().expect("p"),
    ];
    let (code, _, err) = minutes(&args);
    assert_eq!(code, 7, "{err}");
    assert!(err.contains("max_file_bytes"), "{err}");

    // A bad limits file is a usage error.
    std::fs::write(&limits, "max_filebytes = 1000\n").expect("write");
    let (code, _, err) = minutes(&args);
    assert_eq!(code, 2, "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");

    // Several files: the good one is printed, the failures' status wins.
    let (code, out, err) = minutes(&["text", pdf.to_str().expect("p"), junk]);
    assert_eq!(code, 3, "{err}");
    assert!(out.contains("==> "));
    assert!(out.contains("Action Points"));
}
