#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# The full-system test: a Debian 12 machine with the ipe-bpf .deb installed,
# booted twice in QEMU (TCG) through Debian's kernel, initramfs-tools and
# systemd from a read-only dm-verity root (see make-image.sh and
# guest/check for what each boot asserts).
#
# Usage: run.sh DEB-DIR OUT
#   DEB-DIR  where the .debs are (make deb); ipe-bpf_*.deb is installed
#   OUT      work directory: image/, boot1/, boot2/ and results.tap
# The debootstrap tree is cached in $IPE_SYSTEM_CACHE (default
# ~/.cache/ipe-bpf).  SYSTEM_TIMEOUT: seconds per boot (default 400).
set -eu
. "$(dirname "$0")/../lib/usage.sh"
usage_check "$0" 2 2 "$@"
debs=$1 out=$2
here=$(cd "$(dirname "$0")" && pwd)
cache=${IPE_SYSTEM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/ipe-bpf}
timeout=${SYSTEM_TIMEOUT:-400}

set -- "$debs"/ipe-bpf_*.deb
[ -f "$1" ] || { echo "system test: no ipe-bpf_*.deb in $debs (make deb)" >&2; exit 2; }
mkdir -p "$out"
out=$(cd "$out" && pwd)

# The test runs the README's quick start and docs/system.md's drop-in for a
# persistent state: they must still be the documents' (line for line,
# indentation aside; comments are the test's).
documented() {	# documented TEST-FILE DOCUMENT
	grep -v '^#' "$1" | sed 's/^[[:space:]]*//' | while IFS= read -r line; do
		sed 's/^[[:space:]]*//' "$2" | grep -qxF -- "$line" ||
			{ echo "system test: $2 lacks: $line" >&2; exit 1; }
	done
}
documented "$here/guest/quickstart" "$here/../../README.md"
documented "$here/guest/state.conf" "$here/../../docs/system.md"

start=$(date +%s)
base=$("$here/make-base.sh" "$cache")
"$here/make-image.sh" "$base" "$out/image" "$@"
echo "system test: image ready in $(( $(date +%s) - start )) s, root hash $(cat "$out/image/roothash")"

# boot N: one boot of the image with /var from var.img as the previous boot
# left it; its TAP in bootN/result.tap.
boot() {
	dir=$out/boot$1
	rm -rf "$dir"
	mkdir -p "$dir"
	t0=$(date +%s)
	rc=0
	timeout --foreground -k 5 "$timeout" qemu-system-x86_64 -accel tcg -cpu max -smp 1 -m 1024 \
		-nodefaults -no-reboot -display none \
		-kernel "$out/image/vmlinuz" -initrd "$out/image/initrd.img" \
		-append "root=/dev/mapper/root ro verity.roothash=$(cat "$out/image/roothash") console=ttyS0 panic=-1 ipe_test.phase=$1" \
		-drive "if=none,id=root,format=raw,file=$out/image/root.img,readonly=on" \
		-device virtio-blk-pci,drive=root,serial=root \
		-drive "if=none,id=hash,format=raw,file=$out/image/hash.img,readonly=on" \
		-device virtio-blk-pci,drive=hash,serial=hash \
		-drive "if=none,id=var,format=raw,file=$out/var.img" \
		-device virtio-blk-pci,drive=var,serial=var \
		-serial "file:$dir/console.log" -serial "file:$dir/result.tap" \
		</dev/null >"$dir/qemu.log" 2>&1 || rc=$?
	echo "system test: boot $1 took $(( $(date +%s) - t0 )) s (qemu exit $rc)"
	if ! grep -q '^# system-test-done' "$dir/result.tap"; then
		echo "not ok - boot $1 did not finish the test (qemu exit $rc); console's end:" >> "$dir/result.tap"
		tail -n 40 "$dir/console.log" | sed 's/^/# /' >> "$dir/result.tap"
	fi
}

cp "$out/image/var.img" "$out/var.img"
boot 1
boot 2
cat "$out/image/image.tap" "$out/boot1/result.tap" "$out/boot2/result.tap" > "$out/results.tap"
cat "$out/results.tap"
passed=$(grep -c '^ok' "$out/results.tap" || true)
failed=$(grep -c '^not ok' "$out/results.tap" || true)
echo "system test: $passed passed, $failed failed in $(( $(date +%s) - start )) s"
[ "$failed" = 0 ] && [ "$passed" -gt 0 ]
