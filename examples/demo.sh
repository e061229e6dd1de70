#!/bin/sh
# The policy tools on the example policies: validate, format, decide.
# Usage: examples/demo.sh [IPECTL]
set -u
ipectl=${1:-ipectl}
here=$(cd "$(dirname "$0")" && pwd)
cd "$here"

run() {
	printf '\n$ ipectl %s\n' "$*"
	"$ipectl" "$@"
	printf '(exit %d)\n' $?
}

echo "== Validate the example policies exactly as kernel IPE would"
run policy check verified-boot.pol fsverity-allowlist.pol audit-only.pol

echo
echo "== A broken policy: the kernel says only EINVAL; ipectl says where and why"
broken='policy_name=broken policy_version=1.0.0
DEFAULT action=DENY
op=EXECUTE fsverity_digest=sha256:abc action=ALLOW'
printf '\n$ echo "$broken" | ipectl policy check -\n'
echo "$broken" | "$ipectl" policy check -
printf '(exit %d)\n' $?

echo
echo "== Canonical form"
run policy fmt fsverity-allowlist.pol

echo
echo "== Decisions of verified-boot.pol (exit 0 = ALLOW, 3 = DENY)"
run policy eval verified-boot.pol --op EXECUTE --dmverity-roothash sha256:aa55 --dmverity-signature
run policy eval verified-boot.pol --op EXECUTE
run policy eval verified-boot.pol --op EXECUTE --hook MMAP --no-file
run policy eval verified-boot.pol --op KMODULE --boot-verified

echo
echo "== Decisions of fsverity-allowlist.pol: first match wins, rule text as audited"
run policy eval fsverity-allowlist.pol --op EXECUTE \
	--fsverity-digest sha256:0e8f6dbd76d5c67b31e1ea3d3a1b3b4c6e2f6d1bb39ef7f8b7e2f0a5e1c2d3f4 --fsverity-signature
run policy eval fsverity-allowlist.pol --op EXECUTE --json \
	--fsverity-digest sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08
exit 0
