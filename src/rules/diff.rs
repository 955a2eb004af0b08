//! What a rule folder changes against the embedded defaults, setting by
//! setting, so that `minutes rules check DIR` can say "labels.toml:
//! label[2].pattern changed" instead of leaving the officer to diff ten
//! TOML files by eye.
//!
//! Files are compared as parsed TOML values, not as text: comments, blank
//! lines and key order do not count as changes.

use std::collections::BTreeMap;

/// One difference between a rule folder and the defaults.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// A file the defaults do not have (kept as text; a stage may read it).
    AddedFile { file: String },
    /// A file of the defaults missing from the folder (only possible for
    /// files no stage requires).
    MissingFile { file: String },
    /// A setting present in both with a different value.
    Changed { file: String, path: String },
    /// A setting only in the folder.
    Added { file: String, path: String },
    /// A setting only in the defaults.
    Removed { file: String, path: String },
}

impl std::fmt::Display for Change {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Change::AddedFile { file } => write!(f, "{file}: new file (not in the defaults)"),
            Change::MissingFile { file } => write!(f, "{file}: missing (the defaults have it)"),
            Change::Changed { file, path } => write!(f, "{file}: {path} changed"),
            Change::Added { file, path } => write!(f, "{file}: {path} added"),
            Change::Removed { file, path } => write!(f, "{file}: {path} removed"),
        }
    }
}

/// The changes of `files` (file name -> text) against `defaults`. A file
/// that does not parse as TOML is reported as changed as a whole (the rule
/// set's own check reports the syntax error with its line).
pub fn changes(
    defaults: &BTreeMap<String, String>,
    files: &BTreeMap<String, String>,
) -> Vec<Change> {
    let mut out = Vec::new();
    for (name, text) in files {
        let Some(base) = defaults.get(name) else {
            out.push(Change::AddedFile { file: name.clone() });
            continue;
        };
        if base == text {
            continue;
        }
        match (text.parse::<toml::Table>(), base.parse::<toml::Table>()) {
            (Ok(new), Ok(old)) => compare(
                name,
                "",
                &toml::Value::Table(old),
                &toml::Value::Table(new),
                &mut out,
            ),
            _ => out.push(Change::Changed {
                file: name.clone(),
                path: "(whole file)".into(),
            }),
        }
    }
    for name in defaults.keys() {
        if !files.contains_key(name) {
            out.push(Change::MissingFile { file: name.clone() });
        }
    }
    out
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

/// Walks two values in step; tables key by key, arrays of tables index by
/// index (`label[2].pattern`), anything else compared whole.
fn compare(file: &str, path: &str, old: &toml::Value, new: &toml::Value, out: &mut Vec<Change>) {
    use toml::Value;
    let change = |path: String| Change::Changed {
        file: file.to_string(),
        path,
    };
    match (old, new) {
        (Value::Table(a), Value::Table(b)) => {
            for (k, va) in a {
                match b.get(k) {
                    Some(vb) => compare(file, &join(path, k), va, vb, out),
                    None => out.push(Change::Removed {
                        file: file.to_string(),
                        path: join(path, k),
                    }),
                }
            }
            for k in b.keys().filter(|k| !a.contains_key(*k)) {
                out.push(Change::Added {
                    file: file.to_string(),
                    path: join(path, k),
                });
            }
        }
        (Value::Array(a), Value::Array(b))
            if a.iter().chain(b).all(|v| matches!(v, Value::Table(_))) =>
        {
            for i in 0..a.len().max(b.len()) {
                let p = format!("{path}[{}]", i + 1);
                match (a.get(i), b.get(i)) {
                    (Some(va), Some(vb)) => compare(file, &p, va, vb, out),
                    (Some(_), None) => out.push(Change::Removed {
                        file: file.to_string(),
                        path: p,
                    }),
                    (None, Some(_)) => out.push(Change::Added {
                        file: file.to_string(),
                        path: p,
                    }),
                    (None, None) => {}
                }
            }
        }
        (a, b) if a != b => out.push(change(path.to_string())),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(files: &[(&str, &str)]) -> BTreeMap<String, String> {
        files
            .iter()
            .map(|(n, t)| (n.to_string(), t.to_string()))
            .collect()
    }

    #[test]
    fn comments_and_order_are_not_changes() {
        let d = set(&[("a.toml", "x = 1\ny = 'p'\n")]);
        let f = set(&[("a.toml", "# note\ny = 'p'\n\nx = 1\n")]);
        assert_eq!(changes(&d, &f), vec![]);
    }

    #[test]
    fn settings_are_named_by_path() {
        let d = set(&[
            (
                "labels.toml",
                "[[label]]\nname='a'\npattern='x'\n[[label]]\nname='b'\npattern='y'\n[segment]\nmax_chars=400\n",
            ),
            ("extra.toml", "k = 1\n"),
        ]);
        let f = set(&[
            (
                "labels.toml",
                "[[label]]\nname='a'\npattern='x'\n[[label]]\nname='b'\npattern='z'\n[[label]]\nname='c'\npattern='w'\n[segment]\nmin=1\n",
            ),
            ("mine.toml", "k = 2\n"),
        ]);
        let got: Vec<String> = changes(&d, &f).iter().map(|c| c.to_string()).collect();
        assert_eq!(
            got,
            vec![
                "labels.toml: label[2].pattern changed",
                "labels.toml: label[3] added",
                "labels.toml: segment.max_chars removed",
                "labels.toml: segment.min added",
                "mine.toml: new file (not in the defaults)",
                "extra.toml: missing (the defaults have it)",
            ]
        );
    }

    #[test]
    fn a_file_that_does_not_parse_is_changed_whole() {
        let d = set(&[("a.toml", "x = 1\n")]);
        let f = set(&[("a.toml", "x = \n")]);
        assert_eq!(
            changes(&d, &f),
            vec![Change::Changed {
                file: "a.toml".into(),
                path: "(whole file)".into()
            }]
        );
    }
}
