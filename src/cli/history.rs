//! `minutes history` (skeleton: to be built).

use clap::Args;
use std::process::ExitCode;

#[derive(Args, Debug)]
pub struct HistoryArgs {}

pub fn run(_args: HistoryArgs) -> ExitCode {
    eprintln!("minutes: 'history' is not built yet");
    ExitCode::from(2)
}
