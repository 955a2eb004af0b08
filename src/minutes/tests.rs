//! The meeting reader on synthetic pages (real PDFs are covered by the
//! snapshot tests in `tests/`).

use super::*;
use crate::layout::{BBox, Line, Page, Word};

/// A page builder: each line is (x, baseline, text); words get widths
/// from a fixed advance so gaps of several spaces become wide gaps.
pub struct PageBuilder {
    pub number: u32,
    pub lines: Vec<Line>,
}

const SIZE: f32 = 10.0;
const ADV: f32 = 5.0;

impl PageBuilder {
    pub fn new(number: u32) -> Self {
        PageBuilder {
            number,
            lines: Vec::new(),
        }
    }

    /// Adds a line of words starting at `x`: one space between two words
    /// is a gap of one advance, a run of two or more spaces a wide gap of 3
    /// advances per space (a column gap).
    pub fn line(mut self, x: f32, baseline: f32, text: &str) -> Self {
        let mut words = Vec::new();
        let mut cx = x;
        for (spaces, word) in space_runs(text) {
            cx += match spaces {
                0 => 0.0,
                1 => ADV,
                n => ADV * 3.0 * n as f32,
            };
            let w = word.chars().count() as f32 * ADV;
            words.push(Word {
                text: word,
                bbox: BBox {
                    x0: cx,
                    y0: baseline - SIZE * 0.8,
                    x1: cx + w,
                    y1: baseline + SIZE * 0.2,
                },
                size: SIZE,
                bold: false,
                struck: false,
            });
            cx += w;
        }
        if let (Some(f), Some(l)) = (words.first(), words.last()) {
            let bbox = BBox {
                x0: f.bbox.x0,
                y0: f.bbox.y0,
                x1: l.bbox.x1,
                y1: f.bbox.y1,
            };
            self.lines.push(Line {
                bbox,
                baseline,
                words,
                column: 0,
            });
        }
        self
    }

    /// Like [`line`](Self::line), in bold.
    pub fn bold_line(mut self, x: f32, baseline: f32, text: &str) -> Self {
        self = self.line(x, baseline, text);
        if let Some(l) = self.lines.last_mut() {
            for w in &mut l.words {
                w.bold = true;
            }
        }
        self
    }

    /// The page (its rows and tables are made from its lines by the
    /// layout stage when the minutes stage reads it).
    pub fn build(self) -> Page {
        Page {
            number: self.number,
            width: 600.0,
            height: 800.0,
            lines: self.lines,
            columns: Vec::new(),
            rules: Vec::new(),
            unmapped: 0,
            scanned: false,
        }
    }
}

/// Each word of `text` with the number of spaces before it (trailing
/// spaces dropped).
fn space_runs(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut spaces = 0;
    let mut cur = String::new();
    for ch in text.chars() {
        if ch == ' ' {
            if !cur.is_empty() {
                out.push((spaces, std::mem::take(&mut cur)));
                spaces = 0;
            }
            spaces += 1;
        } else {
            cur.push(ch);
        }
    }
    if !cur.is_empty() {
        out.push((spaces, cur));
    }
    out
}

#[test]
fn page_builder_gaps_follow_the_spaces() {
    let p = PageBuilder::new(1).line(10.0, 100.0, "ab c   d").build();
    let xs: Vec<(f32, f32)> = p.lines[0]
        .words
        .iter()
        .map(|w| (w.bbox.x0, w.bbox.x1))
        .collect();
    // "ab" 10..20, one space, "c" 25..30, three spaces = 9 advances, "d".
    assert_eq!(xs, [(10.0, 20.0), (25.0, 30.0), (75.0, 80.0)]);
    let lead = PageBuilder::new(1).line(10.0, 100.0, " x").build();
    assert_eq!(lead.lines[0].words[0].bbox.x0, 15.0);
}

fn meeting(pages: Vec<Page>) -> Meeting {
    read(&RuleSet::embedded(), "t.pdf", "00", &pages)
}

/// Each action's item key and text, in order.
fn items_and_texts(m: &Meeting) -> Vec<(&str, &str)> {
    m.actions
        .iter()
        .map(|a| (a.item.as_str(), a.text.as_str()))
        .collect()
}

fn seedlike() -> Vec<Page> {
    // Text column x 50..~400, Action column at x 480.
    let p1 = PageBuilder::new(1)
        .line(200.0, 40.0, "Safer Halton PARTNERSHIP")
        .line(150.0, 70.0, "Action Points From 11th May 2016")
        .line(50.0, 100.0, "Present:")
        .line(50.0, 115.0, "David Parr   HBC (Chief Executive) : Chair")
        .line(50.0, 130.0, "Mike Andrews   HBC (Community Safety Manager)")
        .line(50.0, 145.0, "Deana Perchard   HBC Trading Standards")
        .line(
            50.0,
            160.0,
            "Lynsey McVay   Cheshire Fire and Rescue Service",
        )
        .line(50.0, 180.0, "In attendance")
        .line(
            50.0,
            195.0,
            "Shélah Semoff   Halton Borough Council (Partnership Officer)",
        )
        .line(50.0, 220.0, "1)  Welcome and Introductions")
        .line(480.0, 220.0, "Action")
        .line(50.0, 235.0, "2)  Apologies")
        .line(70.0, 250.0, "D Whitwell")
        .line(50.0, 265.0, "3)  Minutes of the Last Meeting")
        .line(70.0, 280.0, "Minutes of 10th February 2016 agreed.")
        .line(70.0, 295.0, "Crime profiles to be circulated.")
        .line(480.0, 295.0, "MA/SS")
        .line(50.0, 310.0, "4)  Task Group Updates:")
        .line(
            70.0,
            325.0,
            "a)  Quarterly Alcohol : Report noted – review of the scheme – more to",
        )
        .line(
            90.0,
            340.0,
            "follow next time. MA and LMcV to speak outside meeting to look at",
        )
        .line(480.0, 340.0, "MA/")
        .line(
            90.0,
            355.0,
            "taking this on – need to consider the policies. DP to take this to",
        )
        .line(480.0, 355.0, "LMcV")
        .line(480.0, 370.0, "DP")
        .line(90.0, 370.0, "the meeting with CSP chairs and PCC.")
        .build();
    let p2 = PageBuilder::new(2)
        .line(70.0, 40.0, "b)  Licensing : Report noted")
        .line(50.0, 60.0, "8)  Governance Review")
        .line(
            70.0,
            75.0,
            "Group informed of review being undertaken – are we adding value? Are",
        )
        .line(
            70.0,
            90.0,
            "there others that should be part of the group? All to consider and",
        )
        .line(480.0, 90.0, "ALL")
        .line(70.0, 105.0, "share with SS.")
        .line(50.0, 120.0, "11)  Date and Time of Next Meeting")
        .line(70.0, 135.0, "28th September 2016 @ 10:00 am Boardroom")
        .build();
    vec![p1, p2]
}

#[test]
fn header_people_and_items() {
    let m = meeting(seedlike());
    assert_eq!(m.organisation, "Safer Halton Partnership");
    assert_eq!(m.title, "Action Points From 11th May 2016");
    assert_eq!(m.meeting_date.as_deref(), Some("2016-05-11"));
    let names: Vec<_> = m.present.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "David Parr",
            "Mike Andrews",
            "Deana Perchard",
            "Lynsey McVay"
        ]
    );
    assert!(m.present[0].chair);
    assert_eq!(m.in_attendance[0].name, "Shélah Semoff");
    assert_eq!(m.apologies, ["D Whitwell"]);
    let keys: Vec<_> = m.items.iter().map(|i| i.item.as_str()).collect();
    assert_eq!(keys, ["1", "2", "3", "4", "4a", "4b", "8", "11"]);
    assert_eq!(m.items[4].title, "Quarterly Alcohol");
    assert_eq!(
        m.items[4].parent_title.as_deref(),
        Some("Task Group Updates")
    );
    assert_eq!(
        m.next_meeting.as_deref(),
        Some("28th September 2016 @ 10:00 am Boardroom")
    );
}

#[test]
fn cells_own_their_clauses() {
    let m = meeting(seedlike());
    let got: Vec<(String, Vec<String>, Vec<String>, String)> = m
        .actions
        .iter()
        .map(|a| {
            (
                a.item.clone(),
                a.owner_tokens().map(str::to_string).collect(),
                a.shown_names(),
                a.text.clone(),
            )
        })
        .collect();
    let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    assert_eq!(
        got,
        vec![
            (
                "3".to_string(),
                s(&["MA", "SS"]),
                s(&["Mike Andrews", "Shélah Semoff"]),
                "Crime profiles to be circulated.".to_string()
            ),
            (
                "4a".to_string(),
                s(&["MA", "LMcV"]),
                s(&["Mike Andrews", "Lynsey McVay"]),
                "MA and LMcV to speak outside meeting to look at taking this on – need to consider the policies."
                    .to_string()
            ),
            (
                "4a".to_string(),
                s(&["DP"]),
                s(&["David Parr"]),
                "DP to take this to the meeting with CSP chairs and PCC.".to_string()
            ),
            (
                "8".to_string(),
                s(&["ALL"]),
                s(&["ALL"]),
                "All to consider and share with SS.".to_string()
            ),
        ]
    );
    assert_eq!(m.actions[1].page, 1);
    // Ids are stable and distinct.
    assert_eq!(m.actions[0].id, meeting(seedlike()).actions[0].id);
    assert_ne!(m.actions[0].id, m.actions[1].id);
}

#[test]
fn inline_labels() {
    let p = PageBuilder::new(1)
        .line(50.0, 40.0, "Minutes of Committee Meeting")
        .line(50.0, 55.0, "Held 27 October 2020 (by Zoom)")
        .line(
            50.0,
            80.0,
            "Present - Mel Leitch, Mary Holmes, John Atkinson, Danny",
        )
        .line(50.0, 95.0, "Holmes")
        .line(50.0, 120.0, "3  Minutes of Previous Meeting")
        .line(
            50.0,
            135.0,
            "Create space on website to capture minutes. Action: Danny by 03 Nov",
        )
        .line(
            50.0,
            150.0,
            "Notification to be put on facebook. Action: Secretary by 03 Nov",
        )
        .line(50.0, 175.0, "4  Matters Arising")
        .line(
            50.0,
            190.0,
            "Action has been taken on some of this already.",
        )
        .line(50.0, 215.0, "5  Any Other Business")
        .line(
            50.0,
            230.0,
            "The minutes were amended and accepted as a true record to be posted.",
        )
        .line(50.0, 245.0, "ACTION:MH/JA")
        .build();
    let m = meeting(vec![p]);
    assert_eq!(m.meeting_date.as_deref(), Some("2020-10-27"));
    assert_eq!(m.present.len(), 4);
    assert_eq!(m.present[3].name, "Danny Holmes");
    let got: Vec<(String, Vec<String>, Vec<String>, String)> = m
        .actions
        .iter()
        .map(|a| {
            (
                a.item.clone(),
                a.owner_tokens().map(str::to_string).collect(),
                a.shown_names(),
                a.text.clone(),
            )
        })
        .collect();
    assert_eq!(got.len(), 3, "{got:?}");
    assert_eq!(got[0].1, ["Danny"]);
    assert_eq!(got[0].2, ["Danny Holmes"]);
    assert_eq!(got[0].3, "Create space on website to capture minutes.");
    assert_eq!(
        m.actions[0].due.as_ref().and_then(|d| d.date.as_deref()),
        Some("2020-11-03")
    );
    assert_eq!(got[1].1, ["Secretary"]);
    assert_eq!(got[1].2, ["Secretary"]);
    assert_eq!(got[2].0, "5");
    assert_eq!(got[2].1, ["MH", "JA"]);
    assert_eq!(got[2].2, ["Mary Holmes", "John Atkinson"]);
    assert_eq!(
        got[2].3,
        "The minutes were amended and accepted as a true record to be posted."
    );
}

#[test]
fn wording_alone_gives_inferred_actions_for_people_present() {
    let p = PageBuilder::new(1)
        .line(50.0, 40.0, "Minutes of the meeting held on 6 February 2024")
        .line(50.0, 70.0, "Present:")
        .line(50.0, 85.0, "Shirley Corcoran   Halton Housing Trust")
        .line(50.0, 100.0, "Mike Andrews   HBC (Community Safety Manager)")
        .line(50.0, 130.0, "1)  Rogue Traders")
        .line(
            70.0,
            145.0,
            "Rogue traders are targeting roof repairs. SC will share the",
        )
        .line(
            70.0,
            160.0,
            "information with the development team. XY will write to the",
        )
        .line(70.0, 175.0, "traders. The Board noted the update.")
        .build();
    let m = meeting(vec![p]);
    let got: Vec<(bool, Vec<String>, String)> = m
        .actions
        .iter()
        .map(|a| (a.inferred, a.shown_names(), a.text.clone()))
        .collect();
    assert_eq!(
        got,
        vec![(
            true,
            vec!["Shirley Corcoran".to_string()],
            "SC will share the information with the development team.".to_string()
        )]
    );
}

#[test]
fn headings_without_numbers_fall_back_to_bold_lines() {
    let p = PageBuilder::new(1)
        .bold_line(50.0, 40.0, "Minutes of the meeting held on 6 February 2024")
        .bold_line(50.0, 70.0, "Present:")
        .line(50.0, 85.0, "Mike Andrews, Shirley Corcoran")
        .bold_line(50.0, 115.0, "Rogue Traders")
        .line(50.0, 130.0, "Rogue traders are targeting roof repairs.")
        .line(50.0, 145.0, "ACTION: SC")
        .bold_line(50.0, 175.0, "Any Other Business")
        .line(50.0, 190.0, "The new website goes live next week.")
        .line(50.0, 205.0, "ACTION: MA")
        .build();
    let m = meeting(vec![p]);
    assert_eq!(m.present.len(), 2);
    let titles: Vec<_> = m
        .items
        .iter()
        .map(|i| (i.item.as_str(), i.title.as_str()))
        .collect();
    assert_eq!(titles, [("", "Rogue Traders"), ("", "Any Other Business")]);
    let got: Vec<_> = m
        .actions
        .iter()
        .map(|a| (a.item_title.as_str(), a.owners[0].shown(), a.text.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            (
                "Rogue Traders",
                "Shirley Corcoran",
                "Rogue traders are targeting roof repairs."
            ),
            (
                "Any Other Business",
                "Mike Andrews",
                "The new website goes live next week."
            )
        ]
    );
}

#[test]
fn no_headings_at_all_is_one_item_after_the_attendance() {
    let p = PageBuilder::new(1)
        .line(50.0, 40.0, "Notes of the meeting held on 6 February 2024")
        .line(50.0, 70.0, "Present: Mike Andrews, Shirley Corcoran")
        .line(50.0, 100.0, "Rogue traders are targeting roof repairs.")
        .line(50.0, 115.0, "ACTION: SC")
        .build();
    let m = meeting(vec![p]);
    assert_eq!(m.present.len(), 2);
    assert_eq!(m.items.len(), 1);
    assert_eq!(m.actions.len(), 1);
    assert_eq!(m.actions[0].item, "");
    assert_eq!(m.actions[0].shown_names(), ["Shirley Corcoran"]);
    assert_eq!(
        m.actions[0].text,
        "Rogue traders are targeting roof repairs."
    );
}

#[test]
fn cells_with_wrapped_names_and_due_dates() {
    let p = PageBuilder::new(1)
        .line(50.0, 40.0, "Minutes of the meeting held on 6 February 2024")
        .line(50.0, 70.0, "Present: Jane Smith, Mike Andrews")
        .line(50.0, 100.0, "1)  Rogue Traders")
        .line(480.0, 100.0, "Action")
        .line(
            70.0,
            115.0,
            "Rogue traders are targeting roof repairs in the north of the",
        )
        .line(480.0, 115.0, "Jane")
        .line(
            70.0,
            128.0,
            "borough and the team will visit the streets affected next week.",
        )
        .line(480.0, 128.0, "Smith")
        .line(50.0, 150.0, "2)  Website")
        .line(
            70.0,
            165.0,
            "The new website goes live next week and will be promoted.",
        )
        .line(480.0, 165.0, "MA 31/03/24")
        .build();
    let m = meeting(vec![p]);
    let got: Vec<_> = m
        .actions
        .iter()
        .map(|a| {
            (
                a.owners_printed(),
                a.shown_names().join("/"),
                a.due.as_ref().and_then(|d| d.date.clone()),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("Jane Smith".to_string(), "Jane Smith".to_string(), None),
            (
                "MA".to_string(),
                "Mike Andrews".to_string(),
                Some("2024-03-31".to_string())
            )
        ]
    );
}

#[test]
fn run_in_sub_items_and_a_date_line_that_is_no_item() {
    // A date under the title (`5 January 2022`) is not item 5; lettered
    // sub-items whose titles run into their paragraphs (`(a) Bank accounts
    // The bank now charges ...`, `b. All of these need ...`) still key the
    // actions under them.
    let p = PageBuilder::new(1)
        .line(50.0, 40.0, "Committee Meeting Minutes")
        .line(50.0, 55.0, "5 January 2022")
        .line(50.0, 80.0, "Present: Ann Lee (AL), Bob Reid (BR)")
        .line(50.0, 110.0, "2. Updates")
        .line(
            60.0,
            125.0,
            "(a) Bank accounts The bank is now charging us five pounds per month for the",
        )
        .line(70.0, 140.0, "account and a new account is needed.")
        .line(70.0, 155.0, "Action: AL to submit the banking paperwork.")
        .line(
            60.0,
            170.0,
            "(b) Planning The retrospective application was discussed at length.",
        )
        .line(70.0, 185.0, "Action: BR to review the application.")
        .line(50.0, 210.0, "3. Events")
        .line(60.0, 225.0, "a. Quiz night")
        .line(
            60.0,
            240.0,
            "b. All of these need to be written, and one needs to be turned into",
        )
        .line(70.0, 255.0, "a proper appendix form.")
        .line(70.0, 270.0, "Action AL: write the appendices")
        .build();
    let m = meeting(vec![p]);
    let got = items_and_texts(&m);
    assert_eq!(
        got,
        [
            ("2a", "AL to submit the banking paperwork."),
            ("2b", "BR to review the application."),
            ("3b", "write the appendices"),
        ]
    );
}

#[test]
fn a_numbered_list_inside_an_item_runs_on_past_the_next_item_number() {
    // `1.` .. `6.` indented under item 5 is a list: its `6.` is not item 6,
    // and the action under it stays in item 5; the real `6.` at the items'
    // margin starts item 6.
    let p = PageBuilder::new(1)
        .line(50.0, 40.0, "Minutes of the meeting held on 6 February 2024")
        .line(50.0, 60.0, "Present: Ann Lee (AL), Bob Reid (BR)")
        .line(50.0, 90.0, "5. Planning")
        .line(70.0, 105.0, "1. Reference 15/00646 renewal")
        .line(70.0, 120.0, "2. Reference 18/00979 training facility")
        .line(70.0, 135.0, "3. Reference 18/00650 dwellinghouse")
        .line(70.0, 150.0, "4. Reference 18/00254 staging area")
        .line(70.0, 165.0, "5. Reference 17/03316 sun room")
        .line(
            70.0,
            180.0,
            "6. Reference 18/00747 demolition of the library",
        )
        .line(74.0, 195.0, "Action: AL to write to the planners.")
        .line(50.0, 220.0, "6. Councillors' Updates")
        .line(60.0, 235.0, "Action: BR to chase the roads department.")
        .build();
    let m = meeting(vec![p]);
    let got = items_and_texts(&m);
    assert_eq!(
        got,
        [
            ("5", "AL to write to the planners."),
            ("6", "BR to chase the roads department."),
        ]
    );
}

#[test]
fn parish_minute_references_are_item_numbers() {
    // Council minutes numbered through the year (`141/24`, sub-items `a)`)
    // key their actions by the reference as printed; a date (`25/04/2025`),
    // a planning reference (`25/00318/HOU`), a fraction (`3/4`) and a
    // later reference in the text (`minute 147/24`) start no item.
    let p = PageBuilder::new(1)
        .line(
            50.0,
            40.0,
            "Minutes of the Parish Council meeting held on 8 April 2025",
        )
        .line(50.0, 60.0, "Present: Cllr Ann Lee, Cllr Bob Reid")
        .line(50.0, 90.0, "141/24 Apologies for absence")
        .line(90.0, 105.0, "None.")
        .line(50.0, 130.0, "142/24 Highways")
        .line(90.0, 145.0, "Action: AL to report the fallen fingerpost.")
        .line(90.0, 160.0, "25/04/2025 Repairs Were Promised")
        .line(90.0, 175.0, "Action: BR to chase the repair date.")
        .line(50.0, 200.0, "143/24 Recreation ground")
        .line(90.0, 215.0, "a) Goal nets")
        .line(90.0, 230.0, "Action: BR to buy two sets of nets.")
        .line(90.0, 245.0, "b) Pavilion bench")
        .line(90.0, 260.0, "Action: AL to tighten the bench.")
        .line(50.0, 285.0, "144/24 Planning")
        .line(90.0, 300.0, "25/00318/HOU Garden Room At Orchard House")
        .line(90.0, 315.0, "3/4 Share Of The Grant")
        .line(90.0, 330.0, "147/24 Raised By Cllr Lee")
        .line(90.0, 345.0, "Action: AL to draft the response.")
        .build();
    let m = meeting(vec![p]);
    let got = items_and_texts(&m);
    assert_eq!(
        got,
        [
            ("142/24", "AL to report the fallen fingerpost."),
            ("142/24", "BR to chase the repair date."),
            ("143/24a", "BR to buy two sets of nets."),
            ("143/24b", "AL to tighten the bench."),
            ("144/24", "AL to draft the response."),
        ]
    );
    let titles: Vec<&str> = m.items.iter().map(|i| i.title.as_str()).collect();
    assert!(titles.contains(&"Recreation ground"), "{titles:?}");
}

#[test]
fn minute_references_year_first_with_letters_and_prefixes() {
    // `25/01` .. `25/03` (year first), `27b/1920` (letter inside) and
    // `LW 51/2122` (a committee prefix) are references; they go on
    // increasing group by group.
    for (refs, want) in [
        (["25/01", "25/02", "25/03"], ["25/02", "25/03"]),
        (
            ["27/1920", "27b/1920", "28a/1920"],
            ["27b/1920", "28a/1920"],
        ),
        (
            ["LW 50/2122", "LW 51/2122", "LW 52/2122"],
            ["LW 51/2122", "LW 52/2122"],
        ),
    ] {
        let p = PageBuilder::new(1)
            .line(50.0, 40.0, "Minutes of the meeting held on 13 January 2025")
            .line(50.0, 60.0, "Present: Ann Lee (AL), Bob Reid (BR)")
            .line(50.0, 90.0, &format!("{} Apologies", refs[0]))
            .line(90.0, 105.0, "None.")
            .line(50.0, 130.0, &format!("{} Highways", refs[1]))
            .line(90.0, 145.0, "Action: AL to report the potholes.")
            .line(50.0, 170.0, &format!("{} Finance", refs[2]))
            .line(90.0, 185.0, "Action: BR to pay the invoices.")
            .build();
        let m = meeting(vec![p]);
        let got: Vec<&str> = m.actions.iter().map(|a| a.item.as_str()).collect();
        assert_eq!(got, want, "{refs:?}");
    }
}

/// Parish minutes numbered through the year (`58.` is the first item):
/// the items, the attendance list they open with, and `Action:` labels
/// inside their paragraphs.
#[test]
fn minutes_numbered_through_the_year() {
    let page = PageBuilder::new(1)
        .line(50.0, 60.0, "Agenda and Meeting Minutes – 12.05.2021")
        .line(
            50.0,
            74.0,
            "Thursday 12th May 2021 7.30 pm – Held at the Church Hall",
        )
        .line(
            50.0,
            100.0,
            "58. Attended by: Cllrs Mary Quince (Chairman), Tom Ashdown, Ravi",
        )
        .line(50.0, 114.0, "Patel, Joan Hurst, Colin Webb.")
        .line(50.0, 140.0, "59. Apologies: Cllr Laura Dent.")
        .line(
            50.0,
            166.0,
            "60. Public Forum: The following matters were raised:",
        )
        .line(
            50.0,
            180.0,
            "- The churchwarden asked for help with the roof. Action: To",
        )
        .line(50.0, 194.0, "discuss at the next Parish Council meeting.")
        .line(
            50.0,
            208.0,
            "- Leaflets about speed watch were handed round. Action: Cllr Webb to",
        )
        .line(50.0, 222.0, "put them on the village notice board.")
        .line(
            50.0,
            236.0,
            "61. Minutes of the meeting on Thursday 11th March 2021 were approved.",
        )
        .line(
            50.0,
            246.0,
            "62. Grit bins – two bins are empty. Action: Cllr Hurst to ask the",
        )
        .line(50.0, 260.0, "county council to refill them.")
        .build();
    let m = meeting(vec![page]);
    assert_eq!(m.meeting_date.as_deref(), Some("2021-05-12"));
    let keys: Vec<_> = m.items.iter().map(|i| i.item.as_str()).collect();
    assert_eq!(keys, ["58", "59", "60", "61", "62"]);
    assert_eq!(m.items[0].title, "Attended by");
    assert_eq!(m.items[4].title, "Grit bins");
    let names: Vec<_> = m.present.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "Mary Quince",
            "Tom Ashdown",
            "Ravi Patel",
            "Joan Hurst",
            "Colin Webb"
        ]
    );
    assert_eq!(m.apologies, ["Cllr Laura Dent"]);
    let got: Vec<_> = m
        .actions
        .iter()
        .map(|a| {
            (
                a.item.as_str(),
                a.owner_names().collect::<Vec<_>>(),
                a.text.as_str(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (
                "60",
                vec![Some("Colin Webb")],
                "Cllr Webb to put them on the village notice board."
            ),
            (
                "62",
                vec![Some("Joan Hurst")],
                "Cllr Hurst to ask the county council to refill them."
            ),
        ]
    );
}
