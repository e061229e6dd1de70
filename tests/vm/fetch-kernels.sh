#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Fetch the two kernels the VM bench boots, unpacked (never installed) under
# OUT/kernels/NAME/:
#   debian-6.1   Debian 12's stock linux-image-amd64: the kernel ipe-bpf targets
#   debian-6.12  bookworm-backports' linux-image-amd64: kernel IPE, the oracle
# and the UEFI variable tool from bookworm-backports (OUT/tools/virt-firmware).
#
# The backports suite is reached through a private apt configuration derived
# from the machine's own Debian source (same archive, suite renamed), so the
# host's apt configuration is left untouched.
#
# Usage: fetch-kernels.sh OUT
set -eu
out=$1
mkdir -p "$out/kernels" "$out/tools" "$out/apt"
apt_dir=$(cd "$out/apt" && pwd)

# An apt source for bookworm-backports, made from the machine's own Debian
# source with the suite renamed: the first deb822 stanza listing "bookworm",
# or else the first one-line "deb ... bookworm ..." entry of sources.list.
backports_apt() {
	[ -f "$apt_dir/lists/.updated" ] && return 0
	mkdir -p "$apt_dir/sources" "$apt_dir/lists/partial" "$apt_dir/cache/archives/partial"
	rm -f "$apt_dir/sources/"*
	for f in /etc/apt/sources.list.d/*.sources; do
		[ -f "$f" ] || continue
		awk 'BEGIN { RS = ""; ORS = "\n\n" }
		     /(^|\n)Types:[^\n]*deb([ \n]|$)/ && /(^|\n)Suites:[^\n]*bookworm([ \n]|$)/ && !done {
			sub(/Suites:[^\n]*/, "Suites: bookworm-backports"); print; done = 1 }' \
			"$f" > "$apt_dir/sources/backports.sources"
		[ -s "$apt_dir/sources/backports.sources" ] && break
	done
	if [ ! -s "$apt_dir/sources/backports.sources" ]; then
		rm -f "$apt_dir/sources/backports.sources"
		cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null |
			awk '$1 == "deb" { for (i = 2; i <= NF; i++) if ($i == "bookworm") {
				$i = "bookworm-backports"; print; exit } }' > "$apt_dir/sources/backports.list"
		[ -s "$apt_dir/sources/backports.list" ] || {
			echo "fetch-kernels: no Debian bookworm source in /etc/apt to derive backports from" >&2
			exit 1
		}
	fi
	apt-get -q $(bp_opts) update >&2
	touch "$apt_dir/lists/.updated"
}

bp_opts() {
	echo "-o Dir::Etc::SourceList=/dev/null -o Dir::Etc::SourceParts=$apt_dir/sources" \
	     "-o Dir::State::Lists=$apt_dir/lists -o Dir::Cache=$apt_dir/cache"
}

# The concrete image package behind the linux-image-amd64 metapackage.
image_package() {
	apt-cache "$@" depends linux-image-amd64 2>/dev/null |
		sed -n 's/^ *Depends: \(linux-image-[0-9].*\)$/\1/p' | head -n 1
}

# unpack NAME PACKAGE [APT-OPTIONS...]: download and unpack into kernels/NAME.
unpack_kernel() {
	name=$1 pkg=$2
	shift 2
	dir=$out/kernels/$name
	[ -f "$dir/.complete" ] && return 0
	rm -rf "$dir" "$out/dl"
	mkdir -p "$dir" "$out/dl"
	# Downloading as root into our own directory: no sandbox user needed.
	(cd "$out/dl" && apt-get -q -o APT::Sandbox::User=root "$@" download "$pkg" >&2)
	dpkg-deb -x "$out"/dl/*.deb "$dir"
	rm -rf "$out/dl"
	kver=$(ls "$dir/lib/modules")
	# Modules are decompressed so the guest's busybox insmod can load them.
	find "$dir/lib/modules" -name '*.ko.xz' -exec xz -d {} +
	depmod -b "$dir" "$kver"
	ln -sf "boot/vmlinuz-$kver" "$dir/vmlinuz"
	echo "$kver" > "$dir/kver"
	touch "$dir/.complete"
	echo "fetch-kernels: $name = $pkg" >&2
}

pkg=$(image_package) || true
if [ -z "$pkg" ]; then
	apt-get -q update >&2
	pkg=$(image_package)
fi
unpack_kernel debian-6.1 "$pkg"

backports_apt
pkg=$(image_package $(bp_opts))
[ -n "$pkg" ] || { echo "fetch-kernels: no linux-image-amd64 in bookworm-backports" >&2; exit 1; }
unpack_kernel debian-6.12 "$pkg" $(bp_opts)

if [ ! -f "$out/tools/virt-firmware/.complete" ]; then
	rm -rf "$out/tools/virt-firmware" "$out/dl"
	mkdir -p "$out/tools/virt-firmware" "$out/dl"
	(cd "$out/dl" && apt-get -q -o APT::Sandbox::User=root $(bp_opts) download python3-virt-firmware >&2)
	dpkg-deb -x "$out"/dl/*.deb "$out/tools/virt-firmware"
	rm -rf "$out/dl"
	touch "$out/tools/virt-firmware/.complete"
fi
