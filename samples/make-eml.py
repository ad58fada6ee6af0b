#!/usr/bin/env python3
"""Write a sample e-mail (.eml) from a text file, byte for byte the same on every run.

    make-eml.py IN.txt OUT.eml [--html] [--attach FILE [NAME]]...

IN.txt is an e-mail as a person would type it: header lines (From, To, Cc,
Date, Subject, Message-ID, ...), a blank line, then the plain-text body in
UTF-8. The headers are written in the order given; non-ASCII text in them
(the en dash of a Subject) is encoded as RFC 2047 encoded words, as a mail
program would send it. The body is quoted-printable text/plain; --html adds a
text/html alternative made from the same text, as Outlook sends it. Each
--attach adds FILE as a base64 attachment named NAME (default: FILE's base
name), with its media type taken from the table below rather than from the
system's mime.types, which differs between machines.

Only the standard library's email package is used. Nothing depends on the
clock, the host name or a random source: Date and Message-ID come from IN.txt
and every multipart boundary is fixed, so the committed samples never churn.
Lines end in CRLF, the canonical form of RFC 5322 section 2.1 (and what
Outlook writes when it saves a message).
"""

import argparse
import html
import os
import sys
from email.header import Header
from email.message import EmailMessage
from email.policy import default

# refold_source "none": the headers from IN.txt are written as typed (a Date of
# "Mon, 6 Jul 2026", not the "06 Jul" that Python would write).
POLICY = default.clone(linesep="\r\n", max_line_length=78, refold_source="none")

MEDIA_TYPES = {
    ".pdf": ("application", "pdf"),
    ".docx": ("application", "vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ".txt": ("text", "plain"),
}


def parse_source(path):
    """(headers as [(name, value)], body) from a typed e-mail."""
    with open(path, "rb") as f:
        text = f.read().decode("utf-8")
    text = text.replace("\r\n", "\n")
    head, sep, body = text.partition("\n\n")
    if not sep:
        raise SystemExit("make-eml: %s: no blank line after the headers" % path)
    headers = []
    for line in head.split("\n"):
        if line[:1] in (" ", "\t") and headers:
            name, value = headers[-1]
            headers[-1] = (name, value + " " + line.strip())
            continue
        name, colon, value = line.partition(":")
        if not colon or not name or " " in name:
            raise SystemExit("make-eml: %s: not a header line: %r" % (path, line))
        headers.append((name, value.strip()))
    return headers, body


def html_from_text(body):
    """A plain HTML rendering: one <p> per paragraph, line breaks kept."""
    paras = [p for p in body.strip("\n").split("\n\n") if p.strip()]
    inner = "\n".join(
        "<p>%s</p>" % "<br>\n".join(html.escape(line, quote=False) for line in p.split("\n"))
        for p in paras
    )
    return (
        '<html>\n<head>\n<meta http-equiv="Content-Type" content="text/html; charset=utf-8">\n'
        "</head>\n<body style=\"font-family: Calibri, sans-serif; font-size: 11pt\">\n"
        "%s\n</body>\n</html>\n" % inner
    )


def build(src, want_html, attachments, tag):
    headers, body = parse_source(src)
    msg = EmailMessage(policy=POLICY)
    for name, value in headers:
        if not value.isascii():
            # The whole value as encoded words, as Outlook and Gmail send it
            # (RFC 2047 section 2: B or Q, whichever is shorter; at most 76
            # characters a line).
            value = Header(value, "utf-8", header_name=name).encode(linesep="\n")
        msg.set_raw(name, value)
    msg["MIME-Version"] = "1.0"
    msg.set_content(body, subtype="plain", charset="utf-8", cte="quoted-printable")
    if want_html:
        msg.add_alternative(
            html_from_text(body), subtype="html", charset="utf-8", cte="quoted-printable"
        )
    for path, name in attachments:
        ext = os.path.splitext(name)[1].lower()
        if ext not in MEDIA_TYPES:
            raise SystemExit("make-eml: no media type for %r" % name)
        maintype, subtype = MEDIA_TYPES[ext]
        with open(path, "rb") as f:
            data = f.read()
        msg.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    # EmailMessage.set_content gives every part a MIME-Version header; RFC 2045
    # section 4 wants it once, at the top.
    for part in msg.walk():
        if part is not msg:
            del part["MIME-Version"]
    # Fixed boundaries (RFC 2046 section 5.1.1: any string not found in the parts).
    n = 0
    for part in msg.walk():
        if part.is_multipart():
            n += 1
            part.set_boundary("----=_Part_%s_%d" % (tag, n))
    return msg.as_bytes(policy=POLICY)


def main(argv=None):
    ap = argparse.ArgumentParser(description="Write a reproducible .eml from a typed e-mail.")
    ap.add_argument("input")
    ap.add_argument("output")
    ap.add_argument("--html", action="store_true", help="add a text/html alternative")
    ap.add_argument("--attach", nargs="+", action="append", default=[],
                    metavar=("FILE", "NAME"), help="attach FILE, optionally as NAME")
    opts = ap.parse_args(argv)
    attachments = []
    for a in opts.attach:
        if len(a) > 2:
            raise SystemExit("make-eml: --attach takes FILE and an optional NAME")
        attachments.append((a[0], a[1] if len(a) == 2 else os.path.basename(a[0])))
    tag = os.path.splitext(os.path.basename(opts.output))[0]
    data = build(opts.input, opts.html, attachments, tag)
    tmp = opts.output + ".tmp"
    with open(tmp, "wb") as f:
        f.write(data)
    os.replace(tmp, opts.output)
    return 0


if __name__ == "__main__":
    sys.exit(main())
