//! `minutes text` (skeleton: to be built).

use clap::Args;
use std::process::ExitCode;

#[derive(Args, Debug)]
pub struct TextArgs {}

pub fn run(_args: TextArgs) -> ExitCode {
    eprintln!("minutes: 'text' is not built yet");
    ExitCode::from(2)
}
