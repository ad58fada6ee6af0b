#!/usr/bin/env bash
# OCR benchmark (issue 7): pages read per second by `sendbundle scan` on the
# OCR fixtures, with an empty cache (every page through Tesseract) on all
# cores and on one, and with a warm cache (every page found by the SHA-256
# of its picture).
#
#   bench/bench_ocr.sh [PATH/TO/sendbundle] [COPIES]
#
# sendbundle defaults to build/src/cli/sendbundle. The case is COPIES
# (default 2) copies of the fixtures tests/tools/make_ocr_fixtures.py draws
# from tests/data/ocr (a photographed letter, a PNG scan, a two-page fax, a
# PDF with no text layer, a scan upside down: 6 pages a copy, each copy speckled differently so
# the cache cannot share them), in a temporary folder removed on exit. RUNS (default 3) sets hyperfine's runs.
# Exits 77 (skipped) without hyperfine or Python's PIL; an OCR failure
# exits 1. A measurement, not a test.
set -euo pipefail

sb=${1:-}
if [ -n "$sb" ] && [ -e "$sb" ]; then
	sb=$(realpath "$sb")
fi
cd "$(dirname "$0")/.."
sb=${sb:-build/src/cli/sendbundle}
copies=${2:-2}
runs=${RUNS:-3}
python=/usr/bin/python3

if ! command -v hyperfine >/dev/null 2>&1; then
	echo "bench_ocr: hyperfine not found (apt-get install hyperfine); skipped" >&2
	exit 77
fi
if ! "$python" -c 'import PIL' 2>/dev/null; then
	echo "bench_ocr: Python's PIL not found (apt-get install python3-pil); skipped" >&2
	exit 77
fi
if [ ! -x "$sb" ]; then
	echo "bench_ocr: '$sb' is not an executable; build it or give its path" >&2
	exit 1
fi
sb=$(realpath "$sb")

tmp=$(mktemp -d "${TMPDIR:-/tmp}/sb-bench-ocr.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/case"
for i in $(seq 1 "$copies"); do
	# Each copy with its own speckles: different pictures, so no copy is
	# found in the cache another one filled.
	"$python" tests/tools/make_ocr_fixtures.py tests/data/ocr "$tmp/fx" "$i"
	rm -f "$tmp/fx/corrupt.jpg" "$tmp/fx/bomb.png"
	for f in "$tmp"/fx/*; do
		mv "$f" "$tmp/case/$i-$(basename "$f")"
	done
done
pages=$((copies * 6))

export XDG_CACHE_HOME=$tmp/cache
# Check once that OCR reads every page, so the figures mean something.
"$sb" scan "$tmp/case" --json >"$tmp/scan.json"
read_pages=$("$python" -c 'import json,sys; print(sum(len((d.get("ocr") or {}).get("pages", [])) for d in json.load(open(sys.argv[1]))["documents"]))' "$tmp/scan.json")
if [ "$read_pages" != "$pages" ]; then
	echo "bench_ocr: OCR read $read_pages pages, want $pages" >&2
	exit 1
fi

echo "bench_ocr: $pages pages ($copies copies of 6), $(nproc) cores, Tesseract $(dpkg-query -W -f='${Version}' libtesseract5 2>/dev/null || echo '?')"
hyperfine --runs "$runs" --export-json "$tmp/times.json" \
	--prepare "rm -rf '$tmp/cache'" -n "cold cache, all cores" \
	"'$sb' scan '$tmp/case' --json" \
	--prepare "rm -rf '$tmp/cache'" -n "cold cache, --jobs 1" \
	"'$sb' scan '$tmp/case' --json --jobs 1" \
	--prepare "'$sb' scan '$tmp/case' --json >/dev/null" -n "warm cache" \
	"'$sb' scan '$tmp/case' --json" >/dev/null
"$python" - "$tmp/times.json" "$pages" <<'EOF'
import json, sys
times = json.load(open(sys.argv[1]))["results"]
pages = int(sys.argv[2])
for r in times:
    print(f"{r['command']:<24} {r['mean']:7.2f} s +- {r['stddev']:.2f}   {pages / r['mean']:6.2f} pages/s")
EOF
