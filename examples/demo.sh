#!/bin/sh
# The policy tools on the example policies: validate, format, decide.
# Every step states the exit status it must have; the demo fails otherwise.
# Usage: examples/demo.sh [IPECTL]
set -u
ipectl=${1:-ipectl}
case "$ipectl" in
*/*) ipectl=$(cd "$(dirname "$ipectl")" && pwd)/$(basename "$ipectl") ;;
esac
here=$(cd "$(dirname "$0")" && pwd)
cd "$here"
failed=0

# run EXPECTED-EXIT ARGS...
run() {
	want=$1
	shift
	printf '\n$ ipectl %s\n' "$*"
	"$ipectl" "$@"
	rc=$?
	printf '(exit %d)\n' $rc
	if [ $rc != "$want" ]; then
		echo "demo: expected exit $want" >&2
		failed=1
	fi
}

echo "== Validate the example policies exactly as kernel IPE would"
run 0 policy check verified-boot.pol fsverity-allowlist.pol audit-only.pol

echo
echo "== A broken policy: the kernel says only EINVAL; ipectl says where and why"
broken='policy_name=broken policy_version=1.0.0
DEFAULT action=DENY
op=EXECUTE fsverity_digest=sha256:abc action=ALLOW'
printf '\n$ echo "$broken" | ipectl policy check -\n'
echo "$broken" | "$ipectl" policy check -
rc=$?
printf '(exit %d)\n' $rc
[ $rc = 1 ] || { echo "demo: expected exit 1" >&2; failed=1; }

echo
echo "== Canonical form"
run 0 policy fmt fsverity-allowlist.pol

echo
echo "== Decisions of verified-boot.pol (exit 0 = ALLOW, 3 = DENY)"
run 0 policy eval verified-boot.pol --op EXECUTE --dmverity-roothash sha256:aa55 --dmverity-signature
run 3 policy eval verified-boot.pol --op EXECUTE
run 3 policy eval verified-boot.pol --op EXECUTE --hook MMAP --no-file
run 0 policy eval verified-boot.pol --op KMODULE --boot-verified

echo
echo "== Decisions of fsverity-allowlist.pol: first match wins, rule text as audited"
run 3 policy eval fsverity-allowlist.pol --op EXECUTE \
	--fsverity-digest sha256:0e8f6dbd76d5c67b31e1ea3d3a1b3b4c6e2f6d1bb39ef7f8b7e2f0a5e1c2d3f4 --fsverity-signature
run 0 policy eval fsverity-allowlist.pol --op EXECUTE --json \
	--fsverity-digest sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08
exit $failed
