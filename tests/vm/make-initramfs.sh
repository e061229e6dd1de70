#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Build the bench's initramfs for one kernel: busybox, the guest tools
# (veritysetup, fsverity, keyctl, openssl, dmsetup, bpftool) with their
# shared libraries, the kernel modules the fixtures need (with their
# dependencies, in load order), the fixtures' initramfs files, the guest
# runner, the scenarios, and the payload: a directory copied to /bench whose
# bin/ is on the guest's PATH (with the libraries its programs need).
#
# Usage: make-initramfs.sh KERNEL-DIR FIXTURES-DIR PAYLOAD-DIR OUT.cpio.gz
set -eu
kdir=$(cd "$1" && pwd) fixtures=$2 payload=$3 out=$4
here=$(cd "$(dirname "$0")" && pwd)
kver=$(cat "$kdir/kver")
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT

mkdir -p "$root/bin" "$root/sbin" "$root/usr/bin" "$root/usr/sbin" "$root/lib" "$root/lib64" \
	"$root/proc" "$root/sys" "$root/dev" "$root/tmp" "$root/run" "$root/mnt" "$root/etc" \
	"$root/bench/scenarios" "$root/bench/keys"

cp /bin/busybox "$root/bin/busybox"
for applet in $(/bin/busybox --list); do
	[ -e "$root/bin/$applet" ] || ln -s busybox "$root/bin/$applet"
done

# copy_libs FILE: every library the dynamic loader would map for FILE, each
# at its own path.
copy_libs() {
	ldd "$1" 2>/dev/null | awk '/=> \// { print $3 } /^\t\/[^ ]+ \(/ { print $1 }' |
	while read -r lib; do
		[ -e "$root$lib" ] && continue
		mkdir -p "$root$(dirname "$lib")"
		cp -L "$lib" "$root$lib"
	done
}

# copy_with_libs FILE...: each file at its own path, with its libraries.
copy_with_libs() {
	for f in "$@"; do
		mkdir -p "$root$(dirname "$f")"
		cp -L "$f" "$root$f"
		copy_libs "$f"
	done
}

copy_with_libs "$(command -v veritysetup)" "$(command -v fsverity)" "$(command -v keyctl)" \
	"$(command -v openssl)" "$(command -v dmsetup)" "$(command -v bpftool)"
cp -r "$payload/." "$root/bench/"
for prog in "$root"/bench/bin/*; do
	copy_libs "$prog"
done

# Kernel modules in dependency order; a module built into this kernel
# prints "builtin NAME" and needs nothing.
: > "$root/bench/modules"
for mod in virtio_pci virtio_blk loop dm-verity ext4 fuse overlay; do
	modprobe -d "$kdir" -S "$kver" --show-depends "$mod" | while read -r kind path _; do
		[ "$kind" = insmod ] || continue
		rel=/lib/modules/${path#*/lib/modules/}
		grep -qxF "$rel" "$root/bench/modules" && continue
		mkdir -p "$root$(dirname "$rel")"
		cp "$path" "$root$rel"
		echo "$rel" >> "$root/bench/modules"
	done
done

cp -r "$fixtures/rootfs/." "$root/"
# The kmodule scenario's module for this kernel, at a path on the initramfs
# (boot verified); the bench never loads it by itself.
if [ -f "$fixtures/kmod/$kver/dummy.ko" ]; then
	mkdir -p "$root/bench/kmod"
	cp "$fixtures/kmod/$kver/dummy.ko" "$root/bench/kmod/"
fi
cp "$fixtures/fixtures.env" "$root/bench/"
echo "$kver" > "$root/bench/kver"
cp "$fixtures/keys/"* "$root/bench/keys/"
cp "$fixtures/disks/"*.p7s "$root/bench/"
cp "$here/guest/init" "$root/init"
cp "$here/guest/bench.sh" "$root/bench/"
cp "$here/scenarios/"*.scn "$here/selftest/"*.scn "$here/../../bench/vm/"*.scn \
	"$root/bench/scenarios/"
chmod 755 "$root/init"

(cd "$root" && find . | LC_ALL=C sort | cpio -o -H newc --quiet) | gzip -1 > "$out"
