//! The decompression bomb (2 MiB inflating to 2 GiB) fails with a limit
//! error while the process stays under 256 MiB. Alone in its own test
//! binary so that the peak resident size (`VmHWM`) measures this file only.

use minutes::limits::Limits;
use minutes::pdf::{extract, PdfError};

/// Peak resident set size of this process in KiB (Linux `/proc`).
fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

#[test]
fn flate_bomb_stays_under_256_mib() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/bad/flate-bomb.pdf");
    let bytes = std::fs::read(path).expect("corpus file");
    let start = std::time::Instant::now();
    let result = extract(&bytes, &Limits::default());
    assert!(matches!(result, Err(PdfError::Limit(_))), "{result:?}");
    assert!(start.elapsed().as_secs() < 10, "took {:?}", start.elapsed());
    // Without `/proc` the memory bound is not checked at all: that is a
    // failure to say so, never a silent pass.
    let kib = peak_rss_kib().expect(
        "cannot read VmHWM from /proc/self/status: the peak memory of the flate bomb \
         was not measured (this test needs Linux with /proc mounted)",
    );
    assert!(kib < 256 * 1024, "peak RSS {kib} KiB");
    eprintln!("flate-bomb: peak RSS {kib} KiB in {:?}", start.elapsed());
}
