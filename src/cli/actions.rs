//! `minutes actions` (skeleton: to be built).

use clap::Args;
use std::process::ExitCode;

#[derive(Args, Debug)]
pub struct ActionsArgs {}

pub fn run(_args: ActionsArgs) -> ExitCode {
    eprintln!("minutes: 'actions' is not built yet");
    ExitCode::from(2)
}
