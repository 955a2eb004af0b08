//! Rule files (`rules/*.toml`): everything that decides what a heading,
//! section, owner cell, label, date or clause is, kept as data so an officer
//! can adapt the tool to another body's minutes without touching Rust.
//!
//! Contract used by other stages:
//! - [`RuleSet::embedded`]: the default set, compiled into the binary (every
//!   `rules/*.toml` file is embedded by `build.rs`);
//! - [`RuleSet::load_dir`]`(&Path) -> Result<RuleSet, RuleError>` (`--rules
//!   DIR`): the set read from a folder at run time, replacing the defaults
//!   (no rebuild needed);
//! - [`RuleSet::hash`]: a stable hash of all rule files' text (run
//!   provenance); [`RuleSet::reading_hash`] the same of the files that
//!   shape a meeting record (the archive's cache key);
//! - [`RuleSet::file_text`]`(name)`: the raw text of one file (files this
//!   module does not know are kept as text only).
//!
//! The history stage's files (`history.toml`, `themes.toml`) are compiled
//! here too, into [`RuleSet::history`], so that they are checked with the
//! rest, before any document is read, and their errors read the same.
//!
//! Errors name the file, the line and the rule: a TOML syntax error gives the
//! line from the parser's span; a bad regex or value gives the line of the
//! offending value (every pattern is read as a `Spanned` string).

mod capped;
pub mod diff;
mod fold;
pub mod locate;
mod spec;
pub mod themes;

pub use fold::fold;
pub use themes::{DiscoverRules, Themes};

pub use capped::CappedRegex;
use regex::Regex;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::OnceLock;
use thiserror::Error;

include!(concat!(env!("OUT_DIR"), "/embedded_rules.rs"));

/// The rule files the `minutes` stage reads; each must be present in a
/// `--rules` folder.
pub const REQUIRED_FILES: &[&str] = &[
    "dates.toml",
    "decisions.toml",
    "header.toml",
    "items.toml",
    "labels.toml",
    "owners.toml",
    "people.toml",
    "sections.toml",
    "text.toml",
];

/// The rule files only the history stage reads, across documents and after
/// the archive's cache: they are left out of [`RuleSet::reading_hash`].
pub const HISTORY_FILES: &[&str] = &["history.toml", "themes.toml"];

/// blake3 (hex) of the name and text of each file `keep` accepts, in name
/// order: the one hash of rule files ([`RuleSet::hash`],
/// [`RuleSet::reading_hash`]).
fn hash_files(files: &BTreeMap<String, String>, keep: impl Fn(&str) -> bool) -> String {
    let mut hasher = blake3::Hasher::new();
    for (name, text) in files.iter().filter(|(n, _)| keep(n)) {
        hasher.update(name.as_bytes());
        hasher.update(&[0]);
        hasher.update(text.as_bytes());
        hasher.update(&[0]);
    }
    hasher.finalize().to_hex().to_string()
}

/// Why a rule set could not be built. Prints as one line naming the file,
/// the line and (where there is one) the rule.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum RuleError {
    #[error("{file}:{line}: syntax error: {message}")]
    Syntax {
        file: String,
        line: usize,
        message: String,
    },
    #[error("{file}:{line}: rule `{rule}`: {message}")]
    Rule {
        file: String,
        line: usize,
        rule: String,
        message: String,
    },
    #[error("{file}: {message}")]
    File { file: String, message: String },
}

/// Whether a heading starts an item, a sub-item of the current item, or an
/// unnumbered item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Item,
    Sub,
    Unnumbered,
}

/// How an item number and its sub part make the item key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Join {
    /// `4` + `b` -> `4b`
    Plain,
    /// `4` + `1` -> `4.1`
    Dot,
    /// A minute reference (`25/04`, `123/24`, `P/24/05`, `27b/1920`): `num`
    /// is the whole reference and the key is as printed (`sub` included),
    /// because councils number minutes across the year, not per meeting.
    /// Such headings are ordered by their digit groups; the first may start
    /// at any number.
    Ref,
}

#[derive(Debug, Clone)]
pub struct HeadingRule {
    pub name: String,
    pub level: Level,
    pub join: Join,
    pub re: Regex,
    pub split_title: Vec<String>,
    pub title_case: bool,
    /// The line must be printed in bold.
    pub bold: bool,
    /// Only used when no other heading rule finds an item anywhere.
    pub fallback: bool,
    /// A sub-item letter whose title runs into its paragraph (`(a) Bank
    /// accounts Bank of Scotland is now ...`, `d. All of these need ...`)
    /// still starts the sub-item: the title checks (length, sentence end,
    /// wrapping) do not reject it; the line is the sub-item's first text.
    pub run_in: bool,
    /// The number or letter stands apart from the title, a gap of at least
    /// a font size after it (`a    Footpath repairs`: a marker printed in a
    /// gutter of its own): without that gap the line is text (`a Council
    /// meeting` wrapped onto a new line).
    pub marker_gap: bool,
}

#[derive(Debug, Clone)]
pub struct ItemChecks {
    pub increasing: bool,
    pub max_jump: u32,
    pub max_indent: f32,
    pub max_title_words: usize,
    pub sentence_end: Regex,
    pub sub_end: Regex,
    pub reject_wrapped: bool,
}

#[derive(Debug, Clone)]
pub struct ItemRules {
    pub checks: ItemChecks,
    pub headings: Vec<HeadingRule>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum SectionKind {
    Present,
    InAttendance,
    Apologies,
    NextMeeting,
    End,
}

#[derive(Debug, Clone)]
pub struct SectionRule {
    pub name: String,
    pub kind: SectionKind,
    pub re: Regex,
}

#[derive(Debug, Clone)]
pub struct HeaderRules {
    /// Header lines that name who held an office at the meeting
    /// (`Clerked by Sian Ellery`, `Chair: Rowena Hale`): the role given to
    /// the person of each pattern's `name` group, so that an owner cell
    /// printing the role (`Clerk`) resolves to them.
    pub officers: Vec<(String, Regex)>,
    /// The `officers` patterns as one set: whether a line can name an
    /// officer at all, in one pass, before each pattern's captures run.
    pub officers_any: regex::RegexSet,
    pub org_from_title: Vec<Regex>,
    pub org_skip: Vec<Regex>,
    pub org_max_lines: usize,
    pub recase_longer_than: usize,
    /// Short words kept in lower case inside a name (`Board OF Governors`
    /// -> `Board of Governors`).
    pub lower_words: Vec<String>,
    /// Words refused as a name taken from a title (`Draft Minutes`).
    pub not_org: Regex,
    pub title: Vec<Regex>,
    pub date: Vec<Regex>,
    /// Words that say a document records a meeting (looked for at the top
    /// of page 1).
    pub minutes_words: Regex,
    /// Titles of documents that are not minutes (annual report, business
    /// plan, agenda).
    pub other_kinds: Regex,
    /// How many lines from the top of page 1 are looked at.
    pub top_lines: usize,
}

#[derive(Debug, Clone)]
pub struct NamedRegex {
    pub name: String,
    pub re: Regex,
}

#[derive(Debug, Clone)]
pub struct DateRules {
    /// Month names, January first, each lower-case.
    pub months: Vec<Vec<String>>,
    pub dates: Vec<NamedRegex>,
    /// Dates without a year (`17 December`, `end Dec`).
    pub partial: Vec<NamedRegex>,
    pub dues: Vec<NamedRegex>,
    pub next_meeting: Regex,
    pub end_of_month: Regex,
}

#[derive(Debug, Clone)]
pub struct ColumnRules {
    pub header: Regex,
    pub min_x: f32,
    pub align: f32,
    pub min_cells: usize,
    pub wrap_lines: f32,
    pub reach: f32,
}

#[derive(Debug, Clone)]
pub struct OwnerRules {
    pub column: ColumnRules,
    pub separators: Regex,
    pub all: Regex,
    pub markers: Regex,
    pub initials: Regex,
    pub weak_initials: Regex,
    pub groups: Regex,
    pub roles: Regex,
    pub name: Regex,
    /// Lower-case words that never occur in a name.
    pub not_names: BTreeSet<String>,
    pub max_len: usize,
    pub log: LogRules,
}

/// Action logs and trackers printed as tables (`Who | What | Status`,
/// `Ref | Action | By whom | By when`): what each header word names.
#[derive(Debug, Clone)]
pub struct LogRules {
    /// Header of the owner column (`Who`, `By whom`, `Person responsible`).
    pub owner: Regex,
    /// Header of the task column (`What`, `Action`, `Action items`).
    pub task: Regex,
    /// Header of the due column (`By when`, `Deadline`).
    pub due: Regex,
    /// Header of the status column.
    pub status: Regex,
    /// Header of a reference column whose cells name the minute (`Item`, `Ref`).
    pub reference: Regex,
    /// Header of a column that titles the row (`Agenda item`, `Meeting date`).
    pub title: Regex,
    /// A task cell starting with one of these starts a new row.
    pub bullet: Regex,
    /// Template text left in a cell (`Enter deadline here`): no value.
    pub placeholder: CappedRegex,
    /// Owners named at the start of a task whose owner cell is empty
    /// (`The Clerk is to forward ...`): group `owners`.
    pub subject: CappedRegex,
    /// Lines further apart than this many line pitches start a new row.
    pub row_gap: f32,
    /// Lines further apart than this many line pitches end the table.
    pub end_gap: f32,
    /// A line that ends the document's text (`[End of Minutes]`) or starts
    /// what follows the minutes (`Appendix`): it ends a log.
    pub end: Regex,
    /// Status words printed in an owner cell (`Ongoing CC`).
    pub status_words: Regex,
}

#[derive(Debug, Clone)]
pub struct LabelRule {
    pub name: String,
    pub re: Regex,
    pub strict: bool,
    /// The label names its owners before a colon and its task after it
    /// (`ACTION HP: Confirm the venue`): groups `owners` and `task`.
    pub owners_task: bool,
}

/// Action lists under a heading (`Actions`, `ACTIONS:`, `Action log`) and
/// the owner inside each list entry.
#[derive(Debug, Clone)]
pub struct ListRules {
    /// A paragraph of its own that opens a list of actions.
    pub heading: Regex,
    /// A heading that says the list restates earlier actions (a log).
    pub log_heading: Regex,
    /// An entry (or a clause of it) that starts with its owners.
    pub owner_first: Vec<CappedRegex>,
    /// An entry that names its owners later (`(XX)` at the end, `by XX`).
    pub owner_after: Vec<Regex>,
    /// What follows the owners of a passive clause (`Volunteers to be
    /// recruited`): they are not its actors.
    pub passive: Regex,
    /// A line giving the due date of the label above (`Due: 30 April`).
    pub due_line: Regex,
    /// A line giving the owners of the label above (`Owner: Claire`).
    pub owner_line: Regex,
    /// A paragraph marker that makes the paragraph an action entry outside
    /// any list (`→ JS to write to ...`).
    pub marker: Regex,
    /// Lower-case words that never make an owner in a label or list.
    pub not_owners: BTreeSet<String>,
}

/// How a child bullet or a trailing phrase reports an action's state.
#[derive(Debug, Clone)]
pub struct StatusRules {
    /// A paragraph that is only a status (`Action complete`).
    pub line: Regex,
    /// A status closing an entry's line (`... - done`).
    pub suffix: Regex,
    /// Class (`open` | `done` | `cancelled` | `reassigned`) by the words, first match wins.
    pub classes: Vec<(String, Regex)>,
}

#[derive(Debug, Clone)]
pub struct LabelRules {
    pub labels: Vec<LabelRule>,
    /// A clause that names its owners at the start (inferred actions).
    pub inferred: CappedRegex,
    pub max_chars: usize,
    pub lists: ListRules,
    pub status: StatusRules,
}

#[derive(Debug, Clone)]
pub struct TextRules {
    pub strong: Vec<Regex>,
    pub weak: Vec<Regex>,
    pub weak_after: usize,
    pub sentence_reach: usize,
    pub started_before: usize,
    pub sentence_end: Regex,
    pub abbreviations: Vec<String>,
    pub para_start: Vec<Regex>,
    pub strip_prefix: Regex,
    pub furniture: Vec<Regex>,
    pub repeat_min_pages: usize,
    pub band: f32,
}

/// How a clash of initials between attendees is settled, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClashRule {
    /// Keep the candidates whose plain initials are exactly the token.
    Exact,
    /// Drop candidates another token of the same document already names
    /// (`DPe` names Deana Perchard, so `DP` is David Parr).
    OtherTokens,
    /// Prefer the chair.
    Chair,
    /// Prefer the one listed first.
    First,
}

#[derive(Debug, Clone)]
pub struct PeopleRules {
    pub honorifics: Vec<String>,
    pub chair: Regex,
    pub initials: Regex,
    pub surname_prefixes: Vec<String>,
    pub list_separators: Regex,
    pub name: Regex,
    /// Lower-case entries that fill a list slot but are nobody (`None`).
    pub not_people: Vec<String>,
    pub clash: Vec<ClashRule>,
}

/// One way minutes label a decision (`RESOLVED:`, `AGREED`, `DECISION:`).
#[derive(Debug, Clone)]
pub struct DecisionRule {
    pub name: String,
    /// The class shown in the outputs (`resolved`, `agreed`, `decision`).
    pub kind: String,
    /// Tried from the start of a line; `rest` is where the text begins.
    pub re: Regex,
}

#[derive(Debug, Clone)]
pub struct DecisionRules {
    pub labels: Vec<DecisionRule>,
    /// Longest decision text kept.
    pub max_chars: usize,
}

/// Compiled carried-forward rules (`history.toml [carried_forward]`).
#[derive(Debug, Clone)]
pub struct CarriedRules {
    pub min_similarity: f64,
    /// 0: containment off.
    pub min_contained_words: usize,
    /// Removed from action texts before they are compared.
    pub ignore_in_text: Vec<Regex>,
    pub previous_meetings: usize,
    /// Resolved owner names (`all`, a group, a person) whose actions are
    /// carried forward only with evidence, folded by [`fold`] as
    /// `history::carried` folds each owner's resolved name before comparing.
    pub needs_evidence_for_owners: Vec<String>,
    pub evidence_item_titles: Vec<Regex>,
    pub evidence_phrases: Vec<Regex>,
    /// What the minute text ends with just before an action that starts
    /// inside a running sentence (such an action needs evidence).
    pub mid_sentence_before: Option<Regex>,
    /// For owners of `needs_evidence_for_owners`: the same text under the
    /// same agenda item title at the previous meeting is evidence enough.
    pub same_item_is_evidence: bool,
    /// For owners of `needs_evidence_for_owners`: another action of the
    /// same item carried forward from the same earlier document is
    /// evidence enough (the item restates that meeting's actions).
    pub carried_neighbours_are_evidence: bool,
    /// Folded words left out of the word sets compared (`min_similarity`).
    pub compare_stop_words: BTreeSet<String>,
}

/// Compiled recurring-item rules (`history.toml [recurring_items]`).
#[derive(Debug, Clone)]
pub struct RecurringRules {
    pub min_meetings: usize,
    /// Folded words dropped from titles before they are compared.
    pub ignore_words: Vec<String>,
}

/// Everything the history stage takes from `rules/`: `history.toml` and
/// `themes.toml`.
#[derive(Debug, Clone)]
pub struct HistoryRules {
    pub carried: CarriedRules,
    pub recurring: RecurringRules,
    pub themes: Themes,
}

/// The compiled rules (regexes built once).
#[derive(Debug, Clone)]
pub struct RuleSet {
    files: BTreeMap<String, String>,
    hash: String,
    reading_hash: String,
    pub items: ItemRules,
    pub sections: Vec<SectionRule>,
    /// Where the names are inside an apologies item's text.
    pub apologies_phrase: Regex,
    pub header: HeaderRules,
    pub dates: DateRules,
    pub owners: OwnerRules,
    pub labels: LabelRules,
    pub text: TextRules,
    pub people: PeopleRules,
    pub decisions: DecisionRules,
    /// The history stage's rules (`history.toml`, `themes.toml`; either may
    /// be left out: its defaults).
    pub history: HistoryRules,
}

impl RuleSet {
    /// The default rules compiled into the binary. They are checked by the
    /// test suite, so failing here is a build defect, not bad input.
    pub fn embedded() -> RuleSet {
        static CELL: OnceLock<RuleSet> = OnceLock::new();
        CELL.get_or_init(|| {
            let files = EMBEDDED
                .iter()
                .map(|(n, t)| (n.to_string(), t.to_string()))
                .collect();
            match RuleSet::from_files(files) {
                Ok(r) => r,
                Err(e) => panic!("embedded rules are invalid: {e}"),
            }
        })
        .clone()
    }

    /// Reads every `*.toml` file of `dir`. The files the `minutes` stage
    /// needs ([`REQUIRED_FILES`]) must all be there.
    pub fn load_dir(dir: &Path) -> Result<RuleSet, RuleError> {
        let label = dir.display().to_string();
        let rd = std::fs::read_dir(dir).map_err(|e| RuleError::File {
            file: label.clone(),
            message: format!("cannot read rules folder: {e}"),
        })?;
        let mut files = BTreeMap::new();
        for entry in rd.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if !name.ends_with(".toml") {
                continue;
            }
            // Regular files only, size capped: a FIFO, a device or a huge
            // sparse file named `*.toml` is an error, not a hang.
            let text =
                crate::smallfile::read_text(&entry.path(), crate::smallfile::MAX_CONFIG_BYTES)
                    .map_err(|e| RuleError::File {
                        file: entry.path().display().to_string(),
                        message: format!("cannot read: {e}"),
                    })?;
            files.insert(name, text);
        }
        RuleSet::from_files(files).map_err(|e| e.in_dir(dir))
    }

    /// Builds the set from file name -> text.
    pub fn from_files(files: BTreeMap<String, String>) -> Result<RuleSet, RuleError> {
        for f in REQUIRED_FILES {
            if !files.contains_key(*f) {
                return Err(RuleError::File {
                    file: f.to_string(),
                    message: "rule file missing".into(),
                });
            }
        }
        let get = |n: &str| files.get(n).map(String::as_str).unwrap_or("");
        let hash = hash_files(&files, |_| true)[..16].to_string();
        let reading_hash = hash_files(&files, |n| !HISTORY_FILES.contains(&n));
        // Compiling the ~140 rule regexes (Unicode classes make large
        // automata) is most of a start-up: each file's rules compile on a
        // thread of their own, so a scan or `actions` on two cores starts in
        // about half the time. Errors are reported in the same file order as
        // a serial compile would find them.
        let (dates, sections, items, header, owners, labels, text, people, decisions, history) =
            std::thread::scope(|s| {
                let dates = s.spawn(|| spec::dates(get("dates.toml")));
                let sections = s.spawn(|| spec::sections(get("sections.toml")));
                let items = s.spawn(|| spec::items(get("items.toml")));
                let header = s.spawn(|| spec::header(get("header.toml")));
                let owners = s.spawn(|| spec::owners(get("owners.toml")));
                let labels = s.spawn(|| spec::labels(get("labels.toml")));
                let text = s.spawn(|| spec::text(get("text.toml")));
                let people = s.spawn(|| spec::people(get("people.toml")));
                let decisions = s.spawn(|| spec::decisions(get("decisions.toml")));
                let history = s.spawn(|| spec::history(get("history.toml"), get("themes.toml")));
                (
                    joined(dates),
                    joined(sections),
                    joined(items),
                    joined(header),
                    joined(owners),
                    joined(labels),
                    joined(text),
                    joined(people),
                    joined(decisions),
                    joined(history),
                )
            });
        let dates = dates?;
        let (apologies_phrase, sections) = sections?;
        Ok(RuleSet {
            items: items?,
            sections,
            apologies_phrase,
            header: header?,
            owners: owners?,
            labels: labels?,
            text: text?,
            people: people?,
            decisions: decisions?,
            history: history?,
            dates,
            hash,
            reading_hash,
            files,
        })
    }

    /// A stable hash of every rule file's name and text (run provenance).
    pub fn hash(&self) -> &str {
        &self.hash
    }

    /// A stable hash of the rule files that shape a meeting record: all but
    /// [`HISTORY_FILES`] (the archive's cache key, so that tuning themes
    /// does not make every PDF be read again).
    pub fn reading_hash(&self) -> &str {
        &self.reading_hash
    }

    /// The raw text of one rule file, if the set has it.
    pub fn file_text(&self, name: &str) -> Option<&str> {
        self.files.get(name).map(String::as_str)
    }

    /// The names of all files in the set.
    pub fn file_names(&self) -> impl Iterator<Item = &str> {
        self.files.keys().map(String::as_str)
    }
}

impl RuleError {
    /// Prefixes the file name with the folder it was read from.
    fn in_dir(self, dir: &Path) -> RuleError {
        let p = |f: String| dir.join(f).display().to_string();
        match self {
            RuleError::Syntax {
                file,
                line,
                message,
            } => RuleError::Syntax {
                file: p(file),
                line,
                message,
            },
            RuleError::Rule {
                file,
                line,
                rule,
                message,
            } => RuleError::Rule {
                file: p(file),
                line,
                rule,
                message,
            },
            RuleError::File { file, message } => RuleError::File {
                file: p(file),
                message,
            },
        }
    }
}

#[cfg(test)]
mod tests;

/// A compile thread's result; a panic in it goes on in the caller.
fn joined<T>(h: std::thread::ScopedJoinHandle<'_, T>) -> T {
    h.join().unwrap_or_else(|p| std::panic::resume_unwind(p))
}
