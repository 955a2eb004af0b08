//! The Action-column and action-log conventions, one sample PDF each in
//! `corpus/columns/` (HTML sources in `corpus/columns/src/`, printed by
//! `scripts/print_samples.sh`): `minutes actions --json` must give
//! exactly the gold actions (matched as `../shared/tools/score.py` matches them:
//! owners, key phrase, text not much longer than the gold segment, item),
//! and an insta snapshot keeps the whole record.

mod scan_support;

use scan_support::{actions_json, fold, folded_owners, repo, status_class, strings};
use serde_json::Value;
use std::path::Path;

/// Reads one sample, snapshots it, and returns (gold action, predicted
/// action) pairs; panics on a missed or extra action.
fn read_sample(stem: &str) -> Vec<(Value, Value)> {
    let pdf = Path::new("corpus/columns").join(format!("{stem}.pdf"));
    let gold: Value = serde_json::from_str(
        &std::fs::read_to_string(repo().join(pdf.with_extension("gold.json"))).unwrap(),
    )
    .unwrap();
    let v = actions_json(&pdf);
    insta::assert_snapshot!(stem, serde_json::to_string_pretty(&v).unwrap());
    let m = &v[0];
    let mut problems = Vec::new();
    if m["meeting_date"] != gold["meeting_date"] {
        problems.push(format!(
            "meeting date {} not {}",
            m["meeting_date"], gold["meeting_date"]
        ));
    }
    let preds: Vec<&Value> = m["actions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| !a["inferred"].as_bool().unwrap_or(false))
        .collect();
    let mut used = vec![false; preds.len()];
    let mut pairs = Vec::new();
    for ga in gold["actions"].as_array().unwrap() {
        let want = folded_owners(&strings(&ga["owners"]));
        let key = fold(ga["key"].as_str().unwrap());
        let limit = 400.max(2 * ga["segment"].as_str().unwrap_or("").chars().count());
        let hit = preds.iter().enumerate().position(|(i, p)| {
            let t = fold(p["text"].as_str().unwrap());
            !used[i]
                && folded_owners(&strings(&p["owners"])) == want
                && t.contains(&key)
                && t.chars().count() <= limit
        });
        let Some(i) = hit else {
            problems.push(format!("missed {} {want:?}: {key}", ga["item"]));
            continue;
        };
        used[i] = true;
        if preds[i]["item"] != ga["item"] {
            problems.push(format!(
                "{key}: item {} not {}",
                preds[i]["item"], ga["item"]
            ));
        }
        let got = strings(&preds[i]["owner_names"]);
        let toks = strings(&preds[i]["owners"]);
        for ((g, w), t) in got.iter().zip(&strings(&ga["owner_names"])).zip(&toks) {
            if g != w && g != t {
                problems.push(format!("{key}: owner {t} named {g} not {w}"));
            }
        }
        pairs.push((ga.clone(), preds[i].clone()));
    }
    for (i, p) in preds.iter().enumerate() {
        if !used[i] {
            problems.push(format!("extra {} {}", p["owners"], p["text"]));
        }
    }
    assert!(problems.is_empty(), "{stem}:\n{}", problems.join("\n"));
    pairs
}

#[test]
fn who_what_status_review_log_with_owner_on_a_groups_first_row() {
    let pairs = read_sample("ashby-2024-05-14-review-log");
    assert_eq!(pairs.len(), 9);
    // The follow-up row restating the body's label is linked to it both ways.
    let by_key = |k: &str| {
        &pairs
            .iter()
            .find(|(g, _)| g["key"].as_str().unwrap().starts_with(k))
            .unwrap()
            .1
    };
    let (body, row) = (by_key("Delia to circulate"), by_key("Circulate the draft"));
    assert_eq!(row["same_as"], body["id"], "{row}");
    assert_eq!(body["same_as"], row["id"], "{body}");
    for (g, p) in &pairs {
        if g["block"] != "log" {
            continue;
        }
        assert_eq!(p["source"], "log", "{p}");
        if let Some(st) = g["status"].as_str() {
            assert_eq!(p["status"].as_str(), Some(status_class(st)), "{p}");
            assert_eq!(p["status_text"].as_str(), Some(st), "{p}");
        }
    }
}

#[test]
fn actions_to_be_taken_log_with_item_refs_wrapped_owners_and_due_dates() {
    let pairs = read_sample("millbrook-2023-11-20-actions-taken");
    assert_eq!(pairs.len(), 4);
    for (g, p) in &pairs {
        assert_eq!(p["source"], "log", "{p}");
        assert_eq!(p["due"]["text"].as_str(), g["due"].as_str(), "{p}");
    }
}

#[test]
fn checklist_log_with_placeholder_deadlines_and_presenters() {
    let pairs = read_sample("hollins-2025-02-03-checklist");
    assert_eq!(pairs.len(), 4);
    for (g, p) in &pairs {
        // `Enter deadline here` is a template's placeholder, not a due date.
        assert_eq!(p["due"]["text"].as_str(), g["due"].as_str(), "{p}");
    }
}

/// Completed checklist rows and list bullets are struck through and carry
/// no status word: they are `done`, the others have no status. An
/// underlined task and a task with one word struck as a correction are
/// not completed.
#[test]
fn struck_through_rows_and_bullets_are_done() {
    let pairs = read_sample("larkfield-2025-03-11-struck");
    assert_eq!(pairs.len(), 9);
    let mut done = 0;
    for (g, p) in &pairs {
        assert_eq!(p["source"], "log", "{p}");
        match g["status"].as_str() {
            Some(st) => {
                assert_eq!(p["status"].as_str(), Some(status_class(st)), "{p}");
                assert_eq!(p["status_text"], "struck through", "{p}");
                done += 1;
            }
            None => assert!(p["status"].is_null(), "{p}"),
        }
    }
    assert_eq!(done, 4);
}

#[test]
fn initials_right_of_agenda_headings_are_presenters() {
    assert!(read_sample("kestrel-2024-09-09-presenters").is_empty());
}

#[test]
fn an_empty_action_column_gives_no_actions() {
    assert!(read_sample("wexham-2024-04-16-empty-column").is_empty());
}

/// Under a `Lead` header, a cell beside an item's title (title and text in
/// one table row) owns the row's text and is no presenter; roles and a
/// group (`All governors`, printed above its paragraph) are owners; a
/// status word beside initials (`Ongoing RA`) is the action's status; a
/// cell wrapped over three lines (`TC and` / `Patrick` / `Holroyd`) is one
/// cell of two owners; a due date wraps under its owner.
#[test]
fn lead_column_beside_titles_with_roles_statuses_and_wrapped_names() {
    let pairs = read_sample("hartwell-2024-11-21-lead-column");
    assert_eq!(pairs.len(), 7);
    for (g, p) in &pairs {
        assert_eq!(p["source"], "column", "{p}");
        // A due date wrapped under its owner (`Clerk` / `by 13` / `December`).
        assert_eq!(p["due"]["text"].as_str(), g["due"].as_str(), "{p}");
        // The whole paragraph of the row, not the item's title.
        assert!(
            fold(p["text"].as_str().unwrap()).contains(&fold(g["segment"].as_str().unwrap())),
            "{p}"
        );
        match g["status"].as_str() {
            Some(st) => assert_eq!(p["status"].as_str(), Some(status_class(st)), "{p}"),
            None => assert!(p["status"].is_null(), "{p}"),
        }
    }
}

/// The right-aligned header block (date, time, venue) above the attendee
/// list is no owner cell; the header row of a closing `Summary of actions`
/// table is not an `Action` label; its `AP1` rows are log actions with
/// their refs and due dates, linked to the body's actions.
#[test]
fn header_block_cells_and_summary_table_header_are_not_actions() {
    let pairs = read_sample("eastbrook-2025-03-04-summary-table");
    assert_eq!(pairs.len(), 6);
    for (g, p) in &pairs {
        if g["block"] == "log" {
            assert_eq!(p["source"], "log", "{p}");
            assert_eq!(p["due"]["text"].as_str(), g["due"].as_str(), "{p}");
        } else {
            assert_eq!(p["source"], "column", "{p}");
        }
    }
}

/// Parish council minutes numbered through the year: the minute
/// reference in its own column (`141/24`) is the item number, sub-items
/// `a)`/`b)` key as `145/24a`, and no date, fraction, planning reference
/// or cited minute in the text starts an item (each owner cell ties to the
/// text of its own minute, not to the title line).
#[test]
fn parish_minute_references_in_their_own_column_are_items() {
    let pairs = read_sample("ashcombe-2025-04-08-minute-refs");
    assert_eq!(pairs.len(), 5);
    for (g, p) in &pairs {
        assert_eq!(p["item"], g["item"], "{p}");
        assert_eq!(p["source"], "column", "{p}");
    }
}

/// An Action column with no header whose initials stand about 17 pt right
/// of justified text (a gutter narrower than the layout's cell gap, so each
/// cell is glued to the end of its text line): the initials lined up at
/// the right are the column, each owning the paragraph it starts; a
/// paragraph with an empty cell gives nothing.
#[test]
fn headerless_column_with_a_narrow_gutter() {
    let pairs = read_sample("fellside-2025-05-12-narrow-gutter");
    assert_eq!(pairs.len(), 3);
    for (g, p) in &pairs {
        assert_eq!(p["source"], "column", "{p}");
        // The initials are not glued to the text.
        assert_eq!(
            fold(p["text"].as_str().unwrap()),
            fold(g["segment"].as_str().unwrap()),
            "{p}"
        );
    }
}

/// An attendee list printed wider than the table's Minute column under it
/// does not make the column's lines look short: a paragraph whose first
/// line wraps well inside the column is one paragraph, owned whole.
#[test]
fn a_wider_line_nearby_does_not_cut_a_paragraph() {
    let pairs = read_sample("holmewood-2025-04-09-wide-attendees");
    assert_eq!(pairs.len(), 2);
    for (g, p) in &pairs {
        assert_eq!(
            fold(p["text"].as_str().unwrap()),
            fold(g["segment"].as_str().unwrap()),
            "{p}"
        );
        assert_eq!(p["due"]["text"].as_str(), g["due"].as_str(), "{p}");
    }
}

/// `Minute | Action | When` with the When cell wrapped (`by` on the
/// owner's line, the date on the next, beside the minute text): the owner
/// is the Action cell and the date its due date, not text.
#[test]
fn a_due_column_beside_the_owner_column_is_the_due_date() {
    let pairs = read_sample("thornfield-2025-06-17-due-column");
    assert_eq!(pairs.len(), 2);
    for (g, p) in &pairs {
        assert_eq!(p["source"], "column", "{p}");
        assert_eq!(p["due"]["text"].as_str(), g["due"].as_str(), "{p}");
    }
}

/// A log row with an empty owner cell (and no owner named in its task) is
/// an owner-less action: owners empty and a warning on the meeting, not a
/// guessed owner and not dropped.
#[test]
fn a_log_row_with_an_empty_owner_cell_is_an_owner_less_action() {
    let pairs = read_sample("oakridge-2025-06-03-unowned-log");
    assert_eq!(pairs.len(), 3);
    let unowned: Vec<&Value> = pairs
        .iter()
        .map(|(_, p)| p)
        .filter(|p| p["owners"].as_array().unwrap().is_empty())
        .collect();
    assert_eq!(unowned.len(), 1, "{pairs:?}");
    assert_eq!(unowned[0]["source"], "log");
    assert_eq!(unowned[0]["due"]["text"], "July");
    let v = actions_json(Path::new(
        "corpus/columns/oakridge-2025-06-03-unowned-log.pdf",
    ));
    let warnings = strings(&v[0]["warnings"]);
    assert_eq!(
        warnings.iter().filter(|w| w.contains("no owner")).count(),
        1,
        "{warnings:?}"
    );
}

/// The rows of a log printed before the first agenda heading are read by
/// the log: their `12/2324` reference cells are the actions' items, never
/// agenda headings of their own.
#[test]
fn log_rows_are_never_item_headings() {
    read_sample("millbrook-2023-11-20-actions-taken");
    let v = actions_json(Path::new(
        "corpus/columns/millbrook-2023-11-20-actions-taken.pdf",
    ));
    let items: Vec<(&str, &str)> = v[0]["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|it| (it["item"].as_str().unwrap(), it["title"].as_str().unwrap()))
        .collect();
    assert_eq!(items, [("12/2324", "Minutes of the last meeting")]);
}

/// Parish minutes as a `No. | Minute | Action` table: the numbers of the
/// rows (`2.2`, `3.1`) stand in a column of their own under `2.0`-style
/// headings; the attendees are listed as `Name – Role (XX)` under a
/// `Councillors Present` line, `and` before the last; the owner cell at
/// the top of a row owns the row's action even when it is stated last
/// (`... No objection. Clerk to respond ...` for RA, who is the Clerk),
/// and that clause is then no second, inferred action.
#[test]
fn numbered_rows_with_the_action_stated_last_in_the_row() {
    let pairs = read_sample("netherby-2022-03-14-numbered-rows");
    assert_eq!(pairs.len(), 5);
    let v = actions_json(Path::new(
        "corpus/columns/netherby-2022-03-14-numbered-rows.pdf",
    ));
    let m = &v[0];
    let present: Vec<&str> = m["present"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        present,
        ["Peter Lang", "Harriet Owen", "Simon Crake", "Yvonne Tull"]
    );
    assert_eq!(m["present"][0]["chair"], true);
    assert_eq!(m["apologies"][0], "Neil Porter");
    let planning: Vec<&Value> = m["actions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["item"] == "3.0")
        .collect();
    assert_eq!(planning.len(), 1, "{planning:?}");
    assert!(
        planning[0]["text"]
            .as_str()
            .unwrap()
            .ends_with("Clerk to respond to the planning authority by 21st March."),
        "{}",
        planning[0]
    );
}

/// A closing summary table in a ruled grid whose header cells are centred
/// (`Action` far right of where its column starts) and wrap (`Target` /
/// `date`), with cells closer than a column gap: a log, its rows restating
/// the body's labels linked to them, their due dates from `Target date`.
#[test]
fn a_centred_and_wrapped_log_header_reads_as_a_log() {
    let pairs = read_sample("brookvale-2023-03-14-centred-log-header");
    let logs: Vec<&Value> = pairs
        .iter()
        .map(|(_, p)| p)
        .filter(|p| p["source"] == "log")
        .collect();
    assert_eq!(logs.len(), 3, "{logs:?}");
    assert_eq!(logs[0]["due"]["text"], "AGM", "{}", logs[0]);
    assert_eq!(logs[1]["text"], "Obtain three quotes for new guttering");
    // The two rows that restate a body label are linked to it.
    let linked = logs.iter().filter(|p| !p["same_as"].is_null()).count();
    assert_eq!(linked, 2, "{logs:?}");
}

/// `Agenda item | Notes | Owner | Deadline` in a ruled table whose header
/// cells sit closer than a column gap: the header row (`Owner Deadline`
/// right of the column edge) is the column's header, not an action.
#[test]
fn an_owner_header_beside_a_deadline_header_is_no_action() {
    let pairs = read_sample("northgate-2025-03-11-owner-deadline");
    assert_eq!(pairs.len(), 3);
    for (g, p) in &pairs {
        assert_eq!(p["source"], "column", "{p}");
        assert_eq!(p["due"]["text"].as_str(), g["due"].as_str(), "{p}");
    }
}

/// An `All` cell at the top of a row owns the row's later sentence that
/// names `Everyone` (the same group), as a name cell owns the sentence
/// naming its person.
#[test]
fn an_all_cell_owns_the_sentence_naming_everyone() {
    let pairs = read_sample("kingsmere-2024-09-05-item-discussion-action");
    assert_eq!(pairs.len(), 5);
    let all = pairs
        .iter()
        .map(|(_, p)| p)
        .find(|p| p["owners"][0] == "All")
        .expect("the All action");
    assert!(
        all["text"].as_str().unwrap().contains("Everyone to sell"),
        "{all}"
    );
}
