//! Writes a synthetic scan output folder and its `report.html`, for
//! measuring or looking at the report by hand: the same fixtures the
//! browser tests use (`tests/browser/fixtures.rs`).
//!
//! `cargo run --release --example report_fixture -- OUT [MEETINGS]` writes
//! MEETINGS meetings (default 350: about 12,000 actions, the size
//! `large_report_opens_fast` opens); `-- OUT hostile` writes the injection
//! fixture (script and img tags, quotes and formula cells in names, titles
//! and paths).

#[path = "../tests/browser/fixtures.rs"]
mod fixtures;

use std::path::Path;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(out) = args.first() else {
        eprintln!("usage: report_fixture OUT [MEETINGS | hostile]");
        return ExitCode::from(2);
    };
    let out = Path::new(out);
    match args.get(1).map(String::as_str) {
        Some("hostile") => fixtures::hostile().write(out),
        n => {
            let meetings = match n.map(str::parse::<usize>) {
                None => 350,
                Some(Ok(m)) => m,
                Some(Err(e)) => {
                    eprintln!("report_fixture: MEETINGS: {e}");
                    return ExitCode::from(2);
                }
            };
            fixtures::synthetic(meetings, 5, 42).write(out);
        }
    }
    match minutes::report::write_report(out) {
        Ok(report) => {
            println!("{}", report.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("report_fixture: {e}");
            ExitCode::FAILURE
        }
    }
}
