//! `minutes history OUT`: answers an auditor's questions from a scan's
//! outputs (`actions.jsonl`, `decisions.jsonl`), never re-reading PDFs.
//! Filters combine (all must hold); the answer is a table, or the matching
//! records as a JSON array with `--json`.
//!
//! Views: the actions (default), `--chains` (one row per carried-forward
//! chain, longest first), `--decisions`. Status filters: `--open`,
//! `--overdue`, `--status S`, each as of the archive's latest news or, with
//! `--as-of DATE`, as the minutes stood on that day. Cells are cut to fit a
//! terminal; piped output (or `--wide`) keeps the full text.

use crate::history::status::{self, CLASSES, OPEN};
use crate::history::text::fold;
use crate::model::{Action, Decision, Owner, Resolution};
use crate::output;
use crate::terminal::{line, lines};
use clap::Args;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Args, Debug, Default, Clone)]
pub struct HistoryArgs {
    /// A scan's output folder
    pub out: PathBuf,
    /// Actions owned by this person: part of a resolved name, or initials as printed
    #[arg(long)]
    pub owner: Option<String>,
    /// Actions tagged with this theme (part of its name)
    #[arg(long)]
    pub theme: Option<String>,
    /// Actions of this organisation (part of its name)
    #[arg(long)]
    pub org: Option<String>,
    /// Meetings on or after this date (YYYY, YYYY-MM or YYYY-MM-DD)
    #[arg(long)]
    pub since: Option<String>,
    /// Meetings on or before this date (YYYY, YYYY-MM or YYYY-MM-DD)
    #[arg(long)]
    pub until: Option<String>,
    /// Only actions carried forward from an earlier meeting
    #[arg(long)]
    pub carried: bool,
    /// Only actions still open (as of --as-of, else as of the latest minutes)
    #[arg(long)]
    pub open: bool,
    /// Only open actions whose due date has passed (as of --as-of, else the
    /// board's latest meeting)
    #[arg(long)]
    pub overdue: bool,
    /// Only actions with this status: open, done, cancelled or reassigned
    #[arg(long, value_name = "S")]
    pub status: Option<String>,
    /// Judge the status as the minutes stood on this day (YYYY, YYYY-MM or
    /// YYYY-MM-DD; a month or year means its last day)
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
    /// One row per carried-forward chain (meetings, days, status), longest first
    #[arg(long)]
    pub chains: bool,
    /// With --chains: only chains minuted at N meetings or more
    #[arg(long, value_name = "N", requires = "chains")]
    pub min_meetings: Option<u32>,
    /// The decisions (RESOLVED, AGREED, DECISION) instead of actions
    #[arg(long, conflicts_with = "chains")]
    pub decisions: bool,
    /// Full cell text even on a terminal (piped output is always full)
    #[arg(long)]
    pub wide: bool,
    /// Print the matching records as a JSON array
    #[arg(long)]
    pub json: bool,
}

fn days_in_month(y: u32, m: u32) -> u32 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Checks a `YYYY`, `YYYY-MM` or `YYYY-MM-DD` date on the calendar
/// (`2016-13` and `2016-02-30` are refused, saying why).
fn check_date(s: &str) -> Result<(), String> {
    let b = s.as_bytes();
    let digits =
        |r: std::ops::Range<usize>| r.clone().all(|i| b.get(i).is_some_and(u8::is_ascii_digit));
    let shape = match b.len() {
        4 => digits(0..4),
        7 => digits(0..4) && b[4] == b'-' && digits(5..7),
        10 => digits(0..4) && b[4] == b'-' && digits(5..7) && b[7] == b'-' && digits(8..10),
        _ => false,
    };
    if !shape {
        return Err("expected YYYY, YYYY-MM or YYYY-MM-DD".into());
    }
    let num = |r: std::ops::Range<usize>| s[r].parse::<u32>().unwrap_or(0);
    if b.len() >= 7 {
        let m = num(5..7);
        if !(1..=12).contains(&m) {
            return Err(format!("there is no month {m}"));
        }
        if b.len() == 10 {
            let (y, d) = (num(0..4), num(8..10));
            let max = days_in_month(y, m);
            if d == 0 || d > max {
                return Err(format!("day {d} is not in {} (it has {max} days)", &s[..7]));
            }
        }
    }
    Ok(())
}

/// The last day a date prefix covers (`2016-02` → `2016-02-29`).
fn end_of(prefix: &str) -> String {
    match prefix.len() {
        4 => format!("{prefix}-12-31"),
        7 => {
            let y = prefix[..4].parse().unwrap_or(0);
            let m = prefix[5..7].parse().unwrap_or(1);
            format!("{prefix}-{:02}", days_in_month(y, m))
        }
        _ => prefix.to_string(),
    }
}

/// An owner as the report shows it: resolved name, `DP ?` when several
/// attendees share the initials, `XY !` when nobody present matches.
fn owner_label(o: &Owner) -> String {
    match &o.resolution {
        Resolution::Ambiguous { .. } => format!("{} ?", o.token),
        Resolution::Unresolved => format!("{} !", o.token),
        _ => o.shown().to_string(),
    }
}

/// The action's status as the minutes stood on `as_of` (`None`: the
/// action was not yet minuted then); without a date, the latest.
pub fn status_on(a: &Action, as_of: Option<&str>) -> Option<String> {
    let Some(day) = as_of else {
        return Some(a.status.clone().unwrap_or_else(|| OPEN.into()));
    };
    if a.meeting_date.as_deref().is_some_and(|d| d > day) {
        return None;
    }
    let read_by_then = |e: &crate::model::StatusEvent| !e.date.is_empty() && e.date.as_str() <= day;
    let news = a
        .track
        .status_history
        .iter()
        .rev()
        .filter(|e| read_by_then(e))
        .find(|e| e.text.is_some() || e.status != OPEN)
        .or(a.track.status_read.as_ref().filter(|e| read_by_then(e)));
    if let Some(e) = news {
        return Some(e.status.clone());
    }
    // No history recorded: the status printed with the action itself.
    let own = a.track.status_history.is_empty() && a.track.status_read.is_none();
    Some(
        a.status
            .clone()
            .filter(|_| own)
            .unwrap_or_else(|| OPEN.into()),
    )
}

impl HistoryArgs {
    /// Checks the date arguments.
    pub fn validate(&self) -> Result<(), String> {
        for (flag, v) in [
            ("--since", &self.since),
            ("--until", &self.until),
            ("--as-of", &self.as_of),
        ] {
            if let Some(v) = v {
                check_date(v).map_err(|e| format!("{flag} {v:?}: {e}"))?;
            }
        }
        if let Some(s) = &self.status {
            if !CLASSES.contains(&s.to_lowercase().as_str()) {
                return Err(format!(
                    "--status {s:?}: expected one of {}",
                    CLASSES.join(", ")
                ));
            }
        }
        Ok(())
    }

    /// Whether an action passes every filter given.
    pub fn matches(&self, a: &Action) -> bool {
        if self.carried && !a.carried_forward {
            return false;
        }
        let as_of = self.as_of.as_deref().map(end_of);
        if self.open || self.overdue || self.status.is_some() || as_of.is_some() {
            let Some(st) = status_on(a, as_of.as_deref()) else {
                return false;
            };
            if self.open && st != OPEN {
                return false;
            }
            if self.status.as_ref().is_some_and(|s| s.to_lowercase() != st) {
                return false;
            }
            if self.overdue {
                let late = match &as_of {
                    Some(day) => st == OPEN && status::overdue_on(a, day),
                    None => a.track.overdue,
                };
                if !late {
                    return false;
                }
            }
        }
        if let Some(o) = &self.owner {
            let needle = fold(o);
            let by_token = a.owner_tokens().any(|t| fold(t) == needle);
            let by_name = a.owner_names().flatten().any(|n| fold(n).contains(&needle));
            if needle.is_empty() || !(by_token || by_name) {
                return false;
            }
        }
        if let Some(t) = &self.theme {
            let needle = fold(t);
            if !a.themes.iter().any(|x| fold(x).contains(&needle)) {
                return false;
            }
        }
        if let Some(org) = &self.org {
            if !fold(&a.organisation).contains(&fold(org)) {
                return false;
            }
        }
        if self.since.is_some() || self.until.is_some() {
            let Some(d) = &a.meeting_date else {
                return false;
            };
            if self.since.as_ref().is_some_and(|s| d.as_str() < s.as_str()) {
                return false;
            }
            if let Some(u) = &self.until {
                let head = d.get(..u.len()).unwrap_or(d);
                if head > u.as_str() {
                    return false;
                }
            }
        }
        true
    }
}

impl HistoryArgs {
    /// Whether a decision passes the filters that apply to it
    /// (organisation, dates; a `--theme` or `--owner` matches its text).
    pub fn matches_decision(&self, d: &Decision) -> bool {
        if let Some(org) = &self.org {
            if !fold(&d.organisation).contains(&fold(org)) {
                return false;
            }
        }
        for needle in [&self.owner, &self.theme].into_iter().flatten() {
            let n = fold(needle);
            if !fold(&d.text).contains(&n) && !fold(&d.item_title).contains(&n) {
                return false;
            }
        }
        if self.since.is_some() || self.until.is_some() {
            let Some(day) = &d.meeting_date else {
                return false;
            };
            if self
                .since
                .as_ref()
                .is_some_and(|s| day.as_str() < s.as_str())
            {
                return false;
            }
            if let Some(u) = &self.until {
                if day.get(..u.len()).unwrap_or(day) > u.as_str() {
                    return false;
                }
            }
        }
        true
    }
}

fn clip(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(n.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}

/// Cuts cells to fit a terminal, or keeps them whole.
#[derive(Debug, Clone, Copy)]
pub struct Fit {
    pub wide: bool,
}

impl Fit {
    fn cell(self, s: &str, n: usize) -> String {
        let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
        if self.wide {
            s
        } else {
            clip(&s, n)
        }
    }
}

/// The matching actions as an aligned text table.
pub fn table(actions: &[&Action], as_of: Option<&str>, fit: Fit) -> String {
    let rows: Vec<Vec<String>> = actions
        .iter()
        .map(|a| {
            let owners: Vec<String> = a.owners.iter().map(owner_label).collect();
            let mut st = status_on(a, as_of).unwrap_or_default();
            let late = match as_of {
                Some(d) => st == OPEN && status::overdue_on(a, d),
                None => a.track.overdue,
            };
            if late {
                st.push_str(" (overdue)");
            }
            vec![
                a.meeting_date.clone().unwrap_or_else(|| "?".into()),
                fit.cell(&a.organisation, 32),
                fit.cell(format!("{} {}", a.item, a.item_title).trim(), 28),
                fit.cell(&owners.join(", "), 32),
                st,
                a.first_date
                    .as_ref()
                    .map(|d| format!("since {d}"))
                    .unwrap_or_default(),
                fit.cell(&a.text, 90),
            ]
        })
        .collect();
    let header = [
        "DATE",
        "ORGANISATION",
        "ITEM",
        "OWNERS",
        "STATUS",
        "CARRIED",
        "ACTION",
    ];
    aligned(&header, &rows)
}

/// One row per chain of the matching actions: first raised, last seen,
/// meetings, days, status now, owners and text as first minuted; longest
/// (most meetings, then most days) first.
pub fn chain_table(actions: &[&Action], min_meetings: u32, fit: Fit) -> (String, usize) {
    let mut by_chain: std::collections::BTreeMap<&str, Vec<&Action>> = Default::default();
    for a in actions {
        if let Some(c) = &a.chain {
            by_chain.entry(c.as_str()).or_default().push(a);
        }
    }
    let mut chains: Vec<(u32, u32, Vec<String>)> = by_chain
        .into_values()
        .filter_map(|acts| {
            let first = acts.first()?;
            let last = acts.last()?;
            let meetings = first.track.chain_meetings.unwrap_or_else(|| {
                let mut d: Vec<&str> = acts
                    .iter()
                    .filter_map(|a| a.meeting_date.as_deref())
                    .collect();
                d.dedup();
                d.len() as u32
            });
            if meetings < min_meetings.max(2) {
                return None;
            }
            let (f, l) = (
                first.meeting_date.clone().unwrap_or_default(),
                last.meeting_date.clone().unwrap_or_default(),
            );
            let days = first
                .track
                .chain_days
                .unwrap_or_else(|| status::days_between(&f, &l));
            let owners: Vec<String> = first.owners.iter().map(owner_label).collect();
            let row = vec![
                f,
                l,
                meetings.to_string(),
                days.to_string(),
                last.status.clone().unwrap_or_else(|| OPEN.into()),
                fit.cell(&first.organisation, 32),
                fit.cell(&owners.join(", "), 32),
                fit.cell(&first.text, 90),
            ];
            Some((meetings, days, row))
        })
        .collect();
    chains.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2)));
    let n = chains.len();
    let rows: Vec<Vec<String>> = chains.into_iter().map(|(_, _, r)| r).collect();
    let header = [
        "FIRST",
        "LAST",
        "MEETINGS",
        "DAYS",
        "STATUS",
        "ORGANISATION",
        "OWNERS",
        "ACTION",
    ];
    (aligned(&header, &rows), n)
}

/// The decisions as a table.
pub fn decision_table(ds: &[&Decision], fit: Fit) -> String {
    let rows: Vec<Vec<String>> = ds
        .iter()
        .map(|d| {
            vec![
                d.meeting_date.clone().unwrap_or_else(|| "?".into()),
                fit.cell(&d.organisation, 32),
                fit.cell(format!("{} {}", d.item, d.item_title).trim(), 28),
                d.page.to_string(),
                d.label.clone(),
                fit.cell(&d.text, 100),
            ]
        })
        .collect();
    aligned(
        &["DATE", "ORGANISATION", "ITEM", "PAGE", "LABEL", "DECISION"],
        &rows,
    )
}

fn aligned(header: &[&str], rows: &[Vec<String>]) -> String {
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for r in rows {
        for (w, c) in widths.iter_mut().zip(r) {
            *w = (*w).max(c.chars().count());
        }
    }
    let line = |cells: &[String]| {
        let mut s = String::new();
        for (i, (c, &w)) in cells.iter().zip(&widths).enumerate() {
            if i + 1 == cells.len() {
                s.push_str(c);
            } else {
                s.push_str(c);
                s.push_str(&" ".repeat(w - c.chars().count() + 2));
            }
        }
        s.trim_end().to_string()
    };
    let head: Vec<String> = header.iter().map(|h| h.to_string()).collect();
    let mut out = line(&head);
    out.push('\n');
    for r in rows {
        out.push_str(&line(r));
        out.push('\n');
    }
    out
}

pub fn run(args: HistoryArgs) -> ExitCode {
    if let Err(e) = args.validate() {
        eprintln!("{}", line(&format!("minutes history: {e}")));
        return ExitCode::from(2);
    }
    let actions = match output::read_actions(&args.out) {
        Ok(a) => a,
        Err(e) => {
            eprintln!(
                "{}",
                line(&format!(
                    "minutes history: {e} (is {} the output folder of a scan?)",
                    args.out.display()
                ))
            );
            return ExitCode::from(2);
        }
    };
    if let Some(t) = &args.theme {
        if let Err(e) = known_theme(t, &actions) {
            eprintln!("{}", line(&format!("minutes history: {e}")));
            return ExitCode::from(2);
        }
    }
    let fit = Fit {
        wide: args.wide || !std::io::stdout().is_terminal(),
    };
    if args.decisions {
        let decisions = match output::read_decisions(&args.out) {
            Ok(d) => d,
            Err(e) => {
                eprintln!("{}", line(&format!("minutes history: {e}")));
                return ExitCode::from(2);
            }
        };
        let hits: Vec<&Decision> = decisions
            .iter()
            .filter(|d| args.matches_decision(d))
            .collect();
        if args.json {
            return print_json(&hits);
        }
        print!("{}", lines(&decision_table(&hits, fit)));
        eprintln!("{} of {} decisions", hits.len(), decisions.len());
        return ExitCode::SUCCESS;
    }
    let hits: Vec<&Action> = actions.iter().filter(|a| args.matches(a)).collect();
    if args.chains {
        let (t, n) = chain_table(&hits, args.min_meetings.unwrap_or(2), fit);
        if args.json {
            let ids: std::collections::BTreeSet<&str> =
                hits.iter().filter_map(|a| a.chain.as_deref()).collect();
            let members: Vec<&Action> = hits
                .iter()
                .copied()
                .filter(|a| {
                    a.chain.as_deref().is_some_and(|c| ids.contains(c))
                        && a.track.chain_meetings.unwrap_or(0) >= args.min_meetings.unwrap_or(2)
                })
                .collect();
            return print_json(&members);
        }
        print!("{}", lines(&t));
        eprintln!("{n} chains");
        return ExitCode::SUCCESS;
    }
    if args.json {
        return print_json(&hits);
    }
    let as_of = args.as_of.as_deref().map(end_of);
    print!("{}", lines(&table(&hits, as_of.as_deref(), fit)));
    eprintln!("{} of {} actions", hits.len(), actions.len());
    ExitCode::SUCCESS
}

fn print_json<T: serde::Serialize>(v: &T) -> ExitCode {
    match serde_json::to_string_pretty(v) {
        Ok(s) => {
            println!("{s}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{}", line(&format!("minutes history: {e}")));
            ExitCode::from(2)
        }
    }
}

/// An unknown `--theme` says which themes the scan has.
fn known_theme(t: &str, actions: &[Action]) -> Result<(), String> {
    let needle = fold(t);
    let all: std::collections::BTreeSet<&str> = actions
        .iter()
        .flat_map(|a| a.themes.iter().map(String::as_str))
        .collect();
    if all.iter().any(|x| fold(x).contains(&needle)) {
        return Ok(());
    }
    if all.is_empty() {
        return Err(format!("--theme {t:?}: no action of this scan has a theme"));
    }
    Err(format!(
        "--theme {t:?}: no such theme; the themes are: {}",
        all.into_iter().collect::<Vec<_>>().join("; ")
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::history::testkit::{action, item, meeting};

    fn sample() -> Vec<Action> {
        let mut m = meeting("Safer Halton Partnership", "2016-05-11", "a.pdf");
        m.items.push(item("4c", "Domestic Abuse", ""));
        let mut a = action(
            &m,
            "4c",
            "DP to take to meeting with CSP chairs",
            &[("DP", Some("David Parr"))],
        );
        a.themes = vec!["Domestic abuse and violence against women and girls".into()];
        let mut b = action(
            &m,
            "4c",
            "MA and LMcV to speak",
            &[("MA", Some("Mike Andrews")), ("LMcV", Some("Lynsey McVay"))],
        );
        b.meeting_date = Some("2019-05-01".into());
        b.carried_forward = true;
        b.first_date = Some("2019-01-01".into());
        vec![a, b]
    }

    fn ids(args: &HistoryArgs, acts: &[Action]) -> Vec<usize> {
        acts.iter()
            .enumerate()
            .filter(|(_, a)| args.matches(a))
            .map(|(i, _)| i)
            .collect()
    }

    #[test]
    fn filters_combine() {
        let acts = sample();
        let mut f = HistoryArgs::default();
        assert_eq!(ids(&f, &acts), [0, 1]);
        f.owner = Some("dp".into());
        assert_eq!(ids(&f, &acts), [0]);
        f.owner = Some("mcvay".into());
        assert_eq!(ids(&f, &acts), [1]);
        f.owner = None;
        f.theme = Some("domestic".into());
        assert_eq!(ids(&f, &acts), [0]);
        f.theme = None;
        f.since = Some("2017".into());
        assert_eq!(ids(&f, &acts), [1]);
        f.since = None;
        f.until = Some("2016-05".into());
        assert_eq!(ids(&f, &acts), [0]);
        f.until = Some("2016-05-10".into());
        assert!(ids(&f, &acts).is_empty());
        f.until = None;
        f.carried = true;
        assert_eq!(ids(&f, &acts), [1]);
        f.org = Some("halton".into());
        assert_eq!(ids(&f, &acts), [1]);
        f.org = Some("other board".into());
        assert!(ids(&f, &acts).is_empty());
    }

    #[test]
    fn bad_dates_are_refused() {
        let f = HistoryArgs {
            since: Some("11/05/2016".into()),
            ..HistoryArgs::default()
        };
        assert!(f.validate().is_err());
        let f = HistoryArgs {
            until: Some("2016-05".into()),
            ..HistoryArgs::default()
        };
        assert!(f.validate().is_ok());
        for (v, why) in [
            ("2016-13", "no month 13"),
            ("2016-00", "no month 0"),
            ("2016-02-30", "day 30 is not in 2016-02 (it has 29 days)"),
            ("2015-02-29", "day 29 is not in 2015-02 (it has 28 days)"),
            ("2016-04-31", "it has 30 days"),
        ] {
            let f = HistoryArgs {
                as_of: Some(v.into()),
                ..HistoryArgs::default()
            };
            let e = f.validate().unwrap_err();
            assert!(e.starts_with(&format!("--as-of {v:?}: ")), "{e}");
            assert!(e.contains(why), "{e}");
        }
        assert!(check_date("2016-02-29").is_ok() && check_date("2000-02-29").is_ok());
        assert!(check_date("1900-02-29").is_err());
        let f = HistoryArgs {
            status: Some("finished".into()),
            ..HistoryArgs::default()
        };
        let e = f.validate().unwrap_err();
        assert!(e.contains("open, done, cancelled, reassigned"), "{e}");
    }

    /// Three actions of one board: `a` raised in Jan, reported done in
    /// May; `b` open with a due date; `c` cancelled.
    fn tracked() -> Vec<Action> {
        let mut m = meeting("Board", "2016-01-10", "a.pdf");
        m.items.push(item("4", "Funding", ""));
        let mut a = action(&m, "4", "DP to write", &[("DP", Some("David Parr"))]);
        a.status = Some("done".into());
        a.chain = Some("c1".into());
        a.track.status_history = vec![
            crate::model::StatusEvent {
                date: "2016-01-10".into(),
                document: "a.pdf".into(),
                page: 1,
                status: "open".into(),
                text: None,
            },
            crate::model::StatusEvent {
                date: "2016-05-10".into(),
                document: "b.pdf".into(),
                page: 2,
                status: "done".into(),
                text: Some("Action complete".into()),
            },
        ];
        a.track.status_read = a.track.status_history.last().cloned();
        a.track.chain_meetings = Some(2);
        a.track.chain_days = Some(121);
        let mut b = action(&m, "4", "MA to book", &[("MA", None)]);
        b.status = Some("open".into());
        b.due = Some(crate::model::Due {
            text: "by March".into(),
            date: Some("2016-03-31".into()),
        });
        b.track.overdue = true;
        let mut c = action(&m, "4", "DP to cancel", &[("DP", None)]);
        c.owners[0].resolution = Resolution::Ambiguous {
            candidates: vec!["David Parr".into(), "Deana Perchard".into()],
        };
        c.status = Some("cancelled".into());
        vec![a, b, c]
    }

    #[test]
    fn status_filters_as_of_a_day() {
        let acts = tracked();
        let mut f = HistoryArgs {
            open: true,
            ..HistoryArgs::default()
        };
        assert_eq!(ids(&f, &acts), [1]);
        // On 1 April the January action was still open, and `b` overdue.
        f.as_of = Some("2016-04".into());
        assert_eq!(ids(&f, &acts), [0, 1]);
        f.open = false;
        f.overdue = true;
        assert_eq!(ids(&f, &acts), [1]);
        f.as_of = Some("2016-03-15".into());
        assert!(ids(&f, &acts).is_empty(), "not yet due");
        // Before it was minuted, an action has no status at all.
        f.overdue = false;
        f.as_of = Some("2015".into());
        assert!(ids(&f, &acts).is_empty());
        let f = HistoryArgs {
            status: Some("Done".into()),
            ..HistoryArgs::default()
        };
        assert_eq!(ids(&f, &acts), [0]);
        let f = HistoryArgs {
            status: Some("cancelled".into()),
            ..HistoryArgs::default()
        };
        assert_eq!(ids(&f, &acts), [2]);
    }

    #[test]
    fn table_marks_ambiguous_and_unresolved_owners_and_fits_or_not() {
        let acts = tracked();
        let refs: Vec<&Action> = acts.iter().collect();
        let t = table(&refs, None, Fit { wide: true });
        assert!(t.contains("MA !"), "{t}");
        assert!(t.contains("DP ?"), "{t}");
        assert!(t.contains("open (overdue)"), "{t}");
        let mut long = acts[0].clone();
        long.text = "word ".repeat(40);
        let narrow = table(&[&long], None, Fit { wide: false });
        assert!(narrow.lines().nth(1).unwrap().ends_with('…'), "{narrow}");
        let wide = table(&[&long], None, Fit { wide: true });
        assert!(wide.lines().nth(1).unwrap().ends_with("word"), "{wide}");
    }

    #[test]
    fn chains_view_lists_long_chains_first_and_honours_min_meetings() {
        let acts = tracked();
        let mut later = acts[0].clone();
        later.meeting_date = Some("2016-05-10".into());
        later.carried_forward = true;
        let all = [&acts[0], &later, &acts[1]];
        let (t, n) = chain_table(&all, 2, Fit { wide: true });
        assert_eq!(n, 1);
        let row = t.lines().nth(1).unwrap();
        assert!(
            row.starts_with("2016-01-10  2016-05-10  2         121   done"),
            "{t}"
        );
        let (_, n) = chain_table(&all, 3, Fit { wide: true });
        assert_eq!(n, 0);
    }

    #[test]
    fn unknown_theme_lists_the_themes() {
        let acts = sample();
        assert!(known_theme("domestic", &acts).is_ok());
        let e = known_theme("parking", &acts).unwrap_err();
        assert!(
            e.contains("the themes are: Domestic abuse and violence against women and girls"),
            "{e}"
        );
    }

    #[test]
    fn table_aligns_columns() {
        let acts = sample();
        let t = table(&acts.iter().collect::<Vec<_>>(), None, Fit { wide: false });
        let lines: Vec<&str> = t.lines().collect();
        assert_eq!(lines.len(), 3);
        assert!(lines[0].starts_with("DATE        ORGANISATION"));
        assert!(lines[2].contains("since 2019-01-01"));
        let col = lines[0].find("ACTION").unwrap();
        let rest: String = lines[1].chars().skip(col).collect();
        assert!(rest.starts_with("DP to take"), "{t}");
    }
}
