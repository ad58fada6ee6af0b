#!/usr/bin/env bash
# Every benchmark, one command (issue 8, "benchmarks kept honest"): runs
# bench_deadline, bench_scan, bench_build.sh and bench_ocr.sh on the current
# build, keeps each one's full output in bench/results/ (not committed), and
# writes one table of the headline figures, with the machine, the date and
# the load, between the markers "<!-- run_all:begin -->" and
# "<!-- run_all:end -->" in bench/README.md.
#
#   bench/run_all.sh [BUILD_DIR]      (default: build)
#
# Needs hyperfine, qpdf and python3-pil for the build and OCR benchmarks;
# a benchmark that cannot run says so in its row instead of a figure. Speed
# is measured here, never in tests (the brief).
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
sb=$build/src/cli/sendbundle
out=bench/results
python=/usr/bin/python3
for f in "$sb" "$build/bench/bench_scan" "$build/bench/bench_deadline"; do
	if [ ! -x "$f" ]; then
		echo "run_all: '$f' is missing: build first (scripts/test, or cmake --build $build)" >&2
		exit 1
	fi
done
mkdir -p "$out"
load_before=$(cut -d' ' -f1 /proc/loadavg)

# run NAME COMMAND...: the output to $out/NAME.txt; 77 means skipped.
run() {
	local name=$1
	shift
	echo "run_all: $name ..." >&2
	set +e
	"$@" >"$out/$name.txt" 2>&1
	local rc=$?
	set -e
	echo "$rc" >"$out/$name.rc"
}
run deadline "$build/bench/bench_deadline" data
run scan "$build/bench/bench_scan" samples/refusal-to-assess 500
run build bench/bench_build.sh "$sb"
run ocr bench/bench_ocr.sh "$sb" 2

"$python" - "$out" "$load_before" "$(cut -d' ' -f1 /proc/loadavg)" <<'EOF'
import datetime, os, platform, re, subprocess, sys
out, load0, load1 = sys.argv[1], sys.argv[2], sys.argv[3]

def text(name):
    return open(os.path.join(out, name + ".txt")).read()

def status(name):
    rc = open(os.path.join(out, name + ".rc")).read().strip()
    return None if rc == "0" else ("skipped (a tool is missing)" if rc == "77" else f"failed (exit {rc})")

def grab(pattern, s, default="?"):
    m = re.search(pattern, s, re.M)
    return m.group(1) if m else default

# One row a figure: (benchmark output, row name, measure, patterns). Each
# pattern's first group is read from that output; two patterns are shown
# "a / b". A benchmark that did not run fills its rows with why.
ROWS = [
    ("deadline", "deadline engine", "deadlines per second", [r"^deadlines per second: (\d+)"]),
    ("scan", "scan, one thread (500 files)", "documents per second", [r"documents/s:\s+(\d+)"]),
    ("scan", "scan, one thread", "extraction as a share of reading (aim under 15%)",
     [r"extraction:.*\(([\d.]+% of reading)\)"]),
    ("scan", "scan, all cores", "documents per second", [r"= (\d+) documents/s"]),
    ("build", "build (300 PDFs, 420 pages)", "seconds, sendbundle / qpdf merge in the same run",
     [r"^sendbundle build: ([\d.]+) s", r"^qpdf merge:\s+([\d.]+) s"]),
    ("build", "build", "ratio to qpdf (aim at most 1.5)", [r"^ratio:\s+([\d.]+)"]),
    ("build", "build", "peak memory (aim under 300 MB)", [r"^peak memory:\s+([\d.]+ MB)"]),
    ("ocr", "OCR, empty cache, all cores", "pages per second",
     [r"^cold cache, all cores.*?([\d.]+) pages/s"]),
    ("ocr", "OCR, empty cache, one core", "pages per second",
     [r"^cold cache, --jobs 1.*?([\d.]+) pages/s"]),
    ("ocr", "OCR, warm cache", "pages per second", [r"^warm cache.*?([\d.]+) pages/s"]),
]
rows = [(name, measure, status(bench) or " / ".join(grab(p, text(bench)) for p in patterns))
        for bench, name, measure, patterns in ROWS]

cpu = grab(r"^model name\s*:\s*(.*)$", open("/proc/cpuinfo").read())
table = ["<!-- run_all:begin -->",
         "Written by `bench/run_all.sh` on %s: %s, %d cores, %s; load average %s before, %s after. "
         "Full outputs in `bench/results/` (not committed); each figure is reproduced by the "
         "command in the table at the top of this file." % (
             datetime.date.today().isoformat(), cpu, os.cpu_count(), platform.platform(), load0, load1),
         "",
         "| benchmark | measure | figure |",
         "|---|---|---|"]
table += ["| %s | %s | %s |" % r for r in rows]
table.append("<!-- run_all:end -->")
readme = "bench/README.md"
s = open(readme).read()
begin, end = s.find("<!-- run_all:begin -->"), s.find("<!-- run_all:end -->")
if begin < 0 or end < 0:
    sys.exit("run_all: bench/README.md has no run_all markers")
s = s[:begin] + "\n".join(table) + s[end + len("<!-- run_all:end -->"):]
open(readme, "w").write(s)
print("\n".join(table))
EOF
