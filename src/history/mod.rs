//! The `history` stage: across the meetings of an archive, per organisation,
//! which actions were carried forward (one chain per action, first raised →
//! last seen), which agenda items recur, each person's actions over time,
//! and which themes keep coming back.
//!
//! It sees only meeting records (never PDFs) and works in steps so that the
//! archive need not keep whole documents in memory: [`prepare`] runs per
//! document, while its full text is at hand (themes, evidence that an item
//! carries actions forward), and [`Learnt`] takes what each document tells
//! the others as it is read; [`build_with`] then links the slimmed records
//! across meetings in two passes over them in output order, each holding a
//! few meetings ([`Passes`]: in memory, or a scan's runs on disk).

pub mod carried;
pub mod copies;
pub mod discover;
pub mod items;
pub mod owners;
pub mod status;
pub mod text;

use crate::rules::HistoryRules;

use crate::model::{Action, Meeting, StatusEvent};
use serde::{Deserialize, Serialize};
use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};
use std::io;

/// One document's meeting as the history stage sees it (serialisable: a
/// scan spools it to disk until its organisation's turn, see
/// [`History::merge`]).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Doc {
    pub meeting: Meeting,
    /// Per action (same order as `meeting.actions`): the minutes say the
    /// action's item carries actions forward (see `rules/history.toml`).
    pub evidence: Vec<bool>,
    /// Per action: its text starts inside a running sentence of the minute
    /// ([`mid_sentence`]); missing entries count as false.
    pub clause: Vec<bool>,
}

/// What `history.json` holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct History {
    /// Carried-forward chains, by organisation and first date.
    pub chains: Vec<carried::Chain>,
    /// Agenda items minuted at several meetings of one organisation.
    pub recurring_items: Vec<items::RecurringItem>,
    /// Each resolved person's actions over time, by name.
    pub people: Vec<owners::PersonHistory>,
    /// Owner tokens no meeting could resolve to one person.
    pub unresolved_owners: Vec<owners::UnresolvedOwner>,
    /// Per theme: meetings, actions, first and last date, count per year.
    pub themes: Vec<ThemeStats>,
    /// Each chain's status history (chain id → one event per meeting of
    /// the chain), held once per chain and put on each of its actions only
    /// as the action is written ([`History::complete`]): copied onto every
    /// action, a chain minuted at n meetings would hold n² events. Not part
    /// of `history.json` (the events are on the actions).
    #[serde(skip)]
    pub status_histories: BTreeMap<String, Vec<StatusEvent>>,
}

impl History {
    /// Adds the history of the next organisation (`part`, from [`build`] over
    /// that organisation's documents alone) to the history of those before
    /// it in output order. Everything [`build`] links stays within one
    /// organisation (chains, owners resolved from other meetings, statuses,
    /// copies, recurring items, discovered themes), so building per
    /// organisation and merging gives the history of all documents at once;
    /// the archive is then never held whole. People (by name) and themes
    /// span organisations: their lists are joined and their counts added.
    /// `min_meetings` is the themes' `recurring_min_meetings`.
    pub fn merge(&mut self, part: History, min_meetings: usize) {
        self.chains.extend(part.chains);
        self.recurring_items.extend(part.recurring_items);
        self.unresolved_owners.extend(part.unresolved_owners);
        self.status_histories.extend(part.status_histories);
        owners::merge_people(&mut self.people, part.people);
        merge_themes(&mut self.themes, part.themes, min_meetings);
    }

    /// Completes an action of the linked records for the outputs: gives an
    /// action of a chain its chain's status history.
    pub fn complete(&self, a: &mut Action) {
        complete(&self.status_histories, a);
    }
}

/// Each chain's status history: chain id → one event per meeting of the
/// chain.
pub type StatusHistories = BTreeMap<String, Vec<StatusEvent>>;

/// Gives an action of a chain its chain's status history (`histories`,
/// chain id → events; [`History::status_histories`]).
pub fn complete(histories: &StatusHistories, a: &mut Action) {
    if let Some(events) = a.chain.as_ref().and_then(|c| histories.get(c)) {
        a.track.status_history = events.clone();
    }
}

/// One theme over the archive (a row of `themes.csv`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ThemeStats {
    pub theme: String,
    /// Distinct meetings with an item or action on the theme.
    pub meetings: u32,
    pub actions: u32,
    #[serde(default)]
    pub first_date: Option<String>,
    #[serde(default)]
    pub last_date: Option<String>,
    /// Meetings mentioning the theme, per year of the meeting date.
    pub per_year: BTreeMap<String, u32>,
    /// Mentioned in at least `recurring_min_meetings` meetings.
    pub recurring: bool,
    /// `taxonomy` (a `[[theme]]` of `rules/themes.toml`) or `discovered`
    /// (found from the organisation's own minutes).
    #[serde(default = "taxonomy")]
    pub source: String,
    /// The organisation a discovered theme was found in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organisation: Option<String>,
}

fn taxonomy() -> String {
    "taxonomy".into()
}

/// Identifies one meeting: organisation and date; a document whose date
/// could not be read is a meeting of its own. Two renderings of the same
/// meeting (same organisation and date) count once.
pub fn meeting_key(m: &Meeting) -> (String, String) {
    match &m.meeting_date {
        Some(d) => (m.organisation.clone(), d.clone()),
        None => (m.organisation.clone(), format!("\u{0}{}", m.document)),
    }
}

/// Output order of meetings: organisation, meeting date (undated last),
/// document.
pub fn cmp_meetings(a: &Meeting, b: &Meeting) -> Ordering {
    a.organisation
        .cmp(&b.organisation)
        .then_with(|| a.meeting_date.is_none().cmp(&b.meeting_date.is_none()))
        .then_with(|| a.meeting_date.cmp(&b.meeting_date))
        .then_with(|| a.document.cmp(&b.document))
}

/// The index of the agenda item an action was minuted under: same key,
/// and the same title where several items share the key (unnumbered
/// items). Also the database's link from an action to its item row.
pub fn item_index(m: &Meeting, a: &Action) -> Option<usize> {
    let mut same_key = m.items.iter().enumerate().filter(|(_, i)| i.item == a.item);
    let first = same_key.clone().next();
    same_key
        .find(|(_, i)| i.title == a.item_title)
        .or(first)
        .map(|(n, _)| n)
}

/// Per-document step, run while the meeting's full text is at hand: tags
/// items and actions with themes and returns, per action, whether its item
/// says it carries actions forward.
pub fn prepare(m: &mut Meeting, rules: &HistoryRules) -> Vec<bool> {
    let themes = &rules.themes;
    for item in &mut m.items {
        let parent = item.parent_title.as_deref().unwrap_or("");
        item.themes = themes.find(&[&item.title, parent, &item.text]);
    }
    let c = &rules.carried;
    // Whether each item's text says it carries actions forward, read once
    // per item rather than once per action (an item's text can be long and
    // hold many actions).
    let item_says: Vec<bool> = m
        .items
        .iter()
        .map(|i| c.evidence_phrases.iter().any(|r| r.is_match(&i.text)))
        .collect();
    let mut evidence = Vec::with_capacity(m.actions.len());
    for i in 0..m.actions.len() {
        let a = &m.actions[i];
        let index = item_index(m, a);
        let item = index.map(|n| &m.items[n]);
        let titles = [Some(a.item_title.as_str()), item.map(|i| i.title.as_str())];
        let by_title = titles
            .iter()
            .flatten()
            .any(|t| c.evidence_item_titles.iter().any(|r| r.is_match(t)));
        let by_text = index.is_some_and(|n| item_says[n]);
        evidence.push(by_title || by_text);
        let found = themes.find(&[&a.text, &a.item_title]);
        m.actions[i].themes = found;
    }
    evidence
}

/// Per action: whether its text starts inside a running sentence of its
/// item's minute text (the text before it ends as `mid_sentence_before`
/// says). Run with the full record, before [`slim`].
///
/// A separator that only closes an earlier action of the item which
/// stands as its own sentence does not make a running sentence: a list of
/// re-minuted actions is often printed one per paragraph, each kept with
/// the dash it had in the narrative it came from (`... Children's Services
/// –` then `BMc requested a report ...`), and the item text these records
/// keep has lost the paragraph breaks. The same dash inside a narrative
/// follows a clause that is itself mid-sentence, so the narrative's
/// actions stay clauses.
pub fn mid_sentence(m: &Meeting, rules: &HistoryRules) -> Vec<bool> {
    let Some(re) = &rules.carried.mid_sentence_before else {
        return vec![false; m.actions.len()];
    };
    let squeeze = |t: &str| t.split_whitespace().collect::<Vec<_>>().join(" ");
    let bodies: Vec<String> = m.items.iter().map(|i| squeeze(&i.text)).collect();
    // Per item: (end in the item text, clause) of the actions placed so far.
    let mut ends: BTreeMap<usize, Vec<(usize, bool)>> = BTreeMap::new();
    let mut out = Vec::with_capacity(m.actions.len());
    for a in &m.actions {
        let Some(n) = item_index(m, a) else {
            out.push(false);
            continue;
        };
        let body = &bodies[n];
        let text = squeeze(&a.text);
        let head: String = text.chars().take(40).collect();
        let Some(k) = body.find(&head) else {
            out.push(false);
            continue;
        };
        let before: String = body[..k]
            .chars()
            .rev()
            .take(4)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        let mut clause = k > 0 && re.is_match(&before);
        if clause {
            let gap_start = body[..k].trim_end_matches(|c: char| {
                c.is_whitespace() || matches!(c, '–' | '—' | '-' | ',' | ';')
            });
            let after_entry = ends
                .get(&n)
                .is_some_and(|e| e.iter().any(|&(end, c)| end == gap_start.len() && !c));
            clause = !after_entry;
        }
        if body[k..].starts_with(&text) {
            ends.entry(n).or_default().push((k + text.len(), clause));
        }
        out.push(clause);
    }
    out
}

/// Drops what [`build`] does not use (item text, people without printed
/// initials, apologies, warnings…) so that an archive of thousands of
/// meetings fits in memory as records of its actions. Run after
/// [`prepare`]; the full record is kept elsewhere for the outputs.
pub fn slim(m: &mut Meeting) {
    for it in &mut m.items {
        it.text = String::new();
        it.number = String::new();
        it.sub = None;
        it.parent_title = None;
    }
    for list in [&mut m.present, &mut m.in_attendance] {
        list.retain(|p| p.initials.is_some());
        for p in list.iter_mut() {
            p.role = None;
            p.title = None;
        }
        list.shrink_to_fit();
    }
    m.apologies = Vec::new();
    m.warnings = Vec::new();
    m.scanned_pages = Vec::new();
    m.decisions = Vec::new();
    m.title = String::new();
    m.next_meeting = None;
    // The meeting's organisation, once per action.
    for a in &mut m.actions {
        a.organisation = String::new();
    }
    m.items.shrink_to_fit();
    m.actions.shrink_to_fit();
}

/// Gives back the room a record read back from the spool holds beyond its
/// contents: a list deserialised element by element grows by doubling
/// from four (one owner holds room for four, six actions for eight), about
/// a tenth of a slim record, and an organisation's records are held
/// together while its history is built. Changes no value.
pub fn compact(d: &mut Doc) {
    let m = &mut d.meeting;
    for a in &mut m.actions {
        for o in &mut a.owners {
            if let crate::model::Resolution::Ambiguous { candidates } = &mut o.resolution {
                candidates.shrink_to_fit();
            }
        }
        a.owners.shrink_to_fit();
        a.themes.shrink_to_fit();
        a.markers.shrink_to_fit();
    }
    for it in &mut m.items {
        it.themes.shrink_to_fit();
    }
    for list in [&mut m.present, &mut m.in_attendance] {
        list.shrink_to_fit();
    }
    m.duplicates.shrink_to_fit();
    m.action_cues.shrink_to_fit();
    m.items.shrink_to_fit();
    m.actions.shrink_to_fit();
    d.evidence.shrink_to_fit();
    d.clause.shrink_to_fit();
}

/// The record the outputs are written from: the history stage's record of
/// a meeting (`slim`, with every field [`build`] set: owners resolved from
/// other meetings, chains, statuses, discovered themes on items and
/// actions) with what [`slim`] dropped put back from the full record
/// (`full`, the same meeting before slimming). The warnings are the
/// reading's, then the history stage's (a copy of another document's
/// meeting, see [`copies`]).
pub fn restore(mut slim: Meeting, full: Meeting) -> Meeting {
    for (it, f) in slim.items.iter_mut().zip(full.items) {
        it.text = f.text;
        it.number = f.number;
        it.sub = f.sub;
        it.parent_title = f.parent_title;
    }
    for (a, f) in slim.actions.iter_mut().zip(full.actions) {
        a.organisation = f.organisation;
    }
    slim.decisions = full.decisions;
    slim.present = full.present;
    slim.in_attendance = full.in_attendance;
    slim.apologies = full.apologies;
    let added = std::mem::replace(&mut slim.warnings, full.warnings);
    slim.warnings.extend(added);
    slim.scanned_pages = full.scanned_pages;
    slim.title = full.title;
    slim.next_meeting = full.next_meeting;
    slim
}

/// Links the documents across meetings: sorts `docs` into output order,
/// resolves owner initials from other meetings, sets `carried_forward`,
/// `first_date` and `chain` on each action, and gives the archive-wide
/// history.
pub fn build(docs: &mut Vec<Doc>, rules: &HistoryRules) -> History {
    built(docs, rules, None).unwrap_or_default()
}

/// [`build`], with the recurring items' occurrences written to
/// `occurrences` as they are found rather than held: the history's
/// `recurring_items` come back with `meetings` empty, each item's read
/// back from `occurrences` ([`items::OccurrenceFile::meetings`]) as it is
/// written out.
pub fn build_spilling(
    docs: &mut Vec<Doc>,
    rules: &HistoryRules,
    occurrences: &mut items::OccurrenceFile,
) -> std::io::Result<History> {
    built(docs, rules, Some(occurrences))
}

fn built(
    docs: &mut Vec<Doc>,
    rules: &HistoryRules,
    occurrences: Option<&mut items::OccurrenceFile>,
) -> std::io::Result<History> {
    docs.sort_by(|a, b| cmp_meetings(&a.meeting, &b.meeting));
    let mut learnt = Learnt::default();
    for d in docs.iter() {
        learnt.learn(d);
    }
    let mut out = Vec::with_capacity(docs.len());
    let h = build_with(docs, rules, &learnt, occurrences, &mut |d, _| {
        out.push(d);
        Ok(())
    });
    *docs = out;
    h
}

/// What each document tells the history of the others, learnt from every
/// document as it is read (in any order) before the history's passes: the
/// names each owner's initials resolved to ([`owners::Known`]) and each
/// organisation's latest meeting date (the `overdue` day).
#[derive(Default)]
pub struct Learnt {
    known: owners::Known,
    latest: BTreeMap<String, String>,
}

impl Learnt {
    pub fn learn(&mut self, d: &Doc) {
        self.known.learn(d);
        if let Some(date) = &d.meeting.meeting_date {
            let e = self
                .latest
                .entry(d.meeting.organisation.clone())
                .or_default();
            if date > e {
                *e = date.clone();
            }
        }
    }
}

/// One pass of the history stage over documents in output order: takes
/// each document, and gives back (in `out`, in the same order) those it is
/// done with; a stage that links a document to later ones holds it until
/// then.
pub trait Stage {
    fn push(&mut self, d: Doc, out: &mut Vec<Doc>) -> io::Result<()>;

    /// The documents ended: gives back what is held.
    fn finish(&mut self, _out: &mut Vec<Doc>) -> io::Result<()> {
        Ok(())
    }
}

/// Documents in output order (organisation, date, document; see
/// [`cmp_meetings`]) that the history stage goes over in passes: each
/// pass hands every document to a [`Stage`], and what the stage gives
/// back is what the next pass reads. In memory for [`build`]; a scan keeps
/// them on disk, so that an organisation's records are never held
/// together (the stages hold a few meetings, and tallies).
pub trait Passes {
    fn pass(&mut self, stage: &mut dyn Stage) -> io::Result<()>;
}

impl Passes for Vec<Doc> {
    fn pass(&mut self, stage: &mut dyn Stage) -> io::Result<()> {
        let mut out = Vec::with_capacity(self.len());
        for d in std::mem::take(self) {
            stage.push(d, &mut out)?;
        }
        stage.finish(&mut out)?;
        *self = out;
        Ok(())
    }
}

/// The last stage: each document goes to the closure and is not given
/// back.
struct Drain<F>(F);

impl<F: FnMut(Doc) -> io::Result<()>> Stage for Drain<F> {
    fn push(&mut self, d: Doc, _out: &mut Vec<Doc>) -> io::Result<()> {
        (self.0)(d)
    }
}

/// Where the recurring items' occurrences go as they are found.
enum Occurrences<'a> {
    Memory(items::Tallies<items::ItemOccurrence>),
    File(items::Tallies<(u64, u32)>, &'a mut items::OccurrenceFile),
}

impl Occurrences<'_> {
    fn add(&mut self, d: &Doc, rules: &crate::rules::RecurringRules) -> io::Result<()> {
        match self {
            Occurrences::Memory(t) => t.add(d, rules, Ok),
            Occurrences::File(t, f) => t.add(d, rules, |o| f.keep(o)),
        }
    }

    fn finish(self, rules: &crate::rules::RecurringRules) -> Vec<items::RecurringItem> {
        match self {
            Occurrences::Memory(t) => t
                .finish(rules)
                .into_iter()
                .map(|(mut r, meetings)| {
                    r.meetings = meetings;
                    r
                })
                .collect(),
            Occurrences::File(t, f) => f.items(t.finish(rules)),
        }
    }
}

/// The history of `docs` (in output order), given what every document
/// tells the others (`learnt`, from each as it was read), in two passes
/// that each hold a few meetings at a time:
/// 1. owner initials resolved from other meetings, and the chains linked
///    ([`carried::Linker`], holding the meetings an action is searched
///    in); then, on each document as the linker releases it, the chains'
///    status events, copies of a meeting (holding one date's documents),
///    and the recurring items' and discovered themes' tallies;
/// 2. owners resolved within their chains (the names a chain gave its
///    tokens are known only once every meeting is linked), discovered
///    themes tagged, each action's state, the people's timelines and the
///    themes' figures; each document then goes to `sink` with the chains'
///    status histories (the record the outputs are written from).
///
/// `occurrences`: where the recurring items' occurrences go (none: in
/// memory, on the history's items).
pub fn build_with(
    docs: &mut dyn Passes,
    rules: &HistoryRules,
    learnt: &Learnt,
    occurrences: Option<&mut items::OccurrenceFile>,
    sink: &mut dyn FnMut(Doc, &StatusHistories) -> io::Result<()>,
) -> io::Result<History> {
    /// The first pass: owners resolved from other meetings, the chains
    /// linked, and, on each document as the linker releases it (its
    /// chains known), what is gathered from every document.
    struct Gather<'a> {
        rules: &'a HistoryRules,
        known: &'a owners::Known,
        linker: carried::Linker<'a>,
        tracker: status::Tracker,
        discovery: discover::Discovery,
        occurrences: Occurrences<'a>,
        /// One date's documents, for [`copies::mark`].
        date: Vec<Doc>,
        copy: Vec<bool>,
        released: Vec<Doc>,
    }
    impl Gather<'_> {
        fn gather(&mut self, out: &mut Vec<Doc>) -> io::Result<()> {
            for d in std::mem::take(&mut self.released) {
                self.tracker.gather(&d);
                self.occurrences.add(&d, &self.rules.recurring)?;
                if let Some(rules) = &self.rules.themes.discover {
                    self.discovery
                        .add(&d, rules, &self.rules.recurring, &self.rules.themes);
                }
                // Undated documents are no copies of each other (nothing
                // shows they are one meeting): each goes on its own.
                let same = d.meeting.meeting_date.is_some()
                    && self.date.first().is_some_and(|f| {
                        f.meeting.organisation == d.meeting.organisation
                            && f.meeting.meeting_date == d.meeting.meeting_date
                    });
                if !same {
                    self.close(out);
                }
                self.date.push(d);
            }
            Ok(())
        }
        fn close(&mut self, out: &mut Vec<Doc>) {
            self.copy.extend(copies::mark(&mut self.date));
            out.append(&mut self.date);
        }
    }
    impl Stage for Gather<'_> {
        fn push(&mut self, mut d: Doc, out: &mut Vec<Doc>) -> io::Result<()> {
            self.known.apply(&mut d);
            self.linker.push(d, &mut self.released)?;
            self.gather(out)
        }
        fn finish(&mut self, out: &mut Vec<Doc>) -> io::Result<()> {
            self.linker.finish(&mut self.released)?;
            self.gather(out)?;
            self.close(out);
            Ok(())
        }
    }
    let mut gather = Gather {
        rules,
        known: &learnt.known,
        linker: carried::Linker::new(&rules.carried),
        tracker: status::Tracker::default(),
        discovery: discover::Discovery::default(),
        occurrences: match occurrences {
            Some(f) => {
                f.clear()?;
                Occurrences::File(items::Tallies::default(), f)
            }
            None => Occurrences::Memory(items::Tallies::default()),
        },
        date: Vec::new(),
        copy: Vec::new(),
        released: Vec::new(),
    };
    docs.pass(&mut gather)?;
    let Gather {
        linker,
        mut tracker,
        discovery,
        occurrences,
        copy,
        ..
    } = gather;
    let (chains, chain_names) = linker.chains();
    let recurring_items = occurrences.finish(&rules.recurring);
    let found = match &rules.themes.discover {
        Some(d) => discovery.finish(d, &rules.themes, &chain_names),
        None => Vec::new(),
    };
    let status_histories = tracker.histories();

    // A copy of a meeting's minutes adds no meeting and no action to the
    // archive-wide counts (its original has them).
    let mut timelines = owners::Timelines::default();
    let mut themes = ThemeTally::new(rules, &found);
    let mut copy = copy.into_iter();
    docs.pass(&mut Drain(|mut d: Doc| {
        for a in &mut d.meeting.actions {
            if let Some(names) = a.chain.as_ref().and_then(|c| chain_names.get(c)) {
                carried::resolve_in_chain(&mut a.owners, names);
            }
        }
        discover::tag(std::slice::from_mut(&mut d), &found, &rules.recurring);
        tracker.apply(&mut d, &learnt.latest, &status_histories);
        if !copy.next().unwrap_or(false) {
            timelines.add(&d);
            themes.add(&d);
        }
        sink(d, &status_histories)
    }))?;
    let (people, unresolved_owners) = timelines.finish();
    Ok(History {
        chains,
        recurring_items,
        people,
        unresolved_owners,
        themes: themes.finish(rules),
        status_histories,
    })
}

/// Adds one organisation's theme figures to those of the organisations
/// before it. A meeting is one organisation's, so meetings, actions and
/// meetings per year add up; dates take the earliest and latest.
pub fn merge_themes(into: &mut Vec<ThemeStats>, part: Vec<ThemeStats>, min_meetings: usize) {
    if into.is_empty() {
        *into = part;
        return;
    }
    let key = |t: &ThemeStats| {
        (
            t.source != "taxonomy",
            t.organisation.clone(),
            t.theme.clone(),
        )
    };
    let mut all: BTreeMap<_, ThemeStats> = std::mem::take(into)
        .into_iter()
        .map(|t| (key(&t), t))
        .collect();
    for t in part {
        match all.get_mut(&key(&t)) {
            None => {
                all.insert(key(&t), t);
            }
            Some(x) => {
                x.meetings += t.meetings;
                x.actions += t.actions;
                add_span(
                    (&mut x.first_date, &mut x.last_date, &mut x.per_year),
                    (t.first_date, t.last_date, t.per_year),
                );
                x.recurring = x.meetings as usize >= min_meetings;
            }
        }
    }
    *into = all.into_values().collect();
}

/// Adds a later part's dates and per-year counts to a figure's: the
/// earlier first date, the later last date, the counts of each year summed
/// (dates are ISO strings, so they compare as text). One organisation's
/// themes and one person's timeline are merged this way.
pub(crate) fn add_span(
    into: (
        &mut Option<String>,
        &mut Option<String>,
        &mut BTreeMap<String, u32>,
    ),
    part: (Option<String>, Option<String>, BTreeMap<String, u32>),
) {
    let (first, last, per_year) = into;
    *first = match (first.take(), part.0) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    };
    *last = match (last.take(), part.1) {
        (Some(a), Some(b)) => Some(a.max(b)),
        (a, b) => a.or(b),
    };
    for (y, n) in part.2 {
        *per_year.entry(y).or_default() += n;
    }
}

/// The themes' figures over documents in output order (copies left out):
/// taxonomy themes by name; discovered ones by organisation and name, as
/// two bodies may both discover "Finance report".
struct ThemeTally {
    taxonomy: BTreeMap<String, ThemeAcc>,
    discovered: BTreeMap<String, BTreeMap<String, ThemeAcc>>,
}

#[derive(Default)]
struct ThemeAcc {
    meetings: BTreeSet<(String, String)>,
    actions: u32,
    dates: BTreeSet<String>,
    per_year: BTreeMap<String, BTreeSet<(String, String)>>,
}

impl ThemeTally {
    fn new(rules: &HistoryRules, found: &[discover::DiscoveredTheme]) -> ThemeTally {
        let taxonomy = rules
            .themes
            .names()
            .map(|n| (n.to_string(), ThemeAcc::default()))
            .collect();
        let mut discovered: BTreeMap<String, BTreeMap<String, ThemeAcc>> = BTreeMap::new();
        for f in found {
            discovered
                .entry(f.organisation.clone())
                .or_default()
                .entry(f.name.clone())
                .or_default();
        }
        ThemeTally {
            taxonomy,
            discovered,
        }
    }

    /// A theme's figures: a taxonomy theme's, else the organisation's
    /// discovered theme's.
    fn acc(&mut self, org: &str, t: &str) -> Option<&mut ThemeAcc> {
        if self.taxonomy.contains_key(t) {
            self.taxonomy.get_mut(t)
        } else {
            self.discovered.get_mut(org)?.get_mut(t)
        }
    }

    fn add(&mut self, d: &Doc) {
        let m = &d.meeting;
        let org = m.organisation.as_str();
        let key = meeting_key(m);
        let mut mentioned: BTreeSet<&str> = BTreeSet::new();
        for t in m.items.iter().flat_map(|i| &i.themes) {
            mentioned.insert(t);
        }
        for a in &m.actions {
            for t in &a.themes {
                mentioned.insert(t);
                if let Some(x) = self.acc(org, t) {
                    x.actions += 1;
                }
            }
        }
        for t in mentioned {
            if let Some(x) = self.acc(org, t) {
                x.meetings.insert(key.clone());
                if let Some(date) = &m.meeting_date {
                    x.dates.insert(date.clone());
                    let year = date.get(..4).unwrap_or(date).to_string();
                    x.per_year.entry(year).or_default().insert(key.clone());
                }
            }
        }
    }

    fn finish(self, rules: &HistoryRules) -> Vec<ThemeStats> {
        let min = rules.themes.recurring_min_meetings;
        let taxonomy = self.taxonomy.into_iter().map(|(n, x)| ((None, n), x));
        let discovered = self.discovered.into_iter().flat_map(|(org, themes)| {
            themes
                .into_iter()
                .map(move |(n, x)| ((Some(org.clone()), n), x))
        });
        let mut out: Vec<ThemeStats> = taxonomy
            .chain(discovered)
            .map(|((org, name), x)| ThemeStats {
                theme: name,
                source: if org.is_some() {
                    "discovered"
                } else {
                    "taxonomy"
                }
                .into(),
                organisation: org,
                meetings: x.meetings.len() as u32,
                actions: x.actions,
                first_date: x.dates.first().cloned(),
                last_date: x.dates.last().cloned(),
                per_year: x
                    .per_year
                    .into_iter()
                    .map(|(y, s)| (y, s.len() as u32))
                    .collect(),
                recurring: x.meetings.len() >= min,
            })
            .collect();
        out.sort_by(|a, b| {
            (a.source != "taxonomy", &a.organisation, &a.theme).cmp(&(
                b.source != "taxonomy",
                &b.organisation,
                &b.theme,
            ))
        });
        out
    }
}

#[cfg(test)]
pub(crate) mod testkit;

#[cfg(test)]
mod tests {
    use super::testkit::*;
    use super::*;

    #[test]
    fn prepare_tags_items_and_actions_and_finds_evidence() {
        let rules = rules();
        let mut m = meeting("Board", "2016-05-11", "a.pdf");
        m.items.push(item(
            "3",
            "Minutes of the Last Meeting and Matters Arising",
            "Crime profiles to be circulated.",
        ));
        m.items.push(item(
            "4c",
            "Domestic Abuse",
            "Report noted. Carried forward from March.",
        ));
        m.items.push(item("5", "AOB", "Nothing else."));
        m.actions.push(action(
            &m,
            "3",
            "Crime profiles to be circulated.",
            &[("DP", Some("David Parr"))],
        ));
        m.actions.push(action(
            &m,
            "4c",
            "DP to take to the PCC.",
            &[("DP", Some("David Parr"))],
        ));
        m.actions.push(action(
            &m,
            "5",
            "SS to send the drugs report.",
            &[("SS", None)],
        ));
        let ev = prepare(&mut m, &rules);
        assert_eq!(ev, vec![true, true, false]);
        assert_eq!(
            m.items[1].themes,
            vec!["Domestic abuse and violence against women and girls"]
        );
        assert!(m.items[2].themes.is_empty());
        assert_eq!(
            m.actions[1].themes,
            vec![
                "Domestic abuse and violence against women and girls",
                "Police and Crime Commissioner"
            ]
        );
        assert_eq!(m.actions[2].themes, vec!["Substance misuse"]);
    }

    #[test]
    fn a_clause_of_a_repeated_narrative_is_not_carried_but_a_re_minuted_sentence_is() {
        let rules = rules();
        let mut docs = Vec::new();
        for (date, doc) in [("2016-01-01", "a.pdf"), ("2016-03-01", "b.pdf")] {
            let mut m = meeting("Board", date, doc);
            m.items.push(item(
                "5",
                "Crime and ASB",
                "Report noted – the contract is up for renewal – MA agreed to raise the issue with the director. \
                 Figures were noted. SS to book the venue for the summer event.",
            ));
            m.actions.push(action(
                &m,
                "5",
                "MA agreed to raise the issue with the director.",
                &[("MA", Some("Mike Andrews"))],
            ));
            m.actions.push(action(
                &m,
                "5",
                "SS to book the venue for the summer event.",
                &[("SS", Some("Sam Smith"))],
            ));
            let evidence = prepare(&mut m, &rules);
            let clause = mid_sentence(&m, &rules);
            assert_eq!(clause, vec![true, false]);
            docs.push(Doc {
                meeting: m,
                evidence,
                clause,
            });
        }
        build(&mut docs, &rules);
        let later = &docs[1].meeting.actions;
        assert!(!later[0].carried_forward, "the narrative's clause");
        assert!(later[1].carried_forward, "its own sentence");
    }

    #[test]
    fn a_dash_closing_an_action_of_its_own_does_not_make_the_next_one_a_clause() {
        let rules = rules();
        let clauses = |body: &str| {
            let mut m = meeting("Board", "2016-01-01", "a.pdf");
            m.items.push(item("4", "Tasking", body));
            for (t, o) in [
                ("DP agreed to raise the issue with the director", "DP"),
                ("BMc requested a report on the project.", "LM"),
            ] {
                m.actions.push(action(&m, "4", t, &[(o, None)]));
            }
            mid_sentence(&m, &rules)
        };
        // Re-minuted actions, one per paragraph, each with its old dash.
        assert_eq!(
            clauses(
                "Figures noted. DP agreed to raise the issue with the director – \
                 BMc requested a report on the project."
            ),
            vec![false, false]
        );
        // The same words inside a running narrative stay clauses.
        assert_eq!(
            clauses(
                "Report noted – DP agreed to raise the issue with the director – \
                 BMc requested a report on the project."
            ),
            vec![true, true]
        );
    }

    /// What `slim` drops, `restore` puts back, and what the history stage
    /// set on the slim record (an item's discovered theme, an action's
    /// chain) is kept: the record written is the history's.
    #[test]
    fn restore_puts_back_what_slim_dropped_and_keeps_the_history_fields() {
        let mut full = meeting("Board", "2016-01-01", "a.pdf");
        full.items.push(item("4", "Tasking", "Long minute text."));
        full.items[0].sub = Some("a".into());
        full.items[0].parent_title = Some("Reports".into());
        full.actions
            .push(action(&full, "4", "MA to report.", &[("MA", None)]));
        full.present.push(crate::model::Person {
            name: "Mike Andrews".into(),
            title: Some("Cllr".into()),
            role: Some("Chair".into()),
            initials: None,
            chair: true,
        });
        full.apologies.push("Sam Smith".into());
        full.warnings.push("page 2: no text".into());
        full.scanned_pages.push(2);
        full.next_meeting = Some("2016-02-01".into());
        full.decisions.push(crate::model::Decision {
            id: "d1".into(),
            document: "a.pdf".into(),
            organisation: "Board".into(),
            meeting_date: Some("2016-01-01".into()),
            item: "4".into(),
            item_title: "Tasking".into(),
            kind: "resolved".into(),
            label: "RESOLVED".into(),
            text: "That the report be noted.".into(),
            page: 1,
        });
        let mut slim_copy = full.clone();
        slim(&mut slim_copy);
        assert_ne!(slim_copy, full);
        assert!(slim_copy.decisions.is_empty());
        assert!(slim_copy.actions[0].organisation.is_empty());
        // Read back from the spool and compacted: the same record.
        let mut read_back = Doc {
            meeting: slim_copy.clone(),
            evidence: vec![false],
            clause: vec![],
        };
        compact(&mut read_back);
        assert_eq!(read_back.meeting, slim_copy);
        assert_eq!(restore(slim_copy.clone(), full.clone()), full);
        slim_copy.items[0].themes.push("Found theme".into());
        slim_copy.actions[0].chain = Some("chain-1".into());
        let written = restore(slim_copy, full.clone());
        assert_eq!(written.items[0].themes, ["Found theme"]);
        assert_eq!(written.items[0].text, "Long minute text.");
        assert_eq!(written.actions[0].chain.as_deref(), Some("chain-1"));
        assert_eq!(written.present, full.present);
        assert_eq!(written.actions[0].organisation, "Board");
        assert_eq!(written.decisions, full.decisions);
    }

    /// A scan builds the history one organisation at a time and merges
    /// the parts: the same history, and the same records, as one build
    /// over every document.
    #[test]
    fn building_per_organisation_and_merging_is_building_at_once() {
        let rules = rules();
        let mut all = two_organisations();
        let whole = build(&mut all, &rules);
        assert!(!whole.chains.is_empty() && !whole.recurring_items.is_empty());
        assert!(whole.people.iter().any(|p| p.organisations.len() == 2));
        assert!(!whole.unresolved_owners.is_empty());
        let mut merged = History::default();
        let mut records = Vec::new();
        for org in ["Board", "Panel"] {
            let mut docs = of_organisation(org);
            merged.merge(
                build(&mut docs, &rules),
                rules.themes.recurring_min_meetings,
            );
            records.extend(docs.into_iter().map(|d| d.meeting));
        }
        assert_eq!(merged, whole);
        let whole_records: Vec<Meeting> = all.into_iter().map(|d| d.meeting).collect();
        assert_eq!(records, whole_records);
    }

    /// A scan builds with the recurring items' occurrences on disk: read
    /// back, they give the history and the records of a build in memory.
    #[test]
    fn building_with_the_occurrences_on_disk_is_building_in_memory() {
        let rules = rules();
        let mut all = two_organisations();
        let whole = build(&mut all, &rules);
        let dir = tempfile::tempdir().unwrap();
        let mut occurrences = items::OccurrenceFile::new(dir.path()).unwrap();
        for _ in 0..2 {
            // Twice: the file is reused.
            let mut docs = two_organisations();
            let mut part = build_spilling(&mut docs, &rules, &mut occurrences).unwrap();
            assert!(part.recurring_items.iter().all(|r| r.meetings.is_empty()));
            for (n, r) in part.recurring_items.iter_mut().enumerate() {
                r.meetings = occurrences.meetings(n).unwrap();
            }
            assert!(part.recurring_items.iter().any(|r| r.meetings.len() > 1));
            assert_eq!(part, whole);
            let records: Vec<&Meeting> = docs.iter().map(|d| &d.meeting).collect();
            let whole_records: Vec<&Meeting> = all.iter().map(|d| &d.meeting).collect();
            assert_eq!(records, whole_records);
        }
    }

    #[test]
    fn theme_stats_count_meetings_once_and_per_year() {
        let rules = rules();
        let mut docs = Vec::new();
        for (date, file) in [
            ("2015-01-01", "a.pdf"),
            ("2015-01-01", "a2.pdf"),
            ("2016-02-01", "b.pdf"),
            ("2017-03-01", "c.pdf"),
        ] {
            let mut m = meeting("Board", date, file);
            m.items.push(item("4", "Hate Crime", "Figures noted."));
            m.actions.push(action(
                &m,
                "4",
                "MA to circulate figures.",
                &[("MA", Some("Mike Andrews"))],
            ));
            docs.push(doc(m));
        }
        // Another document of 2015's meeting, with another action (an
        // action log): the meeting's second action, not a copy.
        let mut log = meeting("Board", "2015-01-01", "a3-log.pdf");
        log.items.push(item("4", "Hate Crime", ""));
        log.actions.push(action(
            &log,
            "4",
            "MA to brief the panel on hate crime.",
            &[("MA", Some("Mike Andrews"))],
        ));
        docs.push(doc(log));
        let h = build(&mut docs, &rules);
        let hate = h.themes.iter().find(|t| t.theme == "Hate crime").unwrap();
        assert_eq!(hate.meetings, 3, "two renderings of one meeting count once");
        // a.pdf, a3-log.pdf, b.pdf, c.pdf: a2.pdf minutes a.pdf's action
        // again (same organisation, date and actions), a copy.
        assert_eq!(hate.actions, 4);
        let ma = &h.people[0];
        assert_eq!(ma.actions.len(), 4, "{:?}", ma.actions);
        assert!(ma.actions.iter().all(|a| a.document != "a2.pdf"));
        assert_eq!(hate.first_date.as_deref(), Some("2015-01-01"));
        assert_eq!(hate.last_date.as_deref(), Some("2017-03-01"));
        assert_eq!(hate.per_year.get("2015"), Some(&1));
        assert!(hate.recurring);
        let road = h.themes.iter().find(|t| t.theme == "Road safety").unwrap();
        assert_eq!((road.meetings, road.recurring), (0, false));
    }
}
