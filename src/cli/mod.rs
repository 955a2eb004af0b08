//! One module per subcommand: its arguments (clap) and a thin `run` over the
//! library. Each `run` prints errors as one line naming the file and returns
//! the exit status (see README, "Errors and exit status"). What the commands
//! that read PDFs share (`--rules`, `--limits`, the exit status of a file
//! that failed) is in [`common`].

pub mod actions;
pub mod common;
pub mod explain;
pub mod history;
pub mod report;
pub mod rules;
pub mod scan;
pub mod text;
