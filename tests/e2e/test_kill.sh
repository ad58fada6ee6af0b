#!/usr/bin/env bash
# Nothing lost (issue 8, "Hardening": "tests that kill build and fetch part
# way (SIGKILL at random points) and assert that no partial output exists and
# the case folder is byte-identical").
#
#  1. build over a 300-document case (bench/make_bench_case.py), killed with
#     SIGKILL at 20 seeded points of its measured run time, half of them
#     writing a new zip and half replacing one with --force. After each kill
#     the output folder holds exactly what it held before, or the complete
#     bundle (the same bytes as an uninterrupted build): no half zip, no
#     temporary file of any name; the case folder is byte-identical.
#  2. fetch of a slow 3 MB download from a loopback server, killed at 12
#     points: the folder holds what it held, or the whole file and its
#     record; nothing else, hidden files included.
#
#   test_kill.sh SENDBUNDLE SOURCE_DIR PYTHON3
set -euo pipefail
bin=$1 src=$2 py=$3
work=$(mktemp -d)
server_pid=
cleanup() {
	[ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT
export LC_ALL=C SOURCE_DATE_EPOCH=1795000000 no_proxy='*'
. "$(dirname "$0")/lib.sh"
# points N T SEED: N kill delays (seconds) spread over 0..1.05 T, the last
# third of them in the final quarter, where the output is being written.
points() {
	"$py" -c '
import random, sys
n, t, seed = int(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3])
r = random.Random(seed)
k = n // 3
print(" ".join("%.3f" % d for d in sorted(
    [r.uniform(0, 1.05 * t) for _ in range(n - k)] + [r.uniform(0.75 * t, 1.05 * t) for _ in range(k)])))
' "$@"
}
now() { date +%s.%N; }
# killed_at DELAY CMD...: start CMD, SIGKILL it after DELAY; $rc its status.
killed_at() {
	local delay=$1 pid
	shift
	"$@" >/dev/null 2>&1 &
	pid=$!
	sleep "$delay"
	kill -KILL "$pid" 2>/dev/null || true
	set +e
	wait "$pid" 2>/dev/null
	rc=$?
	set -e
}

# sweep DIR NAME REF: a file "NAME.tmp.XXXXXX" in DIR is the complete output
# linked under a name of its own in the instant before rename(2) puts it in
# place (replacing a file cannot be done from an unnamed one: linkat never
# replaces). Killed in that instant, it stays; it must then be whole (the
# same bytes as REF; a record: valid JSON), never partial. Removed after the
# check, so the rest of the test sees the folder as it would otherwise be.
sweep() {
	local dir=$1 name=$2 ref=$3 f
	for f in "$dir/$name".tmp.*; do
		[ -e "$f" ] || continue
		if [ "$ref" = json ]; then
			"$py" -c 'import json, sys; json.load(open(sys.argv[1]))' "$f" ||
				fail "a partial $(basename "$f") was left"
		elif ! cmp -s "$f" "$ref"; then
			fail "a partial $(basename "$f") was left"
		fi
		rm -f "$f"
	done
}

# ---- 1. build ----
case=$work/case
"$py" "$src/bench/make_bench_case.py" "$case" --count 300 >/dev/null
case_before=$(snapshot "$case")
opts=(--allow-over-limit --reason "a test of an interrupted build" --no-ocr)
t0=$(now)
"$bin" build "$case" -o "$work/full.zip" "${opts[@]}" >/dev/null 2>&1 ||
	fail "an uninterrupted build failed"
t=$(echo "$(now) - $t0" | bc)
echo "build: $t s uninterrupted"
printf 'the previous bundle\n' >"$work/previous.zip"
i=0
hits=0
for d in $(points 20 "$t" 8); do
	i=$((i + 1))
	rm -rf "$work/out"
	mkdir "$work/out"
	force=()
	if [ $((i % 2)) = 0 ]; then
		cp "$work/previous.zip" "$work/out/bundle.zip"
		force=(--force)
	fi
	killed_at "$d" "$bin" build "$case" -o "$work/out/bundle.zip" "${opts[@]}" "${force[@]}"
	[ "$rc" = 137 ] && hits=$((hits + 1))
	sweep "$work/out" bundle.zip "$work/full.zip"
	left=$(ls -A "$work/out")
	if [ "$left" != "bundle.zip" ] && [ -n "$left" ]; then
		fail "build killed at ${d}s left: $left"
	fi
	if [ -e "$work/out/bundle.zip" ]; then
		if ! cmp -s "$work/out/bundle.zip" "$work/full.zip" &&
			! { [ ${#force[@]} = 1 ] && cmp -s "$work/out/bundle.zip" "$work/previous.zip"; }; then
			fail "build killed at ${d}s (${force[*]:-new}) left a zip that is neither old nor whole"
		fi
	elif [ ${#force[@]} = 1 ]; then
		fail "build --force killed at ${d}s lost the previous zip"
	fi
	[ "$(snapshot "$case")" = "$case_before" ] || fail "build killed at ${d}s changed the case"
done
echo "build: $hits of 20 runs killed part way"
[ "$hits" -ge 5 ] || fail "only $hits builds were killed part way: the points miss the run"
[ "$failed" = 0 ] && echo "ok: a killed build leaves no partial output and the case as it was"

# ---- 2. fetch ----
cat >"$work/server.py" <<'EOF'
import sys, time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
BODY = b"%PDF-1.4\n" + bytes((i * 7) % 251 for i in range(3 << 20)) + b"\n%%EOF\n"
class H(BaseHTTPRequestHandler):
    def log_message(self, *a):
        pass
    def do_GET(self):
        self.send_response(200)
        self.send_header("Content-Type", "application/pdf")
        self.send_header("Content-Length", str(len(BODY)))
        self.end_headers()
        try:
            for i in range(0, len(BODY), 64 << 10):
                self.wfile.write(BODY[i:i + (64 << 10)])
                self.wfile.flush()
                time.sleep(0.02)
        except (BrokenPipeError, ConnectionResetError):
            pass
open(sys.argv[2], "wb").write(BODY)
s = ThreadingHTTPServer(("127.0.0.1", 0), H)
open(sys.argv[1] + ".tmp", "w").write(str(s.server_address[1]))
import os; os.rename(sys.argv[1] + ".tmp", sys.argv[1])
s.serve_forever()
EOF
"$py" "$work/server.py" "$work/port" "$work/served.pdf" &
server_pid=$!
for _ in $(seq 100); do
	[ -s "$work/port" ] && break
	sleep 0.05
done
url=http://127.0.0.1:$(cat "$work/port")/slow.pdf
into=$work/into
mkdir "$into"
printf 'a letter already in the folder\n' >"$into/letter.txt"
# The folder's own time changes as the test removes what fetch saved: its
# files, their bytes and times are compared.
files() { (cd "$1" && find . -type f -printf '%p %m %s %T@\n' | sort && sha256sum ./*); }
into_before=$(files "$into")
t0=$(now)
"$bin" fetch "$url" --allow-http --into "$into" >/dev/null 2>&1 || fail "an uninterrupted fetch failed"
t=$(echo "$(now) - $t0" | bc)
echo "fetch: $t s uninterrupted"
cmp -s "$into/slow.pdf" "$work/served.pdf" || fail "the uninterrupted fetch saved other bytes"
hits=0
for d in $(points 12 "$t" 5); do
	rm -f "$into/slow.pdf" "$into/slow.pdf.source.json"
	killed_at "$d" "$bin" fetch "$url" --allow-http --into "$into"
	[ "$rc" = 137 ] && hits=$((hits + 1))
	sweep "$into" slow.pdf "$work/served.pdf"
	sweep "$into" slow.pdf.source.json json
	left=$(ls -A "$into" | tr '\n' ' ')
	case $left in
	"letter.txt ") ;;
	"letter.txt slow.pdf ")
		# Killed between placing the file and placing its record: the
		# file is whole; its record is written on the next fetch.
		cmp -s "$into/slow.pdf" "$work/served.pdf" ||
			fail "fetch killed at ${d}s left a partial slow.pdf"
		;;
	"letter.txt slow.pdf slow.pdf.source.json ")
		cmp -s "$into/slow.pdf" "$work/served.pdf" ||
			fail "fetch killed at ${d}s left a partial slow.pdf"
		"$py" -c 'import json, sys; json.load(open(sys.argv[1]))' \
			"$into/slow.pdf.source.json" || fail "fetch killed at ${d}s left a bad record"
		;;
	*) fail "fetch killed at ${d}s left: $left" ;;
	esac
	rm -f "$into/slow.pdf" "$into/slow.pdf.source.json"
	[ "$(files "$into")" = "$into_before" ] || fail "fetch killed at ${d}s changed the folder"
done
echo "fetch: $hits of 12 runs killed part way"
[ "$hits" -ge 5 ] || fail "only $hits fetches were killed part way"
[ "$failed" = 0 ] && echo "ok: a killed fetch leaves no partial file"
exit $failed
