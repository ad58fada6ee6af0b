#!/usr/bin/env python3
"""Make the hostile-input case folder of issue 8 ("Hardening").

    make_hostile.py SOURCE_DIR OUT_DIR

OUT_DIR/case is a case folder of files a family might find in a downloads
folder, each bad in one way, plus two good files from the sample case that
must still be read; OUT_DIR/outside holds a file with a marker that must never
appear in any output (a link in the case points at it). Python's standard
library only, and qpdf for the encrypted PDFs (without qpdf they are left out
and "no-qpdf" is printed). Everything is made from fixed bytes or a seeded
generator, so two runs give the same files. tests/data/hostile/README.md lists
the set and what sendbundle must say about each file.
"""
import io
import os
import random
import shutil
import struct
import subprocess
import sys
import zipfile
import zlib

MARKER = "OUTSIDE-MARKER-7f3a9c1e"
EPOCH = (1980, 1, 1, 0, 0, 0)


def pdf(pages_text, broken_xref=False):
    """A minimal valid PDF, one page per string, Helvetica text. Page
    objects are written once each: 10,000 pages stay near 1.5 MB."""
    objs = []

    def add(body):
        objs.append(body)
        return len(objs)

    font = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    pages_id = len(objs) + 1 + 2 * len(pages_text)
    kids = []
    for text in pages_text:
        esc = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        stream = ("BT /F1 12 Tf 72 720 Td (%s) Tj ET" % esc).encode("latin-1")
        content = add(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))
        kids.append(add(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] "
                        b"/Resources << /Font << /F1 %d 0 R >> >> /Contents %d 0 R >>"
                        % (pages_id, font, content)))
    assert add(b"<< /Type /Pages /Count %d /Kids [%s] >>" % (
        len(kids), b" ".join(b"%d 0 R" % k for k in kids))) == pages_id
    root = add(b"<< /Type /Catalog /Pages %d 0 R >>" % pages_id)
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objs, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (i, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1))
    for off in offsets:
        out.write(b"%010d 00000 n \n" % (off + (7 if broken_xref else 0)))
    out.write(b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n"
              % (len(objs) + 1, root, xref))
    return out.getvalue()


DOCX_TYPES = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
              b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
              b'<Default Extension="rels" ContentType="application/'
              b'vnd.openxmlformats-package.relationships+xml"/>'
              b'<Default Extension="xml" ContentType="application/xml"/>'
              b'<Override PartName="/word/document.xml" ContentType="application/'
              b'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
              b'</Types>')
DOCX_RELS = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
             b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
             b'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
             b'officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
             b'</Relationships>')
W_NS = b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def docx(path, document_xml_chunks):
    """A .docx whose word/document.xml is the concatenation of the chunks
    (an iterable, so a bomb is streamed, never held whole)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in (("[Content_Types].xml", DOCX_TYPES), ("_rels/.rels", DOCX_RELS)):
            z.writestr(zipfile.ZipInfo(name, EPOCH), data, zipfile.ZIP_DEFLATED)
        info = zipfile.ZipInfo("word/document.xml", EPOCH)
        info.compress_type = zipfile.ZIP_DEFLATED
        with z.open(info, "w", force_zip64=True) as f:
            for chunk in document_xml_chunks:
                f.write(chunk)


def zip_bomb_chunks(total):
    yield b'<?xml version="1.0" encoding="UTF-8"?>\n<w:document ' + W_NS + b'><w:body><w:p><w:r><w:t>'
    block = b"A" * (1 << 20)
    for _ in range(total >> 20):
        yield block
    yield b"</w:t></w:r></w:p></w:body></w:document>"


def billion_laughs():
    ents = ['<!ENTITY lol0 "lol">']
    for i in range(1, 10):
        ents.append('<!ENTITY lol%d "%s">' % (i, ("&lol%d;" % (i - 1)) * 10))
    yield ('<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE w:document [\n%s\n]>\n'
           % "\n".join(ents)).encode()
    yield b'<w:document ' + W_NS + b'><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>'


def nested_rfc822(depth):
    """An e-mail with an e-mail attached, with an e-mail attached... depth
    times; the innermost says where it is."""
    body = ("From: innermost@example.org\r\nTo: parent@example.org\r\n"
            "Subject: level %d\r\nDate: Mon, 2 Nov 2026 09:00:00 +0000\r\n\r\n"
            "The innermost message.\r\n" % depth)
    for level in range(depth - 1, -1, -1):
        b = "b%d" % level
        body = ("From: level%d@example.org\r\nTo: parent@example.org\r\n"
                "Subject: level %d\r\nDate: Mon, 2 Nov 2026 09:00:00 +0000\r\n"
                "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"%s\"\r\n\r\n"
                "--%s\r\nContent-Type: text/plain\r\n\r\nLevel %d.\r\n"
                "--%s\r\nContent-Type: message/rfc822\r\n\r\n%s\r\n--%s--\r\n"
                % (level, level, b, b, level, b, body, b))
    return body.encode()


def nested_multipart(depth):
    """One e-mail whose multiparts nest depth deep (no attached e-mails)."""
    inner = "Content-Type: text/plain\r\n\r\nDeep text.\r\n"
    for level in range(depth - 1, -1, -1):
        b = "m%d" % level
        inner = ("Content-Type: multipart/mixed; boundary=\"%s\"\r\n\r\n--%s\r\n%s\r\n--%s--\r\n"
                 % (b, b, inner, b))
    return ("From: school@example.org\r\nTo: parent@example.org\r\nSubject: deep\r\n"
            "Date: Mon, 2 Nov 2026 09:00:00 +0000\r\nMIME-Version: 1.0\r\n" + inner).encode()


def png_chunk(kind, data):
    c = kind + data
    return struct.pack(">I", len(data)) + c + struct.pack(">I", zlib.crc32(c))


def bomb_png():
    """A PNG whose header claims 200000 x 200000 pixels, with one tiny
    compressed row (as tests/tools/make_ocr_fixtures.py)."""
    ihdr = struct.pack(">IIBBBBB", 200000, 200000, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", ihdr) +
            png_chunk(b"IDAT", zlib.compress(b"\0" * 1024)) + png_chunk(b"IEND", b""))


def cut_jpeg():
    """A baseline JPEG's opening (SOI, JFIF, a quantisation table, a frame
    header for 800 x 600 grey) and nothing after: a download cut off."""
    app0 = b"JFIF\0\x01\x01\0\0\x48\0\x48\0\0"
    dqt = b"\0" + bytes(range(1, 65))
    sof = struct.pack(">BHHB", 8, 600, 800, 1) + b"\x01\x11\x00"
    seg = lambda m, d: b"\xff" + m + struct.pack(">H", len(d) + 2) + d
    return b"\xff\xd8" + seg(b"\xe0", app0) + seg(b"\xdb", dqt) + seg(b"\xc0", sof)


def main():
    src, out = sys.argv[1], sys.argv[2]
    case = os.path.join(out, "case")
    outside = os.path.join(out, "outside")
    os.makedirs(case)
    os.makedirs(outside)
    rnd = random.Random(8)
    sample = os.path.join(src, "samples", "refusal-to-assess")
    w = lambda name, data: open(os.path.join(case, name), "wb").write(data)

    # The good files: read and their facts found, whatever is beside them.
    shutil.copy(os.path.join(sample, "01-decision-letter.pdf"), case)
    shutil.copy(os.path.join(sample, "02-mediation-certificate.txt"), case)

    # Outside the folder: a marker no output may contain.
    secret = os.path.join(outside, "secret.txt")
    open(secret, "w").write("From: Northbrook Council\nDate: 1 March 2026\n%s\n" % MARKER)
    os.symlink(os.path.relpath(secret, case), os.path.join(case, "link-out.txt"))
    os.symlink(os.path.abspath(outside), os.path.join(case, "link-out-dir"))

    # PDFs.
    w("empty.pdf", b"")
    w("junk.pdf", bytes(rnd.getrandbits(8) for _ in range(4096)))
    w("junk-header.pdf", b"%PDF-1.7\n" + bytes(rnd.getrandbits(8) for _ in range(4096)))
    letter = open(os.path.join(sample, "01-decision-letter.pdf"), "rb").read()
    w("truncated.pdf", letter[:len(letter) * 2 // 3])
    w("bad-xref.pdf", pdf(["Dated 3 March 2026. A letter whose table is off."], broken_xref=True))
    w("pages-10000.pdf", pdf(["Page %d of the big file." % (i + 1) for i in range(10000)]))
    plain = os.path.join(out, "plain.pdf")
    open(plain, "wb").write(pdf(["Dated 4 March 2026. A locked letter."]))
    if shutil.which("qpdf"):
        # A password to open it, and (readable by anyone) only an owner's.
        for name, user in (("encrypted.pdf", "secret-user"), ("encrypted-owner-only.pdf", "")):
            subprocess.run(["qpdf", "--static-id", "--encrypt", user, "owner-pw", "256", "--",
                            plain, os.path.join(case, name)], check=True)
    else:
        print("no-qpdf")
    os.unlink(plain)

    # Word files.
    w("not-zip.docx", b"This is a plain text file that was given a .docx name.\n")
    docx(os.path.join(case, "zip-bomb.docx"), zip_bomb_chunks(200 << 20))
    docx(os.path.join(case, "billion-laughs.docx"), billion_laughs())
    w("truncated.docx", open(os.path.join(sample, "04-salt-report.docx"), "rb").read()[:1500])

    # E-mails.
    w("nested-2000.eml", nested_rfc822(2000))
    w("nested-multipart-2000.eml", nested_multipart(2000))

    # Text that is not UTF-8, and a file name that is not either.
    w("invalid-utf8.txt", b"Dated 5 March 2026.\n\xff\xfe\xc3\x28 \xe2\x82 \xed\xa0\x80 end\n")
    w(os.fsdecode(b"bad-name-\xff\xfe.txt"), b"A file whose name is not UTF-8.\n")

    # Pictures.
    w("cut-off.jpg", cut_jpeg())
    w("bomb.png", bomb_png())

    # Not a regular file: a pipe named like a PDF (reading would block).
    os.mkfifo(os.path.join(case, "fifo.pdf"))

    # Vanishing during the scan: the files tests/tools/sb_vanish.c acts on,
    # listed by the walk as regular files.
    w("vanish.txt", b"Dated 6 March 2026. This file is deleted as it is opened.\n")
    w("becomes-fifo.txt", b"Dated 7 March 2026. This file is swapped for a pipe.\n")


if __name__ == "__main__":
    main()
