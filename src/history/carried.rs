//! Carried-forward chains: an action minuted again at the next meeting of
//! the same organisation (same owners, near-same text) is the same action
//! still open, not a new one. Each such run of meetings becomes one chain.
//!
//! Only the preceding meeting(s) are searched (`previous_meetings` in
//! `rules/history.toml`): an action that reappears after a meeting that did
//! not mention it was closed and raised again. Two documents of the same
//! organisation and date are two renderings of one meeting and never link
//! to each other.

use super::{owners, text, Doc};
use crate::model::{Action, Owner, Resolution};
use crate::rules::CarriedRules;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, HashMap, VecDeque};
use std::io;

/// One action carried forward across meetings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Chain {
    /// Stable id, also set as `chain` on each of its actions.
    pub id: String,
    pub organisation: String,
    /// Owners as first minuted (resolved names).
    pub owners: Vec<String>,
    /// Text as first minuted.
    pub text: String,
    /// Meeting date it was first minuted.
    pub first_raised: String,
    /// Meeting date it was last minuted.
    pub last_seen: String,
    /// Every meeting that minuted it, first raised to last seen.
    pub meetings: Vec<ChainLink>,
    /// Distinct meeting dates it was minuted at.
    #[serde(default)]
    pub meeting_count: u32,
    /// Days from first raised to last seen.
    #[serde(default)]
    pub days: u32,
}

/// One occurrence of a chain's action.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChainLink {
    pub date: String,
    pub document: String,
    pub item: String,
    pub action_id: String,
}

/// An action's position: (document index, action index).
type ActionPos = (usize, usize);

/// One owner as compared across meetings: folded token, folded resolved
/// name (a person's, a group's, `all`) when the meeting resolved it, and
/// the candidates when it was ambiguous.
#[derive(Debug, Clone, PartialEq, Eq)]
struct ComparedOwner {
    token: String,
    name: Option<String>,
    candidates: Vec<String>,
}

fn owner_refs(a: &Action) -> Vec<ComparedOwner> {
    let mut out: Vec<ComparedOwner> = a
        .owners
        .iter()
        .map(|o| {
            let (name, candidates) = match &o.resolution {
                Resolution::Resolved { name } | Resolution::Group { name } => {
                    (Some(text::fold(name)), vec![])
                }
                Resolution::All => (Some("all".to_string()), vec![]),
                Resolution::Ambiguous { candidates } => {
                    (None, candidates.iter().map(|c| text::fold(c)).collect())
                }
                Resolution::Unresolved => (None, vec![]),
            };
            ComparedOwner {
                token: text::fold(&o.token),
                name,
                candidates,
            }
        })
        .collect();
    out.sort_by(|x, y| (&x.name, &x.token).cmp(&(&y.name, &y.token)));
    out.dedup();
    out
}

/// Two owners that may be the same person: the same resolved name; or, where
/// one meeting could not resolve its token (not present, or ambiguous with
/// the other meeting's person among the candidates), the same initials.
fn compatible(x: &ComparedOwner, y: &ComparedOwner) -> bool {
    match (&x.name, &y.name) {
        (Some(a), Some(b)) => a == b,
        (None, Some(b)) => {
            x.token == y.token && (x.candidates.is_empty() || x.candidates.contains(b))
        }
        (Some(a), None) => {
            x.token == y.token && (y.candidates.is_empty() || y.candidates.contains(a))
        }
        (None, None) => x.token == y.token,
    }
}

/// The same owners as sets: every owner of one pairs with a different
/// owner of the other, same resolved names first.
fn same_owners(a: &[ComparedOwner], b: &[ComparedOwner]) -> bool {
    if a.len() != b.len() || a.is_empty() {
        return false;
    }
    let mut used = vec![false; b.len()];
    let mut rest = Vec::new();
    for x in a {
        match (0..b.len()).find(|&j| !used[j] && x.name.is_some() && x.name == b[j].name) {
            Some(j) => used[j] = true,
            None => rest.push(x),
        }
    }
    for x in rest {
        match (0..b.len()).find(|&j| !used[j] && compatible(x, &b[j])) {
            Some(j) => used[j] = true,
            None => return false,
        }
    }
    true
}

/// Finds the chains over a stream of documents in output order
/// (organisation, date, document), a [`Stage`] of the history's second
/// pass: sets `carried_forward`, `first_date` and `chain` on the actions,
/// and gathers each chain for [`Linker::chains`].
///
/// An action is searched for only in the `previous_meetings` meetings
/// before its own, so only those meetings' documents are held (a window of
/// dates); a document is released once no later meeting can link to it.
/// A document that gave no action is left out of the meetings: it is no
/// evidence that an action was closed. It is most often a damaged file
/// that yielded only its header (a `partial` read) or minutes whose layout
/// the rules did not follow, and counted as a meeting it would break every
/// chain across its date.
pub struct Linker<'r> {
    rules: &'r CarriedRules,
    /// Documents not yet released, in order; `held[i]` is document
    /// `first + i` of the stream, with its actions' [`Key`]s.
    held: VecDeque<(Doc, Vec<Key>)>,
    first: usize,
    /// The meetings searched, oldest first (each its documents with
    /// actions), all of the organisation `window_org`.
    window: VecDeque<Vec<usize>>,
    window_org: Option<String>,
    /// The meeting being gathered: (organisation, date) and its documents.
    gathering: Option<((String, String), Vec<usize>)>,
    chains: Vec<Gathered>,
    /// Chain of each action of a held document that is in one.
    chain_of: HashMap<ActionPos, usize>,
}

/// A chain as the stream finds it.
struct Gathered {
    id: String,
    organisation: String,
    first_raised: String,
    text: String,
    /// The first action's owners, resolved in the chain at the end.
    owners: Vec<Owner>,
    meetings: Vec<ChainLink>,
    /// Names each owner token resolved to in the chain's meetings.
    names: ChainNames,
}

/// Per folded owner token, the names the chain's meetings resolved it to
/// (not from other meetings).
pub type ChainNames = BTreeMap<String, BTreeSet<String>>;

impl<'r> Linker<'r> {
    pub fn new(rules: &'r CarriedRules) -> Linker<'r> {
        Linker {
            rules,
            held: VecDeque::new(),
            first: 0,
            window: VecDeque::new(),
            window_org: None,
            gathering: None,
            chains: Vec::new(),
            chain_of: HashMap::new(),
        }
    }

    fn doc(&self, n: usize) -> &Doc {
        &self.held[n - self.first].0
    }

    fn keys(&self, n: usize) -> &[Key] {
        &self.held[n - self.first].1
    }

    fn action_mut(&mut self, (n, a): ActionPos) -> &mut Action {
        &mut self.held[n - self.first].0.meeting.actions[a]
    }

    /// Closes the meeting gathered: links it to the window, then makes it
    /// the window's latest.
    fn close(&mut self) {
        let Some((_, group)) = self.gathering.take() else {
            return;
        };
        self.link(&group);
        self.window.push_back(group);
        while self.window.len() > self.rules.previous_meetings {
            self.window.pop_front();
        }
    }

    /// Releases the documents no later meeting can link to.
    fn release(&mut self, out: &mut Vec<Doc>, all: bool) {
        let keep_from = if all {
            self.first + self.held.len()
        } else {
            let w = self.window.front().and_then(|g| g.first().copied());
            let g = self
                .gathering
                .as_ref()
                .and_then(|(_, g)| g.first().copied());
            match (w, g) {
                (Some(a), Some(b)) => a.min(b),
                (a, b) => a.or(b).unwrap_or(self.first + self.held.len()),
            }
        };
        while self.first < keep_from {
            let Some((d, _)) = self.held.pop_front() else {
                break;
            };
            for a in 0..d.meeting.actions.len() {
                self.chain_of.remove(&(self.first, a));
            }
            out.push(d);
            self.first += 1;
        }
    }

    /// Links each document of a meeting to the window's meetings.
    fn link(&mut self, group: &[usize]) {
        let rules = self.rules;
        for &di in group {
            // Each earlier action continues at most once per document.
            let mut used: BTreeSet<ActionPos> = BTreeSet::new();
            // Links made for this document: action → the one it continues.
            let mut continues: BTreeMap<usize, ActionPos> = BTreeMap::new();
            // Asks of everyone that matched but wanted more evidence.
            let mut waiting: Vec<(usize, ActionPos)> = Vec::new();
            for ai in 0..self.keys(di).len() {
                let (owners, folded) = &self.keys(di)[ai];
                if owners.is_empty() || folded.is_empty() {
                    continue;
                }
                let by_owner = rules
                    .needs_evidence_for_owners
                    .iter()
                    .any(|o| owners.iter().any(|x| x.name.as_ref() == Some(o)));
                let d = self.doc(di);
                let clause = d.clause.get(ai).copied().unwrap_or(false);
                let evidence = d.evidence.get(ai).copied().unwrap_or(false);
                if clause && !evidence {
                    continue;
                }
                let Some(prev) = self.best_match(owners, folded, &used) else {
                    continue;
                };
                // A standing ask of everyone counts as carried where the
                // minutes say so, or (`same_item_is_evidence`) where it
                // is minuted word for word under the same agenda item.
                if by_owner && !evidence {
                    let same_item = rules.same_item_is_evidence
                        && self.keys(prev.0)[prev.1].1 == *folded
                        && text::fold(&self.doc(prev.0).meeting.actions[prev.1].item_title)
                            == text::fold(&self.doc(di).meeting.actions[ai].item_title);
                    if !same_item {
                        waiting.push((ai, prev));
                        continue;
                    }
                }
                used.insert(prev);
                self.add(prev, (di, ai));
                continues.insert(ai, prev);
            }
            // …or (`carried_neighbours_are_evidence`) where another
            // action of its item continues one of the same document.
            for (ai, prev) in waiting {
                let actions = &self.doc(di).meeting.actions;
                let a = &actions[ai];
                let neighbour = rules.carried_neighbours_are_evidence
                    && continues.iter().any(|(&aj, &p)| {
                        let b = &actions[aj];
                        p.0 == prev.0 && b.item == a.item && b.item_title == a.item_title
                    });
                if neighbour && !used.contains(&prev) {
                    used.insert(prev);
                    self.add(prev, (di, ai));
                }
            }
        }
    }

    /// Adds action `at` to the chain of `prev`, starting it there.
    fn add(&mut self, prev: ActionPos, at: ActionPos) {
        let c = match self.chain_of.get(&prev) {
            Some(&c) => c,
            None => {
                let c = self.start(prev);
                self.chain_of.insert(prev, c);
                c
            }
        };
        self.chain_of.insert(at, c);
        let (id, first_raised) = (
            self.chains[c].id.clone(),
            self.chains[c].first_raised.clone(),
        );
        let link = self.link_of(at);
        let mut names = std::mem::take(&mut self.chains[c].names);
        add_names(&mut names, &self.doc(at.0).meeting.actions[at.1]);
        let g = &mut self.chains[c];
        g.names = names;
        g.meetings.push(link);
        let a = self.action_mut(at);
        a.chain = Some(id);
        a.carried_forward = true;
        a.first_date = Some(first_raised);
    }

    /// A new chain whose first action is `at`.
    fn start(&mut self, at: ActionPos) -> usize {
        let (d0, a0) = at;
        let first = &self.doc(d0).meeting;
        let first_action = &first.actions[a0];
        let mut h = blake3::Hasher::new();
        for part in [
            &first.organisation,
            &first.document,
            &first_action.id,
            &a0.to_string(),
        ] {
            h.update(part.as_bytes());
            h.update(&[0]);
        }
        let id = format!("chain-{}", &h.finalize().to_hex()[..16]);
        let mut g = Gathered {
            id: id.clone(),
            organisation: first.organisation.clone(),
            first_raised: first.meeting_date.clone().unwrap_or_default(),
            text: first_action.text.clone(),
            owners: first_action.owners.clone(),
            meetings: vec![self.link_of(at)],
            names: ChainNames::new(),
        };
        add_names(&mut g.names, first_action);
        self.action_mut(at).chain = Some(id);
        self.chains.push(g);
        self.chains.len() - 1
    }

    fn link_of(&self, (di, ai): ActionPos) -> ChainLink {
        let m = &self.doc(di).meeting;
        let a = &m.actions[ai];
        ChainLink {
            date: m.meeting_date.clone().unwrap_or_default(),
            document: a.document.clone(),
            item: a.item.clone(),
            action_id: a.id.clone(),
        }
    }

    /// The chains found, in order of first occurrence, and per chain id the
    /// names its meetings gave each owner token (for [`resolve_in_chain`]).
    pub fn chains(self) -> (Vec<Chain>, HashMap<String, ChainNames>) {
        let mut names = HashMap::with_capacity(self.chains.len());
        let chains = self
            .chains
            .into_iter()
            .map(|g| {
                let mut owners = g.owners;
                resolve_in_chain(&mut owners, &g.names);
                let last_seen = g
                    .meetings
                    .last()
                    .map(|l| l.date.clone())
                    .unwrap_or_default();
                let mut dates: Vec<&str> = g.meetings.iter().map(|l| l.date.as_str()).collect();
                dates.dedup();
                let meeting_count = dates.len() as u32;
                let days = super::status::days_between(&g.first_raised, &last_seen);
                names.insert(g.id.clone(), g.names);
                Chain {
                    id: g.id,
                    organisation: g.organisation,
                    owners: owners.iter().map(|o| o.shown().to_string()).collect(),
                    text: g.text,
                    first_raised: g.first_raised,
                    last_seen,
                    meetings: g.meetings,
                    meeting_count,
                    days,
                }
            })
            .collect();
        (chains, names)
    }
}

impl super::Stage for Linker<'_> {
    fn push(&mut self, d: Doc, out: &mut Vec<Doc>) -> io::Result<()> {
        let n = self.first + self.held.len();
        let keys: Vec<Key> = d
            .meeting
            .actions
            .iter()
            .map(|a| (owner_refs(a), comparable_text(&a.text, self.rules)))
            .collect();
        let meeting = match (&d.meeting.meeting_date, d.meeting.actions.is_empty()) {
            (Some(date), false) => Some((d.meeting.organisation.clone(), date.clone())),
            _ => None,
        };
        if d.meeting.meeting_date.is_none() {
            // Undated documents come last in their organisation: no later
            // meeting of it links to the window.
            self.close();
            self.window.clear();
        }
        if let Some(key) = meeting {
            if self.gathering.as_ref().is_some_and(|(k, _)| *k != key) {
                self.close();
            }
            if self.gathering.is_none() {
                // A chain is one organisation's.
                if self.window_org.as_deref() != Some(key.0.as_str()) {
                    self.window.clear();
                    self.window_org = Some(key.0.clone());
                }
                self.gathering = Some((key, Vec::new()));
            }
            if let Some((_, g)) = &mut self.gathering {
                g.push(n);
            }
        }
        self.held.push_back((d, keys));
        self.release(out, false);
        Ok(())
    }

    fn finish(&mut self, out: &mut Vec<Doc>) -> io::Result<()> {
        self.close();
        self.window.clear();
        self.release(out, true);
        Ok(())
    }
}

/// Owners and comparable text of one action.
type Key = (Vec<ComparedOwner>, String);

fn add_names(names: &mut ChainNames, a: &Action) {
    for o in &a.owners {
        if let (Resolution::Resolved { name }, false) = (&o.resolution, o.from_history) {
            names
                .entry(text::fold(&o.token))
                .or_default()
                .insert(name.clone());
        }
    }
}

/// The same action carried forward has the same owners: a token one
/// meeting left unresolved or ambiguous takes the name the other meetings
/// of the chain resolved it to (`names`, from [`Linker::chains`]), when
/// they agree on one (and it is among the candidates).
pub fn resolve_in_chain(owners: &mut [Owner], names: &ChainNames) {
    for o in owners {
        let Some(found) = names.get(&text::fold(&o.token)) else {
            continue;
        };
        let Some(name) = found.first().filter(|_| found.len() == 1).cloned() else {
            continue;
        };
        let fits = match &o.resolution {
            Resolution::Unresolved => true,
            Resolution::Ambiguous { candidates } => candidates.contains(&name),
            _ => false,
        };
        if fits {
            owners::set_resolved(o, name);
        }
    }
}

/// The earlier action that `owners`/`folded` continues: searched in the
/// nearest preceding meeting first; within a meeting, among the texts that
/// are near-same (similar enough, or one standing whole in the other) the
/// most similar wins, the first in reading order on a tie.
impl Linker<'_> {
    fn best_match(
        &self,
        owners: &[ComparedOwner],
        folded: &str,
        used: &BTreeSet<ActionPos>,
    ) -> Option<ActionPos> {
        let rules = self.rules;
        // The comparison of `folded` with each distinct earlier text, made
        // once: renderings of one meeting minute the same texts, and an archive
        // holding many would otherwise compare them again for every rendering.
        let mut compared: std::collections::HashMap<&str, (f64, bool)> =
            std::collections::HashMap::new();
        for g in self.window.iter().rev() {
            let mut best: Option<(f64, ActionPos)> = None;
            for &dj in g {
                for (aj, (o, f)) in self.keys(dj).iter().enumerate() {
                    if used.contains(&(dj, aj)) || !same_owners(owners, o) {
                        continue;
                    }
                    let (s, same) = *compared.entry(f.as_str()).or_insert_with(|| {
                        let s = if rules.compare_stop_words.is_empty() {
                            similarity_folded(folded, f)
                        } else {
                            similarity_content(folded, f, &rules.compare_stop_words)
                        };
                        let same = s >= rules.min_similarity
                            || text::contained(folded, f, rules.min_contained_words);
                        (s, same)
                    });
                    if same && best.is_none_or(|(b, _)| s > b) {
                        best = Some((s, (dj, aj)));
                    }
                }
            }
            if let Some((_, at)) = best {
                return Some(at);
            }
        }
        None
    }
}

/// The action's text as compared: the rules' `ignore_in_text` removed,
/// then folded.
fn comparable_text(t: &str, rules: &CarriedRules) -> String {
    let mut t = std::borrow::Cow::Borrowed(t);
    for r in &rules.ignore_in_text {
        if r.is_match(&t) {
            t = std::borrow::Cow::Owned(r.replace_all(&t, " ").into_owned());
        }
    }
    text::fold(&t)
}

fn similarity_folded(a: &str, b: &str) -> f64 {
    if a == b {
        return 1.0;
    }
    let (wa, wb) = (text::words(a), text::words(b));
    let union = wa.union(&wb).count();
    if union == 0 {
        return 0.0;
    }
    wa.intersection(&wb).count() as f64 / union as f64
}

/// Token-set overlap (Jaccard) of two folded texts once the stop words are
/// left out: `to`, `the`, `agreed` say nothing about which action it is.
fn similarity_content(a: &str, b: &str, stop: &BTreeSet<String>) -> f64 {
    if a == b {
        return 1.0;
    }
    let keep = |t: &str| -> BTreeSet<String> {
        text::words(t)
            .into_iter()
            .filter(|w| !stop.contains(*w))
            .map(str::to_string)
            .collect()
    };
    let (wa, wb) = (keep(a), keep(b));
    let union = wa.union(&wb).count();
    if union == 0 {
        return 0.0;
    }
    wa.intersection(&wb).count() as f64 / union as f64
}

#[cfg(test)]
mod tests {
    use super::super::build;
    use super::super::testkit::*;
    use crate::model::{Meeting, Resolution};

    /// A meeting of `org` with a "Matters Arising" item 3 and item 4.
    fn base(org: &str, date: &str) -> Meeting {
        let mut m = meeting(org, date, &format!("{org}-{date}.pdf"));
        m.items.push(item(
            "3",
            "Minutes of the Last Meeting and Matters Arising",
            "Agreed.",
        ));
        m.items.push(item("4", "Crime and ASB", "Report noted."));
        m
    }

    const DPE: (&str, Option<&str>) = ("DPe", Some("Deana Perchard"));
    const ALL: (&str, Option<&str>) = ("ALL", None);
    const DPE_AS_DP: (&str, Option<&str>) = ("DP", Some("Deana Perchard"));

    #[test]
    fn reworded_actions_link_on_their_content_words_only() {
        let mut a = base("B", "2016-01-01");
        a.actions.push(action(
            &a,
            "4",
            "DP to liaise with Planning about designing out crime",
            &[DP],
        ));
        a.actions
            .push(action(&a, "4", "DP to book the hall for the fair", &[DP]));
        let mut b = base("B", "2016-04-01");
        b.actions.push(action(
            &b,
            "4",
            "DP agreed to liaise with the Planning about the designing out of crime",
            &[DP],
        ));
        b.actions
            .push(action(&b, "4", "DP to write to the hall trustees", &[DP]));
        let plain = super::super::text::similarity(&a.actions[0].text, &b.actions[0].text);
        assert!(plain < 0.8, "all words: {plain}");
        let mut docs = vec![doc(a), doc(b)];
        build(&mut docs, &rules());
        let later = &docs[1].meeting.actions;
        assert!(later[0].carried_forward, "same content words");
        assert!(!later[1].carried_forward, "other content");
    }

    #[test]
    fn chain_over_consecutive_meetings_with_first_date() {
        let text = "DP to raise the issue with the Strategic Director for Children’s Services –";
        let mut a = base("B", "2016-01-01");
        a.actions.push(action(&a, "4", text, &[DP]));
        let mut b = base("B", "2016-04-01");
        // Re-typed: straight apostrophe, no dash.
        b.actions.push(action(
            &b,
            "3",
            "DP to raise the issue with the Strategic Director for Children's Services",
            &[DP],
        ));
        let mut c = base("B", "2016-07-01");
        c.actions.push(action(&c, "4", text, &[DP]));
        let mut docs = vec![doc(c), doc(a), doc(b)];
        let h = build(&mut docs, &rules());
        // Sorted by date.
        let acts: Vec<_> = docs.iter().map(|d| &d.meeting.actions[0]).collect();
        assert_eq!(
            acts.iter().map(|a| a.carried_forward).collect::<Vec<_>>(),
            [false, true, true]
        );
        assert_eq!(acts[1].first_date.as_deref(), Some("2016-01-01"));
        assert_eq!(acts[2].first_date.as_deref(), Some("2016-01-01"));
        assert!(acts
            .iter()
            .all(|a| a.chain == acts[0].chain && a.chain.is_some()));
        assert_eq!(h.chains.len(), 1);
        let ch = &h.chains[0];
        assert_eq!(
            (ch.first_raised.as_str(), ch.last_seen.as_str()),
            ("2016-01-01", "2016-07-01")
        );
        assert_eq!(
            ch.meetings
                .iter()
                .map(|l| l.date.as_str())
                .collect::<Vec<_>>(),
            ["2016-01-01", "2016-04-01", "2016-07-01"]
        );
        assert_eq!(ch.meetings[1].item, "3");
        assert_eq!((ch.meeting_count, ch.days), (3, 182));
        assert_eq!(acts[0].track.chain_meetings, Some(3));
    }

    /// A damaged file of the same board between two meetings (read, but
    /// with only its header: no action) is not "a meeting that did not
    /// mention it": the chain runs across it. A real meeting in between
    /// that minuted other actions still breaks it.
    /// The linker holds the meetings an action may still link to and no
    /// more: with `previous_meetings = 1`, two dates of documents (three
    /// renderings each, one without actions, and an undated document at
    /// the end), whatever the number of meetings, and the chain runs
    /// through all of them.
    #[test]
    fn the_linker_holds_a_window_of_meetings_and_releases_the_rest_in_order() {
        use super::super::Stage;
        let rules = rules();
        let mut linker = super::Linker::new(&rules.carried);
        let mut out = Vec::new();
        let mut most_held = 0;
        let mut pushed = Vec::new();
        for month in 1..=12 {
            let date = format!("2016-{month:02}-01");
            for r in 0..3 {
                let mut m = base("B", &date);
                m.document = format!("{date}-{r}.pdf");
                if r < 2 {
                    m.actions.push(action(
                        &m,
                        "4",
                        "DP to raise the issue with the director",
                        &[DP],
                    ));
                }
                pushed.push(m.document.clone());
                linker.push(doc(m), &mut out).unwrap();
                most_held = most_held.max(linker.held.len());
            }
        }
        let mut undated = base("B", "2016-01-01");
        undated.meeting_date = None;
        undated.document = "undated.pdf".into();
        pushed.push(undated.document.clone());
        linker.push(doc(undated), &mut out).unwrap();
        assert_eq!(
            linker.held.len(),
            0,
            "an undated document closes the window"
        );
        linker.finish(&mut out).unwrap();
        assert!(most_held <= 7, "held {most_held} documents");
        let released: Vec<&str> = out.iter().map(|d| d.meeting.document.as_str()).collect();
        assert_eq!(released, pushed, "released in the order pushed");
        let (chains, _) = linker.chains();
        assert_eq!(chains.len(), 1);
        assert_eq!(chains[0].meeting_count, 12);
        let carried = out
            .iter()
            .flat_map(|d| &d.meeting.actions)
            .filter(|a| a.carried_forward)
            .count();
        assert_eq!(carried, 22, "both renderings of months 2 to 12");
    }

    #[test]
    fn a_meeting_without_actions_does_not_break_a_chain() {
        let text = "SD to update the group on designing out crime in the planning process";
        let sd = ("SD", Some("Sam Dyer"));
        let mut a = base("B", "2020-12-09");
        a.actions.push(action(&a, "4", text, &[sd]));
        let mut partial = base("B", "2021-03-03");
        partial.items.clear();
        partial
            .warnings
            .push("page tree loops back to object 2 0".into());
        let mut b = base("B", "2021-03-24");
        b.actions.push(action(&b, "4", text, &[sd]));
        let mut docs = vec![doc(a.clone()), doc(partial), doc(b.clone())];
        let h = build(&mut docs, &rules());
        assert_eq!(h.chains.len(), 1, "{:?}", h.chains);
        assert_eq!(h.chains[0].meetings.len(), 2);

        let mut other = base("B", "2021-03-03");
        other.actions.push(action(
            &other,
            "4",
            "MA to circulate the crime profiles",
            &[DP],
        ));
        let mut docs = vec![doc(a), doc(other), doc(b)];
        assert!(build(&mut docs, &rules()).chains.is_empty());
    }

    #[test]
    fn different_owners_other_boards_gaps_and_other_text_do_not_link() {
        let text = "A more detailed report to be brought back to the next meeting.";
        let mut a = base("B", "2016-01-01");
        a.actions.push(action(&a, "4", text, &[DP]));
        a.actions.push(action(
            &a,
            "4",
            "MA to circulate the crime profiles",
            &[("MA", Some("Mike Andrews"))],
        ));
        // Same initials' owner-set but another person: DPe.
        let mut b = base("B", "2016-04-01");
        b.actions.push(action(&b, "4", text, &[DPE]));
        b.actions.push(action(
            &b,
            "4",
            "MA to circulate the action plan to partners",
            &[("MA", Some("Mike Andrews"))],
        ));
        // Other organisation, same date pattern.
        let mut o = base("Other", "2016-04-01");
        o.actions.push(action(&o, "4", text, &[DP]));
        // After a gap (2016-04-01 did not minute it for DP): new action.
        let mut c = base("B", "2016-07-01");
        c.actions.push(action(&c, "4", text, &[DP]));
        let mut docs = vec![doc(a), doc(b), doc(o), doc(c)];
        let h = build(&mut docs, &rules());
        assert!(h.chains.is_empty(), "{:?}", h.chains);
        assert!(docs
            .iter()
            .flat_map(|d| &d.meeting.actions)
            .all(|a| !a.carried_forward && a.chain.is_none()));
    }

    #[test]
    fn owner_order_does_not_matter_but_the_set_does() {
        let text = "SS and DP to speak outside of meeting to look at this issue.";
        let ss = ("SS", Some("Shélah Semoff"));
        let mut a = base("B", "2016-01-01");
        a.actions.push(action(&a, "4", text, &[ss, DP]));
        let mut b = base("B", "2016-04-01");
        b.actions.push(action(&b, "4", text, &[DP, ss]));
        b.actions.push(action(&b, "4", text, &[DP]));
        let mut docs = vec![doc(a), doc(b)];
        build(&mut docs, &rules());
        let b = &docs[1].meeting.actions;
        assert!(b[0].carried_forward);
        assert!(!b[1].carried_forward);
    }

    #[test]
    fn preambles_of_re_minuted_actions_are_ignored() {
        let mut a = base("B", "2016-01-01");
        a.actions.push(action(
            &a,
            "3",
            "Carried forward from 1st October 2015 – Members to send comments to SA.",
            &[ALL],
        ));
        let mut b = base("B", "2016-04-01");
        b.actions.push(action(
            &b,
            "3",
            "Action from the previous meeting still outstanding – Members to send comments to SA.",
            &[ALL],
        ));
        let mut docs = vec![doc(a), doc(b)];
        build(&mut docs, &rules());
        assert!(docs[1].meeting.actions[0].carried_forward);
    }

    #[test]
    fn initials_a_meeting_could_not_pin_down_link_and_take_the_chains_name() {
        let text = "SS requested a report on the progress of work undertaken by Everton";
        let ss = ("SS", Some("Shélah Semoff"));
        let mut a = base("B", "2016-01-01");
        a.actions.push(action(&a, "4", text, &[ss, DPE_AS_DP]));
        let mut b = base("B", "2016-04-01");
        let mut amb = action(&b, "3", text, &[ss, ("DP", None)]);
        amb.owners[1].resolution = Resolution::Ambiguous {
            candidates: vec!["David Parr".into(), "Deana Perchard".into()],
        };
        b.actions.push(amb);
        // Unresolved (not in the Present list): same initials, linked too.
        let mut c = base("B", "2016-07-01");
        c.actions.push(action(&c, "3", text, &[ss, ("DP", None)]));
        let mut docs = vec![doc(a), doc(b), doc(c)];
        build(&mut docs, &rules());
        for d in &docs[1..] {
            let x = &d.meeting.actions[0];
            assert!(x.carried_forward);
            assert_eq!(x.shown_names(), ["Shélah Semoff", "Deana Perchard"]);
            assert!(x.owners[1].from_history);
        }
    }

    #[test]
    fn ambiguous_initials_do_not_link_to_someone_outside_the_candidates() {
        let text = "DP to invite the Strategic Director to the next meeting";
        let mut a = base("B", "2016-01-01");
        a.actions
            .push(action(&a, "4", text, &[("DP", Some("Dan Pike"))]));
        let mut b = base("B", "2016-04-01");
        let mut amb = action(&b, "3", text, &[("DP", None)]);
        amb.owners[0].resolution = Resolution::Ambiguous {
            candidates: vec!["David Parr".into(), "Deana Perchard".into()],
        };
        b.actions.push(amb);
        let mut docs = vec![doc(a), doc(b)];
        build(&mut docs, &rules());
        assert!(!docs[1].meeting.actions[0].carried_forward);
        assert_eq!(
            docs[1].meeting.actions[0].owner_names().collect::<Vec<_>>(),
            [None]
        );
    }

    #[test]
    fn everyone_actions_need_the_minutes_to_say_they_are_carried() {
        let text = "All to consider and share with SS.";
        let mut a = base("B", "2016-01-01");
        a.actions.push(action(&a, "4", text, &[ALL]));
        // Repeated as a fresh standing ask under item 4: not carried.
        let mut b = base("B", "2016-04-01");
        b.actions.push(action(&b, "4", text, &[ALL]));
        // Repeated under Matters Arising: carried.
        let mut c = base("B", "2016-07-01");
        c.actions.push(action(&c, "3", text, &[ALL]));
        let mut docs = vec![doc(a), doc(b), doc(c)];
        build(&mut docs, &rules());
        let cf: Vec<_> = docs
            .iter()
            .map(|d| d.meeting.actions[0].carried_forward)
            .collect();
        assert_eq!(cf, [false, false, true]);
        assert_eq!(
            docs[2].meeting.actions[0].first_date.as_deref(),
            Some("2016-04-01")
        );
    }

    #[test]
    fn an_everyone_ask_restated_with_its_items_carried_actions_is_carried() {
        let all = "All to consider the draft strategy and send comments to SS.";
        let dp = "DP to report back on the pilot at the next meeting.";
        let mut a = base("B", "2016-01-01");
        a.actions.push(action(&a, "4", all, &[ALL]));
        a.actions.push(action(&a, "4", dp, &[DP]));
        // Both minuted again under item 4: DP's action is carried, so the
        // item restates the last meeting's actions, the ask of all too.
        let mut b = base("B", "2016-04-01");
        b.actions.push(action(&b, "4", all, &[ALL]));
        b.actions.push(action(&b, "4", dp, &[DP]));
        // The ask alone again, with nothing else carried: a fresh ask.
        let mut c = base("B", "2016-07-01");
        c.actions.push(action(&c, "4", all, &[ALL]));
        c.actions
            .push(action(&c, "4", "DP to book the venue.", &[DP]));
        let mut docs = vec![doc(a), doc(b), doc(c)];
        build(&mut docs, &rules());
        let cf = |d: usize| {
            docs[d]
                .meeting
                .actions
                .iter()
                .map(|a| a.carried_forward)
                .collect::<Vec<_>>()
        };
        assert_eq!(cf(1), [true, true]);
        assert_eq!(cf(2), [false, false]);
    }

    #[test]
    fn two_renderings_of_a_meeting_both_continue_the_chain_without_linking_each_other() {
        let text = "Crime profiles to be circulated.";
        let mut a = base("B", "2016-01-01");
        a.actions.push(action(&a, "3", text, &[DP]));
        let mut b1 = base("B", "2016-04-01");
        b1.document = "b-docx.pdf".into();
        b1.actions.push(action(&b1, "3", text, &[DP]));
        let mut b2 = b1.clone();
        b2.document = "b-html.pdf".into();
        let mut docs = vec![doc(a), doc(b1), doc(b2)];
        let h = build(&mut docs, &rules());
        assert_eq!(h.chains.len(), 1);
        assert_eq!(h.chains[0].meetings.len(), 3);
        assert!(
            docs[1].meeting.actions[0].carried_forward
                && docs[2].meeting.actions[0].carried_forward
        );
    }
}
