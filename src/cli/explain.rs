//! `minutes explain FILE.pdf [--page N] [--html OUT.html] [--json]`: what
//! the reader made of every line of one document and the rule that decided
//! it, then each action with its evidence (see `docs/rules.md`).
//!
//! `--rules DIR` and `--limits FILE` as for `minutes actions`. Exit status
//! as for `minutes actions` on one file: 0 when explained, 2 for bad
//! arguments, rules or limits, else the PDF failure's status. A document a
//! scan would refuse as not minutes is still explained (with a note).

use crate::cli::common::{exit_status, usage_error, ReadingArgs};
use crate::pipeline::{read_file, read_traced};
use crate::terminal::{line, lines};
use clap::Args;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Args, Debug)]
pub struct ExplainArgs {
    /// The minutes PDF to explain.
    #[arg(value_name = "FILE.pdf")]
    pub file: PathBuf,
    /// Show only this page (1-based): its lines and the actions on it.
    #[arg(long, value_name = "N")]
    pub page: Option<u32>,
    /// Also write the pages as coloured word boxes to this HTML file.
    #[arg(long, value_name = "OUT.html")]
    pub html: Option<PathBuf>,
    /// Print the explanation as JSON instead of text.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub reading: ReadingArgs,
}

pub fn run(args: ExplainArgs) -> ExitCode {
    let (rules, limits) = match args.reading.load() {
        Ok(r) => r,
        Err(e) => return usage_error("minutes", &e),
    };
    let label = match &args.reading.rules {
        None => "embedded defaults".to_string(),
        Some(dir) => format!("{} (hash {})", dir.display(), rules.hash()),
    };
    let doc = args.file.display().to_string();
    let traced =
        read_file(&args.file, &limits).and_then(|bytes| read_traced(&doc, &bytes, &rules, &limits));
    let traced = match traced {
        Ok(t) => t,
        Err(e) => {
            eprintln!("{}", line(&format!("minutes: {doc}: {e}")));
            return ExitCode::from(exit_status(&e));
        }
    };
    // Rule references name the folder's files when a folder was given.
    let mut e = crate::explain::explain(&rules, &label, traced);
    if let Some(dir) = &args.reading.rules {
        for r in
            e.lines
                .iter_mut()
                .filter_map(|l| l.rule.as_mut())
                .chain(e.actions.iter_mut().flat_map(|a| {
                    std::iter::once(&mut a.rule)
                        .chain(a.owner_notes.iter_mut().map(|o| &mut o.rule))
                }))
        {
            r.file = dir.join(&r.file).display().to_string();
        }
    }
    if let Some(out) = &args.html {
        let page = crate::explain::html::render(&e, args.page);
        if let Err(err) = crate::output::write_atomic(out, false, |w| w.write_all(page.as_bytes()))
        {
            eprintln!("{}", line(&format!("minutes: {}: {err}", out.display())));
            return ExitCode::from(1);
        }
    }
    let text = if args.json {
        match serde_json::to_string_pretty(&e) {
            Ok(j) => j + "\n",
            Err(err) => {
                eprintln!("{}", line(&format!("minutes: {doc}: {err}")));
                return ExitCode::from(1);
            }
        }
    } else {
        lines(&crate::explain::text::render(&e, args.page)).into_owned()
    };
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) if err.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("{}", line(&format!("minutes: writing output: {err}")));
            ExitCode::from(1)
        }
    }
}
