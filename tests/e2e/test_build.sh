#!/usr/bin/env bash
# `sendbundle build` end to end (issue 4, "Proof"). Every bundle is re-opened
# by tests/oracle/bundle_oracle.py (poppler and qpdf, not MuPDF), which checks
# page by page the stamp text and place, the page labels, the bookmarks and
# their targets, the index links and their targets, and the zip's contents.
#
#  1. The sample case: golden index.csv, chronology.csv and report; JSON
#     outputs valid against their schemas; the case folder unchanged; a
#     rebuild gives identical bytes; an existing OUT refused without --force.
#  2. Options: section numbering, other stamp positions.
#  3. Geometry: rotated, cropped, landscape and annotated pages keep their
#     boxes with upright stamps inside; blank pages dropped, or kept with
#     --keep-blank; a duplicate copy left out and listed; pages whose content
#     leaves q/Q unbalanced, stops early or is damaged still get their stamp.
#  4. A 250-document case: the index runs to several pages; 250 pages of
#     appellant's evidence is over the 75-page limit (PD 2025 Schedule One),
#     which stops the build, and with --allow-over-limit --reason builds with
#     the note in the zip.
#  5. A file that cannot be read stops the build unless sendbundle.json
#     excludes it; nothing is written.
#  6. Late evidence (--late-after): the pages sent render the same, new
#     documents follow as section F with their own index page, twice over;
#     nothing new, or another numbering, is refused.
#
#   test_build.sh SENDBUNDLE SOURCE_DIR PYTHON3
# SB_UPDATE_GOLDEN=1 rewrites the golden files from the actual run.
set -euo pipefail
bin=$1 src=$2 py=$3
golden=$src/tests/data/build
oracle=$src/tests/oracle/bundle_oracle.py
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export LC_ALL=C SOURCE_DATE_EPOCH=1795000000
. "$(dirname "$0")/lib.sh"
check() {
	local want=$1 got=$2
	if [ "${SB_UPDATE_GOLDEN:-0}" = 1 ]; then
		cp "$got" "$want"
	elif ! diff -u "$want" "$got"; then
		fail "$(basename "$got") differs from $want"
	fi
}
# build OUT CASE [options...]: runs build, keeps stdout/stderr in OUT.out/OUT.err
build() {
	local out=$1
	shift
	set +e
	"$bin" build "$@" -o "$out" >"$out.out" 2>"$out.err"
	rc=$?
	set -e
}
oracle() {
	"$py" "$oracle" "$@" || fail "bundle_oracle $*"
}

# 1. The sample case.
case=$work/sample
cp -a "$src/samples/refusal-to-assess" "$case"
before=$(snapshot "$case")
build "$work/one.zip" "$case"
[ "$rc" = 0 ] || fail "sample build exited $rc: $(cat "$work/one.zip.err")"
[ -s "$work/one.zip.err" ] && fail "sample build wrote to stderr: $(cat "$work/one.zip.err")"
sed "s|$work|@WORK@|g" "$work/one.zip.out" >"$work/report"
check "$golden/sample.stdout" "$work/report"
mkdir "$work/one"
(cd "$work/one" && unzip -q ../one.zip)
check "$golden/sample.index.csv" "$work/one/index.csv"
check "$golden/sample.chronology.csv" "$work/one/chronology.csv"
"$py" -m jsonschema -i "$work/one/index.json" "$src/schemas/index.schema.json" ||
	fail "index.json does not satisfy schemas/index.schema.json"
"$py" -m jsonschema -i "$work/one/chronology.json" "$src/schemas/chronology.schema.json" ||
	fail "chronology.json does not satisfy schemas/chronology.schema.json"
[ -f "$work/one/bundle-EH881-26-00117-hearing-2027-01-14.pdf" ] ||
	fail "the PDF is not named from the appeal number and hearing date"
oracle "$work/one.zip" "$case" --child "Riley Morgan"
[ "$before" = "$(snapshot "$case")" ] || fail "build changed the case folder"
echo "ok: the sample bundle"

build "$work/two.zip" "$case"
cmp -s "$work/one.zip" "$work/two.zip" || fail "a rebuild gives different bytes"
cp "$work/two.zip" "$work/keep.zip"
build "$work/two.zip" "$case"
[ "$rc" = 1 ] || fail "build over an existing OUT exited $rc, not 1"
grep -q "exists; nothing was written (use --force" "$work/two.zip.err" ||
	fail "no 'exists' message: $(cat "$work/two.zip.err")"
cmp -s "$work/two.zip" "$work/keep.zip" || fail "the existing OUT was changed"
build "$work/two.zip" "$case" --force
[ "$rc" = 0 ] && cmp -s "$work/one.zip" "$work/two.zip" || fail "--force did not rebuild the same"
ls "$work" | grep -q '\.tmp' && fail "a temporary file was left behind"
echo "ok: rebuilds are identical; OUT is kept without --force"

# 2. Options.
build "$work/sec.zip" "$case" --numbering section --stamp-position top-right
[ "$rc" = 0 ] || fail "section numbering exited $rc: $(cat "$work/sec.zip.err")"
oracle "$work/sec.zip" "$case" --numbering section --stamp-position top-right
build "$work/left.zip" "$case" --stamp-position bottom-left
oracle "$work/left.zip" "$case" --stamp-position bottom-left
echo "ok: section numbering and stamp positions"

# 3. Geometry, blank pages and duplicates.
fx=$work/fixtures
mkdir "$fx"
cp "$src"/tests/data/pdf_out/{geometry,annotated,blank,unruly}.pdf "$fx"/
# A damaged compressed stream the reader accepts (its text up to the damage).
cp "$src/tests/data/readers/pdf/faulty.pdf" "$fx"/
cp "$fx/annotated.pdf" "$fx/annotated-copy.pdf"
build "$work/fx.zip" "$fx"
[ "$rc" = 0 ] || fail "fixtures build exited $rc: $(cat "$work/fx.zip.err")"
oracle "$work/fx.zip" "$fx"
sed "s|$work|@WORK@|g" "$work/fx.zip.out" >"$work/fx.report"
check "$golden/fixtures.stdout" "$work/fx.report"
unzip -p "$work/fx.zip" index.csv >"$work/fx.index.csv"
check "$golden/fixtures.index.csv" "$work/fx.index.csv"
build "$work/fxk.zip" "$fx" --keep-blank --keep-duplicates
oracle "$work/fxk.zip" "$fx"
unzip -p "$work/fxk.zip" index.csv | cut -d, -f1-7 >"$work/fxk.index.csv"
check "$golden/fixtures-keep.index.csv" "$work/fxk.index.csv"
echo "ok: rotated, cropped, landscape, annotated and blank pages"

# 4. 250 documents.
big=$work/big
"$py" "$golden/make_big_case.py" "$big" 250
build "$work/big.zip" "$big"
[ "$rc" = 1 ] || fail "an over-limit build exited $rc, not 1"
[ -e "$work/big.zip" ] && fail "an over-limit build wrote $work/big.zip"
sed "s|$work|@WORK@|g" "$work/big.zip.err" >"$work/big.err"
check "$golden/big-over.stderr" "$work/big.err"
build "$work/big.zip" "$big" --allow-over-limit --reason "The LA's refusal letter cites 250 attendance letters."
[ "$rc" = 0 ] || fail "--allow-over-limit exited $rc: $(cat "$work/big.zip.err")"
oracle "$work/big.zip" "$big" --non-compliance
unzip -p "$work/big.zip" non-compliance.txt | tr -d '\r' >"$work/big.note"
check "$golden/big.non-compliance.txt" "$work/big.note"
chron=$(unzip -p "$work/big.zip" index.json | "$py" -c 'import json,sys; print(json.load(sys.stdin)["documents"][0]["first_page"])')
[ "$chron" -gt 9 ] || fail "250 index rows start the documents at page $chron"
echo "ok: 250 documents, the index runs to several pages, the page limit"

# 5. A file that cannot be read.
bad=$work/bad
cp -a "$case" "$bad"
cp "$src/tests/data/readers/pdf/encrypted.pdf" "$bad/08-protected.pdf"
build "$work/bad.zip" "$bad"
[ "$rc" = 1 ] || fail "a build with an unreadable file exited $rc, not 1"
[ -e "$work/bad.zip" ] && fail "a build with an unreadable file wrote the zip"
grep -q "'08-protected.pdf' cannot go in the bundle" "$work/bad.zip.err" ||
	fail "no message about the unreadable file: $(cat "$work/bad.zip.err")"
"$py" - "$bad/sendbundle.json" <<'EOF'
import json, sys
p = sys.argv[1]
d = json.load(open(p))
d["documents"].append({"source": "08-protected.pdf", "exclude": True})
json.dump(d, open(p, "w"), indent=2)
EOF
build "$work/bad.zip" "$bad"
[ "$rc" = 0 ] || fail "excluding the unreadable file did not build: $(cat "$work/bad.zip.err")"
echo "ok: an unreadable file stops the build unless excluded"

# 6. Late evidence, added to the sample bundle (one.zip) after it was sent.
late=$work/late
cp -a "$case" "$late"
cp "$src/tests/data/pdf_out/annotated.pdf" "$late/09-late-report.pdf"
printf 'Northshire County Council\n\n2 December 2026\n\nDear Mrs Morgan,\n\nPlease find the panel minutes enclosed.\n\nYours sincerely,\nJ. Whitfield\nSEN Officer\n' >"$late/10-la-letter.txt"
build "$work/late.zip" "$late" --late-after "$work/one.zip"
[ "$rc" = 0 ] || fail "--late-after exited $rc: $(cat "$work/late.zip.err")"
sed "s|$work|@WORK@|g" "$work/late.zip.out" >"$work/late.report"
check "$golden/late.stdout" "$work/late.report"
unzip -p "$work/late.zip" index.csv >"$work/late.index.csv"
check "$golden/late.index.csv" "$work/late.index.csv"
oracle "$work/late.zip" "$late" --late-after "$work/one.zip"
build "$work/late-again.zip" "$late" --late-after "$work/one.zip"
cmp -s "$work/late.zip" "$work/late-again.zip" || fail "a late rebuild gives different bytes"
printf 'Northtown Clinic\n\n5 December 2026\n\nDear Mrs Morgan,\n\nRiley was seen in clinic today.\n\nYours sincerely,\nDr K. Example\nConsultant Paediatrician\n' >"$late/11-clinic.txt"
build "$work/late2.zip" "$late" --late-after "$work/late.zip"
[ "$rc" = 0 ] || fail "a second --late-after exited $rc: $(cat "$work/late2.zip.err")"
oracle "$work/late2.zip" "$late" --late-after "$work/late.zip"
build "$work/late3.zip" "$late" --late-after "$work/late2.zip"
[ "$rc" = 1 ] && grep -q "there is no late evidence to add" "$work/late3.zip.err" ||
	fail "nothing new: exit $rc, $(cat "$work/late3.zip.err")"
build "$work/late4.zip" "$late" --late-after "$work/one.zip" --numbering section
[ "$rc" = 1 ] && grep -q "build with the --numbering the earlier bundle used" "$work/late4.zip.err" ||
	fail "another numbering: exit $rc, $(cat "$work/late4.zip.err")"
[ -e "$work/late3.zip" ] || [ -e "$work/late4.zip" ] && fail "a refused late build wrote a zip"
echo "ok: late evidence keeps the pages sent"

exit "$failed"
