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
