#!/usr/bin/env bash
# `cmake --install` puts the program, library, headers, schemas, data and the
# manual page in place, and the installed program finds its own holiday data.
#
#   test_install.sh BUILD_DIR
set -euo pipefail
# Bank holidays fetched into a real data folder must not change the answer.
export XDG_DATA_HOME=/nonexistent/sendbundle-test-xdg
build=$1
prefix=$(mktemp -d)
trap 'rm -rf "$prefix"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

cmake --install "$build" --prefix "$prefix" >/dev/null
for f in bin/sendbundle include/sendbundle/sendbundle.h include/sendbundle/version.h \
	share/sendbundle/bank-holidays.json share/sendbundle/bank-holidays.source.json \
	share/sendbundle/schemas/deadline.schema.json share/man/man1/sendbundle.1 \
	share/doc/sendbundle/LICENSE; do
	[ -e "$prefix/$f" ] || fail "not installed: $f"
done
ls "$prefix"/lib*/libsendbundle.so* >/dev/null 2>&1 || fail "libsendbundle.so not installed"
echo "ok: files installed"

# The installed program runs from anywhere, with no SENDBUNDLE_DATA_DIR, and
# finds the data installed beside it (../share/sendbundle). To prove it is
# that copy and not the source tree's, the installed copy loses 2028.
/usr/bin/python3 - "$prefix/share/sendbundle/bank-holidays.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
ev = d["england-and-wales"]["events"]
d["england-and-wales"]["events"] = [e for e in ev if not e["date"].startswith("2028")]
json.dump(d, open(sys.argv[1], "w"))
PY
out=$(cd / && env -u SENDBUNDLE_DATA_DIR "$prefix/bin/sendbundle" deadline \
	--decision-date 2025-10-31 --today 2025-11-03 --json) || fail "installed program exited $?"
grep -qF '"deadline": "2026-01-02"' <<<"$out" || fail "installed program gave a wrong deadline"
grep -qF '"holidays_source": "shipped bank-holidays.json (bank holidays 2014-2027)"' <<<"$out" ||
	fail "installed program did not use the installed holiday data"
echo "ok: installed program finds its data"

# Moved elsewhere (a relocated install), it still finds them.
mv "$prefix" "$prefix.moved"
trap 'rm -rf "$prefix.moved"' EXIT
(cd / && env -u SENDBUNDLE_DATA_DIR "$prefix.moved/bin/sendbundle" deadline \
	--decision-date 2025-10-31 --today 2025-11-03 >/dev/null) || fail "relocated install"
echo "ok: relocated install works"
