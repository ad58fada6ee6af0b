#!/usr/bin/env bash
# `sendbundle letter` end to end (issue 6, "letter"), on a copy of the sample
# case:
#  1. appeal-evidence against the bundle `build` wrote: golden text with the
#     bundle's pages, continuous and numbered by section;
#  2. the Word files of both letters: sound zips of well-formed parts that
#     lead to the document (tests/e2e/check_docx.py, Python's own zip and XML
#     readers), golden paragraphs; the same letter twice gives the same bytes;
#     -o FILE.txt writes exactly what stdout shows;
#  3. an existing FILE is refused without --force (and left as it was),
#     replaced with it; nothing is left behind;
#  4. a document added after the build is named (stderr) and not listed;
#     after `build --late-after` it is listed in section F with its pages;
#  5. the case folder is never changed.
#
#   test_letter.sh SENDBUNDLE SOURCE_DIR PYTHON3
# SB_UPDATE_GOLDEN=1 rewrites the golden files from the actual run.
set -euo pipefail
bin=$1 src=$2 py=$3
golden=$src/tests/data/letter
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export LC_ALL=C SOURCE_DATE_EPOCH=1700000000
. "$(dirname "$0")/lib.sh"
check() {
	local want=$1 got=$2
	if [ "${SB_UPDATE_GOLDEN:-0}" = 1 ]; then
		cp "$got" "$want"
	elif ! diff -u "$want" "$got"; then
		fail "$(basename "$got") differs from $want"
	fi
}
# run NAME args...: the program, in $work (so that paths in messages are the
# same on every machine), its stdout/stderr in NAME.out/NAME.err, exit in $rc.
run() {
	local name=$1
	shift
	set +e
	(cd "$work" && "$bin" "$@") >"$work/$name.out" 2>"$work/$name.err"
	rc=$?
	set -e
}
expect() {
	local want=$1 name=$2
	if [ "$rc" != "$want" ]; then
		fail "$name exited $rc, expected $want: $(cat "$work/$name.err")"
	fi
}

case_dir=$work/refusal-to-assess
cp -a "$src/samples/refusal-to-assess" "$case_dir"
# "below": the test adds a file to the folder for a while (line "stale").
before=$(snapshot "$case_dir" below)
today=(--today 22/11/2026)

run build build "$case_dir" -o bundle.zip
expect 0 build
run build-s build "$case_dir" -o bundle-s.zip --numbering section
expect 0 build-s

# 1. The evidence list, with the pages as stamped.
run evidence letter appeal-evidence "$case_dir" --bundle bundle.zip "${today[@]}"
expect 0 evidence
[ -s "$work/evidence.err" ] && fail "appeal-evidence wrote to stderr: $(cat "$work/evidence.err")"
check "$golden/appeal-evidence.txt" "$work/evidence.out"
run evidence-s letter appeal-evidence "$case_dir" --bundle bundle-s.zip "${today[@]}"
expect 0 evidence-s
check "$golden/appeal-evidence-section.txt" "$work/evidence-s.out"

# 2. Word files, and text files equal to stdout.
run request letter request-assessment "$case_dir" "${today[@]}"
expect 0 request
run no-folder letter request-assessment "$case_dir" -o missing/letter.docx
expect 1 no-folder
[ -e "$work/missing" ] && fail "a folder was made for -o missing/letter.docx"
mkdir "$work/out"
for kind in request-assessment appeal-evidence; do
	bundle=()
	[ "$kind" = appeal-evidence ] && bundle=(--bundle bundle.zip)
	run "$kind-docx" letter "$kind" "$case_dir" "${bundle[@]}" "${today[@]}" \
		-o "$work/out/$kind.docx"
	expect 0 "$kind-docx"
	grep -q "^Wrote '$work/out/$kind.docx': a draft " "$work/$kind-docx.out" ||
		fail "$kind: no 'Wrote' line: $(cat "$work/$kind-docx.out")"
	if "$py" "$src/tests/e2e/check_docx.py" "$work/out/$kind.docx" >"$work/$kind.paras"; then
		check "$golden/$kind.docx.txt" "$work/$kind.paras"
	else
		fail "$kind.docx is not a sound Word file"
	fi
	cp "$work/out/$kind.docx" "$work/$kind.first.docx"
	run "$kind-again" letter "$kind" "$case_dir" "${bundle[@]}" "${today[@]}" \
		-o "$work/out/$kind.docx" --force
	expect 0 "$kind-again"
	cmp -s "$work/$kind.first.docx" "$work/out/$kind.docx" ||
		fail "$kind.docx differs when written again"
	run "$kind-txt" letter "$kind" "$case_dir" "${bundle[@]}" "${today[@]}" \
		-o "$work/out/$kind.txt"
	expect 0 "$kind-txt"
done
cmp -s "$work/request.out" "$work/out/request-assessment.txt" ||
	fail "request-assessment.txt is not what stdout shows"
cmp -s "$work/evidence.out" "$work/out/appeal-evidence.txt" ||
	fail "appeal-evidence.txt is not what stdout shows"

# 3. Never replaced without --force.
echo "my own edits" >"$work/out/mine.docx"
run exists letter request-assessment "$case_dir" -o "$work/out/mine.docx"
expect 1 exists
[ "$(cat "$work/out/mine.docx")" = "my own edits" ] || fail "an existing file was replaced"
grep -q "exists; nothing was written (use --force to replace it)" "$work/exists.err" ||
	fail "no 'exists' message: $(cat "$work/exists.err")"
left=$(find "$work/out" -name '*.tmp.*')
[ -z "$left" ] || fail "temporary files left behind: $left"

# 4. A report that arrived after the bundle was sent.
cp "$src/tests/data/letter/no-case-file/ot-report.txt" "$case_dir/08-ot-report.txt"
run stale letter appeal-evidence "$case_dir" --bundle bundle.zip "${today[@]}"
expect 0 stale
check "$golden/appeal-evidence-stale.stderr" "$work/stale.err"
cmp -s "$work/evidence.out" "$work/stale.out" || fail "a document not in the bundle was listed"
run late build "$case_dir" -o bundle-v2.zip --late-after bundle.zip
expect 0 late
run late-letter letter appeal-evidence "$case_dir" --bundle bundle-v2.zip "${today[@]}"
expect 0 late-letter
[ -s "$work/late-letter.err" ] && fail "late: stderr: $(cat "$work/late-letter.err")"
check "$golden/appeal-evidence-late.txt" "$work/late-letter.out"
rm "$case_dir/08-ot-report.txt"

# 5. The case folder is as it was.
[ "$(snapshot "$case_dir" below)" = "$before" ] || fail "the case folder changed"

[ "$failed" = 0 ] && echo "ok: letter"
exit "$failed"
