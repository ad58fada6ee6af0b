#!/usr/bin/env bash
# `sendbundle fetch` against real servers on loopback (issue 5, "Proof"):
# tests/e2e/fetch_server.py serves plain HTTP and HTTPS with a self-signed
# certificate made here, which the program is given with --cacert or
# CURL_CA_BUNDLE (verification is never turned off). Covers success and its
# record, a conditional re-fetch, redirect chains, redirects to other
# schemes, 404, 500, oversize with and without Content-Length, a stalled
# server, a truncated body, a wrong content type, an HTML page served with
# 200, invalid JSON, a file name from the server that tries to leave the
# folder, an existing file of the same name, an untrusted certificate, and
# `fetch bank-holidays` with `deadline` using it. Every failure must leave
# the folder as it was.
#
#   test_fetch.sh SENDBUNDLE SOURCE_DIR PYTHON3     (exit 77: openssl missing)
set -euo pipefail
bin=$1 src=$2 py=$3
command -v openssl >/dev/null || { echo "test_fetch: needs openssl" >&2; exit 77; }
work=$(mktemp -d)
server_pid=
cleanup() {
	[ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT
export LC_ALL=C XDG_DATA_HOME=$work/xdg HOME=$work/home
unset CURL_CA_BUNDLE https_proxy HTTPS_PROXY http_proxy HTTP_PROXY all_proxy ALL_PROXY
export no_proxy='*'
mkdir -p "$HOME"
. "$(dirname "$0")/lib.sh"

openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=localhost \
	-addext "subjectAltName=IP:127.0.0.1,DNS:localhost" \
	-keyout "$work/key.pem" -out "$work/cert.pem" 2>/dev/null
"$py" "$src/tests/e2e/fetch_server.py" "$work/ports" "$work/cert.pem" "$work/key.pem" \
	"$src/data/bank-holidays.json" &
server_pid=$!
for _ in $(seq 100); do
	[ -s "$work/ports" ] && break
	sleep 0.1
done
read -r http_port https_port <"$work/ports"
http=http://127.0.0.1:$http_port
https=https://127.0.0.1:$https_port
ca=(--cacert "$work/cert.pem")

# fetch DIR ARGS...: runs the program, output in $out/$err, status in $rc.
fetch() {
	local dir=$1
	shift
	mkdir -p "$dir"
	set +e
	"$bin" fetch --into "$dir" "$@" >"$work/out" 2>"$work/err"
	rc=$?
	set -e
}
# expect_fail NAME RC PATTERN DIR ARGS...: fails with RC, says PATTERN,
# and leaves DIR exactly as it was (no temporary file either).
expect_fail() {
	local name=$1 want=$2 pattern=$3 dir=$4
	shift 4
	mkdir -p "$dir"
	local before
	before=$(cd "$dir" && find . -mindepth 1 -printf '%p %s %T@\n' | sort)
	fetch "$dir" "$@"
	[ "$rc" = "$want" ] || fail "$name: exit $rc, want $want ($(cat "$work/err"))"
	grep -q -- "$pattern" "$work/err" || fail "$name: no '$pattern' in: $(cat "$work/err")"
	[ "$before" = "$(cd "$dir" && find . -mindepth 1 -printf '%p %s %T@\n' | sort)" ] ||
		fail "$name: the folder changed"
	echo "ok: $name"
}

# 1. Success over HTTPS, with its record.
d=$work/one
fetch "$d" "$https/doc.pdf" "${ca[@]}"
[ "$rc" = 0 ] || fail "https fetch exited $rc: $(cat "$work/err")"
grep -q "^Saved '$d/doc.pdf' (" "$work/out" || fail "no 'Saved' line: $(cat "$work/out")"
"$py" -m jsonschema -i "$d/doc.pdf.source.json" "$src/schemas/fetch-source.schema.json" ||
	fail "the record does not satisfy schemas/fetch-source.schema.json"
"$py" - "$d" "$https" <<'EOF' || fail "the record is wrong"
import hashlib, json, os, re, sys
d, base = sys.argv[1], sys.argv[2]
body = open(os.path.join(d, "doc.pdf"), "rb").read()
rec = json.load(open(os.path.join(d, "doc.pdf.source.json")))
want = {"url": base + "/doc.pdf", "effective_url": base + "/doc.pdf",
        "sha256": hashlib.sha256(body).hexdigest(), "size": len(body),
        "content_type": "application/pdf", "etag": '"v1"',
        "last_modified": "Mon, 02 Nov 2026 09:00:00 GMT"}
bad = {k: (rec.get(k), v) for k, v in want.items() if rec.get(k) != v}
if bad or not re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", rec["retrieved_at"]):
    sys.exit("record: %s %s" % (bad, rec["retrieved_at"]))
if not body.startswith(b"%PDF-"):
    sys.exit("not the PDF")
EOF
[ "$(find "$d" -name '.sendbundle-fetch*' | wc -l)" = 0 ] || fail "a temporary file was left"
echo "ok: https download and its record"

# 2. A second fetch asks whether it changed.
before=$(cd "$d" && find . -mindepth 1 -printf '%p %s %T@\n' | sort)
fetch "$d" "$https/doc.pdf" "${ca[@]}"
[ "$rc" = 0 ] && grep -q "^Not changed: '$d/doc.pdf'" "$work/out" ||
	fail "conditional re-fetch: exit $rc, $(cat "$work/out" "$work/err")"
[ "$before" = "$(cd "$d" && find . -mindepth 1 -printf '%p %s %T@\n' | sort)" ] ||
	fail "conditional re-fetch changed the folder"
echo "ok: conditional re-fetch"

# 3. Redirects: a chain of 5 is followed, 6 is refused.
d=$work/redirect
fetch "$d" "$https/r/4" "${ca[@]}"
[ "$rc" = 0 ] && [ -f "$d/doc.pdf" ] || fail "5 redirects: exit $rc, $(cat "$work/err")"
grep -q "\"effective_url\": \"$https/doc.pdf\"" "$d/doc.pdf.source.json" ||
	fail "the record has no effective_url after redirects"
echo "ok: a chain of 5 redirects"
expect_fail "6 redirects" 3 "redirects more than 5 times" "$work/e1" "$https/r/5" "${ca[@]}"
expect_fail "redirect to file:" 3 "not an address sendbundle fetches" "$work/e2" \
	"$https/to-file" "${ca[@]}"
expect_fail "redirect to ftp:" 3 "not an address sendbundle fetches" "$work/e3" \
	"$https/to-ftp" "${ca[@]}"
expect_fail "redirect to http:" 3 "not an address sendbundle fetches" "$work/e4" \
	"$https/to-http" "${ca[@]}"
expect_fail "plain http" 3 "allow-http" "$work/e5" "$http/doc.pdf"
expect_fail "file: address" 3 "never fetched" "$work/e6" "file:///etc/passwd"
fetch "$work/plain" "$http/doc.pdf" --allow-http
[ "$rc" = 0 ] && [ -f "$work/plain/doc.pdf" ] || fail "--allow-http: exit $rc"
echo "ok: --allow-http"

# 4. Server failures and bad content.
expect_fail "404" 1 "answered 404 (not found)" "$work/e7" "$https/missing.pdf" "${ca[@]}"
expect_fail "500" 1 "answered 500" "$work/e8" "$https/error.pdf" "${ca[@]}"
expect_fail "oversize with Content-Length" 1 "bigger than the limit of 1000 bytes" \
	"$work/e9" "$https/big.pdf" --max-size 1000 "${ca[@]}"
expect_fail "oversize without Content-Length" 1 "bigger than the limit of 1000 bytes" \
	"$work/e10" "$http/big-chunked.pdf" --allow-http --max-size 1000
expect_fail "stalled server" 1 "did not finish within 2 seconds" "$work/e11" \
	"$https/stall.pdf" --timeout 2 "${ca[@]}"
expect_fail "truncated body" 1 "cut short" "$work/e12" "$http/truncated.pdf" --allow-http
expect_fail "wrong content type" 1 "did not send a PDF" "$work/e13" "$https/image.pdf" "${ca[@]}"
expect_fail "HTML page with 200" 1 "sent a web page" "$work/e14" "$https/guidance.pdf" "${ca[@]}"
expect_fail "invalid JSON" 1 "did not send valid JSON" "$work/e15" "$https/bad.json" "${ca[@]}"
expect_fail "untrusted certificate" 1 "could not prove who it is" "$work/e16" "$https/doc.pdf"

# 5. Names: the server's cannot leave the folder; a file that is not this
# address's download is never replaced.
d=$work/named
fetch "$d" "$https/named" "${ca[@]}"
[ "$rc" = 0 ] && [ -f "$d/evil name.pdf" ] || fail "Content-Disposition name: exit $rc, $(ls "$d")"
[ "$(find "$work" -maxdepth 1 -name 'evil*' | wc -l)" = 0 ] || fail "a file left the folder"
echo "ok: the server's file name stays in the folder"
mkdir -p "$work/mine"
printf 'my own notes\n' >"$work/mine/doc.pdf"
expect_fail "existing file" 1 "exists and did not come from" "$work/mine" "$https/doc.pdf" "${ca[@]}"
fetch "$work/mine" "$https/doc.pdf" --name other.pdf "${ca[@]}"
[ "$rc" = 0 ] && [ -f "$work/mine/other.pdf" ] && [ "$(cat "$work/mine/doc.pdf")" = "my own notes" ] ||
	fail "--name beside an existing file: exit $rc"
echo "ok: --name"
CURL_CA_BUNDLE=$work/cert.pem fetch "$work/env" "$https/data.json"
[ "$rc" = 0 ] && [ -f "$work/env/data.json" ] || fail "CURL_CA_BUNDLE: exit $rc, $(cat "$work/err")"
echo "ok: CURL_CA_BUNDLE"

# 6. Bank holidays, installed where deadline finds them, the old copy kept.
export CURL_CA_BUNDLE=$work/cert.pem
hol=$XDG_DATA_HOME/sendbundle
set +e
SENDBUNDLE_BANK_HOLIDAYS_URL=$https/bank-holidays.json "$bin" fetch bank-holidays >"$work/out" 2>"$work/err"
rc=$?
set -e
[ "$rc" = 0 ] && [ -f "$hol/bank-holidays.json" ] && [ -f "$hol/bank-holidays.json.source.json" ] ||
	fail "fetch bank-holidays: exit $rc, $(cat "$work/err")"
cmp -s "$hol/bank-holidays.json" "$src/data/bank-holidays.json" || fail "installed file differs"
set +e
SENDBUNDLE_BANK_HOLIDAYS_URL=$https/bank-holidays-v2.json "$bin" fetch bank-holidays >"$work/out" 2>"$work/err"
rc=$?
set -e
[ "$rc" = 0 ] && cmp -s "$hol/bank-holidays.previous.json" "$src/data/bank-holidays.json" ||
	fail "the previous copy was not kept: exit $rc, $(ls "$hol") $(cat "$work/err")"
grep -q "(test copy)" "$hol/bank-holidays.json" || fail "the new copy is not installed"
echo "ok: fetch bank-holidays keeps the previous copy"
set +e
"$bin" deadline --decision-date 2026-09-14 --today 2026-09-20 >"$work/out" 2>"$work/err"
rc=$?
set -e
[ "$rc" = 0 ] && grep -q "Holiday data: .*bank-holidays.json fetched" "$work/out" ||
	fail "deadline does not say it used the fetched holidays: $(cat "$work/out" "$work/err")"
echo "ok: deadline reports the fetched data"

exit "$failed"
