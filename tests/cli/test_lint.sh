#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# ipectl policy lint as a user sees it: the warning lines and their excerpt,
# exit codes with and without --strict, --json, --stage, the kernel
# configuration (given, plain or gzip; found in /boot or /proc; not found),
# and every usage error.  The analysis itself is tested in tests/unit.
# Usage: test_lint.sh IPECTL EXAMPLES_DIR
set -u
ipectl=$1 examples=$2
. "$(dirname "$0")/tap.sh"

lint="$ipectl policy lint"
HDR='policy_name=t policy_version=1.2.3'
pol=$tap_tmp/p.pol
H32=00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff
json() {	# PYTHON-EXPRESSION over j, the parsed stdout: prints its value
	python3 -c 'import json,sys; j = json.load(sys.stdin); print('"$1"')' < "$tap_tmp/out"
}

# Kernel configurations.
all=$tap_tmp/all.config none=$tap_tmp/none.config
printf 'CONFIG_DM_VERITY=m\nCONFIG_DM_VERITY_VERIFY_ROOTHASH_SIG=y\nCONFIG_FS_VERITY=y\nCONFIG_FS_VERITY_BUILTIN_SIGNATURES=y\n' > "$all"
printf '# CONFIG_DM_VERITY is not set\n# CONFIG_FS_VERITY is not set\nCONFIG_64BIT=y\n' > "$none"
gzip -c "$none" > "$tap_tmp/none.config.gz"
K="--kernel-config $all"

# A policy with one warning: line 4 is shadowed by line 3.
printf '%s\nDEFAULT action=DENY\nop=EXECUTE action=ALLOW\n  op=EXECUTE fsverity_signature=TRUE action=DENY\n' "$HDR" > "$pol"
# A clean one.
clean=$tap_tmp/clean.pol
printf '%s\nDEFAULT action=DENY\nop=EXECUTE fsverity_signature=TRUE action=ALLOW\n' "$HDR" > "$clean"

# --- help and usage -------------------------------------------------------------
run $lint --help
is "$rc" 0 "--help exits 0"
like "$out" '^Usage: ipectl policy lint ' "--help prints usage"
run $lint -h
is "$rc:$(printf '%s\n' "$out" | head -n 1 | cut -c1-25)" "0:Usage: ipectl policy lint" "-h is --help"
run $ipectl policy --help
like "$out" '^  lint FILE\.\.\. ' "'ipectl policy --help' lists lint"
usage() {	# DESCRIPTION MESSAGE-REGEX ARGS...
	d=$1 m=$2
	shift 2
	run $lint "$@"
	is "$rc" 2 "$d: exit 2"
	like "$err" "$m" "$d: says why"
	is "$out" "" "$d: nothing on stdout"
}
usage "no FILE" "no FILE given" $K
usage "unknown option" "invalid option" --bogus "$clean"
usage "unknown stage" "unknown stage 'boot': expected runtime or initramfs" --stage boot "$clean"
usage "--stage without a value" "invalid option" --stage
usage "--kernel-config without a value" "invalid option" --kernel-config
usage "--kernel-config twice" "--kernel-config given twice" $K $K "$clean"
usage "standard input for the configuration and a FILE" "standard input \\('-'\\) given twice" \
	--kernel-config - "$clean" - < "$all"
usage "standard input for two FILEs" "standard input \\('-'\\) given twice" $K - "$clean" - < "$clean"
usage "--kernel-config of a missing file" "missing.config: No such file or directory" \
	--kernel-config "$tap_tmp/missing.config" "$clean"
run $lint --kernel-config "$tap_tmp/missing.config" "$clean"
if printf '%s\n' "$err" | grep -q 'note:'; then r=1; else r=0; fi
tap_result $r "--kernel-config of a missing file: an error, not the note"
usage "--kernel-config of a policy" "not a kernel configuration" --kernel-config "$clean" "$clean"
head -c 20 "$tap_tmp/none.config.gz" > "$tap_tmp/cut.gz"
usage "--kernel-config of truncated gzip" "corrupt or truncated gzip data" \
	--kernel-config "$tap_tmp/cut.gz" "$clean"
# A gzip bomb: one byte over the 64 MiB bound once inflated, however small compressed.
{ printf 'CONFIG_FS_VERITY=y\n'; head -c 67108846 /dev/zero; } | gzip -1 > "$tap_tmp/bomb.gz"
usage "--kernel-config of a gzip bomb" "bomb.gz: too large once uncompressed" \
	--kernel-config "$tap_tmp/bomb.gz" "$clean"
rm -f "$tap_tmp/bomb.gz"
usage "--kernel-config of a directory" "$tap_tmp: " --kernel-config "$tap_tmp" "$clean"
run $lint $K "$clean" "$tap_tmp/missing.pol"
is "$rc" 2 "an unreadable FILE: exit 2"
like "$err" "missing.pol: No such file or directory" "... and says why"

# --- warnings and exit codes --------------------------------------------------------
run $lint $K "$clean"
is "$rc" 0 "clean policy: exit 0"
is "$out$err" "" "clean policy: prints nothing"
run $lint $K --strict "$clean"
is "$rc" 0 "clean policy with --strict: exit 0"

run $lint $K "$pol"
is "$rc" 0 "a warning without --strict: exit 0"
is "$(printf '%s\n' "$out" | sed -n 1p)" \
	"$pol:4:3: warning: unreachable: every event it matches is matched earlier by line 3 (the decision differs: line 3 decides ALLOW where this rule says DENY) [shadowed]" \
	"the warning line: FILE:LINE:COL, message, [class]"
is "$(printf '%s\n' "$out" | sed -n 2p)" "    op=EXECUTE fsverity_signature=TRUE action=DENY" "then the source line"
is "$(printf '%s\n' "$out" | sed -n 3p)" "    ^" "then a caret under the column"
is "$(printf '%s\n' "$out" | wc -l)" 3 "and nothing else on stdout"
is "$err" "" "nothing on stderr"
run $lint $K --strict "$pol"
is "$rc" 1 "a warning with --strict: exit 1"
run $lint $K --strict "$clean" "$pol" "$clean"
is "$rc" 1 "--strict: one file with a warning among clean ones: exit 1"
like "$out" "^$pol:4:3: warning" "... and its warning is printed"

printf '%s\nop=EXECUTE action=ALLOW\n' "$HDR" > "$tap_tmp/bad.pol"
run $lint $K "$clean" "$tap_tmp/bad.pol"
is "$rc" 1 "an invalid policy: exit 1"
like "$err" "^$tap_tmp/bad.pol:1:1: error: no global 'DEFAULT.*\\(EBADMSG\\)" "... with the error 'policy check' gives"
run $lint $K "$tap_tmp/bad.pol" "$tap_tmp/missing.pol"
is "$rc" 2 "invalid and unreadable: the unreadable one wins (2)"

run $lint $K - < "$pol"
like "$out" "^<stdin>:4:3: warning: .*\\[shadowed\\]\$" "'-' reads standard input, shown as <stdin>"

# --- --stage ---------------------------------------------------------------------------
boot=$tap_tmp/boot.pol
printf '%s\nDEFAULT action=DENY\nop=EXECUTE boot_verified=TRUE action=ALLOW\n' "$HDR" > "$boot"
run $lint $K "$boot"
like "$out" "^$boot:3:1: warning: boot_verified=TRUE after switch_root .*\\[boot-verified-after-switch-root\\]\$" \
	"boot_verified=TRUE warns by default (runtime)"
run $lint $K --stage runtime "$boot"
like "$out" "\\[boot-verified-after-switch-root\\]" "--stage runtime: the same"
run $lint $K --stage initramfs --strict "$boot"
is "$rc:$out" "0:" "--stage initramfs: no warning"

# --- the kernel configuration ----------------------------------------------------------
prov=$tap_tmp/prov.pol
printf '%s\nDEFAULT action=DENY\nop=EXECUTE dmverity_roothash=sha256:%s action=ALLOW\nop=EXECUTE fsverity_signature=FALSE action=ALLOW\n' \
	"$HDR" "$H32" > "$prov"
run $lint --kernel-config "$all" --strict "$prov"
is "$rc:$out:$err" "0::" "every provider: no warning, no note"
run $lint --kernel-config "$none" "$prov"
is "$(printf '%s\n' "$out" | grep -c '\[unsupported-property\]$')" 2 "no provider: both rules warned"
like "$out" "^$prov:3:1: warning: dmverity_roothash needs CONFIG_DM_VERITY=y or m" "... dm-verity named"
like "$out" "^$prov:4:1: warning: fsverity_signature needs CONFIG_FS_VERITY_BUILTIN_SIGNATURES=y, which the kernel lacks: both its TRUE and FALSE forms are always false" \
	"... and that both forms never match"
run $lint --kernel-config "$tap_tmp/none.config.gz" "$prov"
is "$(printf '%s\n' "$out" | grep -c '\[unsupported-property\]$')" 2 "a gzip configuration reads the same"

run $lint --kernel-config - "$prov" < "$tap_tmp/none.config.gz"
is "$(printf '%s\n' "$out" | grep -c '\[unsupported-property\]$')" 2 "--kernel-config - reads standard input"
run $lint --kernel-config - "$prov" < "$clean"
is "$rc" 2 "--kernel-config - of a policy: exit 2"
like "$err" "^ipectl: <stdin>: not a kernel configuration" "... named <stdin>"

# Found by itself: a private mount namespace hides /boot and /proc behind
# empty tmpfs for fixtures.  /boot/config-$(uname -r) comes first, then
# /proc/config.gz.  The process keeps its own /proc/self and /proc/PID
# (through a bind mount of the real /proc), which the sanitizers read.
mkdir "$tap_tmp/realproc"
ns() {	# SETUP-SHELL-CODE ARGS...: run ipectl policy lint ARGS in a namespace after SETUP
	setup=$1
	shift
	run unshare -r -m sh -c "mount --rbind /proc '$tap_tmp/realproc' && mount -t tmpfs none /boot &&
		mount -t tmpfs none /proc && ln -s '$tap_tmp/realproc/self' /proc/self &&
		ln -s '$tap_tmp/realproc/'\$\$ /proc/\$\$ && $setup"' && exec "$@"' sh $lint "$@"
}
ns ":" "$prov" "$clean"
is "$rc" 0 "no configuration anywhere: exit 0"
is "$err" "ipectl policy lint: note: no kernel configuration found (/boot/config-\$(uname -r), /proc/config.gz): unsupported-property not checked" \
	"... one note on stderr, once for two files"
is "$out" "" "... and no unsupported-property warning"
ns "cp '$none' /boot/config-\$(uname -r) && cp '$tap_tmp/none.config.gz' /proc/config.gz && cp '$all' /boot/config-other" "$prov"
is "$(printf '%s\n' "$out" | grep -c '\[unsupported-property\]$'):$err" "2:" "/boot/config-\$(uname -r) is read"
ns "cp '$all' /boot/config-\$(uname -r) && cp '$tap_tmp/none.config.gz' /proc/config.gz" "$prov"
is "$rc:$out:$err" "0::" "... before /proc/config.gz"
ns "cp '$tap_tmp/none.config.gz' /proc/config.gz" "$prov"
is "$(printf '%s\n' "$out" | grep -c '\[unsupported-property\]$'):$err" "2:" "/proc/config.gz is read when /boot has none"
ns "cp '$clean' /proc/config.gz" "$prov"
is "$rc" 2 "a /proc/config.gz that is no configuration: exit 2"
like "$err" "/proc/config.gz: not a kernel configuration" "... and says why"

# --- --json ----------------------------------------------------------------------------------
run $lint $K --json "$pol" "$clean" "$tap_tmp/bad.pol" "$tap_tmp/missing.pol"
is "$rc" 2 "--json: the same exit status"
json 'len(j)' > /dev/null 2>&1
tap_result $? "--json: valid JSON"
is "$(json 'len(j)')" 4 "--json: one entry per file"
is "$(json 'j[0]["file"], j[0]["valid"], len(j[0]["warnings"])')" "$pol True 1" "--json: a file with one warning"
is "$(json 'sorted(j[0]["warnings"][0].items())')" \
	"[('class', 'shadowed'), ('column', 3), ('line', 4), ('message', 'unreachable: every event it matches is matched earlier by line 3 (the decision differs: line 3 decides ALLOW where this rule says DENY)'), ('related', [3])]" \
	"--json: the warning's class, line, column, message and related lines"
is "$(json 'j[1]')" "{'file': '$clean', 'valid': True, 'warnings': []}" "--json: a clean file"
is "$(json 'j[2]["valid"], j[2]["errno"], j[2]["line"]')" "False EBADMSG 1" "--json: an invalid file, as 'policy check' reports it"
is "$(json 'j[3]')" "{'file': '$tap_tmp/missing.pol', 'valid': False, 'error': 'unreadable'}" "--json: an unreadable file"
run $lint $K --json --strict "$pol"
is "$rc" 1 "--json --strict: exit 1 on a warning"
like "$(json 'j[0]["warnings"][0]["class"]')" "^shadowed\$" "--json: no text warning mixed in"

# --- the examples ----------------------------------------------------------------------------
run $lint $K --strict "$examples/fsverity-allowlist.pol"
is "$rc:$out" "0:" "fsverity-allowlist.pol is clean"
run $lint $K --strict --stage initramfs "$examples/verified-boot.pol"
is "$rc:$out" "0:" "verified-boot.pol is clean in the initramfs"
run $lint $K "$examples/audit-only.pol"
like "$out" "^$examples/audit-only.pol:4:1: warning: .*\\[default-allow-execute\\]\$" \
	"audit-only.pol: its DEFAULT action=ALLOW is flagged"

tap_done
