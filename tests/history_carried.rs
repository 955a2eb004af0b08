//! History on real PDFs: the archive sample (eight consecutive meetings of
//! one board) gives the carried-forward links of its gold, and `minutes
//! history` answers from the outputs alone.

mod scan_support;
use scan_support::*;
use std::process::Command;

#[test]
fn carried_forward_links_agree_with_the_gold() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    scan(&archive_sample(), &out, &["--no-cache"]);
    let actions = jsonl(&out.join("actions.jsonl"));
    let golds: Vec<serde_json::Value> = std::fs::read_dir(archive_sample())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(".gold.json"))
        .map(|p| serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap())
        .collect();
    let start = golds
        .iter()
        .map(|g| g["meeting_date"].as_str().unwrap())
        .min()
        .unwrap()
        .to_string();
    let (mut tp, mut fp, mut fn_) = (0, 0, 0);
    let mut misses = Vec::new();
    for g in &golds {
        let file = g["file"].as_str().unwrap();
        let preds: Vec<&serde_json::Value> =
            actions.iter().filter(|a| file_name(a) == file).collect();
        let gold_actions = g["actions"].as_array().unwrap();
        let m = match_gold(gold_actions, &preds);
        for (gi, ga) in gold_actions.iter().enumerate() {
            // Within the sample a chain can start no earlier than its first meeting.
            let want = ga["carried_forward"].as_bool().unwrap_or(false)
                && g["meeting_date"].as_str().unwrap() > start.as_str();
            let want_first = ga["first_date"]
                .as_str()
                .map(|d| d.max(start.as_str()).to_string());
            let got = m.get(&gi).map(|&pi| preds[pi]);
            let got_cf = got.is_some_and(|p| p["carried_forward"].as_bool().unwrap_or(false));
            let got_first = got.and_then(|p| p["first_date"].as_str().map(String::from));
            match (want, got_cf) {
                (true, true) if got_first == want_first => tp += 1,
                (true, _) => {
                    fn_ += 1;
                    misses.push(format!(
                        "missed {file} {}: {:?} vs {:?}",
                        ga["key"], got_first, want_first
                    ));
                }
                (false, true) => {
                    fp += 1;
                    misses.push(format!("extra {file} {}", ga["key"]));
                }
                (false, false) => {}
            }
        }
        // Carried actions that match no gold action are wrong too.
        let matched: std::collections::BTreeSet<usize> = m.values().copied().collect();
        for (pi, p) in preds.iter().enumerate() {
            if !matched.contains(&pi) && p["carried_forward"].as_bool().unwrap_or(false) {
                fp += 1;
                misses.push(format!("extra unmatched {file} {}", p["text"]));
            }
        }
    }
    let f1 = 2.0 * tp as f64 / (2 * tp + fp + fn_).max(1) as f64;
    eprintln!(
        "carried links: tp {tp} fp {fp} fn {fn_} F1 {f1:.3}\n{}",
        misses.join("\n")
    );
    assert!(tp >= 8, "too few links found: {tp}");
    assert!(f1 >= 0.95, "F1 {f1:.3}");

    // history.json describes the chains that the actions point to.
    let h: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("history.json")).unwrap()).unwrap();
    let chains = h["chains"].as_array().unwrap();
    for a in actions.iter().filter(|a| a["carried_forward"] == true) {
        let c = chains
            .iter()
            .find(|c| c["id"] == a["chain"])
            .expect("chain of a carried action");
        assert_eq!(c["first_raised"], a["first_date"]);
        assert!(c["meetings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|l| l["action_id"] == a["id"]));
    }
    // Themes: the board's recurring topics are found.
    let themes = std::fs::read_to_string(out.join("themes.csv")).unwrap();
    assert!(
        themes
            .lines()
            .any(|l| l.starts_with("Police and Crime Commissioner,taxonomy,,true,")),
        "{themes}"
    );
}

#[test]
fn history_command_answers_from_the_outputs() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    scan(&archive_sample(), &out, &["--no-cache"]);
    let actions = jsonl(&out.join("actions.jsonl"));
    let run = |args: &[&str]| {
        let o = Command::new(bin())
            .arg("history")
            .arg(&out)
            .args(args)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        String::from_utf8(o.stdout).unwrap()
    };
    let carried: Vec<serde_json::Value> =
        serde_json::from_str(&run(&["--carried", "--json"])).unwrap();
    let want = actions
        .iter()
        .filter(|a| a["carried_forward"] == true)
        .count();
    assert_eq!(carried.len(), want);
    assert!(want > 0);
    let name = carried[0]["owner_names"][0].as_str().unwrap().to_string();
    let by_owner: Vec<serde_json::Value> =
        serde_json::from_str(&run(&["--owner", &name, "--json"])).unwrap();
    assert!(!by_owner.is_empty());
    assert!(by_owner.iter().all(|a| a["owner_names"]
        .as_array()
        .unwrap()
        .iter()
        .any(|n| n == name.as_str())));
    let since: Vec<serde_json::Value> =
        serde_json::from_str(&run(&["--since", "2015", "--json"])).unwrap();
    assert!(since
        .iter()
        .all(|a| a["meeting_date"].as_str().unwrap() >= "2015"));
    assert!(since.len() < actions.len());
    let table = run(&["--carried"]);
    assert_eq!(table.lines().count(), want + 1);
    // Outputs missing: a clear error, exit 2.
    let o = Command::new(bin())
        .args(["history", "/nonexistent/out"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("actions.jsonl"));
}
