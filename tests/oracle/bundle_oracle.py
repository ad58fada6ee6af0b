#!/usr/bin/python3
"""Independent check of a bundle zip written by `sendbundle build` (issue 4).

poppler (pdfinfo, pdftotext), qpdf and Python's zipfile read the zip; nothing
here uses MuPDF or the C code. The plan is taken from the zip's own
index.json, and everything else is checked against it and the case folder:

  * the zip holds exactly one PDF at its root, the six index and chronology
    files, one original per document under originals/<section>/, and
    non-compliance.txt only when expected; each original is byte for byte
    the case folder's file (or, for an attachment, has the SHA-256 the index
    gives), and no entry name holds the child's full name (--child);
  * index.json: pages run on without gaps from the first document to
    total_pages, which is the PDF's page count; index.csv says the same;
  * page by page (bundle-spec "Format" 2): one stamp word, equal to the
    page's label (its PDF page number, or A1, D3 ... with section numbering),
    upright, inside the visible box, at the asked position; the page labels
    (/PageLabels, read by qpdf) give the same label;
  * bookmarks ("Index, bookmarks, chronology"): Index, Chronology, then each
    section "D Appellant's evidence (pp. 6-20)" at its first page with its
    documents under it, each starting with its index title and ending with
    its first page, all keeping the reader's zoom; the file opens at 100%
    with the bookmarks shown;
  * every document has a link on an index page to its first page, and the
    index pages hold no other links;
  * qpdf --check passes.

With --late-after EARLIER.zip (bundle-spec "Format" 5): every page of the
earlier bundle's PDF renders to the same pixels (pdftoppm) in the new one,
the earlier originals are in the zip as they were, and section F starts
after the earlier last page with its own index page(s), whose links go to
the late documents and whose bookmark opens section F.

Usage: bundle_oracle.py BUNDLE.zip CASE_DIR [--numbering continuous|section]
           [--stamp-position POS] [--non-compliance] [--child NAME]
           [--late-after EARLIER.zip]
Exit 0 all checks pass, 1 a check failed, 77 tools missing.
"""

import argparse
import csv
import hashlib
import io
import json
import os
import shutil
import sys
import tempfile
import zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pdf_out_oracle import boxes, outline, resolve, run, visible_box, words  # noqa: E402

TOOLS = ("qpdf", "pdfinfo", "pdftotext")
FIXED = ["index.json", "index.csv", "index.html", "chronology.json", "chronology.csv",
         "chronology.html"]
SECTION_TITLES = {"A": "Appeal and Tribunal documents", "B": "EHC plan and appendices",
                  "C": "Working document", "D": "Appellant's evidence",
                  "E": "Local authority's evidence", "F": "Late evidence"}
MARGIN = 12.0     # the stamp box's distance from the visible edge (sb_pdf_out.c)
BOX_H = 13.25     # the stamp box's height
DASH = "\u2013"

failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
    return cond


def sha256(data):
    return hashlib.sha256(data).hexdigest()


def check_zip(z, case_dir, index, args):
    names = z.namelist()
    pdfs = [n for n in names if "/" not in n and n.endswith(".pdf")]
    check(len(pdfs) == 1, f"the zip has {len(pdfs)} PDFs at its root: {pdfs}")
    for f in FIXED:
        check(f in names, f"the zip has no {f}")
    check(("non-compliance.txt" in names) == args.non_compliance,
          f"non-compliance.txt present: {'non-compliance.txt' in names}")
    originals = [n for n in names if n.startswith("originals/")]
    others = set(names) - set(pdfs) - set(FIXED) - set(originals) - {"non-compliance.txt"}
    check(not others, f"unexpected entries {sorted(others)}")
    check(len(originals) == len(index["documents"]),
          f"{len(originals)} originals for {len(index['documents'])} documents")
    by_prefix = {}
    for n in originals:
        section, rest = n.split("/")[1], n.split("/", 2)[2]
        by_prefix[(section, rest.split(" ", 1)[0])] = n
    for d in index["documents"]:
        n = by_prefix.get((d["section"], str(d["tab"])))
        if not check(n is not None, f"no original for {d['section']}{d['tab']} {d['source']}"):
            continue
        data = z.read(n)
        check(sha256(data) == d["sha256"], f"{n}: SHA-256 differs from index.json")
        if "#" not in d["source"]:
            with open(os.path.join(case_dir, d["source"]), "rb") as f:
                check(f.read() == data, f"{n}: not the bytes of {d['source']}")
    if args.child:
        for n in names:
            check(args.child.lower() not in n.lower(), f"'{n}' holds the child's name")
    return pdfs[0] if pdfs else None


def render(pdf, page, prefix):
    """Page `page` as a PNG file's bytes, from poppler."""
    run("pdftoppm", "-r", "40", "-f", str(page), "-l", str(page), "-png", "-singlefile",
        pdf, prefix)
    with open(prefix + ".png", "rb") as f:
        return f.read()


def check_late(z, earlier_zip, pdf, tmp):
    """The earlier bundle's pages and originals, unchanged; returns the page
    section F starts at (the one after the earlier last page)."""
    with zipfile.ZipFile(earlier_zip) as ez:
        name = [n for n in ez.namelist() if "/" not in n and n.endswith(".pdf")][0]
        old = os.path.join(tmp, "earlier.pdf")
        with open(old, "wb") as f:
            f.write(ez.read(name))
        for n in ez.namelist():
            if n.startswith("originals/"):
                check(n in z.namelist() and z.read(n) == ez.read(n),
                      f"the earlier original {n} is not in the new zip as it was")
    count = int([ln.split()[1] for ln in run("pdfinfo", old).stdout.splitlines()
                 if ln.startswith("Pages:")][0])
    for n in range(1, count + 1):
        check(render(old, n, os.path.join(tmp, "a")) == render(pdf, n, os.path.join(tmp, "b")),
              f"page {n} is not as it was in {earlier_zip}")
    return count + 1


def labels_for(index, numbering):
    """The printed label of every page, 1-based, from the plan."""
    total = index["total_pages"]
    labels = [str(i) for i in range(total + 1)]
    if numbering == "section":
        first = {}
        for d in index["documents"]:
            first.setdefault(d["section"], d["first_page"])
        for d in index["documents"]:
            for p in range(d["first_page"], d["last_page"] + 1):
                labels[p] = f"{d['section']}{p - first[d['section']] + 1}"
    return labels


def check_index(z, index, npages, late_first, late_front):
    docs = index["documents"]
    check(index["total_pages"] == npages,
          f"index.json total_pages {index['total_pages']}, the PDF has {npages}")
    check(docs, "index.json lists no documents")
    for a, b in zip(docs, docs[1:]):
        # Late evidence starts after its own index page(s).
        if a["last_page"] < late_first <= b["first_page"]:
            check(b["first_page"] == a["last_page"] + 1 + late_front,
                  f"{b['source']} starts at {b['first_page']}, after {a['last_page']}")
        elif a["section"] != "F" and b["section"] == "F":
            # An earlier round of late evidence, with its own index page(s).
            check(b["first_page"] > a["last_page"] + 1,
                  f"{b['source']} starts at {b['first_page']}, after {a['last_page']}")
        else:
            check(b["first_page"] == a["last_page"] + 1,
                  f"{b['source']} starts at {b['first_page']}, after {a['last_page']}")
    for d in docs:
        check(d["first_page"] <= d["last_page"], f"{d['source']}: pages run backwards")
    if docs:
        check(docs[-1]["last_page"] == npages, "the last document does not end the PDF")
    rows = list(csv.DictReader(io.StringIO(z.read("index.csv").decode("utf-8"))))
    check(len(rows) == len(docs), f"index.csv has {len(rows)} rows for {len(docs)} documents")


def check_geometry(pdf, case_dir, index, npages):
    """PDFs go in as they are (bundle-spec "Format" 4: landscape stays
    landscape, nothing turned): each page of a document grafted whole keeps
    its source page's MediaBox, CropBox and rotation."""
    out = boxes(pdf, 1, npages)
    for d in index["documents"]:
        src = os.path.join(case_dir, d["source"])
        if "#" in d["source"] or not src.lower().endswith(".pdf"):
            continue
        count = d["last_page"] - d["first_page"] + 1
        info = run("pdfinfo", src).stdout
        if [ln.split()[1] for ln in info.splitlines() if ln.startswith("Pages:")] != [str(count)]:
            continue  # blank pages were left out: pages do not pair up
        theirs = boxes(src, 1, count)
        for i in range(count):
            got, want = out.get(d["first_page"] + i, {}), theirs.get(i + 1, {})
            for key in ("MediaBox", "CropBox", "rot"):
                check(got.get(key) == want.get(key),
                      f"page {d['first_page'] + i}: {key} {got.get(key)}, "
                      f"{d['source']} p{i + 1} {want.get(key)}")


def stamp_band(info, position):
    """Where the stamp must lie, in poppler's word coordinates."""
    vx0, vy0, vx1, vy1 = visible_box(info)
    if position.startswith("bottom"):
        y0, y1 = vy1 - MARGIN - BOX_H, vy1 - MARGIN
    else:
        y0, y1 = vy0 + MARGIN, vy0 + MARGIN + BOX_H
    return vx0, vx1, y0, y1


def check_stamps(pdf, labels, npages, position):
    info = boxes(pdf, 1, npages)
    for n in range(1, npages + 1):
        vx0, vx1, y0, y1 = stamp_band(info[n], position)
        found = [w for w in words(pdf, n)
                 if w[0] == labels[n] and w[2] >= y0 - 0.5 and w[4] <= y1 + 0.5]
        if not check(len(found) == 1, f"page {n}: {len(found)} stamps '{labels[n]}' "
                     f"at the {position}"):
            continue
        _, x0, wy0, x1, wy1 = found[0]
        # Upright: a word of two or more figures is wider than it is tall.
        check(len(labels[n]) < 2 or x1 - x0 > wy1 - wy0,
              f"page {n}: stamp not upright {found[0]}")
        check(vx0 <= x0 and x1 <= vx1, f"page {n}: stamp outside the visible box")
        mid = (x0 + x1) / 2
        if position.endswith("centre"):
            check(abs(mid - (vx0 + vx1) / 2) < 1.0, f"page {n}: stamp not centred")
        elif position.endswith("right"):
            check(mid > (vx0 + vx1) / 2, f"page {n}: stamp not on the right")
        else:
            check(mid < (vx0 + vx1) / 2, f"page {n}: stamp not on the left")


def page_label(ranges, i):
    """qpdf's /PageLabels ranges applied to 0-based page i."""
    r = [x for x in ranges if x["index"] <= i][-1]
    lab = r["label"]
    prefix = lab.get("/P", "")[2:] if lab.get("/P", "").startswith("u:") else lab.get("/P", "")
    check(lab.get("/S") == "/D", f"page label style {lab}")
    return prefix + str(lab.get("/St", 1) + i - r["index"])


def pdf_facts(pdf):
    """qpdf's reading: the JSON, the bookmarks, and every link as (page,
    destination page), 1-based."""
    j = json.loads(run("qpdf", "--json", pdf).stdout)
    objects = j["qpdf"][1]
    page_of = {p["object"]: p["pageposfrom1"] for p in j["pages"]}
    links = []
    for p in j["pages"]:
        annots = resolve(objects, p["object"]).get("/Annots", []) or []
        if isinstance(annots, str):
            annots = resolve(objects, annots)
        for ref in annots:
            a = resolve(objects, ref) if isinstance(ref, str) else ref
            if a.get("/Subtype") == "/Link":
                dest = a.get("/Dest") or (a.get("/A") or {}).get("/D") or [None]
                links.append((p["pageposfrom1"], page_of.get(dest[0])))
    return j, outline(j), links


def check_doc_bookmark(got, d, labels):
    ok = (got[0] == 2 and got[2] == d["first_page"] and got[1].startswith(d["title"])
          and got[1].endswith(f"p. {labels[d['first_page']]}"))
    check(ok, f"bookmark {got[:3]} for {d['section']}{d['tab']} {d['title']!r} "
          f"at page {d['first_page']}")


def section_bookmark(s, first, last, labels):
    a, b = labels[first], labels[last]
    pages = a if first == last else f"{a}{DASH}{b}"
    return (1, f"{s} {SECTION_TITLES[s]} (pp. {pages})", first)


def check_new_bookmarks(flat, docs, labels, chron_page):
    """A new bundle: Index, Chronology, then each section and its documents."""
    want = [(1, "Index", 2), (1, "Chronology", chron_page)]
    sections = []
    for d in docs:
        if not sections or sections[-1][0] != d["section"]:
            sections.append([d["section"], d["first_page"], d["last_page"], []])
        sections[-1][2] = d["last_page"]
        sections[-1][3].append(d)
    for s, first, last, members in sections:
        want.append(section_bookmark(s, first, last, labels))
        want.extend((2, d, d["first_page"]) for d in members)
    check(len(flat) == len(want), f"{len(flat)} bookmarks, the plan makes {len(want)}")
    for got, exp in zip(flat, want):
        if isinstance(exp[1], dict):
            check_doc_bookmark(got, exp[1], labels)
        else:
            check(got[:3] == exp, f"bookmark {got[:3]}, want {exp}")


def check_qpdf(pdf, index, labels, npages, late_first, earlier_pdf):
    checked = run("qpdf", "--check", pdf)
    check(checked.returncode == 0 and "WARNING" not in checked.stdout + checked.stderr,
          f"qpdf --check: {checked.returncode} {checked.stdout[-500:]} {checked.stderr}")
    j, flat, links = pdf_facts(pdf)
    for i in range(npages):
        got = page_label(j["pagelabels"], i)
        check(got == labels[i + 1], f"page {i + 1}: labelled '{got}', stamped '{labels[i + 1]}'")
    docs = index["documents"]
    check(all(f[3] == ["/XYZ", None, None, None] for f in flat),
          "a bookmark sets its own zoom or position")
    chron = [f for f in flat if f[1] == "Chronology" and f[0] == 1]
    check(len(chron) == 1, "no Chronology bookmark")
    chron_page = chron[0][2] if chron else 3
    check(2 < chron_page < docs[0]["first_page"], f"the chronology starts at page {chron_page}")
    objects = j["qpdf"][1]
    root = resolve(objects, objects["trailer"]["value"]["/Root"])
    check(root.get("/PageMode") == "/UseOutlines", f"/PageMode {root.get('/PageMode')}")
    open_action = root.get("/OpenAction") or [None]
    check(open_action[1:] == ["/XYZ", None, None, 1], f"/OpenAction {open_action}")
    if not late_first:
        check_new_bookmarks(flat, docs, labels, chron_page)
        got = sorted(d for pg, d in links if 2 <= pg < chron_page)
        check(got == sorted(d["first_page"] for d in docs), f"index links go to {got}")
        check(all(2 <= pg < chron_page for pg, _ in links),
              "links outside the index pages in the front matter")
        return
    # Late evidence: the earlier bookmarks and links as they were, then
    # section F from its index page, and that page's links to the new ones.
    _, old_flat, old_links = pdf_facts(earlier_pdf)
    new = [d for d in docs if d["first_page"] >= late_first]
    check(new and all(d["section"] == "F" for d in new), "late documents are not section F")
    if not new:
        return
    check([f[:3] for f in flat[:len(old_flat)]] == [f[:3] for f in old_flat],
          "the earlier bookmarks changed")
    rest = flat[len(old_flat):]
    want = section_bookmark("F", late_first, new[-1]["last_page"], labels)
    check(len(rest) == 1 + len(new), f"{len(rest)} new bookmarks for {len(new)} documents")
    if rest:
        check(rest[0][:3] == want, f"bookmark {rest[0][:3]}, want {want}")
    for got, d in zip(rest[1:], new):
        check_doc_bookmark(got, d, labels)
    check([x for x in links if x[0] < late_first] == old_links, "the earlier links changed")
    got = sorted(d for pg, d in links if late_first <= pg < new[0]["first_page"])
    check(got == sorted(d["first_page"] for d in new), f"late index links go to {got}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("zip")
    ap.add_argument("case_dir")
    ap.add_argument("--numbering", default="continuous", choices=("continuous", "section"))
    ap.add_argument("--stamp-position", default="bottom-centre")
    ap.add_argument("--non-compliance", action="store_true")
    ap.add_argument("--child")
    ap.add_argument("--late-after")
    args = ap.parse_args()
    if any(shutil.which(t) is None for t in TOOLS):
        print("bundle_oracle: needs " + ", ".join(TOOLS), file=sys.stderr)
        sys.exit(77)
    with zipfile.ZipFile(args.zip) as z, tempfile.TemporaryDirectory() as tmp:
        index = json.loads(z.read("index.json"))
        name = check_zip(z, args.case_dir, index, args)
        if name is not None:
            pdf = os.path.join(tmp, "bundle.pdf")
            with open(pdf, "wb") as f:
                f.write(z.read(name))
            out = run("pdfinfo", pdf).stdout
            npages = int([ln.split()[1] for ln in out.splitlines()
                          if ln.startswith("Pages:")][0])
            labels = labels_for(index, args.numbering)
            late_first, late_front = 0, 0
            earlier = os.path.join(tmp, "earlier.pdf")
            if args.late_after:
                late_first = check_late(z, args.late_after, pdf, tmp)
                new = [d for d in index["documents"] if d["first_page"] >= late_first]
                check(new, "no late documents after the earlier pages")
                if new:
                    late_front = new[0]["first_page"] - late_first
                    check(late_front >= 1, "the late evidence has no index page")
            check_index(z, index, npages, late_first, late_front)
            check_geometry(pdf, args.case_dir, index, npages)
            check_stamps(pdf, labels, npages, args.stamp_position)
            check_qpdf(pdf, index, labels, npages, late_first, earlier)
    for f in failures:
        print("FAIL: " + f)
    if failures:
        sys.exit(1)
    print(f"bundle_oracle: all checks passed ({args.zip})")


if __name__ == "__main__":
    main()
