//! The hostile files of `tests/data/bad2/` (copied from the shared corpus's
//! `bad2/`, see its README there): each one, in `minutes text`, `minutes
//! actions` and `minutes scan`, ends within `max_millis` + 2 s, with a peak
//! resident size under 256 MiB, without a panic, with the right exit
//! status and error kind, at most one stderr line for the single-file
//! commands, and no raw control character on the terminal.
//!
//! Each run is a child process of the real binary, and its peak resident
//! size is read from the kernel (`wait4`'s `ru_maxrss`) for that child
//! alone; a run whose peak cannot be read fails the test.

mod peak_rss;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The time limit every run gets (`--limits`), in milliseconds.
const MAX_MILLIS: u64 = 5_000;
const MAX_RSS_KIB: u64 = 256 * 1024;

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/bad2")
        .join(name)
}

struct Run {
    status: i32,
    stdout: Vec<u8>,
    stderr: String,
    elapsed: Duration,
    peak_kib: u64,
}

/// Runs the binary with `args`, output to files (so a full pipe cannot
/// stall it), and reads the child's own peak RSS with `wait4`.
fn run(args: &[&std::ffi::OsStr], dir: &Path) -> Run {
    // One child at a time: the times measured are each file's, not those
    // of this binary's other tests competing for the same cores.
    static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _turn = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let out_path = dir.join("stdout");
    let err_path = dir.join("stderr");
    let start = Instant::now();
    let child = Command::new(env!("CARGO_BIN_EXE_minutes"))
        .args(args)
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&out_path).unwrap())
        .stderr(std::fs::File::create(&err_path).unwrap())
        .spawn()
        .expect("spawn minutes");
    let (status, peak_kib) = peak_rss::wait_with_peak(child, &format!("{args:?}"));
    let elapsed = start.elapsed();
    Run {
        status,
        stdout: std::fs::read(&out_path).unwrap(),
        stderr: std::fs::read_to_string(&err_path).unwrap(),
        elapsed,
        peak_kib,
    }
}

/// No C0/C1 control except tab, newline and form feed.
fn assert_no_raw_controls(what: &str, bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes);
    if let Some(c) = text
        .chars()
        .find(|&c| matches!(c as u32, 0..=0x1f | 0x7f..=0x9f) && !matches!(c, '\n' | '\t' | '\x0c'))
    {
        panic!(
            "{what}: raw control character U+{:04X} reaches the terminal",
            c as u32
        );
    }
}

fn limits_file(dir: &Path) -> PathBuf {
    let p = dir.join("limits.toml");
    std::fs::write(&p, format!("max_millis = {MAX_MILLIS}\n")).unwrap();
    p
}

/// What a file must give in `text` / `actions` (exit status) and in a scan
/// (error kind, or `None` for a meeting record).
struct Expect {
    file: &'static str,
    statuses: &'static [i32],
    scan_kinds: &'static [Option<&'static str>],
}

const FILES: &[Expect] = &[
    Expect {
        file: "objstm-amp4.pdf",
        statuses: &[7],
        scan_kinds: &[Some("limit")],
    },
    Expect {
        file: "p2k55.pdf",
        // Its lines start "Action" but name no owner: not minutes, or a
        // limit, but always in time.
        statuses: &[0, 1, 7],
        scan_kinds: &[None, Some("limit"), Some("not_minutes")],
    },
    Expect {
        file: "budget100.pdf",
        statuses: &[0, 7],
        scan_kinds: &[None, Some("limit"), Some("partial")],
    },
    // Decoded, or a limit / damaged naming the filter chain; never no_text.
    Expect {
        file: "chain50.pdf",
        statuses: &[0, 4, 7],
        scan_kinds: &[None, Some("limit"), Some("damaged")],
    },
    Expect {
        file: "ansi.pdf",
        // A page of text with no meeting in it: `not_minutes` is a fair
        // answer; what matters is that its controls never reach a terminal.
        statuses: &[0, 1],
        scan_kinds: &[None, Some("not_minutes")],
    },
    Expect {
        file: "basefont-esc.pdf",
        statuses: &[0, 1],
        scan_kinds: &[None, Some("partial"), Some("not_minutes")],
    },
    Expect {
        file: "inj2.pdf",
        statuses: &[0],
        scan_kinds: &[None],
    },
];

fn check_bounds(what: &str, r: &Run) {
    eprintln!(
        "{what}: exit {} in {:?}, peak RSS {} KiB",
        r.status, r.elapsed, r.peak_kib
    );
    assert!(
        r.elapsed < Duration::from_millis(MAX_MILLIS + 2_000),
        "{what}: took {:?}, more than max_millis + 2 s",
        r.elapsed
    );
    assert!(
        r.peak_kib < MAX_RSS_KIB,
        "{what}: peak RSS {} KiB, not under 256 MiB",
        r.peak_kib
    );
    assert!(!r.stderr.contains("panic"), "{what}: {}", r.stderr);
    assert_no_raw_controls(&format!("{what} stdout"), &r.stdout);
    assert_no_raw_controls(&format!("{what} stderr"), r.stderr.as_bytes());
}

/// `p2k55.pdf` (2,000 pages of labelled lines) in the commands that read
/// the minutes runs in its own test, [`p2k55_in_actions_and_scan`], the
/// slowest of the set (the rules stage reads all 2,000 pages).
fn reads_minutes_in_time(command: &str, e: &Expect) -> bool {
    !(e.file == "p2k55.pdf" && command != "text")
}

fn single_file(command: &str) {
    let tmp = tempfile::tempdir().unwrap();
    let limits = limits_file(tmp.path());
    single_file_of(
        command,
        FILES.iter().filter(|e| reads_minutes_in_time(command, e)),
        tmp.path(),
        &limits,
    );
}

fn single_file_of<'a>(
    command: &str,
    files: impl Iterator<Item = &'a Expect>,
    dir: &Path,
    limits: &Path,
) {
    let tmp = dir;
    for e in files {
        let path = data(e.file);
        let r = run(
            &[
                command.as_ref(),
                "--limits".as_ref(),
                limits.as_os_str(),
                path.as_os_str(),
            ],
            tmp,
        );
        let what = format!("minutes {command} {}", e.file);
        check_bounds(&what, &r);
        assert!(
            e.statuses.contains(&r.status),
            "{what}: exit {} (expected one of {:?}): {}",
            r.status,
            e.statuses,
            r.stderr
        );
        let lines: Vec<&str> = r.stderr.lines().collect();
        assert!(
            lines.len() <= 1,
            "{what}: more than one stderr line: {lines:?}"
        );
        if r.status != 0 {
            assert_eq!(lines.len(), 1, "{what}: a failure says why");
            assert!(lines[0].contains(e.file), "{what}: {}", lines[0]);
        }
        assert!(!r.stderr.contains("scanned"), "{what}: {}", r.stderr);
    }
}

#[test]
fn text_bounds_every_bad2_file() {
    single_file("text");
}

#[test]
fn actions_bounds_every_bad2_file() {
    single_file("actions");
}

/// One scan per file (so each run's peak is that file's), then one scan of
/// all of them beside a good file, whose actions must be what they are alone.
#[test]
fn scan_bounds_every_bad2_file_and_keeps_the_good_one() {
    let tmp = tempfile::tempdir().unwrap();
    let limits = limits_file(tmp.path());
    scan_each(
        FILES.iter().filter(|e| reads_minutes_in_time("scan", e)),
        tmp.path(),
        &limits,
    );
    scan_mixed(tmp.path(), &limits);
}

#[test]
fn p2k55_in_actions_and_scan() {
    let tmp = tempfile::tempdir().unwrap();
    let limits = limits_file(tmp.path());
    let p2k55 = || FILES.iter().filter(|e| e.file == "p2k55.pdf");
    single_file_of("actions", p2k55(), tmp.path(), &limits);
    scan_each(p2k55(), tmp.path(), &limits);
}

fn scan_each<'a>(files: impl Iterator<Item = &'a Expect>, dir: &Path, limits: &Path) {
    struct Tmp<'p>(&'p Path);
    impl Tmp<'_> {
        fn path(&self) -> &Path {
            self.0
        }
    }
    let tmp = Tmp(dir);
    for e in files {
        let archive = tmp.path().join(format!("a-{}", e.file));
        std::fs::create_dir_all(&archive).unwrap();
        std::fs::copy(data(e.file), archive.join(e.file)).unwrap();
        let out = tmp.path().join(format!("o-{}", e.file));
        let r = run(
            &[
                "scan".as_ref(),
                "-q".as_ref(),
                "--limits".as_ref(),
                limits.as_os_str(),
                archive.as_os_str(),
                "-o".as_ref(),
                out.as_os_str(),
            ],
            tmp.path(),
        );
        let what = format!("minutes scan {}", e.file);
        check_bounds(&what, &r);
        assert_eq!(r.status, 0, "{what}: {}", r.stderr);
        let errors = std::fs::read_to_string(out.join("errors.jsonl")).unwrap();
        let kind = errors
            .lines()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .find_map(|v| v["kind"].as_str().map(str::to_string));
        assert!(
            e.scan_kinds.contains(&kind.as_deref()),
            "{what}: kind {kind:?}, expected one of {:?}",
            e.scan_kinds
        );
    }
}

/// All the bad2 files together, beside a good document: its actions are
/// what they are alone.
fn scan_mixed(dir: &Path, limits: &Path) {
    struct Tmp<'p>(&'p Path);
    impl Tmp<'_> {
        fn path(&self) -> &Path {
            self.0
        }
    }
    let tmp = Tmp(dir);
    let good = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/bad/injection.pdf");
    let alone = tmp.path().join("alone");
    std::fs::create_dir_all(&alone).unwrap();
    std::fs::copy(&good, alone.join("good.pdf")).unwrap();
    let mixed = tmp.path().join("mixed");
    std::fs::create_dir_all(&mixed).unwrap();
    std::fs::copy(&good, mixed.join("good.pdf")).unwrap();
    for e in FILES.iter().filter(|e| reads_minutes_in_time("scan", e)) {
        std::fs::copy(data(e.file), mixed.join(e.file)).unwrap();
    }
    let actions_of = |archive: &Path, name: &str| -> Vec<String> {
        let out = tmp.path().join(name);
        let r = run(
            &[
                "scan".as_ref(),
                "-q".as_ref(),
                "-j".as_ref(),
                "2".as_ref(),
                "--limits".as_ref(),
                limits.as_os_str(),
                archive.as_os_str(),
                "-o".as_ref(),
                out.as_os_str(),
            ],
            tmp.path(),
        );
        assert_eq!(r.status, 0, "{}", r.stderr);
        assert_no_raw_controls("mixed scan stderr", r.stderr.as_bytes());
        std::fs::read_to_string(out.join("actions.jsonl"))
            .unwrap()
            .lines()
            .filter(|l| l.contains("good.pdf"))
            .map(|l| l.replace(&archive.display().to_string(), "ARCHIVE"))
            .collect()
    };
    let a = actions_of(&alone, "out-alone");
    let m = actions_of(&mixed, "out-mixed");
    assert!(!a.is_empty());
    assert_eq!(
        a, m,
        "the good file's actions changed beside the bad2 files"
    );
}

/// `inj2.pdf`: its actions are read, and what reaches HTML and CSV is
/// escaped (no live `<script>`, no cell starting a formula).
#[test]
fn inj2_actions_read_html_escaped_csv_neutralised() {
    let tmp = tempfile::tempdir().unwrap();
    let archive = tmp.path().join("a");
    std::fs::create_dir_all(&archive).unwrap();
    std::fs::copy(data("inj2.pdf"), archive.join("inj2.pdf")).unwrap();
    let out = tmp.path().join("o");
    let r = run(
        &[
            "scan".as_ref(),
            "-q".as_ref(),
            archive.as_os_str(),
            "-o".as_ref(),
            out.as_os_str(),
        ],
        tmp.path(),
    );
    assert_eq!(r.status, 0, "{}", r.stderr);
    let actions = std::fs::read_to_string(out.join("actions.jsonl")).unwrap();
    assert!(actions.lines().count() >= 3, "{actions}");
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(!html.contains("<script>alert"), "raw script in the report");
    assert!(!html.contains("<img src=x"), "raw img in the report");
    let csv = std::fs::read_to_string(out.join("actions.csv")).unwrap();
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    for rec in reader.records() {
        for cell in rec.unwrap().iter() {
            assert!(
                !cell.starts_with(['=', '+', '-', '@']),
                "CSV cell starts a formula: {cell}"
            );
        }
    }
}

/// `budget100.pdf` and a normal file under `--limits` that leave less than
/// 4 KiB per stream or per document: a limit error, never a panic (exit 101).
#[test]
fn byte_caps_below_4096_are_limits_not_panics() {
    let tmp = tempfile::tempdir().unwrap();
    let good = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/bad/injection.pdf");
    for (key, value) in [
        ("max_stream_bytes", 100),
        ("max_stream_bytes", 4095),
        ("max_document_bytes", 1000),
        ("max_document_bytes", 4095),
    ] {
        let limits = tmp.path().join("caps.toml");
        std::fs::write(&limits, format!("{key} = {value}\n")).unwrap();
        for file in [data("budget100.pdf"), good.clone()] {
            for command in ["text", "actions"] {
                let r = run(
                    &[
                        command.as_ref(),
                        "--limits".as_ref(),
                        limits.as_os_str(),
                        file.as_os_str(),
                    ],
                    tmp.path(),
                );
                let what = format!("minutes {command} ({key} = {value}) {}", file.display());
                assert_eq!(r.status, 7, "{what}: {}", r.stderr);
                assert!(r.stderr.contains(key), "{what}: {}", r.stderr);
            }
        }
    }
}

/// `history` prints the actions of `ansi.pdf` and `inj2.pdf` (which hold
/// ESC, OSC and BEL) with every control made visible; `--json` keeps them
/// as JSON escapes.
#[test]
fn history_neutralises_control_characters() {
    let tmp = tempfile::tempdir().unwrap();
    let archive = tmp.path().join("a");
    std::fs::create_dir_all(&archive).unwrap();
    for f in ["ansi.pdf", "inj2.pdf", "basefont-esc.pdf"] {
        std::fs::copy(data(f), archive.join(f)).unwrap();
    }
    let out = tmp.path().join("o");
    let r = run(
        &[
            "scan".as_ref(),
            "-q".as_ref(),
            archive.as_os_str(),
            "-o".as_ref(),
            out.as_os_str(),
        ],
        tmp.path(),
    );
    assert_eq!(r.status, 0, "{}", r.stderr);
    assert_no_raw_controls("scan stderr", r.stderr.as_bytes());
    let jsonl = std::fs::read_to_string(out.join("actions.jsonl")).unwrap();
    assert!(jsonl.contains("\\u001b"), "the hostile text is in the data");
    let r = run(&["history".as_ref(), out.as_os_str()], tmp.path());
    assert_eq!(r.status, 0, "{}", r.stderr);
    let shown = String::from_utf8_lossy(&r.stdout);
    assert!(shown.contains("\\x1b"), "{shown}");
    assert_no_raw_controls("history stdout", &r.stdout);
    assert_no_raw_controls("history stderr", r.stderr.as_bytes());
    let r = run(
        &["history".as_ref(), out.as_os_str(), "--json".as_ref()],
        tmp.path(),
    );
    assert_eq!(r.status, 0, "{}", r.stderr);
    assert!(String::from_utf8_lossy(&r.stdout).contains("\\u001b"));
    assert_no_raw_controls("history --json", &r.stdout);
}
