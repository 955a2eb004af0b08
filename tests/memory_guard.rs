//! The per-document heap guard (`memguard`, installed as the binary's
//! allocator): a document that holds more than `max_memory_bytes` fails
//! alone with a `limit` error naming the key — in `actions` and in `text`
//! the process exits 7, in `scan` the other documents are read as usual.

use std::path::{Path, PathBuf};
use std::process::Command;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn minutes(args: &[&std::ffi::OsStr]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_minutes"))
        .args(args)
        .output()
        .unwrap()
}

fn limits(dir: &Path, max_memory_bytes: u64) -> PathBuf {
    let p = dir.join(format!("mem-{max_memory_bytes}.toml"));
    std::fs::write(&p, format!("max_memory_bytes = {max_memory_bytes}\n")).unwrap();
    p
}

#[test]
fn a_document_over_its_heap_budget_fails_with_a_limit() {
    let tmp = tempfile::tempdir().unwrap();
    let tight = limits(tmp.path(), 50_000);
    let pdf = repo().join("tests/data/bad/injection.pdf");
    for command in ["text", "actions"] {
        let o = minutes(&[
            command.as_ref(),
            "--limits".as_ref(),
            tight.as_os_str(),
            pdf.as_os_str(),
        ]);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(7), "{command}: {err}");
        assert!(err.contains("max_memory_bytes"), "{command}: {err}");
        // The same file under the default budget is read.
        let o = minutes(&[command.as_ref(), pdf.as_os_str()]);
        assert_eq!(o.status.code(), Some(0), "{command}");
    }
}

#[test]
fn in_a_scan_only_the_heavy_document_fails() {
    let tmp = tempfile::tempdir().unwrap();
    let archive = tmp.path().join("a");
    std::fs::create_dir_all(&archive).unwrap();
    // A small document and a 2,000-page one: 8 MB is plenty for the first,
    // far too little for the second.
    std::fs::copy(
        repo().join("tests/data/bad/injection.pdf"),
        archive.join("small.pdf"),
    )
    .unwrap();
    std::fs::copy(
        repo().join("tests/data/bad2/p2k55.pdf"),
        archive.join("big.pdf"),
    )
    .unwrap();
    let budget = limits(tmp.path(), 8 << 20);
    let out = tmp.path().join("o");
    let o = minutes(&[
        "scan".as_ref(),
        "-q".as_ref(),
        "--limits".as_ref(),
        budget.as_os_str(),
        archive.as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let errors = std::fs::read_to_string(out.join("errors.jsonl")).unwrap();
    let lines: Vec<&str> = errors.lines().collect();
    assert_eq!(lines.len(), 1, "{errors}");
    assert!(
        lines[0].contains("big.pdf") && lines[0].contains("max_memory_bytes"),
        "{errors}"
    );
    assert!(lines[0].contains("\"limit\""), "{errors}");
    let actions = std::fs::read_to_string(out.join("actions.jsonl")).unwrap();
    assert!(actions.contains("small.pdf"), "{actions}");
}
