//! Whether the rules fit the archive: the documents that gave no action,
//! those that print an Action column, a log or action labels yet gave no
//! action (the surest sign the rules miss the body's convention), and the
//! owner tokens never resolved to a person. The scan's summary line,
//! `run.json` and `report.html` all say it the same way, and point to
//! `minutes explain` for one document.

use serde::Serialize;
use std::collections::BTreeMap;

/// An owner token that no meeting of its organisation resolved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Unresolved {
    pub organisation: String,
    pub token: String,
    /// The first document (in output order) that prints it.
    pub document: String,
    /// Actions it owns.
    pub actions: usize,
}

/// The fit of the rules to one scan.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Fit {
    /// Meetings read.
    pub documents: usize,
    /// Documents that gave no action, sorted.
    pub no_actions: Vec<String>,
    /// Documents that print signs of actions but gave none read from a
    /// column, label, list or log, with those signs; sorted.
    pub signs_unread: Vec<(String, Vec<String>)>,
    /// Owner tokens never resolved, by organisation and token.
    pub unresolved: Vec<Unresolved>,
}

/// Collects a [`Fit`] one meeting and one owner at a time.
#[derive(Debug, Default)]
pub struct FitBuilder {
    actions: BTreeMap<String, usize>,
    meetings: Vec<(String, Vec<String>)>,
    unresolved: BTreeMap<(String, String), Unresolved>,
    resolved: std::collections::BTreeSet<(String, String)>,
}

impl FitBuilder {
    /// A meeting read: its document and the signs of actions its reading
    /// found unread (`action_cues` of the record).
    pub fn meeting(&mut self, document: &str, cues: &[String]) {
        self.meetings.push((document.to_string(), cues.to_vec()));
    }

    /// One owner of an action of `document`; `resolved` when it names a
    /// person, everyone or a group.
    pub fn owner(&mut self, document: &str, organisation: &str, token: &str, resolved: bool) {
        let key = (organisation.to_string(), token.to_string());
        if resolved {
            self.resolved.insert(key);
            return;
        }
        self.unresolved
            .entry(key)
            .or_insert_with(|| Unresolved {
                organisation: organisation.to_string(),
                token: token.to_string(),
                document: document.to_string(),
                actions: 0,
            })
            .actions += 1;
    }

    /// One action of `document`.
    pub fn action(&mut self, document: &str) {
        *self.actions.entry(document.to_string()).or_default() += 1;
    }

    pub fn finish(self) -> Fit {
        let mut no_actions: Vec<String> = self
            .meetings
            .iter()
            .filter(|(d, _)| !self.actions.contains_key(d))
            .map(|(d, _)| d.clone())
            .collect();
        no_actions.sort();
        no_actions.dedup();
        let mut signs_unread: Vec<(String, Vec<String>)> = self
            .meetings
            .iter()
            .filter(|(_, c)| !c.is_empty())
            .cloned()
            .collect();
        signs_unread.sort();
        signs_unread.dedup();
        // A token resolved in one meeting but not another (history resolves
        // most of those) still counts where it stayed unresolved.
        let unresolved = self.unresolved.into_values().collect();
        Fit {
            documents: self.meetings.len(),
            no_actions,
            signs_unread,
            unresolved,
        }
    }
}

impl Fit {
    /// The document to run `minutes explain` on first: one that shows
    /// actions the rules did not read, else one that gave none, else the
    /// first with an owner never resolved.
    pub fn example(&self) -> Option<&str> {
        self.signs_unread
            .first()
            .map(|(d, _)| d.as_str())
            .or(self.no_actions.first().map(String::as_str))
            .or(self.unresolved.first().map(|u| u.document.as_str()))
    }

    /// The summary sentence (`37 of 120 documents gave no actions; ...; e.g.
    /// minutes explain "2019/March.pdf"`).
    pub fn sentence(&self) -> String {
        let mut parts = vec![format!(
            "{} of {} documents gave no actions",
            self.no_actions.len(),
            self.documents
        )];
        parts.push(format!(
            "{} {} an Action column, log or action labels but no action was read",
            self.signs_unread.len(),
            if self.signs_unread.len() == 1 {
                "shows"
            } else {
                "show"
            }
        ));
        parts.push(format!(
            "{} owner {} never resolved",
            self.unresolved.len(),
            if self.unresolved.len() == 1 {
                "token was"
            } else {
                "tokens were"
            }
        ));
        let mut s = parts.join(", ");
        if let Some(d) = self.example() {
            s.push_str(&format!("; e.g. minutes explain {}", quote(d)));
        }
        s
    }
}

/// A path quoted for a shell when it needs it.
pub fn quote(path: &str) -> String {
    let plain = path
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "/._-+,:@".contains(c));
    if plain && !path.is_empty() {
        path.to_string()
    } else {
        format!("'{}'", path.replace('\'', r"'\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_documents_signs_and_tokens_and_names_an_example() {
        let mut b = FitBuilder::default();
        b.meeting("a.pdf", &[]);
        b.meeting(
            "b.pdf",
            &["Action column header \"Action\" (page 1)".into()],
        );
        b.meeting("c d.pdf", &[]);
        b.action("a.pdf");
        b.owner("a.pdf", "Org", "XY", false);
        b.owner("a.pdf", "Org", "JS", true);
        let f = b.finish();
        assert_eq!(f.no_actions, vec!["b.pdf", "c d.pdf"]);
        assert_eq!(f.signs_unread.len(), 1);
        assert_eq!(f.unresolved.len(), 1);
        assert_eq!(f.example(), Some("b.pdf"));
        assert_eq!(
            f.sentence(),
            "2 of 3 documents gave no actions, 1 shows an Action column, log or action labels but no action was read, 1 owner token was never resolved; e.g. minutes explain b.pdf"
        );
        assert_eq!(quote("c d.pdf"), "'c d.pdf'");
    }
}
