//! The HTML report rendered from synthetic scan outputs: everything taken
//! from a PDF is escaped, the JSON block cannot break out of its script
//! element and parses back to the data, and `minutes report OUT` rebuilds
//! the file atomically.

#[path = "browser/fixtures.rs"]
mod fixtures;

use fixtures::{XSS_CLOSE, XSS_IMG, XSS_SCRIPT};
use minutes::report;
use std::path::Path;
use std::process::Command;

/// The page split into (markup outside the JSON block, the JSON block).
fn split(page: &str) -> (String, String) {
    let open = r#"<script type="application/json" id="minutes-data">"#;
    let start = page.find(open).expect("data block") + open.len();
    let end = start + page[start..].find("</script>").expect("end of data block");
    let outside = format!("{}{}", &page[..start], &page[end..]);
    (outside, page[start..end].to_string())
}

fn hostile_page() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    fixtures::hostile().write(&out);
    let inputs = report::load_from(&out, dir.path()).unwrap();
    (dir, report::render(&inputs))
}

#[test]
fn no_payload_reaches_the_markup_raw() {
    let (_dir, page) = hostile_page();
    for payload in [XSS_SCRIPT, XSS_IMG, XSS_CLOSE, "<x>"] {
        assert!(!page.contains(payload), "raw {payload:?} in the report");
    }
    // Exactly our two script elements, and the page's own script is the
    // only executable one.
    assert_eq!(page.matches("<script").count(), 2);
    assert_eq!(page.matches("</script>").count(), 2);
    assert!(!page.to_ascii_lowercase().contains("onerror=\""));
    // The escaped forms are there: the text is shown literally.
    let (outside, _) = split(&page);
    assert!(outside.contains("&lt;script&gt;window.__xss = 1; alert(1)&lt;/script&gt;"));
    assert!(
        outside.contains("no %PDF- header &lt;img src=x onerror=&quot;window.__xss=2&quot;&gt;")
    );
    assert!(outside.contains("rules hash") || outside.contains("Rules hash"));
    assert!(outside.contains("abc&quot;def"));
}

#[test]
fn attributes_are_quoted_and_escaped() {
    let (_dir, page) = hostile_page();
    let (outside, _) = split(&page);
    // The failed file's link: quotes and angle brackets inside href="…" are
    // percent-encoded, in the text escaped.
    assert!(
        outside.contains(r#"href="../archive/it%27s%20%22odd%22%20%3Cx%3E.pdf""#),
        "{outside}"
    );
    assert!(outside.contains("it&#39;s &quot;odd&quot; &lt;x&gt;.pdf"));
    // Every attribute value in the static markup is double-quoted and holds
    // no raw quote or angle bracket.
    let mut rest = outside.as_str();
    while let Some(pos) = rest.find("=\"") {
        let after = &rest[pos + 2..];
        let end = after.find('"').expect("closing quote");
        let value = &after[..end];
        assert!(
            !value.contains('<') && !value.contains('>'),
            "attribute value {value:?}"
        );
        rest = &after[end + 1..];
    }
    // A path that looks like a URL scheme stays a relative link.
    assert!(!outside.contains("href=\"javascript"));
    assert!(outside.contains("javascript%3Aalert%281%29.pdf"));
}

#[test]
fn json_block_round_trips_and_cannot_close_its_element() {
    let (_dir, page) = hostile_page();
    let (_, block) = split(&page);
    for c in ['<', '>', '&', '\u{2028}', '\u{2029}'] {
        assert!(!block.contains(c), "{c:?} left raw in the JSON block");
    }
    let v: serde_json::Value = serde_json::from_str(&block).expect("valid JSON");
    let actions = v["actions"].as_array().unwrap();
    assert_eq!(actions.len(), 3);
    assert_eq!(
        actions[0]["x"],
        format!("{XSS_SCRIPT} DC to check \u{2028} the page {XSS_CLOSE}")
    );
    let title = actions[0]["it"].as_u64().unwrap() as usize;
    assert_eq!(v["titles"][title], format!("Data Quality {XSS_SCRIPT}"));
    let meeting = &v["mt"][actions[0]["mt"].as_u64().unwrap() as usize];
    assert_eq!(meeting["t"], "2013-10-08");
    assert_eq!(
        v["orgs"][meeting["o"].as_u64().unwrap() as usize],
        format!("Board {XSS_IMG}")
    );
    let owners = v["owners"].as_array().unwrap();
    assert!(owners
        .iter()
        .any(|o| o["n"] == format!("Chris {XSS_CLOSE}") && o["s"] == "p"));
    assert!(owners.iter().any(|o| o["s"] == "m"));
    // The carried-forward chain is one chain of two meetings.
    let chains = v["chains"].as_array().unwrap();
    assert_eq!(chains.len(), 1);
    assert_eq!(chains[0]["a"].as_array().unwrap().len(), 2);
    assert_eq!(chains[0]["first"], "2013-10-08");
    assert_eq!(chains[0]["last"], "2014-02-01");
    assert_eq!(chains[0]["open"], true);
}

#[test]
fn csp_allows_only_the_report_script_and_no_network() {
    let (_dir, page) = hostile_page();
    let csp_start = page.find("Content-Security-Policy").unwrap();
    let csp = &page[csp_start..csp_start + 300];
    assert!(csp.contains("default-src 'none'"));
    let nonce_at = csp.find("'nonce-").unwrap() + 7;
    let nonce = &csp[nonce_at..nonce_at + 32];
    assert!(nonce.chars().all(|c| c.is_ascii_hexdigit()));
    assert!(page.contains(&format!("<script nonce=\"{nonce}\">")));
    // Self-contained: no URL to fetch anything from.
    for bad in ["http://", "https://", "<link", "src=\"", "@import"] {
        let (outside, _) = split(&page);
        let hits: Vec<_> = outside
            .match_indices(bad)
            .map(|(i, _)| &outside[i.saturating_sub(40)..(i + 60).min(outside.len())])
            .collect();
        let allowed = |h: &&str| h.contains("http://www.w3.org/2000/svg");
        assert!(hits.iter().all(allowed), "{bad} in {hits:?}");
    }
}

#[test]
fn render_is_deterministic_and_summarises() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let outputs = fixtures::synthetic(6, 5, 7);
    outputs.write(&out);
    let inputs = report::load_from(&out, dir.path()).unwrap();
    let a = report::render(&inputs);
    let b = report::render(&report::load_from(&out, dir.path()).unwrap());
    assert_eq!(a, b);
    let n = outputs.actions().len();
    assert!(
        a.contains(&format!("<b>{n}</b> actions from <b>24</b> documents")),
        "summary"
    );
    // Provenance: version, rules hash, run date, documents, the failed file.
    for s in [
        "minutes 0.1.0",
        "0123456789abcdef",
        "2024-01-02T03:04:05Z",
        "archive/bad/broken &lt;b&gt;.pdf",
        "no xref table &amp; no trailer",
    ] {
        assert!(a.contains(s), "{s} missing from provenance");
    }
    // Charts: one heat-map row per theme and per owner key.
    let (outside, block) = split(&a);
    let v: serde_json::Value = serde_json::from_str(&block).unwrap();
    assert_eq!(
        outside.matches(r#"data-filter="owner""#).count(),
        v["owners"].as_array().unwrap().len()
    );
    assert_eq!(outside.matches(r#"data-filter="theme""#).count(), 3);
    // Owners resolved from other meetings are flagged.
    assert!(block.contains(r#""h":true"#));
    // Links are relative from OUT to each document, with the page added in
    // the page script.
    let docs = v["docs"].as_array().unwrap();
    assert!(docs
        .iter()
        .all(|d| d["h"].as_str().unwrap().starts_with("../archive/")));
}

/// The themes chart shows the history stage's counts as `history.json`
/// gives them (a name discovered in two organisations summed), not counts
/// worked out again from the actions.
#[test]
fn themes_chart_takes_the_history_counts() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    fixtures::synthetic(2, 1, 3).write(&out);
    std::fs::write(
        out.join("history.json"),
        serde_json::json!({"themes": [
            {"theme": "funding", "source": "taxonomy", "per_year": {"2013": 2, "2014": 1}},
            {"theme": "Venue", "source": "discovered", "organisation": "a", "per_year": {"2013": 1}},
            {"theme": "Venue", "source": "discovered", "organisation": "b", "per_year": {"2013": 4}},
            {"theme": "never", "source": "taxonomy", "per_year": {}}
        ]})
        .to_string(),
    )
    .unwrap();
    let inputs = report::load_from(&out, dir.path()).unwrap();
    let per = &inputs.history.theme_years;
    assert_eq!(per["funding"], [(2013, 2), (2014, 1)].into());
    assert_eq!(per["Venue"], [(2013, 5)].into());
    assert!(!per.contains_key("never"), "no dated meeting: no row");
}

#[test]
fn cli_rebuilds_the_report_atomically() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    fixtures::synthetic(3, 4, 1).write(&out);
    std::fs::write(out.join("report.html"), "old").unwrap();
    let status = Command::new(env!("CARGO_BIN_EXE_minutes"))
        .current_dir(dir.path())
        .args(["report", "out"])
        .output()
        .unwrap();
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&status.stdout).trim(),
        Path::new("out").join("report.html").display().to_string()
    );
    let page = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(page.starts_with("<!DOCTYPE html>") && page.trim_end().ends_with("</html>"));
    // No temporary file left behind.
    let names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(
        sorted,
        [
            "actions.jsonl",
            "errors.jsonl",
            "history.json",
            "meetings.jsonl",
            "report.html",
            "run.json"
        ]
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(out.join("report.html"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o044, 0o044, "readable by others: {mode:o}");
    }
}

#[test]
fn cli_names_the_file_on_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    fixtures::synthetic(2, 2, 1).write(&out);
    std::fs::write(out.join("actions.jsonl"), "{\"id\": 1}\n").unwrap();
    let res = Command::new(env!("CARGO_BIN_EXE_minutes"))
        .args(["report"])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(res.status.code(), Some(2));
    let err = String::from_utf8_lossy(&res.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("actions.jsonl:1:"), "{err}");
    let missing = Command::new(env!("CARGO_BIN_EXE_minutes"))
        .args(["report"])
        .arg(dir.path().join("nope"))
        .output()
        .unwrap();
    // As `minutes history`: status 2 and a hint.
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("nope"));
}

/// Themes `history.json` says were discovered are marked in the themes
/// chart beside the taxonomy's; the decisions of `decisions.jsonl` are
/// listed with their page link, escaped.
#[test]
fn discovered_themes_are_marked_and_decisions_listed() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let outputs = fixtures::synthetic(6, 4, 3);
    outputs.write(&out);
    let discovered = fixtures::THEMES[1];
    std::fs::write(
        out.join("history.json"),
        serde_json::json!({"themes": [
            {"theme": discovered, "source": "discovered", "organisation": "x", "per_year": {"2013": 1}},
            {"theme": fixtures::THEMES[0], "source": "taxonomy", "per_year": {"2013": 1}}
        ]})
        .to_string(),
    )
    .unwrap();
    let m = &outputs.meetings[0];
    let d = serde_json::json!({"id": "d1", "document": m.document, "organisation": m.organisation,
        "meeting_date": m.meeting_date, "item": "4", "item_title": "Budget", "kind": "resolved",
        "label": "RESOLVED", "text": "That <b>x</b> be noted", "page": 3});
    std::fs::write(out.join("decisions.jsonl"), format!("{d}\n")).unwrap();
    let path = report::write_report(&out).unwrap();
    let page = std::fs::read_to_string(path).unwrap();
    let (markup, _) = split(&page);
    assert!(
        markup.contains(&format!("{discovered} · discovered")),
        "discovered theme marked"
    );
    assert!(!markup.contains(&format!("{} · discovered", fixtures::THEMES[0])));
    assert!(markup.contains("That &lt;b&gt;x&lt;/b&gt; be noted"));
    assert!(markup.contains("#page=3\""));
    assert!(markup.contains("1 decision</p>"));
}
