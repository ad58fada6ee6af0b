#!/usr/bin/env python3
"""Write a small, valid Word .docx from a text file, reproducibly.

    mkdocx.py IN.txt OUT.docx [--header TEXT] [--footer TEXT] [--footnote TEXT]
              [--endnote TEXT] [--deleted TEXT] [--inserted TEXT] [--field]
              [--title T] [--author A] [--created 2024-03-12]

One paragraph per input line (an empty line is an empty paragraph); a tab in a
line becomes a Word tab and a form feed a page break. The options add the parts
that the DOCX reader must handle (tests/unit/test_reader_docx.c):

  --header/--footer TEXT  a default page header/footer; "|" in TEXT starts a new
                          paragraph ("Northbrook Council|Ref: NB/117")
  --footnote TEXT         a footnote whose reference mark ends the first paragraph
  --endnote TEXT          an endnote whose reference mark ends the last paragraph
  --deleted TEXT          a tracked deletion (w:del) at the end of the first
                          paragraph: Word shows it struck through; it is not text
  --inserted TEXT         a tracked insertion (w:ins) at the end of the last
                          paragraph: it is text
  --field                 "Page 1" in the footer, the number from a PAGE field
                          whose instruction (" PAGE \\* MERGEFORMAT ") is not text
  --title/--author/--created  core properties (docProps/core.xml); --created is
                          YYYY-MM-DD (written as 09:00 UTC) or a full W3CDTF time

The output is deterministic: entries sorted by name, every entry dated from
SOURCE_DATE_EPOCH (else 1980-01-01), no extra fields, fixed compression. The
parts follow ECMA-376 (Transitional), with A4 pages and the styles Word expects
for notes, so Word and LibreOffice open the result.
"""

import argparse
import datetime
import os
import re
import sys
import zipfile
from xml.sax.saxutils import escape

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
CT_WORD = "application/vnd.openxmlformats-officedocument.wordprocessingml."
XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
TRACK_AUTHOR = "Mkdocx Editor"
TRACK_DATE = "2024-01-01T00:00:00Z"

# XML 1.0 section 2.2: characters a document may hold.
_BAD_XML = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(s):
    return escape(_BAD_XML.sub("", s), {'"': "&quot;"})


def run_text(text):
    """Runs for one piece of text: w:t, w:tab for tabs, page breaks for form feeds."""
    out = []
    for piece in re.split(r"(\t|\f)", text):
        if piece == "\t":
            out.append("<w:r><w:tab/></w:r>")
        elif piece == "\f":
            out.append('<w:r><w:br w:type="page"/></w:r>')
        elif piece:
            out.append('<w:r><w:t xml:space="preserve">%s</w:t></w:r>' % xml_text(piece))
    return "".join(out)


def paragraph(inner, style=None):
    ppr = '<w:pPr><w:pStyle w:val="%s"/></w:pPr>' % style if style else ""
    return "<w:p>%s%s</w:p>" % (ppr, inner)


def page_field():
    return (
        '<w:r><w:t xml:space="preserve">Page </w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText xml:space="preserve"> PAGE \\* MERGEFORMAT </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        "<w:r><w:t>1</w:t></w:r>"
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )


def root(tag, body):
    return '%s<w:%s xmlns:w="%s" xmlns:r="%s">%s</w:%s>' % (XML_DECL, tag, W_NS, R_NS, body, tag)


def notes_part(kind, text):
    """footnotes.xml or endnotes.xml: the two separators Word requires, then note 1."""
    style = "FootnoteText" if kind == "footnote" else "EndnoteText"
    ref = "FootnoteReference" if kind == "footnote" else "EndnoteReference"
    seps = "".join(
        '<w:%s w:type="%s" w:id="%d"><w:p><w:pPr><w:spacing w:after="0" w:line="240" '
        'w:lineRule="auto"/></w:pPr><w:r><w:%s/></w:r></w:p></w:%s>'
        % (kind, t, i, t, kind)
        for i, t in ((-1, "separator"), (0, "continuationSeparator"))
    )
    note = '<w:%s w:id="1">%s</w:%s>' % (
        kind,
        paragraph(
            '<w:r><w:rPr><w:rStyle w:val="%s"/></w:rPr><w:%sRef/></w:r>%s'
            % (ref, kind, run_text(" " + text)),
            style,
        ),
        kind,
    )
    return root(kind + "s", seps + note)


STYLES = (
    XML_DECL + '<w:styles xmlns:w="%s">' % W_NS
    + '<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Arial" w:hAnsi="Arial" '
    'w:cs="Arial" w:eastAsia="Arial"/><w:sz w:val="22"/><w:szCs w:val="22"/>'
    '<w:lang w:val="en-GB"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr>'
    '<w:spacing w:after="120"/></w:pPr></w:pPrDefault></w:docDefaults>'
    '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/>'
    "<w:qFormat/></w:style>"
    '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">'
    '<w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/>'
    "<w:unhideWhenUsed/></w:style>"
    '<w:style w:type="paragraph" w:styleId="Header"><w:name w:val="header"/>'
    '<w:basedOn w:val="Normal"/></w:style>'
    '<w:style w:type="paragraph" w:styleId="Footer"><w:name w:val="footer"/>'
    '<w:basedOn w:val="Normal"/></w:style>'
    '<w:style w:type="paragraph" w:styleId="FootnoteText"><w:name w:val="footnote text"/>'
    '<w:basedOn w:val="Normal"/><w:pPr><w:spacing w:after="0"/></w:pPr><w:rPr>'
    '<w:sz w:val="18"/></w:rPr></w:style>'
    '<w:style w:type="character" w:styleId="FootnoteReference">'
    '<w:name w:val="footnote reference"/><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
    "</w:style>"
    '<w:style w:type="paragraph" w:styleId="EndnoteText"><w:name w:val="endnote text"/>'
    '<w:basedOn w:val="Normal"/><w:pPr><w:spacing w:after="0"/></w:pPr><w:rPr>'
    '<w:sz w:val="18"/></w:rPr></w:style>'
    '<w:style w:type="character" w:styleId="EndnoteReference">'
    '<w:name w:val="endnote reference"/><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
    "</w:style>"
    "</w:styles>"
)


def settings(footnote, endnote):
    notes = ""
    if footnote:
        notes += '<w:footnotePr><w:footnote w:id="-1"/><w:footnote w:id="0"/></w:footnotePr>'
    if endnote:
        notes += '<w:endnotePr><w:endnote w:id="-1"/><w:endnote w:id="0"/></w:endnotePr>'
    return (
        XML_DECL + '<w:settings xmlns:w="%s"><w:defaultTabStop w:val="720"/>' % W_NS
        + '<w:characterSpacingControl w:val="doNotCompress"/>%s'
        '<w:compat><w:compatSetting w:name="compatibilityMode" '
        'w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>'
        "</w:settings>" % notes
    )


def created_value(s):
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", s):
        datetime.date.fromisoformat(s)  # refuses impossible dates
        return s + "T09:00:00Z"
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})", s):
        return s
    raise SystemExit("mkdocx: --created wants YYYY-MM-DD or a W3CDTF time, not %r" % s)


def core_props(title, author, created):
    parts = []
    if title is not None:
        parts.append("<dc:title>%s</dc:title>" % xml_text(title))
    if author is not None:
        parts.append("<dc:creator>%s</dc:creator>" % xml_text(author))
        parts.append("<cp:lastModifiedBy>%s</cp:lastModifiedBy>" % xml_text(author))
    if created is not None:
        when = created_value(created)
        parts.append('<dcterms:created xsi:type="dcterms:W3CDTF">%s</dcterms:created>' % when)
        parts.append('<dcterms:modified xsi:type="dcterms:W3CDTF">%s</dcterms:modified>' % when)
    return (
        XML_DECL
        + '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
        'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/'
        'dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        + "".join(parts)
        + "</cp:coreProperties>"
    )


APP_PROPS = (
    XML_DECL + '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
    'extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/'
    'docPropsVTypes"><Application>sendbundle mkdocx</Application><DocSecurity>0'
    "</DocSecurity></Properties>"
)


def rels(items):
    body = "".join(
        '<Relationship Id="%s" Type="%s" Target="%s"/>' % item for item in items
    )
    return XML_DECL + '<Relationships xmlns="%s">%s</Relationships>' % (PKG_REL, body)


def build(lines, opts):
    """The parts of the package, name -> text."""
    footer = opts.footer
    if opts.field and footer is None:
        footer = ""
    first = next((i for i, l in enumerate(lines) if l.strip()), 0)
    last = max((i for i, l in enumerate(lines) if l.strip()), default=0)
    paras = []
    for i, line in enumerate(lines):
        inner = run_text(line)
        if i == first and opts.deleted is not None:
            inner += (
                '<w:del w:id="901" w:author="%s" w:date="%s"><w:r><w:delText '
                'xml:space="preserve"> %s</w:delText></w:r></w:del>'
                % (TRACK_AUTHOR, TRACK_DATE, xml_text(opts.deleted))
            )
        if i == first and opts.footnote is not None:
            inner += (
                '<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr>'
                '<w:footnoteReference w:id="1"/></w:r>'
            )
        if i == last and opts.inserted is not None:
            inner += '<w:ins w:id="902" w:author="%s" w:date="%s">%s</w:ins>' % (
                TRACK_AUTHOR,
                TRACK_DATE,
                run_text(" " + opts.inserted),
            )
        if i == last and opts.endnote is not None:
            inner += (
                '<w:r><w:rPr><w:rStyle w:val="EndnoteReference"/></w:rPr>'
                '<w:endnoteReference w:id="1"/></w:r>'
            )
        paras.append(paragraph(inner))
    if not paras:
        paras.append("<w:p/>")

    doc_rels = [
        ("rId1", REL + "styles", "styles.xml"),
        ("rId2", REL + "settings", "settings.xml"),
    ]
    overrides = [
        ("/word/document.xml", CT_WORD + "document.main+xml"),
        ("/word/styles.xml", CT_WORD + "styles+xml"),
        ("/word/settings.xml", CT_WORD + "settings+xml"),
        ("/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml"),
        ("/docProps/app.xml",
         "application/vnd.openxmlformats-officedocument.extended-properties+xml"),
    ]
    parts = {}
    refs = ""
    if opts.header is not None:
        doc_rels.append(("rId3", REL + "header", "header1.xml"))
        overrides.append(("/word/header1.xml", CT_WORD + "header+xml"))
        refs += '<w:headerReference w:type="default" r:id="rId3"/>'
        parts["word/header1.xml"] = root(
            "hdr", "".join(paragraph(run_text(p), "Header") for p in opts.header.split("|"))
        )
    if footer is not None:
        doc_rels.append(("rId4", REL + "footer", "footer1.xml"))
        overrides.append(("/word/footer1.xml", CT_WORD + "footer+xml"))
        refs += '<w:footerReference w:type="default" r:id="rId4"/>'
        body = [paragraph(run_text(p), "Footer") for p in footer.split("|") if p]
        if opts.field:
            body.append(paragraph(page_field(), "Footer"))
        parts["word/footer1.xml"] = root("ftr", "".join(body) or "<w:p/>")
    if opts.footnote is not None:
        doc_rels.append(("rId5", REL + "footnotes", "footnotes.xml"))
        overrides.append(("/word/footnotes.xml", CT_WORD + "footnotes+xml"))
        parts["word/footnotes.xml"] = notes_part("footnote", opts.footnote)
    if opts.endnote is not None:
        doc_rels.append(("rId6", REL + "endnotes", "endnotes.xml"))
        overrides.append(("/word/endnotes.xml", CT_WORD + "endnotes+xml"))
        parts["word/endnotes.xml"] = notes_part("endnote", opts.endnote)

    # A4 with 1-inch margins, in twentieths of a point (ECMA-376 17.6.13, 17.6.11).
    sect = (
        '<w:sectPr>%s<w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1440" '
        'w:right="1440" w:bottom="1440" w:left="1440" w:header="708" w:footer="708" '
        'w:gutter="0"/></w:sectPr>' % refs
    )
    parts["word/document.xml"] = root("document", "<w:body>%s%s</w:body>" % ("".join(paras), sect))
    parts["word/styles.xml"] = STYLES
    parts["word/settings.xml"] = settings(opts.footnote is not None, opts.endnote is not None)
    parts["word/_rels/document.xml.rels"] = rels(doc_rels)
    parts["docProps/core.xml"] = core_props(opts.title, opts.author, opts.created)
    parts["docProps/app.xml"] = APP_PROPS
    parts["_rels/.rels"] = rels([
        ("rId1", REL + "officeDocument", "word/document.xml"),
        ("rId2", PKG_REL + "/metadata/core-properties", "docProps/core.xml"),
        ("rId3", REL + "extended-properties", "docProps/app.xml"),
    ])
    parts["[Content_Types].xml"] = (
        XML_DECL
        + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        + "".join('<Override PartName="%s" ContentType="%s"/>' % o for o in sorted(overrides))
        + "</Types>"
    )
    return parts


def zip_time():
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if not epoch:
        return (1980, 1, 1, 0, 0, 0)
    t = datetime.datetime.fromtimestamp(int(epoch), datetime.timezone.utc)
    return (max(t.year, 1980), t.month, t.day, t.hour, t.minute, t.second - t.second % 2)


def write_package(path, parts):
    """Write parts (name -> str or bytes) as a zip, sorted, with fixed metadata."""
    when = zip_time()
    tmp = path + ".tmp"
    with zipfile.ZipFile(tmp, "w") as zf:
        for name in sorted(parts):
            info = zipfile.ZipInfo(name, date_time=when)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0
            data = parts[name]
            if isinstance(data, str):
                data = data.encode("utf-8")
            zf.writestr(info, data, compresslevel=9)
    os.replace(tmp, path)


def main(argv=None):
    ap = argparse.ArgumentParser(description="Write a minimal valid .docx from text.")
    ap.add_argument("input", help="UTF-8 text, one paragraph per line ('-' for stdin)")
    ap.add_argument("output")
    for opt in ("header", "footer", "footnote", "endnote", "deleted", "inserted",
                "title", "author", "created"):
        ap.add_argument("--" + opt, metavar="TEXT")
    ap.add_argument("--field", action="store_true")
    opts = ap.parse_args(argv)
    if opts.input == "-":
        text = sys.stdin.buffer.read().decode("utf-8")
    else:
        with open(opts.input, "rb") as f:
            text = f.read().decode("utf-8")
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    write_package(opts.output, build(lines, opts))
    return 0


if __name__ == "__main__":
    sys.exit(main())
