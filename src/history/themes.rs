//! Themes: `rules/themes.toml` maps words and phrases to themes; every
//! agenda item and action is tagged with the themes whose phrases occur in
//! it. One regex per theme (all its phrases as alternatives, on word
//! boundaries) keeps tagging a single pass over each text.
//!
//! Those regexes start and end with a Unicode `\b`, which the regex crate's
//! DFAs cannot follow over non-ASCII text (a dash, a curly quote): there it
//! falls back to its much slower PikeVM, and tagging every item text of an
//! archive took a sixth of a whole `scan`. So one [`RegexSet`] of the same
//! phrases without the `\b`s (a DFA pass over each text, whatever its
//! characters) first says which themes can match at all; only those run
//! their full regex. A text the set rules out cannot match the full regex
//! (it is the same alternation with two more conditions), so the themes
//! found are the same.

use super::config::RulesError;
use regex::{Regex, RegexBuilder, RegexSet};
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ThemesFile {
    #[serde(default = "default_recurring")]
    recurring_min_meetings: usize,
    #[serde(default)]
    discover: Option<DiscoverEntry>,
    #[serde(default)]
    theme: Vec<ThemeEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DiscoverEntry {
    min_meetings: usize,
    min_years: usize,
    max_phrases: usize,
    #[serde(default)]
    ignore_titles: Vec<String>,
    #[serde(default)]
    stop_words: Vec<String>,
}

/// How themes are discovered from the archive (`[discover]` of
/// `themes.toml`; see [`super::discover`]). Absent: none are.
#[derive(Debug, Clone, Default)]
pub struct DiscoverRules {
    pub min_meetings: usize,
    pub min_years: usize,
    pub max_phrases: usize,
    pub ignore_titles: Vec<Regex>,
    pub stop_words: std::collections::BTreeSet<String>,
}

fn default_recurring() -> usize {
    3
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ThemeEntry {
    name: String,
    #[serde(default)]
    phrases: Vec<String>,
    #[serde(default)]
    exact_case: Vec<String>,
}

#[derive(Debug, Clone)]
struct Theme {
    name: String,
    any_case: Option<Regex>,
    exact_case: Option<Regex>,
    /// Indexes into [`Themes::prefilter`] of the two regexes above.
    any_case_pre: Option<usize>,
    exact_case_pre: Option<usize>,
}

/// The compiled theme list, in file order.
#[derive(Debug, Clone)]
pub struct Themes {
    themes: Vec<Theme>,
    /// Every theme regex without its `\b`s: which can match a text.
    prefilter: RegexSet,
    /// Meetings a theme needs to be called recurring.
    pub recurring_min_meetings: usize,
    /// Themes found from the archive itself; `None`: none are.
    pub discover: Option<DiscoverRules>,
}

impl Default for Themes {
    fn default() -> Self {
        Themes {
            themes: Vec::new(),
            prefilter: RegexSet::empty(),
            recurring_min_meetings: default_recurring(),
            discover: None,
        }
    }
}

/// A phrase as a regex fragment: spaces match any white space, a hyphen
/// matches a hyphen (or dash), white space or nothing, so `anti-social`
/// also finds `anti social` and `antisocial`.
fn phrase_pattern(phrase: &str) -> String {
    let mut out = String::new();
    for (i, part) in phrase.split_whitespace().enumerate() {
        if i > 0 {
            out.push_str(r"\s+");
        }
        for (j, piece) in part.split('-').enumerate() {
            if j > 0 {
                out.push_str(r"[-\u{2010}\u{2011}\u{2013}\s]?");
            }
            out.push_str(&regex::escape(piece));
        }
    }
    out
}

/// The alternation of `phrases` (empty: no regex), as a regex fragment.
fn alternation(phrases: &[String]) -> Option<String> {
    let alts: Vec<String> = phrases
        .iter()
        .filter(|p| !p.trim().is_empty())
        .map(|p| phrase_pattern(p))
        .collect();
    (!alts.is_empty()).then(|| format!("(?:{})", alts.join("|")))
}

fn compile(
    name: &str,
    phrases: &[String],
    case_insensitive: bool,
) -> Result<Option<Regex>, RulesError> {
    let Some(alts) = alternation(phrases) else {
        return Ok(None);
    };
    // `\b` on both sides: a phrase matches whole words only.
    let pat = format!(r"\b{alts}\b");
    RegexBuilder::new(&pat)
        .case_insensitive(case_insensitive)
        .build()
        .map(Some)
        .map_err(|e| RulesError::new("themes.toml", format!("theme {name:?}: {e}")))
}

impl Themes {
    /// Parses `themes.toml`.
    pub fn parse(text: &str) -> Result<Themes, RulesError> {
        let file: ThemesFile =
            toml::from_str(text).map_err(|e| RulesError::new("themes.toml", e.to_string()))?;
        let mut themes = Vec::new();
        let mut pre: Vec<String> = Vec::new();
        let mut pre_index = |alts: Option<String>, case_insensitive: bool| {
            alts.map(|a| {
                pre.push(if case_insensitive {
                    format!("(?i:{a})")
                } else {
                    a
                });
                pre.len() - 1
            })
        };
        for t in file.theme {
            let name = t.name.trim().to_string();
            if name.is_empty() {
                return Err(RulesError::new(
                    "themes.toml",
                    "a [[theme]] has an empty name",
                ));
            }
            if themes.iter().any(|x: &Theme| x.name == name) {
                return Err(RulesError::new(
                    "themes.toml",
                    format!("theme {name:?} is defined twice"),
                ));
            }
            let any_case = compile(&name, &t.phrases, true)?;
            let exact_case = compile(&name, &t.exact_case, false)?;
            themes.push(Theme {
                any_case_pre: pre_index(alternation(&t.phrases), true),
                exact_case_pre: pre_index(alternation(&t.exact_case), false),
                any_case,
                exact_case,
                name,
            });
        }
        let discover = match file.discover {
            None => None,
            Some(d) => Some(DiscoverRules {
                min_meetings: d.min_meetings.max(2),
                min_years: d.min_years.max(1),
                max_phrases: d.max_phrases,
                ignore_titles: d
                    .ignore_titles
                    .iter()
                    .map(|p| {
                        Regex::new(p).map_err(|e| {
                            RulesError::new("themes.toml", format!("discover.ignore_titles: {e}"))
                        })
                    })
                    .collect::<Result<_, _>>()?,
                stop_words: d.stop_words.iter().map(|w| w.to_lowercase()).collect(),
            }),
        };
        let prefilter = RegexSet::new(&pre)
            .map_err(|e| RulesError::new("themes.toml", format!("theme phrases: {e}")))?;
        Ok(Themes {
            themes,
            prefilter,
            recurring_min_meetings: file.recurring_min_meetings.max(1),
            discover,
        })
    }

    pub fn len(&self) -> usize {
        self.themes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.themes.is_empty()
    }

    /// Theme names in file order.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.themes.iter().map(|t| t.name.as_str())
    }

    /// The themes any of `texts` mentions, in file order.
    pub fn find(&self, texts: &[&str]) -> Vec<String> {
        if self.themes.is_empty() {
            return Vec::new();
        }
        // Per text, which regexes the prefilter lets through.
        let maybe: Vec<regex::SetMatches> =
            texts.iter().map(|s| self.prefilter.matches(s)).collect();
        let hit = |re: &Option<Regex>, pre: Option<usize>| {
            let (Some(re), Some(k)) = (re, pre) else {
                return false;
            };
            texts
                .iter()
                .zip(&maybe)
                .any(|(s, m)| m.matched(k) && re.is_match(s))
        };
        self.themes
            .iter()
            .filter(|t| hit(&t.any_case, t.any_case_pre) || hit(&t.exact_case, t.exact_case_pre))
            .map(|t| t.name.clone())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn themes() -> Themes {
        Themes::parse(
            r#"
            [[theme]]
            name = "ASB"
            phrases = ["anti-social behaviour"]
            exact_case = ["ASB"]
            [[theme]]
            name = "Prevent"
            exact_case = ["Prevent"]
            [[theme]]
            name = "Drugs"
            phrases = ["drug", "substance misuse"]
            "#,
        )
        .unwrap()
    }

    #[test]
    fn phrases_match_whole_words_case_insensitively() {
        let t = themes();
        assert_eq!(
            t.find(&["Crime, Anti-Social Behaviour and Tasking"]),
            vec!["ASB"]
        );
        assert_eq!(t.find(&["antisocial  behaviour"]), vec!["ASB"]);
        assert_eq!(t.find(&["anti social\nbehaviour"]), vec!["ASB"]);
        assert_eq!(t.find(&["SUBSTANCE MISUSE"]), vec!["Drugs"]);
        // Word boundaries: `drug` is not in `drugstore`, `ASB` not in `WASBY`.
        assert!(t.find(&["drugstore", "WASBY"]).is_empty());
    }

    #[test]
    fn exact_case_phrases_keep_their_case() {
        let t = themes();
        assert_eq!(t.find(&["Prevent and Channel Panel"]), vec!["Prevent"]);
        assert!(t.find(&["to prevent repeats"]).is_empty());
        assert!(t.find(&["asb"]).is_empty());
        assert_eq!(t.find(&["an ASB hotspot", "drug"]), vec!["ASB", "Drugs"]);
    }

    #[test]
    fn bad_theme_files_name_the_problem() {
        let e = Themes::parse("[[theme]]\nname = \"x\"\nphrases = 3\n").unwrap_err();
        assert!(e.to_string().starts_with("themes.toml:"), "{e}");
        assert!(e.to_string().contains("line 3"), "{e}");
        let e = Themes::parse("[[theme]]\nname = \"x\"\n[[theme]]\nname = \"x\"\n").unwrap_err();
        assert!(e.to_string().contains("twice"), "{e}");
    }
}
