#!/usr/bin/env bash
# `sendbundle init` on a copy of the sample case (issue 4, "The case file"):
#  - writes CASE_DIR/sendbundle.json equal to the golden file, valid against
#    schemas/case.schema.json, and prints the golden report;
#  - changes nothing else in the folder (the user's documents are never
#    changed, moved or deleted) and leaves no temporary file;
#  - a later scan does not take sendbundle.json for a document;
#  - a second init refuses (exit 1, golden message) and leaves the file as it was;
#  - files that cannot be read are listed, left out of the file, and exit 4.
#
#   test_init.sh SENDBUNDLE SOURCE_DIR PYTHON3
# SB_UPDATE_GOLDEN=1 rewrites the golden files from the actual run.
set -euo pipefail
bin=$1 src=$2 py=$3
golden=$src/tests/data/case
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export LC_ALL=C SOURCE_DATE_EPOCH=1700000000
dir=$work/refusal-to-assess
cp -a "$src/samples/refusal-to-assess" "$dir"
# The sample ships a completed case file; init starts from none.
rm -f "$dir/sendbundle.json"
. "$(dirname "$0")/lib.sh"
# Every entry but the case file and the folder itself (its mtime changes
# when a file is added): name, type, mode, size, mtime, then the bytes.
snapshot_but_case_file() {
	(cd "$dir" && find . -mindepth 1 ! -name sendbundle.json -printf '%p %y %m %s %T@\n' |
		LC_ALL=C sort &&
		find . -type f ! -name sendbundle.json -print0 | LC_ALL=C sort -z |
		xargs -0 sha256sum)
}
# Compare (or with SB_UPDATE_GOLDEN=1, update) one golden file.
check() {
	local want=$1 got=$2
	if [ "${SB_UPDATE_GOLDEN:-0}" = 1 ]; then
		cp "$got" "$want"
	elif ! diff -u "$want" "$got"; then
		fail "$(basename "$got") differs from $want"
	fi
}

before=$(snapshot_but_case_file)
"$bin" scan "$dir" --json >"$work/scan-before.json"

# 1. The first init writes the file.
set +e
"$bin" init "$dir" >"$work/init.stdout" 2>"$work/init.stderr"
rc=$?
set -e
[ "$rc" = 0 ] || fail "init exited $rc: $(cat "$work/init.stderr")"
[ -s "$work/init.stderr" ] && fail "init wrote to stderr: $(cat "$work/init.stderr")"
sed -i "s|$work|@WORK@|g" "$work/init.stdout"
check "$golden/init-samples.stdout" "$work/init.stdout"
if [ -f "$dir/sendbundle.json" ]; then
	check "$golden/samples.sendbundle.json" "$dir/sendbundle.json"
	"$py" -m jsonschema -i "$dir/sendbundle.json" "$src/schemas/case.schema.json" ||
		fail "sendbundle.json does not satisfy schemas/case.schema.json"
	[ "$(stat -c %a "$dir/sendbundle.json")" = 644 ] || fail "sendbundle.json is not mode 644"
else
	fail "init did not write $dir/sendbundle.json"
fi
[ "$before" = "$(snapshot_but_case_file)" ] || fail "init changed the user's files"
leftover=$(cd "$dir" && find . -name '*.tmp.*' | head -n 1)
[ -z "$leftover" ] || fail "temporary file left behind: $leftover"
echo "ok: init wrote sendbundle.json and changed nothing else"

# 2. The case file is not a document.
"$bin" scan "$dir" --json >"$work/scan-after.json"
cmp -s "$work/scan-before.json" "$work/scan-after.json" ||
	fail "scan reads sendbundle.json as a document"
echo "ok: scan skips sendbundle.json"

# 3. A second init refuses and changes nothing.
written=$(stat -c '%s %Y' "$dir/sendbundle.json"; sha256sum <"$dir/sendbundle.json")
set +e
"$bin" init "$dir" >"$work/again.stdout" 2>"$work/again.stderr"
rc=$?
set -e
[ "$rc" = 1 ] || fail "a second init exited $rc, not 1"
[ -s "$work/again.stdout" ] && fail "a second init printed: $(cat "$work/again.stdout")"
sed -i "s|$work|@WORK@|g" "$work/again.stderr"
check "$golden/init-again.stderr" "$work/again.stderr"
[ "$written" = "$(stat -c '%s %Y' "$dir/sendbundle.json"; sha256sum <"$dir/sendbundle.json")" ] ||
	fail "a second init changed sendbundle.json"
[ "$before" = "$(snapshot_but_case_file)" ] || fail "a second init changed the user's files"
echo "ok: a second init refuses and changes nothing"

# 4. A folder with a file that cannot be read: written without it, exit 4.
part=$work/partial
mkdir "$part"
printf 'Dear Mrs Morgan,\n\nThis fictional letter is for a test.\n\nYours sincerely,\nA. Clerk\n' \
	>"$part/letter.txt"
printf '\377\330\377\340 not really a photo' >"$part/photo.jpg"
set +e
"$bin" init "$part" >"$work/partial.stdout" 2>"$work/partial.stderr"
rc=$?
set -e
[ "$rc" = 4 ] || fail "init on a folder with an unreadable file exited $rc, not 4"
sed -i "s|$work|@WORK@|g" "$work/partial.stdout" "$work/partial.stderr"
check "$golden/init-partial.stdout" "$work/partial.stdout"
check "$golden/init-partial.stderr" "$work/partial.stderr"
grep -q '"source": "photo.jpg"' "$part/sendbundle.json" &&
	fail "an unread file is in sendbundle.json"
"$py" -m jsonschema -i "$part/sendbundle.json" "$src/schemas/case.schema.json" ||
	fail "the partial sendbundle.json does not satisfy schemas/case.schema.json"
echo "ok: unreadable files are listed and left out (exit 4)"

exit "$failed"
