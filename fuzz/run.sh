#!/bin/sh
# Run every fuzz target for SECONDS each, starting from the committed seed
# corpus; new inputs are kept in BUILD/corpus/ so later runs resume there.
# A crash, leak or UB report leaves its input in BUILD/artifacts/ and fails.
set -eu
build=$1 seconds=$2
here=$(cd "$(dirname "$0")" && pwd)
for target in policy; do
	corpus=$build/corpus/$target
	mkdir -p "$corpus" "$build/artifacts"
	cp -n "$here/corpus/$target"/* "$corpus/"
	echo "fuzz_$target: ${seconds}s"
	"$build/fuzz/fuzz_$target" -max_total_time="$seconds" -max_len=4096 \
		-dict="$here/$target.dict" -print_final_stats=1 \
		-artifact_prefix="$build/artifacts/$target-" "$corpus" 2>"$build/fuzz_$target.log" || {
		tail -n 60 "$build/fuzz_$target.log"
		exit 1
	}
	grep -E 'stat::(number_of_executed_units|new_units_added)' "$build/fuzz_$target.log"
done
