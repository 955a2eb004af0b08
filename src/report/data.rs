//! The report's view of a scan: the typed records from OUT reduced to what
//! the page shows, with repeated strings (organisations, documents, owners,
//! themes) stored once and referred to by index so the embedded JSON stays
//! small at 10,000+ actions.

use crate::model::{Action, FileError, Meeting, Owner, Resolution, RunInfo};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// One meeting record reduced to what the report needs; the item text of a
/// whole archive is never held in memory at once.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct MeetingSummary {
    pub document: String,
    pub duplicates: Vec<String>,
    pub organisation: String,
    pub meeting_date: Option<String>,
    pub pages: u32,
    /// Themes of the meeting's items (sorted, unique).
    pub themes: Vec<String>,
    pub scanned_pages: usize,
    pub unmapped_glyphs: u32,
    pub warnings: Vec<String>,
}

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
    /// Link (relative URL, no fragment) for each document label; documents
    /// missing here get no link.
    pub links: BTreeMap<String, String>,
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
pub struct OwnerRef {
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

/// One row of the actions table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ActionRow {
    /// `Action.id`, so a row can be traced back to `actions.jsonl`.
    pub id: String,
    #[serde(rename = "d")]
    pub doc: usize,
    /// ISO meeting date, `""` when unknown.
    #[serde(rename = "t")]
    pub date: String,
    #[serde(rename = "o")]
    pub org: usize,
    #[serde(rename = "i")]
    pub item: String,
    #[serde(rename = "it")]
    pub item_title: String,
    #[serde(rename = "w")]
    pub owners: Vec<OwnerRef>,
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
    pub actions: Vec<ActionRow>,
    pub chains: Vec<ChainRow>,
}

/// Interns strings in first-seen order, then renumbers them sorted so the
/// filter lists come out alphabetical and deterministic.
struct Table<K: Ord + Clone> {
    index: BTreeMap<K, usize>,
    items: Vec<K>,
}

impl<K: Ord + Clone> Table<K> {
    fn new() -> Self {
        Table {
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

/// The filter key and display of one owner token.
pub fn owner_key(action: &Action, i: usize) -> (OwnerKey, Vec<String>) {
    let token = action.owners.get(i).cloned().unwrap_or_default();
    let detail = owner_detail(action, i);
    let printed_name = action.owner_names.get(i).cloned();
    match detail.map(|d| &d.resolution) {
        Some(Resolution::Resolved { name }) => (key(name, OwnerKind::Person), vec![]),
        Some(Resolution::All) => (key("ALL", OwnerKind::All), vec![]),
        Some(Resolution::Group { name }) => (key(name, OwnerKind::Group), vec![]),
        Some(Resolution::Ambiguous { candidates }) => {
            (key(&token, OwnerKind::Ambiguous), candidates.clone())
        }
        Some(Resolution::Unresolved) => (key(&token, OwnerKind::Unresolved), vec![]),
        // No detail recorded: trust `owner_names`, which holds the token
        // itself when it could not be resolved.
        None => match printed_name {
            Some(n) if n == "ALL" => (key("ALL", OwnerKind::All), vec![]),
            Some(n) if n != token && !n.is_empty() => (key(&n, OwnerKind::Person), vec![]),
            _ => (key(&token, OwnerKind::Unresolved), vec![]),
        },
    }
}

/// The resolution detail of owner token `i`: the entry at the same
/// position, else the first with the same token.
fn owner_detail(action: &Action, i: usize) -> Option<&Owner> {
    let token = action.owners.get(i)?;
    action
        .owner_detail
        .get(i)
        .filter(|d| d.token == *token)
        .or_else(|| action.owner_detail.iter().find(|d| d.token == *token))
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

/// Days since 1970-01-01 of an ISO date, for chain spans.
pub fn days(date: &str) -> Option<i64> {
    let y: i64 = date.get(0..4)?.parse().ok()?;
    let m: i64 = date.get(5..7)?.parse().ok()?;
    let d: i64 = date.get(8..10)?.parse().ok()?;
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    // Howard Hinnant's days_from_civil.
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

impl ReportData {
    pub fn build(inputs: &ReportInputs) -> ReportData {
        let mut orgs = Table::new();
        let mut themes = Table::new();
        let mut owners = Table::new();
        let mut docs = Table::new();
        let mut chain_ids = Table::new();
        let mut rows = Vec::with_capacity(inputs.actions.len());
        for a in &inputs.actions {
            let w = (0..a.owners.len())
                .map(|i| {
                    let (k, candidates) = owner_key(a, i);
                    OwnerRef {
                        key: owners.id(&k),
                        token: a.owners[i].clone(),
                        candidates,
                        from_history: owner_detail(a, i).is_some_and(|d| d.from_history),
                    }
                })
                .collect();
            let mut th: Vec<usize> = a.themes.iter().map(|t| themes.id(t)).collect();
            th.sort_unstable();
            th.dedup();
            rows.push(ActionRow {
                id: a.id.clone(),
                doc: docs.id(&a.document),
                date: a.meeting_date.clone().unwrap_or_default(),
                org: orgs.id(&a.organisation),
                item: a.item.clone(),
                item_title: a.item_title.clone(),
                owners: w,
                markers: a.markers.clone(),
                text: a.text.clone(),
                page: a.page,
                due: a.due.as_ref().map(|d| d.text.clone()),
                inferred: a.inferred,
                themes: th,
                chain: a.chain.as_ref().map(|c| chain_ids.id(c)),
                carried_forward: a.carried_forward,
                first_date: a.first_date.clone(),
            });
        }
        for m in &inputs.meetings {
            orgs.id(&m.organisation);
            for t in &m.themes {
                themes.id(t);
            }
        }
        let (orgs, org_map) = orgs.finish();
        let (themes, theme_map) = themes.finish();
        let (owners, owner_map) = owners.finish();
        let (doc_paths, doc_map) = docs.finish();
        let (chain_names, chain_map) = chain_ids.finish();
        for r in &mut rows {
            r.org = org_map[r.org];
            r.doc = doc_map[r.doc];
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
                href: inputs.links.get(&p).cloned().unwrap_or_default(),
                path: p,
            })
            .collect();
        let chains = build_chains(&rows, chain_names, &orgs, inputs);
        ReportData {
            orgs,
            themes,
            owners,
            docs,
            actions: rows,
            chains,
        }
    }
}

/// Groups actions by chain id and dates each chain.
fn build_chains(
    rows: &[ActionRow],
    ids: Vec<String>,
    orgs: &[String],
    inputs: &ReportInputs,
) -> Vec<ChainRow> {
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); ids.len()];
    for (i, r) in rows.iter().enumerate() {
        if let Some(c) = r.chain {
            members[c].push(i);
        }
    }
    // Latest meeting date per organisation, from meetings and actions alike.
    let mut latest: BTreeMap<&str, &str> = BTreeMap::new();
    let dates = inputs
        .meetings
        .iter()
        .filter_map(|m| Some((m.organisation.as_str(), m.meeting_date.as_deref()?)))
        .chain(
            inputs
                .actions
                .iter()
                .filter_map(|a| Some((a.organisation.as_str(), a.meeting_date.as_deref()?))),
        );
    for (org, date) in dates {
        let e = latest.entry(org).or_insert(date);
        if date > *e {
            *e = date;
        }
    }
    ids.into_iter()
        .zip(members)
        .filter(|(_, m)| !m.is_empty())
        .map(|(id, mut m)| {
            m.sort_by(|&a, &b| rows[a].date.cmp(&rows[b].date).then(a.cmp(&b)));
            let dated = m
                .iter()
                .map(|&i| rows[i].date.as_str())
                .filter(|d| !d.is_empty());
            let firsts = m.iter().filter_map(|&i| rows[i].first_date.as_deref());
            let first = dated.clone().chain(firsts).min().unwrap_or("").to_string();
            let last = dated.max().unwrap_or("").to_string();
            let org = rows[m[0]].org;
            let open =
                !last.is_empty() && latest.get(orgs[org].as_str()).is_some_and(|l| *l == last);
            let span = match (days(&first), days(&last)) {
                (Some(a), Some(b)) => b - a,
                _ => 0,
            };
            ChainRow {
                id,
                org,
                actions: m,
                first,
                last,
                days: span,
                open,
            }
        })
        .collect()
}

/// Per theme, the number of distinct meetings mentioning it each year. A
/// meeting is one organisation on one date (several renderings of the same
/// minutes count once); it mentions a theme when one of its items or
/// actions carries it.
pub fn theme_years(inputs: &ReportInputs) -> BTreeMap<String, BTreeMap<i32, usize>> {
    let mut meetings: BTreeMap<String, BTreeSet<(String, String)>> = BTreeMap::new();
    let mut add = |theme: &str, org: &str, date: &str| {
        meetings
            .entry(theme.to_string())
            .or_default()
            .insert((org.to_string(), date.to_string()));
    };
    for m in &inputs.meetings {
        if let Some(d) = &m.meeting_date {
            for t in &m.themes {
                add(t, &m.organisation, d);
            }
        }
    }
    for a in &inputs.actions {
        if let Some(d) = &a.meeting_date {
            for t in &a.themes {
                add(t, &a.organisation, d);
            }
        }
    }
    meetings
        .into_iter()
        .map(|(t, set)| {
            let mut per_year = BTreeMap::new();
            for (_, d) in set {
                if let Some(y) = year(&d) {
                    *per_year.entry(y).or_insert(0) += 1;
                }
            }
            (t, per_year)
        })
        .collect()
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

    #[test]
    fn days_match_known_dates() {
        assert_eq!(days("1970-01-01"), Some(0));
        assert_eq!(
            days("2016-05-11")
                .zip(days("2019-05-01"))
                .map(|(a, b)| b - a),
            Some(1085)
        );
        assert_eq!(
            days("2020-03-01")
                .zip(days("2020-02-28"))
                .map(|(a, b)| a - b),
            Some(2)
        );
        assert_eq!(days("n/a"), None);
        assert_eq!(year("2016-05-11"), Some(2016));
    }
}
