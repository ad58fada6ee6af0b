#!/bin/bash
# The bundle's JSON outputs against their schemas (issue 4: index.json,
# schemas/index.schema.json). test_bundle_out compares its output with the
# golden files byte for byte, so checking the golden files checks the
# output. The bad fixtures must fail, or the schemas check nothing. The
# HTML pages must be well formed: every element closed, in order.
# Usage: check_bundle_schemas.sh SOURCE_DIR PYTHON3
set -u
src=$1
py=$2
data=$src/tests/data/bundle_out
status=0

for s in index chronology; do
	if ! "$py" -m jsonschema -i "$data/$s.json" "$src/schemas/$s.schema.json"; then
		echo "FAIL: $s.json does not match schemas/$s.schema.json"
		status=1
	fi
	if "$py" -m jsonschema -i "$data/$s-bad.json" "$src/schemas/$s.schema.json" 2>/dev/null; then
		echo "FAIL: $s-bad.json passes schemas/$s.schema.json"
		status=1
	fi
done

"$py" - "$data/index.html" "$data/chronology.html" <<'PY' || status=1
import sys
from html.parser import HTMLParser

VOID = {"meta", "br", "hr", "img", "link", "input", "col"}

class Check(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack = []
        self.errors = []

    def handle_starttag(self, tag, attrs):
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes <{self.stack[-1] if self.stack else None}>")
        else:
            self.stack.pop()

bad = False
for path in sys.argv[1:]:
    c = Check()
    c.feed(open(path, encoding="utf-8").read())
    c.close()
    if c.errors or c.stack:
        print(f"FAIL: {path}: {c.errors[:3]} unclosed {c.stack}")
        bad = True
sys.exit(1 if bad else 0)
PY
exit $status
