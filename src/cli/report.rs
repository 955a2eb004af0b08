//! `minutes report OUT`: rebuilds `OUT/report.html` from a scan's outputs,
//! without reading any PDF.

use clap::Args;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Args, Debug)]
pub struct ReportArgs {
    /// Folder holding the outputs of `minutes scan`.
    #[arg(value_name = "OUT", default_value = "minutes-out")]
    pub out: PathBuf,
}

pub fn run(args: ReportArgs) -> ExitCode {
    match crate::report::write_report(&args.out) {
        Ok(path) => {
            println!("{}", path.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{}", crate::terminal::line(&format!("minutes: {e}")));
            ExitCode::from(1)
        }
    }
}
