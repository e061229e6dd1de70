#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# ipectl's contract as a user sees it: exit codes, the first stderr line of a
# diagnostic, canonical output, decisions, JSON, --help, and bad arguments.
# Usage: test_ipectl.sh IPECTL EXAMPLES_DIR
set -u
ipectl=$1 examples=$2
. "$(dirname "$0")/tap.sh"

pol=$tap_tmp/p.pol
HDR='policy_name=t policy_version=1.2.3'
write() { printf "$@" > "$pol"; }
json_ok() { python3 -c 'import json,sys; json.load(sys.stdin)' < "$tap_tmp/out"; }

# --- help and usage -----------------------------------------------------
for cmd in "" "policy" "policy check" "policy fmt" "policy eval" "policy sign" "policy verify"; do
	run $ipectl $cmd --help
	is "$rc" 0 "'ipectl $cmd --help' exits 0"
	like "$out" '^Usage: ipectl' "'ipectl $cmd --help' prints usage"
done
run $ipectl
is "$rc" 2 "no arguments: usage error"
run $ipectl nosuch
is "$rc" 2 "unknown group: usage error"
like "$err" "unknown command 'nosuch'" "... named"
run $ipectl policy nosuch
is "$rc" 2 "unknown command: usage error"
run $ipectl policy check --bogus "$examples/audit-only.pol"
is "$rc" 2 "unknown option: usage error"
run $ipectl policy check
is "$rc" 2 "check without FILE: usage error"
run $ipectl policy check - "$examples/audit-only.pol" - < "$examples/audit-only.pol"
is "$rc" 2 "check with standard input twice: usage error (the second read would be empty)"
like "$err" "standard input \\('-'\\) given twice" "... named"
run $ipectl policy fmt a b
is "$rc" 2 "fmt with two files: usage error"
run $ipectl --version
like "$out" '^ipectl [0-9]+\.[0-9]+\.[0-9]+$' "--version"

# --- check ----------------------------------------------------------------
run $ipectl policy check "$examples"/*.pol
is "$rc" 0 "every example policy is valid"

write '%s\nDEFAULT action=DENY\nop=EXECUTE boot_verified=TRUE action=ALLOW\n' "$HDR"
run $ipectl policy check "$pol"
is "$rc" 0 "valid file: exit 0"
is "$out" "$pol: ok: policy 't' version 1.2.3, 1 rule" "valid file: summary on stdout"
is "$err" "" "valid file: nothing on stderr"
run $ipectl policy check --quiet "$pol"
is "$out" "" "--quiet: nothing for valid files"

check_error() {	# DESCRIPTION EXPECTED-FIRST-LINE (policy in $pol)
	run $ipectl policy check "$pol"
	is "$rc" 1 "$1: exit 1"
	is "$(printf '%s\n' "$err" | head -n 1)" "$2" "$1: first stderr line"
}
write '%s\nDEFAULT action=DENY\nop=EXECUTE fsverity_digest=sha256:zz action=BAD\n' "$HDR"
check_error "EINVAL beats a bad action" \
	"$pol:3:35: error: digest hex contains 'z', which is not a hex digit (EINVAL)"
write 'policy_name=t policy_version=1.70000.0\nDEFAULT action=DENY\n'
check_error "ERANGE" "$pol:1:32: error: version component '70000' is out of range (at most 65535) (ERANGE)"
write '%s\r\nDEFAULT action=DENY\r\nop=EXECUTE action=ALLOW extra\r\n' "$HDR"
run $ipectl policy check "$pol"
like "$(printf '%s\n' "$err" | head -n 1)" "^$pol:3:12: error: unknown property .action=ALLOW.: action= must be the last token \\(EBADMSG\\)\$" "CRLF file: line 3, column of the misplaced action"
like "$err" '\^' "the diagnostic shows a caret under the column"
write ''
check_error "empty file" "$pol:1:1: error: empty policy (EBADMSG)"
printf 'policy_name=t\000x policy_version=1.0.0\nDEFAULT action=DENY\n' > "$pol"
run $ipectl policy check "$pol"
is "$rc" 1 "a NUL inside the header is read, not dropped: EBADMSG"
printf '%s\nDEFAULT action=DENY\n\000 anything \377\n' "$HDR" > "$pol"
run $ipectl policy check "$pol"
is "$rc" 0 "bytes after a NUL are ignored, like the kernel"

printf '%s\nDEFAULT action=ALLOW\n' "$HDR" > "$tap_tmp/good.pol"
printf '%s\n' "$HDR" > "$tap_tmp/bad.pol"
run $ipectl policy check "$tap_tmp/good.pol" "$tap_tmp/bad.pol" "$tap_tmp/good.pol"
is "$rc" 1 "one invalid among valid files: exit 1"
like "$err" "^$tap_tmp/bad.pol:1:1: error: no global 'DEFAULT" "... its diagnostic names it"
run $ipectl policy check "$tap_tmp/good.pol" "$tap_tmp/missing.pol" "$tap_tmp/bad.pol"
is "$rc" 2 "an unreadable file: exit 2"
like "$err" "missing.pol: No such file or directory" "... and says why"
run $ipectl policy check "$tap_tmp"
is "$rc" 2 "a directory: exit 2"

run sh -c "printf 'policy_name=s policy_version=1.0.0' | $ipectl policy check -"
is "$rc" 1 "stdin: checked"
like "$err" '^<stdin>:1:1: error: no global' "stdin is called <stdin>"

run $ipectl policy check --json "$tap_tmp/good.pol" "$tap_tmp/bad.pol"
is "$rc" 1 "--json: same exit status"
json_ok
tap_result $? "--json: valid JSON"
like "$out" '"valid": true, "name": "t", "version": "1.2.3", "rules": 0' "--json: valid entry"
like "$out" '"valid": false, "errno": "EBADMSG", "line": 1, "column": 1' "--json: invalid entry"
printf 'policy_name=\377"\\\001 policy_version=1.0.0\nDEFAULT action=ALLOW\n' > "$pol"
run $ipectl policy check --json "$pol"
json_ok
tap_result $? "--json: arbitrary name bytes stay valid JSON"
like "$out" '"name": "\\u00ff\\"\\\\\\u0001"' "--json: bytes escaped one by one"

# --- fmt ------------------------------------------------------------------
write '  %s  # header\r\n\r\nop=EXECUTE   fsverity_digest=sha256:ABcd action=ALLOW\nDEFAULT op=KMODULE action=DENY\nDEFAULT action=ALLOW\t\n' "$HDR"
run $ipectl policy fmt "$pol"
is "$rc" 0 "fmt: exit 0"
want="$HDR
DEFAULT action=ALLOW
DEFAULT op=KMODULE action=DENY
op=EXECUTE fsverity_digest=sha256:abcd action=ALLOW"
is "$out" "$want" "fmt: canonical text"
cp "$tap_tmp/out" "$tap_tmp/fmt1"
run $ipectl policy fmt "$tap_tmp/fmt1"
cmp -s "$tap_tmp/out" "$tap_tmp/fmt1"
tap_result $? "fmt: a fixed point"
for f in "$examples"/*.pol; do
	$ipectl policy fmt "$f" > "$tap_tmp/f1" && $ipectl policy fmt "$tap_tmp/f1" > "$tap_tmp/f2" &&
		cmp -s "$tap_tmp/f1" "$tap_tmp/f2"
	tap_result $? "fmt round trip: $(basename "$f")"
done
run $ipectl policy fmt "$tap_tmp/bad.pol"
is "$rc" 1 "fmt of an invalid policy: exit 1"
is "$out" "" "... and nothing on stdout"
run $ipectl policy fmt --json "$pol"
json_ok
tap_result $? "fmt --json: valid JSON"
like "$out" '"algorithm": "sha256", "digest": "abcd"' "fmt --json: digest"

# --- eval -----------------------------------------------------------------
write '%s
DEFAULT action=DENY
DEFAULT op=KMODULE action=ALLOW
op=EXECUTE fsverity_digest=sha256:aa00 action=DENY
op=EXECUTE fsverity_signature=TRUE action=ALLOW
op=EXECUTE dmverity_roothash=sha256:BB action=ALLOW
op=EXECUTE boot_verified=TRUE action=ALLOW
op=EXECUTE dmverity_signature=FALSE fsverity_signature=FALSE boot_verified=FALSE action=DENY
op=FIRMWARE dmverity_signature=TRUE action=ALLOW
' "$HDR"
eval_is() {	# DESCRIPTION EXIT ACTION RULE-TEXT ARGS...
	d=$1 x=$2 a=$3 r=$4
	shift 4
	run $ipectl policy eval "$pol" "$@"
	is "$rc" "$x" "eval $d: exit $x"
	is "$(printf '%s\n' "$out" | head -n 2)" "action=$a
rule=\"$r\"" "eval $d: $a"
}
eval_is "signed fs-verity file" 0 ALLOW "op=EXECUTE fsverity_signature=TRUE action=ALLOW" \
	--op EXECUTE --fsverity-digest sha256:1234 --fsverity-signature
eval_is "first match wins" 3 DENY 'op=EXECUTE fsverity_digest="sha256":AA00 action=DENY' \
	--op EXECUTE --fsverity-digest sha256:aa00 --fsverity-signature
eval_is "dm-verity root hash" 0 ALLOW 'op=EXECUTE dmverity_roothash="sha256":BB action=ALLOW' \
	--op EXECUTE --dmverity-roothash sha256:bb
eval_is "alg compared exactly" 3 DENY 'op=EXECUTE dmverity_signature=FALSE fsverity_signature=FALSE boot_verified=FALSE action=DENY' \
	--op EXECUTE --dmverity-roothash SHA256:bb
eval_is "initramfs" 0 ALLOW "op=EXECUTE boot_verified=TRUE action=ALLOW" --op EXECUTE --boot-verified
eval_is "no file: FALSE forms hold" 3 DENY \
	"op=EXECUTE dmverity_signature=FALSE fsverity_signature=FALSE boot_verified=FALSE action=DENY" \
	--op EXECUTE --hook MMAP --no-file
eval_is "provider absent: both forms false" 3 DENY "DEFAULT action=DENY" \
	--op EXECUTE --no-file --no-provider dmverity_signature
eval_is "op default" 0 ALLOW "DEFAULT op=KMODULE action=ALLOW" --op KMODULE
eval_is "global default" 3 DENY "DEFAULT action=DENY" --op FIRMWARE --hook KERNEL_READ
eval_is "kernel_load_data has no file" 3 DENY "DEFAULT action=DENY" --op FIRMWARE --hook KERNEL_LOAD
eval_is "unknown op: global default" 3 DENY "DEFAULT action=DENY" --op UNKNOWN
run $ipectl policy eval "$pol" --op EXECUTE --boot-verified
like "$out" '^match=rule$' "eval: match kind"
like "$out" '^line=7$' "eval: line of the matched rule"
run $ipectl policy eval "$pol" --op EXECUTE --boot-verified --json
json_ok
tap_result $? "eval --json: valid JSON"
like "$out" '"action": "ALLOW", "rule": "op=EXECUTE boot_verified=TRUE action=ALLOW", "match": "rule", "line": 7, "op": "EXECUTE", "hook": "BPRM_CHECK"' \
	"eval --json: fields"

eval_usage() {	# DESCRIPTION MESSAGE-REGEX ARGS...
	d=$1 m=$2
	shift 2
	run $ipectl policy eval "$pol" "$@"
	is "$rc" 2 "eval refuses $d"
	like "$err" "$m" "... saying so"
}
eval_usage "a missing --op" "--op is required"
eval_usage "an unknown op" "unknown op 'execute'" --op execute
eval_usage "an unknown hook" "unknown hook 'EXEC'" --op EXECUTE --hook EXEC
eval_usage "EXECUTE at KERNEL_READ" "never evaluated at hook KERNEL_READ" --op EXECUTE --hook KERNEL_READ
eval_usage "FIRMWARE at MMAP" "never evaluated at hook MMAP" --op FIRMWARE --hook MMAP
eval_usage "file properties with --no-file" "without a file" --op EXECUTE --no-file --boot-verified
eval_usage "file properties at KERNEL_LOAD" "without a file" --op KMODULE --hook KERNEL_LOAD --boot-verified
eval_usage "a digest without colon" "expected ALG:HEX" --op EXECUTE --fsverity-digest abcd
eval_usage "odd hex" "expected ALG:HEX" --op EXECUTE --dmverity-roothash sha256:abc
eval_usage "a digest given twice" "given twice" --op EXECUTE --fsverity-digest a:00 --fsverity-digest a:11
eval_usage "a signature without a device" "needs --dmverity-roothash" --op EXECUTE --dmverity-signature
eval_usage "a signature without fs-verity" "needs --fsverity-digest" --op EXECUTE --fsverity-signature
eval_usage "an unknown provider" "unknown provider 'ipe'" --op EXECUTE --no-provider ipe
run $ipectl policy eval "$tap_tmp/bad.pol" --op EXECUTE
is "$rc" 1 "eval of an invalid policy: exit 1"

# --- sign and verify --------------------------------------------------------
k=$tap_tmp/keys
mkdir -p "$k/trust" "$k/bad"
for who in trusted untrusted; do
	openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj "/CN=$who" \
		-keyout "$k/$who.key" -out "$k/$who.pem" 2>/dev/null
done
cp "$k/trusted.pem" "$k/trust/"
openssl x509 -in "$k/trusted.pem" -outform der -out "$k/trust/trusted.der"
echo "not a certificate" > "$k/bad/junk.pem"
write '%s\nDEFAULT action=ALLOW\n' "$HDR"

run $ipectl policy sign --key "$k/trusted.key" --cert "$k/trusted.pem" "$pol"
is "$rc" 0 "sign: exit 0"
openssl smime -sign -binary -noattr -nodetach -nosmimecap -outform der -in "$pol" \
	-signer "$k/trusted.pem" -inkey "$k/trusted.key" -out "$tap_tmp/ref.p7b"
run cmp "$pol.p7b" "$tap_tmp/ref.p7b"
is "$rc" 0 "sign: byte for byte openssl smime -binary -noattr -nodetach -nosmimecap"
run $ipectl policy verify --trust "$k/trust" "$pol.p7b"
is "$rc" 0 "verify: a trusted signer (PEM and DER in the trust dir)"
is "$out" "$pol.p7b: ok: signed policy 't' version 1.2.3, 0 rules" "verify: summary"
run $ipectl policy sign -k "$k/untrusted.key" -c "$k/untrusted.pem" -o "$tap_tmp/u.p7b" "$pol"
run $ipectl policy verify --trust "$k/trust" "$tap_tmp/u.p7b"
is "$rc" 1 "verify: an untrusted signer exits 1"
like "$err" '\(ENOKEY\)$' "... with ENOKEY"
run $ipectl policy verify --trust "$k/trust" "$pol"
like "$err" '\(EBADMSG\)$' "verify: the unsigned text is EBADMSG"
head -c 200 "$pol.p7b" > "$tap_tmp/trunc.p7b"
run $ipectl policy verify --trust "$k/trust" "$tap_tmp/trunc.p7b"
like "$err" '\(EBADMSG\)$' "verify: a truncated blob is EBADMSG"
openssl smime -sign -nodetach -outform der -in "$pol" -signer "$k/trusted.pem" \
	-inkey "$k/trusted.key" -out "$tap_tmp/default.p7b"
run $ipectl policy verify --trust "$k/trust" "$tap_tmp/default.p7b"
like "$err" '\(EKEYREJECTED\)$' "verify: openssl's default output is EKEYREJECTED"
printf 'policy_name=t policy_version=1.0\nDEFAULT action=ALLOW\n' > "$tap_tmp/bad-version.pol"
openssl smime -sign -binary -noattr -nodetach -nosmimecap -outform der \
	-in "$tap_tmp/bad-version.pol" -signer "$k/trusted.pem" -inkey "$k/trusted.key" \
	-out "$tap_tmp/bad-text.p7b"
run $ipectl policy verify --trust "$k/trust" "$tap_tmp/bad-text.p7b"
is "$rc" 1 "verify: a validly signed text that does not parse exits 1"
like "$err" "bad-text.p7b:1:[0-9]+: error: .*\(EBADMSG\)" "... with the parser's diagnostic"
run $ipectl policy sign --key "$k/trusted.key" --cert "$k/trusted.pem" - < "$pol"
is "$rc" 0 "sign: standard input to standard output"
run $ipectl policy sign --key "$k/trusted.key" --cert "$k/trusted.pem" "$tap_tmp/bad-version.pol"
is "$rc" 1 "sign: refuses a policy that does not parse"
like "$err" '\(EBADMSG\)' "... with the parser's diagnostic"
run test -e "$tap_tmp/bad-version.pol.p7b"
is "$rc" 1 "... and writes nothing"
run $ipectl policy sign --key "$k/untrusted.key" --cert "$k/trusted.pem" "$pol"
is "$rc" 2 "sign: a key that is not the certificate's"
like "$err" "does not belong" "... named"
run $ipectl policy sign --key "$pol" --cert "$k/trusted.pem" "$pol"
is "$rc" 2 "sign: a key file that holds no key"
run $ipectl policy sign --cert "$k/trusted.pem" "$pol"
is "$rc" 2 "sign: --key is required"
run $ipectl policy sign --key "$k/trusted.key" --cert "$k/trusted.pem" -o /nonexistent/x.p7b "$pol"
is "$rc" 2 "sign: an unwritable output"
run $ipectl policy verify "$pol.p7b"
is "$rc" 2 "verify: --trust is required"
run $ipectl policy verify --trust "$k/bad" "$pol.p7b"
is "$rc" 2 "verify: a trust dir holding a non-certificate"
like "$err" "junk.pem: not an X.509 certificate" "... names the file"
run $ipectl policy verify --trust "$tap_tmp/nonexistent" "$pol.p7b"
is "$rc" 2 "verify: a missing trust dir"

tap_done
