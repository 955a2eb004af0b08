//! `minutes actions FILE.pdf...`: each meeting and its actions.
//!
//! - default: a readable table per file;
//! - `--json`: the whole meeting records, as one JSON array;
//! - `--jsonl`: one action per line (exactly what `actions.jsonl` holds);
//! - `--records`: one meeting record (or failed file) per line, the input
//!   of `minutes scan --from-records` (the per-document stage in shards).
//!
//! `--rules DIR` replaces the built-in rule files (no rebuild needed);
//! `--limits FILE` sets resource limits ([`ReadingArgs`]). A file that
//! cannot be read prints one line naming it on stderr and the others are
//! still read. Exit status as for `minutes text` (table in
//! [`crate::cli::common`]): 0 when every file was read, 2 for bad arguments
//! (including bad rules or limits), otherwise the failures' common status
//! (3 not a PDF, 4 damaged, 5 encrypted, 6 no text layer, 7 limit hit; 1
//! not minutes), 1 if they differ.

use crate::cli::common::{exit_status, status_of_all, usage_error, ReadingArgs};
use crate::model::Meeting;
use crate::pipeline::{read_file, read_meeting};
use crate::terminal::{line, lines};
use clap::Args;
use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Args, Debug)]
pub struct ActionsArgs {
    /// Minutes PDFs to read.
    #[arg(required = true, value_name = "FILE.pdf")]
    pub files: Vec<PathBuf>,
    /// Print the whole meeting records as a JSON array.
    #[arg(long, conflicts_with = "jsonl")]
    pub json: bool,
    /// Print one action per line as JSON (the lines of `actions.jsonl`).
    #[arg(long, conflicts_with = "records")]
    pub jsonl: bool,
    /// Print one line per file: its meeting record, or the failure as
    /// `{"document","kind","error"}` — the input of `minutes scan --from-records`.
    #[arg(long, conflicts_with = "json")]
    pub records: bool,
    #[command(flatten)]
    pub reading: ReadingArgs,
}

pub fn run(args: ActionsArgs) -> ExitCode {
    let (rules, limits) = match args.reading.load() {
        Ok(r) => r,
        Err(e) => return usage_error("minutes", &e),
    };
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let mut statuses: Vec<u8> = Vec::new();
    let mut meetings: Vec<Meeting> = Vec::new();
    for path in &args.files {
        let label = path.display().to_string();
        let result = read_file(path, &limits)
            .and_then(|bytes| read_meeting(&label, &bytes, &rules, &limits));
        let m = match result {
            Ok(m) => m,
            Err(e) => {
                if args.records {
                    // A shard's failures go into its records, so the scan
                    // that combines the shards lists them in errors.jsonl.
                    let failed = crate::model::FileError {
                        document: label.clone(),
                        kind: e.kind().to_string(),
                        error: e.to_string(),
                    };
                    if let Err(e) = write_jsonl(&mut out, std::slice::from_ref(&failed)) {
                        return write_failed(e);
                    }
                }
                let _ = out.flush();
                eprintln!("{}", line(&format!("minutes: {label}: {e}")));
                statuses.push(exit_status(&e));
                continue;
            }
        };
        let written = if args.records {
            write_jsonl(&mut out, std::slice::from_ref(&m))
        } else if args.json {
            meetings.push(m);
            Ok(())
        } else if args.jsonl {
            write_jsonl(&mut out, &m.actions)
        } else {
            write_table(&mut out, &m)
        };
        if let Err(e) = written {
            return write_failed(e);
        }
    }
    if args.json {
        let r = serde_json::to_writer_pretty(&mut out, &meetings)
            .map_err(io::Error::from)
            .and_then(|_| writeln!(out));
        if let Err(e) = r {
            if e.kind() != io::ErrorKind::BrokenPipe {
                eprintln!("{}", line(&format!("minutes: writing output: {e}")));
                return ExitCode::from(1);
            }
        }
    }
    if let Err(e) = out.flush() {
        if e.kind() != io::ErrorKind::BrokenPipe {
            eprintln!("{}", line(&format!("minutes: writing output: {e}")));
            return ExitCode::from(1);
        }
    }
    status_of_all(&statuses)
}

/// Exit status when stdout cannot be written: a closed pipe is not an
/// error (`| head`).
fn write_failed(e: io::Error) -> ExitCode {
    if e.kind() == io::ErrorKind::BrokenPipe {
        return ExitCode::SUCCESS;
    }
    eprintln!("{}", line(&format!("minutes: writing output: {e}")));
    ExitCode::from(1)
}

fn write_jsonl<T: serde::Serialize>(out: &mut impl Write, records: &[T]) -> io::Result<()> {
    for a in records {
        serde_json::to_writer(&mut *out, a)?;
        writeln!(out)?;
    }
    Ok(())
}

/// The readable form: a heading per meeting, then one block per action.
pub fn table(m: &Meeting) -> String {
    let mut s = String::new();
    let date = m.meeting_date.as_deref().unwrap_or("date unknown");
    let org = if m.organisation.is_empty() {
        "organisation unknown"
    } else {
        &m.organisation
    };
    s.push_str(&format!("{}\n  {org} · {date}", m.document));
    if !m.title.is_empty() {
        s.push_str(&format!(" · {}", m.title));
    }
    s.push_str(&format!(
        "\n  {} present, {} in attendance, {} items, {} actions\n",
        m.present.len(),
        m.in_attendance.len(),
        m.items.len(),
        m.actions.len()
    ));
    let item_w = m
        .actions
        .iter()
        .map(|a| a.item.chars().count())
        .max()
        .unwrap_or(1)
        .max(4);
    let owner_w = m
        .actions
        .iter()
        .map(|a| a.owners_printed().chars().count())
        .max()
        .unwrap_or(5)
        .max(5);
    if !m.actions.is_empty() {
        s.push_str(&format!(
            "\n  {:<item_w$}  {:<owner_w$}  action\n",
            "item", "owner"
        ));
    }
    for a in &m.actions {
        let item = if a.item.is_empty() { "-" } else { &a.item };
        s.push_str(&format!(
            "  {item:<item_w$}  {:<owner_w$}  {}\n",
            a.owners_printed(),
            a.text
        ));
        let pad = " ".repeat(item_w + owner_w + 6);
        let names = a.shown_names().join(", ");
        if names != a.owner_tokens().collect::<Vec<_>>().join(", ") {
            s.push_str(&format!("{pad}→ {names}\n"));
        }
        if let Some(d) = &a.due {
            match &d.date {
                Some(iso) => s.push_str(&format!("{pad}due {} ({iso})\n", d.text)),
                None => s.push_str(&format!("{pad}due {}\n", d.text)),
            }
        }
    }
    if let Some(n) = &m.next_meeting {
        s.push_str(&format!("\n  next meeting: {n}\n"));
    }
    s
}

fn write_table(out: &mut impl Write, m: &Meeting) -> io::Result<()> {
    writeln!(out, "{}", lines(&table(m)))
}
