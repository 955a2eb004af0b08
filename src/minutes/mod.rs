//! The `minutes` stage: one document's laid-out pages + the rules ->
//! a [`Meeting`] with its header, people, agenda items and actions.
//!
//! It knows nothing of files, threads or output formats: the caller gives
//! the document label and content hash (for stable action ids).

pub mod actions;
pub mod attendees;
pub mod cues;
pub mod dates;
pub mod decisions;
pub mod halt;
pub mod header;
pub mod items;
pub mod lists;
pub mod owners;
pub mod people;
pub mod rows;
pub mod struck;
pub mod tables;
pub mod trace;

use crate::layout::Page;
use crate::model::{Action, Due, Item, Meeting, Owner, Source};
use crate::rules::{RuleSet, SectionKind};
use dates::{due_date, find_date, find_due, resolve_partial, Date};
use people::Roster;

/// The document's `max_millis` ran out, or its heap budget
/// ([`crate::memguard`]) was spent, inside this stage.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stopped {
    /// `max_millis`.
    Time,
    /// `max_memory_bytes`.
    Memory,
}

/// Reads one meeting from its pages, with no deadline.
pub fn read(rules: &RuleSet, document: &str, sha: &str, pages: &[Page]) -> Meeting {
    match read_until(rules, document, sha, pages, None) {
        Ok(m) => m,
        Err(_) => unreachable!("no deadline was given"),
    }
}

/// [`read`], giving up with [`Stopped`] once `deadline` has passed or the
/// heap budget is spent (checked between the stage's steps and between
/// actions).
pub fn read_until(
    rules: &RuleSet,
    document: &str,
    sha: &str,
    pages: &[Page],
    deadline: Option<std::time::Instant>,
) -> Result<Meeting, Stopped> {
    read_traced(rules, document, sha, pages, deadline, None)
}

/// [`read_until`], and when `trace` is given, what the reader made of each
/// line kept in it (see [`trace::Trace`], for `minutes explain`). Without
/// a trace nothing is kept beyond what the meeting needs: the trace takes
/// the stage's own working values once the meeting is built.
pub fn read_traced(
    rules: &RuleSet,
    document: &str,
    sha: &str,
    pages: &[Page],
    deadline: Option<std::time::Instant>,
    trace: Option<&mut trace::Trace>,
) -> Result<Meeting, Stopped> {
    halt::within(deadline, || read_steps(rules, document, sha, pages, trace))
}

/// The stage's steps, in order. Each step's loops stop early once
/// [`halt::poll`] says the deadline or the heap budget has passed, and the
/// check after the step turns that into [`Stopped`]: no document runs a
/// whole step past its deadline.
fn read_steps(
    rules: &RuleSet,
    document: &str,
    sha: &str,
    pages: &[Page],
    mut trace: Option<&mut trace::Trace>,
) -> Result<Meeting, Stopped> {
    let check = halt::check;
    let view = rows::view(rules, pages)?;
    let split = items::split(rules, &view.lines);
    check()?;
    let header_lines: Vec<&rows::TextLine> = split.header.iter().map(|&i| &view.lines[i]).collect();
    let mut head = header::read(rules, &header_lines);
    // An item that is the attendance list (`58. Attended by: ...`) is read
    // with the items below; the top of the page is the fallback for
    // minutes without one.
    let item_sections: Vec<Option<(SectionKind, String)>> = split
        .items
        .iter()
        .map(|it| items::section_of(rules, &it.heading.title))
        .collect();
    let present_item = item_sections
        .iter()
        .any(|k| matches!(k, Some((SectionKind::Present, _))));
    if head.present.is_empty() && !present_item {
        let top = top_block(rules, &view.lines);
        if let Some(t) = trace.as_deref_mut() {
            // The block is the document's first lines.
            t.top_block = header::line_kinds(rules, &top)
                .into_iter()
                .enumerate()
                .collect();
        }
        fill_header(&mut head, header::read(rules, &top));
    }
    header::add_officers(rules, &mut head, &view.lines);

    // Items whose title is a section (`2) Apologies`, `11) Date and Time of
    // Next Meeting`) feed that section.
    let mut next_meeting: Vec<String> = split.next_meeting.clone();
    for (it, section) in split.items.iter().zip(&item_sections) {
        let Some((kind, rest)) = section else {
            continue;
        };
        let kind = *kind;
        let body = body_after_heading(it);
        // A run-in heading (`58. Attended by: A, B, C`, a numbered
        // paragraph) is whole in its body: the list is what follows the
        // marker there, not the title's cut-off words again.
        let listed = it
            .heading
            .run_in
            .then(|| items::section_of(rules, &body))
            .flatten();
        let text = match listed {
            Some((k, listed)) if k == kind => listed,
            _ => [rest.as_str(), body.as_str()]
                .iter()
                .filter(|s| !s.is_empty())
                .copied()
                .collect::<Vec<_>>()
                .join(" "),
        };
        match kind {
            SectionKind::Apologies if head.apologies.is_empty() => {
                // `Apologies were received from A and B (Org).` inside the
                // item's text, else the text is the list.
                let list = rules
                    .apologies_phrase
                    .captures(&text)
                    .and_then(|c| c.name("names"))
                    .map(|m| m.as_str().to_string())
                    .unwrap_or(text);
                head.apologies = header::names_in(rules, &list);
            }
            SectionKind::NextMeeting if !text.is_empty() => next_meeting.insert(0, text),
            // `1. Present: A (Chair), B, C` as an agenda item: the list runs
            // to the next field (`Apologies: ...`).
            SectionKind::Present if head.present.is_empty() => {
                head.present = header::people_in(rules, header::to_next_field(&text));
            }
            SectionKind::InAttendance if head.in_attendance.is_empty() => {
                head.in_attendance = header::people_in(rules, header::to_next_field(&text));
            }
            _ => {}
        }
    }
    let mut warnings = Vec::new();
    if head.date.is_none() {
        head.date = date_from_path(rules, document, &header_lines, &view.lines, &mut warnings);
    }
    let meeting_date = head.date;
    let next = pick_next_meeting(rules, &next_meeting, meeting_date);
    let next_date = next
        .as_ref()
        .and_then(|t| next_meeting_date(rules, t, meeting_date));

    let people: Vec<&crate::model::Person> = head
        .present
        .iter()
        .chain(head.in_attendance.iter())
        .collect();
    let roster = Roster::new(&rules.people, people);
    let knows = |t: &owners::Token| roster.knows(t);
    let keep = |o: &owners::Owners| actions::plausible(o, &knows);
    let accept = |o: &owners::Owners, strict: bool| !strict || actions::plausible(o, &knows);
    // Whether every owner of `b` is an owner of `a`: the same token, or a
    // token naming the same attendee (`Clerk` and `RA` for Ruth Abbott,
    // Clerk).
    let person = |t: &owners::Token| match roster.resolve(t, &[]) {
        crate::model::Resolution::Resolved { name } => Some(name),
        _ => None,
    };
    // `All` and `Everyone` name the same group.
    let all = |t: &owners::Token| t.kind == owners::Kind::All;
    let same = |a: &owners::Owners, b: &owners::Owners| {
        b.tokens.iter().all(|tb| {
            a.tokens.iter().any(|ta| {
                ta.text == tb.text
                    || (all(ta) && all(tb))
                    || person(ta).is_some_and(|x| person(tb) == Some(x))
            })
        })
    };
    let mut found =
        actions::from_cells(rules, &split.items, &view.lines, &view.cells, &keep, &same);
    let line_of = |r: usize| view.line_of_row.get(r).copied().flatten();
    found.extend(tables::found(
        rules,
        &view.logs,
        &line_of,
        &split.items,
        &keep,
    ));
    check()?;
    let log_headers: std::collections::BTreeSet<usize> =
        view.logs.iter().filter_map(|l| line_of(l.header)).collect();
    let log_header = |l: usize| log_headers.contains(&l);
    found.extend(actions::from_labels(
        rules,
        &split.items,
        &accept,
        &knows,
        &log_header,
    ));
    check()?;
    // Lists under an action heading (issue 11: lists, statuses).
    let listed = lists::from_lists(rules, &split.items, &view.lines, &found, &knows);
    found.extend(listed.found);
    check()?;
    let inferred = actions::from_wording(rules, &split.items, &found, &knows);
    check()?;
    found.extend(inferred);
    found.sort_by_key(|f| (f.item, f.start));
    // Looked for only when nothing was read from a column, label, list or
    // log: most documents never pay for it.
    let action_cues = if found.iter().all(|f| f.source == Source::Inferred) {
        cues::unread(rules, pages, &view, &split)
    } else {
        Vec::new()
    };
    let found_status = lists::statuses(rules, &split.items, &view.lines, &found);
    let struck = struck::Struck::new(pages);
    check()?;

    let all_tokens: Vec<String> = found
        .iter()
        .filter(|f| f.source != Source::Inferred)
        .flat_map(|f| f.owners.tokens.iter().map(|t| t.text.clone()))
        .collect();
    let organisation = head.organisation.clone();
    let meeting_iso = meeting_date.map(|d| d.iso());
    let mut out_actions = Vec::new();
    let mut action_of: Vec<Option<usize>> = Vec::new();
    for (f, st) in found.iter().zip(&found_status) {
        check()?;
        let it = &split.items[f.item];
        let mut text = clean(&it.body.text[f.start..f.end]);
        if let Some(task) = &f.task {
            if !text.is_empty() {
                text.push(' ');
            }
            text.push_str(task);
        }
        if trace.is_some() {
            action_of.push((!text.is_empty()).then_some(out_actions.len()));
        }
        if text.is_empty() {
            continue;
        }
        let owners: Vec<Owner> = f
            .owners
            .tokens
            .iter()
            .map(|t| Owner {
                token: t.text.clone(),
                resolution: roster.resolve(t, &all_tokens),
                from_history: false,
            })
            .collect();
        let due = match &f.due {
            Some(d) => Some(Due {
                text: d.clone(),
                date: due_date(&rules.dates, d, meeting_date, next_date).map(|d| d.iso()),
            }),
            None => find_due(&rules.dates, &text, meeting_date, next_date).map(|(d, _)| d),
        };
        let line = it.body.lines[it.body.line_at(f.start)].line;
        // A status bullet or phrase under the action, else a status word
        // printed in its owner cell or a log's status column, else its
        // text struck through (a checklist's completed row).
        let (status, status_text) = match (st, &f.status) {
            (Some(s), _) => (Some(s.class.clone()), Some(s.text.clone())),
            (None, Some(p)) => (Some(status_class(rules, p)), Some(p.clone())),
            (None, None) if struck::is_struck(struck.count(f, &split.items, &view)) => (
                Some(struck::STATUS.to_string()),
                Some(struck::STATUS_TEXT.to_string()),
            ),
            (None, None) => (None, None),
        };
        let id = action_id(
            sha,
            f.item_key.as_deref().unwrap_or(&it.heading.key),
            &owners.iter().map(|o| o.token.clone()).collect::<Vec<_>>(),
            &text,
        );
        out_actions.push(Action {
            id,
            document: document.to_string(),
            organisation: organisation.clone(),
            meeting_date: meeting_iso.clone(),
            // A log row's own reference cell; a list closing the minutes
            // belongs to no item.
            item: f.item_key.clone().unwrap_or_else(|| {
                if listed.closing.contains(&(f.item, f.start)) {
                    String::new()
                } else {
                    it.heading.key.clone()
                }
            }),
            // A log row naming another item than the one it is printed in
            // (or none) takes that item's title, else none.
            item_title: match &f.item_key {
                Some(k) if *k != it.heading.key => split
                    .items
                    .iter()
                    .find(|i| !k.is_empty() && i.heading.key == *k)
                    .map(item_title)
                    .unwrap_or_default(),
                _ => item_title(it),
            },
            owners,
            markers: f.owners.markers.clone(),
            text,
            page: view.lines[line].page,
            due,
            inferred: f.source == Source::Inferred,
            source: f.source,
            same_as: None,
            status,
            status_text,
            themes: Vec::new(),
            chain: None,
            carried_forward: false,
            first_date: None,
            track: Default::default(),
        });
    }
    lists::link_logs(&mut out_actions);
    for a in out_actions.iter().filter(|a| a.owners.is_empty()) {
        warnings.push(format!(
            "{NO_OWNER_NOTE}: page {}, item {:?}: {:?}",
            a.page,
            a.item,
            a.text.chars().take(60).collect::<String>()
        ));
    }

    let items_out: Vec<Item> = split
        .items
        .iter()
        .map(|it| Item {
            item: it.heading.key.clone(),
            number: it.heading.number.clone(),
            sub: it.heading.sub.clone(),
            title: it.heading.title.clone(),
            parent_title: it.parent_title.clone(),
            text: body_after_heading(it),
            page: it.page,
            themes: Vec::new(),
        })
        .collect();

    let at = decisions::DecisionSource {
        document,
        sha,
        organisation: &organisation,
        date: meeting_iso.as_deref(),
    };
    let decisions = decisions::find(rules, &split.items, &view.lines, &at);
    check()?;
    let meeting = Meeting {
        document: document.to_string(),
        duplicates: Vec::new(),
        sha: sha.to_string(),
        organisation,
        title: head.title,
        meeting_date: meeting_iso,
        present: head.present.clone(),
        in_attendance: head.in_attendance.clone(),
        apologies: head.apologies,
        items: items_out,
        actions: out_actions,
        decisions,
        next_meeting: next,
        pages: pages.len() as u32,
        scanned_pages: pages
            .iter()
            .filter(|p| p.scanned)
            .map(|p| p.number)
            .collect(),
        unmapped_glyphs: pages.iter().map(|p| p.unmapped).sum(),
        warnings,
        action_cues,
    };
    if let Some(t) = trace {
        t.header = split
            .header
            .iter()
            .copied()
            .zip(header::line_kinds(rules, &header_lines))
            .collect();
        t.found = found;
        t.statuses = found_status;
        t.action_of = action_of;
        t.split = split;
        t.view = view;
    }
    Ok(meeting)
}

/// Warning opening for an action read with no owner (a log row whose
/// owner cell is empty): the gap is shown, no owner is guessed.
const NO_OWNER_NOTE: &str = "action with no owner (its owner cell is empty)";
const DATE_NOTE_NO_YEAR: &str = "meeting date has no year";
const DATE_NOTE_NO_DATE: &str = "no meeting date printed";

/// A warning that says where the meeting date came from (the document's
/// path): a note for the officer, not a reading problem, so it does not
/// make a document with no actions "partial".
pub fn is_date_note(warning: &str) -> bool {
    warning.starts_with(DATE_NOTE_NO_YEAR) || warning.starts_with(DATE_NOTE_NO_DATE)
}

/// The meeting date when the document prints none with a year: a day and
/// month printed in the header (`Date: Tuesday 3rd September`) with the
/// year of the document's path (`2024-09-03_minutes.pdf`, `2024/09/`), else
/// the path's full date. Either way a warning says where the year came from.
/// A full date printed in the document is read before this and always wins.
fn date_from_path(
    rules: &RuleSet,
    document: &str,
    header_lines: &[&rows::TextLine],
    all: &[rows::TextLine],
    warnings: &mut Vec<String>,
) -> Option<Date> {
    let path = dates::date_in_path(document)?;
    let from = if path.in_name { "file name" } else { "folder" };
    let top: Vec<&rows::TextLine> = all.iter().take(rules.header.top_lines).collect();
    let printed = header::yearless_meeting_date(rules, header_lines)
        .or_else(|| header::yearless_meeting_date(rules, &top));
    if let Some((month, day)) = printed {
        // A printed day that is not the path's full date is more likely
        // another meeting's (`minutes of the meeting held on Tuesday 19
        // January accepted`): the path's date is then taken.
        let agrees = path.full.is_none_or(|f| (f.month, f.day) == (month, day));
        if let Some(d) = Date::new(path.year, month, day).filter(|_| agrees) {
            warnings.push(format!(
                "{DATE_NOTE_NO_YEAR}; year {} taken from the {from}",
                path.year
            ));
            return Some(d);
        }
    }
    let d = path.full?;
    warnings.push(format!(
        "{DATE_NOTE_NO_DATE}; date {} taken from the {from}",
        d.iso()
    ));
    Some(d)
}

/// Lines printed before the first agenda item is known are sometimes
/// taken into an item (minutes whose items are found by their bold
/// headings): the block at the top of page 1 up to the first wide gap after
/// an attendance marker, read as a header when the header gave no one.
fn top_block<'a>(rules: &RuleSet, lines: &'a [rows::TextLine]) -> Vec<&'a rows::TextLine> {
    const MAX_LINES: usize = 30;
    let mut out: Vec<&rows::TextLine> = Vec::new();
    let mut marker = false;
    for l in lines.iter().take(MAX_LINES) {
        if l.page != lines[0].page {
            break;
        }
        if let Some(p) = out.last() {
            if marker && l.baseline - p.baseline > 1.6 * p.pitch.max(l.pitch) {
                break;
            }
        }
        let section = items::section_of(rules, &l.text).is_some();
        // Another field (`Agenda item: ...`) ends the attendance block.
        let field = l.text.split_whitespace().take(3).any(|w| w.ends_with(':'));
        if marker && field && !section {
            break;
        }
        marker |= section;
        out.push(l);
    }
    if marker {
        out
    } else {
        Vec::new()
    }
}

/// Fields of a second header reading where the first found none.
fn fill_header(head: &mut header::Header, other: header::Header) {
    if head.present.is_empty() {
        head.present = other.present;
    }
    if head.in_attendance.is_empty() {
        head.in_attendance = other.in_attendance;
    }
    if head.apologies.is_empty() {
        head.apologies = other.apologies;
    }
    if head.date.is_none() {
        head.date = other.date;
    }
    if head.organisation.is_empty() {
        head.organisation = other.organisation;
    }
    if head.title.is_empty() {
        head.title = other.title;
    }
}

/// The class of a printed status (`done`, `open`, `cancelled`,
/// `reassigned`), or the words as printed when no class fits.
fn status_class(rules: &RuleSet, printed: &str) -> String {
    let p = printed.trim();
    lists::class_of(rules, p).unwrap_or_else(|| p.to_string())
}

/// Why a read document is not minutes, if it is not: nothing at the top of
/// page 1 says it records a meeting, it names no attendee, no action was
/// read from a column, label or log, and its top names another kind of
/// document (or it gives no meeting date). See `[document]` in
/// `rules/header.toml`.
pub fn not_minutes(rules: &RuleSet, meeting: &Meeting, pages: &[Page]) -> Option<String> {
    let d = &rules.header;
    if !meeting.present.is_empty()
        || !meeting.in_attendance.is_empty()
        || !meeting.apologies.is_empty()
        || meeting.actions.iter().any(|a| a.source != Source::Inferred)
    {
        return None;
    }
    let first = pages.iter().find(|p| !p.lines.is_empty())?;
    let top: Vec<String> = first
        .lines
        .iter()
        .take(d.top_lines)
        .map(|l| l.text())
        .collect();
    // The title lines name another kind of document and no meeting.
    const TITLE_LINES: usize = 3;
    let title = &top[..top.len().min(TITLE_LINES)];
    if !title.iter().any(|t| d.minutes_words.is_match(t)) {
        if let Some(m) = title.iter().find_map(|t| d.other_kinds.find(t)) {
            return Some(format!("the title says \"{}\"", m.as_str().to_lowercase()));
        }
    }
    if top.iter().any(|t| d.minutes_words.is_match(t)) {
        return None;
    }
    match top.iter().find_map(|t| d.other_kinds.find(t)) {
        Some(m) => Some(format!(
            "the first page says \"{}\"",
            m.as_str().to_lowercase()
        )),
        None if meeting.meeting_date.is_none() => Some(
            "no meeting date, attendee or action and no word of a meeting on the first page".into(),
        ),
        None => None,
    }
}

/// The title an action carries: the sub-item's own title, else the item's.
fn item_title(it: &items::ItemSpan) -> String {
    if it.heading.title.is_empty() {
        it.parent_title.clone().unwrap_or_default()
    } else {
        it.heading.title.clone()
    }
}

/// An item's minute text without its heading's title.
fn body_after_heading(it: &items::ItemSpan) -> String {
    let b = &it.body;
    let head_end = b.lines.first().map(|l| l.end).unwrap_or(0);
    let mut s = String::new();
    if !it.heading.title_only {
        let h = &b.text[..head_end];
        let rest = (!it.heading.run_in)
            .then(|| h.strip_prefix(it.heading.title.as_str()))
            .flatten();
        if let Some(rest) = rest {
            s.push_str(rest.trim_start_matches([' ', ':', '–', '-', '—']).trim());
        } else {
            s.push_str(h.trim());
        }
    }
    let rest = b.text[head_end..].trim();
    if !rest.is_empty() {
        if !s.is_empty() {
            s.push(' ');
        }
        s.push_str(rest);
    }
    s
}

/// White space folded, separators left dangling at either end dropped.
fn clean(s: &str) -> String {
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    s.trim_start_matches(['–', '—', '-', ':', ',', ';', ' '])
        .trim_end_matches([' ', '–', '—', ',', ';', ':'])
        .trim_end_matches(" -")
        .trim()
        .to_string()
}

fn pick_next_meeting(rules: &RuleSet, texts: &[String], meeting: Option<Date>) -> Option<String> {
    let dated = texts.iter().find(|t| {
        find_date(&rules.dates, t).is_some()
            || meeting.is_some_and(|m| resolve_partial(&rules.dates, t, m).is_some())
    });
    dated
        .or_else(|| texts.first())
        .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|t| !t.is_empty())
}

fn next_meeting_date(rules: &RuleSet, text: &str, meeting: Option<Date>) -> Option<Date> {
    if let Some((d, _)) = find_date(&rules.dates, text) {
        return Some(d);
    }
    let m = meeting?;
    resolve_partial(&rules.dates, text, m).filter(|d| *d > m)
}

/// A stable id: the document's content hash, item, owners and text.
pub fn action_id(sha: &str, item: &str, owners: &[String], text: &str) -> String {
    let mut h = blake3::Hasher::new();
    for part in [sha, item, &owners.join("/"), text] {
        h.update(part.as_bytes());
        h.update(&[0]);
    }
    h.finalize().to_hex()[..16].to_string()
}

#[cfg(test)]
mod tests;
