//! `minutes history OUT`: answers an auditor's questions from a scan's
//! outputs (`actions.jsonl`), never re-reading PDFs. Filters combine (all
//! must hold); the answer is a table, or the matching actions as a JSON
//! array with `--json`.

use crate::history::text::fold;
use crate::model::Action;
use crate::output;
use clap::Args;
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
    /// Print the matching actions as a JSON array
    #[arg(long)]
    pub json: bool,
}

fn valid_date_prefix(s: &str) -> bool {
    let b = s.as_bytes();
    let digits =
        |r: std::ops::Range<usize>| r.clone().all(|i| b.get(i).is_some_and(u8::is_ascii_digit));
    match b.len() {
        4 => digits(0..4),
        7 => digits(0..4) && b[4] == b'-' && digits(5..7),
        10 => digits(0..4) && b[4] == b'-' && digits(5..7) && b[7] == b'-' && digits(8..10),
        _ => false,
    }
}

impl HistoryArgs {
    /// Checks the date arguments.
    pub fn validate(&self) -> Result<(), String> {
        for (flag, v) in [("--since", &self.since), ("--until", &self.until)] {
            if let Some(v) = v {
                if !valid_date_prefix(v) {
                    return Err(format!(
                        "{flag} {v:?}: expected YYYY, YYYY-MM or YYYY-MM-DD"
                    ));
                }
            }
        }
        Ok(())
    }

    /// Whether an action passes every filter given.
    pub fn matches(&self, a: &Action) -> bool {
        if self.carried && !a.carried_forward {
            return false;
        }
        if let Some(o) = &self.owner {
            let needle = fold(o);
            let by_token = a.owners.iter().any(|t| fold(t) == needle);
            let by_name = a
                .owner_names
                .iter()
                .flatten()
                .any(|n| fold(n).contains(&needle));
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

fn clip(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(n.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}

/// The matching actions as an aligned text table.
pub fn table(actions: &[&Action]) -> String {
    let rows: Vec<[String; 6]> = actions
        .iter()
        .map(|a| {
            [
                a.meeting_date.clone().unwrap_or_else(|| "?".into()),
                clip(&a.organisation, 32),
                clip(format!("{} {}", a.item, a.item_title).trim(), 28),
                clip(&a.shown_names().join(", "), 32),
                a.first_date
                    .as_ref()
                    .map(|d| format!("since {d}"))
                    .unwrap_or_default(),
                clip(&a.text.split_whitespace().collect::<Vec<_>>().join(" "), 90),
            ]
        })
        .collect();
    let header = [
        "DATE",
        "ORGANISATION",
        "ITEM",
        "OWNERS",
        "CARRIED",
        "ACTION",
    ];
    let mut widths = header.map(|h| h.chars().count());
    for r in &rows {
        for (w, c) in widths.iter_mut().zip(r) {
            *w = (*w).max(c.chars().count());
        }
    }
    let line = |cells: &[String]| {
        let mut s = String::new();
        for (i, (c, w)) in cells.iter().zip(widths).enumerate() {
            if i + 1 == cells.len() {
                s.push_str(c);
            } else {
                s.push_str(c);
                s.push_str(&" ".repeat(w - c.chars().count() + 2));
            }
        }
        s.trim_end().to_string()
    };
    let mut out = line(&header.map(String::from));
    out.push('\n');
    for r in &rows {
        out.push_str(&line(r));
        out.push('\n');
    }
    out
}

pub fn run(args: HistoryArgs) -> ExitCode {
    if let Err(e) = args.validate() {
        eprintln!("minutes history: {e}");
        return ExitCode::from(2);
    }
    let actions = match output::read_actions(&args.out) {
        Ok(a) => a,
        Err(e) => {
            eprintln!(
                "minutes history: {e} (is {} the output folder of a scan?)",
                args.out.display()
            );
            return ExitCode::from(2);
        }
    };
    let hits: Vec<&Action> = actions.iter().filter(|a| args.matches(a)).collect();
    if args.json {
        match serde_json::to_string_pretty(&hits) {
            Ok(s) => println!("{s}"),
            Err(e) => {
                eprintln!("minutes history: {e}");
                return ExitCode::from(2);
            }
        }
    } else {
        print!("{}", table(&hits));
        eprintln!("{} of {} actions", hits.len(), actions.len());
    }
    ExitCode::SUCCESS
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
    }

    #[test]
    fn table_aligns_columns() {
        let acts = sample();
        let t = table(&acts.iter().collect::<Vec<_>>());
        let lines: Vec<&str> = t.lines().collect();
        assert_eq!(lines.len(), 3);
        assert!(lines[0].starts_with("DATE        ORGANISATION"));
        assert!(lines[2].contains("since 2019-01-01"));
        let col = lines[0].find("ACTION").unwrap();
        let rest: String = lines[1].chars().skip(col).collect();
        assert!(rest.starts_with("DP to take"), "{t}");
    }
}
