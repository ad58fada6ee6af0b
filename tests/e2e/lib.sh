# shellcheck shell=bash
# Shared by the scripted end-to-end tests (tests/e2e/test_*.sh), sourced
# after their `set -euo pipefail`:
#   . "$(dirname "$0")/lib.sh"

# fail MESSAGE: say what is wrong and go on, so that one run reports every
# failure; the script ends with `exit "$failed"`.
failed=0
fail() {
	echo "FAIL: $*"
	failed=1
}

# snapshot DIR [below]: DIR and every entry below it (path, type, mode,
# size, time, link target) and every file's SHA-256. DIR's own time changes
# when a file is made in it, even one removed again; "below" leaves DIR
# itself out, for a test that adds a file to the folder and removes it.
snapshot() {
	local depth=0
	[ "${2:-}" = below ] && depth=1
	(cd "$1" && find . -mindepth "$depth" -printf '%p %y %m %s %T@ %l\n' | LC_ALL=C sort &&
		find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum)
}
