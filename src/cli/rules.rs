//! `minutes rules init DIR` and `minutes rules check DIR`: the starting
//! point and the check for adapting the rule files to a new body's minutes
//! (see `docs/rules.md`).
//!
//! `init` writes the embedded default rule files, comments and all, so an
//! officer edits working rules rather than a blank page; `check` compiles a
//! folder exactly as `--rules DIR` would (errors name file, line and rule)
//! and lists what it changes against the defaults, setting by setting.

use crate::rules::{diff, RuleSet};
use clap::{Args, Subcommand};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Args, Debug)]
pub struct RulesArgs {
    #[command(subcommand)]
    pub command: RulesCommand,
}

#[derive(Subcommand, Debug)]
pub enum RulesCommand {
    /// Write the default rule files (commented) into DIR, as a starting point.
    Init {
        /// Folder to create (or an empty existing folder).
        #[arg(value_name = "DIR")]
        dir: PathBuf,
        /// Overwrite rule files already in DIR.
        #[arg(long)]
        force: bool,
    },
    /// Check a rule folder and list what it changes against the defaults.
    Check {
        /// Folder of rule files, as given to `--rules`.
        #[arg(value_name = "DIR")]
        dir: PathBuf,
    },
}

pub fn run(args: RulesArgs) -> ExitCode {
    match args.command {
        RulesCommand::Init { dir, force } => match init(&dir, force) {
            Ok(n) => {
                println!(
                    "wrote {n} rule files to {}; edit them, then `minutes rules check {}` and use `--rules {}`",
                    dir.display(),
                    dir.display(),
                    dir.display()
                );
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("minutes rules init: {e}");
                ExitCode::from(2)
            }
        },
        RulesCommand::Check { dir } => check(&dir),
    }
}

/// Writes every embedded rule file into `dir`; refuses to overwrite an
/// existing rule file unless `force`, so a day's tuning is never lost to a
/// second `init`.
fn init(dir: &Path, force: bool) -> Result<usize, String> {
    if dir.is_file() {
        return Err(format!("{}: exists and is a file", dir.display()));
    }
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: cannot create: {e}", dir.display()))?;
    let rules = RuleSet::embedded();
    let names: Vec<&str> = rules.file_names().collect();
    if !force {
        if let Some(n) = names.iter().find(|n| dir.join(n).exists()) {
            return Err(format!(
                "{}: already exists; use --force to overwrite the rule files in {}",
                dir.join(n).display(),
                dir.display()
            ));
        }
    }
    for name in &names {
        let text = rules.file_text(name).unwrap_or_default();
        let path = dir.join(name);
        std::fs::write(&path, text)
            .map_err(|e| format!("{}: cannot write: {e}", path.display()))?;
    }
    Ok(names.len())
}

fn check(dir: &Path) -> ExitCode {
    let rules = match RuleSet::load_dir(dir) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("minutes rules check: {e}");
            return ExitCode::from(2);
        }
    };
    let defaults = RuleSet::embedded();
    let text_of = |r: &RuleSet| {
        r.file_names()
            .map(|n| {
                (
                    n.to_string(),
                    r.file_text(n).unwrap_or_default().to_string(),
                )
            })
            .collect()
    };
    let changes = diff::changes(&text_of(&defaults), &text_of(&rules));
    println!("{}: rules OK (hash {})", dir.display(), rules.hash());
    if changes.is_empty() {
        println!("no changes against the defaults");
    } else {
        println!("{} changes against the defaults:", changes.len());
        for c in &changes {
            println!("  {c}");
        }
    }
    ExitCode::SUCCESS
}
