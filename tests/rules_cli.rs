//! `minutes rules init DIR` writes the defaults that `--rules DIR` then
//! reads unchanged; `minutes rules check DIR` compiles a folder and lists
//! what it changes against the defaults, or names the file and line of a
//! broken rule.

use std::path::Path;
use std::process::{Command, Output};

fn minutes(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_minutes"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(args)
        .output()
        .unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn init_writes_the_defaults_and_check_finds_no_change() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("my-rules");
    let o = minutes(&["rules", "init", path(&dir)]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let defaults = minutes::rules::RuleSet::embedded();
    for name in defaults.file_names() {
        let written = std::fs::read_to_string(dir.join(name)).unwrap();
        assert_eq!(Some(written.as_str()), defaults.file_text(name), "{name}");
    }
    let o = minutes(&["rules", "check", path(&dir)]);
    assert!(o.status.success());
    assert!(
        stdout(&o).contains("no changes against the defaults"),
        "{}",
        stdout(&o)
    );
    // The folder reads a sample exactly as the embedded rules do.
    let sample = "corpus/variants/wnp-2024-03-13-label.pdf";
    let a = minutes(&["actions", "--jsonl", sample]);
    let b = minutes(&["actions", "--jsonl", "--rules", path(&dir), sample]);
    assert!(a.status.success() && b.status.success());
    assert!(!a.stdout.is_empty());
    assert_eq!(a.stdout, b.stdout);
}

#[test]
fn init_refuses_to_overwrite_a_tuned_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    assert!(minutes(&["rules", "init", path(dir)]).status.success());
    std::fs::write(dir.join("owners.toml"), "# tuned\n").unwrap();
    let o = minutes(&["rules", "init", path(dir)]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("--force"));
    assert_eq!(
        std::fs::read_to_string(dir.join("owners.toml")).unwrap(),
        "# tuned\n"
    );
}

#[test]
fn check_lists_changed_settings_and_names_a_broken_rule() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    assert!(minutes(&["rules", "init", path(dir)]).status.success());
    let owners = dir.join("owners.toml");
    let text = std::fs::read_to_string(&owners).unwrap();
    let tuned = text.replace("min_cells = 2", "min_cells = 3");
    assert_ne!(text, tuned);
    std::fs::write(&owners, &tuned).unwrap();
    let o = minutes(&["rules", "check", path(dir)]);
    assert!(o.status.success());
    assert!(
        stdout(&o).contains("owners.toml: column.min_cells changed"),
        "{}",
        stdout(&o)
    );

    let broken = tuned.replace("min_cells = 3", "min_cells = [");
    std::fs::write(&owners, broken).unwrap();
    let o = minutes(&["rules", "check", path(dir)]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("owners.toml:"), "{err}");
    assert!(err.contains("syntax error"), "{err}");
}
