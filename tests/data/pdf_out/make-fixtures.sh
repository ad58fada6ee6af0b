#!/bin/sh
# Re-make the bundle PDF tests' fixtures (test_pdf_out, tests/oracle/pdf_out_oracle.py).
#
#   tests/data/pdf_out/make-fixtures.sh
#
# Needs python3 and qpdf. Every output is deterministic: running this twice
# gives the same bytes. The tests also use tests/data/readers/pdf/ (letter,
# rotated, cropped, encrypted, truncated, not-a-pdf), made by sb_mkpdf there.
# All people, schools and councils in the fixtures are fictional.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
cd "$here"

# Page geometries, annotations and form fields, blank pages, content that
# leaves the graphics state unbalanced or stops early (unruly.pdf), what other
# writers put in a finished PDF, and a file damaged past its first pages.
/usr/bin/python3 make-raw.py .

# Encrypted with an owner password only: it opens without a password (the
# usual "protected" council letter), so it is accepted and its pages copied.
# AES-128 with a static /ID and IV gives the same bytes on every run.
qpdf --static-id --static-aes-iv --encrypt "" owner 128 --use-aes=y -- \
	geometry.pdf restricted.pdf
