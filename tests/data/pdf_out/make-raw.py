#!/usr/bin/python3
"""Hand-written PDFs for the bundle PDF tests (test_pdf_out), for what
sb_mkpdf cannot make: every page geometry a stamp must survive, annotations
and form fields that must be flattened, and pages that draw nothing.
Deterministic: the same bytes on every run. All names are fictional.

    make-raw.py OUT_DIR
"""
import sys


def write_pdf(path, objects, skew=None):
    """objects: bodies of objects 1..n (bytes); 1 must be the catalogue.
    skew: the number of an object whose xref entry is made to point a few
    bytes past its start, as in a file damaged in transit."""
    out = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"
    offsets = []
    for num, body in enumerate(objects, start=1):
        offsets.append(len(out) + (5 if num == skew else 0))
        out += b"%d 0 obj\n" % num + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<</Size %d/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref)
    with open(path, "wb") as f:
        f.write(out)


def stream(data, extra=b""):
    return b"<</Length %d%s>>stream\n" % (len(data), extra) + data + b"\nendstream"


FONT = b"<</Type/Font/Subtype/Type1/BaseFont/Helvetica/Encoding/WinAnsiEncoding>>"


class Doc:
    """Objects numbered as they are added; 1 catalogue, 2 page tree, 3 font."""

    def __init__(self, catalog_extra=b""):
        self.objs = [None, None, FONT]
        self.catalog_extra = catalog_extra
        self.kids = []

    def add(self, body):
        self.objs.append(body)
        return len(self.objs)

    def reserve(self):
        return self.add(None)

    def set(self, num, body):
        self.objs[num - 1] = body

    def page(self, content, attrs=b"", annots=(), parent=2, res=True):
        c = self.add(stream(content)) if content is not None else None
        num = self.reserve()
        body = b"<</Type/Page/Parent %d 0 R" % parent
        if res:
            body += b"/Resources<</Font<</F1 3 0 R>>>>"
        if c is not None:
            body += b"/Contents %d 0 R" % c
        if annots:
            body += b"/Annots[" + b" ".join(b"%d 0 R" % a for a in annots) + b"]"
        self.set(num, body + attrs + b">>")
        if parent == 2:
            self.kids.append(num)
        return num

    def write(self, path, count=None, skew=None):
        count = len(self.kids) if count is None else count
        self.set(1, b"<</Type/Catalog/Pages 2 0 R%s>>" % self.catalog_extra)
        self.set(2, b"<</Type/Pages/Count %d/Kids[%s]/MediaBox[0 0 595 842]>>" % (
            count, b" ".join(b"%d 0 R" % k for k in self.kids)))
        write_pdf(path, self.objs, skew)


def text(x, y, s, size=11):
    return b"BT /F1 %d Tf %d %d Td (%s) Tj ET\n" % (size, x, y, s)


def geometry(out):
    """One page per geometry; each says which it is, near its visible top.
    The stamp tests put a label on every page and read it back."""
    d = Doc()
    # 1 plain A4 portrait; its footer sits exactly where a bottom-centre
    # stamp goes: the stamp's white box must hide it, and reading the stamp
    # back must not mistake it for the label.
    d.page(text(72, 760, b"Geometry page 1: portrait") + text(288, 16, b"XX 99", 9))
    # 2 landscape by its MediaBox, with a transparency group (which
    # pdf_graft_mapped_page leaves behind)
    d.page(text(72, 540, b"Geometry page 2: landscape"),
           b"/MediaBox[0 0 842 595]/Group<</S/Transparency/CS/DeviceRGB/I true>>")
    # 3-5 /Rotate 90, 180, 270: the text is drawn in the unrotated space
    for i, r in ((3, 90), (4, 180), (5, 270)):
        d.page(text(72, 760, b"Geometry page %d: rotate %d" % (i, r)), b"/Rotate %d" % r)
    # 6 MediaBox away from the origin, and a CropBox inside it, offset
    d.page(text(172, 960, b"Geometry page 6: offset crop"),
           b"/MediaBox[100 200 695 1042]/CropBox[150 260 645 1000]")
    # 7 cropped, with a MediaBox below the origin, and turned 90
    d.page(text(20, 660, b"Geometry page 7: crop and rotate 90"),
           b"/MediaBox[-50 -50 545 792]/CropBox[0 0 500 700]/Rotate 90")
    # 8 /Rotate -90 (shown as 270)
    d.page(text(72, 760, b"Geometry page 8: rotate -90"), b"/Rotate -90")
    # 9 a content stream that leaves a scaling cm and an open q behind: the
    # stamp must not be scaled or moved by it
    d.page(b"q 0.5 0 0 0.5 0 0 cm\n" + text(144, 1520, b"Geometry page 9: open q", 22))
    # 10-11 inherited from an intermediate page-tree node: /Rotate 270, a
    # small landscape MediaBox, the Resources
    mid = d.reserve()
    p10 = d.page(text(40, 360, b"Geometry page 10: inherited"), parent=mid, res=False)
    p11 = d.page(text(40, 360, b"Geometry page 11: inherited"), parent=mid, res=False)
    d.set(mid, b"<</Type/Pages/Parent 2 0 R/Count 2/Kids[%d 0 R %d 0 R]/Rotate 270"
          b"/MediaBox[0 0 600 400]/Resources<</Font<</F1 3 0 R>>>>>>" % (p10, p11))
    d.kids.append(mid)
    d.write(out + "/geometry.pdf", count=11)


def annotated(out):
    """Page 1 carries what a person adds to a PDF: a typed note (FreeText)
    without an appearance stream, one with its own appearance, a filled text
    field without an appearance (NeedAppearances), a hidden note that must
    stay hidden, and a link. Page 2 is plain."""
    d = Doc(catalog_extra=b"/AcroForm 4 0 R")
    d.add(None)  # 4: AcroForm, set below
    helv = d.add(b"<</Type/Font/Subtype/Type1/BaseFont/Helvetica"
                 b"/Encoding/WinAnsiEncoding>>")
    ap_text = b"0.2 g BT /Hv 10 Tf 4 6 Td (Stamped by the school office) Tj ET\n"
    ap = d.add(stream(ap_text, b"/Type/XObject/Subtype/Form/BBox[0 0 200 24]"
                      b"/Resources<</Font<</Hv %d 0 R>>>>" % helv))
    hidden_ap = d.add(stream(b"BT /Hv 10 Tf 2 4 Td (HIDDEN NOTE) Tj ET\n",
                             b"/Type/XObject/Subtype/Form/BBox[0 0 120 20]"
                             b"/Resources<</Font<</Hv %d 0 R>>>>" % helv))
    page = d.reserve()
    a1 = d.add(b"<</Type/Annot/Subtype/FreeText/Rect[72 600 372 630]"
               b"/Contents(Typed note by the parent)/DA(/Helv 12 Tf 0 g)/F 4"
               b"/P %d 0 R>>" % page)
    a2 = d.add(b"<</Type/Annot/Subtype/FreeText/Rect[72 540 272 564]/F 4"
               b"/Contents(Stamped by the school office)/DA(/Helv 10 Tf 0 g)"
               b"/AP<</N %d 0 R>>/P %d 0 R>>" % (ap, page))
    a3 = d.add(b"<</Type/Annot/Subtype/Widget/FT/Tx/T(child_name)/F 4"
               b"/V(Ada Quennell-Brook)/DA(/Helv 11 Tf 0 g)/Rect[200 470 500 490]"
               b"/P %d 0 R>>" % page)
    a4 = d.add(b"<</Type/Annot/Subtype/FreeText/Rect[72 400 192 420]/F 2"
               b"/Contents(HIDDEN NOTE)/DA(/Helv 10 Tf 0 g)/AP<</N %d 0 R>>"
               b"/P %d 0 R>>" % (hidden_ap, page))
    a5 = d.add(b"<</Type/Annot/Subtype/Link/Rect[72 300 200 320]/Border[0 0 0]"
               b"/A<</S/URI/URI(https://example.invalid/)>>>>")
    d.set(4, b"<</Fields[%d 0 R]/NeedAppearances true"
          b"/DR<</Font<</Helv %d 0 R>>>>/DA(/Helv 0 Tf 0 g)>>" % (a3, helv))
    c = d.add(stream(text(72, 760, b"Appeal form, page one.") +
                     text(72, 490, b"Child's name:")))
    d.set(page, b"<</Type/Page/Parent 2 0 R/Resources<</Font<</F1 3 0 R>>>>"
          b"/Contents %d 0 R/Annots[%d 0 R %d 0 R %d 0 R %d 0 R %d 0 R]>>" % (
              c, a1, a2, a3, a4, a5))
    d.kids.append(page)
    d.page(text(72, 760, b"Appeal form, page two."))
    d.write(out + "/annotated.pdf")


def blank(out):
    """Pages that draw nothing a reader would see, between pages that do."""
    d = Doc()
    d.page(text(72, 760, b"Blank test page 1 has text."))          # 1 text
    d.page(b"")                                                     # 2 empty stream
    d.page(None)                                                    # 3 no /Contents
    d.page(b"q Q\n1 0 0 1 0 0 cm\n")                                 # 4 operators only
    # 5 text and a box outside the CropBox
    d.page(text(10, 10, b"cut off") + b"0 0 40 40 re f\n", b"/CropBox[100 100 495 742]")
    d.page(b"0.5 w 72 400 m 500 400 l S\n")                         # 6 a line: not blank
    d.page(b"BT 3 Tr /F1 11 Tf 72 700 Td (invisible OCR text) Tj ET\n")  # 7 invisible
    ap = d.add(stream(b"0 0 1 rg 0 0 50 50 re f\n",
                      b"/Type/XObject/Subtype/Form/BBox[0 0 50 50]"))
    note = d.add(b"<</Type/Annot/Subtype/Square/Rect[100 100 150 150]/F 4"
                 b"/AP<</N %d 0 R>>>>" % ap)
    d.page(b"", annots=(note,))                                     # 8 only an annotation
    d.write(out + "/blank.pdf")


def reader(out):
    """What other writers put in a finished PDF, for reading it back: page
    labels in a number tree with kids and in roman and letter styles, links
    by GoTo action, by named destination, by page index and to the web, an
    outline with a UTF-16 title and zooms of its own, and an /OpenAction
    that is a GoTo action."""
    d = Doc()
    pages = [d.page(text(72, 760, b"Reader page %d" % (i + 1))) for i in range(4)]
    p = [b"%d 0 R" % n for n in pages]
    links = [
        b"<</Type/Annot/Subtype/Link/Rect[10 10 50 30]/A<</S/GoTo/D[%s/Fit]>>>>" % p[3],
        b"<</Type/Annot/Subtype/Link/Rect[60 10 100 30]/Dest(chapter2)>>",
        b"<</Type/Annot/Subtype/Link/Rect[110 10 150 30]"
        b"/A<</S/URI/URI(https://example.invalid/)>>>>",
        b"<</Type/Annot/Subtype/Link/Rect[160 10 200 30]/Dest[2/XYZ null null null]>>",
    ]
    nums = [d.add(link) for link in links]
    # page 1 again, now with its links
    d.set(pages[0], d.objs[pages[0] - 1][:-2] + b"/Annots[%s]>>" % b" ".join(
        b"%d 0 R" % n for n in nums))
    outlines, first, child, second = d.reserve(), d.reserve(), d.reserve(), d.reserve()
    d.set(outlines, b"<</Type/Outlines/First %d 0 R/Last %d 0 R/Count 3>>" % (first, second))
    d.set(first, b"<</Title(Fit page two)/Parent %d 0 R/Next %d 0 R/Dest[%s/Fit]"
          b"/First %d 0 R/Last %d 0 R/Count 1>>" % (outlines, second, p[1], child, child))
    # "Zo\u00eb \u2013 child" in UTF-16BE with its byte order mark
    title = "Zo\u00eb \u2013 child".encode("utf-16-be").hex().upper().encode()
    d.set(child, b"<</Title<FEFF%s>/Parent %d 0 R/Dest[%s/XYZ null null 0]>>" % (
        title, first, p[0]))
    d.set(second, b"<</Title(Zoom two)/Parent %d 0 R/Prev %d 0 R"
          b"/A<</S/GoTo/D[%s/XYZ 0 0 2]>>>>" % (outlines, first, p[2]))
    kid = d.add(b"<</Limits[0 2]/Nums[0<</S/r>>2<</S/A/P(App-)/St 27>>]>>")
    d.catalog_extra = (b"/PageLabels<</Kids[%d 0 R]>>/Names<</Dests<</Names[(chapter2)"
                       b"[%s/Fit]]>>>>/Outlines %d 0 R/PageMode/UseNone"
                       b"/OpenAction<</S/GoTo/D[%s/XYZ null null 1]>>" % (
                           kid, p[1], outlines, p[0]))
    d.write(out + "/reader.pdf")


def late_damage(out):
    """Three pages whose third content stream's xref entry is off by a few
    bytes: the file opens and counts its pages, and MuPDF repairs it only
    when that stream is read, after two pages have been copied."""
    d = Doc()
    d.page(text(72, 760, b"Late damage page 1"))
    d.page(text(72, 760, b"Late damage page 2"))
    d.page(text(72, 760, b"Late damage page 3"))
    d.write(out + "/late-damage.pdf", skew=len(d.objs) - 1)


def unruly(out):
    """Content that leaves the graphics state in a mess or stops early, as
    real files do: whatever the bundle draws after it (the stamp) must not
    be moved, scaled or swallowed (found by fuzz_pdf_graft)."""
    d = Doc()
    # 1 two q left open under a half scale
    d.page(b"q q 0.5 0 0 0.5 0 0 cm " + text(72, 760, b"Unruly page 1: q left open"))
    # 2 more Q than q, then a double scale
    d.page(text(72, 760, b"Unruly page 2: extra Q") + b"Q Q 2 0 0 2 0 0 cm\n")
    # 3 the keyword endstream inside the content
    d.page(text(72, 760, b"Unruly page 3: stray endstream") + b"endstream\n0 0 1 rg\n")
    # 4 an unclosed string
    d.page(text(72, 760, b"Unruly page 4: unclosed string") + b"BT /F1 11 Tf (never closed Tj\n")
    d.write(out + "/unruly.pdf")


def main():
    out = sys.argv[1]
    geometry(out)
    annotated(out)
    blank(out)
    reader(out)
    late_damage(out)
    unruly(out)


if __name__ == "__main__":
    main()
