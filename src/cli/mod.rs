//! One module per subcommand: its arguments (clap) and a thin `run` over the
//! library. Each `run` prints errors as one line naming the file and returns
//! the exit status (see README, "Errors and exit status").

pub mod actions;
pub mod explain;
pub mod history;
pub mod report;
pub mod rules;
pub mod scan;
pub mod text;
