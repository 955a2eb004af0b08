//! `minutes explain --html` in headless Chromium (driven through
//! chromedriver, as the report's browser tests are): the owner cell of a
//! known action is drawn as a word box coloured as an owner cell, says so
//! on hover with the rule that placed the column, and is tied to the
//! action; the page runs no script.

#[path = "browser/webdriver.rs"]
mod webdriver;

use serde_json::{json, Value};
use std::path::PathBuf;
use std::process::Command;
use webdriver::Driver;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn owner_cell_of_a_known_action_is_coloured_and_labelled() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("explain.html");
    let o = Command::new(env!("CARGO_BIN_EXE_minutes"))
        .current_dir(repo())
        .args([
            "explain",
            "--json",
            "corpus/variants/rcsb-2024-02-06-threecol.pdf",
            "--html",
        ])
        .arg(&page)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let e: Value = serde_json::from_slice(&o.stdout).unwrap();
    // A known action: the one whose owner cell is `TB/AK`.
    let a = e["actions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["owners"] == json!(["TB", "AK"]))
        .expect("the action of TB/AK");
    assert_eq!(a["source"], "column");
    let n = a["number"].as_u64().unwrap();

    let d = Driver::start();
    d.goto_file(&page);
    d.wait_for(
        "the page to load",
        "return document.readyState === 'complete';",
        60,
    );
    let found = d.exec(
        "const n = String(arguments[0]);
         const boxes = Array.from(document.querySelectorAll('span.w'))
           .filter(s => s.dataset.actions.split(' ').includes(n));
         const cells = boxes.filter(s => s.dataset.role === 'owner-cell');
         const legend = document.querySelector('.legend .r-owner-cell');
         return {
           cells: cells.map(s => ({
             text: s.textContent,
             title: s.title,
             bg: getComputedStyle(s).backgroundColor,
             pos: getComputedStyle(s).position,
           })),
           text: boxes.filter(s => s.dataset.role === 'minute-text').length,
           legend: getComputedStyle(legend).backgroundColor,
           text_bg: getComputedStyle(document.querySelector('span.w[data-role=\"minute-text\"]')).backgroundColor,
           scripts: document.scripts.length,
         };",
        vec![json!(n)],
    );
    let cells = found["cells"].as_array().unwrap();
    assert_eq!(cells.len(), 1, "{found}");
    let c = &cells[0];
    assert_eq!(c["text"], "TB/AK");
    assert_eq!(c["pos"], "absolute");
    assert_eq!(c["bg"], "rgb(234, 153, 153)", "{found}");
    assert_eq!(c["bg"], found["legend"]);
    assert_ne!(c["bg"], found["text_bg"]);
    let title = c["title"].as_str().unwrap();
    assert!(
        title.starts_with("owner cell")
            && title.contains("owners.toml:")
            && title.contains(&format!("#{n}")),
        "{title}"
    );
    // The words the cell owns are drawn too, tied to the same action.
    assert!(found["text"].as_u64().unwrap() >= 2, "{found}");
    assert_eq!(found["scripts"], 0);
}
