#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# man/ipectl.8 against the program (test_manpages.sh checks that it formats
# without a warning): every command the dispatchers in cli/ know is listed by
# 'ipectl --help' or 'ipectl policy --help'; every command listed there has
# a .SS in the page; every long option a command's --help prints appears in
# that command's .SS, and those the usage or an option line introduces (and
# their short forms) as a .TP item.  Nothing here names a command or an
# option: all of it comes from the sources and the --help texts, so a new
# command or option without documentation fails.  A copy of the page with
# one option removed must fail the same checks.
# Usage: test_manpage.sh IPECTL SOURCE_ROOT
set -u
ipectl=$1 src=$2
page=$src/man/ipectl.8
. "$(dirname "$0")/tap.sh"
. "$(dirname "$0")/man.sh"

# --- the --help texts list every command the code dispatches -----------------------
run "$ipectl" --help
cp "$tap_tmp/out" "$tap_tmp/top.help"
is "$rc" 0 "ipectl --help exits 0"
listed=$(top_commands "$tap_tmp/top.help")
run "$ipectl" policy --help
cp "$tap_tmp/out" "$tap_tmp/policy.help"
is "$rc" 0 "ipectl policy --help exits 0"
plisted=$(group_commands "$tap_tmp/policy.help")

# The dispatchers: main()'s strcmp chain, the tree command table, cmd_policy()'s table.
code_top=$( {
	grep -ohE 'strcmp\(argv\[1\], "[a-z][a-z-]*"\)' "$src/cli/ipectl.c" | sed -E 's/.*"(.*)".*/\1/'
	awk '/^const struct tree_cmd tree_cmd_[a-z_]+ = \{/ { getline; print }' "$src"/cli/*.c |
		sed -nE 's/^[[:space:]]*"([a-z][a-z-]*)",$/\1/p'
} | sort)
code_policy=$(grep -ohE '\{ "[a-z][a-z-]*", policy_[a-z_]+ \}' "$src/cli/policy.c" |
	sed -E 's/\{ "([^"]*)".*/\1/' | sort)
# A command the parsing above misses still fails below, as one --help lists
# and the sources do not.
[ -n "$code_top" ] && [ -n "$code_policy" ]
tap_result $? "commands found in cli/ipectl.c, the tree command tables and cli/policy.c"
is "$(printf '%s\n' "$listed" | sort | tr '\n' ' ')" "$(printf '%s\n' "$code_top" | tr '\n' ' ')" \
	"ipectl --help lists exactly the commands main() dispatches"
is "$(printf '%s\n' "$plisted" | sort | tr '\n' ' ')" "$(printf '%s\n' "$code_policy" | tr '\n' ' ')" \
	"ipectl policy --help lists exactly the commands cmd_policy() dispatches"
for c in gen explain; do
	printf '%s\n' "$listed" | grep -qx "$c"
	tap_result $? "ipectl --help lists $c"
done
for c in lint test diff; do
	printf '%s\n' "$plisted" | grep -qx "$c"
	tap_result $? "ipectl policy --help lists $c"
done

# --- every command and option of the --help texts is in the page -------------------
# A group's own options: its --help without the command list, whose lines
# summarize the commands (deploy's "with --activate" belongs to deploy).
for h in top policy; do
	grep -vE '^  [a-z]' "$tap_tmp/$h.help" > "$tap_tmp/$h.own"
	miss=$(check_options "$page" .SH OPTIONS "$tap_tmp/$h.own")
	is "$miss" "" "OPTIONS documents the options of the $h-level --help"
done
cmds=$(all_commands "$listed" "$plisted")
printf '%s\n' "$cmds" > "$tap_tmp/cmds"
while IFS= read -r cmd; do
	# shellcheck disable=SC2086 # "policy check" is two words
	run "$ipectl" $cmd --help
	cp "$tap_tmp/out" "$tap_tmp/cmd.help"
	like "$rc:$(head -n 1 "$tap_tmp/cmd.help")" "^0:Usage: ipectl $cmd " "ipectl $cmd --help prints its usage"
	miss=$(check_options "$page" .SS "$cmd" "$tap_tmp/cmd.help")
	is "$miss" "" "the page documents ipectl $cmd and every option of its --help"
done < "$tap_tmp/cmds"

# The other way: a .SS titled like a command (lower case) names a command.
stale=$(grep -E '^\.SS "?[a-z]' "$page" | sed -e 's/^\.SS *//' -e 's/"//g' -e 's/\\-/-/g' |
	while IFS= read -r t; do grep -qxF -- "$t" "$tap_tmp/cmds" || echo "$t"; done)
is "$stale" "" "every command .SS names a command ipectl has"

# --- the checks can fail ------------------------------------------------------------
# Remove from a copy every line naming the last option of the last command:
# the same check must then report it.
last=$(tail -n 1 "$tap_tmp/cmds")
o=$(help_defined "$tap_tmp/cmd.help" | tail -n 1)
esc=$(printf '%s' "$o" | sed 's/-/\\-/g')
grep -vF -- "$esc" "$page" > "$tap_tmp/mutant.8"
miss=$(check_options "$tap_tmp/mutant.8" .SS "$last" "$tap_tmp/cmd.help")
like "$miss" "^$o not mentioned" "a page without $o fails the check of ipectl $last"
# A copy whose item for it is prose (.PP instead of .TP) fails too.
awk -v esc="$esc" 'held { print (index($0, esc) ? ".PP" : ".TP"); held = 0 }
	$0 == ".TP" { held = 1; next } { print }' "$page" > "$tap_tmp/notag.8"
is "$(grep -c '^\.TP$' "$tap_tmp/notag.8")" "$(($(grep -c '^\.TP$' "$page") - 1))" \
	"the prose copy differs by one item"
miss=$(check_options "$tap_tmp/notag.8" .SS "$last" "$tap_tmp/cmd.help")
like "$miss" "^$o has no \\.TP item" "a page mentioning $o only in prose fails the check"

tap_done
