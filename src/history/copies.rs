//! Copies of one meeting's minutes: two documents of the same organisation
//! and date that minute the same actions (a re-saved, repaired or
//! encrypted copy of the same minutes, filed twice) are one minuting of
//! that meeting, not two. [`status::track`](super::status::track) keeps
//! one status event per meeting whatever the number of copies; this step
//! says so on each later copy, in its `warnings`, naming the first, and
//! tells [`build`](super::build) which documents are copies, so that the
//! archive-wide counts (theme action counts, people's timelines) take each
//! meeting's actions once. A copy keeps its own record and actions in the
//! per-meeting outputs.

use super::Doc;

/// Adds a warning to every document (in output order, so `docs` sorted by
/// [`super::cmp_meetings`]) that minutes the same actions as an earlier
/// document of the same organisation and date, and returns, per document,
/// whether it is such a copy. Documents without a date or without actions
/// are never called copies: nothing shows they are the same meeting.
pub fn mark(docs: &mut [Doc]) -> Vec<bool> {
    let mut copy = vec![false; docs.len()];
    let key = |d: &Doc| {
        let m = &d.meeting;
        let actions: Vec<String> = m
            .actions
            .iter()
            .map(|a| a.text.split_whitespace().collect::<Vec<_>>().join(" "))
            .collect();
        (m.organisation.clone(), m.meeting_date.clone(), actions)
    };
    let mut start = 0;
    while start < docs.len() {
        // Output order puts one organisation's meetings of one date together.
        let (org, date) = (
            &docs[start].meeting.organisation,
            &docs[start].meeting.meeting_date,
        );
        let end = start
            + docs[start..]
                .iter()
                .take_while(|d| &d.meeting.organisation == org && &d.meeting.meeting_date == date)
                .count();
        if date.is_some() && end - start > 1 {
            let keys: Vec<_> = docs[start..end].iter().map(key).collect();
            for i in 1..keys.len() {
                if keys[i].2.is_empty() {
                    continue;
                }
                if let Some(j) = (0..i).find(|&j| keys[j] == keys[i]) {
                    let first = docs[start + j].meeting.document.clone();
                    docs[start + i].meeting.warnings.push(format!(
                        "a copy of the minutes of {first} (same organisation, date and actions): one minuting of that meeting, counted once in the history"
                    ));
                    copy[start + i] = true;
                }
            }
        }
        start = end;
    }
    copy
}

#[cfg(test)]
mod tests {
    use super::super::build;
    use super::super::testkit::*;

    /// January's minutes, two files of March's (the second a repaired
    /// copy, filed under another name), then June's: March is one
    /// minuting.
    #[test]
    fn a_copy_of_a_meeting_is_one_minuting_and_says_so() {
        let text = "DP to write to the chairs about the funding gap";
        let mut docs = Vec::new();
        for (date, file, status) in [
            ("2016-01-10", "a/january.pdf", None),
            ("2016-03-10", "a/march.pdf", None),
            ("2016-03-10", "b/march-copy.pdf", None),
            ("2016-06-10", "a/june.pdf", Some("done")),
        ] {
            let mut m = meeting("Board", date, file);
            m.items.push(item("4", "Funding", ""));
            let mut a = action(&m, "4", text, &[DP]);
            a.status = status.map(str::to_string);
            m.actions.push(a);
            docs.push(doc(m));
        }
        // Same date and organisation, other actions: another document of
        // that meeting (an action log), not a copy.
        let mut log = meeting("Board", "2016-03-10", "c/march-log.pdf");
        log.items.push(item("4", "Funding", ""));
        log.actions
            .push(action(&log, "4", "DP to book the hall", &[DP]));
        docs.push(doc(log));
        let history = build(&mut docs, &rules());
        let by_file = |f: &str| docs.iter().find(|d| d.meeting.document == f).unwrap();
        for f in [
            "a/january.pdf",
            "a/march.pdf",
            "b/march-copy.pdf",
            "a/june.pdf",
        ] {
            let mut a = by_file(f).meeting.actions[0].clone();
            history.complete(&mut a);
            let hist: Vec<(&str, &str)> = a
                .track
                .status_history
                .iter()
                .map(|e| (e.document.as_str(), e.status.as_str()))
                .collect();
            let want = [
                ("a/january.pdf", "open"),
                ("a/march.pdf", "open"),
                ("a/june.pdf", "done"),
            ];
            assert_eq!(hist, want, "{f}");
            assert_eq!(a.status.as_deref(), Some("done"));
            assert_eq!(a.track.chain_meetings, Some(3));
        }
        let w = &by_file("b/march-copy.pdf").meeting.warnings;
        assert_eq!(w.len(), 1, "{w:?}");
        assert!(
            w[0].contains("a copy of the minutes of a/march.pdf"),
            "{w:?}"
        );
        for f in [
            "a/january.pdf",
            "a/march.pdf",
            "a/june.pdf",
            "c/march-log.pdf",
        ] {
            assert!(by_file(f).meeting.warnings.is_empty(), "{f}");
        }
        // The person's timeline holds March's action once (the first
        // document's), and the log's action, which is not a copy.
        let dp = &history.people[0];
        assert_eq!(dp.name, "David Parr");
        let listed: Vec<&str> = dp.actions.iter().map(|a| a.document.as_str()).collect();
        assert_eq!(
            listed,
            [
                "a/january.pdf",
                "a/march.pdf",
                "c/march-log.pdf",
                "a/june.pdf"
            ]
        );
        assert_eq!(dp.per_year.get("2016"), Some(&4));
        // The copy's record keeps its action for the per-meeting outputs.
        assert_eq!(by_file("b/march-copy.pdf").meeting.actions.len(), 1);
    }
}
