//! Synthetic meeting records for the history stage's unit tests.

use crate::model::{Action, Item, Meeting, Owner, Resolution};
use crate::rules::{HistoryRules, RuleSet};

pub fn rules() -> HistoryRules {
    RuleSet::embedded().history
}

pub fn meeting(org: &str, date: &str, doc: &str) -> Meeting {
    Meeting {
        action_cues: Vec::new(),
        document: doc.to_string(),
        duplicates: vec![],
        sha: String::new(),
        organisation: org.to_string(),
        title: format!("Action Points From {date}"),
        meeting_date: Some(date.to_string()),
        present: vec![],
        in_attendance: vec![],
        apologies: vec![],
        items: vec![],
        actions: vec![],
        decisions: vec![],
        next_meeting: None,
        pages: 1,
        scanned_pages: vec![],
        unmapped_glyphs: 0,
        warnings: vec![],
    }
}

pub fn item(key: &str, title: &str, text: &str) -> Item {
    Item {
        item: key.to_string(),
        number: key.trim_end_matches(char::is_alphabetic).to_string(),
        sub: None,
        title: title.to_string(),
        parent_title: None,
        text: text.to_string(),
        page: 1,
        themes: vec![],
    }
}

/// An action of `m` under item `key` (title taken from `m.items`); each
/// owner is a token and its resolved name (`None`: unresolved; token `ALL`:
/// everyone).
pub fn action(m: &Meeting, key: &str, text: &str, owners: &[(&str, Option<&str>)]) -> Action {
    let title = m
        .items
        .iter()
        .find(|i| i.item == key)
        .map(|i| i.title.clone())
        .unwrap_or_default();
    let owners: Vec<Owner> = owners
        .iter()
        .map(|(t, n)| Owner {
            token: t.to_string(),
            resolution: match (t, n) {
                (&"ALL", _) => Resolution::All,
                (_, Some(n)) => Resolution::Resolved {
                    name: n.to_string(),
                },
                (_, None) => Resolution::Unresolved,
            },
            from_history: false,
        })
        .collect();
    Action {
        id: format!("{}#{}#{}", m.document, m.actions.len(), key),
        document: m.document.clone(),
        organisation: m.organisation.clone(),
        meeting_date: m.meeting_date.clone(),
        item: key.to_string(),
        item_title: title,
        owners,
        markers: vec![],
        text: text.to_string(),
        page: 1,
        due: None,
        inferred: false,
        source: Default::default(),
        same_as: None,
        status: None,
        status_text: None,
        themes: vec![],
        chain: None,
        carried_forward: false,
        first_date: None,
        track: Default::default(),
    }
}

/// A document of the history stage: `m` with its evidence prepared as the
/// scan prepares it.
pub fn doc(mut m: Meeting) -> super::Doc {
    let evidence = super::prepare(&mut m, &rules());
    super::Doc {
        meeting: m,
        evidence,
        clause: vec![],
    }
}

/// An owner token with the person it resolves to, as the tests use it.
pub const DP: (&str, Option<&str>) = ("DP", Some("David Parr"));

/// The documents of [`two_organisations`] of one organisation (`org`:
/// "Board" or "Panel"), as a scan gives the history one organisation at a
/// time.
pub fn of_organisation(org: &str) -> Vec<super::Doc> {
    two_organisations()
        .into_iter()
        .filter(|d| d.meeting.organisation == org)
        .collect()
}

/// Meetings of two organisations over three dates, with what every part of
/// the history links: actions carried forward (and a copy of one
/// meeting), the same person in both organisations, an unresolved token,
/// recurring and themed items, and a meeting without a date.
pub fn two_organisations() -> Vec<super::Doc> {
    let mut docs = Vec::new();
    for org in ["Board", "Panel"] {
        for (n, date) in ["2015-01-10", "2016-03-10", "2016-03-10", "2017-06-10"]
            .iter()
            .enumerate()
        {
            let mut m = meeting(org, date, &format!("{org}/{n}.pdf"));
            m.items
                .push(item("3", "Hate Crime Annual Figures", "Figures noted."));
            m.items.push(item("4", "Domestic Abuse", "Report noted."));
            m.actions.push(action(
                &m,
                "3",
                "DP to circulate the hate crime figures",
                &[DP],
            ));
            m.actions.push(action(
                &m,
                "4",
                &format!("SS to book the venue for event {n}"),
                &[("SS", None)],
            ));
            docs.push(doc(m));
        }
        let mut m = meeting(org, "", &format!("{org}/undated.pdf"));
        m.meeting_date = None;
        m.items.push(item("1", "Hate Crime Annual Figures", ""));
        m.actions.push(action(
            &m,
            "1",
            "MA to report",
            &[("MA", Some("Mike Andrews"))],
        ));
        docs.push(doc(m));
    }
    docs
}
