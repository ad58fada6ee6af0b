#!/usr/bin/env python3
"""Checks a Word file that `sendbundle letter` wrote, independently of it.

usage: check_docx.py FILE.docx

Fails (exit 1, saying why) unless the file is a sound zip whose parts are all
well-formed XML, [Content_Types].xml gives the main document its Word content
type, every part the content types or relationships name is in the zip, and
the package relationship leads to word/document.xml. Then prints the
document's paragraphs, one a line (a tab as "\\t"), for a golden comparison.
"""
import sys
import xml.etree.ElementTree as ET
import zipfile

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"
REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
OFFICE_DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"


def fail(msg):
    print(f"check_docx: {msg}", file=sys.stderr)
    sys.exit(1)


def main():
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    try:
        z = zipfile.ZipFile(sys.argv[1])
    except (OSError, zipfile.BadZipFile) as e:
        fail(f"not a zip: {e}")
    bad = z.testzip()
    if bad is not None:
        fail(f"entry {bad} is damaged")
    names = set(z.namelist())
    trees = {}
    for name in sorted(names):
        if name.endswith(".xml") or name.endswith(".rels"):
            try:
                trees[name] = ET.fromstring(z.read(name))
            except ET.ParseError as e:
                fail(f"{name} is not well-formed XML: {e}")
    if "[Content_Types].xml" not in trees:
        fail("no [Content_Types].xml")
    overrides = {o.get("PartName"): o.get("ContentType")
                 for o in trees["[Content_Types].xml"].iter(CT + "Override")}
    if overrides.get("/word/document.xml") != MAIN:
        fail("[Content_Types].xml does not make word/document.xml a Word document")
    for part in overrides:
        if part.lstrip("/") not in names:
            fail(f"[Content_Types].xml names {part}, which is not in the zip")
    defaults = {d.get("Extension") for d in trees["[Content_Types].xml"].iter(CT + "Default")}
    if not {"rels", "xml"} <= defaults:
        fail("[Content_Types].xml has no default types for .rels and .xml")
    rels = trees.get("_rels/.rels")
    if rels is None:
        fail("no _rels/.rels")
    targets = [r.get("Target") for r in rels.iter(REL + "Relationship")
               if r.get("Type") == OFFICE_DOC]
    if targets != ["word/document.xml"]:
        fail(f"_rels/.rels leads to {targets}, not word/document.xml")
    for name, tree in trees.items():
        if not name.endswith(".rels"):
            continue
        base = name.split("_rels/")[0]
        for r in tree.iter(REL + "Relationship"):
            if r.get("TargetMode") == "External":
                continue
            target = r.get("Target").lstrip("/") if r.get("Target").startswith("/") \
                else base + r.get("Target")
            if target not in names:
                fail(f"{name} leads to {target}, which is not in the zip")
    doc = trees["word/document.xml"]
    if doc.tag != W + "document" or doc.find(W + "body") is None:
        fail("word/document.xml has no w:document/w:body")
    for p in doc.find(W + "body").iter(W + "p"):
        text = []
        for e in p.iter():
            if e.tag == W + "t":
                text.append(e.text or "")
            elif e.tag == W + "tab":
                text.append("\\t")
        print("".join(text))


if __name__ == "__main__":
    main()
