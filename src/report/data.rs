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

/// Interns strings in first-seen order, then renumbers them sorted so the
/// filter lists come out alphabetical and deterministic.
struct Interner<K: Ord + Clone> {
    index: BTreeMap<K, usize>,
    items: Vec<K>,
}

impl<K: Ord + Clone> Interner<K> {
    fn new() -> Self {
        Interner {
            index: BTreeMap::new(),
            items: Vec::new(),
        }
    }
    fn id(&mut self, k: &K) -> usize {
        if let Some(&i) = self.index.get(k) {
            return i;
        }
        let i = self.items.len();
        self.items.push(k.clone());
        self.index.insert(k.clone(), i);
        i
    }
    /// The sorted keys and the map from first-seen id to sorted position.
    fn finish(self) -> (Vec<K>, Vec<usize>) {
        let mut remap = vec![0; self.items.len()];
        let sorted: Vec<K> = self.index.keys().cloned().collect();
        for (pos, (_, &old)) in self.index.iter().enumerate() {
            remap[old] = pos;
        }
        (sorted, remap)
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

impl ReportData {
    /// The page data for `inputs` (actions cloned one at a time).
    pub fn build(inputs: &ReportInputs) -> ReportData {
        let mut b = DataBuilder::default();
        for a in &inputs.actions {
            b.push(a.clone());
        }
        b.finish(&inputs.meetings, &inputs.links, &inputs.history)
    }
}

/// Builds [`ReportData`] one action at a time, taking each action's strings
/// rather than copying them, so a whole archive's `actions.jsonl` is never
/// held as `Action` records beside the page data.
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
    rows: Vec<ActionRow>,
}

impl<K: Ord + Clone> Default for Interner<K> {
    fn default() -> Self {
        Interner::new()
    }
}

impl DataBuilder {
    pub fn push(&mut self, a: Action) {
        let owners = a
            .owners
            .iter()
            .map(|o| {
                let (k, candidates) = owner_key(o);
                ReportOwner {
                    key: self.owners.id(&k),
                    token: o.token.clone(),
                    candidates,
                    from_history: o.from_history,
                }
            })
            .collect();
        let mut themes: Vec<usize> = a.themes.iter().map(|t| self.themes.id(t)).collect();
        themes.sort_unstable();
        themes.dedup();
        let doc = self.docs.id(&a.document);
        let org = self.orgs.id(&a.organisation);
        let date = a.meeting_date.unwrap_or_default();
        self.rows.push(ActionRow {
            meeting: self.meetings.id(&(doc, date.clone(), org)),
            doc,
            org,
            date,
            chain: a.chain.as_ref().map(|c| self.chains.id(c)),
            title: self.titles.id(&a.item_title),
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
        });
    }

    /// Documents the actions came from, for working out their links.
    pub fn documents(&self) -> impl Iterator<Item = &str> {
        self.docs.items.iter().map(String::as_str)
    }

    /// Sorts the tables, renumbers the rows and groups the chains.
    pub fn finish(
        mut self,
        meetings: &[MeetingSummary],
        links: &BTreeMap<String, String>,
        history: &HistoryValues,
    ) -> ReportData {
        for m in meetings {
            self.orgs.id(&m.organisation);
            for t in &m.themes {
                self.themes.id(t);
            }
        }
        let (orgs, org_map) = self.orgs.finish();
        let (themes, theme_map) = self.themes.finish();
        let (owners, owner_map) = self.owners.finish();
        let (doc_paths, doc_map) = self.docs.finish();
        let (chain_names, chain_map) = self.chains.finish();
        let (titles, title_map) = self.titles.finish();
        let (meeting_keys, meeting_map) = self.meetings.finish();
        let meeting_refs = meeting_keys
            .into_iter()
            .map(|(doc, date, org)| MeetingRef {
                doc: doc_map[doc],
                date,
                org: org_map[org],
            })
            .collect();
        let mut rows = self.rows;
        for r in &mut rows {
            r.org = org_map[r.org];
            r.doc = doc_map[r.doc];
            r.meeting = meeting_map[r.meeting];
            r.title = title_map[r.title];
            for t in &mut r.themes {
                *t = theme_map[*t];
            }
            r.themes.sort_unstable();
            for o in &mut r.owners {
                o.key = owner_map[o.key];
            }
            r.chain = r.chain.map(|c| chain_map[c]);
        }
        let docs = doc_paths
            .into_iter()
            .map(|p| DocRef {
                href: links.get(&p).cloned().unwrap_or_default(),
                path: p,
            })
            .collect();
        let chains = build_chains(&mut rows, chain_names, &orgs, meetings, history);
        ReportData {
            orgs,
            themes,
            owners,
            docs,
            titles,
            meetings: meeting_refs,
            actions: rows,
            chains,
        }
    }
}

/// Groups actions by chain id, each chain dated as the history stage dated
/// it. A chain id on a single action that is not carried forward is no
/// chain to show, nor one the history does not list: it is dropped from
/// its row, which keeps the page small.
fn build_chains(
    rows: &mut [ActionRow],
    ids: Vec<String>,
    orgs: &[String],
    meetings: &[MeetingSummary],
    history: &HistoryValues,
) -> Vec<ChainRow> {
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); ids.len()];
    for (i, r) in rows.iter().enumerate() {
        if let Some(c) = r.chain {
            members[c].push(i);
        }
    }
    // Latest meeting date per organisation, from meetings and actions alike.
    let mut latest: BTreeMap<&str, &str> = BTreeMap::new();
    let dates = meetings
        .iter()
        .filter_map(|m| Some((m.organisation.as_str(), m.meeting_date.as_deref()?)))
        .chain(
            rows.iter()
                .filter(|r| !r.date.is_empty())
                .map(|r| (orgs[r.org].as_str(), r.date.as_str())),
        );
    for (org, date) in dates {
        let e = latest.entry(org).or_insert(date);
        if date > *e {
            *e = date;
        }
    }
    let mut chains = Vec::new();
    let mut keep: Vec<Option<usize>> = vec![None; ids.len()];
    for (c, (id, mut m)) in ids.into_iter().zip(members).enumerate() {
        if m.is_empty() || (m.len() == 1 && !rows[m[0]].carried_forward) {
            continue;
        }
        let Some(dates) = history.chains.get(&id) else {
            continue;
        };
        m.sort_by(|&a, &b| rows[a].date.cmp(&rows[b].date).then(a.cmp(&b)));
        let last = dates.last_seen.clone();
        let org = rows[m[0]].org;
        let open = !last.is_empty() && latest.get(orgs[org].as_str()).is_some_and(|l| *l == last);
        keep[c] = Some(chains.len());
        chains.push(ChainRow {
            id,
            org,
            actions: m,
            first: dates.first_raised.clone(),
            last,
            days: i64::from(dates.days),
            open,
        });
    }
    for r in rows.iter_mut() {
        r.chain = r.chain.and_then(|c| keep[c]);
    }
    chains
}

/// Per owner key (index into `data.owners`), the number of actions each year.
pub fn owner_years(data: &ReportData) -> BTreeMap<usize, BTreeMap<i32, usize>> {
    let mut out: BTreeMap<usize, BTreeMap<i32, usize>> = BTreeMap::new();
    for r in &data.actions {
        let Some(y) = year(&r.date) else { continue };
        let keys: BTreeSet<usize> = r.owners.iter().map(|o| o.key).collect();
        for k in keys {
            *out.entry(k).or_default().entry(y).or_insert(0) += 1;
        }
    }
    out
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
