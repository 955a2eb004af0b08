//! The header samples of `corpus/headers/` (HTML sources in
//! `corpus/headers/src/`, printed by `scripts/print_samples.sh`):
//! `minutes actions --json` must give each sample's gold meeting date,
//! organisation and warnings, and the meeting record is kept as an insta
//! snapshot. The file names carry a date, which the
//! reading uses only when the document prints no year.

mod scan_support;

use scan_support::{actions_json, repo};
use serde_json::Value;
use std::path::Path;

fn meeting(file: &Path) -> Value {
    actions_json(file)[0].clone()
}

fn check(name: &str) {
    let dir = repo().join("corpus/headers");
    let gold: Value = serde_json::from_str(
        &std::fs::read_to_string(dir.join(format!("{name}.gold.json"))).expect("gold"),
    )
    .expect("gold JSON");
    // Relative to the repository, so the snapshot does not hold the
    // checkout's path.
    let m = meeting(Path::new(&format!("corpus/headers/{name}.pdf")));
    assert_eq!(
        m["meeting_date"], gold["meeting_date"],
        "{name}: meeting date"
    );
    assert_eq!(
        m["organisation"], gold["organisation"],
        "{name}: organisation"
    );
    let warnings = m
        .get("warnings")
        .cloned()
        .unwrap_or_else(|| Value::Array(Vec::new()));
    let dated: Vec<&Value> = warnings
        .as_array()
        .map(|w| {
            w.iter()
                .filter(|x| x.as_str().is_some_and(|s| s.contains("date")))
                .collect()
        })
        .unwrap_or_default();
    let want: Vec<&Value> = gold["warnings"]
        .as_array()
        .expect("warnings")
        .iter()
        .collect();
    assert_eq!(dated, want, "{name}: date warnings");
    // The whole meeting record, so any change in what the header gives
    // (attendees, title, items) is seen in review.
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_suffix(name);
    settings.bind(|| insta::assert_json_snapshot!("header_sample", m));
}

#[test]
fn date_without_a_year_takes_the_file_names_year() {
    check("2024-09-03_riverside-allotment-minutes");
}

#[test]
fn the_documents_own_date_wins_over_the_file_name() {
    check("2023-10-25_harbour-users-minutes");
}
