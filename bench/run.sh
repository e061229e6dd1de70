#!/bin/sh
# Parser benchmark: in-process parse+free figures per policy size, then the
# whole ipectl process on the largest policy (read + parse + free).
# Usage: bench/run.sh BUILD_DIR [RULES...]
set -eu
build=$1
shift
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

echo "## $(date -u +%Y-%m-%d) on $(uname -m), $(nproc) CPUs: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "kernel $(uname -r), $(cc --version | head -n 1), build: $(meson introspect --buildoptions "$build" | python3 -c 'import json,sys; print(next(o["value"] for o in json.load(sys.stdin) if o["name"]=="buildtype"))')"
echo
echo "### parse + free, in process (median of reps)"
echo
"$build/bench/parse_bench" "$@"

largest=${1:-1000000}
for arg in "$@"; do largest=$arg; done
"$build/bench/parse_bench" --emit "$largest" > "$tmp/big.pol"
echo
echo "### whole process: ipectl policy check --quiet on $largest rules ($(du -m "$tmp/big.pol" | cut -f1) MiB file)"
echo
for i in 1 2 3; do
	/usr/bin/time -f "wall %e s, max RSS %M KiB" "$build/cli/ipectl" policy check --quiet "$tmp/big.pol"
done
