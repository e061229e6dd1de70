#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# ipectl policy diff: identical policies however written, rules added,
# removed and moved per op, defaults, versions and names, JSON, signed
# policies, --paths over files in a temporary directory (which carry no
# integrity property on the host), exit statuses and every usage error.
# Usage: test_policy_diff.sh IPECTL
set -u
# Absolute: the tests run inside their temporary directory.
ipectl=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
. "$(dirname "$0")/tap.sh"

json_ok() { python3 -c 'import json,sys; json.load(sys.stdin)' < "$tap_tmp/out" 2>/dev/null; }
# Checks on the JSON on stdout as `d`; print() separates several values by spaces.
json_is() {	# PYTHON-EXPR WANT DESCRIPTION
	is "$(python3 -c "import json,sys; d=json.load(sys.stdin); print($1)" < "$tap_tmp/out" 2>&1)" "$2" "$3"
}

cd "$tap_tmp" || exit 1
H='policy_name=p policy_version=1.0.0'
DIG=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
DIGU=0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF
A='op=EXECUTE boot_verified=TRUE action=ALLOW'
B='op=EXECUTE dmverity_signature=TRUE action=ALLOW'
C='op=EXECUTE fsverity_signature=TRUE action=ALLOW'
F="op=EXECUTE fsverity_digest=sha256:$DIG action=ALLOW"
FA="op=EXECUTE fsverity_digest=\"sha256\":$DIGU action=ALLOW"	# its audit text
K='op=KMODULE boot_verified=TRUE action=ALLOW'
pol() {	# FILE LINE... : a policy, one line per argument
	f=$1
	shift
	printf '%s\n' "$@" > "$f"
}
pol base.pol "$H" 'DEFAULT action=DENY' "$A" "$K" "$B" "$F"
differs() {	# DESCRIPTION WANT-STDOUT OLD NEW
	run $ipectl policy diff "$3" "$4"
	is "$rc" 1 "$1: exit 1"
	is "$out" "$2" "$1: the difference"
	is "$err" "" "$1: nothing on stderr"
}
V='version: 1.0.0 -> 1.0.0 (equal: refused as an update of OLD with ESTALE; kernels before 6.13 accept it)'

# --- help and usage -----------------------------------------------------
run $ipectl policy diff --help
is "$rc" 0 "--help: exit 0"
like "$out" '^Usage: ipectl policy diff ' "--help: usage"
run $ipectl policy --help
like "$out" 'diff OLD NEW' "listed in 'ipectl policy --help'"

usage_is() {	# DESCRIPTION STDERR-REGEX ARGS...
	what=$1 want=$2
	shift 2
	run $ipectl policy diff "$@"
	is "$rc" 2 "$what: exit 2"
	like "$err" "$want" "$what: says why"
	is "$out" "" "$what: nothing on stdout"
}
usage_is "no arguments" "expected OLD and NEW"
usage_is "one policy" "expected OLD and NEW" base.pol
usage_is "a third operand" "unexpected 'x' after OLD NEW" base.pol base.pol x
usage_is "an option after the operands" "unexpected '--json' after OLD NEW" base.pol base.pol --json
usage_is "--paths without PATH" "--paths needs at least one PATH" base.pol base.pol --paths
usage_is "--paths before the operands" "invalid option" --paths . base.pol base.pol
usage_is "an unknown option" "invalid option" --bogus base.pol base.pol
usage_is "both on standard input" "cannot both be standard input" - -
usage_is "--op without --paths" "--op and --hook only apply to --paths" --op KMODULE base.pol base.pol
usage_is "--hook without --paths" "--op and --hook only apply to --paths" --hook MMAP base.pol base.pol
usage_is "an unknown op" "unknown op 'NOPE'" --op NOPE base.pol base.pol --paths .
usage_is "an impossible op/hook pair" "op KMODULE is never evaluated at hook MMAP" \
	--op KMODULE --hook MMAP base.pol base.pol --paths .
usage_is "EXECUTE at KERNEL_READ" "op EXECUTE is never evaluated at hook KERNEL_READ" \
	--hook KERNEL_READ base.pol base.pol --paths .
usage_is "KERNEL_LOAD has no file" "hook KERNEL_LOAD never has a file" \
	--op KMODULE --hook KERNEL_LOAD base.pol base.pol --paths .

# --- the same policy however written ------------------------------------
run $ipectl policy diff base.pol base.pol
is "$rc" 0 "the same file: exit 0"
is "$out" "" "the same file: nothing printed"
printf '# a comment\r\n\r\n  %s   # header\r\n%s\r\n\t%s\r\nDEFAULT action=DENY\r\n%s\r\n%s  \r\n%s\r\n' \
	"$H" "$A" "$K" "$B" "# gone: $C" "op=EXECUTE   fsverity_digest=sha256:$DIGU action=ALLOW" > reformatted.pol
run $ipectl policy diff base.pol reformatted.pol
is "$rc" 0 "comments, spacing, CRLF, digest case, DEFAULT placement: exit 0"
is "$out" "" "... and nothing printed"
pol kfirst.pol "$H" 'DEFAULT action=DENY' "$K" "$A" "$B" "$F"
run $ipectl policy diff base.pol kfirst.pol
is "$rc" 0 "a rule of another op moved across: the same evaluation, exit 0"
run sh -c "$ipectl policy diff - base.pol < reformatted.pol"
is "$rc" 0 "OLD on standard input"
run sh -c "$ipectl policy diff base.pol - < base.pol"
is "$rc" 0 "NEW on standard input"

# --- rules added, removed, moved ----------------------------------------
pol added.pol "$H" 'DEFAULT action=DENY' "$A" "$K" "$B" "$C" "$F"
differs "a rule added" "name: p
$V
op=EXECUTE:
+ line 6: $C" base.pol added.pol
differs "a rule removed" "name: p
$V
op=EXECUTE:
- line 6: $C" added.pol base.pol
pol moved.pol "$H" 'DEFAULT action=DENY' "$B" "$K" "$F" "$A"
differs "a rule moved to the end: removed and added" "name: p
$V
op=EXECUTE:
- line 3: $A
+ line 6: $A" base.pol moved.pol
pol swapped.pol "$H" 'DEFAULT action=DENY' "$A" "$K" "$F" "$B"
differs "two neighbours swapped: one of them moves" "name: p
$V
op=EXECUTE:
+ line 5: $FA
- line 6: $FA" base.pol swapped.pol
pol several.pol "$H" 'DEFAULT action=DENY' "$C" "$A" 'op=KMODULE action=DENY' "$F"
differs "changes in two ops, each under its op, in evaluation order" "name: p
$V
op=EXECUTE:
+ line 3: $C
- line 5: $B
op=KMODULE:
- line 4: $K
+ line 5: op=KMODULE action=DENY" base.pol several.pol
pol digest.pol "$H" 'DEFAULT action=DENY' "$A" "$K" "$B" "op=EXECUTE fsverity_digest=sha256:${DIG%??}00 action=ALLOW"
differs "a digest changed: removed and added in audit spelling" "name: p
$V
op=EXECUTE:
- line 6: $FA
+ line 6: op=EXECUTE fsverity_digest=\"sha256\":${DIGU%??}00 action=ALLOW" base.pol digest.pol
pol dup.pol "$H" 'DEFAULT action=DENY' "$A" "$A" "$K" "$B" "$F"
differs "a duplicate rule: one of the two added" "name: p
$V
op=EXECUTE:
+ line 4: $A" base.pol dup.pol

pol norules.pol "$H" 'DEFAULT action=DENY'
differs "from no rules: every rule added" "name: p
$V
op=EXECUTE:
+ line 3: $A
+ line 5: $B
+ line 6: $FA
op=KMODULE:
+ line 4: $K" norules.pol base.pol

# --- defaults, versions, names ------------------------------------------
pol defaults.pol "$H" 'DEFAULT action=ALLOW' 'DEFAULT op=KMODULE action=DENY' "$A" "$K" "$B" "$F"
differs "defaults: global changed, op default set" "name: p
$V
default: DENY -> ALLOW
default op=KMODULE: unset -> DENY" base.pol defaults.pol
differs "defaults: op default unset" "name: p
$V
default: ALLOW -> DENY
default op=KMODULE: DENY -> unset" defaults.pol base.pol

pol higher.pol 'policy_name=p policy_version=1.0.1' 'DEFAULT action=DENY' "$A" "$K" "$B" "$F"
pol lower.pol 'policy_name=p policy_version=0.65535.65535' 'DEFAULT action=DENY' "$A" "$K" "$B" "$F"
differs "a higher version alone is a difference" "name: p
version: 1.0.0 -> 1.0.1 (higher: NEW may replace OLD by update)" base.pol higher.pol
differs "a lower version" "name: p
version: 1.0.0 -> 0.65535.65535 (lower: refused as an update of OLD with ESTALE (EINVAL before 6.13), and not activated while OLD is active)" \
	base.pol lower.pol
pol renamed.pol 'policy_name=q policy_version=1.0.0' 'DEFAULT action=DENY' "$A" "$K" "$B" "$F"
differs "another name: no update, so only activation counts" "name: p -> q (another policy: refused as an update of OLD with EINVAL)
version: 1.0.0 -> 1.0.0 (equal: NEW may be activated while OLD is active)" base.pol renamed.pol
differs "another name, a lower version" "name: q -> p (another policy: refused as an update of OLD with EINVAL)
version: 1.0.0 -> 0.65535.65535 (lower: NEW is not activated while OLD is active (EINVAL))" renamed.pol lower.pol

# --- invalid, unreadable and signed policies ------------------------------
pol bad.pol "$H" 'DEFAULT action=DENY' 'op=EXECUTE action=PERHAPS'
run $ipectl policy diff base.pol bad.pol
is "$rc" 2 "an invalid NEW: exit 2, not the 1 of 'they differ'"
like "$(printf '%s\n' "$err" | head -n 1)" '^bad.pol:3:12: error: .*\(EBADMSG\)$' "... with the check diagnostic"
is "$out" "" "... and nothing on stdout"
run $ipectl policy diff bad.pol base.pol
is "$rc" 2 "an invalid OLD: exit 2"
run $ipectl policy diff base.pol nosuch.pol
is "$rc" 2 "an unreadable NEW: exit 2"
like "$err" "nosuch.pol: No such file or directory" "... says why"

k=$tap_tmp/keys
mkdir -p "$k"
openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj "/CN=diff" \
	-keyout "$k/key.pem" -out "$k/cert.pem" 2>/dev/null
$ipectl policy sign --key "$k/key.pem" --cert "$k/cert.pem" -o base.p7b reformatted.pol
$ipectl policy sign --key "$k/key.pem" --cert "$k/cert.pem" -o added.p7b added.pol
run $ipectl policy diff base.pol base.p7b
is "$rc" 0 "a text and the signed reformatted text: no difference"
is "$out" "" "... nothing printed"
run $ipectl policy diff base.p7b added.p7b
is "$rc" 1 "two signed policies: exit 1"
is "$out" "name: p
$V
op=EXECUTE:
+ line 6: $C" "two signed policies: lines of their signed texts"
printf 'no policy here\n' > text.txt
openssl smime -sign -binary -noattr -nodetach -nosmimecap -outform der -in text.txt \
	-signer "$k/cert.pem" -inkey "$k/key.pem" -out text.p7b
run $ipectl policy diff base.pol text.p7b
is "$rc" 2 "a .p7b without a policy: exit 2"
like "$(printf '%s\n' "$err" | head -n 1)" '^text.p7b:1:1: error: ' "... with the diagnostic of its content"

# --- --json ---------------------------------------------------------------
run $ipectl policy diff --json base.pol reformatted.pol
is "$rc" 0 "--json, no difference: exit 0"
json_ok
tap_result $? "--json, no difference: valid JSON"
json_is 'd["differ"], d["default"], d["op_defaults"], d["rules"], d["version"]' 'False None [] [] equal' \
	"--json, no difference: empty"
json_is 'd["old"], d["new"]["file"]' "{'file': 'base.pol', 'name': 'p', 'version': '1.0.0'} reformatted.pol" \
	"--json: both sides"
run $ipectl policy diff --json base.pol several.pol
is "$rc" 1 "--json, rules changed: exit 1"
json_ok
tap_result $? "--json, rules changed: valid JSON"
json_is 'd["rules"]' "[{'op': 'EXECUTE', 'change': 'added', 'line': 3, 'rule': '$C'}, {'op': 'EXECUTE', 'change': 'removed', 'line': 5, 'rule': '$B'}, {'op': 'KMODULE', 'change': 'removed', 'line': 4, 'rule': '$K'}, {'op': 'KMODULE', 'change': 'added', 'line': 5, 'rule': 'op=KMODULE action=DENY'}]" \
	"--json: every rule change, per op in evaluation order"
run $ipectl policy diff --json base.pol defaults.pol
json_is 'd["default"], d["op_defaults"]' "{'old': 'DENY', 'new': 'ALLOW'} [{'op': 'KMODULE', 'old': None, 'new': 'DENY'}]" \
	"--json: default changes"
run $ipectl policy diff --json renamed.pol lower.pol
json_is 'd["name_changed"], d["version"], d["old"]["name"], d["new"]["version"]' "True lower q 0.65535.65535" \
	"--json: name and version"
run $ipectl policy diff --json base.pol higher.pol
json_is 'd["version"], d["differ"], "paths" in d' "higher True False" "--json: higher, no paths member without --paths"
run $ipectl policy diff --json base.pol digest.pol
json_is 'd["rules"][0]["rule"]' "$FA" "--json: rule texts exactly"

# --- --paths ----------------------------------------------------------------
mkdir -p tree/sub empty
echo a > tree/a
echo b > tree/sub/b
ln -s a tree/link
D='DEFAULT op=EXECUTE action=DENY'
pol deny.pol "$H" 'DEFAULT action=ALLOW' "$D"
pol allow.pol "$H" 'DEFAULT action=ALLOW' 'DEFAULT op=EXECUTE action=ALLOW'
pol unverified.pol "$H" 'DEFAULT action=ALLOW' "$D" 'op=EXECUTE boot_verified=FALSE action=ALLOW'
pol kmod.pol "$H" 'DEFAULT action=ALLOW' "$D" 'op=KMODULE boot_verified=FALSE action=DENY'

run $ipectl policy diff deny.pol allow.pol --paths tree
is "$rc" 1 "--paths, default DENY -> ALLOW: exit 1"
is "$out" "name: p
$V
default op=EXECUTE: DENY -> ALLOW
decisions for op EXECUTE at hook BPRM_CHECK:
DENY -> ALLOW tree/a old rule=\"$D\" (op default) new rule=\"DEFAULT op=EXECUTE action=ALLOW\" (op default)
SKIP tree/link (symbolic link, not followed)
DENY -> ALLOW tree/sub/b old rule=\"$D\" (op default) new rule=\"DEFAULT op=EXECUTE action=ALLOW\" (op default)
2 files, 2 changed, 0 uncertain, 1 skipped, 0 errors" "--paths: every file whose decision changes, both rules; links noted"
run $ipectl policy diff unverified.pol deny.pol --paths tree/a
is "$rc" 1 "--paths, a boot_verified=FALSE rule removed: exit 1"
is "$(printf '%s\n' "$out" | tail -n 2)" "ALLOW -> DENY tree/a old rule=\"op=EXECUTE boot_verified=FALSE action=ALLOW\" (line 4) new rule=\"$D\" (op default)
1 file, 1 changed, 0 uncertain, 0 skipped, 0 errors" "--paths: ALLOW -> DENY with the old rule's line"
run $ipectl policy diff deny.pol kmod.pol --paths tree
is "$rc" 1 "--paths, only KMODULE rules changed: the policies still differ"
is "$(printf '%s\n' "$out" | tail -n 2)" "SKIP tree/link (symbolic link, not followed)
2 files, 0 changed, 0 uncertain, 1 skipped, 0 errors" "--paths: no EXECUTE decision changes"
run $ipectl policy diff --op KMODULE deny.pol kmod.pol --paths tree/a
is "$(printf '%s\n' "$out" | tail -n 3)" "decisions for op KMODULE at hook KERNEL_READ:
ALLOW -> DENY tree/a old rule=\"DEFAULT action=ALLOW\" (global default) new rule=\"op=KMODULE boot_verified=FALSE action=DENY\" (line 4)
1 file, 1 changed, 0 uncertain, 0 skipped, 0 errors" "--paths --op KMODULE: that op's decisions"
run $ipectl policy diff deny.pol deny.pol --paths tree empty
is "$rc" 0 "--paths, the same policy: exit 0"
is "$out" "decisions for op EXECUTE at hook BPRM_CHECK:
SKIP tree/link (symbolic link, not followed)
2 files, 0 changed, 0 uncertain, 1 skipped, 0 errors" "--paths, the same policy: only the decisions section"
run $ipectl policy diff deny.pol allow.pol --paths nope tree/a nope2
is "$rc" 2 "--paths with missing PATHs: exit 2"
is "$err" "ipectl policy diff: nope: No such file or directory
ipectl policy diff: nope2: No such file or directory" "... each reported"
like "$out" "DENY -> ALLOW tree/a " "... the others still decided"
like "$out" "1 file, 1 changed, 0 uncertain, 0 skipped, 2 errors" "... and counted"
run $ipectl policy diff deny.pol allow.pol --paths --weird
is "$rc" 2 "--paths takes every later argument as a PATH"
like "$err" "ipectl policy diff: --weird: No such file or directory" "... even one like an option"

run $ipectl policy diff --json deny.pol allow.pol --paths tree nope
is "$rc" 2 "--json --paths: same exit status"
json_ok
tap_result $? "--json --paths: valid JSON"
json_is 'd["paths"]["op"], d["paths"]["hook"], [f["path"] for f in d["paths"]["files"]]' \
	"EXECUTE BPRM_CHECK ['tree/a', 'tree/sub/b']" "--json --paths: the changed files"
json_is 'd["paths"]["files"][0]["old"], d["paths"]["files"][0]["new"]["action"]' \
	"{'action': 'DENY', 'rule': '$D', 'match': 'op_default', 'line': None, 'uncertain': False} ALLOW" \
	"--json --paths: both decisions"
json_is 'd["paths"]["skipped"], d["paths"]["errors"], d["paths"]["summary"]' \
	"[{'path': 'tree/link', 'reason': 'symlink'}] [{'path': 'nope', 'error': 'No such file or directory'}] {'files': 2, 'changed': 2, 'uncertain': 0, 'skipped': 1, 'errors': 1}" \
	"--json --paths: skipped, errors, summary"
run $ipectl policy diff --json deny.pol deny.pol --paths empty
json_ok
tap_result $? "--json --paths, nothing to list: valid JSON"
json_is 'd["differ"], d["paths"]["files"], d["paths"]["summary"]["files"]' "False [] 0" \
	"--json --paths, nothing to list: empty"

# Properties that cannot be read: without the mount table boot_verified is unknown.
# (The shell's own mountinfo is covered, and it execs ipectl with its pid.)
nomounts() { unshare --map-root-user --mount sh -c 'mount --bind /dev/null /proc/$$/mountinfo && exec "$@"' sh "$@"; }
pol trueboot.pol "$H" 'DEFAULT action=ALLOW' "$D" 'op=EXECUTE boot_verified=TRUE action=ALLOW'
pol trueboot2.pol 'policy_name=p policy_version=1.0.1' 'DEFAULT action=ALLOW' "$D" 'op=EXECUTE boot_verified=TRUE action=ALLOW'
run nomounts $ipectl policy diff trueboot.pol trueboot2.pol --paths tree/a
is "$(printf '%s\n' "$out" | tail -n 2)" "DENY -> DENY tree/a old rule=\"$D\" (op default) new rule=\"$D\" (op default); uncertain
1 file, 0 changed, 1 uncertain, 0 skipped, 0 errors" "--paths: an unchanged decision that hinges on an unread property is shown"
run $ipectl policy diff trueboot.pol trueboot2.pol --paths tree/a
is "$(printf '%s\n' "$out" | tail -n 1)" "1 file, 0 changed, 0 uncertain, 0 skipped, 0 errors" \
	"--paths: ... and not when the property was read"

# --- a large policy -------------------------------------------------------
i=0
{
	echo "$H"
	echo 'DEFAULT action=DENY'
	while [ $i -lt 3000 ]; do
		printf 'op=EXECUTE fsverity_digest=sha256:%064x action=ALLOW\n' $i
		i=$((i + 1))
	done
} > big.pol
sed '1500d' big.pol > big2.pol
run $ipectl policy diff big.pol big2.pol
is "$out" "name: p
$V
op=EXECUTE:
- line 1500: op=EXECUTE fsverity_digest=\"sha256\":$(printf '%064X' 1497) action=ALLOW" \
	"3000 rules, one removed: exactly that one"
tac big.pol | sed '/^policy_name/d; /^DEFAULT/d' > rev.body
{ echo "$H"; echo 'DEFAULT action=DENY'; cat rev.body; } > rev.pol
run $ipectl policy diff big.pol rev.pol
is "$(printf '%s\n' "$out" | grep -c '^[-+] line')" 5998 "3000 rules reversed: all but one moved"

tap_done
