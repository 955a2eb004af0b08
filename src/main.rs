//! The `minutes` binary: argument parsing only; the library does the work.

use clap::{Parser, Subcommand};
use minutes::cli;
use std::process::ExitCode;

/// Counts each document's heap use so one hostile file fails alone with a
/// `limit` error (see `minutes::memguard`).
#[global_allocator]
static ALLOCATOR: minutes::memguard::Guarded = minutes::memguard::Guarded;

/// Turn meeting-minutes PDFs into an auditable history of actions and themes.
#[derive(Parser)]
#[command(name = "minutes", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Print a PDF's text in reading order (or with positions as JSON).
    Text(cli::text::TextArgs),
    /// Print each meeting's actions.
    Actions(cli::actions::ActionsArgs),
    /// Read a whole archive folder and write the outputs.
    Scan(cli::scan::ScanArgs),
    /// Answer questions about the action history from a scan's outputs.
    History(cli::history::HistoryArgs),
    /// Rebuild the HTML report from a scan's outputs.
    Report(cli::report::ReportArgs),
    /// Start a rule folder from the defaults, or check one.
    Rules(cli::rules::RulesArgs),
    /// Show what each line of one PDF was read as, and the rule that decided it.
    Explain(cli::explain::ExplainArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Text(args) => cli::text::run(args),
        Command::Actions(args) => cli::actions::run(args),
        Command::Scan(args) => cli::scan::run(args),
        Command::History(args) => cli::history::run(args),
        Command::Report(args) => cli::report::run(args),
        Command::Rules(args) => cli::rules::run(args),
        Command::Explain(args) => cli::explain::run(args),
    }
}
