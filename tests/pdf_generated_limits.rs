//! Structure-aware generated PDFs against the document budget (issue 14):
//! object streams packed with numbers, fonts whose `/Widths` or `/W` arrays
//! are huge, both inside object streams, in sizes and counts drawn from a
//! fixed-seed generator. Each must give text or a `limit` error (never a
//! panic or another kind) within `max_millis` + 2 s, and the whole test
//! process must stay under 256 MiB peak RSS (`VmHWM`; the test fails if it
//! cannot be read). Alone in its own test binary so the peak is its own.

use flate2::write::ZlibEncoder;
use flate2::Compression;
use minutes::limits::Limits;
use minutes::pdf::{extract, PdfError};
use std::io::Write;
use std::time::{Duration, Instant};

fn peak_rss_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").expect("/proc/self/status");
    let line = status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .expect("VmHWM: the peak RSS cannot be measured");
    line.split_whitespace().nth(1).unwrap().parse().unwrap()
}

/// Small deterministic generator (no dependency, same cases every run).
struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

fn zlib(data: &[u8]) -> Vec<u8> {
    let mut e = ZlibEncoder::new(Vec::new(), Compression::fast());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

/// What goes in one object stream: a list of (object number, object text).
type Members = Vec<(u32, Vec<u8>)>;

fn numbers(n: usize, rng: &mut Lcg) -> Vec<u8> {
    let mut v = Vec::with_capacity(n * 3 + 2);
    v.push(b'[');
    for _ in 0..n {
        let x = rng.below(10);
        v.extend_from_slice(x.to_string().as_bytes());
        v.push(b' ');
    }
    v.push(b']');
    v
}

/// A one-page PDF whose font (object 5) and extra arrays live in object
/// streams, with a classic xref table.
fn pdf(font_in_stream: Vec<u8>, streams: Vec<Members>) -> Vec<u8> {
    let mut out = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n".to_vec();
    let mut offsets: Vec<(u32, usize)> = Vec::new();
    let mut obj = |out: &mut Vec<u8>, id: u32, body: &[u8]| {
        offsets.push((id, out.len()));
        out.extend_from_slice(format!("{id} 0 obj\n").as_bytes());
        out.extend_from_slice(body);
        out.extend_from_slice(b"\nendobj\n");
    };
    obj(&mut out, 1, b"<< /Type /Catalog /Pages 2 0 R >>");
    obj(&mut out, 2, b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>");
    obj(
        &mut out,
        3,
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
    );
    let content = b"BT /F1 12 Tf 72 720 Td (Hello generated) Tj ET";
    let mut s = format!("<< /Length {} >>\nstream\n", content.len()).into_bytes();
    s.extend_from_slice(content);
    s.extend_from_slice(b"\nendstream");
    obj(&mut out, 4, &s);
    let mut all = streams;
    all.insert(0, vec![(5, font_in_stream)]);
    for (i, members) in all.iter().enumerate() {
        let mut header = String::new();
        let mut body = Vec::new();
        for (id, text) in members {
            header.push_str(&format!("{id} {} ", body.len()));
            body.extend_from_slice(text);
            body.push(b'\n');
        }
        let mut decoded = header.clone().into_bytes();
        decoded.extend_from_slice(&body);
        let z = zlib(&decoded);
        let mut s = format!(
            "<< /Type /ObjStm /N {} /First {} /Filter /FlateDecode /Length {} >>\nstream\n",
            members.len(),
            header.len(),
            z.len()
        )
        .into_bytes();
        s.extend_from_slice(&z);
        s.extend_from_slice(b"\nendstream");
        obj(&mut out, 200 + i as u32, &s);
    }
    let xref_at = out.len();
    let size = offsets.iter().map(|(id, _)| id + 1).max().unwrap();
    out.extend_from_slice(format!("xref\n0 {size}\n").as_bytes());
    for id in 0..size {
        match offsets.iter().find(|(i, _)| *i == id) {
            Some((_, off)) => out.extend_from_slice(format!("{off:010} 00000 n \n").as_bytes()),
            None => out.extend_from_slice(b"0000000000 65535 f \n"),
        }
    }
    out.extend_from_slice(
        format!("trailer\n<< /Size {size} /Root 1 0 R >>\nstartxref\n{xref_at}\n%%EOF\n")
            .as_bytes(),
    );
    out
}

fn font(kind: u64, n: usize, rng: &mut Lcg) -> Vec<u8> {
    let arr = numbers(n, rng);
    let mut v = Vec::new();
    if kind == 0 {
        v.extend_from_slice(
            format!("<< /Type /Font /Subtype /TrueType /BaseFont /Gen /FirstChar 0 /LastChar {} /Widths ", n.max(1) - 1)
                .as_bytes(),
        );
        v.extend_from_slice(&arr);
        v.extend_from_slice(b" >>");
    } else {
        // Type0 whose CIDFont has a /W of one huge run: [0 [w w w ...]].
        v.extend_from_slice(b"<< /Type /Font /Subtype /Type0 /BaseFont /Gen /Encoding /Identity-H /DescendantFonts [<< /Type /Font /Subtype /CIDFontType2 /BaseFont /Gen /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /W [0 ");
        v.extend_from_slice(&arr);
        v.extend_from_slice(b"] >>] >>");
    }
    v
}

#[test]
fn generated_object_streams_and_font_tables_stay_in_budget() {
    let mut rng = Lcg(0x5eed_1400);
    let limits = Limits {
        max_millis: 5_000,
        ..Limits::default()
    };
    let small = Limits {
        max_document_bytes: 8 << 20,
        ..limits.clone()
    };
    let mut outcomes = (0, 0);
    for case in 0..24 {
        // Sizes from 10 to ~8 M numbers, spread on a log scale.
        let scale = |rng: &mut Lcg| 10usize << rng.below(20);
        let font_n = scale(&mut rng).min(4 << 20);
        let kind = rng.below(2);
        let f = font(kind, font_n, &mut rng);
        let streams: Vec<Members> = (0..rng.below(4))
            .map(|i| {
                let n = scale(&mut rng).min(8 << 20);
                vec![(100 + i as u32, numbers(n, &mut rng))]
            })
            .collect();
        let bytes = pdf(f, streams);
        for l in [&limits, &small] {
            let start = Instant::now();
            let r = extract(&bytes, l);
            let took = start.elapsed();
            assert!(
                took < Duration::from_millis(l.max_millis + 2_000),
                "case {case}: took {took:?}"
            );
            match r {
                Ok(doc) => {
                    outcomes.0 += 1;
                    assert_eq!(doc.pages.len(), 1, "case {case}");
                }
                Err(PdfError::Limit(hit)) => {
                    outcomes.1 += 1;
                    let m = hit.message;
                    assert!(m.contains("max_"), "case {case}: {m}");
                }
                Err(e) => panic!("case {case} ({} bytes): {e}", bytes.len()),
            }
        }
    }
    let kib = peak_rss_kib();
    eprintln!(
        "generated: {} read, {} limit; peak RSS {kib} KiB",
        outcomes.0, outcomes.1
    );
    // Both outcomes occur: the cases reach past the budget and below it.
    assert!(outcomes.0 > 0 && outcomes.1 > 0, "{outcomes:?}");
    assert!(kib < 256 * 1024, "peak RSS {kib} KiB");
}
