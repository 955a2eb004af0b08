//! End-to-end tests of `report.html` in headless Chromium, driven through
//! chromedriver (W3C WebDriver): filtering by owner through the UI shows
//! exactly that owner's actions, the filter survives a reload from the URL,
//! hostile text is shown literally and runs nothing, and a 12,000-action
//! report renders its first table page quickly.

#[path = "browser/fixtures.rs"]
mod fixtures;
#[path = "browser/webdriver.rs"]
mod webdriver;

use minutes::model::{Action, Resolution};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Mutex;
use webdriver::Driver;

/// One browser at a time: the machine has two cores.
static BROWSER: Mutex<()> = Mutex::new(());

fn lock() -> std::sync::MutexGuard<'static, ()> {
    BROWSER.lock().unwrap_or_else(|e| e.into_inner())
}

fn read_actions(out: &Path) -> Vec<Action> {
    std::fs::read_to_string(out.join("actions.jsonl"))
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// Action ids of every row the table shows for the current filters,
/// walking the pages with the pager's "next" button. A row's `data-idx` is
/// its line in `actions.jsonl`.
fn shown_ids(d: &Driver, actions: &[Action]) -> Vec<String> {
    let first = d.exec(
        "const b = document.querySelector('#pager-top button[aria-label=\"First page\"]'); if (b && !b.disabled) { b.click(); return true; } return false;",
        vec![],
    );
    if first == Value::Bool(true) {
        d.wait_for(
            "the first page",
            "return document.querySelector('#pager-top span').textContent.startsWith('Page 1 of');",
            10,
        );
    }
    let mut ids = Vec::new();
    loop {
        let page: Vec<usize> = serde_json::from_value(d.exec(
            "return Array.from(document.querySelectorAll('#actions tbody tr')).map(r => +r.getAttribute('data-idx'));",
            vec![],
        ))
        .unwrap();
        ids.extend(page.into_iter().map(|i| actions[i].id.clone()));
        let next = d.exec(
            "const b = document.querySelector('#pager-top button[aria-label=\"Next page\"]'); return b && !b.disabled;",
            vec![],
        );
        if next != Value::Bool(true) {
            break;
        }
        let before = d.exec(
            "return document.querySelector('#pager-top span').textContent;",
            vec![],
        );
        d.click(&d.find("#pager-top button[aria-label=\"Next page\"]"));
        d.wait_for(
            "the next page",
            &format!("return document.querySelector('#pager-top span').textContent !== {before};"),
            10,
        );
    }
    ids.sort();
    ids
}

/// The ids of the actions that a resolved person owns.
fn owned_by(actions: &[Action], name: &str) -> Vec<String> {
    let mut ids: Vec<String> = actions
        .iter()
        .filter(|a| {
            a.owners
                .iter()
                .any(|o| matches!(&o.resolution, Resolution::Resolved { name: n } if n == name))
        })
        .map(|a| a.id.clone())
        .collect();
    ids.sort();
    ids
}

/// Picks the person with the most actions, selects them in the owner filter
/// through the UI, and checks the rows against `actions.jsonl`; then reloads
/// the page from its URL and checks the filter persists.
fn check_owner_filter(d: &Driver, out: &Path) {
    let actions = read_actions(out);
    let mut per: BTreeMap<String, usize> = BTreeMap::new();
    for a in &actions {
        for o in &a.owners {
            if let Resolution::Resolved { name } = &o.resolution {
                *per.entry(name.clone()).or_default() += 1;
            }
        }
    }
    let (owner, _) = per
        .iter()
        .max_by_key(|(n, c)| (**c, std::cmp::Reverse((*n).clone())))
        .expect("a resolved owner");
    let expected = owned_by(&actions, owner);
    assert!(!expected.is_empty() && expected.len() < actions.len());

    d.goto_file(&out.join("report.html"));
    d.wait_ready();
    let all = d.exec(
        "return document.getElementById('count').textContent;",
        vec![],
    );
    assert!(
        all.as_str()
            .unwrap()
            .contains(&format!("of {} actions", fmt(actions.len()))),
        "{all}"
    );

    // Select the owner the way a person does: open the select, click the option.
    let option = d.exec(
        "const o = Array.from(document.querySelectorAll('#f-owner option')).find(o => o.textContent.startsWith(arguments[0] + ' (')); return o ? o.value : null;",
        vec![json!(owner)],
    );
    let value = option
        .as_str()
        .expect("owner in the filter list")
        .to_string();
    d.click(&d.find("#f-owner"));
    d.click(&d.find(&format!("#f-owner option[value=\"{value}\"]")));
    d.wait_for(
        "the owner filter",
        &format!(
            "return document.getElementById('count').textContent.includes('of {} actions');",
            fmt(expected.len())
        ),
        10,
    );
    assert_eq!(
        shown_ids(d, &actions),
        expected,
        "rows shown for owner {owner}"
    );
    // Every owner cell shown names the owner.
    let cells: Vec<String> = serde_json::from_value(d.exec(
        "return Array.from(document.querySelectorAll('#actions tbody td.owners')).map(c => c.textContent);",
        vec![],
    ))
    .unwrap();
    assert!(cells.iter().all(|c| c.contains(owner.as_str())));
    // The CSV download holds the same actions.
    let csv_text = d.exec("return window.minutesReport.csv();", vec![]);
    let mut csv_rows: Vec<(String, String)> =
        csv::Reader::from_reader(csv_text.as_str().unwrap().as_bytes())
            .records()
            .map(|r| r.unwrap())
            .map(|r| (r[10].to_string(), r[6].to_string()))
            .collect();
    csv_rows.sort();
    let mut want: Vec<(String, String)> = actions
        .iter()
        .filter(|a| expected.binary_search(&a.id).is_ok())
        .map(|a| {
            let text = if a.text.starts_with(['=', '+', '-', '@']) {
                format!("'{}", a.text)
            } else {
                a.text.clone()
            };
            (a.document.clone(), text)
        })
        .collect();
    want.sort();
    assert_eq!(csv_rows, want);

    // The state is in the URL; a reload (and a fresh open of that URL) keeps it.
    let url = d.url();
    assert!(url.contains("owner=p%3A"), "{url}");
    d.refresh();
    d.wait_ready();
    assert_eq!(
        d.exec("return document.getElementById('f-owner').value;", vec![]),
        json!(value)
    );
    assert_eq!(shown_ids(d, &actions), expected, "rows after reload");
    d.goto_url("about:blank");
    d.goto_url(&url);
    d.wait_ready();
    assert_eq!(
        shown_ids(d, &actions),
        expected,
        "rows after opening the shared URL"
    );
}

fn fmt(n: usize) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[test]
fn owner_filter_shows_exactly_that_owners_actions_and_survives_reload() {
    let _g = lock();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    fixtures::synthetic(30, 6, 11).write(&out);
    minutes::report::write_report(&out).unwrap();
    let d = Driver::start();
    check_owner_filter(&d, &out);
}

#[test]
fn sorting_search_carried_forward_and_chain_views() {
    let _g = lock();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    fixtures::synthetic(20, 5, 5).write(&out);
    minutes::report::write_report(&out).unwrap();
    let actions = read_actions(&out);
    let d = Driver::start();
    d.goto_file(&out.join("report.html"));
    d.wait_ready();

    // Sort by date, descending on the second click.
    let first_date =
        "return document.querySelector('#actions tbody td.date').firstChild.textContent;";
    d.click(&d.find("#actions th[data-sort=date] button"));
    d.wait_for(
        "descending sort",
        "return location.hash.includes('dir=desc');",
        10,
    );
    let max = actions
        .iter()
        .filter_map(|a| a.meeting_date.clone())
        .max()
        .unwrap();
    assert_eq!(d.exec(first_date, vec![]), json!(max));

    // Carried forward only.
    d.click(&d.find("#f-cf"));
    let cf: Vec<String> = {
        let mut v: Vec<String> = actions
            .iter()
            .filter(|a| a.carried_forward)
            .map(|a| a.id.clone())
            .collect();
        v.sort();
        v
    };
    d.wait_for(
        "carried-forward filter",
        "return location.hash.includes('cf=1');",
        10,
    );
    assert_eq!(shown_ids(&d, &actions), cf);
    d.click(&d.find("#f-reset"));

    // Free text: every word must occur.
    let q = d.find("#f-q");
    d.send_keys(&q, "(#3.2)");
    let mut want: Vec<String> = actions
        .iter()
        .filter(|a| a.text.contains("(#3.2)"))
        .map(|a| a.id.clone())
        .collect();
    want.sort();
    d.wait_for("search", "return location.hash.includes('q=');", 10);
    assert_eq!(shown_ids(&d, &actions), want);
    d.click(&d.find("#f-reset"));
    d.wait_for("reset", "return !location.hash.includes('q=');", 10);

    // The longest-open chain is listed first; clicking it lists its meetings.
    let mut chains: BTreeMap<String, Vec<&Action>> = BTreeMap::new();
    for a in &actions {
        if let Some(c) = &a.chain {
            chains.entry(c.clone()).or_default().push(a);
        }
    }
    let first_chain = d.exec(
        "return document.querySelector('#chains .chain[data-chain]').getAttribute('data-chain');",
        vec![],
    );
    let id = first_chain.as_str().unwrap().to_string();
    let span = |v: &Vec<&Action>| {
        let dates: Vec<&str> = v
            .iter()
            .filter_map(|a| a.meeting_date.as_deref())
            .chain(v.iter().filter_map(|a| a.first_date.as_deref()))
            .collect();
        minutes::history::status::days_between(
            dates.iter().min().unwrap(),
            dates.iter().max().unwrap(),
        )
    };
    let longest = chains
        .values()
        .filter(|v| v.len() > 1)
        .map(span)
        .max()
        .unwrap();
    assert_eq!(span(&chains[&id]), longest);
    d.click(&d.find(&format!("#chains .chain[data-chain=\"{id}\"]")));
    d.wait_for(
        "chain filter",
        "return location.hash.includes('chain=');",
        10,
    );
    let mut members: Vec<String> = chains[&id].iter().map(|a| a.id.clone()).collect();
    members.sort();
    assert_eq!(shown_ids(&d, &actions), members);
    assert!(longest >= 365, "the fixture has a chain open over a year");
    let badge = d.exec(
        "return document.querySelector('#chains .chain.long .badge.long').textContent;",
        vec![],
    );
    assert!(badge.as_str().unwrap().starts_with("open "), "{badge}");
}

#[test]
fn hostile_text_is_shown_literally_and_runs_no_script() {
    let _g = lock();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    fixtures::hostile().write(&out);
    minutes::report::write_report(&out).unwrap();
    let d = Driver::start();
    d.goto_file(&out.join("report.html"));
    d.wait_ready();
    assert_eq!(
        d.exec("return typeof window.__xss;", vec![]),
        json!("undefined")
    );
    assert_eq!(d.exec("return document.scripts.length;", vec![]), json!(2));
    assert_eq!(
        d.exec(
            "return document.querySelectorAll('img, iframe, object, embed').length;",
            vec![]
        ),
        json!(0)
    );
    let texts: Vec<String> = serde_json::from_value(d.exec(
        "return Array.from(document.querySelectorAll('#actions tbody td.text .x')).map(c => c.textContent);",
        vec![],
    ))
    .unwrap();
    let x = format!(
        "{} DC to check \u{2028} the page {}",
        fixtures::XSS_SCRIPT,
        fixtures::XSS_CLOSE
    );
    assert!(texts.contains(&x), "{texts:?}");
    let item = d.exec(
        "return document.querySelector('#actions tbody td.item').textContent;",
        vec![],
    );
    assert_eq!(
        item,
        json!(format!("8Data Quality {}", fixtures::XSS_SCRIPT))
    );
    let title = d.exec(
        "return document.querySelector('#actions tbody .owner.ambiguous').getAttribute('title');",
        vec![],
    );
    assert!(
        title.as_str().unwrap().contains(fixtures::XSS_SCRIPT),
        "{title}"
    );
    // Links keep the page and never become a javascript: URL.
    let hrefs: Vec<String> = serde_json::from_value(d.exec(
        "return Array.from(document.querySelectorAll('a[href]')).map(a => a.href);",
        vec![],
    ))
    .unwrap();
    assert!(!hrefs.is_empty());
    assert!(hrefs.iter().all(|h| h.starts_with("file:///")), "{hrefs:?}");
    assert!(
        hrefs
            .iter()
            .any(|h| h.ends_with("javascript%3Aalert%281%29.pdf#page=2")),
        "{hrefs:?}"
    );
    // The CSV download of the view neutralises formula cells.
    let csv_text = d.exec("return window.minutesReport.csv();", vec![]);
    let mut rdr = csv::Reader::from_reader(csv_text.as_str().unwrap().as_bytes());
    let rows: Vec<csv::StringRecord> = rdr.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len(), 3);
    for cell in rows.iter().flat_map(|r| r.iter()) {
        assert!(
            !cell.starts_with(['=', '+', '-', '@']),
            "formula cell {cell:?}"
        );
    }
    assert!(rows
        .iter()
        .any(|r| &r[6] == "'=HYPERLINK(\"http://x\") CP to remove the formula"));
    assert!(rows.iter().any(|r| r[6].starts_with(fixtures::XSS_SCRIPT)));
    // Filtering by a hostile owner name through the URL works and stays inert.
    let name = format!("p:Chris {}", fixtures::XSS_CLOSE);
    d.goto_url(&format!(
        "{}#owner={}",
        d.url().split('#').next().unwrap(),
        minutes::report::escape::url_segment(&name)
    ));
    d.wait_for(
        "hash filter",
        "return document.getElementById('f-owner').value !== '';",
        10,
    );
    assert_eq!(
        d.exec(
            "return document.querySelectorAll('#actions tbody tr').length;",
            vec![]
        ),
        json!(1)
    );
    assert_eq!(
        d.exec("return typeof window.__xss;", vec![]),
        json!("undefined")
    );
}

/// A synthetic scan of about 12,000 actions opens and paints its first
/// table page; the time from navigation start is printed (`report open:
/// cold first paint N ms`), and judged by scripts/report_open_time.sh.
/// `MINUTES_REPORT_SCALE_OUT` points it at a real scale run's OUT folder
/// instead.
#[test]
fn large_report_opens_fast() {
    let _g = lock();
    let dir = tempfile::tempdir().unwrap();
    let out = match std::env::var_os("MINUTES_REPORT_SCALE_OUT") {
        Some(p) => Path::new(&p).to_path_buf(),
        None => {
            let out = dir.path().join("out");
            // 4 boards × 350 meetings × (5 new + ~3.5 carried) ≈ 12,000 actions.
            fixtures::synthetic(350, 5, 42).write(&out);
            out
        }
    };
    let t = std::time::Instant::now();
    let report = minutes::report::write_report(&out).unwrap();
    let build_ms = t.elapsed().as_millis();
    let n = read_actions(&out).len();
    assert!(n >= 10_000, "{n} actions");
    let size = std::fs::metadata(&report).unwrap().len();
    let d = Driver::start();
    // The first open is cold (fresh browser, nothing cached): that one counts.
    let mut cold = None;
    for _ in 0..3 {
        d.goto_url("about:blank");
        d.goto_file(&report);
        d.wait_ready();
        d.wait_for(
            "the first paint",
            "return document.documentElement.getAttribute('data-painted') === '1';",
            60,
        );
        let t = d.exec("return window.minutesReport;", vec![]);
        let ms = |k: &str| t[k].as_f64().unwrap_or(f64::NAN);
        let (start, parsed, built, painted) = (
            ms("scriptStart"),
            ms("parsed"),
            ms("firstRender"),
            ms("firstPaint"),
        );
        cold.get_or_insert(painted);
        eprintln!("  phases: {t}");
        eprintln!(
            "report open: {n} actions, {:.1} MB; from navigation start: script start {start:.0} ms, data parsed {parsed:.0} ms, \
             first table built {built:.0} ms, painted {painted:.0} ms (report build {build_ms} ms, debug)",
            size as f64 / 1e6
        );
    }
    assert_eq!(
        d.exec(
            "return document.querySelectorAll('#actions tbody tr').length;",
            vec![]
        ),
        json!(100)
    );
    // How fast is measured, not asserted: this is a debug build on a
    // shared machine, so a time bound here would fail at random.
    // scripts/report_open_time.sh (release build, real scale) reads this
    // line and holds the 2 s target.
    let cold = cold.unwrap();
    assert!(cold.is_finite(), "the page reported no first paint time");
    eprintln!("report open: cold first paint {cold:.0} ms");
}

fn repo() -> std::path::PathBuf {
    std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `minutes scan ARCHIVE -o OUT` from the repository root, as a person runs it.
fn scan(archive: &Path, out: &Path) {
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_minutes"))
        .current_dir(repo())
        .args(["scan", "--quiet", "-j", "2", "-o"])
        .arg(out)
        .arg(archive)
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "scan: {}",
        String::from_utf8_lossy(&o.stderr)
    );
}

#[test]
fn bundled_corpus_report_filters_by_owner() {
    let _g = lock();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    scan(&repo().join("corpus"), &out);
    let d = Driver::start();
    check_owner_filter(&d, &out);
}

#[test]
fn injection_pdf_report_shows_script_text_and_runs_none() {
    let _g = lock();
    let dir = tempfile::tempdir().unwrap();
    let archive = dir.path().join("archive");
    std::fs::create_dir_all(&archive).unwrap();
    std::fs::copy(
        repo().join("tests/data/bad/injection.pdf"),
        archive.join("injection.pdf"),
    )
    .unwrap();
    let out = dir.path().join("out");
    scan(&archive, &out);
    let actions = read_actions(&out);
    let d = Driver::start();
    d.goto_file(&out.join("report.html"));
    // An alert() that ran would leave a dialog open and fail every command.
    d.wait_ready();
    assert_eq!(d.exec("return document.scripts.length;", vec![]), json!(2));
    let cells: Vec<String> = serde_json::from_value(d.exec(
        "return Array.from(document.querySelectorAll('#actions tbody td.text .x, #actions tbody td.item')).map(c => c.textContent);",
        vec![],
    ))
    .unwrap();
    let literal: Vec<&String> = cells
        .iter()
        .filter(|c| c.contains("<script>alert(1)</script>"))
        .collect();
    let expected = actions
        .iter()
        .map(|a| {
            a.text.contains("<script>alert(1)</script>") as usize
                + a.item_title.contains("<script>alert(1)</script>") as usize
        })
        .sum::<usize>();
    assert!(expected >= 2, "the sample's script text was extracted");
    assert_eq!(literal.len(), expected, "{cells:?}");
}

/// Statuses set by hand on a synthetic OUT (the history stage's fields), a
/// decision of one meeting: the Status filter set to "Open" together with
/// one owner shows exactly that owner's open actions of `actions.jsonl`;
/// "Overdue" shows exactly the overdue ones with their badge; the
/// decisions section lists the decision with its page link.
#[test]
fn open_actions_of_one_owner_and_overdue_and_decisions() {
    let _g = lock();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let mut outputs = fixtures::synthetic(12, 5, 7);
    let mut n = 0usize;
    for m in &mut outputs.meetings {
        for a in &mut m.actions {
            n += 1;
            a.status = Some(["open", "done", "open", "cancelled", "reassigned"][n % 5].into());
            a.track.overdue = a.status.as_deref() == Some("open") && n % 3 == 0;
        }
    }
    let m0 = &outputs.meetings[0];
    let decision = minutes::model::Decision {
        id: "dec1".into(),
        document: m0.document.clone(),
        organisation: m0.organisation.clone(),
        meeting_date: m0.meeting_date.clone(),
        item: "4".into(),
        item_title: "Budget <b>".into(),
        kind: "resolved".into(),
        label: "RESOLVED".into(),
        text: "That the budget be approved </td><script>alert(1)</script>".into(),
        page: 2,
    };
    outputs.write(&out);
    std::fs::write(
        out.join("decisions.jsonl"),
        serde_json::to_string(&decision).unwrap() + "\n",
    )
    .unwrap();
    minutes::report::write_report(&out).unwrap();
    let actions = read_actions(&out);

    // The owner with the most open actions.
    let mut per: BTreeMap<String, usize> = BTreeMap::new();
    for a in actions
        .iter()
        .filter(|a| a.status.as_deref() == Some("open"))
    {
        for o in &a.owners {
            if let Resolution::Resolved { name } = &o.resolution {
                *per.entry(name.clone()).or_default() += 1;
            }
        }
    }
    let (owner, _) = per.iter().max_by_key(|(_, c)| **c).expect("an owner");
    let owned = owned_by(&actions, owner);
    let mut expected: Vec<String> = actions
        .iter()
        .filter(|a| a.status.as_deref() == Some("open") && owned.binary_search(&a.id).is_ok())
        .map(|a| a.id.clone())
        .collect();
    expected.sort();
    assert!(!expected.is_empty() && expected.len() < owned.len());

    let d = Driver::start();
    d.goto_file(&out.join("report.html"));
    d.wait_ready();
    let value = d
        .exec(
            "const o = Array.from(document.querySelectorAll('#f-owner option')).find(o => o.textContent.startsWith(arguments[0] + ' (')); return o ? o.value : null;",
            vec![json!(owner)],
        )
        .as_str()
        .expect("owner in the list")
        .to_string();
    d.click(&d.find("#f-owner"));
    d.click(&d.find(&format!("#f-owner option[value=\"{value}\"]")));
    d.click(&d.find("#f-status"));
    d.click(&d.find("#f-status option[value=\"open\"]"));
    d.wait_for(
        "the owner and status filters",
        &format!(
            "return document.getElementById('count').textContent.includes('of {} actions');",
            fmt(expected.len())
        ),
        10,
    );
    assert_eq!(shown_ids(&d, &actions), expected, "open actions of {owner}");
    let cells: Vec<String> = serde_json::from_value(d.exec(
        "return Array.from(document.querySelectorAll('#actions tbody td.status')).map(c => c.textContent);",
        vec![],
    ))
    .unwrap();
    assert!(cells.iter().all(|c| c.starts_with("open")), "{cells:?}");
    assert!(d.url().contains("status=open"), "{}", d.url());

    // Overdue, any owner.
    d.click(&d.find("#f-owner"));
    d.click(&d.find("#f-owner option[value=\"\"]"));
    d.click(&d.find("#f-status"));
    d.click(&d.find("#f-status option[value=\"overdue\"]"));
    let mut overdue: Vec<String> = actions
        .iter()
        .filter(|a| a.track.overdue)
        .map(|a| a.id.clone())
        .collect();
    overdue.sort();
    d.wait_for(
        "the overdue filter",
        &format!(
            "return document.getElementById('count').textContent.includes('of {} actions');",
            fmt(overdue.len())
        ),
        10,
    );
    assert_eq!(shown_ids(&d, &actions), overdue);
    let badges = d.exec(
        "return Array.from(document.querySelectorAll('#actions tbody tr')).every(r => r.querySelector('.badge.overdue'));",
        vec![],
    );
    assert_eq!(badges, json!(true));

    // The decision: shown literally, linked to its page, no script ran.
    let row = d.exec(
        "const r = document.querySelector('#decisions tr[data-id=\"dec1\"]'); return r ? [r.textContent, r.querySelector('a').getAttribute('href')] : null;",
        vec![],
    );
    let row: Vec<String> = serde_json::from_value(row).unwrap();
    assert!(
        row[0].contains("RESOLVED That the budget be approved </td><script>alert(1)</script>"),
        "{row:?}"
    );
    assert!(row[0].contains("4 Budget <b>"), "{row:?}");
    assert!(row[1].ends_with("#page=2"), "{row:?}");
}
