#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# The bash completions of dist/completion against the programs.  Each file
# is sourced in bash, its function (the one 'complete -p' names) is driven
# with COMP_WORDS and COMP_CWORD in a directory of known files, and
# COMPREPLY must offer: exactly the commands 'ipectl --help' and 'ipectl
# policy --help' list; for every command, every option its --help defines
# and none its --help does not print; for every option of every --help
# (iped's included), what its placeholder calls for: the values of A|B,
# directories only for DIR, files for FILE, KEY, CERT, OUT, LOG and IMAGE,
# no file for a text such as N or NAME, and for --op, --hook, --no-provider
# and --hash-alg the names the sources know, each accepted by the program;
# the loaded policies' names for a NAME operand.  Copies of the completion
# with a command or an option left out must fail the same checks.
# Usage: test_completion.sh IPECTL IPED SOURCE_ROOT
set -u
ipectl=$1 iped=$2 src=$3
. "$(dirname "$0")/tap.sh"
. "$(dirname "$0")/man.sh"

work=$tap_tmp/work
mkdir -p "$work/sub" "$work/tree/policies/alpha" "$work/tree/policies/beta" "$tap_tmp/mut"
: > "$work/a.key"
printf 'policy_name=t policy_version=1.0.0\nDEFAULT action=ALLOW\n' > "$work/p.pol"
ipectl_comp=$src/dist/completion/ipectl
iped_comp=$src/dist/completion/iped

# comp FILE WORD...: what FILE's completion offers for the last WORD of the
# command line WORD..., one a line, sorted.
comp() {
	(cd "$work" && bash -c '
		. "$1" || exit 1
		shift
		COMP_WORDS=("$@") COMP_CWORD=$(($# - 1)) COMP_LINE="$*"
		COMP_POINT=${#COMP_LINE}
		spec=$(complete -p "$1") || exit 1
		fn=${spec#*-F } fn=${fn%% *}
		"$fn" "$1" "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
		((${#COMPREPLY[@]})) && printf "%s\n" "${COMPREPLY[@]}"
		exit 0' _ "$@") | sort
}

# words TEXT: TEXT's words, sorted, on one line.
words() { printf '%s\n' "$1" | tr ' ' '\n' | sed '/^$/d' | sort | tr '\n' ' '; }

for f in "$ipectl_comp:ipectl" "$iped_comp:iped"; do
	prog=${f##*:}
	spec=$(bash -c '. "$1" && complete -p "$2"' _ "${f%:*}" "$prog" 2>&1)
	is "$spec" "complete -F _$prog $prog" "sourcing ${f%:*} registers _$prog for $prog"
done

# --- commands ------------------------------------------------------------------------
"$ipectl" --help > "$tap_tmp/top.help"
"$ipectl" policy --help > "$tap_tmp/policy.help"
top=$(top_commands "$tap_tmp/top.help")
sub=$(group_commands "$tap_tmp/policy.help")
[ "$(printf '%s\n' "$top" | wc -l)" -ge 10 ] && [ "$(printf '%s\n' "$sub" | wc -l)" -ge 8 ]
tap_result $? "commands found in ipectl --help and ipectl policy --help"

# check_commands FILE: what FILE's ipectl completion gets wrong about the commands.
check_commands() {
	got=$(comp "$1" ipectl '')
	[ "$(words "$got")" = "$(words "$top")" ] || echo "commands: $(words "$got")"
	got=$(comp "$1" ipectl policy '')
	[ "$(words "$got")" = "$(words "$sub")" ] || echo "policy commands: $(words "$got")"
}
is "$(check_commands "$ipectl_comp")" "" "exactly the commands of ipectl --help and ipectl policy --help"
is "$(words "$(comp "$ipectl_comp" ipectl de)")" "delete deploy " "ipectl de: deploy, delete"
is "$(words "$(comp "$ipectl_comp" ipectl policy --help c)")" "check " "ipectl policy --help c: check"
is "$(words "$(comp "$ipectl_comp" ipectl --)")" "--help --version " "ipectl --: its own options"

# --- options -------------------------------------------------------------------------
# check_options FILE HELPFILE WORD...: what the completion of "WORD... --"
# lacks of the options HELPFILE defines, or offers that it does not print.
check_options() {
	file=$1 help=$2
	shift 2
	got=$(comp "$file" "$@" --)
	for o in $(help_defined "$help"); do
		printf '%s\n' "$got" | grep -qxF -- "$o" || echo "$o not offered"
	done
	for o in $got; do
		{ [ "$o" = --help ] || help_all "$help" | grep -qxF -- "$o"; } || echo "$o offered"
	done
}

cmds=$(all_commands "$top" "$sub")
printf '%s\n' "$cmds" > "$tap_tmp/cmds"
while IFS= read -r cmd; do
	# shellcheck disable=SC2086 # "policy check" is two words
	"$ipectl" $cmd --help > "$tap_tmp/$(echo "$cmd" | tr ' ' _).help"
done < "$tap_tmp/cmds"
while IFS= read -r cmd; do
	# shellcheck disable=SC2086
	miss=$(check_options "$ipectl_comp" "$tap_tmp/$(echo "$cmd" | tr ' ' _).help" ipectl $cmd)
	is "$miss" "" "ipectl $cmd --: exactly the options of its --help"
done < "$tap_tmp/cmds"
"$iped" --help > "$tap_tmp/iped.help"
is "$(check_options "$iped_comp" "$tap_tmp/iped.help" iped)" "" "iped --: exactly the options of iped --help"

# --- option arguments ----------------------------------------------------------------
# The sources' names: lib/names.c's operations and hooks, policy eval's providers.
ops=$(sed -n '/op_names\[\] = {/,/};/p' "$src/lib/names.c" | sed -nE 's/.*= "([A-Z0-9_]+)",/\1/p')
hooks=$(sed -n '/hook_names\[\] = {/,/};/p' "$src/lib/names.c" | sed -nE 's/.*= "([A-Z0-9_]+)",/\1/p')
providers=$(sed -n '/ providers\[\] = {/,/};/p' "$src/cli/policy_eval.c" | sed -nE 's/.*\{ "([a-z_]+)",.*/\1/p')
fsv_algs=$(sed -n '/^int fsverity_alg_from_name/,/^}/p' "$src/cli/fsverity_digest.c" | grep -oE '"[a-z0-9]+"' | tr -d '"')
is "$(printf '%s\n' "$ops" | wc -l) $(printf '%s\n' "$hooks" | wc -l) $(printf '%s\n' "$providers" | wc -l) $(printf '%s\n' "$fsv_algs" | wc -l)" \
	"8 6 4 2" "lib/names.c's 7 operations and UNKNOWN, its 6 hooks, policy eval's 4 providers, gen's 2 fs-verity algorithms"

# arguments HELPFILE: "OPTION PLACEHOLDER [SHORT]" for each option the
# usage or an option line of HELPFILE shows with an argument; an option
# shown as --opt A|B somewhere is taken with that placeholder only.
arguments() {
	{
		sed -nE 's/^ +(-[A-Za-z]), (--[a-z][a-z-]*) ([A-Za-z0-9][A-Za-z0-9_.:|]*)( .*|$)/\2 \3 \1/p
			s/^ +(--[a-z][a-z-]*) ([A-Za-z0-9][A-Za-z0-9_.:|]*)( .*|$)/\1 \2/p' "$1"
		sed -n '1,/^$/p' "$1" | grep -oE -- '--[a-z][a-z-]* [A-Z][A-Za-z_.:]*'
		grep -oE -- '--[a-z][a-z-]* [A-Za-z0-9_]+(\|[A-Za-z0-9_]+)+' "$1"
	} | sort -u | awk '
		{ line[NR] = $0; if ($2 ~ /\|/) enum[$1] = 1 }
		END { for (i = 1; i <= NR; i++) { split(line[i], f, " "); if (f[2] ~ /\|/ || !enum[f[1]]) print line[i] } }'
}

# check_arguments FILE HELPFILE WORD...: for each option arguments() finds
# in HELPFILE, what the completion of "WORD... OPTION" gets wrong.
check_arguments() {
	file=$1 help=$2
	shift 2
	arguments "$help" | while read -r opt ph short; do
		case $ph in
		*'|'*) want=$(printf '%s\n' "$ph" | tr '|' '\n') ;;
		OP) want=$ops
			[ "$*" = "ipectl gen" ] && want=$(printf '%s\n' "$ops" | grep -vx UNKNOWN) ;;
		HOOK) want=$hooks ;;
		DIR) want='sub tree' ;;
		FILE | KEY | CERT | OUT | LOG | IMAGE | PATH*) want='a.key p.pol sub tree' ;;
		ALG) want=$fsv_algs ;;
		*) want= ;;
		esac
		[ "$opt $ph" = "--no-provider NAME" ] && want=$providers
		for o in $opt $short; do
			got=$(comp "$file" "$@" "$o" '')
			[ "$(words "$got")" = "$(words "$want")" ] ||
				echo "$* $o ($ph): offers '$(words "$got")', not '$(words "$want")'"
		done
	done
}
n=0
while IFS= read -r cmd; do
	h=$tap_tmp/$(echo "$cmd" | tr ' ' _).help
	# shellcheck disable=SC2086 # "policy check" is two words
	is "$(check_arguments "$ipectl_comp" "$h" ipectl $cmd)" "" \
		"ipectl $cmd: each option's argument is completed as its --help says"
	n=$((n + $(arguments "$h" | wc -l)))
done < "$tap_tmp/cmds"
[ "$n" -ge 25 ]
tap_result $? "option arguments found in the --help texts ($n)"
is "$(check_arguments "$iped_comp" "$tap_tmp/iped.help" iped)" "" \
	"iped: each option's argument is completed as its --help says"
is "$(words "$(comp "$iped_comp" iped --lockdown = '')")" "0 1 " "iped --lockdown=: 0 1"
is "$(words "$(comp "$iped_comp" iped --lockdown '')")" "$(words "$(comp "$iped_comp" iped '')")" \
	"iped --lockdown 0 is a stray argument: options after --lockdown"
is "$(words "$(comp "$iped_comp" iped --mount = '')")" "sub tree " "iped --mount=: directories"
is "$(words "$(comp "$ipectl_comp" ipectl deploy --root = '')")" "sub tree " \
	"ipectl deploy --root=: directories"

# Every value offered is one the program takes (and a made-up one it refuses).
accepted() { # WORD...: the command's status is not 2 (usage)
	"$@" > /dev/null 2>&1
	[ $? -ne 2 ]
}
bad=$(
	for op in $(comp "$ipectl_comp" ipectl policy eval --op ''); do
		accepted "$ipectl" policy eval "$work/p.pol" --op "$op" || echo "--op $op"
	done
	for h in $(comp "$ipectl_comp" ipectl policy eval --hook ''); do
		accepted "$ipectl" policy eval "$work/p.pol" --op EXECUTE --hook "$h" ||
			accepted "$ipectl" policy eval "$work/p.pol" --op FIRMWARE --hook "$h" || echo "--hook $h"
	done
	for p in $(comp "$ipectl_comp" ipectl policy eval --no-provider ''); do
		accepted "$ipectl" policy eval "$work/p.pol" --op EXECUTE --no-provider "$p" ||
			echo "--no-provider $p"
	done
	for a in $(comp "$ipectl_comp" ipectl gen --hash-alg ''); do
		accepted "$ipectl" gen --fsverity-tree "$work/sub" --hash-alg "$a" || echo "gen --hash-alg $a"
	done
	for op in $(comp "$ipectl_comp" ipectl gen --op ''); do
		accepted "$ipectl" gen --boot-verified --op "$op" || echo "gen --op $op"
	done
)
is "$bad" "" "ipectl takes every value the completion offers"
accepted "$ipectl" policy eval "$work/p.pol" --op NOPE
tap_result $((1 - $?)) "ipectl refuses a value no completion offers (--op NOPE)"

# --- operands ------------------------------------------------------------------------
is "$(words "$(comp "$ipectl_comp" ipectl policy check '')")" "a.key p.pol sub tree " \
	"ipectl policy check: files"
is "$(words "$(comp "$ipectl_comp" ipectl policy check p.pol --)")" "" \
	"ipectl policy check FILE --: no option after an operand"
is "$(words "$(comp "$ipectl_comp" ipectl policy eval p.pol --j)")" "--json " \
	"ipectl policy eval FILE --j: options anywhere"
is "$(words "$(comp "$ipectl_comp" ipectl load-dir '')")" "sub tree " "ipectl load-dir: directories"
is "$(words "$(comp "$ipectl_comp" ipectl activate --root tree '')")" "alpha beta " \
	"ipectl activate --root DIR: the loaded policies"
is "$(words "$(comp "$ipectl_comp" ipectl update -r tree a)")" "alpha " \
	"ipectl update -r DIR a: alpha"
is "$(words "$(comp "$ipectl_comp" ipectl update -r tree alpha '')")" "a.key p.pol sub tree " \
	"ipectl update -r DIR NAME: files"
is "$(words "$(comp "$ipectl_comp" ipectl enforce '')")" "0 1 " "ipectl enforce: 0 1"
is "$(words "$(comp "$ipectl_comp" ipectl gen --dmverity a.key '')")" "a.key p.pol sub tree " \
	"ipectl gen --dmverity IMAGE: the hash tree file"
like "$(comp "$ipectl_comp" ipectl gen --dmverity a.key a.key '')" "^--boot-verified$" \
	"ipectl gen --dmverity IMAGE HASHTREE: options again"
is "$(words "$(comp "$ipectl_comp" ipectl policy diff a b --paths c --j)")" "" \
	"ipectl policy diff ... --paths: paths only"

# --- the checks can fail ------------------------------------------------------------
c=$(printf '%s\n' "$top" | tail -n 1)
sed "s/ $c'/'/" "$ipectl_comp" > "$tap_tmp/mut/ipectl"
! cmp -s "$ipectl_comp" "$tap_tmp/mut/ipectl"
tap_result $? "a copy of the completion without the command $c"
like "$(check_commands "$tap_tmp/mut/ipectl")" "^commands: " \
	"a completion without ipectl $c fails the check"
last=$(tail -n 1 "$tap_tmp/cmds")
h=$tap_tmp/$(echo "$last" | tr ' ' _).help
o=$(help_defined "$h" | grep -vx -e --help | tail -n 1)
sed "s/ $o\\b//" "$ipectl_comp" > "$tap_tmp/mut/ipectl"
# shellcheck disable=SC2086
like "$(check_options "$tap_tmp/mut/ipectl" "$h" ipectl $last)" "^$o not offered$" \
	"a completion without $o of ipectl $last fails the check"
cp "$iped_comp" "$tap_tmp/mut/iped"
cp "$ipectl_comp" "$tap_tmp/mut/ipectl"
sed -i 's/ --audit-log$//; s/ --audit-log / /' "$tap_tmp/mut/iped"
like "$(check_options "$tap_tmp/mut/iped" "$tap_tmp/iped.help" iped)" "^--audit-log not offered$" \
	"an iped completion without --audit-log fails the check"

tap_done
