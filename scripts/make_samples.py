#!/usr/bin/env python3
"""Make the project's own sample minutes in corpus/variants/.

usage: scripts/make_samples.py [--only NAME ...] [--no-pdf] [--check-only]

Each sample is described once, as data (meeting header, attendees, items and the
paragraphs that carry owners), and from that single description the script writes

  corpus/variants/src/NAME.docx   the Word source (python-docx)
  corpus/variants/NAME.pdf        LibreOffice's rendering of it (soffice --headless)
  corpus/variants/NAME.gold.json  the gold actions, in the corpus gold schema

so the gold can never drift from what the document says. Then it reads each PDF
back with pdftotext and checks that the layout came out as intended (keys and owner
cells present, page count, and for `crossref` which page things landed on).

The PDFs are committed; CI does not run LibreOffice. Rerun this script only to change
a sample (needs python-docx, LibreOffice Writer, poppler-utils, and the Liberation,
Carlito and DejaVu fonts). The docx zip entries and the PDF dates and /ID are pinned,
so a rerun on the same LibreOffice version reproduces the same bytes.

How owners are tied to text in each style (the gold follows this, the way a reader
would):
  threecol, numbered, crossref: table rows; an owner cell belongs to the paragraph
      in the same row (the owned paragraph starts on the owner's line).
  label: an `Action: XX` / `ACTION – XX/YY` line owns the whole paragraph just above it.
  names: an inline `Action: Full Name by DATE` label at the end of a paragraph owns
      that paragraph (label excluded); `due` is the phrase after `by`, as printed.
"""
import datetime
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass, field

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "corpus", "variants")
SRC = os.path.join(OUT, "src")
FIXED_TIME = datetime.datetime(2024, 3, 1, 9, 0, 0)
HONORIFICS = ("Cllr ", "Dr ", "Rev ", "Revd ")


# ---------------------------------------------------------------- data model


@dataclass
class Person:
    name: str  # as printed, honorifics kept
    role: str
    initials: str = ""  # how the minutes print them in owner cells / labels


@dataclass
class Para:
    text: str
    owners: list = field(default_factory=list)  # printed owner tokens; [] = not an action
    printed: str = ""  # how the owner cell / label prints (may hold a line break)
    due: str = ""  # due phrase as printed (names style)


@dataclass
class Item:
    num: str  # "3", "4.1", "b" (sub-letter) ...
    title: str
    paras: list = field(default_factory=list)
    subs: list = field(default_factory=list)
    gold_item: str = ""  # item label in gold, when not just num (e.g. "4b")
    section: str = ""  # a section heading printed before this item (not an owner)


@dataclass
class Meeting:
    name: str  # file stem
    style: str
    id: str
    date: str  # ISO
    organisation: str  # canonical
    title: str
    font: str
    present: list
    in_attendance: list
    items: list
    apologies: list = field(default_factory=list)


def strip_honorific(name):
    for h in HONORIFICS:
        if name.startswith(h):
            return name[len(h):]
    return name


def words6(s):
    return " ".join(s.split()[:6])


# ------------------------------------------------------------------- samples


def threecol():
    present = [
        Person("Cllr Margaret Okafor", "Riverside Borough Council, Cabinet Member for Communities (Chair)", "MO"),
        Person("Tom Brennan", "Riverside Borough Council, Head of Community Safety", "TB"),
        Person("Aisha Khan", "Northshire Police, Neighbourhood Policing Inspector", "AK"),
        Person("Gareth Lloyd", "Northshire Fire and Rescue Service, Station Manager", "GL"),
        Person("Priya Desai", "Riverside Housing Group, Tenancy Enforcement Lead", "PD"),
        Person("Dr Helen Fairbrother", "Consultant in Public Health", "HF"),
        Person("Martin McAllister", "Probation Service, Head of Riverside Delivery Unit", "MMcA"),
        Person("Siân Roberts-Hughes", "Youth Justice Service, Service Manager", "SRH"),
        Person("Colin Dawes", "Victim Support, Area Manager", "CD"),
    ]
    attendance = [Person("Joanne Pike", "Riverside Borough Council, Board Support Officer", "JP")]
    items = [
        Item("1", "Welcome and Apologies", [
            Para("The Chair welcomed members to the meeting and introductions were made. Apologies "
                 "were received from Cllr Peter Walsh and Rachel Singh (Northshire Integrated Care Board)."),
        ]),
        Item("2", "Minutes of the Previous Meeting and Action Log", [
            Para("The minutes of the meeting held on 7 November 2023 were agreed as a true record."),
            Para("All actions from the previous meeting were complete except the review of the CCTV "
                 "maintenance contract, which remains open and is carried on the action log."),
            Para("The updated action log to be circulated with these minutes.", ["JP"]),
        ]),
        Item("3", "Anti-Social Behaviour and Neighbourhood Tasking", [
            Para("AK reported a 14% reduction in reported anti-social behaviour across the borough "
                 "compared with the same quarter last year, although incidents in the Quayside area had "
                 "increased over the Christmas period, mainly linked to groups of young people gathering "
                 "near the retail park."),
            Para("Members discussed whether the existing Public Spaces Protection Order remained the "
                 "right tool, given that it expires at the end of March and that the evidence base would "
                 "need to be refreshed before any renewal."),
            Para("TB and AK to review the evidence for renewing the Quayside dispersal area and report "
                 "back before the order expires.", ["TB", "AK"]),
            Para("PD to share the quarterly tenancy enforcement figures with the ASB case review group.",
                 ["PD"]),
        ]),
        Item("4", "Serious Violence Duty", [
            Para("HF presented the draft strategic needs assessment, which brings together hospital "
                 "admissions, police data and youth justice referrals for the first time. Knife-enabled "
                 "offences remain low in number but are concentrated in two wards."),
            Para("The draft assessment to be circulated to all members for comment.", ["HF"]),
            Para("Youth Justice and Probation to provide joint data on young adults moving between the "
                 "two services, so that the transition cohort can be included in the final assessment.",
                 ["SRH", "MMcA"]),
        ]),
        Item("5", "Fire Safety in High-Rise Residential Blocks", [
            Para("GL updated the Board on the programme of home fire safety visits in the borough's eleven "
                 "high-rise blocks. Access had been refused at a small number of flats and partners agreed "
                 "that this needed a joined-up approach rather than repeated letters from each agency."),
            Para("GL and PD to agree a joint letter to residents who have not yet allowed a visit.",
                 ["GL", "PD"]),
        ]),
        Item("6", "Pooled Budget 2024/25", [
            Para("TB explained that the pooled community safety budget would reduce by around £18,000 next "
                 "year following the change in Police and Crime Commissioner grant arrangements."),
            Para("All partners to confirm their 2024/25 contributions to the pooled budget in writing.",
                 ["ALL"]),
        ]),
        Item("7", "Any Other Business", [
            Para("CD informed members that Victim Support will run a local awareness week in March, "
                 "focusing on fraud against older residents."),
            Para("CD to circulate details of the awareness week so that partners can promote it through "
                 "their own channels.", ["CD"]),
        ]),
        Item("8", "Date of Next Meeting", [
            Para("Tuesday 7 May 2024 at 10.00am, Committee Room 2, Riverside Civic Centre."),
        ]),
    ]
    return Meeting("rcsb-2024-02-06-threecol", "threecol", "rcsb-2024-02-06", "2024-02-06",
                   "Riverside Community Safety Board",
                   "Minutes of the meeting held on Tuesday 6 February 2024", "Liberation Serif",
                   present, attendance, items, ["Cllr Peter Walsh", "Rachel Singh"])


def label():
    present = [
        Person("Cllr Janet Morrow", "Chair", "JM"),
        Person("Raj Thakkar", "Westford Community Association", "RT"),
        Person("Kate Bellingham", "Northshire County Council, Locality Officer", "KB"),
        Person("Rev Andrew MacLeod", "St Mary's Church", "AMacL"),
        Person("Dr Owen Price", "Westford Medical Practice", "OP"),
        Person("Sue Fenwick", "Westford Library", "SF"),
        Person("Daniel Oduya", "Northshire Police, Neighbourhood Team", "DO"),
    ]
    attendance = [Person("Laura Chen", "Partnership Clerk", "LC")]
    items = [
        Item("1", "Welcome and Apologies", [
            Para("The Chair welcomed everyone, including Sue Fenwick attending for the first time on "
                 "behalf of Westford Library. Apologies were noted as above."),
        ]),
        Item("2", "Minutes of the Last Meeting", [
            Para("The minutes of the meeting held on 10/01/2024 were approved and signed by the Chair. The "
                 "Clerk confirmed that the revised terms of reference have been published on the "
                 "Partnership's web page."),
        ]),
        Item("3", "Community Grants – Round Two", [
            Para("Eleven applications had been received, totalling £23,450 against a budget of £15,000. The "
                 "panel recommended awards to seven groups, as listed in the appendix. The Partnership "
                 "approved the recommendations and asked the Clerk to write to all applicants with the "
                 "outcome.", ["LC"], "ACTION – LC"),
            Para("Members noted that two of the unsuccessful applications might be eligible for the County "
                 "Council's Locality Fund. KB offered to contact both groups and explain how to apply.",
                 ["KB"], "Action: KB"),
        ]),
        Item("4", "Youth Provision", [
            Para("RT reported that the Friday youth club at the community centre will lose its volunteer "
                 "leader from April. Several options were discussed, including a sessional worker shared "
                 "with the neighbouring parish."),
            Para("RT and SF will meet the County youth service to explore whether the library's late "
                 "opening on Fridays could host a session in the meantime.", ["RT", "SF"], "ACTION – RT/SF"),
        ]),
        Item("5", "Community Safety", [
            Para("DO gave an update from the neighbourhood policing team. Speeding on Mill Lane and Station "
                 "Road remains the concern most often raised by residents, and a Community Speedwatch group "
                 "is being set up. Volunteers are needed and members were asked to promote this through "
                 "their own networks.", ["ALL"], "Action: ALL"),
            Para("DO also reported two thefts of catalytic converters from the church car park; both have "
                 "been investigated and no further action is needed by the Partnership."),
        ]),
        Item("6", "Health and Wellbeing", [
            Para("OP described the practice's new social prescribing link worker and asked the Partnership "
                 "to help identify local groups that would accept referrals. Rev MacLeod offered the church "
                 "hall for a monthly drop-in session.", ["OP", "AMacL"], "Action: OP/AMacL"),
        ]),
        Item("7", "Any Other Business", [
            Para("The Chair reminded members that the Partnership's annual report is due for publication in "
                 "June. The Chair and the Clerk will prepare a first draft for the May meeting.",
                 ["JM", "LC"], "ACTION – JM/LC"),
        ]),
        Item("8", "Date of Next Meeting", [
            Para("Wednesday 08/05/2024 at 7.00pm, Westford Community Centre."),
        ]),
    ]
    return Meeting("wnp-2024-03-13-label", "label", "wnp-2024-03-13", "2024-03-13",
                   "Westford Neighbourhood Partnership", "Minutes of the meeting held on 13/03/2024",
                   "Carlito", present, attendance, items, ["Cllr Brian Eaves", "Mo Rahman"])


def names():
    present = [
        Person("Graham Whitfield", "Northshire County Council, Head of Highways (Chair)"),
        Person("Fiona Grant", "Northshire County Council, Road Safety Officer"),
        Person("Paul Redmond", "Northshire Police, Roads Policing Unit"),
        Person("Amira Haddad", "Public Health Northshire"),
        Person("Chris Wynne-Jones", "Northshire Fire and Rescue Service"),
        Person("Bethany Clarke", "Schools Travel Adviser"),
        Person("Cllr Neil Porter", "Cabinet Member for Transport"),
    ]
    attendance = [Person("Lucy Marsh", "Democratic Services (notes)")]
    items = [
        Item("1", "Welcome and Apologies", [
            Para("Graham Whitfield welcomed members to the meeting. Apologies were received from Sarah "
                 "Oakes (National Highways)."),
        ]),
        Item("2", "Notes of the Previous Meeting", [
            Para("The notes of the meeting held on 19 September 2023 were agreed."),
            Para("The casualty data dashboard requested at the last meeting is now live; the link will be "
                 "added to the Partnership's shared drive.", ["Lucy Marsh"], due="1 December"),
        ]),
        Item("3", "Casualty Data – Quarter 2", [
            Para("Fiona Grant presented the quarter 2 figures. Killed and seriously injured casualties fell "
                 "slightly, but motorcycle casualties on rural A-roads rose for the third quarter in a row."),
            Para("It was agreed to run a targeted motorcycle safety campaign in the spring, starting on the "
                 "A618 and A620 routes.", ["Fiona Grant"], due="17 December"),
            Para("Paul Redmond and Amira Haddad will compare police collision records with hospital "
                 "admissions data to identify injuries that are not reported to the police.",
                 ["Paul Redmond", "Amira Haddad"], "Paul Redmond and Amira Haddad", due="end January"),
        ]),
        Item("4", "School Streets Pilot", [
            Para("Bethany Clarke reported that the School Streets pilots at Hillcrest and St Anne's primary "
                 "schools have been well received by parents, although some residents have raised concerns "
                 "about access for deliveries and carers."),
            Para("A short evaluation report, including the residents' feedback, will be brought to the next "
                 "meeting.", ["Bethany Clarke", "Fiona Grant"], "Bethany Clarke, Fiona Grant",
                 due="next meeting"),
        ]),
        Item("5", "Young Driver Education", [
            Para("Chris Wynne-Jones described the Fire and Rescue Service's new young driver programme, which "
                 "will be offered to all sixth forms and colleges in the county from January."),
            Para("Members agreed to promote the programme through their own networks.", ["ALL"],
                 due="31 December"),
        ]),
        Item("6", "Any Other Business", [
            Para("Cllr Neil Porter asked whether the responses to the 20mph limits consultation could be "
                 "shared with the Partnership before the Cabinet decision in February.",
                 ["Graham Whitfield"], due="Friday 8 December"),
        ]),
        Item("7", "Date of Next Meeting", [
            Para("Tuesday 23 January 2024, 2.00pm, County Hall, Meeting Room 4."),
        ]),
    ]
    return Meeting("nrsp-2023-11-21-names", "names", "nrsp-2023-11-21", "2023-11-21",
                   "Northshire Road Safety Partnership", "Notes of the meeting held on 21st November 2023",
                   "Liberation Sans", present, attendance, items)


def numbered():
    present = [
        Person("Dr Rosalind Achebe", "Independent Chair", "RA"),
        Person("Bernard McGinley", "Eastvale Council, Director of Adult Social Care", "BMcG"),
        Person("Hannah Lowther", "Eastvale Integrated Care Board, Designated Nurse", "HL"),
        Person("Imran Siddiqui", "Northshire Police, Head of Public Protection", "IS"),
        Person("Claire Donnelly", "Healthwatch Eastvale", "CD"),
        Person("Mark Hebden", "Eastvale Homes, Director of Housing Services", "MH"),
        Person("Cllr Stephen Ashworth", "Lead Member for Adult Social Care", "SA"),
        Person("Natalie Price-Evans", "Eastvale Council, Board Manager", "NPE"),
    ]
    attendance = [Person("Yvonne Hart", "Board Business Support Officer", "YH")]
    items = [
        Item("1", "Welcome and Introductions"),
        Item("2", "Apologies", [
            Para("Dr Karen Nolan (Eastvale Hospitals NHS Trust), Lisa Morrow (Probation Service), "
                 "Łukasz Dąbrowski (Eastvale Council, Mental Health Services)."),
        ]),
        Item("3", "Minutes of the Last Meeting and Matters Arising", subs=[
            Item("3.1", "Minutes", [
                Para("The minutes of the meeting held on 19 June 2023 were agreed as an accurate record."),
            ]),
            Item("3.2", "Action Log", [
                Para("Seven of the nine actions were complete. The two outstanding actions concern the "
                     "Making Safeguarding Personal audit, which is covered under item 4.1 below."),
            ]),
        ]),
        Item("4", "Sub-Group Reports", subs=[
            Item("4.1", "Quality Assurance", [
                Para("HL presented the quarter 1 performance report. The proportion of enquiries where the "
                     "person was asked about their desired outcomes has risen to 78%, but recording of "
                     "whether those outcomes were met remains inconsistent across teams."),
                Para("HL to repeat the Making Safeguarding Personal audit with a larger sample and report "
                     "to the December meeting.", ["HL"]),
            ]),
            Item("4.2", "Learning and Development", [
                Para("NPE reported that 412 staff attended multi-agency training in the quarter, with good "
                     "feedback on the self-neglect workshops."),
                Para("NPE and BMcG to agree a plan for making level 3 training available to domiciliary "
                     "care providers.", ["NPE", "BMcG"]),
            ]),
            Item("4.3", "Safeguarding Adults Reviews", [
                Para("One referral was considered by the SAR sub-group and did not meet the criteria for a "
                     "mandatory review; a learning review will be undertaken instead."),
                Para("MH to share the learning review findings with registered housing providers through "
                     "the landlord forum.", ["MH"]),
            ]),
        ]),
        Item("5", "Self-Neglect and Hoarding Protocol", [
            Para("IS and MH presented the revised protocol, which now includes a shared risk assessment tool "
                 "and a clear escalation route for cases where the person declines support. The Board "
                 "approved the protocol, subject to minor amendments to the escalation flowchart."),
            Para("The agreed version to be published on the Board's website and launched with a short "
                 "briefing for front-line staff.", ["YH"]),
        ]),
        Item("6", "Healthwatch Eastvale Survey", [
            Para("CD summarised the findings of the Healthwatch survey of people who had been through a "
                 "safeguarding enquiry. Many respondents said they did not understand what would happen "
                 "after the first visit."),
            Para("CD to share the full survey report so that partners can consider the findings in their "
                 "own practice.", ["CD"]),
        ]),
        Item("7", "Any Other Business", subs=[
            Item("7.1", "Winter Pressures", [
                Para("BMcG warned that hospital discharge pressures over the winter may affect the "
                     "timeliness of safeguarding enquiries."),
                Para("BMcG to bring a winter assurance report to the December meeting.", ["BMcG"]),
            ]),
            Item("7.2", "Board Development Session", [
                Para("Members agreed to hold a development session in November on the new Care Quality "
                     "Commission assessment framework."),
                Para("NPE to arrange the session and circulate a date.", ["NPE"]),
            ]),
        ]),
        Item("8", "Date of Next Meeting", [
            Para("Monday 11 December 2023, 1.30pm, Eastvale Town Hall."),
        ]),
    ]
    return Meeting("esab-2023-09-18-numbered", "numbered", "esab-2023-09-18", "2023-09-18",
                   "Eastvale Safeguarding Adults Board",
                   "Minutes of the Board meeting held on 18 September 2023", "DejaVu Sans",
                   present, attendance, items)


def crossref():
    present = [
        Person("Cllr Denise Fairclough", "Millbrook Council (Executive Member for Housing) : Chair", "DF"),
        Person("Maria Hughes", "Millbrook Council (Housing Options Manager)", "MH"),
        Person("Callum Carter", "Millbrook Homes (Head of Tenancy Services)", "CC"),
        Person("Dr Samir Qureshi", "Public Health Millbrook", "SQ"),
        Person("Tessa Lambert", "Millbrook Shelter Project", "TL"),
        Person("Jo Armitage", "Probation Service", "JA"),
        Person("Gordon McKenna", "Department for Work and Pensions", "GMcK"),
    ]
    attendance = [Person("Rachel Ingham", "Millbrook Council (Democratic Services)", "RI")]
    items = [
        Item("1", "Welcome and Introductions"),
        Item("2", "Apologies", [Para("Cllr Tony Birch, Mark Heaton")]),
        Item("3", "Minutes of the Last Meeting", [
            Para("Minutes of 12 October 2023 agreed as a true record. All actions complete or on the agenda."),
        ]),
        Item("4", "Homelessness and Rough Sleeping", subs=[
            Item("a", "Rough sleeping", [
                Para("Rough sleeping : the autumn count found nine people sleeping rough, compared with six "
                     "a year earlier. Outreach workers reported that most were known to services and that "
                     "three had recently left supported accommodation after disputes with other residents. "
                     "The cold weather protocol was activated twice in December and all those found were "
                     "offered a bed."),
                Para("MH and CC to map the move-on pathway from supported accommodation and identify where "
                     "tenancies are breaking down.", ["MH", "CC"], "MH/\nCC"),
            ], gold_item="4a"),
            Item("b", "Temporary accommodation", [
                Para("Temporary accommodation : the number of households in temporary accommodation has "
                     "risen to 148, of which 61 are families with children. Use of bed and breakfast for "
                     "families has exceeded the six-week limit in four cases, each of which has been "
                     "reported to the Executive Member. The Board discussed the reasons, which are mainly "
                     "the shortage of larger social rented homes and the rise in private landlords "
                     "leaving the market. Members stressed that families placed outside the borough must "
                     "still be able to reach their schools and health services."),
                Para("TL to provide case studies of families placed out of area for the next meeting, with "
                     "the families' consent.", ["TL"]),
                Para("GMcK and JA to look at how benefit claims and probation appointments are handled "
                     "when a household is moved at short notice.", ["GMcK", "JA"], "GMcK/\nJA"),
            ], gold_item="4b"),
            Item("c", "Housing First", [
                Para("Housing First : twelve people are now supported through the scheme and eleven "
                     "tenancies have been sustained for more than six months. Most of those supported have "
                     "a long history of rough sleeping and several had been evicted from supported "
                     "accommodation in the past. The independent evaluation found fewer emergency hospital "
                     "admissions and fewer arrests among those housed, and the support workers' small "
                     "caseloads were seen as the main reason for the scheme's success. Funding from the "
                     "current grant ends in March 2025 and no national successor scheme has yet been "
                     "announced, so the Board will need to consider local options in good time. The Chair "
                     "thanked the Housing First team for their work during a difficult year."),
                Para("DF, SQ and TL to prepare a joint bid to continue the scheme beyond March 2025.",
                     ["DF", "SQ", "TL"], "DF/SQ/\nTL"),
            ], gold_item="4c"),
        ]),
        Item("5", "Health and Homelessness", [
            Para("SQ presented the findings of the homeless health needs audit. Registration with a GP has "
                 "improved, but dental access remains very poor and mental health support is hard to reach "
                 "for people without a fixed address."),
            Para("SQ to raise dental access for homeless patients with the Integrated Care Board.", ["SQ"]),
        ]),
        Item("6", "Information Items", [
            Para("The Board noted the quarterly homelessness statistics and the Department for Work and "
                 "Pensions update on Universal Credit migration."),
        ], section="PART B"),
        Item("7", "AOB", [
            Para("Members thanked Tessa Lambert for arranging the visit to the Millbrook Shelter Project in "
                 "December."),
        ]),
        Item("8", "Date and Time of Next Meeting", [
            Para("Thursday 11 April 2024 @ 2:00pm, Council Chamber, Millbrook Town Hall"),
        ]),
    ]
    return Meeting("mhhb-2024-01-11-crossref", "crossref", "mhhb-2024-01-11", "2024-01-11",
                   "Millbrook Housing and Homelessness Board",
                   "Minutes of the Board Meeting held on Thursday 11 January 2024",
                   "Liberation Sans Narrow", present, attendance, items)


SAMPLES = {m.__name__: m for m in (threecol, label, names, numbered, crossref)}


# ---------------------------------------------------------------------- gold


def walk_items(items):
    """Yield (gold item label, item_title, para) in reading order."""
    for it in items:
        label = it.gold_item or it.num
        for p in it.paras:
            yield label, it.title, p
        for sub in it.subs:
            yield from walk_items([sub])


def gold(m):
    people = {p.initials: strip_honorific(p.name) for p in m.present + m.in_attendance if p.initials}
    full = {strip_honorific(p.name): strip_honorific(p.name) for p in m.present + m.in_attendance}
    actions = []
    for item, title, p in walk_items(m.items):
        if not p.owners:
            continue
        names_ = []
        for o in p.owners:
            if o == "ALL":
                names_.append("ALL")
            elif o in people:
                names_.append(people[o])
            elif o in full:
                names_.append(full[o])
            else:
                raise SystemExit(f"{m.name}: owner {o!r} is nobody present")
        a = {"item": item, "item_title": title.rstrip(":"), "owners": list(p.owners),
             "owner_names": names_, "segment": p.text, "key": words6(p.text),
             "carried_forward": False}
        if p.due:
            a["due"] = p.due
        actions.append(a)
    return {
        "file": m.name + ".pdf",
        "meeting_date": m.date,
        "organisation": m.organisation,
        "present": [p.name for p in m.present],
        "in_attendance": [p.name for p in m.in_attendance],
        "title": m.title,
        "id": m.id,
        "style": m.style,
        "source": "sample",
        "actions": actions,
    }


# ---------------------------------------------------------------- docx helpers


def set_font(doc, name, size):
    for sname in ("Normal", "Table Grid"):
        try:
            st = doc.styles[sname]
        except KeyError:
            continue
        st.font.name = name
        st.font.size = Pt(size)
        rpr = st.element.get_or_add_rPr()
        rfonts = rpr.find(qn("w:rFonts"))
        if rfonts is None:
            rfonts = OxmlElement("w:rFonts")
            rpr.insert(0, rfonts)
        for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            rfonts.set(qn(attr), name)
    pf = doc.styles["Normal"].paragraph_format
    pf.space_after = Pt(0)
    pf.space_before = Pt(0)


def margins(doc, top=2.0, bottom=2.0, left=2.2, right=2.0):
    s = doc.sections[0]
    s.page_height, s.page_width = Cm(29.7), Cm(21.0)
    s.top_margin, s.bottom_margin = Cm(top), Cm(bottom)
    s.left_margin, s.right_margin = Cm(left), Cm(right)
    return s


def para(container, text="", bold=False, size=None, align=None, after=4, before=0, italic=False,
         color=None, indent=None):
    p = container.add_paragraph()
    if text:
        add_run(p, text, bold=bold, size=size, italic=italic, color=color)
    pf = p.paragraph_format
    pf.space_after = Pt(after)
    pf.space_before = Pt(before)
    if align is not None:
        p.alignment = align
    if indent is not None:
        pf.left_indent = Cm(indent)
    return p


def add_run(p, text, bold=False, size=None, italic=False, color=None):
    """A run; '\\n' in text becomes a line break inside the paragraph (Shift+Enter)."""
    parts = text.split("\n")
    r = None
    for i, part in enumerate(parts):
        r = p.add_run(part)
        r.bold = bold
        r.italic = italic
        if size:
            r.font.size = Pt(size)
        if color:
            r.font.color.rgb = RGBColor.from_string(color)
        if i < len(parts) - 1:
            r.add_break(WD_BREAK.LINE)
    return r


def cell_text(cell, text="", bold=False, align=None, after=4, size=None):
    """Write into a fresh cell's first paragraph."""
    p = cell.paragraphs[0]
    if text:
        add_run(p, text, bold=bold, size=size)
    p.paragraph_format.space_after = Pt(after)
    if align is not None:
        p.alignment = align
    return p


def widths(table, cms):
    table.autofit = False
    for i, w in enumerate(cms):
        table.columns[i].width = Cm(w)
        for cell in table.columns[i].cells:
            cell.width = Cm(w)


def repeat_header(row):
    trpr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    trpr.append(el)


def field_run(p, instr, placeholder="1", size=None):
    fld = OxmlElement("w:fldSimple")
    fld.set(qn("w:instr"), instr)
    r = OxmlElement("w:r")
    if size:
        rpr = OxmlElement("w:rPr")
        sz = OxmlElement("w:sz")
        sz.set(qn("w:val"), str(int(size * 2)))
        rpr.append(sz)
        r.append(rpr)
    t = OxmlElement("w:t")
    t.text = placeholder
    r.append(t)
    fld.append(r)
    p._p.append(fld)


def tab_stop(p, cm):
    p.paragraph_format.tab_stops.add_tab_stop(Cm(cm))


def people_block(doc, heading, people, tab=5.5, after_block=8):
    para(doc, heading, bold=True, after=2)
    for i, pr in enumerate(people):
        p = para(doc, after=after_block if i == len(people) - 1 else 0)
        tab_stop(p, tab)
        add_run(p, f"{pr.name}\t{pr.role}")


def pin_core(doc, m):
    cp = doc.core_properties
    cp.author = m.organisation
    cp.last_modified_by = m.organisation
    cp.title = m.title
    cp.created = FIXED_TIME
    cp.modified = FIXED_TIME
    cp.last_printed = FIXED_TIME
    cp.revision = 1


def header_block(doc, m, org_printed=None, subtitle=None, color="1F4E79"):
    para(doc, org_printed or m.organisation, bold=True, size=16, color=color, after=2)
    if subtitle:
        para(doc, subtitle, italic=True, size=9, after=10)
    para(doc, m.title, bold=True, size=13, align=WD_ALIGN_PARAGRAPH.CENTER, after=10, before=6)


# ------------------------------------------------------------------ renderers


def render_threecol(m):
    doc = Document()
    set_font(doc, m.font, 11)
    margins(doc)
    header_block(doc, m, subtitle="The Community Safety Partnership for the Borough of Riverside")
    para(doc, "Venue: Committee Room 2, Riverside Civic Centre, 10.00am", after=8,
         align=WD_ALIGN_PARAGRAPH.CENTER)
    people_block(doc, "Present:", m.present, tab=5.0)
    people_block(doc, "In attendance:", m.in_attendance, tab=5.0, after_block=12)
    t = doc.add_table(rows=1, cols=3)
    t.style = "Table Grid"
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    hdr = t.rows[0]
    repeat_header(hdr)
    for c, txt in zip(hdr.cells, ("No.", "Minute", "Action by")):
        cell_text(c, txt, bold=True)
    for it in m.items:
        r = t.add_row()
        cell_text(r.cells[0], it.num + ".", bold=True)
        cell_text(r.cells[1], it.title, bold=True)
        for p in it.paras:
            r = t.add_row()
            cell_text(r.cells[1], p.text)
            cell_text(r.cells[2], p.printed or "/".join(p.owners), bold=True)
    widths(t, [1.3, 12.9, 2.6])
    # Footer: centred page x of y, as in many council templates.
    fp = doc.sections[0].footer.paragraphs[0]
    fp.alignment = WD_ALIGN_PARAGRAPH.CENTER
    add_run(fp, "Page ", size=9)
    field_run(fp, "PAGE", size=9)
    add_run(fp, " of ", size=9)
    field_run(fp, "NUMPAGES", size=9)
    return doc


def render_label(m):
    doc = Document()
    set_font(doc, m.font, 11.5)
    margins(doc, left=2.5, right=2.5)
    para(doc, m.organisation.upper(), bold=True, size=15, align=WD_ALIGN_PARAGRAPH.CENTER, after=6,
         color="2E5E3A")
    para(doc, m.title, bold=True, size=12.5, align=WD_ALIGN_PARAGRAPH.CENTER, after=2)
    para(doc, "held at Westford Community Centre, 7.00pm", italic=True,
         align=WD_ALIGN_PARAGRAPH.CENTER, after=12)
    p = para(doc, after=6)
    add_run(p, "Present: ", bold=True)
    add_run(p, ", ".join(f"{x.name} ({x.role})" for x in m.present))
    p = para(doc, after=6)
    add_run(p, "In attendance: ", bold=True)
    add_run(p, ", ".join(f"{x.name} ({x.role})" for x in m.in_attendance))
    p = para(doc, after=12)
    add_run(p, "Apologies: ", bold=True)
    add_run(p, ", ".join(m.apologies))
    for it in m.items:
        h = para(doc, f"{it.num}.\t{it.title}", bold=True, before=6, after=4)
        h.paragraph_format.keep_with_next = True
        for pa in it.paras:
            p = para(doc, pa.text, after=2 if pa.owners else 6, indent=0.75)
            # keep a label on the same page as the paragraph it closes
            p.paragraph_format.keep_with_next = bool(pa.owners)
            if pa.owners:
                para(doc, pa.printed, bold=True, after=8, indent=0.75)
    fp = doc.sections[0].footer.paragraphs[0]
    fp.alignment = WD_ALIGN_PARAGRAPH.CENTER
    field_run(fp, "PAGE")
    return doc


def render_names(m):
    doc = Document()
    set_font(doc, m.font, 10.5)
    margins(doc, left=2.0, right=2.0)
    header_block(doc, m, subtitle="Working together to reduce road casualties in Northshire",
                 color="7A1F1F")
    people_block(doc, "Present:", m.present, tab=4.8)
    people_block(doc, "In attendance:", m.in_attendance, tab=4.8, after_block=10)
    for it in m.items:
        h = para(doc, f"Item {it.num}: {it.title}", bold=True, before=8, after=4, size=11)
        h.paragraph_format.keep_with_next = True
        for pa in it.paras:
            p = para(doc, after=5)
            add_run(p, pa.text)
            if pa.owners:
                who = pa.printed or ", ".join(pa.owners)
                add_run(p, f" Action: {who} by {pa.due}", bold=True)
    fp = doc.sections[0].footer.paragraphs[0]
    fp.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    add_run(fp, "Northshire Road Safety Partnership – notes 21/11/2023 – page ", size=8)
    field_run(fp, "PAGE", size=8)
    return doc


def two_col_table(doc, colw=(14.0, 2.8)):
    t = doc.add_table(rows=0, cols=2)
    return t, colw


def two_col_row(t, left_text="", right_text="", bold_left=False, bold_right=True, indent=0.0,
                hanging=None, num=None, right_align=None):
    r = t.add_row()
    p = r.cells[0].paragraphs[0]
    p.paragraph_format.space_after = Pt(5)
    if num is not None:
        # hanging number: "4.1<TAB>Title"
        p.paragraph_format.left_indent = Cm(indent + hanging)
        p.paragraph_format.first_line_indent = Cm(-hanging)
        p.paragraph_format.tab_stops.add_tab_stop(Cm(indent + hanging))
        add_run(p, f"{num}\t{left_text}", bold=bold_left)
    else:
        p.paragraph_format.left_indent = Cm(indent)
        if left_text:
            add_run(p, left_text, bold=bold_left)
    q = r.cells[1].paragraphs[0]
    q.paragraph_format.space_after = Pt(5)
    if right_align is not None:
        q.alignment = right_align
    if right_text:
        add_run(q, right_text, bold=bold_right)
    return r


def render_numbered(m):
    doc = Document()
    set_font(doc, m.font, 10)
    margins(doc, left=2.0, right=1.8)
    header_block(doc, m, subtitle="Working together so that adults in Eastvale can live free from abuse",
                 color="4B2C6F")
    people_block(doc, "Present:", m.present, tab=5.2)
    people_block(doc, "In attendance:", m.in_attendance, tab=5.2, after_block=12)
    t = doc.add_table(rows=0, cols=2)
    first = True
    for it in m.items:
        two_col_row(t, it.title, "Action" if first else "", bold_left=True, num=it.num + ".",
                    indent=0.0, hanging=1.0)
        first = False
        for pa in it.paras:
            two_col_row(t, pa.text, "/".join(pa.owners), indent=1.0)
        for sub in it.subs:
            two_col_row(t, sub.title, bold_left=True, num=sub.num, indent=1.0, hanging=1.0)
            for pa in sub.paras:
                two_col_row(t, pa.text, "/".join(pa.owners), indent=2.0)
    widths(t, [14.5, 2.7])
    fp = doc.sections[0].footer.paragraphs[0]
    fp.alignment = WD_ALIGN_PARAGRAPH.CENTER
    add_run(fp, "Eastvale Safeguarding Adults Board – Page ", size=8)
    field_run(fp, "PAGE", size=8)
    return doc


def render_crossref(m):
    doc = Document()
    set_font(doc, m.font, 11)
    sec = margins(doc, top=2.0, bottom=1.8, left=2.0, right=1.2)
    # Running header with a protective marking at the right margin (not an owner).
    hp = sec.header.paragraphs[0]
    hp.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    add_run(hp, "OFFICIAL", bold=True, size=9)
    # Page number alone at the right margin, in line with the Action column.
    fp = sec.footer.paragraphs[0]
    fp.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    field_run(fp, "PAGE")
    para(doc, "Millbrook", bold=True, size=16, color="00566B", after=0)
    para(doc, "Housing and Homelessness Board", bold=True, size=13, color="00566B", after=2)
    para(doc, "reporting to the Millbrook Health and Wellbeing Board", italic=True, size=9, after=8)
    para(doc, m.title, bold=True, size=12.5, align=WD_ALIGN_PARAGRAPH.CENTER, after=10)
    people_block(doc, "Present:", m.present, tab=4.5)
    people_block(doc, "In attendance", m.in_attendance, tab=4.5, after_block=10)
    t = doc.add_table(rows=0, cols=2)
    first = True
    for it in m.items:
        if it.section:
            r = t.add_row()
            merged = r.cells[0].merge(r.cells[1])
            cell_text(merged, it.section, bold=True, align=WD_ALIGN_PARAGRAPH.RIGHT, after=6)
        two_col_row(t, it.title, "Action" if first else "", bold_left=True, num=it.num + ")",
                    indent=0.0, hanging=0.9)
        first = False
        for pa in it.paras:
            two_col_row(t, pa.text, pa.printed or "/".join(pa.owners), indent=0.9)
        for sub in it.subs:
            for j, pa in enumerate(sub.paras):
                if j == 0:
                    # "a)  Rough sleeping : text..." the sub-item title runs into its text
                    two_col_row(t, pa.text, pa.printed or "/".join(pa.owners), num=sub.num + ")",
                                indent=0.9, hanging=0.8)
                else:
                    two_col_row(t, pa.text, pa.printed or "/".join(pa.owners), indent=1.7)
    widths(t, [16.2, 1.6])
    return doc


RENDER = {"threecol": render_threecol, "label": render_label, "names": render_names,
          "numbered": render_numbered, "crossref": render_crossref}


# ------------------------------------------------------------ build + pinning


def save_docx(doc, path):
    """Save, then rewrite the zip with fixed entry times so reruns give identical bytes."""
    tmp = path + ".tmp"
    doc.save(tmp)
    with zipfile.ZipFile(tmp) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zi = zipfile.ZipInfo(info.filename, date_time=(2024, 3, 1, 9, 0, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            zout.writestr(zi, zin.read(info.filename))
    os.remove(tmp)


def soffice_pdf(docx, outdir):
    prof = tempfile.mkdtemp(prefix="lo_samples_")
    try:
        subprocess.run(["soffice", f"-env:UserInstallation=file://{prof}", "--headless",
                        "--convert-to", "pdf", "--outdir", outdir, docx],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=300)
    finally:
        shutil.rmtree(prof, ignore_errors=True)


def pin_pdf(path):
    """Same-length rewrite of the PDF's dates and /ID (byte offsets stay valid)."""
    data = open(path, "rb").read()
    data = re.sub(rb"D:\d{14}([+\-Z])(\d\d)?'?(\d\d)?'?",
                  lambda mt: b"D:20240301090000" + mt.group(0)[16:], data)
    body = re.sub(rb"/ID\s*\[.*?\]|/DocChecksum\s*/[0-9A-Fa-f]+", b"", data, flags=re.S)
    digest = hashlib.md5(body).hexdigest().upper().encode()

    def fix_id(mt):
        out = re.sub(rb"<[0-9A-Fa-f]+>", lambda h: b"<" + (digest * 4)[:len(h.group(0)) - 2] + b">",
                     mt.group(0))
        return out

    data = re.sub(rb"/ID\s*\[.*?\]", fix_id, data, flags=re.S)
    data = re.sub(rb"/DocChecksum\s*/[0-9A-Fa-f]+",
                  lambda mt: mt.group(0)[:-32] + digest[:32], data)
    open(path, "wb").write(data)


# ---------------------------------------------------------------------- check


def pdftext(path, layout=False, page=None):
    cmd = ["pdftotext", "-enc", "UTF-8"]
    if layout:
        cmd.append("-layout")
    if page is not None:
        cmd += ["-f", str(page), "-l", str(page)]
    return subprocess.run(cmd + [path, "-"], check=True, capture_output=True, text=True).stdout


def fold(s):
    return re.sub(r"\s+", " ", s).strip()


def page_of(path, needle, pages):
    for n in range(1, pages + 1):
        if needle in fold(pdftext(path, page=n)):
            return n
    return None


def check(m, g):
    pdf = os.path.join(OUT, m.name + ".pdf")
    info = subprocess.run(["pdfinfo", pdf], check=True, capture_output=True, text=True).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    problems = []
    if not 1 <= pages <= 3:
        problems.append(f"{pages} pages (want 1-3)")
    raw = fold(pdftext(pdf))
    lay = pdftext(pdf, layout=True)
    for a in g["actions"]:
        if a["key"] not in raw:
            problems.append(f"key not found in text: {a['key']!r}")
    for item, _title, p in walk_items(m.items):
        if p.owners and m.style not in ("label", "names"):
            for line in (p.printed or "/".join(p.owners)).split("\n"):
                if not re.search(r"\s" + re.escape(line) + r"\s*$", lay, re.M):
                    problems.append(f"owner cell {line!r} not at a line end")
        if p.owners and m.style == "label" and p.printed not in raw:
            problems.append(f"label {p.printed!r} missing")
        if p.owners and m.style == "names" and f"by {p.due}" not in raw:
            problems.append(f"due 'by {p.due}' missing")
    if m.style == "crossref":
        # item 4c must start on one page and its owned row (DF/SQ/TL) sit on the next,
        # with the break inside the item's first paragraph
        head = page_of(pdf, "Housing First : twelve people", pages)
        own = page_of(pdf, "DF, SQ and TL to prepare", pages)
        if not (head and own and own == head + 1):
            problems.append(f"item 4c starts on page {head}, its owned row on page {own}: want a page break")
        else:
            lines = pdftext(pdf, layout=True, page=own).splitlines()
            body = [ln for ln in lines if ln.strip() and "OFFICIAL" not in ln]
            if body and "DF, SQ and TL" in body[0]:
                problems.append("page break falls between paragraphs, not inside item 4c's text")
    return pages, problems


# ----------------------------------------------------------------------- main


def main(argv):
    only = [a for a in argv if not a.startswith("--")]
    no_pdf = "--no-pdf" in argv
    check_only = "--check-only" in argv
    os.makedirs(SRC, exist_ok=True)
    bad = 0
    for key, make in SAMPLES.items():
        if only and key not in only:
            continue
        m = make()
        g = gold(m)
        if not check_only:
            doc = RENDER[m.style](m)
            pin_core(doc, m)
            docx = os.path.join(SRC, m.name + ".docx")
            save_docx(doc, docx)
            with open(os.path.join(OUT, m.name + ".gold.json"), "w", encoding="utf-8") as fh:
                json.dump(g, fh, ensure_ascii=False, indent=1)
                fh.write("\n")
            if not no_pdf:
                soffice_pdf(docx, OUT)
                pin_pdf(os.path.join(OUT, m.name + ".pdf"))
        if os.path.exists(os.path.join(OUT, m.name + ".pdf")):
            pages, problems = check(m, g)
            status = "ok" if not problems else "PROBLEMS"
            print(f"{m.name}: {pages} pages, {len(g['actions'])} gold actions: {status}")
            for p in problems:
                print("   ", p)
            bad += bool(problems)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
