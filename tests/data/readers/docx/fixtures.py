#!/usr/bin/env python3
"""Write the hand-built and hostile DOCX fixtures for tests/unit/test_reader_docx.c.

    fixtures.py OUT_DIR

Every name below is invented. The files are deterministic (fixed zip times,
sorted entries) so re-running make-fixtures.sh changes nothing. The zip bomb
is written by streaming blanks through zlib: nothing here holds gigabytes.
"""

import os
import struct
import sys
import zipfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..",
                                "tools"))
import mkdocx  # noqa: E402  (tests/tools/mkdocx.py)

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W_STRICT = "http://purl.oclc.org/ooxml/wordprocessingml/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
WPS = "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
V = "urn:schemas-microsoft-com:vml"
M = "http://schemas.openxmlformats.org/officeDocument/2006/math"
DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
WHEN = (1980, 1, 1, 0, 0, 0)

CONTENT_TYPES = (
    DECL + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.wordprocessingml.document.main+xml"/></Types>'
)
PACKAGE_RELS = mkdocx.rels([("rId1", mkdocx.REL + "officeDocument", "word/document.xml")])


def info(name):
    zi = zipfile.ZipInfo(name, date_time=WHEN)
    zi.compress_type = zipfile.ZIP_DEFLATED
    zi.create_system = 0
    zi.external_attr = 0
    return zi


def package(path, parts):
    """A zip of parts (name -> str/bytes), sorted, with the usual package rels."""
    full = {"[Content_Types].xml": CONTENT_TYPES, "_rels/.rels": PACKAGE_RELS}
    full.update(parts)
    mkdocx.write_package(path, full)


def body(ns, inner, prefix="w", extra=""):
    return '%s<%s:document xmlns:%s="%s"%s><%s:body>%s</%s:body></%s:document>' % (
        DECL, prefix, prefix, ns, extra, prefix, inner, prefix, prefix)


def para(text, prefix="w"):
    return "<{0}:p><{0}:r><{0}:t>{1}</{0}:t></{0}:r></{0}:p>".format(prefix, text)


def hdr(tag, inner):
    return '%s<w:%s xmlns:w="%s">%s</w:%s>' % (DECL, tag, W, inner, tag)


# Every construct the reader must get right, in a document whose WordprocessingML prefix
# is "ns0" while "w" names another namespace: the reader must go by namespace URI.
TRICKY_BODY = (
    # Tab stops (w:pPr/w:tabs/w:tab) are not tab characters; a hidden paragraph mark
    # (w:pPr/w:rPr/w:vanish) does not hide the paragraph's runs.
    '<ns0:p><ns0:pPr><ns0:tabs><ns0:tab ns0:val="left" ns0:pos="720"/></ns0:tabs>'
    "<ns0:rPr><ns0:vanish/></ns0:rPr></ns0:pPr>"
    "<ns0:r><ns0:t>Tab stops are not tabs</ns0:t></ns0:r></ns0:p>"
    # An element called "t" in another namespace is not text; entities and character
    # references are (the five predefined entities need no DTD).
    "<ns0:p><w:t>decoy text in another namespace</w:t><ns0:r>"
    '<ns0:t xml:space="preserve">Smith &amp; Jones</ns0:t><ns0:t>&#x2019;s</ns0:t>'
    "</ns0:r></ns0:p>"
    # Hidden runs (w:rPr/w:vanish) are not printed; w:val="false" switches it off.
    "<ns0:p><ns0:r><ns0:rPr><ns0:vanish/></ns0:rPr><ns0:t>hidden words</ns0:t></ns0:r>"
    '<ns0:r><ns0:rPr><ns0:vanish ns0:val="false"/></ns0:rPr><ns0:t>shown words</ns0:t>'
    "</ns0:r></ns0:p>"
    # A text box is stored twice (DrawingML choice, VML fallback): read it once.
    "<ns0:p><ns0:r><ns0:t>Before</ns0:t></ns0:r><mc:AlternateContent>"
    '<mc:Choice Requires="wps"><ns0:r><ns0:drawing><wps:wsp><wps:txbx><ns0:txbxContent>'
    "<ns0:p><ns0:r><ns0:t>In a text box</ns0:t></ns0:r></ns0:p></ns0:txbxContent>"
    "</wps:txbx></wps:wsp></ns0:drawing></ns0:r></mc:Choice><mc:Fallback><ns0:r><ns0:pict>"
    "<v:shape><v:textbox><ns0:txbxContent><ns0:p><ns0:r><ns0:t>In a text box</ns0:t>"
    "</ns0:r></ns0:p></ns0:txbxContent></v:textbox></v:shape></ns0:pict></ns0:r>"
    "</mc:Fallback></mc:AlternateContent><ns0:r><ns0:t>after</ns0:t></ns0:r></ns0:p>"
    # A tracked move: the old place (w:moveFrom) is gone, the new place (w:moveTo) is text.
    '<ns0:p><ns0:moveFrom ns0:id="1" ns0:author="Ed" ns0:date="2024-01-01T00:00:00Z">'
    "<ns0:r><ns0:t>moved away</ns0:t></ns0:r></ns0:moveFrom>"
    '<ns0:moveTo ns0:id="2" ns0:author="Ed" ns0:date="2024-01-01T00:00:00Z">'
    "<ns0:r><ns0:t>moved here</ns0:t></ns0:r></ns0:moveTo></ns0:p>"
    # Special characters inside a run.
    "<ns0:p><ns0:r><ns0:t>Ref</ns0:t><ns0:noBreakHyphen/><ns0:t>42</ns0:t><ns0:softHyphen/>"
    "<ns0:tab/><ns0:t>line</ns0:t><ns0:br/><ns0:t>two</ns0:t><ns0:cr/><ns0:t>three</ns0:t>"
    "</ns0:r></ns0:p>"
    # A simple field: the instruction is an attribute, the result is text.
    '<ns0:p><ns0:fldSimple ns0:instr=" DATE \\@ &quot;d MMMM yyyy&quot; "><ns0:r>'
    "<ns0:t>1 April 2024</ns0:t></ns0:r></ns0:fldSimple></ns0:p>"
    # A table: one line per cell paragraph.
    "<ns0:tbl><ns0:tr><ns0:tc><ns0:p><ns0:r><ns0:t>Cell A</ns0:t></ns0:r></ns0:p></ns0:tc>"
    "<ns0:tc><ns0:p><ns0:r><ns0:t>Cell B</ns0:t></ns0:r></ns0:p></ns0:tc></ns0:tr></ns0:tbl>"
    # CDATA, Office Math text, an empty paragraph.
    "<ns0:p><ns0:r><ns0:t><![CDATA[x < y]]></ns0:t></ns0:r></ns0:p>"
    "<ns0:p><m:oMath><m:r><m:t>a+b</m:t></m:r></m:oMath></ns0:p>"
    "<ns0:p/>"
    '<ns0:sectPr><ns0:pgSz ns0:w="11906" ns0:h="16838"/></ns0:sectPr>'
)

TRICKY_NOTES = (
    '<w:{0}s xmlns:w="%s"><w:{0} w:type="separator" w:id="-1"><w:p><w:r><w:separator/>'
    '</w:r></w:p></w:{0}><w:{0} w:type="continuationSeparator" w:id="0"><w:p><w:r>'
    '<w:continuationSeparator/></w:r></w:p></w:{0}><w:{0} w:id="1"><w:p><w:r><w:{0}Ref/>'
    '</w:r><w:r><w:t xml:space="preserve"> {1}</w:t></w:r></w:p></w:{0}></w:{0}s>' % W
)


def tricky(path):
    doc = "%s<ns0:document %s><ns0:body>%s</ns0:body></ns0:document>" % (
        DECL,
        'xmlns:ns0="%s" xmlns:w="urn:example:not-wordprocessingml" xmlns:mc="%s" '
        'xmlns:wps="%s" xmlns:v="%s" xmlns:m="%s" mc:Ignorable="wps"' % (W, MC, WPS, V, M),
        TRICKY_BODY,
    )
    core = (
        DECL + '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
        'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        "<dc:title>\n  Tricky   constructs\n</dc:title><dc:creator>Windows User</dc:creator>"
        # 23:30 UTC on 30 June is 00:30 on 1 July in London (BST).
        '<dcterms:created xsi:type="dcterms:W3CDTF">2024-06-30T23:30:00Z</dcterms:created>'
        "</cp:coreProperties>"
    )
    package(path, {
        "word/document.xml": doc,
        # Headers in number order, each text once: header2 repeats header1, header3 is
        # blank, header10 comes after header3; footer1 repeats the letterhead.
        "word/header1.xml": hdr("hdr", para("Letterhead line")),
        "word/header2.xml": hdr("hdr", para("Letterhead line")),
        "word/header3.xml": hdr("hdr", "<w:p/>"),
        "word/header10.xml": hdr("hdr", para("Tenth header")),
        "word/footer1.xml": hdr("ftr", para("Letterhead line")),
        "word/footer2.xml": hdr("ftr", para("Footer only")),
        # Not headers: a header in a subfolder and a file that is not XML.
        "word/glossary/header1.xml": hdr("hdr", para("Glossary header")),
        "word/headerimage.png": b"\x89PNG\r\n\x1a\n",
        "word/footnotes.xml": DECL + TRICKY_NOTES.replace("{0}", "footnote").replace(
            "{1}", "Note one"),
        "word/endnotes.xml": DECL + TRICKY_NOTES.replace("{0}", "endnote").replace(
            "{1}", "End one"),
        "docProps/core.xml": core,
    })


def strict(path):
    """ISO/IEC 29500 Strict uses its own namespace for the same elements."""
    package(path, {"word/document.xml": body(W_STRICT, para("Strict Open XML text"))})


def billion_laughs(path):
    ents = ['<!ENTITY lol0 "lol">']
    for i in range(1, 10):
        ents.append('<!ENTITY lol%d "%s">' % (i, ("&lol%d;" % (i - 1)) * 10))
    doc = (
        '<?xml version="1.0"?>\n<!DOCTYPE w:document [\n%s\n]>\n<w:document xmlns:w="%s">'
        "<w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>"
        % ("\n".join(ents), W)
    )
    package(path, {"word/document.xml": doc})


def external_entity(path):
    doc = (
        '<?xml version="1.0"?>\n<!DOCTYPE w:document [\n'
        '<!ENTITY xxe SYSTEM "file:///etc/passwd">\n]>\n<w:document xmlns:w="%s">'
        "<w:body><w:p><w:r><w:t>&xxe;</w:t></w:r></w:p></w:body></w:document>" % W
    )
    package(path, {"word/document.xml": doc})


def invalid_xml(path):
    doc = body(W, para("This paragraph is fine") + para("This one"))
    package(path, {"word/document.xml": doc[: doc.index("This one") + 4]})


def no_document(path):
    package(path, {"word/styles.xml": mkdocx.STYLES})


def not_a_zip(path):
    with open(path, "wb") as f:
        f.write(b"This is a plain text note that someone renamed to .docx.\n")


def truncated(path, letter):
    with open(letter, "rb") as f:
        data = f.read()
    with open(path, "wb") as f:
        f.write(data[: len(data) // 2])


def central_entries(data):
    """(offset of the central header, name, offset of the local header) for each entry."""
    eocd = data.rindex(b"PK\x05\x06")
    count, = struct.unpack_from("<H", data, eocd + 10)
    pos, = struct.unpack_from("<I", data, eocd + 16)
    out = []
    for _ in range(count):
        nlen, xlen, clen = struct.unpack_from("<HHH", data, pos + 28)
        local, = struct.unpack_from("<I", data, pos + 42)
        out.append((pos, data[pos + 46:pos + 46 + nlen].decode(), local))
        pos += 46 + nlen + xlen + clen
    return out


def patch_entry(path, name, flags_or=0, usize=None):
    """Change an entry's flags and declared size in both its local and central headers."""
    with open(path, "rb") as f:
        data = bytearray(f.read())
    for central, ename, local in central_entries(bytes(data)):
        if ename != name:
            continue
        for off, flag_at, usize_at in ((central, 8, 24), (local, 6, 22)):
            flags, = struct.unpack_from("<H", data, off + flag_at)
            struct.pack_into("<H", data, off + flag_at, flags | flags_or)
            if usize is not None:
                struct.pack_into("<I", data, off + usize_at, usize)
    with open(path, "wb") as f:
        f.write(data)


def inconsistent(path, letter):
    """letter.docx with one local header dated differently from its central header, as some
    zip tools write: strict checks fail, the central directory still reads."""
    with open(letter, "rb") as f:
        data = bytearray(f.read())
    for _, name, local in central_entries(bytes(data)):
        if name == "word/document.xml":
            struct.pack_into("<H", data, local + 12, 0x4821)  # DOS date 1 January 2016
    with open(path, "wb") as f:
        f.write(data)


def encrypted_entry(path):
    """A zip whose document.xml says it is encrypted (traditional PKWARE, flag bit 0)."""
    package(path, {"word/document.xml": body(W, para("Secret"))})
    patch_entry(path, "word/document.xml", flags_or=1)


def streamed_package(path, head, unit, count, tail):
    """A package whose document.xml is head + unit * count + tail, streamed through zlib."""
    tmp = path + ".tmp"
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        zf.writestr(info("[Content_Types].xml"), CONTENT_TYPES)
        zf.writestr(info("_rels/.rels"), PACKAGE_RELS)
        block = unit * max(1, (1 << 20) // len(unit))
        per_block = len(block) // len(unit)
        with zf.open(info("word/document.xml"), "w") as out:
            out.write(head)
            left = count
            while left > 0:
                n = min(left, per_block)
                out.write(block if n == per_block else unit * n)
                left -= n
            out.write(tail)
    os.replace(tmp, path)


def bomb(path):
    """2,000,000,000 bytes of document.xml (blanks inside one w:t), about 2 MB zipped."""
    head = ('%s<w:document xmlns:w="%s"><w:body><w:p><w:r><w:t xml:space="preserve">'
            % (DECL, W)).encode()
    tail = b"</w:t></w:r></w:p></w:body></w:document>"
    streamed_package(path, head, b" ", 2_000_000_000 - len(head) - len(tail), tail)


def lying_bomb(path):
    """100 MB of empty runs whose zip headers claim 2,000 bytes: only the bytes count."""
    head = ('%s<w:document xmlns:w="%s"><w:body><w:p>' % (DECL, W)).encode()
    tail = b"</w:p></w:body></w:document>"
    streamed_package(path, head, b"<w:r/>", 100_000_000 // 6, tail)
    patch_entry(path, "word/document.xml", usize=2000)


def encrypted_ole(path):
    """A password-protected .docx: an OLE compound file (MS-CFB, version 3) holding
    EncryptionInfo and EncryptedPackage streams (MS-OFFCRYPTO 2.3.4.4), not a zip."""
    sector = 512
    free, end, fat_sect = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD
    # Sector 0: FAT; 1: directory; 2-9: EncryptionInfo; 10-17: EncryptedPackage.
    fat = [fat_sect, end] + list(range(3, 10)) + [end] + list(range(11, 18)) + [end]
    fat += [free] * (128 - len(fat))
    header = bytearray(sector)
    header[0:8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"
    struct.pack_into("<HHHHH", header, 24, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<IIIIIIIII", header, 40, 0, 1, 1, 0, 4096, end, 0, end, 0)
    struct.pack_into("<I", header, 76, 0)
    for i in range(1, 109):
        struct.pack_into("<I", header, 76 + 4 * i, free)

    def entry(name, kind, left, right, child, start, size):
        e = bytearray(128)
        raw = (name + "\0").encode("utf-16-le")
        e[0:len(raw)] = raw
        struct.pack_into("<HBB", e, 64, len(raw), kind, 1)
        struct.pack_into("<III", e, 68, left, right, child)
        struct.pack_into("<IQ", e, 116, start, size)
        return bytes(e)

    directory = (
        entry("Root Entry", 5, free, free, 2, end, 0)
        + entry("EncryptionInfo", 2, free, free, free, 2, 4096)
        + entry("EncryptedPackage", 2, 1, free, free, 10, 4096)
        + bytes(128)
    )
    streams = bytes((i * 7) & 0xFF for i in range(4096)) * 2
    with open(path, "wb") as f:
        f.write(bytes(header) + struct.pack("<128I", *fat) + directory + streams)


def main():
    out = sys.argv[1]
    letter = os.path.join(out, "letter.docx")
    tricky(os.path.join(out, "tricky.docx"))
    strict(os.path.join(out, "strict.docx"))
    billion_laughs(os.path.join(out, "billion-laughs.docx"))
    external_entity(os.path.join(out, "external-entity.docx"))
    invalid_xml(os.path.join(out, "invalid-xml.docx"))
    no_document(os.path.join(out, "no-document.docx"))
    not_a_zip(os.path.join(out, "not-a-zip.docx"))
    truncated(os.path.join(out, "truncated.docx"), letter)
    inconsistent(os.path.join(out, "inconsistent.docx"), letter)
    encrypted_entry(os.path.join(out, "encrypted-entry.docx"))
    encrypted_ole(os.path.join(out, "encrypted-ole.docx"))
    lying_bomb(os.path.join(out, "bomb-lying-size.docx"))
    bomb(os.path.join(out, "bomb-2gb.docx"))


if __name__ == "__main__":
    main()
