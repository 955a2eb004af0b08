//! The report's view of a scan: the typed records from OUT reduced to what
//! the page shows, with repeated strings (organisations, documents, owners,
//! themes) stored once and referred to by index so the embedded JSON stays
//! small at 10,000+ actions.

use crate::model::{Action, FileError, Meeting, Owner, Resolution, RunInfo};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// One meeting record reduced to what the report needs; the item text of a
/// whole archive is never held in memory at once. The database's meeting
/// row is this summary, so a report read from a database and one built
/// from the records are the same.
pub use crate::output::db::MeetingRow as MeetingSummary;

impl From<Meeting> for MeetingSummary {
    fn from(m: Meeting) -> Self {
        let themes: BTreeSet<String> = m.items.into_iter().flat_map(|i| i.themes).collect();
        MeetingSummary {
            document: m.document,
            duplicates: m.duplicates,
            organisation: m.organisation,
            meeting_date: m.meeting_date,
            pages: m.pages,
            themes: themes.into_iter().collect(),
            scanned_pages: m.scanned_pages.len(),
            unmapped_glyphs: m.unmapped_glyphs,
            warnings: m.warnings,
            action_cues: m.action_cues,
        }
    }
}

/// The fields of one `meetings.jsonl` line (a [`Meeting`] without its
/// actions) that the report reads. Item text, attendees and the rest are
/// skipped while parsing rather than allocated: at 10,000 documents that
/// is most of the file.
#[derive(Debug, serde::Deserialize)]
pub struct MeetingLine {
    document: String,
    #[serde(default)]
    duplicates: Vec<String>,
    organisation: String,
    #[serde(default)]
    meeting_date: Option<String>,
    #[serde(default)]
    pages: u32,
    #[serde(default)]
    items: Vec<ItemThemes>,
    #[serde(default)]
    scanned_pages: Vec<u32>,
    #[serde(default)]
    unmapped_glyphs: u32,
    #[serde(default)]
    warnings: Vec<String>,
    #[serde(default)]
    action_cues: Vec<String>,
}

#[derive(Debug, serde::Deserialize)]
struct ItemThemes {
    #[serde(default)]
    themes: Vec<String>,
}

impl From<MeetingLine> for MeetingSummary {
    fn from(m: MeetingLine) -> Self {
        let themes: BTreeSet<String> = m.items.into_iter().flat_map(|i| i.themes).collect();
        MeetingSummary {
            document: m.document,
            duplicates: m.duplicates,
            organisation: m.organisation,
            meeting_date: m.meeting_date,
            pages: m.pages,
            themes: themes.into_iter().collect(),
            scanned_pages: m.scanned_pages.len(),
            unmapped_glyphs: m.unmapped_glyphs,
            warnings: m.warnings,
            action_cues: m.action_cues,
        }
    }
}

/// Everything the report is built from, as read from OUT.
#[derive(Debug, Clone, Default)]
pub struct ReportInputs {
    /// `run.json`; `None` when the file is absent (older outputs).
    pub run: Option<RunInfo>,
    pub actions: Vec<Action>,
    pub meetings: Vec<MeetingSummary>,
    pub errors: Vec<FileError>,
    /// Themes discovered from the archive (not from the taxonomy), from
    /// `history.json` when present.
    pub discovered: BTreeSet<String>,
    /// `decisions.jsonl` (empty for older outputs).
    pub decisions: Vec<crate::model::Decision>,
    /// Link (relative URL, no fragment) for each document label; documents
    /// missing here get no link.
    pub links: BTreeMap<String, String>,
    /// What the history stage worked out (chains' dates, themes per year),
    /// taken as it is rather than worked out again from the actions.
    pub history: HistoryValues,
}

/// The history stage's values the page shows, read from the database or
/// from `history.json` (see [`crate::history::History`]).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct HistoryValues {
    /// Per theme name, the meetings mentioning it each year
    /// ([`crate::history::ThemeStats::per_year`]); a name discovered in
    /// several organisations has their counts summed (their meetings are
    /// distinct). Themes with no dated meeting are left out.
    pub theme_years: BTreeMap<String, BTreeMap<i32, usize>>,
    /// Per chain id ([`crate::history::carried::Chain`]): first raised,
    /// last seen, and the days between.
    pub chains: BTreeMap<String, ChainDates>,
}

/// A chain's dates as the history stage gave them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ChainDates {
    pub first_raised: String,
    pub last_seen: String,
    pub days: u32,
}

impl HistoryValues {
    /// Adds one theme's meetings per year (`year` as `ThemeStats` keys it).
    pub fn add_theme_year(&mut self, theme: &str, year: &str, meetings: usize) {
        let Ok(y) = year.parse::<i32>() else {
            return;
        };
        if meetings > 0 {
            *self
                .theme_years
                .entry(theme.to_string())
                .or_default()
                .entry(y)
                .or_insert(0) += meetings;
        }
    }
}

/// How an owner token resolved, as one letter in the JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum OwnerKind {
    /// A resolved person.
    #[serde(rename = "p")]
    Person,
    /// `ALL`: everyone present.
    #[serde(rename = "a")]
    All,
    /// A role or group.
    #[serde(rename = "g")]
    Group,
    /// Initials shared by several attendees.
    #[serde(rename = "m")]
    Ambiguous,
    /// Initials matching nobody present.
    #[serde(rename = "u")]
    Unresolved,
}

/// One entry of the owner filter: a resolved name, or initials that stayed
/// ambiguous / unresolved (kept apart so they are never mistaken for a person).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct OwnerKey {
    #[serde(rename = "n")]
    pub name: String,
    #[serde(rename = "s")]
    pub kind: OwnerKind,
}

/// One owner token of one action.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReportOwner {
    /// Index into `owners`.
    #[serde(rename = "k")]
    pub key: usize,
    /// Token as printed.
    #[serde(rename = "t")]
    pub token: String,
    /// Candidates of an ambiguous token.
    #[serde(rename = "c", skip_serializing_if = "Vec::is_empty")]
    pub candidates: Vec<String>,
    /// Resolved from other meetings of the organisation, not this one.
    #[serde(rename = "h", skip_serializing_if = "std::ops::Not::not")]
    pub from_history: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DocRef {
    /// Document label as given to `scan`.
    #[serde(rename = "p")]
    pub path: String,
    /// Relative link from OUT, `""` when unknown.
    #[serde(rename = "h")]
    pub href: String,
}

/// One meeting as the table shows it: a document, its date and board.
/// Actions refer to it by index, so these are stored once per document.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MeetingRef {
    #[serde(rename = "d")]
    pub doc: usize,
    /// ISO meeting date, `""` when unknown.
    #[serde(rename = "t")]
    pub date: String,
    #[serde(rename = "o")]
    pub org: usize,
}

/// One row of the actions table, in the order of `actions.jsonl` (so a
/// row's index is its line there).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ActionRow {
    /// Index into `meetings`.
    #[serde(rename = "mt")]
    pub meeting: usize,
    /// The meeting's document, date and organisation, kept here for the
    /// charts and chains (the page reads them through `meeting`).
    #[serde(skip)]
    pub doc: usize,
    #[serde(skip)]
    pub date: String,
    #[serde(skip)]
    pub org: usize,
    #[serde(rename = "i")]
    pub item: String,
    /// Index into `titles`.
    #[serde(rename = "it")]
    pub title: usize,
    #[serde(rename = "w")]
    pub owners: Vec<ReportOwner>,
    #[serde(rename = "m", skip_serializing_if = "Vec::is_empty")]
    pub markers: Vec<String>,
    #[serde(rename = "x")]
    pub text: String,
    #[serde(rename = "p")]
    pub page: u32,
    #[serde(rename = "du", skip_serializing_if = "Option::is_none")]
    pub due: Option<String>,
    #[serde(rename = "inf", skip_serializing_if = "std::ops::Not::not")]
    pub inferred: bool,
    #[serde(rename = "th", skip_serializing_if = "Vec::is_empty")]
    pub themes: Vec<usize>,
    /// Index into `chains`.
    #[serde(rename = "c", skip_serializing_if = "Option::is_none")]
    pub chain: Option<usize>,
    #[serde(rename = "cf", skip_serializing_if = "std::ops::Not::not")]
    pub carried_forward: bool,
    #[serde(rename = "f", skip_serializing_if = "Option::is_none")]
    pub first_date: Option<String>,
    /// Status as the history stage left it (`open`, `done`, `cancelled`,
    /// `reassigned`); none for outputs of an older scan.
    #[serde(rename = "s", skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// Open and past its due date as of the board's latest meeting.
    #[serde(rename = "od", skip_serializing_if = "std::ops::Not::not")]
    pub overdue: bool,
    /// Where a status other than the action's own was read (`date, file p. N`).
    #[serde(rename = "sr", skip_serializing_if = "Option::is_none")]
    pub status_read: Option<String>,
}

/// A carried-forward chain: the same action minuted at several meetings.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChainRow {
    pub id: String,
    #[serde(rename = "o")]
    pub org: usize,
    /// Member actions (indices into `actions`), oldest meeting first.
    #[serde(rename = "a")]
    pub actions: Vec<usize>,
    /// Date first raised (the earliest `first_date` or meeting date).
    pub first: String,
    /// Date of the last meeting that minuted it.
    pub last: String,
    /// Days from first raised to last seen.
    pub days: i64,
    /// True when the last sighting is the organisation's latest meeting in
    /// the archive: the action is still open as far as the minutes show.
    pub open: bool,
}

/// The JSON embedded in the page.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReportData {
    pub orgs: Vec<String>,
    pub themes: Vec<String>,
    pub owners: Vec<OwnerKey>,
    pub docs: Vec<DocRef>,
    /// Item titles, stored once.
    pub titles: Vec<String>,
    #[serde(rename = "mt")]
    pub meetings: Vec<MeetingRef>,
    pub actions: Vec<ActionRow>,
    pub chains: Vec<ChainRow>,
}

/// Interns keys in first-seen order; once sealed ([`Interner::seal`]) each
/// key is known by its position among the sorted keys, so the filter lists
/// come out alphabetical and deterministic. Each key is held once.
struct Interner<K: Ord + Clone> {
    index: BTreeMap<K, usize>,
}

impl<K: Ord + Clone> Default for Interner<K> {
    fn default() -> Self {
        Interner {
            index: BTreeMap::new(),
        }
    }
}

impl<K: Ord + Clone> Interner<K> {
    fn id(&mut self, k: &K) -> usize {
        if let Some(&i) = self.index.get(k) {
            return i;
        }
        let i = self.index.len();
        self.index.insert(k.clone(), i);
        i
    }
    fn contains(&self, k: &K) -> bool {
        self.index.contains_key(k)
    }
    fn seal(self) -> Sealed<K> {
        let mut remap = vec![0; self.index.len()];
        for (pos, (_, &old)) in self.index.iter().enumerate() {
            remap[old] = pos;
        }
        Sealed {
            index: self.index,
            remap,
        }
    }
}

/// An interner's keys, sorted: each key's position, from the key or from
/// its first-seen id.
pub struct Sealed<K: Ord> {
    index: BTreeMap<K, usize>,
    remap: Vec<usize>,
}

impl<K: Ord> Sealed<K> {
    /// The sorted position of a key interned in the first pass.
    fn pos(&self, k: &K) -> usize {
        self.index.get(k).map_or(0, |&i| self.remap[i])
    }
    /// The sorted position of a first-seen id.
    fn of(&self, first_seen: usize) -> usize {
        self.remap[first_seen]
    }
    /// The keys in sorted order (their positions are 0, 1, …).
    pub fn keys(&self) -> impl Iterator<Item = &K> {
        self.index.keys()
    }
    pub fn len(&self) -> usize {
        self.index.len()
    }
    pub fn is_empty(&self) -> bool {
        self.index.is_empty()
    }
}

/// The filter key of one owner and, when ambiguous, its candidates.
pub fn owner_key(owner: &Owner) -> (OwnerKey, Vec<String>) {
    let token = &owner.token;
    match &owner.resolution {
        Resolution::Resolved { name } => (key(name, OwnerKind::Person), vec![]),
        Resolution::All => (key("ALL", OwnerKind::All), vec![]),
        Resolution::Group { name } => (key(name, OwnerKind::Group), vec![]),
        Resolution::Ambiguous { candidates } => {
            (key(token, OwnerKind::Ambiguous), candidates.clone())
        }
        Resolution::Unresolved => (key(token, OwnerKind::Unresolved), vec![]),
    }
}

fn key(name: &str, kind: OwnerKind) -> OwnerKey {
    OwnerKey {
        name: name.to_string(),
        kind,
    }
}

/// Year of an ISO date (`2016-05-11` → 2016).
pub fn year(date: &str) -> Option<i32> {
    date.get(0..4)?.parse().ok()
}

/// Where the report's records come from. Each pass reads them again, in
/// output order, one at a time, so no pass holds a whole archive's
/// actions or meetings.
pub trait Records {
    fn actions(&self, each: &mut dyn FnMut(Action)) -> Result<(), super::ReportError>;
    fn meetings(&self, each: &mut dyn FnMut(MeetingSummary)) -> Result<(), super::ReportError>;
}

/// Records already in memory (tests, [`super::render`]).
impl Records for ReportInputs {
    fn actions(&self, each: &mut dyn FnMut(Action)) -> Result<(), super::ReportError> {
        self.actions.iter().cloned().for_each(each);
        Ok(())
    }
    fn meetings(&self, each: &mut dyn FnMut(MeetingSummary)) -> Result<(), super::ReportError> {
        self.meetings.iter().cloned().for_each(each);
        Ok(())
    }
}

impl ReportData {
    /// The page data for `inputs`, held whole (tests): the tables and every
    /// row, as [`super::write_page`] streams them.
    pub fn build(inputs: &ReportInputs) -> ReportData {
        let mut b = DataBuilder::default();
        for a in &inputs.actions {
            b.push(a);
        }
        for m in &inputs.meetings {
            b.meeting(m, &mut |_| {});
        }
        let t = b.finish(&inputs.links, &inputs.history);
        let actions = inputs.actions.iter().map(|a| t.row(a.clone())).collect();
        ReportData {
            orgs: t.orgs.clone(),
            themes: t.themes.clone(),
            owners: t.owners.clone(),
            docs: t.doc_refs().collect(),
            titles: t.titles.keys().cloned().collect(),
            meetings: t.meeting_refs().collect(),
            actions,
            chains: t.chains,
        }
    }
}

/// A chain's members (action index, first-seen meeting id) in action
/// order, and whether the first is carried forward.
type ChainMembers = (Vec<(u32, u32)>, bool);

/// The first pass over the records: the tables the rows refer to, and what
/// the page's summary, charts and chains count, with one small entry per
/// key (organisation, document, meeting, owner, title, chain member)
/// rather than per action. The rows themselves are made in a second pass
/// ([`Tables::row`]).
#[derive(Default)]
pub struct DataBuilder {
    orgs: Interner<String>,
    themes: Interner<String>,
    owners: Interner<OwnerKey>,
    docs: Interner<String>,
    chains: Interner<String>,
    titles: Interner<String>,
    /// (document, date, organisation) by first-seen ids.
    meetings: Interner<(usize, String, usize)>,
    /// Per first-seen meeting id, its date and first-seen organisation id.
    meeting_info: Vec<(String, usize)>,
    /// Actions pushed.
    actions: usize,
    /// Per first-seen chain id, its members (action index, first-seen
    /// meeting id) in action order, and whether the first is carried
    /// forward.
    chain_members: Vec<ChainMembers>,
    /// Per first-seen owner id, actions per year.
    owner_years: BTreeMap<usize, BTreeMap<i32, usize>>,
    /// Years of the dated actions and meetings (lowest, highest).
    years: Option<(i32, i32)>,
    /// Earliest and latest date of meetings (any, even empty) and actions
    /// (non-empty), as the summary's span.
    span: Option<(String, String)>,
    /// Latest meeting date per organisation name, from meetings and actions.
    latest: BTreeMap<String, String>,
    /// Owners never resolved (the fit's owner part).
    fit_owners: super::fit::FitBuilder,
    /// Meetings seen, their pages, those without action and those with
    /// signs of actions unread.
    meeting_count: usize,
    pages: u64,
    no_actions: Vec<String>,
    signs_unread: Vec<(String, Vec<String>)>,
    /// Documents read with warnings (document, notes) and documents with
    /// identical copies (document, copies), in meeting order.
    warned: Vec<(String, String)>,
    dups: Vec<(String, Vec<String>)>,
}

impl DataBuilder {
    fn date_seen(&mut self, org: &str, date: &str) {
        if let Some(y) = year(date) {
            let (lo, hi) = self.years.get_or_insert((y, y));
            *lo = (*lo).min(y);
            *hi = (*hi).max(y);
        }
        match &mut self.span {
            Some((lo, hi)) => {
                if date < lo.as_str() {
                    *lo = date.to_string();
                }
                if date > hi.as_str() {
                    *hi = date.to_string();
                }
            }
            None => self.span = Some((date.to_string(), date.to_string())),
        }
        match self.latest.get_mut(org) {
            Some(l) => {
                if date > l.as_str() {
                    *l = date.to_string();
                }
            }
            None => {
                self.latest.insert(org.to_string(), date.to_string());
            }
        }
    }

    /// First pass, one action (in output order).
    pub fn push(&mut self, a: &Action) {
        let index = self.actions as u32;
        self.actions += 1;
        let date = a.meeting_date.as_deref().unwrap_or_default();
        let mut keys = BTreeSet::new();
        for o in &a.owners {
            let (k, _) = owner_key(o);
            let resolved = !matches!(k.kind, OwnerKind::Unresolved | OwnerKind::Ambiguous);
            keys.insert(self.owners.id(&k));
            self.fit_owners
                .owner(&a.document, &a.organisation, &o.token, resolved);
        }
        if let Some(y) = year(date) {
            for k in keys {
                *self.owner_years.entry(k).or_default().entry(y).or_insert(0) += 1;
            }
        }
        for t in &a.themes {
            self.themes.id(t);
        }
        let doc = self.docs.id(&a.document);
        let org = self.orgs.id(&a.organisation);
        let before = self.meetings.index.len();
        let meeting = self.meetings.id(&(doc, date.to_string(), org));
        if meeting == before {
            self.meeting_info.push((date.to_string(), org));
        }
        self.titles.id(&a.item_title);
        if let Some(c) = &a.chain {
            let c = self.chains.id(c);
            if c == self.chain_members.len() {
                self.chain_members.push((Vec::new(), a.carried_forward));
            }
            self.chain_members[c].0.push((index, meeting as u32));
        }
        if !date.is_empty() {
            self.date_seen(&a.organisation, date);
        }
    }

    /// First pass, one meeting (in output order, after every action);
    /// `document` is told each document it names (its own and copies').
    pub fn meeting(&mut self, m: &MeetingSummary, document: &mut dyn FnMut(&str)) {
        self.orgs.id(&m.organisation);
        for t in &m.themes {
            self.themes.id(t);
        }
        if let Some(d) = m.meeting_date.as_deref() {
            self.date_seen(&m.organisation, d);
        }
        self.meeting_count += 1;
        self.pages += u64::from(m.pages);
        if !self.docs.contains(&m.document) {
            self.no_actions.push(m.document.clone());
        }
        if !m.action_cues.is_empty() {
            self.signs_unread
                .push((m.document.clone(), m.action_cues.clone()));
        }
        if !m.warnings.is_empty() || m.scanned_pages > 0 || m.unmapped_glyphs > 0 {
            let mut notes: Vec<String> = m.warnings.clone();
            if m.scanned_pages > 0 {
                notes.push(format!("{} pages without a text layer", m.scanned_pages));
            }
            if m.unmapped_glyphs > 0 {
                notes.push(format!("{} glyphs could not be decoded", m.unmapped_glyphs));
            }
            self.warned.push((m.document.clone(), notes.join("; ")));
        }
        if !m.duplicates.is_empty() {
            self.dups.push((m.document.clone(), m.duplicates.clone()));
        }
        document(&m.document);
        for d in &m.duplicates {
            document(d);
        }
    }

    /// Documents the actions came from, for working out their links.
    pub fn documents(&self) -> impl Iterator<Item = &str> {
        self.docs.index.keys().map(String::as_str)
    }

    /// Sorts the tables and groups the chains.
    pub fn finish(self, links: &BTreeMap<String, String>, history: &HistoryValues) -> Tables {
        let orgs = self.orgs.seal();
        let themes = self.themes.seal();
        let owners = self.owners.seal();
        let docs = self.docs.seal();
        let chain_ids = self.chains.seal();
        let titles = self.titles.seal();
        let meetings = self.meetings.seal();
        let org_names: Vec<String> = orgs.keys().cloned().collect();
        let owner_years = self
            .owner_years
            .into_iter()
            .map(|(k, y)| (owners.of(k), y))
            .collect();
        // Chains in id order, each dated as the history stage dated it. A
        // chain id on a single action that is not carried forward is no
        // chain to show, nor one the history does not list: it is dropped
        // from its row, which keeps the page small.
        let mut members: Vec<Option<ChainMembers>> =
            self.chain_members.into_iter().map(Some).collect();
        let mut chain_of: Vec<Option<usize>> = vec![None; members.len()];
        let mut chains = Vec::new();
        for (id, &first_seen) in &chain_ids.index {
            let Some((mut m, first_cf)) = members[first_seen].take() else {
                continue;
            };
            if m.is_empty() || (m.len() == 1 && !first_cf) {
                continue;
            }
            let Some(dates) = history.chains.get(id) else {
                continue;
            };
            let info = &self.meeting_info;
            let date = |mt: u32| info[mt as usize].0.as_str();
            m.sort_by(|a, b| date(a.1).cmp(date(b.1)).then(a.0.cmp(&b.0)));
            let org = orgs.of(info[m[0].1 as usize].1);
            let last = dates.last_seen.clone();
            let open = !last.is_empty()
                && self
                    .latest
                    .get(org_names[org].as_str())
                    .is_some_and(|l| *l == last);
            chain_of[first_seen] = Some(chains.len());
            chains.push(ChainRow {
                id: id.clone(),
                org,
                actions: m.into_iter().map(|(i, _)| i as usize).collect(),
                first: dates.first_raised.clone(),
                last,
                days: i64::from(dates.days),
                open,
            });
        }
        let mut no_actions = self.no_actions;
        no_actions.sort();
        no_actions.dedup();
        let mut signs_unread = self.signs_unread;
        signs_unread.sort();
        signs_unread.dedup();
        let fit = super::fit::Fit {
            documents: self.meeting_count,
            no_actions,
            signs_unread,
            unresolved: self.fit_owners.finish().unresolved,
        };
        let hrefs = docs
            .keys()
            .map(|p| links.get(p).cloned().unwrap_or_default())
            .collect();
        Tables {
            orgs: org_names,
            org_pos: orgs,
            themes: themes.keys().cloned().collect(),
            theme_pos: themes,
            owners: owners.keys().cloned().collect(),
            owner_pos: owners,
            docs,
            hrefs,
            titles,
            meetings,
            chain_ids,
            chain_of,
            chains,
            actions: self.actions,
            owner_years,
            years: self
                .years
                .map_or(Vec::new(), |(lo, hi)| (lo..=hi).collect()),
            span: self.span,
            meeting_count: self.meeting_count,
            pages: self.pages,
            fit,
            warned: self.warned,
            dups: self.dups,
        }
    }
}

/// What the first pass gave: the sorted tables of the page data (but its
/// rows), the chains, and the counts the summary, charts and provenance
/// show.
pub struct Tables {
    pub orgs: Vec<String>,
    org_pos: Sealed<String>,
    pub themes: Vec<String>,
    theme_pos: Sealed<String>,
    pub owners: Vec<OwnerKey>,
    owner_pos: Sealed<OwnerKey>,
    docs: Sealed<String>,
    /// Each document's link, in the order of `docs`.
    hrefs: Vec<String>,
    titles: Sealed<String>,
    meetings: Sealed<(usize, String, usize)>,
    chain_ids: Sealed<String>,
    /// Per first-seen chain id, its index in `chains` when shown.
    chain_of: Vec<Option<usize>>,
    pub chains: Vec<ChainRow>,
    /// Number of actions (rows).
    pub actions: usize,
    /// Per owner (index into `owners`), the number of actions each year.
    pub owner_years: BTreeMap<usize, BTreeMap<i32, usize>>,
    /// Every year from the first to the last dated meeting or action.
    pub years: Vec<i32>,
    /// Earliest and latest meeting date.
    pub span: Option<(String, String)>,
    /// Meeting records read, and their pages.
    pub meeting_count: usize,
    pub pages: u64,
    /// Whether the rules fit these minutes.
    pub fit: super::fit::Fit,
    /// Documents read with warnings (document, notes).
    pub warned: Vec<(String, String)>,
    /// Documents with identical copies (document, copies).
    pub dups: Vec<(String, Vec<String>)>,
}

impl Tables {
    /// The `docs` table: each document and its link.
    pub fn doc_refs(&self) -> impl Iterator<Item = DocRef> + '_ {
        self.docs.keys().zip(&self.hrefs).map(|(p, h)| DocRef {
            path: p.clone(),
            href: h.clone(),
        })
    }

    /// Item titles, sorted.
    pub fn titles(&self) -> impl Iterator<Item = &String> {
        self.titles.keys()
    }

    /// The `mt` table: each meeting's document, date and organisation.
    pub fn meeting_refs(&self) -> impl Iterator<Item = MeetingRef> + '_ {
        self.meetings.keys().map(|(doc, date, org)| MeetingRef {
            doc: self.docs.of(*doc),
            date: date.clone(),
            org: self.org_pos.of(*org),
        })
    }

    /// Second pass: the row of one action (the same action, in the same
    /// order, as the first pass saw).
    pub fn row(&self, a: Action) -> ActionRow {
        let owners = a
            .owners
            .iter()
            .map(|o| {
                let (k, candidates) = owner_key(o);
                ReportOwner {
                    key: self.owner_pos.pos(&k),
                    token: o.token.clone(),
                    candidates,
                    from_history: o.from_history,
                }
            })
            .collect();
        let mut themes: Vec<usize> = a.themes.iter().map(|t| self.theme_pos.pos(t)).collect();
        themes.sort_unstable();
        themes.dedup();
        let date = a.meeting_date.unwrap_or_default();
        let doc_first = self.docs.index.get(&a.document).copied().unwrap_or(0);
        let org_first = self
            .org_pos
            .index
            .get(&a.organisation)
            .copied()
            .unwrap_or(0);
        ActionRow {
            meeting: self.meetings.pos(&(doc_first, date.clone(), org_first)),
            doc: self.docs.of(doc_first),
            org: self.org_pos.of(org_first),
            date,
            chain: a.chain.as_ref().and_then(|c| {
                let first = *self.chain_ids.index.get(c)?;
                self.chain_of[first]
            }),
            title: self.titles.pos(&a.item_title),
            item: a.item,
            owners,
            markers: a.markers,
            text: a.text,
            page: a.page,
            due: a.due.map(|d| d.text),
            status: a.status,
            overdue: a.track.overdue,
            status_read: a.track.status_read.map(|e| {
                let file = e
                    .document
                    .rsplit(['/', '\\'])
                    .next()
                    .unwrap_or("")
                    .to_string();
                format!(
                    "{} {}, p. {}{}",
                    e.date,
                    file,
                    e.page,
                    e.text.map(|t| format!(": {t}")).unwrap_or_default()
                )
            }),
            inferred: a.inferred,
            themes,
            carried_forward: a.carried_forward,
            first_date: a.first_date,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn action(
        id: &str,
        date: &str,
        chain: Option<&str>,
        cf: bool,
        owners: serde_json::Value,
    ) -> Action {
        serde_json::from_value(serde_json::json!({
            "id": id, "document": format!("d/{date}.pdf"), "organisation": "Board",
            "meeting_date": date, "item": "1", "item_title": "T",
            "owners": owners.as_array().unwrap().iter().map(|o| o["token"].clone()).collect::<Vec<_>>(),
            "owner_names": [], "owner_detail": owners, "text": "x", "page": 1,
            "chain": chain, "carried_forward": cf,
        }))
        .unwrap()
    }

    #[test]
    fn chains_are_dated_and_singletons_dropped() {
        let o = serde_json::json!([{"token": "MA", "status": "resolved", "name": "Mike Andrews"}]);
        let inputs = ReportInputs {
            actions: vec![
                action("a", "2016-05-11", Some("c1"), false, o.clone()),
                action("b", "2016-09-01", Some("c1"), true, o.clone()),
                action("c", "2019-05-01", Some("c1"), true, o.clone()),
                action("d", "2019-05-01", Some("lonely"), false, o.clone()),
                action("e", "2019-05-01", Some("unlisted"), true, o.clone()),
            ],
            ..Default::default()
        };
        // The history's dates are taken as given (days computed by the
        // history stage's `status::days_between`).
        let mut inputs = inputs;
        inputs.history.chains.insert(
            "c1".into(),
            ChainDates {
                first_raised: "2016-05-11".into(),
                last_seen: "2019-05-01".into(),
                days: crate::history::status::days_between("2016-05-11", "2019-05-01"),
            },
        );
        let data = ReportData::build(&inputs);
        assert_eq!(
            data.chains.len(),
            1,
            "singletons and chains the history lacks dropped"
        );
        assert_eq!(data.actions[4].chain, None);
        let c = &data.chains[0];
        assert_eq!(
            (c.first.as_str(), c.last.as_str(), c.actions.len()),
            ("2016-05-11", "2019-05-01", 3)
        );
        assert_eq!(c.days, 1085);
        assert!(c.open, "last seen at the board's latest meeting");
        assert_eq!(data.actions[3].chain, None);
    }

    #[test]
    fn owner_keys_keep_unresolved_initials_apart_from_people() {
        let owners = serde_json::json!([
            {"token": "DP", "status": "ambiguous", "candidates": ["David Parr", "Deana Perchard"]},
            {"token": "XY", "status": "unresolved"},
            {"token": "ALL", "status": "all"},
            {"token": "Sec", "status": "group", "name": "Secretary"},
            {"token": "DPa", "status": "resolved", "name": "David Parr", "from_history": true},
        ]);
        let a = action("a", "2016-05-11", None, false, owners);
        let keys: Vec<(String, OwnerKind)> = (0..5)
            .map(|i| {
                let k = owner_key(&a.owners[i]).0;
                (k.name, k.kind)
            })
            .collect();
        assert_eq!(
            keys,
            vec![
                ("DP".into(), OwnerKind::Ambiguous),
                ("XY".into(), OwnerKind::Unresolved),
                ("ALL".into(), OwnerKind::All),
                ("Secretary".into(), OwnerKind::Group),
                ("David Parr".into(), OwnerKind::Person),
            ]
        );
        assert_eq!(
            owner_key(&a.owners[0]).1,
            vec!["David Parr".to_string(), "Deana Perchard".to_string()]
        );
        let data = ReportData::build(&ReportInputs {
            actions: vec![a],
            ..Default::default()
        });
        assert!(data.actions[0].owners[4].from_history && !data.actions[0].owners[0].from_history);
        // Filter list sorted by name then kind.
        let names: Vec<&str> = data.owners.iter().map(|o| o.name.as_str()).collect();
        assert_eq!(names, ["ALL", "DP", "David Parr", "Secretary", "XY"]);
    }

    #[test]
    fn years_of_iso_dates() {
        assert_eq!(year("2016-05-11"), Some(2016));
        assert_eq!(year("n/a"), None);
    }
}
