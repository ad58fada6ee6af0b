#!/usr/bin/env bash
# `sendbundle scan` never changes the case folder (the brief: "Never modify
# the user's case folder"): every file's bytes, mode and modification time,
# and the list of files, are the same after scans in every output mode.
#
#   test_scan_readonly.sh SENDBUNDLE CASE_DIR
set -euo pipefail
bin=$1 dir=$2
. "$(dirname "$0")/lib.sh"
before=$(snapshot "$dir")
for mode in "" --json --csv; do
	set +e
	"$bin" scan "$dir" $mode >/dev/null 2>&1
	rc=$?
	set -e
	if [ "$rc" != 0 ] && [ "$rc" != 4 ]; then
		echo "FAIL: scan $mode exited $rc"
		exit 1
	fi
done
after=$(snapshot "$dir")
if [ "$before" != "$after" ]; then
	diff <(echo "$before") <(echo "$after") || true
	echo "FAIL: the case folder changed"
	exit 1
fi
echo "ok: $dir unchanged by scan"
