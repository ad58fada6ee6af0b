#!/usr/bin/python3
"""Hand-written PDFs for the reader's edge cases, which sb_mkpdf cannot make:
a ToUnicode map that yields ligatures and control characters, /Rotate
inherited from the page tree (and negative), a form row and two columns,
a font that is a decompression bomb, and a content stream whose compressed
data is damaged. Deterministic: the
same bytes on every run.

    make-raw.py OUT_DIR
"""
import sys
import zlib


def write_pdf(path, objects):
    """objects: bodies of objects 1..n (bytes); 1 must be the catalogue."""
    out = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"
    offsets = []
    for num, body in enumerate(objects, start=1):
        offsets.append(len(out))
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


def one_page(content, font=b"5 0 R", page_extra=b"", pages_extra=b"", more=()):
    return [
        b"<</Type/Catalog/Pages 2 0 R>>",
        b"<</Type/Pages/Count 1/Kids[3 0 R]%s>>" % pages_extra,
        b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]"
        b"/Resources<</Font<</F1 %s>>>>/Contents 4 0 R%s>>" % (font, page_extra),
        content,
        b"<</Type/Font/Subtype/Type1/BaseFont/Helvetica/Encoding/WinAnsiEncoding%s>>"
        % (b"/ToUnicode 6 0 R" if more else b""),
    ] + list(more)


def main():
    out = sys.argv[1]

    # Codes 1-5 map through ToUnicode to U+FB01 (fi), U+FB03 (ffi), a form
    # feed, a tab and U+FB02 (fl): the text reads "office, officer, one two
    # three, flat" once normalised.
    cmap = (b"/CIDInit/ProcSet findresource begin 12 dict begin begincmap\n"
            b"/CMapName/SbLigatures def\n"
            b"1 begincodespacerange <00> <FF> endcodespacerange\n"
            b"5 beginbfchar\n<01> <FB01>\n<02> <FB03>\n<03> <000C>\n<04> <0009>\n"
            b"<05> <FB02>\nendbfchar\n"
            b"2 beginbfrange\n<20> <7E> <0020>\n<A0> <FF> <00A0>\nendbfrange\n"
            b"endcmap CMapName currentdict/CMap defineresource pop end end\n")
    text = (b"BT /F1 11 Tf 72 700 Td (of\\001ce, o\\002cer, one\\003two\\004three, "
            b"\\005at) Tj ET\n")
    write_pdf(out + "/tounicode.pdf", one_page(stream(text), more=[stream(cmap)]))

    # /Rotate -90 on the page tree: inherited by the page, shown as 270.
    text = b"BT /F1 11 Tf 72 700 Td (Turned by the page tree.) Tj ET\n"
    write_pdf(out + "/rotate-inherited.pdf",
              one_page(stream(text), pages_extra=b"/Rotate -90"))

    # A form row ("Date of report:" and its answer far to the right, on one
    # baseline) above two columns drawn one after the other: the row must
    # read as one line, the columns must not be interleaved.
    text = (b"BT /F1 11 Tf 72 760 Td (Date of report:) Tj ET\n"
            b"BT /F1 11 Tf 250 760 Td (12 March 2024) Tj ET\n"
            b"BT /F1 11 Tf 72 730 Td (Name:) Tj 178 0 Td (Ada Quennell-Brook) Tj ET\n"
            b"BT /F1 11 Tf 14 TL 72 690 Td (Left column, first line.) Tj "
            b"(Left column, second line.) ' (Left column, third line.) ' ET\n"
            b"BT /F1 11 Tf 14 TL 320 690 Td (Right column, first line.) Tj "
            b"(Right column, second line.) ' (Right column, third line.) ' ET\n")
    write_pdf(out + "/form-and-columns.pdf", one_page(stream(text)))

    # A font program that inflates to 640 MiB through two Flate filters (a
    # "zip bomb" of 1 KiB): MuPDF's memory budget refuses it, MuPDF falls
    # back to a built-in font and the page text is still read.
    z = zlib.compressobj(9)
    zeros = b"".join(z.compress(bytes(1 << 20)) for _ in range(640)) + z.flush()
    bomb = zlib.compress(zeros, 9)
    text = b"BT /F1 11 Tf 72 700 Td (A page whose font is a bomb.) Tj ET\n"
    write_pdf(out + "/font-bomb.pdf", [
        b"<</Type/Catalog/Pages 2 0 R>>",
        b"<</Type/Pages/Count 1/Kids[3 0 R]>>",
        b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]"
        b"/Resources<</Font<</F1 5 0 R>>>>/Contents 4 0 R>>",
        stream(text),
        b"<</Type/Font/Subtype/TrueType/BaseFont/Bomb/Encoding/WinAnsiEncoding"
        b"/FontDescriptor 6 0 R>>",
        b"<</Type/FontDescriptor/FontName/Bomb/Flags 32/FontBBox[0 0 1000 1000]"
        b"/ItalicAngle 0/Ascent 800/Descent -200/CapHeight 700/StemV 80"
        b"/FontFile2 7 0 R>>",
        stream(bomb, b"/Filter[/FlateDecode/FlateDecode]"),
    ])

    # Damaged compressed data in the content stream: MuPDF reads what it can
    # and warns; the text after the damage is lost.
    # A full flush ends the first part cleanly, and a long comment pushes the
    # damage past MuPDF's first buffer, so the text before it is still read.
    z = zlib.compressobj(9)
    first = z.compress(b"BT /F1 11 Tf 72 700 Td (Before the damage.) Tj ET\n%" +
                       b"padding " * 2048 + b"\n")
    first += z.flush(zlib.Z_FULL_FLUSH)
    rest = z.compress(b"BT /F1 11 Tf 72 600 Td (After the damage.) Tj ET\n") + z.flush()
    bad = first + b"\xff\xfe garbage \x00" + rest[12:]
    write_pdf(out + "/faulty.pdf", one_page(stream(bad, b"/Filter/FlateDecode")))


if __name__ == "__main__":
    main()
