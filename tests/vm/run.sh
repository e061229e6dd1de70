#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# The VM bench: every scenario on every engine it names, one VM boot each.
#
# Usage: tests/vm/run.sh [-j JOBS] [SCENARIO...]     (default: all scenarios)
#
# Scenarios live in scenarios/ (and the VM benchmark's in bench/vm/, run only
# when named); the bench's own self-tests in selftest/ are
# scenarios that must fail (a wrong expectation, a panic, a hang, a guest
# that stops early, one that asserts nothing), each saying how on a line
# "# expect-failure: REGEX" matched against its TAP stream; one that passes
# fails the bench.
#
# Engines and the kernel each runs on:
#   plain-6.1    Debian 12's 6.1, nothing enforcing (the bench checks itself)
#   plain-6.12   bookworm-backports' 6.12, nothing enforcing
#   kernel-ipe   6.12 with kernel IPE: the oracle every scenario is measured on
#   ipe-bpf      6.1 (Debian 12 as shipped) with iped and the BPF engine
#   ipe-bpf-6.12 6.12 booted with an LSM list without ipe, iped and the BPF
#                engine: where root hash signatures from our test signer verify
# A scenario names its engines on a line "# engines: E1 E2 ..."; without one
# it runs on every enforcing engine.
#
# Environment: VM_DIR (default build-vm), BUILD (the project's build, default
# build: its test tools go into the guest), CC.  Results, per scenario and
# engine, land in VM_DIR/results/SCENARIO/ENGINE/ (result.tap, console.log).
# The last line printed is "vm: N passed, N failed" over all test points;
# the exit status is 0 only when nothing failed.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
vm_dir=${VM_DIR:-build-vm}
enforcing_engines="kernel-ipe ipe-bpf ipe-bpf-6.12"
# 6.12's default list without ipe (and without ima/evm, which we do not use).
no_ipe_lsm=lockdown,capability,landlock,yama,apparmor,tomoyo,bpf

scenario_file() {
	for d in scenarios selftest ../../bench/vm; do
		[ -f "$here/$d/$1.scn" ] && { echo "$here/$d/$1.scn"; return 0; }
	done
	return 1
}

if [ "${1:-}" = --one ]; then
	# Internal: one boot, run in parallel by the loop below.
	engine=$2 scenario=$3
	case "$engine" in
	plain-6.1|ipe-bpf) kernel=debian-6.1 vars= append= ;;
	plain-6.12|kernel-ipe) kernel=debian-6.12 vars=$vm_dir/uefi-vars.fd append= ;;
	ipe-bpf-6.12) kernel=debian-6.12 vars=$vm_dir/uefi-vars.fd append=lsm=$no_ipe_lsm ;;
	*) echo "run.sh: unknown engine $engine" >&2; exit 2 ;;
	esac
	res=$vm_dir/results/$scenario/$engine
	file=$(scenario_file "$scenario")
	must_fail=$(sed -n 's/^# expect-failure:[[:space:]]*//p' "$file")
	limit=$(sed -n 's/^# timeout:[[:space:]]*//p' "$file")
	boot_passed=1
	BENCH_APPEND=$append BENCH_TIMEOUT=${limit:-${BENCH_TIMEOUT:-180}} "$here/boot.sh" "$vm_dir/kernels/$kernel" \
		"$vm_dir/initrd-$kernel.cpio.gz" "$vm_dir/fixtures" "$engine" "$scenario" "$res" $vars ||
		boot_passed=0
	if [ -n "$must_fail" ]; then
		if [ $boot_passed = 0 ] && grep -Eq -- "$must_fail" "$res/result.tap"; then
			echo "ok - $scenario fails as it must: $(grep -Em1 -- "$must_fail" "$res/result.tap")"
		else
			echo "not ok - $scenario must fail with /$must_fail/ and did not"
		fi > "$res/verdict.tap"
	else
		cp "$res/result.tap" "$res/verdict.tap"
	fi
	if ! grep -q '^not ok' "$res/verdict.tap"; then
		echo "PASS $scenario on $engine ($(cat "$res/seconds")s)"
	else
		echo "FAIL $scenario on $engine ($(cat "$res/seconds")s): $res"
	fi
	exit 0
fi

jobs=$(nproc)
if [ "${1:-}" = -j ]; then
	jobs=$2
	shift 2
fi
if [ $# -eq 0 ]; then
	set -- $(cd "$here" && ls scenarios/*.scn selftest/*.scn | sed 's,.*/,,; s/\.scn$//')
fi
for s in "$@"; do
	scenario_file "$s" >/dev/null || { echo "run.sh: no scenario $s" >&2; exit 2; }
done

start=$(date +%s)
mkdir -p "$vm_dir"
"$here/fetch-kernels.sh" "$vm_dir"
"$here/make-fixtures.sh" "$vm_dir/fixtures"
payload=$vm_dir/payload
rm -rf "$payload"
mkdir -p "$payload/bin" "$payload/parser-cases"
${CC:-cc} -O2 -static -Wall -Wextra -Werror -o "$payload/bin/vmprobe" "$here"/guest/vmprobe*.c
cp "${BUILD:-build}/cli/ipectl" "${BUILD:-build}/daemon/iped" "$payload/bin/"
# The VM benchmark's tools (bench/vm/latency.scn).
cp "${BUILD:-build}/bench/parse_bench" "${BUILD:-build}/bench/vm/latency" \
	"${BUILD:-build}/bench/vm/floor" "${BUILD:-build}/bench/vm/noop" "$payload/bin/"
"${BUILD:-build}/tests/unit/emit_parser_cases" "$payload/parser-cases"
"$here/make-pkcs7-cases.py" "$vm_dir/fixtures/keys" "${BUILD:-build}/cli/ipectl" \
	"$payload/pkcs7-cases"
for k in debian-6.1 debian-6.12; do
	"$here/make-initramfs.sh" "$vm_dir/kernels/$k" "$vm_dir/fixtures" "$payload" \
		"$vm_dir/initrd-$k.cpio.gz"
done
PYTHONPATH=$vm_dir/tools/virt-firmware/usr/lib/python3/dist-packages python3 -W ignore -c '
import sys
import virt.firmware.vars
sys.argv = ["virt-fw-vars"] + sys.argv[1:]
virt.firmware.vars.main()' --input /usr/share/OVMF/OVMF_VARS_4M.fd --output "$vm_dir/uefi-vars.fd" \
	--add-db 8be4df61-93ca-11d2-aa0d-00e098032b8c "$vm_dir/fixtures/keys/trusted.pem" >/dev/null

rm -rf "$vm_dir/results"
: > "$vm_dir/boots"
for s in "$@"; do
	engines=$(sed -n 's/^# engines:[[:space:]]*//p' "$(scenario_file "$s")")
	for e in ${engines:-$enforcing_engines}; do
		echo "$e $s" >> "$vm_dir/boots"
	done
done
echo "vm: $(wc -l < "$vm_dir/boots") boots, $jobs at a time"
VM_DIR=$vm_dir xargs -P "$jobs" -L 1 "$0" --one < "$vm_dir/boots" | tee "$vm_dir/summary"

passed=0 failed=0
while read -r e s; do
	tap=$vm_dir/results/$s/$e/verdict.tap
	echo "# ---- $s on $e"
	cat "$tap"
	p=$(grep -c '^ok ' "$tap" || true)
	f=$(grep -c '^not ok' "$tap" || true)
	passed=$((passed + p))
	failed=$((failed + f))
done < "$vm_dir/boots" > "$vm_dir/results.tap"
grep '^not ok\|^# ----' "$vm_dir/results.tap" | grep -B1 '^not ok' || true
echo "vm: $(wc -l < "$vm_dir/boots") boots in $(( $(date +%s) - start ))s; full TAP in $vm_dir/results.tap"
echo "vm: $passed passed, $failed failed"
[ "$failed" = 0 ]
