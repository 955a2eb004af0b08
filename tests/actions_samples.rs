//! `minutes actions --json` on every sample in `corpus/` that has gold
//! labels (seed meetings, archive meetings, and the variant layouts):
//! an insta snapshot of the whole record, and a check that the actions are
//! exactly the gold ones, matched the way `../shared/tools/score.py` matches them
//! (owners, key phrase in the text, text not much longer than the gold
//! segment), with the gold item and owner names.

mod scan_support;

use scan_support::{actions_json, corpus_pdfs, fold, folded_owners, repo, status_class, strings};
use serde_json::Value;
use std::path::{Path, PathBuf};

/// Every PDF with a `.gold.json` beside it, relative to the repo root.
fn samples() -> Vec<PathBuf> {
    corpus_pdfs(&[
        "corpus/seed",
        "corpus/variants",
        "corpus/archive",
        "corpus/scanned",
        "corpus/labels",
    ])
    .into_iter()
    .filter(|p| repo().join(p).with_extension("gold.json").exists())
    .collect()
}

/// A log entry that restates a body action is linked to it.
#[test]
fn closing_list_links_the_body_action_it_restates() {
    let v = actions_json(Path::new("corpus/labels/rowing-2025-03-20-lists.pdf"));
    let acts = v[0]["actions"].as_array().unwrap();
    let body = acts
        .iter()
        .find(|a| a["source"] == "label" && a["owners"][0] == "JA")
        .expect("body action of JA");
    let log = acts
        .iter()
        .find(|a| {
            a["source"] == "log"
                && a["owners"][0] == "JA"
                && a["owners"].as_array().unwrap().len() == 1
        })
        .expect("log entry of JA");
    assert_eq!(log["same_as"], body["id"]);
    // Entries that name nobody are no actions.
    assert!(acts
        .iter()
        .all(|a| !a["text"].as_str().unwrap().contains("trailer")
            && !a["text"].as_str().unwrap().contains("broker")));
}

/// A numbered label takes its due date from the `Due:` line below it.
#[test]
fn numbered_label_reads_its_due_line() {
    let v = actions_json(Path::new("corpus/labels/football-2025-04-02-labels.pdf"));
    let acts = v[0]["actions"].as_array().unwrap();
    let a = acts
        .iter()
        .find(|a| a["owners"][0] == "TF")
        .expect("numbered label of TF");
    assert_eq!(a["due"]["date"], "2025-04-30");
    assert!(!a["text"].as_str().unwrap().contains("Due"));
    // `Action: contact the league ...` names no owner.
    assert!(acts
        .iter()
        .all(|a| !a["text"].as_str().unwrap().contains("league")));
}

/// Numbered action points (`AP1:`, `AP 2 –`, `Action point:`, `Action
/// Point 4:`) are labels whose owners start the task.
#[test]
fn numbered_action_points_are_labels() {
    let v = actions_json(Path::new(
        "corpus/labels/harrowdale-2025-04-02-action-points.pdf",
    ));
    let acts = v[0]["actions"].as_array().unwrap();
    let owners: Vec<&str> = acts
        .iter()
        .filter(|a| a["source"] == "label")
        .map(|a| a["owners"][0].as_str().unwrap())
        .collect();
    assert_eq!(owners, ["Cllr Smith", "NO", "Treasurer", "IP"], "{v}");
    let no = acts.iter().find(|a| a["owners"][0] == "NO").unwrap();
    assert_eq!(no["due"]["date"], "2025-04-30");
}

/// `→ JS to write ...` is an action entry outside any list, and `Actions:`
/// on a short line of its own opens a list (bullets drawn, not printed).
#[test]
fn arrow_entries_and_a_short_actions_heading() {
    let v = actions_json(Path::new("corpus/labels/elmfield-2025-02-22-arrows.pdf"));
    let acts = v[0]["actions"].as_array().unwrap();
    let read: Vec<(&str, &str)> = acts
        .iter()
        .map(|a| {
            (
                a["owners"][0].as_str().unwrap(),
                a["source"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        read,
        [
            ("JS", "label"),
            ("RK", "label"),
            ("All", "label"),
            ("AY", "label"),
            ("CM", "label")
        ],
        "{v}"
    );
    assert!(acts
        .iter()
        .all(|a| !a["text"].as_str().unwrap().contains('→')));
}

/// `Action 1: <task>` / `Action: <task>` with `Owner:` and `Due:` lines
/// below, in either order: the owner line gives the owners, the due line
/// the due date, the task the text; no owner line, no action.
#[test]
fn labels_with_owner_and_due_lines() {
    let v = actions_json(Path::new(
        "corpus/labels/larchwood-2024-01-18-owner-lines.pdf",
    ));
    let acts = v[0]["actions"].as_array().unwrap();
    let read: Vec<(Vec<String>, &str, &str)> = acts
        .iter()
        .map(|a| {
            (
                strings(&a["owner_names"]),
                a["text"].as_str().unwrap(),
                a["due"]["text"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(read.len(), 4, "{read:?}");
    assert_eq!(read[0].0, ["Claire Dunn"]);
    assert_eq!(
        read[0].1,
        "Confirm the hall booking with the school office."
    );
    assert_eq!(read[0].2, "1 February");
    assert_eq!(read[1].0, ["Beth Carter"]);
    assert_eq!(read[1].2, "1 March");
    assert_eq!(read[2].0, ["Mo Ahmed", "Ian Shaw"]);
    assert_eq!(read[3].0, ["Lucy Park"]);
    assert_eq!(read[3].1, "Organise the uniform sale.");
    assert!(acts
        .iter()
        .all(|a| !a["text"].as_str().unwrap().contains("caretaker")));
}

/// Year-first minute references (`24/053 Play area`) are items, kept as
/// printed; `ACTION: The Clerk will ...` names the meeting's Clerk.
#[test]
fn year_first_minute_references_and_the_clerk() {
    let v = actions_json(Path::new(
        "corpus/labels/ashton-2024-07-08-year-first-refs.pdf",
    ));
    let acts = v[0]["actions"].as_array().unwrap();
    let read: Vec<(&str, Vec<String>)> = acts
        .iter()
        .filter(|a| a["source"] == "label")
        .map(|a| (a["item"].as_str().unwrap(), strings(&a["owner_names"])))
        .collect();
    assert_eq!(
        read,
        [
            ("24/053", vec!["L Grant".to_string()]),
            ("24/054", vec!["J Ortiz".to_string(), "L Grant".to_string()]),
            (
                "24/055",
                vec!["M Fenwick".to_string(), "S Patel".to_string()]
            ),
        ],
        "{v}"
    );
}

/// `Action Plan`, `Day of Action` and narrative `X will ...` give no label.
#[test]
fn names_with_action_are_not_labels() {
    let v = actions_json(Path::new("corpus/labels/chess-2025-02-12-labels.pdf"));
    for a in v[0]["actions"].as_array().unwrap() {
        let t = a["text"].as_str().unwrap();
        assert!(
            !t.contains("Action Plan") && !t.contains("Day of Action"),
            "{t}"
        );
        if t.contains("club website") {
            assert_eq!(a["source"], "inferred", "{t}");
        }
    }
}

#[test]
fn actions_json_snapshots() {
    let files = samples();
    assert!(files.len() >= 11, "samples missing: {files:?}");
    for f in files {
        let v = actions_json(&f);
        let name = f.file_stem().unwrap().to_string_lossy().into_owned();
        insta::assert_snapshot!(name, serde_json::to_string_pretty(&v).unwrap());
    }
}

#[test]
fn every_sample_gives_its_gold_actions() {
    let mut problems = Vec::new();
    for f in samples() {
        let gold: Value = serde_json::from_str(
            &std::fs::read_to_string(repo().join(f.with_extension("gold.json"))).unwrap(),
        )
        .unwrap();
        let v = actions_json(&f);
        let m = &v[0];
        if let Some(d) = gold["meeting_date"].as_str() {
            if m["meeting_date"].as_str() != Some(d) {
                problems.push(format!(
                    "{}: meeting date {} not {d}",
                    f.display(),
                    m["meeting_date"]
                ));
            }
        }
        let preds: Vec<&Value> = m["actions"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|a| !a["inferred"].as_bool().unwrap_or(false))
            .collect();
        let mut used = vec![false; preds.len()];
        for ga in gold["actions"].as_array().unwrap() {
            let want = folded_owners(&strings(&ga["owners"]));
            let key = fold(ga["key"].as_str().unwrap());
            let limit = 400.max(2 * ga["segment"].as_str().unwrap_or("").chars().count());
            let hit = preds.iter().enumerate().position(|(i, p)| {
                !used[i]
                    && folded_owners(&strings(&p["owners"])) == want
                    && fold(p["text"].as_str().unwrap()).contains(&key)
                    && fold(p["text"].as_str().unwrap()).chars().count() <= limit
            });
            let Some(i) = hit else {
                problems.push(format!(
                    "{}: missed {} {:?}: {key}",
                    f.display(),
                    ga["item"],
                    want
                ));
                continue;
            };
            used[i] = true;
            let p = preds[i];
            // A gold status must come out with its class (score.py's
            // status_class); none where gold has none.
            let want_status = ga["status"].as_str().map(status_class);
            let got_status = p["status"].as_str().map(status_class);
            if want_status != got_status {
                problems.push(format!(
                    "{}: {key}: status {:?} not {:?}",
                    f.display(),
                    p["status"],
                    ga["status"]
                ));
            }
            // A closing list restating the body is a log.
            if ga["block"].as_str() == Some("log") && p["source"].as_str() != Some("log") {
                problems.push(format!(
                    "{}: {key}: source {} not log",
                    f.display(),
                    p["source"]
                ));
            }
            if p["item"] != ga["item"] {
                problems.push(format!(
                    "{}: {key}: item {} not {}",
                    f.display(),
                    p["item"],
                    ga["item"]
                ));
            }
            // Names must match, except a token of someone not on this
            // meeting's roster, which stays unresolved (`null`, read as "").
            let got = strings(&p["owner_names"]);
            let gold_names = strings(&ga["owner_names"]);
            let toks = strings(&p["owners"]);
            for ((g, w), t) in got.iter().zip(&gold_names).zip(&toks) {
                if g != w && !g.is_empty() {
                    problems.push(format!(
                        "{}: {key}: owner {t} named {g} not {w}",
                        f.display()
                    ));
                }
            }
        }
        for (i, p) in preds.iter().enumerate() {
            if !used[i] {
                problems.push(format!(
                    "{}: extra {} {}",
                    f.display(),
                    p["owners"],
                    p["text"]
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Sub-items marked by a bare letter in a gutter of its own (`a    Footpath
/// ...`) are sub-items, and a page printed with a wider left margin
/// (mirrored margins) keeps its numbered headings: every label's action
/// is keyed to its own sub-item. `Action – Site visit date to be agreed
/// and Alison will write ...`: the passive first clause names no actor,
/// the clause joined by `and` does. `Action - AD Request ...`: an
/// attendee's initials straight before a capitalised verb own the
/// sentence; `Action - AGM Date ...` (nobody's initials) gives nothing.
#[test]
fn bare_letter_sub_items_on_pages_with_mirrored_margins() {
    let v = actions_json(Path::new(
        "corpus/labels/brackenfield-2025-09-23-mirrored-pages.pdf",
    ));
    let items: Vec<(&str, &str)> = v[0]["actions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["item"].as_str().unwrap(),
                a["owners"][0].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        items,
        [
            ("3a", "Bruce"),
            ("3b", "Carol"),
            ("4a", "Duncan"),
            ("4b", "Alison"),
            ("5a", "Elaine"),
            ("5b", "AD")
        ],
        "{v}"
    );
}

/// Minutes numbered through the year: the first item is `58.` (its
/// `59.`, `60.` follow), the attendance list is that item's text, wrapped
/// over two lines, and `Action: Cllr X to ...` labels inside its numbered
/// paragraphs name attendees by surname.
#[test]
fn minutes_numbered_through_the_year_with_inline_labels() {
    let v = actions_json(Path::new(
        "corpus/labels/coldwell-2021-05-12-numbered-year.pdf",
    ));
    let m = &v[0];
    assert_eq!(m["meeting_date"], "2021-05-12");
    let items: Vec<(&str, &str)> = m["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|it| (it["item"].as_str().unwrap(), it["title"].as_str().unwrap()))
        .collect();
    assert_eq!(items[0], ("58", "Attended by"), "{items:?}");
    assert_eq!(items[4], ("62", "Grit bins"), "{items:?}");
    assert_eq!(items.len(), 7, "{items:?}");
    assert_eq!(
        m["present"].as_array().unwrap().len(),
        5,
        "{}",
        m["present"]
    );
    let owners: Vec<(&str, &str)> = m["actions"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|a| Some((a["owners"][0].as_str()?, a["owner_names"][0].as_str()?)))
        .collect();
    assert_eq!(
        owners,
        [("Cllr Webb", "Colin Webb"), ("Cllr Hurst", "Joan Hurst")]
    );
}
