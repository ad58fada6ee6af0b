#!/usr/bin/env bash
# `sendbundle check` end to end (issue 6, "Proof"): fictional case folders,
# made here from the sample case and test fixtures, that between them raise
# every finding code, and a clean case that raises none; and --against an
# LA bundle that leaves one report out and adds one. Golden JSON for
# each (valid against schemas/check.schema.json), the human report of the
# sample, exit codes, and the case folder left as it was.
#
#   test_check.sh SENDBUNDLE SOURCE_DIR PYTHON3
# SB_UPDATE_GOLDEN=1 rewrites the golden files from the actual run.
set -euo pipefail
bin=$1 py=$3
src=$(cd "$2" && pwd)
golden=$src/tests/data/check
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export LC_ALL=C SENDBUNDLE_DATA_DIR=$src/data SOURCE_DATE_EPOCH=1795000000
. "$(dirname "$0")/lib.sh"
check() {
	local want=$1 got=$2
	if [ "${SB_UPDATE_GOLDEN:-0}" = 1 ]; then
		cp "$got" "$want"
	elif ! diff -u "$want" "$got"; then
		fail "$(basename "$got") differs from $want"
	fi
}
# run NAME WANT_RC CASE ARGS...: check --json into $work/NAME.json (golden
# NAME.json), valid against the schema, exit WANT_RC, folder unchanged.
run() {
	local name=$1 want=$2 dir=$3
	shift 3
	local before
	before=$(cd "$dir" && find . -printf '%p %s %T@\n' | sort)
	set +e
	"$bin" check "$dir" --json "$@" >"$work/$name.json" 2>"$work/$name.err"
	rc=$?
	set -e
	[ "$rc" = "$want" ] || fail "$name: exit $rc, want $want: $(cat "$work/$name.err")"
	[ -s "$work/$name.err" ] && fail "$name: wrote to stderr: $(cat "$work/$name.err")"
	sed -i "s|$work|@WORK@|g" "$work/$name.json"
	"$py" -m jsonschema -i "$work/$name.json" "$src/schemas/check.schema.json" ||
		fail "$name: JSON does not satisfy schemas/check.schema.json"
	check "$golden/$name.json" "$work/$name.json"
	[ "$before" = "$(cd "$dir" && find . -printf '%p %s %T@\n' | sort)" ] ||
		fail "$name: check changed the case folder"
}
codes() {
	"$py" -c 'import json,sys; print(" ".join(sorted({f["code"] for f in json.load(open(sys.argv[1]))["findings"]})))' "$1"
}

# 1. Clean: the sample without its e-mails, a month before the deadline.
clean=$work/clean
cp -a "$src/samples/refusal-to-assess" "$clean"
"$py" - "$clean/sendbundle.json" <<'EOF'
import json, sys
p = sys.argv[1]
d = json.load(open(p))
for doc in d["documents"]:
    if doc["source"] in ("06-email-school-to-parent.eml", "07-email-parent-to-la.eml"):
        doc["exclude"] = True
json.dump(d, open(p, "w"), indent=2)
EOF
run clean 0 "$clean" --today 2026-11-03 --hearing-date 2027-01-14
[ "$(codes "$work/clean.json")" = "" ] || fail "clean case has findings: $(codes "$work/clean.json")"
echo "ok: a clean case has no findings"

# 2. The sample as it is: near the deadline, e-mails, a late decision; and
# the report as a parent reads it.
run sample 0 "$src/samples/refusal-to-assess" --today 2026-11-22
[ "$(codes "$work/sample.json")" = "deadline-soon email-thread la-late" ] ||
	fail "sample: codes $(codes "$work/sample.json")"
set +e
"$bin" check "$src/samples/refusal-to-assess" --today 2026-11-22 >"$work/sample.txt" 2>&1
rc=$?
set -e
[ "$rc" = 0 ] || fail "sample report exited $rc"
sed "s|$src|@SRC@|g" "$work/sample.txt" >"$work/sample.stdout"
check "$golden/sample.stdout" "$work/sample.stdout"
echo "ok: the sample case"

# 3. Everything wrong that a full folder can have.
bad=$work/bad
cp -a "$src/samples/refusal-to-assess" "$bad"
rm "$bad/sendbundle.json"
cp "$bad/03-ep-report.pdf" "$bad/03-ep-report-copy.pdf"                    # duplicate
cp "$src/tests/data/readers/pdf/encrypted.pdf" "$bad/08-protected.pdf"      # unreadable
cp "$src/tests/data/readers/pdf/text-and-scan.pdf" "$bad/09-scanned.pdf"    # no-text-layer
printf 'Notes from the phone call with the school.\nThey will look into it.\n' >"$bad/10-notes.txt" # undated
"$py" - "$bad/11-long-ep-report.txt" <<'EOF'
import sys
# An educational psychology report far longer than 15 pages: report-too-long,
# and with the rest of the evidence, over the 75-page limit.
lines = ["EDUCATIONAL PSYCHOLOGY REPORT", "", "Date of report: 1 September 2026", "",
         "Name: Riley Morgan", ""]
for i in range(1, 3600):
    lines.append("%d. Riley's reading and spelling were assessed again this week." % i)
lines += ["", "Dr B. Example", "Educational Psychologist", "HCPC registered"]
open(sys.argv[1], "w").write("\n".join(lines) + "\n")
EOF
run bad 1 "$bad" --today 2026-12-10 --hearing-date 2029-07-01
[ "$(codes "$work/bad.json")" = "deadline-passed duplicate email-thread la-late no-text-layer over-page-limit report-too-long report-too-old undated unreadable" ] ||
	fail "bad: codes $(codes "$work/bad.json")"
echo "ok: a folder with everything wrong"

# 4. Nothing from the local authority, no professional evidence.
bare=$work/bare
mkdir "$bare"
printf 'Dear Mrs Morgan,\n\nThank you for coming in.\n\nMrs T. Example\nClass Teacher\n' >"$bare/note.txt"
run bare 1 "$bare" --today 2026-12-10
[ "$(codes "$work/bare.json")" = "missing-decision-letter missing-mediation-certificate no-professional-evidence undated" ] ||
	fail "bare: codes $(codes "$work/bare.json")"
echo "ok: a folder with no decision letter"

# 5. --against: an LA bundle that leaves one report out and adds a document
# (made with build from the sample: SALT report excluded, panel minutes added).
la=$work/la
cp -a "$src/samples/refusal-to-assess" "$la"
"$py" - "$la" <<'EOF'
import json, sys
d = sys.argv[1]
case = json.load(open(d + "/sendbundle.json"))
for doc in case["documents"]:
    if doc["source"] == "04-salt-report.docx":
        doc["exclude"] = True
json.dump(case, open(d + "/sendbundle.json", "w"), indent=2)
open(d + "/20-panel-minutes.txt", "w").write(
    "Northshire County Council\nSEN Panel minutes\n\nDate of meeting: 10 September 2026\n\n"
    "The panel considered the request for an EHC needs assessment. Members noted the "
    "school's evidence of SEN support and the educational psychologist's advice, and agreed "
    "that the needs can be met from resources normally available to the school.\n\n"
    "J. Whitfield\nSEN Officer\n")
EOF
"$bin" build "$la" -o "$work/la.zip" >/dev/null 2>&1 || fail "could not build the LA bundle"
mkdir "$work/la-out"
(cd "$work/la-out" && unzip -q ../la.zip)
cp "$work/la-out"/bundle-*.pdf "$work/la-bundle.pdf"
run against 0 "$src/samples/refusal-to-assess" --today 2026-11-10 --against "$work/la-bundle.pdf"
"$py" - "$work/against.json" <<'EOF' || fail "--against: wrong comparison"
import json, sys
a = json.load(open(sys.argv[1]))["against"]
assert a["missing"] == ["04-salt-report.docx"], a["missing"]
assert [(x["first_page"], x["last_page"]) for x in a["not_yours"]] == [(18, 18)], a["not_yours"]
assert "20-panel-minutes.txt" in a["not_yours"][0]["title"], a["not_yours"]
assert len(a["found"]) == 8 and a["no_text"] == [], a
assert {"source": "03-ep-report.pdf", "first_page": 8, "last_page": 11} in a["found"], a["found"]
EOF
echo "ok: --against an LA bundle"

exit "$failed"
