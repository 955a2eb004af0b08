//! Printed signs that a document records actions, looked for when no
//! action was read from a column, label, list or log: an Action column
//! header, a log table, lines that open with an action label, an actions
//! heading. Such a document is the clearest case of rules that do not fit
//! a body's minutes, so the scan names it and points to `minutes explain`.

use super::items::Outline;
use super::rows::DocumentView;
use crate::layout::Page;
use crate::rules::RuleSet;

/// The signs of actions printed in the document, one phrase each (empty
/// when there are none).
pub fn unread(
    rules: &RuleSet,
    pages: &[Page],
    view: &DocumentView,
    split: &Outline,
) -> Vec<String> {
    let mut out = Vec::new();
    let c = &rules.owners.column;
    let header = pages.iter().find_map(|p| {
        p.lines.iter().find_map(|l| {
            let t = l.text();
            (l.bbox.x0 >= c.min_x * p.width && c.header.is_match(t.trim()))
                .then(|| (p.number, t.trim().to_string()))
        })
    });
    if let Some((page, word)) = header {
        out.push(format!("an Action column header \"{word}\" (page {page})"));
    }
    if let Some(log) = view.logs.first() {
        let page = view
            .line_of_row
            .get(log.header)
            .copied()
            .flatten()
            .map_or(0, |l| view.lines[l].page);
        out.push(format!(
            "{} action log {} (page {page})",
            view.logs.len(),
            if view.logs.len() == 1 {
                "table"
            } else {
                "tables"
            }
        ));
    }
    let mut labels = 0;
    let mut label_page = 0;
    let mut heading: Option<(String, u32)> = None;
    for it in &split.items {
        let b = &it.body;
        for bl in b.lines.iter().filter(|l| !l.heading) {
            let text = b.text.get(bl.start..bl.end).unwrap_or("").trim_start();
            let text = match rules.text.strip_prefix.find(text) {
                Some(m) if m.start() == 0 && m.end() < text.len() => text[m.end()..].trim_start(),
                _ => text,
            };
            let opens = rules
                .labels
                .labels
                .iter()
                .any(|r| r.re.find(text).is_some_and(|m| m.start() == 0));
            if opens {
                labels += 1;
                if label_page == 0 {
                    label_page = view.lines.get(bl.line).map_or(0, |l| l.page);
                }
            } else if heading.is_none()
                && bl.para_start
                && rules.labels.lists.heading.is_match(text.trim())
            {
                let page = view.lines.get(bl.line).map_or(0, |l| l.page);
                heading = Some((text.trim().to_string(), page));
            }
        }
    }
    if labels > 0 {
        out.push(format!(
            "{labels} {} opening with an action label (first on page {label_page})",
            if labels == 1 { "line" } else { "lines" }
        ));
    }
    if let Some((h, page)) = heading {
        out.push(format!("an actions heading \"{h}\" (page {page})"));
    }
    out
}
