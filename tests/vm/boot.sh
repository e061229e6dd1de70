#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Boot the bench VM once: one kernel, one engine, one scenario.
#
# Usage: boot.sh KERNEL-DIR INITRD FIXTURES-DIR ENGINE SCENARIO OUT-DIR [UEFI-VARS]
#
# QEMU with TCG (KVM does not work on our machines), the fixtures' disks as
# virtio disks named by serial, console on the first serial port
# (OUT-DIR/console.log), the scenario's TAP on the second (OUT-DIR/result.tap).
# With UEFI-VARS the VM boots through OVMF with that variable store (a copy
# is used: the firmware writes to it), which is how a kernel gets our test
# certificate into its platform keyring.
#
# BENCH_APPEND adds kernel command line arguments.
#
# Exit 0 only when the guest reached the end of the scenario ("# bench-done"),
# at least one test ran, and none failed.  A panic, a hang (BENCH_TIMEOUT seconds, default 180)
# or a guest that stopped early is a failure, reported as a "not ok" line in
# result.tap so the TAP stream always says why.
set -eu
kdir=$1 initrd=$2 fixtures=$3 engine=$4 scenario=$5 out=$6 vars=${7:-}
timeout=${BENCH_TIMEOUT:-180}

mkdir -p "$out"
rm -f "$out/console.log" "$out/result.tap"

set -- -accel tcg -cpu max -smp 1 -m 1024 -nodefaults -no-reboot -display none \
	-kernel "$kdir/vmlinuz" -initrd "$initrd" \
	-append "console=ttyS0 panic=-1 oops=panic bench.engine=$engine bench.scenario=$scenario${BENCH_APPEND:+ $BENCH_APPEND}" \
	-serial "file:$out/console.log" -serial "file:$out/result.tap"
i=0
for img in "$fixtures"/disks/*.img; do
	name=$(basename "$img" .img)
	# The fs-verity image is written in the guest (verity is enabled there):
	# snapshot=on keeps the fixture itself unchanged.
	case "$name" in
	fsv) opts=snapshot=on ;;
	*) opts=readonly=on ;;
	esac
	set -- "$@" -drive "if=none,id=d$i,format=raw,file=$img,$opts" \
		-device "virtio-blk-pci,drive=d$i,serial=$name"
	i=$((i + 1))
done
if [ -n "$vars" ]; then
	cp "$vars" "$out/vars.fd"
	set -- "$@" -drive if=pflash,format=raw,readonly=on,file=/usr/share/OVMF/OVMF_CODE_4M.fd \
		-drive "if=pflash,format=raw,file=$out/vars.fd"
fi

start=$(date +%s)
rc=0
timeout --foreground -k 5 "$timeout" qemu-system-x86_64 "$@" </dev/null >"$out/qemu.log" 2>&1 || rc=$?
echo "$(( $(date +%s) - start ))" > "$out/seconds"
# Firmware writes screen control bytes to every serial port: keep the TAP.
touch "$out/result.tap"
grep -a '^ok\|^not ok\|^#\|^1\.\.' "$out/result.tap" > "$out/result.tap.new" || true
mv "$out/result.tap.new" "$out/result.tap"

why=
if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then
	why="VM timed out after ${timeout}s"
elif [ "$rc" != 0 ]; then
	why="qemu exited with status $rc: $(tail -n 1 "$out/qemu.log")"
elif grep -q 'Kernel panic' "$out/console.log"; then
	why="kernel panic: $(grep -m1 'Kernel panic' "$out/console.log")"
elif ! grep -q '^# bench-done' "$out/result.tap"; then
	why="the guest stopped before the end of the scenario (see console.log)"
elif ! grep -q '^ok' "$out/result.tap"; then
	why="the scenario ran no test"
fi
if [ -n "$why" ]; then
	echo "not ok - $scenario on $engine: $why" >> "$out/result.tap"
	exit 1
fi
! grep -q '^not ok' "$out/result.tap"
