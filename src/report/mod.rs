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
pub mod fit;
pub mod links;
pub mod svg;

use crate::model::{Action, FileError, RunInfo};
use crate::output::db;
pub use data::{MeetingSummary, Records, ReportData, ReportInputs, Tables};
use escape::html;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::io::{Read, Seek, Write};
use std::path::{Path, PathBuf};
use thiserror::Error;

const TEMPLATE: &str = include_str!("template.html");
const CSS: &str = include_str!("report.css");
const JS: &str = include_str!("report.js");

/// File name of the report inside OUT.
pub use crate::output::REPORT_FILE;

/// Why the report could not be built. Prints as one line naming the file.
#[derive(Debug, Error)]
pub enum ReportError {
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    /// The report itself could not be written (its inputs were fine).
    #[error("cannot write {}: {source}", path.display())]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(transparent)]
    Db(#[from] db::DbError),
    #[error(transparent)]
    Read(#[from] crate::output::ReadError),
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

/// Reads a JSON-lines output record by record ([`crate::output::each_jsonl`]).
fn read_jsonl<T: serde::de::DeserializeOwned>(
    path: &Path,
    each: impl FnMut(T),
) -> Result<(), ReportError> {
    Ok(crate::output::each_jsonl(path, each)?)
}

/// Reads `meetings.jsonl` (records without their actions, see
/// [`crate::output::meeting_line`]) one meeting at a time, keeping only
/// what the report shows.
fn read_meetings(path: &Path, mut each: impl FnMut(MeetingSummary)) -> Result<(), ReportError> {
    read_jsonl(path, |m: data::MeetingLine| each(m.into()))
}

/// Reads a scan's outputs from `out_dir`; relative document paths (links
/// to the PDFs) are resolved from `cwd`, where `scan` ran.
pub fn load_from(out_dir: &Path, cwd: &Path) -> Result<ReportInputs, ReportError> {
    let set = crate::output::set::resolve(out_dir);
    let mut inputs = load_context(&set)?;
    let records = SetRecords::open(&set)?;
    let mut meetings = Vec::new();
    records.meetings(&mut |m| meetings.push(m))?;
    inputs.meetings = meetings;
    let mut actions = Vec::new();
    records.actions(&mut |a| actions.push(a))?;
    inputs.actions = actions;
    let docs: Vec<String> = inputs.actions.iter().map(|a| a.document.clone()).collect();
    inputs.links = resolve_links(out_dir, cwd, &inputs, docs.iter().map(String::as_str));
    Ok(inputs)
}

/// The records of a set folder: from its database, or from the files
/// (`actions.jsonl`, `meetings.jsonl`) of a set an older scan wrote. Each
/// call reads them again, one at a time, in output order.
struct SetRecords<'a> {
    set: &'a Path,
    db: Option<db::Database>,
}

impl<'a> SetRecords<'a> {
    fn open(set: &'a Path) -> Result<SetRecords<'a>, ReportError> {
        let db = if db::has_database(set) {
            Some(db::Database::open(set)?)
        } else {
            None
        };
        Ok(SetRecords { set, db })
    }
}

impl Records for SetRecords<'_> {
    fn actions(&self, each: &mut dyn FnMut(Action)) -> Result<(), ReportError> {
        match &self.db {
            Some(db) => Ok(db.actions(each)?),
            None => read_jsonl(&self.set.join("actions.jsonl"), each),
        }
    }
    fn meetings(&self, each: &mut dyn FnMut(MeetingSummary)) -> Result<(), ReportError> {
        match &self.db {
            Some(db) => Ok(db.meetings(each)?),
            None => read_meetings(&self.set.join(crate::output::MEETINGS_JSONL), each),
        }
    }
}

/// Everything but the actions and meetings: `run.json` (the times and
/// `-j`, which the database leaves out), then the errors, discovered
/// themes and decisions from the database, or from the files of a set an
/// older scan wrote.
fn load_context(out_dir: &Path) -> Result<ReportInputs, ReportError> {
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
    if db::has_database(out_dir) {
        let db = db::Database::open(out_dir)?;
        inputs.errors = db.errors()?;
        inputs.discovered = db.discovered_themes()?.into_iter().collect();
        inputs.decisions = db.decisions()?;
        let h = &mut inputs.history;
        db.theme_years(|t, y, n| h.add_theme_year(t, y, n as usize))?;
        db.chain_dates(|id, first_raised, last_seen, days| {
            h.chains.insert(
                id,
                data::ChainDates {
                    first_raised,
                    last_seen,
                    days,
                },
            );
        })?;
        return Ok(inputs);
    }
    let errors_path = out_dir.join("errors.jsonl");
    if errors_path.exists() {
        read_jsonl(&errors_path, |e: FileError| inputs.errors.push(e))?;
    }
    // From `history.json` (optional; older outputs lack it): which themes
    // were discovered rather than taken from the taxonomy, the themes'
    // meetings per year and the chains' dates, as the history stage gave
    // them.
    let history_path = out_dir.join(crate::output::HISTORY_JSON);
    if history_path.exists() {
        #[derive(serde::Deserialize)]
        struct Slim {
            #[serde(default)]
            themes: Vec<SlimTheme>,
            #[serde(default)]
            chains: Vec<SlimChain>,
        }
        #[derive(serde::Deserialize)]
        struct SlimTheme {
            theme: String,
            #[serde(default)]
            source: String,
            #[serde(default)]
            per_year: BTreeMap<String, u32>,
        }
        #[derive(serde::Deserialize)]
        struct SlimChain {
            id: String,
            first_raised: String,
            last_seen: String,
            #[serde(default)]
            days: u32,
        }
        let text = std::fs::read_to_string(&history_path).map_err(io_err(&history_path))?;
        let h: Slim = serde_json::from_str(&text).map_err(|source| ReportError::Parse {
            path: history_path.clone(),
            line: source.line(),
            source,
        })?;
        for t in &h.themes {
            for (y, n) in &t.per_year {
                inputs.history.add_theme_year(&t.theme, y, *n as usize);
            }
        }
        for c in h.chains {
            inputs.history.chains.insert(
                c.id,
                data::ChainDates {
                    first_raised: c.first_raised,
                    last_seen: c.last_seen,
                    days: c.days,
                },
            );
        }
        inputs.discovered = h
            .themes
            .into_iter()
            .filter(|t| t.source == "discovered")
            .map(|t| t.theme)
            .collect();
    }
    let decisions_path = out_dir.join(crate::output::DECISIONS_JSONL);
    if decisions_path.exists() {
        read_jsonl(&decisions_path, |d: crate::model::Decision| {
            inputs.decisions.push(d)
        })?;
    }
    Ok(inputs)
}

/// The relative link from OUT (`out_dir`) to a document label, for a run
/// of `scan` in `cwd` over the archive `run.json` names.
fn linker<'a>(
    out_dir: &Path,
    cwd: &'a Path,
    run: Option<&RunInfo>,
) -> impl Fn(&str) -> String + 'a {
    let out_abs = out_dir
        .canonicalize()
        .unwrap_or_else(|_| links::absolute(out_dir, cwd));
    let archive = run.map(|r| PathBuf::from(&r.archive));
    move |d: &str| {
        let target = links::locate(d, cwd, archive.as_deref());
        links::relative_href(&out_abs, &target)
    }
}

/// The relative link from OUT to every document named by the actions,
/// meetings (duplicates included) and failed files.
fn resolve_links<'a>(
    out_dir: &Path,
    cwd: &Path,
    inputs: &'a ReportInputs,
    action_docs: impl Iterator<Item = &'a str>,
) -> BTreeMap<String, String> {
    let link = linker(out_dir, cwd, inputs.run.as_ref());
    let documents: BTreeSet<&str> = action_docs
        .chain(inputs.meetings.iter().flat_map(|m| {
            std::iter::once(m.document.as_str()).chain(m.duplicates.iter().map(String::as_str))
        }))
        .chain(inputs.errors.iter().map(|e| e.document.as_str()))
        .collect();
    documents
        .into_iter()
        .map(|d| (d.to_string(), link(d)))
        .collect()
}

/// Reads the current set of outputs of `out_dir` (see
/// [`crate::output::set`]) and rewrites its `report.html` atomically
/// (temporary file, then rename, see [`crate::output::write_atomic`]): a
/// reader sees the old report or the new one, never half of one. Returns
/// the report's path as the user opens it (`OUT/report.html`).
///
/// Built in passes over the records ([`write_set`]), so memory holds the
/// page's tables, not its rows.
pub fn write_report(out_dir: &Path) -> Result<PathBuf, ReportError> {
    let set = crate::output::set::resolve(out_dir);
    let path = set.join(REPORT_FILE);
    let mut failed = None;
    let written = crate::output::write_atomic(&path, true, |w| {
        write_set(&set, out_dir, w).map_err(|e| {
            let message = e.to_string();
            failed = Some(e);
            std::io::Error::other(message)
        })
    });
    if let Some(e) = failed {
        return Err(e);
    }
    let write_err = |p: &Path| {
        let path = p.to_path_buf();
        move |source| ReportError::Write { path, source }
    };
    written.map_err(write_err(&path))?;
    if set != out_dir {
        // Restores `OUT/report.html` (a link through `current`) if removed.
        crate::output::set::link_outputs(out_dir).map_err(write_err(out_dir))?;
    }
    Ok(out_dir.join(REPORT_FILE))
}

/// Writes the page for the outputs in `set_dir` (a set folder, see
/// [`crate::output::set`]) to `w`; links to the PDFs are relative to
/// `link_base` (OUT, where the user opens `report.html`).
///
/// Two passes over the records: the first makes the tables (documents,
/// titles, owners, …) and the counts, the second the rows, written as the
/// page data into an anonymous file in `set_dir` (the page's nonce is a
/// hash of the data, and comes before it), which is then copied into the
/// page. Memory holds one key per document, title and owner, not the rows.
pub fn write_set<W: Write>(set_dir: &Path, link_base: &Path, w: &mut W) -> Result<(), ReportError> {
    let cwd = std::env::current_dir().map_err(io_err(Path::new(".")))?;
    let mut inputs = load_context(set_dir)?;
    let records = SetRecords::open(set_dir)?;
    let link = linker(link_base, &cwd, inputs.run.as_ref());
    let scratch = tempfile::tempfile_in(set_dir).map_err(io_err(set_dir))?;
    write_with(w, &mut inputs, &records, Some(&link), scratch, set_dir)
}

/// The whole report page for `inputs` (records and links in memory).
/// Deterministic: the same inputs give the same bytes.
pub fn render(inputs: &ReportInputs) -> String {
    let mut page = Vec::new();
    let mut context = ReportInputs {
        actions: Vec::new(),
        meetings: Vec::new(),
        ..inputs.clone()
    };
    // Writing into memory cannot fail, and the page is UTF-8 throughout.
    let _ = write_with(
        &mut page,
        &mut context,
        inputs,
        None,
        std::io::Cursor::new(Vec::new()),
        Path::new("."),
    );
    String::from_utf8(page).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// The passes of [`write_set`]: `context` gives the run, errors, decisions
/// and history; `records` the actions and meetings; `link` the link of a
/// document (`None`: `context.links` has them); `scratch` holds the page
/// data between the second pass and the page. I/O errors name `path`.
fn write_with<W: Write, S: Read + Write + Seek>(
    w: &mut W,
    context: &mut ReportInputs,
    records: &dyn Records,
    link: Option<&dyn Fn(&str) -> String>,
    scratch: S,
    path: &Path,
) -> Result<(), ReportError> {
    let mut b = data::DataBuilder::default();
    records.actions(&mut |a| b.push(&a))?;
    if let Some(link) = link {
        let links = &mut context.links;
        for d in b.documents() {
            links.insert(d.to_string(), link(d));
        }
        let mut add = |d: &str| {
            if !links.contains_key(d) {
                links.insert(d.to_string(), link(d));
            }
        };
        records.meetings(&mut |m| b.meeting(&m, &mut add))?;
        for e in &context.errors {
            add(&e.document);
        }
    } else {
        records.meetings(&mut |m| b.meeting(&m, &mut |_| {}))?;
    }
    let tables = b.finish(&context.links, &context.history);
    // The nonce only has to be unguessable to someone who can put text into
    // one PDF but does not know the whole archive's extracted content; the
    // data is written once, into the hash and the scratch file.
    let io = io_err(path);
    let mut scratch = std::io::BufWriter::new(scratch);
    let mut hasher = blake3::Hasher::new();
    write_data_json(&mut Tee(&mut hasher, &mut scratch), &tables, records, path)?;
    let nonce = hasher.finalize().to_hex()[..32].to_string();
    let mut scratch = scratch
        .into_inner()
        .map_err(|e| e.into_error())
        .map_err(io_err(path))?;
    scratch.rewind().map_err(io_err(path))?;
    write_page(w, context, &tables, &nonce, &mut |w| {
        std::io::copy(&mut scratch, w).map(|_| ())
    })
    .map_err(io)
}

/// Writes to both.
struct Tee<'a, A: Write, B: Write>(&'a mut A, &'a mut B);

impl<A: Write, B: Write> Write for Tee<'_, A, B> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.write_all(buf)?;
        self.1.write_all(buf)?;
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.0.flush()?;
        self.1.flush()
    }
}

/// Writes the page for `tables`; `inputs` gives the run, errors, decisions
/// and links, `data` writes the page data (see [`write_data_json`]).
fn write_page<W: Write>(
    w: &mut W,
    inputs: &ReportInputs,
    tables: &Tables,
    nonce: &str,
    data: &mut dyn FnMut(&mut W) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let years = &tables.years;
    let slots: BTreeMap<&str, String> = BTreeMap::from([
        ("title", html(&title(inputs)).into_owned()),
        ("summary", summary(inputs, tables)),
        ("css", CSS.to_string()),
        ("themes", themes_chart(inputs, tables, years)),
        ("owners", owners_chart(tables, years)),
        ("provenance", provenance(inputs, tables)),
        ("decisions", decisions_section(inputs)),
        ("nonce", nonce.to_string()),
        ("js", JS.to_string()),
    ]);
    fill(w, TEMPLATE, |name, w| match name {
        "data" => data(w).map(|_| true),
        _ => match slots.get(name) {
            Some(v) => w.write_all(v.as_bytes()).map(|_| true),
            None => Ok(false),
        },
    })
}

/// The page data as JSON made safe for a script element (see
/// [`escape::json_for_script`]), written piece by piece, one row at a
/// time as the second pass over `records` makes it, so no copy of the
/// whole JSON nor of the rows is ever held. The same text as
/// `serde_json::to_string` of the [`ReportData`] escaped (escaping is
/// character by character, so escaping each piece is escaping the whole).
fn write_data_json<W: Write>(
    w: &mut W,
    t: &Tables,
    records: &dyn Records,
    path: &Path,
) -> Result<(), ReportError> {
    fn part<W: Write, T: serde::Serialize + ?Sized>(w: &mut W, v: &T) -> std::io::Result<()> {
        let json = serde_json::to_string(v).map_err(std::io::Error::other)?;
        w.write_all(escape::json_for_script(&json).as_bytes())
    }
    fn list<W: Write, T: serde::Serialize>(
        w: &mut W,
        items: impl Iterator<Item = T>,
    ) -> std::io::Result<()> {
        w.write_all(b"[")?;
        for (i, v) in items.enumerate() {
            if i > 0 {
                w.write_all(b",")?;
            }
            part(w, &v)?;
        }
        w.write_all(b"]")
    }
    let head = |w: &mut W| -> std::io::Result<()> {
        w.write_all(b"{\"orgs\":")?;
        part(w, &t.orgs)?;
        w.write_all(b",\"themes\":")?;
        part(w, &t.themes)?;
        w.write_all(b",\"owners\":")?;
        part(w, &t.owners)?;
        w.write_all(b",\"docs\":")?;
        list(w, t.doc_refs())?;
        w.write_all(b",\"titles\":")?;
        list(w, t.titles())?;
        w.write_all(b",\"mt\":")?;
        list(w, t.meeting_refs())?;
        w.write_all(b",\"actions\":[")
    };
    head(w).map_err(io_err(path))?;
    let mut first = true;
    let mut failed = None;
    records.actions(&mut |a| {
        if failed.is_some() {
            return;
        }
        let row = t.row(a);
        let r = if first { Ok(()) } else { w.write_all(b",") };
        first = false;
        if let Err(e) = r.and_then(|_| part(w, &row)) {
            failed = Some(e);
        }
    })?;
    if let Some(e) = failed {
        return Err(io_err(path)(e));
    }
    let tail = |w: &mut W| -> std::io::Result<()> {
        w.write_all(b"],\"chains\":")?;
        part(w, &t.chains)?;
        w.write_all(b"}")
    };
    tail(w).map_err(io_err(path))
}

/// Copies `template` to `w`, replacing each `{{name}}` by what `slot`
/// writes for it (it returns false for an unknown name, which is copied
/// as is). One pass, so a slot's content is never scanned for slots.
fn fill<W: Write>(
    w: &mut W,
    template: &str,
    mut slot: impl FnMut(&str, &mut W) -> std::io::Result<bool>,
) -> std::io::Result<()> {
    let mut rest = template;
    while let Some(start) = rest.find("{{") {
        w.write_all(&rest.as_bytes()[..start])?;
        let after = &rest[start + 2..];
        match after.find("}}") {
            Some(end) if slot(&after[..end], w)? => rest = &after[end + 2..],
            _ => {
                w.write_all(b"{{")?;
                rest = after;
            }
        }
    }
    w.write_all(rest.as_bytes())
}

fn title(inputs: &ReportInputs) -> String {
    match &inputs.run {
        Some(r) if !r.archive.is_empty() => format!("Minutes report: {}", r.archive),
        _ => "Minutes report".to_string(),
    }
}

fn summary(inputs: &ReportInputs, data: &Tables) -> String {
    let span = match &data.span {
        Some((a, b)) => format!(", meetings from {} to {}", html(a), html(b)),
        None => String::new(),
    };
    let long = data.chains.iter().filter(|c| c.days >= 365).count();
    let chains = data.chains.iter().filter(|c| c.actions.len() > 1).count();
    // Documents read: run.json counts the failed ones too.
    let documents = inputs
        .run
        .as_ref()
        .map_or(data.meeting_count as u64, |r| r.documents);
    let mut s = format!(
        "<b>{}</b> {} from <b>{documents}</b> {} read, <b>{}</b> {}{span}. <b>{chains}</b> carried-forward {} ({long} open a year or more). ",
        data.actions,
        plural(data.actions, "action", "actions"),
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
    let _ = write!(s, " Rules: {}.", html(&data.fit.sentence()));
    s
}

/// The fit as the report shows it: the sentence, then the documents and
/// tokens it counts (each linked, every string escaped).
fn fit_section(f: &fit::Fit, link: &dyn Fn(&str) -> String) -> String {
    /// Rows listed per table; the counts are whole.
    const MAX_ROWS: usize = 200;
    let mut s = format!(
        r#"<h3 id="fit">Do the rules fit?</h3><p id="fit-summary">{}.</p>"#,
        html(&f.sentence())
    );
    if !f.signs_unread.is_empty() {
        s.push_str(r#"<table class="plain" id="fit-unread"><thead><tr><th>Document (signs of actions, none read)</th><th>Signs</th></tr></thead><tbody>"#);
        for (d, cues) in f.signs_unread.iter().take(MAX_ROWS) {
            let _ = write!(
                s,
                "<tr><td>{}</td><td>{}</td></tr>",
                link(d),
                html(&cues.join("; "))
            );
        }
        s.push_str("</tbody></table>");
    }
    if !f.no_actions.is_empty() {
        let _ = write!(
            s,
            r#"<details id="fit-none"><summary>{} {} with no action</summary><ul>"#,
            f.no_actions.len(),
            plural(f.no_actions.len(), "document", "documents")
        );
        for d in f.no_actions.iter().take(MAX_ROWS) {
            let _ = write!(s, "<li>{}</li>", link(d));
        }
        s.push_str("</ul></details>");
    }
    if !f.unresolved.is_empty() {
        let _ = write!(
            s,
            r#"<details id="fit-owners"><summary>{} owner {} never resolved</summary><table class="plain"><thead><tr><th>Token</th><th>Organisation</th><th>Actions</th><th>First seen in</th></tr></thead><tbody>"#,
            f.unresolved.len(),
            plural(f.unresolved.len(), "token", "tokens")
        );
        for u in f.unresolved.iter().take(MAX_ROWS) {
            let _ = write!(
                s,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                html(&u.token),
                html(&u.organisation),
                u.actions,
                link(&u.document)
            );
        }
        s.push_str("</tbody></table></details>");
    }
    s
}

/// The decisions as a static table (every cell escaped), each with its
/// meeting, item, label and a link to the PDF at its page.
fn decisions_section(inputs: &ReportInputs) -> String {
    if inputs.decisions.is_empty() {
        return r#"<p id="decisions-none">No decision was recorded in these minutes (no <code>RESOLVED</code>, <code>AGREED</code> or <code>DECISION</code> paragraph).</p>"#.to_string();
    }
    let mut s = format!(
        r#"<p id="decisions-count">{} {}</p><div class="table-wrap"><table id="decisions" class="decisions"><thead><tr><th scope="col">Date</th><th scope="col">Organisation</th><th scope="col">Item</th><th scope="col">Decision</th><th scope="col">Source</th></tr></thead><tbody>"#,
        inputs.decisions.len(),
        plural(inputs.decisions.len(), "decision", "decisions")
    );
    for d in &inputs.decisions {
        let file = d.document.rsplit(['/', '\\']).next().unwrap_or("");
        let src = format!("{}, p. {}", file, d.page);
        let link = match inputs.links.get(&d.document) {
            Some(h) => format!(
                r#"<a href="{}#page={}" target="_blank" rel="noopener noreferrer" title="{}">{}</a>"#,
                html(h),
                d.page,
                html(&d.document),
                html(&src)
            ),
            None => html(&src).into_owned(),
        };
        s.push_str(&format!(
            r#"<tr data-id="{}"><td>{}</td><td>{}</td><td>{} {}</td><td><b>{}</b> {}</td><td>{}</td></tr>"#,
            html(&d.id),
            html(d.meeting_date.as_deref().unwrap_or("—")),
            html(&d.organisation),
            html(&d.item),
            html(&d.item_title),
            html(&d.label),
            html(&d.text),
            link
        ));
    }
    s.push_str("</tbody></table></div>");
    s
}

fn plural<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 {
        one
    } else {
        many
    }
}

fn themes_chart(inputs: &ReportInputs, data: &Tables, years: &[i32]) -> String {
    let per_theme = inputs.history.theme_years.clone();
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
            let label = if inputs.discovered.contains(&theme) {
                format!("{theme} · discovered")
            } else {
                theme
            };
            Some(svg::HeatRow {
                label,
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

fn owners_chart(data: &Tables, years: &[i32]) -> String {
    let per_owner = &data.owner_years;
    if per_owner.is_empty() || years.is_empty() {
        return r#"<p class="empty">No dated actions with owners.</p>"#.into();
    }
    let mut rows: Vec<svg::HeatRow> = per_owner
        .iter()
        .filter_map(|(&k, per_year)| {
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
fn provenance(inputs: &ReportInputs, data: &Tables) -> String {
    let mut s = String::from(r#"<dl class="prov">"#);
    let mut row = |k: &str, v: &str| {
        let _ = write!(s, "<dt>{}</dt><dd>{}</dd>", html(k), html(v));
    };
    match &inputs.run {
        Some(r) => {
            row("Program version", &format!("minutes {}", r.version));
            row("Rules hash", &r.rules_hash);
            row("Run started", &r.started);
            if !r.finished.is_empty() {
                row("Run finished", &r.finished);
            }
            row("Archive", &r.archive);
            row("Documents read", &r.documents.to_string());
            row("Pages", &r.pages.to_string());
            row("Actions", &r.actions.to_string());
            row("Files failed", &r.errors.to_string());
        }
        None => row("Run", "run.json is missing: version and rules hash unknown"),
    }
    let pages = data.pages;
    row(
        "Report built from",
        &format!(
            "{} meeting {} ({pages} pages), {} action {}, {} error {}",
            data.meeting_count,
            plural(data.meeting_count, "record", "records"),
            data.actions,
            plural(data.actions, "record", "records"),
            inputs.errors.len(),
            plural(inputs.errors.len(), "record", "records"),
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
    s.push_str(&fit_section(&data.fit, &link));
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
    let warned = &data.warned;
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
        for (document, notes) in warned {
            let _ = write!(
                s,
                "<tr><td>{}</td><td>{}</td></tr>",
                link(document),
                html(notes)
            );
        }
        s.push_str("</tbody></table>");
    }
    let dups = &data.dups;
    if !dups.is_empty() {
        let _ = write!(
            s,
            "<h3>Identical files read once ({})</h3><ul class=\"dups\">",
            dups.len()
        );
        for (document, duplicates) in dups {
            let others: Vec<String> = duplicates.iter().map(|d| link(d)).collect();
            let _ = write!(s, "<li>{} = {}</li>", link(document), others.join(", "));
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
        let slots = BTreeMap::from([("a", "{{b}}"), ("b", "B")]);
        let mut out = Vec::new();
        fill(&mut out, "x{{a}}y{{b}}z{{c}}", |name, w| {
            match slots.get(name) {
                Some(v) => w.write_all(v.as_bytes()).map(|_| true),
                None => Ok(false),
            }
        })
        .unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), "x{{b}}yBz{{c}}");
    }

    #[test]
    fn streamed_json_equals_the_serialised_data() {
        let mut inputs = ReportInputs::default();
        let a: Action = serde_json::from_value(serde_json::json!({
            "id": "1", "document": "a.pdf", "organisation": "B <&>", "meeting_date": "2016-05-11",
            "item": "1", "item_title": "</script>", "owners": ["MA"], "owner_names": ["Mike"],
            "owner_detail": [{"token": "MA", "status": "resolved", "name": "Mike"}],
            "text": "\u{2028} & <b>", "page": 1, "chain": "c", "carried_forward": true,
        }))
        .unwrap();
        inputs.actions = vec![a.clone(), a];
        let data = ReportData::build(&inputs);
        let mut b = data::DataBuilder::default();
        inputs.actions.iter().for_each(|a| b.push(a));
        let tables = b.finish(&inputs.links, &inputs.history);
        let mut out = Vec::new();
        write_data_json(&mut out, &tables, &inputs, Path::new(".")).unwrap();
        let expected = escape::json_for_script(&serde_json::to_string(&data).unwrap());
        assert_eq!(String::from_utf8(out).unwrap(), expected);
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
