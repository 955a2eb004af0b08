//! The explanation as one self-contained HTML page: each PDF page drawn as
//! its words in absolutely placed boxes (no raster), coloured by what they
//! were read as, with the role and rule on hover (`title`), then the
//! actions with their evidence. No script runs: a Content-Security-Policy
//! allows only the inline style. Every string from the PDF is escaped as
//! in `report.html` ([`crate::report::escape::html`]).

use super::{Explained, Line, Role};
use crate::report::escape::html;
use std::fmt::Write as _;

/// Pixels per PDF point.
const SCALE: f32 = 1.25;

/// Background colour of each role (light, so the words stay readable).
fn colour(role: Role) -> &'static str {
    match role {
        Role::Header => "#e8e8e8",
        Role::Officer => "#d9d2e9",
        Role::Attendee => "#cfe2f3",
        Role::Apologies => "#d0e0e3",
        Role::ItemHeading => "#ffd966",
        Role::MinuteText => "#ffffff",
        Role::ColumnHeader => "#f4cccc",
        Role::OwnerCell => "#ea9999",
        Role::ActionLabel => "#f6b26b",
        Role::ListHeading => "#f9cb9c",
        Role::ListEntry => "#fce5cd",
        Role::LogHeader => "#b6d7a8",
        Role::LogRow => "#d9ead3",
        Role::Status => "#b4a7d6",
        Role::Decision => "#a2c4c9",
        Role::NextMeeting => "#c9daf8",
        Role::Furniture => "#eeeeee",
        Role::Ignored => "#cccccc",
    }
}

const CSS: &str = "body{font-family:sans-serif;margin:1rem;color:#222}\
.page{position:relative;background:#fff;border:1px solid #999;margin:0 0 1.5rem;overflow:hidden}\
.w{position:absolute;white-space:nowrap;overflow:hidden;line-height:1;font-family:sans-serif;border-radius:2px;box-sizing:border-box}\
.w.act{outline:1px solid #c00}\
.legend span{display:inline-block;padding:.1rem .4rem;margin:.1rem;border:1px solid #999;font-size:.85rem}\
.r-furniture,.r-ignored{color:#777}\
h2{font-size:1rem;margin:1rem 0 .3rem}\
ol.actions li{margin:.4rem 0}\
ol.actions dl{margin:.2rem 0 0 1rem;display:grid;grid-template-columns:max-content 1fr;gap:0 .6rem;font-size:.9rem}\
ol.actions dt{color:#555}";

/// The role's hover text: role, detail and rule.
fn title(l: &Line) -> String {
    let mut t = l.role.label().to_string();
    if !l.detail.is_empty() {
        t.push_str(" — ");
        t.push_str(&l.detail);
    }
    if let Some(r) = &l.rule {
        t.push_str(" — ");
        t.push_str(&r.to_string());
    }
    if !l.actions.is_empty() {
        let a: Vec<String> = l.actions.iter().map(|a| format!("#{a}")).collect();
        t.push_str(" — action ");
        t.push_str(&a.join(", "));
    }
    t
}

/// The whole page.
pub fn render(e: &Explained, page: Option<u32>) -> String {
    let mut s = String::new();
    s.push_str("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">");
    s.push_str("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">");
    let _ = write!(
        s,
        "<title>minutes explain: {}</title><style>{CSS}",
        html(&e.document)
    );
    for r in Role::ALL {
        let _ = write!(s, ".r-{}{{background:{}}}", r.class(), colour(r));
    }
    s.push_str("</style></head><body>\n");
    let _ = writeln!(
        s,
        "<h1>{}</h1><p>rules: {} · {} · {} · {} present, {} in attendance · {} items · {} actions</p>",
        html(&e.document),
        html(&e.rules),
        html(if e.organisation.is_empty() {
            "organisation unknown"
        } else {
            &e.organisation
        }),
        html(e.meeting_date.as_deref().unwrap_or("date unknown")),
        e.present,
        e.in_attendance,
        e.items,
        e.actions.len()
    );
    if let Some(why) = &e.not_minutes {
        let _ = writeln!(
            s,
            "<p>A scan would refuse this document as not minutes: {}</p>",
            html(why)
        );
    }
    s.push_str("<p class=\"legend\">");
    for r in Role::ALL {
        let _ = write!(s, "<span class=\"r-{}\">{}</span>", r.class(), r.label());
    }
    s.push_str("</p>\n<p>Hover a word to see what it was read as and the rule (file:line name) that decided it; words outlined in red are evidence of an action.</p>\n");
    for p in e
        .pages
        .iter()
        .filter(|p| page.is_none_or(|n| p.number == n))
    {
        let _ = writeln!(
            s,
            "<h2>page {}</h2><div class=\"page\" data-page=\"{}\" style=\"width:{:.0}px;height:{:.0}px\">",
            p.number,
            p.number,
            p.width * SCALE,
            p.height * SCALE
        );
        for l in e.lines.iter().filter(|l| l.page == p.number) {
            let t = title(l);
            let acts: Vec<String> = l.actions.iter().map(|a| a.to_string()).collect();
            let h = (l.bottom - l.top).max(1.0) * SCALE;
            let font = (l.size * SCALE * 0.85).clamp(4.0, 60.0);
            for w in &l.words {
                let _ = writeln!(
                    s,
                    "<span class=\"w r-{}{}\" data-role=\"{}\" data-actions=\"{}\" title=\"{}\" style=\"left:{:.1}px;top:{:.1}px;width:{:.1}px;height:{:.1}px;font-size:{:.1}px\">{}</span>",
                    l.role.class(),
                    if acts.is_empty() { "" } else { " act" },
                    l.role.class(),
                    acts.join(" "),
                    html(&t),
                    w.x0 * SCALE,
                    l.top * SCALE,
                    ((w.x1 - w.x0) * SCALE).max(2.0),
                    h,
                    font,
                    html(&w.text)
                );
            }
        }
        s.push_str("</div>\n");
    }
    let _ = writeln!(
        s,
        "<h2>actions ({})</h2><ol class=\"actions\">",
        e.actions.len()
    );
    for a in e
        .actions
        .iter()
        .filter(|a| page.is_none_or(|n| a.page == n))
    {
        let _ = write!(
            s,
            "<li id=\"action-{}\" value=\"{}\"><b>{}</b> — item {} · page {} · {} · owners {}<dl>",
            a.number,
            a.number,
            html(&a.text),
            html(if a.item.is_empty() { "-" } else { &a.item }),
            a.page,
            html(&a.source),
            html(&a.owners.join("/"))
        );
        let mut row = |k: &str, v: &str| {
            let _ = write!(s, "<dt>{}</dt><dd>{}</dd>", html(k), html(v));
        };
        row("read by", &a.rule.to_string());
        row("evidence", &a.evidence);
        if !a.clause.is_empty() {
            row("clause", &a.clause);
        }
        for o in &a.owner_notes {
            row(
                &format!("owner {}", o.token),
                &format!("{} ({})", o.how, o.rule),
            );
        }
        if let Some(d) = &a.due {
            row("due", d);
        }
        if let Some(st) = &a.status {
            row("status", st);
        }
        s.push_str("</dl></li>\n");
    }
    s.push_str("</ol></body></html>\n");
    s
}
