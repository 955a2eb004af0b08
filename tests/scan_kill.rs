//! A scan killed at any moment leaves only complete output files, and a
//! re-run after the kill gives exactly the outputs of a clean run.

mod scan_support;
use scan_support::*;
use std::process::{Command, Stdio};
use std::time::Duration;

#[test]
fn killed_runs_leave_complete_files_and_rerun_equals_clean_run() {
    let tmp = tempfile::tempdir().unwrap();
    let archive = tmp.path().join("archive");
    copy_dir(&archive_sample(), &archive);
    let clean = tmp.path().join("clean");
    scan(&archive, &clean, &["-j", "2", "--no-cache"]);

    let out = tmp.path().join("out");
    let mut killed_with_outputs = 0;
    for (round, delay_ms) in [5u64, 40, 120, 300, 700, 1500, 3000]
        .into_iter()
        .enumerate()
    {
        // Alternate: re-use OUT (previous outputs + partial cache) and a
        // fresh OUT (nothing yet).
        let o = if round % 2 == 0 {
            out.clone()
        } else {
            tmp.path().join(format!("fresh{round}"))
        };
        let mut child = Command::new(bin())
            .current_dir(repo())
            .args(["scan", "--quiet", "-j", "2", "-o"])
            .arg(&o)
            .arg(&archive)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay_ms));
        let _ = child.kill();
        let _ = child.wait();
        if parse_present_outputs(&o) > 0 {
            killed_with_outputs += 1;
        }
        // No stray temporary output left visible as an output name.
        scan(&archive, &o, &["-j", "2"]);
        assert_same_outputs(&clean, &o);
        let leftovers: Vec<_> = std::fs::read_dir(&o)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with(".minutes-tmp-"))
            .collect();
        assert!(leftovers.is_empty(), "{leftovers:?}");
    }
    // The re-used OUT had outputs from earlier rounds at each kill.
    assert!(killed_with_outputs >= 3);
}
