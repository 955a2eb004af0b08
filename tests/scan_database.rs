//! `OUT/minutes.sqlite`: every scan writes it with the other outputs; its
//! rows are the JSONL's records (read back field by field), its keys hold,
//! its full-text index and views answer, and its bytes do not depend on
//! `-j`.

mod scan_support;
use rusqlite::Connection;
use scan_support::*;
use std::path::Path;

fn open(out: &Path) -> Connection {
    Connection::open_with_flags(
        out.join("minutes.sqlite"),
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
    )
    .unwrap()
}

fn count(c: &Connection, sql: &str) -> i64 {
    c.query_row(sql, [], |r| r.get(0)).unwrap()
}

#[test]
fn the_database_holds_the_scan_and_reads_back_as_the_jsonl() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    scan(&repo().join("corpus"), &out, &["-j", "2", "--no-cache"]);
    let c = open(&out);
    let ok: String = c
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(ok, "ok");
    // Every foreign key points at a row.
    let mut fk = c.prepare("PRAGMA foreign_key_check").unwrap();
    let broken: Vec<String> = fk
        .query_map([], |r| r.get::<_, String>(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert!(broken.is_empty(), "foreign keys broken in {broken:?}");

    let actions = jsonl(&out.join("actions.jsonl"));
    let meetings = jsonl(&out.join("meetings.jsonl"));
    let decisions = jsonl(&out.join("decisions.jsonl"));
    let errors = jsonl(&out.join("errors.jsonl"));
    assert!(actions.len() > 100 && !decisions.is_empty());
    assert_eq!(
        count(&c, "SELECT COUNT(*) FROM actions"),
        actions.len() as i64
    );
    assert_eq!(
        count(&c, "SELECT COUNT(*) FROM meetings"),
        meetings.len() as i64
    );
    assert_eq!(
        count(&c, "SELECT COUNT(*) FROM decisions"),
        decisions.len() as i64
    );
    assert_eq!(
        count(&c, "SELECT COUNT(*) FROM errors"),
        errors.len() as i64
    );
    let items: usize = meetings
        .iter()
        .map(|m| m["items"].as_array().unwrap().len())
        .sum();
    assert_eq!(count(&c, "SELECT COUNT(*) FROM items"), items as i64);
    let owners: usize = actions
        .iter()
        .map(|a| a["owners"].as_array().unwrap().len())
        .sum();
    assert_eq!(
        count(&c, "SELECT COUNT(*) FROM action_owners"),
        owners as i64
    );
    // Every action sits under one of its meeting's items.
    assert_eq!(
        count(&c, "SELECT COUNT(*) FROM actions a JOIN items i USING (item_id) WHERE i.meeting_id = a.meeting_id AND i.item = a.item"),
        count(&c, "SELECT COUNT(*) FROM actions WHERE item_id IS NOT NULL"),
    );

    // The rows read back as the records of actions.jsonl and decisions.jsonl.
    let set = minutes::output::set::resolve(&out);
    let back = minutes::output::db::load_actions(&set).unwrap();
    let back: Vec<serde_json::Value> = back
        .iter()
        .map(|a| serde_json::to_value(a).unwrap())
        .collect();
    assert_eq!(back.len(), actions.len());
    for (a, b) in actions.iter().zip(&back) {
        assert_eq!(a, b);
    }
    let back = minutes::output::db::load_decisions(&set).unwrap();
    let back: Vec<serde_json::Value> = back
        .iter()
        .map(|d| serde_json::to_value(d).unwrap())
        .collect();
    assert_eq!(back, decisions);

    // Chains, their links and the view over them agree with history.json.
    let history: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("history.json")).unwrap()).unwrap();
    let chains = history["chains"].as_array().unwrap();
    assert!(!chains.is_empty());
    assert_eq!(
        count(&c, "SELECT COUNT(*) FROM carried_chains"),
        chains.len() as i64
    );
    let links: usize = chains
        .iter()
        .map(|c| c["meetings"].as_array().unwrap().len())
        .sum();
    assert_eq!(
        count(&c, "SELECT SUM(links) FROM carried_chains"),
        links as i64
    );
    let themes = history["themes"].as_array().unwrap();
    assert_eq!(
        count(&c, "SELECT COUNT(*) FROM themes"),
        themes.len() as i64
    );

    // The open-actions view lists the actions with no status or `open`.
    let open = actions
        .iter()
        .filter(|a| a["status"].as_str().unwrap_or("open") == "open")
        .count();
    assert!(open > 0 && open < actions.len());
    assert_eq!(count(&c, "SELECT COUNT(*) FROM open_actions"), open as i64);
    // Per owner: the counts add up to the owner rows.
    assert_eq!(
        count(&c, "SELECT SUM(actions) FROM owner_actions"),
        owners as i64
    );

    // Full-text search finds an action by a word of its text, and an item
    // by a word of its title.
    let text = actions[0]["text"].as_str().unwrap();
    let word = text
        .split(|ch: char| !ch.is_alphanumeric())
        .filter(|w| w.len() >= 5)
        .max_by_key(|w| w.len())
        .unwrap();
    let hits = count(
        &c,
        &format!("SELECT COUNT(*) FROM actions_fts WHERE actions_fts MATCH '\"{word}\"'"),
    );
    let expect = actions
        .iter()
        .filter(|a| {
            let t = format!("{} {}", a["text"], a["item_title"]).to_lowercase();
            t.contains(&word.to_lowercase())
        })
        .count();
    assert!(
        hits >= 1 && hits as usize <= expect,
        "{word}: {hits} vs {expect}"
    );
    assert!(
        count(
            &c,
            "SELECT COUNT(*) FROM items_fts WHERE items_fts MATCH 'minutes'"
        ) > 0
    );

    // The documents: one per path, read, duplicate or failed.
    let dups: usize = meetings
        .iter()
        .map(|m| m["duplicates"].as_array().map_or(0, Vec::len))
        .sum();
    assert_eq!(
        count(
            &c,
            "SELECT COUNT(*) FROM documents WHERE read_status = 'duplicate'"
        ),
        dups as i64
    );
    let run: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("run.json")).unwrap()).unwrap();
    assert_eq!(
        count(
            &c,
            "SELECT COUNT(*) FROM documents WHERE read_status != 'skipped'"
        ),
        run["documents"].as_i64().unwrap() - run["skipped"].as_i64().unwrap()
    );
    assert_eq!(
        count(&c, "SELECT pages FROM run"),
        run["pages"].as_i64().unwrap()
    );
}
