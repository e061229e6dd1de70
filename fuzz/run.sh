#!/bin/sh
# Run every fuzz target for SECONDS each, starting from the committed seed
# corpus; new inputs are kept in BUILD/corpus/ so later runs resume there.
# A crash, leak or UB report leaves its input in BUILD/artifacts/ and fails.
# The pkcs7 target also gets blobs signed here by a key it trusts, so the
# fuzzer starts from messages that verify.
set -eu
build=$1 seconds=$2
here=$(cd "$(dirname "$0")" && pwd)

keys=$build/pkcs7-keys
if [ ! -f "$keys/trusted.pem" ]; then
	mkdir -p "$keys"
	openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj /CN=fuzz-trusted \
		-keyout "$keys/trusted.key" -out "$keys/trusted.pem" 2>/dev/null
fi
seeds=$build/pkcs7-seeds
mkdir -p "$seeds"
for pol in "$here/corpus/policy"/*; do
	seed=$seeds/$(basename "$pol")
	[ -f "$seed" ] || openssl smime -sign -binary -noattr -nodetach -nosmimecap \
		-outform der -in "$pol" -signer "$keys/trusted.pem" -inkey "$keys/trusted.key" \
		-out "$seed" 2>/dev/null || rm -f "$seed"
done
export FUZZ_PKCS7_TRUST="$keys/trusted.pem"

for target in policy pkcs7 state access_record dm_table kconfig; do
	corpus=$build/corpus/$target
	mkdir -p "$corpus" "$build/artifacts"
	case $target in
	pkcs7)
		cp -n "$seeds"/* "$corpus/"
		dict= ;;
	state)
		cp -n "$here/corpus/$target"/* "$corpus/"
		dict= ;;
	*)
		cp -n "$here/corpus/$target"/* "$corpus/"
		dict=-dict=$here/$target.dict ;;
	esac
	echo "fuzz_$target: ${seconds}s"
	"$build/fuzz/fuzz_$target" -max_total_time="$seconds" -max_len=4096 $dict \
		-print_final_stats=1 -artifact_prefix="$build/artifacts/$target-" "$corpus" \
		2>"$build/fuzz_$target.log" || {
		tail -n 60 "$build/fuzz_$target.log"
		exit 1
	}
	grep -E 'stat::(number_of_executed_units|new_units_added)' "$build/fuzz_$target.log"
done
