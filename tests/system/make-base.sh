#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# A Debian 12 root tree for the full-system test, made with debootstrap from
# the machine's own Debian archive and kept as a tarball in CACHE, named after
# a digest of what goes in: a second run on one machine reuses it, a fresh
# machine (or a changed package list) builds it again.
#
# Usage: make-base.sh CACHE      prints the tarball's path
set -eu
. "$(dirname "$0")/../lib/usage.sh"
usage_check "$0" 1 1 "$@"
cache=$1

# What the system needs beyond minbase: systemd as init, Debian's kernel and
# initramfs-tools, veritysetup for the dm-verity root, the libraries ipe-bpf
# links against, and procps for the test's process checks.
packages=systemd,systemd-sysv,udev,initramfs-tools,busybox,linux-image-amd64,kmod
packages=$packages,cryptsetup-bin,libfuse3-3,libbpf1,libssl3,libelf1,zlib1g,procps
suite=bookworm

# The archive the machine itself uses (deb822 first, then sources.list).
mirror() {
	for f in /etc/apt/sources.list.d/*.sources; do
		[ -f "$f" ] || continue
		awk 'BEGIN { RS = "" }
		     /(^|\n)Suites:[^\n]*bookworm([ \n]|$)/ && match($0, /URIs:[ \t]*[^ \t\n]+/) {
			u = substr($0, RSTART, RLENGTH); sub(/URIs:[ \t]*/, "", u); print u; exit }' "$f"
	done | head -n 1
	# (a one-line entry may carry options: "deb [arch=amd64] URL SUITE ...")
	sed 's/\[[^]]*\]//' /etc/apt/sources.list 2>/dev/null |
		awk '$1 == "deb" { for (i = 3; i <= NF; i++) if ($i == "bookworm") { print $2; exit } }'
}
url=$(mirror | head -n 1)
[ -n "$url" ] || { echo "make-base: no Debian bookworm source in /etc/apt" >&2; exit 1; }

key=$(printf '%s %s %s\n' "$suite" "$packages" "$url" | sha256sum | cut -c1-16)
tarball=$cache/debian-$suite-$key.tar
if [ -s "$tarball" ]; then
	echo "$tarball"
	exit 0
fi

mkdir -p "$cache"
work=$(mktemp -d "$cache/debootstrap.XXXXXX")
trap 'rm -rf "$work"' EXIT
echo "make-base: debootstrap $suite from $url (once per machine)" >&2
debootstrap --variant=minbase --include="$packages" "$suite" "$work/root" "$url" >&2 ||
	{ tail -n 30 "$work/root/debootstrap/debootstrap.log" >&2 2>/dev/null; exit 1; }
# apt's downloads are not part of the system.
rm -rf "$work/root/var/cache/apt/archives/"*.deb "$work/root/var/lib/apt/lists/"*_*
tar -C "$work/root" --numeric-owner --xattrs -cf "$work/base.tar" .
mv "$work/base.tar" "$tarball"
echo "$tarball"
