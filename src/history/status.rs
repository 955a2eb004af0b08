//! The state of every action over time: what the minutes said about it at
//! each meeting of its carried-forward chain.
//!
//! The `minutes` stage gives an action the status printed with it
//! (`status` / `status_text`: a tracker's Status cell, `Action complete`
//! under it …) or none. Across a chain the latest news wins: an action
//! raised in March and reported `complete` in June is done, read in June's
//! minutes on that page. An action nothing later was said about is `open`;
//! one carried forward without a word is still open at the later meeting.
//! An open action whose ISO due date is before the organisation's latest
//! meeting in the archive is `overdue` (the archive's own "today", so the
//! outputs do not depend on the day the scan ran; `minutes history
//! --as-of` asks about another day).

use super::Doc;
use crate::model::{Action, StatusEvent};
use std::collections::BTreeMap;

pub const OPEN: &str = "open";

/// The status classes, in the order the outputs list them.
pub const CLASSES: &[&str] = &["open", "done", "cancelled", "reassigned"];

/// The event an action itself gives: its own printed status, or `open`
/// (it was minuted, so it was open at that meeting).
fn own_event(a: &Action) -> StatusEvent {
    StatusEvent {
        date: a.meeting_date.clone().unwrap_or_default(),
        document: a.document.clone(),
        page: a.page,
        status: a.status.clone().unwrap_or_else(|| OPEN.to_string()),
        text: a.status_text.clone(),
    }
}

/// Whether the action is open and due (ISO `due.date`) before `as_of`.
pub fn overdue(a: &Action, as_of: &str) -> bool {
    let open = a.status.as_deref().is_none_or(|s| s == OPEN);
    open && overdue_on(a, as_of)
}

/// Whether the action's ISO due date is before `day` (whatever its status).
pub fn overdue_on(a: &Action, day: &str) -> bool {
    let due = a.due.as_ref().and_then(|d| d.date.as_deref());
    due.is_some_and(|d| d.len() == 10 && d < day)
}

/// Days between two ISO dates (0 when either cannot be read).
pub fn days_between(a: &str, b: &str) -> u32 {
    match (day_number(a), day_number(b)) {
        (Some(x), Some(y)) if y >= x => (y - x) as u32,
        _ => 0,
    }
}

/// Days since 0000-03-01 of an ISO `YYYY-MM-DD` date.
pub fn day_number(iso: &str) -> Option<i64> {
    let y: i64 = iso.get(0..4)?.parse().ok()?;
    let m: i64 = iso.get(5..7)?.parse().ok()?;
    let d: i64 = iso.get(8..10)?.parse().ok()?;
    let (y, m) = if m <= 2 { (y - 1, m + 9) } else { (y, m - 3) };
    Some(365 * y + y / 4 - y / 100 + y / 400 + (153 * m + 2) / 5 + d - 1)
}

/// Sets `status`, `track.status_read`, `track.overdue` and the chain's
/// length on every action (after [`super::carried::Linker`] has set
/// `chain`), and `track.status_history` on the actions of no chain that
/// printed a status. Over the history's passes: each chain's events in
/// output order ([`Tracker::gather`]), then each action's state
/// ([`Tracker::apply`], in the same order, given each organisation's
/// latest date).
///
/// A chain's status history has one event per piece of news. Two
/// documents minuting the same meeting (a chain is one organisation's, so
/// the same date is the same meeting) that say the same of the action are
/// one minuting, kept as the first document in output order says it; see
/// [`super::copies`]. The history is kept once per chain rather than
/// copied onto each of its actions: a chain minuted at n meetings would
/// otherwise hold n² events (see [`super::History::complete`], which puts
/// it on an action as it is written).
#[derive(Default)]
pub struct Tracker {
    chains: BTreeMap<String, ChainEvents>,
}

#[derive(Default)]
struct ChainEvents {
    /// Until [`Tracker::histories`] hands them out.
    events: Vec<StatusEvent>,
    /// Per link (the chain's actions in output order), its event.
    event_of: Vec<u32>,
    /// Links given their state so far ([`Tracker::apply`]).
    applied: usize,
    /// Distinct meeting dates and days from first to last (when both are
    /// dated), set by [`Tracker::histories`].
    meetings: u32,
    days: Option<u32>,
}

impl Tracker {
    /// Adds the events of a document's chained actions (documents in
    /// output order).
    pub fn gather(&mut self, d: &Doc) {
        for a in &d.meeting.actions {
            let Some(c) = &a.chain else {
                continue;
            };
            if !self.chains.contains_key(c) {
                self.chains.insert(c.clone(), ChainEvents::default());
            }
            let Some(ch) = self.chains.get_mut(c) else {
                continue;
            };
            let e = own_event(a);
            // Links are in date order: the same meeting's events are the last.
            let same = ch
                .events
                .iter()
                .enumerate()
                .rev()
                .take_while(|(_, p)| p.date == e.date)
                .find(|(_, p)| p.status == e.status && p.text == e.text)
                .map(|(k, _)| k);
            match same {
                Some(k) if !e.date.is_empty() => ch.event_of.push(k as u32),
                _ => {
                    ch.event_of.push(ch.events.len() as u32);
                    ch.events.push(e);
                }
            }
        }
    }

    /// Each chain's status history (chain id → its events), once every
    /// document is gathered.
    pub fn histories(&mut self) -> super::StatusHistories {
        let mut out = super::StatusHistories::new();
        for (id, c) in &mut self.chains {
            let first = c
                .events
                .first()
                .map(|e| e.date.as_str())
                .unwrap_or_default();
            let last = c.events.last().map(|e| e.date.as_str()).unwrap_or_default();
            let mut dates: Vec<&str> = c.events.iter().map(|e| e.date.as_str()).collect();
            dates.dedup();
            c.meetings = dates.len() as u32;
            c.days = (!first.is_empty() && !last.is_empty()).then(|| days_between(first, last));
            out.insert(id.clone(), std::mem::take(&mut c.events));
        }
        out
    }

    /// Gives a document's actions their state (documents in output order,
    /// after [`Tracker::histories`]); `latest`: each organisation's latest
    /// meeting date; `histories`: what [`Tracker::histories`] gave.
    pub fn apply(
        &mut self,
        d: &mut Doc,
        latest: &BTreeMap<String, String>,
        histories: &super::StatusHistories,
    ) {
        let as_of = latest.get(&d.meeting.organisation).cloned();
        for a in &mut d.meeting.actions {
            let chain = a.chain.as_ref().and_then(|c| {
                let events = histories.get(c)?;
                Some((self.chains.get_mut(c)?, events))
            });
            match chain {
                Some((ch, events)) => {
                    let n = ch.applied;
                    ch.applied += 1;
                    let from = ch.event_of.get(n).map_or(events.len(), |&k| k as usize);
                    // The latest news from this meeting on: the last event
                    // that printed a status, else (carried forward without
                    // a word) open.
                    let news = events[from..]
                        .iter()
                        .rev()
                        .find(|e| e.text.is_some() || e.status != OPEN);
                    match news {
                        Some(e) => {
                            a.status = Some(e.status.clone());
                            if a.status_text.is_none() {
                                a.status_text = e.text.clone();
                            }
                            a.track.status_read = Some(e.clone());
                        }
                        None => a.status = Some(OPEN.to_string()),
                    }
                    a.track.chain_meetings = Some(ch.meetings);
                    a.track.chain_days = ch.days;
                }
                None => {
                    if a.status.is_some() {
                        a.track.status_read = Some(own_event(a));
                        a.track.status_history = vec![own_event(a)];
                    } else {
                        a.status = Some(OPEN.to_string());
                    }
                }
            }
            a.track.overdue = as_of.as_deref().is_some_and(|x| overdue(a, x));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::build;
    use super::super::testkit::*;
    use super::*;
    use crate::model::Due;

    #[test]
    fn later_news_in_the_chain_is_the_status_with_where_it_was_read() {
        let text = "DP to write to the chairs about the funding gap";
        let mut docs = Vec::new();
        for (date, status, printed, page) in [
            ("2016-01-10", None, None, 1),
            ("2016-03-10", None, None, 2),
            ("2016-05-10", Some("done"), Some("Action complete"), 3),
        ] {
            let mut m = meeting("Board", date, &format!("{date}.pdf"));
            m.items.push(item("4", "Funding", ""));
            let mut a = action(&m, "4", text, &[DP]);
            a.status = status.map(str::to_string);
            a.status_text = printed.map(str::to_string);
            a.page = page;
            m.actions.push(a);
            docs.push(doc(m));
        }
        // Another action of the first meeting, never heard of again.
        let mut lone = action(&docs[0].meeting, "4", "DP to book the room", &[DP]);
        lone.due = Some(Due {
            text: "by 1 February".into(),
            date: Some("2016-02-01".into()),
        });
        docs[0].meeting.actions.push(lone);
        let h = build(&mut docs, &rules());
        let mut a = docs[0].meeting.actions[0].clone();
        assert!(a.track.status_history.is_empty(), "kept once per chain");
        h.complete(&mut a);
        let a = &a;
        assert_eq!(a.status.as_deref(), Some("done"));
        assert_eq!(a.status_text.as_deref(), Some("Action complete"));
        let read = a.track.status_read.as_ref().unwrap();
        assert_eq!((read.date.as_str(), read.page), ("2016-05-10", 3));
        let hist: Vec<&str> = a
            .track
            .status_history
            .iter()
            .map(|e| e.status.as_str())
            .collect();
        assert_eq!(hist, ["open", "open", "done"]);
        assert_eq!(a.track.chain_meetings, Some(3));
        assert_eq!(a.track.chain_days, Some(121));
        assert!(!a.track.overdue);
        // No later news: open, and overdue as of the board's latest meeting.
        let lone = &docs[0].meeting.actions[1];
        assert_eq!(lone.status.as_deref(), Some("open"));
        assert!(lone.track.status_read.is_none() && lone.track.status_history.is_empty());
        assert!(lone.track.overdue);
        assert!(
            !overdue(lone, "2016-02-01"),
            "due that day is not yet overdue"
        );
    }

    #[test]
    fn carried_without_a_word_is_open_and_a_cancelled_action_is_not_overdue() {
        let mut docs = Vec::new();
        for (date, status) in [("2017-01-10", None), ("2017-02-10", None)] {
            let mut m = meeting("Board", date, &format!("{date}.pdf"));
            m.items.push(item("4", "Funding", ""));
            let mut a = action(&m, "4", "DP to chase the grant", &[DP]);
            a.status = status;
            m.actions.push(a);
            docs.push(doc(m));
        }
        let mut c = action(&docs[0].meeting, "4", "DP to cancel the hire", &[DP]);
        c.status = Some("cancelled".into());
        c.status_text = Some("Action cancelled".into());
        c.due = Some(Due {
            text: "x".into(),
            date: Some("2017-01-11".into()),
        });
        docs[0].meeting.actions.push(c);
        let h = build(&mut docs, &rules());
        for d in &docs {
            let mut a = d.meeting.actions[0].clone();
            h.complete(&mut a);
            assert_eq!(a.status.as_deref(), Some("open"));
            assert!(a.track.status_read.is_none());
            assert_eq!(a.track.status_history.len(), 2);
        }
        let c = &docs[0].meeting.actions[1];
        assert_eq!(c.status.as_deref(), Some("cancelled"));
        assert!(!c.track.overdue);
        assert_eq!(c.track.status_read.as_ref().unwrap().date, "2017-01-10");
    }

    #[test]
    fn day_numbers() {
        assert_eq!(days_between("2016-02-28", "2016-03-01"), 2);
        assert_eq!(days_between("2015-02-28", "2015-03-01"), 1);
        assert_eq!(days_between("2016-05-11", "2019-05-01"), 1085);
    }
}
