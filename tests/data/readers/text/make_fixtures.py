#!/usr/bin/env python3
"""Write the plain-text reader's fixtures (tests/unit/test_text.c).

    make_fixtures.py [OUT_DIR]     (default: the folder of this script)

Each fixture is the same short, fictional note in a different encoding, or a
file with the faults real case folders hold (smart quotes saved by Word as
Windows-1252, damaged UTF-8, Windows line ends, form feeds). The bytes are
spelled out here so the files can be re-made exactly; the expected UTF-8 text
of each is in test_text.c. Running this twice changes no byte.
"""

import os
import sys

NOTE = ("Note of a call with Mrs Delphine Marchetti, SENCO, Larkspur Primary School\n"
        "Date: 12 March 2024\n"
        "Rosie\u2019s reading age is 7\u00bd \u2013 \u201cmuch improved\u201d \U0001F642\n")


def fixtures():
    """(file name, bytes) of every fixture."""
    return [
        ("utf8.txt", NOTE.encode("utf-8")),
        ("utf8-bom.txt", b"\xef\xbb\xbf" + NOTE.encode("utf-8")),
        ("utf16le-bom.txt", b"\xff\xfe" + NOTE.encode("utf-16-le")),
        ("utf16be-bom.txt", b"\xfe\xff" + NOTE.encode("utf-16-be")),
        # Word's "smart quotes" and dashes in Windows-1252; 0x81 is undefined.
        ("cp1252.txt",
         b"Mrs O\x92Brien said \x93thank you\x94 \x96 the plan is agreed\x85\n"
         b"Fee: \x80" b"50 \x97 caf\xe9 \x81 end\n"),
        # Mostly UTF-8 (three accented letters) with two damaged spots: a stray
        # 0xFF and a cut-off three-byte sequence (E2 82).
        ("invalid-utf8.txt", b"Caf\xc3\xa9, na\xc3\xafve Zo\xc3\xab \xff bad \xe2\x82 cut\n"),
        ("crlf.txt", b"Line one\r\nLine two\rLine three\n\r\nEnd\r\n"),
        ("formfeed.txt", b"Page one\n\fPage two\n\f\n\fPage four\n\f"),
    ]


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    for name, data in fixtures():
        with open(os.path.join(out, name), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main()
