#!/usr/bin/env bash
# Keeps the help text, the manual and the README in step (curl's tool does the
# same for its --help and its manual; docs/style.md).
#
# usage: check_docs.sh SENDBUNDLE_BINARY SOURCE_DIR
#
# Fails (exit 1), saying what is missing, unless:
#  - every command under "Commands:" in `sendbundle --help` has a .SS section
#    under COMMANDS in man/sendbundle.1 and is mentioned in README.md (as
#    "sendbundle <cmd>" or as `<cmd>`);
#  - every option in a command's option list (`sendbundle <cmd> --help`) is
#    documented by a .TP entry in that command's .SS under OPTIONS, and every
#    other --option any --help prints appears somewhere in the manual;
#  - every --option the manual gives a command (its .TP entries under OPTIONS,
#    and any "sendbundle <cmd> ..." line, as in SYNOPSIS and EXAMPLES) is in
#    that command's option list, and every --option anywhere in the manual is
#    printed by some --help;
#  - every exit code listed in `sendbundle --help` (0 to 3 at least) has a .TP
#    entry under EXIT STATUS.
# Exit status: 0 all in step, 1 something is out of step, 2 bad arguments.
set -euo pipefail

if [ "$#" -ne 2 ]; then
	echo "usage: $0 SENDBUNDLE_BINARY SOURCE_DIR" >&2
	exit 2
fi
bin=$1
src=$2
man="$src/man/sendbundle.1"
readme="$src/README.md"

if [ ! -x "$bin" ]; then
	echo "check_docs: '$bin' is not an executable program" >&2
	exit 2
fi
if [ ! -f "$man" ]; then
	echo "FAIL: the manual '$man' does not exist"
	exit 1
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/check_docs.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

failures=0
fail() {
	echo "FAIL: $*"
	failures=$((failures + 1))
}
ok() {
	echo "ok: $*"
}

# Long options in a stream, one a line, sorted and unique.
long_options() {
	{ grep -oE -- '--[a-z0-9]+(-[a-z0-9]+)*' || true; } | LC_ALL=C sort -u
}

# The manual as plain text, one line per input line, with each line labelled
# by its section (.SH), subsection (.SS) and whether it is a .TP tag:
#   SECTION <tab> SUBSECTION <tab> 0|1 <tab> TEXT
# roff escapes that matter for option names are undone (\- is -, fonts go).
sed -e '/^[.'\'']\\"/d' \
	-e 's/\\".*$//' \
	-e 's/\\-/-/g' \
	-e 's/\\f\[[^]]*\]//g' -e 's/\\f([A-Za-z][A-Za-z]//g' -e 's/\\f[A-Za-z0-9]//g' \
	-e 's/\\[&%:\/,c]//g' -e 's/\\[ ~]/ /g' \
	-e "s/\\\\(aq/'/g" -e 's/\\(dq/"/g' -e 's/\\e/\\/g' \
	"$man" >"$tmp/man.txt"
awk '
	function title(s) {
		sub(/^\.S[HS][ \t]*/, "", s)
		gsub(/"/, "", s)
		sub(/[ \t]+$/, "", s)
		return s
	}
	/^\.SH([ \t]|$)/ { sh = title($0); ss = ""; tag = 0; next }
	/^\.SS([ \t]|$)/ { ss = title($0); tag = 0; next }
	/^\.TP([ \t]|$)/ { tag = 1; next }
	/^[ \t]*$/ { next }
	{
		text = $0
		is_tag = 0
		if (tag) {
			# The tag line may be a font macro: .B 0, .BR x y, .I FILE.
			sub(/^\.[A-Z][A-Z]?[ \t]+/, "", text)
			gsub(/"/, "", text)
			sub(/[ \t]+$/, "", text)
			is_tag = 1
			tag = 0
		}
		printf "%s\t%s\t%d\t%s\n", sh, ss, is_tag, text
	}
' "$tmp/man.txt" >"$tmp/man.tsv"
long_options <"$tmp/man.txt" >"$tmp/man_options"

# --- the program's own help ----------------------------------------------
if ! "$bin" --help >"$tmp/main_help" 2>"$tmp/main_help_err"; then
	fail "'$bin --help' did not exit 0: $(cat "$tmp/main_help_err")"
	exit 1
fi
sed -n '/^Commands:$/,/^$/p' "$tmp/main_help" |
	sed -nE 's/^  ([a-z][a-z0-9-]*)( |$).*/\1/p' >"$tmp/commands"
sed -n '/^Exit codes:$/,/^$/p' "$tmp/main_help" |
	sed -nE 's/^  ([0-9]+)( |$).*/\1/p' >"$tmp/exit_codes"
if [ ! -s "$tmp/commands" ]; then
	fail "found no commands under 'Commands:' in '$bin --help'"
	exit 1
fi
ok "'sendbundle --help' lists commands: $(tr '\n' ' ' <"$tmp/commands")"

long_options <"$tmp/main_help" >"$tmp/all_help_options"

# --- each command: manual section, README, options -------------------------
if [ -f "$readme" ]; then
	ok "README.md exists"
else
	fail "$readme does not exist, so it cannot mention the commands"
fi

while IFS= read -r cmd; do
	# The command's section under COMMANDS.
	# (.SS lines carry no text of their own, so look for the first line under it.)
	if awk -F'\t' -v c="$cmd" '$1 == "COMMANDS" && ($2 == c || $2 == "sendbundle " c) {
	    f = 1 } END { exit !f }' "$tmp/man.tsv"; then
		ok "$cmd: the manual has '.SS $cmd' under COMMANDS"
	else
		fail "$cmd: the manual has no '.SS $cmd' section under COMMANDS"
	fi

	if [ -f "$readme" ]; then
		if grep -qF -e "sendbundle $cmd" -e "\`$cmd\`" "$readme"; then
			ok "$cmd: mentioned in README.md"
		else
			fail "$cmd: README.md mentions neither 'sendbundle $cmd' nor '\`$cmd\`'"
		fi
	fi

	if ! "$bin" "$cmd" --help >"$tmp/help.$cmd" 2>"$tmp/help_err.$cmd"; then
		fail "$cmd: 'sendbundle $cmd --help' did not exit 0: $(cat "$tmp/help_err.$cmd")"
		continue
	fi
	# The command's option list: lines such as "  --today DATE ..." or
	# "  -h, --help ...". Other --options it prints are only mentioned.
	sed -nE 's/^ +(-[A-Za-z0-9], +)?(--[a-z0-9]+(-[a-z0-9]+)*).*/\2/p' "$tmp/help.$cmd" |
		LC_ALL=C sort -u >"$tmp/listed.$cmd"
	long_options <"$tmp/help.$cmd" >"$tmp/printed.$cmd"
	cat "$tmp/printed.$cmd" >>"$tmp/all_help_options"
	if [ ! -s "$tmp/listed.$cmd" ]; then
		fail "$cmd: found no option list in 'sendbundle $cmd --help'"
		continue
	fi

	# What the manual documents for this command.
	awk -F'\t' -v c="$cmd" '$1 == "OPTIONS" && $2 == c && $3 == 1 { print $4 }' \
		"$tmp/man.tsv" | long_options >"$tmp/man_tags.$cmd"
	awk -F'\t' -v c="sendbundle $cmd" '{
		i = index($4, c)
		if (i == 0)
			next
		rest = substr($4, i + length(c))
		if (rest != "" && rest !~ /^[ \t]/)
			next
		sub(/\|.*/, "", rest)  # stop at a pipe into another program
		print rest
	}' "$tmp/man.tsv" | long_options >"$tmp/man_lines.$cmd"
	LC_ALL=C sort -u "$tmp/man_tags.$cmd" "$tmp/man_lines.$cmd" >"$tmp/man_documents.$cmd"

	while IFS= read -r opt; do
		if grep -qFx -- "$opt" "$tmp/man_tags.$cmd"; then
			ok "$cmd: $opt is documented in the manual (OPTIONS, $cmd)"
		else
			fail "$cmd: '$opt' is in 'sendbundle $cmd --help' but has no .TP entry" \
			     "under OPTIONS, .SS $cmd in the manual"
		fi
	done <"$tmp/listed.$cmd"

	while IFS= read -r opt; do
		if grep -qFx -- "$opt" "$tmp/listed.$cmd"; then
			continue
		fi
		if grep -qFx -- "$opt" "$tmp/man_options"; then
			ok "$cmd: $opt, mentioned in its help, appears in the manual"
		else
			fail "$cmd: '$opt' is printed by 'sendbundle $cmd --help' but the manual" \
			     "never mentions it"
		fi
	done <"$tmp/printed.$cmd"

	while IFS= read -r opt; do
		if grep -qFx -- "$opt" "$tmp/listed.$cmd"; then
			ok "$cmd: the manual's $opt is accepted by 'sendbundle $cmd'"
		else
			fail "$cmd: the manual gives '$opt' to 'sendbundle $cmd', but" \
			     "'sendbundle $cmd --help' does not list it"
		fi
	done <"$tmp/man_documents.$cmd"
done <"$tmp/commands"

# --- the manual's options, and the program's top-level ones ------------------
LC_ALL=C sort -u -o "$tmp/all_help_options" "$tmp/all_help_options"
while IFS= read -r opt; do
	if grep -qFx -- "$opt" "$tmp/all_help_options"; then
		ok "manual: $opt is printed by some --help"
	else
		fail "manual: '$opt' appears in the manual but no --help prints it"
	fi
done <"$tmp/man_options"
long_options <"$tmp/main_help" >"$tmp/main_options"
while IFS= read -r opt; do
	if grep -qFx -- "$opt" "$tmp/man_options"; then
		ok "sendbundle --help: $opt appears in the manual"
	else
		fail "'$opt' is printed by 'sendbundle --help' but the manual never mentions it"
	fi
done <"$tmp/main_options"

# --- exit codes ---------------------------------------------------------------
for code in 0 1 2 3; do
	if ! grep -qFx -- "$code" "$tmp/exit_codes"; then
		fail "'sendbundle --help' does not list exit code $code under 'Exit codes:'"
	fi
done
awk -F'\t' '$1 == "EXIT STATUS" && $3 == 1 { print $4 }' "$tmp/man.tsv" >"$tmp/man_exit_codes"
while IFS= read -r code; do
	if grep -qFx -- "$code" "$tmp/man_exit_codes"; then
		ok "exit code $code is documented under EXIT STATUS"
	else
		fail "exit code $code is in 'sendbundle --help' but has no .TP entry under" \
		     "EXIT STATUS in the manual"
	fi
done <"$tmp/exit_codes"

if [ "$failures" -gt 0 ]; then
	echo "check_docs: $failures problem(s): the help, the manual (man/sendbundle.1)" \
	     "and README.md are out of step"
	exit 1
fi
echo "check_docs: the help, the manual and README.md agree"
