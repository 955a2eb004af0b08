//! The output folder is one complete set whatever happens to a scan: a
//! scan interrupted (SIGINT, SIGTERM) or killed (SIGKILL) at any moment while it
//! overwrites an older set leaves OUT entirely old or entirely new (each
//! compared with a clean run; the database of the surviving set passes
//! `PRAGMA integrity_check`), a re-run completes it, the cache database is
//! never corrupt, and two scans into one OUT never interleave.

mod scan_support;
use scan_support::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The older set's archive (the seed meetings) and the newer one's (the
/// archive, seed and variant samples: long enough a run to hit mid-way).
fn archives(tmp: &Path) -> (PathBuf, PathBuf) {
    let old = tmp.join("old-archive");
    copy_dir(&repo().join("corpus/seed"), &old);
    let new = tmp.join("new-archive");
    for sub in ["archive", "seed", "variants"] {
        copy_dir(&repo().join("corpus").join(sub), &new.join(sub));
    }
    (old, new)
}

fn spawn_scan(archive: &Path, out: &Path, extra: &[&str]) -> Child {
    Command::new(bin())
        .current_dir(repo())
        .args(["scan", "--quiet", "-j", "2", "-o"])
        .arg(out)
        .arg(archive)
        .args(extra)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// Which clean set OUT holds ("old" or "new"), checking the report and
/// `run.json` belong to the same run; panics on a mix.
fn which_set(out: &Path, sets: &BTreeMap<&str, BTreeMap<String, String>>) -> &'static str {
    let got = outputs(out);
    let name = if got == sets["old"] {
        "old"
    } else if got == sets["new"] {
        "new"
    } else {
        for (n, set) in sets {
            let differ: Vec<_> = set.keys().filter(|k| set[*k] != got[*k]).collect();
            eprintln!("differs from {n} in {differ:?}");
        }
        panic!("{} holds a mix of two runs", out.display());
    };
    let run: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("run.json")).unwrap()).unwrap();
    let report = std::fs::read_to_string(out.join("report.html")).unwrap();
    for k in ["started", "finished"] {
        let v = run[k].as_str().unwrap();
        assert!(
            report.contains(&format!("<dd>{v}</dd>")),
            "report.html is not the report of run.json's run ({k} {v})"
        );
    }
    name
}

/// The cache database is whole (`PRAGMA integrity_check`) and every entry
/// parses (entries are written whole or not at all).
fn assert_cache_whole(out: &Path) {
    let db = out.join(".cache/cache.sqlite");
    let c = rusqlite::Connection::open(&db).unwrap();
    let ok: String = c
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(ok, "ok", "{} is corrupt", db.display());
    let mut s = c.prepare("SELECT key, entry FROM entries").unwrap();
    let rows = s
        .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))
        .unwrap();
    for row in rows {
        let (key, text) = row.unwrap();
        serde_json::from_str::<serde_json::Value>(&text)
            .unwrap_or_else(|e| panic!("cache entry {key} is corrupt: {e}"));
    }
}

#[test]
fn interrupted_and_killed_scans_leave_the_old_set_or_the_new_one() {
    let tmp = tempfile::tempdir().unwrap();
    let (old, new) = archives(tmp.path());
    let (clean_old, clean_new) = (tmp.path().join("clean-old"), tmp.path().join("clean-new"));
    scan(&old, &clean_old, &["-j", "2", "--no-cache"]);
    let t = Instant::now();
    scan(&new, &clean_new, &["-j", "2", "--no-cache"]);
    // Signal times spread over a whole run on this machine, and past it.
    let run_ms = t.elapsed().as_millis() as f64;
    let sets = BTreeMap::from([("old", outputs(&clean_old)), ("new", outputs(&clean_new))]);

    let out = tmp.path().join("out");
    let mut ended = BTreeMap::<(&str, &str), usize>::new();
    for (round, share) in [0.0, 0.05, 0.15, 0.3, 0.5, 0.8, 1.8]
        .into_iter()
        .enumerate()
    {
        let delay_ms = (share * run_ms) as u64;
        for signal in ["INT", "TERM", "KILL"] {
            // OUT holds the complete old set (and a cache of both).
            if std::fs::metadata(out.join("run.json")).is_err() || which_set(&out, &sets) != "old" {
                scan(&old, &out, &["-j", "2"]);
            }
            // Every other round reads everything again: a longer run.
            let extra: &[&str] = if round % 2 == 0 { &["--no-cache"] } else { &[] };
            let child = spawn_scan(&new, &out, extra);
            std::thread::sleep(Duration::from_millis(delay_ms));
            let pid = child.id().to_string();
            let ok = Command::new("kill")
                .args([format!("-{signal}").as_str(), &pid])
                .status()
                .unwrap();
            assert!(ok.success() || delay_ms > 0);
            let o = child.wait_with_output().unwrap();
            let stderr = String::from_utf8_lossy(&o.stderr);
            let now = which_set(&out, &sets);
            if signal != "KILL" {
                match o.status.code() {
                    Some(130) => {
                        assert_eq!(now, "old", "interrupted, yet OUT changed: {stderr}");
                        assert!(
                            stderr
                                .lines()
                                .any(|l| l.starts_with("minutes scan: interrupted; ")
                                    && l.ends_with(" outputs unchanged")),
                            "{stderr}"
                        );
                    }
                    Some(0) => assert_eq!(now, "new", "{stderr}"),
                    // Before the handler is installed the signal ends the
                    // process at once: nothing was written yet.
                    None => assert_eq!(now, "old", "{stderr}"),
                    c => panic!("SIG{signal} gave status {c:?}: {stderr}"),
                }
            }
            *ended.entry((signal, now)).or_default() += 1;
            assert_cache_whole(&out);
        }
    }
    // The signals hit both mid-run (old set kept) and after the run (new
    // set), so the test covered the window it is about.
    for signal in ["INT", "TERM", "KILL"] {
        assert!(
            ended.get(&(signal, "old")).copied().unwrap_or(0) >= 2,
            "SIG{signal} never landed mid-run: {ended:?}"
        );
    }
    assert!(
        ended.keys().any(|(_, s)| *s == "new"),
        "no run finished: {ended:?}"
    );
    eprintln!("where each signal left OUT: {ended:?}");
    // A re-run (the lock of a killed scan is not in the way) completes it.
    scan(&new, &out, &["-j", "2"]);
    assert_eq!(which_set(&out, &sets), "new");
    assert_same_outputs(&clean_new, &out);
    assert_cache_whole(&out);
    let leftovers: Vec<_> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".minutes-tmp-"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    // The current set and at most the one it replaced.
    assert!(std::fs::read_dir(out.join(".runs")).unwrap().count() <= 2);
}

#[test]
fn a_second_scan_into_the_same_out_is_told_it_is_busy() {
    let tmp = tempfile::tempdir().unwrap();
    let (_, new) = archives(tmp.path());
    let clean = tmp.path().join("clean");
    scan(&new, &clean, &["-j", "2", "--no-cache"]);
    let out = tmp.path().join("out");
    let first = spawn_scan(&new, &out, &["--no-cache"]);
    // Wait until the first holds the lock (its pid is in the lock file).
    let t = Instant::now();
    let pid = first.id().to_string();
    while std::fs::read_to_string(out.join(".lock")).map_or(true, |s| s.trim() != pid) {
        assert!(
            t.elapsed() < Duration::from_secs(20),
            "first scan never locked OUT"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    let second = scan_in(&repo(), &new, &out, &["-j", "1"]);
    let first = first.wait_with_output().unwrap();
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    assert_eq!(second.status.code(), Some(2));
    let msg = String::from_utf8_lossy(&second.stderr);
    assert!(
        msg.contains("is busy") && msg.contains(&format!("process {pid}")),
        "{msg}"
    );
    assert_eq!(msg.lines().count(), 1, "{msg}");
    assert_same_outputs(&clean, &out);
}
