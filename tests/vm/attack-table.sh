#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# The attack table of docs/lockdown.md, made from what the lockdown scenario
# recorded ("# attack-row|PHASE|ATTACK|OUTCOME|INTACT" lines of its TAP
# output on ipe-bpf and ipe-bpf-6.12): one row per attack, one column per
# phase, each cell the outcome on both kernels.
#
# Usage: attack-table.sh RESULTS-DIR DOC          rewrite DOC's table
#        attack-table.sh --check RESULTS-DIR DOC  exit 1 when DOC's table is
#                                                 not the one the results give
set -eu
check=
if [ "${1:-}" = --check ]; then
	check=1
	shift
fi
[ $# -eq 2 ] || { echo "usage: $0 [--check] RESULTS-DIR DOC" >&2; exit 2; }
results=$1 doc=$2
begin="<!-- attack table: generated from the lockdown scenario (make attack-table) -->"
end='<!-- end of attack table -->'

taps=
for engine in ipe-bpf ipe-bpf-6.12; do
	tap=$results/lockdown/$engine/result.tap
	[ -s "$tap" ] || { echo "$0: no results in $tap (run the lockdown scenario)" >&2; exit 2; }
	taps="$taps $tap"
done
grep -q "^$begin\$" "$doc" && grep -q "^$end\$" "$doc" ||
	{ echo "$0: $doc has no table markers" >&2; exit 2; }

table() {
	# shellcheck disable=SC2086
	awk -F'|' '
	FNR == 1 { kernel = (FILENAME ~ /6\.12/) ? "6.12" : "6.1" }
	/^# attack-row\|/ {
		sub(/\r$/, "")
		phase = $2; attack = $3; got = $4; intact = $5
		if (!(attack in seen)) { seen[attack] = 1; order[n++] = attack }
		if (got == "ok")
			cell = (intact == "yes") ? "allowed, nothing lost" : \
				"**allowed: " substr(intact, 5, length(intact) - 5) "**"
		else
			cell = (intact == "yes") ? "refused (" got ")" : \
				"refused (" got ") **but " substr(intact, 5, length(intact) - 5) "**"
		out[attack, phase, kernel] = cell
	}
	function both(attack, phase,   a, b) {
		a = out[attack, phase, "6.1"]; b = out[attack, phase, "6.12"]
		if (a == "") a = "(not run)"
		if (b == "") b = "(not run)"
		return a == b ? a : "6.1: " a "; 6.12: " b
	}
	END {
		print "| attack (as root, without the key) | without lockdown | lockdown | lockdown, 8 exec loops |"
		print "| --- | --- | --- | --- |"
		for (i = 0; i < n; i++)
			printf "| %s | %s | %s | %s |\n", order[i], both(order[i], "open"),
				both(order[i], "lockdown"), both(order[i], "lockdown-load")
	}' $taps
}

new=$(mktemp)
trap 'rm -f "$new"' EXIT
{
	sed "/^$begin\$/q" "$doc"
	table
	sed -n "/^$end\$/,\$p" "$doc"
} > "$new"
if [ -n "$check" ]; then
	if ! cmp -s "$new" "$doc"; then
		echo "$doc: the attack table is not what the lockdown scenario measured:" >&2
		diff -u "$doc" "$new" >&2 || true
		echo "(make attack-table rewrites it)" >&2
		exit 1
	fi
else
	cp "$new" "$doc"
fi
