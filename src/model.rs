//! The meeting record: what the `minutes` stage gives for one document and
//! what `history` and `output` consume. Serialised field names are part of
//! the public output format (`actions.jsonl`, `meetings.jsonl`) and of the
//! contract with the scorer `../shared/tools/score.py` (`document`, `item`,
//! `owners`, `text`, `owner_names`, `inferred`).

use serde::{Deserialize, Serialize};

/// A person named in the Present / In attendance lists.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    /// Name as printed, honorifics dropped (`Dave Cargill` for `Cllr Dave Cargill`).
    pub name: String,
    /// Honorific as printed, if any (`Cllr`, `Dr`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Organisation / role text printed beside the name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// Initials printed beside the name (`Alan Holzer (AHol)`), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub initials: Option<String>,
    #[serde(default)]
    pub chair: bool,
}

/// An agenda item or sub-item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Item {
    /// Item number and sub-letter as one key (`4b`, `4.1`, `` for an
    /// unnumbered item such as `Additional Agenda Item`).
    pub item: String,
    /// Heading number as printed (`4`).
    pub number: String,
    /// Sub-item letter or number, if any (`b`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sub: Option<String>,
    /// Title, trailing `:` dropped; a sub-item's own title when it has one.
    pub title: String,
    /// The parent item's title for a sub-item.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent_title: Option<String>,
    /// Minute text of the item (body, joined lines).
    pub text: String,
    /// 1-based page where the item starts.
    pub page: u32,
    /// Themes (filled in by the `history` stage).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub themes: Vec<String>,
}

/// How one owner token resolved to a person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Resolution {
    /// One attendee (or a name printed in full).
    Resolved { name: String },
    /// `ALL`: everyone present.
    All,
    /// A role or group (`Secretary`, `Committee`) kept as printed.
    Group { name: String },
    /// Several attendees share these initials.
    Ambiguous { candidates: Vec<String> },
    /// Nobody present matches.
    Unresolved,
}

impl Resolution {
    /// The name `owner_names` gives: the person, `ALL` for everyone, the
    /// group as printed; none when unresolved or ambiguous (the printed
    /// token stays in `owners`; guessing a name would mislead the history).
    pub fn name(&self) -> Option<&str> {
        match self {
            Resolution::Resolved { name } | Resolution::Group { name } => Some(name),
            Resolution::All => Some("ALL"),
            Resolution::Ambiguous { .. } | Resolution::Unresolved => None,
        }
    }
}

/// One owner of an action: the token as printed and how it resolved.
/// An action's owners are one list of these; the three parallel JSON fields
/// (`owners`, `owner_names`, `owner_detail`) are views of it written by
/// [`owner_fields`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Owner {
    /// As printed (`LMcV`).
    pub token: String,
    #[serde(flatten)]
    pub resolution: Resolution,
    /// True when the meeting itself could not resolve the token and the
    /// `history` stage resolved it from other meetings of the organisation.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub from_history: bool,
}

impl Owner {
    /// The resolved name (`owner_names`' entry), if any.
    pub fn name(&self) -> Option<&str> {
        self.resolution.name()
    }

    /// What to show: the resolved name, else the token as printed.
    pub fn shown(&self) -> &str {
        self.name().unwrap_or(&self.token)
    }

    /// An owner known only by its token and `owner_names` entry (a record
    /// written without `owner_detail`, a database row without its
    /// resolution): `ALL` is everyone, another name a person, no name
    /// unresolved.
    pub fn from_printed(token: String, name: Option<String>) -> Owner {
        let resolution = match name {
            Some(n) if n == "ALL" => Resolution::All,
            Some(name) if !name.is_empty() => Resolution::Resolved { name },
            _ => Resolution::Unresolved,
        };
        Owner {
            token,
            resolution,
            from_history: false,
        }
    }
}

/// A due date as the minutes give it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Due {
    /// As printed (`by 17 December`).
    pub text: String,
    /// ISO date when it can be worked out from the meeting date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
}

/// Where an action was read from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// An owner cell of an Action column beside the minute text.
    #[default]
    Column,
    /// An action label in the text (`Action: MA`, `ACTION HP: task`).
    Label,
    /// A row of an action log or tracker table / closing actions list.
    Log,
    /// The wording alone (`SC will share ...`), no cell or label.
    Inferred,
}

/// One action: who must do what, where it was minuted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Action {
    /// Stable id: a hash of document content, item, owners and text.
    pub id: String,
    /// Path of the source PDF as given to the program.
    pub document: String,
    pub organisation: String,
    /// ISO date of the meeting, if found.
    #[serde(default)]
    pub meeting_date: Option<String>,
    /// Item key (`4b`; `` when unnumbered).
    pub item: String,
    pub item_title: String,
    /// The owners in the order printed, each its token and resolution.
    /// Written as three parallel fields (see [`owner_fields`]): `owners`,
    /// the tokens as printed (`["MA", "LMcV"]`; `["ALL"]`); `owner_names`,
    /// the resolved names (the person, `ALL` for everyone, a group as
    /// printed; `null` when the token names nobody on the roster or fits
    /// several people); `owner_detail`, each [`Owner`] in full.
    #[serde(flatten, with = "owner_fields")]
    pub owners: Vec<Owner>,
    /// Markers in the owner cell that are not people (`Agenda`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub markers: Vec<String>,
    /// The owned clause or sentence.
    pub text: String,
    /// 1-based page where the action's text starts.
    pub page: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<Due>,
    /// True for actions found from the wording alone, with no Action
    /// column entry or label.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub inferred: bool,
    /// Where the action was read: an owner cell of an Action column, an
    /// action label in the text, a row of an action log or tracker, or the
    /// wording alone.
    #[serde(default)]
    pub source: Source,
    /// The id of another action of the same meeting that states the same
    /// action (a log row restating a body action), so the history counts it
    /// once.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub same_as: Option<String>,
    /// State of the action as the minutes give it: `open` | `done` |
    /// `cancelled` | `reassigned` (the class of `status_text`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// The status as printed (`Action complete`, `Ongoing`, `reassigned to RJ`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_text: Option<String>,
    /// Themes (filled in by the `history` stage).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub themes: Vec<String>,
    /// Carried-forward chain id (filled in by the `history` stage).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chain: Option<String>,
    /// True when the same action was minuted at an earlier meeting
    /// (filled in by the `history` stage).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub carried_forward: bool,
    /// Date the action was first minuted, when carried forward.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_date: Option<String>,
    /// The action's state over time (filled in by the `history` stage).
    #[serde(flatten)]
    pub track: Track,
}

/// Where a status was read: a meeting of the action's chain (the action's
/// own or a later one) and the page.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusEvent {
    /// Meeting date (ISO), empty when the document gave none.
    pub date: String,
    pub document: String,
    pub page: u32,
    /// `open` | `done` | `cancelled` | `reassigned`.
    pub status: String,
    /// As printed, when the minutes printed one (`Action complete`); none
    /// when the action was simply minuted again (carried forward).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

/// The history stage's view of an action's state across its chain. Every
/// field is left out of the JSON when empty, so records the history stage
/// has not seen are unchanged.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Track {
    /// Where the action's current `status` was read; none when nothing
    /// later was minuted about it (it is open by default).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_read: Option<StatusEvent>,
    /// Each meeting of its chain, oldest first, with the status it gave
    /// (only for actions minuted at more than one meeting or given a status).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub status_history: Vec<StatusEvent>,
    /// Still open and its ISO due date is before the organisation's latest
    /// meeting in the archive.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub overdue: bool,
    /// Meetings of its chain (first raised to last seen), when chained.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chain_meetings: Option<u32>,
    /// Days from first raised to last seen, when chained and dated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chain_days: Option<u32>,
}

/// One decision a meeting recorded (`RESOLVED: That the report be noted`),
/// with the same provenance as an action: document, item and page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    /// Stable id: a hash of document content, item and text.
    pub id: String,
    /// Path of the source PDF as given to the program.
    pub document: String,
    pub organisation: String,
    /// ISO date of the meeting, if found.
    #[serde(default)]
    pub meeting_date: Option<String>,
    /// Item key (`28`; `` when unnumbered).
    pub item: String,
    pub item_title: String,
    /// Class of the label (`resolved`, `agreed`, `decision`: `rules/decisions.toml`).
    pub kind: String,
    /// The label as printed (`RESOLVED`, `It was AGREED`).
    pub label: String,
    /// What was decided, as printed after the label.
    pub text: String,
    /// 1-based page where the decision is printed.
    pub page: u32,
}

impl Action {
    /// The owner tokens as printed, in order (the `owners` field).
    pub fn owner_tokens(&self) -> impl Iterator<Item = &str> + '_ {
        self.owners.iter().map(|o| o.token.as_str())
    }

    /// The resolved names in the order of the tokens, none where a token
    /// is unresolved or ambiguous (the `owner_names` field).
    pub fn owner_names(&self) -> impl Iterator<Item = Option<&str>> + '_ {
        self.owners.iter().map(Owner::name)
    }

    /// The tokens joined as the text outputs print them (`MA/LMcV`).
    pub fn owners_printed(&self) -> String {
        self.owner_tokens().collect::<Vec<_>>().join("/")
    }

    /// What to show for each owner: the resolved name, else the token as
    /// printed (for screens; `owner_names` keeps the `null`).
    pub fn shown_names(&self) -> Vec<String> {
        self.owners.iter().map(|o| o.shown().to_string()).collect()
    }
}

/// An action's owners as the output format writes them: three parallel
/// fields, `owners` (tokens), `owner_names` (resolved names or `null`) and
/// `owner_detail` (each [`Owner`]), in that order, flattened into the
/// action's record. `score.py`, the CSV, the database and every reader of
/// `actions.jsonl` keep that shape; inside the program an owner is one
/// [`Owner`], so the three can never disagree.
pub mod owner_fields {
    use super::Owner;
    use serde::ser::{SerializeMap, SerializeSeq};
    use serde::{Deserialize, Deserializer, Serializer};

    /// Writes the three fields, borrowing the owners (no copy).
    pub fn serialize<S: Serializer>(owners: &[Owner], s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(3))?;
        m.serialize_entry("owners", &Tokens(owners))?;
        m.serialize_entry("owner_names", &Names(owners))?;
        m.serialize_entry("owner_detail", owners)?;
        m.end()
    }

    struct Tokens<'a>(&'a [Owner]);
    struct Names<'a>(&'a [Owner]);

    impl serde::Serialize for Tokens<'_> {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            let mut q = s.serialize_seq(Some(self.0.len()))?;
            for o in self.0 {
                q.serialize_element(&o.token)?;
            }
            q.end()
        }
    }

    impl serde::Serialize for Names<'_> {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            let mut q = s.serialize_seq(Some(self.0.len()))?;
            for o in self.0 {
                q.serialize_element(&o.name())?;
            }
            q.end()
        }
    }

    /// The three fields as written; all required, as before.
    #[derive(Deserialize)]
    struct Fields {
        owners: Vec<String>,
        owner_names: Vec<Option<String>>,
        owner_detail: Vec<Owner>,
    }

    /// Reads the three fields into one list, one owner per token: its
    /// `owner_detail` entry (the one at the same position, else the first
    /// with the same token), else [`Owner::from_printed`] from its
    /// `owner_names` entry.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Owner>, D::Error> {
        let f = Fields::deserialize(d)?;
        Ok(join(f.owners, f.owner_names, f.owner_detail))
    }

    /// One owner per token from the parallel lists (see [`deserialize`]).
    pub fn join(tokens: Vec<String>, names: Vec<Option<String>>, detail: Vec<Owner>) -> Vec<Owner> {
        if tokens.len() == detail.len() && tokens.iter().zip(&detail).all(|(t, d)| *t == d.token) {
            return detail;
        }
        let mut names = names.into_iter();
        tokens
            .into_iter()
            .enumerate()
            .map(|(i, token)| {
                let name = names.next().flatten();
                detail
                    .get(i)
                    .filter(|d| d.token == token)
                    .or_else(|| detail.iter().find(|d| d.token == token))
                    .cloned()
                    .unwrap_or_else(|| Owner::from_printed(token, name))
            })
            .collect()
    }
}

/// One meeting, as read from one document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Meeting {
    /// Path of the source PDF as given to the program.
    pub document: String,
    /// Other paths with byte-identical content (filled in by `archive`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub duplicates: Vec<String>,
    /// blake3 hash of the file's bytes (hex).
    pub sha: String,
    pub organisation: String,
    pub title: String,
    /// ISO date of the meeting, if found.
    pub meeting_date: Option<String>,
    pub present: Vec<Person>,
    pub in_attendance: Vec<Person>,
    pub apologies: Vec<String>,
    pub items: Vec<Item>,
    pub actions: Vec<Action>,
    /// Decisions recorded (`RESOLVED`, `AGREED`, `DECISION`), in reading order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub decisions: Vec<Decision>,
    /// Date of the next meeting as printed, if given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_meeting: Option<String>,
    pub pages: u32,
    /// Pages with no text layer (scanned?).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub scanned_pages: Vec<u32>,
    /// Glyphs that could not be decoded, over the whole document.
    #[serde(default)]
    pub unmapped_glyphs: u32,
    /// Non-fatal problems (repaired xref, partial text…).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
    /// Printed signs of actions (an Action column header, a log table,
    /// lines opening with an action label or an actions heading) in a
    /// document that gave no action from a column, label, list or log: the
    /// rules probably miss its convention (`minutes explain` shows it).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub action_cues: Vec<String>,
}

/// One file that could not be read (a line of `errors.jsonl`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileError {
    /// Path as given to the program.
    pub document: String,
    /// Machine-readable kind (`not_pdf`, `damaged`, `encrypted`, `no_text`,
    /// `limit`, `timeout`, `panic`, `io`, …).
    pub kind: String,
    /// One-line human message.
    pub error: String,
}

/// Provenance of one run (`run.json`), shown in the report.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunInfo {
    /// Program version (`CARGO_PKG_VERSION`).
    pub version: String,
    /// Hash of the rule files used.
    pub rules_hash: String,
    /// When the run started, RFC 3339 UTC. Excluded from determinism
    /// comparisons.
    pub started: String,
    /// When the run finished writing its outputs, RFC 3339 UTC (empty in
    /// outputs of older versions). Excluded from determinism comparisons.
    #[serde(default)]
    pub finished: String,
    /// The archive folder read, as an absolute path.
    pub archive: String,
    /// Worker threads (`-j`). Excluded from determinism comparisons.
    #[serde(default)]
    pub jobs: u64,
    /// Documents found (paths, duplicates and failures included).
    pub documents: u64,
    pub pages: u64,
    pub actions: u64,
    /// Files that failed or were read in part (`errors.jsonl`, skipped
    /// entries not counted).
    pub errors: u64,
    /// Entries skipped on purpose (FIFOs, devices, links out of the archive).
    #[serde(default)]
    pub skipped: u64,
    /// Reading warnings over all meetings (`warnings` in `meetings.jsonl`).
    #[serde(default)]
    pub warnings: u64,
    /// Documents with pages that have no text layer (to OCR).
    #[serde(default)]
    pub scanned_documents: u64,
    /// Meetings read that gave no action (the rules may not fit them).
    #[serde(default)]
    pub no_action_documents: u64,
    /// Meetings that print an Action column, log or action labels but gave
    /// no action read from them.
    #[serde(default)]
    pub unread_action_documents: u64,
    /// Owner tokens (by organisation) never resolved to a person.
    #[serde(default)]
    pub unresolved_owner_tokens: u64,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An action record as `actions.jsonl` holds it: the three owner fields
    /// between `item_title` and `text`.
    const LINE: &str = r#"{"id":"a1","document":"d.pdf","organisation":"B","meeting_date":"2016-05-11","item":"4","item_title":"T","owners":["MA","DP","ALL","XY"],"owner_names":["Mike Andrews",null,"ALL",null],"owner_detail":[{"token":"MA","status":"resolved","name":"Mike Andrews","from_history":true},{"token":"DP","status":"ambiguous","candidates":["David Parr","Deana Perchard"]},{"token":"ALL","status":"all"},{"token":"XY","status":"unresolved"}],"text":"x","page":1,"source":"column","chain":"c1","status_history":[{"date":"2016-05-11","document":"d.pdf","page":1,"status":"open"}]}"#;

    #[test]
    fn owner_fields_are_written_back_byte_for_byte() {
        let a: Action = serde_json::from_str(LINE).unwrap();
        assert_eq!(
            a.owner_tokens().collect::<Vec<_>>(),
            ["MA", "DP", "ALL", "XY"]
        );
        assert_eq!(
            a.owner_names().collect::<Vec<_>>(),
            [Some("Mike Andrews"), None, Some("ALL"), None]
        );
        assert!(a.owners[0].from_history && !a.owners[1].from_history);
        assert_eq!(a.owners_printed(), "MA/DP/ALL/XY");
        assert_eq!(a.shown_names(), ["Mike Andrews", "DP", "ALL", "XY"]);
        assert_eq!(
            a.track.status_history.len(),
            1,
            "the other flattened fields still read"
        );
        assert_eq!(serde_json::to_string(&a).unwrap(), LINE);
    }

    #[test]
    fn owners_without_detail_take_their_printed_names() {
        let mut v: serde_json::Value = serde_json::from_str(LINE).unwrap();
        v["owners"] = serde_json::json!(["MA", "ALL", "XY", "DP"]);
        v["owner_names"] = serde_json::json!(["Mike Andrews", "ALL", null]);
        v["owner_detail"] = serde_json::json!([{"token": "DP", "status": "ambiguous", "candidates": ["David Parr"]}]);
        let a: Action = serde_json::from_value(v.clone()).unwrap();
        let got: Vec<(&str, &Resolution)> = a
            .owners
            .iter()
            .map(|o| (o.token.as_str(), &o.resolution))
            .collect();
        assert_eq!(
            got,
            [
                (
                    "MA",
                    &Resolution::Resolved {
                        name: "Mike Andrews".into()
                    }
                ),
                ("ALL", &Resolution::All),
                ("XY", &Resolution::Unresolved),
                (
                    "DP",
                    &Resolution::Ambiguous {
                        candidates: vec!["David Parr".into()]
                    }
                ),
            ]
        );
        // As before, a record without one of the three fields is not an action.
        v.as_object_mut().unwrap().remove("owner_detail");
        assert!(serde_json::from_value::<Action>(v).is_err());
    }
}
