//! `minutes scan` (skeleton: to be built).

use clap::Args;
use std::process::ExitCode;

#[derive(Args, Debug)]
pub struct ScanArgs {}

pub fn run(_args: ScanArgs) -> ExitCode {
    eprintln!("minutes: 'scan' is not built yet");
    ExitCode::from(2)
}
