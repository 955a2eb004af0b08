//! Parsed objects are charged to the document's budget *before* lopdf holds
//! them (`pdf::rawcost` estimates the file from its raw bytes, the load
//! filter drops every object once the budget is spent). Each file is built
//! here, uncompressed, so that its objects cost many times its size once
//! parsed, and read by `minutes text` in a child process whose peak
//! resident size is read from the kernel (`wait4`'s `ru_maxrss`); a run
//! whose peak cannot be read fails the test.
//!
//! Before the guard, the plain-array file (30 MB) held over 1 GB in lopdf's
//! load, and the hidden-object files several hundred MB (see the figures
//! in the commit that added this test).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

struct Run {
    status: i32,
    stderr: String,
    elapsed: Duration,
    peak_kib: u64,
}

/// Runs `minutes text FILE` (with `--limits` when given) and reads the
/// child's own peak RSS.
fn text(file: &Path, limits: Option<&Path>) -> Run {
    static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _turn = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let err_path = file.with_extension("stderr");
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_minutes"));
    cmd.arg("text");
    if let Some(l) = limits {
        cmd.arg("--limits").arg(l);
    }
    let start = Instant::now();
    let child = cmd
        .arg(file)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(&err_path).unwrap())
        .spawn()
        .expect("spawn minutes");
    let pid = child.id() as libc::pid_t;
    let mut status: libc::c_int = 0;
    // SAFETY: a zeroed rusage is a valid value for wait4 to fill in.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: pid is our child, not yet waited for; the pointers are valid.
    let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let elapsed = start.elapsed();
    assert_eq!(r, pid, "wait4 failed: the peak RSS cannot be measured");
    std::mem::forget(child);
    let peak_kib = usage.ru_maxrss as u64; // KiB on Linux
    assert!(peak_kib > 0, "ru_maxrss is 0: the peak RSS was not measured");
    assert!(libc::WIFEXITED(status), "minutes text did not exit normally");
    Run {
        status: libc::WEXITSTATUS(status),
        stderr: std::fs::read_to_string(&err_path).unwrap(),
        elapsed,
        peak_kib,
    }
}

/// A PDF whose object `n` (from 1) is `bodies[n - 1]` (what goes between
/// `n 0 obj` and `endobj`), with a one-page tree in objects 1-5 first.
/// `extra` adds cross-reference entries `(number, offset within the body
/// of object k, k)`: objects hidden inside another object's bytes.
fn pdf(bodies: &[Vec<u8>], extra: &[(u32, usize, usize)]) -> Vec<u8> {
    let content = b"BT /F1 12 Tf 72 700 Td (Action: AB to write the report) Tj ET";
    let mut all: Vec<Vec<u8>> = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>".to_vec(),
        [
            format!("<< /Length {} >>\nstream\n", content.len()).as_bytes(),
            content,
            b"\nendstream",
        ]
        .concat(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_vec(),
    ];
    all.extend(bodies.iter().cloned());
    let mut out = b"%PDF-1.7\n".to_vec();
    let mut offsets = Vec::new();
    let mut body_starts = Vec::new();
    for (i, body) in all.iter().enumerate() {
        offsets.push(out.len());
        write!(out, "{} 0 obj\n", i + 1).unwrap();
        body_starts.push(out.len());
        out.extend_from_slice(body);
        out.extend_from_slice(b"\nendobj\n");
    }
    let mut entries: Vec<(u32, usize)> = (1..=all.len() as u32).zip(offsets).collect();
    for &(n, at, k) in extra {
        entries.push((n, body_starts[k - 1] + at));
    }
    entries.sort();
    let size = entries.last().unwrap().0 + 1;
    let xref = out.len();
    write!(out, "xref\n0 {size}\n0000000000 65535 f \n").unwrap();
    let mut next = 1;
    for (n, off) in entries {
        while next < n {
            out.extend_from_slice(b"0000000000 65535 f \n");
            next += 1;
        }
        write!(out, "{off:010} 00000 n \n").unwrap();
        next += 1;
    }
    write!(
        out,
        "trailer\n<< /Size {size} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n"
    )
    .unwrap();
    out
}

/// `n 0 obj [0 0 0 …] endobj` with `count` zeros: about 2 bytes a number in
/// the file, far more once parsed.
fn hidden_array(n: u32, count: usize) -> Vec<u8> {
    let mut v = format!("{n} 0 obj\n[").into_bytes();
    v.extend(b"0 ".repeat(count));
    v.extend_from_slice(b"]\nendobj\n");
    v
}

/// A stream object whose payload is `payload`, uncompressed.
fn stream(payload: &[u8]) -> Vec<u8> {
    [
        format!("<< /Length {} >>\nstream\n", payload.len()).as_bytes(),
        payload,
        b"\nendstream",
    ]
    .concat()
}

fn dir() -> PathBuf {
    let d = Path::new(env!("CARGO_TARGET_TMPDIR")).join("pdf_object_budget");
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn check(what: &str, r: &Run, max_kib: u64) {
    eprintln!(
        "{what}: exit {} in {:?}, peak RSS {} KiB: {}",
        r.status,
        r.elapsed,
        r.peak_kib,
        r.stderr.trim()
    );
    assert_eq!(r.status, 7, "{what}: not a limit error: {}", r.stderr);
    assert!(
        r.stderr.contains("max_document_bytes") && r.stderr.lines().count() == 1,
        "{what}: {}",
        r.stderr
    );
    assert!(
        r.peak_kib < max_kib,
        "{what}: peak RSS {} KiB, not under {max_kib} KiB",
        r.peak_kib
    );
}

/// The fuzz finding's shape: large top-level arrays written plainly. 30 MB
/// of small integers, over a gigabyte once parsed: refused from the raw
/// bytes, before lopdf parses anything.
#[test]
fn plain_arrays_are_refused_before_they_are_parsed() {
    let d = dir();
    let body = {
        let mut v = b"[".to_vec();
        v.extend(b"0 ".repeat(1_500_000));
        v.push(b']');
        v
    };
    let bodies = vec![body; 10];
    let file = d.join("plain-arrays.pdf");
    std::fs::write(&file, pdf(&bodies, &[])).unwrap();
    let r = text(&file, None);
    // The file itself is read whole (30 MB): the bound is that plus the
    // process's own, not the gigabyte its objects would hold.
    check("plain arrays", &r, 96 * 1024);
    assert!(r.stderr.contains("once parsed"), "{}", r.stderr);
}

/// An object hidden in a stream's payload (a cross-reference entry points
/// inside it, and lopdf parses what is there): the payload is 12 MB of
/// `0 `, so the object would hold several hundred MB. Refused from the
/// raw bytes.
#[test]
fn an_object_hidden_in_a_payload_is_refused_before_it_is_parsed() {
    let d = dir();
    let payload = hidden_array(7, 6_000_000);
    let head = format!("<< /Length {} >>\nstream\n", payload.len()).len();
    let file = d.join("hidden.pdf");
    std::fs::write(&file, pdf(&[stream(&payload)], &[(7, head, 6)])).unwrap();
    let r = text(&file, None);
    check("hidden object", &r, 96 * 1024);
    assert!(r.stderr.contains("parsed as objects"), "{}", r.stderr);
}

/// Ten objects hidden in ten payloads, each within the budget (so the raw
/// estimate lets the file through) but ten times over it together: the
/// load filter charges each as lopdf parses it and drops every object
/// once the budget is spent, so the load holds about the budget plus one
/// object, not all ten.
#[test]
fn hidden_objects_past_the_budget_are_dropped_as_they_are_parsed() {
    let d = dir();
    let limits = d.join("limits.toml");
    std::fs::write(&limits, "max_document_bytes = 67108864\n").unwrap();
    let mut bodies = Vec::new();
    let mut extra = Vec::new();
    for k in 0..10u32 {
        let payload = hidden_array(20 + k, 600_000);
        let head = format!("<< /Length {} >>\nstream\n", payload.len()).len();
        bodies.push(stream(&payload));
        extra.push((20 + k, head, 6 + k as usize));
    }
    let file = d.join("hidden-many.pdf");
    std::fs::write(&file, pdf(&bodies, &extra)).unwrap();
    let r = text(&file, Some(&limits));
    check("hidden objects", &r, 192 * 1024);
    assert!(r.stderr.contains("once parsed"), "{}", r.stderr);
}
