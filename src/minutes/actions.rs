//! Tying owners to text.
//!
//! An Action-column cell owns the clause or sentence of the minute text that
//! starts on its line: the line it overlaps (or the nearest above or below),
//! from the paragraph start if that line starts one, else from the first
//! clause that starts on the line, else from the clause in progress. The
//! text runs to the end of its sentence, paragraph or item, or to where the
//! next cell's text starts.
//!
//! An inline label (`Action: MA/LMcV`) owns the text before it in its
//! paragraph, or the paragraph above when it starts a line of its own,
//! shortened from the front to whole sentences.

use super::items::{Body, ItemSpan};
use super::owners::{parse_label, Kind, Owners};
use super::rows::{Cell, TextLine};
use super::trace::Why;
use crate::model::Source;
use crate::rules::RuleSet;

/// An owner found in the document, tied to a span of an item's body.
#[derive(Debug, Clone, PartialEq)]
pub struct OwnerSpan {
    pub item: usize,
    pub start: usize,
    pub end: usize,
    pub owners: Owners,
    /// Extra words a label carries (`Issue draft agenda for both meetings.`).
    pub task: Option<String>,
    /// Due phrase printed in a label.
    pub due: Option<String>,
    /// Where it was read (column, label, log, or the wording alone).
    pub source: Source,
    /// A status printed with it (a log's `Status` cell).
    pub status: Option<String>,
    /// The item it names itself (a log's `Ref` cell), instead of the item
    /// it is printed in.
    pub item_key: Option<String>,
    /// The rule that read it (shown by `minutes explain`).
    pub why: super::trace::Why,
}

/// Where a cell sits: item, body line, and whether it straddles that line
/// and the one below (then the upper one is taken).
fn anchor(
    items: &[ItemSpan],
    lines: &[TextLine],
    cell: &Cell,
    reach: f32,
) -> Option<(usize, usize, bool)> {
    let on_page: Vec<(usize, usize, &TextLine)> = items
        .iter()
        .enumerate()
        .flat_map(|(ii, it)| {
            it.body
                .lines
                .iter()
                .enumerate()
                .map(move |(bi, b)| (ii, bi, b.line))
        })
        .filter(|(_, _, l)| lines[*l].page == cell.page)
        .map(|(ii, bi, l)| (ii, bi, &lines[l]))
        .collect();
    // The body lines a cell line overlaps.
    for cl in &cell.lines {
        let h = (cl.bottom - cl.top).max(1.0);
        let mut hits: Vec<(f32, usize, usize, f32)> = Vec::new();
        for (ii, bi, l) in &on_page {
            let ov = cl.bottom.min(l.bottom) - cl.top.max(l.top);
            if ov >= 0.25 * h.min(l.bottom - l.top) {
                hits.push((ov, *ii, *bi, l.top));
            }
        }
        hits.sort_by(|a, b| b.0.total_cmp(&a.0));
        match hits.as_slice() {
            [] => continue,
            [only] => return Some((only.1, only.2, false)),
            [a, b, ..] => {
                let upper = if a.3 <= b.3 { a } else { b };
                return Some((upper.1, upper.2, true));
            }
        }
    }
    // Else the nearest line above or below.
    let first = &cell.lines[0];
    let h = (first.bottom - first.top).max(1.0);
    let mid = (first.top + first.bottom) / 2.0;
    let above = on_page
        .iter()
        .filter(|(_, _, l)| (l.top + l.bottom) / 2.0 <= mid)
        .min_by(|a, b| (mid - a.2.bottom).total_cmp(&(mid - b.2.bottom)))
        .filter(|(_, _, l)| mid - l.bottom <= reach * h);
    let below = on_page
        .iter()
        .filter(|(_, _, l)| (l.top + l.bottom) / 2.0 > mid)
        .min_by(|a, b| (a.2.top - mid).total_cmp(&(b.2.top - mid)))
        .filter(|(_, _, l)| l.top - mid <= reach * h);
    match (above, below) {
        (Some(a), Some(b)) => {
            let ab = &items[a.0].body.lines[a.1];
            let bb = &items[b.0].body.lines[b.1];
            // A lone short line above (a sub-heading) gives way to the
            // paragraph below; so does a paragraph's inside.
            let lone = ab.para_start
                && items[a.0]
                    .body
                    .lines
                    .get(a.1 + 1)
                    .is_none_or(|n| n.para_start)
                && !a.2.text.trim_end().ends_with(['.', '?', '!'])
                && a.2.text.split_whitespace().count() <= 8;
            let da = mid - a.2.bottom;
            let db = b.2.top - mid;
            if bb.heading && !ab.heading {
                // A cell in the gap above an item heading closes the item above.
                Some((a.0, a.1, false))
            } else if bb.para_start && (lone || (!ab.para_start && db <= 1.5 * da)) {
                Some((b.0, b.1, false))
            } else {
                Some((a.0, a.1, false))
            }
        }
        (Some(a), None) => Some((a.0, a.1, false)),
        (None, Some(b)) => Some((b.0, b.1, false)),
        (None, None) => None,
    }
}

/// Skips bullets and paragraph numbers at `pos`.
fn skip_prefix(rules: &RuleSet, body: &Body, pos: usize) -> usize {
    let rest = &body.text[pos..];
    match rules.text.strip_prefix.find(rest) {
        Some(m) if m.start() == 0 && m.end() < rest.len() => pos + m.end(),
        _ => pos,
    }
}

/// Where the text an owner cell on body line `bi` owns begins, and a
/// point it must run past (the last clause that starts on the cell's line,
/// so the owned clause is in whichever of them it is).
fn cell_start(rules: &RuleSet, body: &Body, mut bi: usize, straddle: bool) -> (usize, usize) {
    let first = &body.lines[bi];
    if first.heading && first.end == first.start {
        bi = (bi + 1).min(body.lines.len() - 1);
    }
    let b = &body.lines[bi];
    let has_words_after = |p: usize| body.text[p..b.end].chars().any(|c| c.is_alphanumeric());
    let on_line = |v: &[usize]| -> Vec<usize> {
        v.iter()
            .copied()
            .filter(|&s| s >= b.start && s < b.end && has_words_after(s))
            .collect()
    };
    let strong = on_line(&body.strong);
    let mut floor = strong.last().copied().unwrap_or(b.start);
    if straddle {
        // The cell reaches down to the next line: its clauses are in too.
        if let Some(n) = body.lines.get(bi + 1) {
            floor = body
                .strong
                .iter()
                .copied()
                .rfind(|&s| s >= n.start && s < n.end)
                .unwrap_or(n.start)
                .max(floor);
        }
    }
    if b.para_start {
        return (skip_prefix(rules, body, b.start), floor);
    }
    // The clause in progress when the line starts.
    let para = body.lines[body.para_of(bi)].start;
    let prev = body
        .strong
        .iter()
        .copied()
        .rfind(|&s| s <= b.start && s >= para)
        .unwrap_or(para);
    // The sentence in progress.
    let sentence = body
        .sentence_ends
        .iter()
        .copied()
        .rfind(|&e| e <= b.start && e >= para)
        .map(|e| e + body.text[e..].len() - body.text[e..].trim_start().len())
        .unwrap_or(para);
    // Else the earliest clause that starts on the line (taking in a little
    // more text is better than starting after the owned clause); weak cuts
    // (commas) count only when the sentence in progress began long before.
    let mut cands = strong;
    if straddle && b.start - prev <= rules.text.started_before {
        cands.push(prev);
    }
    if b.start - sentence > rules.text.weak_after {
        cands.extend(on_line(&body.weak));
    }
    if let Some(s) = cands.iter().copied().min() {
        return (s, floor);
    }
    // Else the sentence the line is part of, or the clause when the
    // sentence began long before, or the line itself.
    let far = rules.text.weak_after;
    let start = if b.start - sentence.min(b.start) <= rules.text.sentence_reach {
        sentence.min(b.start)
    } else if b.start - prev <= far {
        prev
    } else {
        b.start
    };
    (skip_prefix(rules, body, start), floor)
}

/// Where text that starts at `start` ends: its sentence, its paragraph, or
/// `limit` (the next owned text), whichever comes first.
fn text_end(body: &Body, ends: &[usize], start: usize, floor: usize, limit: usize) -> usize {
    let from = start.max(floor);
    let k = body.sentence_ends.partition_point(|&e| e <= from);
    let sentence = body
        .sentence_ends
        .get(k)
        .copied()
        .unwrap_or(body.text.len());
    let para = ends
        .get(body.line_at(from))
        .copied()
        .unwrap_or(body.text.len());
    sentence.min(para).min(limit).max(start)
}

/// How many of the document's first lines may hold the attendance list
/// that opens the minutes (see [`attendance_top`]).
const ATTENDANCE_REACH: usize = 25;

/// Where the attendance list that opens the minutes starts (a `Present` /
/// `Attendees` / `Apologies` marker among the first lines of the first
/// page): (page, top). Cells above it are the document's header (a date,
/// a time, the body's or the venue's name printed at the right), not
/// owners: no action is minuted before the list of who was there.
fn attendance_top(rules: &RuleSet, lines: &[TextLine]) -> Option<(u32, f32)> {
    use crate::rules::SectionKind;
    let page = lines.first()?.page;
    lines
        .iter()
        .take(ATTENDANCE_REACH)
        .take_while(|l| l.page == page)
        .find(|l| {
            matches!(
                super::items::section_of(rules, &l.text),
                Some((
                    SectionKind::Present | SectionKind::InAttendance | SectionKind::Apologies,
                    _
                ))
            )
        })
        .map(|l| (l.page, l.top))
}

/// Cells tied to text.
pub fn from_cells(
    rules: &RuleSet,
    items: &[ItemSpan],
    lines: &[TextLine],
    cells: &[Cell],
    keep: &dyn Fn(&Owners) -> bool,
    same: &dyn Fn(&Owners, &Owners) -> bool,
) -> Vec<OwnerSpan> {
    let mut starts: Vec<(usize, usize, usize, usize)> = Vec::new(); // (item, start, cell, floor)
    let header_until = attendance_top(rules, lines);
    for (ci, cell) in cells.iter().enumerate() {
        if super::halt::poll() {
            break;
        }
        if !keep(&cell.owners) {
            continue;
        }
        let above_attendance = header_until.is_some_and(|(p, top)| {
            cell.page == p && cell.lines.last().is_some_and(|l| l.bottom <= top + 1.0)
        });
        if above_attendance {
            continue;
        }
        if let Some((ii, bi, straddle)) = anchor(items, lines, cell, rules.owners.column.reach) {
            if presenter(&items[ii], lines, cell, bi) {
                continue;
            }
            // A cell beside a title-only heading (title and text in one
            // table row, the cell at the row's top) owns the text under it.
            // It owns that paragraph, as it owns its row.
            let body = &items[ii].body;
            let under_title = items[ii].heading.title_only
                && body.lines[bi].heading
                && !straddle
                && !runs_on(lines, body.lines[bi].line)
                && bi + 1 < body.lines.len();
            let bi = if under_title { bi + 1 } else { bi };
            let (s, mut floor) = cell_start(rules, body, bi, straddle);
            if under_title {
                // The start of the paragraph's last sentence.
                let end = body.para_end(bi);
                floor = body
                    .sentence_ends
                    .iter()
                    .copied()
                    .filter(|&e| e > s && e < end)
                    .map(|e| e + body.text[e..].len() - body.text[e..].trim_start().len())
                    .filter(|&e| e < end)
                    .max()
                    .unwrap_or(floor)
                    .max(floor);
            }
            starts.push((ii, s, ci, floor));
        }
    }
    let ends: Vec<Vec<usize>> = items.iter().map(|it| para_ends(&it.body)).collect();
    let mut out = Vec::new();
    for &(ii, s, ci, floor) in &starts {
        let body = &items[ii].body;
        let limit = starts
            .iter()
            .filter(|(i2, s2, _, _)| *i2 == ii && *s2 > s)
            .map(|(_, s2, _, _)| *s2)
            .min()
            .unwrap_or(body.text.len());
        let mut end = text_end(body, &ends[ii], s, floor, limit);
        let para_end = ends[ii]
            .get(body.line_at(s))
            .copied()
            .unwrap_or(body.text.len())
            .min(limit);
        let owners = &cells[ci].owners;
        if let Some(e) = later_owned_clause(rules, body, s, end, para_end, &|o| same(owners, o)) {
            end = e;
        }
        out.push(OwnerSpan {
            item: ii,
            start: s,
            end,
            owners: cells[ci].owners.clone(),
            task: None,
            due: cells[ci].due.clone(),
            source: Source::Column,
            status: cells[ci].status.clone(),
            item_key: None,
            why: Why::Cell(ci),
        });
    }
    out
}

/// A cell printed at the top of its table row owns the row's paragraph,
/// whose action is often stated last (`Application 22/0113 was considered.
/// No objection. Clerk to respond by 21st March.`): when the text read so
/// far (`s..end`) states no owner's clause, and a later sentence of the
/// same paragraph (before `para_end`) opens with the cell's own owners
/// (`X to <verb>`, the `inferred` form of `rules/labels.toml`, whose X
/// names the cell's owners by `ours`), the text runs to that sentence's
/// end.
fn later_owned_clause(
    rules: &RuleSet,
    body: &Body,
    s: usize,
    end: usize,
    para_end: usize,
    ours: &dyn Fn(&Owners) -> bool,
) -> Option<usize> {
    // The owners of the sentence that opens at `at` (`X to <verb>`).
    let clause_owners = |at: usize, to: usize| owner_sentence(rules, body, at, to).map(|(o, _)| o);
    if end >= para_end || clause_owners(s, end).is_some() {
        return None;
    }
    let k = body.sentence_ends.partition_point(|&e| e < end);
    let c = body.sentence_ends[k..]
        .iter()
        .copied()
        .take_while(|&e| e < para_end)
        .find(|&e| clause_owners(e, para_end).is_some_and(|o| ours(&o)))?;
    let k = body.sentence_ends.partition_point(|&e| e <= c);
    let e = body.sentence_ends.get(k).copied().unwrap_or(para_end);
    Some(e.min(para_end))
}

/// Initials printed on an agenda heading's own line, far right of its
/// title (`7 Finance Report (standing item) ... MW`), name who presents
/// the item, not an action owner.
fn presenter(it: &ItemSpan, lines: &[TextLine], cell: &Cell, bi: usize) -> bool {
    let b = &it.body.lines[bi];
    // Under an `Action` / `Lead` / `Action by` header the column holds
    // owners, including the cell printed beside the heading of an item
    // whose title and text share a table row.
    if cell.headed || !b.heading || it.heading.key.is_empty() || !it.heading.title_only {
        return false;
    }
    let l = &lines[b.line];
    // A heading line whose sentence runs on into a lower-case next line
    // (`15. Road Repairs The concerns raised over the newly laid road
    // surfaces` / `from the village ...`) is a numbered paragraph: the
    // cell beside it owns its text.
    !runs_on(lines, b.line)
        && cell.lines.len() == 1
        && cell.page == l.page
        && cell.lines[0].top < l.bottom
        && cell.lines[0].bottom > l.top
}

/// Whether minute line `i` is a sentence that runs on into the next line
/// (which starts in lower case): a numbered paragraph, not a title.
fn runs_on(lines: &[TextLine], i: usize) -> bool {
    let l = &lines[i];
    lines.get(i + 1).is_some_and(|n| {
        n.page == l.page && n.text.trim_start().starts_with(|c: char| c.is_lowercase())
    })
}

/// Ends (bytes) of the paragraph holding each body line, in one pass.
pub(crate) fn para_ends(body: &Body) -> Vec<usize> {
    let mut out = vec![body.text.len(); body.lines.len()];
    let mut end = body.text.len();
    for (i, l) in body.lines.iter().enumerate().rev() {
        out[i] = end;
        if l.para_start {
            end = l.start;
        }
    }
    out
}

/// The first line of the paragraph holding each body line, in one pass.
pub(crate) fn para_heads(body: &Body) -> Vec<usize> {
    let mut head = 0;
    body.lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            if l.para_start {
                head = i;
            }
            head
        })
        .collect()
}

/// The largest char boundary of `s` at or below `i` (a window of so many
/// bytes must not end inside a character).
pub(super) fn floor_boundary(s: &str, mut i: usize) -> usize {
    if i >= s.len() {
        return s.len();
    }
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// A label read at `at`: what it owns and where reading goes on.
struct Hit {
    /// The label rule (index into `rules.labels.labels`).
    rule: usize,
    at: usize,
    end: usize,
    parts: super::owners::LabelParts,
    /// The text the action is, when the label carries its own task.
    own: Option<(usize, usize)>,
}

/// Inline labels: `Action: MA/LMcV` closing a paragraph owns the text
/// before it; `ACTION HP: Confirm the venue` and `Action: JS to circulate
/// ...` carry their own task, which is the action's text.
///
/// Each line is searched once, over at most its own text plus
/// `max_chars` of what follows in its paragraph (a label may wrap onto the
/// next line), so the work grows linearly with the document.
pub fn from_labels(
    rules: &RuleSet,
    items: &[ItemSpan],
    accept: &dyn Fn(&Owners, bool) -> bool,
    knows: &dyn Fn(&super::owners::Token) -> bool,
    log_header: &dyn Fn(usize) -> bool,
) -> Vec<OwnerSpan> {
    let mut out = Vec::new();
    for (ii, it) in items.iter().enumerate() {
        let body = &it.body;
        let ends = para_ends(body);
        let heads = para_heads(body);
        let mut consumed = 0usize;
        let mut status_para = false;
        // The last closing label that opened its paragraph: its index in
        // `out` and the paragraph it owns (labels stacked under it share it).
        let mut stack: Option<(usize, usize, usize)> = None;
        for (bi, b) in body.lines.iter().enumerate() {
            if super::halt::poll() {
                break;
            }
            if b.para_start {
                // A paragraph that only reports a state (`Action Carried
                // Forward`) is a status, never a label.
                // `min`: a prefix (bullet, number) can run past the end of
                // an empty paragraph (found by the `minutes_pages` fuzz target).
                let first =
                    body.text[skip_prefix(rules, body, b.start).min(ends[bi])..ends[bi]].trim();
                status_para = super::lists::status_of(rules, first).is_some();
            }
            // A log's header row (`Ref | Action | Responsible | Deadline`)
            // names columns, not an owner.
            if status_para || log_header(b.line) {
                continue;
            }
            let para_end = ends[bi];
            let cap = floor_boundary(&body.text, b.end + rules.labels.max_chars).min(para_end);
            let mut from = b.start.max(consumed);
            while from < b.end {
                let mut hit: Option<Hit> = None;
                // First the label's own line: a closing label (`Action Cllr
                // Jo Bloggs`) ends there even when the paragraph goes on;
                // then what follows, for labels that wrap or carry a task.
                for short in [true, false] {
                    if hit.is_some() || (short && cap <= b.end) {
                        continue;
                    }
                    let hay = &body.text[..if short { b.end } else { cap }];
                    for (ri, rule) in rules.labels.labels.iter().enumerate() {
                        let strict = rule.strict;
                        // A bare label's owner of several words is
                        // capitalised throughout (`Energy Action Scotland
                        // regarding` is no label).
                        let acc = |o: &Owners| {
                            accept(o, strict) && (!strict || o.tokens.iter().all(capitalised))
                        };
                        let owner_first = Some(&rules.labels.inferred);
                        let mut pos = from;
                        // Later matches of the same rule on this line, when an
                        // earlier one does not read as a label.
                        while let Some(c) = rule.re.captures_at(hay, pos) {
                            let Some(all) = c.get(0) else { break };
                            // The label word itself starts on this line.
                            let word_at = all.start();
                            if word_at >= b.end || hit.as_ref().is_some_and(|h| h.at <= word_at) {
                                break;
                            }
                            let next =
                                word_at + hay[word_at..].chars().next().map_or(1, char::len_utf8);
                            if rule.owners_task && short {
                                break;
                            }
                            if rule.owners_task {
                                let (Some(who), Some(task)) = (c.name("owners"), c.name("task"))
                                else {
                                    break;
                                };
                                let owners = super::owners::parse_named_owners(
                                    &rules.owners,
                                    &rules.labels.lists.not_owners,
                                    who.as_str(),
                                    true,
                                )
                                .filter(|o| acc(o));
                                // `Action 3: KT to book the hall` + `Due: 30
                                // April`: a numbered label names its owners
                                // in the task.
                                let numbered = owners.is_none()
                                    && who.as_str().trim().chars().all(|c| c.is_ascii_digit());
                                let owners = owners.or_else(|| {
                                    let c = rules
                                        .labels
                                        .inferred
                                        .captures(task.as_str())
                                        .filter(|_| numbered)?;
                                    super::owners::parse_owners(
                                        &rules.owners,
                                        c.name("owners")?.as_str(),
                                    )
                                    .filter(|o| o.tokens.iter().all(capitalised))
                                });
                                let mut t_end =
                                    next_label(rules, hay, task.start() + 1).unwrap_or(cap);
                                let mut due = None;
                                // `Action 1: Book the hall` + `Owner:
                                // Claire`: the owners on a line of their own.
                                let owners = owners.or_else(|| {
                                    let f = field_lines(rules, body, task.start(), t_end, &acc)?;
                                    t_end = t_end.min(f.at);
                                    due = f.due;
                                    Some(f.owners)
                                });
                                if let Some(owners) = owners {
                                    if numbered && due.is_none() {
                                        if let Some((at, d)) =
                                            due_after(rules, body, task.start(), t_end)
                                        {
                                            t_end = t_end.min(at);
                                            due = Some(d);
                                        }
                                    }
                                    hit = Some(Hit {
                                        rule: ri,
                                        at: word_at,
                                        end: t_end,
                                        parts: super::owners::LabelParts {
                                            task: None,
                                            owners,
                                            due,
                                            used: 0,
                                            owners_first: false,
                                        },
                                        own: Some((task.start(), t_end)),
                                    });
                                    break;
                                }
                                pos = next;
                                continue;
                            }
                            let Some(rest) = c.name("rest") else { break };
                            let parsed = parse_label(
                                &rules.owners,
                                &rules.dates,
                                rest.as_str(),
                                owner_first,
                                Some(&rules.labels.lists.passive),
                                &acc,
                            )
                            .or_else(|| {
                                super::owners::initials_then_task(
                                    &rules.owners,
                                    rest.as_str(),
                                    &|o| o.tokens.iter().all(knows),
                                )
                            })
                            // `Action: Book the hall` + `Owner: Claire`.
                            .or_else(|| {
                                let f = field_lines(rules, body, rest.start(), cap, &acc)?;
                                let task = rest.as_str().trim();
                                // The task is the whole action (read as
                                // an owners-first label's is), not the
                                // paragraph before the label.
                                (!task.is_empty()).then(|| super::owners::LabelParts {
                                    task: Some(task.to_string()),
                                    owners: f.owners,
                                    due: f.due,
                                    used: rest.as_str().trim_end().len(),
                                    owners_first: true,
                                })
                            })
                            .filter(|p| !names_no_owner(rules, &p.owners))
                            .filter(|p| !short || (!p.owners_first && p.task.is_none()))
                            // A task holding another label word (`Action Plan -
                            // ... Action: JA`) means the label starts later.
                            .filter(|p| {
                                p.task.as_deref().is_none_or(|t| {
                                    !rules.labels.labels.iter().any(|r| r.re.is_match(t))
                                        && !t.trim_end().to_lowercase().ends_with("action")
                                })
                            });
                            if let Some(p) = parsed {
                                let used = rest.start() + p.used;
                                let own = p.owners_first.then(|| {
                                    let lead =
                                        rest.as_str().len() - rest.as_str().trim_start().len();
                                    (rest.start() + lead, used)
                                });
                                hit = Some(Hit {
                                    rule: ri,
                                    at: word_at,
                                    end: used,
                                    parts: p,
                                    own,
                                });
                                break;
                            }
                            pos = next;
                        }
                    }
                }
                let Some(h) = hit else { break };
                let mut h = h;
                if let Some((s, mut e)) = h.own {
                    let mut owners = h.parts.owners.clone();
                    if h.parts.owners_first {
                        // `ACTION: Secretary to post it. Jo Bloggs to ...`:
                        // sentences that go on naming owners are the label's.
                        let limit = next_label(rules, &body.text[..cap], e).unwrap_or(cap);
                        while let Some((more, end)) = owner_sentence(rules, body, e, limit) {
                            owners.tokens.extend(more.tokens);
                            e = end;
                        }
                        h.end = h.end.max(e);
                    }
                    for (s, e, owners) in split_owner_clauses(rules, body, s, e, owners) {
                        out.push(OwnerSpan {
                            item: ii,
                            start: s,
                            end: e,
                            owners,
                            task: None,
                            due: h.parts.due.clone(),
                            source: Source::Label,
                            status: None,
                            item_key: None,
                            why: Why::Label {
                                rule: h.rule,
                                at: h.at,
                            },
                        });
                    }
                } else {
                    let parts = h.parts;
                    let task_len = parts.task.as_ref().map_or(0, |t| t.chars().count() + 1);
                    let (mut s, mut e) =
                        label_text(rules, body, &heads, bi, h.at, consumed, task_len);
                    match stack.filter(|_| s == e && parts.task.is_none()) {
                        // Labels stacked under one paragraph (`Action: SR`
                        // then `Action: TF`): each owns the clause whose
                        // subject names it, else the whole paragraph.
                        Some((k, ps, pe)) => {
                            if out[k].start == ps && out[k].end == pe {
                                if let Some((cs, ce)) = named_clause(body, ps, pe, &out[k].owners) {
                                    out[k].start = cs;
                                    out[k].end = ce;
                                }
                            }
                            (s, e) = named_clause(body, ps, pe, &parts.owners).unwrap_or((ps, pe));
                        }
                        _ => stack = None,
                    }
                    if parts.task.is_none() && s < e && stack.is_none() {
                        stack = Some((out.len(), s, e));
                    }
                    out.push(OwnerSpan {
                        item: ii,
                        start: s,
                        end: e,
                        owners: parts.owners,
                        task: parts.task,
                        due: parts.due,
                        source: Source::Label,
                        status: None,
                        item_key: None,
                        why: Why::Label {
                            rule: h.rule,
                            at: h.at,
                        },
                    });
                }
                consumed = h.end.max(from + 1);
                from = consumed;
            }
        }
    }
    out
}

/// A due line inside or right after a label's task (`Due: 30 April
/// 2025`): where it starts and the due phrase.
fn due_after(rules: &RuleSet, body: &Body, from: usize, end: usize) -> Option<(usize, String)> {
    let look = body
        .lines
        .get(body.line_at(end) + 1)
        .map(|l| l.end)
        .unwrap_or(body.text.len())
        .max(end);
    let seg = body.text.get(from..look)?;
    seg.char_indices()
        .filter(|&(i, _)| i > 0 && seg[..i].ends_with(char::is_whitespace))
        .find_map(|(i, _)| {
            let c = rules.labels.lists.due_line.captures(&seg[i..])?;
            Some((from + i, c.name("due")?.as_str().trim().to_string()))
        })
}

/// The field lines right after a label's task (`Owner: Claire`, `Due: 1
/// February`, a line each, in either order), for a label whose task names
/// no owner: the owners (read as a label's, and `accept`ed), the due
/// phrase, and where the first field line starts (the task ends there).
/// Lines of the task itself (it may wrap) come before them; any other line
/// after the task ends the search.
fn field_lines(
    rules: &RuleSet,
    body: &Body,
    task: usize,
    end: usize,
    accept: &dyn Fn(&Owners) -> bool,
) -> Option<Fields> {
    let l = &rules.labels.lists;
    let (mut owners, mut due, mut at) = (None, None, None);
    let first = body.line_at(task) + 1;
    for line in body.lines.iter().skip(first).take(MAX_TASK_LINES) {
        let t = body.text.get(line.start..line.end)?.trim();
        if let Some(c) = l.owner_line.captures(t) {
            owners.get_or_insert_with(|| c["owners"].to_string());
        } else if let Some(c) = l.due_line.captures(t) {
            due.get_or_insert_with(|| c["due"].trim().to_string());
        } else if at.is_some() || line.start >= end {
            break;
        } else {
            continue;
        }
        at.get_or_insert(line.start);
    }
    let owners = super::owners::parse_named_owners(&rules.owners, &l.not_owners, &owners?, true)
        .filter(|o| accept(o))?;
    Some(Fields {
        owners,
        due,
        at: at?,
    })
}

/// How many lines after a label's first are searched for its field lines.
const MAX_TASK_LINES: usize = 6;

/// What [`field_lines`] read.
struct Fields {
    owners: Owners,
    due: Option<String>,
    /// Where the first field line starts.
    at: usize,
}

/// A sentence at `from` (up to `limit`) that starts with owners and what
/// they are to do: its owners and where it ends.
fn owner_sentence(
    rules: &RuleSet,
    body: &Body,
    from: usize,
    limit: usize,
) -> Option<(Owners, usize)> {
    let rest = body.text.get(from..limit)?;
    let at = from + rest.len() - rest.trim_start().len();
    let text = body.text.get(at..limit).filter(|t| !t.is_empty())?;
    let c = rules.labels.inferred.captures(text)?;
    let owners = super::owners::parse_owners(&rules.owners, c.name("owners")?.as_str())
        .filter(|o| o.tokens.iter().all(capitalised) && !names_no_owner(rules, o))?;
    let end = text.find(". ").map(|i| i + 1).unwrap_or(text.len());
    Some((owners, at + end))
}

/// The clause of `s..e` whose subject names `owners`: a token printed
/// among its first words, or initials of its leading capitalised words
/// (`Sam Reed will ...` for SR, `Sam will ...` for S or SR).
fn named_clause(body: &Body, s: usize, e: usize, owners: &Owners) -> Option<(usize, usize)> {
    let mut starts = vec![s];
    starts.extend(strong_between(body, s, e));
    let names = |t: &str| -> bool {
        let words: Vec<&str> = t
            .split_whitespace()
            .take(4)
            .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
            .collect();
        owners.tokens.iter().all(|tok| {
            if words.iter().any(|w| *w == tok.text) {
                return true;
            }
            let caps: String = words
                .iter()
                .take_while(|w| w.starts_with(char::is_uppercase))
                .filter_map(|w| w.chars().next())
                .collect();
            !caps.is_empty()
                && tok.kind == Kind::Initials
                && (caps == tok.text || (caps.chars().count() == 1 && tok.text.starts_with(&caps)))
        })
    };
    let hits: Vec<usize> = (0..starts.len())
        .filter(|&i| names(&body.text[starts[i]..e]))
        .collect();
    match hits.as_slice() {
        [i] => Some((starts[*i], starts.get(i + 1).copied().unwrap_or(e))),
        _ => None,
    }
}

/// Clause starts strictly inside `s..e` (binary search: callers stay linear).
pub(crate) fn strong_between(body: &Body, s: usize, e: usize) -> impl Iterator<Item = usize> + '_ {
    let lo = body.strong.partition_point(|&p| p <= s);
    let hi = body.strong.partition_point(|&p| p < e);
    body.strong[lo..hi.max(lo)].iter().copied()
}

/// Whether a name token is capitalised on every word (other tokens pass).
fn capitalised(t: &super::owners::Token) -> bool {
    t.kind != Kind::Name
        || t.text
            .split_whitespace()
            .all(|w| w.starts_with(|c: char| !c.is_lowercase()))
}

/// Whether a label's owners hold a word that is never an owner
/// (`ACTION LOG:`, `Action Points:`); short capitals are initials.
fn names_no_owner(rules: &RuleSet, owners: &Owners) -> bool {
    // Groups, roles and everyone were recognised by their grammar already.
    owners
        .tokens
        .iter()
        .filter(|t| matches!(t.kind, Kind::Initials | Kind::WeakInitials | Kind::Name))
        .any(|t| {
            t.text.split_whitespace().any(|w| {
                let initials = w.chars().count() <= 2 && w.chars().all(char::is_uppercase);
                !initials && rules.labels.lists.not_owners.contains(&w.to_lowercase())
            })
        })
}

/// Where the next label that carries a task starts in `hay` after `from`
/// (a task runs up to it: `... document. Action EB: ditto ...`).
fn next_label(rules: &RuleSet, hay: &str, from: usize) -> Option<usize> {
    let from = floor_boundary(hay, from);
    rules
        .labels
        .labels
        .iter()
        .filter(|r| !r.strict)
        .filter_map(|r| r.re.find_at(hay, from).map(|m| m.start()))
        .min()
}

/// One label's owner-first task cut where another owner's clause starts
/// (`CL to sort out database, JQ to figure out filmnight, CW to update
/// calendar`): each clause is an action of its owners.
fn split_owner_clauses(
    rules: &RuleSet,
    body: &Body,
    s: usize,
    e: usize,
    owners: Owners,
) -> Vec<(usize, usize, Owners)> {
    let text = &body.text[s..e];
    let mut cuts: Vec<(usize, Owners)> = Vec::new();
    for (i, _) in text.match_indices(", ") {
        let at = i + 2;
        let Some(c) = rules.labels.inferred.captures(&text[at..]) else {
            continue;
        };
        let Some(who) = c.name("owners") else {
            continue;
        };
        let Some(o) = super::owners::parse_owners(&rules.owners, who.as_str()) else {
            continue;
        };
        if o.tokens.iter().all(|t| {
            matches!(
                t.kind,
                Kind::Initials | Kind::All | Kind::Group | Kind::Role
            )
        }) {
            cuts.push((at, o));
        }
    }
    let mut out = Vec::new();
    let mut cur = (s, owners);
    for (at, o) in cuts {
        let prev = std::mem::replace(&mut cur, (s + at, o));
        out.push((prev.0, s + at - 2, prev.1));
    }
    out.push((cur.0, e, cur.1));
    out
}

/// The span a label at `at` (on body line `bi`) owns.
fn label_text(
    rules: &RuleSet,
    body: &Body,
    heads: &[usize],
    bi: usize,
    at: usize,
    consumed: usize,
    reserve: usize,
) -> (usize, usize) {
    let para = body.lines[heads[bi]].start;
    let mut s = para.max(consumed);
    let mut e = at;
    if body.text[s..e].trim().is_empty() {
        // The label opens its paragraph: it closes the one above, and the
        // list items or sub-heading lines above that lead into it.
        let mut pi = heads[bi];
        e = body.lines[pi].start;
        s = e;
        while pi > 0 {
            let prev = heads[pi - 1];
            let ps = body.lines[prev].start;
            if ps < consumed || (s < e && e - ps + reserve > rules.labels.max_chars) {
                break;
            }
            s = ps;
            let ends_sentence = body.text[ps..body.lines[pi].start]
                .trim_end()
                .ends_with(['.', '?', '!']);
            if ends_sentence {
                break;
            }
            pi = prev;
        }
    }
    if e <= s {
        return (s, s);
    }
    s = skip_prefix(rules, body, s);
    // Whole sentences from the end, at most max_chars.
    // The label's own task text (if any) shares the budget.
    let max = rules.labels.max_chars.saturating_sub(reserve).max(1);
    if e - s > max {
        let mut starts: Vec<usize> = body
            .strong
            .iter()
            .copied()
            .filter(|&p| p > s && p < e)
            .collect();
        starts.retain(|&p| {
            body.sentence_ends
                .iter()
                .any(|&x| x <= p && body.text[x..p].trim().is_empty())
        });
        s = starts
            .iter()
            .copied()
            .find(|&p| e - p <= max)
            .or_else(|| starts.last().copied())
            .unwrap_or(s);
    }
    (s, e)
}

/// Whether every owner of a column cell is a plausible person: one-word
/// names and one-capital initials must name an attendee.
pub fn plausible(owners: &Owners, knows: &dyn Fn(&super::owners::Token) -> bool) -> bool {
    owners.tokens.iter().all(|t| match t.kind {
        Kind::All | Kind::Initials | Kind::Group | Kind::Role => true,
        Kind::WeakInitials => knows(t),
        Kind::Name => t.text.split_whitespace().count() > 1 || knows(t),
    })
}

/// Sentences that name their owners at the start (`SC will share the
/// information ...`, `SB and JB to speak outside of meeting`) with no
/// column entry or label: actions found from the wording alone, marked
/// inferred. Every owner must name somebody on the roster.
pub fn from_wording(
    rules: &RuleSet,
    items: &[ItemSpan],
    owned: &[OwnerSpan],
    knows: &dyn Fn(&super::owners::Token) -> bool,
) -> Vec<OwnerSpan> {
    let mut out: Vec<OwnerSpan> = Vec::new();
    // Owned spans by item and start; the longest end so far, so "is `s`
    // inside one" is a binary search (linear work overall).
    let mut spans: Vec<(usize, usize, usize)> = owned
        .iter()
        .map(|f| (f.item, f.start, f.end.max(f.start + 1)))
        .collect();
    spans.sort_unstable();
    let mut reach = Vec::with_capacity(spans.len());
    for (k, x) in spans.iter().enumerate() {
        let prev = match k.checked_sub(1).map(|j| (&spans[j], reach[j])) {
            Some((p, r)) if p.0 == x.0 => r,
            _ => 0,
        };
        reach.push(x.2.max(prev));
    }
    let inside = |ii: usize, s: usize| {
        let k = spans.partition_point(|x| (x.0, x.1) <= (ii, s));
        k > 0 && spans[k - 1].0 == ii && reach[k - 1] > s
    };
    for (ii, it) in items.iter().enumerate() {
        let body = &it.body;
        let ends = para_ends(body);
        let mut starts: Vec<usize> = body
            .lines
            .iter()
            .filter(|l| l.para_start && !l.heading)
            .map(|l| skip_prefix(rules, body, l.start))
            .collect();
        starts.extend(body.strong.iter().copied());
        starts.sort_unstable();
        starts.dedup();
        for s in starts {
            if super::halt::poll() {
                break;
            }
            if s >= body.text.len() {
                continue;
            }
            // Inferred spans of this item come in order of start: only the
            // last one can hold `s`.
            let taken = inside(ii, s)
                || out
                    .last()
                    .is_some_and(|f| f.item == ii && s >= f.start && s < f.end.max(f.start + 1));
            if taken {
                continue;
            }
            let Some(c) = rules.labels.inferred.captures(&body.text[s..]) else {
                continue;
            };
            let Some(who) = c.name("owners") else {
                continue;
            };
            let Some(owners) = super::owners::parse_owners(&rules.owners, who.as_str()) else {
                continue;
            };
            if !owners
                .tokens
                .iter()
                .all(|t| !matches!(t.kind, Kind::All | Kind::Group) && knows(t))
            {
                continue;
            }
            out.push(OwnerSpan {
                item: ii,
                start: s,
                end: text_end(body, &ends, s, s, body.text.len()),
                owners,
                task: None,
                due: None,
                source: Source::Inferred,
                status: None,
                item_key: None,
                why: Why::Inferred,
            });
        }
    }
    out
}
