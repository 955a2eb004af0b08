//! People across meetings: initials one meeting could not resolve (the
//! person was not in its Present list) are resolved from the other meetings
//! of the same organisation when they name exactly one person there; and
//! each person's actions are gathered over time under their resolved name,
//! so `DP` joins across meetings only when it is the same person.

use super::{text, Doc};
use crate::model::{Owner, Resolution};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// One resolved person's actions over time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PersonHistory {
    pub name: String,
    /// Initials the minutes used for them.
    pub tokens: Vec<String>,
    pub organisations: Vec<String>,
    pub actions: Vec<PersonAction>,
    /// Of which carried forward from an earlier meeting.
    pub carried: u32,
    #[serde(default)]
    pub first_date: Option<String>,
    #[serde(default)]
    pub last_date: Option<String>,
    /// Actions per year of the meeting date.
    pub per_year: BTreeMap<String, u32>,
}

/// One action in a person's or token's timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonAction {
    #[serde(default)]
    pub date: Option<String>,
    pub organisation: String,
    pub document: String,
    pub item: String,
    pub action_id: String,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub carried_forward: bool,
}

/// Owner initials that stayed unresolved or ambiguous, per organisation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UnresolvedOwner {
    pub token: String,
    pub organisation: String,
    /// `unresolved` or `ambiguous`.
    pub status: String,
    /// For ambiguous initials, every candidate any meeting listed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub candidates: Vec<String>,
    pub actions: Vec<PersonAction>,
}

/// Resolves `Unresolved` owner tokens from other meetings of the same
/// organisation: where the token resolved (or was printed beside a name in
/// a Present list) to exactly one person across them. Marks the owner
/// `from_history`. Learnt from every document ([`Known::learn`], the
/// history's first pass), then applied to each ([`Known::apply`]).
#[derive(Default)]
pub struct Known {
    names: BTreeMap<(String, String), BTreeSet<String>>,
}

impl Known {
    pub fn learn(&mut self, d: &Doc) {
        let m = &d.meeting;
        let org = &m.organisation;
        for p in m.present.iter().chain(&m.in_attendance) {
            if let Some(ini) = &p.initials {
                self.names
                    .entry((org.clone(), ini.clone()))
                    .or_default()
                    .insert(p.name.clone());
            }
        }
        for a in &m.actions {
            for o in &a.owners {
                if let (Resolution::Resolved { name }, false) = (&o.resolution, o.from_history) {
                    self.names
                        .entry((org.clone(), o.token.clone()))
                        .or_default()
                        .insert(name.clone());
                }
            }
        }
    }

    pub fn apply(&self, d: &mut Doc) {
        let m = &mut d.meeting;
        for a in &mut m.actions {
            for o in &mut a.owners {
                if o.resolution != Resolution::Unresolved {
                    continue;
                }
                let Some(names) = self.names.get(&(m.organisation.clone(), o.token.clone())) else {
                    continue;
                };
                if names.len() != 1 {
                    continue;
                }
                let Some(name) = names.first().cloned() else {
                    continue;
                };
                set_resolved(o, name);
            }
        }
    }
}

/// Resolves owner `o` to `name` from other meetings: marks it
/// `from_history` (its `owner_names` entry follows).
pub fn set_resolved(o: &mut Owner, name: String) {
    o.resolution = Resolution::Resolved { name };
    o.from_history = true;
}

/// Each resolved person's timeline (by name, folded), and the tokens that
/// stayed unresolved or ambiguous (by organisation and token).
#[derive(Default)]
pub struct Timelines {
    people: BTreeMap<String, PersonHistory>,
    tokens: BTreeMap<String, BTreeSet<String>>,
    orgs: BTreeMap<String, BTreeSet<String>>,
    unresolved: BTreeMap<(String, String, String), UnresolvedOwner>,
}

impl Timelines {
    /// Adds a document's actions (documents in output order).
    pub fn add(&mut self, d: &Doc) {
        let Timelines {
            people,
            tokens,
            orgs,
            unresolved,
        } = self;
        {
            let m = &d.meeting;
            for a in &m.actions {
                let entry = PersonAction {
                    date: m.meeting_date.clone(),
                    organisation: m.organisation.clone(),
                    document: a.document.clone(),
                    item: a.item.clone(),
                    action_id: a.id.clone(),
                    carried_forward: a.carried_forward,
                };
                // One entry per person per action even if listed twice.
                let mut seen = BTreeSet::new();
                for o in &a.owners {
                    match &o.resolution {
                        Resolution::Resolved { name } => {
                            let key = text::fold(name);
                            if !seen.insert(key.clone()) {
                                continue;
                            }
                            tokens
                                .entry(key.clone())
                                .or_default()
                                .insert(o.token.clone());
                            orgs.entry(key.clone())
                                .or_default()
                                .insert(m.organisation.clone());
                            let p = people.entry(key).or_insert_with(|| PersonHistory {
                                name: name.clone(),
                                tokens: vec![],
                                organisations: vec![],
                                actions: vec![],
                                carried: 0,
                                first_date: None,
                                last_date: None,
                                per_year: BTreeMap::new(),
                            });
                            p.actions.push(entry.clone());
                        }
                        Resolution::Ambiguous { candidates } => {
                            let u = unresolved
                                .entry((
                                    m.organisation.clone(),
                                    o.token.clone(),
                                    "ambiguous".into(),
                                ))
                                .or_insert_with(|| {
                                    new_unresolved(&o.token, &m.organisation, "ambiguous")
                                });
                            for c in candidates {
                                if !u.candidates.contains(c) {
                                    u.candidates.push(c.clone());
                                }
                            }
                            u.actions.push(entry.clone());
                        }
                        Resolution::Unresolved => unresolved
                            .entry((m.organisation.clone(), o.token.clone(), "unresolved".into()))
                            .or_insert_with(|| {
                                new_unresolved(&o.token, &m.organisation, "unresolved")
                            })
                            .actions
                            .push(entry.clone()),
                        Resolution::All | Resolution::Group { .. } => {}
                    }
                }
            }
        }
    }

    /// Each person's timeline (by name, folded) and the tokens left
    /// unresolved or ambiguous (by organisation and token).
    pub fn finish(self) -> (Vec<PersonHistory>, Vec<UnresolvedOwner>) {
        let Timelines {
            people,
            mut tokens,
            mut orgs,
            unresolved,
        } = self;
        let people = people
            .into_iter()
            .map(|(key, mut p)| {
                p.tokens = tokens
                    .remove(&key)
                    .unwrap_or_default()
                    .into_iter()
                    .collect();
                p.organisations = orgs.remove(&key).unwrap_or_default().into_iter().collect();
                p.carried = p.actions.iter().filter(|a| a.carried_forward).count() as u32;
                let dates: BTreeSet<&String> =
                    p.actions.iter().filter_map(|a| a.date.as_ref()).collect();
                p.first_date = dates.first().map(|d| d.to_string());
                p.last_date = dates.last().map(|d| d.to_string());
                for a in &p.actions {
                    if let Some(d) = &a.date {
                        *p.per_year
                            .entry(d.get(..4).unwrap_or(d).to_string())
                            .or_default() += 1;
                    }
                }
                p
            })
            .collect();
        let unresolved = unresolved
            .into_values()
            .map(|mut u| {
                u.candidates.sort();
                u
            })
            .collect();
        (people, unresolved)
    }
}

/// Adds one organisation's people (from [`Timelines`] over its documents)
/// to those of the organisations before it in output order: the same
/// person (folded name) is one timeline, their actions in output order,
/// tokens and organisations joined, counts and dates over both.
pub fn merge_people(into: &mut Vec<PersonHistory>, part: Vec<PersonHistory>) {
    if into.is_empty() {
        *into = part;
        return;
    }
    let mut all: BTreeMap<String, PersonHistory> = std::mem::take(into)
        .into_iter()
        .map(|p| (person_key(&p), p))
        .collect();
    for p in part {
        match all.get_mut(&person_key(&p)) {
            Some(x) => merge_person(x, p),
            None => {
                all.insert(person_key(&p), p);
            }
        }
    }
    *into = all.into_values().collect();
}

/// The key of a person's timeline: the folded name (`people` is in this
/// order).
pub fn person_key(p: &PersonHistory) -> String {
    text::fold(&p.name)
}

/// Adds `p`, the same person's timeline in a later organisation, to `x`.
pub fn merge_person(x: &mut PersonHistory, p: PersonHistory) {
    let union = |a: &mut Vec<String>, b: Vec<String>| {
        let set: BTreeSet<String> = std::mem::take(a).into_iter().chain(b).collect();
        *a = set.into_iter().collect();
    };
    union(&mut x.tokens, p.tokens);
    union(&mut x.organisations, p.organisations);
    x.actions.extend(p.actions);
    x.carried += p.carried;
    super::add_span(
        (&mut x.first_date, &mut x.last_date, &mut x.per_year),
        (p.first_date, p.last_date, p.per_year),
    );
}

fn new_unresolved(token: &str, org: &str, status: &str) -> UnresolvedOwner {
    UnresolvedOwner {
        token: token.to_string(),
        organisation: org.to_string(),
        status: status.to_string(),
        candidates: vec![],
        actions: vec![],
    }
}

#[cfg(test)]
mod tests {
    use super::super::testkit::*;
    use super::super::{build, Doc};
    use crate::model::{Meeting, Resolution};

    fn doc(m: Meeting) -> Doc {
        Doc {
            meeting: m,
            evidence: vec![],
            clause: vec![],
        }
    }

    #[test]
    fn unresolved_initials_resolve_from_other_meetings_of_the_organisation() {
        let mut a = meeting("B", "2016-01-01", "a.pdf");
        a.actions.push(action(
            &a,
            "",
            "NE to update the group.",
            &[("NE", Some("Neil Ellwood"))],
        ));
        let mut b = meeting("B", "2016-04-01", "b.pdf");
        b.actions.push(action(
            &b,
            "",
            "NE and XY to report.",
            &[("NE", None), ("XY", None)],
        ));
        let mut other = meeting("C", "2016-04-01", "c.pdf");
        other
            .actions
            .push(action(&other, "", "NE to report.", &[("NE", None)]));
        let mut docs = vec![doc(a), doc(b), doc(other)];
        let h = build(&mut docs, &rules());
        let b = &docs[1].meeting.actions[0];
        assert_eq!(
            b.owner_names().collect::<Vec<_>>(),
            [Some("Neil Ellwood"), None]
        );
        assert!(b.owners[0].from_history);
        assert_eq!(
            b.owners[0].resolution,
            Resolution::Resolved {
                name: "Neil Ellwood".into()
            }
        );
        assert_eq!(b.owners[1].resolution, Resolution::Unresolved);
        // Another organisation's NE is not resolved from board B.
        assert_eq!(
            docs[2].meeting.actions[0].owner_names().collect::<Vec<_>>(),
            [None]
        );
        let ne = h.people.iter().find(|p| p.name == "Neil Ellwood").unwrap();
        assert_eq!(ne.actions.len(), 2);
        assert_eq!(ne.per_year.get("2016"), Some(&2));
        let un: Vec<_> = h
            .unresolved_owners
            .iter()
            .map(|u| (u.organisation.as_str(), u.token.as_str()))
            .collect();
        assert_eq!(un, [("B", "XY"), ("C", "NE")]);
    }

    #[test]
    fn initials_two_people_share_do_not_join_them() {
        let mut a = meeting("B", "2016-01-01", "a.pdf");
        a.actions.push(action(
            &a,
            "",
            "DP to write.",
            &[("DP", Some("David Parr"))],
        ));
        let mut b = meeting("B", "2016-04-01", "b.pdf");
        b.actions.push(action(
            &b,
            "",
            "DP to phone.",
            &[("DP", Some("Deana Perchard"))],
        ));
        let mut c = meeting("B", "2016-07-01", "c.pdf");
        c.actions
            .push(action(&c, "", "DP to visit.", &[("DP", None)]));
        let mut docs = vec![doc(a), doc(b), doc(c)];
        let h = build(&mut docs, &rules());
        let names: Vec<_> = h
            .people
            .iter()
            .map(|p| (p.name.as_str(), p.actions.len()))
            .collect();
        assert_eq!(names, [("David Parr", 1), ("Deana Perchard", 1)]);
        // DP named two people in board B: stays unresolved.
        assert_eq!(
            docs[2].meeting.actions[0].owner_names().collect::<Vec<_>>(),
            [None]
        );
        assert_eq!(h.unresolved_owners.len(), 1);
    }
}
