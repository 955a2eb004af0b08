//! The history's archive-wide lists, spilled to disk as a scan builds them
//! one organisation at a time, and `history.json` streamed from them.
//!
//! Chains, recurring items and unresolved owners belong to one
//! organisation each, so each organisation's are written out as soon as its
//! history is built, already in their place in `history.json`'s order. A
//! person's timeline spans organisations: what stays in memory is its
//! heading (name, tokens, counts, dates) and where each organisation's
//! stretch of its actions is on disk. The themes (a fixed list and each
//! organisation's discovered ones) stay in memory. So memory holds per
//! person and per theme, never per action or per item.
//!
//! The pieces are JSON as `serde_json`'s pretty printer writes them at
//! their depth in the file (a piece printed alone, with each line
//! indented), so the file is byte for byte what printing the whole history
//! at once gives.

use crate::history::items::RecurringItem;
use crate::history::owners::{self, PersonHistory};
use crate::history::{self, History, ThemeStats};
use serde::Serialize;
use std::collections::BTreeMap;
use std::fs::File;
use std::io::{self, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::Path;

/// `v` as pretty JSON with every line indented by `indent` spaces (JSON
/// strings hold no raw newline, so this is exactly how `v` prints at that
/// depth).
fn pretty_at<T: Serialize>(v: &T, indent: usize) -> io::Result<String> {
    let s = serde_json::to_string_pretty(v).map_err(io::Error::other)?;
    let pad = " ".repeat(indent);
    Ok(format!("{pad}{}", s.replace('\n', &format!("\n{pad}"))))
}

/// The elements of one JSON array, in a temporary file, separated as the
/// pretty printer separates them.
struct Elements {
    w: BufWriter<File>,
    count: usize,
}

impl Elements {
    fn new(dir: &Path) -> io::Result<Elements> {
        Ok(Elements {
            w: BufWriter::new(tempfile::tempfile_in(dir)?),
            count: 0,
        })
    }

    /// Appends one element, printed at `indent`.
    fn push<T: Serialize>(&mut self, v: &T, indent: usize) -> io::Result<()> {
        if self.count > 0 {
            self.w.write_all(b",\n")?;
        }
        self.w.write_all(pretty_at(v, indent)?.as_bytes())?;
        self.count += 1;
        Ok(())
    }

    /// Writes the array (`[]` when empty) whose closing bracket is at
    /// `indent`.
    fn write_array(self, out: &mut dyn Write, indent: usize) -> io::Result<()> {
        if self.count == 0 {
            return out.write_all(b"[]");
        }
        let mut f = self.w.into_inner().map_err(|e| e.into_error())?;
        f.seek(SeekFrom::Start(0))?;
        out.write_all(b"[\n")?;
        io::copy(&mut f, out)?;
        write!(out, "\n{}]", " ".repeat(indent))
    }
}

/// A person's heading (its `actions` empty) and where each organisation's
/// stretch of its actions is in the actions file.
struct Person {
    heading: PersonHistory,
    stretches: Vec<(u64, u64)>,
}

/// See the module documentation.
pub struct HistorySpill {
    chains: Elements,
    recurring_items: Elements,
    unresolved_owners: Elements,
    /// Each person's actions, a stretch per organisation, each printed at
    /// its depth in `history.json`.
    person_actions: BufWriter<File>,
    person_actions_len: u64,
    people: BTreeMap<String, Person>,
    themes: Vec<ThemeStats>,
    min_meetings: usize,
}

/// Depth of the elements of `history.json`'s lists (`"chains": [` is at 2).
const ELEMENT: usize = 4;
/// Depth of a person's actions.
const PERSON_ACTION: usize = 8;

impl HistorySpill {
    /// Temporary files in `dir`; `min_meetings` is the themes'
    /// `recurring_min_meetings`.
    pub fn new(dir: &Path, min_meetings: usize) -> io::Result<HistorySpill> {
        Ok(HistorySpill {
            chains: Elements::new(dir)?,
            recurring_items: Elements::new(dir)?,
            unresolved_owners: Elements::new(dir)?,
            person_actions: BufWriter::new(tempfile::tempfile_in(dir)?),
            person_actions_len: 0,
            people: BTreeMap::new(),
            themes: Vec::new(),
            min_meetings,
        })
    }

    /// Carried-forward chains so far.
    pub fn chains(&self) -> usize {
        self.chains.count
    }

    /// Adds one recurring item of the next organisation, before
    /// [`HistorySpill::add`] adds the rest of its history (whose
    /// `recurring_items` are then those after it, if any).
    pub fn add_recurring(&mut self, r: &RecurringItem) -> io::Result<()> {
        self.recurring_items.push(r, ELEMENT)
    }

    /// Adds the next organisation's history (in output order); what
    /// [`History::merge`] would add, written out instead of held.
    pub fn add(&mut self, part: History) -> io::Result<()> {
        for c in &part.chains {
            self.chains.push(c, ELEMENT)?;
        }
        for r in &part.recurring_items {
            self.recurring_items.push(r, ELEMENT)?;
        }
        for u in &part.unresolved_owners {
            self.unresolved_owners.push(u, ELEMENT)?;
        }
        for mut p in part.people {
            let actions = std::mem::take(&mut p.actions);
            let mut text = String::new();
            for (n, a) in actions.iter().enumerate() {
                if n > 0 {
                    text.push_str(",\n");
                }
                text.push_str(&pretty_at(a, PERSON_ACTION)?);
            }
            self.person_actions.write_all(text.as_bytes())?;
            let stretch = (self.person_actions_len, text.len() as u64);
            self.person_actions_len += text.len() as u64;
            match self.people.get_mut(&owners::person_key(&p)) {
                Some(x) => {
                    owners::merge_person(&mut x.heading, p);
                    x.stretches.push(stretch);
                }
                None => {
                    self.people.insert(
                        owners::person_key(&p),
                        Person {
                            heading: p,
                            stretches: vec![stretch],
                        },
                    );
                }
            }
        }
        history::merge_themes(&mut self.themes, part.themes, self.min_meetings);
        Ok(())
    }

    /// The themes over the whole archive (for `themes.csv` and the
    /// database).
    pub fn themes(&self) -> &[ThemeStats] {
        &self.themes
    }

    /// Writes `history.json`: what `output::json` gives for the merged
    /// history.
    pub fn write_json(mut self, out: &mut dyn Write) -> io::Result<()> {
        // The file with its lists empty, then each list put in its place.
        let skeleton = History {
            themes: std::mem::take(&mut self.themes),
            ..History::default()
        };
        let text = serde_json::to_string_pretty(&skeleton).map_err(io::Error::other)?;
        let mut lists = [
            ("chains", Some(self.chains)),
            ("recurring_items", Some(self.recurring_items)),
            ("people", None),
            ("unresolved_owners", Some(self.unresolved_owners)),
        ];
        let mut rest = text.as_str();
        for (name, elements) in &mut lists {
            let hole = format!("\n  \"{name}\": []");
            let at = rest
                .find(&hole)
                .ok_or_else(|| io::Error::other(format!("history.json: no {name} list")))?;
            let (head, tail) = rest.split_at(at + hole.len() - 2);
            out.write_all(head.as_bytes())?;
            rest = &tail[2..];
            match elements.take() {
                Some(e) => e.write_array(out, 2)?,
                None => write_people(&self.people, &mut self.person_actions, out)?,
            }
        }
        out.write_all(rest.as_bytes())?;
        out.write_all(b"\n")
    }
}

/// The `people` array: each heading with its actions put back from the
/// stretches on disk.
fn write_people(
    people: &BTreeMap<String, Person>,
    actions: &mut BufWriter<File>,
    out: &mut dyn Write,
) -> io::Result<()> {
    if people.is_empty() {
        return out.write_all(b"[]");
    }
    actions.flush()?;
    let f = actions.get_mut();
    out.write_all(b"[\n")?;
    let hole = "\n      \"actions\": []";
    for (n, p) in people.values().enumerate() {
        if n > 0 {
            out.write_all(b",\n")?;
        }
        let text = pretty_at(&p.heading, ELEMENT)?;
        let at = text
            .find(hole)
            .ok_or_else(|| io::Error::other("history.json: a person without actions"))?;
        let (head, tail) = text.split_at(at + hole.len() - 2);
        out.write_all(head.as_bytes())?;
        out.write_all(b"[\n")?;
        for (k, &(offset, len)) in p.stretches.iter().enumerate() {
            if k > 0 {
                out.write_all(b",\n")?;
            }
            f.seek(SeekFrom::Start(offset))?;
            io::copy(&mut (&mut *f).take(len), out)?;
        }
        write!(out, "\n      ]")?;
        out.write_all(&tail.as_bytes()[2..])?;
    }
    out.write_all(b"\n  ]")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::history::testkit::{of_organisation, rules};

    /// `history.json` streamed from the spilled lists is byte for byte the
    /// merged history printed at once, with its lists full and empty.
    #[test]
    fn the_streamed_history_json_is_the_history_printed_at_once() {
        let rules = rules();
        let min = rules.themes.recurring_min_meetings;
        let dir = tempfile::tempdir().unwrap();
        let mut spill = HistorySpill::new(dir.path(), min).unwrap();
        let mut merged = History::default();
        for org in ["Board", "Panel"] {
            let mut docs = of_organisation(org);
            let part = history::build(&mut docs, &rules);
            merged.merge(part.clone(), min);
            spill.add(part).unwrap();
        }
        assert_eq!(spill.chains(), merged.chains.len());
        assert_eq!(spill.themes(), merged.themes.as_slice());
        let mut expected = Vec::new();
        crate::output::json(&mut expected, &merged).unwrap();
        let mut got = Vec::new();
        spill.write_json(&mut got).unwrap();
        assert_eq!(
            String::from_utf8(got).unwrap(),
            String::from_utf8(expected).unwrap()
        );

        let empty = HistorySpill::new(dir.path(), min).unwrap();
        let mut expected = Vec::new();
        crate::output::json(&mut expected, &History::default()).unwrap();
        let mut got = Vec::new();
        empty.write_json(&mut got).unwrap();
        assert_eq!(got, expected);
    }
}
