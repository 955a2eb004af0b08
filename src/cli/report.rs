//! `minutes report` (skeleton: to be built).

use clap::Args;
use std::process::ExitCode;

#[derive(Args, Debug)]
pub struct ReportArgs {}

pub fn run(_args: ReportArgs) -> ExitCode {
    eprintln!("minutes: 'report' is not built yet");
    ExitCode::from(2)
}
