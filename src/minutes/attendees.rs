//! Attendee lists as printed (`Present`, `In attendance`, `Apologies`)
//! into [`Person`] records, by the rules of `rules/people.toml`: names,
//! honorifics, roles, the chair, and initials printed beside a name (kept
//! only when they spell it, [`super::people::spells`]).

use super::people::{parts, spells};
use crate::model::Person;
use crate::rules::PeopleRules;

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
    // `Peter Lang – Chairman`, `Clerk – Ruth Abbott`: a name and a role
    // either side of a spaced dash.
    let (base, dash_role) = match split_dash(rules, base) {
        Some((name, role)) => (name, Some(role)),
        None => (base, None),
    };
    let (title, mut name) = split_title(rules, base);
    // The next heading joined onto the list's last name (`Dan Irwin` then
    // `Agenda` on a line of its own): a word that is nobody ends the name.
    if let Some((head, last)) = name.rsplit_once(' ') {
        if head.contains(' ') && rules.not_people.contains(&last.to_lowercase()) {
            name = head.to_string();
        }
    }
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
    if let Some(r) = dash_role {
        if rules.chair.is_match(r) {
            p.chair = true;
        } else {
            roles.push(r.to_string());
        }
    }
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

/// `Name – Role` or `Role – Name` around a spaced dash: (name, role), the
/// name being the side the name rule takes (honorific aside) and the role
/// the other, a few words at most.
fn split_dash<'a>(rules: &PeopleRules, s: &'a str) -> Option<(&'a str, &'a str)> {
    let (i, sep) = [" – ", " — ", " - "]
        .iter()
        .find_map(|sep| s.find(sep).map(|i| (i, *sep)))?;
    let (a, b) = (s[..i].trim(), s[i + sep.len()..].trim());
    let words = |t: &str| t.split_whitespace().count();
    let is_name = |t: &str| rules.name.is_match(&split_title(rules, t).1);
    // A role: a few words that are no name, one word (`Chairman`, `Clerk`),
    // or the chair's mark.
    let is_role = |t: &str| {
        (1..=4).contains(&words(t)) && (!is_name(t) || words(t) == 1 || rules.chair.is_match(t))
    };
    let full_name = |t: &str| words(t) >= 2 && is_name(t);
    if full_name(a) && is_role(b) {
        Some((a, b))
    } else if full_name(b) && is_role(a) {
        Some((b, a))
    } else {
        None
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::RuleSet;

    fn rules() -> PeopleRules {
        RuleSet::embedded().people
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
    fn parish_council_lists() {
        let r = rules();
        // A role after a dash, initials in brackets, `and` before the last
        // name and a full stop after it.
        let ps = parse_list(
            &r,
            "Peter Lang – Chairman (PL), Harriet Owen (HO), Simon Crake (SC) and Yvonne Tull (YT).",
        );
        let names: Vec<_> = ps.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(
            names,
            ["Peter Lang", "Harriet Owen", "Simon Crake", "Yvonne Tull"]
        );
        assert!(ps[0].chair);
        assert_eq!(ps[0].initials.as_deref(), Some("PL"));
        assert_eq!(ps[3].initials.as_deref(), Some("YT"));
        // A plural honorific before the whole list.
        let ps = parse_list(
            &r,
            "Cllrs Mary Quince (Chairman), Tom Ashdown (Vice Chairman), Ravi Patel, Joan Hurst, Colin Webb.",
        );
        let names: Vec<_> = ps.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "Mary Quince",
                "Tom Ashdown",
                "Ravi Patel",
                "Joan Hurst",
                "Colin Webb"
            ]
        );
        assert!(ps[0].chair);
        // The role first: `Clerk – Ruth Abbott (RA)`.
        let p = parse_entry(&r, "Clerk – Ruth Abbott (RA)", None).unwrap();
        assert_eq!(p.name, "Ruth Abbott");
        assert_eq!(p.role.as_deref(), Some("Clerk"));
        assert_eq!(p.initials.as_deref(), Some("RA"));
        // A heading joined onto the last name.
        let ps = parse_list(&r, "Amy Fell, Dan Irwin Agenda");
        let names: Vec<_> = ps.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["Amy Fell", "Dan Irwin"]);
    }
}
