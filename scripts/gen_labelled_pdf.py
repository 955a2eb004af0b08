#!/usr/bin/env python3
"""Write a PDF of PAGES pages, each of 55 lines starting "Action", like
bad2/p2k55.pdf: the input that made the label search quadratic.

usage: scripts/gen_labelled_pdf.py PAGES OUT.pdf
Used by scripts/bench_linear.sh to show that `minutes actions` time grows
linearly with the number of pages.
"""
import sys


def main(pages, out):
    objs = []  # bodies, object 1.. in order

    def add(body):
        objs.append(body)
        return len(objs)

    font = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    pages_id = add(None)  # filled in below
    kids = []
    for p in range(pages):
        lines = [b"BT /F1 10 Tf 50 780 Td 13 TL"]
        if p == 0:
            for head in ("Minutes of the Committee meeting held on 1st May 2019",
                         "Present: Ann Brown (AB), Carl Dunn (CD)",
                         "1. Register checks"):
                lines.append(b"(" + head.encode() + b") Tj T*")
        for i in range(55 if p else 52):
            n = p * 55 + i
            who = ("AB", "CD")[n % 2]
            text = f"Action {who}: check item {n} of the register and report back".encode()
            lines.append(b"(" + text + b") Tj T*")
        lines.append(b"ET")
        stream = b"\n".join(lines)
        content = add(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
        kids.append(add(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] "
                        b"/Resources << /Font << /F1 %d 0 R >> >> /Contents %d 0 R >>"
                        % (pages_id, font, content)))
    objs[pages_id - 1] = (b"<< /Type /Pages /Count %d /Kids [" % len(kids)
                          + b" ".join(b"%d 0 R" % k for k in kids) + b"] >>")
    catalog = add(b"<< /Type /Catalog /Pages %d 0 R >>" % pages_id)
    out_b = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objs, 1):
        offsets.append(len(out_b))
        out_b += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out_b)
    out_b += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for o in offsets:
        out_b += b"%010d 00000 n \n" % o
    out_b += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objs) + 1, catalog, xref)
    open(out, "wb").write(out_b)


if __name__ == "__main__":
    main(int(sys.argv[1]), sys.argv[2])
