# SPDX-License-Identifier: GPL-2.0-only
#
# The scenario language of the VM bench, sourced by the guest's init before
# a scenario.  A scenario is a shell fragment that uses these words:
#
#   policy NAME [KEY] <<EOF ... EOF   write the policy text, sign it with KEY
#                                     (trusted, the default, or untrusted)
#                                     into NAME.p7b in the working directory
#   expect RESULT ACTION [ARG...]     run ACTION; its outcome must be RESULT:
#                                     "ok" or an errno name (EACCES, EBADMSG..),
#                                     or one of several: "EINVAL|EBADMSG"
#   expect_audit TYPE PATTERN         a new audit record of TYPE (1420, 1421,
#                                     1422, 1404) whose text matches the shell
#                                     glob PATTERN appeared since the last expect
#   expect_no_audit TYPE              none did
#   expect_audit_count TYPE N PATTERN exactly N new records of TYPE match
#                                     PATTERN (waits the full two seconds)
#   check DESCRIPTION COMMAND...      COMMAND must succeed (plain assertion)
#   differs ENGINES WHY               true on the engines matching the glob
#                                     ENGINES, recording WHY in the TAP stream:
#                                     a deliberate difference from kernel IPE,
#                                     written where it applies:
#                                       if differs 'ipe-bpf*' "reason"; then
#                                               expect ...   (what ipe-bpf does)
#                                       else
#                                               expect ...   (what the kernel does)
#                                       fi
#
# After expect, $BENCH_GOT holds the outcome the action printed.
#
# Actions (each prints its outcome as one word):
#   run PATH [ARG...]   execve            memfd_run PATH  fexecve of a memfd copy
#   run_status [NAME=VALUE...] PATH [ARG...]
#                       execve with NAME=VALUE in the program's environment;
#                       once it started, the outcome is how it ended: "exit:N"
#                       or "signal:N" (what the dynamic loader made of it)
#   mmap PATH           mmap PROT_EXEC    mprotect PATH   mprotect +PROT_EXEC
#   mmap_shared PATH    the same, MAP_SHARED mprotect_shared PATH   likewise
#   mprotect_twice PATH mprotect +PROT_EXEC, then again on the now executable
#                       mapping
#   anon_mmap           anonymous +X      anon_mprotect   anonymous made +X
#   finit_module PATH   load a kernel module from its file
#   init_module PATH    load it from memory (the kernel sees no file)
#   delete_module NAME  unload it
#   deploy NAME         NAME.p7b -> new_policy
#   update NAME FILE    signed FILE -> policies/NAME/update
#   activate NAME       "1" -> policies/NAME/active
#   delete NAME         "1" -> policies/NAME/delete
#   write FILE STRING   STRING -> FILE (one write), for any control file
#
# Load: bench_loops_start N starts N background loops, each exec'ing the
# trusted, the fs-verity and the untrusted binary (which the policy must
# allow, allow and refuse) until bench_loops_stop, which waits for them and
# sets BENCH_ROUNDS (rounds of three execs done) and BENCH_WRONG (outcomes
# other than expected, each also written to the TAP stream).
#
# $IPE is the engine's control tree (kernel IPE: /sys/kernel/security/ipe;
# ipe-bpf: iped's tree).  Kernel IPE's audit records come from the kernel
# log, iped's from its JSON audit log.
# Every outcome and every audit record seen is written to the TAP stream as
# a comment, so a run records what the engine did, not only pass or fail.

BENCH_N=0
BENCH_FAILED=0

tap() { echo "$*" >&3; }

bench_result() {	# bench_result PASSED DESCRIPTION
	BENCH_N=$((BENCH_N + 1))
	if [ "$1" = 1 ]; then
		tap "ok $BENCH_N - $2"
	else
		tap "not ok $BENCH_N - $2"
		BENCH_FAILED=$((BENCH_FAILED + 1))
	fi
}

bench_engine_setup() {
	case "$BENCH_ENGINE" in
	kernel-ipe)
		IPE=/sys/kernel/security/ipe
		grep -q '\bipe\b' /sys/kernel/security/lsm && [ -d "$IPE" ]
		;;
	ipe-bpf*)
		IPE=/run/ipe-bpf/security/ipe
		: > /run/bench/audit.jsonl
		echo 0 > /run/bench/audit.seen
		bench_iped_start || return 1
		;;
	plain-*)
		IPE=
		;;
	*)
		echo "bench: unknown engine '$BENCH_ENGINE'" >&2
		return 1
		;;
	esac
	# Audit records go to the kernel log (no auditd); start from a clean one.
	dmesg -c >/dev/null
	: > /run/bench/dmesg
}

# bench_iped_start [IPED_OPTION...]: start iped and wait until it serves the
# tree; BENCH_IPED is its pid, BENCH_IPED_MS how long it took.  Also what a
# scenario calls to start it again (restart.scn): the log of an earlier iped
# goes to the TAP stream first, so that the new one's log is what
# /run/bench/iped.log holds.  The audit log is appended to, never truncated
# here: records already seen stay seen.
bench_iped_start() {
	local i=0
	mkdir -p /run/iped/trust /run/iped/state /sys/fs/bpf
	cp /bench/keys/trusted.pem /run/iped/trust/
	if [ -s /run/bench/iped.log ]; then
		sed 's/^/# iped (earlier): /' /run/bench/iped.log >&3
	fi
	: > /run/bench/iped.log
	# In the foreground, so that its log lands in the TAP stream.
	iped -f --backend bpf --trust-dir /run/iped/trust --state-dir /run/iped/state \
		--audit-log /run/bench/audit.jsonl "$@" > /run/bench/iped.log 2>&1 &
	BENCH_IPED=$!
	until grep -q '^ready' /run/bench/iped.log; do
		i=$((i + 1))
		if [ $i -gt 1500 ] || ! kill -0 $BENCH_IPED 2>/dev/null; then
			sed 's/^/# iped: /' /run/bench/iped.log >&3
			return 1
		fi
		sleep 0.1
	done
	BENCH_IPED_MS=${i}00
	tap "# iped ready after $BENCH_IPED_MS ms"
}

bench_finish() {
	[ -f /run/bench/iped.log ] && sed 's/^/# iped: /' /run/bench/iped.log >&3
	tap "1..$BENCH_N"
	tap "# $BENCH_SCENARIO on $BENCH_ENGINE: $((BENCH_N - BENCH_FAILED)) passed, $BENCH_FAILED failed"
	tap "# bench-done"
}

policy() {
	local name=$1 key=${2:-trusted}
	cat > "$name.pol"
	openssl smime -sign -in "$name.pol" -signer "/bench/keys/$key.pem" \
		-inkey "/bench/keys/$key.key" -binary -noattr -nodetach -nosmimecap \
		-outform der -out "$name.p7b" ||
		bench_result 0 "sign policy $name with $key"
}

run() { vmprobe exec "$@"; }
run_status() { vmprobe exec-status "$@"; }
memfd_run() { vmprobe memfd-exec "$@"; }
mmap() { vmprobe mmap "$1"; }
mmap_shared() { vmprobe mmap-shared "$1"; }
mprotect() { vmprobe mprotect "$1"; }
mprotect_shared() { vmprobe mprotect-shared "$1"; }
mprotect_twice() { vmprobe mprotect-twice "$1"; }
anon_mmap() { vmprobe anon-mmap; }
anon_mprotect() { vmprobe anon-mprotect; }
finit_module() { vmprobe finit-module "$1"; }
init_module() { vmprobe init-module "$1"; }
delete_module() { vmprobe delete-module "$1"; }
deploy() { vmprobe write "$IPE/new_policy" "$1.p7b"; }
update() { vmprobe write "$IPE/policies/$1/update" "$2"; }
activate() { vmprobe write-str "$IPE/policies/$1/active" 1; }
delete() { vmprobe write-str "$IPE/policies/$1/delete" 1; }
write() { vmprobe write-str "$1" "$2"; }

# Move the kernel log gathered so far into /run/bench/dmesg and return the
# audit records in it, "TYPE TEXT" per line.
bench_new_audit() {
	local seen total
	dmesg -c > /run/bench/dmesg.new
	cat /run/bench/dmesg.new >> /run/bench/dmesg
	case "$BENCH_ENGINE" in
	ipe-bpf*)
		# iped's JSON lines: {"time": T, "type": N, "text": "..."}
		seen=$(cat /run/bench/audit.seen)
		total=$(wc -l < /run/bench/audit.jsonl)
		echo "$total" > /run/bench/audit.seen
		tail -n +$((seen + 1)) /run/bench/audit.jsonl | head -n $((total - seen)) |
			sed -n 's/^{"time": [0-9.]*, "type": \([0-9]*\), "text": "\(.*\)"}$/\1 \2/p' |
			sed 's/\\"/"/g; s/\\\\/\\/g'
		;;
	*)
		sed -n 's/^.*audit: type=\([0-9]*\) audit([^)]*): \(.*\)$/\1 \2/p' /run/bench/dmesg.new
		;;
	esac
}

# Wait for audit records: the kernel hands them to its log from a kernel
# thread.  Gathers new records into /run/bench/audit.pending for up to two
# seconds, or until one of TYPE matches PATTERN when a pattern is given and
# FULL is not; BENCH_FOUND says whether one of TYPE (matching PATTERN) came,
# BENCH_COUNT how many.
bench_gather() {
	local type=$1 pattern=${2:-} full=${3:-} i=0 t text
	BENCH_FOUND=0
	BENCH_COUNT=0
	while [ $i -lt 20 ]; do
		bench_new_audit >> /run/bench/audit.pending
		if [ -n "$pattern" ] && [ -z "$full" ]; then
			while read -r t text; do
				[ "$t" = "$type" ] || continue
				case "$text" in
				$pattern) BENCH_FOUND=1 ;;
				esac
			done < /run/bench/audit.pending
			[ $BENCH_FOUND = 1 ] && break
		fi
		sleep 0.1
		i=$((i + 1))
	done
	while read -r t text; do
		tap "# audit $t: $text"
		[ "$t" = "$type" ] || continue
		case "$text" in
		${pattern:-*}) BENCH_COUNT=$((BENCH_COUNT + 1)) ;;
		esac
	done < /run/bench/audit.pending
	[ -z "$pattern" ] && [ $BENCH_COUNT -gt 0 ] && BENCH_FOUND=1
	: > /run/bench/audit.pending
	return 0
}

# Record what came in since the last look, unexamined, before a new action.
bench_flush_audit() {
	local t text
	bench_new_audit | while read -r t text; do
		tap "# audit $t: $text"
	done
}

expect() {
	local want=$1
	shift
	bench_flush_audit
	BENCH_GOT=$("$@" 2>>/run/bench/stderr | tail -n 1)
	[ -n "$BENCH_GOT" ] || BENCH_GOT="(no outcome)"
	tap "# $* -> $BENCH_GOT"
	if case "|$want|" in *"|$BENCH_GOT|"*) true ;; *) false ;; esac; then
		bench_result 1 "$want: $*"
	else
		bench_result 0 "$want: $* (got $BENCH_GOT)"
	fi
}

expect_audit() {
	bench_gather "$1" "$2"
	bench_result $BENCH_FOUND "audit $1 $2"
}

expect_no_audit() {
	bench_gather "$1"
	bench_result $((1 - BENCH_FOUND)) "no audit $1 record"
}

differs() {
	case "$BENCH_ENGINE" in
	$1)
		tap "# deliberate difference on $BENCH_ENGINE: $2"
		return 0
		;;
	esac
	return 1
}

expect_audit_count() {
	bench_gather "$1" "$3" full
	if [ "$BENCH_COUNT" = "$2" ]; then
		bench_result 1 "audit $1 x$2 $3"
	else
		bench_result 0 "audit $1 x$2 $3 (got $BENCH_COUNT)"
	fi
}

check() {
	local desc=$1
	shift
	if "$@" >>/run/bench/stderr 2>&1; then
		bench_result 1 "$desc"
	else
		bench_result 0 "$desc"
	fi
}

BENCH_LOOP_MAX_ROUNDS=300	# per loop: a loop must end even if its stop file cannot be made

# bench_loop_exec FILE WANT ID: exec FILE, note in /run/bench/wrong.ID when
# the outcome (the last line vmprobe prints, after the program's own) is
# not WANT.
bench_loop_exec() {
	local got
	got=$(vmprobe exec "$1" 2>/dev/null)
	got=${got##*
}
	[ "$got" = "$2" ] || echo "$1: ${got:-no outcome}" >> "/run/bench/wrong.$3"
}

# Only shell builtins besides vmprobe: a wrong denial of a helper program
# would not stop the loop.
bench_loop() {
	local id=$1 rounds=0
	: > "/run/bench/wrong.$id"
	: > "/run/bench/count.$id"
	while [ ! -e /run/bench/stop ] && [ $rounds -lt $BENCH_LOOP_MAX_ROUNDS ]; do
		rounds=$((rounds + 1))
		bench_loop_exec /mnt/dmv-trusted/bin/hello ok "$id"
		bench_loop_exec /mnt/fsv/bin/hello-digest ok "$id"
		bench_loop_exec /mnt/dmv-unknown/bin/hello EACCES "$id"
		echo >> "/run/bench/count.$id"
	done
}

bench_loops_start() {
	local i=0
	rm -f /run/bench/stop /run/bench/wrong.* /run/bench/count.*
	BENCH_LOOPS=
	while [ $i -lt "$1" ]; do
		bench_loop $i &
		BENCH_LOOPS="$BENCH_LOOPS $!"
		i=$((i + 1))
	done
}

bench_loops_stop() {
	# A builtin: it cannot be refused.  Only the loops are waited for
	# (iped runs in the background too).
	: > /run/bench/stop
	wait $BENCH_LOOPS
	BENCH_ROUNDS=$(cat /run/bench/count.* | wc -l)
	BENCH_WRONG=$(cat /run/bench/wrong.* | wc -l)
	cat /run/bench/wrong.* | sort | uniq -c | sed 's/^/# wrong outcome: /' >&3
}
