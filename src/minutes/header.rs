//! The header of the minutes (lines before the first agenda item):
//! organisation, title, meeting date and the attendance sections, read with
//! `rules/header.toml` and `rules/sections.toml`.

use super::attendees::{parse_entry, parse_list};
use super::dates::{find_date, yearless_date, Date};
use super::items::{section_of, section_rule};
use super::rows::{join_frags, TextLine};
use crate::model::Person;
use crate::rules::{RuleSet, SectionKind};
use std::collections::BTreeMap;

/// What the header gives.
#[derive(Debug, Clone, Default)]
pub struct Header {
    pub organisation: String,
    pub title: String,
    pub date: Option<Date>,
    pub present: Vec<Person>,
    pub in_attendance: Vec<Person>,
    pub apologies: Vec<String>,
}

/// One line of a section: its fragments as printed.
type SectionLine = Vec<String>;

/// What [`read`] takes a header line for (also shown by `minutes explain`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LineKind {
    /// Names office holders (`Chaired by ... Clerked by ...`): the
    /// `officers` rule of that index; read by [`add_officers`].
    Officer(usize),
    /// Opens a section: the section rule of that index (`rules.sections`),
    /// and the text after the marker.
    Marker {
        kind: SectionKind,
        rule: usize,
        rest: String,
    },
    /// A line of the section opened above it.
    InSection { kind: SectionKind, rule: usize },
    /// Title, date, organisation or anything else.
    Loose,
}

/// The kind of each header line, in order: the one classification [`read`]
/// builds the header from.
pub fn line_kinds(rules: &RuleSet, lines: &[&TextLine]) -> Vec<LineKind> {
    let mut out = Vec::with_capacity(lines.len());
    let mut cur: Option<(SectionKind, usize)> = None;
    for l in lines {
        let frags: Vec<String> = l.frags.iter().map(|f| f.text.clone()).collect();
        if let Some(k) = officer_rule(rules, &frags) {
            out.push(LineKind::Officer(k));
            continue;
        }
        // `1. Present: ...`: a numbered attendance line still opens its
        // section (only attendance: `1. Apologies were received ...` is an
        // agenda item).
        let unnumbered = l
            .text
            .trim_start()
            .trim_start_matches(|c: char| c.is_ascii_digit())
            .strip_prefix(['.', ')'])
            .map(str::trim_start)
            .filter(|_| {
                l.text
                    .trim_start()
                    .starts_with(|c: char| c.is_ascii_digit())
            });
        let opened = section_rule(rules, &l.text).or_else(|| {
            unnumbered
                .and_then(|t| section_rule(rules, t))
                .filter(|(_, k, _)| matches!(k, SectionKind::Present | SectionKind::InAttendance))
        });
        if let Some((rule, kind, rest)) = opened {
            cur = Some((kind, rule));
            out.push(LineKind::Marker { kind, rule, rest });
            continue;
        }
        out.push(match cur {
            Some((kind, rule)) => LineKind::InSection { kind, rule },
            None => LineKind::Loose,
        });
    }
    out
}

/// Reads the header lines.
pub fn read(rules: &RuleSet, lines: &[&TextLine]) -> Header {
    let mut h = Header::default();
    let mut loose: Vec<&TextLine> = Vec::new();
    let mut sections: BTreeMap<SectionKind, Vec<SectionLine>> = BTreeMap::new();
    for (l, kind) in lines.iter().zip(line_kinds(rules, lines)) {
        let frags: Vec<String> = l.frags.iter().map(|f| f.text.clone()).collect();
        match kind {
            LineKind::Officer(_) => {}
            LineKind::Marker { kind, rest, .. } => {
                let entry = sections.entry(kind).or_default();
                if !rest.is_empty() {
                    // Keep the fragments after the marker when the marker is
                    // a fragment of its own (a header table); else the rest.
                    let first = section_of(rules, &frags[0]).filter(|(_, r)| r.is_empty());
                    if first.is_some() && frags.len() > 1 {
                        entry.push(frags[1..].to_vec());
                    } else {
                        entry.push(vec![rest]);
                    }
                }
            }
            LineKind::InSection { kind, .. } => sections.entry(kind).or_default().push(frags),
            LineKind::Loose => loose.push(l),
        }
    }
    let mut sizes: Vec<f32> = lines.iter().map(|l| l.size).collect();
    sizes.sort_by(f32::total_cmp);
    let body = sizes.get(sizes.len() / 2).copied().unwrap_or(0.0);
    h.organisation = organisation(rules, &loose, body);
    h.title = loose
        .iter()
        .map(|l| l.text.trim())
        .find(|t| rules.header.title.iter().any(|re| re.is_match(t)))
        .unwrap_or("")
        .to_string();
    h.date = meeting_date(rules, &loose);
    for (kind, ls) in &sections {
        match kind {
            SectionKind::Present => h.present = people(rules, ls),
            SectionKind::InAttendance => h.in_attendance = people(rules, ls),
            SectionKind::Apologies => h.apologies = names(rules, ls),
            _ => {}
        }
    }
    h
}

/// Where office holders may be named: the first lines of the first two
/// pages. They sit in the header, which the item split may have cut short
/// (a `Clerked by` line under a page-long attendance table).
const OFFICER_LINES: usize = 200;
const OFFICER_PAGES: u32 = 2;

/// Gives the office holders named near the top (`Clerked by Pete Osborne`,
/// `Chair: Rowena Hale`) their roles among the attendees.
pub fn add_officers(rules: &RuleSet, h: &mut Header, lines: &[TextLine]) {
    let Some(first) = lines.first().map(|l| l.page) else {
        return;
    };
    for l in lines
        .iter()
        .take(OFFICER_LINES)
        .take_while(|l| l.page < first + OFFICER_PAGES)
    {
        let frags: Vec<String> = l.frags.iter().map(|f| f.text.clone()).collect();
        for o in officers_of(rules, &frags) {
            give_office(h, o);
        }
    }
}

/// The first `officers` rule that names an office holder on a header line.
fn officer_rule(rules: &RuleSet, frags: &[String]) -> Option<usize> {
    let joined = frags
        .iter()
        .map(|f| f.trim())
        .collect::<Vec<_>>()
        .join(" | ");
    rules.header.officers.iter().position(|(role, re)| {
        re.captures_iter(&joined).any(|c| {
            c.name("name")
                .is_some_and(|n| parse_entry(&rules.people, n.as_str(), Some(role)).is_some())
        })
    })
}

/// People a header line names as office holders (`Chaired by | Oliver
/// Laity | Clerked by | Pete Osborne`), with the office as their role.
fn officers_of(rules: &RuleSet, frags: &[String]) -> Vec<Person> {
    let joined = frags
        .iter()
        .map(|f| f.trim())
        .collect::<Vec<_>>()
        .join(" | ");
    let mut out = Vec::new();
    // Most lines name no officer: one pass of the set says so.
    if !rules.header.officers_any.is_match(&joined) {
        return out;
    }
    for (role, re) in &rules.header.officers {
        for c in re.captures_iter(&joined) {
            let Some(name) = c.name("name") else { continue };
            if let Some(p) = parse_entry(&rules.people, name.as_str(), Some(role)) {
                out.push(p);
            }
        }
    }
    out
}

/// Adds an office holder: to the attendee of that name when listed (their
/// role gains the office), else to those in attendance.
fn give_office(h: &mut Header, o: Person) {
    let same = |p: &Person| p.name.eq_ignore_ascii_case(&o.name);
    if let Some(p) = h
        .present
        .iter_mut()
        .chain(h.in_attendance.iter_mut())
        .find(|p| same(p))
    {
        p.chair |= o.chair;
        if let Some(r) = o.role {
            p.role = Some(match p.role.take() {
                Some(old) => format!("{old}; {r}"),
                None => r,
            });
        }
        return;
    }
    h.in_attendance.push(o);
}

/// The meeting date: the first header pattern whose `date` group parses,
/// else the first date anywhere in the header.
pub fn meeting_date(rules: &RuleSet, lines: &[&TextLine]) -> Option<Date> {
    for re in &rules.header.date {
        for l in lines {
            if let Some(c) = re.captures(l.text.trim()) {
                if let Some(d) = c
                    .name("date")
                    .and_then(|m| find_date(&rules.dates, m.as_str()))
                {
                    return Some(d.0);
                }
            }
        }
    }
    lines
        .iter()
        .find_map(|l| find_date(&rules.dates, &l.text).map(|d| d.0))
        .or_else(|| {
            // A date wrapped over two lines of a long title (`... held on
            // Monday 13 January` / `2025 at 7.30pm in the Village Hall`).
            lines
                .windows(2)
                .filter(|w| w[0].page == w[1].page)
                .find_map(|w| {
                    let a = w[0].text.trim_end();
                    let joined = format!("{a} {}", w[1].text.trim_start());
                    find_date(&rules.dates, &joined)
                        .filter(|(_, r)| r.start < a.len() && r.end > a.len())
                        .map(|d| d.0)
                })
        })
}

/// A meeting day and month printed without a year (`Date: Tuesday 3rd
/// September`, a line opening `Wednesday 22nd October | 19:00`): the
/// caller takes the year from the document's path.
pub fn yearless_meeting_date(rules: &RuleSet, lines: &[&TextLine]) -> Option<(u32, u32)> {
    for re in &rules.header.date {
        for l in lines {
            if let Some(m) = re.captures(l.text.trim()).and_then(|c| c.name("date")) {
                if let Some(md) = yearless_date(&rules.dates, m.as_str()) {
                    return Some(md);
                }
            }
        }
    }
    lines
        .iter()
        .find_map(|l| yearless_date(&rules.dates, l.text.trim()))
}

fn recase(rules: &RuleSet, s: &str) -> String {
    s.split_whitespace()
        .enumerate()
        .map(|(i, w)| {
            let letters: Vec<char> = w.chars().filter(|c| c.is_alphabetic()).collect();
            let lower: String = w.to_lowercase();
            if i > 0 && rules.header.lower_words.contains(&lower) {
                // `Board OF Governors` -> `Board of Governors`.
                return lower;
            }
            if letters.len() > rules.header.recase_longer_than
                && letters.iter().all(|c| c.is_uppercase())
            {
                let mut out = String::new();
                for (k, c) in w.chars().enumerate() {
                    if k == 0 {
                        out.push(c);
                    } else {
                        out.extend(c.to_lowercase());
                    }
                }
                out
            } else {
                w.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The organisation: named inside a title line, else the most prominent
/// of the first lines of page 1 that is not a title, date or field.
fn organisation(rules: &RuleSet, lines: &[&TextLine], body: f32) -> String {
    for l in lines {
        for re in &rules.header.org_from_title {
            if let Some(m) = re.captures(l.text.trim()).and_then(|c| c.name("org")) {
                let org = m.as_str().trim();
                // `Draft Minutes`, `14 May 2024 - Minutes`: no name.
                if rules.header.not_org.is_match(org)
                    || find_date(&rules.dates, org).is_some()
                    || yearless_date(&rules.dates, org).is_some()
                    || rules.header.org_skip.iter().any(|re| re.is_match(org))
                {
                    continue;
                }
                return recase(rules, org);
            }
        }
    }
    let first_page = lines.first().map(|l| l.page);
    let top: Vec<&TextLine> = lines
        .iter()
        .filter(|l| Some(l.page) == first_page)
        .take(rules.header.org_max_lines)
        .copied()
        .collect();
    let usable = |l: &TextLine| {
        let t = l.text.trim();
        looks_like_name(t)
            && !(rules.header.org_skip.iter().any(|re| re.is_match(t))
                || find_date(&rules.dates, t).is_some()
                || yearless_date(&rules.dates, t).is_some())
    };
    let mut best: Option<usize> = None;
    for (i, l) in top.iter().enumerate() {
        if usable(l) && best.is_none_or(|b| l.size > top[b].size + 0.5) {
            best = Some(i);
        }
    }
    let Some(b) = best else {
        return String::new();
    };
    // A name printed over two lines, both larger than the text
    // (`Millbrook` / `Housing and Homelessness Board`).
    let mut parts = vec![top[b].text.trim().to_string()];
    for l in top.iter().skip(b + 1) {
        if !usable(l) || l.size < 0.75 * top[b].size || l.size <= body + 0.5 {
            break;
        }
        parts.push(l.text.trim().to_string());
    }
    recase(rules, &parts.join(" "))
}

/// Text that can be a name: a word of three letters or more, and words
/// made mostly of letters (not a logo's stray glyphs such as `ACAC3t`k t`).
fn looks_like_name(t: &str) -> bool {
    let words: Vec<&str> = t.split_whitespace().collect();
    let lettered = |w: &&str| {
        let n = w.chars().count();
        let a = w.chars().filter(|c| c.is_alphabetic()).count();
        a * 4 >= n * 3
    };
    words.iter().any(|w| {
        w.chars().filter(|c| c.is_alphabetic()).count() >= 3
            && w.chars()
                .all(|c| c.is_alphabetic() || "’'-.&(),".contains(c))
    }) && words.iter().filter(|w| lettered(w)).count() * 4 >= words.len() * 3
}

/// People of a section: one per line (`name | role`) when most lines hold
/// a name fragment, else a run-on list.
fn people(rules: &RuleSet, lines: &[SectionLine]) -> Vec<Person> {
    let lines: Vec<SectionLine> = lines.iter().map(|l| initials_first(rules, l)).collect();
    let lines = &lines[..];
    let per_line = lines
        .iter()
        .filter(|l| {
            l.len() >= 2 && !l[0].contains(',') && parse_entry(&rules.people, &l[0], None).is_some()
        })
        .count();
    if per_line * 2 >= lines.len() && per_line > 0 {
        return lines
            .iter()
            .filter_map(|l| {
                let role = (l.len() > 1).then(|| l[1..].join(" "));
                parse_entry(&rules.people, &l[0], role.as_deref())
            })
            .collect();
    }
    let text = lines
        .iter()
        .map(|l| l.join(" "))
        .collect::<Vec<_>>()
        .join(" ");
    parse_list(&rules.people, &text)
}

/// One attendee line with bullet glyphs dropped and a leading initials
/// column moved after the name: `● | (AH) | Ash Holland` and
/// `AH | Ash Holland` read as `Ash Holland (AH)`. The initials must spell
/// the name, so a first column of roles or numbers is left alone.
fn initials_first(rules: &RuleSet, line: &SectionLine) -> SectionLine {
    let bullet = |c: char| !c.is_alphanumeric() && c != '(' && !c.is_whitespace();
    let mut l: SectionLine = line
        .iter()
        .map(|f| f.trim().trim_start_matches(bullet).trim().to_string())
        .filter(|f| f.chars().any(char::is_alphanumeric))
        .collect();
    if l.is_empty() {
        return line.clone();
    }
    // The initials as the first word of the first fragment, the name as the
    // rest of it or the next fragment.
    let (tok, name, rest_from) = match l[0].split_once(char::is_whitespace) {
        Some((a, b)) => (a.to_string(), b.trim().to_string(), 1),
        None if l.len() >= 2 => (l[0].clone(), l[1].clone(), 2),
        None => return l,
    };
    let bare = tok.trim_start_matches('(').trim_end_matches(')');
    let name_only = name.split('(').next().unwrap_or("").trim();
    if !bare.is_empty()
        && rules.people.initials.is_match(bare)
        && bare.chars().next().is_some_and(char::is_uppercase)
        && super::people::spells(bare, name_only)
    {
        let mut out = vec![format!("{name} ({bare})")];
        out.extend(l.drain(rest_from..));
        return out;
    }
    l
}

/// People of a run-on list given as text.
pub fn people_in(rules: &RuleSet, text: &str) -> Vec<Person> {
    parse_list(&rules.people, text)
}

/// A list's text up to the next field label of the same paragraph
/// (`... Jack Mata (P1) Apologies: Kirsty Chambers` stops before
/// `Apologies:`): one to three capitalised words and a colon.
pub fn to_next_field(text: &str) -> &str {
    static FIELD: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"\p{Lu}\p{Ll}+(?:\s+\p{L}+){0,2}\s*:(?:\s|$)").expect("field regex")
    });
    match FIELD.find(text) {
        Some(m) => &text[..m.start()],
        None => text,
    }
}

/// Names of a list (apologies), as printed.
pub fn names(rules: &RuleSet, lines: &[SectionLine]) -> Vec<String> {
    let text = lines
        .iter()
        .map(|l| l.join(" "))
        .collect::<Vec<_>>()
        .join(" ");
    names_in(rules, &text)
}

pub fn names_in(rules: &RuleSet, text: &str) -> Vec<String> {
    parse_list(&rules.people, text)
        .into_iter()
        .map(|p| match p.title {
            Some(t) => format!("{t} {}", p.name),
            None => p.name,
        })
        .collect()
}

/// Text of lines (for sections fed by an item).
pub fn text_of(lines: &[&TextLine]) -> String {
    lines
        .iter()
        .map(|l| join_frags(&l.frags))
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(text: &str, size: f32, i: usize) -> TextLine {
        TextLine {
            page: 1,
            top: 10.0 + 20.0 * i as f32,
            bottom: 10.0 + 20.0 * i as f32 + size,
            baseline: 10.0 + 20.0 * i as f32 + size,
            x0: 50.0,
            x1: 400.0,
            size,
            text: text.to_string(),
            frags: Vec::new(),
            right_edge: 550.0,
            in_log: false,
            first_word_w: 30.0,
            pitch: 14.0,
        }
    }

    /// The organisation of lines given as (text, font size).
    fn org(lines: &[(&str, f32)]) -> String {
        let rules = RuleSet::embedded();
        let ls: Vec<TextLine> = lines
            .iter()
            .enumerate()
            .map(|(i, (t, s))| line(t, *s, i))
            .collect();
        let refs: Vec<&TextLine> = ls.iter().collect();
        organisation(&rules, &refs, 11.0)
    }

    #[test]
    fn organisation_from_title_forms() {
        assert_eq!(
            org(&[
                ("Riverside Allotment Society – Minutes", 16.0),
                ("Present: A, B", 11.0)
            ]),
            "Riverside Allotment Society"
        );
        assert_eq!(
            org(&[("Chess Club Committee Meeting - Minutes", 16.0)]),
            "Chess Club Committee"
        );
        assert_eq!(
            org(&[(
                "Minutes of the meeting of the Harbour Users Forum held on 3 May 2024",
                12.0
            )]),
            "Harbour Users Forum"
        );
        assert_eq!(
            org(&[("Westfield Tenants Association Committee Minutes", 14.0)]),
            "Westfield Tenants Association Committee"
        );
        assert_eq!(
            org(&[("Elm Lane Primary School Board OF Governors", 16.0)]),
            "Elm Lane Primary School Board of Governors"
        );
        // `Draft - Minutes` names no body.
        assert_eq!(org(&[("Draft - Minutes", 16.0)]), "");
    }

    #[test]
    fn lines_that_are_not_the_organisation() {
        for bad in [
            "Location: Discord",
            "Time: 19:00",
            "● Past actions",
            "Wednesday 22nd October | 19:00 - 20:30 | Staff Room",
            "Tuesday 3rd September",
            "Anna Smith (P7), Ben Jones (P4), Cara Lee (P3), Dan Roe (P2),",
            "ACAC3t`k t",
        ] {
            assert_eq!(org(&[(bad, 18.0), ("1.", 11.0)]), "", "{bad}");
        }
        // Largest text at the top of page 1, when no title names the body.
        assert_eq!(
            org(&[
                ("Location: LG23", 18.0),
                ("Northside Rowing Club", 16.0),
                ("text", 11.0)
            ]),
            "Northside Rowing Club"
        );
    }

    #[test]
    fn slogans_in_capitals_are_not_the_organisation() {
        assert_eq!(
            org(&[("Working WITH THE Town FOR THE Town", 18.0), ("1.", 11.0)]),
            ""
        );
    }

    #[test]
    fn yearless_meeting_date_from_a_date_field() {
        let rules = RuleSet::embedded();
        let ls = [line("Date: Tuesday 3rd September", 11.0, 0)];
        let refs: Vec<&TextLine> = ls.iter().collect();
        assert_eq!(yearless_meeting_date(&rules, &refs), Some((9, 3)));
        assert_eq!(meeting_date(&rules, &refs), None);
    }

    #[test]
    fn a_meeting_date_wrapped_over_two_title_lines() {
        let rules = RuleSet::embedded();
        let ls = [
            line(
                "Minutes of the meeting of the Parish Council held on Monday 13 January",
                11.0,
                0,
            ),
            line("2025 at 7.30pm in the Village Hall", 11.0, 0),
        ];
        let refs: Vec<&TextLine> = ls.iter().collect();
        assert_eq!(
            meeting_date(&rules, &refs).map(|d| d.iso()),
            Some("2025-01-13".to_string())
        );
    }
}

#[cfg(test)]
mod attendee_tests {
    use super::*;

    fn line(frags: &[&str]) -> SectionLine {
        frags.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn initials_before_the_name_move_after_it() {
        let r = RuleSet::embedded();
        assert_eq!(
            initials_first(&r, &line(&["● (AH) Ash Holland"])),
            line(&["Ash Holland (AH)"])
        );
        assert_eq!(
            initials_first(&r, &line(&["● AH Ash Holland"])),
            line(&["Ash Holland (AH)"])
        );
        assert_eq!(
            initials_first(&r, &line(&["●", "SFF", "Sam Fredriksen-Freer", "P1"])),
            line(&["Sam Fredriksen-Freer (SFF)", "P1"])
        );
        // Not initials of the name: left as printed (bullet dropped).
        assert_eq!(
            initials_first(&r, &line(&["•", "Ash Holland", "Treasurer"])),
            line(&["Ash Holland", "Treasurer"])
        );
        let ps = people(
            &r,
            &[
                line(&["● (AH) Ash Holland"]),
                line(&["● (MP) Marks Pole"]),
                line(&["Minutes"]),
            ],
        );
        let got: Vec<(&str, Option<&str>)> = ps
            .iter()
            .map(|p| (p.name.as_str(), p.initials.as_deref()))
            .collect();
        assert_eq!(
            got,
            [("Ash Holland", Some("AH")), ("Marks Pole", Some("MP"))]
        );
    }

    #[test]
    fn office_holders_get_their_role() {
        let r = RuleSet::embedded();
        let got = officers_of(
            &r,
            &line(&["Chaired by", "Oliver Lane", "Clerked by", "Peter Oakes"]),
        );
        assert_eq!(got.len(), 2);
        let clerk = got.iter().find(|p| p.name == "Peter Oakes").unwrap();
        assert_eq!(clerk.role.as_deref(), Some("Clerk"));
        assert!(got.iter().any(|p| p.name == "Oliver Lane" && p.chair));
        let sec = officers_of(&r, &line(&["Secretary: Ann Lee"]));
        assert_eq!(sec[0].role.as_deref(), Some("Secretary"));
        // A sentence that mentions the clerk names nobody.
        assert!(officers_of(&r, &line(&["Information provided by the Clerk"])).is_empty());
        let mut h = Header {
            present: vec![parse_entry(&r.people, "Ann Lee", None).unwrap()],
            ..Header::default()
        };
        for o in sec {
            give_office(&mut h, o);
        }
        assert_eq!(h.present[0].role.as_deref(), Some("Secretary"));
        assert!(h.in_attendance.is_empty());
    }

    #[test]
    fn numbered_present_line_and_list_cut_at_the_next_field() {
        let r = RuleSet::embedded();
        assert_eq!(
            to_next_field("Ann Lee (Chair), Bo Kerr (P1) Apologies: Cy Dunn"),
            "Ann Lee (Chair), Bo Kerr (P1) "
        );
        let ps = people_in(&r, to_next_field("Ann Lee (Head Teacher), Bo Kerr (P1)"));
        assert_eq!(ps.len(), 2);
        assert_eq!(ps[0].role.as_deref(), Some("Head Teacher"));
    }
}
