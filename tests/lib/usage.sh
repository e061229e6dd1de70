# SPDX-License-Identifier: GPL-2.0-only
# Sourced by the test scripts run by hand or by make: their header comment
# is their help.
#
# usage_check SCRIPT MIN MAX "$@": with -h or --help, print SCRIPT's header
# comment and exit 0; with fewer than MIN or more than MAX arguments (MAX
# empty: no limit), print its Usage line and exit 2.

# The comment block after the shebang, without the licence line.
usage_text() {
	sed -n '2,/^[^#]/{ /^#/!d; /SPDX-License-Identifier/d; s/^# \{0,1\}//; p; }' "$1"
}

usage_check() {
	_script=$1 _min=$2 _max=$3
	shift 3
	case "${1:-}" in
	-h | --help)
		usage_text "$_script" | sed '/./,$!d'
		exit 0 ;;
	esac
	if [ "$#" -lt "$_min" ] || { [ -n "$_max" ] && [ "$#" -gt "$_max" ]; }; then
		usage_text "$_script" | grep '^Usage:' >&2
		echo "Try '$(basename "$_script") --help'." >&2
		exit 2
	fi
}
