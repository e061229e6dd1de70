#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# man/iped.8 against the program: OPTIONS has a .TP item for every option
# 'iped --help' prints (with its short form) and none it does not; each
# default the --help text states (a path, a number, one of the option's
# values) is in that option's item; CONFIGURATION FILE has an item for
# exactly the keys daemon/config.c reads, and the defaults dist/iped.conf
# shows are in those items.  Nothing here names an option or a key: they
# come from the program, the sources and dist/.  Copies of the page with an
# option removed, an option added, a default changed or a key removed must
# fail the same checks.
# Usage: test_iped_manpage.sh IPED SOURCE_ROOT
set -u
iped=$1 src=$2
page=$src/man/iped.8
. "$(dirname "$0")/tap.sh"
. "$(dirname "$0")/man.sh"

run "$iped" --help
cp "$tap_tmp/out" "$tap_tmp/help"
like "$rc:$(head -n 1 "$tap_tmp/help")" '^0:Usage: iped ' "iped --help prints its usage"
[ "$(help_defined "$tap_tmp/help" | wc -l)" -ge 10 ]
tap_result $? "options found in iped --help"

# extra_options PAGE: options the OPTIONS items name that --help does not print.
extra_options() {
	tagtext=$(section "$1" .SH OPTIONS | tags)
	for o in $(printf '%s\n' "$tagtext" | grep -oE -- '--[a-z][a-z-]*' | sort -u); do
		help_all "$tap_tmp/help" | grep -qxF -- "$o" || echo "$o"
	done
	printf '%s\n' "$tagtext" | grep -oE -- '-[A-Za-z], --[a-z][a-z-]*' | while IFS= read -r p; do
		help_pairs "$tap_tmp/help" | grep -qxF -- "$p" || echo "$p"
	done
}

# help_defaults: "OPTION VALUE" for each default an option's --help lines
# state: a path, a number or one of the values its option line lists (bpf|none).
help_defaults() {
	awk '
		function flush() {
			if (opt != "")
				print opt "\t" text
			opt = ""
		}
		/^ +-/ { flush(); match($0, /--[a-z][a-z-]*/); opt = substr($0, RSTART, RLENGTH);
			text = $0; next }
		/^ +[^ -]/ && opt != "" { text = text " " $0; next }
		{ flush() }
		END { flush() }' "$tap_tmp/help" |
	while IFS="$(printf '\t')" read -r opt text; do
		values=$(printf '%s\n' "$text" | sed -nE "s/^ *(-[A-Za-z], )?$opt(\\[?=?| )([a-z0-9]+(\\|[a-z0-9]+)+).*/\\3/p" | tr '|' ' ')
		printf '%s\n' "$text" | grep -oE 'default:? [^ ;,)]+' | sed -E 's/^default:? //' |
		while IFS= read -r v; do
			case $v in
			/* | [0-9]*) echo "$opt $v" ;;
			*) for w in $values; do [ "$w" = "$v" ] && echo "$opt $v"; done ;;
			esac
		done
	done
}

# wrong_defaults PAGE: the defaults of --help the OPTIONS item of their option lacks.
wrong_defaults() {
	help_defaults | while read -r opt v; do
		body=$(section "$1" .SH OPTIONS | item "$opt")
		{ has_word "$body" default && printf '%s\n' "$body" | grep -qF -- "$v"; } ||
			echo "$opt: default $v"
	done
}

keys=$(sed -nE 's/^[[:space:]]*K\("([a-z][a-z-]*)",.*/\1/p' "$src/daemon/config.c" | sort)
[ "$(printf '%s\n' "$keys" | wc -l)" -ge 10 ]
tap_result $? "configuration keys found in daemon/config.c"
for k in $keys; do
	help_all "$tap_tmp/help" | grep -qxF -- "--$k" || echo "--$k"
done > "$tap_tmp/keyless"
is "$(cat "$tap_tmp/keyless")" "" "every configuration key is a long option of iped --help"

# key_items PAGE: the tags of the CONFIGURATION FILE items, sorted.
key_items() { section "$1" .SH "CONFIGURATION FILE" | tags | sort; }

# wrong_key_defaults PAGE: the "# KEY = VALUE" defaults of dist/iped.conf
# (values in parentheses are explanations) the page's item for KEY lacks.
wrong_key_defaults() {
	sed -nE 's/^# ([a-z][a-z-]*) = ([^ (]+).*/\1 \2/p' "$src/dist/iped.conf" |
	while read -r k v; do
		section "$1" .SH "CONFIGURATION FILE" | item "$k" | grep -qF -- "$v" || echo "$k = $v"
	done
}

miss=$(check_options "$page" .SH OPTIONS "$tap_tmp/help")
is "$miss" "" "OPTIONS documents every option of iped --help"
is "$(extra_options "$page")" "" "OPTIONS documents no option iped --help does not print"
[ "$(help_defaults | wc -l)" -ge 5 ]
tap_result $? "defaults found in iped --help" "$(help_defaults)"
is "$(wrong_defaults "$page")" "" "each option's item states its default as --help does"
is "$(key_items "$page" | tr '\n' ' ')" "$(printf '%s\n' "$keys" | tr '\n' ' ')" \
	"CONFIGURATION FILE has an item for exactly the keys daemon/config.c reads"
[ "$(sed -nE 's/^# ([a-z][a-z-]*) = ([^ (]+).*/\1/p' "$src/dist/iped.conf" | wc -l)" -ge 5 ]
tap_result $? "defaults found in dist/iped.conf"
is "$(wrong_key_defaults "$page")" "" "each key's item states the default dist/iped.conf shows"

# --- the checks can fail ------------------------------------------------------------
last=$(help_defined "$tap_tmp/help" | grep -vx -e --help -e --version | tail -n 1)
esc=$(printf '%s' "$last" | sed 's/-/\\-/g')
grep -vF -- "$esc" "$page" > "$tap_tmp/mutant.8"
like "$(check_options "$tap_tmp/mutant.8" .SH OPTIONS "$tap_tmp/help")" "^$last not mentioned" \
	"a page without $last fails the check"
awk '{ print } /^\.SH OPTIONS/ { print ".TP"; print "\\fB\\-x\\fR, \\fB\\-\\-bogus\\-option\\fR"; print "None." }' \
	"$page" > "$tap_tmp/extra.8"
is "$(extra_options "$tap_tmp/extra.8" | tr '\n' ' ')" "--bogus-option -x, --bogus-option " \
	"a page with an option iped does not have fails the check"
d=$(help_defaults | grep ' /' | head -n 1)
o=${d%% *} v=${d#* }
vesc=$(printf '%s' "$v" | sed 's/-/\\\\-/g')
sed "s|$vesc|/nowhere|g" "$page" > "$tap_tmp/default.8"
like "$(wrong_defaults "$tap_tmp/default.8")" "^$o: default $v" \
	"a page stating another default for $o fails the check"
k=$(printf '%s\n' "$keys" | tail -n 1)
kesc=$(printf '%s' "$k" | sed 's/-/\\\\-/g')
sed "/^\\.B $kesc\$/d" "$page" > "$tap_tmp/nokey.8"
is "$(key_items "$tap_tmp/nokey.8" | grep -cxF -- "$k")" 0 "a copy without the item of key $k"
[ "$(key_items "$tap_tmp/nokey.8" | tr '\n' ' ')" != "$(printf '%s\n' "$keys" | tr '\n' ' ')" ]
tap_result $? "a page without the item of key $k fails the check"

tap_done
