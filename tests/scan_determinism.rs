//! `minutes scan` gives byte-identical outputs whatever the number of
//! threads, with or without the cache (only `run.json`'s start time may
//! differ).

mod scan_support;
use scan_support::*;

#[test]
fn one_and_two_threads_give_identical_outputs() {
    let tmp = tempfile::tempdir().unwrap();
    let (o1, o2, o3) = (
        tmp.path().join("j1"),
        tmp.path().join("j2"),
        tmp.path().join("j2-cached"),
    );
    scan(&archive_sample(), &o1, &["-j", "1", "--no-cache"]);
    scan(&archive_sample(), &o2, &["-j", "2", "--no-cache"]);
    assert_same_outputs(&o1, &o2);
    // Through the cache: first run fills it, second reads from it.
    scan(&archive_sample(), &o3, &["-j", "2"]);
    let again = scan(&archive_sample(), &o3, &["-j", "2"]);
    let err = String::from_utf8_lossy(&again.stderr);
    assert!(err.contains("(0 read, 8 from cache)"), "{err}");
    assert_same_outputs(&o1, &o3);
    // The outputs are not empty: the sample's meetings and their actions.
    let meetings = jsonl(&o1.join("meetings.jsonl"));
    let errors = jsonl(&o1.join("errors.jsonl"));
    assert_eq!(meetings.len() + errors.len(), 8);
    let actions = jsonl(&o1.join("actions.jsonl"));
    assert!(actions.len() >= 40, "{} actions", actions.len());
    assert!(errors.is_empty(), "{errors:?}");
    assert!(!std::fs::read_dir(&o1)
        .unwrap()
        .any(|e| e.unwrap().file_name() == ".cache"));
}

/// An organisation whose records are over `--history-memory` has its
/// history built from disk, in passes that hold a few meetings: the
/// outputs are those of the history built in memory. `0` puts every
/// organisation of the bundled corpus (chains, copies, recurring items,
/// discovered themes, several bodies) on disk.
#[test]
fn history_built_from_disk_gives_the_outputs_of_history_in_memory() {
    let tmp = tempfile::tempdir().unwrap();
    let (memory, disk) = (tmp.path().join("memory"), tmp.path().join("disk"));
    let corpus = repo().join("corpus");
    scan(&corpus, &memory, &["-j", "2", "--no-cache"]);
    scan(
        &corpus,
        &disk,
        &["-j", "2", "--no-cache", "--history-memory", "0"],
    );
    assert_same_outputs(&memory, &disk);
    let history: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(memory.join("history.json")).unwrap())
            .unwrap();
    for list in ["chains", "recurring_items", "people"] {
        assert!(
            history[list].as_array().is_some_and(|l| !l.is_empty()),
            "no {list} in the corpus's history"
        );
    }
    let actions = jsonl(&memory.join("actions.jsonl"));
    assert!(actions.iter().any(|a| a["carried_forward"] == true));
}
