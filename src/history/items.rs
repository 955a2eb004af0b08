//! Recurring agenda items: the same topic minuted meeting after meeting
//! (`Police and Crime Commissioner`, `Hate Crime Annual Figures`), found by
//! comparing normalised titles within an organisation.

use super::{meeting_key, text, Doc};
use crate::rules::RecurringRules;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// An agenda item minuted at several meetings of one organisation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RecurringItem {
    pub organisation: String,
    /// The title as most often printed.
    pub title: String,
    /// The normalised title the meetings share.
    pub normalised: String,
    /// Distinct meetings that minuted it.
    pub count: u32,
    #[serde(default)]
    pub first_date: Option<String>,
    #[serde(default)]
    pub last_date: Option<String>,
    pub meetings: Vec<ItemOccurrence>,
}

/// One meeting's item with a recurring title.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemOccurrence {
    #[serde(default)]
    pub date: Option<String>,
    pub document: String,
    /// Item key as numbered in that meeting (`4b`).
    pub item: String,
    pub title: String,
}

/// Lower case, punctuation dropped, words with digits dropped (numbering,
/// years), and the rules' `ignore_words` dropped: `Additional Agenda Item :
/// Hate Crime Annual Figures` and `7) Hate Crime Annual Figures` agree.
pub fn normalise_title(title: &str, rules: &RecurringRules) -> String {
    let folded = text::fold(title);
    folded
        .split(' ')
        .filter(|w| !w.is_empty() && !w.chars().any(|c| c.is_ascii_digit()))
        .filter(|w| !rules.ignore_words.iter().any(|x| x == w))
        .collect::<Vec<_>>()
        .join(" ")
}

/// An occurrence and the meeting it belongs to (see `meeting_key`).
type Seen = (ItemOccurrence, (String, String));

/// Recurring items per organisation, in organisation then title order.
pub fn recurring(docs: &[Doc], rules: &RecurringRules) -> Vec<RecurringItem> {
    // (organisation, normalised) → occurrences in document order.
    let mut by_title: BTreeMap<(String, String), Vec<Seen>> = BTreeMap::new();
    for d in docs {
        let m = &d.meeting;
        let key = meeting_key(m);
        for it in &m.items {
            let norm = normalise_title(&it.title, rules);
            if norm.is_empty() {
                continue;
            }
            by_title
                .entry((m.organisation.clone(), norm))
                .or_default()
                .push((
                    ItemOccurrence {
                        date: m.meeting_date.clone(),
                        document: m.document.clone(),
                        item: it.item.clone(),
                        title: it.title.clone(),
                    },
                    key.clone(),
                ));
        }
    }
    let mut out = Vec::new();
    for ((organisation, normalised), occ) in by_title {
        let meetings: BTreeSet<&(String, String)> = occ.iter().map(|(_, k)| k).collect();
        if meetings.len() < rules.min_meetings {
            continue;
        }
        // Most frequent printed form; the first seen on a tie.
        let mut counts: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
        for (i, (o, _)) in occ.iter().enumerate() {
            counts.entry(&o.title).or_insert((0, i)).0 += 1;
        }
        let title = counts
            .iter()
            .max_by(|a, b| a.1 .0.cmp(&b.1 .0).then(b.1 .1.cmp(&a.1 .1)))
            .map(|(t, _)| t.to_string())
            .unwrap_or_default();
        let dates: BTreeSet<&String> = occ.iter().filter_map(|(o, _)| o.date.as_ref()).collect();
        out.push(RecurringItem {
            organisation,
            title,
            normalised,
            count: meetings.len() as u32,
            first_date: dates.first().map(|d| d.to_string()),
            last_date: dates.last().map(|d| d.to_string()),
            meetings: occ.into_iter().map(|(o, _)| o).collect(),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::testkit::*;
    use super::super::{build, Doc};
    use super::*;

    #[test]
    fn titles_normalise_numbers_punctuation_and_filler_words() {
        let r = rules().recurring;
        assert_eq!(
            normalise_title("Additional Agenda Item : Hate Crime Annual Figures", &r),
            "hate crime annual figures"
        );
        assert_eq!(
            normalise_title("Hate Crime Annual Figures 2016:", &r),
            "hate crime annual figures"
        );
        assert_eq!(normalise_title("4)", &r), "");
    }

    #[test]
    fn items_recur_within_an_organisation_only() {
        let mut docs = Vec::new();
        for (org, date, title) in [
            ("B", "2016-01-01", "Police and Crime Commissioner"),
            ("B", "2016-04-01", "Police and Crime Commissioner:"),
            ("B", "2016-07-01", "Police & Crime Commissioner"),
            ("B", "2016-07-01", "AOB"),
            ("C", "2016-07-01", "AOB"),
        ] {
            let mut m = meeting(org, date, &format!("{org}-{date}-{title}.pdf"));
            m.items.push(item("5", title, ""));
            docs.push(Doc {
                meeting: m,
                evidence: vec![],
                clause: vec![],
            });
        }
        let h = build(&mut docs, &rules());
        assert_eq!(h.recurring_items.len(), 1, "{:?}", h.recurring_items);
        let r = &h.recurring_items[0];
        assert_eq!(r.normalised, "police and crime commissioner");
        assert_eq!(r.count, 2);
        assert_eq!(r.title, "Police and Crime Commissioner");
        assert_eq!(r.first_date.as_deref(), Some("2016-01-01"));
        assert_eq!(r.last_date.as_deref(), Some("2016-04-01"));
    }
}
