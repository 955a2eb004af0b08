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
//!
//! The file is read (with the line of each error) by `spec::themes`; this
//! module holds the compiled list and how a text is tagged.

use regex::{Regex, RegexBuilder, RegexSet};

/// How themes are discovered from the archive (`[discover]` of
/// `themes.toml`; see `history::discover`). Absent: none are.
#[derive(Debug, Clone, Default)]
pub struct DiscoverRules {
    pub min_meetings: usize,
    pub min_years: usize,
    pub max_phrases: usize,
    pub ignore_titles: Vec<Regex>,
    pub stop_words: std::collections::BTreeSet<String>,
}

/// Meetings a theme needs to be called recurring when `themes.toml` does
/// not say (`recurring_min_meetings`).
pub(super) const DEFAULT_RECURRING: usize = 3;

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
            recurring_min_meetings: DEFAULT_RECURRING,
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

/// The regex of one theme's phrases (`None`: no phrases), whole words
/// only; the error is the regex crate's, on one line.
fn compile(phrases: &[String], case_insensitive: bool) -> Result<Option<Regex>, String> {
    let Some(alts) = alternation(phrases) else {
        return Ok(None);
    };
    // `\b` on both sides: a phrase matches whole words only.
    let pat = format!(r"\b{alts}\b");
    RegexBuilder::new(&pat)
        .case_insensitive(case_insensitive)
        .build()
        .map(Some)
        .map_err(|e| one_line(&e.to_string()))
}

/// A multi-line message (a regex error's source excerpt with a caret) as
/// one line: an error prints as one line.
fn one_line(message: &str) -> String {
    message
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// [`Themes`] built one theme at a time, in file order.
#[derive(Default)]
pub(super) struct ThemesBuilder {
    themes: Vec<Theme>,
    /// The prefilter's patterns so far.
    pre: Vec<String>,
}

impl ThemesBuilder {
    /// Whether a theme of this name was added already.
    pub(super) fn has(&self, name: &str) -> bool {
        self.themes.iter().any(|t| t.name == name)
    }

    /// Adds a theme matching `phrases` in any case and `exact_case` as
    /// written; the error (a phrase list too large to compile) on one line.
    pub(super) fn add(
        &mut self,
        name: &str,
        phrases: &[String],
        exact_case: &[String],
    ) -> Result<(), String> {
        let any_case = compile(phrases, true)?;
        let exact = compile(exact_case, false)?;
        let mut pre_index = |alts: Option<String>, case_insensitive: bool| {
            alts.map(|a| {
                self.pre.push(if case_insensitive {
                    format!("(?i:{a})")
                } else {
                    a
                });
                self.pre.len() - 1
            })
        };
        let any_case_pre = pre_index(alternation(phrases), true);
        let exact_case_pre = pre_index(alternation(exact_case), false);
        self.themes.push(Theme {
            name: name.to_string(),
            any_case,
            exact_case: exact,
            any_case_pre,
            exact_case_pre,
        });
        Ok(())
    }

    /// The list, with the prefilter of every theme's phrases.
    pub(super) fn finish(
        self,
        recurring_min_meetings: usize,
        discover: Option<DiscoverRules>,
    ) -> Result<Themes, String> {
        let prefilter = RegexSet::new(&self.pre).map_err(|e| one_line(&e.to_string()))?;
        Ok(Themes {
            themes: self.themes,
            prefilter,
            recurring_min_meetings,
            discover,
        })
    }
}

impl Themes {
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
        super::super::spec::themes(
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
        let parse = super::super::spec::themes;
        let e = parse("[[theme]]\nname = \"x\"\nphrases = 3\n").unwrap_err();
        assert!(e.to_string().starts_with("themes.toml:3: "), "{e}");
        let e = parse("[[theme]]\nname = \"x\"\n[[theme]]\nname = \"x\"\n").unwrap_err();
        assert_eq!(
            e.to_string(),
            "themes.toml:4: rule `x`: the theme is defined twice"
        );
        let e = parse("[[theme]]\nname = \" \"\n").unwrap_err();
        assert_eq!(
            e.to_string(),
            "themes.toml:2: rule `[[theme]]`: a [[theme]] has an empty name"
        );
    }
}
