//! The history stage's rules: `rules/history.toml` (how actions link across
//! meetings, which agenda items recur) and `rules/themes.toml` (see
//! [`super::themes`]). Parsed once per run from the [`RuleSet`]'s raw text,
//! with every regex compiled and checked up front so that a bad rule stops
//! the run before any document is read.

use super::themes::Themes;
use crate::rules::RuleSet;
use regex::Regex;
use serde::Deserialize;
use thiserror::Error;

/// A rule file the history stage could not use. Names the file and, for a
/// bad pattern, the rule.
#[derive(Debug, Error)]
#[error("{file}: {message}")]
pub struct RulesError {
    pub file: String,
    pub message: String,
}

impl RulesError {
    /// `message` is folded onto one line: TOML and regex errors print
    /// several (a source excerpt with a caret), and an error must print as
    /// one line.
    pub(crate) fn new(file: &str, message: impl Into<String>) -> Self {
        let message: String = message.into();
        let one_line = message
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        RulesError {
            file: file.to_string(),
            message: one_line,
        }
    }
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct HistoryFile {
    #[serde(default)]
    carried_forward: CarriedFile,
    #[serde(default)]
    recurring_items: RecurringFile,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
struct CarriedFile {
    min_similarity: f64,
    min_contained_words: usize,
    ignore_in_text: Vec<String>,
    previous_meetings: usize,
    needs_evidence_for_owners: Vec<String>,
    evidence_item_titles: Vec<String>,
    evidence_phrases: Vec<String>,
    mid_sentence_before: Option<String>,
    same_item_is_evidence: bool,
    carried_neighbours_are_evidence: bool,
    compare_stop_words: Vec<String>,
}

impl Default for CarriedFile {
    fn default() -> Self {
        CarriedFile {
            min_similarity: 0.8,
            min_contained_words: 4,
            ignore_in_text: Vec::new(),
            previous_meetings: 1,
            needs_evidence_for_owners: Vec::new(),
            evidence_item_titles: Vec::new(),
            evidence_phrases: Vec::new(),
            mid_sentence_before: None,
            same_item_is_evidence: false,
            carried_neighbours_are_evidence: false,
            compare_stop_words: Vec::new(),
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
struct RecurringFile {
    min_meetings: usize,
    ignore_words: Vec<String>,
}

impl Default for RecurringFile {
    fn default() -> Self {
        RecurringFile {
            min_meetings: 2,
            ignore_words: Vec::new(),
        }
    }
}

/// Compiled carried-forward rules.
#[derive(Debug, Clone)]
pub struct CarriedRules {
    pub min_similarity: f64,
    /// 0: containment off.
    pub min_contained_words: usize,
    /// Removed from action texts before they are compared.
    pub ignore_in_text: Vec<Regex>,
    pub previous_meetings: usize,
    /// Resolved owner names (`all`, a group, a person) whose actions are
    /// carried forward only with evidence, folded by [`super::text::fold`]
    /// as `super::carried` folds each owner's resolved name before comparing.
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
    pub compare_stop_words: std::collections::BTreeSet<String>,
}

/// Compiled recurring-item rules.
#[derive(Debug, Clone)]
pub struct RecurringRules {
    pub min_meetings: usize,
    pub ignore_words: Vec<String>,
}

/// Everything the history stage takes from `rules/`.
#[derive(Debug, Clone)]
pub struct HistoryRules {
    pub carried: CarriedRules,
    pub recurring: RecurringRules,
    pub themes: Themes,
}

impl HistoryRules {
    /// Reads `history.toml` and `themes.toml` from the rule set. A missing
    /// file means its defaults (no themes; carried-forward by text and
    /// owners alone).
    pub fn from_rules(rules: &RuleSet) -> Result<HistoryRules, RulesError> {
        let themes = match rules.file_text("themes.toml") {
            Some(text) => Themes::parse(text)?,
            None => Themes::default(),
        };
        let file: HistoryFile = match rules.file_text("history.toml") {
            Some(text) => {
                toml::from_str(text).map_err(|e| RulesError::new("history.toml", e.to_string()))?
            }
            None => HistoryFile::default(),
        };
        let c = file.carried_forward;
        if !(0.0..=1.0).contains(&c.min_similarity) {
            return Err(RulesError::new(
                "history.toml",
                format!(
                    "carried_forward.min_similarity = {} is not between 0 and 1",
                    c.min_similarity
                ),
            ));
        }
        let compile = |key: &str, pats: &[String]| -> Result<Vec<Regex>, RulesError> {
            pats.iter()
                .map(|p| {
                    Regex::new(p).map_err(|e| {
                        RulesError::new(
                            "history.toml",
                            format!("carried_forward.{key}: bad pattern {p:?}: {e}"),
                        )
                    })
                })
                .collect()
        };
        Ok(HistoryRules {
            carried: CarriedRules {
                min_similarity: c.min_similarity,
                min_contained_words: c.min_contained_words,
                ignore_in_text: compile("ignore_in_text", &c.ignore_in_text)?,
                previous_meetings: c.previous_meetings.max(1),
                needs_evidence_for_owners: c
                    .needs_evidence_for_owners
                    .iter()
                    .map(|o| super::text::fold(o))
                    .collect(),
                evidence_item_titles: compile("evidence_item_titles", &c.evidence_item_titles)?,
                evidence_phrases: compile("evidence_phrases", &c.evidence_phrases)?,
                mid_sentence_before: compile(
                    "mid_sentence_before",
                    c.mid_sentence_before.as_slice(),
                )?
                .pop(),
                same_item_is_evidence: c.same_item_is_evidence,
                carried_neighbours_are_evidence: c.carried_neighbours_are_evidence,
                compare_stop_words: c
                    .compare_stop_words
                    .iter()
                    .map(|w| super::text::fold(w))
                    .collect(),
            },
            recurring: RecurringRules {
                min_meetings: file.recurring_items.min_meetings.max(1),
                ignore_words: file
                    .recurring_items
                    .ignore_words
                    .iter()
                    .map(|w| super::text::fold(w))
                    .collect(),
            },
            themes,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_rules_compile() {
        let r = HistoryRules::from_rules(&RuleSet::embedded()).unwrap();
        assert!(r.themes.len() >= 14);
        assert_eq!(r.carried.needs_evidence_for_owners, vec!["all".to_string()]);
        assert!(r.carried.evidence_item_titles[0].is_match("Minutes and Matters Arising"));
    }

    /// Found by fuzzing (`tests/fuzz_regressions/rules/`): TOML and regex
    /// errors print a multi-line excerpt, and the error must be one line.
    #[test]
    fn errors_are_one_line() {
        let base = RuleSet::embedded();
        for (file, text) in [
            ("themes.toml", "[[[ = '('"),
            (
                "history.toml",
                "[carried_forward]\nevidence_phrases = ['(']",
            ),
        ] {
            let files = base
                .file_names()
                .map(|n| {
                    let t = if n == file {
                        text
                    } else {
                        base.file_text(n).unwrap_or("")
                    };
                    (n.to_string(), t.to_string())
                })
                .collect();
            let rules = RuleSet::from_files(files).expect("minutes rules untouched");
            let e = HistoryRules::from_rules(&rules).unwrap_err().to_string();
            assert!(e.starts_with(file) && !e.contains('\n'), "{e}");
        }
    }
}
