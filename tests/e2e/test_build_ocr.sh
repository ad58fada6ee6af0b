#!/usr/bin/env bash
# `sendbundle build` with scanned and photographed letters (issue 7, "build
# puts images in as pages ... and gives every OCR'd page an invisible text
# layer"). The case folder is made by tests/tools/make_ocr_fixtures.py (a
# letter photographed sideways with EXIF orientation 6, a 300 dpi PNG scan,
# the same scanned upside down, a two-frame fax TIFF, an image-only PDF, a cut-off JPEG and a PNG "bomb"),
# plus a smaller copy of the photo within 300 dpi and a typed PDF report.
# Everything is checked with poppler and qpdf, not MuPDF:
#
#  1. The cut-off JPEG and the bomb stop the build, each named, nothing
#     written; excluded in sendbundle.json, the build goes on.
#  2. Pictures become A4 pages as they stand (portrait here), the photo's
#     ink upright on its page, the upside-down scan turned upright; the fax
#     gives two pages.
#  3. pdftotext finds the letter's words on every OCR'd page (pictures and
#     the image-only PDF), with spaces between them; the text layer lies
#     over the picture's ink; the typed report's text is as it was.
#  4. No image is over 300 ppi; the large photo was redrawn as JPEG, the
#     grey scan kept lossless; the small photo's JPEG bytes pass through
#     unchanged (turned by the placement matrix only).
#  5. The text layer does not change what a page shows: the image-only PDF
#     page renders as it does in a bundle built with --no-ocr, but for its
#     stamp.
#  6. bundle_oracle.py passes; a rebuild gives the same bytes; the case
#     folder is unchanged.
#
#   test_build_ocr.sh SENDBUNDLE SOURCE_DIR PYTHON3
# Exit 77 (skipped) without Python's PIL or poppler/qpdf.
set -euo pipefail
bin=$1 src=$2 py=$3
"$py" -c 'import PIL' 2>/dev/null || {
	echo "skip: python3 PIL is missing"
	exit 77
}
for t in pdftotext pdfinfo pdfimages pdftoppm qpdf; do
	command -v "$t" >/dev/null || {
		echo "skip: $t is missing"
		exit 77
	}
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export LC_ALL=C SOURCE_DATE_EPOCH=1795000000
. "$(dirname "$0")/lib.sh"
build() {
	local out=$1
	shift
	set +e
	"$bin" build "$@" -o "$out" >"$out.out" 2>"$out.err"
	rc=$?
	set -e
}

case=$work/case
"$py" "$src/tests/tools/make_ocr_fixtures.py" "$src/tests/data/ocr" "$case" >/dev/null
cp "$src/samples/refusal-to-assess/03-ep-report.pdf" "$case/ep-report.pdf"
# The photo at a third of its pixels, 100 dpi: within 300 dpi on its page,
# so its JPEG goes in as it is, still lying on its side with EXIF 6.
"$py" - "$case/decision-photo.jpg" "$case/small-photo.jpg" <<'EOF'
import sys
from PIL import Image
im = Image.open(sys.argv[1])
exif = im.getexif()
assert exif.get(274) == 6, "the fixture photo should carry EXIF orientation 6"
small = im.resize((im.width // 3, im.height // 3))
small.save(sys.argv[2], quality=80, dpi=(100, 100), exif=exif.tobytes())
EOF

# 1. Unreadable pictures stop the build.
build "$work/bad.zip" "$case" --keep-duplicates
[ "$rc" = 1 ] || fail "a build with unreadable pictures exited $rc, not 1"
[ -e "$work/bad.zip" ] && fail "a build with unreadable pictures wrote the zip"
for f in corrupt.jpg bomb.png; do
	grep -q "'$f' cannot go in the bundle" "$work/bad.zip.err" ||
		fail "no message about $f: $(cat "$work/bad.zip.err")"
done
"$py" - "$case/sendbundle.json" <<'EOF'
import json, sys
json.dump({"appeal_type": "refusal-to-assess",
           "documents": [{"source": "corrupt.jpg", "exclude": True},
                         {"source": "bomb.png", "exclude": True}]},
          open(sys.argv[1], "w"), indent=2)
EOF
before=$(snapshot "$case")
build "$work/ocr.zip" "$case" --keep-duplicates
[ "$rc" = 0 ] || fail "the build exited $rc: $(cat "$work/ocr.zip.err")"
[ -e "$work/ocr.zip" ] || {
	echo "FAIL: no bundle written"
	exit 1
}
echo "ok: unreadable pictures stop the build until excluded"

mkdir "$work/ocr"
(cd "$work/ocr" && unzip -q ../ocr.zip)
pdf=$work/ocr/bundle.pdf
# first_page SOURCE / last_page SOURCE: from index.csv.
first_page() { awk -F, -v s="$1" '$8 == s { print $6 }' "$work/ocr/index.csv"; }
last_page() { awk -F, -v s="$1" '$8 == s { print $7 }' "$work/ocr/index.csv"; }
for s in decision-photo.jpg small-photo.jpg decision-scan.png certificate-fax.tif \
	decision-scanned.pdf decision-upside-down.png ep-report.pdf; do
	[ -n "$(first_page "$s")" ] || fail "$s is not in the index: $(cat "$work/ocr/index.csv")"
done
photo=$(first_page decision-photo.jpg)
small=$(first_page small-photo.jpg)
scan=$(first_page decision-scan.png)
fax=$(first_page certificate-fax.tif)
scanned=$(first_page decision-scanned.pdf)
# Fed into the scanner upside down, with nothing in the file to say so: OCR
# finds the text upside down, and the page goes in turned upright
# (bundle-spec "Format" 4: nothing upside down).
updown=$(first_page decision-upside-down.png)
ep=$(first_page ep-report.pdf)

# 2. A4 as the pictures stand; the fax's two frames, two pages.
[ "$(($(last_page certificate-fax.tif) - fax + 1))" = 2 ] ||
	fail "the fax gives $(($(last_page certificate-fax.tif) - fax + 1)) pages, not 2"
for p in "$photo" "$small" "$scan" "$fax" "$((fax + 1))" "$updown"; do
	info=$(pdfinfo -f "$p" -l "$p" "$pdf")
	grep -q "^Page *$p size: *595 x 842 pts (A4)" <<<"$info" ||
		fail "page $p is not A4 portrait: $(grep "^Page *$p" <<<"$info")"
	grep -q "^Page *$p rot: *0" <<<"$info" || fail "page $p has a /Rotate"
done

# upright PAGE: the rendered page's ink (darker than the photo's grey cast)
# sits where an upright letter's is: from near the top, left-aligned, ending
# above the page's lower quarter; and the text layer's words lie on ink.
upright() {
	pdftoppm -f "$1" -l "$1" -r 72 -gray "$pdf" "$work/up" &&
		pdftotext -f "$1" -l "$1" -bbox "$pdf" "$work/up.html" &&
		"$py" - "$work"/up-*"$1".pgm "$work/up.html" <<'EOF'
import re, sys
from PIL import Image
im = Image.open(sys.argv[1])
w, h = im.size
px = im.load()
ink = [(x, y) for y in range(h - 40) for x in range(w) if px[x, y] < 110]
assert ink, "no ink"
x0 = min(x for x, _ in ink); x1 = max(x for x, _ in ink)
y0 = min(y for _, y in ink); y1 = max(y for _, y in ink)
assert y0 < 0.25 * h and y1 < 0.75 * h and x0 < 0.25 * w and x1 < 0.9 * w, \
    f"ink box {x0},{y0}-{x1},{y1} on {w}x{h} is not an upright letter's"
words = re.findall(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">'
                   r'(Eastmoor|Borough|Council|Marsh)<', open(sys.argv[2]).read())
assert len(words) >= 4, f"too few words found: {words}"
for x0, y0, x1, y1, word in words:
    box = [(x, y) for y in range(int(float(y0)), int(float(y1)) + 1)
           for x in range(int(float(x0)), int(float(x1)) + 1)]
    dark = sum(1 for x, y in box if px[x, y] < 110)
    assert dark >= 0.05 * len(box), f"'{word}' at {x0},{y0} lies on no ink"
EOF
}
for p in "$photo" "$small" "$scan" "$scanned" "$updown"; do
	upright "$p" || fail "page $p is not upright, or its text layer is not over its ink"
	rm -f "$work"/up-*
done
echo "ok: pictures are upright A4 pages; the fax gives two"

# 3. The words, on every OCR'd page.
for p in "$photo" "$small" "$scan" "$scanned" "$updown"; do
	text=$(pdftotext -f "$p" -l "$p" "$pdf" -)
	for w in "Eastmoor Borough Council" "Helen Marsh" "2 October 2026"; do
		grep -qF "$w" <<<"$text" || fail "pdftotext does not find '$w' on page $p: $text"
	done
done
grep -qF "MEDIATION CERTIFICATE" <<<"$(pdftotext -f "$fax" -l "$fax" "$pdf" -)" ||
	fail "pdftotext does not find the certificate's heading on page $fax"
grep -qF "Daniel Reeve" <<<"$(pdftotext -f $((fax + 1)) -l $((fax + 1)) "$pdf" -)" ||
	fail "pdftotext does not find the certificate's signature on page $((fax + 1))"
pdftotext -f 1 -l 1 "$src/samples/refusal-to-assess/03-ep-report.pdf" "$work/ep.src.txt"
pdftotext -f "$ep" -l "$ep" "$pdf" "$work/ep.out.txt"
# The bundle's copy also has its stamp: a line of its own, with a blank one.
grep -vxF -e "$ep" -e "" "$work/ep.out.txt" >"$work/ep.out.body" || true
grep -vxF -e "" "$work/ep.src.txt" >"$work/ep.src.body" || true
cmp -s "$work/ep.src.body" "$work/ep.out.body" ||
	fail "the typed report's text changed: $(diff "$work/ep.src.body" "$work/ep.out.body")"
echo "ok: pdftotext finds the letter on every OCR'd page"

# 4. Images: at most 300 ppi; JPEG for the photo, lossless for the grey scan,
# the small photo's own bytes.
pdfimages -list "$pdf" | awk 'NR > 2 && ($13 > 300.5 || $14 > 300.5) { bad = 1; print }
	END { exit bad }' || fail "an image is over 300 ppi"
enc() { pdfimages -f "$1" -l "$1" -list "$pdf" | awk 'NR == 3 { print $9 }'; }
[ "$(enc "$photo")" = jpeg ] || fail "the redrawn photo is stored as $(enc "$photo"), not JPEG"
[ "$(enc "$scan")" = image ] || fail "the grey scan is stored as $(enc "$scan"), not Flate"
pdfimages -f "$small" -l "$small" -j "$pdf" "$work/small"
cmp -s "$work"/small-000.jpg "$case/small-photo.jpg" ||
	fail "the small photo's JPEG did not pass through unchanged"
echo "ok: images at most 300 ppi; photos as JPEG; a small JPEG passes through"

# 5. The text layer shows nothing: the image-only PDF page renders to the
# same pixels as in a bundle built without OCR (where it has no text layer),
# but for its stamp (the bottom 40 pt, 20 pixels at 36 dpi: its number may
# differ, as without OCR the documents have no dates and sort otherwise).
build "$work/plain.zip" "$case" --keep-duplicates --no-ocr
[ "$rc" = 0 ] || fail "the build without OCR exited $rc: $(cat "$work/plain.zip.err")"
plain=$(unzip -p "$work/plain.zip" index.csv | awk -F, '$8 == "decision-scanned.pdf" { print $6 }')
unzip -p "$work/plain.zip" bundle.pdf >"$work/plain.pdf"
pdftoppm -r 36 -gray -f "$plain" -l "$plain" "$work/plain.pdf" "$work/src"
pdftoppm -r 36 -gray -f "$scanned" -l "$scanned" "$pdf" "$work/out"
same=0
"$py" - "$work"/src-*.pgm "$work"/out-*.pgm <<'EOF' && same=1
import sys
from PIL import Image
a, b = Image.open(sys.argv[1]), Image.open(sys.argv[2])
assert a.size == b.size, (a.size, b.size)
w, h = a.size
box = (0, 0, w, h - 20)
assert a.crop(box).tobytes() == b.crop(box).tobytes(), "pixels differ"
EOF
[ "$same" = 1 ] || fail "the text layer changed what the scanned page shows"
echo "ok: the text layer shows nothing"

# 6. The bundle as a whole; the same bytes again; the folder as it was.
"$py" "$src/tests/oracle/bundle_oracle.py" "$work/ocr.zip" "$case" || fail "bundle_oracle"
build "$work/again.zip" "$case" --keep-duplicates
cmp -s "$work/ocr.zip" "$work/again.zip" || fail "a rebuild gives different bytes"
[ "$(snapshot "$case")" = "$before" ] || fail "the build changed the case folder"
echo "ok: oracle, reproducible, folder unchanged"

exit $failed
