#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Every page in man/: groff formats it without a single warning; options
# are written with escaped hyphens; man/meson.build installs it; every
# cross-reference to a page of this project (a name starting with "ipe")
# names a page that exists here, in that section; and its SEE ALSO names
# every other page here.  References to other projects' pages (fsverity(1))
# are not checked: whether they resolve depends on what the host installed.
# Copies of a page with a broken reference or a missing SEE ALSO entry must
# fail the same checks.
# Usage: test_manpages.sh SOURCE_ROOT
set -u
src=$1
. "$(dirname "$0")/tap.sh"
. "$(dirname "$0")/man.sh"

pages=$(for f in "$src"/man/*.[1-9]; do basename "$f"; done)
[ "$(printf '%s\n' "$pages" | wc -l)" -ge 3 ]
tap_result $? "man/ holds the pages (ipectl.8, iped.8, ipe-policy.5 at least)"

# bad_xrefs PAGE: the project cross-references of PAGE that name no page of man/.
bad_xrefs() {
	xrefs "$1" | grep '^ipe' | while IFS= read -r r; do
		f=$(printf '%s\n' "$r" | sed -E 's/\(([1-9])\)$/.\1/')
		[ -f "$src/man/$f" ] || echo "$r"
	done
}

# missing_see_also PAGE FILE: the pages of man/ other than FILE (name.N) that
# the SEE ALSO of PAGE does not reference.
missing_see_also() {
	refs=$(section "$1" .SH "SEE ALSO" > "$tap_tmp/see_also" && xrefs "$tap_tmp/see_also")
	for p in $pages; do
		[ "$p" = "$2" ] && continue
		r=$(printf '%s\n' "$p" | sed -E 's/\.([1-9])$/(\1)/')
		printf '%s\n' "$refs" | grep -qxF -- "$r" || echo "$r"
	done
}

for p in $pages; do
	page=$src/man/$p
	if command -v groff >/dev/null; then
		for dev in utf8 ps; do
			warn=$(groff -man -ww -z -T$dev "$page" 2>&1)
			is "$warn" "" "$p: groff -man -ww -T$dev: no warning"
		done
	else
		tap_result 1 "groff is installed (make deps)"
	fi
	# A literal '--' renders as an en dash or a hyphen, not as the option's
	# hyphen-minus; comments aside, options are written \-\-name\-part.
	raw=$(grep -vn '^\.\\"' "$page" | grep -e '--' -e '\\-\\-\([a-z]\|\\-\)*[a-z]-[a-z]')
	is "$raw" "" "$p: every option's hyphens are escaped"
	grep -qE "^install_man\(.*'$p'" "$src/man/meson.build"
	tap_result $? "$p: man/meson.build installs it"
	is "$(bad_xrefs "$page")" "" "$p: every reference to a page of ipe-bpf resolves"
	is "$(missing_see_also "$page" "$p")" "" "$p: SEE ALSO names every other page of ipe-bpf"
done

# --- the checks can fail ------------------------------------------------------------
# iped.8 refers to ipe-policy(5); a copy sending it to section 8 is caught,
# and so is a copy whose SEE ALSO lost that reference.
page=$src/man/iped.8
n=$(xrefs "$page" | grep -c '^ipe-policy(5)$')
is "$n" 1 "iped.8 refers to ipe-policy(5)"
sed 's/^\.BR ipe\\-policy (5)/.BR ipe\\-policy (8)/' "$page" > "$tap_tmp/wrong.8"
is "$(bad_xrefs "$tap_tmp/wrong.8")" "ipe-policy(8)" "a reference to a page that does not exist is caught"
is "$(missing_see_also "$tap_tmp/wrong.8" iped.8)" "ipe-policy(5)" \
	"a SEE ALSO without ipe-policy(5) is caught"

tap_done
