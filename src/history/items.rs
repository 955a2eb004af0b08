//! Recurring agenda items: the same topic minuted meeting after meeting
//! (`Police and Crime Commissioner`, `Hate Crime Annual Figures`), found by
//! comparing normalised titles within an organisation.

use super::{meeting_key, text, Doc};
use crate::rules::RecurringRules;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::fs::File;
use std::io::{self, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::Path;

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

/// One normalised title's occurrences as tallied document by document:
/// the meetings, each printed form's count and first position, the date
/// span, and what `keep` returned for each occurrence, in document order.
struct Tally<H> {
    meetings: BTreeSet<(String, String)>,
    forms: BTreeMap<String, (usize, usize)>,
    first_date: Option<String>,
    last_date: Option<String>,
    kept: Vec<H>,
}

/// The recurring items' tallies, document by document (in output order).
/// A scan keeps the occurrences on disk ([`OccurrenceFile`]), so an
/// organisation's agenda items are never all held (an item minuted at
/// every meeting of a large body has tens of thousands of occurrences).
pub struct Tallies<H> {
    /// (organisation, normalised) → its tally.
    by_title: BTreeMap<(String, String), Tally<H>>,
}

impl<H> Default for Tallies<H> {
    fn default() -> Self {
        Tallies {
            by_title: BTreeMap::new(),
        }
    }
}

impl<H> Tallies<H> {
    /// Adds a document's items; each occurrence goes to `keep`, and what
    /// it returns is kept.
    pub fn add(
        &mut self,
        d: &Doc,
        rules: &RecurringRules,
        mut keep: impl FnMut(ItemOccurrence) -> io::Result<H>,
    ) -> io::Result<()> {
        let m = &d.meeting;
        let key = meeting_key(m);
        for it in &m.items {
            let norm = normalise_title(&it.title, rules);
            if norm.is_empty() {
                continue;
            }
            let t = self
                .by_title
                .entry((m.organisation.clone(), norm))
                .or_insert_with(|| Tally {
                    meetings: BTreeSet::new(),
                    forms: BTreeMap::new(),
                    first_date: None,
                    last_date: None,
                    kept: Vec::new(),
                });
            if !t.meetings.contains(&key) {
                t.meetings.insert(key.clone());
            }
            let n = t.kept.len();
            match t.forms.get_mut(&it.title) {
                Some(f) => f.0 += 1,
                None => {
                    t.forms.insert(it.title.clone(), (1, n));
                }
            }
            if let Some(date) = &m.meeting_date {
                if t.first_date.as_ref().is_none_or(|f| date < f) {
                    t.first_date = Some(date.clone());
                }
                if t.last_date.as_ref().is_none_or(|l| date > l) {
                    t.last_date = Some(date.clone());
                }
            }
            t.kept.push(keep(ItemOccurrence {
                date: m.meeting_date.clone(),
                document: m.document.clone(),
                item: it.item.clone(),
                title: it.title.clone(),
            })?);
        }
        Ok(())
    }

    /// The titles minuted at `min_meetings` meetings or more, each with
    /// its occurrences as kept.
    pub fn finish(self, rules: &RecurringRules) -> Vec<(RecurringItem, Vec<H>)> {
        let mut out = Vec::new();
        for ((organisation, normalised), t) in self.by_title {
            if t.meetings.len() < rules.min_meetings {
                continue;
            }
            // Most frequent printed form; the first seen on a tie.
            let title = t
                .forms
                .iter()
                .max_by(|a, b| a.1 .0.cmp(&b.1 .0).then(b.1 .1.cmp(&a.1 .1)))
                .map(|(t, _)| t.to_string())
                .unwrap_or_default();
            out.push((
                RecurringItem {
                    organisation,
                    title,
                    normalised,
                    count: t.meetings.len() as u32,
                    first_date: t.first_date,
                    last_date: t.last_date,
                    meetings: Vec::new(),
                },
                t.kept,
            ));
        }
        out
    }
}

/// Recurring items' occurrences on disk while one organisation's history
/// is built and written ([`super::build_spilling`]): each occurrence as a
/// line of JSON, and per recurring item (in the order of the history's
/// `recurring_items`) where its occurrences are. Memory holds 12 bytes per
/// occurrence instead of the occurrence.
pub struct OccurrenceFile {
    w: BufWriter<File>,
    len: u64,
    /// Per recurring item of the organisation being built: (offset,
    /// length) of each occurrence.
    items: Vec<Vec<(u64, u32)>>,
}

impl OccurrenceFile {
    /// A temporary file in `dir`.
    pub fn new(dir: &Path) -> io::Result<OccurrenceFile> {
        Ok(OccurrenceFile {
            w: BufWriter::new(tempfile::tempfile_in(dir)?),
            len: 0,
            items: Vec::new(),
        })
    }

    /// Appends one occurrence; where it is.
    fn push(&mut self, o: &ItemOccurrence) -> io::Result<(u64, u32)> {
        let line = serde_json::to_vec(o).map_err(io::Error::other)?;
        self.w.write_all(&line)?;
        let at = (self.len, line.len() as u32);
        self.len += line.len() as u64;
        Ok(at)
    }

    /// Forgets the occurrences of the organisation before and reuses the
    /// file.
    pub fn clear(&mut self) -> io::Result<()> {
        self.w.flush()?;
        self.w.get_mut().set_len(0)?;
        self.w.get_mut().seek(SeekFrom::Start(0))?;
        self.len = 0;
        self.items.clear();
        Ok(())
    }

    /// Appends one occurrence ([`Tallies::add`]'s `keep`); where it is.
    pub fn keep(&mut self, o: ItemOccurrence) -> io::Result<(u64, u32)> {
        self.push(&o)
    }

    /// The recurring items ([`Tallies::finish`] over occurrences kept
    /// here), with `meetings` empty: each item's occurrences are read back
    /// with [`OccurrenceFile::meetings`].
    pub fn items(&mut self, found: Vec<(RecurringItem, Vec<(u64, u32)>)>) -> Vec<RecurringItem> {
        let mut out = Vec::with_capacity(found.len());
        for (r, at) in found {
            out.push(r);
            self.items.push(at);
        }
        out
    }

    /// The occurrences of the `n`th recurring item of the last
    /// [`OccurrenceFile::items`], in document order.
    pub fn meetings(&mut self, n: usize) -> io::Result<Vec<ItemOccurrence>> {
        self.w.flush()?;
        let at = self.items.get(n).cloned().unwrap_or_default();
        let f = self.w.get_mut();
        let mut out = Vec::with_capacity(at.len());
        let mut buf = Vec::new();
        for (offset, len) in at {
            buf.resize(len as usize, 0);
            f.seek(SeekFrom::Start(offset))?;
            f.read_exact(&mut buf)?;
            out.push(serde_json::from_slice(&buf).map_err(io::Error::other)?);
        }
        f.seek(SeekFrom::End(0))?;
        Ok(out)
    }
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
