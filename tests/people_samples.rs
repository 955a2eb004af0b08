//! People as real minutes name them, one sample PDF in `corpus/people/`
//! (HTML source in `corpus/people/src/`, printed by
//! `scripts/print_samples.sh`): attendees printed as `(XX) Name`
//! bullets, office holders on a `Chaired by | Clerked by` line, and owner
//! cells printed as initials, a first name, a shortened first name, a role,
//! or initials of nobody present. `owner_names` must equal the gold exactly
//! (`null` for the owner who cannot be named), and an insta snapshot keeps
//! the whole record.

use serde_json::Value;
use std::path::PathBuf;
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn norm(s: &str) -> String {
    s.to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn attendee_forms_roles_and_unresolved_owners() {
    let stem = "fernbrook-2025-06-10-attendees";
    let pdf = root().join("corpus/people").join(format!("{stem}.pdf"));
    let out = Command::new(env!("CARGO_BIN_EXE_minutes"))
        .current_dir(root())
        .args(["actions", "--json"])
        .arg(format!("corpus/people/{stem}.pdf"))
        .output()
        .expect("run minutes");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).expect("JSON array");
    insta::assert_snapshot!(stem, serde_json::to_string_pretty(&v).unwrap());
    let gold: Value =
        serde_json::from_str(&std::fs::read_to_string(pdf.with_extension("gold.json")).unwrap())
            .unwrap();
    let m = &v[0];
    let preds = m["actions"].as_array().unwrap();
    let golds = gold["actions"].as_array().unwrap();
    assert_eq!(preds.len(), golds.len(), "actions: {preds:#?}");
    let mut problems = Vec::new();
    for ga in golds {
        let key = norm(ga["key"].as_str().unwrap());
        let Some(p) = preds
            .iter()
            .find(|p| norm(p["text"].as_str().unwrap_or("")).contains(&key))
        else {
            problems.push(format!("{key}: missing"));
            continue;
        };
        if p["owners"] != ga["owners"] {
            problems.push(format!(
                "{key}: owners {} not {}",
                p["owners"], ga["owners"]
            ));
        }
        if p["owner_names"] != ga["owner_names"] {
            problems.push(format!(
                "{key}: owner_names {} not {}",
                p["owner_names"], ga["owner_names"]
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    // The clerk is named only on the `Clerked by` line: in attendance, with
    // the role; the chair keeps her initials and is marked chair.
    let ia = m["in_attendance"].as_array().unwrap();
    assert!(ia
        .iter()
        .any(|p| p["name"] == "Gideon Marsh" && p["role"] == "Clerk"));
    let chair = &m["present"][0];
    assert_eq!(chair["initials"], "TQ");
    assert_eq!(chair["chair"], true);
}
