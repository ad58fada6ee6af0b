#!/usr/bin/env bash
# Rebuilds every binary document of the sample case (samples/refusal-to-assess/)
# from the texts in samples/sources/, so that each PDF, DOCX and .eml can be
# re-made from committed text (issue 3: "with the text each binary was made
# from"). The output is the same, byte for byte, on every run: the tools fix
# PDF IDs, zip entry times and MIME boundaries, and take every date from here.
#
#   samples/make-samples.sh [PATH/TO/sb_mkpdf]
#
# sb_mkpdf is the test tool built from tests/tools/sb_mkpdf.c; without an
# argument it is looked for in build/. The sources stay outside the case folder
# so that `sendbundle scan` does not read each document twice; attachments are
# built in a temporary folder and exist only inside their e-mails.
set -euo pipefail
cd "$(dirname "$0")/.."

mkpdf=${1:-}
if [ -z "$mkpdf" ]; then
	for c in build/tests/tools/sb_mkpdf build*/tests/tools/sb_mkpdf; do
		if [ -x "$c" ]; then
			mkpdf=$c
			break
		fi
	done
fi
if [ -z "$mkpdf" ] || [ ! -x "$mkpdf" ]; then
	echo "make-samples: sb_mkpdf not found; build it (cmake --build build" \
		"--target sb_mkpdf) or give its path" >&2
	exit 1
fi

src=samples/sources
out=samples/refusal-to-assess
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

pdf() { "$mkpdf" "$@" >/dev/null; }
# mkdocx.py dates the zip entries from SOURCE_DATE_EPOCH: each call sets it (to
# when the document was last saved), so a value in the caller's environment
# cannot change the bytes.
docx() {
	local when=$1
	shift
	SOURCE_DATE_EPOCH=$when python3 tests/tools/mkdocx.py "$@"
}
eml() { python3 samples/make-eml.py "$@"; }

# The council's decision letter (01) and the EP report (03): PDF.
pdf "$src/01-decision-letter.txt" "$out/01-decision-letter.pdf" \
	--title "Decision letter SEND/2026/04417" --author "Northshire County Council" \
	--created "D:20260914101500+01'00'"
pdf "$src/03-ep-report.txt" "$out/03-ep-report.pdf" --page-numbers \
	--title "Educational Psychology Report - Riley Morgan" --author "A Patel" \
	--created "D:20260602143000+01'00'"

# The SALT report (04) and the school's SEN support plan (05): DOCX. The zip
# times: 2026-04-20 11:05 and 2026-02-10 16:20 UTC.
docx 1776683100 "$src/04-salt-report.txt" "$out/04-salt-report.docx" \
	--footer "NHS Northshire Children's Therapy Services - CONFIDENTIAL" --field \
	--title "SLT report" --author "HughesL" --created 2026-04-20T11:05:00Z
docx 1770740400 "$src/05-sen-support-plan.txt" "$out/05-sen-support-plan.docx" \
	--header "Brookfield Primary School|My Support Plan - Riley Morgan" \
	--title "My Support Plan template 2025-26" --author "Brookfield Office" \
	--created 2025-09-01

# The e-mails (06, 07), each with its attachment (06a as PDF, 07a as DOCX,
# zip times 2026-07-26 19:40 UTC).
pdf "$src/06a-review-notes.txt" "$tmp/review-notes-6-July-2026.pdf" \
	--author "R Evans" --created "D:20260706163800+01'00'"
eml "$src/06-email-school-to-parent.txt" "$out/06-email-school-to-parent.eml" --html \
	--attach "$tmp/review-notes-6-July-2026.pdf"
docx 1785094800 "$src/07a-parental-views.txt" "$tmp/parental-views.docx" \
	--author "Kate Morgan" --created 2026-07-26T19:40:00Z
eml "$src/07-email-parent-to-la.txt" "$out/07-email-parent-to-la.eml" \
	--attach "$tmp/parental-views.docx"

echo "make-samples: wrote the binaries in $out/"
