#!/usr/bin/env python3
"""Write the e-mail reader's fixtures (tests/unit/test_reader_eml.c).

    make_fixtures.py [OUT_DIR]     (default: the folder of this script)

Every person, school, council and address is invented (example.* domains,
RFC 2606). The messages are spelled out byte for byte, not built with the
email package, so each fixture shows exactly the MIME feature it tests
(RFC 2047 encoded words, RFC 2231 file names, quoted-printable Windows-1252,
base64 attachments, an attached message/rfc822, nesting). The PDF
attachment is a one-page PDF written here by hand; the .docx attachment is
tests/data/readers/docx/letter.docx, copied in as base64. Nothing depends on
the clock: running this twice changes no byte.
"""

import base64
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DOCX = os.path.join(HERE, "..", "docx", "letter.docx")

SENCO = "Delphine Achterberg <d.achterberg@larkspur-primary.example.sch.uk>"
PARENT = "Gemma Marchetti <gemma.marchetti@example.net>"
COUNCIL = "Eastmere Council SEND Team <send@eastmere.example.gov.uk>"


def b64(data):
    """Base64 in 76-character lines (RFC 2045 s.6.8), each ending in LF."""
    text = base64.b64encode(data).decode("ascii")
    return "".join(text[i:i + 76] + "\n" for i in range(0, len(text), 76))


def pdf_one_page(lines):
    """A valid one-page PDF (Helvetica, WinAnsi) showing lines, with a
    correct cross-reference table, so any reader opens it without repair."""
    ops = ["BT", "/F1 14 Tf", "72 770 Td"]
    for i, line in enumerate(lines):
        esc = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        if i > 0:
            ops.append("0 -20 Td")
        ops.append("(%s) Tj" % esc)
    ops.append("ET")
    content = ("\n".join(ops) + "\n").encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"endstream",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for num, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % num + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref)
    return bytes(out)


SALT_PDF_LINES = [
    "Speech and Language Therapy Report",
    "Written by Keziah Marlowe, Specialist Speech and Language Therapist",
    "Date of report: 4 March 2024",
]

PLAIN_SENCO = """\
Return-Path: <d.achterberg@larkspur-primary.example.sch.uk>
Received: from mail.larkspur-primary.example.sch.uk (mail.larkspur-primary.example.sch.uk
 [192.0.2.10]) by mx.example.net with ESMTPS; Tue, 12 Mar 2024 16:05:09 +0000
From: Delphine Achterberg <d.achterberg@larkspur-primary.example.sch.uk>
To: Gemma Marchetti <gemma.marchetti@example.net>
Subject: Rosie's SEN support plan review
Date: Tue, 12 Mar 2024 16:05:00 +0000
Message-ID: <20240312160500.1@larkspur-primary.example.sch.uk>
MIME-Version: 1.0
Content-Type: text/plain; charset=us-ascii
Content-Transfer-Encoding: 7bit

Dear Ms Marchetti,

Thank you for coming in today. I will send the updated SEN support plan
after the review on 26 March 2024.

Kind regards,

Delphine Achterberg
SENCO, Larkspur Primary School
"""

HTML_BODY = """\
<!DOCTYPE html>
<html><head><title>Ignore me</title><style>p { color: red; }</style>
<script>var x = "<p>not text</p>";</script></head>
<body><p>Dear Ms Marchetti,</p>
<p>The speech and language therapist&#39;s visit is on
<b>Thursday&nbsp;21&nbsp;March&nbsp;2024</b>.<br>
Please bring Rosie&rsquo;s book &amp; her &lt;reading record&gt;.</p>
<ul><li>Fee: &pound;0</li><li>Room: 3&#x2019;s annex</li></ul>
<table><tr><td>Term</td><td>Spring</td></tr><tr><td>Year</td><td>2</td></tr></table>
<div>Kind regards,<br>Delphine Achterberg<br>SENCO</div>
<!-- a comment <p>hidden</p> -->
</body></html>
"""

HTML_ONLY = """\
From: Delphine Achterberg <d.achterberg@larkspur-primary.example.sch.uk>
To: Gemma Marchetti <gemma.marchetti@example.net>
Subject: Speech and language visit
Date: Mon, 18 Mar 2024 08:00:00 +0000
MIME-Version: 1.0
Content-Type: text/html; charset=utf-8
Content-Transfer-Encoding: 8bit

""" + HTML_BODY

ALTERNATIVE = """\
From: Delphine Achterberg <d.achterberg@larkspur-primary.example.sch.uk>
To: Gemma Marchetti <gemma.marchetti@example.net>
Subject: Educational psychologist
Date: Fri, 22 Mar 2024 12:00:00 +0000
MIME-Version: 1.0
Content-Type: multipart/alternative; boundary="alt-1"

This is a multi-part message in MIME format.

--alt-1
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: quoted-printable

The EP will observe Rosie on 9 April 2024 =E2=80=93 the plain part wins.

--alt-1
Content-Type: text/html; charset=utf-8

<p>The HTML part loses.</p>
--alt-1--
"""

NOTES_TXT = b"Review notes, 26 March 2024\nRosie reads 40 words a minute.\n"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(32))


def attachments():
    with open(DOCX, "rb") as f:
        docx = f.read()
    return """\
From: Gemma Marchetti <gemma.marchetti@example.net>
To: Eastmere Council SEND Team <send@eastmere.example.gov.uk>
Subject: Reports for Rosie
Date: Wed, 27 Mar 2024 09:15:00 +0000
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="mix-1"

--mix-1
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: quoted-printable

Please find attached Rosie=E2=80=99s reports.

--mix-1
Content-Type: text/plain; charset=utf-8; name="notes.txt"
Content-Disposition: attachment; filename="notes.txt"
Content-Transfer-Encoding: base64

""" + b64(NOTES_TXT) + """\
--mix-1
Content-Type: application/pdf; name="salt-report.pdf"
Content-Disposition: attachment; filename="salt-report.pdf"
Content-Transfer-Encoding: base64

""" + b64(pdf_one_page(SALT_PDF_LINES)) + """\
--mix-1
Content-Type: application/vnd.openxmlformats-officedocument.wordprocessingml.document;
 name="letter.docx"
Content-Disposition: attachment; filename="letter.docx"
Content-Transfer-Encoding: base64

""" + b64(docx) + """\
--mix-1
Content-Type: image/jpeg; name="photo.jpg"
Content-Disposition: attachment; filename="photo.jpg"
Content-Transfer-Encoding: base64

""" + b64(JPEG) + """\
--mix-1--
"""


def rfc2047_2231():
    # "Rosie’s EHC needs assessment – request" as a UTF-8 "B" encoded word,
    # a Latin-1 "Q" encoded display name, and file names in RFC 2231 form.
    subject = "Rosie\u2019s EHC needs assessment \u2013 request".encode("utf-8")
    return """\
From: =?ISO-8859-1?Q?Ren=E9e_Okafor?= <renee.okafor@eastmere.example.gov.uk>
To: Gemma Marchetti <gemma.marchetti@example.net>
Subject: =?UTF-8?B?""" + base64.b64encode(subject).decode("ascii") + """?=
Date: Thu, 4 Apr 2024 10:30:00 +0100
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="mix-2"

--mix-2
Content-Type: text/plain; charset=utf-8

Here is the draft plan.

--mix-2
Content-Type: text/plain; charset=utf-8
Content-Disposition: attachment;
 filename*=UTF-8''Rosie%E2%80%99s%20plan%20%E2%80%93%20draft.txt
Content-Transfer-Encoding: base64

""" + b64("Draft plan for Rosie \u2013 outcomes\n".encode("utf-8")) + """\
--mix-2
Content-Type: text/plain; charset=utf-8
Content-Disposition: attachment; filename="../../.secret/report.txt"

A file name that tries to leave the folder.

--mix-2
Content-Type: text/plain; charset=utf-8
Content-Disposition: attachment; filename*=UTF-8''...a%09b%01c.txt

Control characters in a file name.

--mix-2--
"""


NO_DATE = """\
Received: from mx.example.net by inbox.example.net; Sun, 31 Mar 2024 02:10:00 +0100
Received: from mail.eastmere.example.gov.uk (mail.eastmere.example.gov.uk [192.0.2.20])
 by mx.example.net; Sat, 30 Mar 2024 23:59:00 -0100
From: Eastmere Council SEND Team <send@eastmere.example.gov.uk>
To: Gemma Marchetti <gemma.marchetti@example.net>
Subject: Acknowledgement of your request
MIME-Version: 1.0
Content-Type: text/plain; charset=utf-8

We have received your request for an EHC needs assessment.
"""

ATTACHED_EMAIL = """\
From: Gemma Marchetti <gemma.marchetti@example.net>
To: Sefton Advocacy <help@sefton-advocacy.example.org>
Subject: Fwd: Decision on EHC needs assessment
Date: Wed, 17 Jul 2024 19:00:00 +0100
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="outer"

--outer
Content-Type: text/plain; charset=utf-8

Forwarding the council's reply.

--outer
Content-Type: message/rfc822

From: Eastmere Council SEND Team <send@eastmere.example.gov.uk>
To: Gemma Marchetti <gemma.marchetti@example.net>
Subject: Decision on EHC needs assessment
Date: Mon, 15 Jul 2024 23:30:00 +0000
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="inner"

--inner
Content-Type: text/plain; charset=utf-8

Please see the decision attached.

--inner
Content-Type: text/plain; charset=utf-8
Content-Disposition: attachment; filename="decision.txt"
Content-Transfer-Encoding: base64

""" + b64(b"We have decided not to carry out an EHC needs assessment.\n") + """\
--inner--

--outer--
"""

# Windows line ends (as Outlook saves), quoted-printable Windows-1252.
QP_CP1252 = ("""\
From: Gemma Marchetti <gemma.marchetti@example.net>
To: Delphine Achterberg <d.achterberg@larkspur-primary.example.sch.uk>
Subject: Mrs O'Brien's note
Date: Mon, 8 Apr 2024 07:45:00 +0100
MIME-Version: 1.0
Content-Type: text/plain; charset="windows-1252"
Content-Transfer-Encoding: quoted-printable

Mrs O=92Brien =96 =93the draft plan=94 is ready=85
Cost: =8050, a very long line that is wrapped by a soft line break here =
and continues.
""").replace("\n", "\r\n")

NOT_AN_EMAIL = "Shopping list\nmilk\neggs\n"


def nested(depth):
    """A message whose multiparts nest depth deep around one text part."""
    out = ["From: Loop Sender <loop@example.net>\n", "Subject: Nested\n",
           "Date: Tue, 12 Mar 2024 10:00:00 +0000\n", "MIME-Version: 1.0\n"]
    for i in range(depth):
        out.append('Content-Type: multipart/mixed; boundary="b%d"\n\n--b%d\n' % (i, i))
    out.append("Content-Type: text/plain\n\nThe bottom of the nest.\n")
    for i in reversed(range(depth)):
        out.append("--b%d--\n" % i)
    return "".join(out)


def fixtures():
    return [
        ("plain-senco.eml", PLAIN_SENCO),
        ("html-only.eml", HTML_ONLY),
        ("alternative.eml", ALTERNATIVE),
        ("attachments.eml", attachments()),
        ("rfc2047-2231.eml", rfc2047_2231()),
        ("no-date.eml", NO_DATE),
        ("attached-email.eml", ATTACHED_EMAIL),
        ("qp-cp1252.eml", QP_CP1252),
        ("not-an-email.eml", NOT_AN_EMAIL),
        ("nested-200.eml", nested(200)),
    ]


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else HERE
    for name, text in fixtures():
        with open(os.path.join(out, name), "wb") as f:
            f.write(text.encode("utf-8"))


if __name__ == "__main__":
    main()
