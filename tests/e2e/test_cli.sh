#!/usr/bin/env bash
# End-to-end checks of the sendbundle program as a new user meets it:
# the README's example, --version, and every worked example run through the
# real binary with its JSON checked against schemas/deadline.schema.json.
#
#   test_cli.sh SENDBUNDLE SOURCE_DIR PYTHON3
set -euo pipefail
bin=$1 src=$2 py=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

# 1. The README's example, exactly as a user types it (today = the real clock).
out=$("$bin" deadline --decision-date "14 September 2026" --certificate-date 3/11/2026) ||
	fail "the README example exited $?"
grep -qxF "Appeal deadline: by 5pm on Thursday 3 December 2026" <<<"$out" ||
	fail "README example: wrong or missing deadline line"
grep -qF "This is not legal advice" <<<"$out" || fail "README example: no legal-advice note"
echo "ok: README example"

# 2. --version matches the project version in CMakeLists.txt.
want=$(sed -n 's/^project(sendbundle VERSION \([0-9.]*\).*/\1/p' "$src/CMakeLists.txt")
[ "$("$bin" --version)" = "sendbundle $want" ] || fail "--version is not 'sendbundle $want'"
echo "ok: --version"

# 3. Every worked example through the binary; JSON validated against the schema
#    and the deadline, limb, alternative and mediation date compared.
n=0
# (read collapses empty tab-separated cells, so awk marks them with "-")
awk -F'\t' 'NR > 1 { print $1 "|" ($2 == "" ? "-" : $2) "|" ($3 == "" ? "-" : $3) }' \
	"$src/tests/data/deadline/examples.tsv" | while IFS='|' read -r letter sent cert; do
	n=$((n + 1))
	args=(deadline --decision-date "$letter" --today 2026-11-22 --json)
	[ "$sent" != - ] && args+=(--sent-date "$sent")
	[ "$cert" != - ] && args+=(--certificate-date "$cert")
	"$bin" "${args[@]}" >"$work/out-$(printf '%03d' "$n").json" || fail "example $letter exited $?"
done
"$py" - "$src/schemas/deadline.schema.json" "$src/tests/data/deadline/examples.tsv" "$work" <<'PY'
import glob, json, sys
import jsonschema
schema = json.load(open(sys.argv[1]))
jsonschema.Draft202012Validator.check_schema(schema)
validator = jsonschema.Draft202012Validator(schema)
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[2])][1:]
outs = sorted(glob.glob(sys.argv[3] + "/out-*.json"))
assert len(outs) == len(rows), (len(outs), len(rows))
bad = 0
for row, path in zip(rows, outs):
    doc = json.load(open(path))
    errors = list(validator.iter_errors(doc))
    want = {"deadline": row[3], "limb": row[4], "raw_end": row[5],
            "alternative_deadline": row[6] or None, "mediation_contact_by": row[7]}
    got = {k: doc[k] for k in want}
    if errors or got != want:
        bad += 1
        print("FAIL: letter", row[0], "errors", [e.message for e in errors], got, "!=", want)
if bad:
    sys.exit(1)
print("ok: %d worked examples through the binary, all valid against the schema" % len(rows))
PY

# 4. Calendars for a spread of examples are valid iCalendar files.
for letter in 2025-01-14 2025-10-31 2025-06-10 2027-05-31 2024-10-01; do
	"$bin" deadline --decision-date "$letter" --today 2026-11-22 --ics "$work/$letter.ics" \
		>/dev/null 2>&1 || fail "--ics for $letter"
	"$py" "$src/tests/e2e/validate_ics.py" "$work/$letter.ics" >/dev/null ||
		fail "$letter.ics is not a valid calendar"
done
echo "ok: .ics files validate"

# 5. Nothing is written beside the output but the output itself.
[ -z "$(find "$work" -name '*.tmp.*')" ] || fail "temporary files left behind"
echo "ok: no temporary files left"

# 6. Output that cannot be written is a failure, never a silent success: each
# command that prints to stdout, sent to a full disk (/dev/full), exits 1
# and says so (a deadline or a table cut short must not look complete).
if [ -w /dev/full ]; then
	for cmd in "deadline --decision-date 2026-09-14 --today 2026-11-22" \
		"deadline --decision-date 2026-09-14 --today 2026-11-22 --json" \
		"workdays 2026-09-14 30" "timescales --help" \
		"scan $src/samples/refusal-to-assess --no-ocr --json" \
		"check $src/samples/refusal-to-assess --no-ocr --today 2026-11-22"; do
		set +e
		# shellcheck disable=SC2086 # the command's words
		"$bin" $cmd >/dev/full 2>"$work/full.err"
		rc=$?
		set -e
		[ "$rc" = 1 ] || fail "'$cmd' to a full disk exited $rc, not 1"
		grep -q "cannot write the output" "$work/full.err" ||
			fail "'$cmd' to a full disk did not say so: $(cat "$work/full.err")"
	done
	echo "ok: output to a full disk is an error"
fi

# 7. SENDBUNDLE_NO_JIT (for valgrind: PCRE2's interpreter instead of its JIT)
# gives the same facts, byte for byte; that valgrind then reports nothing is
# shown by scripts/test --valgrind.
"$bin" scan "$src/samples/refusal-to-assess" --no-ocr --json >"$work/jit.json" ||
	[ $? -eq 4 ] || fail "scan exited $?"
SENDBUNDLE_NO_JIT=1 "$bin" scan "$src/samples/refusal-to-assess" --no-ocr --json \
	>"$work/nojit.json" || [ $? -eq 4 ] || fail "scan with SENDBUNDLE_NO_JIT exited $?"
[ -s "$work/jit.json" ] && cmp -s "$work/jit.json" "$work/nojit.json" ||
	fail "scan with SENDBUNDLE_NO_JIT differs"
echo "ok: SENDBUNDLE_NO_JIT gives the same scan"
