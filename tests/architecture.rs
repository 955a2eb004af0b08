//! Data flows one way through the stages (docs/architecture.md): no module
//! of a stage refers to a module of a later stage. The check reads every
//! `crate::name` path in code (comments and doc links skipped), so a new
//! import against the flow fails here, not in a review.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Rank of each top-level module: a module may refer only to modules of an
/// equal or lower rank. Shared vocabulary first, then the stages in the
/// order data flows, then the drivers that wire stages together.
fn rank(module: &str) -> Option<u8> {
    Some(match module {
        "model" | "limits" | "rules" | "smallfile" | "terminal" | "memguard" => 0,
        "pdf" => 1,
        "layout" => 2,
        "minutes" => 3,
        "history" => 4,
        "output" => 5,
        "report" => 6,
        "pipeline" => 7,
        "archive" | "explain" => 8,
        "cli" => 9,
        _ => return None,
    })
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// `crate::x` references in code, with the line they are on.
fn references(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let code = line.split("//").next().unwrap_or("");
        let mut rest = code;
        while let Some(i) = rest.find("crate::") {
            rest = &rest[i + "crate::".len()..];
            let name: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() {
                out.push((n + 1, name));
            }
        }
        // `use crate::{a, b}` groups.
        if let Some(i) = code.find("crate::{") {
            for part in code[i + "crate::{".len()..].split([',', '}']) {
                let name: String = part
                    .trim()
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                if !name.is_empty() {
                    out.push((n + 1, name));
                }
            }
        }
    }
    out
}

/// Every reference against the flow in the source tree `src` (one line
/// each, `src/FILE:LINE: ...`), and the modules that had files.
fn violations(src: &Path) -> (Vec<String>, BTreeMap<String, usize>) {
    let mut files = Vec::new();
    rust_files(src, &mut files);
    files.sort();
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    let mut wrong = Vec::new();
    for f in &files {
        let rel = f.strip_prefix(src).unwrap();
        let first = rel
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_string_lossy();
        let module = first.trim_end_matches(".rs").to_string();
        let Some(own) = rank(&module) else {
            continue; // lib.rs, main.rs
        };
        *seen.entry(module.clone()).or_default() += 1;
        let text = std::fs::read_to_string(f).unwrap();
        for (line, name) in references(&text) {
            match rank(&name) {
                Some(r) if r > own => wrong.push(format!(
                    "src/{}:{line}: `{module}` refers to later stage `{name}`",
                    rel.display()
                )),
                None => wrong.push(format!(
                    "src/{}:{line}: `crate::{name}` is not a known module (add it to rank())",
                    rel.display()
                )),
                _ => {}
            }
        }
    }
    (wrong, seen)
}

#[test]
fn no_stage_refers_to_a_later_stage() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let (wrong, seen) = violations(&src);
    for m in ["pdf", "layout", "minutes", "history", "output", "report"] {
        assert!(seen.contains_key(m), "no files found for stage {m}");
    }
    assert!(
        wrong.is_empty(),
        "imports against the flow:\n{}",
        wrong.join("\n")
    );
}

/// The whole check on a small tree: a `minutes` file importing `history`
/// (later) is reported with its file and line, one importing `layout`
/// (earlier) and a comment naming `report` are not, and an unknown module
/// is reported too.
#[test]
fn the_check_fails_on_a_tree_with_a_backward_import() {
    let dir = std::env::temp_dir().join(format!("minutes-architecture-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("minutes")).unwrap();
    std::fs::write(
        dir.join("minutes/mod.rs"),
        "use crate::layout::Page;\n// see crate::report\nuse crate::{model, history::History};\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("layout.rs"),
        "use crate::pdf;\nuse crate::nowhere;\n",
    )
    .unwrap();
    std::fs::write(dir.join("lib.rs"), "use crate::cli;\n").unwrap();
    let (wrong, seen) = violations(&dir);
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(
        wrong,
        [
            "src/layout.rs:2: `crate::nowhere` is not a known module (add it to rank())",
            "src/minutes/mod.rs:3: `minutes` refers to later stage `history`",
        ]
    );
    assert_eq!(seen.keys().collect::<Vec<_>>(), ["layout", "minutes"]);
}

#[test]
fn the_check_catches_a_backward_import() {
    let refs = references(
        "use crate::{model::Meeting, history};\nlet x = crate::report::f(); // crate::cli\n",
    );
    let names: Vec<&str> = refs.iter().map(|(_, n)| n.as_str()).collect();
    assert_eq!(names, ["model", "history", "report"]);
    assert!(rank("report") > rank("minutes"));
}
