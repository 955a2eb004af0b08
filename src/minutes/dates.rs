//! Calendar dates as minutes print them (`11th May 2016`, `06/02/2024`,
//! `by end Dec`), read with the patterns of `rules/dates.toml`. A tiny date
//! type is enough here: we only need validation, ordering, month ends and
//! ISO output.

use crate::model::Due;
use crate::rules::{DateRules, NamedRegex};
use regex::Captures;

/// A calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl Date {
    /// A valid date, or `None`.
    pub fn new(year: i32, month: u32, day: u32) -> Option<Date> {
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(Date { year, month, day })
    }

    /// `YYYY-MM-DD`.
    pub fn iso(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }

    /// Parses `YYYY-MM-DD`.
    pub fn from_iso(s: &str) -> Option<Date> {
        let mut it = s.split('-');
        let y = it.next()?.parse().ok()?;
        let m = it.next()?.parse().ok()?;
        let d = it.next()?.parse().ok()?;
        Date::new(y, m, d)
    }
}

pub fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

/// The month number (1-12) of a name or number.
fn month_of(rules: &DateRules, s: &str) -> Option<u32> {
    if let Ok(n) = s.parse::<u32>() {
        return (1..=12).contains(&n).then_some(n);
    }
    let l = s.to_lowercase();
    let l = l.trim_end_matches('.');
    rules
        .months
        .iter()
        .position(|names| names.iter().any(|n| n == l))
        .map(|i| i as u32 + 1)
}

fn year_of(s: &str) -> Option<i32> {
    let y: i32 = s.parse().ok()?;
    Some(if s.len() == 2 { 2000 + y } else { y })
}

fn date_of(rules: &DateRules, c: &Captures) -> Option<Date> {
    let day = c.name("day")?.as_str().parse().ok()?;
    let month = month_of(rules, c.name("month")?.as_str())?;
    let year = year_of(c.name("year")?.as_str())?;
    Date::new(year, month, day)
}

/// The earliest full date (with a year) in `text`, with its byte range.
pub fn find_date(rules: &DateRules, text: &str) -> Option<(Date, std::ops::Range<usize>)> {
    let mut best: Option<(Date, std::ops::Range<usize>)> = None;
    for NamedRegex { re, .. } in &rules.dates {
        for c in re.captures_iter(text) {
            let Some(d) = date_of(rules, &c) else {
                continue;
            };
            let Some(m) = c.get(0) else { continue };
            if best.as_ref().is_none_or(|(_, r)| m.start() < r.start) {
                best = Some((d, m.range()));
            }
            break;
        }
    }
    best
}

/// What a document's path says of its date: the year, and the full date
/// when the path prints one (`2024-09-03_minutes.pdf`,
/// `meetings/2024/09/03/minutes.pdf`, `202510-minutes.pdf` gives a year).
/// The file name is read first, then its folders from the nearest. Minutes
/// often print `Date: Tuesday 3rd September` with no year; the path is then
/// the only place the year is found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PathDate {
    pub year: i32,
    pub full: Option<Date>,
    /// The year came from the file name (else from a folder).
    pub in_name: bool,
}

pub fn date_in_path(path: &str) -> Option<PathDate> {
    let parts: Vec<&str> = path.split(['/', '\\']).filter(|p| !p.is_empty()).collect();
    let name = parts.last()?;
    if let Some((year, full)) = date_in_text(name) {
        return Some(PathDate {
            year,
            full,
            in_name: true,
        });
    }
    // Folders: `2024/09/03/minutes.pdf` reads as one text of its last
    // folders; a lone `2024/` gives the year.
    let folders = parts[..parts.len() - 1].join("/");
    date_in_text(&folders).map(|(year, full)| PathDate {
        year,
        full,
        in_name: false,
    })
}

/// The last year (1990-2099, not inside a longer number) of `text`, with
/// the full date when a month and day follow it.
fn date_in_text(text: &str) -> Option<(i32, Option<Date>)> {
    let b = text.as_bytes();
    let digits =
        |i: usize, n: usize| i + n <= b.len() && b[i..i + n].iter().all(u8::is_ascii_digit);
    let sep = |i: usize| i < b.len() && matches!(b[i], b'-' | b'_' | b'/' | b'.');
    let mut found = None;
    for i in 0..b.len() {
        if (i > 0 && b[i - 1].is_ascii_digit()) || !digits(i, 4) {
            continue;
        }
        let year: i32 = text[i..i + 4].parse().ok()?;
        // Minutes published as PDF: years before 1990 are more likely
        // another number (`191209` is 2019-12-09 written YYMMDD).
        if !(1990..2100).contains(&year) {
            continue;
        }
        // Month and day, with or without separators.
        let mut j = i + 4;
        let mut two = || {
            let k = if sep(j) { j + 1 } else { j };
            if digits(k, 2) {
                j = k + 2;
                text[k..k + 2].parse::<u32>().ok()
            } else {
                None
            }
        };
        let month = two();
        let day = month.and_then(|_| two());
        if digits(j, 1) {
            continue; // part of a longer number
        }
        if month.is_some_and(|m| !(1..=12).contains(&m)) {
            continue;
        }
        let full = month.zip(day).and_then(|(m, d)| Date::new(year, m, d));
        found = Some((year, full));
    }
    found
}

/// A day and month printed without a year (`Tuesday 3rd September`,
/// `Wednesday 22nd October | 19:00`), at the start of `text` (after at most
/// one word, the weekday): `(month, day)`.
pub fn yearless_date(rules: &DateRules, text: &str) -> Option<(u32, u32)> {
    let text = text.replace('\u{200B}', "");
    for NamedRegex { re, .. } in &rules.partial {
        let Some(c) = re.captures(&text) else {
            continue;
        };
        let (Some(all), Some(day), Some(month)) = (c.get(0), c.name("day"), c.name("month")) else {
            continue;
        };
        if c.name("year").is_some() || text[..all.start()].split_whitespace().count() > 1 {
            continue;
        }
        let month = month_of(rules, month.as_str())?;
        let day: u32 = day.as_str().parse().ok()?;
        return (1..=31).contains(&day).then_some((month, day));
    }
    None
}

/// A date without a year read relative to `base` (the meeting): the year
/// is `base`'s, or the next when that day has already passed. A month with
/// no day means its last day.
pub fn resolve_partial(rules: &DateRules, text: &str, base: Date) -> Option<Date> {
    if let Some((d, _)) = find_date(rules, text) {
        return Some(d);
    }
    for NamedRegex { re, .. } in &rules.partial {
        let Some(c) = re.captures(text) else {
            continue;
        };
        let Some(month) = c.name("month").and_then(|m| month_of(rules, m.as_str())) else {
            continue;
        };
        let day = c.name("day").and_then(|d| d.as_str().parse::<u32>().ok());
        let explicit_year = c.name("year").and_then(|y| year_of(y.as_str()));
        let make = |year: i32| match day {
            Some(d) => Date::new(year, month, d),
            None => Date::new(year, month, days_in_month(year, month)),
        };
        if let Some(y) = explicit_year {
            return make(y);
        }
        let d = make(base.year)?;
        return if d < base {
            make(base.year + 1)
        } else {
            Some(d)
        };
    }
    None
}

/// The first due-date phrase in `text` (`by 17 December`), as printed,
/// with its ISO date when the meeting (or next meeting) date allows.
pub fn find_due(
    rules: &DateRules,
    text: &str,
    meeting: Option<Date>,
    next_meeting: Option<Date>,
) -> Option<(Due, std::ops::Range<usize>)> {
    let mut best: Option<(String, std::ops::Range<usize>)> = None;
    for NamedRegex { re, .. } in &rules.dues {
        if let Some(c) = re.captures(text) {
            let (Some(all), Some(due)) = (c.get(0), c.name("due")) else {
                continue;
            };
            if best.as_ref().is_none_or(|(_, r)| all.start() < r.start) {
                best = Some((due.as_str().trim().to_string(), all.range()));
            }
        }
    }
    let (printed, range) = best?;
    let date = due_date(rules, &printed, meeting, next_meeting);
    Some((
        Due {
            text: printed,
            date: date.map(|d| d.iso()),
        },
        range,
    ))
}

/// The ISO date a printed due phrase stands for, if it can be worked out.
pub fn due_date(
    rules: &DateRules,
    printed: &str,
    meeting: Option<Date>,
    next_meeting: Option<Date>,
) -> Option<Date> {
    if rules.next_meeting.is_match(printed) {
        return next_meeting;
    }
    if let Some((d, _)) = find_date(rules, printed) {
        return Some(d);
    }
    let base = meeting?;
    let d = resolve_partial(rules, printed, base)?;
    if rules.end_of_month.is_match(printed) {
        return Date::new(d.year, d.month, days_in_month(d.year, d.month));
    }
    Some(d)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::RuleSet;

    fn rules() -> DateRules {
        RuleSet::embedded().dates
    }

    fn iso(s: &str) -> Option<String> {
        find_date(&rules(), s).map(|(d, _)| d.iso())
    }

    #[test]
    fn meeting_dates_in_titles() {
        assert_eq!(
            iso("Action Points From 11th May 2016").as_deref(),
            Some("2016-05-11")
        );
        assert_eq!(
            iso("Minutes of the meeting held on Tuesday 6 February 2024").as_deref(),
            Some("2024-02-06")
        );
        assert_eq!(
            iso("Meeting: 06/02/2024 - Safer Policy and Performance Board").as_deref(),
            Some("2024-02-06")
        );
        assert_eq!(
            iso("Held 22 Sept 2020 (by Z00M)").as_deref(),
            Some("2020-09-22")
        );
        assert_eq!(iso("Date 24 January 2013").as_deref(), Some("2013-01-24"));
        assert_eq!(iso("May 11th, 2016").as_deref(), Some("2016-05-11"));
        assert_eq!(iso("31st February 2016"), None);
        assert_eq!(iso("no date here"), None);
    }

    #[test]
    fn earliest_date_wins() {
        assert_eq!(
            iso("Minutes of 19 December 2012, agreed 24/01/2013").as_deref(),
            Some("2012-12-19")
        );
    }

    #[test]
    fn leap_years() {
        assert!(Date::new(2024, 2, 29).is_some());
        assert!(Date::new(2023, 2, 29).is_none());
        assert!(Date::new(1900, 2, 29).is_none());
        assert!(Date::new(2000, 2, 29).is_some());
    }

    fn due(text: &str, meeting: &str) -> Option<(String, Option<String>)> {
        find_due(&rules(), text, Date::from_iso(meeting), None).map(|(d, _)| (d.text, d.date))
    }

    #[test]
    fn due_dates_from_the_meeting_date() {
        assert_eq!(
            due("Action: John Atkinson by 17 December", "2020-12-02"),
            Some(("17 December".into(), Some("2020-12-17".into())))
        );
        assert_eq!(
            due("Action Louise Potts, by end Dec", "2020-09-22"),
            Some(("end Dec".into(), Some("2020-12-31".into())))
        );
        assert_eq!(
            due("by end January", "2020-12-02"),
            Some(("end January".into(), Some("2021-01-31".into())))
        );
        assert_eq!(
            due("Mel Leitch by Monday 07 December", "2020-12-02"),
            Some(("Monday 07 December".into(), Some("2020-12-07".into())))
        );
        assert_eq!(
            due("to be formalised by 17 October 2012.", "2012-09-11"),
            Some(("17 October 2012".into(), Some("2012-10-17".into())))
        );
        assert_eq!(
            due("Danny by 03 Nov", "2020-10-27"),
            Some(("03 Nov".into(), Some("2020-11-03".into())))
        );
        assert_eq!(due("no due date", "2020-10-27"), None);
    }

    #[test]
    fn due_next_meeting_needs_its_date() {
        let r = rules();
        let (d, _) = find_due(&r, "report by next meeting", Date::new(2016, 5, 11), None).unwrap();
        assert_eq!(d.text, "next meeting");
        assert_eq!(d.date, None);
        let (d, _) = find_due(
            &r,
            "report by the next meeting",
            Date::new(2016, 5, 11),
            Date::new(2016, 9, 28),
        )
        .unwrap();
        assert_eq!(d.date.as_deref(), Some("2016-09-28"));
    }

    #[test]
    fn dates_in_paths() {
        let p = |s: &str| date_in_path(s).map(|d| (d.year, d.full.map(|f| f.iso()), d.in_name));
        assert_eq!(
            p("x/cssuob_2024-09-03_minutes.pdf"),
            Some((2024, Some("2024-09-03".into()), true))
        );
        assert_eq!(
            p("assets/meetings/2024/09/03/minutes.pdf"),
            Some((2024, Some("2024-09-03".into()), false))
        );
        assert_eq!(p("hppc_202510-minutes.pdf"), Some((2025, None, true)));
        assert_eq!(
            p("nam_20200922-Committee-Minutes.pdf"),
            Some((2020, Some("2020-09-22".into()), true))
        );
        assert_eq!(p("archive/2019/minutes.pdf"), Some((2019, None, false)));
        assert_eq!(p("minutes-191209-final.pdf"), None);
        assert_eq!(p("ref-123456789.pdf"), None);
    }

    #[test]
    fn yearless_date_lines() {
        let r = rules();
        assert_eq!(yearless_date(&r, "Tuesday 3rd September"), Some((9, 3)));
        assert_eq!(
            yearless_date(&r, "Wednesday 22nd October | 19:00 - 20:30 | Staff Room"),
            Some((10, 22))
        );
        assert_eq!(
            yearless_date(&r, "22\u{200B}nd\u{200B} October"),
            Some((10, 22))
        );
        // Not at the start of the line: a due date inside a sentence.
        assert_eq!(yearless_date(&r, "JD to report by 17 December"), None);
        assert_eq!(yearless_date(&r, "3 September 2024"), None);
    }

    #[test]
    fn zero_width_spaces_around_ordinals() {
        assert_eq!(
            iso("24\u{200B}th\u{200B} October 2020").as_deref(),
            Some("2020-10-24")
        );
        assert_eq!(
            iso("Saturday 24\u{200B}th October 2020").as_deref(),
            Some("2020-10-24")
        );
    }
}
