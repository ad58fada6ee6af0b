#!/usr/bin/env bash
# Build benchmark (issue 4): a bundle of 300 distinct PDFs (420 pages), timed
# against qpdf's bare merge of the same files, in the same hyperfine run.
#
#   bench/bench_build.sh [PATH/TO/sendbundle] [COUNT]
#
# sendbundle defaults to build/src/cli/sendbundle; COUNT (default 300) is the
# number of PDFs bench/make_bench_case.py writes. RUNS (default 10) sets
# hyperfine's runs per command. Prints both times, the ratio (aim: at most
# 1.5), both CPU times and the build's peak memory (aim: under 300 MB), with
# qpdf's for comparison. The case, the bundle and the merged PDF live in a
# temporary folder that is removed on exit, never in the repository. Exits 77
# (skipped) without hyperfine or qpdf, 1 if the build fails or drops
# documents; an aim that is missed is reported, not an error, since this is a
# measurement rather than a test.
#
# The case is one section's worth of evidence far over the Tribunal's page
# limits, so the build needs --allow-over-limit --reason; SOURCE_DATE_EPOCH
# is fixed so each run writes the same bytes.
set -euo pipefail

# A path given on the command line is taken from where the script was run.
sb=${1:-}
if [ -n "$sb" ] && [ -e "$sb" ]; then
	sb=$(realpath "$sb")
fi
cd "$(dirname "$0")/.."
sb=${sb:-build/src/cli/sendbundle}
count=${2:-300}
runs=${RUNS:-10}
python=/usr/bin/python3

for tool in hyperfine qpdf; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		echo "bench_build: $tool not found (apt-get install $tool); skipped" >&2
		exit 77
	fi
done
if [ ! -x "$sb" ]; then
	echo "bench_build: '$sb' is not an executable; build it or give its path" >&2
	exit 1
fi
sb=$(realpath "$sb")

# GNU time gives the peak resident set size (%M, in KB); without it the
# figure is left out rather than guessed.
gnu_time=""
if [ -x /usr/bin/time ] && /usr/bin/time -f %M -o /dev/null true 2>/dev/null; then
	gnu_time=/usr/bin/time
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/sb-bench-build.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

"$python" bench/make_bench_case.py "$tmp/case" --count "$count"

export SOURCE_DATE_EPOCH=1790000000
build=("$sb" build "$tmp/case" -o "$tmp/bundle.zip" --force --allow-over-limit
	--reason "benchmark case")
mapfile -t pdfs < <(LC_ALL=C ls -1 "$tmp/case"/*.pdf)
merge=(qpdf --empty --pages "${pdfs[@]}" -- "$tmp/merged.pdf")

# One build outside the timing, to check it keeps every document: a build
# that dropped some would be timed on less work than qpdf's merge.
"${build[@]}" >"$tmp/build.out" 2>"$tmp/build.err" || {
	cat "$tmp/build.err" >&2
	echo "bench_build: the build failed" >&2
	exit 1
}
summary=$(grep '^Wrote' "$tmp/build.out" "$tmp/build.err" -h | head -n 1)
echo "bench_build: $summary"
case "$summary" in
*" $count documents.") ;;
*)
	echo "bench_build: expected $count documents in the bundle" >&2
	exit 1
	;;
esac

hyperfine --warmup 1 --runs "$runs" --export-json "$tmp/hyperfine.json" \
	-n "sendbundle build" "$(printf '%q ' "${build[@]}")" \
	-n "qpdf merge" "$(printf '%q ' "${merge[@]}")"

peak=""
qpdf_peak=""
if [ -n "$gnu_time" ]; then
	"$gnu_time" -f %M -o "$tmp/rss" "${build[@]}" >/dev/null 2>&1
	peak=$(tail -n 1 "$tmp/rss")
	"$gnu_time" -f %M -o "$tmp/rss" "${merge[@]}" >/dev/null 2>&1
	qpdf_peak=$(tail -n 1 "$tmp/rss")
else
	echo "bench_build: no GNU time at /usr/bin/time (apt-get install time);" \
		"peak memory not measured" >&2
fi

"$python" - "$tmp/hyperfine.json" "$peak" "$qpdf_peak" <<'EOF'
import json
import sys

res = {r["command"]: r for r in json.load(open(sys.argv[1]))["results"]}
sb, qp = res["sendbundle build"], res["qpdf merge"]
ratio = sb["mean"] / qp["mean"]
print()
print("sendbundle build: %.3f s +/- %.3f (median %.3f)" % (sb["mean"], sb["stddev"], sb["median"]))
print("qpdf merge:       %.3f s +/- %.3f (median %.3f)" % (qp["mean"], qp["stddev"], qp["median"]))
print("ratio:            %.2f (aim: at most 1.5; %s)" % (ratio, "met" if ratio <= 1.5 else "NOT met"))
# CPU time too: on a shared machine it moves less than wall time, and the
# build's scan runs on every core while qpdf uses one.
sb_cpu, qp_cpu = sb["user"] + sb["system"], qp["user"] + qp["system"]
print("CPU (user+sys):   sendbundle %.3f s, qpdf %.3f s, ratio %.2f" % (sb_cpu, qp_cpu, sb_cpu / qp_cpu))
if sys.argv[2]:
    # GNU time reports KiB; the aim is in MB (10^6 bytes), the stricter unit.
    mb = int(sys.argv[2]) * 1024 / 1e6
    print("peak memory:      %.1f MB (aim: under 300 MB; %s)" % (mb, "met" if mb < 300 else "NOT met"))
    print("qpdf peak memory: %.1f MB" % (int(sys.argv[3]) * 1024 / 1e6))
EOF
