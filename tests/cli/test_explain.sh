#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# ipectl explain: 1420 records written by hand in every wrapping, against
# policies given with --policy (text and .p7b) and a fake control tree
# (-r), over files in a temporary directory.  The host gives its files no
# integrity property, so the advice checked here is the "no narrow rule"
# one; the rule advice with its digest is checked when the kernel can make
# an fs-verity file, and always in tests/unit/test_explanation.c.
#
# Usage: test_explain.sh IPECTL
set -u

ipectl=$1
. "$(dirname "$0")/tap.sh"

# --- fixtures --------------------------------------------------------------

d=$tap_tmp/files
mkdir -p "$d"
echo '#!/bin/sh' > "$d/prog"
ino=$(stat -c %i "$d/prog")
pol=$tap_tmp/p.pol
cat > "$pol" <<'EOF'
policy_name=explained policy_version=1.2.3
DEFAULT action=ALLOW
# every op but EXECUTE falls to the global default
DEFAULT op=EXECUTE action=DENY
op=EXECUTE boot_verified=TRUE action=ALLOW
op=EXECUTE fsverity_digest=sha256:abababababababababababababababababababababababababababababababab action=DENY
op=KMODULE dmverity_signature=FALSE action=DENY
EOF

json() {	# PYTHON-EXPRESSION [ARG...]: over the output's JSON as j, the ARGs from sys.argv[2]
	e=$1
	shift
	python3 -c "import json,sys; j=json.load(open(sys.argv[1])); print($e)" "$tap_tmp/out" "$@"
}

# The dev= name the kernel would audit for the files: learned from ipectl,
# checked against the mount table.
rec_at() {	# PATH DEV INO RULE [OP HOOK ENFORCING]
	printf 'ipe_op=%s ipe_hook=%s enforcing=%s pid=4242 comm="runner" path="%s" dev="%s" ino=%s rule="%s"' \
		"${5:-EXECUTE}" "${6:-BPRM_CHECK}" "${7:-1}" "$1" "$2" "$3" "$4"
}
run $ipectl explain --json --policy "$pol" \
	"type=1420 msg=audit(1.2:3): $(rec_at "$d/prog" x "$ino" 'DEFAULT op=EXECUTE action=DENY')"
dev=$(json 'j[0]["now"]["dev"]')
src=$(findmnt -n -o SOURCE -T "$d")
case $src in
/dev/*) want=$(basename "$(readlink -f "$src")") ;;
*) want=$(findmnt -n -o FSTYPE -T "$d") ;;
esac
is "$dev" "$want" "the file's dev name is its mount's device (or fs type)"
rec=$(rec_at "$d/prog" "$dev" "$ino" 'DEFAULT op=EXECUTE action=DENY')
line="type=1420 msg=audit(1.2:3): $rec"

# --- help and usage ---------------------------------------------------------

run $ipectl --help
like "$out" '^  explain ' "ipectl --help lists explain"
run $ipectl explain --help
is "$rc" 0 "explain --help: exit 0"
like "$out" '^Usage: ipectl explain ' "explain --help: usage"
usage_case() {	# DESCRIPTION ARGS...
	desc=$1
	shift
	run $ipectl explain "$@"
	is "$rc" 2 "usage: $desc: exit 2"
	like "$err" "^ipectl( explain)?: .+" "usage: $desc: says why"
}
usage_case "no record" --policy "$pol"
usage_case "two records" --policy "$pol" "$line" "$line"
usage_case "--root and --policy" -r "$tap_tmp" --policy "$pol" "$line"
usage_case "--last without --log" --policy "$pol" --last 2 "$line"
usage_case "--last 0" --policy "$pol" --log "$pol" --last 0
usage_case "--last -1" --policy "$pol" --log "$pol" --last -1
usage_case "--last x" --policy "$pol" --log "$pol" --last x
usage_case "--last 2x" --policy "$pol" --log "$pol" --last 2x
usage_case "--last too large" --policy "$pol" --log "$pol" --last 99999999999999999999
usage_case "a record and --log" --policy "$pol" --log "$pol" "$line"
usage_case "an unknown option" --policy "$pol" --frobnicate "$line"
usage_case "a missing log" --policy "$pol" --log "$tap_tmp/no-such-log"
usage_case "a missing policy file" --policy "$tap_tmp/no-such.pol" "$line"
usage_case "a missing control tree" -r "$tap_tmp/no-such-tree" "$line"
run $ipectl explain --policy "$pol" --log "$tap_tmp/no-such-log"
like "$err" "no-such-log: No such file or directory" "a missing log: its name and errno"

# --- each wrapping -----------------------------------------------------------

check_base() {	# LABEL
	is "$rc" 0 "[$1] exit 0"
	like "$out" "^record:   the argument\$" "[$1] the argument"
	like "$out" "^event:    EXECUTE at hook BPRM_CHECK by pid 4242 \"runner\"\$" "[$1] the event"
	like "$out" "^file:     $d/prog \\(dev $dev, inode $ino\\)\$" "[$1] the audited file"
	like "$out" '^decision: DENY, enforcing: refused$' "[$1] refused"
	like "$out" '^rule:     DEFAULT op=EXECUTE action=DENY$' "[$1] the rule"
	like "$out" "^policy:   \"explained\" 1.2.3 \\($pol\\): line 4, the op's DEFAULT\$" \
		"[$1] found on line 4 of the policy"
	like "$out" "^now:      $d/prog: dev $dev, inode $ino, the audited file\$" "[$1] the same file now"
	like "$out" '^props:    none ' "[$1] no properties"
	like "$out" "^today:    DENY by the op's DEFAULT \\(line 4\\): DEFAULT op=EXECUTE action=DENY \\(the same decision\\)\$" \
		"[$1] the same decision today"
	like "$out" '^advice:   no narrow rule can allow this file: it has no integrity property' \
		"[$1] advice: no narrow rule"
	like "$out" 'enable fs-verity on it .* or ship it on a dm-verity volume' \
		"[$1] advice: what would give it one"
}
wrapped() {	# LABEL LINE
	run $ipectl explain --policy "$pol" "$2"
	check_base "$1"
}
esc=$(printf '%s' "$rec" | sed 's/"/\\"/g')
wrapped audit.log "type=1420 msg=audit(1795501975.862:812): $rec"
wrapped "audit.log, node" "node=web1 type=UNKNOWN[1420] msg=audit(1795501975.862:812): $rec"
wrapped dmesg "[   12.345678] audit: type=1420 audit(1795501975.862:812): $rec"
wrapped journald "May 19 12:00:01 host audit[4242]: IPE_ACCESS $rec"
wrapped "iped syslog" "May 19 12:00:01 host iped[77]: audit type=1420 $rec"
wrapped USER_AVC "type=USER_AVC msg=audit(1795501975.862:812): pid=77 uid=0 auid=4294967295 ses=4294967295 subj=unconfined msg='$rec'"
wrapped "iped JSON" "{\"time\": 1795501975.862, \"type\": 1420, \"text\": \"$esc\"}"
run $ipectl explain "$line" --policy "$pol"
check_base "options after the record"
wrapped "a trailing newline" "type=1420 msg=audit(1.2:3): $rec
"

# --- the decisions --------------------------------------------------------------

run $ipectl explain --policy "$pol" "type=1420 msg=audit(1.2:3): $(rec_at "$d/prog" "$dev" "$ino" 'DEFAULT op=EXECUTE action=DENY' EXECUTE MMAP 0)"
is "$rc" 0 "permissive: exit 0"
like "$out" '^decision: DENY, permissive: allowed all the same' "permissive: allowed all the same"

run $ipectl explain --policy "$pol" "type=1420 msg=audit(1.2:3): $(rec_at "$d/prog" "$dev" "$ino" 'DEFAULT action=ALLOW' FIRMWARE KERNEL_READ)"
is "$rc" 0 "ALLOW: exit 0"
like "$out" '^decision: ALLOW, enforcing: allowed$' "ALLOW: allowed"
like "$out" "^policy:   .*: line 2, the global DEFAULT\$" "ALLOW: the global DEFAULT, line 2"
like "$out" '^advice:   nothing needs to change: the policy allowed it$' "ALLOW: nothing to change"

anon='ipe_op=EXECUTE ipe_hook=MMAP enforcing=1 pid=2472 comm="mmap_test" path=? dev=? ino=? rule="DEFAULT op=EXECUTE action=DENY"'
run $ipectl explain --policy "$pol" "type=1420 msg=audit(1.2:3): $anon"
is "$rc" 0 "anonymous: exit 0"
like "$out" '^file:     none: anonymous memory$' "anonymous: no file"
if printf '%s\n' "$out" | grep -q '^now:'; then r=1; else r=0; fi
tap_result $r "anonymous: no file to look at now"
like "$out" "^today:    DENY by the op's DEFAULT" "anonymous: evaluated without a file"
like "$out" '^advice:   there is no file to name: only rules with the =FALSE forms .* also allow every unverified file; the process made anonymous memory executable' \
	"anonymous: only the =FALSE forms, and they allow too much"

unreadable=$(rec_at "$d/prog" "$dev" "$ino" 'ipe-bpf: property unreadable, denied' EXECUTE BPRM_CHECK)
run $ipectl explain --policy "$pol" "iped[1]: audit type=1420 $unreadable"
is "$rc" 0 "iped's unreadable-property record: exit 0"
like "$out" '^policy:   .*: no statement decided, the engine could not read a property$' \
	"unreadable property: no statement decided"
like "$out" "^advice:   no statement decided: ipe-bpf could not read a property the op's rules need and denied, failing closed" \
	"unreadable property: the engine failed closed, and why it may"
run $ipectl explain --json --policy "$pol" "iped[1]: audit type=1420 $unreadable"
is "$(json 'j[0]["in_policy"], j[0]["advice"]["kind"]')" "False engine_could_not_read" \
	"--json: the unreadable-property advice"

load='ipe_op=KMODULE ipe_hook=KERNEL_LOAD enforcing=1 pid=9 comm="insmod" path=? dev=? ino=? rule="op=KMODULE dmverity_signature=FALSE action=DENY"'
run $ipectl explain --policy "$pol" "type=1420 msg=audit(1.2:3): $load"
is "$rc" 0 "kernel_load_data: exit 0"
like "$out" '^file:     none: data loaded without a file$' "kernel_load_data: no file"
like "$out" "^policy:   .*: line 7, a rule\$" "kernel_load_data: the KMODULE rule, line 7"
like "$out" 'loading from a file instead \(finit_module' "kernel_load_data: load from a file instead"

unknown="ipe_op=UNKNOWN ipe_hook=KERNEL_READ enforcing=1 pid=9 comm=\"x\" path=\"$d/prog\" dev=\"$dev\" ino=$ino rule=\"DEFAULT action=DENY\""
run $ipectl explain --policy "$pol" "type=1420 msg=audit(1.2:3): $unknown"
is "$rc" 0 "UNKNOWN op: exit 0"
like "$out" "holds no such statement: the record was made under another policy" \
	"UNKNOWN op: a DENY global DEFAULT is another policy's"
like "$out" '^today:    ALLOW by the global DEFAULT \(line 2\)' "UNKNOWN op: the global DEFAULT today"
like "$out" '^advice:   nothing needs to change: the policy allows it today$' "UNKNOWN op: allowed today"
printf 'policy_name=strict policy_version=2.0.0\nDEFAULT action=DENY\n' > "$tap_tmp/strict.pol"
run $ipectl explain --policy "$tap_tmp/strict.pol" "type=1420 msg=audit(1.2:3): $unknown"
like "$out" '^policy:   "strict" 2.0.0 .*: line 2, the global DEFAULT$' "UNKNOWN op: the global DEFAULT's line"
like "$out" '^advice:   no rule can name this operation' "UNKNOWN op: no rule can name it"
for op in EXECUTE FIRMWARE KMODULE KEXEC_IMAGE KEXEC_INITRAMFS POLICY X509_CERT; do
	echo "DEFAULT op=$op action=DENY"
done | { echo 'policy_name=bare policy_version=0.0.1'; cat; } > "$tap_tmp/bare.pol"
run $ipectl explain --policy "$tap_tmp/bare.pol" "type=1420 msg=audit(1.2:3): $(printf '%s' "$unknown" | sed 's/action=DENY/action=ALLOW/')"
like "$out" '^policy:   "bare" 0.0.1 .*: no global DEFAULT, so the kernel allows$' \
	"UNKNOWN op, no global DEFAULT: the kernel allows"
like "$out" '^today:    ALLOW by the global DEFAULT \(none written: the kernel allows\): DEFAULT action=ALLOW \(the same decision\)$' \
	"UNKNOWN op, no global DEFAULT: today too"

other=$(rec_at "$d/prog" "$dev" "$ino" 'op=EXECUTE dmverity_signature=TRUE action=DENY')
run $ipectl explain --policy "$pol" "type=1420 msg=audit(1.2:3): $other"
is "$rc" 0 "another policy's rule: exit 0"
like "$out" '^policy:   "explained" 1.2.3 .* holds no such statement: the record was made under another policy \(another name or version\)$' \
	"another policy's rule: said so"
like "$out" "^today:    DENY by the op's DEFAULT \\(line 4\\): .* \\(the same action, by another statement\\)\$" \
	"another policy's rule: today's decision differs"

# --- the file now ----------------------------------------------------------------

run $ipectl explain --policy "$pol" "type=1420 msg=audit(1.2:3): $(rec_at "$d/prog" "$dev" $((ino + 1)) 'DEFAULT op=EXECUTE action=DENY')"
is "$rc" 0 "replaced: exit 0"
like "$out" "^now:      $d/prog: dev $dev, inode $ino: NOT the audited file, it was replaced since \\(audited: inode $((ino + 1))\\)\$" \
	"replaced: another inode"
run $ipectl explain --json --policy "$pol" "type=1420 msg=audit(1.2:3): $(rec_at "$d/prog" "${dev}x" $((ino + 1)) 'DEFAULT op=EXECUTE action=DENY')"
is "$(json 'j[0]["now"]["replaced"], j[0]["now"]["dev_changed"], j[0]["now"]["ino_changed"]')" \
	"True True True" "replaced (JSON): dev and inode changed"

gone_hex=$(printf '%s' "$d/gone (deleted)" | od -An -tx1 -v | tr -d ' \n' | tr a-f A-F)
gone="ipe_op=EXECUTE ipe_hook=BPRM_CHECK enforcing=1 pid=1 comm=\"sh\" path=$gone_hex dev=\"$dev\" ino=99 rule=\"DEFAULT op=EXECUTE action=DENY\""
run $ipectl explain --policy "$pol" "type=1420 msg=audit(1.2:3): $gone"
is "$rc" 0 "deleted: exit 0"
like "$out" "^file:     $d/gone \\(deleted\\) \\(dev $dev, inode 99\\)\$" "deleted: the audited path"
like "$out" "^now:      $d/gone \\(deleted when audited\\): cannot be read now: ENOENT \\(No such file or directory\\)\$" \
	"deleted: gone now"
like "$out" '^today:    not evaluated: the file cannot be read$' "deleted: no decision today"
like "$out" '^advice:   cannot say: the file is not there' "deleted: nothing to advise"
prog_hex=$(printf '%s' "$d/prog (deleted)" | od -An -tx1 -v | tr -d ' \n' | tr a-f A-F)
run $ipectl explain --json --policy "$pol" "type=1420 msg=audit(1.2:3): ipe_op=EXECUTE ipe_hook=BPRM_CHECK enforcing=1 pid=1 comm=\"sh\" path=$prog_hex dev=\"$dev\" ino=99 rule=\"DEFAULT op=EXECUTE action=DENY\""
is "$(json 'j[0]["path"], j[0]["now"]["path"], j[0]["now"]["deleted"], j[0]["now"]["replaced"]')" \
	"$d/prog (deleted) $d/prog True True" "deleted, then a new file at the path: replaced"

# --- --json ------------------------------------------------------------------------

run $ipectl explain --json --policy "$pol" "$line"
is "$rc" 0 "--json: exit 0"
json 'len(j)' > /dev/null 2>&1
tap_result $? "--json: valid JSON"
is "$(json 'len(j), j[0]["log"], j[0]["line"], j[0]["error"]')" "1 None None None" "--json: one record, from the argument"
is "$(json 'j[0]["op"], j[0]["hook"], j[0]["enforcing"], j[0]["pid"], j[0]["comm"]')" \
	"EXECUTE BPRM_CHECK True 4242 runner" "--json: the event"
is "$(json 'j[0]["path"] == sys.argv[2], j[0]["dev"], j[0]["ino"]' "$d/prog")" \
	"True $dev $ino" "--json: the audited file"
is "$(json 'j[0]["rule"], j[0]["action"], j[0]["refused"]')" \
	"DEFAULT op=EXECUTE action=DENY DENY True" "--json: the decision"
is "$(json 'j[0]["policy"]["name"], j[0]["policy"]["version"], j[0]["policy"]["where"] == sys.argv[2]' "$pol")" \
	"explained 1.2.3 True" "--json: the policy"
is "$(json 'j[0]["in_policy"], j[0]["match"], j[0]["rule_line"]')" "True op_default 4" "--json: the statement"
is "$(json 'j[0]["now"]["exists"], j[0]["now"]["error"], j[0]["now"]["ino"], j[0]["now"]["replaced"], j[0]["now"]["properties"]')" \
	"True None $ino False {'boot_verified': False, 'dmverity_roothash': None, 'dmverity_signature': False, 'fsverity_digest': None, 'fsverity_signature': False}" \
	"--json: the file now"
is "$(json 'j[0]["today"]')" \
	"{'action': 'DENY', 'match': 'op_default', 'rule': 'DEFAULT op=EXECUTE action=DENY', 'line': 4, 'same': True, 'uncertain': False}" \
	"--json: today"
is "$(json 'j[0]["advice"]["kind"], j[0]["advice"]["rule"], j[0]["advice"]["before_line"]')" \
	"no_integrity None None" "--json: the advice"
like "$(json 'j[0]["advice"]["text"]')" '^no narrow rule can allow this file' "--json: the advice in words"
run $ipectl explain --json --policy "$pol" "type=1420 msg=audit(1.2:3): $anon"
is "$(json 'j[0]["path"], j[0]["dev"], j[0]["ino"], j[0]["now"], j[0]["advice"]["kind"]')" \
	"None None None None no_file" "--json: an anonymous record"
odd=$(printf 'ipe_op=EXECUTE ipe_hook=BPRM_CHECK enforcing=1 pid=1 comm=%s path=%s dev="%s" ino=1 rule="DEFAULT op=EXECUTE action=DENY"' \
	"$(printf 'a\\b"\001' | od -An -tx1 -v | tr -d ' \n' | tr a-f A-F)" \
	"$(printf '/x y\377' | od -An -tx1 -v | tr -d ' \n' | tr a-f A-F)" "$dev")
run $ipectl explain --json --policy "$pol" "type=1420 msg=audit(1.2:3): $odd"
is "$(json 'ascii(j[0]["comm"]), ascii(j[0]["path"])')" "'a\\\\b\"\\x01' '/x y\\xff'" \
	"--json: odd bytes in comm and path, each recovered"
run $ipectl explain --policy "$pol" "type=1420 msg=audit(1.2:3): $odd"
like "$out" '^event:    .* "a\\x5cb"\\x01"$' "text: odd bytes escaped"
like "$out" '^file:     /x y\\xff ' "text: a path's odd bytes escaped"

# --- logs ----------------------------------------------------------------------------

log=$tap_tmp/audit.log
{
	echo "type=SYSCALL msg=audit(1.2:1): arch=c000003e syscall=59 success=no exit=-13"
	echo "type=1420 msg=audit(1.2:1): $(rec_at "$d/prog" "$dev" "$ino" 'DEFAULT op=EXECUTE action=DENY' EXECUTE BPRM_CHECK)"
	echo "type=PROCTITLE msg=audit(1.2:1): proctitle=2F62696E2F7368"
	echo "type=1420 msg=audit(1.2:2): $anon"
	echo "type=1421 msg=audit(1.2:3): old_active_pol_name=? old_active_pol_version=? old_policy_digest=?"
	printf 'type=1420 msg=audit(1.2:4): %s\r\n' "$load"
	echo "type=EOE msg=audit(1.2:4): "
} > "$log"
run $ipectl explain --policy "$pol" --log "$log"
is "$rc" 0 "--log: exit 0"
is "$(printf '%s\n' "$out" | grep -c '^record:')" 1 "--log: the last record by default"
like "$out" "^record:   line 6 of $log\$" "--log: the last record is line 6 (CR LF line end)"
run $ipectl explain --policy "$pol" --log "$log" --last 2
is "$(printf '%s\n' "$out" | grep '^record:' | tr '\n' '|')" \
	"record:   line 4 of $log|record:   line 6 of $log|" "--last 2: the last two, oldest first"
run $ipectl explain --json --policy "$pol" --log "$log" --last 10
is "$(json '[(o["line"], o["op"], o["hook"]) for o in j]')" \
	"[(2, 'EXECUTE', 'BPRM_CHECK'), (4, 'EXECUTE', 'MMAP'), (6, 'KMODULE', 'KERNEL_LOAD')]" \
	"--last 10: all three, in order"
is "$(json 'j[0]["log"] == sys.argv[2]' "$log")" "True" "--json: the log's name"
run $ipectl explain --policy "$pol" --log "$log" --last 2000000000
is "$(printf '%s\n' "$out" | grep -c '^record:')" 3 "--last larger than the log: every record"
run $ipectl explain --policy "$pol" --log - --last 2 < "$log"
like "$out" '^record:   line 4 of <stdin>$' "--log -: standard input"
printf 'hello\ntype=SYSCALL msg=audit(1.2:1): arch=c000003e\n' > "$tap_tmp/none.log"
run $ipectl explain --policy "$pol" --log "$tap_tmp/none.log"
is "$rc" 1 "a log without 1420 records: exit 1"
like "$err" "none.log: no 1420 record\$" "a log without 1420 records: said so"
: > "$tap_tmp/empty.log"
run $ipectl explain --policy "$pol" --log "$tap_tmp/empty.log"
is "$rc" 1 "an empty log: exit 1"

# Without the mount table boot_verified cannot be read, and line 5 reads it:
# today's decision is uncertain, as policy test would say.
nomounts() { unshare --map-root-user --mount sh -c 'mount --bind /dev/null /proc/$$/mountinfo && exec "$@"' sh "$@"; }
run nomounts $ipectl explain --policy "$pol" "$line"
like "$out" "^today:    DENY by the op's DEFAULT .*; uncertain: it depends on a property that could not be read\$" \
	"boot_verified unread: today's decision uncertain"
run nomounts $ipectl explain --json --policy "$pol" "$line"
is "$(json 'j[0]["today"]["uncertain"]')" True "--json: today's decision uncertain"

# --- damaged records -------------------------------------------------------------------

run $ipectl explain --policy "$pol" "type=1420 msg=audit(1.2:3): ipe_op=EXECUTE ipe_hook=MMAP enforcing=1"
is "$rc" 1 "a damaged record: exit 1"
like "$out" '^damaged:  not a 1420 record as the kernel writes one$' "a damaged record: said so"
run $ipectl explain --policy "$tap_tmp/no-such.pol" "type=1420 msg=audit(1.2:3): ipe_op=EXECUTE"
is "$rc" 1 "a damaged record needs no policy"
run $ipectl explain --policy "$pol" "hello world"
is "$rc" 1 "no record in the argument: exit 1"
like "$err" 'the argument holds no 1420 record' "no record in the argument: said so"
printf 'type=1420 msg=audit(1.2:3): ipe_op=EXECUTE ipe_hook=MMAP enforcing=7\n' >> "$log"
run $ipectl explain --json --policy "$pol" --log "$log" --last 2
is "$rc" 1 "a damaged record in the log: exit 1"
is "$(json '[(o["line"], o["error"]) for o in j]')" "[(6, None), (8, 'damaged')]" \
	"a damaged record in the log: reported in its place"

# --- the policy ---------------------------------------------------------------------------

k=$tap_tmp/keys
mkdir -p "$k"
openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj "/CN=explain" \
	-keyout "$k/key" -out "$k/cert" 2>/dev/null
$ipectl policy sign --key "$k/key" --cert "$k/cert" -o "$tap_tmp/p.p7b" "$pol"
run $ipectl explain --policy "$tap_tmp/p.p7b" "$line"
is "$rc" 0 "a .p7b: exit 0"
like "$out" "^policy:   \"explained\" 1.2.3 \\($tap_tmp/p.p7b\\): line 4, the op's DEFAULT\$" \
	"a .p7b: its content, with its lines"
printf 'policy_name=bad policy_version=1.0.0\nop=EXECUTE action=MAYBE\n' > "$tap_tmp/bad.pol"
run $ipectl explain --policy "$tap_tmp/bad.pol" "$line"
is "$rc" 1 "an invalid policy: exit 1"
like "$err" "bad.pol:2:[0-9]+: error: " "an invalid policy: its diagnostic"

# fake_policy ROOT NAME VERSION ACTIVE TEXT-FILE
fake_policy() {
	mkdir -p "$1/policies/$2"
	printf '%s' "$2" > "$1/policies/$2/name"
	printf '%s' "$3" > "$1/policies/$2/version"
	printf '%s' "$4" > "$1/policies/$2/active"
	cp "$5" "$1/policies/$2/policy"
}
t=$tap_tmp/tree
fake_policy "$t" strict 2.0.0 0 "$tap_tmp/strict.pol"
fake_policy "$t" explained 1.2.3 1 "$pol"
run $ipectl explain -r "$t" "$line"
is "$rc" 0 "-r: exit 0"
like "$out" "^policy:   \"explained\" 1.2.3 \\($t/policies/explained/policy\\): line 4, the op's DEFAULT\$" \
	"-r: the active policy of the tree"
run $ipectl explain --root "$t" --json "$line"
is "$(json 'j[0]["policy"]["where"] == sys.argv[2]' "$t/policies/explained/policy")" "True" \
	"--root --json: where the policy was read"
printf 0 > "$t/policies/explained/active"
run $ipectl explain -r "$t" "$line"
is "$rc" 2 "-r, no active policy: exit 2"
like "$err" "^ipectl explain: $t: no policy is active" "-r, no active policy: said so"
printf 1 > "$t/policies/explained/active"
rm "$t/policies/explained/policy"
run $ipectl explain -r "$t" "$line"
is "$rc" 2 "-r, the policy text unreadable: exit 2"
like "$err" "$t/policies/explained/policy: No such file or directory" "-r, the policy text unreadable: its path"

# --- an fs-verity file, where the kernel has fs-verity ---------------------------------------

v=$tap_tmp/verity
verity_cleanup() {
	mountpoint -q "$v/mnt" 2>/dev/null && umount "$v/mnt"
	rm -rf "$tap_tmp"
}
trap verity_cleanup EXIT
mkdir -p "$v/mnt"
if [ "$(id -u)" = 0 ] && truncate -s 32M "$v/img" && mkfs.ext4 -q -O verity "$v/img" 2>/dev/null &&
	mount -o loop "$v/img" "$v/mnt" 2>/dev/null && echo '#!/bin/sh' > "$v/mnt/prog" &&
	fsverity enable "$v/mnt/prog" 2>/dev/null; then
	digest=$(fsverity measure "$v/mnt/prog" | cut -d' ' -f1)
	vdev=$(basename "$(readlink -f "$(findmnt -n -o SOURCE -T "$v/mnt")")")
	run $ipectl explain --json --policy "$pol" "type=1420 msg=audit(1.2:3): $(rec_at "$v/mnt/prog" "$vdev" "$(stat -c %i "$v/mnt/prog")" 'DEFAULT op=EXECUTE action=DENY')"
	is "$(json 'j[0]["now"]["properties"]["fsverity_digest"], j[0]["advice"]["kind"], j[0]["advice"]["rule"]')" \
		"$digest add_rule op=EXECUTE fsverity_digest=$digest action=ALLOW" \
		"an fs-verity file: the rule names its digest"
else
	echo "# no fs-verity file on this host (not root, or no verity support in the kernel)"
fi

tap_done
