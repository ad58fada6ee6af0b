#!/usr/bin/python3
"""Independent check of the sample bundle PDF that test_pdf_out writes.

poppler (pdfinfo, pdftotext) and qpdf read the bundle; nothing here uses
MuPDF or the C code. The sample is geometry.pdf (11 pages: rotations 90, 180,
270, -90, offset and cropped boxes, inherited attributes, a content stream
that leaves a cm open) followed by annotated.pdf (2 pages), every page
stamped "Pg<n>" bottom-centre, /PageLabels prefix "Pg", five bookmarks, two
links (tests/unit/test_pdf_out.c, build_sample).

Checked:
  * qpdf --check passes without warnings;
  * every page keeps its source's MediaBox, CropBox and rotation, and its
    source's words stay where they were;
  * each stamp is one upright word "Pg<n>", centred in the visible box and
    12 pt above its bottom edge, whatever the rotation and crop;
  * the flattened form's typed text is page text, the hidden note is not;
  * qpdf's reading of the page labels, bookmarks (titles, pages, /XYZ with
    null zoom), /PageMode, /OpenAction, the links' user-space rectangles,
    and page 2's transparency group.

Usage: pdf_out_oracle.py SAMPLE.pdf FIXTURE_DIR   (exit 77: tools missing)
"""

import json
import re
import shutil
import subprocess
import sys

TOOLS = ("qpdf", "pdfinfo", "pdftotext")
SOURCES = [("geometry.pdf", 11), ("annotated.pdf", 2)]
MARGIN = 12.0            # the stamp box's distance from the visible edge
BOX_H = 13.25            # the stamp box's height
OUTLINE = [
    (1, "A Geometry (pp. 1\u201311)", 1),
    (2, "Rotated 90 \u2013 p. 3", 3),
    (2, "Cropped and rotated \u2013 p. 7", 7),
    (1, "D Appellant's evidence (pp. 12\u201313)", 12),
    (2, "Appeal form (Zo\u00eb) \u2013 p. 12", 12),
]
# (page, user-space Rect, destination page), all 1-based. Page 1 is plain
# A4: display y 100-120 is user y 722-742. Page 3 has /Rotate 90: display
# (x, y) is user (y, x), so display x 50-250, y 60-80 is user x 60-80,
# y 50-250.
LINKS = [(1, [72, 722, 300, 742], 12), (3, [60, 50, 80, 250], 7)]
# Words a reader draws itself on the source, where the file has no
# appearance for them (a FreeText without one, a field of a form with
# /NeedAppearances): poppler and MuPDF lay them out differently, so only
# their presence is checked (check_text).
SYNTHESISED = {("annotated.pdf", 1): {"Typed", "note", "by", "the", "parent", "Ada",
                                      "Quennell-Brook"}}

failures = []


def check(cond, what):
    if not cond:
        failures.append(what)


def run(*args):
    return subprocess.run(args, check=False, capture_output=True, text=True)


def boxes(pdf, first, last):
    """{page: {"MediaBox": [...], "CropBox": [...], "rot": int}} from pdfinfo."""
    out = run("pdfinfo", "-f", str(first), "-l", str(last), "-box", pdf).stdout
    pages = {}
    for m in re.finditer(r"^Page\s+(\d+) (MediaBox|CropBox):\s+(.*)$", out, re.M):
        pages.setdefault(int(m.group(1)), {})[m.group(2)] = [float(v) for v in m.group(3).split()]
    for m in re.finditer(r"^Page\s+(\d+) rot:\s+(-?\d+)$", out, re.M):
        pages.setdefault(int(m.group(1)), {})["rot"] = int(m.group(2)) % 360
    return pages


def words(pdf, page):
    """[(text, xMin, yMin, xMax, yMax)] from pdftotext -bbox: poppler gives
    them in the rotated page, measured from the MediaBox's corner."""
    out = run("pdftotext", "-f", str(page), "-l", str(page), "-bbox", pdf, "-").stdout
    found = []
    for m in re.finditer(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" '
                         r'yMax="([\d.]+)">([^<]*)</word>', out):
        found.append((m.group(5),) + tuple(float(m.group(i)) for i in range(1, 5)))
    return found


def to_poppler(media, rot, x, y):
    """A user-space point in poppler's word coordinates (see words())."""
    mx0, my0, mx1, my1 = media
    w, h = mx1 - mx0, my1 - my0
    ux, uy = x - mx0, my1 - y          # unrotated, y down from the top
    if rot == 90:
        return h - uy, ux
    if rot == 180:
        return w - ux, h - uy
    if rot == 270:
        return uy, w - ux
    return ux, uy


def visible_box(info):
    """The CropBox in poppler's word coordinates: x0, y0, x1, y1."""
    c = info.get("CropBox", info["MediaBox"])
    pts = [to_poppler(info["MediaBox"], info["rot"], x, y)
           for x, y in ((c[0], c[1]), (c[2], c[3]))]
    return (min(p[0] for p in pts), min(p[1] for p in pts),
            max(p[0] for p in pts), max(p[1] for p in pts))


def check_pages(sample, fixtures):
    out_boxes = boxes(sample, 1, 13)
    n = 0
    for name, count in SOURCES:
        src = f"{fixtures}/{name}"
        src_boxes = boxes(src, 1, count)
        for i in range(1, count + 1):
            n += 1
            got, want = out_boxes.get(n, {}), src_boxes.get(i, {})
            for key in ("MediaBox", "CropBox", "rot"):
                check(got.get(key) == want.get(key),
                      f"page {n}: {key} {got.get(key)}, source {name} p{i} {want.get(key)}")
            # The source's words where they were (the stamp added on top).
            src_words = words(src, i)
            out_words = words(sample, n)
            skip = SYNTHESISED.get((name, i), set())
            for w in src_words:
                if w[0] in skip:
                    continue
                check(any(o[0] == w[0] and all(abs(a - b) < 0.01 for a, b in zip(o[1:], w[1:]))
                          for o in out_words), f"page {n}: word {w} moved or lost")
            check_stamp(n, got, out_words)


def check_stamp(n, info, out_words):
    label = f"Pg{n}"
    stamp = [w for w in out_words if w[0] == label]
    check(len(stamp) == 1, f"page {n}: {len(stamp)} words '{label}'")
    if len(stamp) != 1:
        return
    _, x0, y0, x1, y1 = stamp[0]
    vx0, vy0, vx1, vy1 = visible_box(info)
    check(vx0 <= x0 and x1 <= vx1 and vy0 <= y0 and y1 <= vy1,
          f"page {n}: stamp {stamp[0]} outside the visible box {(vx0, vy0, vx1, vy1)}")
    check(abs((x0 + x1) / 2 - (vx0 + vx1) / 2) < 0.5, f"page {n}: stamp not centred")
    # Upright: a three- or four-letter word is wider than it is tall.
    check(x1 - x0 > y1 - y0, f"page {n}: stamp is not upright ({stamp[0]})")
    # In the white box, which ends MARGIN above the visible bottom edge.
    check(vy1 - MARGIN - BOX_H <= y0 and y1 <= vy1 - MARGIN,
          f"page {n}: stamp at y {y0}-{y1}, visible bottom {vy1}")


def check_text(sample):
    page1 = run("pdftotext", "-f", "1", "-l", "1", sample, "-").stdout
    check("XX" in page1, "page 1: the source's footer under the stamp left the text layer")
    form = run("pdftotext", "-f", "12", "-l", "12", sample, "-").stdout
    for s in ("Appeal form, page one.", "Typed note by the parent",
              "Stamped by the school office", "Ada Quennell-Brook"):
        check(s in form, f"page 12: '{s}' is not in the text")
    check("HIDDEN" not in form, "page 12: the hidden note was drawn")


def outline(j):
    """qpdf --json's bookmarks, depth first: [(level, title, page from 1,
    destination after the page)]."""
    flat = []

    def walk(items, level):
        for it in items:
            flat.append((level, it["title"], it["destpageposfrom1"], it["dest"][1:]))
            walk(it["kids"], level + 1)
    walk(j["outlines"], 1)
    return flat


def resolve(objects, ref):
    return objects.get(f"obj:{ref}", {}).get("value")


def check_qpdf(sample):
    checked = run("qpdf", "--check", sample)
    check(checked.returncode == 0 and "WARNING" not in checked.stdout + checked.stderr,
          f"qpdf --check: {checked.returncode} {checked.stdout} {checked.stderr}")
    j = json.loads(run("qpdf", "--json", sample).stdout)
    check(j["pagelabels"] == [{"index": 0, "label": {"/P": "u:Pg", "/S": "/D", "/St": 1}}],
          f"page labels {j['pagelabels']}")
    flat = outline(j)
    check([f[:3] for f in flat] == OUTLINE, f"outline {flat}")
    check(all(f[3] == ["/XYZ", None, None, None] for f in flat),
          "a bookmark sets its own zoom or position")
    objects = j["qpdf"][1]
    root = resolve(objects, objects["trailer"]["value"]["/Root"])
    check(root.get("/PageMode") == "/UseOutlines", f"/PageMode {root.get('/PageMode')}")
    first = j["pages"][0]["object"]
    check(root.get("/OpenAction") == [first, "/XYZ", None, None, 1],
          f"/OpenAction {root.get('/OpenAction')}")
    group = resolve(objects, j["pages"][1]["object"]).get("/Group")
    check(group == {"/CS": "/DeviceRGB", "/I": True, "/S": "/Transparency"},
          f"page 2: transparency group {group}")
    page_of = {p["object"]: p["pageposfrom1"] for p in j["pages"]}
    links = []
    for p in j["pages"]:
        annots = resolve(objects, p["object"]).get("/Annots", [])
        for ref in annots:
            a = resolve(objects, ref) if isinstance(ref, str) else ref
            if a.get("/Subtype") == "/Link":
                dest = a.get("/Dest", [None])
                links.append((p["pageposfrom1"], [round(v, 3) for v in a["/Rect"]],
                              page_of.get(dest[0]), a.get("/Border")))
    want = [(p, r, d, [0, 0, 0]) for p, r, d in LINKS]
    check(links == want, f"links {links}, want {want}")


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    if any(shutil.which(t) is None for t in TOOLS):
        print("pdf_out_oracle: needs " + ", ".join(TOOLS), file=sys.stderr)
        sys.exit(77)
    sample, fixtures = sys.argv[1], sys.argv[2]
    check_pages(sample, fixtures)
    check_text(sample)
    check_qpdf(sample)
    for f in failures:
        print("FAIL: " + f)
    if failures:
        sys.exit(1)
    print("pdf_out_oracle: all checks passed")


if __name__ == "__main__":
    main()
