//! What the subcommands that read PDFs share, resolved once (as ripgrep
//! resolves its flags before any search): the `--rules` and `--limits`
//! flags into a [`RuleSet`] and [`Limits`], and the exit status of a file
//! that could not be read.
//!
//! A command that reads PDFs flattens [`ReadingArgs`] into its arguments
//! (or [`LimitsArg`] alone when it takes no rules, as `text`) and resolves
//! them at the start of its `run`:
//!
//! ```ignore
//! #[derive(clap::Args, Debug)]
//! pub struct ExplainArgs {
//!     pub file: PathBuf,
//!     #[command(flatten)]
//!     pub reading: ReadingArgs, // --rules DIR, --limits FILE.toml
//! }
//!
//! pub fn run(args: ExplainArgs) -> ExitCode {
//!     let (rules, limits) = match args.reading.load() {
//!         Ok(r) => r,
//!         Err(e) => return usage_error("minutes", &e),
//!     };
//!     // ... pipeline::read_file, pipeline::read_meeting; a file that fails
//!     // prints `minutes: FILE: CAUSE` and gives `exit_status(&e)`.
//! }
//! ```
//!
//! Exit statuses of the commands that read files one by one (`text`,
//! `actions`; also in the README):
//!
//! | status | meaning |
//! |---|---|
//! | 0 | every file read |
//! | 1 | generic failure (file unreadable, output not writable, not minutes), or files failing for different reasons |
//! | 2 | usage: bad arguments, a bad `--rules` folder or `--limits` file |
//! | 3 | not a PDF, or an empty file |
//! | 4 | damaged beyond repair |
//! | 5 | encrypted: a password is required |
//! | 6 | no text layer (scanned) |
//! | 7 | a resource limit was hit |
//!
//! With several files each failure prints its own line and the others are
//! still read; the status is the failures' common status, 1 if they differ
//! ([`status_of_all`]).

use crate::limits::Limits;
use crate::pdf::PdfError;
use crate::pipeline::DocError;
use crate::rules::RuleSet;
use crate::terminal::line;
use clap::Args;
use std::path::PathBuf;
use std::process::ExitCode;

/// Exit status for bad arguments, rules or limits.
pub const EXIT_USAGE: u8 = 2;

/// `--limits FILE.toml`.
#[derive(Args, Debug, Clone, Default)]
pub struct LimitsArg {
    /// Resource limits: a TOML file setting any of the limits of
    /// docs/errors.md (max_pages, max_millis, …), e.g. `max_pages = 50`;
    /// the rest keep their defaults.
    #[arg(long = "limits", value_name = "FILE.toml")]
    pub path: Option<PathBuf>,
}

impl LimitsArg {
    /// The limits of the file, or the defaults without one. The error is
    /// one line naming the file.
    pub fn load(&self) -> Result<Limits, String> {
        match &self.path {
            None => Ok(Limits::default()),
            Some(p) => Limits::load(p),
        }
    }
}

/// `--rules DIR` and `--limits FILE.toml`: how a PDF is read.
#[derive(Args, Debug, Clone, Default)]
pub struct ReadingArgs {
    /// Read the rule files from this folder instead of the built-in ones.
    #[arg(long, value_name = "DIR")]
    pub rules: Option<PathBuf>,
    #[command(flatten)]
    pub limits: LimitsArg,
}

impl ReadingArgs {
    /// The rule set of `--rules DIR` (every file compiled, the history
    /// stage's too), or the built-in one. The error is one line naming the
    /// file, the line and the rule.
    pub fn rules(&self) -> Result<RuleSet, String> {
        match &self.rules {
            None => Ok(RuleSet::embedded()),
            Some(dir) => RuleSet::load_dir(dir).map_err(|e| e.to_string()),
        }
    }

    /// Rules and limits, rules first (the order errors are reported in).
    pub fn load(&self) -> Result<(RuleSet, Limits), String> {
        Ok((self.rules()?, self.limits.load()?))
    }
}

/// Prints `PREFIX: ERROR` as one line and gives the usage status.
pub fn usage_error(prefix: &str, error: &str) -> ExitCode {
    eprintln!("{}", line(&format!("{prefix}: {error}")));
    ExitCode::from(EXIT_USAGE)
}

/// The exit status for a file that gave no text or no meeting (table in
/// the module doc).
pub fn exit_status(e: &DocError) -> u8 {
    match e {
        DocError::Io(_) | DocError::NotMinutes(_) => 1,
        DocError::Pdf(p) => match p {
            PdfError::Empty | PdfError::NotPdf => 3,
            PdfError::Damaged(_) => 4,
            PdfError::Encrypted => 5,
            PdfError::NoText { .. } => 6,
            PdfError::Limit(_) => 7,
        },
    }
}

/// The status of a run over several files from the statuses of the files
/// that failed: 0 when none did, their common status, 1 if they differ.
pub fn status_of_all(failed: &[u8]) -> ExitCode {
    match failed.split_first() {
        None => ExitCode::SUCCESS,
        Some((first, rest)) if rest.iter().all(|s| s == first) => ExitCode::from(*first),
        Some(_) => ExitCode::from(1),
    }
}
