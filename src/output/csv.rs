//! CSV outputs (`actions.csv`, `themes.csv`). Text taken from a PDF may
//! start like a spreadsheet formula (`=HYPERLINK(...)`): every cell that
//! starts with `=`, `+`, `-`, `@`, a tab or a carriage return gets a
//! leading `'` so a spreadsheet shows it as text and never runs it.

use crate::history::ThemeStats;
use crate::model::Action;
use std::collections::BTreeSet;
use std::io::{self, Write};

/// The cell as a spreadsheet will show it literally.
pub fn neutralise(cell: &str) -> std::borrow::Cow<'_, str> {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}").into(),
        _ => cell.into(),
    }
}

fn write_row<W: Write>(w: &mut csv::Writer<W>, cells: &[String]) -> io::Result<()> {
    w.write_record(cells.iter().map(|c| neutralise(c).into_owned()))
        .map_err(io::Error::other)
}

/// Columns of `actions.csv`.
pub const ACTION_COLUMNS: &[&str] = &[
    "meeting_date",
    "organisation",
    "document",
    "page",
    "item",
    "item_title",
    "owners",
    "owner_names",
    "text",
    "due",
    "due_date",
    "themes",
    "carried_forward",
    "first_date",
    "chain",
    "inferred",
    "id",
    "status",
    "status_text",
    "overdue",
];

/// Writes the header and one row per action. Lists are joined: owners with
/// `/` (as the minutes print them), names and themes with `; `.
pub fn write_actions<'a, W: Write>(
    out: W,
    actions: impl Iterator<Item = &'a Action>,
) -> io::Result<()> {
    let mut w = ActionRows::new(out)?;
    for a in actions {
        w.row(a)?;
    }
    w.finish()
}

/// `actions.csv` written one action at a time (the header first), so a
/// scan can stream its actions into it beside the other outputs.
pub struct ActionRows<W: Write> {
    w: csv::Writer<W>,
}

impl<W: Write> ActionRows<W> {
    /// Writes the header.
    pub fn new(out: W) -> io::Result<Self> {
        let mut w = csv::Writer::from_writer(out);
        write_row(
            &mut w,
            &ACTION_COLUMNS
                .iter()
                .map(|s| s.to_string())
                .collect::<Vec<_>>(),
        )?;
        Ok(ActionRows { w })
    }

    /// One action's row.
    pub fn row(&mut self, a: &Action) -> io::Result<()> {
        let row = vec![
            a.meeting_date.clone().unwrap_or_default(),
            a.organisation.clone(),
            a.document.clone(),
            a.page.to_string(),
            a.item.clone(),
            a.item_title.clone(),
            a.owners_printed(),
            a.owner_names()
                .map(|n| n.unwrap_or_default())
                .collect::<Vec<_>>()
                .join("; "),
            a.text.clone(),
            a.due.as_ref().map(|d| d.text.clone()).unwrap_or_default(),
            a.due
                .as_ref()
                .and_then(|d| d.date.clone())
                .unwrap_or_default(),
            a.themes.join("; "),
            a.carried_forward.to_string(),
            a.first_date.clone().unwrap_or_default(),
            a.chain.clone().unwrap_or_default(),
            a.inferred.to_string(),
            a.id.clone(),
            a.status.clone().unwrap_or_default(),
            a.status_text.clone().unwrap_or_default(),
            a.track.overdue.to_string(),
        ];
        write_row(&mut self.w, &row)
    }

    /// Flushes the rows to the writer.
    pub fn finish(mut self) -> io::Result<()> {
        self.w.flush()
    }

    /// Flushes the rows and gives the writer back.
    pub fn into_inner(self) -> io::Result<W> {
        self.w.into_inner().map_err(|e| e.into_error())
    }
}

/// Writes `themes.csv`: per theme mentioned at one meeting or more, where
/// it comes from (`taxonomy` or `discovered`, with the organisation it was
/// discovered in), whether it recurs, meetings, actions, first and last
/// date, then one column per year, `meetings_YYYY`: the meetings mentioning
/// the theme that year, over the years any theme was mentioned.
pub fn write_themes<W: Write>(out: W, themes: &[ThemeStats]) -> io::Result<()> {
    let themes: Vec<&ThemeStats> = themes.iter().filter(|t| t.meetings > 0).collect();
    let years: Vec<u32> = {
        let ys: BTreeSet<u32> = themes
            .iter()
            .flat_map(|t| t.per_year.keys())
            .filter_map(|y| y.parse().ok())
            .collect();
        match (ys.first(), ys.last()) {
            (Some(&a), Some(&b)) => (a..=b).collect(),
            _ => vec![],
        }
    };
    let mut w = csv::Writer::from_writer(out);
    let mut header: Vec<String> = [
        "theme",
        "source",
        "organisation",
        "recurring",
        "meetings",
        "actions",
        "first_date",
        "last_date",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    header.extend(years.iter().map(|y| format!("meetings_{y}")));
    write_row(&mut w, &header)?;
    for t in themes {
        let mut row = vec![
            t.theme.clone(),
            t.source.clone(),
            t.organisation.clone().unwrap_or_default(),
            t.recurring.to_string(),
            t.meetings.to_string(),
            t.actions.to_string(),
            t.first_date.clone().unwrap_or_default(),
            t.last_date.clone().unwrap_or_default(),
        ];
        row.extend(years.iter().map(|y| {
            t.per_year
                .get(&y.to_string())
                .copied()
                .unwrap_or(0)
                .to_string()
        }));
        write_row(&mut w, &row)?;
    }
    w.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_cells_are_neutralised() {
        for bad in [
            "=HYPERLINK(\"http://x\")",
            "+1",
            "-2",
            "@SUM(A1)",
            "\tx",
            "\rx",
        ] {
            assert_eq!(neutralise(bad), format!("'{bad}"));
        }
        for ok in ["Crime profiles", "2016-05-11", "", "'quoted", " =x"] {
            assert_eq!(neutralise(ok), ok);
        }
    }

    #[test]
    fn themes_csv_has_a_column_per_year() {
        let t = ThemeStats {
            theme: "=Bad".into(),
            meetings: 3,
            actions: 1,
            first_date: Some("2014-01-01".into()),
            last_date: Some("2016-01-01".into()),
            per_year: [("2014".to_string(), 2), ("2016".to_string(), 1)]
                .into_iter()
                .collect(),
            recurring: true,
            source: "taxonomy".into(),
            organisation: None,
        };
        let found = ThemeStats {
            theme: "Finance report".into(),
            source: "discovered".into(),
            organisation: Some("Society".into()),
            meetings: 1,
            per_year: [("2015".to_string(), 1)].into_iter().collect(),
            ..t.clone()
        };
        let unused = ThemeStats {
            theme: "Road safety".into(),
            meetings: 0,
            per_year: Default::default(),
            ..t.clone()
        };
        let mut buf = Vec::new();
        write_themes(&mut buf, &[t, found, unused]).unwrap();
        assert_eq!(
            String::from_utf8(buf).unwrap(),
            "theme,source,organisation,recurring,meetings,actions,first_date,last_date,meetings_2014,meetings_2015,meetings_2016\n\
             '=Bad,taxonomy,,true,3,1,2014-01-01,2016-01-01,2,0,1\n\
             Finance report,discovered,Society,true,1,1,2014-01-01,2016-01-01,0,1,0\n"
        );
    }
}
