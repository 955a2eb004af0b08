//! Rule regexes with long counted repeats of a character class
//! (`\p{Lu}[\p{L}/&,\s]{0,60}?`, `[^,.;()]{0,40}?`), matched exactly as
//! written but without paying for the repeat at start-up.
//!
//! Why: the regex crate compiles `x{0,60}` as sixty copies of `x`, and a
//! Unicode class such as `\p{L}` is a large automaton, so a handful of
//! owner clauses cost more to compile than every other rule together, on
//! every run, although most documents never need the cap to decide a
//! match.
//!
//! How: a [`CappedRegex`] compiles its pattern with each long counted
//! repeat of a one-character class made unbounded (`{m,}`) and captured in
//! a group of its own. A match of that pattern in which every such group
//! holds at most its cap's number of characters is exactly the match of
//! the pattern as written: the written pattern's matches are the uncapped
//! pattern's matches that keep the caps, in the same order of preference
//! (leftmost start, then leftmost-first), so when the preferred uncapped
//! match keeps them it is also the preferred written one. Only when it
//! breaks a cap is a slower pattern compiled (once, on first need) and
//! asked instead, except where the answer is known without it: in a
//! pattern anchored at the start, a lazy repeat reached with no choice
//! left behind it (everything before it matches one way, and it sits in
//! the last branch of any alternation around it) that the preferred match
//! runs past its cap means no match as written, since every shorter run of
//! it was tried first and failed. The slower pattern keeps only those
//! repeats uncapped (so it is exact by the same reasoning) and the others
//! as written. A repeat nested in another repeat that
//! can run more than once is left as written, since its group would only
//! show the last run.

use regex::{Captures, Regex};
use regex_syntax::ast::{
    self, AssertionKind, Ast, Flag, FlagsItemKind, GroupKind, RepetitionKind, RepetitionRange,
};
use std::sync::OnceLock;

/// Counted repeats allowing fewer extra runs than this are left as
/// written: they are cheap to compile.
const MIN_SPAN: u32 = 8;

/// Prefix of the groups added around uncapped repeats.
const GROUP_PREFIX: &str = "__cap";

/// A rule regex with long counted repeats compiled lazily; see the module
/// documentation. Read its matches by group name: the fast pattern has
/// extra groups, so group numbers may differ from the pattern as written.
#[derive(Debug, Clone)]
pub struct CappedRegex {
    /// The pattern with its long repeats uncapped (or as written, when it
    /// has none: then `caps` is empty and it is the exact regex).
    fast: Regex,
    /// Each uncapped repeat: its group's name, its cap in characters, and
    /// whether running past the cap means no match as written.
    caps: Vec<Cap>,
    /// The pattern with only the `decided` repeats uncapped (as written
    /// when there are none), compiled on the first match that breaks
    /// another cap.
    exact: OnceLock<Option<Regex>>,
    exact_source: String,
    source: String,
    build: fn(&str) -> Result<Regex, regex::Error>,
}

impl CappedRegex {
    /// Compiles `source` with `build` (the rule files' regex options). An
    /// error is the error of `source` itself.
    pub fn new(
        source: &str,
        build: fn(&str) -> Result<Regex, regex::Error>,
    ) -> Result<CappedRegex, regex::Error> {
        let (fast_source, exact_source, caps) = uncap(source);
        let fast = if caps.is_empty() {
            build(source)?
        } else {
            match build(&fast_source) {
                Ok(re) => re,
                // Whatever went wrong, report it for the pattern as written.
                Err(_) => return build(source).map(|re| CappedRegex::exact(re, source, build)),
            }
        };
        Ok(CappedRegex {
            fast,
            caps,
            exact: OnceLock::new(),
            exact_source,
            source: source.to_string(),
            build,
        })
    }

    fn exact(re: Regex, source: &str, build: fn(&str) -> Result<Regex, regex::Error>) -> Self {
        CappedRegex {
            fast: re,
            caps: Vec::new(),
            exact: OnceLock::new(),
            exact_source: source.to_string(),
            source: source.to_string(),
            build,
        }
    }

    /// The pattern as written in the rule file.
    pub fn as_str(&self) -> &str {
        &self.source
    }

    /// Whether the pattern has a group called `name`.
    pub fn has_group(&self, name: &str) -> bool {
        self.fast.capture_names().flatten().any(|n| n == name)
    }

    /// Whether the pattern as written matches somewhere in `haystack`.
    pub fn is_match(&self, haystack: &str) -> bool {
        if self.caps.is_empty() {
            return self.fast.is_match(haystack);
        }
        self.captures(haystack).is_some()
    }

    /// The leftmost-first match in `haystack` of the pattern as written,
    /// with its groups (read them by name).
    pub fn captures<'h>(&self, haystack: &'h str) -> Option<Captures<'h>> {
        let c = self.fast.captures(haystack)?;
        let broken = |cap: &&Cap| {
            c.name(&cap.group)
                .is_some_and(|m| m.as_str().chars().nth(cap.max).is_some())
        };
        let mut broken = self.caps.iter().filter(broken).peekable();
        if broken.peek().is_none() {
            return Some(c);
        }
        if broken.any(|cap| cap.decided) {
            return None;
        }
        // The slower pattern compiled when the fast one did, except past
        // the crate's size limit; then the fast match stands.
        let Some(re) = self
            .exact
            .get_or_init(|| (self.build)(&self.exact_source).ok())
        else {
            return Some(c);
        };
        let c = re.captures(haystack)?;
        let broken = self.caps.iter().filter(|cap| cap.decided).any(|cap| {
            c.name(&cap.group)
                .is_some_and(|m| m.as_str().chars().nth(cap.max).is_some())
        });
        (!broken).then_some(c)
    }
}

/// One uncapped repeat of a [`CappedRegex`].
#[derive(Debug, Clone, PartialEq)]
struct Cap {
    /// The group added around it.
    group: String,
    /// Its cap, in characters.
    max: usize,
    /// A match running past the cap means no match as written (see the
    /// module documentation).
    decided: bool,
}

/// `source` with each long counted repeat of a one-character class
/// rewritten as an unbounded repeat in a named group; the same with only
/// the `decided` ones rewritten; and those groups. Nothing is rewritten
/// when `source` does not parse (the regex crate then reports the error)
/// or has no such repeat.
fn uncap(source: &str) -> (String, String, Vec<Cap>) {
    let none = || (source.to_string(), source.to_string(), Vec::new());
    let Ok(tree) = ast::parse::Parser::new().parse(source) else {
        return none();
    };
    let mut found = Vec::new();
    // Only a pattern anchored at its start (not per line) is tried at one
    // position only, and only with the usual greed do lazy repeats try
    // shorter runs first.
    let anchored = match &tree {
        Ast::Concat(c) => c.asts.first().is_some_and(|a| {
            matches!(a, Ast::Assertion(x)
                if matches!(x.kind, AssertionKind::StartLine | AssertionKind::StartText))
        }),
        _ => false,
    };
    let plain = !has_flag(&tree, Flag::MultiLine) && !has_flag(&tree, Flag::SwapGreed);
    repeats(&tree, true, anchored && plain, &mut found);
    if found.is_empty() || source.contains(GROUP_PREFIX) {
        return none();
    }
    let mut out = source.to_string();
    let mut decided = source.to_string();
    let mut caps = Vec::new();
    // From the end, so earlier offsets stay valid.
    found.sort_by_key(|r| std::cmp::Reverse(r.start));
    for (k, r) in found.iter().enumerate() {
        let name = format!("{GROUP_PREFIX}{k}");
        let lazy = if r.greedy { "" } else { "?" };
        let text = format!(
            "(?P<{name}>{}{{{},}}{lazy})",
            &source[r.sub.0..r.sub.1],
            r.min
        );
        out.replace_range(r.start..r.end, &text);
        if r.decided {
            decided.replace_range(r.start..r.end, &text);
        }
        caps.push(Cap {
            group: name,
            max: r.max as usize,
            decided: r.decided,
        });
    }
    (out, decided, caps)
}

/// A counted repeat found in the pattern: its span, its class's span, its
/// bounds and greed.
struct Repeat {
    start: usize,
    end: usize,
    sub: (usize, usize),
    min: u32,
    max: u32,
    greedy: bool,
    decided: bool,
}

/// Collects the long counted repeats of one-character classes in `a`;
/// `once` is false inside a repeat that can run more than once, `decided`
/// true while no choice is left behind on the way to `a`.
fn repeats(a: &Ast, once: bool, decided: bool, out: &mut Vec<Repeat>) {
    match a {
        Ast::Repetition(r) => {
            if let RepetitionKind::Range(RepetitionRange::Bounded(min, max)) = r.op.kind {
                let one_char = matches!(
                    *r.ast,
                    Ast::Literal(_)
                        | Ast::Dot(_)
                        | Ast::ClassUnicode(_)
                        | Ast::ClassPerl(_)
                        | Ast::ClassBracketed(_)
                );
                if once && one_char && max >= min.saturating_add(MIN_SPAN) {
                    let sub = r.ast.span();
                    out.push(Repeat {
                        start: r.span.start.offset,
                        end: r.span.end.offset,
                        sub: (sub.start.offset, sub.end.offset),
                        min,
                        max,
                        greedy: r.greedy,
                        decided: decided && !r.greedy,
                    });
                    return;
                }
            }
            let at_most_once = match &r.op.kind {
                RepetitionKind::ZeroOrOne => true,
                RepetitionKind::Range(RepetitionRange::Exactly(n)) => *n <= 1,
                RepetitionKind::Range(RepetitionRange::Bounded(_, n)) => *n <= 1,
                _ => false,
            };
            repeats(&r.ast, once && at_most_once, false, out);
        }
        Ast::Group(g) => repeats(&g.ast, once, decided, out),
        Ast::Alternation(x) => {
            let last = x.asts.len().saturating_sub(1);
            for (i, a) in x.asts.iter().enumerate() {
                repeats(a, once, decided && i == last, out);
            }
        }
        Ast::Concat(x) => {
            let mut before = decided;
            for a in &x.asts {
                repeats(a, once, before, out);
                before = before && one_way(a);
            }
        }
        _ => {}
    }
}

/// Whether `a` matches in one way only: no alternation, no repeat of a
/// varying count.
fn one_way(a: &Ast) -> bool {
    match a {
        Ast::Group(g) => one_way(&g.ast),
        Ast::Concat(x) => x.asts.iter().all(one_way),
        Ast::Alternation(x) => x.asts.len() == 1 && x.asts.iter().all(one_way),
        Ast::Repetition(r) => {
            matches!(
                r.op.kind,
                RepetitionKind::Range(RepetitionRange::Exactly(_))
            ) && one_way(&r.ast)
        }
        _ => true,
    }
}

/// Whether `flag` is set anywhere in `a`.
fn has_flag(a: &Ast, flag: Flag) -> bool {
    let in_flags = |f: &ast::Flags| {
        f.items
            .iter()
            .any(|i| matches!(&i.kind, FlagsItemKind::Flag(x) if *x == flag))
    };
    match a {
        Ast::Flags(f) => in_flags(&f.flags),
        Ast::Group(g) => {
            matches!(&g.kind, GroupKind::NonCapturing(f) if in_flags(f)) || has_flag(&g.ast, flag)
        }
        Ast::Repetition(r) => has_flag(&r.ast, flag),
        Ast::Alternation(x) => x.asts.iter().any(|a| has_flag(a, flag)),
        Ast::Concat(x) => x.asts.iter().any(|a| has_flag(a, flag)),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn build(s: &str) -> Result<Regex, regex::Error> {
        Regex::new(s)
    }

    fn owners<'h>(re: &CappedRegex, h: &'h str) -> Option<&'h str> {
        re.captures(h)
            .and_then(|c| c.name("owners"))
            .map(|m| m.as_str())
    }

    #[test]
    fn long_repeats_are_uncapped_in_groups_of_their_own() {
        let (s, d, caps) =
            uncap(r"^(?P<owners>\p{Lu}[\p{L}\s]{0,60}?)(?:\s+who\s+[^,.]{0,40}?)?\s+to\b");
        assert_eq!(
            s,
            r"^(?P<owners>\p{Lu}(?P<__cap1>[\p{L}\s]{0,}?))(?:\s+who\s+(?P<__cap0>[^,.]{0,}?))?\s+to\b"
        );
        assert_eq!(
            d,
            r"^(?P<owners>\p{Lu}(?P<__cap1>[\p{L}\s]{0,}?))(?:\s+who\s+[^,.]{0,40}?)?\s+to\b"
        );
        let cap = |group: &str, max, decided| Cap {
            group: group.into(),
            max,
            decided,
        };
        // The owners' run is reached with no choice left behind; the
        // clause's run is inside an optional group (skipping it is left).
        assert_eq!(
            caps,
            vec![cap("__cap0", 40, false), cap("__cap1", 60, true)]
        );
        for (p, decided) in [
            (r"(?P<owners>\p{Lu}[\p{L}\s]{0,60}?)\s+to", false),
            (r"(?m)^(?P<owners>\p{Lu}[\p{L}\s]{0,60}?)\s+to", false),
            (r"^(?P<owners>\p{Lu}[\p{L}\s]{0,60})\s+to", false),
            (
                r"^(?:the\s+)?(?P<owners>\p{Lu}[\p{L}\s]{0,60}?)\s+to",
                false,
            ),
            (r"^(?P<owners>\p{Lu}[\p{L}\s]{0,60}?|all)\s+to", false),
            (r"^(?P<owners>all|\p{Lu}[\p{L}\s]{0,60}?)\s+to", true),
        ] {
            assert_eq!(uncap(p).2[0].decided, decided, "{p}");
        }
        // Short repeats, repeats of more than one character and repeats
        // inside a repeat that runs more than once stay as written.
        for p in [
            r"\s{0,3}x",
            r"(?:ab){0,20}",
            r"(?:x[a-z]{0,20})+",
            r"[a-z]{5}",
        ] {
            assert_eq!(uncap(p), (p.to_string(), p.to_string(), Vec::new()), "{p}");
        }
    }

    #[test]
    fn matches_are_those_of_the_pattern_as_written() {
        let p = r"^(?P<owners>\p{Lu}[\p{L}/&,\s]{0,12}?)(?:\s+(?:who|that)\s+[^,.;()]{0,8}?)?\s+(?:to|will)\s+\p{Ll}";
        let fast = CappedRegex::new(p, build).unwrap();
        assert!(!fast.caps.is_empty());
        let exact = Regex::new(p).unwrap();
        let texts = [
            "JS to send the minutes",
            "Jo Smith and Al Brown to send",
            "Jo Smith and Al Brown and Cy to send",
            "Jo Smith and Al Brown, Cy Dee to send",
            "Jo who has time to send it",
            "Jo who has much more time to send it",
            "Jo to Bo who is to send",
            "Everyone will meet",
            "Ann, Bob, Cat, Dan, Eve, Fay will go",
            "Zoë and Åsa will write",
            "no capital to send",
        ];
        for t in texts {
            let want = exact
                .captures(t)
                .and_then(|c| c.name("owners"))
                .map(|m| m.as_str());
            assert_eq!(owners(&fast, t), want, "{t}");
            assert_eq!(
                fast.captures(t).map(|c| c.get(0).map(|m| m.range())),
                exact.captures(t).map(|c| c.get(0).map(|m| m.range())),
                "{t}"
            );
        }
        // The long ones broke a cap: the pattern as written answered.
        assert!(fast.exact.get().is_some());
    }

    #[test]
    fn many_texts_match_as_written() {
        let patterns = [
            r"^(?P<owners>(?i:everyone)|\p{Lu}[\p{L}/&,\s]{0,12}?)(?:\s+(?:who|that)\s+[^,.;()]{0,9}?)?(?:\s+also)?\s+(?:to|will)\s+\p{Ll}",
            r"^(?:(?i:the)\s+)?(?P<owners>[\p{Lu}][\p{L}/&\s.-]{0,10}?)\s+(?:is\s+to|to|will)\s",
            r"(?P<owners>\p{Lu}[\p{L}\s]{0,10}?)\s+(?:to|will)\b",
            r"^(?P<owners>\p{Lu}[\p{L}\s,]{2,11})\s+(?:to|will)\b",
            r"(?i)^enter\s+(?P<owners>[\w\s]{1,10})\s+here$",
        ];
        let words = [
            "Al", "Bo", "and", "who", "to", "will", "x", ",", "the", "The", "also", "is", "Zoë",
            "enter", "here", "(y)", "everyone",
        ];
        let mut seed: u64 = 7;
        let mut next = |n: usize| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) as usize % n
        };
        for p in patterns {
            let fast = CappedRegex::new(p, build).unwrap();
            assert!(!fast.caps.is_empty(), "{p}");
            let exact = Regex::new(p).unwrap();
            for _ in 0..3000 {
                let len = 1 + next(12);
                let t: Vec<&str> = (0..len).map(|_| words[next(words.len())]).collect();
                let t = t.join(" ");
                let spans = |c: Option<Captures>| {
                    c.map(|c| {
                        (
                            c.get(0).map(|m| m.range()),
                            c.name("owners").map(|m| m.range()),
                        )
                    })
                };
                assert_eq!(
                    spans(fast.captures(&t)),
                    spans(exact.captures(&t)),
                    "{p} on {t:?}"
                );
                assert_eq!(fast.is_match(&t), exact.is_match(&t), "{p} on {t:?}");
            }
        }
    }

    #[test]
    fn a_pattern_within_its_caps_never_compiles_the_written_one() {
        let re = CappedRegex::new(r"^(?P<owners>\p{Lu}[\p{L}\s]{0,60}?)\s+to\s", build).unwrap();
        assert_eq!(owners(&re, "Jo Smith to go"), Some("Jo Smith"));
        assert!(re.exact.get().is_none());
        assert!(re.has_group("owners"));
        assert!(re.is_match("Al to go"));
        // Owners of more than 61 characters: no match as written, known
        // without it.
        let long = "Al and Bo and Cy and Di and Ed and Fay and Gus and Hal and Ivy and Jo to go";
        assert!(!re.is_match(long));
        assert!(!Regex::new(re.as_str()).unwrap().is_match(long));
        assert!(re.exact.get().is_none());
        assert_eq!(re.as_str(), r"^(?P<owners>\p{Lu}[\p{L}\s]{0,60}?)\s+to\s");
    }

    #[test]
    fn a_bad_pattern_is_reported_as_written() {
        let e = CappedRegex::new(r"[a-z]{0,40}(", build).unwrap_err();
        assert!(e.to_string().contains("[a-z]{0,40}("), "{e}");
    }
}
