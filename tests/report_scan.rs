//! The report as `minutes scan` writes it over real PDFs from `corpus/`:
//! failed files are listed in its provenance, and the injection sample's
//! script text reaches the page only escaped while its CSV cells are
//! neutralised.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `minutes scan ARCHIVE -o OUT` from the repository root.
fn scan(archive: &Path, out: &Path) {
    let o = Command::new(env!("CARGO_BIN_EXE_minutes"))
        .current_dir(repo())
        .args(["scan", "--quiet", "-j", "2", "-o"])
        .arg(out)
        .arg(archive)
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "scan failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
}

fn jsonl(path: &Path) -> Vec<Value> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// The page split into (markup outside the JSON block, the JSON block).
fn split(page: &str) -> (String, String) {
    let open = r#"<script type="application/json" id="minutes-data">"#;
    let start = page.find(open).expect("data block") + open.len();
    let end = start + page[start..].find("</script>").expect("end of data block");
    (
        format!("{}{}", &page[..start], &page[end..]),
        page[start..end].to_string(),
    )
}

#[test]
fn scan_writes_a_report_listing_every_failed_file() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    scan(&repo().join("tests/data/bad"), &out);
    let page = std::fs::read_to_string(out.join("report.html")).expect("scan wrote report.html");
    let errors = jsonl(&out.join("errors.jsonl"));
    assert!(
        !errors.is_empty(),
        "tests/data/bad has files that cannot be read"
    );
    let (outside, _) = split(&page);
    for e in &errors {
        let doc = e["document"].as_str().unwrap();
        let name = Path::new(doc)
            .file_name()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        // Listed with its kind and message, linked relative to OUT.
        let at = outside
            .find(&format!(">{doc}</a></td>"))
            .unwrap_or_else(|| panic!("{doc} missing from the failed files"));
        let row_start = outside[..at].rfind("<tr>").unwrap();
        let row = &outside[row_start..row_start + outside[row_start..].find("</tr>").unwrap()];
        let msg = minutes::report::escape::html(e["error"].as_str().unwrap()).into_owned();
        assert!(row.contains(&msg), "{name}: message {msg:?} not in {row}");
        assert!(row.contains(&format!("<code>{}</code>", e["kind"].as_str().unwrap())));
        let href_at = row.find("href=\"").unwrap() + 6;
        let href = &row[href_at..href_at + row[href_at..].find('"').unwrap()];
        assert!(
            href.starts_with("../") && href.ends_with(&minutes::report::escape::url_segment(&name)),
            "{href}"
        );
        let target = out.canonicalize().unwrap().join(href.replace("%20", " "));
        assert!(target.is_file(), "{href} from OUT does not reach {doc}");
    }
    let run: Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("run.json")).unwrap()).unwrap();
    assert!(page.contains(&format!("<dd>{}</dd>", run["rules_hash"].as_str().unwrap())));
    assert!(page.contains(&format!("<b class=\"bad\">{}</b>", errors.len())));
    // `minutes report` rebuilds the same page from the outputs alone.
    let before = page.clone();
    std::fs::remove_file(out.join("report.html")).unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_minutes"))
        .current_dir(repo())
        .arg("report")
        .arg(&out)
        .output()
        .unwrap();
    assert!(o.status.success());
    assert_eq!(
        std::fs::read_to_string(out.join("report.html")).unwrap(),
        before
    );
}

#[test]
fn injection_sample_is_escaped_in_html_and_neutralised_in_csv() {
    let tmp = tempfile::tempdir().unwrap();
    let archive = tmp.path().join("archive");
    std::fs::create_dir_all(&archive).unwrap();
    std::fs::copy(
        repo().join("tests/data/bad/injection.pdf"),
        archive.join("injection.pdf"),
    )
    .unwrap();
    let out = tmp.path().join("out");
    scan(&archive, &out);
    let actions = jsonl(&out.join("actions.jsonl"));
    let hostile: Vec<&Value> = actions
        .iter()
        .filter(|a| {
            let t = format!("{} {}", a["text"], a["item_title"]);
            t.contains("<script>alert(1)</script>") || t.contains("=HYPERLINK")
        })
        .collect();
    assert!(
        hostile.len() >= 2,
        "the injection sample's actions were extracted: {actions:?}"
    );

    let page = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(
        !page.contains("<script>alert(1)"),
        "raw script text in the report"
    );
    assert_eq!(
        page.matches("<script").count(),
        2,
        "only the data block and the report's script"
    );
    let (outside, block) = split(&page);
    assert!(!block.contains('<'));
    let data: Value = serde_json::from_str(&block).unwrap();
    let texts: Vec<&str> = data["actions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["x"].as_str().unwrap())
        .collect();
    for a in &hostile {
        assert!(
            texts.contains(&a["text"].as_str().unwrap()),
            "action text kept verbatim in the data"
        );
    }
    assert!(
        outside.contains("&lt;script&gt;alert(1)&lt;/script&gt;") || !outside.contains("alert(1)")
    );

    let csv = std::fs::read_to_string(out.join("actions.csv")).unwrap();
    let mut r = csv::ReaderBuilder::new().from_reader(csv.as_bytes());
    let mut cells = 0;
    for rec in r.records() {
        for cell in rec.unwrap().iter() {
            cells += 1;
            assert!(
                !cell.starts_with(['=', '+', '-', '@']),
                "formula cell {cell:?} in actions.csv"
            );
        }
    }
    assert!(cells > 0);
    assert!(
        csv.contains("'=HYPERLINK"),
        "the formula is kept, neutralised"
    );
}
