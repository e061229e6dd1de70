# SPDX-License-Identifier: GPL-2.0-only
# TAP helpers for shell tests.  Source it, call the checks, end with tap_done.

tap_n=0 tap_failed=0

tap_result() {	# PASS(0/1) DESCRIPTION [DIAGNOSTIC...]
	tap_n=$((tap_n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $tap_n - $2"
	else
		echo "not ok $tap_n - $2"
		tap_failed=$((tap_failed + 1))
		shift 2
		for line in "$@"; do printf '#   %s\n' "$line"; done
	fi
}

# run CMD...: sets $out, $err, $rc
# (trailing newlines stripped; the raw bytes stay in $tap_tmp/out)
run() {
	"$@" >"$tap_tmp/out" 2>"$tap_tmp/err"
	rc=$?
	out=$(cat "$tap_tmp/out")
	err=$(cat "$tap_tmp/err")
}

is() {	# GOT WANT DESCRIPTION
	[ "$1" = "$2" ]
	tap_result $? "$3" "got:  $1" "want: $2"
}

like() {	# TEXT EXTENDED-REGEX DESCRIPTION
	printf '%s\n' "$1" | grep -Eq -- "$2"
	tap_result $? "$3" "text:  $1" "regex: $2"
}

tap_done() {
	echo "1..$tap_n"
	[ "$tap_failed" -eq 0 ]
}

tap_tmp=$(mktemp -d)
trap 'rm -rf "$tap_tmp"' EXIT
