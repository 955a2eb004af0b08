//! Themes discovered from the archive itself, per organisation, so that a
//! body the taxonomy (`rules/themes.toml`) was not written for still gets
//! its recurring topics:
//!
//! - **recurring agenda items** by normalised title (bracketed remarks,
//!   numbers and list words dropped: `Finance Report (standing item)` =
//!   `Finance report`) minuted at `min_meetings` meetings or more, except
//!   procedural items (apologies, minutes of the last meeting, AOB …);
//! - **key phrases** of two or three words over item titles and action
//!   texts, stop words and people's names removed, that recur at
//!   `min_meetings` meetings over `min_years` years.
//!
//! Every discovered theme is named as printed (the most frequent form) and
//! tags the items and actions it was found in, like a taxonomy theme; its
//! statistics say `source: discovered` and the organisation.

use super::{items, meeting_key, text, Doc};
use crate::rules::{DiscoverRules, RecurringRules, Themes};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// One discovered theme: its name, organisation and how it is recognised.
#[derive(Debug, Clone, PartialEq)]
pub struct DiscoveredTheme {
    pub organisation: String,
    pub name: String,
    pub how: How,
}

#[derive(Debug, Clone, PartialEq)]
pub enum How {
    /// Items whose normalised title is this.
    Title(String),
    /// Texts whose folded words hold this run of words.
    Phrase(Vec<String>),
}

/// A title as compared: bracketed remarks dropped, then normalised.
fn title_key(title: &str, rules: &RecurringRules) -> String {
    let mut s = String::with_capacity(title.len());
    let mut depth = 0usize;
    for c in title.chars() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth = depth.saturating_sub(1),
            c if depth == 0 => s.push(c),
            _ => {}
        }
    }
    items::normalise_title(&s, rules)
}

/// The printed title without its bracketed remark, white space folded.
fn display_title(title: &str) -> String {
    let cut = title.find(['(', '[']).map(|i| &title[..i]).unwrap_or(title);
    let t = cut
        .split_whitespace()
        .filter(|w| !w.chars().any(|c| c.is_ascii_digit()))
        .collect::<Vec<_>>()
        .join(" ");
    t.trim_end_matches([':', '-', '–', '.', ' ']).to_string()
}

/// Adds the lower-case words of people's names in a meeting (attendees,
/// resolved owners, owner tokens as printed) to `out`; the owners of a
/// chained action that its chain may yet resolve go to `deferred`.
fn add_name_words(
    out: &mut BTreeSet<String>,
    deferred: &mut Vec<(String, crate::model::Owner)>,
    d: &Doc,
) {
    use crate::model::Resolution;
    let m = &d.meeting;
    let people = m.present.iter().chain(&m.in_attendance);
    for p in people {
        out.extend(text::fold(&p.name).split(' ').map(str::to_string));
        if let Some(i) = &p.initials {
            out.insert(text::fold(i));
        }
    }
    for a in &m.actions {
        for o in &a.owners {
            let open = matches!(
                o.resolution,
                Resolution::Unresolved | Resolution::Ambiguous { .. }
            );
            match &a.chain {
                Some(c) if open => deferred.push((c.clone(), o.clone())),
                _ => add_owner_words(out, o),
            }
        }
    }
}

fn add_owner_words(out: &mut BTreeSet<String>, o: &crate::model::Owner) {
    if let Some(n) = o.name().filter(|n| *n != "ALL") {
        out.extend(text::fold(n).split(' ').map(str::to_string));
    }
    out.insert(text::fold(&o.token));
    if let crate::model::Resolution::Ambiguous { candidates } = &o.resolution {
        for c in candidates {
            out.extend(text::fold(c).split(' ').map(str::to_string));
        }
    }
}

/// Whether a word of a folded text may be part of a key phrase: more than
/// two letters, no digit, neither a stop word nor a word of a name (any
/// other word breaks a run of content words).
fn is_content(w: &str, stop: &BTreeSet<String>, names: &BTreeSet<String>) -> bool {
    w.chars().count() > 2
        && !w.chars().any(|c| c.is_ascii_digit())
        && !stop.contains(w)
        && !names.contains(w)
}

/// A key phrase of two or three words as word ids; a two-word phrase has
/// [`NO_WORD`] third.
type Phrase = [u32; 3];
const NO_WORD: u32 = u32::MAX;

/// Small ids for distinct strings, in order of first sight.
#[derive(Default)]
struct Interner<'a> {
    ids: HashMap<&'a str, u32>,
    strs: Vec<&'a str>,
}

impl<'a> Interner<'a> {
    fn id(&mut self, s: &'a str) -> u32 {
        let next = self.strs.len() as u32;
        let id = *self.ids.entry(s).or_insert(next);
        if id == next {
            self.strs.push(s);
        }
        id
    }

    fn word(&self, id: u32) -> &'a str {
        self.strs[id as usize]
    }
}

/// Where one phrase was seen: meeting ids, year ids and text ids, each
/// counted once. An action minuted again word for word is one text, not a
/// recurring topic.
#[derive(Default)]
struct Seen {
    meetings: Vec<u32>,
    years: Vec<u32>,
    texts: Vec<u32>,
}

impl Seen {
    fn add(&mut self, meeting: u32, year: Option<u32>, text: u32) {
        // The same phrase twice in a row (twice in one text, or in two
        // texts of one meeting) is kept once as it comes; `counts` removes
        // the repeats that are not in a row.
        let push = |v: &mut Vec<u32>, x: u32| {
            if v.last() != Some(&x) {
                v.push(x);
            }
        };
        push(&mut self.meetings, meeting);
        if let Some(y) = year {
            push(&mut self.years, y);
        }
        push(&mut self.texts, text);
    }

    /// Distinct meetings, years and texts.
    fn counts(mut self) -> (usize, usize, usize) {
        let distinct = |v: &mut Vec<u32>| {
            v.sort_unstable();
            v.dedup();
            v.len()
        };
        (
            distinct(&mut self.meetings),
            distinct(&mut self.years),
            distinct(&mut self.texts),
        )
    }
}

/// Whether `needle` occurs as consecutive words of `hay`.
fn has_run(hay: &[&str], needle: &[String]) -> bool {
    !needle.is_empty()
        && hay
            .windows(needle.len())
            .any(|w| w.iter().zip(needle).all(|(a, b)| *a == b))
}

/// Normalised title → meetings, and how often each printed form.
type Titles = BTreeMap<String, (BTreeSet<(String, String)>, BTreeMap<String, usize>)>;

/// What discovery tallies of one organisation's meetings, document by
/// document.
#[derive(Default)]
struct OrgTally {
    years: BTreeSet<String>,
    titles: Titles,
    /// Each distinct title's key (none when it is not a candidate).
    keys: HashMap<String, Option<String>>,
    names: BTreeSet<String>,
    meeting_ids: BTreeMap<(String, String), usize>,
    /// Owners of chained actions that their meetings left unresolved or
    /// ambiguous, by chain: the chain may resolve them
    /// ([`super::carried::resolve_in_chain`]), which changes the name
    /// words they give, and is known only once every meeting is linked.
    deferred: Vec<(String, crate::model::Owner)>,
    /// Each distinct (meeting id, year, folded text): the phrase counts
    /// below only count distinct meetings, years and texts, so a text
    /// minuted again in another rendering of the same meeting adds nothing
    /// and is kept once (an archive holding many renderings does not hold
    /// them all).
    folded_texts: BTreeSet<(usize, String, String)>,
}

/// Discovers each organisation's themes from its meetings: a stream of
/// documents in output order ([`Discovery::add`], once their chains are
/// linked), then [`Discovery::finish`].
#[derive(Default)]
pub struct Discovery {
    orgs: BTreeMap<String, OrgTally>,
}

impl Discovery {
    pub fn add(
        &mut self,
        d: &Doc,
        rules: &DiscoverRules,
        recurring: &RecurringRules,
        taxonomy: &Themes,
    ) {
        let o = self.orgs.entry(d.meeting.organisation.clone()).or_default();
        if let Some(y) = d.meeting.meeting_date.as_deref().and_then(|x| x.get(..4)) {
            o.years.insert(y.to_string());
        }
        // Recurring agenda items.
        let key = meeting_key(&d.meeting);
        for it in &d.meeting.items {
            let t = if it.title.is_empty() {
                it.parent_title.as_deref().unwrap_or("")
            } else {
                &it.title
            };
            // The same title at many meetings is judged once.
            if !o.keys.contains_key(t) {
                let k = if rules.ignore_titles.iter().any(|r| r.is_match(t.trim())) {
                    None
                } else {
                    let k = title_key(t, recurring);
                    // A title the taxonomy already tags is one of its themes.
                    (!k.is_empty() && taxonomy.find(&[t]).is_empty()).then_some(k)
                };
                o.keys.insert(t.to_string(), k);
            }
            let Some(k) = o.keys[t].clone() else {
                continue;
            };
            let e = o.titles.entry(k).or_default();
            e.0.insert(key.clone());
            *e.1.entry(display_title(t)).or_default() += 1;
        }
        add_name_words(&mut o.names, &mut o.deferred, d);
        let next = o.meeting_ids.len();
        let id = *o.meeting_ids.entry(key).or_insert(next);
        let year = d
            .meeting
            .meeting_date
            .as_deref()
            .and_then(|x| x.get(..4))
            .unwrap_or("")
            .to_string();
        // Carried-forward actions were counted where first minuted.
        let texts = d.meeting.items.iter().map(|i| i.title.as_str()).chain(
            d.meeting
                .actions
                .iter()
                .filter(|a| !a.carried_forward)
                .map(|a| a.text.as_str()),
        );
        for t in texts {
            o.folded_texts.insert((id, year.clone(), text::fold(t)));
        }
    }

    /// The themes found, by organisation. `chains`: the names each chain
    /// gave its owner tokens ([`super::carried::Linker::chains`]).
    pub fn finish(
        self,
        rules: &DiscoverRules,
        taxonomy: &Themes,
        chains: &HashMap<String, super::carried::ChainNames>,
    ) -> Vec<DiscoveredTheme> {
        let mut out = Vec::new();
        for (org, o) in self.orgs {
            let org = org.as_str();
            let OrgTally {
                years,
                titles,
                mut names,
                folded_texts,
                deferred,
                ..
            } = o;
            for (chain, mut owner) in deferred {
                if let Some(n) = chains.get(&chain) {
                    super::carried::resolve_in_chain(std::slice::from_mut(&mut owner), n);
                }
                add_owner_words(&mut names, &owner);
            }
            names.remove("");
            // Undated meetings count no year: an organisation with no dated
            // meeting asks for none.
            let min_years = rules.min_years.min(years.len());
            let mut found_titles: Vec<String> = Vec::new();
            for (k, (meetings, forms)) in &titles {
                if meetings.len() < rules.min_meetings {
                    continue;
                }
                let name = forms
                    .iter()
                    .max_by(|a, b| a.1.cmp(b.1).then(a.0.cmp(b.0)))
                    .map(|(f, _)| f.clone())
                    .unwrap_or_else(|| k.clone());
                found_titles.push(k.clone());
                out.push(DiscoveredTheme {
                    organisation: org.to_string(),
                    name,
                    how: How::Title(k.clone()),
                });
            }
            // Key phrases over item titles and action texts.
            let org_folded = text::fold(org);
            let org_words: BTreeSet<&str> =
                org_folded.split(' ').filter(|w| !w.is_empty()).collect();
            // Phrase → the meetings, years and distinct texts it was seen in,
            // over words as small ids: each distinct word is tested (a content
            // word or not) once, and a phrase is a key of three ids rather than
            // a vector of strings.
            let mut words = Interner::default();
            let mut content: Vec<bool> = Vec::new();
            let mut texts = Interner::default();
            let mut years = Interner::default();
            let mut seen: HashMap<Phrase, Seen> = HashMap::new();
            let mut run: Vec<u32> = Vec::new();
            for (id, year, folded) in &folded_texts {
                let (id, text) = (*id as u32, texts.id(folded));
                let year = (!year.is_empty()).then(|| years.id(year));
                let mut note = |run: &[u32]| {
                    for n in 2..=3 {
                        for w in run.windows(n) {
                            let key = [w[0], w[1], w.get(2).copied().unwrap_or(NO_WORD)];
                            seen.entry(key).or_default().add(id, year, text);
                        }
                    }
                };
                run.clear();
                for w in folded.split(' ') {
                    let wid = words.id(w);
                    if wid as usize == content.len() {
                        content.push(is_content(w, &rules.stop_words, &names));
                    }
                    if content[wid as usize] {
                        run.push(wid);
                    } else {
                        note(&run);
                        run.clear();
                    }
                }
                note(&run);
            }
            let mut cands: Vec<(usize, Vec<String>)> = seen
                .into_iter()
                .filter_map(|(p, s)| {
                    let (m, y, t) = s.counts();
                    (m >= rules.min_meetings && y >= min_years && t >= rules.min_meetings).then(
                        || {
                            let words = p
                                .iter()
                                .filter(|&&w| w != NO_WORD)
                                .map(|&w| words.word(w).to_string())
                                .collect();
                            (m, words)
                        },
                    )
                })
                .collect();
            // Most meetings first, longer phrases before their parts.
            cands.sort_by(|a, b| {
                b.0.cmp(&a.0)
                    .then(b.1.len().cmp(&a.1.len()))
                    .then(a.1.cmp(&b.1))
            });
            // Phrases a taxonomy theme names, and their parts, are its theme.
            let said: Vec<Vec<String>> = cands
                .iter()
                .filter(|(_, p)| !taxonomy.find(&[&p.join(" ")]).is_empty())
                .map(|(_, p)| p.clone())
                .collect();
            let mut picked: Vec<(usize, Vec<String>)> = Vec::new();
            for (n, p) in cands {
                let in_said = said.iter().any(|q| {
                    let qs: Vec<&str> = q.iter().map(String::as_str).collect();
                    has_run(&qs, &p)
                });
                if in_said {
                    continue;
                }
                if picked.len() >= rules.max_phrases {
                    break;
                }
                let joined = p.join(" ");
                // A recurring item's title or a taxonomy theme already says it.
                if found_titles
                    .iter()
                    .any(|t| format!(" {t} ").contains(&format!(" {joined} ")))
                {
                    continue;
                }
                if !taxonomy.find(&[&joined]).is_empty()
                    || rules.ignore_titles.iter().any(|r| r.is_match(&joined))
                {
                    continue;
                }
                // The body's own name (`Wexbury libraries` in the minutes of
                // the libraries' board) recurs everywhere and is no topic; a
                // possessive in the name folds to a trailing `s` (`Wexbury's`).
                if p.iter().all(|w| {
                    org_words.contains(w.as_str()) || org_words.contains(format!("{w}s").as_str())
                }) {
                    continue;
                }
                // Part of (or holding) a phrase already picked at about as many
                // meetings: the same topic.
                let overlaps = picked.iter().any(|(m, q)| {
                    let qs: Vec<&str> = q.iter().map(String::as_str).collect();
                    let ps: Vec<&str> = p.iter().map(String::as_str).collect();
                    (has_run(&qs, &p) || has_run(&ps, q)) && n * 10 <= *m * 13
                });
                if overlaps {
                    continue;
                }
                picked.push((n, p));
            }
            for (_, p) in picked {
                let mut name = p.join(" ");
                if let Some(c) = name.get(..1) {
                    name = c.to_uppercase() + &name[1..];
                }
                out.push(DiscoveredTheme {
                    organisation: org.to_string(),
                    name,
                    how: How::Phrase(p),
                });
            }
        }
        out
    }
}

/// Tags the items and actions of `docs` with the discovered themes of
/// their organisation (after the taxonomy themes, in discovery order).
pub fn tag(docs: &mut [Doc], found: &[DiscoveredTheme], recurring: &RecurringRules) {
    for d in docs.iter_mut() {
        let org = d.meeting.organisation.clone();
        let mine: Vec<&DiscoveredTheme> = found.iter().filter(|f| f.organisation == org).collect();
        if mine.is_empty() {
            continue;
        }
        // Each distinct title's key and folded form, worked out once: an
        // item's title is also the item title of each of its actions, and
        // a title is matched against every theme.
        let mut titles: HashMap<String, (String, String)> = HashMap::new();
        let m = &d.meeting;
        let all = m
            .items
            .iter()
            .map(item_title)
            .chain(m.actions.iter().map(|a| a.item_title.as_str()));
        for t in all {
            if !titles.contains_key(t) {
                titles.insert(t.to_string(), (title_key(t, recurring), text::fold(t)));
            }
        }
        let matches = |f: &DiscoveredTheme, key: &str, words: &[&[&str]]| match &f.how {
            How::Title(k) => key == k,
            How::Phrase(p) => words.iter().any(|ws| has_run(ws, p)),
        };
        for it in &mut d.meeting.items {
            let (key, folded) = &titles[item_title(it)];
            let words: Vec<&str> = folded.split(' ').collect();
            for f in &mine {
                if matches(f, key, &[&words]) && !it.themes.contains(&f.name) {
                    it.themes.push(f.name.clone());
                }
            }
        }
        for a in &mut d.meeting.actions {
            let (key, folded_title) = &titles[a.item_title.as_str()];
            // The action's text, then its item's title.
            let folded = text::fold(&a.text);
            let words: Vec<&str> = folded.split(' ').collect();
            let title_words: Vec<&str> = folded_title.split(' ').collect();
            for f in &mine {
                if matches(f, key, &[&words, &title_words]) && !a.themes.contains(&f.name) {
                    a.themes.push(f.name.clone());
                }
            }
        }
    }
}

/// An item's title as tagged: its own, or its parent's when it has none.
fn item_title(it: &crate::model::Item) -> &str {
    if it.title.is_empty() {
        it.parent_title.as_deref().unwrap_or("")
    } else {
        &it.title
    }
}

#[cfg(test)]
mod tests {
    use super::super::build;
    use super::super::testkit::*;

    #[test]
    fn recurring_titles_and_phrases_of_a_body_without_taxonomy() {
        let rules = rules();
        let mut docs = Vec::new();
        let dates = ["2023-01-10", "2023-06-10", "2024-01-10", "2024-06-10"];
        for (n, date) in dates.iter().enumerate() {
            let mut m = meeting("Student’s Society", date, &format!("{date}.pdf"));
            m.present.push(crate::model::Person {
                name: "Robin Example".into(),
                title: None,
                role: None,
                initials: Some("RE".into()),
                chair: false,
            });
            m.items.push(item("1", "Apologies", ""));
            let t = if n % 2 == 0 {
                "Finance Report (standing item)"
            } else {
                "Finance report"
            };
            m.items.push(item("2", t, ""));
            m.items.push(item("3", &format!("Social events {n}"), ""));
            m.items.push(item("4", "AOB", ""));
            m.actions.push(action(
                &m,
                "3",
                &format!(
                    "Robin to book the games night venue with the students union \
                     for the student society, night {n}"
                ),
                // Other owners each time: not one action carried forward.
                &[if n % 2 == 0 {
                    ("Robin", Some("Robin Example"))
                } else {
                    ("SS", Some("Sam Sample"))
                }],
            ));
            docs.push(doc(m));
        }
        let h = build(&mut docs, &rules);
        let found: Vec<(&str, &str)> = h
            .themes
            .iter()
            .filter(|t| t.source == "discovered")
            .map(|t| (t.theme.as_str(), t.organisation.as_deref().unwrap_or("")))
            .collect();
        assert!(
            found.contains(&("Finance report", "Student’s Society")),
            "{found:?}"
        );
        assert!(
            found.contains(&("Social events", "Student’s Society")),
            "{found:?}"
        );
        assert!(
            found
                .iter()
                .any(|(t, _)| t.to_lowercase().contains("games night")),
            "{found:?}"
        );
        assert!(
            !found
                .iter()
                .any(|(t, _)| t.contains("robin") || t.contains("Apolog") || *t == "AOB"),
            "{found:?}"
        );
        // The body's own name is no topic.
        assert!(
            !found
                .iter()
                .any(|(t, _)| t.eq_ignore_ascii_case("student society")),
            "{found:?}"
        );
        let fin = h
            .themes
            .iter()
            .find(|t| t.theme == "Finance report")
            .unwrap();
        assert_eq!((fin.meetings, fin.per_year.get("2023")), (4, Some(&2)));
        assert!(docs[0].meeting.items[1]
            .themes
            .contains(&"Finance report".to_string()));
        assert!(docs[3].meeting.actions[0]
            .themes
            .iter()
            .any(|t| t.to_lowercase().contains("games night")));
        // Taxonomy themes with no meeting are still in history.json, marked so.
        assert!(h
            .themes
            .iter()
            .any(|t| t.source == "taxonomy" && t.meetings == 0));
    }
}
