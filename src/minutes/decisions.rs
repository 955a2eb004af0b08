//! Decisions: what a meeting resolved or agreed (`RESOLVED: That the report
//! be noted`, `Resolved that ...`, `AGREED: ...`, `DECISION: ...`), read
//! from the items' minute text by the labels of `rules/decisions.toml`.
//!
//! A label counts only at the start of a line: the minute's own
//! "RESOLVED:" paragraph, never a word in running prose, so that a
//! decision is never invented from a sentence that merely mentions one.
//! The text runs to the end of the label's paragraph, and on over the next
//! paragraphs while it ends with `:`, `;`, `and` or `or` (a numbered list
//! of resolutions), stopping at another label or a heading.

use super::items::ItemSpan;
use super::rows::TextLine;
use crate::model::Decision;
use crate::rules::RuleSet;

/// Where the decisions of one document come from (their provenance).
pub struct DecisionSource<'a> {
    pub document: &'a str,
    /// Content hash of the document (stable ids).
    pub sha: &'a str,
    pub organisation: &'a str,
    pub date: Option<&'a str>,
}

/// A label found on a line: rule index, byte offset (in the body text) of
/// the label and of the decision's text.
struct Hit {
    rule: usize,
    label_at: usize,
    text_at: usize,
}

fn label_on(rules: &RuleSet, line: &str, start: usize) -> Option<Hit> {
    // A bullet or list dash before the label is not part of it.
    let trimmed = line
        .trim_start()
        .trim_start_matches(['•', '·', '▪', '◦', '*', '-', '–'])
        .trim_start();
    let lead = line.len() - trimmed.len();
    rules
        .decisions
        .labels
        .iter()
        .enumerate()
        .find_map(|(i, r)| {
            let c = r.re.captures(trimmed)?;
            // `rest`, or `rest2`, `rest3`… in alternatives of one pattern.
            let rest = c
                .iter()
                .zip(r.re.capture_names())
                .find_map(|(m, n)| m.filter(|_| n.is_some_and(|n| n.starts_with("rest"))))?;
            Some(Hit {
                rule: i,
                label_at: start + lead,
                text_at: start + lead + rest.start(),
            })
        })
}

/// The decision rule (index into `rules.decisions.labels`) whose label
/// opens `line`, as [`find`] reads it (for `minutes explain`).
pub fn label_rule(rules: &RuleSet, line: &str) -> Option<usize> {
    label_on(rules, line, 0).map(|h| h.rule)
}

/// Whether a decision's text so far asks for the next paragraph.
fn runs_on(text: &str) -> bool {
    let t = text.trim_end();
    t.ends_with([':', ';', ',', '–', '—'])
        || t.ends_with(" and")
        || t.ends_with(" or")
        || t.ends_with(" AND")
        // `RESOLVED: That` on a line of its own, the resolutions below.
        || t.eq_ignore_ascii_case("that")
}

/// White space folded.
fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Cut at a word boundary to at most `max` characters.
fn cap(s: String, max: usize) -> String {
    if s.chars().count() <= max {
        return s;
    }
    let cut: String = s.chars().take(max).collect();
    let cut = match cut.rfind(' ') {
        Some(i) if i > 0 => cut[..i].to_string(),
        _ => cut,
    };
    format!("{}…", cut.trim_end())
}

/// The decisions of a document's items, in reading order.
pub fn find(
    rules: &RuleSet,
    items: &[ItemSpan],
    lines: &[TextLine],
    at: &DecisionSource,
) -> Vec<Decision> {
    let mut out = Vec::new();
    if rules.decisions.labels.is_empty() {
        return out;
    }
    for it in items {
        let body = &it.body;
        // Labels per body line (heading lines never carry one).
        let hits: Vec<Option<Hit>> = body
            .lines
            .iter()
            .map(|l| {
                if l.heading {
                    return None;
                }
                let text = body.text.get(l.start..l.end)?;
                label_on(rules, text, l.start)
            })
            .collect();
        for (i, hit) in hits.iter().enumerate() {
            if super::halt::poll() {
                break;
            }
            let Some(hit) = hit else { continue };
            // Where this decision's text stops: the end of its paragraph,
            // extended while the text runs on, never past another label
            // or a heading line.
            let stop_line = |j: usize| hits[j].is_some() || body.lines[j].heading;
            let mut end = body.para_end(i);
            let mut j = i + 1;
            while j < body.lines.len() && body.lines[j].start < end {
                if stop_line(j) {
                    end = body.lines[j].start;
                    break;
                }
                j += 1;
            }
            while j < body.lines.len()
                && !stop_line(j)
                && runs_on(body.text.get(hit.text_at..end).unwrap_or(""))
            {
                end = body.para_end(j);
                j += 1;
                while j < body.lines.len() && body.lines[j].start < end {
                    if stop_line(j) {
                        end = body.lines[j].start;
                        break;
                    }
                    j += 1;
                }
            }
            let text = squash(body.text.get(hit.text_at..end).unwrap_or(""));
            if text.is_empty() {
                continue;
            }
            let label = squash(
                body.text
                    .get(hit.label_at..hit.text_at)
                    .unwrap_or("")
                    .trim_end_matches([':', '–', '—', '-', ',', ' ']),
            );
            let text = cap(text, rules.decisions.max_chars);
            let rule = &rules.decisions.labels[hit.rule];
            let title = if it.heading.title.is_empty() {
                it.parent_title.clone().unwrap_or_default()
            } else {
                it.heading.title.clone()
            };
            out.push(Decision {
                id: decision_id(at.sha, &it.heading.key, &text),
                document: at.document.to_string(),
                organisation: at.organisation.to_string(),
                meeting_date: at.date.map(str::to_string),
                item: it.heading.key.clone(),
                item_title: title,
                kind: rule.kind.clone(),
                label,
                text,
                page: lines
                    .get(body.lines[i].line)
                    .map(|l| l.page)
                    .unwrap_or(it.page),
            });
        }
    }
    out
}

/// A stable id: the document's content hash, item and text.
fn decision_id(sha: &str, item: &str, text: &str) -> String {
    let mut h = blake3::Hasher::new();
    for part in ["decision", sha, item, text] {
        h.update(part.as_bytes());
        h.update(&[0]);
    }
    h.finalize().to_hex()[..16].to_string()
}

#[cfg(test)]
mod tests {
    use crate::rules::RuleSet;

    fn kind_and_rest(line: &str) -> Option<(String, String)> {
        let rules = RuleSet::embedded();
        let h = super::label_on(&rules, line, 0)?;
        Some((
            rules.decisions.labels[h.rule].kind.clone(),
            line[h.text_at..].to_string(),
        ))
    }

    #[test]
    fn labels_at_the_start_of_a_line_are_decisions() {
        for (line, kind, rest) in [
            (
                "RESOLVED: That the report be noted.",
                "resolved",
                "That the report be noted.",
            ),
            (
                "RESOLVED:  That the draft be received",
                "resolved",
                "That the draft be received",
            ),
            (
                "Resolved that the budget be approved.",
                "resolved",
                "that the budget be approved.",
            ),
            (
                "RESOLVED – that the minutes be signed",
                "resolved",
                "that the minutes be signed",
            ),
            (
                "It was RESOLVED that the item be deferred",
                "resolved",
                "that the item be deferred",
            ),
            (
                "RESOLVED (unanimously): That X be appointed",
                "resolved",
                "That X be appointed",
            ),
            (
                "AGREED: the accounts be adopted",
                "agreed",
                "the accounts be adopted",
            ),
            ("AGREED that the fees stay", "agreed", "that the fees stay"),
            (
                "Agreed: to hold the AGM in May",
                "agreed",
                "to hold the AGM in May",
            ),
            (
                "DECISION: Approve the grant",
                "decision",
                "Approve the grant",
            ),
            (
                "Decision – the hall to be hired",
                "decision",
                "the hall to be hired",
            ),
        ] {
            assert_eq!(
                kind_and_rest(line),
                Some((kind.to_string(), rest.to_string())),
                "{line}"
            );
        }
    }

    #[test]
    fn prose_that_mentions_a_decision_is_not_one() {
        for line in [
            "It was agreed that DP would write to the chairs.",
            "The issue was resolved before the meeting.",
            "Resolved issues are listed in the appendix",
            "Agreed actions from the last meeting",
            "The decision was taken to defer",
            "Decisions of the Cabinet were noted",
            "Decision papers",
            "Decisions",
            "RESOLVED",
            "Members AGREED: to note it",
        ] {
            assert_eq!(kind_and_rest(line), None, "{line}");
        }
    }

    #[test]
    fn run_on_and_cap() {
        assert!(super::runs_on("That: "));
        assert!(super::runs_on("That"));
        assert!(super::runs_on("(1) the report be noted; and"));
        assert!(!super::runs_on("That the report be noted."));
        let s = super::cap("one two three four".into(), 9);
        assert_eq!(s, "one two…");
    }
}
