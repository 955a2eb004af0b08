//! `minutes history` views on a real scan of `corpus/archive` and
//! `corpus/decisions`: status filters, chains, decisions, full text when
//! piped, date and theme errors.

mod scan_support;

use scan_support::*;
use std::process::Command;

fn history(out: &std::path::Path, args: &[&str]) -> (i32, String, String) {
    let o = Command::new(bin())
        .arg("history")
        .arg(out)
        .args(args)
        .output()
        .unwrap();
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

#[test]
fn views_on_a_scan() {
    let tmp = tempfile::tempdir().unwrap();
    let archive = tmp.path().join("archive");
    copy_dir(&archive_sample(), &archive.join("shp"));
    copy_dir(&repo().join("corpus/decisions"), &archive.join("decisions"));
    let out = tmp.path().join("out");
    scan(&archive, &out, &["--no-cache"]);
    let actions: Vec<serde_json::Value> = std::fs::read_to_string(out.join("actions.jsonl"))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    // Every action has a status; nothing in these minutes closes one.
    assert!(actions.iter().all(|a| a["status"] == "open"));

    // --open as JSON: every action; --status done: none.
    let (code, json, _) = history(&out, &["--open", "--json"]);
    assert_eq!(code, 0);
    let open: Vec<serde_json::Value> = serde_json::from_str(&json).unwrap();
    assert_eq!(open.len(), actions.len());
    let (_, json, _) = history(&out, &["--status", "done", "--json"]);
    assert_eq!(json.trim(), "[]");
    // Before the first meeting nothing was open.
    let (_, json, _) = history(&out, &["--open", "--as-of", "2014-01", "--json"]);
    assert_eq!(json.trim(), "[]");

    // Chains: the longest first, each with its meetings and days.
    let (code, table, err) = history(&out, &["--chains"]);
    assert_eq!(code, 0, "{err}");
    let chains = actions
        .iter()
        .filter_map(|a| a["chain"].as_str())
        .collect::<std::collections::BTreeSet<_>>()
        .len();
    assert_eq!(err.trim(), format!("{chains} chains"));
    let meetings: Vec<u32> = table
        .lines()
        .skip(1)
        .map(|l| l.split_whitespace().nth(2).unwrap().parse().unwrap())
        .collect();
    assert!(meetings.windows(2).all(|w| w[0] >= w[1]), "{table}");
    let (_, table3, err3) = history(&out, &["--chains", "--min-meetings", "3"]);
    let n3 = meetings.iter().filter(|m| **m >= 3).count();
    assert_eq!(err3.trim(), format!("{n3} chains"), "{table3}");

    // Decisions, piped: full text, never cut with `…`.
    let (code, table, err) = history(&out, &["--decisions"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(err.trim(), "7 of 7 decisions");
    assert!(table.contains("That (1) the budget for 2024/25 of £48,500 be approved; (2) the precept be set at £41,000; and (3) the reserves policy be reviewed at the September meeting."), "{table}");
    assert!(!table.contains('…'));
    let (_, table, _) = history(&out, &["--decisions", "--org", "westbrook"]);
    assert_eq!(table.lines().count(), 7, "{table}");

    // Bad input: one clear line, exit 2.
    for (args, want) in [
        (
            vec!["--as-of", "2016-13"],
            "--as-of \"2016-13\": there is no month 13",
        ),
        (
            vec!["--since", "2016-02-30"],
            "--since \"2016-02-30\": day 30 is not in 2016-02",
        ),
        (
            vec!["--status", "finished"],
            "expected one of open, done, cancelled, reassigned",
        ),
        (
            vec!["--theme", "parking"],
            "no such theme; the themes are: ",
        ),
    ] {
        let (code, _, err) = history(&out, &args);
        assert_eq!(code, 2, "{args:?}");
        assert!(err.contains(want), "{args:?}: {err}");
        assert_eq!(err.lines().count(), 1, "{err}");
    }
}
