#!/usr/bin/env python3
"""Make the decision samples in corpus/decisions/ (printed to PDF by Chromium).

usage: scripts/make_decision_samples.py [--html-only]

  ppb-2024-02-06-item28.pdf  the seed item page `../shared/seeds/002_*.txt` (a
      council board's minute of one item, ending `RESOLVED: That ...`), copied to
      corpus/decisions/src/ppb-2024-02-06-item28.txt and laid out as the page
      shows it: heading `28 Title`, paragraphs, bullet and numbered lists.
  wpc-2024-03-14-committee.pdf  an invented parish council committee's minutes
      (no real body or person): numbered items, `RESOLVED: That`, `Resolved
      that`, `It was RESOLVED`, a numbered resolution running over a page break,
      `AGREED:`, `DECISION:`, and prose that only mentions agreeing or
      resolving (which must not be read as a decision).

Each HTML source is written to corpus/decisions/src/NAME.html and printed with
  chromium --headless --no-sandbox --print-to-pdf=NAME.pdf --no-pdf-header-footer
The PDFs are committed; CI does not run Chromium for them. The expected
decisions (item, page, text start) are in tests/decisions_samples.rs.
"""
import html
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "corpus", "decisions")
SRC = os.path.join(OUT, "src")

CSS = """
@page { size: A4; margin: 2cm; }
body { font-family: 'Liberation Sans', Arial, sans-serif; font-size: 11pt; line-height: 1.35; }
h1 { font-size: 15pt; } h2 { font-size: 12pt; margin-top: 1.2em; }
p { margin: 0.5em 0; } li { margin: 0.2em 0; }
.pb { page-break-before: always; }
"""


def page(title, body):
    return (
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>"
        + html.escape(title)
        + "</title><style>"
        + CSS
        + "</style></head><body>"
        + body
        + "</body></html>"
    )


def seed_item():
    """The seed text as HTML: blank-line separated blocks; `·` bullets and
    `1)` lines become lists, the `28 Title pdf icon` line the item heading."""
    with open(os.path.join(SRC, "ppb-2024-02-06-item28.txt"), encoding="utf-8") as fh:
        text = fh.read()
    blocks = [b.strip() for b in text.replace("\r", "").split("\n") if b.strip()]
    out = []
    i = 0
    while i < len(blocks):
        b = " ".join(blocks[i].split())
        if b.startswith("28 "):
            out.append("<h2>" + html.escape(b.replace(" pdf icon PDF 78 KB", "")) + "</h2>")
        elif b.startswith("·"):
            items = []
            while i < len(blocks) and blocks[i].strip().startswith("·"):
                items.append(" ".join(blocks[i].strip().lstrip("·").split()))
                i += 1
            out.append("<ul>" + "".join("<li>" + html.escape(x) + "</li>" for x in items) + "</ul>")
            continue
        elif i == 0:
            out.append("<h1>" + html.escape(b) + "</h1>")
        else:
            out.append("<p>" + html.escape(b) + "</p>")
        i += 1
    return page("Item 28", "\n".join(out))


def committee():
    p = lambda s: "<p>" + html.escape(s) + "</p>"
    h = lambda s: "<h2>" + html.escape(s) + "</h2>"
    body = [
        "<h1>Westbrook Parish Council</h1>",
        p("Minutes of the Planning and Finance Committee held on 14 March 2024 at 7.00 pm in the Village Hall"),
        p("Present: Cllr Ann Fenwick (Chair), Cllr Tom Ridley, Cllr Priya Desai, Cllr Owen Marsh"),
        p("In attendance: Jo Kendal (Clerk)"),
        h("1. Apologies for absence"),
        p("Apologies were received from Cllr Rosa Quinn."),
        h("2. Minutes of the previous meeting"),
        p("The minutes of the meeting held on 8 February 2024 were reviewed."),
        p("RESOLVED: That the minutes of the meeting held on 8 February 2024 be approved as a correct record and signed by the Chair."),
        h("3. Planning applications"),
        p("The committee considered application 24/0112 for a two-storey rear extension at 4 Mill Lane. Members noted the objections of two neighbours about overlooking."),
        p("It was RESOLVED that the Parish Council objects to application 24/0112 on the grounds of overlooking and loss of light."),
        p("Application 24/0131 (replacement windows, The Old Forge) was noted; no objections were raised and the issue was resolved without a vote."),
        h("4. Budget and precept 2024/25"),
        p("The Clerk presented the draft budget. Members discussed the grass cutting contract and the reserves policy, and it was agreed that the Clerk would seek two further quotes."),
        p("Action: Clerk to obtain two quotes for grass cutting by 30 April."),
        "<div class='pb'></div>",
        p("RESOLVED: That"),
        p("(1) the budget for 2024/25 of £48,500 be approved;"),
        p("(2) the precept be set at £41,000; and"),
        p("(3) the reserves policy be reviewed at the September meeting."),
        h("5. Village hall lease"),
        p("AGREED: The lease of the village hall to the community association be renewed for five years from 1 April 2024."),
        h("6. Play area inspection"),
        p("The annual inspection report was received. Two items of equipment need repair."),
        p("DECISION: The repairs be carried out by the existing contractor at a cost not exceeding £1,200."),
        p("Resolved that the Clerk be authorised to place the order."),
        h("7. Date of next meeting"),
        p("The next meeting will be held on 11 April 2024."),
    ]
    return page("Westbrook Parish Council", "\n".join(body))


SAMPLES = {
    "ppb-2024-02-06-item28": seed_item,
    "wpc-2024-03-14-committee": committee,
}


def main(argv):
    os.makedirs(SRC, exist_ok=True)
    for name, make in SAMPLES.items():
        src = os.path.join(SRC, name + ".html")
        with open(src, "w", encoding="utf-8") as fh:
            fh.write(make())
        if "--html-only" in argv:
            continue
        pdf = os.path.join(OUT, name + ".pdf")
        subprocess.run(
            [
                os.environ.get("CHROMIUM", "chromium"),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--print-to-pdf=" + pdf,
                "--no-pdf-header-footer",
                "file://" + src,
            ],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        print(pdf)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
