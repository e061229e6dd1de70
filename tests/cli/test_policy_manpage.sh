#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# man/ipe-policy.5 against the parser.  Every .EX block of the page follows
# a marker line '.\" expect: WHAT' (the page's header comment lists them),
# and 'ipectl policy check' must agree with it: whole policies valid or
# refused with the stated errno, and the tables of header and statement
# lines, each with its result, line by line.  OPERATIONS has an item for
# exactly the operations lib/parser.c knows, PROPERTIES for exactly its
# properties.  Copies of the page with a broken example, a wrong result, an
# unmarked example or an operation left out must fail the same checks.
# Usage: test_policy_manpage.sh IPECTL SOURCE_ROOT
set -u
ipectl=$1 src=$2
page=$src/man/ipe-policy.5
. "$(dirname "$0")/tap.sh"
. "$(dirname "$0")/man.sh"

# check_examples PAGE: one line per example that disagrees with the parser
# (or has no marker), naming its line in PAGE; nothing when all agree.
# Every case becomes a file, all are checked by one 'ipectl policy check
# --json', and $tap_tmp/cases lists them: FILE, expected result (ok or an
# errno), KIND (policy, headers, statements) and where it is in PAGE.
check_examples() {
	rm -rf "$tap_tmp/ex"
	mkdir "$tap_tmp/ex"
	awk -v dir="$tap_tmp/ex" '
		/^\.EX/ { n++; on = 1; f = dir "/" n
			m = prev; if (!sub(/^\.\\" expect: /, "", m)) m = ""
			print NR " " m > (f ".expect"); close(f ".expect")
			printf "" > f; next }
		/^\.EE/ { on = 0; close(f); next }
		on && !/^\.\\"/ { print > f }
		{ prev = $0 }' "$1"
	: > "$tap_tmp/cases"
	tab=$(printf '\t')
	for e in "$tap_tmp"/ex/*.expect; do
		[ -e "$e" ] || continue
		read -r at want < "$e"
		block=${e%.expect}
		plain < "$block" > "$block.pol"
		case $want in
		none)
			;;
		valid)
			echo "$block.pol${tab}ok${tab}policy${tab}line $at" >> "$tap_tmp/cases"
			;;
		EBADMSG | EINVAL | ERANGE)
			echo "$block.pol${tab}$want${tab}policy${tab}line $at" >> "$tap_tmp/cases"
			;;
		headers | statements)
			i=0
			while IFS= read -r l; do
				i=$((i + 1))
				line=$(printf '%s' "${l% *}" | sed 's/ *$//')
				if [ "$want" = headers ]; then
					printf '%s\nDEFAULT action=ALLOW\n' "$line"
				else
					printf 'policy_name=demo policy_version=1.0.0\nDEFAULT action=ALLOW\n%s\n' "$line"
				fi > "$block.$i.pol"
				echo "$block.$i.pol${tab}${l##* }${tab}$want${tab}line $at: '$line'" >> "$tap_tmp/cases"
			done < "$block.pol"
			;;
		'')
			echo "line $at: .EX without a '.\\\" expect:' marker before it"
			;;
		*)
			echo "line $at: unknown marker 'expect: $want'"
			;;
		esac
	done
	cut -f 1 "$tap_tmp/cases" | tr '\n' '\0' | xargs -0 "$ipectl" policy check --json \
		> "$tap_tmp/results" 2>/dev/null
	python3 - "$tap_tmp/cases" "$tap_tmp/results" <<-'EOF'
		import json, sys
		cases = [l.rstrip("\n").split("\t") for l in open(sys.argv[1])]
		got = {r["file"]: "ok" if r["valid"] else r.get("errno", r.get("error"))
		       for r in json.load(open(sys.argv[2]))}
		for f, want, kind, where in cases:
		    if got.get(f) != want:
		        print(f"{where}: expected {want}, got {got.get(f)}")
	EOF
}

# counted KIND: how many cases of KIND the last check_examples checked.
counted() { cut -f 3 "$tap_tmp/cases" | grep -cx "$1"; }

is "$(check_examples "$page")" "" "every example of the page is what the parser says"
[ "$(counted policy)" -ge 4 ]
tap_result $? "whole policies checked ($(counted policy))"
[ "$(counted headers)" -ge 5 ] && [ "$(counted statements)" -ge 10 ]
tap_result $? "header and statement lines checked ($(counted headers), $(counted statements))"
for r in ok EBADMSG EINVAL ERANGE; do
	sed -n '/expect: headers/,/^\.EE/p;/expect: statements/,/^\.EE/p' "$page" | grep -q " $r\$"
	tap_result $? "the tables show a line whose result is $r"
done

# The vocabulary: lib/parser.c's operation and property tokens.
ops=$(sed -n '/op_tokens\[IPE_OP_COUNT\] = {/,/};/p' "$src/lib/parser.c" |
	grep -oE '"op=[A-Z0-9_]+"' | tr -d '"' | sort)
props=$( {
	grep -oE '"[a-z_]+=(TRUE|FALSE)"' "$src/lib/parser.c" | sed -E 's/"([a-z_]+)=.*/\1/'
	sed -nE 's/^#define [A-Z_]+ "([a-z_]+)="$/\1/p' "$src/lib/parser.c" | grep -v '^policy_'
} | sort -u)
is "$(printf '%s\n' "$ops" | wc -l)" 7 "lib/parser.c has the seven operations"
is "$(printf '%s\n' "$props" | wc -l)" 5 "lib/parser.c has the five properties"
page_ops() { section "$1" .SH OPERATIONS | tags | sort; }
page_props() { section "$1" .SH PROPERTIES | tags | sed -E 's/=.*//' | sort; }
is "$(page_ops "$page" | tr '\n' ' ')" "$(printf '%s\n' "$ops" | tr '\n' ' ')" \
	"OPERATIONS has an item for exactly the parser's operations"
is "$(page_props "$page" | tr '\n' ' ')" "$(printf '%s\n' "$props" | tr '\n' ' ')" \
	"PROPERTIES has an item for exactly the parser's properties"

# --- the checks can fail ------------------------------------------------------------
# only TEXT ERE DESCRIPTION: TEXT is exactly one line, and it matches ERE.
only() {
	[ "$(printf '%s\n' "$1" | wc -l)" -eq 1 ] && printf '%s\n' "$1" | grep -Eq -- "$2"
	tap_result $? "$3" "text:  $1" "regex: $2"
}
# The first valid policy with its first action spelled in lower case.
awk '!done && /expect: valid/ { armed = 1 }
	armed && sub(/action=ALLOW/, "action=allow") { armed = 0; done = 1 } { print }' \
	"$page" > "$tap_tmp/broken.5"
only "$(check_examples "$tap_tmp/broken.5")" "^line [0-9]+: expected ok, got EBADMSG$" \
	"a page with an invalid example policy fails the check"
# The first 'ok' line of the statement table claimed to be refused.
awk '!done && /expect: statements/ { armed = 1 }
	armed && sub(/ ok$/, " EINVAL") { armed = 0; done = 1 } { print }' \
	"$page" > "$tap_tmp/wrong.5"
only "$(check_examples "$tap_tmp/wrong.5")" "^line [0-9]+: '[^']+': expected EINVAL, got ok$" \
	"a page stating a wrong result for a line fails the check"
# An example without its marker.
sed '0,/^\.\\" expect: valid$/{/^\.\\" expect: valid$/d}' "$page" > "$tap_tmp/unmarked.5"
only "$(check_examples "$tap_tmp/unmarked.5")" "^line [0-9]+: \\.EX without a '\\.\\\\\" expect:' marker before it$" \
	"a page with an unmarked example fails the check"
# OPERATIONS without its last item.
last=$(printf '%s\n' "$ops" | tail -n 1)
sed "/^\\.B $last\$/d" "$page" > "$tap_tmp/noop.5"
[ "$(page_ops "$tap_tmp/noop.5" | tr '\n' ' ')" != "$(printf '%s\n' "$ops" | tr '\n' ' ')" ]
tap_result $? "a page without $last in OPERATIONS fails the check"

tap_done
