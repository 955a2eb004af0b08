//! The owner-token grammar (`rules/owners.toml`): what an Action-column
//! cell or the owner part of an inline label may hold (`MA/LMcV`, `ALL`,
//! `IB/Agenda`, `John Atkinson, Dany Holmes`, `Training Team and Mary
//! Holmes`), and how a label's text splits into task, owners and due date.

use crate::rules::{DateRules, OwnerRules};

/// What an owner token is, syntactically.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Everyone present.
    All,
    /// Initials with two capitals or more (`MA`, `LMcV`).
    Initials,
    /// One capital and a few small letters (`Ahop`): only an owner when it
    /// names an attendee.
    WeakInitials,
    /// A name printed in full (`John Atkinson`, `Danny`).
    Name,
    /// A group or body (`Committee`, `Training Team`).
    Group,
    /// A role one person holds (`Secretary`).
    Role,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub text: String,
    pub kind: Kind,
}

/// A parsed cell or label owner part.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Owners {
    pub tokens: Vec<Token>,
    /// Non-person notes (`Agenda`).
    pub markers: Vec<String>,
}

enum Piece {
    Owner(Token),
    Marker(String),
}

fn classify(rules: &OwnerRules, raw: &str) -> Option<Piece> {
    let p = raw
        .trim()
        .trim_end_matches(['.', ':', ';'])
        .trim_start_matches(['(', '['])
        .trim_end_matches([')', ']'])
        .trim();
    if p.is_empty() || p.chars().count() > rules.max_len {
        return None;
    }
    let tok = |kind| {
        Some(Piece::Owner(Token {
            text: p.to_string(),
            kind,
        }))
    };
    if rules.all.is_match(p) {
        return tok(Kind::All);
    }
    if rules.markers.is_match(p) {
        return Some(Piece::Marker(p.to_string()));
    }
    let capitals = p.chars().filter(|c| c.is_uppercase()).count();
    if capitals >= 2 && !p.contains(' ') && rules.initials.is_match(p) {
        return tok(Kind::Initials);
    }
    if rules.groups.is_match(p) {
        return tok(Kind::Group);
    }
    if rules.roles.is_match(p) {
        return tok(Kind::Role);
    }
    if rules.weak_initials.is_match(p) {
        return tok(Kind::WeakInitials);
    }
    if rules.name.is_match(p) {
        let bad = p
            .split_whitespace()
            .any(|w| rules.not_names.contains(&w.to_lowercase()));
        if !bad {
            return tok(Kind::Name);
        }
    }
    None
}

/// Reads `text` as owner tokens joined by separators. Every piece must be
/// an owner or a marker and there must be at least one owner.
pub fn parse_owners(rules: &OwnerRules, text: &str) -> Option<Owners> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    let mut out = Owners::default();
    for piece in rules.separators.split(text) {
        if piece.trim().is_empty() {
            continue;
        }
        match classify(rules, piece)? {
            Piece::Owner(t) => out.tokens.push(t),
            Piece::Marker(m) => out.markers.push(m),
        }
    }
    (!out.tokens.is_empty()).then_some(out)
}

/// Reads the owners a label or list entry names in a place that can hold
/// nothing else (`ACTION D + AB:`, `Action new committee:`, the head of a
/// list entry). Beyond the cell grammar, when `loose`, it takes a lone capital as
/// initials and a short phrase of ordinary words as a group (`new
/// committee`, `PC Reps`), unless a word
/// of `not_owners` (or of the names' stop words) shows it is not a person.
pub fn parse_named_owners(
    rules: &OwnerRules,
    not_owners: &std::collections::BTreeSet<String>,
    text: &str,
    loose: bool,
) -> Option<Owners> {
    let text = text.trim();
    if text.is_empty() || text.chars().count() > rules.max_len {
        return None;
    }
    // Short words in capitals are initials (`IS`), whatever they spell.
    let bad = |p: &str| {
        p.split_whitespace().any(|w| {
            let initials = w.chars().count() <= 2 && w.chars().all(char::is_uppercase);
            !initials && not_owners.contains(&w.to_lowercase())
        })
    };
    if bad(text) {
        return None;
    }
    if let Some(o) = parse_owners(rules, text) {
        return Some(o);
    }
    if !loose {
        return None;
    }
    let mut out = Owners::default();
    for piece in rules.separators.split(text) {
        let p = piece.trim();
        if p.is_empty() {
            continue;
        }
        match classify(rules, p) {
            Some(Piece::Owner(t)) => out.tokens.push(t),
            Some(Piece::Marker(m)) => out.markers.push(m),
            None => {
                let words: Vec<&str> = p.split_whitespace().collect();
                let lone_capital = p.chars().count() == 1 && p.chars().all(char::is_uppercase);
                let phrase = (1..=3).contains(&words.len())
                    && words
                        .iter()
                        .all(|w| w.chars().all(|c| c.is_alphabetic() || c == '-'))
                    && !words
                        .iter()
                        .any(|w| rules.not_names.contains(&w.to_lowercase()));
                if lone_capital {
                    out.tokens.push(Token {
                        text: p.to_string(),
                        kind: Kind::Initials,
                    });
                } else if phrase {
                    out.tokens.push(Token {
                        text: p.to_string(),
                        kind: Kind::Group,
                    });
                } else {
                    return None;
                }
            }
        }
    }
    (!out.tokens.is_empty()).then_some(out)
}

/// A label's text split into its parts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LabelParts {
    /// Words before the owners (`Issue draft agenda for both meetings.`).
    pub task: Option<String>,
    pub owners: Owners,
    /// The due phrase as printed (`17 December`).
    pub due: Option<String>,
    /// Bytes of the label's text read (task, owners and due date).
    pub used: usize,
    /// The owners came first and the task after them (`JS to circulate
    /// ...`): the task is the whole action, nothing before the label is.
    pub owners_first: bool,
}

/// `Action - AD Request a speed survey ...`: a label whose text opens with
/// initials and goes straight on with a capitalised verb (no `to`, no
/// colon). The initials are the owners and the sentence the task; the
/// caller's `accept` checks each against the meeting's roster, so an
/// acronym opening a task (`AGM Date to be set`) is no owner.
pub fn initials_then_task(
    rules: &OwnerRules,
    rest: &str,
    accept: &dyn Fn(&Owners) -> bool,
) -> Option<LabelParts> {
    let lead = rest.len() - rest.trim_start().len();
    let text = rest.trim();
    let space = text.find(char::is_whitespace)?;
    let (head, tail) = (&text[..space], text[space..].trim_start());
    let verb = tail.split_whitespace().next()?;
    let mut chars = verb.chars();
    let capitalised = chars.next().is_some_and(char::is_uppercase)
        && chars.clone().next().is_some()
        && chars.all(char::is_lowercase);
    if !capitalised {
        return None;
    }
    let owners = parse_owners(rules, head)
        .filter(|o| !o.tokens.is_empty() && o.tokens.iter().all(|t| t.kind == Kind::Initials))
        .filter(|o| accept(o))?;
    let end = text.find(". ").map(|i| i + 1).unwrap_or(text.len());
    Some(LabelParts {
        task: Some(text[..end].trim().to_string()),
        owners,
        due: None,
        used: lead + end,
        owners_first: true,
    })
}

/// Where owners may start inside a label's text: its start, and after a
/// sentence end, comma, colon or dash.
fn owner_starts(s: &str) -> Vec<usize> {
    let mut v = vec![0];
    let b = s.as_bytes();
    for (i, c) in s.char_indices() {
        let next = i + c.len_utf8();
        let at_space = next < b.len() && b[next] == b' ';
        if matches!(c, '.' | ',' | ':' | ';') && at_space {
            v.push(next + 1);
        }
        if matches!(c, '-' | '–' | '—') && at_space && i > 0 && b[i - 1] == b' ' {
            v.push(next + 1);
        }
        // `Action: Book the hall (KT)`: owners in a closing bracket.
        if c == '(' && i > 0 && b[i - 1] == b' ' {
            v.push(next);
        }
    }
    v
}

/// Reads the text after a label word (`rest` of a label rule):
/// `[task (". " | ", ")] owners [","] [due] [anything]`. `accept` decides
/// whether the owners found are good enough (strict labels).
pub fn parse_label(
    rules: &OwnerRules,
    dates: &DateRules,
    rest: &str,
    owner_first: Option<&crate::rules::CappedRegex>,
    passive: Option<&regex::Regex>,
    accept: &dyn Fn(&Owners) -> bool,
) -> Option<LabelParts> {
    let lead = rest.len() - rest.trim_start().len();
    let rest = rest.trim();
    // The due phrase bounds the owners on the right.
    let mut due: Option<(String, usize, usize)> = None;
    for d in &dates.dues {
        if let Some(c) = d.re.captures(rest) {
            if let (Some(all), Some(g)) = (c.get(0), c.name("due")) {
                if due.as_ref().is_none_or(|(_, s, _)| all.start() < *s) {
                    due = Some((g.as_str().trim().to_string(), all.start(), all.end()));
                }
            }
        }
    }
    let bound = due.as_ref().map(|(_, s, _)| *s).unwrap_or(rest.len());
    let head = &rest[..bound];
    for s in owner_starts(head) {
        if s >= head.len() {
            break;
        }
        let mut region = &head[s..];
        if due.is_none() {
            // Without a due date the owners end at a bracket or sentence.
            for stop in [" (", ". ", "; ", " - ", " – "] {
                if let Some(i) = region.find(stop) {
                    region = &region[..i];
                }
            }
        }
        let region_end = s + region.len();
        // `executive - further discussion required ...`: owners, a dash,
        // then the task; the whole sentence is the action.
        let dashed = s == 0
            && due.is_none()
            && (head[region_end..].starts_with(" - ") || head[region_end..].starts_with(" – "));
        let region = region.trim().trim_end_matches([',', '.', ';', ':']).trim();
        if let Some(owners) = parse_owners(rules, region) {
            if !accept(&owners) {
                continue;
            }
            if dashed {
                let end = rest.find(". ").map(|i| i + 1).unwrap_or(rest.len());
                return Some(LabelParts {
                    task: Some(rest[..end].trim().to_string()),
                    owners,
                    due: None,
                    used: lead + end,
                    owners_first: true,
                });
            }
            let task = head[..s]
                .trim()
                .trim_end_matches([',', ':', ';', '-', '–', '('])
                .trim();
            let used = lead + due.as_ref().map(|(_, _, e)| *e).unwrap_or(region_end);
            return Some(LabelParts {
                task: (!task.is_empty()).then(|| task.to_string()),
                owners,
                due: due.map(|(d, _, _)| d),
                used,
                owners_first: false,
            });
        }
    }
    // `Action: JS to circulate the report`: owners, then what they are to
    // do. The whole sentence is the task. A passive clause (`Volunteers to
    // be recruited`) names no actor: the owners may come in a later clause
    // of the sentence (`...; CC to explore ...`).
    let owner_first = owner_first?;
    let end = rest.find(". ").map(|i| i + 1).unwrap_or(rest.len());
    let mut clause_starts = vec![0];
    clause_starts.extend(rest[..end].match_indices("; ").map(|(i, _)| i + 2));
    // `Site visit date to be agreed and Jane will write to the applicant`:
    // a clause joined by `and` that opens with a capital may name the
    // actor a passive clause before it did not.
    clause_starts.extend(
        rest[..end]
            .match_indices(" and ")
            .map(|(i, _)| i + 5)
            .filter(|&i| rest[i..].starts_with(|c: char| c.is_uppercase())),
    );
    clause_starts.sort_unstable();
    let owners = clause_starts.iter().find_map(|&cs| {
        let c = owner_first.captures(&rest[cs..])?;
        let who = c.name("owners")?;
        if passive.is_some_and(|p| p.is_match(&rest[cs + who.end()..])) {
            return None;
        }
        parse_owners(rules, who.as_str()).filter(|o| accept(o))
    })?;
    let task = rest[..end].trim();
    let due = due.filter(|(_, s, _)| *s < end).map(|(d, _, _)| d);
    Some(LabelParts {
        task: Some(task.to_string()),
        owners,
        due,
        used: lead + end,
        owners_first: true,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::RuleSet;

    fn cell(s: &str) -> Option<(Vec<String>, Vec<Kind>, Vec<String>)> {
        let r = RuleSet::embedded();
        parse_owners(&r.owners, s).map(|o| {
            (
                o.tokens.iter().map(|t| t.text.clone()).collect(),
                o.tokens.iter().map(|t| t.kind).collect(),
                o.markers,
            )
        })
    }

    fn texts(s: &str) -> Vec<String> {
        cell(s).map(|c| c.0).unwrap_or_default()
    }

    #[test]
    fn initials_and_separators() {
        assert_eq!(texts("MA/LMcV"), ["MA", "LMcV"]);
        assert_eq!(texts("DT/DC/DP"), ["DT", "DC", "DP"]);
        assert_eq!(texts("BMc/AS"), ["BMc", "AS"]);
        assert_eq!(texts("AW, IB"), ["AW", "IB"]);
        assert_eq!(texts("AW & IB"), ["AW", "IB"]);
        assert_eq!(texts("SB and JB"), ["SB", "JB"]);
        assert_eq!(texts("DPe"), ["DPe"]);
        assert_eq!(texts("SJG"), ["SJG"]);
        assert_eq!(texts("AHop/MS"), ["AHop", "MS"]);
        assert_eq!(cell("ALL").unwrap().1, [Kind::All]);
        assert_eq!(cell("Ahop").unwrap().1, [Kind::WeakInitials]);
    }

    #[test]
    fn markers_are_not_owners() {
        let (t, _, m) = cell("IB/Agenda").unwrap();
        assert_eq!(t, ["IB"]);
        assert_eq!(m, ["Agenda"]);
        assert_eq!(cell("Agenda"), None);
    }

    #[test]
    fn text_is_not_a_cell() {
        assert_eq!(cell("Page 1 of 4"), None);
        assert_eq!(cell("1"), None);
        assert_eq!(cell("the minutes were agreed"), None);
        assert_eq!(cell("Action has been taken"), None);
    }

    #[test]
    fn names_groups_roles() {
        assert_eq!(cell("John Atkinson").unwrap().1, [Kind::Name]);
        assert_eq!(cell("Keith miller").unwrap().1, [Kind::Name]);
        assert_eq!(cell("Committee").unwrap().1, [Kind::Group]);
        assert_eq!(
            cell("Training Team and Mary Holmes").unwrap().1,
            [Kind::Group, Kind::Name]
        );
        assert_eq!(cell("Secretary").unwrap().1, [Kind::Role]);
    }

    fn label(s: &str, strict: bool) -> Option<LabelParts> {
        let r = RuleSet::embedded();
        let accept = |o: &Owners| {
            !strict
                || o.tokens.iter().all(|t| {
                    // As `actions::plausible` with nobody on the roster.
                    t.kind != Kind::WeakInitials
                        && (t.kind != Kind::Name || t.text.split_whitespace().count() > 1)
                })
        };
        parse_label(
            &r.owners,
            &r.dates,
            s,
            Some(&r.labels.inferred),
            Some(&r.labels.lists.passive),
            &accept,
        )
    }

    #[test]
    fn label_owner_and_due() {
        let l = label("John Atkinson by 17 December", false).unwrap();
        assert_eq!(l.owners.tokens[0].text, "John Atkinson");
        assert_eq!(l.due.as_deref(), Some("17 December"));
        assert_eq!(l.task, None);
        let l = label("Louise Potts, by end Dec", true).unwrap();
        assert_eq!(l.owners.tokens[0].text, "Louise Potts");
        assert_eq!(l.due.as_deref(), Some("end Dec"));
        let l = label("MA/LMcV", false).unwrap();
        assert_eq!(l.owners.tokens.len(), 2);
        let l = label(
            "Mel Leith by end December (Mary has also sent an email)",
            false,
        )
        .unwrap();
        assert_eq!(l.owners.tokens[0].text, "Mel Leith");
    }

    #[test]
    fn label_with_task_before_owners() {
        let l = label(
            "Issue draft agenda for both meetings. John Atkinson by 30 Nov",
            false,
        )
        .unwrap();
        assert_eq!(
            l.task.as_deref(),
            Some("Issue draft agenda for both meetings.")
        );
        assert_eq!(l.owners.tokens[0].text, "John Atkinson");
        let l = label(
            "contact DAM and CAM to advise them of the meeting, John Atkinson and Danny Holmes by Friday 04 Dec",
            false,
        )
        .unwrap();
        let names: Vec<_> = l.owners.tokens.iter().map(|t| t.text.as_str()).collect();
        assert_eq!(names, ["John Atkinson", "Danny Holmes"]);
        assert_eq!(l.due.as_deref(), Some("Friday 04 Dec"));
    }

    #[test]
    fn label_with_owners_then_task() {
        let l = label(
            "JS to circulate the report to members by 31 March. Next item",
            false,
        )
        .unwrap();
        assert_eq!(l.owners.tokens[0].text, "JS");
        assert_eq!(
            l.task.as_deref(),
            Some("JS to circulate the report to members by 31 March.")
        );
        assert_eq!(l.due.as_deref(), Some("31 March"));
        let l = label("MA and LMcV will meet the team", false).unwrap();
        assert_eq!(l.owners.tokens.len(), 2);
        // Group owners, and owners after a passive clause.
        let l = label(
            "the Finance Team to review the subscription rates before the summer",
            false,
        )
        .unwrap();
        assert_eq!(l.owners.tokens[0].text, "the Finance Team");
        let l = label(
            "executive - further discussion required with the host.",
            false,
        )
        .unwrap();
        assert_eq!(l.owners.tokens[0].text, "executive");
        assert!(l.owners_first);
        let l = label(
            "Members to be invited to send photographs; CC to explore a feature.",
            false,
        )
        .unwrap();
        assert_eq!(l.owners.tokens[0].text, "CC");
        assert_eq!(
            label("Volunteers to be recruited for planting.", false),
            None
        );
        // Owners in a closing bracket.
        let l = label("Order the new kit (Ann Marsh)", false).unwrap();
        assert_eq!(l.owners.tokens[0].text, "Ann Marsh");
        assert_eq!(l.task.as_deref(), Some("Order the new kit"));
    }

    #[test]
    fn labels_that_are_not_labels() {
        assert_eq!(
            label("Plan - the plan is to be reviewed and more detail provided on the actions, Danny is also to assist", true),
            None
        );
        assert_eq!(label("has been taken across some problem pubs", true), None);
    }
}
