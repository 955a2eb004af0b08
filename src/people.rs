//! People: attendee lists as printed (`Present`, `In attendance`,
//! `Apologies`) into [`Person`] records, and owner tokens (`LMcV`, `DP`,
//! `Dany Holmes`) resolved against the meeting's attendees, by the rules of
//! `rules/people.toml`.
//!
//! Initials resolve by *consuming* the token with prefixes of the name's
//! parts: the first name's initial, optional middle names, then the
//! surname's parts (hyphenated surnames are several parts), each giving a
//! non-empty prefix, case ignored. So `LMcV` and `LM` both fit Lynsey McVay,
//! `DPe` fits Deana Perchard, `SJG` fits Sarah Johnson-Griffiths and `AHol`
//! fits Alan Holzer. When several attendees fit, the clash rules decide or
//! the token stays ambiguous.

use crate::minutes::owners::{Kind, Token};
use crate::model::{Person, Resolution};
use crate::rules::{ClashRule, PeopleRules};

/// Splits an honorific off the front of a name (`Cllr Dave Cargill`).
pub fn split_title(rules: &PeopleRules, s: &str) -> (Option<String>, String) {
    let s = s.trim();
    let mut best: Option<&String> = None;
    for h in &rules.honorifics {
        let hl = h.len();
        if s.len() > hl + 1
            && s.get(..hl).is_some_and(|p| p.eq_ignore_ascii_case(h))
            && s.get(hl..).is_some_and(|r| r.starts_with([' ', '.']))
            && best.is_none_or(|b| b.len() < hl)
        {
            best = Some(h);
        }
    }
    match best {
        Some(h) => (
            Some(s[..h.len()].to_string()),
            s[h.len()..].trim_start_matches('.').trim().to_string(),
        ),
        None => (None, s.to_string()),
    }
}

/// Reads one attendee entry (`Alan Holzer (AHol)`, `Cllr Dave Cargill`,
/// `Shona Bendix (Chair)`) with an optional role printed beside it.
pub fn parse_entry(rules: &PeopleRules, entry: &str, role: Option<&str>) -> Option<Person> {
    let (base, brackets) = split_brackets(entry);
    let base = base.trim().trim_end_matches([':', ',', '.', ';']).trim();
    let (title, name) = split_title(rules, base);
    if !rules.name.is_match(&name) || rules.not_people.contains(&name.to_lowercase()) {
        return None;
    }
    let mut p = Person {
        name,
        title,
        role: None,
        initials: None,
        chair: false,
    };
    let mut roles: Vec<String> = Vec::new();
    for b in brackets {
        absorb_bracket(rules, &mut p, &b, &mut roles);
    }
    if let Some(r) = role {
        let r = r.trim();
        if !r.is_empty() {
            // `HBC (Chief Executive) : Chair`, `Council (Chair)`: the chair
            // mark is part of the role.
            let (rest, chair) = strip_chair(rules, r);
            p.chair |= chair;
            let (base, brackets) = split_brackets(&rest);
            let mut kept = base;
            for b in brackets {
                if rules.chair.is_match(b.trim()) {
                    p.chair = true;
                } else {
                    kept = format!("{kept} ({b})").trim().to_string();
                }
            }
            if !kept.is_empty() {
                roles.insert(0, kept);
            }
        }
    }
    if !roles.is_empty() {
        p.role = Some(roles.join("; "));
    }
    Some(p)
}

fn absorb_bracket(rules: &PeopleRules, p: &mut Person, b: &str, roles: &mut Vec<String>) {
    let b = b.trim();
    if b.is_empty() {
        return;
    }
    // Bracketed initials must spell the name (`(AHol)` for Alan Holzer, not
    // `(SCC)` for Stephen Taylor, which is an organisation).
    if p.initials.is_none()
        && rules.initials.is_match(b)
        && b.chars().any(|c| c.is_uppercase())
        && (spells(b, &p.name) || single_name_initial(b, &p.name))
    {
        p.initials = Some(b.to_string());
    } else if rules.chair.is_match(b) {
        p.chair = true;
    } else {
        roles.push(b.to_string());
    }
}

/// A first name alone with initials of its own (`Sai (S)`, `Misha (MiG)`):
/// the initials start with the name's first letter.
fn single_name_initial(b: &str, name: &str) -> bool {
    parts(name).len() == 1
        && b.chars().next().map(|c| c.to_lowercase().to_string())
            == name.chars().next().map(|c| c.to_lowercase().to_string())
}

/// `Chief Executive : Chair` -> (`Chief Executive`, true).
fn strip_chair(rules: &PeopleRules, role: &str) -> (String, bool) {
    if rules.chair.is_match(role) {
        if let Some(i) = role.rfind(':') {
            return (role[..i].trim().to_string(), true);
        }
        return (String::new(), true);
    }
    (role.to_string(), false)
}

/// Text outside brackets, and each bracket's content.
fn split_brackets(s: &str) -> (String, Vec<String>) {
    let mut base = String::new();
    let mut inner = Vec::new();
    let mut depth = 0usize;
    let mut cur = String::new();
    for c in s.chars() {
        match c {
            '(' | '[' => {
                if depth > 0 {
                    cur.push(c);
                }
                depth += 1;
            }
            ')' | ']' if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    inner.push(std::mem::take(&mut cur));
                } else {
                    cur.push(c);
                }
            }
            _ if depth > 0 => cur.push(c),
            _ => base.push(c),
        }
    }
    if depth > 0 {
        inner.push(cur);
    }
    (base.split_whitespace().collect::<Vec<_>>().join(" "), inner)
}

/// Reads a run-on list (`Sheila Freeman (SF), Alan Holzer, Chair (AHol),
/// Arlene Roberts (AR)`, `Marion Harvey (Observer) Stephen Taylor (SCC)`).
/// Entries that are only a role or bracket (`Chair (AHol)`) belong to the
/// person before them.
pub fn parse_list(rules: &PeopleRules, text: &str) -> Vec<Person> {
    let mut entries: Vec<String> = Vec::new();
    for part in split_outside_brackets(rules, text) {
        // A closing bracket followed by a capitalised word starts a new person.
        let mut cur = String::new();
        let chars: Vec<char> = part.chars().collect();
        let mut i = 0;
        while i < chars.len() {
            cur.push(chars[i]);
            if chars[i] == ')' {
                let mut j = i + 1;
                while j < chars.len() && chars[j] == ' ' {
                    j += 1;
                }
                if j > i + 1 && j < chars.len() && chars[j].is_uppercase() {
                    entries.push(std::mem::take(&mut cur));
                    i = j;
                    continue;
                }
            }
            i += 1;
        }
        entries.push(cur);
    }
    let mut out: Vec<Person> = Vec::new();
    for e in entries {
        let e = e.trim();
        if e.is_empty() {
            continue;
        }
        let (base, brackets) = split_brackets(e);
        let base_t = base.trim();
        if base_t.is_empty() || rules.chair.is_match(base_t) {
            if let Some(last) = out.last_mut() {
                if rules.chair.is_match(base_t) {
                    last.chair = true;
                }
                let mut roles: Vec<String> = last.role.iter().cloned().collect();
                for b in brackets {
                    absorb_bracket(rules, last, &b, &mut roles);
                }
                last.role = (!roles.is_empty()).then(|| roles.join("; "));
            }
            continue;
        }
        if let Some(p) = parse_entry(rules, e, None) {
            out.push(p);
        }
    }
    out
}

fn split_outside_brackets(rules: &PeopleRules, text: &str) -> Vec<String> {
    // Mask bracket contents so separators inside them do not split.
    let mut masked = String::with_capacity(text.len());
    let mut depth = 0usize;
    for c in text.chars() {
        match c {
            '(' | '[' => {
                depth += 1;
                masked.push(c);
            }
            ')' | ']' if depth > 0 => {
                depth -= 1;
                masked.push(c);
            }
            _ if depth > 0 => masked.extend(std::iter::repeat_n('\u{1}', c.len_utf8())),
            _ => masked.push(c),
        }
    }
    let mut out = Vec::new();
    let mut last = 0;
    for m in rules.list_separators.find_iter(&masked) {
        out.push(text[last..m.start()].to_string());
        last = m.end();
    }
    out.push(text[last..].to_string());
    out
}

/// The meeting's attendees, for resolving owner tokens.
pub struct Roster<'a> {
    pub people: Vec<&'a Person>,
    rules: &'a PeopleRules,
}

/// Name parts for initials: first name, middle names, surname parts.
fn parts(name: &str) -> Vec<String> {
    name.split([' ', '-'])
        .filter(|w| !w.is_empty())
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .filter(|w| !w.is_empty())
        .collect()
}

/// Whether initials `token` spell `name` (see [`consumes`]).
pub fn spells(token: &str, name: &str) -> bool {
    let ps = parts(name);
    if ps.len() < 2 {
        return false;
    }
    let words: Vec<&str> = name.split_whitespace().collect();
    let last_parts = words.last().map(|w| parts(w).len()).unwrap_or(1);
    let surname_from = ps.len().saturating_sub(last_parts).max(1);
    let t: Vec<char> = token.to_lowercase().chars().collect();
    let chars: Vec<Vec<char>> = ps.iter().map(|s| s.chars().collect()).collect();
    consumes(&t, &chars, surname_from)
}

/// Whether `token` can be spelled by non-empty prefixes of `parts`: the
/// first part always, middle parts optionally, the first surname part
/// always, later surname parts optionally.
fn consumes(token: &[char], parts: &[Vec<char>], surname_from: usize) -> bool {
    fn go(t: &[char], parts: &[Vec<char>], i: usize, surname_from: usize) -> bool {
        if i == parts.len() {
            return t.is_empty();
        }
        let must = i == 0 || i == surname_from;
        if !must && go(t, parts, i + 1, surname_from) {
            return true;
        }
        let p = &parts[i];
        let mut k = 0;
        while k < p.len() && k < t.len() && p[k] == t[k] {
            k += 1;
            if go(&t[k..], parts, i + 1, surname_from) {
                return true;
            }
        }
        false
    }
    go(token, parts, 0, surname_from)
}

impl<'a> Roster<'a> {
    pub fn new(rules: &'a PeopleRules, people: Vec<&'a Person>) -> Roster<'a> {
        Roster { people, rules }
    }

    /// Attendees whose name the initials can spell.
    fn initials_candidates(&self, token: &str) -> Vec<usize> {
        let t: Vec<char> = token.to_lowercase().chars().collect();
        // Printed initials (`Alan Holzer (AHol)`) are taken at their word.
        let printed: Vec<usize> = self
            .people
            .iter()
            .enumerate()
            .filter(|(_, p)| {
                p.initials
                    .as_deref()
                    .is_some_and(|i| i.eq_ignore_ascii_case(token))
            })
            .map(|(i, _)| i)
            .collect();
        if !printed.is_empty() {
            return printed;
        }
        self.people
            .iter()
            .enumerate()
            .filter(|(_, p)| {
                // Someone whose printed initials differ is not spelled otherwise.
                if p.initials.is_some() {
                    return false;
                }
                let ps = parts(&p.name);
                if ps.len() < 2 {
                    return false;
                }
                let surname_from = self.surname_start(&p.name, &ps);
                let chars: Vec<Vec<char>> = ps.iter().map(|s| s.chars().collect()).collect();
                consumes(&t, &chars, surname_from)
            })
            .map(|(i, _)| i)
            .collect()
    }

    /// Index of the first surname part: the last word of the name (its
    /// hyphenated parts follow).
    fn surname_start(&self, name: &str, ps: &[String]) -> usize {
        let words: Vec<&str> = name.split_whitespace().collect();
        let last_parts = words.last().map(|w| parts(w).len()).unwrap_or(1);
        ps.len().saturating_sub(last_parts).max(1)
    }

    /// The plain initials of an attendee (`LM`, `SJG`) and, with surname
    /// prefixes kept, `LMcV`.
    fn plain_initials(&self, p: &Person) -> Vec<String> {
        let ps = parts(&p.name);
        let sf = self.surname_start(&p.name, &ps);
        let mut plain = String::new();
        let mut kept = String::new();
        for (i, part) in ps.iter().enumerate() {
            if i != 0 && i < sf {
                continue;
            }
            let first: String = part.chars().take(1).collect();
            plain.push_str(&first);
            let mut k = first.clone();
            for pre in &self.rules.surname_prefixes {
                let pl = pre.to_lowercase();
                if i >= sf && part.starts_with(&pl) && part.len() > pl.len() {
                    k = format!(
                        "{pl}{}",
                        &part[pl.len()..]
                            .chars()
                            .next()
                            .map(String::from)
                            .unwrap_or_default()
                    );
                }
            }
            kept.push_str(&k);
        }
        let mut v = vec![plain];
        if kept != v[0] {
            v.push(kept);
        }
        if let Some(i) = &p.initials {
            v.push(i.to_lowercase());
        }
        v
    }

    /// Attendees a full name (possibly misspelt, or a first name alone)
    /// stands for.
    fn name_candidates(&self, token: &str) -> Vec<usize> {
        let (_, bare) = split_title(self.rules, token);
        let want = parts(&bare);
        if want.is_empty() {
            return Vec::new();
        }
        let exact: Vec<usize> = self
            .people
            .iter()
            .enumerate()
            .filter(|(_, p)| parts(&p.name) == want)
            .map(|(i, _)| i)
            .collect();
        if !exact.is_empty() {
            return exact;
        }
        if want.len() == 1 {
            // A first name alone, else a surname alone.
            let first: Vec<usize> = self
                .people
                .iter()
                .enumerate()
                .filter(|(_, p)| parts(&p.name).first() == Some(&want[0]))
                .map(|(i, _)| i)
                .collect();
            if !first.is_empty() {
                return first;
            }
            // A shortened first name (`Jac` for Jack): the one attendee
            // whose first name starts so, at least three letters.
            if want[0].chars().count() >= 3 {
                let pre: Vec<usize> = self
                    .people
                    .iter()
                    .enumerate()
                    .filter(|(_, p)| {
                        parts(&p.name)
                            .first()
                            .is_some_and(|f| f.starts_with(want[0].as_str()))
                    })
                    .map(|(i, _)| i)
                    .collect();
                if pre.len() == 1 {
                    return pre;
                }
            }
            return self
                .people
                .iter()
                .enumerate()
                .filter(|(_, p)| {
                    let have = parts(&p.name);
                    have.len() >= 2 && have.last() == Some(&want[0])
                })
                .map(|(i, _)| i)
                .collect();
        }
        if want[0].chars().count() == 1 {
            // `J Smith`: an initial and the surname.
            return self
                .people
                .iter()
                .enumerate()
                .filter(|(_, p)| {
                    let have = parts(&p.name);
                    have.len() >= 2
                        && have[0].starts_with(want[0].as_str())
                        && have.last() == want.last()
                })
                .map(|(i, _)| i)
                .collect();
        }
        // Misspellings: first and last name each within a small edit
        // distance (`Dany Holmes`, `Louis Potts`, `Mel Leith`).
        self.people
            .iter()
            .enumerate()
            .filter(|(_, p)| {
                let have = parts(&p.name);
                have.len() >= 2
                    && close(&have[0], &want[0])
                    && close(&have[have.len() - 1], &want[want.len() - 1])
            })
            .map(|(i, _)| i)
            .collect()
    }

    /// Whether a token names somebody on the roster.
    pub fn knows(&self, token: &Token) -> bool {
        match token.kind {
            Kind::Initials => !self.initials_candidates(&token.text).is_empty(),
            Kind::WeakInitials => {
                !self.initials_candidates(&token.text).is_empty()
                    || !self.name_candidates(&token.text).is_empty()
            }
            Kind::Name => !self.name_candidates(&token.text).is_empty(),
            Kind::Role => matches!(self.resolve(token, &[]), Resolution::Resolved { .. }),
            Kind::All | Kind::Group => true,
        }
    }

    /// Resolves one token. `others` are the other owner tokens of the same
    /// document (a clash `DP` is settled when `DPe` names Deana Perchard).
    pub fn resolve(&self, token: &Token, others: &[String]) -> Resolution {
        match token.kind {
            Kind::All => Resolution::All,
            Kind::Group => Resolution::Group {
                name: token.text.clone(),
            },
            Kind::Role => {
                let r = token.text.to_lowercase();
                let holders: Vec<usize> = self
                    .people
                    .iter()
                    .enumerate()
                    .filter(|(_, p)| {
                        (r.contains("chair") && p.chair && !r.contains("vice"))
                            || p.role.as_deref().is_some_and(|pr| {
                                pr.to_lowercase()
                                    .split(|c: char| !c.is_alphanumeric() && c != ' ')
                                    .any(|s| s.trim() == r.trim_start_matches("the ").trim())
                            })
                    })
                    .map(|(i, _)| i)
                    .collect();
                self.settle(&token.text, holders, others, false)
            }
            Kind::Initials | Kind::WeakInitials => {
                let c = self.initials_candidates(&token.text);
                if c.is_empty() && token.kind == Kind::WeakInitials {
                    let n = self.name_candidates(&token.text);
                    return self.settle(&token.text, n, others, false);
                }
                self.settle(&token.text, c, others, true)
            }
            Kind::Name => {
                let c = self.name_candidates(&token.text);
                if c.is_empty() {
                    // A name printed in full is taken as printed.
                    let (_, bare) = split_title(self.rules, &token.text);
                    return Resolution::Resolved { name: bare };
                }
                self.settle(&token.text, c, others, false)
            }
        }
    }

    fn settle(
        &self,
        token: &str,
        mut c: Vec<usize>,
        others: &[String],
        initials: bool,
    ) -> Resolution {
        if c.is_empty() {
            return Resolution::Unresolved;
        }
        for rule in &self.rules.clash {
            if c.len() <= 1 {
                break;
            }
            let keep: Vec<usize> = match rule {
                ClashRule::Exact if initials => {
                    let t = token.to_lowercase();
                    c.iter()
                        .copied()
                        .filter(|&i| self.plain_initials(self.people[i]).contains(&t))
                        .collect()
                }
                ClashRule::Exact => c.clone(),
                ClashRule::OtherTokens if initials => {
                    let taken: Vec<usize> = others
                        .iter()
                        .filter(|o| o.as_str() != token)
                        .filter_map(|o| {
                            let oc = self.initials_candidates(o);
                            (oc.len() == 1).then(|| oc[0])
                        })
                        .collect();
                    c.iter().copied().filter(|i| !taken.contains(i)).collect()
                }
                ClashRule::OtherTokens => c.clone(),
                ClashRule::Chair => c
                    .iter()
                    .copied()
                    .filter(|&i| self.people[i].chair)
                    .collect(),
                ClashRule::First => vec![c[0]],
            };
            if !keep.is_empty() {
                c = keep;
            }
        }
        if c.len() == 1 {
            Resolution::Resolved {
                name: self.people[c[0]].name.clone(),
            }
        } else {
            Resolution::Ambiguous {
                candidates: c.iter().map(|&i| self.people[i].name.clone()).collect(),
            }
        }
    }
}

/// Edit distance at most 1 per 4 letters (and at most 2), or one is a
/// prefix of the other of length 3 or more.
fn close(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    let (ac, bc): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let shorter = ac.len().min(bc.len());
    if shorter >= 3
        && (ac.starts_with(&bc) || bc.starts_with(&ac))
        && ac.len().abs_diff(bc.len()) <= 2
    {
        return true;
    }
    let limit = (shorter / 4).clamp(1, 2);
    levenshtein(&ac, &bc) <= limit
}

fn levenshtein(a: &[char], b: &[char]) -> usize {
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != cb))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// The name an owner resolution gives `owner_names`: the person, `ALL`, the
/// group as printed, or none when unresolved or ambiguous (the printed
/// token stays in `owners`; guessing a name would mislead the history).
pub fn display_name(r: &Resolution) -> Option<String> {
    match r {
        Resolution::Resolved { name } | Resolution::Group { name } => Some(name.clone()),
        Resolution::All => Some("ALL".to_string()),
        Resolution::Ambiguous { .. } | Resolution::Unresolved => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::RuleSet;

    fn rules() -> PeopleRules {
        RuleSet::embedded().people
    }

    fn person(name: &str) -> Person {
        Person {
            name: name.into(),
            title: None,
            role: None,
            initials: None,
            chair: false,
        }
    }

    fn tok(s: &str) -> Token {
        let r = RuleSet::embedded();
        crate::minutes::owners::parse_owners(&r.owners, s)
            .map(|o| o.tokens[0].clone())
            .unwrap_or(Token {
                text: s.into(),
                kind: Kind::Name,
            })
    }

    fn resolve(people: &[Person], token: &str, others: &[&str]) -> Resolution {
        let r = rules();
        let roster = Roster::new(&r, people.iter().collect());
        let others: Vec<String> = others.iter().map(|s| s.to_string()).collect();
        roster.resolve(&tok(token), &others)
    }

    fn name(s: &str) -> Resolution {
        Resolution::Resolved { name: s.into() }
    }

    #[test]
    fn honorifics_are_split_off() {
        let r = rules();
        assert_eq!(
            split_title(&r, "Cllr Dave Cargill"),
            (Some("Cllr".into()), "Dave Cargill".into())
        );
        assert_eq!(
            split_title(&r, "Dr. Ann Lee"),
            (Some("Dr".into()), "Ann Lee".into())
        );
        assert_eq!(split_title(&r, "Drew Barry"), (None, "Drew Barry".into()));
    }

    #[test]
    fn entry_with_role_and_chair() {
        let r = rules();
        let p = parse_entry(&r, "David Parr", Some("HBC (Chief Executive) : Chair")).unwrap();
        assert!(p.chair);
        assert_eq!(p.role.as_deref(), Some("HBC (Chief Executive)"));
        let p = parse_entry(
            &r,
            "Cllr Dave Cargill",
            Some("HBC (Community Safety Portfolio Holder)"),
        )
        .unwrap();
        assert_eq!(p.title.as_deref(), Some("Cllr"));
        assert_eq!(p.name, "Dave Cargill");
        assert!(!p.chair);
    }

    #[test]
    fn run_on_lists() {
        let r = rules();
        let ps = parse_list(
            &r,
            "Sheila Freeman (SF), Alan Holzer, Chair (AHol), Arlene Roberts (AR), Alison Hopkins (AHop), Evelyn Lindqvist(EL), Natalie Lloyd-Evans (NLE)",
        );
        let names: Vec<_> = ps.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "Sheila Freeman",
                "Alan Holzer",
                "Arlene Roberts",
                "Alison Hopkins",
                "Evelyn Lindqvist",
                "Natalie Lloyd-Evans"
            ]
        );
        assert!(ps[1].chair);
        assert_eq!(ps[1].initials.as_deref(), Some("AHol"));
        assert_eq!(ps[4].initials.as_deref(), Some("EL"));
        let ps = parse_list(
            &r,
            "Marion Harvey (Staff Advisory Group Observer) Stephen Taylor (SCC Observer), Ian Brookman (Finance & Resources Manager)",
        );
        let names: Vec<_> = ps.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["Marion Harvey", "Stephen Taylor", "Ian Brookman"]);
        assert_eq!(ps[1].role.as_deref(), Some("SCC Observer"));
        let ps = parse_list(
            &r,
            "Shona Bendix (Chair), Alison Wheeler (AW)(General Manager)",
        );
        assert!(ps[0].chair);
        assert_eq!(ps[1].initials.as_deref(), Some("AW"));
        assert_eq!(ps[1].role.as_deref(), Some("General Manager"));
    }

    #[test]
    fn initials_resolve() {
        let ps: Vec<Person> = [
            "Mike Andrews",
            "Lynsey McVay",
            "Ben McCrorie",
            "Sarah Johnson-Griffiths",
            "Shélah Semoff",
            "Andy Southcott",
        ]
        .iter()
        .map(|n| person(n))
        .collect();
        assert_eq!(resolve(&ps, "MA", &[]), name("Mike Andrews"));
        assert_eq!(resolve(&ps, "LMcV", &[]), name("Lynsey McVay"));
        assert_eq!(resolve(&ps, "LM", &[]), name("Lynsey McVay"));
        assert_eq!(resolve(&ps, "BMc", &[]), name("Ben McCrorie"));
        assert_eq!(resolve(&ps, "BMcC", &[]), name("Ben McCrorie"));
        assert_eq!(resolve(&ps, "SJG", &[]), name("Sarah Johnson-Griffiths"));
        assert_eq!(resolve(&ps, "SS", &[]), name("Shélah Semoff"));
        assert_eq!(resolve(&ps, "XY", &[]), Resolution::Unresolved);
        assert_eq!(resolve(&ps, "ALL", &[]), Resolution::All);
    }

    #[test]
    fn clash_prefers_chair_else_ambiguous() {
        let mut ps: Vec<Person> = ["David Parr", "Deana Perchard"]
            .iter()
            .map(|n| person(n))
            .collect();
        assert_eq!(
            resolve(&ps, "DP", &[]),
            Resolution::Ambiguous {
                candidates: vec!["David Parr".into(), "Deana Perchard".into()]
            }
        );
        assert_eq!(resolve(&ps, "DPe", &[]), name("Deana Perchard"));
        // Another token of the same minutes names Deana: DP is David.
        assert_eq!(resolve(&ps, "DP", &["DPe"]), name("David Parr"));
        assert_eq!(resolve(&ps, "DP", &["DPa"]), name("Deana Perchard"));
        ps[0].chair = true;
        assert_eq!(resolve(&ps, "DP", &[]), name("David Parr"));
    }

    #[test]
    fn mc_clash_settled_by_other_tokens() {
        let ps: Vec<Person> = ["Lynsey McVay", "Laura Marler"]
            .iter()
            .map(|n| person(n))
            .collect();
        assert_eq!(resolve(&ps, "LM", &["LMcV"]), name("Laura Marler"));
        assert_eq!(resolve(&ps, "LM", &["LMa"]), name("Lynsey McVay"));
        assert_eq!(resolve(&ps, "LMa", &[]), name("Laura Marler"));
    }

    #[test]
    fn printed_initials_win() {
        let r = rules();
        let ps = parse_list(
            &r,
            "Alan Holzer, Chair (AHol), Alison Hopkins (AHop), Mike Stephens (MS)",
        );
        assert_eq!(resolve(&ps, "AHop", &[]), name("Alison Hopkins"));
        assert_eq!(resolve(&ps, "Ahop", &[]), name("Alison Hopkins"));
        assert_eq!(resolve(&ps, "AHol", &[]), name("Alan Holzer"));
        assert_eq!(resolve(&ps, "MS", &[]), name("Mike Stephens"));
    }

    #[test]
    fn full_names_and_misspellings() {
        let ps: Vec<Person> = [
            "Mel Leitch",
            "Danny Holmes",
            "Louise Potts",
            "Keith Miller",
            "Mary Holmes",
        ]
        .iter()
        .map(|n| person(n))
        .collect();
        assert_eq!(resolve(&ps, "Mel Leith", &[]), name("Mel Leitch"));
        assert_eq!(resolve(&ps, "Dany Holmes", &[]), name("Danny Holmes"));
        assert_eq!(resolve(&ps, "Louis Potts", &[]), name("Louise Potts"));
        assert_eq!(resolve(&ps, "Keith miller", &[]), name("Keith Miller"));
        assert_eq!(resolve(&ps, "Danny", &[]), name("Danny Holmes"));
        assert_eq!(resolve(&ps, "John Smith", &[]), name("John Smith"));
        assert_eq!(resolve(&ps, "K Miller", &[]), name("Keith Miller"));
        assert_eq!(resolve(&ps, "Leitch", &[]), name("Mel Leitch"));
    }

    #[test]
    fn roles_resolve_to_holder_or_not() {
        let r = rules();
        let mut ps = [person("Nikki Sturmey"), person("Tony Brown")];
        ps[0].role = Some("Governance Manager".into());
        ps[1].chair = true;
        let roster = Roster::new(&r, ps.iter().collect());
        let role = |s: &str| Token {
            text: s.into(),
            kind: Kind::Role,
        };
        assert_eq!(roster.resolve(&role("Chair"), &[]), name("Tony Brown"));
        assert_eq!(
            roster.resolve(&role("Secretary"), &[]),
            Resolution::Unresolved
        );
    }

    #[test]
    fn single_names_keep_their_initials_and_first_names_may_be_shortened() {
        let r = rules();
        let sai = parse_entry(&r, "Sai (S)", None).unwrap();
        assert_eq!(sai.initials.as_deref(), Some("S"));
        let misha = parse_entry(&r, "Misha (MiG)", None).unwrap();
        assert_eq!(misha.initials.as_deref(), Some("MiG"));
        // A bracket that is not the name's initials stays a role.
        let org = parse_entry(&r, "Stephen Taylor (SCC)", None).unwrap();
        assert_eq!(org.initials, None);
        let people = [
            person("Jack Mata"),
            person("Jane Doe"),
            person("Kirsty Forrester"),
        ];
        assert_eq!(resolve(&people, "Jac", &[]), name("Jack Mata"));
        assert_eq!(resolve(&people, "Kirsty", &[]), name("Kirsty Forrester"));
        // `Ja` is too short to stand for a name; `J` alone is nobody's.
        assert_ne!(resolve(&people, "Ja", &[]), name("Jack Mata"));
    }

    #[test]
    fn unresolved_and_ambiguous_owners_have_no_name() {
        assert_eq!(display_name(&Resolution::Unresolved), None);
        assert_eq!(
            display_name(&Resolution::Ambiguous {
                candidates: vec!["A B".into(), "A C".into()]
            }),
            None
        );
        assert_eq!(display_name(&Resolution::All).as_deref(), Some("ALL"));
        assert_eq!(display_name(&name("Jane Doe")).as_deref(), Some("Jane Doe"));
    }
}
