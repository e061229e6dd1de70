# SPDX-License-Identifier: GPL-2.0-only
# Reading man pages (roff with the man macros) and --help texts, for the
# tests that check the pages against the programs.  Source it after tap.sh.

# Roff source to plain text: font changes, escaped hyphens, dummy characters
# and named quotes out.
plain() {
	sed -e 's/\\f[BIRP]//g' -e 's/\\f(..//g' -e 's/\\f\[[^]]*\]//g' \
		-e 's/\\-/-/g' -e 's/\\&//g' -e 's/\\(dq/"/g' -e 's/\\(lq//g' -e 's/\\(rq//g' \
		-e 's/\\e/\\/g'
}

# section PAGE KIND TITLE: the body of the .SH or .SS (KIND) titled TITLE,
# up to the next heading; nothing if there is none.
section() {
	awk -v kind="$2" -v want="$3" '
		function title(s) { sub(/^\.S[HS] */, "", s); gsub(/\\-/, "-", s); gsub(/"/, "", s); return s }
		/^\.S[HS]( |$)/ { on = (substr($0, 1, 3) == kind && title($0) == want); next }
		on' "$1"
}

# tags: the item tags (the line after .TP or .TQ) of the roff on stdin,
# plain, without a leading font macro (.B NAME is NAME).
tags() {
	awk 'tag { print } { tag = ($1 == ".TP" || $1 == ".TQ") }' | plain |
		sed -E 's/^\.(B|I|BI|BR|IB|IR|RB|RI) +//'
}

# item TAG_WORD: the plain text of the item (tag and body, up to the next
# .TP, .PP or heading) of the roff on stdin whose tag holds TAG_WORD as a word.
item() {
	plain | awk -v want="$1" '
		function has(s,   i, n, w) {
			n = split(s, w, /[^A-Za-z0-9_-]+/)
			for (i = 1; i <= n; i++)
				if (w[i] == want)
					return 1
			return 0
		}
		$1 == ".TP" || $1 == ".PP" || $1 ~ /^\.S[HS]$/ { on = 0; tag = ($1 == ".TP"); next }
		tag { tag = 0; on = has($0) }
		on'
}

# has_word TEXT WORD: WORD (an option such as --op) occurs in TEXT, not as
# part of a longer option (--op is not found in --open or --no-op).
has_word() {
	printf '%s\n' "$1" | grep -qE -- "(^|[^A-Za-z0-9-])$2([^a-z-]|\$)"
}

# Options a --help text (file $1) prints: all of them, those the usage lines
# (up to the first blank line) or the start of an option line introduce, and
# the "-x, --long" pairs.
help_all() { grep -oE -- '--[a-z][a-z-]*' "$1" | sort -u; }
help_defined() {
	{
		sed -n '1,/^$/p' "$1" | grep -oE -- '--[a-z][a-z-]*'
		sed -nE 's/^ +(-[A-Za-z], )?(--[a-z][a-z-]*).*/\2/p' "$1"
	} | sort -u
}
help_pairs() { grep -oE -- '-[A-Za-z], --[a-z][a-z-]*' "$1" | sort -u; }

# check_options PAGE KIND TITLE HELPFILE: prints what the section lacks, one
# item a line; nothing when it documents every option of HELPFILE.
check_options() {
	body=$(section "$1" "$2" "$3")
	if [ -z "$body" ]; then
		echo "no $2 \"$3\" in the page"
		return
	fi
	text=$(printf '%s\n' "$body" | plain)
	tagtext=$(printf '%s\n' "$body" | tags)
	for o in $(help_all "$4"); do
		has_word "$text" "$o" || echo "$o not mentioned"
	done
	for o in $(help_defined "$4"); do
		has_word "$tagtext" "$o" || echo "$o has no .TP item"
	done
	help_pairs "$4" | while IFS= read -r p; do
		printf '%s\n' "$tagtext" | grep -qF -- "$p" || echo "no .TP item '$p'"
	done
}

# xrefs PAGE: the cross-references NAME(SECTION) of the page, one a line, as
# ".BR NAME (S)" or "\fBNAME\fR(S)" write them.
xrefs() {
	{
		sed -nE 's/^\.[BI]R +([A-Za-z0-9_.\\-]+) +\(([1-9])\).*/\1(\2)/p' "$1"
		grep -oE '\\fB[A-Za-z0-9_.\\-]+\\fR\([1-9]\)' "$1"
	} | plain | sort -u
}

# The commands 'ipectl --help' (file $1: "  NAME  summary" lines) and
# 'ipectl policy --help' ("  NAME ARGS  summary") list, one a line.
top_commands() { sed -nE 's/^  ([a-z][a-z-]*)  .*/\1/p' "$1"; }
group_commands() { sed -nE 's/^  ([a-z][a-z-]*) .*/\1/p' "$1"; }
# all_commands TOP POLICY: both lists as one command list, the group's as
# "policy NAME" and the group itself left out.
all_commands() {
	printf '%s\n' "$1" | grep -vx policy
	printf '%s\n' "$2" | sed 's/^/policy /'
}
