//! Synthetic scan outputs (`actions.jsonl`, `meetings.jsonl`, `errors.jsonl`,
//! `history.json`, `run.json`) for the report tests: deterministic, any size, with every kind
//! of owner resolution, carried-forward chains, themes, and hostile text.
#![allow(dead_code)]

use minutes::model::{Action, Due, FileError, Item, Meeting, Owner, Person, Resolution, RunInfo};
use std::io::Write;
use std::path::Path;

pub const ORGS: [&str; 4] = [
    "Safer Halton Partnership",
    "Halton Domestic Abuse Partnership Board",
    "Halton Crime and ASB Tasking Group",
    "Halton Substance Misuse and Alcohol Group",
];

pub const PEOPLE: [(&str, &str); 12] = [
    ("SA", "Sarah Ashcroft"),
    ("DP", "David Parr"),
    ("DC", "Dave Cargill"),
    ("DT", "Dave Thompson"),
    ("EA", "Elsbeth Anwar"),
    ("MA", "Mike Andrews"),
    ("MH", "Mark Harvey"),
    ("NE", "Neil Ellwood"),
    ("KT", "Karen Taylor"),
    ("CP", "Chris Patino"),
    ("LMcV", "Lynsey McVay"),
    ("PP", "Patricia Preston"),
];

pub const THEMES: [&str; 6] = [
    "anti-social behaviour",
    "domestic abuse and violence against women and girls",
    "substance misuse",
    "road safety",
    "funding",
    "hate crime",
];

const WORDS: [&str; 16] = [
    "report",
    "back",
    "on",
    "the",
    "funding",
    "review",
    "circulate",
    "update",
    "to",
    "board",
    "arrange",
    "meeting",
    "with",
    "partners",
    "prepare",
    "briefing",
];

/// Tiny deterministic generator (no `rand` dependency).
pub struct Lcg(u64);
impl Lcg {
    pub fn new(seed: u64) -> Self {
        Lcg(seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407))
    }
    pub fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn resolved(token: &str, name: &str) -> Owner {
    Owner {
        token: token.into(),
        resolution: Resolution::Resolved { name: name.into() },
        from_history: false,
    }
}

/// An action with the fields the report reads; the rest empty.
#[allow(clippy::too_many_arguments)]
pub fn action(
    doc: &str,
    org: &str,
    date: &str,
    item: &str,
    title: &str,
    owners: Vec<Owner>,
    text: &str,
    page: u32,
) -> Action {
    let id = blake3::hash(format!("{doc}|{item}|{text}|{}", owners.len()).as_bytes()).to_hex()
        [..16]
        .to_string();
    Action {
        id,
        document: doc.into(),
        organisation: org.into(),
        meeting_date: Some(date.into()),
        item: item.into(),
        item_title: title.into(),
        owners,
        markers: vec![],
        text: text.into(),
        page,
        due: None,
        inferred: false,
        source: Default::default(),
        same_as: None,
        status: None,
        status_text: None,
        themes: vec![],
        chain: None,
        carried_forward: false,
        first_date: None,
        track: Default::default(),
    }
}

pub fn meeting(
    doc: &str,
    org: &str,
    date: &str,
    items: Vec<Item>,
    actions: Vec<Action>,
) -> Meeting {
    Meeting {
        action_cues: Vec::new(),
        document: doc.into(),
        duplicates: vec![],
        sha: blake3::hash(doc.as_bytes()).to_hex().to_string(),
        organisation: org.into(),
        title: format!("Action Points From {date}"),
        meeting_date: Some(date.into()),
        present: PEOPLE
            .iter()
            .map(|(i, n)| Person {
                name: (*n).into(),
                title: None,
                role: None,
                initials: Some((*i).into()),
                chair: false,
            })
            .collect(),
        in_attendance: vec![],
        apologies: vec![],
        items,
        actions,
        decisions: vec![],
        next_meeting: None,
        pages: 3,
        scanned_pages: vec![],
        unmapped_glyphs: 0,
        warnings: vec![],
    }
}

pub fn item(key: &str, title: &str, themes: &[&str]) -> Item {
    Item {
        item: key.into(),
        number: key.trim_end_matches(char::is_alphabetic).into(),
        sub: None,
        title: title.into(),
        parent_title: None,
        text: format!("Minutes of {title}."),
        page: 1,
        themes: themes.iter().map(|t| t.to_string()).collect(),
    }
}

/// The outputs written into an OUT folder.
pub struct Outputs {
    pub run: RunInfo,
    pub meetings: Vec<Meeting>,
    pub errors: Vec<FileError>,
}

impl Outputs {
    pub fn actions(&self) -> Vec<&Action> {
        self.meetings
            .iter()
            .flat_map(|m| m.actions.iter())
            .collect()
    }

    pub fn write(&self, out: &Path) {
        std::fs::create_dir_all(out).unwrap();
        let mut a =
            std::io::BufWriter::new(std::fs::File::create(out.join("actions.jsonl")).unwrap());
        let mut m =
            std::io::BufWriter::new(std::fs::File::create(out.join("meetings.jsonl")).unwrap());
        for meeting in &self.meetings {
            for action in &meeting.actions {
                serde_json::to_writer(&mut a, action).unwrap();
                a.write_all(b"\n").unwrap();
            }
            // The real layout: the record without its actions, plus their ids.
            m.write_all(minutes::output::meeting_line(meeting).unwrap().as_bytes())
                .unwrap();
            m.write_all(b"\n").unwrap();
        }
        let mut e = std::fs::File::create(out.join("errors.jsonl")).unwrap();
        for err in &self.errors {
            serde_json::to_writer(&mut e, err).unwrap();
            e.write_all(b"\n").unwrap();
        }
        std::fs::write(
            out.join("run.json"),
            serde_json::to_string_pretty(&self.run).unwrap(),
        )
        .unwrap();
        std::fs::write(out.join("history.json"), self.history().to_string()).unwrap();
    }

    /// The part of `history.json` the report reads, as the history stage
    /// gives it for these records: each chain's first and last meeting
    /// date and the days between, each theme's meetings (organisation and
    /// date, once) per year.
    pub fn history(&self) -> serde_json::Value {
        use std::collections::{BTreeMap, BTreeSet};
        let mut chains: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
        // Theme → year → meetings (organisation, date).
        type Meetings<'a> = BTreeMap<&'a str, BTreeSet<(&'a str, &'a str)>>;
        let mut themes: BTreeMap<&str, Meetings> = BTreeMap::new();
        for m in &self.meetings {
            let Some(date) = m.meeting_date.as_deref() else {
                continue;
            };
            let item_themes = m.items.iter().flat_map(|i| &i.themes);
            let action_themes = m.actions.iter().flat_map(|a| &a.themes);
            for t in item_themes.chain(action_themes) {
                themes
                    .entry(t)
                    .or_default()
                    .entry(&date[..4])
                    .or_default()
                    .insert((&m.organisation, date));
            }
            for c in m.actions.iter().filter_map(|a| a.chain.as_deref()) {
                chains.entry(c).or_default().insert(date);
            }
        }
        let chains: Vec<serde_json::Value> = chains
            .into_iter()
            .map(|(id, dates)| {
                let (first, last) = (*dates.first().unwrap(), *dates.last().unwrap());
                serde_json::json!({"id": id, "first_raised": first, "last_seen": last,
                    "days": minutes::history::status::days_between(first, last)})
            })
            .collect();
        let themes: Vec<serde_json::Value> = themes
            .into_iter()
            .map(|(t, years)| {
                let per_year: BTreeMap<&str, usize> =
                    years.into_iter().map(|(y, s)| (y, s.len())).collect();
                serde_json::json!({"theme": t, "source": "taxonomy", "per_year": per_year})
            })
            .collect();
        serde_json::json!({"chains": chains, "themes": themes})
    }
}

/// A synthetic archive: `meetings_per_org` meetings for each of the four
/// boards, about `actions_per_meeting` actions each, a quarter of them
/// carried forward to the next one to four meetings. Documents are named
/// `archive/<org>/<date>.pdf`.
pub fn synthetic(meetings_per_org: usize, actions_per_meeting: usize, seed: u64) -> Outputs {
    let mut rng = Lcg::new(seed);
    let mut meetings = Vec::new();
    for (oi, org) in ORGS.iter().enumerate() {
        // Open actions waiting to be carried forward: (action, meetings left).
        let mut open: Vec<(Action, usize)> = Vec::new();
        let mut chain_no = 0;
        for k in 0..meetings_per_org {
            let month0 = k * 12 * 14 / meetings_per_org.max(1);
            let year = 2012 + month0 / 12;
            let month = month0 % 12 + 1;
            let day = 1 + (oi * 7 + k) % 27;
            let date = format!("{year:04}-{month:02}-{day:02}");
            let doc = format!(
                "archive/{}/{date}.pdf",
                org.split(' ').nth(1).unwrap_or("x").to_lowercase()
            );
            let mut actions = Vec::new();
            let mut items = Vec::new();
            for (n, t) in [
                "Matters arising",
                "Domestic Abuse",
                "Funding update",
                "Road safety",
                "AOB",
            ]
            .iter()
            .enumerate()
            {
                let th = match n {
                    1 => vec![THEMES[1]],
                    2 => vec![THEMES[4]],
                    3 => vec![THEMES[3]],
                    _ => vec![],
                };
                items.push(item(&(n + 1).to_string(), t, &th));
            }
            // Carried forward from earlier meetings.
            let mut still = Vec::new();
            for (prev, left) in open.drain(..) {
                let mut a = prev.clone();
                a.document = doc.clone();
                a.meeting_date = Some(date.clone());
                a.carried_forward = true;
                a.id = blake3::hash(format!("{doc}|{}", prev.id).as_bytes()).to_hex()[..16]
                    .to_string();
                if left > 1 {
                    still.push((a.clone(), left - 1));
                }
                actions.push(a);
            }
            open = still;
            for j in 0..actions_per_meeting {
                let n_items = items.len();
                let it = &items[rng.below(n_items)];
                let mut owners = Vec::new();
                match rng.below(20) {
                    0 => owners.push(Owner {
                        token: "ALL".into(),
                        resolution: Resolution::All,
                        from_history: false,
                    }),
                    1 => owners.push(Owner {
                        token: "DP".into(),
                        resolution: Resolution::Ambiguous {
                            candidates: vec!["David Parr".into(), "Deana Perchard".into()],
                        },
                        from_history: false,
                    }),
                    2 => owners.push(Owner {
                        token: "XY".into(),
                        resolution: Resolution::Unresolved,
                        from_history: false,
                    }),
                    3 => owners.push(Owner {
                        token: "Secretary".into(),
                        resolution: Resolution::Group {
                            name: "Secretary".into(),
                        },
                        from_history: false,
                    }),
                    _ => {
                        let (t, name) = PEOPLE[rng.below(PEOPLE.len())];
                        let mut o = resolved(t, name);
                        o.from_history = rng.below(10) == 0;
                        owners.push(o);
                        if rng.below(4) == 0 {
                            let (t2, n2) = PEOPLE[rng.below(PEOPLE.len())];
                            if t2 != t {
                                owners.push(resolved(t2, n2));
                            }
                        }
                    }
                }
                let len = 8 + rng.below(20);
                let words: Vec<&str> = (0..len).map(|_| WORDS[rng.below(WORDS.len())]).collect();
                let text = format!("{} to {} (#{k}.{j}).", owners[0].token, words.join(" "));
                let mut a = action(
                    &doc,
                    org,
                    &date,
                    &it.item,
                    &it.title,
                    owners,
                    &text,
                    1 + (j as u32 % 3),
                );
                a.themes = it.themes.clone();
                if rng.below(9) == 0 {
                    a.due = Some(Due {
                        text: "by next meeting".into(),
                        date: None,
                    });
                }
                if rng.below(4) == 0 && k + 1 < meetings_per_org {
                    chain_no += 1;
                    a.chain = Some(format!("{oi}-{chain_no}"));
                    let span = if rng.below(5) == 0 { 12 } else { 3 };
                    open.push((a.clone(), 1 + rng.below(span)));
                }
                actions.push(a);
            }
            meetings.push(meeting(&doc, org, &date, items, actions));
        }
    }
    // first_date: the date of the chain's first member.
    let mut first: std::collections::BTreeMap<String, String> = Default::default();
    for m in &meetings {
        for a in &m.actions {
            if let (Some(c), Some(d)) = (&a.chain, &a.meeting_date) {
                let e = first.entry(c.clone()).or_insert_with(|| d.clone());
                if d < e {
                    *e = d.clone();
                }
            }
        }
    }
    for m in &mut meetings {
        for a in &mut m.actions {
            if a.carried_forward {
                a.first_date = a.chain.as_ref().and_then(|c| first.get(c).cloned());
            }
        }
    }
    meetings.sort_by(|a, b| {
        (&a.organisation, &a.meeting_date, &a.document).cmp(&(
            &b.organisation,
            &b.meeting_date,
            &b.document,
        ))
    });
    let n_actions = meetings.iter().map(|m| m.actions.len() as u64).sum();
    Outputs {
        run: RunInfo {
            version: "0.1.0".into(),
            rules_hash: "0123456789abcdef".into(),
            started: "2024-01-02T03:04:05Z".into(),
            archive: "archive".into(),
            documents: meetings.len() as u64,
            pages: meetings.len() as u64 * 3,
            actions: n_actions,
            errors: 1,
            ..RunInfo::default()
        },
        meetings,
        errors: vec![FileError {
            document: "archive/bad/broken <b>.pdf".into(),
            kind: "damaged".into(),
            error: "no xref table & no trailer".into(),
        }],
    }
}

/// The payloads the injection tests put into every text field.
pub const XSS_SCRIPT: &str = "<script>window.__xss = 1; alert(1)</script>";
pub const XSS_IMG: &str = "<img src=x onerror=\"window.__xss=2\">";
pub const XSS_CLOSE: &str = "</script><script>window.__xss=3</script>";

/// A small OUT whose strings carry HTML / script payloads in every field the
/// report shows, including the organisation, owner names, themes and paths.
pub fn hostile() -> Outputs {
    let org = format!("Board {XSS_IMG}");
    let doc = "archive/it's \"odd\" <x>.pdf".to_string();
    let date = "2013-10-08";
    let title = format!("Data Quality {XSS_SCRIPT}");
    let owners = vec![
        resolved("CP", &format!("Chris {XSS_CLOSE}")),
        Owner {
            token: format!("D\"P{XSS_IMG}"),
            resolution: Resolution::Ambiguous {
                candidates: vec![format!("A {XSS_SCRIPT}"), "B'q".into()],
            },
            from_history: false,
        },
    ];
    let mut a1 = action(
        &doc,
        &org,
        date,
        "8",
        &title,
        owners,
        &format!("{XSS_SCRIPT} DC to check \u{2028} the page {XSS_CLOSE}"),
        2,
    );
    a1.themes = vec![format!("theme {XSS_IMG}")];
    a1.markers = vec![format!("Agenda {XSS_SCRIPT}")];
    a1.due = Some(Due {
        text: format!("by {XSS_IMG}"),
        date: None,
    });
    let mut a2 = action(
        &doc,
        &org,
        date,
        "8",
        &title,
        vec![resolved("CP", "Chris Patino")],
        "=HYPERLINK(\"http://x\") CP to remove the formula",
        2,
    );
    a2.chain = Some(format!("chain {XSS_CLOSE}"));
    let mut a3 = a2.clone();
    a3.id = "later".into();
    a3.meeting_date = Some("2014-02-01".into());
    a3.document = "archive/javascript:alert(1).pdf".into();
    a3.carried_forward = true;
    a3.first_date = Some(date.into());
    let m1 = meeting(
        &doc,
        &org,
        date,
        vec![item("8", &title, &[&format!("theme {XSS_IMG}")])],
        vec![a1, a2],
    );
    let mut m2 = meeting(
        "archive/javascript:alert(1).pdf",
        &org,
        "2014-02-01",
        vec![],
        vec![a3],
    );
    m2.warnings = vec![format!("repaired xref {XSS_SCRIPT}")];
    Outputs {
        run: RunInfo {
            version: format!("0.1.0 {XSS_IMG}"),
            rules_hash: "abc\"def".into(),
            started: "2024-01-02T03:04:05Z".into(),
            archive: format!("archive {XSS_SCRIPT}"),
            documents: 2,
            pages: 6,
            actions: 3,
            errors: 1,
            ..RunInfo::default()
        },
        meetings: vec![m1, m2],
        errors: vec![
            FileError {
                document: format!("bad {XSS_SCRIPT}.pdf"),
                kind: "not_pdf".into(),
                error: format!("no %PDF- header {XSS_IMG}"),
            },
            FileError {
                document: "archive/it's \"odd\" <x>.pdf".into(),
                kind: "damaged".into(),
                error: "a \"quoted\" 'error'".into(),
            },
        ],
    }
}
