//! `--rules DIR`: the rule files are read at run time, so editing one
//! changes the output with no rebuild; a broken rule file is reported with
//! its file, line and rule, and nothing is read.

use minutes::rules::RuleSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A copy of the built-in rule files in a temporary folder.
fn rules_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let rules = RuleSet::embedded();
    for name in rules.file_names() {
        std::fs::write(dir.path().join(name), rules.file_text(name).unwrap()).unwrap();
    }
    dir
}

fn edit(dir: &Path, file: &str, f: impl Fn(&str) -> String) {
    let p = dir.join(file);
    let text = std::fs::read_to_string(&p).unwrap();
    let new = f(&text);
    assert_ne!(text, new, "edit changed nothing");
    std::fs::write(p, new).unwrap();
}

fn actions(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_minutes"))
        .current_dir(root())
        .arg("actions")
        .args(args)
        .output()
        .unwrap()
}

/// (item, owners joined, text) of each action of `--jsonl` output.
fn rows(out: &Output) -> Vec<(String, String, String)> {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            let owners: Vec<&str> = v["owners"]
                .as_array()
                .unwrap()
                .iter()
                .map(|o| o.as_str().unwrap())
                .collect();
            (
                v["item"].as_str().unwrap().to_string(),
                owners.join("/"),
                v["text"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

const SEED: &str = "corpus/seed/shp-2019-05-01-docx.pdf";

#[test]
fn unchanged_copy_gives_the_same_output() {
    let dir = rules_copy();
    let d = dir.path().to_str().unwrap();
    assert_eq!(
        rows(&actions(&["--jsonl", SEED])),
        rows(&actions(&["--jsonl", "--rules", d, SEED]))
    );
}

#[test]
fn a_new_item_heading_pattern_changes_the_items() {
    let before = rows(&actions(&["--jsonl", SEED]));
    let bmc = |rs: &[(String, String, String)]| {
        rs.iter()
            .find(|r| r.1 == "BMc/AS")
            .map(|r| r.0.clone())
            .expect("BMc/AS action")
    };
    assert_eq!(bmc(&before), "6");
    // Item 6 of this meeting has sub-headings for three funds; a new
    // heading rule makes them unnumbered items of their own, so the action
    // after `MoJ Victims Grant` leaves item 6.
    let dir = rules_copy();
    edit(dir.path(), "items.toml", |t| {
        format!(
            "{t}\n[[heading]]\nname = \"fund-heading\"\nlevel = \"unnumbered\"\npattern = '^(?P<title>(?:Safer Communities|Community Safety) Fund|MoJ Victims Grant)$'\n"
        )
    });
    let after = rows(&actions(&[
        "--jsonl",
        "--rules",
        dir.path().to_str().unwrap(),
        SEED,
    ]));
    assert_eq!(bmc(&after), "");
    assert_eq!(before.len(), after.len());
}

#[test]
fn removing_the_sub_item_rule_folds_sub_items_into_their_item() {
    let dir = rules_copy();
    edit(dir.path(), "items.toml", |t| {
        let start = t.find("[[heading]]\nname = \"letter-paren\"").unwrap();
        let end = start + t[start..].find("\n\n").unwrap();
        format!("{}{}", &t[..start], &t[end..])
    });
    let before = rows(&actions(&["--jsonl", SEED]));
    let after = rows(&actions(&[
        "--jsonl",
        "--rules",
        dir.path().to_str().unwrap(),
        SEED,
    ]));
    let items =
        |rs: &[(String, String, String)]| rs.iter().map(|r| r.0.clone()).collect::<Vec<_>>();
    assert!(items(&before).contains(&"4b".to_string()));
    assert!(!items(&after)
        .iter()
        .any(|i| i.starts_with("4") && i.len() > 1));
    assert!(items(&after).contains(&"4".to_string()));
}

#[test]
fn an_owner_rule_change_shows_in_the_resolution() {
    // With `ALL` no longer the everyone-token, it reads as initials nobody
    // present has.
    let status = |out: &Output| -> Vec<String> {
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .filter_map(|l| {
                let v: serde_json::Value = serde_json::from_str(l).unwrap();
                let d = &v["owner_detail"][0];
                (d["token"] == "ALL").then(|| d["status"].as_str().unwrap().to_string())
            })
            .collect()
    };
    let dir = rules_copy();
    edit(dir.path(), "owners.toml", |t| {
        t.replace(
            "all = '^(?i:all|all\\s+members|everyone|all\\s+partners)$'",
            "all = '^(?i:everyone)$'",
        )
    });
    let before = actions(&["--jsonl", SEED]);
    let after = actions(&["--jsonl", "--rules", dir.path().to_str().unwrap(), SEED]);
    assert_eq!(status(&before), ["all"]);
    assert_eq!(status(&after), ["unresolved"]);
}

#[test]
fn syntax_error_names_file_and_line() {
    let dir = rules_copy();
    edit(dir.path(), "labels.toml", |t| {
        t.replacen("strict = false", "strict = = false", 1)
    });
    let line = std::fs::read_to_string(dir.path().join("labels.toml"))
        .unwrap()
        .lines()
        .position(|l| l.contains("= = false"))
        .unwrap()
        + 1;
    let out = actions(&["--rules", dir.path().to_str().unwrap(), SEED]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains(&format!("labels.toml:{line}: syntax error")),
        "{err}"
    );
}

#[test]
fn bad_regex_names_file_line_and_rule() {
    let dir = rules_copy();
    edit(dir.path(), "sections.toml", |t| {
        t.replace(
            "pattern = '^(?i:present|attendees",
            "pattern = '^(?i:present|attendees(",
        )
    });
    let line = std::fs::read_to_string(dir.path().join("sections.toml"))
        .unwrap()
        .lines()
        .position(|l| l.contains("attendees("))
        .unwrap()
        + 1;
    let out = actions(&["--rules", dir.path().to_str().unwrap(), SEED]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains(&format!("sections.toml:{line}: rule `present`: bad regex")),
        "{err}"
    );
}

#[test]
fn missing_rules_folder_is_an_error() {
    let out = actions(&["--rules", "/nonexistent/rules", SEED]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("/nonexistent/rules"));
}
