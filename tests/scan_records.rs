//! The sharded recipe of docs/archive.md: `minutes actions --records` run
//! as four separate processes over four shards of an archive, then
//! `minutes scan ARCHIVE --from-records` over their outputs, gives the same
//! outputs as a direct scan (database included), with duplicates and
//! failed files (GNU parallel is not needed: the test starts the shards
//! itself).

mod scan_support;
use scan_support::*;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// Every file under `dir`, sorted.
fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(files(&p));
        } else {
            out.push(p);
        }
    }
    out.sort();
    out
}

#[test]
fn four_shards_of_records_give_the_outputs_of_a_direct_scan() {
    let tmp = tempfile::tempdir().unwrap();
    let archive = tmp.path().join("archive");
    for sub in ["archive", "seed", "decisions"] {
        copy_dir(&repo().join("corpus").join(sub), &archive.join(sub));
    }
    // A duplicate (read once, listed under the first path) and two files
    // that fail (listed in errors.jsonl with their kind).
    let first = pdfs(&archive.join("seed"))[0].clone();
    std::fs::copy(&first, archive.join("zz-copy.pdf")).unwrap();
    for bad in ["empty.pdf", "encrypted-user-password.pdf"] {
        std::fs::copy(repo().join("tests/data/bad").join(bad), archive.join(bad)).unwrap();
    }

    let direct = tmp.path().join("direct");
    scan(&archive, &direct, &["-j", "2", "--no-cache"]);

    // The recipe's shards: the PDFs by name (the README is no minutes).
    let all: Vec<PathBuf> = files(&archive)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .collect();
    let shards: Vec<Vec<PathBuf>> = (0..4)
        .map(|k| all.iter().skip(k).step_by(4).cloned().collect())
        .collect();
    let children: Vec<_> = shards
        .iter()
        .enumerate()
        .map(|(k, shard)| {
            let out = std::fs::File::create(tmp.path().join(format!("shard-{k}.jsonl"))).unwrap();
            Command::new(bin())
                .current_dir(repo())
                .arg("actions")
                .arg("--records")
                .args(shard)
                .stdout(out)
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for c in children {
        // Shards holding a bad file exit non-zero, as `minutes actions` does.
        let o = c.wait_with_output().unwrap();
        assert!(o.status.code().is_some(), "{o:?}");
    }
    let records: Vec<PathBuf> = (0..4)
        .map(|k| tmp.path().join(format!("shard-{k}.jsonl")))
        .collect();
    let lines: usize = records
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap().lines().count())
        .sum();
    assert_eq!(lines, all.len());

    let combined = tmp.path().join("combined");
    let mut args = vec!["--from-records".to_string()];
    args.extend(records.iter().map(|p| p.display().to_string()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    scan(&archive, &combined, &args);
    assert_same_outputs(&direct, &combined);
    for name in ["decisions.jsonl", "errors.jsonl"] {
        assert_eq!(
            std::fs::read(direct.join(name)).unwrap(),
            std::fs::read(combined.join(name)).unwrap(),
            "{name}"
        );
    }
    let errors = jsonl(&combined.join("errors.jsonl"));
    assert_eq!(errors.len(), 2, "{errors:?}");
    let meetings = jsonl(&combined.join("meetings.jsonl"));
    assert!(meetings.iter().any(|m| m["duplicates"][0]
        .as_str()
        .is_some_and(|d| d.ends_with("zz-copy.pdf"))));

    // A file that is not records is refused, naming it and the line.
    let junk = tmp.path().join("junk.jsonl");
    std::fs::write(&junk, "{\"document\": \"x.pdf\"}\n").unwrap();
    let o = scan_in(
        &repo(),
        &archive,
        &tmp.path().join("junk-out"),
        &["--from-records", junk.to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("junk.jsonl:1"), "{err}");
}
