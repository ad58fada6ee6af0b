#!/usr/bin/env bash
# scan, check and build over hostile input (issue 8, "Hardening": "Scan, check
# and build run over it: no crash, no hang (bounded time and memory), every
# bad file named with a reason, the good files still processed, nothing
# outside the folder read, and exit codes as documented").
#
# The case folder is made by tests/tools/make_hostile.py (tests/data/hostile/
# README.md lists it). For every run:
#
#  1. It ends within its time limit (timeout) and its peak memory (GNU time's
#     %M) stays under a bound far below what the bombs would take if read.
#  2. scan --json exits 4; its "errors" are exactly the bad files, each with
#     its code; the good files are documents with their facts; --no-ocr, OCR
#     on and --jobs 1 give the same answer.
#  3. A file deleted, or swapped for a FIFO, after the walk and before the
#     read (tests/tools/sb_vanish.c, an LD_PRELOAD shim: certain, not a race)
#     is named, unreadable / not-a-file, and the rest is still read.
#  4. check --json exits 1 with an "unreadable" finding for each bad file.
#  5. build exits 1 naming each bad file, and writes nothing; with the bad
#     files excluded in sendbundle.json it exits 0 with the good ones in.
#  6. The marker in the file the links point at (outside the folder) is in
#     no output; the case folder is unchanged by every command.
#
#   test_hostile.sh SENDBUNDLE SOURCE_DIR PYTHON3 SB_VANISH_SO
# Exit 77 (skipped) without qpdf (the encrypted PDFs) or GNU time.
set -euo pipefail
bin=$1 src=$2 py=$3 shim=$4
command -v qpdf >/dev/null || {
	echo "skip: qpdf is missing (scripts/bootstrap installs it)"
	exit 77
}
[ -x /usr/bin/time ] || {
	echo "skip: /usr/bin/time (GNU time) is missing"
	exit 77
}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export LC_ALL=C SOURCE_DATE_EPOCH=1795000000
. "$(dirname "$0")/lib.sh"
# Peak memory allowed per run, in KB. The zip bomb unpacks to 200 MB and the
# billion laughs to 3 GB, so reading either would pass this; a sanitizer
# build needs about three times as much for its shadow memory and quarantine.
max_kb=400000
grep -q __asan_init "$bin" && max_kb=1200000
limit=60
# Under valgrind (scripts/test --valgrind runs "$bin" through a wrapper
# script) a run takes twenty to fifty times as long and memcheck keeps its
# own shadow of every byte: the bounds still catch a hang or a blow-up.
if grep -q valgrind "$bin"; then
	limit=1500
	max_kb=1600000
fi

# run NAME CMD...: bounded in time and memory; $rc is its exit status and
# $work/NAME.out/.err its output.
run() {
	local name=$1 kb
	shift
	set +e
	/usr/bin/time -o "$work/$name.time" -f %M timeout -s KILL "$limit" "$@" \
		>"$work/$name.out" 2>"$work/$name.err"
	rc=$?
	set -e
	[ "$rc" = 137 ] && fail "$name: killed after ${limit}s (a hang?)"
	[ "$rc" -ge 128 ] && fail "$name: died of signal $((rc - 128)): $(tail -5 "$work/$name.err")"
	kb=$(tail -1 "$work/$name.time")
	[ "$kb" -lt "$max_kb" ] 2>/dev/null || fail "$name: peak memory ${kb} KB, over $max_kb KB"
	grep -q "ERROR: AddressSanitizer\|runtime error:" "$work/$name.err" &&
		fail "$name: sanitizer report: $(grep -m3 "ERROR\|runtime error" "$work/$name.err")"
	return 0
}

"$py" "$src/tests/tools/make_hostile.py" "$src" "$work" >"$work/make.out"
case=$work/case
marker=OUTSIDE-MARKER-7f3a9c1e
before=$(snapshot "$case")

# The errors scan must give: path and code, one per bad file.
nested=nested-2000.eml
for _ in $(seq 17); do nested="$nested#1/attachment-1.eml"; done
cat >"$work/want-errors" <<EOF
bad-xref.pdf damaged
billion-laughs.docx damaged
bomb.png too-large
cut-off.jpg damaged
empty.pdf damaged
encrypted.pdf encrypted
fifo.pdf not-a-file
junk-header.pdf damaged
junk.pdf damaged
link-out-dir outside-folder
link-out.txt outside-folder
$nested too-deep
not-zip.docx damaged
pages-10000.pdf too-many-pages
truncated.docx damaged
truncated.pdf damaged
zip-bomb.docx too-large
EOF
# The documents it must still read: path, kind, date.
nested_docs=nested-2000.eml
{
	echo "01-decision-letter.pdf la_decision 2026-09-14"
	echo "02-mediation-certificate.txt mediation_certificate 2026-11-03"
	echo "bad-name-\\u00ff\\u00fe.txt other None"
	echo "becomes-fifo.txt other 2026-03-07"
	echo "encrypted-owner-only.pdf other 2026-03-04"
	echo "invalid-utf8.txt other 2026-03-05"
	for _ in $(seq 17); do
		echo "$nested_docs correspondence 2026-11-02"
		nested_docs="$nested_docs#1/attachment-1.eml"
	done
	echo "nested-multipart-2000.eml correspondence 2026-11-02"
	echo "vanish.txt other 2026-03-06"
} | sort >"$work/want-docs"

# scan JSON -> "path code" lines of its errors, "path kind date" of its
# documents (non-ASCII in paths as \uXXXX escapes), and checks that every
# error has a message.
summarise() {
	"$py" - "$1" "$2" "$3" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
esc = lambda s: s.encode("ascii", "backslashreplace").decode().replace("\\x", "\\u00")
with open(sys.argv[2], "w") as f:
    for e in sorted(d["errors"], key=lambda e: e["path"]):
        assert e["message"], e
        f.write("%s %s\n" % (esc(e["path"]), e["code"]))
with open(sys.argv[3], "w") as f:
    for x in sorted(d["documents"], key=lambda x: x["path"]):
        f.write("%s %s %s\n" % (esc(x["path"]), x["kind"], x["document_date"]))
EOF
}

# 1-2. scan: --no-ocr, one job, and OCR on (the pictures).
for mode in no-ocr jobs1 ocr; do
	case $mode in
	no-ocr) run scan-$mode "$bin" scan --json --no-ocr "$case" ;;
	jobs1) run scan-$mode "$bin" scan --json --no-ocr --jobs 1 "$case" ;;
	ocr) run scan-$mode "$bin" scan --json "$case" ;;
	esac
	[ "$rc" = 4 ] || fail "scan ($mode) exited $rc, not 4: $(tail -3 "$work/scan-$mode.err")"
	summarise "$work/scan-$mode.out" "$work/got-errors-$mode" "$work/got-docs-$mode" ||
		fail "scan ($mode) JSON unreadable"
	diff "$work/want-errors" "$work/got-errors-$mode" >/dev/null ||
		fail "scan ($mode) errors: $(diff "$work/want-errors" "$work/got-errors-$mode")"
	diff "$work/want-docs" "$work/got-docs-$mode" >/dev/null ||
		fail "scan ($mode) documents: $(diff "$work/want-docs" "$work/got-docs-$mode")"
	grep -q "17 files in '.*' could not be read" "$work/scan-$mode.err" ||
		fail "scan ($mode) did not count the unreadable files: $(tail -2 "$work/scan-$mode.err")"
done
cmp -s "$work/scan-no-ocr.out" "$work/scan-jobs1.out" || fail "scan --jobs 1 gave other JSON"
# The good files' facts, as in the sample case.
"$py" - "$work/scan-no-ocr.out" <<'EOF' || fail "the good files' facts are not as in the sample"
import json, sys
docs = {d["path"]: d for d in json.load(open(sys.argv[1]))["documents"]}
letter = docs["01-decision-letter.pdf"]
assert letter["author"] == "J. Whitfield" and letter["pages"] == 1, letter
cert = docs["02-mediation-certificate.txt"]
assert cert["author"] == "P. Okafor" and cert["document_date"] == "2026-11-03", cert
EOF
[ "$failed" = 0 ] && echo "ok: scan names every bad file with its code and reads the good ones"

# 3. Files that vanish or stop being files between the walk and the read.
# A copy beside the first, so its relative link still points outside.
cp -a "$case" "$work/case-vanish"
run scan-vanish env LD_PRELOAD="$shim" SB_VANISH_DELETE=vanish.txt \
	SB_VANISH_FIFO=becomes-fifo.txt "$bin" scan --json --no-ocr "$work/case-vanish"
[ "$rc" = 4 ] || fail "scan (vanishing files) exited $rc, not 4"
summarise "$work/scan-vanish.out" "$work/got-errors-vanish" "$work/got-docs-vanish"
{
	cat "$work/want-errors"
	echo "becomes-fifo.txt not-a-file"
	echo "vanish.txt unreadable"
} | sort >"$work/want-errors-vanish"
grep -v '^becomes-fifo.txt \|^vanish.txt ' "$work/want-docs" >"$work/want-docs-vanish"
diff "$work/want-errors-vanish" "$work/got-errors-vanish" >/dev/null ||
	fail "vanishing files: $(diff "$work/want-errors-vanish" "$work/got-errors-vanish")"
diff "$work/want-docs-vanish" "$work/got-docs-vanish" >/dev/null ||
	fail "vanishing files, documents: $(diff "$work/want-docs-vanish" "$work/got-docs-vanish")"
[ -e "$work/case-vanish/vanish.txt" ] && fail "the shim did not delete vanish.txt"
[ -p "$work/case-vanish/becomes-fifo.txt" ] || fail "the shim did not swap in a FIFO"
[ "$failed" = 0 ] && echo "ok: a file deleted or swapped for a pipe mid-scan is named"

# 4. check: exit 1, one "unreadable" finding per bad file.
run check "$bin" check --json --no-ocr --today 2026-11-23 "$case"
[ "$rc" = 1 ] || fail "check exited $rc, not 1: $(tail -3 "$work/check.err")"
"$py" - "$work/check.out" "$work/want-errors" <<'EOF' || fail "check's unreadable findings differ"
import json, sys
found = sorted(f["paths"][0] for f in json.load(open(sys.argv[1]))["findings"]
               if f["code"] == "unreadable")
want = sorted(line.split(" ")[0] for line in open(sys.argv[2]))
assert found == want, (found, want)
EOF
[ "$failed" = 0 ] && echo "ok: check lists every bad file as unreadable"

# 5. build: stops at the bad files, writing nothing; with them excluded, builds.
run build-bad "$bin" build "$case" -o "$work/bad.zip"
[ "$rc" = 1 ] || fail "build over bad files exited $rc, not 1"
[ -e "$work/bad.zip" ] && fail "build over bad files wrote the zip"
ls "$work" | grep -q '^bad\.zip.' && fail "build over bad files left $(ls "$work" | grep '^bad\.zip.')"
while read -r path _; do
	grep -qF "'$path' cannot go in the bundle" "$work/build-bad.err" ||
		fail "build did not name $path"
done <"$work/want-errors"
[ "$(snapshot "$case")" = "$before" ] || fail "scan, check or build changed the case folder"

"$py" - "$work/scan-no-ocr.out" "$case/sendbundle.json" <<'EOF'
import json, sys
errors = json.load(open(sys.argv[1]))["errors"]
json.dump({"appeal_type": "refusal-to-assess",
           "documents": [{"source": e["path"], "exclude": True} for e in errors]},
          open(sys.argv[2], "w"), indent=2)
EOF
before=$(snapshot "$case")
run build "$bin" build "$case" -o "$work/ok.zip"
[ "$rc" = 0 ] || fail "build with the bad files excluded exited $rc: $(tail -3 "$work/build.err")"
grep -q "^Wrote '.*ok.zip': 28 pages, 25 documents.$" "$work/build.out" ||
	fail "build said: $(cat "$work/build.out")"
"$py" - "$work/ok.zip" <<'EOF' || fail "the bundle's originals are not the good files"
import sys, zipfile
names = [n for n in zipfile.ZipFile(sys.argv[1]).namelist() if n.startswith("originals/")]
assert "originals/A/1 Decision letter.pdf" in names, names
assert "originals/A/2 Mediation certificate.txt" in names, names
assert len(names) == 25, names
for bad in ("bomb", "Zip bomb", "Encrypted.pdf", "Junk", "Empty", "Fifo", "Link"):
    assert not any(bad in n for n in names), (bad, names)
EOF
[ "$(snapshot "$case")" = "$before" ] || fail "build changed the case folder"
[ "$failed" = 0 ] && echo "ok: build stops at bad files until they are excluded"

# 6. Nothing from outside the folder, in any output.
mkdir "$work/unzipped"
(cd "$work/unzipped" && unzip -q "$work/ok.zip")
if grep -rlF "$marker" "$work"/*.out "$work"/*.err "$work/unzipped" >"$work/leaks"; then
	fail "the marker from outside the folder is in: $(cat "$work/leaks")"
fi
command -v pdftotext >/dev/null && pdftotext "$work/unzipped/bundle.pdf" - | grep -qF "$marker" &&
	fail "the marker from outside the folder is in the bundle's text"
[ "$failed" = 0 ] && echo "ok: nothing from outside the case folder was read"
exit $failed
