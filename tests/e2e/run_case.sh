#!/usr/bin/env bash
# Runs one end-to-end case against the built binary (docs/style.md rule 8:
# data-driven cases of input, command and expected output).
#
#   run_case.sh SENDBUNDLE CASE_DIR SOURCE_DIR PYTHON3
#
# A case folder holds:
#   args        the arguments, one per line (@WORK@ = a scratch folder,
#               @SRC@ = the source tree, @DATA@ = tests/data)
#   env         optional KEY=VALUE lines, with the same substitutions
#   exit        optional expected exit code (default 0)
#   stdout      optional expected standard output, compared exactly
#   stderr      optional expected standard error, compared exactly
#   schema      optional name of a file in schemas/ that stdout must satisfy
#   *.ics       optional expected files written under @WORK@ with that name;
#               each is compared exactly and checked by validate_ics.py
# SB_UPDATE_GOLDEN=1 rewrites stdout, stderr and *.ics from the actual run.
set -euo pipefail
bin=$1 dir=$2 src=$3 py=$4
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
subst() {
	local s=$1
	s=${s//@WORK@/$work}
	s=${s//@SRC@/$src}
	s=${s//@DATA@/$src/tests/data}
	printf '%s' "$s"
}
args=()
while IFS= read -r line || [ -n "$line" ]; do
	args+=("$(subst "$line")")
done <"$dir/args"
# Fixed clock inputs so outputs are reproducible (docs/style.md rule 7).
export SOURCE_DATE_EPOCH=1700000000 LC_ALL=C
if [ -f "$dir/env" ]; then
	while IFS= read -r line || [ -n "$line" ]; do
		[ -n "$line" ] && export "$(subst "$line")"
	done <"$dir/env"
fi
set +e
(cd "$work" && "$bin" "${args[@]}") >"$work/.stdout" 2>"$work/.stderr"
rc=$?
set -e
# Paths differ between machines: compare them as @WORK@ and @SRC@.
for stream in stdout stderr; do
	sed -i -e "s|$work|@WORK@|g" -e "s|$src|@SRC@|g" "$work/.$stream"
done
failed=0
want_rc=0
[ -f "$dir/exit" ] && want_rc=$(cat "$dir/exit")
if [ "$rc" != "$want_rc" ]; then
	echo "FAIL: exit code $rc, expected $want_rc"
	echo "--- stderr:"; cat "$work/.stderr"
	failed=1
fi
for stream in stdout stderr; do
	if [ "${SB_UPDATE_GOLDEN:-0}" = 1 ]; then
		if [ -s "$work/.$stream" ] || [ -f "$dir/$stream" ]; then
			cp "$work/.$stream" "$dir/$stream"
		fi
	elif [ -f "$dir/$stream" ]; then
		if ! diff -u "$dir/$stream" "$work/.$stream"; then
			echo "FAIL: $stream differs from $dir/$stream"
			failed=1
		fi
	fi
done
if [ -f "$dir/schema" ]; then
	if ! "$py" -m jsonschema -i "$work/.stdout" "$src/schemas/$(cat "$dir/schema")"; then
		echo "FAIL: stdout does not satisfy schemas/$(cat "$dir/schema")"
		failed=1
	fi
fi
for golden in "$dir"/*.ics; do
	[ -e "$golden" ] || continue
	name=$(basename "$golden")
	if [ ! -f "$work/$name" ]; then
		echo "FAIL: $name was not written"
		failed=1
		continue
	fi
	if [ "${SB_UPDATE_GOLDEN:-0}" = 1 ]; then
		cp "$work/$name" "$golden"
	elif ! cmp -s "$golden" "$work/$name"; then
		diff -u "$golden" "$work/$name" | tr -d '\r' || true
		echo "FAIL: $name differs from the golden file"
		failed=1
	fi
	if ! "$py" "$src/tests/e2e/validate_ics.py" "$work/$name"; then
		echo "FAIL: $name is not a valid calendar"
		failed=1
	fi
done
# Nothing but expected outputs may be left in the working folder.
leftover=$(cd "$work" && find . -name '*.tmp.*' | head -n 1)
if [ -n "$leftover" ]; then
	echo "FAIL: temporary file left behind: $leftover"
	failed=1
fi
[ "$failed" = 0 ] && echo "ok: $(basename "$dir")"
exit "$failed"
