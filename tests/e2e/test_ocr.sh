#!/usr/bin/env bash
# OCR in scan and check, end to end (issue 7, "Proof"): fixtures made here
# from known, fictional text (tests/tools/make_ocr_fixtures.py: a letter
# photographed sideways with an EXIF orientation, a speckled PNG scan, the
# same scanned upside down, a two-page fax TIFF, a PDF with no text layer, a cut-off JPEG, a
# decompression-bomb PNG), so the date, author and kind OCR must find are
# known. Asserts them after OCR, the OCR marks in the JSON (valid against
# the schema), the cache (a second scan gives the same bytes from it),
# --no-ocr, bad --ocr-lang values, the bad pictures named with their reason
# while the good files are still read, and the folder left as it was.
#
#   test_ocr.sh SENDBUNDLE SOURCE_DIR PYTHON3
# Exits 77 (skipped) when Python's PIL, which draws the fixtures, is missing.
set -euo pipefail
bin=$1 py=$3
src=$(cd "$2" && pwd)
"$py" -c 'import PIL' 2>/dev/null || {
	echo "skip: python3-pil is not installed (scripts/bootstrap installs it)"
	exit 77
}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export LC_ALL=C SENDBUNDLE_DATA_DIR=$src/data XDG_CACHE_HOME=$work/cache
. "$(dirname "$0")/lib.sh"
case_dir=$work/case
"$py" "$src/tests/tools/make_ocr_fixtures.py" "$src/tests/data/ocr" "$case_dir"
before=$(cd "$case_dir" && find . -printf '%p %s %T@\n' | sort)

# 1. OCR on, an empty cache: every picture read by Tesseract.
set +e
"$bin" scan "$case_dir" --json >"$work/first.json" 2>"$work/first.err"
rc=$?
set -e
[ "$rc" = 4 ] || fail "scan: exit $rc, want 4 (two pictures not read): $(cat "$work/first.err")"
"$py" -m jsonschema -i "$work/first.json" "$src/schemas/scan.schema.json" ||
	fail "scan JSON does not satisfy schemas/scan.schema.json"
"$py" - "$work/first.json" <<'EOF' || fail "the facts read by OCR are not the letter's"
import json, sys
scan = json.load(open(sys.argv[1]))
docs = {d["path"]: d for d in scan["documents"]}
errors = {e["path"]: e for e in scan["errors"]}
bad = []
def want(what, got, expected):
    if got != expected:
        bad.append(f"{what}: {got!r}, want {expected!r}")

want("documents", sorted(docs), ["certificate-fax.tif", "decision-photo.jpg",
                                 "decision-scan.png", "decision-scanned.pdf",
                                 "decision-upside-down.png"])
for name in ["decision-photo.jpg", "decision-scan.png", "decision-scanned.pdf",
             "decision-upside-down.png"]:
    d = docs[name]
    want(f"{name} format", d["format"], "pdf" if name.endswith(".pdf") else "image")
    want(f"{name} kind", d["kind"], "la_decision")
    want(f"{name} document_date", d["document_date"], "2026-10-02")
    want(f"{name} author", d["author"], "Helen Marsh")
    want(f"{name} author_role", d["author_role"], "LA_officer")
    want(f"{name} pages", d["pages"], 1)
    dates = [(x["date"], x["role"], x.get("ocr")) for x in d["dates"]]
    want(f"{name} dates", dates, [("2026-10-02", "document", True),
                                  ("2016-01-19", "birth", True),
                                  ("2026-08-14", "assessment", True),
                                  ("2026-09-29", "meeting", True)])
    ocr = d.get("ocr") or {}
    want(f"{name} ocr pages", ocr.get("pages"), [1])
    want(f"{name} ocr fields", ocr.get("fields"),
         ["document_date", "author", "author_role", "kind"])
    if not 80 <= ocr.get("confidence", 0) <= 100:
        bad.append(f"{name}: OCR confidence {ocr.get('confidence')} is not 80-100")
    want(f"{name} warnings", [w.split(" (confidence")[0] for w in d["warnings"]],
         ["page 1 was read by OCR"])
fax = docs["certificate-fax.tif"]
want("fax kind", fax["kind"], "mediation_certificate")
want("fax pages", fax["pages"], 2)
want("fax author", fax["author"], "Daniel Reeve")
want("fax document_date", fax["document_date"], "2026-11-06")
want("fax ocr fields", fax["ocr"]["fields"], ["document_date", "author", "author_role", "kind"])
want("fax dates", [(x["date"], x["page"], x.get("ocr")) for x in fax["dates"]],
     [("2026-11-06", 1, True), ("2026-10-20", 1, True), ("2026-10-02", 2, True)])
want("fax ocr pages", fax["ocr"]["pages"], [1, 2])
want("errors", sorted((p, e["code"]) for p, e in errors.items()),
     [("bomb.png", "too-large"), ("corrupt.jpg", "damaged")])
want("bomb message", errors["bomb.png"]["message"],
     "'bomb.png' page 1 is too large a picture: more than 100 million pixels "
     "(a damaged or hostile file?)")
want("corrupt message", errors["corrupt.jpg"]["message"],
     "'corrupt.jpg' is damaged: the JPEG is cut off or malformed")
if bad:
    print("\n".join(bad))
    sys.exit(1)
EOF
[ -s "$work/first.err" ] && ! grep -q "could not be read" "$work/first.err" &&
	fail "scan wrote more than its summary to stderr: $(cat "$work/first.err")"
[ "$(stat -c %a "$work/cache/sendbundle/ocr")" = 700 ] ||
	fail "the OCR cache folder is not private (mode 700)"
ncache=$(find "$work/cache/sendbundle/ocr" -name '*.json' | wc -l)
[ "$ncache" = 6 ] || fail "the OCR cache holds $ncache entries, want 6 (one per page read)"

# 2. The same scan again: every page from the cache, the same bytes.
set +e
"$bin" scan "$case_dir" --json >"$work/second.json" 2>/dev/null
set -e
cmp -s "$work/first.json" "$work/second.json" ||
	fail "a scan from the OCR cache differs from the first: $(diff "$work/first.json" "$work/second.json" | head -5)"
# A damaged cache entry is a miss, not an error: the same answer again.
for f in "$work"/cache/sendbundle/ocr/*.json; do printf '{"format":1,' >"$f"; done
set +e
"$bin" scan "$case_dir" --json >"$work/third.json" 2>/dev/null
set -e
cmp -s "$work/first.json" "$work/third.json" ||
	fail "a scan over damaged cache entries differs from the first"

# 3. The table says what came from OCR; --csv carries it in the notes.
set +e
"$bin" scan "$case_dir" >"$work/table.txt" 2>/dev/null
"$bin" scan "$case_dir" --csv >"$work/scan.csv" 2>/dev/null
set -e
grep -Eq "^decision-photo.jpg +LA decision +2026-10-02  Helen Marsh \(LA_officer\)  1 " "$work/table.txt" ||
	fail "the table does not show the photo's facts: $(head -5 "$work/table.txt")"
grep -q "decision-photo.jpg: page 1 was read by OCR (confidence" "$work/table.txt" ||
	fail "the table does not say the photo was read by OCR"
grep -q '^decision-photo.jpg,read,image,la_decision,2026-10-02,Helen Marsh,LA_officer,' "$work/scan.csv" ||
	fail "the CSV row of the photo is wrong: $(grep photo "$work/scan.csv")"

# 4. --no-ocr: the pictures are listed, their pages named as unread.
set +e
"$bin" scan "$case_dir" --json --no-ocr >"$work/noocr.json" 2>/dev/null
rc=$?
set -e
[ "$rc" = 4 ] || fail "scan --no-ocr: exit $rc, want 4"
"$py" - "$work/noocr.json" <<'EOF' || fail "scan --no-ocr is wrong"
import json, sys
docs = {d["path"]: d for d in json.load(open(sys.argv[1]))["documents"]}
bad = []
photo = docs["decision-photo.jpg"]
if photo["kind"] != "other" or photo["document_date"] is not None or "ocr" in photo:
    bad.append(f"photo read without OCR: {photo['kind']} {photo['document_date']}")
if photo["warnings"] != ["page 1 is an image and OCR is off: its text was not read"]:
    bad.append(f"photo warnings: {photo['warnings']}")
if docs["decision-scanned.pdf"]["warnings"] != ["page 1 has no text layer (scanned?): it needs OCR"]:
    bad.append(f"pdf warnings: {docs['decision-scanned.pdf']['warnings']}")
if docs["certificate-fax.tif"]["warnings"] != ["pages 1-2 are images and OCR is off: their text was not read"]:
    bad.append(f"fax warnings: {docs['certificate-fax.tif']['warnings']}")
if bad:
    print("\n".join(bad))
    sys.exit(1)
EOF

# 5. Bad --ocr-lang values: usage errors; a language with no data: exit 1
#    with the package to install.
set +e
"$bin" scan "$case_dir" --ocr-lang ../eng >/dev/null 2>"$work/lang.err"
rc=$?
set -e
[ "$rc" = 2 ] || fail "--ocr-lang ../eng: exit $rc, want 2"
grep -q "is not a list of language names" "$work/lang.err" || fail "--ocr-lang ../eng: $(cat "$work/lang.err")"
set +e
"$bin" scan "$case_dir" --ocr-lang zz_none >/dev/null 2>"$work/lang.err"
rc=$?
set -e
[ "$rc" = 1 ] || fail "--ocr-lang zz_none: exit $rc, want 1"
grep -q "apt-get install tesseract-ocr-zz_none" "$work/lang.err" ||
	fail "--ocr-lang zz_none gives no hint: $(cat "$work/lang.err")"

# 6. check reads the photographed decision letter and the faxed certificate:
#    the deadline from their dates.
chk=$work/check-case
mkdir "$chk"
cp "$case_dir/decision-photo.jpg" "$case_dir/certificate-fax.tif" "$chk/"
set +e
"$bin" check "$chk" --json --today 2026-10-20 >"$work/check.json" 2>"$work/check.err"
set -e
"$py" -m jsonschema -i "$work/check.json" "$src/schemas/check.schema.json" ||
	fail "check JSON does not satisfy schemas/check.schema.json"
"$py" - "$work/check.json" <<'EOF' || fail "check did not use the dates OCR read"
import json, sys
r = json.load(open(sys.argv[1]))
d = r.get("deadline") or {}
# HESC Rules r.20(1)(c): two months from the decision (2 December 2026) or
# one month from the certificate (6 December 2026, a Sunday: r.12(2) moves
# it to Monday 7 December), whichever is later.
if (d.get("decision_date") != "2026-10-02" or d.get("certificate_date") != "2026-11-06"
        or d.get("deadline") != "2026-12-07"):
    print(json.dumps(d, indent=1)[:800])
    sys.exit(1)
EOF

[ "$before" = "$(cd "$case_dir" && find . -printf '%p %s %T@\n' | sort)" ] ||
	fail "OCR changed the case folder"
[ "$failed" = 0 ] && echo "ok: OCR in scan and check"
exit "$failed"
