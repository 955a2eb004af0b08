//! Where a rule is written: its file, line and name, so `minutes explain`
//! can send the officer to the line to edit ("labels.toml:27
//! label[action-colon]") instead of describing the rule in prose.
//!
//! Lines are found when asked, from the file's own text (the TOML parser's
//! spans), so compiling and using the rules costs nothing more.

use super::RuleSet;
use serde::Serialize;
use toml::de::{DeTable, DeValue};
use toml::Spanned;

/// A rule as written in a rule file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RuleRef {
    /// The rule file (`owners.toml`).
    pub file: String,
    /// 1-based line of the setting, when the file has it.
    pub line: Option<usize>,
    /// The setting's path in the file: `column.header`,
    /// `furniture.patterns[2]`, `label[action-colon]` (an entry of an array
    /// of tables, by its `name`).
    pub name: String,
}

impl std::fmt::Display for RuleRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(l) => write!(f, "{}:{l} {}", self.file, self.name),
            None => write!(f, "{} {}", self.file, self.name),
        }
    }
}

impl RuleSet {
    /// The rule at `path` of `file` (see [`RuleRef::name`] for the form of
    /// paths), with the line it is written on.
    pub fn rule_ref(&self, file: &str, path: &str) -> RuleRef {
        RuleRef {
            file: file.to_string(),
            line: self.file_text(file).and_then(|t| line_of_path(t, path)),
            name: path.to_string(),
        }
    }
}

/// The 1-based line of byte `offset` in `text`.
fn line_at(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()[..end]
        .iter()
        .filter(|b| **b == b'\n')
        .count()
        + 1
}

/// One step of a path: a key, then optionally an index or a `name`.
fn steps(path: &str) -> Vec<(&str, Option<&str>)> {
    let mut out = Vec::new();
    let mut rest = path;
    while !rest.is_empty() {
        // A `[...]` selector may hold dots (`label[a.b]`): cut at the first
        // dot outside brackets.
        let mut depth = 0;
        let mut cut = rest.len();
        for (i, c) in rest.char_indices() {
            match c {
                '[' => depth += 1,
                ']' => depth -= 1,
                '.' if depth == 0 => {
                    cut = i;
                    break;
                }
                _ => {}
            }
        }
        let step = &rest[..cut];
        rest = rest.get(cut + 1..).unwrap_or("");
        match step.split_once('[') {
            Some((key, sel)) => out.push((key, Some(sel.trim_end_matches(']')))),
            None => out.push((step, None)),
        }
    }
    out
}

/// The line where `path` is written in the TOML `text`, if it is there.
pub fn line_of_path(text: &str, path: &str) -> Option<usize> {
    let doc = DeTable::parse(text).ok()?;
    let mut table: &DeTable = doc.get_ref();
    let mut at: Option<usize> = None;
    let all = steps(path);
    for (n, (key, sel)) in all.iter().enumerate() {
        let (k, v): (&Spanned<_>, &Spanned<DeValue>) =
            table.iter().find(|(k, _)| k.get_ref() == key)?;
        at = Some(k.span().start);
        let mut value = v;
        if let Some(sel) = sel {
            let DeValue::Array(items) = v.get_ref() else {
                return None;
            };
            value = match sel.parse::<usize>() {
                Ok(i) => items.get(i)?,
                Err(_) => items.iter().find(|e| match e.get_ref() {
                    DeValue::Table(t) => t.iter().any(|(k, v)| {
                        k.get_ref() == "name"
                            && matches!(v.get_ref(), DeValue::String(s) if s == sel)
                    }),
                    _ => false,
                })?,
            };
            at = Some(value.span().start);
            // An entry of an array of tables: its `name` line, or the
            // `pattern` it is known by.
            if let DeValue::Table(t) = value.get_ref() {
                let key_line = |want: &str| {
                    t.iter()
                        .find(|(k, _)| k.get_ref() == want)
                        .map(|(k, _)| k.span().start)
                };
                if n + 1 == all.len() {
                    at = key_line("pattern").or(key_line("name")).or(at);
                }
            }
        }
        match value.get_ref() {
            DeValue::Table(t) => table = t,
            _ if n + 1 == all.len() => {}
            _ => return None,
        }
    }
    at.map(|o| line_at(text, o))
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "# comment\n[column]\nheader = 'Action'\nmin_x = 0.5\n\n[furniture]\npatterns = [\n  'a',\n  'b',\n]\n\n[[label]]\nname = \"one\"\npattern = 'x'\n\n[[label]]\nname = \"two\"\npattern = 'y'\n";

    #[test]
    fn keys_indices_and_named_entries_have_their_lines() {
        assert_eq!(line_of_path(TEXT, "column.header"), Some(3));
        assert_eq!(line_of_path(TEXT, "column.min_x"), Some(4));
        assert_eq!(line_of_path(TEXT, "furniture.patterns[1]"), Some(9));
        assert_eq!(line_of_path(TEXT, "label[two]"), Some(18));
        assert_eq!(line_of_path(TEXT, "label[1]"), Some(18));
        assert_eq!(line_of_path(TEXT, "label[three]"), None);
        assert_eq!(line_of_path(TEXT, "column.nothing"), None);
    }

    #[test]
    fn every_embedded_heading_and_label_rule_is_found() {
        let r = RuleSet::embedded();
        for h in &r.items.headings {
            let at = r.rule_ref("items.toml", &format!("heading[{}]", h.name));
            assert!(at.line.is_some(), "{at}");
        }
        for l in &r.labels.labels {
            let at = r.rule_ref("labels.toml", &format!("label[{}]", l.name));
            assert!(at.line.is_some(), "{at}");
        }
        assert!(r.rule_ref("owners.toml", "column.header").line.is_some());
        assert!(r.rule_ref("owners.toml", "tokens.initials").line.is_some());
    }
}
