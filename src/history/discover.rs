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
use std::collections::{BTreeMap, BTreeSet};

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

/// Lower-case words of people's names in an organisation's meetings
/// (attendees, resolved owners, owner tokens as printed).
fn name_words(docs: &[&Doc]) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for d in docs {
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
        }
    }
    out.remove("");
    out
}

/// Runs of 2–3 content words in a folded text (a stop word, a name or a
/// word with digits breaks a run).
fn phrases(folded: &str, stop: &BTreeSet<String>, names: &BTreeSet<String>) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let mut run: Vec<&str> = Vec::new();
    let flush = |run: &mut Vec<&str>, out: &mut Vec<Vec<String>>| {
        for n in 2..=3 {
            for w in run.windows(n) {
                out.push(w.iter().map(|s| s.to_string()).collect());
            }
        }
        run.clear();
    };
    for w in folded.split(' ') {
        let content = w.chars().count() > 2
            && !w.chars().any(|c| c.is_ascii_digit())
            && !stop.contains(w)
            && !names.contains(w);
        if content {
            run.push(w);
        } else {
            flush(&mut run, &mut out);
        }
    }
    flush(&mut run, &mut out);
    out
}

/// Whether `needle` occurs as consecutive words of `hay`.
fn has_run(hay: &[&str], needle: &[String]) -> bool {
    !needle.is_empty()
        && hay
            .windows(needle.len())
            .any(|w| w.iter().zip(needle).all(|(a, b)| *a == b))
}

/// Discovers each organisation's themes from `docs`.
pub fn discover(
    docs: &[Doc],
    rules: &DiscoverRules,
    recurring: &RecurringRules,
    taxonomy: &Themes,
) -> Vec<DiscoveredTheme> {
    let mut by_org: BTreeMap<&str, Vec<&Doc>> = BTreeMap::new();
    for d in docs {
        by_org
            .entry(d.meeting.organisation.as_str())
            .or_default()
            .push(d);
    }
    let mut out = Vec::new();
    for (org, ds) in by_org {
        let years_of_org: BTreeSet<&str> = ds
            .iter()
            .filter_map(|d| d.meeting.meeting_date.as_deref().and_then(|x| x.get(..4)))
            .collect();
        // Undated meetings count no year: an organisation with no dated
        // meeting asks for none.
        let min_years = rules.min_years.min(years_of_org.len());
        // Recurring agenda items.
        // Normalised title → meetings, and how often each printed form.
        type Titles = BTreeMap<String, (BTreeSet<(String, String)>, BTreeMap<String, usize>)>;
        let mut titles: Titles = BTreeMap::new();
        for d in &ds {
            let key = meeting_key(&d.meeting);
            for it in &d.meeting.items {
                let t = if it.title.is_empty() {
                    it.parent_title.as_deref().unwrap_or("")
                } else {
                    &it.title
                };
                if rules.ignore_titles.iter().any(|r| r.is_match(t.trim())) {
                    continue;
                }
                let k = title_key(t, recurring);
                // A title the taxonomy already tags is one of its themes.
                if k.is_empty() || !taxonomy.find(&[t]).is_empty() {
                    continue;
                }
                let e = titles.entry(k).or_default();
                e.0.insert(key.clone());
                *e.1.entry(display_title(t)).or_default() += 1;
            }
        }
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
        let names = name_words(&ds);
        let org_folded = text::fold(org);
        let org_words: BTreeSet<&str> = org_folded.split(' ').filter(|w| !w.is_empty()).collect();
        // Phrase → meetings, years, distinct texts: an action minuted again
        // word for word is one text, not a recurring topic. Only the sizes
        // of the three sets are used, so they hold small ids and borrowed
        // texts, not a copy of the meeting key and the text per phrase.
        type Seen<'a> = (BTreeSet<usize>, BTreeSet<&'a str>, BTreeSet<&'a str>);
        let mut meeting_ids: BTreeMap<(String, String), usize> = BTreeMap::new();
        // Each distinct (meeting id, year, folded text): the sets below only
        // count distinct meetings, years and texts, so a text minuted again
        // in another rendering of the same meeting adds nothing and is kept
        // once (an archive holding many renderings does not hold them all).
        let mut folded_texts: BTreeSet<(usize, String, String)> = BTreeSet::new();
        for d in &ds {
            let next = meeting_ids.len();
            let id = *meeting_ids.entry(meeting_key(&d.meeting)).or_insert(next);
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
                folded_texts.insert((id, year.clone(), text::fold(t)));
            }
        }
        let mut seen: BTreeMap<Vec<String>, Seen> = BTreeMap::new();
        for (id, year, folded) in &folded_texts {
            for p in phrases(folded, &rules.stop_words, &names) {
                let e = seen.entry(p).or_default();
                e.0.insert(*id);
                if !year.is_empty() {
                    e.1.insert(year);
                }
                e.2.insert(folded);
            }
        }
        let mut cands: Vec<(usize, Vec<String>)> = seen
            .into_iter()
            .filter(|(_, (m, y, t))| {
                m.len() >= rules.min_meetings
                    && y.len() >= min_years
                    && t.len() >= rules.min_meetings
            })
            .map(|(p, (m, _, _))| (m.len(), p))
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
            // The body's own name (`Suffolk libraries` in the minutes of
            // the libraries' board) recurs everywhere and is no topic; a
            // possessive in the name folds to a trailing `s` (`Suffolk's`).
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

/// The words of each folded text.
fn split_words(folded: &[String]) -> Vec<Vec<&str>> {
    folded.iter().map(|f| f.split(' ').collect()).collect()
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
        // The title's key and each text's folded words are worked out once
        // per item or action, not once per theme.
        let matches = |f: &DiscoveredTheme, key: &str, words: &[Vec<&str>]| match &f.how {
            How::Title(k) => key == k,
            How::Phrase(p) => words.iter().any(|ws| has_run(ws, p)),
        };
        let folds =
            |texts: &[&str]| -> Vec<String> { texts.iter().map(|t| text::fold(t)).collect() };
        for it in &mut d.meeting.items {
            let title = if it.title.is_empty() {
                it.parent_title.clone().unwrap_or_default()
            } else {
                it.title.clone()
            };
            let key = title_key(&title, recurring);
            let folded = folds(&[&title]);
            let words = split_words(&folded);
            for f in &mine {
                if matches(f, &key, &words) && !it.themes.contains(&f.name) {
                    it.themes.push(f.name.clone());
                }
            }
        }
        for a in &mut d.meeting.actions {
            let key = title_key(&a.item_title, recurring);
            // The action's text, then its item's title.
            let folded = folds(&[&a.text, &a.item_title]);
            let words = split_words(&folded);
            for f in &mine {
                if matches(f, &key, &words) && !a.themes.contains(&f.name) {
                    a.themes.push(f.name.clone());
                }
            }
        }
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
