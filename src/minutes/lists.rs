//! Action lists and statuses.
//!
//! Many minutes gather actions in a list under a heading of its own
//! (`Actions`, `ACTIONS:`, `Action log`, `Past actions`), each entry naming
//! its owners in running text: first (`MP/IS to ...`, `EB ditto for ...`),
//! in a clause (`... Parent Council to follow up`), in brackets (`(DG & SFF
//! to confirm ...)`, `Sponsorship (AC)`) or after a passive verb (`to be
//! shared by DG/SK`). An entry that names nobody is not an action. A list
//! closing the minutes, or headed as a log, restates the actions of the
//! body: its entries are `source: log` and are linked to the body action
//! they repeat (`same_as`) when owners and wording agree.
//!
//! A child bullet or a trailing phrase that only reports a state
//! (`Action complete`, `Action carried forwards`, `... - done`) is the
//! status of the action it follows, never an action of its own.

use super::actions::{para_ends, OwnerSpan};
use super::items::{Body, ItemSpan};
use super::owners::{parse_named_owners, Kind, Owners, Token};
use super::rows::TextLine;
use super::trace::Why;
use crate::model::{Action, Source};
use crate::rules::RuleSet;

/// A status as printed and its class (`open` | `done` | `cancelled` |
/// `reassigned`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    pub class: String,
    pub text: String,
}

pub fn class_of(rules: &RuleSet, printed: &str) -> Option<String> {
    rules
        .labels
        .status
        .classes
        .iter()
        .find(|(_, re)| re.is_match(printed))
        .map(|(c, _)| c.clone())
}

/// The status a paragraph reports when it reports nothing else.
pub fn status_of(rules: &RuleSet, text: &str) -> Option<Status> {
    let text = text.trim();
    if text.is_empty() || text.chars().count() > 90 {
        return None;
    }
    rules.labels.status.line.is_match(text).then_some(())?;
    Some(Status {
        class: class_of(rules, text)?,
        text: text.to_string(),
    })
}

/// A status closing `text` after a dash (`... - done`): the status and
/// where it starts.
fn status_suffix(rules: &RuleSet, text: &str) -> Option<(Status, usize)> {
    let c = rules.labels.status.suffix.captures(text)?;
    let all = c.get(0)?;
    let st = c.name("status")?.as_str().trim().to_string();
    Some((
        Status {
            class: class_of(rules, &st)?,
            text: st,
        },
        all.start(),
    ))
}

/// Skips bullets and paragraph numbers at `pos`.
fn content_start(rules: &RuleSet, body: &Body, pos: usize, end: usize) -> usize {
    let rest = &body.text[pos..end];
    let mut p = match rules.text.strip_prefix.find(rest) {
        Some(m) if m.start() == 0 && m.end() < rest.len() => pos + m.end(),
        _ => pos,
    };
    // Zero-width spaces and blanks left after a bullet glyph.
    while let Some(c) = body.text[p..end].chars().next() {
        if c == '\u{200B}' || c == '\u{FEFF}' || c.is_whitespace() {
            p += c.len_utf8();
        } else {
            break;
        }
    }
    p
}

/// Whether a paragraph starts with a bullet, dash or list number.
fn bulleted(rules: &RuleSet, text: &str) -> bool {
    rules.text.para_start.iter().any(|re| re.is_match(text))
}

/// Whether owners read from a list entry name somebody: a one-word name
/// must be an attendee or a plural (`Reps`, `Secs`), so `Letter to go out`
/// is no owner; a longer one must be capitalised throughout.
fn plausible(rules: &RuleSet, owners: &Owners, knows: &dyn Fn(&Token) -> bool) -> bool {
    // `Everyone else`: everyone, qualified by one word.
    let everyone = |t: &Token| {
        let w: Vec<&str> = t.text.split_whitespace().collect();
        w.len() == 2 && rules.owners.all.is_match(w[0]) && w[1].eq_ignore_ascii_case("else")
    };
    let capitalised = |t: &Token| {
        t.text
            .split_whitespace()
            .all(|w| w.starts_with(char::is_uppercase))
    };
    owners.tokens.iter().all(|t| match t.kind {
        Kind::All | Kind::Initials | Kind::Role => true,
        // A phrase read as a group only for want of anything else must be
        // capitalised (`PC Reps`, not `Old people need`).
        Kind::Group => rules.owners.groups.is_match(&t.text) || capitalised(t) || everyone(t),
        // A name of several words has a capital on each (`Roof repairs`
        // is no owner); a one-word name is an attendee or a plural.
        Kind::WeakInitials | Kind::Name => {
            let words: Vec<&str> = t.text.split_whitespace().collect();
            knows(t)
                || everyone(t)
                || (words.len() > 1 && capitalised(t))
                || (words.len() == 1 && t.text.ends_with('s'))
        }
    })
}

/// The owners an entry (`text`, its content) names, if any.
/// A list entry (or a marked one outside a list) read as an action.
fn entry_span(item: usize, start: usize, end: usize, owners: Owners, why: Why) -> OwnerSpan {
    OwnerSpan {
        item,
        start,
        end,
        owners,
        task: None,
        due: None,
        source: Source::Label,
        status: None,
        item_key: None,
        why,
    }
}

fn entry_owners(
    rules: &RuleSet,
    body: &Body,
    s: usize,
    e: usize,
    knows: &dyn Fn(&Token) -> bool,
) -> Option<(Owners, Why)> {
    let l = &rules.labels.lists;
    let read = |who: &str| {
        parse_named_owners(&rules.owners, &l.not_owners, who, true)
            .filter(|o| plausible(rules, o, knows))
    };
    // Owners first: at the entry's start, at each clause start, inside an
    // opening bracket.
    let mut starts = vec![s];
    starts.extend(super::actions::strong_between(body, s, e));
    starts.extend(
        body.text[s..e]
            .match_indices('(')
            .map(|(i, _)| s + i + 1)
            .filter(|&p| p < e),
    );
    for p in starts {
        let text = &body.text[p..e];
        for (k, re) in l.owner_first.iter().enumerate() {
            // Forms after the first have no verb of intent: their owners
            // must be everyone or name attendees.
            if let Some(o) = re
                .captures(text)
                .and_then(|c| c.name("owners"))
                .filter(|m| !l.passive.is_match(&text[m.end()..]))
                .and_then(|m| read(m.as_str()))
                .filter(|o| k == 0 || o.tokens.iter().all(|t| t.kind == Kind::All || knows(t)))
            {
                return Some((
                    o,
                    Why::List {
                        owner_first: true,
                        form: k,
                    },
                ));
            }
        }
    }
    let text = &body.text[s..e];
    for (k, re) in l.owner_after.iter().enumerate() {
        if let Some(o) = re
            .captures(text)
            .and_then(|c| c.name("owners"))
            .filter(|m| !abbreviates(&text[..m.start()], m.as_str()))
            .and_then(|m| read(m.as_str()))
        {
            return Some((
                o,
                Why::List {
                    owner_first: false,
                    form: k,
                },
            ));
        }
    }
    None
}

/// Whether capitals in brackets spell the words just before them (`3 Lochs
/// Way (TLW)`): an abbreviation, not an owner. Two letters or more of the
/// token's end must be the initials of the last words.
fn abbreviates(before: &str, token: &str) -> bool {
    let before = before.trim_end().trim_end_matches('(').trim_end();
    let initials: Vec<char> = before
        .split_whitespace()
        .filter_map(|w| w.chars().find(|c| c.is_alphanumeric()))
        .flat_map(char::to_uppercase)
        .collect();
    let tok: Vec<char> = token.trim().chars().flat_map(char::to_uppercase).collect();
    if tok.len() < 2 || !tok.iter().all(|c| c.is_alphabetic()) {
        return false;
    }
    (2..=tok.len().min(initials.len()))
        .rev()
        .any(|k| tok[tok.len() - k..] == initials[initials.len() - k..])
}

/// A list being read: its heading and the level of its entries.
struct Open {
    log: bool,
    found: Vec<usize>,
    head_x: f32,
    head_bulleted: bool,
    head_page: u32,
    /// x of the entries, and the page it was seen on.
    level: Option<(f32, u32)>,
}

/// Actions read from lists under an action heading. `taken` are the
/// actions found already (an entry holding a label is not read twice).
///
/// Entries are the list's paragraphs at the first entry's indent; deeper
/// ones are their notes (or statuses). A bulleted heading's list ends at
/// the next paragraph at the heading's own indent; any list ends at a
/// heading, at a shallower paragraph, or at an unbulleted paragraph
/// without owner at the heading's indent. Page breaks may reset indents:
/// across one, a shallower paragraph still continues the list.
/// Actions read from lists, and the (item, start) of those in a list that
/// closes the minutes (after the last item: they belong to no item).
pub struct Listed {
    pub found: Vec<OwnerSpan>,
    pub closing: std::collections::BTreeSet<(usize, usize)>,
}

pub fn from_lists(
    rules: &RuleSet,
    items: &[ItemSpan],
    lines: &[TextLine],
    taken: &[OwnerSpan],
    knows: &dyn Fn(&Token) -> bool,
) -> Listed {
    let mut out = Vec::new();
    let mut closing_at = std::collections::BTreeSet::new();
    let mut spans: Vec<(usize, usize, usize)> = taken
        .iter()
        .map(|f| (f.item, f.start, f.end.max(f.start + 1)))
        .collect();
    spans.sort_unstable();
    let overlaps = |ii: usize, s: usize, e: usize| {
        // The spans of item `ii` that start before `e`; any ending after `s`.
        let lo = spans.partition_point(|x| x.0 < ii);
        let hi = spans.partition_point(|x| (x.0, x.1) < (ii, e));
        spans[lo..hi].iter().any(|x| x.2 > s)
    };
    for (ii, it) in items.iter().enumerate() {
        let body = &it.body;
        let ends = para_ends(body);
        let mut list: Option<Open> = None;
        let close = |list: &mut Option<Open>,
                     out: &mut Vec<OwnerSpan>,
                     closing_at: &mut std::collections::BTreeSet<(usize, usize)>,
                     to_end: bool| {
            if let Some(l) = list.take() {
                // A list that closes the last item closes the minutes.
                let closing = to_end && ii + 1 == items.len();
                if l.log || closing {
                    for &k in &l.found {
                        out[k].source = Source::Log;
                    }
                }
                if closing {
                    closing_at.extend(l.found.iter().map(|&k| (out[k].item, out[k].start)));
                }
            }
        };
        for (bi, b) in body.lines.iter().enumerate() {
            if super::halt::poll() {
                break;
            }
            if !b.para_start {
                continue;
            }
            let tl = &lines[b.line];
            let tol = 0.5 * tl.size.max(4.0);
            let raw = body.text[b.start..ends[bi]].trim();
            let s = content_start(rules, body, b.start, ends[bi]);
            let e = ends[bi];
            let text = body.text[s..e].trim();
            if !b.heading && rules.labels.lists.heading.is_match(text) {
                close(&mut list, &mut out, &mut closing_at, false);
                list = Some(Open {
                    log: rules.labels.lists.log_heading.is_match(text),
                    found: Vec::new(),
                    head_x: tl.x0,
                    head_bulleted: bulleted(rules, raw),
                    head_page: tl.page,
                    level: None,
                });
                continue;
            }
            if b.heading {
                close(&mut list, &mut out, &mut closing_at, false);
                continue;
            }
            let Some(l) = list.as_mut() else {
                // `→ JS to write to ...`: an entry marked as an action
                // outside any list.
                let marker = &rules.labels.lists.marker;
                if (marker.is_match(raw) || marker.is_match(text))
                    && status_of(rules, text).is_none()
                    && !overlaps(ii, b.start, e)
                {
                    // After a bullet (`• → JS to ...`) the arrow is left:
                    // the entry starts after it (`text` ends where the
                    // trimmed paragraph does).
                    let s = match marker.find(text) {
                        Some(m) => {
                            let end = s + body.text[s..e].trim_end().len();
                            end - text[m.end()..].trim_start().len()
                        }
                        None => s,
                    };
                    let e = s + body.text[s..e].trim_end().len();
                    if let Some((owners, why)) = entry_owners(rules, body, s, e, knows) {
                        out.push(entry_span(ii, s, e, owners, why));
                    }
                }
                continue;
            };
            if l.head_bulleted && tl.page == l.head_page && tl.x0 <= l.head_x + tol {
                close(&mut list, &mut out, &mut closing_at, false);
                continue;
            }
            match l.level {
                None => l.level = Some((tl.x0, tl.page)),
                Some((x, page)) if tl.page != page && tl.x0 < x - tol => {
                    l.level = Some((tl.x0, tl.page));
                }
                Some((x, page)) if tl.page == page && tl.x0 < x - tol => {
                    close(&mut list, &mut out, &mut closing_at, false);
                    continue;
                }
                // A deeper paragraph notes the entry above; in a list of
                // new actions (not a review of earlier ones) it may add one
                // of its own (`○ ... Secs to put that in the handover`).
                Some((x, _)) if tl.x0 > x + tol => {
                    if l.log {
                        continue;
                    }
                }
                Some((x, _)) => l.level = Some((x, tl.page)),
            }
            if status_of(rules, text).is_some() || overlaps(ii, b.start, e) {
                continue;
            }
            let e = s + body.text[s..e].trim_end().len();
            let e = match status_suffix(rules, &body.text[s..e]) {
                Some((_, at)) => s + at,
                None => e,
            };
            match entry_owners(rules, body, s, e, knows) {
                Some((owners, why)) => {
                    l.found.push(out.len());
                    out.push(entry_span(ii, s, e, owners, why));
                }
                None if !bulleted(rules, raw) && tl.x0 <= l.head_x + tol => {
                    close(&mut list, &mut out, &mut closing_at, false)
                }
                None => {}
            }
        }
        close(&mut list, &mut out, &mut closing_at, true);
    }
    Listed {
        found: out,
        closing: closing_at,
    }
}

/// The status of each action in `found` (sorted by item and start): a
/// status paragraph belongs to the nearest action before it in its item,
/// a status closing the action's own text to that action.
/// On one page a status paragraph must sit deeper than the action's own
/// paragraph (its child bullet); across a page break indents may reset.
pub fn statuses(
    rules: &RuleSet,
    items: &[ItemSpan],
    lines: &[TextLine],
    found: &[OwnerSpan],
) -> Vec<Option<Status>> {
    let mut out: Vec<Option<Status>> = found
        .iter()
        .map(|f| {
            let body = &items[f.item].body;
            let line_end = body.lines[body.line_at(f.end.min(body.text.len()))].end;
            // 80 bytes past the action, back to a char boundary: the
            // window must not end inside a character (a fuzz finding).
            let end = super::actions::floor_boundary(&body.text, (f.end + 80).min(line_end));
            let tail = &body.text[f.start..end.max(f.end).min(body.text.len())];
            status_suffix(rules, tail.trim_end()).map(|(s, _)| s)
        })
        .collect();
    for (ii, it) in items.iter().enumerate() {
        let body = &it.body;
        let ends = para_ends(body);
        let heads = super::actions::para_heads(body);
        let lo = found.partition_point(|f| f.item < ii);
        let hi = found.partition_point(|f| f.item <= ii);
        for (bi, b) in body.lines.iter().enumerate() {
            if super::halt::poll() {
                break;
            }
            if !b.para_start || b.heading {
                continue;
            }
            let s = content_start(rules, body, b.start, ends[bi]);
            let Some(st) = status_of(rules, &body.text[s..ends[bi]]) else {
                continue;
            };
            // The nearest action that starts before this paragraph.
            let k = lo + found[lo..hi].partition_point(|f| f.start < b.start);
            if k == lo {
                continue;
            }
            let k = k - 1;
            let f = &found[k];
            // The first line of the action's paragraph.
            let head = heads[body.line_at(f.start)];
            let (al, sl) = (&lines[body.lines[head].line], &lines[b.line]);
            let child = al.page != sl.page || sl.x0 > al.x0 + 0.5 * sl.size.max(4.0);
            if child && f.source != Source::Inferred && out[k].is_none() {
                out[k] = Some(st);
            }
        }
    }
    out
}

fn words(s: &str) -> std::collections::BTreeSet<String> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() > 2)
        .map(str::to_lowercase)
        .collect()
}

/// Links each log entry to the body action it restates, both ways: same
/// owners and at least half of the shorter text's words shared. Each body
/// action is linked once.
pub fn link_logs(actions: &mut [Action]) {
    /// Body actions compared per log entry, at most (keeps hostile
    /// documents with huge lists near-linear).
    const MAX_CANDIDATES: usize = 64;
    let mut used = vec![false; actions.len()];
    let texts: Vec<_> = actions.iter().map(|a| words(&a.text)).collect();
    let mut by_owners: std::collections::HashMap<Vec<String>, Vec<usize>> =
        std::collections::HashMap::new();
    for (j, b) in actions.iter().enumerate() {
        if !matches!(b.source, Source::Log | Source::Inferred) {
            let tokens = b.owner_tokens().map(str::to_string).collect();
            by_owners.entry(tokens).or_default().push(j);
        }
    }
    for i in 0..actions.len() {
        if actions[i].source != Source::Log {
            continue;
        }
        let mut best: Option<(usize, f32)> = None;
        let tokens: Vec<String> = actions[i].owner_tokens().map(str::to_string).collect();
        let cands = by_owners.get(&tokens).map(Vec::as_slice).unwrap_or(&[]);
        for &j in cands.iter().take(MAX_CANDIDATES).filter(|&&j| !used[j]) {
            let shared = texts[i].intersection(&texts[j]).count() as f32;
            let small = texts[i].len().min(texts[j].len()).max(1) as f32;
            let score = shared / small;
            if score >= 0.5 && best.is_none_or(|(_, s)| score > s) {
                best = Some((j, score));
            }
        }
        if let Some((j, _)) = best {
            used[j] = true;
            // Linked both ways: the body action names its log row too.
            let id = actions[j].id.clone();
            actions[i].same_as = Some(id);
            actions[j].same_as = Some(actions[i].id.clone());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bracketed_abbreviations_are_not_owners() {
        assert!(abbreviates("3 Lochs Way ", "TLW"));
        assert!(abbreviates("Parent Teacher Association", "PTA"));
        assert!(!abbreviates("Regular events on the calendar", "CW"));
        assert!(!abbreviates("Sponsorship", "AC"));
    }

    #[test]
    fn status_words_and_classes() {
        let r = RuleSet::embedded();
        let class = |t: &str| status_of(&r, t).map(|s| s.class);
        assert_eq!(class("Action Complete").as_deref(), Some("done"));
        assert_eq!(class("Action carried forwards").as_deref(), Some("open"));
        assert_eq!(class("Action in progress").as_deref(), Some("open"));
        assert_eq!(class("Action pending").as_deref(), Some("open"));
        assert_eq!(class("Action cancelled").as_deref(), Some("cancelled"));
        assert_eq!(
            class("Action reassigned to RJ for 17th Feb").as_deref(),
            Some("reassigned")
        );
        assert_eq!(class("Done").as_deref(), Some("done"));
        // Sentences that mention a state are not statuses.
        assert_eq!(class("This has been done and he says it is fine"), None);
        assert_eq!(class("Action HP: Set up the server"), None);
        let (st, at) = status_suffix(&r, "CH to email the society - done").unwrap();
        assert_eq!(st.class, "done");
        assert_eq!(at, "CH to email the society".len());
    }
}
