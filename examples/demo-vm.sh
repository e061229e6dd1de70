#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# The main job, in a VM: a policy that trusts the initramfs and one dm-verity
# volume is signed, deployed and activated through the control files; the
# volume's binary runs, the same binary copied to /tmp is refused, and the
# audit records say why.  Runs tests/vm/scenarios/demo.scn on the VM bench
# and prints what happened in the guest.
#
# It runs on every enforcing engine of the bench: ipe-bpf on Debian 12's 6.1,
# ipe-bpf on 6.12 without kernel IPE, and kernel IPE on 6.12 (the oracle).
set -u
here=$(cd "$(dirname "$0")" && pwd)
vm_dir=${VM_DIR:-build-vm}

echo
echo "== In a VM: trust one dm-verity volume, refuse everything else"
mkdir -p "$vm_dir"
log=$vm_dir/demo.log
"$here/../tests/vm/run.sh" demo > "$log" 2>&1
rc=$?
for tap in "$vm_dir"/results/demo/*/result.tap; do
	[ -f "$tap" ] || continue
	echo "-- engine: $(basename "$(dirname "$tap")")"
	sed -n 's/^# \(.* -> .*\)$/   \1/p; s/^# audit \([0-9]*\): \(.*\)$/   audit type=\1 \2/p; /^not ok/p' "$tap"
done
tail -n 1 "$log"
[ $rc = 0 ] || echo "demo failed: see $log and $vm_dir/results/demo/"
exit $rc
