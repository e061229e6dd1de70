#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# The VM benchmark: boot Debian 12's 6.1 under QEMU once, run
# bench/vm/latency.scn there (execve and mmap(PROT_EXEC) latency with
# nothing attached, with empty BPF LSM programs, and with ipe-bpf enforcing
# 10, 10k and 100k digest rules; policy deploy and activation times), then
# print the figures as Markdown tables: medians over the rounds of each
# round's median.
#
# Usage: bench/vm.sh [BUILD_DIR]     (environment: VM_DIR, default build-vm-bench;
#                                     ROUNDS is not passed: edit latency.scn)
# The raw TAP stays in VM_DIR/results/latency/plain-6.1/result.tap.
set -eu
build=${1:-build}
vm_dir=${VM_DIR:-build-vm-bench}
here=$(cd "$(dirname "$0")" && pwd)

# The kernels and tools of the test bench are reused when it has them.
if [ ! -d "$vm_dir/kernels" ] && [ -d build-vm/kernels ]; then
	mkdir -p "$vm_dir"
	cp -al build-vm/kernels build-vm/apt build-vm/tools "$vm_dir/" 2>/dev/null || true
fi
VM_DIR=$vm_dir BUILD=$build "$here/../tests/vm/run.sh" -j 1 latency >&2 || {
	echo "bench/vm.sh: the benchmark run failed; see $vm_dir/results/latency/plain-6.1/" >&2
	exit 1
}
tap=$vm_dir/results/latency/plain-6.1/result.tap

echo "## $(date -u +%Y-%m-%d): QEMU TCG guest, 1 vCPU, Debian 12 kernel $(cat "$vm_dir/kernels/debian-6.1/kver"); host $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo
sed -n 's/^# bench //p' "$tap" | awk '
function median(key,    n, i, j, t, a) {
	n = split(vals[key], a, " ")
	for (i = 2; i <= n; i++)
		for (j = i; j > 1 && a[j - 1] + 0 > a[j] + 0; j--) {
			t = a[j]; a[j] = a[j - 1]; a[j - 1] = t
		}
	return n ? a[int((n + 1) / 2)] : ""
}
function add(key, v) {
	if (!(key in vals))
		order[++nkeys] = key
	vals[key] = vals[key] " " v
}
{
	# "round=R config=C workload=W KIND key=value...", or "round=R control=STEP ns=T"
	delete f
	kind = ""
	for (i = 1; i <= NF; i++)
		if (split($i, kv, "=") == 2)
			f[kv[1]] = kv[2]
		else if (kind == "")
			kind = $i
	if (kind == "exec" || kind == "mmap") {
		add(kind "|" f["config"], f["median_ns"])
		configs[f["config"]] = 1
		rounds[f["round"]] = 1
	} else if (kind == "prog") {
		add("prog|" f["config"] "|" f["workload"] "|" f["name"], f["ns_per_run"])
		add("runs|" f["config"] "|" f["workload"] "|" f["name"], f["runs"])
	} else if ("control" in f) {
		add("control|" f["control"], f["ns"])
	}
}
END {
	nr = 0
	for (r in rounds) nr++
	print "### End to end (median over " nr " rounds of each round'"'"'s median)"
	print ""
	print "| configuration | execve µs | vs baseline | mmap(PROT_EXEC)+munmap µs | vs baseline |"
	print "|---|---:|---:|---:|---:|"
	be = median("exec|baseline"); bm = median("mmap|baseline")
	split("baseline floor ipe-bpf-10 ipe-bpf-10000 ipe-bpf-100000", cs, " ")
	for (i = 1; i <= 5; i++) {
		c = cs[i]
		if (!(c in configs)) continue
		e = median("exec|" c); m = median("mmap|" c)
		printf "| %s | %.1f | %+.1f%% | %.2f | %+.1f%% |\n", c, e / 1000, 100 * (e - be) / be, m / 1000, 100 * (m - bm) / bm
	}
	print ""
	print "### Hook cost: BPF programs run time per run (bpf_stats; median over rounds)"
	print ""
	print "| configuration | workload | program | runs | ns per run |"
	print "|---|---|---|---:|---:|"
	for (k = 1; k <= nkeys; k++) {
		split(order[k], p, "|")
		if (p[1] != "prog") continue
		printf "| %s | %s | %s | %s | %d |\n", p[2], p[3], p[4], median("runs|" p[2] "|" p[3] "|" p[4]), median(order[k])
	}
	print ""
	print "### Control plane (median over rounds; deploy: round 1 only)"
	print ""
	print "| step | ms |"
	print "|---|---:|"
	for (k = 1; k <= nkeys; k++) {
		split(order[k], p, "|")
		if (p[1] != "control") continue
		printf "| %s | %.1f |\n", p[2], median(order[k]) / 1e6
	}
}'
