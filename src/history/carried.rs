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
use crate::model::{Action, Resolution};
use crate::rules::CarriedRules;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

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

/// Finds the chains, sets `carried_forward`, `first_date` and `chain` on
/// the actions of `docs` (sorted by organisation, date, document), and
/// returns the chains in that order of first occurrence.
pub fn link(docs: &mut [Doc], rules: &CarriedRules) -> Vec<Chain> {
    // Owners and comparable text of every action, computed once.
    let keys: Vec<Vec<Key>> = docs
        .iter()
        .map(|d| {
            d.meeting
                .actions
                .iter()
                .map(|a| (owner_refs(a), comparable_text(&a.text, rules)))
                .collect()
        })
        .collect();
    // organisation → date → documents. A document that gave no action is
    // left out: it is no evidence that an action was closed. It is most
    // often a damaged file that yielded only its header (a `partial` read)
    // or minutes whose layout the rules did not follow, and counted as a
    // meeting it would break every chain across its date.
    let mut orgs: BTreeMap<&str, BTreeMap<&str, Vec<usize>>> = BTreeMap::new();
    for (i, d) in docs.iter().enumerate() {
        if d.meeting.actions.is_empty() {
            continue;
        }
        if let Some(date) = d.meeting.meeting_date.as_deref() {
            orgs.entry(d.meeting.organisation.as_str())
                .or_default()
                .entry(date)
                .or_default()
                .push(i);
        }
    }
    let mut chains: Vec<Vec<ActionPos>> = Vec::new();
    let mut chain_of: BTreeMap<ActionPos, usize> = BTreeMap::new();
    for dates in orgs.values() {
        let groups: Vec<&Vec<usize>> = dates.values().collect();
        for k in 1..groups.len() {
            for &di in groups[k] {
                // Each earlier action continues at most once per document.
                let mut used: BTreeSet<ActionPos> = BTreeSet::new();
                // Links made for this document: action → the one it continues.
                let mut continues: BTreeMap<usize, ActionPos> = BTreeMap::new();
                // Asks of everyone that matched but wanted more evidence.
                let mut waiting: Vec<(usize, ActionPos)> = Vec::new();
                let mut add = |prev: ActionPos, ai: usize, used: &mut BTreeSet<ActionPos>| {
                    used.insert(prev);
                    let c = *chain_of.entry(prev).or_insert_with(|| {
                        chains.push(vec![prev]);
                        chains.len() - 1
                    });
                    chains[c].push((di, ai));
                    chain_of.insert((di, ai), c);
                };
                for ai in 0..keys[di].len() {
                    let (owners, folded) = &keys[di][ai];
                    if owners.is_empty() || folded.is_empty() {
                        continue;
                    }
                    let by_owner = rules
                        .needs_evidence_for_owners
                        .iter()
                        .any(|o| owners.iter().any(|x| x.name.as_ref() == Some(o)));
                    let clause = docs[di].clause.get(ai).copied().unwrap_or(false);
                    let evidence = docs[di].evidence.get(ai).copied().unwrap_or(false);
                    if clause && !evidence {
                        continue;
                    }
                    let Some(prev) = best_match(&keys, &groups, k, rules, owners, folded, &used)
                    else {
                        continue;
                    };
                    // A standing ask of everyone counts as carried where the
                    // minutes say so, or (`same_item_is_evidence`) where it
                    // is minuted word for word under the same agenda item.
                    if by_owner && !evidence {
                        let same_item = rules.same_item_is_evidence
                            && keys[prev.0][prev.1].1 == *folded
                            && text::fold(&docs[prev.0].meeting.actions[prev.1].item_title)
                                == text::fold(&docs[di].meeting.actions[ai].item_title);
                        if !same_item {
                            waiting.push((ai, prev));
                            continue;
                        }
                    }
                    add(prev, ai, &mut used);
                    continues.insert(ai, prev);
                }
                // …or (`carried_neighbours_are_evidence`) where another
                // action of its item continues one of the same document.
                for (ai, prev) in waiting {
                    let a = &docs[di].meeting.actions[ai];
                    let neighbour = rules.carried_neighbours_are_evidence
                        && continues.iter().any(|(&aj, &p)| {
                            let b = &docs[di].meeting.actions[aj];
                            p.0 == prev.0 && b.item == a.item && b.item_title == a.item_title
                        });
                    if neighbour && !used.contains(&prev) {
                        add(prev, ai, &mut used);
                    }
                }
            }
        }
    }
    for links in &chains {
        resolve_in_chain(docs, links);
    }
    chains
        .into_iter()
        .map(|links| finish(docs, links))
        .collect()
}

/// Owners and comparable text of one action.
type Key = (Vec<ComparedOwner>, String);

/// The same action carried forward has the same owners: a token one
/// meeting left unresolved or ambiguous takes the name the other meetings
/// of the chain resolved it to, when they agree on one (and it is among the
/// candidates).
fn resolve_in_chain(docs: &mut [Doc], links: &[ActionPos]) {
    let mut names: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for &(di, ai) in links {
        for o in &docs[di].meeting.actions[ai].owners {
            if let (Resolution::Resolved { name }, false) = (&o.resolution, o.from_history) {
                names
                    .entry(text::fold(&o.token))
                    .or_default()
                    .insert(name.clone());
            }
        }
    }
    for &(di, ai) in links {
        let a = &mut docs[di].meeting.actions[ai];
        for o in &mut a.owners {
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
}

/// The earlier action that `owners`/`folded` continues: searched in the
/// nearest preceding meeting first; within a meeting, among the texts that
/// are near-same (similar enough, or one standing whole in the other) the
/// most similar wins, the first in reading order on a tie.
fn best_match(
    keys: &[Vec<Key>],
    groups: &[&Vec<usize>],
    k: usize,
    rules: &CarriedRules,
    owners: &[ComparedOwner],
    folded: &str,
    used: &BTreeSet<ActionPos>,
) -> Option<ActionPos> {
    let lo = k.saturating_sub(rules.previous_meetings);
    // The comparison of `folded` with each distinct earlier text, made
    // once: renderings of one meeting minute the same texts, and an archive
    // holding many would otherwise compare them again for every rendering.
    let mut compared: std::collections::HashMap<&str, (f64, bool)> =
        std::collections::HashMap::new();
    for g in (lo..k).rev() {
        let mut best: Option<(f64, ActionPos)> = None;
        for &dj in groups[g] {
            for (aj, (o, f)) in keys[dj].iter().enumerate() {
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

/// Writes the chain's fields onto its actions and describes it.
fn finish(docs: &mut [Doc], links: Vec<ActionPos>) -> Chain {
    let (d0, a0) = links[0];
    let first = &docs[d0].meeting;
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
    let first_raised = first.meeting_date.clone().unwrap_or_default();
    let mut chain = Chain {
        id: id.clone(),
        organisation: first.organisation.clone(),
        owners: first_action.shown_names(),
        text: first_action.text.clone(),
        first_raised: first_raised.clone(),
        last_seen: String::new(),
        meetings: Vec::with_capacity(links.len()),
        meeting_count: 0,
        days: 0,
    };
    for (n, &(di, ai)) in links.iter().enumerate() {
        let m = &mut docs[di].meeting;
        let date = m.meeting_date.clone().unwrap_or_default();
        let a = &mut m.actions[ai];
        a.chain = Some(id.clone());
        if n > 0 {
            a.carried_forward = true;
            a.first_date = Some(first_raised.clone());
        }
        chain.meetings.push(ChainLink {
            date: date.clone(),
            document: a.document.clone(),
            item: a.item.clone(),
            action_id: a.id.clone(),
        });
        chain.last_seen = date;
    }
    let mut dates: Vec<&str> = chain.meetings.iter().map(|l| l.date.as_str()).collect();
    dates.dedup();
    chain.meeting_count = dates.len() as u32;
    chain.days = super::status::days_between(&chain.first_raised, &chain.last_seen);
    chain
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
