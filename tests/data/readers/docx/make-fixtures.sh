#!/bin/sh
# Re-make the DOCX reader fixtures (tests/unit/test_reader_docx.c) from their
# sources: letter.txt through tests/tools/mkdocx.py, the rest by fixtures.py.
# The outputs are committed; running this again must change no byte.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
tools=$here/../../../tools
py=${PYTHON3:-/usr/bin/python3}

"$py" "$tools/mkdocx.py" "$here/letter.txt" "$here/letter.docx" \
	--header "Northbrook Borough Council, Town Hall, Northbrook NB1 1AA|Our ref: NBC/SEND/0117" \
	--footer "Northbrook Borough Council is a fictional authority." --field \
	--footnote "Children and Families Act 2014, section 36(8)." \
	--endnote "Copied to the school SENCO." \
	--deleted "and we will not look at this again" \
	--inserted "Please keep this letter." \
	--title "Decision not to assess" --author "Priya Castellane" --created 2024-03-12
"$py" "$tools/mkdocx.py" "$here/letter.txt" "$here/core-offset.docx" \
	--title "Offset times" --author "Dr Imogen Falstaff" --created 2024-01-15T23:30:00-05:00
"$py" "$here/fixtures.py" "$here"

# Seeds for the fuzz target (tests/fuzz/fuzz_reader_docx.c): the small fixtures.
corpus=$here/../../../fuzz/corpus/reader_docx
mkdir -p "$corpus"
for f in letter tricky strict core-offset billion-laughs external-entity invalid-xml \
	no-document truncated encrypted-entry encrypted-ole not-a-zip inconsistent; do
	cp "$here/$f.docx" "$corpus/$f.docx"
done
# Bare XML parts too: the target wraps non-zip input as a package, so these reach the XML walk.
"$py" - "$here" "$corpus" <<'PY'
import sys, zipfile
here, corpus = sys.argv[1], sys.argv[2]
for docx, part, seed in (("tricky", "word/document.xml", "tricky-document.xml"),
                         ("tricky", "docProps/core.xml", "tricky-core.xml"),
                         ("letter", "word/footnotes.xml", "letter-footnotes.xml"),
                         ("billion-laughs", "word/document.xml", "billion-laughs.xml")):
    with zipfile.ZipFile("%s/%s.docx" % (here, docx)) as z, \
            open("%s/%s" % (corpus, seed), "wb") as out:
        out.write(z.read(part))
PY
