#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# ipectl policy test: a dry run over files in a temporary directory, which on
# the host carry no integrity property (fs-verity and dm-verity are the VM
# suite's).  Every line of the output, the summary, the exit status, JSON,
# signed policies, properties that cannot be read, and every usage error.
# Usage: test_policy_test.sh IPECTL
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
mkdir -p tree/sub/deeper tree/empty empty
echo a > tree/a
echo b > tree/sub/b
echo c > tree/sub/deeper/c
echo z > tree/Z
ln -s a tree/link
mkfifo tree/fifo

HDR='policy_name=dry policy_version=1.2.3'
printf '%s\nDEFAULT action=ALLOW\nDEFAULT op=EXECUTE action=DENY\n' "$HDR" > deny.pol
printf '%s\nDEFAULT action=DENY\n# plain files are not boot verified\nop=EXECUTE boot_verified=FALSE action=ALLOW\n' "$HDR" > allow.pol
D='DEFAULT op=EXECUTE action=DENY'

# --- help and usage -----------------------------------------------------
run $ipectl policy test --help
is "$rc" 0 "--help: exit 0"
like "$out" '^Usage: ipectl policy test ' "--help: usage"
run $ipectl policy --help
like "$out" 'test FILE PATH' "listed in 'ipectl policy --help'"

usage_is() {	# DESCRIPTION STDERR-REGEX ARGS...
	what=$1 want=$2
	shift 2
	run $ipectl policy test "$@"
	is "$rc" 2 "$what: exit 2"
	like "$err" "$want" "$what: says why"
	is "$out" "" "$what: nothing on stdout"
}
usage_is "no arguments" "expected POLICY and at least one PATH"
usage_is "a POLICY without PATH" "expected POLICY and at least one PATH" deny.pol
usage_is "an unknown option" "invalid option" --bogus deny.pol tree
usage_is "an unknown op" "unknown op 'EXEC'" --op EXEC deny.pol tree
usage_is "an unknown hook" "unknown hook 'MMAPX'" --hook MMAPX deny.pol tree
usage_is "EXECUTE at KERNEL_READ" "op EXECUTE is never evaluated at hook KERNEL_READ" \
	--hook KERNEL_READ deny.pol tree
usage_is "KMODULE at BPRM_CHECK" "op KMODULE is never evaluated at hook BPRM_CHECK" \
	--op KMODULE --hook BPRM_CHECK deny.pol tree
usage_is "FIRMWARE at MMAP" "op FIRMWARE is never evaluated at hook MMAP" \
	--op FIRMWARE --hook MMAP deny.pol tree
usage_is "KERNEL_LOAD has no file" "hook KERNEL_LOAD never has a file" \
	--op KMODULE --hook KERNEL_LOAD deny.pol tree
usage_is "an option without its value" "invalid option" --op
run $ipectl policy test deny.pol tree/a --json
is "$rc" 2 "options go first: a later --json is a PATH"
like "$err" "ipectl policy test: --json: No such file or directory" "... reported as a missing PATH"
run $ipectl policy test missing.pol tree
is "$rc" 2 "an unreadable POLICY: exit 2"
like "$err" "missing.pol: No such file or directory" "... says why"

# --- a tree under a DENY default ----------------------------------------
run $ipectl policy test deny.pol tree
is "$rc" 3 "DENY default: exit 3"
want="DENY tree/Z rule=\"$D\" (op default) props: none
DENY tree/a rule=\"$D\" (op default) props: none
SKIP tree/fifo (not a regular file, not opened)
SKIP tree/link (symbolic link, not followed)
DENY tree/sub/b rule=\"$D\" (op default) props: none
DENY tree/sub/deeper/c rule=\"$D\" (op default) props: none
4 files, 0 allowed, 4 refused (0 uncertain), 2 skipped, 0 errors"
is "$out" "$want" "DENY default: every file refused, in byte order, links and FIFOs skipped"
is "$err" "" "DENY default: nothing on stderr"

run $ipectl policy test deny.pol tree/
like "$out" '^DENY tree/Z rule=' "a trailing slash is not doubled"

# --- an ALLOW policy ----------------------------------------------------
run $ipectl policy test allow.pol tree/sub tree/a
is "$rc" 0 "ALLOW: exit 0"
want='ALLOW tree/sub/b rule="op=EXECUTE boot_verified=FALSE action=ALLOW" (line 4) props: none
ALLOW tree/sub/deeper/c rule="op=EXECUTE boot_verified=FALSE action=ALLOW" (line 4) props: none
ALLOW tree/a rule="op=EXECUTE boot_verified=FALSE action=ALLOW" (line 4) props: none
3 files, 3 allowed, 0 refused (0 uncertain), 0 skipped, 0 errors'
is "$out" "$want" "ALLOW: the rule and its line, PATHs in the order given"

run $ipectl policy test deny.pol tree/a tree/a
like "$out" '^2 files, 0 allowed, 2 refused' "a PATH given twice is tested twice"

# --- missing paths, empty directories, links given directly -------------
run $ipectl policy test deny.pol nope1 tree/a nope2 tree/sub/b
is "$rc" 2 "missing PATHs: exit 2 (outranks DENY)"
is "$err" "ipectl policy test: nope1: No such file or directory
ipectl policy test: nope2: No such file or directory" "missing PATHs: each one reported"
is "$out" "DENY tree/a rule=\"$D\" (op default) props: none
DENY tree/sub/b rule=\"$D\" (op default) props: none
2 files, 0 allowed, 2 refused (0 uncertain), 0 skipped, 2 errors" "missing PATHs: the others still tested"
run $ipectl policy test allow.pol tree/a nope1
is "$rc" 2 "a missing PATH with every file allowed: exit 2"

run $ipectl policy test deny.pol empty tree/empty
is "$rc" 0 "directories without files: exit 0 (nothing refused)"
is "$out" "0 files, 0 allowed, 0 refused (0 uncertain), 0 skipped, 0 errors" "... and only the summary"

run $ipectl policy test deny.pol tree/link
is "$rc" 0 "a link given as PATH: not followed, nothing tested"
is "$out" "SKIP tree/link (symbolic link, not followed)
0 files, 0 allowed, 0 refused (0 uncertain), 1 skipped, 0 errors" "... and noted"

# --- --quiet --------------------------------------------------------------
run $ipectl policy test --quiet deny.pol tree/a tree/sub
is "$rc" 3 "--quiet: same exit status"
is "$out" "DENY tree/a rule=\"$D\" (op default) props: none
DENY tree/sub/b rule=\"$D\" (op default) props: none
DENY tree/sub/deeper/c rule=\"$D\" (op default) props: none
3 files, 0 allowed, 3 refused (0 uncertain), 0 skipped, 0 errors" "--quiet: refused files and the summary"
run $ipectl policy test -q allow.pol tree
is "$out" "4 files, 4 allowed, 0 refused (0 uncertain), 2 skipped, 0 errors" \
	"--quiet, all allowed: only the summary (no SKIP notes)"
printf '%s\nDEFAULT action=DENY\nop=EXECUTE action=ALLOW\nop=EXECUTE action=DENY\n' "$HDR" > mixed.pol
printf '%s\nDEFAULT action=ALLOW\nop=EXECUTE boot_verified=FALSE action=DENY\n' "$HDR" > denyrule.pol
run $ipectl policy test --quiet denyrule.pol tree/a
like "$out" '^DENY tree/a rule="op=EXECUTE boot_verified=FALSE action=DENY" \(line 3\) props: none$' \
	"--quiet: a rule's DENY is shown with its line"

# --- --json ---------------------------------------------------------------
run $ipectl policy test --json deny.pol tree nope
is "$rc" 2 "--json: same exit status"
json_ok
tap_result $? "--json: valid JSON"
json_is 'd["policy"], d["version"], d["op"], d["hook"]' 'dry 1.2.3 EXECUTE BPRM_CHECK' \
	"--json: policy and event"
json_is '[f["path"] for f in d["files"]]' "['tree/Z', 'tree/a', 'tree/sub/b', 'tree/sub/deeper/c']" \
	"--json: the files in order"
json_is 'd["files"][1]' "{'path': 'tree/a', 'decision': {'action': 'DENY', 'rule': '$D', 'match': 'op_default', 'line': None, 'uncertain': False}, 'properties': [], 'unknown': []}" \
	"--json: one file, whole"
json_is 'd["skipped"]' "[{'path': 'tree/fifo', 'reason': 'special'}, {'path': 'tree/link', 'reason': 'symlink'}]" \
	"--json: skipped entries with reasons"
json_is 'd["errors"]' "[{'path': 'nope', 'error': 'No such file or directory'}]" "--json: errors"
json_is 'd["summary"]' "{'files': 4, 'allowed': 0, 'refused': 4, 'uncertain': 0, 'skipped': 2, 'errors': 1}" \
	"--json: summary"
like "$err" "nope: No such file or directory" "--json: errors still on stderr"

run $ipectl policy test --json allow.pol tree/a
json_is 'd["files"][0]["decision"]["line"], d["files"][0]["decision"]["match"]' '4 rule' \
	"--json: a rule match has its line"
run $ipectl policy test --json --quiet allow.pol empty
json_ok
tap_result $? "--json, no file: valid JSON"
json_is 'd["files"], d["skipped"], d["errors"], d["summary"]["files"]' '[] [] [] 0' "--json, no file: empty arrays"
run $ipectl policy test --json --quiet mixed.pol tree/a
json_is 'd["files"]' "[]" "--json --quiet: allowed files left out"

mkdir -p "odd dir"
printf 'x' > "odd dir/q\"uote"
run $ipectl policy test --json deny.pol "odd dir"
json_ok
tap_result $? "--json: a quote in a path stays valid JSON"
json_is 'd["files"][0]["path"]' 'odd dir/q"uote' "--json: the path recovered exactly"

# --- --op and --hook ----------------------------------------------------
printf '%s\nDEFAULT action=ALLOW\nDEFAULT op=KMODULE action=DENY\nop=KMODULE boot_verified=TRUE action=ALLOW\n' "$HDR" > kmod.pol
run $ipectl policy test --op KMODULE kmod.pol tree/a
is "$rc" 3 "--op KMODULE: decided by the KMODULE default"
is "$out" 'DENY tree/a rule="DEFAULT op=KMODULE action=DENY" (op default) props: none
1 file, 0 allowed, 1 refused (0 uncertain), 0 skipped, 0 errors' "--op KMODULE: its rule text"
run $ipectl policy test kmod.pol tree/a
is "$rc" 0 "the same files for EXECUTE: the global default allows"
like "$out" '^ALLOW tree/a rule="DEFAULT action=ALLOW" \(global default\)' "... shown as the global default"
run $ipectl policy test --json --op KMODULE --hook KERNEL_READ kmod.pol tree/a
json_is 'd["op"], d["hook"]' 'KMODULE KERNEL_READ' "--json: the op and hook used"
run $ipectl policy test --op EXECUTE --hook MMAP deny.pol tree/a
is "$rc" 3 "EXECUTE at MMAP: allowed pair"
run $ipectl policy test --op UNKNOWN kmod.pol tree/a
is "$rc" 0 "--op UNKNOWN: the global default decides"
like "$out" '^ALLOW tree/a rule="DEFAULT action=ALLOW" \(global default\)' "... as the kernel does"

# --- invalid and signed policies -----------------------------------------
printf '%s\nDEFAULT action=DENY\nop=EXECUTE action=MAYBE\n' "$HDR" > bad.pol
run $ipectl policy test bad.pol tree
is "$rc" 1 "an invalid policy: exit 1"
like "$(printf '%s\n' "$err" | head -n 1)" '^bad.pol:3:12: error: .* \(EBADMSG\)$' \
	"an invalid policy: the check diagnostic"
is "$out" "" "an invalid policy: nothing tested"

k=$tap_tmp/keys
mkdir -p "$k"
openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj "/CN=dryrun" \
	-keyout "$k/key.pem" -out "$k/cert.pem" 2>/dev/null
run $ipectl policy sign --key "$k/key.pem" --cert "$k/cert.pem" -o deny.p7b deny.pol
is "$rc" 0 "a signed policy made"
run $ipectl policy test deny.p7b tree
is "$rc" 3 "a .p7b policy: the same exit status as its text"
$ipectl policy test deny.pol tree > text.out
is "$out" "$(cat text.out)" "a .p7b policy: the same output as its text"
run sh -c "$ipectl policy test - tree/a < deny.p7b"
is "$rc" 3 "a .p7b on standard input"
run sh -c "$ipectl policy test - tree/a < allow.pol"
is "$rc" 0 "policy text on standard input"

printf 'this is not a policy\n' > notpolicy.txt
openssl smime -sign -binary -noattr -nodetach -nosmimecap -outform der -in notpolicy.txt \
	-signer "$k/cert.pem" -inkey "$k/key.pem" -out notpolicy.p7b
run $ipectl policy test notpolicy.p7b tree
is "$rc" 1 "a .p7b whose content is not a policy: exit 1"
like "$(printf '%s\n' "$err" | head -n 1)" '^notpolicy.p7b:1:1: error: .*\(EBADMSG\)$' \
	"... with the diagnostic of its content"
openssl smime -sign -binary -noattr -nosmimecap -outform der -in deny.pol \
	-signer "$k/cert.pem" -inkey "$k/key.pem" -out detached.p7b
run $ipectl policy test detached.p7b tree
is "$rc" 1 "a detached signature: exit 1"
like "$err" '^detached.p7b: not a signed policy: the message holds no policy .*\(EKEYREJECTED\)$' \
	"... says so, with the errno the kernel and 'policy verify' give"
printf '0\202garbage' > garbage.p7b
run $ipectl policy test garbage.p7b tree
is "$rc" 1 "DER garbage: exit 1"
like "$err" '^garbage.p7b: not a signed policy: not a PKCS#7 SignedData message' "... says so"
head -c 200 deny.p7b > cut.p7b
run $ipectl policy test cut.p7b tree
is "$rc" 1 "a truncated .p7b: exit 1"

# --- properties that cannot be read ----------------------------------------
# Without the mount table boot_verified is unknown.
# (The shell's own mountinfo is covered, and it execs ipectl with its pid.)
nomounts() { unshare --map-root-user --mount sh -c 'mount --bind /dev/null /proc/$$/mountinfo && exec "$@"' sh "$@"; }
run nomounts $ipectl policy test allow.pol tree/a
is "$rc" 0 "boot_verified unread: decided as absent"
is "$out" 'ALLOW tree/a rule="op=EXECUTE boot_verified=FALSE action=ALLOW" (line 4) props: none; unknown: boot_verified; uncertain
1 file, 1 allowed, 0 refused (1 uncertain), 0 skipped, 0 errors' "boot_verified unread: unknown, and the decision uncertain"
run nomounts $ipectl policy test deny.pol tree/a
is "$out" "DENY tree/a rule=\"$D\" (op default) props: none; unknown: boot_verified
1 file, 0 allowed, 1 refused (0 uncertain), 0 skipped, 0 errors" "boot_verified unread but not read by any rule: certain"
run nomounts $ipectl policy test --json allow.pol tree/a
json_is 'd["files"][0]["unknown"], d["files"][0]["decision"]["uncertain"], d["summary"]["uncertain"]' \
	"['boot_verified'] True 1" "--json: unknown properties and uncertainty"

# On overlayfs the kernel reads the layer's inode, which user space cannot
# name: the verity properties are unknown there, never absent.
mkdir -p ovl/lower ovl/upper ovl/work ovl/merged
echo x > ovl/lower/f
overlay() { unshare --map-root-user --mount sh -c 'mount -t overlay overlay -o lowerdir=ovl/lower,upperdir=ovl/upper,workdir=ovl/work ovl/merged && exec "$@"' sh "$@"; }
run overlay $ipectl policy test deny.pol ovl/merged/f
like "$out" "^DENY ovl/merged/f .* props: none; unknown: dmverity_roothash dmverity_signature fsverity_digest fsverity_signature" \
	"a file on an overlay: its verity properties unknown"
run overlay $ipectl policy test deny.pol ovl/lower/f
like "$out" "^DENY ovl/lower/f .* props: none\$" "... the same file in its layer: read"

tap_done
