//! The auditor's report: one self-contained `OUT/report.html` built from the
//! typed outputs of `scan` (`actions.jsonl`, `meetings.jsonl`,
//! `errors.jsonl`, `run.json`), never from the PDFs and never from
//! `history.json`'s layout, so it can be rebuilt at any time with
//! `minutes report OUT`.
//!
//! Shape of the page: static parts (summary, charts, provenance) are
//! rendered here with every string escaped; the actions table and the
//! carried-forward timelines are drawn by the inline script from a JSON
//! block, paginated, using `textContent` only, so 10,000+ actions open fast
//! and text from a PDF is never parsed as markup. A Content-Security-Policy
//! with a per-report nonce lets only our own script run and forbids any
//! network access.

pub mod data;
pub mod escape;
pub mod links;
pub mod svg;

use crate::model::{Action, FileError, Meeting, RunInfo};
pub use data::{MeetingSummary, ReportData, ReportInputs};
use escape::html;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::io::{BufRead, BufReader, Write as _};
use std::path::{Path, PathBuf};
use thiserror::Error;

const TEMPLATE: &str = include_str!("template.html");
const CSS: &str = include_str!("report.css");
const JS: &str = include_str!("report.js");

/// File name of the report inside OUT.
pub const REPORT_FILE: &str = "report.html";

/// Why the report could not be built. Prints as one line naming the file.
#[derive(Debug, Error)]
pub enum ReportError {
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}:{line}: not a valid record: {source}", path.display())]
    Parse {
        path: PathBuf,
        line: usize,
        source: serde_json::Error,
    },
}

fn io_err(path: &Path) -> impl FnOnce(std::io::Error) -> ReportError + '_ {
    move |source| ReportError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Reads a JSON-lines file record by record, handing each to `each`, so a
/// large `meetings.jsonl` is never held whole. Blank lines are skipped.
fn read_jsonl<T: serde::de::DeserializeOwned>(
    path: &Path,
    mut each: impl FnMut(T),
) -> Result<(), ReportError> {
    let file = std::fs::File::open(path).map_err(io_err(path))?;
    for (n, line) in BufReader::new(file).lines().enumerate() {
        let line = line.map_err(io_err(path))?;
        if line.trim().is_empty() {
            continue;
        }
        let rec = serde_json::from_str(&line).map_err(|source| ReportError::Parse {
            path: path.to_path_buf(),
            line: n + 1,
            source,
        })?;
        each(rec);
    }
    Ok(())
}

/// Reads `meetings.jsonl` (records without their actions, see
/// [`crate::output::meeting_line`]) one meeting at a time.
fn read_meetings(path: &Path, mut each: impl FnMut(Meeting)) -> Result<(), ReportError> {
    let file = std::fs::File::open(path).map_err(io_err(path))?;
    for (n, line) in BufReader::new(file).lines().enumerate() {
        let line = line.map_err(io_err(path))?;
        if line.trim().is_empty() {
            continue;
        }
        let (m, _ids) =
            crate::output::parse_meeting_line(&line).map_err(|source| ReportError::Parse {
                path: path.to_path_buf(),
                line: n + 1,
                source,
            })?;
        each(m);
    }
    Ok(())
}

/// Reads a scan's outputs from `out_dir`; links to the PDFs are resolved
/// from the current directory (where `scan` ran).
pub fn load(out_dir: &Path) -> Result<ReportInputs, ReportError> {
    let cwd = std::env::current_dir().map_err(io_err(Path::new(".")))?;
    load_from(out_dir, &cwd)
}

/// [`load`] with an explicit directory that relative document paths are
/// read from.
pub fn load_from(out_dir: &Path, cwd: &Path) -> Result<ReportInputs, ReportError> {
    let mut inputs = ReportInputs::default();
    let run_path = out_dir.join("run.json");
    if run_path.exists() {
        let text = std::fs::read_to_string(&run_path).map_err(io_err(&run_path))?;
        let run: RunInfo = serde_json::from_str(&text).map_err(|source| ReportError::Parse {
            path: run_path.clone(),
            line: source.line(),
            source,
        })?;
        inputs.run = Some(run);
    }
    read_jsonl(&out_dir.join("actions.jsonl"), |a: Action| {
        inputs.actions.push(a)
    })?;
    read_meetings(&out_dir.join("meetings.jsonl"), |m| {
        inputs.meetings.push(m.into())
    })?;
    let errors_path = out_dir.join("errors.jsonl");
    if errors_path.exists() {
        read_jsonl(&errors_path, |e: FileError| inputs.errors.push(e))?;
    }
    let out_abs = out_dir
        .canonicalize()
        .unwrap_or_else(|_| links::absolute(out_dir, cwd));
    let archive = inputs.run.as_ref().map(|r| PathBuf::from(&r.archive));
    let documents: BTreeSet<&str> = inputs
        .actions
        .iter()
        .map(|a| a.document.as_str())
        .chain(inputs.meetings.iter().flat_map(|m| {
            std::iter::once(m.document.as_str()).chain(m.duplicates.iter().map(String::as_str))
        }))
        .chain(inputs.errors.iter().map(|e| e.document.as_str()))
        .collect();
    let mut map = BTreeMap::new();
    for d in documents {
        let target = links::locate(d, cwd, archive.as_deref());
        map.insert(d.to_string(), links::relative_href(&out_abs, &target));
    }
    inputs.links = map;
    Ok(inputs)
}

/// Reads the outputs in `out_dir` and writes `out_dir/report.html`
/// atomically (temporary file, then rename, as every output: see
/// [`crate::output::write_atomic`]): a reader sees the old report or the new
/// one, never half of one. Returns the report's path.
pub fn write_report(out_dir: &Path) -> Result<PathBuf, ReportError> {
    let inputs = load(out_dir)?;
    let page = render(&inputs);
    let path = out_dir.join(REPORT_FILE);
    crate::output::write_atomic(&path, true, |w| w.write_all(page.as_bytes()))
        .map_err(io_err(&path))?;
    Ok(path)
}

/// The whole report page for `inputs`. Deterministic: the same inputs give
/// the same bytes.
pub fn render(inputs: &ReportInputs) -> String {
    let data = ReportData::build(inputs);
    let json = serde_json::to_string(&data).unwrap_or_else(|_| "{}".into());
    let json = escape::json_for_script(&json);
    // The nonce only has to be unguessable to someone who can put text into
    // one PDF but does not know the whole archive's extracted content.
    let nonce = blake3::hash(json.as_bytes()).to_hex()[..32].to_string();
    let years = year_range(inputs);
    let slots: BTreeMap<&str, String> = BTreeMap::from([
        ("title", html(&title(inputs)).into_owned()),
        ("summary", summary(inputs, &data)),
        ("css", CSS.to_string()),
        ("themes", themes_chart(inputs, &data, &years)),
        ("owners", owners_chart(&data, &years)),
        ("provenance", provenance(inputs)),
        ("data", json),
        ("nonce", nonce),
        ("js", JS.to_string()),
    ]);
    fill(TEMPLATE, &slots)
}

/// Replaces each `{{name}}` in `template` with its slot, in one pass so a
/// slot's content is never scanned for further slots.
fn fill(template: &str, slots: &BTreeMap<&str, String>) -> String {
    let extra: usize = slots.values().map(String::len).sum();
    let mut out = String::with_capacity(template.len() + extra);
    let mut rest = template;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        match after.find("}}") {
            Some(end) if slots.contains_key(&after[..end]) => {
                out.push_str(&slots[&after[..end]]);
                rest = &after[end + 2..];
            }
            _ => {
                out.push_str("{{");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

fn title(inputs: &ReportInputs) -> String {
    match &inputs.run {
        Some(r) if !r.archive.is_empty() => format!("Minutes report: {}", r.archive),
        _ => "Minutes report".to_string(),
    }
}

/// Every year from the first to the last dated meeting (gaps kept so the
/// time axis is honest).
fn year_range(inputs: &ReportInputs) -> Vec<i32> {
    let ys = inputs
        .actions
        .iter()
        .filter_map(|a| a.meeting_date.as_deref())
        .chain(
            inputs
                .meetings
                .iter()
                .filter_map(|m| m.meeting_date.as_deref()),
        )
        .filter_map(data::year);
    let (mut lo, mut hi) = (i32::MAX, i32::MIN);
    for y in ys {
        lo = lo.min(y);
        hi = hi.max(y);
    }
    if lo > hi {
        return Vec::new();
    }
    (lo..=hi).collect()
}

fn summary(inputs: &ReportInputs, data: &ReportData) -> String {
    let dates: Vec<&str> = inputs
        .meetings
        .iter()
        .filter_map(|m| m.meeting_date.as_deref())
        .chain(
            inputs
                .actions
                .iter()
                .filter_map(|a| a.meeting_date.as_deref()),
        )
        .collect();
    let span = match (dates.iter().min(), dates.iter().max()) {
        (Some(a), Some(b)) => format!(", meetings from {} to {}", html(a), html(b)),
        _ => String::new(),
    };
    let long = data.chains.iter().filter(|c| c.days >= 365).count();
    let chains = data.chains.iter().filter(|c| c.actions.len() > 1).count();
    // Documents read: run.json counts the failed ones too.
    let documents = inputs
        .run
        .as_ref()
        .map_or(inputs.meetings.len() as u64, |r| r.documents);
    let mut s = format!(
        "<b>{}</b> {} from <b>{documents}</b> {} read, <b>{}</b> {}{span}. <b>{chains}</b> carried-forward {} ({long} open a year or more). ",
        data.actions.len(),
        plural(data.actions.len(), "action", "actions"),
        plural(documents as usize, "document", "documents"),
        data.orgs.len(),
        plural(data.orgs.len(), "organisation", "organisations"),
        plural(chains, "chain", "chains"),
    );
    match inputs.errors.len() {
        0 => s.push_str("No file failed."),
        n => {
            let _ = write!(
                s,
                r#"<b class="bad">{n}</b> {} failed (see provenance)."#,
                plural(n, "file", "files")
            );
        }
    }
    s
}

fn plural<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 {
        one
    } else {
        many
    }
}

fn themes_chart(inputs: &ReportInputs, data: &ReportData, years: &[i32]) -> String {
    let per_theme = data::theme_years(inputs);
    if per_theme.is_empty() || years.is_empty() {
        return r#"<p class="empty">No themes were found in these minutes.</p>"#.into();
    }
    let mut rows: Vec<svg::HeatRow> = per_theme
        .into_iter()
        .filter_map(|(theme, per_year)| {
            let value = data.themes.iter().position(|t| *t == theme)?;
            let counts: Vec<usize> = years
                .iter()
                .map(|y| per_year.get(y).copied().unwrap_or(0))
                .collect();
            let total: usize = counts.iter().sum();
            Some(svg::HeatRow {
                label: theme,
                filter: "theme",
                value,
                counts,
                strong: total >= 3,
                class: "",
            })
        })
        .collect();
    rows.sort_by(|a, b| {
        let (ta, tb): (usize, usize) = (a.counts.iter().sum(), b.counts.iter().sum());
        tb.cmp(&ta).then_with(|| a.label.cmp(&b.label))
    });
    svg::heatmap("Meetings mentioning each theme, per year", years, &rows)
}

fn owners_chart(data: &ReportData, years: &[i32]) -> String {
    let per_owner = data::owner_years(data);
    if per_owner.is_empty() || years.is_empty() {
        return r#"<p class="empty">No dated actions with owners.</p>"#.into();
    }
    let mut rows: Vec<svg::HeatRow> = per_owner
        .into_iter()
        .filter_map(|(k, per_year)| {
            let key = data.owners.get(k)?;
            let (label, class) = match key.kind {
                data::OwnerKind::Person => (key.name.clone(), "person"),
                data::OwnerKind::All => ("ALL (everyone present)".into(), "all"),
                data::OwnerKind::Group => (format!("{} (group)", key.name), "group"),
                data::OwnerKind::Ambiguous => {
                    (format!("{} (ambiguous initials)", key.name), "ambiguous")
                }
                data::OwnerKind::Unresolved => {
                    (format!("{} (unresolved initials)", key.name), "unresolved")
                }
            };
            Some(svg::HeatRow {
                label,
                filter: "owner",
                value: k,
                counts: years
                    .iter()
                    .map(|y| per_year.get(y).copied().unwrap_or(0))
                    .collect(),
                strong: false,
                class,
            })
        })
        .collect();
    rows.sort_by(|a, b| {
        let (ta, tb): (usize, usize) = (a.counts.iter().sum(), b.counts.iter().sum());
        tb.cmp(&ta).then_with(|| a.label.cmp(&b.label))
    });
    svg::heatmap("Actions per owner, per year", years, &rows)
}

/// Program version, rules hash, run date, documents read, and every file
/// that failed or read with warnings.
fn provenance(inputs: &ReportInputs) -> String {
    let mut s = String::from(r#"<dl class="prov">"#);
    let mut row = |k: &str, v: &str| {
        let _ = write!(s, "<dt>{}</dt><dd>{}</dd>", html(k), html(v));
    };
    match &inputs.run {
        Some(r) => {
            row("Program version", &format!("minutes {}", r.version));
            row("Rules hash", &r.rules_hash);
            row("Run started", &r.started);
            row("Archive", &r.archive);
            row("Documents read", &r.documents.to_string());
            row("Pages", &r.pages.to_string());
            row("Actions", &r.actions.to_string());
            row("Files failed", &r.errors.to_string());
        }
        None => row("Run", "run.json is missing: version and rules hash unknown"),
    }
    let pages: u64 = inputs.meetings.iter().map(|m| u64::from(m.pages)).sum();
    row(
        "Report built from",
        &format!(
            "{} meeting records ({pages} pages), {} action records, {} error records",
            inputs.meetings.len(),
            inputs.actions.len(),
            inputs.errors.len()
        ),
    );
    s.push_str("</dl>");
    let link = |doc: &str| -> String {
        match inputs.links.get(doc) {
            Some(h) if !h.is_empty() => {
                format!(r#"<a href="{}">{}</a>"#, html(h), html(doc))
            }
            _ => html(doc).into_owned(),
        }
    };
    let _ = write!(s, "<h3>Files that failed ({})</h3>", inputs.errors.len());
    if inputs.errors.is_empty() {
        s.push_str(r#"<p class="empty">None.</p>"#);
    } else {
        s.push_str(r#"<table class="plain" id="errors"><thead><tr><th>File</th><th>Kind</th><th>Error</th></tr></thead><tbody>"#);
        for e in &inputs.errors {
            let _ = write!(
                s,
                "<tr><td>{}</td><td><code>{}</code></td><td>{}</td></tr>",
                link(&e.document),
                html(&e.kind),
                html(&e.error)
            );
        }
        s.push_str("</tbody></table>");
    }
    let warned: Vec<&MeetingSummary> = inputs
        .meetings
        .iter()
        .filter(|m| !m.warnings.is_empty() || m.scanned_pages > 0 || m.unmapped_glyphs > 0)
        .collect();
    let _ = write!(
        s,
        "<h3>Documents read with warnings ({})</h3>",
        warned.len()
    );
    if warned.is_empty() {
        s.push_str(r#"<p class="empty">None.</p>"#);
    } else {
        s.push_str(
            r#"<table class="plain"><thead><tr><th>File</th><th>Warnings</th></tr></thead><tbody>"#,
        );
        for m in warned {
            let mut notes: Vec<String> = m.warnings.clone();
            if m.scanned_pages > 0 {
                notes.push(format!("{} pages without a text layer", m.scanned_pages));
            }
            if m.unmapped_glyphs > 0 {
                notes.push(format!("{} glyphs could not be decoded", m.unmapped_glyphs));
            }
            let _ = write!(
                s,
                "<tr><td>{}</td><td>{}</td></tr>",
                link(&m.document),
                html(&notes.join("; "))
            );
        }
        s.push_str("</tbody></table>");
    }
    let dups: Vec<&MeetingSummary> = inputs
        .meetings
        .iter()
        .filter(|m| !m.duplicates.is_empty())
        .collect();
    if !dups.is_empty() {
        let _ = write!(
            s,
            "<h3>Identical files read once ({})</h3><ul class=\"dups\">",
            dups.len()
        );
        for m in dups {
            let others: Vec<String> = m.duplicates.iter().map(|d| link(d)).collect();
            let _ = write!(s, "<li>{} = {}</li>", link(&m.document), others.join(", "));
        }
        s.push_str("</ul>");
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fill_does_not_rescan_slot_content() {
        let slots = BTreeMap::from([("a", "{{b}}".to_string()), ("b", "B".to_string())]);
        assert_eq!(fill("x{{a}}y{{b}}z{{c}}", &slots), "x{{b}}yBz{{c}}");
    }

    #[test]
    fn own_script_and_style_cannot_end_their_elements_early() {
        assert!(!JS.to_ascii_lowercase().contains("</script"));
        assert!(!CSS.to_ascii_lowercase().contains("</style"));
        assert!(
            !JS.contains("innerHTML"),
            "the page script must build DOM with textContent only"
        );
    }
}
