//! `minutes report OUT`: rebuilds `OUT/report.html` from a scan's outputs,
//! without reading any PDF.

use clap::Args;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Args, Debug)]
pub struct ReportArgs {
    /// Folder holding the outputs of `minutes scan`.
    #[arg(value_name = "OUT", default_value = "minutes-out")]
    pub out: PathBuf,
}

/// Exit status: 0 when the report was written; 2 when OUT holds no scan
/// outputs or they cannot be read (as `minutes history`); 1 when the report
/// could not be written.
pub fn run(args: ReportArgs) -> ExitCode {
    let out = &args.out;
    let set = crate::output::set::resolve(out);
    if !set.join(crate::output::MEETINGS_JSONL).is_file() {
        eprintln!(
            "minutes report: {}: no scan outputs there (no {}); is it the output folder of a scan?",
            out.display(),
            crate::output::MEETINGS_JSONL
        );
        return ExitCode::from(2);
    }
    match crate::report::write_report(out) {
        Ok(path) => {
            println!("{}", path.display());
            ExitCode::SUCCESS
        }
        Err(e @ crate::report::ReportError::Write { .. }) => {
            eprintln!("{}", crate::terminal::line(&format!("minutes report: {e}")));
            ExitCode::from(1)
        }
        Err(e) => {
            eprintln!(
                "{}",
                crate::terminal::line(&format!(
                    "minutes report: {e} (is {} the output folder of a scan?)",
                    out.display()
                ))
            );
            ExitCode::from(2)
        }
    }
}
