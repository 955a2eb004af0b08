use super::*;

fn embedded_files() -> BTreeMap<String, String> {
    EMBEDDED
        .iter()
        .map(|(n, t)| (n.to_string(), t.to_string()))
        .collect()
}

#[test]
fn embedded_rules_compile() {
    let r = RuleSet::from_files(embedded_files()).expect("embedded rules");
    assert!(!r.items.headings.is_empty());
    assert_eq!(r.dates.months.len(), 12);
    assert_eq!(r.hash().len(), 16);
    assert!(r.file_text("items.toml").is_some());
}

#[test]
fn hash_changes_with_text() {
    let a = RuleSet::from_files(embedded_files()).unwrap();
    let mut files = embedded_files();
    files.insert("extra.toml".into(), "# nothing\n".into());
    let b = RuleSet::from_files(files).unwrap();
    assert_ne!(a.hash(), b.hash());
    assert_eq!(b.file_text("extra.toml"), Some("# nothing\n"));
}

#[test]
fn syntax_error_names_file_and_line() {
    let mut files = embedded_files();
    files.insert(
        "owners.toml".into(),
        "[column]\nheader = 'Action'\nmin_x = = 0.5\n".into(),
    );
    let e = RuleSet::from_files(files).unwrap_err();
    match &e {
        RuleError::Syntax { file, line, .. } => {
            assert_eq!(file, "owners.toml");
            assert_eq!(*line, 3);
        }
        other => panic!("wrong error {other:?}"),
    }
    assert!(e.to_string().starts_with("owners.toml:3: syntax error"));
}

#[test]
fn bad_regex_names_file_line_and_rule() {
    let mut files = embedded_files();
    let text = files["items.toml"].replace(
        r"pattern = '^(?P<num>\d{1,2})\)\s*(?P<title>\S.*)?$'",
        r"pattern = '^(?P<num>\d{1,2}\)\s*(?P<title>\S.*)?$'",
    );
    let line = text
        .lines()
        .position(|l| l.contains(r"(?P<num>\d{1,2}\)\s*"))
        .unwrap()
        + 1;
    files.insert("items.toml".into(), text);
    let e = RuleSet::from_files(files).unwrap_err();
    match &e {
        RuleError::Rule {
            file,
            line: l,
            rule,
            message,
        } => {
            assert_eq!(file, "items.toml");
            assert_eq!(*l, line);
            assert_eq!(rule, "number-paren");
            assert!(message.contains("bad regex"), "{message}");
        }
        other => panic!("wrong error {other:?}"),
    }
}

#[test]
fn missing_named_group_is_reported() {
    let mut files = embedded_files();
    let text = files["labels.toml"].replace("(?P<rest>.*)$'", "(.*)$'");
    files.insert("labels.toml".into(), text);
    let e = RuleSet::from_files(files).unwrap_err().to_string();
    assert!(
        e.contains("labels.toml:") && e.contains("action-colon") && e.contains("`rest`"),
        "{e}"
    );
}

#[test]
fn unknown_field_is_a_syntax_error_with_line() {
    let mut files = embedded_files();
    let text = files["text.toml"].replace("weak_after = 200", "weak_afterr = 200");
    let line = text
        .lines()
        .position(|l| l.starts_with("weak_afterr"))
        .unwrap()
        + 1;
    files.insert("text.toml".into(), text);
    let e = RuleSet::from_files(files).unwrap_err();
    assert!(
        matches!(&e, RuleError::Syntax { file, .. } if file == "text.toml"),
        "{e}"
    );
    // The parser points at the table holding the unknown key or the key itself.
    if let RuleError::Syntax { line: l, .. } = e {
        assert!(l <= line && l > 1, "line {l} vs {line}");
    }
}

#[test]
fn missing_file_is_named() {
    let mut files = embedded_files();
    files.remove("dates.toml");
    let e = RuleSet::from_files(files).unwrap_err();
    assert_eq!(e.to_string(), "dates.toml: rule file missing");
}

#[test]
fn load_dir_reads_files_and_prefixes_errors() {
    let dir = tempfile::tempdir().unwrap();
    for (n, t) in embedded_files() {
        std::fs::write(dir.path().join(&n), t).unwrap();
    }
    let r = RuleSet::load_dir(dir.path()).unwrap();
    assert_eq!(r.hash(), RuleSet::embedded().hash());
    std::fs::write(dir.path().join("people.toml"), "clash = [\n").unwrap();
    let e = RuleSet::load_dir(dir.path()).unwrap_err().to_string();
    assert!(
        e.contains("people.toml:") && e.contains("syntax error"),
        "{e}"
    );
}

#[test]
fn reading_hash_leaves_out_the_history_files() {
    let a = RuleSet::from_files(embedded_files()).unwrap();
    let mut files = embedded_files();
    for f in HISTORY_FILES {
        files
            .entry(f.to_string())
            .or_default()
            .push_str("\n# tuned\n");
    }
    let b = RuleSet::from_files(files.clone()).unwrap();
    assert_ne!(a.hash(), b.hash());
    assert_eq!(a.reading_hash(), b.reading_hash());
    files.get_mut("items.toml").unwrap().push_str("\n# tuned\n");
    let c = RuleSet::from_files(files).unwrap();
    assert_ne!(b.reading_hash(), c.reading_hash());
}

#[test]
fn history_rules_are_compiled_with_the_rest() {
    let r = RuleSet::from_files(embedded_files()).unwrap();
    let h = &r.history;
    assert!(h.themes.len() >= 14);
    assert_eq!(h.carried.needs_evidence_for_owners, vec!["all".to_string()]);
    assert!(h.carried.evidence_item_titles[0].is_match("Minutes and Matters Arising"));
    assert_eq!(h.recurring.min_meetings, 2);
    // Either file may be left out: its defaults.
    let mut files = embedded_files();
    files.remove("history.toml");
    files.remove("themes.toml");
    let r = RuleSet::from_files(files).unwrap();
    assert!(r.history.themes.is_empty());
    assert_eq!(r.history.carried.min_similarity, 0.8);
    assert_eq!(r.history.carried.previous_meetings, 1);
    assert!(r.history.carried.mid_sentence_before.is_none());
}

/// `history.toml` and `themes.toml` errors name the file, the line and the
/// rule like those of every other rule file, on one line (TOML and regex
/// errors print a multi-line excerpt: found by fuzzing,
/// `tests/fuzz_regressions/rules/`).
#[test]
fn history_errors_name_file_line_and_rule() {
    let with = |file: &str, text: String| {
        let mut files = embedded_files();
        files.insert(file.to_string(), text);
        RuleSet::from_files(files).unwrap_err()
    };
    let history = embedded_files()["history.toml"].clone();
    let line_of =
        |text: &str, needle: &str| text.lines().position(|l| l.starts_with(needle)).unwrap() + 1;

    let bad = history.replace("min_similarity = 0.8", "min_similarity = 2");
    let e = with("history.toml", bad.clone());
    assert_eq!(
        e,
        RuleError::Rule {
            file: "history.toml".into(),
            line: line_of(&bad, "min_similarity"),
            rule: "carried_forward.min_similarity".into(),
            message: "2 is not between 0 and 1".into(),
        }
    );

    let bad = history.replace(
        r"'(?i)\bstill\s+outstanding\b',",
        r"'(?i)\bstill\s+(outstanding\b',",
    );
    let e = with("history.toml", bad.clone());
    match &e {
        RuleError::Rule {
            file,
            line,
            rule,
            message,
        } => {
            assert_eq!(file, "history.toml");
            assert_eq!(*line, line_of(&bad, r"  '(?i)\bstill\s+("));
            assert_eq!(rule, "carried_forward.evidence_phrases[2]");
            assert!(message.starts_with("bad regex: "), "{message}");
        }
        other => panic!("wrong error {other:?}"),
    }
    assert!(!e.to_string().contains('\n'), "{e}");

    let bad = history.replace("previous_meetings = 1", "previous_meetingz = 1");
    let e = with("history.toml", bad.clone());
    assert!(
        matches!(&e, RuleError::Syntax { file, line, .. }
            if file == "history.toml" && *line == line_of(&bad, "previous_meetingz")),
        "{e}"
    );

    for text in ["[[[ = '('", "[discover]\nmin_meetings = 3\n"] {
        let e = with("themes.toml", text.to_string()).to_string();
        assert!(e.starts_with("themes.toml:1: syntax error: "), "{e}");
        assert!(!e.contains('\n'), "{e}");
    }
}

#[test]
fn load_dir_names_the_history_file_in_its_folder() {
    let dir = tempfile::tempdir().unwrap();
    for (n, t) in embedded_files() {
        std::fs::write(dir.path().join(&n), t).unwrap();
    }
    std::fs::write(
        dir.path().join("history.toml"),
        "[carried_forward]\n\nmin_similarity = -1\n",
    )
    .unwrap();
    let e = RuleSet::load_dir(dir.path()).unwrap_err().to_string();
    let path = dir.path().join("history.toml");
    assert_eq!(
        e,
        format!(
            "{}:3: rule `carried_forward.min_similarity`: -1 is not between 0 and 1",
            path.display()
        )
    );
}
