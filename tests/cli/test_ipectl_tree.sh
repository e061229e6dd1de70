#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# The ipectl commands that talk to the control files (deploy, update,
# activate, delete, list, show, enforce, success-audit, status, load-dir),
# run against a FAKE tree: a directory of regular files laid out like
# /sys/kernel/security/ipe.  Checked: the bytes each command writes where,
# the outputs and their JSON, errors and exit codes, --help, and load-dir's
# order, precedence, masking and update-or-new_policy choice.
#
# Usage: test_ipectl_tree.sh IPECTL
#
# The tree_* functions take the tree's root (and a label for the test names,
# by default the root's base name) and only assume what holds for kernel IPE
# and iped alike, so a test of a real tree can reuse them: set ipectl, source
# tap.sh, then this file with IPECTL_TREE_FUNCTIONS_ONLY=1 (which defines the
# functions and returns).
set -u

# --- reusable on any tree ---------------------------------------------------

json_ok() { python3 -c 'import json,sys; json.load(sys.stdin)' < "$tap_tmp/out"; }

# tree_readers ROOT: list, show and status agree with each other and their
# JSON is valid, whatever policies the tree holds.
tree_readers() {
	r=$1 l=${2:-$(basename "$1")}
	run $ipectl list --root "$r"
	is "$rc" 0 "[$l] list: exit 0"
	n_text=$(grep -c . "$tap_tmp/out")
	run $ipectl list --root "$r" --json
	json_ok
	tap_result $? "[$l] list --json: valid JSON"
	n_json=$(python3 -c 'import json,sys; print(len(json.load(sys.stdin)))' < "$tap_tmp/out")
	is "$n_json" "$n_text" "[$l] list: as many lines as JSON entries"
	run $ipectl status --root "$r" --json
	json_ok
	tap_result $? "[$l] status --json: valid JSON"
	is "$(python3 -c 'import json,sys; print(json.load(sys.stdin)["policies"])' < "$tap_tmp/out")" \
		"$n_json" "[$l] status counts the listed policies"
	run $ipectl status --root "$r"
	like "$out" "^root: +$r\$" "[$l] status: the root"
	# Every listed name shows (names here are plain; the fake tree tests odd ones).
	for name in $($ipectl list --root "$r" | cut -d' ' -f1); do
		run $ipectl show --root "$r" --json "$name"
		json_ok
		tap_result $? "[$l] show --json $name: valid JSON"
		like "$out" '"digest": "sha256:[0-9A-F]{64}"' "[$l] show $name: an upper-case SHA-256 digest"
	done
}

# tree_bool_files ROOT: enforce and success-audit take every spelling and
# read back what was written.  Leaves both at 0.
tree_bool_files() {
	r=$1 l=${2:-$(basename "$1")}
	for cmd in enforce success-audit; do
		for pair in 1:1 0:0 on:1 off:0 true:1 false:0 yes:1 no:0; do
			run $ipectl $cmd --root "$r" "${pair%%:*}"
			is "$rc" 0 "[$l] $cmd ${pair%%:*}: exit 0"
			run $ipectl $cmd --root "$r"
			is "$out" "${pair#*:}" "[$l] $cmd ${pair%%:*}: reads back ${pair#*:}"
		done
		for bad in 2 Y ON 10 ""; do
			run $ipectl $cmd --root "$r" "$bad"
			is "$rc" 2 "[$l] $cmd '$bad': usage error"
		done
	done
}

# tree_missing_policy ROOT: a name the tree does not hold is its ENOENT.
tree_missing_policy() {
	r=$1 l=${2:-$(basename "$1")}
	for cmd in activate delete show; do
		run $ipectl $cmd --root "$r" no-such-policy
		is "$rc" 1 "[$l] $cmd of a missing policy: exit 1"
		like "$err" "^ipectl $cmd: $r/policies/no-such-policy/[a-z]+: ENOENT \\(No such file or directory\\)\$" \
			"[$l] $cmd of a missing policy: the path and ENOENT"
	done
}

[ -n "${IPECTL_TREE_FUNCTIONS_ONLY:-}" ] && return 0

ipectl=$1
. "$(dirname "$0")/tap.sh"

# --- fixtures --------------------------------------------------------------

k=$tap_tmp/keys
mkdir -p "$k"
openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj "/CN=tree" \
	-keyout "$k/key" -out "$k/cert" 2>/dev/null
sign() {	# NAME VERSION OUT
	printf 'policy_name=%s policy_version=%s\nDEFAULT action=ALLOW\n' "$1" "$2" > "$tap_tmp/s.pol"
	$ipectl policy sign --key "$k/key" --cert "$k/cert" -o "$3" "$tap_tmp/s.pol"
}
b=$tap_tmp/blobs
mkdir -p "$b"
sign foo 1.0.0 "$b/foo1.p7b"
sign foo 2.0.0 "$b/foo2.p7b"
sign foo 3.0.0 "$b/foo3.p7b"
sign bar 1.0.0 "$b/bar.p7b"
sign sub 1.0.0 "$b/sub.p7b"
sign new 1.0.0 "$b/new.p7b"
sign other-name 1.0.0 "$b/mismatch.p7b"

# fake_policy ROOT NAME VERSION ACTIVE [BLOB]: a loaded policy; without BLOB
# it is the unsigned boot policy (no pkcs7 file).
fake_policy() {
	d=$1/policies/$2
	mkdir -p "$d"
	printf '%s' "$2" > "$d/name"
	printf '%s' "$3" > "$d/version"
	printf '%s' "$4" > "$d/active"
	printf 'policy_name=%s policy_version=%s\nDEFAULT action=ALLOW\n' "$2" "$3" > "$d/policy"
	: > "$d/update"
	: > "$d/delete"
	[ $# -lt 5 ] || cp "$5" "$d/pkcs7"
}
# fake_tree ROOT: enforcing, the boot policy active, foo 1.0.0 loaded.
fake_tree() {
	rm -rf "$1"
	mkdir -p "$1/policies"
	printf 1 > "$1/enforce"
	printf 0 > "$1/success_audit"
	: > "$1/new_policy"
	fake_policy "$1" boot 0.0.1 1
	fake_policy "$1" foo 1.0.0 0 "$b/foo1.p7b"
}
T=$tap_tmp/tree
fake_tree "$T"
same() {	# FILE-A FILE-B DESCRIPTION
	cmp -s "$1" "$2"
	tap_result $? "$3" "$1 and $2 differ"
}

# --- help and usage ---------------------------------------------------------

cmds="deploy update activate delete list show enforce success-audit status load-dir"
run $ipectl --help
for cmd in $cmds; do
	like "$out" "^  $cmd " "ipectl --help lists $cmd"
done
for cmd in $cmds; do
	run $ipectl $cmd --help
	is "$rc" 0 "'ipectl $cmd --help' exits 0"
	like "$(printf '%s\n' "$out" | head -n 1)" "^Usage: ipectl $cmd " "'ipectl $cmd --help' prints its usage"
	like "$out" "--root DIR" "'ipectl $cmd --help' documents --root"
done

usage_is() {	# DESCRIPTION MESSAGE-REGEX ARGS...
	d=$1 m=$2
	shift 2
	run $ipectl "$@"
	is "$rc" 2 "usage error: $d"
	like "$err" "$m" "usage error: $d: says so"
}
usage_is "deploy without FILE" "expected FILE.p7b" deploy --root "$T"
usage_is "deploy with two FILEs" "expected FILE.p7b" deploy --root "$T" "$b/foo1.p7b" "$b/foo2.p7b"
usage_is "deploy --json" "invalid option" deploy --json --root "$T" "$b/foo1.p7b"
usage_is "update with one operand" "expected NAME FILE.p7b" update --root "$T" foo
usage_is "activate without NAME" "expected NAME" activate --root "$T"
usage_is "list with an operand" "takes no operands" list --root "$T" foo
usage_is "status --dry-run" "invalid option" status --dry-run --root "$T"
usage_is "enforce with two values" "expected at most one VALUE" enforce --root "$T" 1 0
usage_is "show --text --json" "exclude each other" show --root "$T" --text --json foo
usage_is "--root without DIR" "invalid option" list --root
for name in ../boot . .. "" a/b; do
	usage_is "activate '$name'" "is not a policy name" activate --root "$T" "$name"
done
usage_is "delete ../../enforce, outside policies/" "is not a policy name" delete --root "$T" ../../enforce
is "$(cat "$T/enforce")" 1 "... and nothing written there"

run $ipectl list --root "$tap_tmp/nonexistent"
is "$rc" 2 "a missing root: exit 2"
is "$err" "ipectl list: $tap_tmp/nonexistent: No such file or directory" "a missing root: named"
run $ipectl status --root "$T/enforce"
is "$rc" 2 "a root that is a file: exit 2"
like "$err" "Not a directory" "a root that is a file: says so"
if [ ! -e /sys/kernel/security/ipe ] && [ ! -e /run/ipe-bpf/security/ipe ]; then
	run $ipectl status
	is "$rc" 2 "no tree at either default root: exit 2"
	like "$err" "neither kernel IPE's tree \\(/sys/kernel/security/ipe\\) nor iped's \\(/run/ipe-bpf/security/ipe\\)" \
		"no tree at either default root: names both"
fi

# --- deploy, update, activate, delete ---------------------------------------

run $ipectl deploy --root "$T" "$b/new.p7b"
is "$rc" 0 "deploy: exit 0"
is "$out$err" "" "deploy: silent"
same "$T/new_policy" "$b/new.p7b" "deploy: new_policy got exactly the file's bytes"

fake_tree "$T"
run sh -c "$ipectl deploy --root '$T' - < '$b/bar.p7b'"
is "$rc" 0 "deploy -: exit 0"
same "$T/new_policy" "$b/bar.p7b" "deploy -: standard input's bytes"

fake_tree "$T"
fake_policy "$T" bar 1.0.0 0 "$b/bar.p7b"	# as the kernel would create it
run $ipectl deploy --root "$T" --activate "$b/bar.p7b"
is "$rc" 0 "deploy --activate: exit 0"
same "$T/new_policy" "$b/bar.p7b" "deploy --activate: the blob to new_policy"
is "$(cat "$T/policies/bar/active")" 1 "deploy --activate: the policy whose pkcs7 is the blob activated"
is "$(cat "$T/policies/foo/active")" 0 "deploy --activate: no other"

fake_tree "$T"
run $ipectl deploy --root "$T" -a "$b/new.p7b"
is "$rc" 1 "deploy --activate, blob not in any pkcs7: exit 1"
like "$err" "new.p7b was loaded, but no $T/policies/\\*/pkcs7 holds it: not activated" \
	"deploy --activate, blob not in any pkcs7: says so"

run $ipectl deploy --root "$T" "$tap_tmp/nonexistent.p7b"
is "$rc" 2 "deploy of an unreadable FILE: exit 2"
like "$err" "nonexistent.p7b: No such file or directory" "deploy of an unreadable FILE: says why"

run $ipectl update --root "$T" foo "$b/foo2.p7b"
is "$rc" 0 "update: exit 0"
same "$T/policies/foo/update" "$b/foo2.p7b" "update: policies/NAME/update got the file's bytes"
run $ipectl activate --root "$T" foo
is "$rc" 0 "activate: exit 0"
is "$(cat "$T/policies/foo/active")" 1 "activate: 1 written to policies/NAME/active"
run $ipectl delete --root "$T" foo
is "$rc" 0 "delete: exit 0"
is "$(cat "$T/policies/foo/delete")" 1 "delete: 1 written to policies/NAME/delete"
tree_missing_policy "$T"

# What the tree refuses: its errno, symbolic and in words, and exit 1.
fake_tree "$T"
ln -sf /dev/full "$T/new_policy"
run $ipectl deploy --root "$T" "$b/new.p7b"
is "$rc" 1 "a refused write: exit 1"
is "$err" "ipectl deploy: $T/new_policy: ENOSPC (No space left on device)" "a refused write: the errno's name"
rm -f "$T/policies/foo/active"
mkdir "$T/policies/foo/active"
run $ipectl activate --root "$T" foo
is "$err" "ipectl activate: $T/policies/foo/active: EISDIR (Is a directory)" "an open refused: the errno's name"

# --- list, show, status ---------------------------------------------------------

fake_tree "$T"
run $ipectl list --root "$T"
is "$out" "boot 0.0.1 active
foo 1.0.0" "list: NAME VERSION, sorted, the active one marked"
run $ipectl list --root "$T" --json
is "$out" '[
  {"name": "boot", "version": "0.0.1", "active": true},
  {"name": "foo", "version": "1.0.0", "active": false}
]' "list --json"
tree_readers "$T"

foo_digest=sha256:$(sha256sum < "$b/foo1.p7b" | cut -d' ' -f1 | tr a-f A-F)
run $ipectl show --root "$T" foo
is "$out" "name:      foo
version:   1.0.0
active:    no
signed:    yes
digest:    $foo_digest
size:      $(wc -c < "$b/foo1.p7b" | tr -d ' ') bytes
text size: $(wc -c < "$T/policies/foo/policy" | tr -d ' ') bytes" "show: every field; the digest is of the pkcs7 bytes"
run $ipectl show --root "$T" boot
like "$out" "^signed: +unsigned \\(boot policy\\)\$" "show of the boot policy: unsigned"
like "$out" "^digest: +sha256:E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855\$" \
	"show of the boot policy: the digest of nothing"
run $ipectl show --root "$T" --json boot
is "$out" "{\"name\": \"boot\", \"version\": \"0.0.1\", \"active\": true, \"signed\": false, \"digest\": \"sha256:E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855\", \"size\": 0, \"text_size\": $(wc -c < "$T/policies/boot/policy" | tr -d ' ')}" \
	"show --json of the boot policy"
$ipectl show --root "$T" --text foo > "$tap_tmp/text"
same "$tap_tmp/text" "$T/policies/foo/policy" "show --text: the policy file's bytes"

# The engine lines describe this machine, which never runs ipe-bpf (the VM
# bench checks that case); kernel IPE it may have.
host_lsm=$(cat /sys/kernel/security/lsm 2>/dev/null)
case ",$host_lsm," in *,bpf,*) host_bpf=true ;; *) host_bpf=false ;; esac
case ",$host_lsm," in
*,ipe,*) host_ipe=true host_engine='kernel IPE' host_name='kernel IPE' ;;
*) host_ipe=false host_name=none
   host_engine='none (no kernel IPE, nothing pinned in /sys/fs/bpf/ipe-bpf)' ;;
esac
run $ipectl status --root "$T"
is "$out" "root:          $T
enforce:       1
success_audit: 0
active:        boot 0.0.1
policies:      2
engine:        $host_engine
kernel:        $(uname -r), lsm=${host_lsm:-?}" "status"
run $ipectl status --root "$T" --json
is "$out" "{\"root\": \"$T\", \"enforce\": true, \"success_audit\": false, \"active\": {\"name\": \"boot\", \"version\": \"0.0.1\"}, \"policies\": 2, \"engine\": {\"name\": \"$host_name\", \"kernel\": \"$(uname -r)\", \"lsm\": \"$host_lsm\", \"bpf_lsm\": $host_bpf, \"kernel_ipe\": $host_ipe}}" \
	"status --json"
printf 0 > "$T/policies/boot/active"
run $ipectl status --root "$T"
like "$out" "^active: +none\$" "status with no active policy: none"
run $ipectl status --root "$T" --json
like "$out" '"active": null' "status --json with no active policy: null"

# Names are bytes: escaped in text, \u00XX in JSON, and the path is the bytes.
odd=$(printf 'x\001\\y')
fake_policy "$T" "$odd" 1.0.0 0 "$b/foo1.p7b"
run $ipectl list --root "$T"
like "$out" '^x\\x01\\x5cy 1\.0\.0$' "list: a control byte and '\\' escaped as \\xNN"
run $ipectl list --root "$T" --json
json_ok
tap_result $? "list --json with odd name bytes: valid JSON"
like "$out" '"name": "x\\u0001\\\\y"' "list --json: odd bytes escaped, one by one"
run $ipectl show --root "$T" "$odd"
is "$rc" 0 "show of an odd name: the name's bytes make the path"

printf x > "$T/enforce"
run $ipectl enforce --root "$T"
is "$rc" 1 "enforce reading neither 1 nor 0: exit 1"
is "$err" "ipectl enforce: $T/enforce: holds neither 1 nor 0" "... says so"
printf '1\n' > "$T/enforce"
run $ipectl enforce --root "$T"
is "$out" 1 "enforce: a trailing newline is tolerated"

fake_tree "$T"
tree_bool_files "$T"
run $ipectl enforce --root "$T" 1
is "$(cat "$T/enforce")" 1 "enforce 1: exactly one byte, 1"
run $ipectl success-audit --root "$T" off
is "$(od -An -c "$T/success_audit" | tr -d ' ')" 0 "success-audit off: exactly one byte, 0"

# --- load-dir ---------------------------------------------------------------

# Precedence and masking across three directories, file-name order.
D=$tap_tmp/dirs
mkdir -p "$D/1" "$D/2" "$D/3"
cp "$b/foo2.p7b" "$D/1/foo.p7b"
cp "$b/foo3.p7b" "$D/2/foo.p7b"		# overridden by 1/foo.p7b
ln -s /dev/null "$D/1/bar.p7b"		# masks 2/bar.p7b
cp "$b/bar.p7b" "$D/2/bar.p7b"
: > "$D/2/empty.p7b"			# an empty file masks too
cp "$b/foo1.p7b" "$D/3/empty.p7b"
mkdir "$D/1/sub.p7b"			# a directory hides nothing
cp "$b/sub.p7b" "$D/2/sub.p7b"
ln -s nowhere "$D/1/dangling.p7b"	# nor does a dangling symlink
cp "$b/foo1.p7b" "$D/1/.hidden.p7b"	# hidden: not a candidate
cp "$b/foo1.p7b" "$D/1/notes.txt"	# not .p7b: not a candidate
cp "$b/foo1.p7b" "$D/1/.p7b"
fake_tree "$T"
fake_policy "$T" bar 1.0.0 0 "$b/bar.p7b"
fake_policy "$T" sub 0.1.0 0
fake_policy "$T" empty 1.0.0 0
cp -r "$T" "$tap_tmp/before"
plan="$D/1/bar.p7b: a mask (a character device): nothing loaded
$D/2/bar.p7b: skipped: masked by $D/1/bar.p7b
$D/1/dangling.p7b: skipped: cannot stat: No such file or directory
$D/2/empty.p7b: a mask (an empty file): nothing loaded
$D/3/empty.p7b: skipped: masked by $D/2/empty.p7b
$D/1/foo.p7b: would write policies/foo/update, then 1 to policies/foo/active
$D/2/foo.p7b: skipped: overridden by $D/1/foo.p7b
$D/1/sub.p7b: skipped: not a regular file
$D/2/sub.p7b: would write policies/sub/update, then 1 to policies/sub/active"
run $ipectl load-dir --root "$T" --dry-run "$D/1" "$D/2" "$D/3"
is "$rc" 0 "load-dir --dry-run: exit 0"
is "$out" "$plan" "load-dir --dry-run: the plan, in file-name order, first directory wins"
is "$err" "" "load-dir --dry-run: nothing on stderr"
run diff -r "$tap_tmp/before" "$T"
is "$rc" 0 "load-dir --dry-run: writes nothing"

run $ipectl load-dir --root "$T" "$D/1" "$D/2" "$D/3"
is "$rc" 0 "load-dir: exit 0"
is "$err" "" "load-dir: nothing on stderr"
is "$out" "$(printf '%s\n' "$plan" | sed \
	-e 's|foo.p7b: would write .*|foo.p7b: updated (policies/foo/update) and activated|' \
	-e 's|sub.p7b: would write .*|sub.p7b: updated (policies/sub/update) and activated|')" \
	"load-dir: one line per file, in the plan's order"
same "$T/policies/foo/update" "$b/foo2.p7b" "load-dir: the first directory's foo.p7b, to update"
same "$T/policies/sub/update" "$b/sub.p7b" "load-dir: a directory in front does not hide sub.p7b"
is "$(cat "$T/policies/foo/active")$(cat "$T/policies/sub/active")" 11 "load-dir: both activated"
is "$(wc -c < "$T/policies/bar/update")$(cat "$T/policies/bar/active")" 00 "load-dir: masked bar untouched"
is "$(wc -c < "$T/policies/empty/update")$(cat "$T/policies/empty/active")" 00 "load-dir: masked empty untouched"
is "$(wc -c < "$T/new_policy")" 0 "load-dir: nothing to new_policy"

# A policy not loaded goes to new_policy (policies/NAME/update absent), then
# is activated; a failure is reported and the next file still tried.
E=$tap_tmp/dir-new
mkdir -p "$E"
cp "$b/new.p7b" "$E/new.p7b"
fake_tree "$T"
mkdir -p "$T/policies/new"
printf 0 > "$T/policies/new/active"	# what the kernel creates on new_policy
run $ipectl load-dir --root "$T" --dry-run "$E"
is "$out" "$E/new.p7b: would write new_policy, then 1 to policies/new/active" \
	"load-dir --dry-run: no update file means new_policy"
run $ipectl load-dir --root "$T" "$E"
is "$rc" 0 "load-dir of a new policy: exit 0"
is "$out" "$E/new.p7b: loaded (new_policy) and activated" "load-dir of a new policy: reported"
same "$T/new_policy" "$b/new.p7b" "load-dir of a new policy: its bytes to new_policy"
is "$(cat "$T/policies/new/active")" 1 "load-dir of a new policy: activated"

cp "$b/mismatch.p7b" "$E/mismatch.p7b"	# policy_name=other-name
ln -s "$b/foo2.p7b" "$E/link.p7b"
cp "$b/foo2.p7b" "$E/z-foo.p7b"
fake_tree "$T"
fake_policy "$T" z-foo 1.0.0 0 "$b/foo1.p7b"
run $ipectl load-dir --root "$T" "$E"
is "$rc" 2 "load-dir with failures: exit 2 (an unreadable file outranks a refusal)"
is "$out" "$E/z-foo.p7b: updated (policies/z-foo/update) and activated" \
	"load-dir with failures: the others done"
like "$err" "^ipectl load-dir: $E/link.p7b: a symbolic link: refused, as systemd" \
	"load-dir: a policy file that is a symlink is refused"
like "$err" "^ipectl load-dir: $E/mismatch.p7b: $T/policies/mismatch/active: ENOENT \\(No such file or directory\\)\$" \
	"load-dir: a policy_name other than the file name: ENOENT at activation"
like "$err" "the policy_name in the file must be the file's name without .p7b" "... explained"
like "$err" "^ipectl load-dir: $E/new.p7b: $T/policies/new/active: ENOENT" "... as for new.p7b here"
is "$(cat "$T/policies/z-foo/active")" 1 "load-dir: the file after the failures still loaded"
run $ipectl load-dir --root "$T" --dry-run "$E"
like "$out" "^$E/link.p7b: would fail: a symbolic link, which systemd refuses\$" \
	"load-dir --dry-run: flags a symlinked policy"
rm "$E/link.p7b"
run $ipectl load-dir --root "$T" "$E"
is "$rc" 1 "load-dir with refusals only: exit 1"

ln -sf /dev/full "$T/new_policy"
run $ipectl load-dir --root "$T" "$E"
like "$err" "new.p7b: $T/new_policy: ENOSPC \\(No space left on device\\)\$" "load-dir: the tree's errno per file"

run $ipectl load-dir --root "$T" "$tap_tmp/nonexistent" "$E"
is "$rc" 2 "load-dir: a missing POLICYDIR given: exit 2"
like "$err" "^ipectl load-dir: $tap_tmp/nonexistent: No such file or directory\$" "... named"
like "$out" "z-foo.p7b: updated" "... and the other directories still loaded"

if [ ! -e /etc/ipe ] && [ ! -e /run/ipe ] && [ ! -e /usr/local/lib/ipe ] && [ ! -e /usr/lib/ipe ]; then
	fake_tree "$T"
	run $ipectl load-dir --root "$T"
	is "$rc$out$err" 0 "load-dir: missing default directories are no directories"
fi

tap_done
