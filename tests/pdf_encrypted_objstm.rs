//! Encrypted files' object streams go through the same budgeted expansion
//! as plain files' (`src/pdf/objstm.rs`): decrypted first, then expanded
//! under `max_document_bytes`. Files in `tests/data/encrypted/` (see its
//! README for how qpdf made them).

mod peak_rss;

use minutes::limits::Limits;
use minutes::pdf::{extract, PdfError};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn data(name: &str) -> Vec<u8> {
    std::fs::read(repo().join("tests/data/encrypted").join(name)).unwrap()
}

fn page_texts(bytes: &[u8]) -> Vec<String> {
    let doc = extract(bytes, &Limits::default()).expect("readable");
    doc.pages
        .iter()
        .map(|p| p.glyphs.iter().map(|g| g.text.as_str()).collect())
        .collect()
}

#[test]
fn aes128_with_object_streams_reads_as_the_original() {
    let original = std::fs::read(repo().join("corpus/seed/shp-2016-05-11-lines.pdf")).unwrap();
    let encrypted = data("lines-aes128-objstm.pdf");
    let want = page_texts(&original);
    assert!(want.iter().any(|t| t.contains("Action")), "{want:?}");
    assert_eq!(page_texts(&encrypted), want);
}

/// The amplifying object stream is charged to the budget before lopdf
/// parses it: a limit, under the default limits as under small ones.
#[test]
fn an_amplifying_encrypted_object_stream_is_a_limit() {
    let amp = data("objstm-amp-aes128.pdf");
    for limits in [
        Limits::default(),
        Limits {
            max_document_bytes: 1 << 20,
            ..Limits::default()
        },
    ] {
        match extract(&amp, &limits) {
            Err(PdfError::Limit(hit)) => {
                let msg = hit.message;
                assert!(
                    msg.contains("object stream") && msg.contains("max_document_bytes"),
                    "{msg}"
                )
            }
            other => panic!("expected a limit, got {other:?}"),
        }
    }
}

/// `minutes text` and `actions` on the amplifying file: exit 7 (limit), one
/// stderr line, and a peak resident size (the child's own, from `wait4`)
/// under 256 MiB (main before this change, lopdf expanding it: exit 0 after
/// 14 s with a 920 MiB peak).
#[test]
fn the_amplifying_file_stays_under_256_mib() {
    let path = repo().join("tests/data/encrypted/objstm-amp-aes128.pdf");
    for command in ["text", "actions"] {
        let (status, stderr, peak_kib) = run(&[command.as_ref(), path.as_os_str()]);
        eprintln!("minutes {command}: exit {status}, peak {peak_kib} KiB: {stderr}");
        assert_eq!(status, 7, "{stderr}");
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(stderr.contains("max_document_bytes"), "{stderr}");
        assert!(peak_kib < 256 * 1024, "peak RSS {peak_kib} KiB");
    }
}

/// Runs the binary; returns its exit status, stderr and peak RSS in KiB
/// (fails the test if the peak cannot be read).
fn run(args: &[&std::ffi::OsStr]) -> (i32, String, u64) {
    let dir = tempfile::tempdir().unwrap();
    let err_path = dir.path().join("stderr");
    let child = Command::new(env!("CARGO_BIN_EXE_minutes"))
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(&err_path).unwrap())
        .spawn()
        .unwrap();
    let (status, peak_kib) = peak_rss::wait_with_peak(child, &args[0].to_string_lossy());
    let stderr = std::fs::read_to_string(Path::new(&err_path)).unwrap();
    (status, stderr, peak_kib)
}
