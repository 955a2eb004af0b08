//! What the officer and automation see of a scan: `actions.csv` opens right
//! in Excel (BOM) and reads back equal to `actions.jsonl`; `--strict`;
//! dangerous `-o` refused; a failed write keeps the previous set; file
//! names that are not UTF-8 keep distinct labels; every `.pdf` entry is
//! accounted for; the quick start prints no error line.

mod scan_support;
use scan_support::*;
use std::path::Path;
use std::process::Command;

fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn actions_csv_starts_with_a_bom_and_reads_back_equal_to_the_jsonl() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    scan(&archive_sample(), &out, &["-j", "2"]);
    let bytes = std::fs::read(out.join("actions.csv")).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBFmeeting_date,"));
    // Python's csv module, as a spreadsheet user's script would read it.
    let script = r#"
import csv, json, sys
out = sys.argv[1]
rows = list(csv.DictReader(open(out + "/actions.csv", encoding="utf-8-sig", newline="")))
acts = [json.loads(l) for l in open(out + "/actions.jsonl", encoding="utf-8")]
assert len(rows) == len(acts) > 0, (len(rows), len(acts))
def cell(v):
    v = "" if v is None else v
    return "'" + v if v[:1] in ("=", "+", "-", "@", "\t", "\r") else v
nonascii = 0
for r, a in zip(rows, acts):
    want = {
        "meeting_date": cell(a.get("meeting_date")), "organisation": cell(a["organisation"]),
        "document": cell(a["document"]), "page": str(a["page"]), "item": cell(a["item"]),
        "item_title": cell(a["item_title"]), "owners": cell("/".join(a["owners"])),
        "owner_names": cell("; ".join(a["owner_names"])), "text": cell(a["text"]),
        "themes": cell("; ".join(a.get("themes", []))), "id": cell(a["id"]),
        "carried_forward": str(a.get("carried_forward", False)).lower(),
    }
    for k, v in want.items():
        assert r[k] == v, (k, r[k], v)
    nonascii += any(ord(c) > 127 for c in r["text"])
assert nonascii > 0, "no row with a non-ASCII character to check"
print(len(rows))
"#;
    let o = Command::new("python3")
        .arg("-c")
        .arg(script)
        .arg(&out)
        .output()
        .expect("python3");
    assert!(o.status.success(), "{}", stderr(&o));
    let n: usize = String::from_utf8_lossy(&o.stdout).trim().parse().unwrap();
    assert_eq!(n, jsonl(&out.join("actions.jsonl")).len());

    // Without the BOM on request, otherwise the same bytes.
    let plain = tmp.path().join("plain");
    scan(&archive_sample(), &plain, &["--csv-bom=false"]);
    let p = std::fs::read(plain.join("actions.csv")).unwrap();
    assert_eq!(p, bytes[3..]);
}

#[test]
fn run_json_says_where_when_and_how() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    scan(&archive_sample(), &out, &["-j", "2"]);
    let run: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("run.json")).unwrap()).unwrap();
    let archive = run["archive"].as_str().unwrap();
    assert!(Path::new(archive).is_absolute(), "{archive}");
    assert_eq!(Path::new(archive), archive_sample().canonicalize().unwrap());
    assert_eq!(run["jobs"], 2);
    let (s, f) = (
        run["started"].as_str().unwrap(),
        run["finished"].as_str().unwrap(),
    );
    assert!(f.len() == 20 && f.ends_with('Z') && f >= s, "{s} {f}");
    for k in ["errors", "warnings", "skipped", "scanned_documents"] {
        assert!(run[k].is_u64(), "{k} in {run}");
    }
}

#[test]
fn strict_makes_failed_or_partly_read_files_exit_1() {
    let tmp = tempfile::tempdir().unwrap();
    let good = scan_in(
        &repo(),
        &archive_sample(),
        &tmp.path().join("a"),
        &["--strict"],
    );
    assert!(good.status.success(), "{}", stderr(&good));
    let archive = tmp.path().join("mixed");
    copy_dir(&archive_sample(), &archive);
    std::fs::copy(
        repo().join("tests/data/bad/truncated.pdf"),
        archive.join("truncated.pdf"),
    )
    .unwrap();
    let out = tmp.path().join("b");
    let o = scan_in(&repo(), &archive, &out, &["--strict"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("--strict: 1 files failed"),
        "{}",
        stderr(&o)
    );
    // The outputs are written all the same.
    assert_eq!(jsonl(&out.join("errors.jsonl")).len(), 1);
    // Partly read (pages to OCR) counts too; without --strict status 0.
    let scanned = scan_in(
        &repo(),
        &repo().join("corpus/scanned"),
        &tmp.path().join("c"),
        &["--strict"],
    );
    assert_eq!(scanned.status.code(), Some(1), "{}", stderr(&scanned));
    let o = scan_in(&repo(), &archive, &tmp.path().join("d"), &[]);
    assert!(o.status.success());
}

#[test]
fn out_inside_the_archive_or_a_file_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let archive = tmp.path().join("archive");
    copy_dir(&archive_sample(), &archive);
    for out in [
        archive.clone(),
        archive.join("out"),
        archive.join("./x/../y"),
    ] {
        let o = scan_in(&repo(), &archive, &out, &[]);
        assert_eq!(o.status.code(), Some(2));
        assert!(
            stderr(&o).contains("is inside the archive"),
            "{}",
            stderr(&o)
        );
        assert!(!archive.join("out").exists() && !archive.join(".cache").exists());
    }
    let file = tmp.path().join("file");
    std::fs::write(&file, b"x").unwrap();
    let o = scan_in(&repo(), &archive, &file, &[]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o).trim(),
        format!(
            "minutes scan: {} exists and is a file: -o needs a folder",
            file.display()
        )
    );
    assert_eq!(std::fs::read(&file).unwrap(), b"x");
}

/// The outputs of `out`, read through the links (one set).
fn snapshot(out: &Path) -> Vec<(String, Vec<u8>)> {
    minutes::output::set::set_files()
        .map(|n| (n.to_string(), std::fs::read(out.join(n)).unwrap()))
        .collect()
}

#[test]
fn a_failed_write_keeps_the_previous_set_and_exits_1() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    scan(&repo().join("corpus/seed"), &out, &[]);
    let before = snapshot(&out);
    for name in minutes::output::set::set_files() {
        let o = Command::new(bin())
            .current_dir(repo())
            .env("MINUTES_FAIL_WRITE", name)
            .args(["scan", "--quiet", "-o"])
            .arg(&out)
            .arg(archive_sample())
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(1), "{name}: {}", stderr(&o));
        let msg = stderr(&o);
        assert!(
            msg.contains("cannot write the outputs, previous outputs kept")
                && msg.contains(name)
                && msg.contains("No space left on device"),
            "{msg}"
        );
        assert!(snapshot(&out) == before, "{name}: OUT changed");
        assert_eq!(std::fs::read_dir(out.join(".runs")).unwrap().count(), 1);
    }
}

/// A real full disk: a 2 MB tmpfs (needs root and `mount`; the test says
/// so and passes without them, the injected failure above covers CI).
#[test]
fn a_full_disk_keeps_the_previous_set() {
    let tmp = tempfile::tempdir().unwrap();
    let mnt = tmp.path().join("mnt");
    std::fs::create_dir_all(&mnt).unwrap();
    let mounted = Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=2m", "tmpfs"])
        .arg(&mnt)
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !mounted {
        eprintln!("a_full_disk_keeps_the_previous_set: cannot mount a tmpfs here; not run");
        return;
    }
    let out = mnt.join("out");
    let result = std::panic::catch_unwind(|| {
        scan(&repo().join("corpus/seed"), &out, &["--no-cache"]);
        let mut before = snapshot(&out);
        let mut failed = Vec::new();
        // Free space left: from a few KB (the spool fails) to enough for
        // all but the last outputs (a set file fails) to enough for all.
        for free in [8u64 << 10, 120 << 10, 180 << 10, 240 << 10, 1 << 20] {
            let fill = mnt.join("fill");
            let _ = std::fs::remove_file(&fill);
            let mut f = std::fs::File::create(&fill).unwrap();
            let chunk = vec![0u8; 4096];
            while std::io::Write::write_all(&mut f, &chunk).is_ok() {}
            let len = f.metadata().unwrap().len();
            f.set_len(len.saturating_sub(free)).unwrap();
            drop(f);
            let o = scan_in(&repo(), &archive_sample(), &out, &["--no-cache"]);
            match o.status.code() {
                Some(1) => {
                    assert!(
                        stderr(&o).contains("previous outputs kept"),
                        "{}",
                        stderr(&o)
                    );
                    assert!(snapshot(&out) == before, "OUT changed on a full disk");
                    failed.push(stderr(&o));
                }
                Some(0) => {
                    // A complete new set.
                    assert_eq!(parse_present_outputs(&out), OUTPUTS.len());
                    assert_eq!(jsonl(&out.join("actions.jsonl")).len(), 70);
                    before = snapshot(&out);
                }
                c => panic!("status {c:?}: {}", stderr(&o)),
            }
        }
        eprintln!("full-disk runs that failed: {failed:#?}");
        assert!(failed.len() >= 2, "{failed:?}");
        assert!(
            failed.iter().any(|m| m.contains("cannot spool")),
            "{failed:?}"
        );
        assert!(failed.iter().any(|m| m.contains("/.runs/")), "{failed:?}");
    });
    let _ = Command::new("umount").arg(&mnt).status();
    if let Err(e) = result {
        std::panic::resume_unwind(e);
    }
}

#[cfg(unix)]
#[test]
fn names_that_are_not_utf8_get_distinct_labels() {
    use std::os::unix::ffi::OsStrExt;
    let tmp = tempfile::tempdir().unwrap();
    let archive = tmp.path().join("archive");
    std::fs::create_dir_all(&archive).unwrap();
    let pdfs = pdfs(&archive_sample());
    for (byte, src) in [(0xFEu8, &pdfs[0]), (0xFF, &pdfs[1])] {
        let bytes = [b'b', b'a', b'd', byte, b'.', b'p', b'd', b'f'];
        std::fs::copy(src, archive.join(std::ffi::OsStr::from_bytes(&bytes))).unwrap();
    }
    let out = tmp.path().join("out");
    scan(&archive, &out, &[]);
    let docs: Vec<String> = jsonl(&out.join("meetings.jsonl"))
        .iter()
        .map(|m| m["document"].as_str().unwrap().to_string())
        .collect();
    let a = archive.display();
    assert_eq!(docs.len(), 2);
    let mut sorted = docs.clone();
    sorted.sort();
    assert_eq!(
        sorted,
        [format!("{a}/bad\\xFE.pdf"), format!("{a}/bad\\xFF.pdf")]
    );
    // Each meeting's actions under its own label.
    let actions = jsonl(&out.join("actions.jsonl"));
    for d in &docs {
        assert!(actions.iter().any(|x| x["document"] == d.as_str()), "{d}");
    }
}

#[cfg(unix)]
#[test]
fn every_pdf_entry_is_accounted_for() {
    use std::os::unix::fs::symlink;
    let tmp = tempfile::tempdir().unwrap();
    let archive = tmp.path().join("archive");
    let outside = tmp.path().join("outside");
    std::fs::create_dir_all(archive.join("sub")).unwrap();
    std::fs::create_dir_all(&outside).unwrap();
    let pdfs = pdfs(&archive_sample());
    std::fs::copy(&pdfs[0], archive.join("a.pdf")).unwrap();
    std::fs::copy(&pdfs[0], archive.join("sub/copy.pdf")).unwrap();
    std::fs::copy(&pdfs[1], outside.join("o.pdf")).unwrap();
    assert!(Command::new("mkfifo")
        .arg(archive.join("pipe.pdf"))
        .status()
        .unwrap()
        .success());
    symlink(outside.join("o.pdf"), archive.join("out-link.pdf")).unwrap();
    symlink(&outside, archive.join("out-dir")).unwrap();
    symlink("a.pdf", archive.join("in-link.pdf")).unwrap();
    symlink("..", archive.join("sub/loop")).unwrap();
    symlink("/dev/zero", archive.join("zero.pdf")).unwrap();
    symlink("missing.pdf", archive.join("dangling.pdf")).unwrap();
    let out = tmp.path().join("out");
    let o = scan(&archive, &out, &[]);
    let errors = jsonl(&out.join("errors.jsonl"));
    let kinds: Vec<(String, String)> = errors
        .iter()
        .map(|e| (file_name(e), e["kind"].as_str().unwrap().to_string()))
        .collect();
    let want: Vec<(String, String)> = [
        // Sorted by path: `sub/loop` after `pipe.pdf`.
        ("dangling.pdf", "io"),
        ("out-dir", "skipped"),
        ("out-link.pdf", "skipped"),
        ("pipe.pdf", "skipped"),
        ("loop", "skipped"),
        ("zero.pdf", "skipped"),
    ]
    .iter()
    .map(|(a, b)| (a.to_string(), b.to_string()))
    .collect();
    assert_eq!(kinds, want, "{errors:?}");
    assert_eq!(
        errors[0]["error"],
        "cannot read: a symbolic link whose target is missing"
    );
    for e in &errors {
        let line = format!(
            "minutes scan: {}: {}",
            e["document"].as_str().unwrap(),
            e["error"].as_str().unwrap()
        );
        assert!(
            stderr(&o).contains(&line),
            "no line {line:?} in {}",
            stderr(&o)
        );
    }
    // a.pdf read once; its copy and the link inside the archive are its
    // duplicates; the failures are not counted as duplicates.
    let meetings = jsonl(&out.join("meetings.jsonl"));
    assert_eq!(meetings.len(), 1);
    assert_eq!(meetings[0]["duplicates"].as_array().unwrap().len(), 2);
    let summary = stderr(&o);
    assert!(
        summary.contains("minutes scan: 9 documents (1 read, 0 from cache, 2 duplicates)")
            && summary.contains(" 1 errors, 5 skipped in "),
        "{summary}"
    );
}

#[test]
fn the_quick_start_prints_no_error_line() {
    // README: `minutes scan corpus -o minutes-out`, from the repository root.
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("minutes-out");
    let o = Command::new(bin())
        .current_dir(repo())
        .args(["scan", "corpus", "-o"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(o.status.success());
    let err = stderr(&o);
    for line in err.lines() {
        assert!(
            !line.ends_with(']') && !line.contains("failed") && !line.contains("error:"),
            "error line in the quick start: {line}"
        );
    }
    assert!(err.contains(" 0 errors in "), "{err}");
    assert!(jsonl(&out.join("errors.jsonl")).is_empty());
    // The scan needs its folder: no hidden default.
    let o = Command::new(bin()).arg("scan").output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("<ARCHIVE>"), "{}", stderr(&o));
}

#[test]
fn report_and_history_on_a_missing_folder_agree() {
    for cmd in ["report", "history"] {
        let o = Command::new(bin()).args([cmd, "/nope"]).output().unwrap();
        assert_eq!(o.status.code(), Some(2), "{cmd}");
        let msg = stderr(&o);
        assert!(
            msg.contains("/nope") && msg.contains("output folder of a scan"),
            "{cmd}: {msg}"
        );
    }
}

#[test]
fn help_texts_speak_the_users_words() {
    for cmd in ["text", "actions", "scan", "history", "report"] {
        let o = Command::new(bin()).args([cmd, "--help"]).output().unwrap();
        let help = String::from_utf8_lossy(&o.stdout);
        assert!(
            !help.contains("`Limits`") && !help.contains("Limits "),
            "{cmd}: {help}"
        );
    }
}
