//! Action logs and trackers printed as tables inside the minutes:
//! `Ref | Action | By whom | By when | Status`, `Who | What | Status` review
//! tables, "Actions for follow-up", `Action items | Person responsible |
//! Deadline` checklists.
//!
//! A log is found by its header row: a row of the page whose every cell is
//! a header word of `[log]` in `rules/owners.toml`, one of them naming the
//! owner column. The header's cells give the columns; each row under it is
//! cut at the column edges, and the rows are grouped into log rows (one
//! action each) by the reference column, bullets, status cells, owner cells
//! and the space between lines. An owner cell printed only on a group's
//! first row applies to the rows below it. The log ends at a wide gap, a
//! line that does not fit the columns, a page break (unless the header is
//! printed again) or another header.
//!
//! The rows of a log are kept out of the Action-column reading
//! ([`super::rows::view`]), so a `By whom` cell is read once, here.

use super::actions::OwnerSpan;
use super::items::ItemSpan;
use super::owners::{parse_owners, Owners};
use super::rows::{RunRow, WordRun};
use crate::model::Source;
use crate::rules::{LogRules, RuleSet};

/// What a log column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Owner,
    Task,
    Due,
    Status,
    Reference,
    Title,
}

#[derive(Debug, Clone, PartialEq)]
struct Col {
    role: Role,
    x0: f32,
    x1: f32,
}

impl Col {
    fn center(&self) -> f32 {
        (self.x0 + self.x1) / 2.0
    }
}

/// One action of a log, as printed.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct LogRow {
    /// Indices of the page rows it spans (into the rows given to [`find`]).
    pub rows: Vec<usize>,
    pub owner: String,
    /// The owner cell was empty: the owner comes from the group's first row.
    pub inherited: bool,
    pub task: String,
    pub due: Option<String>,
    pub status: Option<String>,
    pub reference: Option<String>,
}

/// A log: its header row and its rows.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Log {
    pub header: usize,
    /// Every page row of the log (header excluded).
    pub lines: Vec<usize>,
    pub rows: Vec<LogRow>,
}

fn role_of(r: &LogRules, text: &str) -> Option<Role> {
    let t = text.trim().trim_end_matches(':').trim();
    if t.is_empty() {
        return None;
    }
    [
        (&r.owner, Role::Owner),
        (&r.task, Role::Task),
        (&r.due, Role::Due),
        (&r.status, Role::Status),
        (&r.reference, Role::Reference),
        (&r.title, Role::Title),
    ]
    .iter()
    .find(|(re, _)| re.is_match(t))
    .map(|(_, role)| *role)
}

/// The columns a header row names, if it is one.
fn header_cols(r: &LogRules, row: &RunRow) -> Option<Vec<Col>> {
    let cells = row.cells();
    if cells.len() < 2 {
        return None;
    }
    let mut cols = Vec::new();
    for f in &cells {
        if let Some(role) = role_of(r, &f.text) {
            cols.push(Col {
                role,
                x0: f.x0,
                x1: f.x1,
            });
            continue;
        }
        // Header cells set closer than the row cut (`Meeting date   Agenda
        // item`): cut at every gap wider than a space.
        for (text, x0, x1) in segments(f, 0.8) {
            cols.push(Col {
                role: role_of(r, &text)?,
                x0,
                x1,
            });
        }
    }
    if !cols.iter().any(|c| c.role == Role::Owner) {
        return None;
    }
    // A task, due or status column: `No. | Minute | Action by` is a body
    // table with an Action column, not a log.
    if !cols
        .iter()
        .any(|c| matches!(c.role, Role::Task | Role::Due | Role::Status))
    {
        return None;
    }
    // No task header (`ITEM | | BY WHOM | BY WHEN`): the task is the widest
    // gap between header cells left of the owner column.
    if !cols.iter().any(|c| c.role == Role::Task) {
        let owner_x = cols
            .iter()
            .find(|c| c.role == Role::Owner)
            .map_or(0.0, |c| c.x0);
        let size = row.size();
        let left = cols
            .iter()
            .filter(|c| c.x1 < owner_x)
            .map(|c| c.x1)
            .fold(f32::NEG_INFINITY, f32::max);
        if left.is_finite() {
            cols.push(Col {
                role: Role::Task,
                x0: left + size,
                x1: owner_x - size,
            });
        } else {
            return None;
        }
    }
    // In a ruled table a column is its grid cell, not its header words'
    // extent: a centred header (`Action` over a wide task column) would
    // otherwise cut the cells below it at the header's first letter.
    if !row.grid.is_empty() {
        let tol = 0.5 * row.size();
        for c in &mut cols {
            if let Some(&g) = row.grid.iter().rfind(|&&g| g <= c.x0 + tol) {
                c.x0 = g;
            }
            if let Some(&g) = row.grid.iter().find(|&&g| g >= c.x1 - tol) {
                c.x1 = g;
            }
        }
    }
    cols.sort_by(|a, b| a.x0.total_cmp(&b.x0));
    Some(cols)
}

/// The header at row `i`, and how many rows it takes: a header cell may
/// wrap (`Person` over `responsible`), its second line lying under the
/// first line's cells.
fn header_at(r: &LogRules, rows: &[RunRow], i: usize) -> Option<(Vec<Col>, usize)> {
    if let Some(c) = header_cols(r, &rows[i]) {
        return Some((c, 1));
    }
    let (a, b) = (&rows[i], rows.get(i + 1)?);
    let size = a.size().max(1.0);
    if a.page != b.page || b.top - a.bottom > 0.6 * size || a.frags.len() < 2 {
        return None;
    }
    // Merged cell by cell (the row's frags cut at the table's edges): a
    // wrapped cell (`Target` over `date`) joins its own cell, not the
    // run of cells a narrow table padding printed as one frag.
    let mut merged = a.clone();
    merged.frags = a.cells();
    for f in &b.cells() {
        let k = merged
            .frags
            .iter()
            .position(|m| (m.x0 - f.x0).abs() <= size || (f.x0 >= m.x0 && f.x0 <= m.x1))?;
        let m = &mut merged.frags[k];
        m.text = format!("{} {}", m.text.trim(), f.text.trim());
        m.x1 = m.x1.max(f.x1);
        m.starts = vec![(m.x0, m.x1, 0)];
    }
    header_cols(r, &merged).map(|c| (c, 2))
}

/// A frag cut at every gap wider than `gap` font sizes: (text, x0, x1).
fn segments(f: &WordRun, gap: f32) -> Vec<(String, f32, f32)> {
    let mut out: Vec<(String, f32, f32)> = Vec::new();
    let mut from = 0usize;
    for k in 0..f.starts.len() {
        let split = k + 1 == f.starts.len() || f.starts[k + 1].0 - f.starts[k].1 > gap * f.size;
        if split {
            let start = f.starts[from].2;
            let end = f.starts.get(k + 1).map_or(f.text.len(), |s| s.2);
            out.push((
                f.text[start..end].trim().to_string(),
                f.starts[from].0,
                f.starts[k].1,
            ));
            from = k + 1;
        }
    }
    out
}

/// The column a cell belongs to: the one whose left edge or centre is
/// nearest to the cell's.
fn col_of(cols: &[Col], f: &WordRun) -> usize {
    let c = (f.x0 + f.x1) / 2.0;
    let mut best = (0usize, f32::INFINITY);
    for (i, col) in cols.iter().enumerate() {
        let d = (f.x0 - col.x0).abs().min((c - col.center()).abs());
        if d < best.1 {
            best = (i, d);
        }
    }
    best.0
}

/// A row's cells (its frags cut at the edges of the layout table holding
/// it) cut at the log's column edges.
fn cut(cols: &[Col], row: &RunRow) -> Vec<WordRun> {
    let mut out = Vec::new();
    for f in &row.cells() {
        let mut rest = f.clone();
        let mut pieces = Vec::new();
        for col in cols.iter().skip(1).rev() {
            if col.x0 > rest.x0 + rest.size && col.x0 < rest.x1 {
                if let Some((l, r)) = rest.split_at_x(col.x0 - 0.5 * rest.size, rest.size) {
                    pieces.push(r);
                    rest = l;
                }
            }
        }
        pieces.push(rest);
        pieces.reverse();
        out.extend(pieces);
    }
    out
}

/// Cells of one printed line: text per column.
#[derive(Debug, Clone)]
struct LineCells {
    row: usize,
    cells: Vec<String>,
    /// Right edge of each cell's text, and width of its first word.
    x1: Vec<f32>,
    first_w: Vec<f32>,
    size: f32,
}

/// Whether a row fits the log's columns: no cell runs across a column
/// edge, and the row does not start well left of the log.
fn fits(cols: &[Col], frags: &[WordRun], size: f32) -> bool {
    let left = cols[0].x0.min(cols[0].center());
    if frags.first().is_some_and(|f| f.x0 < left - 3.0 * size) {
        return false;
    }
    frags.iter().all(|f| {
        let k = col_of(cols, f);
        cols.get(k + 1).is_none_or(|next| f.x1 <= next.x0 + size)
    })
}

/// Finds the logs among the page rows (furniture removed, in reading order).
pub fn find(rules: &RuleSet, rows: &[RunRow]) -> Vec<Log> {
    let r = &rules.owners.log;
    let mut out = Vec::new();
    let mut i = 0;
    while i < rows.len() {
        if super::halt::poll() {
            break;
        }
        let Some((cols, used)) = header_at(r, rows, i) else {
            i += 1;
            continue;
        };
        let header = i;
        let mut lines: Vec<LineCells> = Vec::new();
        let mut j = i + used;
        // The gap to the first row is measured from the header's last line.
        let mut prev = &rows[i + used - 1];
        while j < rows.len() {
            let row = &rows[j];
            let size = row.size().max(1.0);
            if row.page != prev.page {
                // A log runs on over a page only under its header again.
                if header_cols(r, row).is_some_and(|c| c.len() == cols.len()) {
                    prev = row;
                    j += 1;
                    continue;
                }
                break;
            }
            // Another table's header (a bold row of several cells).
            if header_cols(r, row).is_some()
                || (row.frags.len() > 1 && row.frags.iter().all(|f| f.bold))
            {
                break;
            }
            if row.top - prev.bottom > r.end_gap * size {
                break;
            }
            let frags = cut(&cols, row);
            let first = frags.first().map(|f| f.text.trim()).unwrap_or("");
            // A stray list marker (`b.`) printed beside the log.
            if row.frags.len() == 1 && first.chars().count() <= 3 && first.ends_with(['.', ')']) {
                j += 1;
                continue;
            }
            let text = row.text();
            if first.ends_with(':') || r.end.is_match(text.trim()) || !fits(&cols, &frags, size) {
                break;
            }
            let mut cells = vec![String::new(); cols.len()];
            let mut x1 = vec![0.0f32; cols.len()];
            let mut first_w = vec![0.0f32; cols.len()];
            for f in &frags {
                let k = col_of(&cols, f);
                if !cells[k].is_empty() {
                    cells[k].push(' ');
                } else {
                    first_w[k] = f.starts.first().map_or(0.0, |w| w.1 - w.0);
                }
                cells[k].push_str(f.text.trim());
                x1[k] = x1[k].max(f.x1);
            }
            lines.push(LineCells {
                row: j,
                cells,
                x1,
                first_w,
                size,
            });
            prev = row;
            j += 1;
        }
        if !lines.is_empty() {
            let rows_of = group(r, &cols, rows, &lines);
            out.push(Log {
                header,
                lines: (header + 1..header + used)
                    .chain(lines.iter().map(|l| l.row))
                    .collect(),
                rows: rows_of,
            });
        }
        i = j.max(i + 1);
    }
    out
}

fn idx(cols: &[Col], role: Role) -> Option<usize> {
    cols.iter().position(|c| c.role == role)
}

/// Joins the lines of a wrapped owner cell: `Tom` + `Jones`,
/// `Jones/Ma` + `ry Smith` (a word cut mid-way).
fn join_owner(a: &str, b: &str) -> String {
    if a.is_empty() {
        return b.to_string();
    }
    let mid_word = a.chars().last().is_some_and(char::is_lowercase)
        && b.chars().next().is_some_and(char::is_lowercase);
    let open = a.ends_with(['/', '&', ',', '+']) || b.starts_with(['/', '&', ',', '+']);
    if mid_word || open {
        format!("{a}{b}")
    } else {
        format!("{a} {b}")
    }
}

fn cell(l: &LineCells, k: Option<usize>) -> &str {
    k.map_or("", |k| l.cells[k].trim())
}

/// Groups a log's lines into rows (one action each).
fn group(r: &LogRules, cols: &[Col], rows: &[RunRow], lines: &[LineCells]) -> Vec<LogRow> {
    let o = idx(cols, Role::Owner);
    let t = idx(cols, Role::Task);
    let d = idx(cols, Role::Due);
    let s = idx(cols, Role::Status);
    let rf = idx(cols, Role::Reference);
    let has_ref = rf.is_some() && lines.iter().any(|l| !cell(l, rf).is_empty());
    // Distance (in font sizes) from the last line above `n` holding a task
    // or status to line `n`.
    let gap_before = |n: usize| -> f32 {
        let Some(m) = (0..n)
            .rev()
            .find(|&m| !cell(&lines[m], t).is_empty() || !cell(&lines[m], s).is_empty())
        else {
            return 0.0;
        };
        let (a, b) = (&rows[lines[m].row], &rows[lines[n].row]);
        if a.page != b.page {
            return 0.0;
        }
        (b.baseline - a.baseline) / b.size().max(1.0)
    };
    // The usual distance between lines of one cell.
    let mut steps: Vec<f32> = (1..lines.len())
        .map(gap_before)
        .filter(|g| *g > 0.5)
        .collect();
    steps.sort_by(f32::total_cmp);
    let step = steps.first().copied().unwrap_or(1.2).clamp(0.8, 1.25);
    let task_edge = t.map_or(0.0, |k| lines.iter().map(|l| l.x1[k]).fold(0.0, f32::max));
    let task_break = |n: usize, cur_has_task: bool, cur_status: bool| -> bool {
        let l = &lines[n];
        if has_ref {
            return !cell(l, rf).is_empty();
        }
        // The task line above ended a sentence and this one starts anew.
        let prev_line = (0..n).rev().find(|&m| !cell(&lines[m], t).is_empty());
        let prev_task = prev_line.map_or("", |m| cell(&lines[m], t));
        let upper = cell(l, t).chars().next().is_some_and(char::is_uppercase);
        // ... or stopped short of the column's edge though this line's
        // first word would have fitted there.
        let short = t
            .zip(prev_line)
            .is_some_and(|(k, m)| lines[m].x1[k] + 0.25 * l.size + l.first_w[k] < task_edge);
        let fresh = upper && (prev_task.ends_with(['.', '!', '?']) || short);
        cur_has_task
            && (r.bullet.is_match(cell(l, t))
                || fresh
                || gap_before(n) > r.row_gap * step
                || (cur_status && !cell(l, s).is_empty()))
    };

    // Task rows alone (bullets, gaps, status cells): if there are as many
    // owner entries as task rows, and the owners are not printed beside
    // their rows, they pair by order (a stacked `Person responsible` cell).
    if !has_ref {
        let mut task_rows: Vec<Vec<usize>> = Vec::new();
        let (mut has_task, mut has_status) = (false, false);
        for (n, line) in lines.iter().enumerate() {
            let tx = cell(line, t);
            if tx.is_empty() && cell(line, s).is_empty() {
                continue;
            }
            if task_rows.is_empty() || task_break(n, has_task, has_status) {
                task_rows.push(Vec::new());
                has_task = false;
                has_status = false;
            }
            if let Some(last) = task_rows.last_mut() {
                last.push(n);
            }
            has_task |= !tx.is_empty();
            has_status |= !cell(line, s).is_empty();
        }
        let owners: Vec<usize> = (0..lines.len())
            .filter(|&n| !cell(&lines[n], o).is_empty())
            .collect();
        let beside = owners
            .iter()
            .filter(|&&n| !cell(&lines[n], t).is_empty())
            .count();
        if owners.len() == task_rows.len() && owners.len() >= 2 && beside < owners.len() {
            return task_rows
                .iter()
                .zip(owners.iter())
                .map(|(tr, &on)| {
                    let mut lr = LogRow {
                        owner: cell(&lines[on], o).to_string(),
                        ..LogRow::default()
                    };
                    fill(r, &mut lr, tr, lines, (t, d, s, rf));
                    lr
                })
                .collect();
        }
    }

    // Rows by the reference column, or by owner cells, bullets, status
    // cells and gaps; owners carried down a group.
    let mut out: Vec<(LogRow, Vec<usize>, Option<usize>)> = Vec::new(); // (row, lines, last owner line)
    let (mut has_task, mut has_status) = (false, false);
    for (n, l) in lines.iter().enumerate() {
        let ow = cell(l, o);
        let tx = cell(l, t);
        let cur_owner_line = out.last().and_then(|(_, _, ol)| *ol);
        let owner_continues = !ow.is_empty()
            && cur_owner_line == Some(n.wrapping_sub(1))
            && (tx.is_empty()
                || out
                    .last()
                    .is_some_and(|(lr, _, _)| lr.owner.ends_with(['/', '&', ',', '+']))
                || ow.chars().next().is_some_and(char::is_lowercase));
        let new_row = out.is_empty()
            || if has_ref {
                !cell(l, rf).is_empty()
            } else {
                (!ow.is_empty() && !owner_continues && has_task)
                    || task_break(n, has_task, has_status)
            };
        if new_row {
            out.push((LogRow::default(), Vec::new(), None));
            has_task = false;
            has_status = false;
        }
        if let Some((lr, ls, ol)) = out.last_mut() {
            if !ow.is_empty() {
                lr.owner = join_owner(&lr.owner, ow);
                *ol = Some(n);
            }
            ls.push(n);
        }
        has_task |= !tx.is_empty();
        has_status |= !cell(l, s).is_empty();
    }
    let mut group_owner = String::new();
    let mut result = Vec::new();
    for (mut lr, ls, _) in out {
        fill(r, &mut lr, &ls, lines, (t, d, s, rf));
        if lr.owner.is_empty() && !has_ref && !group_owner.is_empty() {
            lr.owner = group_owner.clone();
            lr.inherited = true;
        } else if !lr.owner.is_empty() {
            group_owner = lr.owner.clone();
        }
        result.push(lr);
    }
    result
}

/// Task, due, status and reference of a row from its lines.
fn fill(
    r: &LogRules,
    lr: &mut LogRow,
    ns: &[usize],
    lines: &[LineCells],
    (t, d, s, rf): (Option<usize>, Option<usize>, Option<usize>, Option<usize>),
) {
    let join = |k: Option<usize>| -> String {
        let Some(k) = k else { return String::new() };
        ns.iter()
            .map(|&n| lines[n].cells[k].trim())
            .filter(|c| !c.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    };
    let value = |v: String| -> Option<String> {
        let v = v.trim().to_string();
        (!v.is_empty() && !r.placeholder.is_match(&v)).then_some(v)
    };
    let task = join(t);
    lr.task = strip_bullet(r, &task);
    lr.due = value(join(d));
    lr.status = value(join(s));
    lr.reference = value(join(rf));
    lr.rows = ns.iter().map(|&n| lines[n].row).collect();
}

fn strip_bullet(r: &LogRules, s: &str) -> String {
    let mut s = s.trim().trim_start_matches('\u{200B}').trim();
    while let Some(m) = r.bullet.find(s) {
        if m.end() == 0 {
            break;
        }
        s = s[m.end()..].trim_start_matches('\u{200B}').trim();
    }
    s.to_string()
}

/// The owners of a log row: its cell, else the subject of its task
/// (`The Clerk is to forward ...`).
/// A name in the owner column needs no roster to be an owner (the header
/// says so); one taken from the task's wording does.
fn row_owners(rules: &RuleSet, lr: &LogRow, keep: &dyn Fn(&Owners) -> bool) -> Option<Owners> {
    let cell = lr.owner.trim();
    if !cell.is_empty() {
        if let Some(o) = parse_owners(&rules.owners, cell) {
            return Some(o);
        }
    }
    let c = rules.owners.log.subject.captures(&lr.task)?;
    parse_owners(&rules.owners, c.name("owners")?.as_str()).filter(|o| keep(o))
}

/// A row whose owner cell is empty (and whose task names no owner) is
/// still an action when the row is filled in otherwise (a reference, a due
/// date or a status beside the task): an owner-less action, its owners
/// empty, so the gap shows instead of a guessed owner (the meeting gets a
/// warning for it, see `minutes::read`). A row with only task text may be a
/// sub-heading of the log and gives nothing.
fn ownerless(lr: &LogRow) -> Option<Owners> {
    let filled = lr.reference.is_some() || lr.due.is_some() || lr.status.is_some();
    (lr.owner.trim().is_empty() && filled).then(Owners::default)
}

/// The actions of the logs: each row becomes a [`OwnerSpan`] in the item that
/// holds its first line, with the row's task as its text. `line_of` maps a
/// page row to its minute line (index into the view's lines).
pub fn found(
    rules: &RuleSet,
    logs: &[Log],
    line_of: &dyn Fn(usize) -> Option<usize>,
    items: &[ItemSpan],
    keep: &dyn Fn(&Owners) -> bool,
) -> Vec<OwnerSpan> {
    let mut out = Vec::new();
    for (li, log) in logs.iter().enumerate() {
        for (ri, lr) in log.rows.iter().enumerate() {
            if super::halt::poll() {
                break;
            }
            // The log ends at the next agenda heading (`b. Approval of the
            // minutes` printed under the table), unless the row names its
            // item itself.
            let at_heading = lr.rows.iter().filter_map(|&r| line_of(r)).any(|l| {
                items
                    .iter()
                    .any(|it| it.line == l && !it.heading.key.is_empty())
            });
            if at_heading && lr.reference.is_none() {
                break;
            }
            if lr.task.is_empty() || rules.owners.log.end.is_match(lr.task.trim()) {
                continue;
            }
            let Some(owners) = row_owners(rules, lr, keep).or_else(|| ownerless(lr)) else {
                continue;
            };
            let Some(line) = lr.rows.first().and_then(|&r| line_of(r)) else {
                continue;
            };
            let at = items.iter().enumerate().find_map(|(ii, it)| {
                it.body
                    .lines
                    .iter()
                    .find(|b| b.line == line)
                    .map(|b| (ii, b.start))
            });
            // A log printed after the last item (or before the first)
            // belongs to no item: it is kept under the nearest item with an
            // empty item key.
            let (ii, start, outside) = match at {
                Some((ii, start)) => (ii, start, false),
                None => {
                    let Some(ii) = items
                        .iter()
                        .rposition(|it| it.line < line)
                        .or((!items.is_empty()).then_some(0))
                    else {
                        continue;
                    };
                    (ii, items[ii].body.text.len(), true)
                }
            };
            let item_key = match (&lr.reference, outside) {
                (Some(r), _) => Some(r.clone()),
                (None, true) => Some(String::new()),
                (None, false) => None,
            };
            out.push(OwnerSpan {
                item: ii,
                start,
                end: start,
                owners,
                task: Some(lr.task.clone()),
                due: lr.due.clone(),
                source: Source::Log,
                status: lr.status.clone(),
                item_key,
                why: super::trace::Why::Log { log: li, row: ri },
            });
        }
    }
    out
}
