//! The rule files' TOML shapes and their compilation into the types of
//! [`super`]. Every pattern is read as a `Spanned` string so a bad regex
//! can be reported with the line it sits on.

use super::*;
use serde::Deserialize;
use toml::Spanned;

type SpannedText = Spanned<String>;

/// Lazy-DFA cache of every rule regex (see `Ctx::re_with`).
const RULE_DFA_CACHE_BYTES: usize = 16 << 20;

/// Compiles one rule regex with the rule files' options.
fn rule_regex(source: &str) -> Result<Regex, regex::Error> {
    regex::RegexBuilder::new(source)
        .dfa_size_limit(RULE_DFA_CACHE_BYTES)
        .build()
}

/// One file being compiled: its name and text, for error lines.
struct Ctx<'a> {
    file: &'a str,
    text: &'a str,
}

impl Ctx<'_> {
    fn line_of(&self, offset: usize) -> usize {
        let end = offset.min(self.text.len());
        self.text.as_bytes()[..end]
            .iter()
            .filter(|b| **b == b'\n')
            .count()
            + 1
    }

    fn parse<T: for<'de> Deserialize<'de>>(&self) -> Result<T, RuleError> {
        toml::from_str(self.text).map_err(|e| RuleError::Syntax {
            file: self.file.to_string(),
            line: e.span().map(|s| self.line_of(s.start)).unwrap_or(1),
            message: e.message().trim().replace('\n', " "),
        })
    }

    fn err<T>(&self, rule: &str, at: &Spanned<T>, message: impl Into<String>) -> RuleError {
        RuleError::Rule {
            file: self.file.to_string(),
            line: self.line_of(at.span().start),
            rule: rule.to_string(),
            message: message.into(),
        }
    }

    fn re(&self, rule: &str, p: &SpannedText) -> Result<Regex, RuleError> {
        self.re_with(rule, p, p.get_ref())
    }

    /// Compiles `source` (the value of `p`, possibly expanded) as a regex.
    ///
    /// The lazy DFA gets a larger cache than the regex crate's default
    /// (2 MiB): a rule with a counted run of a Unicode class (the owner
    /// clause of `labels.inferred`, `\p{Lu}[\p{L}/&,\s]{0,60}?`) needs
    /// more DFA states than that, and when the cache keeps filling up the
    /// crate gives up on the DFA and runs its PikeVM over the whole rest of
    /// the text, several times slower. Matches are the same either way; the
    /// cache is per thread and grows only as a regex needs it.
    fn re_with(&self, rule: &str, p: &SpannedText, source: &str) -> Result<Regex, RuleError> {
        rule_regex(source).map_err(|e| self.bad_regex(rule, p, e))
    }

    /// Compiles `p` as a [`CappedRegex`]: for the owner clauses whose long
    /// counted repeats of a Unicode class cost more to compile than the
    /// rest of the rules.
    fn capped(&self, rule: &str, p: &SpannedText) -> Result<CappedRegex, RuleError> {
        CappedRegex::new(p.get_ref(), rule_regex).map_err(|e| self.bad_regex(rule, p, e))
    }

    fn bad_regex(&self, rule: &str, p: &SpannedText, e: regex::Error) -> RuleError {
        let msg = e.to_string();
        let last = msg.lines().last().unwrap_or("").trim().to_string();
        self.err(rule, p, format!("bad regex: {last}"))
    }

    fn res(&self, rule: &str, ps: &[SpannedText]) -> Result<Vec<Regex>, RuleError> {
        ps.iter()
            .enumerate()
            .map(|(i, p)| self.re(&format!("{rule}[{i}]"), p))
            .collect()
    }
}

// ---------------------------------------------------------------- items.toml

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ItemsFile {
    checks: ChecksSpec,
    heading: Vec<HeadingSpec>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ChecksSpec {
    increasing: bool,
    max_jump: u32,
    max_indent: f32,
    max_title_words: usize,
    sentence_end: SpannedText,
    sub_end: SpannedText,
    reject_wrapped: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct HeadingSpec {
    name: String,
    level: SpannedText,
    #[serde(default)]
    join: Option<SpannedText>,
    pattern: SpannedText,
    #[serde(default)]
    split_title: Vec<String>,
    #[serde(default)]
    title_case: bool,
    #[serde(default)]
    bold: bool,
    #[serde(default)]
    fallback: bool,
    #[serde(default)]
    run_in: bool,
    #[serde(default)]
    marker_gap: bool,
}

pub(super) fn items(text: &str) -> Result<ItemRules, RuleError> {
    let cx = Ctx {
        file: "items.toml",
        text,
    };
    let f: ItemsFile = cx.parse()?;
    let mut headings = Vec::new();
    for h in &f.heading {
        let level = match h.level.get_ref().as_str() {
            "item" => Level::Item,
            "sub" => Level::Sub,
            "unnumbered" => Level::Unnumbered,
            other => {
                return Err(cx.err(
                    &h.name,
                    &h.level,
                    format!("level must be item, sub or unnumbered, not {other:?}"),
                ))
            }
        };
        let join = match &h.join {
            None => Join::Plain,
            Some(j) => match j.get_ref().as_str() {
                "plain" => Join::Plain,
                "dot" => Join::Dot,
                "ref" => Join::Ref,
                other => {
                    return Err(cx.err(
                        &h.name,
                        j,
                        format!("join must be plain, dot or ref, not {other:?}"),
                    ))
                }
            },
        };
        let re = cx.re(&h.name, &h.pattern)?;
        let names: Vec<&str> = re.capture_names().flatten().collect();
        let needs: &[&str] = match level {
            Level::Item => &["num"],
            Level::Sub => &["sub"],
            Level::Unnumbered => &["title"],
        };
        for n in needs {
            if !names.contains(n) {
                return Err(cx.err(
                    &h.name,
                    &h.pattern,
                    format!("pattern needs a named group `{n}`"),
                ));
            }
        }
        headings.push(HeadingRule {
            name: h.name.clone(),
            level,
            join,
            re,
            split_title: h.split_title.clone(),
            title_case: h.title_case,
            bold: h.bold,
            fallback: h.fallback,
            run_in: h.run_in,
            marker_gap: h.marker_gap,
        });
    }
    Ok(ItemRules {
        checks: ItemChecks {
            increasing: f.checks.increasing,
            max_jump: f.checks.max_jump,
            max_indent: f.checks.max_indent,
            max_title_words: f.checks.max_title_words,
            sentence_end: cx.re("checks.sentence_end", &f.checks.sentence_end)?,
            sub_end: cx.re("checks.sub_end", &f.checks.sub_end)?,
            reject_wrapped: f.checks.reject_wrapped,
        },
        headings,
    })
}

// ------------------------------------------------------------- sections.toml

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SectionsFile {
    apologies_phrase: SpannedText,
    section: Vec<SectionSpec>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SectionSpec {
    name: String,
    kind: SpannedText,
    pattern: SpannedText,
}

pub(super) fn sections(text: &str) -> Result<(Regex, Vec<SectionRule>), RuleError> {
    let cx = Ctx {
        file: "sections.toml",
        text,
    };
    let f: SectionsFile = cx.parse()?;
    let phrase = cx.re("apologies_phrase", &f.apologies_phrase)?;
    if !phrase.capture_names().flatten().any(|n| n == "names") {
        return Err(cx.err(
            "apologies_phrase",
            &f.apologies_phrase,
            "pattern needs a named group `names`",
        ));
    }
    let sections = f
        .section
        .iter()
        .map(|s| {
            let kind = match s.kind.get_ref().as_str() {
                "present" => SectionKind::Present,
                "in_attendance" => SectionKind::InAttendance,
                "apologies" => SectionKind::Apologies,
                "next_meeting" => SectionKind::NextMeeting,
                "end" => SectionKind::End,
                other => {
                    return Err(cx.err(
                        &s.name,
                        &s.kind,
                        format!(
                            "kind must be present, in_attendance, apologies, next_meeting or end, not {other:?}"
                        ),
                    ))
                }
            };
            Ok(SectionRule {
                name: s.name.clone(),
                kind,
                re: cx.re(&s.name, &s.pattern)?,
            })
        })
        .collect::<Result<Vec<_>, RuleError>>()?;
    Ok((phrase, sections))
}

// --------------------------------------------------------------- header.toml

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct HeaderFile {
    organisation: OrgSpec,
    title: PatternsSpec,
    date: PatternsSpec,
    document: DocumentSpec,
    #[serde(default)]
    officers: Vec<OfficerSpec>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct OfficerSpec {
    role: String,
    pattern: SpannedText,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DocumentSpec {
    minutes_words: SpannedText,
    other_kinds: SpannedText,
    top_lines: usize,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct OrgSpec {
    from_title: Vec<SpannedText>,
    skip: Vec<SpannedText>,
    max_lines: usize,
    recase_longer_than: usize,
    lower_words: Vec<String>,
    not_org: SpannedText,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PatternsSpec {
    patterns: Vec<SpannedText>,
}

pub(super) fn header(text: &str) -> Result<HeaderRules, RuleError> {
    let cx = Ctx {
        file: "header.toml",
        text,
    };
    let f: HeaderFile = cx.parse()?;
    let date = cx.res("date.patterns", &f.date.patterns)?;
    for (i, (re, p)) in date.iter().zip(&f.date.patterns).enumerate() {
        if !re.capture_names().flatten().any(|n| n == "date") {
            return Err(cx.err(
                &format!("date.patterns[{i}]"),
                p,
                "pattern needs a named group `date`",
            ));
        }
    }
    let mut officers = Vec::new();
    for (i, o) in f.officers.iter().enumerate() {
        let re = cx.re(&format!("officers[{i}].pattern"), &o.pattern)?;
        if !re.capture_names().flatten().any(|n| n == "name") {
            return Err(cx.err(
                &format!("officers[{i}].pattern"),
                &o.pattern,
                "pattern needs a named group `name`",
            ));
        }
        officers.push((o.role.clone(), re));
    }
    let officers_any = regex::RegexSetBuilder::new(f.officers.iter().map(|o| o.pattern.get_ref()))
        .dfa_size_limit(RULE_DFA_CACHE_BYTES)
        .build()
        .map_err(|e| {
            let msg = e.to_string();
            let last = msg.lines().last().unwrap_or("").trim().to_string();
            RuleError::Rule {
                file: "header.toml".to_string(),
                line: 1,
                rule: "officers".to_string(),
                message: format!("bad regex: {last}"),
            }
        })?;
    Ok(HeaderRules {
        officers,
        officers_any,
        org_from_title: cx.res("organisation.from_title", &f.organisation.from_title)?,
        org_skip: cx.res("organisation.skip", &f.organisation.skip)?,
        org_max_lines: f.organisation.max_lines,
        recase_longer_than: f.organisation.recase_longer_than,
        not_org: cx.re("organisation.not_org", &f.organisation.not_org)?,
        lower_words: f
            .organisation
            .lower_words
            .iter()
            .map(|w| w.to_lowercase())
            .collect(),
        title: cx.res("title.patterns", &f.title.patterns)?,
        date,
        minutes_words: cx.re("document.minutes_words", &f.document.minutes_words)?,
        other_kinds: cx.re("document.other_kinds", &f.document.other_kinds)?,
        top_lines: f.document.top_lines,
    })
}

// ---------------------------------------------------------------- dates.toml

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DatesFile {
    months: Spanned<Vec<Vec<String>>>,
    date: Vec<NamedSpec>,
    partial: Vec<NamedSpec>,
    due: Vec<NamedSpec>,
    next_meeting: SpannedText,
    end_of_month: SpannedText,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NamedSpec {
    name: String,
    pattern: SpannedText,
}

pub(super) fn dates(text: &str) -> Result<DateRules, RuleError> {
    let cx = Ctx {
        file: "dates.toml",
        text,
    };
    let f: DatesFile = cx.parse()?;
    if f.months.get_ref().len() != 12 || f.months.get_ref().iter().any(|m| m.is_empty()) {
        return Err(cx.err(
            "months",
            &f.months,
            "months must list 12 months, each with at least one name",
        ));
    }
    let months: Vec<Vec<String>> = f
        .months
        .get_ref()
        .iter()
        .map(|m| m.iter().map(|n| n.to_lowercase()).collect())
        .collect();
    // Longest names first so `sept` wins over `sep`.
    let mut all: Vec<&String> = months.iter().flatten().collect();
    all.sort_by_key(|n| std::cmp::Reverse(n.len()));
    let alternation = all
        .iter()
        .map(|n| regex::escape(n))
        .collect::<Vec<_>>()
        .join("|");
    let expand = |rule: &str, p: &SpannedText| -> Result<Regex, RuleError> {
        let src = p
            .get_ref()
            .replace("{month}", &format!("(?:{alternation})"));
        cx.re_with(rule, p, &src)
    };
    let named = |xs: &[NamedSpec]| -> Result<Vec<NamedRegex>, RuleError> {
        xs.iter()
            .map(|x| {
                Ok(NamedRegex {
                    name: x.name.clone(),
                    re: expand(&x.name, &x.pattern)?,
                })
            })
            .collect()
    };
    let dates = named(&f.date)?;
    for (d, spec) in dates.iter().zip(&f.date) {
        let names: Vec<&str> = d.re.capture_names().flatten().collect();
        for g in ["day", "month", "year"] {
            if !names.contains(&g) {
                return Err(cx.err(
                    &d.name,
                    &spec.pattern,
                    format!("pattern needs a named group `{g}`"),
                ));
            }
        }
    }
    let partial = named(&f.partial)?;
    for (d, spec) in partial.iter().zip(&f.partial) {
        if !d.re.capture_names().flatten().any(|n| n == "month") {
            return Err(cx.err(
                &d.name,
                &spec.pattern,
                "pattern needs a named group `month`",
            ));
        }
    }
    let dues = named(&f.due)?;
    for (d, spec) in dues.iter().zip(&f.due) {
        if !d.re.capture_names().flatten().any(|n| n == "due") {
            return Err(cx.err(&d.name, &spec.pattern, "pattern needs a named group `due`"));
        }
    }
    Ok(DateRules {
        months,
        dates,
        partial,
        dues,
        next_meeting: expand("next_meeting", &f.next_meeting)?,
        end_of_month: expand("end_of_month", &f.end_of_month)?,
    })
}

// --------------------------------------------------------------- owners.toml

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct OwnersFile {
    column: ColumnSpec,
    tokens: TokensSpec,
    log: LogSpec,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LogSpec {
    owner: SpannedText,
    task: SpannedText,
    due: SpannedText,
    status: SpannedText,
    reference: SpannedText,
    title: SpannedText,
    bullet: SpannedText,
    placeholder: SpannedText,
    subject: SpannedText,
    row_gap: f32,
    end_gap: f32,
    end: SpannedText,
    status_words: SpannedText,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ColumnSpec {
    header: SpannedText,
    min_x: f32,
    align: f32,
    min_cells: usize,
    wrap_lines: f32,
    reach: f32,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TokensSpec {
    separators: SpannedText,
    all: SpannedText,
    markers: SpannedText,
    initials: SpannedText,
    weak_initials: SpannedText,
    groups: SpannedText,
    roles: SpannedText,
    name: SpannedText,
    not_names: Vec<String>,
    max_len: usize,
}

pub(super) fn owners(text: &str) -> Result<OwnerRules, RuleError> {
    let cx = Ctx {
        file: "owners.toml",
        text,
    };
    let f: OwnersFile = cx.parse()?;
    let t = &f.tokens;
    Ok(OwnerRules {
        column: ColumnRules {
            header: cx.re("column.header", &f.column.header)?,
            min_x: f.column.min_x,
            align: f.column.align,
            min_cells: f.column.min_cells.max(1),
            wrap_lines: f.column.wrap_lines,
            reach: f.column.reach,
        },
        separators: cx.re("tokens.separators", &t.separators)?,
        all: cx.re("tokens.all", &t.all)?,
        markers: cx.re("tokens.markers", &t.markers)?,
        initials: cx.re("tokens.initials", &t.initials)?,
        weak_initials: cx.re("tokens.weak_initials", &t.weak_initials)?,
        groups: cx.re("tokens.groups", &t.groups)?,
        roles: cx.re("tokens.roles", &t.roles)?,
        name: cx.re("tokens.name", &t.name)?,
        not_names: t.not_names.iter().map(|w| w.to_lowercase()).collect(),
        max_len: t.max_len,
        log: LogRules {
            owner: cx.re("log.owner", &f.log.owner)?,
            task: cx.re("log.task", &f.log.task)?,
            due: cx.re("log.due", &f.log.due)?,
            status: cx.re("log.status", &f.log.status)?,
            reference: cx.re("log.reference", &f.log.reference)?,
            title: cx.re("log.title", &f.log.title)?,
            bullet: cx.re("log.bullet", &f.log.bullet)?,
            placeholder: cx.capped("log.placeholder", &f.log.placeholder)?,
            subject: cx.capped("log.subject", &f.log.subject)?,
            row_gap: f.log.row_gap,
            end_gap: f.log.end_gap,
            end: cx.re("log.end", &f.log.end)?,
            status_words: cx.re("log.status_words", &f.log.status_words)?,
        },
    })
}

// --------------------------------------------------------------- labels.toml

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LabelsFile {
    inferred: SpannedText,
    label: Vec<LabelSpec>,
    segment: LabelSegmentSpec,
    lists: ListsSpec,
    status: StatusSpec,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ListsSpec {
    heading: SpannedText,
    log_heading: SpannedText,
    owner_first: Vec<SpannedText>,
    owner_after: Vec<SpannedText>,
    passive: SpannedText,
    due_line: SpannedText,
    // Added after rule folders were first written out (`minutes rules
    // init`): a folder without them reads as before.
    #[serde(default)]
    owner_line: Option<SpannedText>,
    #[serde(default)]
    marker: Option<SpannedText>,
    not_owners: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StatusSpec {
    line: SpannedText,
    suffix: SpannedText,
    class: Vec<StatusClassSpec>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StatusClassSpec {
    class: String,
    pattern: SpannedText,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LabelSpec {
    name: String,
    pattern: SpannedText,
    #[serde(default)]
    strict: bool,
    #[serde(default)]
    owners_task: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LabelSegmentSpec {
    max_chars: usize,
}

pub(super) fn labels(text: &str) -> Result<LabelRules, RuleError> {
    let cx = Ctx {
        file: "labels.toml",
        text,
    };
    let f: LabelsFile = cx.parse()?;
    let mut labels = Vec::new();
    for l in &f.label {
        let re = cx.re(&l.name, &l.pattern)?;
        let need: &[&str] = if l.owners_task {
            &["owners", "task"]
        } else {
            &["rest"]
        };
        for g in need {
            if !re.capture_names().flatten().any(|n| n == *g) {
                return Err(cx.err(
                    &l.name,
                    &l.pattern,
                    format!("pattern needs a named group `{g}`"),
                ));
            }
        }
        labels.push(LabelRule {
            name: l.name.clone(),
            re,
            strict: l.strict,
            owners_task: l.owners_task,
        });
    }
    let inferred = cx.capped("inferred", &f.inferred)?;
    if !inferred.has_group("owners") {
        return Err(cx.err(
            "inferred",
            &f.inferred,
            "pattern needs a named group `owners`",
        ));
    }
    let group = |name: &str, p: &SpannedText, g: &str| -> Result<Regex, RuleError> {
        let re = cx.re(name, p)?;
        if re.capture_names().flatten().any(|n| n == g) {
            Ok(re)
        } else {
            Err(cx.err(name, p, format!("pattern needs a named group `{g}`")))
        }
    };
    let l = &f.lists;
    let lists = ListRules {
        heading: cx.re("lists.heading", &l.heading)?,
        log_heading: cx.re("lists.log_heading", &l.log_heading)?,
        owner_first: l
            .owner_first
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let name = format!("lists.owner_first[{i}]");
                let re = cx.capped(&name, p)?;
                if re.has_group("owners") {
                    Ok(re)
                } else {
                    Err(cx.err(&name, p, "pattern needs a named group `owners`"))
                }
            })
            .collect::<Result<_, _>>()?,
        owner_after: l
            .owner_after
            .iter()
            .enumerate()
            .map(|(i, p)| group(&format!("lists.owner_after[{i}]"), p, "owners"))
            .collect::<Result<_, _>>()?,
        passive: cx.re("lists.passive", &l.passive)?,
        due_line: group("lists.due_line", &l.due_line, "due")?,
        owner_line: match &l.owner_line {
            Some(p) => group("lists.owner_line", p, "owners")?,
            None => never(),
        },
        marker: match &l.marker {
            Some(p) => cx.re("lists.marker", p)?,
            None => never(),
        },
        not_owners: l.not_owners.iter().map(|w| w.to_lowercase()).collect(),
    };
    let st = &f.status;
    let mut classes = Vec::new();
    for c in &st.class {
        if !["open", "done", "cancelled", "reassigned"].contains(&c.class.as_str()) {
            return Err(cx.err(
                "status.class",
                &c.pattern,
                format!(
                    "unknown class `{}` (open | done | cancelled | reassigned)",
                    c.class
                ),
            ));
        }
        classes.push((c.class.clone(), cx.re("status.class", &c.pattern)?));
    }
    let status = StatusRules {
        line: group("status.line", &st.line, "status")?,
        suffix: group("status.suffix", &st.suffix, "status")?,
        classes,
    };
    Ok(LabelRules {
        labels,
        inferred,
        max_chars: f.segment.max_chars,
        lists,
        status,
    })
}

// ----------------------------------------------------------------- text.toml

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TextFile {
    clauses: ClausesSpec,
    paragraphs: ParagraphsSpec,
    furniture: FurnitureSpec,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ClausesSpec {
    strong: Vec<SpannedText>,
    weak: Vec<SpannedText>,
    weak_after: usize,
    sentence_reach: usize,
    started_before: usize,
    sentence_end: SpannedText,
    abbreviations: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ParagraphsSpec {
    start: Vec<SpannedText>,
    strip_prefix: SpannedText,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FurnitureSpec {
    patterns: Vec<SpannedText>,
    repeat_min_pages: usize,
    band: f32,
}

pub(super) fn text(text: &str) -> Result<TextRules, RuleError> {
    let cx = Ctx {
        file: "text.toml",
        text,
    };
    let f: TextFile = cx.parse()?;
    Ok(TextRules {
        strong: cx.res("clauses.strong", &f.clauses.strong)?,
        weak: cx.res("clauses.weak", &f.clauses.weak)?,
        weak_after: f.clauses.weak_after,
        sentence_reach: f.clauses.sentence_reach,
        started_before: f.clauses.started_before,
        sentence_end: cx.re("clauses.sentence_end", &f.clauses.sentence_end)?,
        abbreviations: f.clauses.abbreviations.clone(),
        para_start: cx.res("paragraphs.start", &f.paragraphs.start)?,
        strip_prefix: cx.re("paragraphs.strip_prefix", &f.paragraphs.strip_prefix)?,
        furniture: cx.res("furniture.patterns", &f.furniture.patterns)?,
        repeat_min_pages: f.furniture.repeat_min_pages.max(2),
        band: f.furniture.band,
    })
}

// --------------------------------------------------------------- people.toml

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PeopleFile {
    honorifics: Vec<String>,
    chair: SpannedText,
    initials: SpannedText,
    surname_prefixes: Vec<String>,
    list_separators: SpannedText,
    name: SpannedText,
    not_people: Vec<String>,
    clash: Vec<SpannedText>,
}

pub(super) fn people(text: &str) -> Result<PeopleRules, RuleError> {
    let cx = Ctx {
        file: "people.toml",
        text,
    };
    let f: PeopleFile = cx.parse()?;
    let clash = f
        .clash
        .iter()
        .map(|c| match c.get_ref().as_str() {
            "exact" => Ok(ClashRule::Exact),
            "other_tokens" => Ok(ClashRule::OtherTokens),
            "chair" => Ok(ClashRule::Chair),
            "first" => Ok(ClashRule::First),
            other => Err(cx.err(
                "clash",
                c,
                format!("clash rules are exact, other_tokens, chair or first, not {other:?}"),
            )),
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(PeopleRules {
        honorifics: f.honorifics.clone(),
        chair: cx.re("chair", &f.chair)?,
        initials: cx.re("initials", &f.initials)?,
        surname_prefixes: f.surname_prefixes.clone(),
        list_separators: cx.re("list_separators", &f.list_separators)?,
        name: cx.re("name", &f.name)?,
        not_people: f.not_people.iter().map(|w| w.to_lowercase()).collect(),
        clash,
    })
}

// ------------------------------------------------------------ decisions.toml

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DecisionsFile {
    max_chars: usize,
    #[serde(default)]
    decision: Vec<DecisionSpec>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DecisionSpec {
    name: String,
    kind: SpannedText,
    pattern: SpannedText,
}

pub(super) fn decisions(text: &str) -> Result<DecisionRules, RuleError> {
    let cx = Ctx {
        file: "decisions.toml",
        text,
    };
    let f: DecisionsFile = cx.parse()?;
    let mut labels = Vec::new();
    for d in &f.decision {
        let re = cx.re(&d.name, &d.pattern)?;
        if !re.capture_names().flatten().any(|n| n == "rest") {
            return Err(cx.err(&d.name, &d.pattern, "pattern needs a named group `rest`"));
        }
        let kind = d.kind.get_ref().trim();
        if kind.is_empty() {
            return Err(cx.err(&d.name, &d.kind, "kind must not be empty"));
        }
        labels.push(DecisionRule {
            name: d.name.clone(),
            kind: kind.to_string(),
            re,
        });
    }
    Ok(DecisionRules {
        labels,
        max_chars: f.max_chars.max(40),
    })
}

// -------------------------------------------------------------- history.toml

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct HistoryFile {
    #[serde(default)]
    carried_forward: CarriedSpec,
    #[serde(default)]
    recurring_items: RecurringSpec,
}

/// `[carried_forward]`; a value left out takes its default (see
/// `rules/history.toml`).
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
struct CarriedSpec {
    min_similarity: Option<Spanned<f64>>,
    min_contained_words: Option<usize>,
    ignore_in_text: Vec<SpannedText>,
    previous_meetings: Option<usize>,
    needs_evidence_for_owners: Vec<String>,
    evidence_item_titles: Vec<SpannedText>,
    evidence_phrases: Vec<SpannedText>,
    mid_sentence_before: Option<SpannedText>,
    same_item_is_evidence: bool,
    carried_neighbours_are_evidence: bool,
    compare_stop_words: Vec<String>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
struct RecurringSpec {
    min_meetings: Option<usize>,
    ignore_words: Vec<String>,
}

/// `history.toml` and `themes.toml`: the history stage's rules. An empty
/// (or missing) file means the defaults: no themes; carried forward by
/// text and owners alone.
pub(super) fn history(history: &str, themes_text: &str) -> Result<HistoryRules, RuleError> {
    let themes = themes(themes_text)?;
    let cx = Ctx {
        file: "history.toml",
        text: history,
    };
    let f: HistoryFile = cx.parse()?;
    let c = f.carried_forward;
    let min_similarity = match &c.min_similarity {
        None => 0.8,
        Some(v) if (0.0..=1.0).contains(v.get_ref()) => *v.get_ref(),
        Some(v) => {
            return Err(cx.err(
                "carried_forward.min_similarity",
                v,
                format!("{} is not between 0 and 1", v.get_ref()),
            ))
        }
    };
    // Word lists are compared with folded texts: folded once here.
    let folded = |words: &[String]| -> Vec<String> { words.iter().map(|w| fold(w)).collect() };
    Ok(HistoryRules {
        carried: CarriedRules {
            min_similarity,
            min_contained_words: c.min_contained_words.unwrap_or(4),
            ignore_in_text: cx.res("carried_forward.ignore_in_text", &c.ignore_in_text)?,
            previous_meetings: c.previous_meetings.unwrap_or(1).max(1),
            needs_evidence_for_owners: folded(&c.needs_evidence_for_owners),
            evidence_item_titles: cx.res(
                "carried_forward.evidence_item_titles",
                &c.evidence_item_titles,
            )?,
            evidence_phrases: cx.res("carried_forward.evidence_phrases", &c.evidence_phrases)?,
            mid_sentence_before: match &c.mid_sentence_before {
                Some(p) => Some(cx.re("carried_forward.mid_sentence_before", p)?),
                None => None,
            },
            same_item_is_evidence: c.same_item_is_evidence,
            carried_neighbours_are_evidence: c.carried_neighbours_are_evidence,
            compare_stop_words: folded(&c.compare_stop_words).into_iter().collect(),
        },
        recurring: RecurringRules {
            min_meetings: f.recurring_items.min_meetings.unwrap_or(2).max(1),
            ignore_words: folded(&f.recurring_items.ignore_words),
        },
        themes,
    })
}

// --------------------------------------------------------------- themes.toml

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct ThemesFile {
    #[serde(default)]
    recurring_min_meetings: Option<usize>,
    #[serde(default)]
    discover: Option<DiscoverSpec>,
    #[serde(default)]
    theme: Vec<ThemeSpec>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DiscoverSpec {
    min_meetings: usize,
    min_years: usize,
    max_phrases: usize,
    #[serde(default)]
    ignore_titles: Vec<SpannedText>,
    #[serde(default)]
    stop_words: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ThemeSpec {
    name: SpannedText,
    #[serde(default)]
    phrases: Vec<String>,
    #[serde(default)]
    exact_case: Vec<String>,
}

pub(super) fn themes(text: &str) -> Result<Themes, RuleError> {
    let cx = Ctx {
        file: "themes.toml",
        text,
    };
    let f: ThemesFile = cx.parse()?;
    let mut list = themes::ThemesBuilder::default();
    for t in &f.theme {
        let name = t.name.get_ref().trim();
        if name.is_empty() {
            return Err(cx.err("[[theme]]", &t.name, "a [[theme]] has an empty name"));
        }
        if list.has(name) {
            return Err(cx.err(name, &t.name, "the theme is defined twice"));
        }
        list.add(name, &t.phrases, &t.exact_case)
            .map_err(|e| cx.err(name, &t.name, format!("bad phrases: {e}")))?;
    }
    let discover = match &f.discover {
        None => None,
        Some(d) => Some(DiscoverRules {
            min_meetings: d.min_meetings.max(2),
            min_years: d.min_years.max(1),
            max_phrases: d.max_phrases,
            ignore_titles: cx.res("discover.ignore_titles", &d.ignore_titles)?,
            stop_words: d.stop_words.iter().map(|w| w.to_lowercase()).collect(),
        }),
    };
    let recurring = f
        .recurring_min_meetings
        .unwrap_or(themes::DEFAULT_RECURRING)
        .max(1);
    list.finish(recurring, discover)
        .map_err(|e| RuleError::File {
            file: cx.file.to_string(),
            message: format!("theme phrases: {e}"),
        })
}

/// A regex that matches nothing: an optional rule left out of a file.
fn never() -> Regex {
    Regex::new(r"[^\s\S]").expect("a valid empty class")
}
