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

mod peak_rss;

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
    let (status, peak_kib) = peak_rss::wait_with_peak(child, "text");
    let elapsed = start.elapsed();
    Run {
        status,
        stderr: std::fs::read_to_string(&err_path).unwrap(),
        elapsed,
        peak_kib,
    }
}

/// One object's body (what goes between `n 0 obj` and `endobj`): `head`,
/// then `zeros` times `0 `, then `tail`. Written straight to the file, so
/// that this process never holds the file: a child's peak resident size
/// starts from its parent's at the fork.
struct Body {
    head: String,
    zeros: usize,
    tail: String,
}

impl Body {
    fn plain(text: &str) -> Body {
        Body {
            head: text.into(),
            zeros: 0,
            tail: String::new(),
        }
    }

    /// `[0 0 0 …]` with `count` zeros: about 2 bytes a number in the file,
    /// far more once parsed.
    fn array(count: usize) -> Body {
        Body {
            head: "[".into(),
            zeros: count,
            tail: "]".into(),
        }
    }

    /// A stream whose uncompressed payload is `n 0 obj [0 0 …] endobj`
    /// (`count` zeros): an object hidden in the payload, at
    /// [`Body::hidden_at`] within the body.
    fn hiding(n: u32, count: usize) -> Body {
        let open = format!("{n} 0 obj\n[");
        let close = "]\nendobj\n";
        let len = open.len() + 2 * count + close.len();
        Body {
            head: format!("<< /Length {len} >>\nstream\n{open}"),
            zeros: count,
            tail: format!("{close}\nendstream"),
        }
    }

    /// Where the hidden object of [`Body::hiding`] starts in the body.
    fn hidden_at(&self) -> usize {
        self.head.find("stream\n").unwrap() + "stream\n".len()
    }

    fn write(&self, out: &mut impl Write) -> usize {
        out.write_all(self.head.as_bytes()).unwrap();
        let chunk = b"0 ".repeat(4096);
        let mut left = self.zeros;
        while left > 0 {
            let n = left.min(4096);
            out.write_all(&chunk[..2 * n]).unwrap();
            left -= n;
        }
        out.write_all(self.tail.as_bytes()).unwrap();
        self.head.len() + 2 * self.zeros + self.tail.len()
    }
}

/// Writes to `path` a PDF whose object `n` (from 1) is `bodies[n - 1]`,
/// after a one-page tree in objects 1-5. `hidden` adds cross-reference
/// entries `(number, k)` for the object hidden in body `k` (from 1, counted
/// after the page tree's five), a [`Body::hiding`].
fn pdf(path: &Path, bodies: &[Body], hidden: &[(u32, usize)]) {
    let content = "BT /F1 12 Tf 72 700 Td (Action: AB to write the report) Tj ET";
    let tree = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".into(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>".into(),
        format!("<< /Length {} >>\nstream\n{content}\nendstream", content.len()),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".into(),
    ];
    let all: Vec<Body> = tree.iter().map(|t| Body::plain(t)).collect();
    let mut out = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    let mut at = 0;
    macro_rules! put {
        ($bytes:expr) => {{
            let b: &[u8] = &$bytes;
            out.write_all(b).unwrap();
            at += b.len();
        }};
    }
    put!(*b"%PDF-1.7\n");
    let mut entries: Vec<(u32, usize)> = Vec::new();
    let mut body_starts = Vec::new();
    for (i, body) in all.iter().chain(bodies).enumerate() {
        let n = i as u32 + 1;
        entries.push((n, at));
        let header = format!("{n} 0 obj\n");
        put!(*header.as_bytes());
        body_starts.push(at);
        at += body.write(&mut out);
        put!(*b"\nendobj\n");
    }
    for &(n, k) in hidden {
        entries.push((n, body_starts[k + 4] + bodies[k - 1].hidden_at()));
    }
    entries.sort();
    let size = entries.last().unwrap().0 + 1;
    let xref = at;
    let mut tail = format!("xref\n0 {size}\n0000000000 65535 f \n");
    let mut next = 1;
    for (n, off) in entries {
        while next < n {
            tail.push_str("0000000000 65535 f \n");
            next += 1;
        }
        tail.push_str(&format!("{off:010} 00000 n \n"));
        next += 1;
    }
    tail.push_str(&format!(
        "trailer\n<< /Size {size} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n"
    ));
    out.write_all(tail.as_bytes()).unwrap();
    out.flush().unwrap();
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
/// of small integers, gigabytes once parsed: refused from the raw bytes,
/// before lopdf parses anything.
#[test]
fn plain_arrays_are_refused_before_they_are_parsed() {
    let file = dir().join("plain-arrays.pdf");
    let bodies: Vec<Body> = (0..10).map(|_| Body::array(1_500_000)).collect();
    pdf(&file, &bodies, &[]);
    let r = text(&file, None);
    // The file itself is read whole (30 MB): the bound is that plus the
    // process's own, not the gigabytes its objects would hold.
    check("plain arrays", &r, 96 * 1024);
    assert!(r.stderr.contains("once parsed"), "{}", r.stderr);
}

/// An object hidden in a stream's payload (a cross-reference entry points
/// inside it, and lopdf parses what is there): the payload is 12 MB of
/// `0 `, so the object would hold most of a gigabyte. Refused from the
/// raw bytes.
#[test]
fn an_object_hidden_in_a_payload_is_refused_before_it_is_parsed() {
    let file = dir().join("hidden.pdf");
    pdf(&file, &[Body::hiding(7, 6_000_000)], &[(7, 1)]);
    let r = text(&file, None);
    check("hidden object", &r, 96 * 1024);
    assert!(r.stderr.contains("parsed as objects"), "{}", r.stderr);
}

/// Ten objects hidden in ten payloads, each within the budget (so the raw
/// estimate lets the file through) but several times over it together:
/// the load filter charges each as lopdf parses it and drops every object
/// once the budget is spent, so the load holds about the budget plus one
/// object, not all ten.
#[test]
fn hidden_objects_past_the_budget_are_dropped_as_they_are_parsed() {
    let d = dir();
    let limits = d.join("limits.toml");
    std::fs::write(&limits, "max_document_bytes = 67108864\n").unwrap();
    let bodies: Vec<Body> = (0..10u32).map(|k| Body::hiding(20 + k, 300_000)).collect();
    let hidden: Vec<(u32, usize)> = (0..10usize).map(|k| (20 + k as u32, k + 1)).collect();
    let file = d.join("hidden-many.pdf");
    pdf(&file, &bodies, &hidden);
    let r = text(&file, Some(&limits));
    check("hidden objects", &r, 192 * 1024);
    assert!(r.stderr.contains("once parsed"), "{}", r.stderr);
}
