//! The plain-text explanation: one row per printed line (page and line
//! number, role, text, rule), then one block per action with its evidence.

use super::{ActionNote, Explained, Line};

/// Widest text shown for a line before it is cut with `…`.
const TEXT_WIDTH: usize = 56;

fn cut(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let mut c: String = s.chars().take(max.saturating_sub(1)).collect();
    c.push('…');
    c
}

fn pad(s: &str, w: usize) -> String {
    let n = s.chars().count();
    if n >= w {
        s.to_string()
    } else {
        format!("{s}{}", " ".repeat(w - n))
    }
}

/// The explanation as text; `page` keeps one page (lines and actions).
pub fn render(e: &Explained, page: Option<u32>) -> String {
    let mut s = String::new();
    s.push_str(&format!("minutes explain: {}\n", e.document));
    s.push_str(&format!("rules: {}\n", e.rules));
    let org = if e.organisation.is_empty() {
        "organisation unknown"
    } else {
        &e.organisation
    };
    s.push_str(&format!(
        "{org} · {} · {} present, {} in attendance · {} items · {} actions\n",
        e.meeting_date.as_deref().unwrap_or("date unknown"),
        e.present,
        e.in_attendance,
        e.items,
        e.actions.len()
    ));
    if let Some(why) = &e.not_minutes {
        s.push_str(&format!(
            "a scan would refuse this document as not minutes: {why}\n"
        ));
    }
    let mut cur = None;
    let mut n = 0;
    for l in e.lines.iter().filter(|l| page.is_none_or(|p| l.page == p)) {
        if cur != Some(l.page) {
            cur = Some(l.page);
            n = 0;
            s.push_str(&format!("\npage {}\n", l.page));
        }
        n += 1;
        s.push_str(&line_row(l, n));
    }
    let actions: Vec<&ActionNote> = e
        .actions
        .iter()
        .filter(|a| page.is_none_or(|p| a.page == p))
        .collect();
    s.push_str(&format!("\nactions: {}\n", actions.len()));
    if e.actions.is_empty() {
        s.push_str(
            "  none read: look above for an Action column, labels or a log the rules did not \
             take (roles `ignored`, `minute text`), then see docs/rules.md\n",
        );
    }
    for a in actions {
        s.push_str(&action_block(a));
    }
    s
}

fn line_row(l: &Line, n: usize) -> String {
    let mut t = format!(
        "{:>4}  {}  {}",
        n,
        pad(l.role.label(), 14),
        pad(&cut(&l.text(), TEXT_WIDTH), TEXT_WIDTH)
    );
    let mut notes = Vec::new();
    if let Some(r) = &l.rule {
        notes.push(r.to_string());
    }
    if !l.detail.is_empty() {
        notes.push(l.detail.clone());
    }
    if !l.actions.is_empty() {
        let a: Vec<String> = l.actions.iter().map(|a| format!("#{a}")).collect();
        notes.push(format!("action {}", a.join(", ")));
    }
    if !notes.is_empty() {
        t.push_str("  ");
        t.push_str(&notes.join(" · "));
    }
    t.trim_end().to_string() + "\n"
}

fn action_block(a: &ActionNote) -> String {
    let item = if a.item.is_empty() { "-" } else { &a.item };
    let mut s = format!(
        "\n#{} item {item} · page {} · {} · owners {}\n",
        a.number,
        a.page,
        a.source,
        a.owners.join("/")
    );
    s.push_str(&format!("   text      {}\n", a.text));
    s.push_str(&format!("   read by   {}\n", a.rule));
    s.push_str(&format!("   evidence  {}\n", a.evidence));
    if !a.clause.is_empty() {
        s.push_str(&format!("   clause    {}\n", a.clause));
    }
    for o in &a.owner_notes {
        s.push_str(&format!(
            "   owner     {} ({}): {}\n",
            o.token, o.rule, o.how
        ));
    }
    if let Some(d) = &a.due {
        s.push_str(&format!("   due       {d}\n"));
    }
    if let Some(st) = &a.status {
        s.push_str(&format!("   status    {st}\n"));
    }
    s
}
