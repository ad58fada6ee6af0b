#!/bin/sh
# Re-make the PDF reader's fixtures from the .txt files beside this script.
#
#   tests/data/readers/pdf/make-fixtures.sh [SB_MKPDF]
#
# SB_MKPDF is the built fixture tool (default: build/tests/tools/sb_mkpdf).
# Needs qpdf (encryption), pdftotext and python3. Every output is
# deterministic: running this twice gives the same bytes, so the committed
# PDFs only change when a .txt (or the tool) does.
# All people, schools and councils in the texts are fictional.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../../.." && pwd)
mkpdf=${1:-"$root/build/tests/tools/sb_mkpdf"}
if [ ! -x "$mkpdf" ]; then
	echo "make-fixtures.sh: build sb_mkpdf first (cmake --build build --target sb_mkpdf)" >&2
	exit 1
fi
cd "$here"

# A three-page letter: page breaks at "\f", page numbers in the footer and
# ligatures ("fi" glyphs) in the text.
"$mkpdf" letter.txt letter.pdf --page-numbers
# One page with /Rotate 90: shown landscape, 842 x 595.
"$mkpdf" short.txt rotated.pdf --rotate 90
# A CropBox 36pt inside the A4 MediaBox (523 x 770 shown); the corner text
# lies in the cut-off margin and must not be read.
"$mkpdf" short.txt cropped.pdf --crop --corner-text "HIDDEN BY THE CROP BOX"
# A text page and a page that is only an image (a scan without OCR).
"$mkpdf" short.txt text-and-scan.pdf --image-page 2
# Six pages: text, image, text, drawing only, image, text.
"$mkpdf" scan.txt mixed.pdf --image-page 2 --blank-page 4 --image-page 5
# Info dictionary: Title, Author and CreationDate (the date is 12 March 2024).
"$mkpdf" info.txt info.pdf --title "Speech and Language Therapy Report – Zoë" \
	--author "Dr Imogen Farrow-Basset" --created "D:20240312093000+00'00'"
# A CreationDate that is a writer's default, not a real date.
"$mkpdf" info.txt info-baddate.pdf --title "   " --created "D:19700101000000Z"

# Encrypted with a user password (AES-256). AES-256 (R6) draws random salts,
# so the bytes differ on every run: keep the committed copy while it still
# holds the letter's text (checked with poppler, a different PDF reader).
if [ ! -e encrypted.pdf ] ||
	[ "$(pdftotext -upw user encrypted.pdf - 2>/dev/null)" != "$(pdftotext letter.pdf -)" ]; then
	qpdf --static-id --static-aes-iv --encrypt user owner 256 -- letter.pdf encrypted.pdf
fi

# The first half of the letter: what an interrupted download leaves.
size=$(wc -c < letter.pdf)
head -c $((size / 2)) letter.pdf > truncated.pdf

# Hand-written PDFs: ligatures and control characters through ToUnicode,
# an inherited negative /Rotate, a form row and columns, a font that is a
# decompression bomb, a damaged content stream.
/usr/bin/python3 make-raw.py .

# not-a-pdf.pdf is committed as it is: a web page saved with a .pdf name.

# Seeds for the fuzz target: small, and each reaching a different path.
corpus="$root/tests/fuzz/corpus/reader_pdf"
mkdir -p "$corpus"
for f in rotated.pdf cropped.pdf text-and-scan.pdf info.pdf encrypted.pdf truncated.pdf \
	not-a-pdf.pdf tounicode.pdf rotate-inherited.pdf faulty.pdf form-and-columns.pdf font-bomb.pdf; do
	cp "$f" "$corpus/$f"
done
