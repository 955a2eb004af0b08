//! Agenda items: heading lines recognised by `rules/items.toml`, and each
//! item's body as one string with its lines' offsets, paragraph starts,
//! clause starts and sentence ends, so an owner cell or label can be turned
//! into a span of text.

use super::rows::TextLine;
use crate::rules::{HeadingRule, Join, Level, RuleSet, SectionKind};
use std::collections::BTreeMap;

/// A recognised heading.
#[derive(Debug, Clone, PartialEq)]
pub struct Heading {
    pub key: String,
    pub number: String,
    pub sub: Option<String>,
    pub level: Level,
    pub title: String,
    /// Heading text after the number (title and any text after it).
    pub text: String,
    /// Whether the heading line holds only the title.
    pub title_only: bool,
    /// Whether the title runs into the minute text on the heading line
    /// (a run-in sub-item): the whole line is minute text.
    pub run_in: bool,
    /// The heading rule that matched (index into `rules.items.headings`);
    /// none for an item the reader made up (no heading, or the parent
    /// item resumed after a sub-item).
    pub rule: Option<usize>,
    order: (u32, u32),
}

/// One line of an item's body.
#[derive(Debug, Clone, PartialEq)]
pub struct BodyLine {
    /// Index into the document's lines.
    pub line: usize,
    pub start: usize,
    pub end: usize,
    pub para_start: bool,
    pub heading: bool,
}

/// An item's text with positions.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Body {
    pub text: String,
    pub lines: Vec<BodyLine>,
    /// Positions where a strong clause begins (after `. `, ` – `, ...).
    pub strong: Vec<usize>,
    /// Positions where a weak clause begins (after `, `).
    pub weak: Vec<usize>,
    /// Positions just after a sentence ends.
    pub sentence_ends: Vec<usize>,
}

impl Body {
    /// Index of the body line holding byte `pos`.
    pub fn line_at(&self, pos: usize) -> usize {
        // Line starts never decrease: a binary search keeps callers linear.
        self.lines
            .partition_point(|l| l.start <= pos)
            .saturating_sub(1)
    }

    /// Start of the paragraph holding line `i`.
    pub fn para_of(&self, i: usize) -> usize {
        let mut j = i.min(self.lines.len().saturating_sub(1));
        while j > 0 && !self.lines[j].para_start {
            j -= 1;
        }
        j
    }

    /// End (byte) of the paragraph holding line `i`.
    pub fn para_end(&self, i: usize) -> usize {
        self.lines
            .iter()
            .skip(i + 1)
            .find(|l| l.para_start)
            .map(|l| l.start)
            .unwrap_or(self.text.len())
    }
}

/// An agenda item found in the document.
#[derive(Debug, Clone, PartialEq)]
pub struct ItemSpan {
    pub heading: Heading,
    pub parent_title: Option<String>,
    /// Index of the heading line.
    pub line: usize,
    pub page: u32,
    pub body: Body,
}

/// Where a document's lines go.
#[derive(Debug, Clone, Default)]
pub struct Outline {
    /// Lines before the first item.
    pub header: Vec<usize>,
    pub items: Vec<ItemSpan>,
    /// Text printed after a `Date of next meeting` marker outside items.
    pub next_meeting: Vec<String>,
}

struct State {
    last: Option<(u32, u32)>,
    /// Leftmost x of the item headings so far, measured from the left text
    /// edge of each heading's page (see `left`).
    item_x: Option<f32>,
    /// The left text edge of each page (the smallest line start), by page
    /// number: pages printed with a different margin (a whole page set
    /// further right) keep their headings' indent.
    left: BTreeMap<u32, f32>,
    /// Left edges of numbered lines inside the current item that were not
    /// headings (a `1.` .. `5.` list), by page: a later `6.` at the same
    /// indent on that page continues the list, it does not start item 6
    /// (margins differ between pages, so only the same page counts).
    list_x: Vec<(u32, f32)>,
    number: String,
    title: String,
    sub: Option<char>,
    /// Digit groups (and sub letter) of the last minute-reference heading
    /// (`25/04` -> [25, 4]); none until one is read.
    last_ref: Option<Vec<u32>>,
    /// The first number of minutes numbered through the year (`58.`,
    /// `59.`, `60.` ...): a first item above `max_jump + 1` is taken only
    /// when it starts such a run (see `numbering_start`).
    first: Option<u32>,
}

impl State {
    /// A line's start measured from its page's left text edge.
    fn x(&self, line: &TextLine) -> f32 {
        line.x0 - self.left.get(&line.page).copied().unwrap_or(0.0)
    }
}

/// Order of the current item once minute references are read: plain
/// numbers (`5.` in a list inside minute 25/05) never follow it.
const REF_ORDER: u32 = 1 << 20;

/// The digit groups of a minute reference, each followed by the order of
/// the sub letter printed right after it (0 for none), so that references
/// with and without letters compare group by group: `27/1920` ->
/// [27, 0, 1920, 0], `27b/1920` -> [27, 2, 1920, 0], `25/04a` -> [25, 0, 4, 1].
fn ref_groups(reference: &str) -> Vec<u32> {
    let mut out = Vec::new();
    let mut n: Option<u32> = None;
    for ch in reference.chars() {
        if let Some(d) = ch.to_digit(10) {
            n = Some(n.unwrap_or(0).saturating_mul(10).saturating_add(d));
            continue;
        }
        if let Some(v) = n.take() {
            out.push(v);
            out.push(if ch.is_ascii_lowercase() {
                ch as u32 - 'a' as u32 + 1
            } else {
                0
            });
        }
    }
    if let Some(v) = n {
        out.extend([v, 0]);
    }
    out
}

/// Whether minute reference `r` may follow `last`: the same shape, later,
/// and its first differing group at most `max_jump` ahead.
fn ref_follows(last: Option<&[u32]>, r: &[u32], increasing: bool, max_jump: u32) -> bool {
    let Some(last) = last else {
        return true;
    };
    if last.len() != r.len() {
        return false;
    }
    if !increasing {
        return true;
    }
    match last.iter().zip(r).find(|(a, b)| a != b) {
        Some((a, b)) => b > a && b - a <= max_jump,
        None => false,
    }
}

/// The key of a minute-reference heading: the reference as printed, with a
/// sub letter printed after it (`25/04a`, `25/04 a)`) appended.
fn ref_key(reference: &str, sub: Option<&str>) -> String {
    match sub {
        Some(s) if !reference.ends_with(s) => format!("{reference}{s}"),
        _ => reference.to_string(),
    }
}

/// A line's leading digits (after any indent) and the text after them.
fn leading_digits(text: &str) -> (&str, &str) {
    let t = text.trim_start();
    t.split_at(t.bytes().take_while(u8::is_ascii_digit).count())
}

/// Whether a line starts like a numbered list entry (`3. `, `3) `).
fn is_numbered_line(text: &str) -> bool {
    let (digits, rest) = leading_digits(text);
    (1..=2).contains(&digits.len())
        && rest.starts_with(['.', ')'])
        && rest[1..].starts_with(char::is_whitespace)
}

/// Whether the line's first word is set apart from the rest by a gap of
/// at least a font size (a list marker printed in a gutter of its own).
fn marker_set_apart(line: &TextLine) -> bool {
    let words: Vec<(f32, f32)> = line
        .frags
        .iter()
        .flat_map(|f| f.starts.iter().map(|&(x0, x1, _)| (x0, x1)))
        .take(2)
        .collect();
    matches!(words[..], [(_, a1), (b0, _)] if b0 - a1 >= line.size)
}

fn word_count(s: &str) -> usize {
    s.split_whitespace().count()
}

/// Whether `next` carries on the sentence of `line` (the line is full).
pub fn continues(line: &TextLine, next: &TextLine) -> bool {
    if next.page != line.page {
        return false;
    }
    let pitch = next.baseline - line.baseline;
    if pitch <= 0.0 || pitch > 2.0 * line.size.max(next.size) {
        return false;
    }
    let space = 0.3 * line.size;
    line.x1 + space + next.first_word_w >= line.right_edge - 0.5 * line.size
}

fn try_heading(
    rules: &RuleSet,
    h: &HeadingRule,
    line: &TextLine,
    next: Option<&TextLine>,
    st: &State,
) -> Option<Heading> {
    if line.in_log {
        return None;
    }
    let text = line.text.trim();
    if h.marker_gap && !marker_set_apart(line) {
        return None;
    }
    if h.bold && !line.frags.iter().all(|f| f.bold) {
        return None;
    }
    // Fallback headings (bold lines) are never the title or an attendance
    // list's marker.
    if h.fallback
        && (section_of(rules, text).is_some_and(|(k, _)| k != SectionKind::NextMeeting)
            || rules.header.title.iter().any(|re| re.is_match(text)))
    {
        return None;
    }
    let c = h.re.captures(text)?;
    // A line that starts with a date (`5 January 2022` under the title,
    // `1 April 2024. Thereafter, ...` in a paragraph) is not item 5 or 1.
    if h.level == Level::Item
        && super::dates::find_date(&rules.dates, text).is_some_and(|(_, r)| r.start == 0)
    {
        return None;
    }
    let raw = c.name("title").map(|m| m.as_str().trim()).unwrap_or("");
    let mut title = raw.to_string();
    let mut split = false;
    for sep in &h.split_title {
        if let Some(i) = raw.find(sep.as_str()) {
            if i > 0 && !raw[i + sep.len()..].trim().is_empty() {
                title = raw[..i].to_string();
                split = true;
                break;
            }
        }
    }
    let mut title = title.trim().trim_end_matches(':').trim().to_string();
    let ck = &rules.items.checks;
    // A title may open with a bracketed reference (`2.2 (3.2) Newsletter`).
    let title_start = title.strip_prefix('(').unwrap_or(&title);
    if h.title_case
        && !title_start
            .chars()
            .next()
            .is_some_and(|ch| ch.is_uppercase() || ch.is_ascii_digit())
    {
        return None;
    }
    let mut not_title =
        word_count(&title) > ck.max_title_words || (!split && ck.sentence_end.is_match(&title));
    if ck.reject_wrapped && !split && !raw.ends_with(':') && !raw.is_empty() {
        if let Some(n) = next {
            if continues(line, n)
                && (n.text.chars().next().is_some_and(|ch| ch.is_lowercase())
                    || word_count(raw) > 6)
            {
                not_title = true;
            }
        }
    }
    // A run-in sub-item (`(a) Bank accounts Bank of Scotland is now ...`)
    // starts its sub-item all the same, once an item is open; its line is
    // minute text, and its first words stand for the title.
    let run_in = not_title
        && h.run_in
        && match h.level {
            Level::Sub => st.last.is_some(),
            // A numbered paragraph is an item only as the very next number,
            // at the items' left margin (`2. The Vice Convenor conveyed the
            // apologies ...` after `1.`), never a numbered list inside one.
            Level::Item => {
                let n: Option<u32> = c.name("num").and_then(|m| m.as_str().parse().ok());
                let next_number = match (st.last, n) {
                    (Some((ln, _)), Some(n)) => n == ln + 1,
                    (None, Some(n)) => n == 1 || st.first == Some(n),
                    _ => false,
                };
                next_number
                    && c.name("sub").is_none()
                    && st.item_x.is_none_or(|x| st.x(line) <= x + 0.75 * line.size)
            }
            Level::Unnumbered => false,
        };
    if not_title && !run_in {
        return None;
    }
    if run_in {
        // The title runs on into the paragraph: it ends at the first
        // colon or spaced dash (`58. Grit bins – two are empty ...`), else
        // after `max_title_words` words.
        let cut = [": ", " – ", " — ", " - "]
            .iter()
            .filter_map(|sep| title.find(sep))
            .min()
            .filter(|&i| i > 0 && word_count(&title[..i]) <= ck.max_title_words / 2);
        if let Some(i) = cut {
            title.truncate(i);
        }
        title = title
            .split_whitespace()
            .take(ck.max_title_words)
            .collect::<Vec<_>>()
            .join(" ");
    }
    let num_s = c.name("num").map(|m| m.as_str().to_string());
    let sub_s = c.name("sub").map(|m| m.as_str().to_string());
    let sub_ord = |s: &str| -> u32 {
        if let Ok(n) = s.parse::<u32>() {
            n + 1
        } else {
            s.chars()
                .next()
                .map(|ch| ch.to_ascii_lowercase() as u32 - 'a' as u32 + 1)
                .unwrap_or(0)
        }
    };
    let (key, number, sub, order) = match h.level {
        Level::Item if h.join == Join::Ref => {
            let reference = c.name("num")?.as_str().trim();
            // Minutes use one numbering: no reference after plain numbers.
            if st.last_ref.is_none() && st.last.is_some() {
                return None;
            }
            if st
                .item_x
                .is_some_and(|x| st.x(line) > x + ck.max_indent * line.size)
            {
                return None;
            }
            let key = ref_key(reference, sub_s.as_deref());
            let groups = ref_groups(&key);
            if !ref_follows(st.last_ref.as_deref(), &groups, ck.increasing, ck.max_jump) {
                return None;
            }
            (key, reference.to_string(), None, (REF_ORDER, 0))
        }
        Level::Item => {
            let n: u32 = num_s.as_deref()?.parse().ok()?;
            // Indented numbers (numbered decisions inside an item) are not
            // items; numbered sub-items (`4.1`) may be indented.
            let indented = st
                .item_x
                .is_some_and(|x| st.x(line) > x + ck.max_indent * line.size);
            if sub_s.is_none() && indented {
                return None;
            }
            let in_list = st.item_x.is_some_and(|x| st.x(line) > x + 0.5 * line.size)
                && st
                    .list_x
                    .iter()
                    .any(|&(p, lx)| p == line.page && (lx - line.x0).abs() <= 1.5);
            if sub_s.is_none() && in_list {
                return None;
            }
            let so = sub_s.as_deref().map(sub_ord).unwrap_or(0);
            if ck.increasing {
                match st.last {
                    Some(last) if (n, so) <= last => return None,
                    Some((ln, _)) if n > ln + ck.max_jump => return None,
                    None if n > ck.max_jump + 1 && st.first != Some(n) => return None,
                    _ => {}
                }
            }
            let num = n.to_string();
            let key = match (&sub_s, h.join) {
                (Some(s), Join::Dot) => format!("{}.{}", num_s.as_deref().unwrap_or(""), s),
                (Some(s), Join::Plain | Join::Ref) => format!("{num}{s}"),
                (None, _) => num.clone(),
            };
            (key, num, sub_s.clone(), (n, so))
        }
        Level::Sub => {
            let s = sub_s.clone()?;
            let ch = s.chars().next()?.to_ascii_lowercase();
            let expected = match st.sub {
                None => 'a',
                Some(p) => (p as u8 + 1) as char,
            };
            if ck.increasing && ch != expected {
                return None;
            }
            let base = st.last.map(|(n, _)| n).unwrap_or(0);
            (
                format!("{}{}", st.number, s),
                st.number.clone(),
                Some(s),
                (base, 0),
            )
        }
        Level::Unnumbered => (
            String::new(),
            String::new(),
            None,
            st.last.unwrap_or((0, 0)),
        ),
    };
    let body_text = raw.to_string();
    Some(Heading {
        key,
        number,
        sub,
        level: h.level,
        title,
        title_only: !split && !run_in,
        run_in,
        text: body_text,
        rule: None,
        order,
    })
}

/// Whether a line is a section marker of one of `kinds`.
pub fn section_of(rules: &RuleSet, text: &str) -> Option<(SectionKind, String)> {
    section_rule(rules, text).map(|(_, kind, rest)| (kind, rest))
}

/// [`section_of`] with the index of the section rule that matched (into
/// `rules.sections`), for `minutes explain`.
pub fn section_rule(rules: &RuleSet, text: &str) -> Option<(usize, SectionKind, String)> {
    for (k, s) in rules.sections.iter().enumerate() {
        if let Some(c) = s.re.captures(text.trim()) {
            let rest = c
                .name("rest")
                .map(|m| m.as_str().trim().to_string())
                .unwrap_or_default();
            return Some((k, s.kind, rest));
        }
    }
    None
}

/// Fewest lines before a late first heading for them to be read as an
/// unnumbered item of their own.
const LATE_HEADER_LINES: usize = 40;

/// Cuts the document's lines into header and items.
pub fn split(rules: &RuleSet, lines: &[TextLine]) -> Outline {
    let out = split_with(rules, lines, false);
    if !out.items.is_empty() {
        // Numbered headings only late in the document (an appendix's `1.`
        // after unnumbered minutes): the text before them is one
        // unnumbered item.
        let first = out.items[0].line;
        if first * 2 > lines.len() && out.header.len() >= LATE_HEADER_LINES {
            // Unnumbered minutes with bold headings before a numbered
            // appendix: the bold headings cut the minutes into items.
            let before = split_with(rules, &lines[..first], true);
            if !before.items.is_empty() {
                let mut merged = before;
                merged.items.extend(out.items);
                merged.next_meeting.extend(out.next_meeting);
                return merged;
            }
            let mut out = implicit_item(rules, lines, out);
            out.items.sort_by_key(|it| it.line);
            return out;
        }
        return out;
    }
    // No numbered heading anywhere: try the fallback rules (bold lines).
    let out = split_with(rules, lines, true);
    if !out.items.is_empty() {
        return out;
    }
    implicit_item(rules, lines, out)
}

/// A document with no heading at all: everything after the attendance
/// sections is one unnumbered item, so owner cells and labels still have
/// text to tie to. The item starts at the first paragraph break after the
/// last section marker (or after the first line when there is none).
fn implicit_item(rules: &RuleSet, lines: &[TextLine], mut out: Outline) -> Outline {
    let last_marker = out
        .header
        .iter()
        .copied()
        .filter(|&i| section_of(rules, &lines[i].text).is_some())
        .max();
    let from = last_marker.map_or(0, |m| m + 1);
    let start = out
        .header
        .iter()
        .copied()
        .filter(|&i| i > from.max(1) - 1 && i > 0)
        .find(|&i| {
            let (p, c) = (&lines[i - 1], &lines[i]);
            c.page != p.page || c.baseline - p.baseline > 1.45 * p.pitch.max(c.pitch)
        });
    let Some(start) = start else {
        return out;
    };
    let members: Vec<usize> = out.header.iter().copied().filter(|&i| i > start).collect();
    let h = Heading {
        key: String::new(),
        number: String::new(),
        sub: None,
        level: Level::Unnumbered,
        title: String::new(),
        text: lines[start].text.trim().to_string(),
        title_only: false,
        run_in: false,
        rule: None,
        order: (0, 0),
    };
    let body = build_body(rules, lines, &h, start, &members);
    out.header.retain(|&i| i < start);
    out.items.push(ItemSpan {
        page: lines[start].page,
        heading: h,
        parent_title: None,
        line: start,
        body,
    });
    out
}

/// Candidates for `numbering_start` kept at most (a long document of
/// numbered lines costs no more than this).
const MAX_NUMBERED: usize = 4096;

/// Where minutes numbered through the year start (`58. Present`, then `59.`
/// and `60.` further down): the number of the earliest line `N. Capital…`
/// that is followed, in order, by lines `N+1.` and `N+2.`, when N is too
/// large to be a first item otherwise. Minutes numbered from 1 need none.
fn numbering_start(lines: &[TextLine], max_jump: u32) -> Option<u32> {
    let numbered: Vec<(usize, u32)> = lines
        .iter()
        .enumerate()
        .filter_map(|(i, l)| {
            let (digits, rest) = leading_digits(&l.text);
            let rest = rest.strip_prefix('.').filter(|_| digits.len() <= 3)?;
            let first = rest.trim_start();
            if rest.len() == first.len() || !first.chars().next()?.is_uppercase() {
                return None;
            }
            Some((i, digits.parse().ok()?))
        })
        .take(MAX_NUMBERED)
        .collect();
    let mut at: BTreeMap<u32, Vec<usize>> = BTreeMap::new();
    for &(i, n) in &numbered {
        at.entry(n).or_default().push(i);
    }
    // The first line numbered `n` after line `i`.
    let after = |n: u32, i: usize| -> Option<usize> {
        let v = at.get(&n)?;
        v.get(v.partition_point(|&j| j <= i)).copied()
    };
    let starts_run =
        |&&(i, n): &&(usize, u32)| after(n + 1, i).and_then(|j| after(n + 2, j)).is_some();
    let &(_, n) = numbered.iter().find(starts_run)?;
    (n > max_jump + 1).then_some(n)
}

fn split_with(rules: &RuleSet, lines: &[TextLine], fallback: bool) -> Outline {
    let mut out = Outline::default();
    let mut left: BTreeMap<u32, f32> = BTreeMap::new();
    for l in lines {
        let e = left.entry(l.page).or_insert(l.x0);
        *e = e.min(l.x0);
    }
    let mut st = State {
        last: None,
        item_x: None,
        left,
        list_x: Vec::new(),
        number: String::new(),
        title: String::new(),
        sub: None,
        last_ref: None,
        first: numbering_start(lines, rules.items.checks.max_jump),
    };
    // (heading, parent title, heading line, member lines)
    let mut cur: Option<(Heading, Option<String>, usize, Vec<usize>)> = None;
    let mut ended = false;
    let mut in_next = false;
    let mut finished: Vec<(Heading, Option<String>, usize, Vec<usize>)> = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        if super::halt::poll() {
            break;
        }
        let next = lines.get(i + 1);
        let heading = rules
            .items
            .headings
            .iter()
            .enumerate()
            .filter(|(_, h)| fallback || !h.fallback)
            .find_map(|(k, h)| {
                try_heading(rules, h, line, next, &st).map(|hd| Heading {
                    rule: Some(k),
                    ..hd
                })
            });
        if let Some(h) = heading {
            if ended {
                continue;
            }
            in_next = false;
            match h.level {
                Level::Item => {
                    if h.rule
                        .is_some_and(|k| rules.items.headings[k].join == Join::Ref)
                    {
                        st.last_ref = Some(ref_groups(&h.key));
                    }
                    st.last = Some(h.order);
                    st.list_x.clear();
                    if h.sub.is_none() {
                        let lx = st.x(line);
                        st.item_x = Some(st.item_x.map_or(lx, |x| x.min(lx)));
                    }
                    st.number = h.number.clone();
                    st.title = h.title.clone();
                    st.sub = h
                        .sub
                        .as_deref()
                        .and_then(|s| s.chars().next())
                        .filter(|c| c.is_ascii_alphabetic());
                    if h.sub.is_some() && h.key.contains('.') {
                        st.sub = None;
                    }
                }
                Level::Sub => {
                    st.sub = h
                        .sub
                        .as_deref()
                        .and_then(|s| s.chars().next())
                        .map(|c| c.to_ascii_lowercase());
                }
                Level::Unnumbered => {
                    st.sub = None;
                }
            }
            let parent = (h.level == Level::Sub && !st.title.is_empty()).then(|| st.title.clone());
            if let Some(c) = cur.take() {
                finished.push(c);
            }
            cur = Some((h, parent, i, Vec::new()));
            continue;
        }
        if is_numbered_line(&line.text) {
            st.list_x.push((line.page, line.x0));
        }
        if cur.is_none() {
            if !ended {
                out.header.push(i);
            }
            continue;
        }
        let para = cur
            .as_ref()
            .and_then(|c| c.3.last())
            .is_none_or(|&p| !continues(&lines[p], line));
        if let Some((kind, rest)) = section_of(rules, &line.text) {
            match kind {
                SectionKind::End if para => {
                    ended = true;
                    if let Some(c) = cur.take() {
                        finished.push(c);
                    }
                    continue;
                }
                SectionKind::NextMeeting
                    if para && super::dates::find_date(&rules.dates, &rest).is_some() =>
                {
                    out.next_meeting.push(rest);
                    in_next = true;
                    if let Some(c) = cur.take() {
                        finished.push(c);
                    }
                    continue;
                }
                _ => {}
            }
        }
        if ended || in_next {
            continue;
        }
        // A lead-in line (`Matters arising:`) at or left of a lettered
        // sub-item's letter ends the sub-item: what follows belongs to
        // the parent item again.
        let back_to_parent = cur.as_ref().is_some_and(|c| {
            c.0.level == Level::Sub
                && para
                && line.x0 <= lines[c.2].x0 + 0.5 * line.size
                && rules.items.checks.sub_end.is_match(line.text.trim())
        });
        if back_to_parent {
            if let Some(c) = cur.take() {
                let parent = Heading {
                    key: st.number.clone(),
                    number: st.number.clone(),
                    sub: None,
                    level: Level::Item,
                    title: st.title.clone(),
                    text: String::new(),
                    title_only: true,
                    run_in: false,
                    rule: None,
                    order: c.0.order,
                };
                finished.push(c);
                st.sub = None;
                cur = Some((parent, None, i, Vec::new()));
            }
        }
        if let Some(c) = cur.as_mut() {
            c.3.push(i);
        }
    }
    if let Some(c) = cur.take() {
        finished.push(c);
    }
    for (h, parent, at, members) in finished {
        let body = build_body(rules, lines, &h, at, &members);
        out.items.push(ItemSpan {
            page: lines[at].page,
            heading: h,
            parent_title: parent,
            line: at,
            body,
        });
    }
    out
}

fn is_para_start(rules: &RuleSet, lines: &[TextLine], prev: usize, cur: usize) -> bool {
    let (p, c) = (&lines[prev], &lines[cur]);
    if rules.text.para_start.iter().any(|re| re.is_match(&c.text)) {
        return true;
    }
    // A list heading (`Actions:`) is a paragraph of its own, however short
    // the lines around it.
    let heading = |l: &TextLine| rules.labels.lists.heading.is_match(l.text.trim());
    if heading(c) || heading(p) {
        return true;
    }
    if c.page == p.page {
        // A blank line (or table-row padding) between them.
        let pitch = c.baseline - p.baseline;
        if pitch > 1.45 * p.pitch.max(c.pitch) {
            return true;
        }
        if c.x0 < p.x0 - 0.8 * c.size {
            return true;
        }
    }
    // The line before ended short of the right edge although the first
    // word of this one would have fitted: a forced break.
    let space = 0.3 * p.size;
    p.x1 + space + c.first_word_w < p.right_edge - 0.5 * p.size
}

/// Builds an item's body: the heading's text (after the number) and the
/// member lines, joined, with paragraph starts and clause positions.
pub fn build_body(
    rules: &RuleSet,
    lines: &[TextLine],
    h: &Heading,
    at: usize,
    members: &[usize],
) -> Body {
    let mut b = Body::default();
    b.text.push_str(&h.text);
    b.lines.push(BodyLine {
        line: at,
        start: 0,
        end: b.text.len(),
        para_start: true,
        heading: true,
    });
    let mut prev = at;
    for (k, &i) in members.iter().enumerate() {
        let t = lines[i].text.trim();
        let para = if k == 0 {
            h.title_only || is_para_start(rules, lines, prev, i)
        } else {
            is_para_start(rules, lines, prev, i)
        };
        // Words hyphenated across lines join without a space.
        let hyphenated = b.text.ends_with('-')
            && b.text[..b.text.len() - 1].ends_with(|c: char| c.is_alphabetic())
            && t.starts_with(|c: char| c.is_lowercase())
            && !para;
        if !b.text.is_empty() && !hyphenated {
            b.text.push(' ');
        }
        let start = b.text.len();
        b.text.push_str(t);
        b.lines.push(BodyLine {
            line: i,
            start,
            end: b.text.len(),
            para_start: para,
            heading: false,
        });
        prev = i;
    }
    mark_clauses(rules, &mut b);
    b
}

/// Whether the `.` ending at `pos` closes an abbreviation (`i.e.`, `Mr.`)
/// or an initial (`D. Whitwell`).
fn after_abbreviation(rules: &RuleSet, text: &str, dot: usize) -> bool {
    let before = &text[..dot];
    let word = before
        .rsplit(|c: char| c.is_whitespace() || c == '(')
        .next()
        .unwrap_or("");
    if word.chars().count() == 1 && word.chars().all(|c| c.is_uppercase()) {
        return true;
    }
    rules
        .text
        .abbreviations
        .iter()
        .any(|a| word.eq_ignore_ascii_case(a))
}

fn mark_clauses(rules: &RuleSet, b: &mut Body) {
    let t = &b.text;
    let mut strong = Vec::new();
    for re in &rules.text.strong {
        for m in re.find_iter(t) {
            let s = m.as_str();
            if s.starts_with('.') && after_abbreviation(rules, t, m.start()) {
                continue;
            }
            // A sentence end must be followed by something that can start one.
            if s.starts_with(['.', '!', '?']) {
                let next = t[m.end()..].chars().next();
                if next.is_some_and(|c| c.is_lowercase()) {
                    continue;
                }
            }
            strong.push(m.end());
        }
    }
    strong.sort_unstable();
    strong.dedup();
    let mut weak = Vec::new();
    for re in &rules.text.weak {
        weak.extend(re.find_iter(t).map(|m| m.end()));
    }
    weak.sort_unstable();
    weak.dedup();
    let mut ends = Vec::new();
    for m in rules.text.sentence_end.find_iter(t) {
        if m.as_str().starts_with('.') && after_abbreviation(rules, t, m.start()) {
            continue;
        }
        let next = t[m.end()..].chars().next();
        if next.is_some_and(|c| c.is_lowercase()) {
            continue;
        }
        ends.push(m.start() + m.as_str().trim_end().len());
    }
    b.strong = strong;
    b.weak = weak;
    b.sentence_ends = ends;
}
