//! `minutes explain`: every line of one document with what the reader made
//! of it (header, attendee, item heading, minute text, owner cell, action
//! label, log row, status, decision, page furniture, ignored) and the rule
//! that decided it (file, line, name), then each action with its evidence
//! and how each owner was resolved, or why not.
//!
//! Built from the minutes stage's own trace ([`crate::minutes::trace`]),
//! not from a second reading: what is shown is what the scan does. The
//! words are the stage's own rows ([`crate::minutes::rows::rows_of`]), so
//! every word of a page is shown once, in the line or cell it went to, or
//! as furniture.

pub mod html;
pub mod text;

use crate::layout::Page;
use crate::minutes::header::LineKind;
use crate::minutes::owners::Kind;
use crate::minutes::rows::{self, RunRow};
use crate::minutes::trace::{Trace, Why};
use crate::model::{Meeting, Resolution};
use crate::pipeline::Traced;
use crate::rules::locate::RuleRef;
use crate::rules::{RuleSet, SectionKind};
use serde::Serialize;
use std::collections::BTreeMap;

/// What a line (or a word) was read as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Title, date, organisation or other text before the first item.
    Header,
    /// Names an office holder (`Chair: ...`).
    Officer,
    /// A Present / In attendance marker or list line.
    Attendee,
    /// An apologies marker or list line.
    Apologies,
    /// An agenda item's heading.
    ItemHeading,
    /// Minute text of an item.
    MinuteText,
    /// The Action column's header word.
    ColumnHeader,
    /// A cell of the Action column naming owners.
    OwnerCell,
    /// An inline action label (`Action: MA`).
    ActionLabel,
    /// A heading that opens an action list (`Actions:`).
    ListHeading,
    /// An entry of an action list that named its owners.
    ListEntry,
    /// The header row of an action log or tracker table.
    LogHeader,
    /// A row of an action log or tracker table.
    LogRow,
    /// A paragraph that only reports an action's state.
    Status,
    /// A decision label (`RESOLVED:`).
    Decision,
    /// The date of the next meeting.
    NextMeeting,
    /// Page numbers, running headers and footers.
    Furniture,
    /// Read as nothing (after the end of the minutes, beside the column).
    Ignored,
}

impl Role {
    /// How the role is printed.
    pub fn label(self) -> &'static str {
        match self {
            Role::Header => "header",
            Role::Officer => "officer",
            Role::Attendee => "attendee",
            Role::Apologies => "apologies",
            Role::ItemHeading => "item heading",
            Role::MinuteText => "minute text",
            Role::ColumnHeader => "column header",
            Role::OwnerCell => "owner cell",
            Role::ActionLabel => "action label",
            Role::ListHeading => "action list",
            Role::ListEntry => "list entry",
            Role::LogHeader => "log header",
            Role::LogRow => "log row",
            Role::Status => "status",
            Role::Decision => "decision",
            Role::NextMeeting => "next meeting",
            Role::Furniture => "page furniture",
            Role::Ignored => "ignored",
        }
    }

    /// The CSS class of the role (`owner-cell`).
    pub fn class(self) -> String {
        self.label().replace(' ', "-")
    }

    /// Every role, in legend order.
    pub const ALL: [Role; 18] = [
        Role::Header,
        Role::Officer,
        Role::Attendee,
        Role::Apologies,
        Role::ItemHeading,
        Role::MinuteText,
        Role::ColumnHeader,
        Role::OwnerCell,
        Role::ActionLabel,
        Role::ListHeading,
        Role::ListEntry,
        Role::LogHeader,
        Role::LogRow,
        Role::Status,
        Role::Decision,
        Role::NextMeeting,
        Role::Furniture,
        Role::Ignored,
    ];
}

/// One word as printed: its box (PDF points, y down) and text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Word {
    pub x0: f32,
    pub x1: f32,
    pub text: String,
}

/// One printed line (or a cell line, or a furniture row) and what it was
/// read as.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Line {
    pub page: u32,
    pub top: f32,
    pub bottom: f32,
    pub size: f32,
    pub words: Vec<Word>,
    pub role: Role,
    /// More about the role: `item 4`, `Present`, `title`, `action 3`.
    pub detail: String,
    /// The rule that decided it, when one did.
    pub rule: Option<RuleRef>,
    /// Numbers (1-based) of the actions this line is evidence for.
    pub actions: Vec<usize>,
}

impl Line {
    pub fn text(&self) -> String {
        self.words
            .iter()
            .map(|w| w.text.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    }
    pub fn x0(&self) -> f32 {
        self.words.first().map_or(0.0, |w| w.x0)
    }
}

/// How one owner token was read and resolved.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OwnerNote {
    pub token: String,
    /// The token grammar rule that read it (`owners.toml tokens.initials`).
    pub rule: RuleRef,
    /// The name it resolved to, if any.
    pub name: Option<String>,
    /// How it was resolved, or why not.
    pub how: String,
}

/// One action and its evidence.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ActionNote {
    /// 1-based, in the order of the meeting's actions.
    pub number: usize,
    pub id: String,
    pub item: String,
    pub page: u32,
    pub source: String,
    pub owners: Vec<String>,
    pub text: String,
    /// The rule that read the action.
    pub rule: RuleRef,
    /// What carried its owners: the owner cell, label or row as printed.
    pub evidence: String,
    /// Where its text came from.
    pub clause: String,
    pub owner_notes: Vec<OwnerNote>,
    pub due: Option<String>,
    pub status: Option<String>,
}

/// One page's size (PDF points).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct PageSize {
    pub number: u32,
    pub width: f32,
    pub height: f32,
}

/// The whole explanation of one document.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Explained {
    pub document: String,
    /// Where the rules came from (`embedded`, or the folder).
    pub rules: String,
    pub organisation: String,
    pub meeting_date: Option<String>,
    pub present: usize,
    pub in_attendance: usize,
    pub items: usize,
    /// Why a scan would refuse the document as not minutes, if it would.
    pub not_minutes: Option<String>,
    pub pages: Vec<PageSize>,
    /// Every line, by page, top to bottom, left to right.
    pub lines: Vec<Line>,
    pub actions: Vec<ActionNote>,
}

/// What one minute line (index into the view's lines) was read as.
#[derive(Debug, Clone)]
struct Read {
    role: Role,
    detail: String,
    rule: Option<RuleRef>,
    actions: Vec<usize>,
}

impl Read {
    fn new(role: Role, detail: impl Into<String>, rule: Option<RuleRef>) -> Read {
        Read {
            role,
            detail: detail.into(),
            rule,
            actions: Vec::new(),
        }
    }
}

/// The section rule of index `k` (`sections.toml`).
fn section_name(rules: &RuleSet, k: usize) -> RuleRef {
    let name = rules.sections.get(k).map_or("?", |s| s.name.as_str());
    rules.rule_ref("sections.toml", &format!("section[{name}]"))
}

fn section_role(kind: SectionKind) -> Role {
    match kind {
        SectionKind::Present | SectionKind::InAttendance => Role::Attendee,
        SectionKind::Apologies => Role::Apologies,
        SectionKind::NextMeeting => Role::NextMeeting,
        SectionKind::End => Role::Ignored,
    }
}

fn section_label(kind: SectionKind) -> &'static str {
    match kind {
        SectionKind::Present => "Present",
        SectionKind::InAttendance => "In attendance",
        SectionKind::Apologies => "Apologies",
        SectionKind::NextMeeting => "next meeting",
        SectionKind::End => "end of the minutes",
    }
}

/// The owner-token grammar rule of a token kind.
fn token_rule(rules: &RuleSet, kind: Kind) -> RuleRef {
    let key = match kind {
        Kind::All => "tokens.all",
        Kind::Initials => "tokens.initials",
        Kind::WeakInitials => "tokens.weak_initials",
        Kind::Name => "tokens.name",
        Kind::Group => "tokens.groups",
        Kind::Role => "tokens.roles",
    };
    rules.rule_ref("owners.toml", key)
}

fn kind_label(kind: Kind) -> &'static str {
    match kind {
        Kind::All => "everyone",
        Kind::Initials => "initials",
        Kind::WeakInitials => "short initials",
        Kind::Name => "a name",
        Kind::Group => "a group",
        Kind::Role => "a role",
    }
}

/// Explains a document read with its trace. `rules_label` says where the
/// rules came from (shown in the output).
pub fn explain(rules: &RuleSet, rules_label: &str, t: Traced) -> Explained {
    let Traced {
        meeting,
        pages,
        trace,
        not_minutes,
    } = t;
    let mut reads = line_reads(rules, &meeting, &trace);
    let column_rule = column_rule(rules, &pages, &trace);
    let actions = action_notes(rules, &meeting, &trace, &column_rule, &mut reads);
    note_unread_labels(rules, &trace, &mut reads);
    let lines = page_lines(rules, &pages, &trace, &reads, &column_rule, &actions);
    Explained {
        document: meeting.document.clone(),
        rules: rules_label.to_string(),
        organisation: meeting.organisation.clone(),
        meeting_date: meeting.meeting_date.clone(),
        present: meeting.present.len(),
        in_attendance: meeting.in_attendance.len(),
        items: meeting.items.len(),
        not_minutes,
        pages: pages
            .iter()
            .map(|p| PageSize {
                number: p.number,
                width: p.width,
                height: p.height,
            })
            .collect(),
        lines,
        actions,
    }
}

/// The stage's rows of a page after furniture was dropped, in the stage's
/// order (so that the view's `line_of_row` indexes them), and the dropped
/// rows.
fn stage_rows(rules: &RuleSet, pages: &[Page]) -> (Vec<RunRow>, Vec<RunRow>) {
    let raw: Vec<(f32, Vec<RunRow>)> = pages.iter().map(|p| (p.height, rows::rows_of(p))).collect();
    let kept_pages = rows::drop_furniture(rules, &raw);
    let mut dropped = Vec::new();
    for ((_, all), kept) in raw.iter().zip(&kept_pages) {
        let mut k = 0;
        for r in all {
            if kept.get(k) == Some(r) {
                k += 1;
            } else {
                dropped.push(r.clone());
            }
        }
    }
    (kept_pages.into_iter().flatten().collect(), dropped)
}

/// The rule that placed the Action column: its header word when one is
/// printed right of the text, else the owner cells lined up.
fn column_rule(rules: &RuleSet, pages: &[Page], trace: &Trace) -> RuleRef {
    let c = &rules.owners.column;
    let header = pages.iter().any(|p| {
        p.lines
            .iter()
            .any(|l| l.bbox.x0 >= c.min_x * p.width && c.header.is_match(l.text().trim()))
    });
    if header || trace.view.cells.is_empty() {
        rules.rule_ref("owners.toml", "column.header")
    } else {
        rules.rule_ref("owners.toml", "column.min_cells")
    }
}

/// What each minute line was read as.
fn line_reads(rules: &RuleSet, meeting: &Meeting, trace: &Trace) -> Vec<Read> {
    let lines = &trace.view.lines;
    let mut out: Vec<Option<Read>> = vec![None; lines.len()];
    // Header lines.
    let loose: Vec<usize> = trace
        .header
        .iter()
        .filter(|(_, k)| *k == LineKind::Loose)
        .map(|(i, _)| *i)
        .collect();
    let title_at = loose.iter().find_map(|&i| {
        let t = lines[i].text.trim();
        rules
            .header
            .title
            .iter()
            .position(|re| re.is_match(t))
            .map(|k| (i, k))
    });
    let date_at = rules.header.date.iter().enumerate().find_map(|(k, re)| {
        loose.iter().find_map(|&i| {
            let c = re.captures(lines[i].text.trim())?;
            crate::minutes::dates::find_date(&rules.dates, c.name("date")?.as_str())?;
            Some((i, k))
        })
    });
    let org = meeting.organisation.to_lowercase();
    for (i, kind) in &trace.header {
        let r = match kind {
            LineKind::Officer(k) => Read::new(
                Role::Officer,
                "office holder",
                Some(rules.rule_ref("header.toml", &format!("officers[{k}]"))),
            ),
            LineKind::Marker { kind, rule, .. } | LineKind::InSection { kind, rule } => Read::new(
                section_role(*kind),
                section_label(*kind),
                Some(section_name(rules, *rule)),
            ),
            LineKind::Loose => {
                let text = lines[*i].text.trim();
                if title_at.is_some_and(|(t, _)| t == *i) {
                    let k = title_at.map_or(0, |(_, k)| k);
                    Read::new(
                        Role::Header,
                        "title",
                        Some(rules.rule_ref("header.toml", &format!("title.patterns[{k}]"))),
                    )
                } else if date_at.is_some_and(|(d, _)| d == *i) {
                    let k = date_at.map_or(0, |(_, k)| k);
                    Read::new(
                        Role::Header,
                        "meeting date",
                        Some(rules.rule_ref("header.toml", &format!("date.patterns[{k}]"))),
                    )
                } else if !org.is_empty() && org.contains(&text.to_lowercase()) {
                    let from_title = rules
                        .header
                        .org_from_title
                        .iter()
                        .position(|re| re.is_match(text));
                    let key = match from_title {
                        Some(k) => format!("organisation.from_title[{k}]"),
                        None => "organisation.max_lines".to_string(),
                    };
                    Read::new(
                        Role::Header,
                        "organisation",
                        Some(rules.rule_ref("header.toml", &key)),
                    )
                } else if !org.is_empty() && text.to_lowercase().contains(&org) {
                    let k = rules
                        .header
                        .org_from_title
                        .iter()
                        .position(|re| re.is_match(text))
                        .unwrap_or(0);
                    Read::new(
                        Role::Header,
                        "organisation",
                        Some(
                            rules.rule_ref("header.toml", &format!("organisation.from_title[{k}]")),
                        ),
                    )
                } else {
                    Read::new(Role::Header, "before the first item", None)
                }
            }
        };
        out[*i] = Some(r);
    }
    // Items: headings and their minute text.
    for it in &trace.split.items {
        let heading_rule = it.heading.rule.and_then(|k| {
            let h = rules.items.headings.get(k)?;
            Some(rules.rule_ref("items.toml", &format!("heading[{}]", h.name)))
        });
        let name = if it.heading.key.is_empty() {
            "unnumbered item".to_string()
        } else {
            format!("item {}", it.heading.key)
        };
        let (rule, why) = match (&heading_rule, it.heading.rule) {
            (Some(r), _) => (Some(r.clone()), name.clone()),
            (None, _) if it.heading.title.is_empty() && it.heading.key.is_empty() => (
                None,
                "no heading found: the text after the header is one unnumbered item".to_string(),
            ),
            (None, _) => (
                Some(rules.rule_ref("items.toml", "checks.sub_end")),
                format!("{name} resumes after its sub-item"),
            ),
        };
        let mut heading = Read::new(Role::ItemHeading, why, rule);
        if let Some((kind, _)) = crate::minutes::items::section_of(rules, &it.heading.title) {
            heading.detail = format!(
                "{} (its text feeds {})",
                heading.detail,
                section_label(kind)
            );
        }
        out[it.line] = Some(heading);
        for b in it.body.lines.iter().filter(|b| !b.heading) {
            out[b.line] = Some(Read::new(
                Role::MinuteText,
                name.clone(),
                heading_rule.clone(),
            ));
        }
    }
    // The first lines read again as a header (attendance lists taken into
    // an item).
    if meeting
        .present
        .iter()
        .chain(&meeting.in_attendance)
        .next()
        .is_some()
    {
        for (i, kind) in &trace.top_block {
            if let LineKind::Marker { kind, rule, .. } | LineKind::InSection { kind, rule } = kind {
                if out[*i].as_ref().is_none_or(|r| r.role == Role::MinuteText) {
                    out[*i] = Some(Read::new(
                        section_role(*kind),
                        format!("{} (read from the top of page 1)", section_label(*kind)),
                        Some(section_name(rules, *rule)),
                    ));
                }
            }
        }
    }
    // Decisions, statuses and list headings inside items.
    for it in &trace.split.items {
        let body = &it.body;
        for b in body.lines.iter().filter(|b| !b.heading) {
            let text = body.text.get(b.start..b.end).unwrap_or("");
            if let Some(k) = crate::minutes::decisions::label_rule(rules, text) {
                let name = &rules.decisions.labels[k].name;
                out[b.line] = Some(Read::new(
                    Role::Decision,
                    rules.decisions.labels[k].kind.clone(),
                    Some(rules.rule_ref("decisions.toml", &format!("decision[{name}]"))),
                ));
                continue;
            }
            if !b.para_start {
                continue;
            }
            let content = strip_bullet(rules, text);
            if crate::minutes::lists::status_of(rules, content).is_some() {
                out[b.line] = Some(Read::new(
                    Role::Status,
                    "reports the state of the action above",
                    Some(rules.rule_ref("labels.toml", "status.line")),
                ));
            } else if rules.labels.lists.heading.is_match(content.trim()) {
                out[b.line] = Some(Read::new(
                    Role::ListHeading,
                    "opens a list of actions",
                    Some(rules.rule_ref("labels.toml", "lists.heading")),
                ));
            }
        }
    }
    // Logs: every row, whether or not it gave an action.
    for log in &trace.view.logs {
        if let Some(l) = trace.view.line_of_row.get(log.header).copied().flatten() {
            out[l] = Some(Read::new(
                Role::LogHeader,
                "names an owner column",
                Some(rules.rule_ref("owners.toml", "log.owner")),
            ));
        }
        for &r in &log.lines {
            if let Some(l) = trace.view.line_of_row.get(r).copied().flatten() {
                out[l] = Some(Read::new(
                    Role::LogRow,
                    "row of an action log",
                    Some(rules.rule_ref("owners.toml", "log.owner")),
                ));
            }
        }
    }
    // Lines outside header and items: the next meeting, the end marker,
    // and what follows it.
    let mut ended = false;
    for (i, l) in lines.iter().enumerate() {
        if out[i].is_some() {
            continue;
        }
        let section = crate::minutes::items::section_rule(rules, &l.text);
        out[i] = Some(match section {
            Some((k, SectionKind::End, _)) => {
                ended = true;
                Read::new(
                    Role::Ignored,
                    "end of the minutes",
                    Some(section_name(rules, k)),
                )
            }
            Some((k, kind, _)) => Read::new(
                section_role(kind),
                section_label(kind),
                Some(section_name(rules, k)),
            ),
            None if ended => Read::new(Role::Ignored, "after the end of the minutes", None),
            None => Read::new(Role::Ignored, "outside the header and the items", None),
        });
    }
    out.into_iter()
        .map(|r| r.unwrap_or_else(|| Read::new(Role::Ignored, "", None)))
        .collect()
}

/// Minute lines that open with a label word yet gave no action: the
/// label rule matched but what follows it did not read as owners (the
/// first thing to look at when a body's labels are missed).
fn note_unread_labels(rules: &RuleSet, trace: &Trace, reads: &mut [Read]) {
    for it in &trace.split.items {
        let body = &it.body;
        for b in body.lines.iter().filter(|b| !b.heading) {
            let r = &mut reads[b.line];
            if r.role != Role::MinuteText || !r.actions.is_empty() {
                continue;
            }
            let text = strip_bullet(rules, body.text.get(b.start..b.end).unwrap_or(""));
            let hit = rules
                .labels
                .labels
                .iter()
                .find(|l| l.re.find(text).is_some_and(|m| m.start() == 0));
            if let Some(l) = hit {
                r.detail = format!(
                    "{}; label `{}` matches here but gave no action: what follows the label word did not read as owners (owners.toml [tokens], dates.toml [[due]])",
                    r.detail, l.name
                );
                r.rule = Some(rules.rule_ref("labels.toml", &format!("label[{}]", l.name)));
            }
        }
    }
}

/// A paragraph's text without its bullet or number.
fn strip_bullet<'a>(rules: &RuleSet, text: &'a str) -> &'a str {
    match rules.text.strip_prefix.find(text) {
        Some(m) if m.start() == 0 && m.end() < text.len() => &text[m.end()..],
        _ => text,
    }
    .trim_start_matches(['\u{200B}', '\u{FEFF}'])
    .trim()
}

/// Shortened for a one-line mention.
fn short(s: &str, max: usize) -> String {
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if s.chars().count() <= max {
        return s;
    }
    let cut: String = s.chars().take(max).collect();
    format!("{}…", cut.trim_end())
}

/// The notes of every action, and the lines they mark as evidence.
fn action_notes(
    rules: &RuleSet,
    meeting: &Meeting,
    trace: &Trace,
    column_rule: &RuleRef,
    reads: &mut [Read],
) -> Vec<ActionNote> {
    let lines = &trace.view.lines;
    let roster: Vec<&str> = meeting
        .present
        .iter()
        .chain(&meeting.in_attendance)
        .map(|p| p.name.as_str())
        .collect();
    let mut notes: BTreeMap<usize, ActionNote> = BTreeMap::new();
    for (fi, f) in trace.found.iter().enumerate() {
        let Some(ai) = trace.action_of.get(fi).copied().flatten() else {
            continue;
        };
        let Some(a) = meeting.actions.get(ai) else {
            continue;
        };
        let number = ai + 1;
        let it = &trace.split.items[f.item];
        let body = &it.body;
        let line_of = |pos: usize| body.lines[body.line_at(pos.min(body.text.len()))].line;
        let at = |l: usize| format!("page {} \"{}\"", lines[l].page, short(&lines[l].text, 40));
        let (rule, evidence) = match f.why {
            Why::Cell(k) => {
                let cell = &trace.view.cells[k];
                (
                    column_rule.clone(),
                    format!("owner cell \"{}\" on page {}", cell.text, cell.page),
                )
            }
            Why::Label { rule, at: pos } => {
                let name = rules
                    .labels
                    .labels
                    .get(rule)
                    .map_or("?", |l| l.name.as_str());
                let l = line_of(pos);
                let r = rules.rule_ref("labels.toml", &format!("label[{name}]"));
                reads[l].role = Role::ActionLabel;
                reads[l].detail = format!("label `{name}`");
                reads[l].rule = Some(r.clone());
                reads[l].actions.push(number);
                let printed = body
                    .text
                    .get(pos..body.lines[body.line_at(pos)].end)
                    .unwrap_or("");
                (
                    r,
                    format!("label \"{}\" on page {}", short(printed, 60), lines[l].page),
                )
            }
            Why::Log { log, row } => {
                let lr = &trace.view.logs[log].rows[row];
                let owner = if lr.owner.trim().is_empty() {
                    "empty owner cell: owners named in the task".to_string()
                } else if lr.inherited {
                    format!(
                        "owner cell \"{}\" (from the group's first row)",
                        lr.owner.trim()
                    )
                } else {
                    format!("owner cell \"{}\"", lr.owner.trim())
                };
                for &r in &lr.rows {
                    if let Some(l) = trace.view.line_of_row.get(r).copied().flatten() {
                        reads[l].actions.push(number);
                    }
                }
                let key = if lr.owner.trim().is_empty() {
                    "log.subject"
                } else {
                    "log.owner"
                };
                (
                    rules.rule_ref("owners.toml", key),
                    format!("log row, {owner}"),
                )
            }
            Why::List { owner_first, form } => {
                let key = if owner_first {
                    format!("lists.owner_first[{form}]")
                } else {
                    format!("lists.owner_after[{form}]")
                };
                let r = rules.rule_ref("labels.toml", &key);
                let l = line_of(f.start);
                reads[l].role = Role::ListEntry;
                reads[l].detail = "entry naming its owners".into();
                reads[l].rule = Some(r.clone());
                reads[l].actions.push(number);
                (r, format!("list entry at {}", at(l)))
            }
            Why::Inferred => {
                let r = rules.rule_ref("labels.toml", "inferred");
                let l = line_of(f.start);
                reads[l].actions.push(number);
                (
                    r,
                    format!(
                        "the wording at {}: owners named first, then a verb of intent",
                        at(l)
                    ),
                )
            }
        };
        // The clause: where the owned text starts and ends.
        let clause = if f.start < f.end {
            let (l0, l1) = (line_of(f.start), line_of(f.end.saturating_sub(1)));
            for b in body
                .lines
                .iter()
                .filter(|b| b.start < f.end && b.end > f.start)
            {
                if !reads[b.line].actions.contains(&number) {
                    reads[b.line].actions.push(number);
                }
            }
            let span = if l0 == l1 {
                at(l0)
            } else {
                format!("{} to \"{}\"", at(l0), short(&lines[l1].text, 40))
            };
            let what = match f.why {
                Why::Cell(_) => "the clause beside the cell, to its sentence end",
                Why::Label { rule, .. }
                    if rules.labels.labels.get(rule).is_some_and(|r| r.owners_task) =>
                {
                    "the task after the label"
                }
                Why::Label { .. } if f.task.is_some() => {
                    "the text before the label, and the task it carries"
                }
                Why::Label { .. } => "the text the label closes, or the task it opens",
                Why::List { .. } => "the list entry",
                Why::Inferred => "the sentence",
                Why::Log { .. } => "the row's text",
            };
            format!("{what}, {span}")
        } else if f.task.is_some() {
            "the task printed with the owners".to_string()
        } else {
            String::new()
        };
        let owner_notes = f
            .owners
            .tokens
            .iter()
            .enumerate()
            .map(|(i, tok)| {
                let detail = a.owners.get(i).filter(|d| d.token == tok.text);
                owner_note(rules, tok, detail.map(|d| &d.resolution), &roster)
            })
            .collect();
        notes.insert(
            ai,
            ActionNote {
                number,
                id: a.id.clone(),
                item: a.item.clone(),
                page: a.page,
                source: format!("{:?}", a.source).to_lowercase(),
                owners: a.owner_tokens().map(str::to_string).collect(),
                text: a.text.clone(),
                rule,
                evidence,
                clause,
                owner_notes,
                due: a.due.as_ref().map(|d| match &d.date {
                    Some(iso) => format!("{} ({iso})", d.text),
                    None => d.text.clone(),
                }),
                status: a.status_text.clone(),
            },
        );
    }
    notes.into_values().collect()
}

/// How one owner token resolved, in words.
fn owner_note(
    rules: &RuleSet,
    tok: &crate::minutes::owners::Token,
    resolution: Option<&Resolution>,
    roster: &[&str],
) -> OwnerNote {
    let kind = kind_label(tok.kind);
    let (name, how) = match resolution {
        Some(Resolution::Resolved { name }) => {
            let on_roster = roster.iter().any(|p| p == name);
            let how = match tok.kind {
                Kind::Name if !on_roster => {
                    "a name printed in full, taken as printed (nobody on the roster fits it)"
                        .to_string()
                }
                Kind::Role => format!("{kind}, held by {name}"),
                _ if on_roster => format!("{kind} of {name}, on the roster"),
                _ => format!("{kind}, resolved to {name}"),
            };
            (Some(name.clone()), how)
        }
        Some(Resolution::All) => (Some("ALL".into()), "everyone present".to_string()),
        Some(Resolution::Group { name }) => {
            (Some(name.clone()), "a group or body, kept as printed".to_string())
        }
        Some(Resolution::Ambiguous { candidates }) => (
            None,
            format!(
                "not resolved: {kind} that fit {} attendees ({}); people.toml `clash` could not settle it",
                candidates.len(),
                candidates.join(", ")
            ),
        ),
        Some(Resolution::Unresolved) if roster.is_empty() => (
            None,
            "not resolved: no Present or In attendance list was read, so there is nobody to match (sections.toml)"
                .to_string(),
        ),
        Some(Resolution::Unresolved) => (
            None,
            format!(
                "not resolved: {kind} that fit nobody of the {} on the roster",
                roster.len()
            ),
        ),
        None => (None, "no resolution recorded".to_string()),
    };
    OwnerNote {
        token: tok.text.clone(),
        rule: token_rule(rules, tok.kind),
        name,
        how,
    }
}

/// The words of a row frag.
fn frag_words(f: &rows::WordRun) -> Vec<Word> {
    f.starts
        .iter()
        .enumerate()
        .map(|(k, &(x0, x1, at))| {
            let end = f.starts.get(k + 1).map_or(f.text.len(), |s| s.2);
            Word {
                x0,
                x1,
                text: f.text.get(at..end).unwrap_or("").trim().to_string(),
            }
        })
        .filter(|w| !w.text.is_empty())
        .collect()
}

/// Every printed line with its reading: minute lines, the cells and
/// column header beside them, and the furniture dropped before reading.
fn page_lines(
    rules: &RuleSet,
    pages: &[Page],
    trace: &Trace,
    reads: &[Read],
    column_rule: &RuleRef,
    actions: &[ActionNote],
) -> Vec<Line> {
    let (kept, dropped) = stage_rows(rules, pages);
    let view = &trace.view;
    // Which actions each owner cell gave.
    let mut cell_actions: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (fi, f) in trace.found.iter().enumerate() {
        if let (Why::Cell(k), Some(Some(ai))) = (f.why, trace.action_of.get(fi)) {
            if actions.iter().any(|a| a.number == ai + 1) {
                cell_actions.entry(k).or_default().push(ai + 1);
            }
        }
    }
    let mut out = Vec::new();
    for (ri, r) in kept.iter().enumerate() {
        let words: Vec<Word> = r.frags.iter().flat_map(frag_words).collect();
        let line = view.line_of_row.get(ri).copied().flatten();
        let in_line: Vec<f32> = line
            .map(|l| {
                view.lines[l]
                    .frags
                    .iter()
                    .flat_map(|f| f.starts.iter().map(|s| s.0))
                    .collect()
            })
            .unwrap_or_default();
        let (mine, rest): (Vec<Word>, Vec<Word>) =
            words.into_iter().partition(|w| in_line.contains(&w.x0));
        if let Some(l) = line {
            let rd = &reads[l];
            out.push(Line {
                page: r.page,
                top: r.top,
                bottom: r.bottom,
                size: r.size(),
                words: mine,
                role: rd.role,
                detail: rd.detail.clone(),
                rule: rd.rule.clone(),
                actions: rd.actions.clone(),
            });
        }
        if rest.is_empty() {
            continue;
        }
        let text = rest
            .iter()
            .map(|w| w.text.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        let cell = view.cells.iter().position(|c| {
            c.page == r.page
                && c.lines
                    .iter()
                    .any(|cl| cl.top == r.top && cl.bottom == r.bottom)
        });
        let (role, detail, rule, acts) = if rules.owners.column.header.is_match(text.trim()) {
            (
                Role::ColumnHeader,
                "heads the Action column".to_string(),
                Some(rules.rule_ref("owners.toml", "column.header")),
                Vec::new(),
            )
        } else if let Some(k) = cell {
            let acts = cell_actions.get(&k).cloned().unwrap_or_default();
            let detail = if acts.is_empty() {
                format!("\"{}\": not tied to any text", view.cells[k].text)
            } else {
                format!("\"{}\"", view.cells[k].text)
            };
            (Role::OwnerCell, detail, Some(column_rule.clone()), acts)
        } else {
            (
                Role::Ignored,
                "right of the Action column, not read as owners".to_string(),
                Some(rules.rule_ref("owners.toml", "tokens.separators")),
                Vec::new(),
            )
        };
        out.push(Line {
            page: r.page,
            top: r.top,
            bottom: r.bottom,
            size: r.size(),
            words: rest,
            role,
            detail,
            rule,
            actions: acts,
        });
    }
    for r in &dropped {
        let text = r.text();
        let k = rules
            .text
            .furniture
            .iter()
            .position(|re| re.is_match(text.trim()));
        let (detail, key) = match k {
            Some(k) => (
                "page number or furniture pattern",
                format!("furniture.patterns[{k}]"),
            ),
            None => (
                "printed at the same place on several pages",
                "furniture.repeat_min_pages".to_string(),
            ),
        };
        out.push(Line {
            page: r.page,
            top: r.top,
            bottom: r.bottom,
            size: r.size(),
            words: r.frags.iter().flat_map(frag_words).collect(),
            role: Role::Furniture,
            detail: detail.to_string(),
            rule: Some(rules.rule_ref("text.toml", &key)),
            actions: Vec::new(),
        });
    }
    out.retain(|l| !l.words.is_empty());
    out.sort_by(|a, b| {
        a.page
            .cmp(&b.page)
            .then(a.top.total_cmp(&b.top))
            .then(a.x0().total_cmp(&b.x0()))
    });
    out
}
