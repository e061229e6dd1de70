// SPDX-License-Identifier: GPL-2.0-only
/*
 * vmprobe's verbs against another process, what root would use to stop
 * or subvert a daemon: signals (kill, pidfd), ptrace, writes into its
 * memory, its resource limits.  Each one that succeeds leaves the victim
 * as it was (the same bytes written back, the same limits set, ptrace
 * detached at once), except the signal the caller chose to send.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/pidfd.h>
#include <sys/ptrace.h>
#include <sys/resource.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "vmprobe.h"

/* A process id (positive: no process groups) from ARG; -1 if bad. */
static int parse_pid(const char *verb, const char *arg, pid_t *pid)
{
	long long n;

	if (parse_number(verb, arg, 1, 0x3fffffff, &n))
		return -1;
	*pid = (pid_t)n;
	return 0;
}

/* PID and signal number (0 included: the existence check) from args. */
static int pid_and_signal(const char *verb, char **args, pid_t *pid, int *sig)
{
	long long n;

	if (parse_pid(verb, args[0], pid) || parse_number(verb, args[1], 0, 64, &n))
		return -1;
	*sig = (int)n;
	return 0;
}

/* The errno of a read or write of WANT bytes that returned GOT. */
static int transfer_error(ssize_t got, size_t want)
{
	if (got < 0)
		return errno;
	return (size_t)got == want ? 0 : EIO;
}

/* kill PID SIG */
static VERB_FN(do_kill)
{
	pid_t pid;
	int sig;

	if (pid_and_signal("kill", args, &pid, &sig))
		return 2;
	return outcome_of(kill(pid, sig));
}

/* pidfd-kill PID SIG: pidfd_open, then pidfd_send_signal */
static VERB_FN(do_pidfd_kill)
{
	pid_t pid;
	int sig, fd;

	if (pid_and_signal("pidfd-kill", args, &pid, &sig))
		return 2;
	fd = pidfd_open(pid, 0);
	if (fd < 0)
		return outcome(errno);
	return outcome_of(pidfd_send_signal(fd, sig, NULL, 0));
}

/*
 * ptrace PID: PTRACE_SEIZE is the attempt.  A seized tracee keeps running
 * and PTRACE_DETACH wants it stopped, so it is interrupted and waited for
 * first; a signal that arrived meanwhile (a signal-delivery stop instead
 * of the interrupt's event stop) is handed back on detach.
 */
static VERB_FN(do_ptrace)
{
	pid_t pid;
	int status, sig = 0;

	if (parse_pid("ptrace", args[0], &pid))
		return 2;
	if (ptrace(PTRACE_SEIZE, pid, 0, 0))
		return outcome(errno);
	if (ptrace(PTRACE_INTERRUPT, pid, 0, 0))
		return setup_error("PTRACE_INTERRUPT", args[0]);
	if (waitpid(pid, &status, __WALL) != pid)
		return setup_error("waitpid", args[0]);
	if (!WIFSTOPPED(status)) {
		fprintf(stderr, "vmprobe ptrace: %d ended while attached\n", pid);
		return 2;
	}
	if (status >> 16 != PTRACE_EVENT_STOP)
		sig = WSTOPSIG(status);
	if (ptrace(PTRACE_DETACH, pid, 0, sig))
		return setup_error("PTRACE_DETACH", args[0]);
	return outcome(0);
}

/*
 * The start of PID's first writable mapping, from /proc/PID/maps.  Returns
 * 0, an errno (reading maps was refused: an outcome), or -1 after a
 * message when there is none.
 */
static int writable_address(pid_t pid, unsigned long *addr)
{
	char path[64], perms[5], *line = NULL;
	size_t cap = 0;
	unsigned long start, end;
	FILE *f;
	int found = 0, err;

	snprintf(path, sizeof(path), "/proc/%d/maps", pid);
	f = fopen(path, "re");
	if (!f)
		return errno;
	errno = 0;
	while (!found && getline(&line, &cap, f) > 0)
		if (sscanf(line, "%lx-%lx %4s", &start, &end, perms) == 3 &&
		    perms[0] == 'r' && perms[1] == 'w')
			found = 1;
	err = ferror(f) ? errno : 0;
	free(line);
	fclose(f);
	if (err)
		return err;
	if (!found) {
		fprintf(stderr, "vmprobe: no writable mapping in %s\n", path);
		return -1;
	}
	*addr = start;
	return 0;
}

/*
 * mem-write PID: /proc/PID/mem opened O_RDWR, 8 bytes of a writable
 * mapping read and written back unchanged.
 */
static VERB_FN(do_mem_write)
{
	char path[64], word[8];
	unsigned long addr;
	pid_t pid;
	int fd, err;

	if (parse_pid("mem-write", args[0], &pid))
		return 2;
	snprintf(path, sizeof(path), "/proc/%d/mem", pid);
	fd = open(path, O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return outcome(errno);
	err = writable_address(pid, &addr);
	if (err)
		return err < 0 ? 2 : outcome(err);
	err = transfer_error(pread(fd, word, sizeof(word), (off_t)addr), sizeof(word));
	if (!err)
		err = transfer_error(pwrite(fd, word, sizeof(word), (off_t)addr), sizeof(word));
	return outcome(err);
}

/* vm-write PID: the same through process_vm_readv and process_vm_writev. */
static VERB_FN(do_vm_write)
{
	char word[8];
	struct iovec local = { word, sizeof(word) }, remote;
	unsigned long addr;
	pid_t pid;
	int err;

	if (parse_pid("vm-write", args[0], &pid))
		return 2;
	err = writable_address(pid, &addr);
	if (err)
		return err < 0 ? 2 : outcome(err);
	remote.iov_base = (void *)addr;
	remote.iov_len = sizeof(word);
	err = transfer_error(process_vm_readv(pid, &local, 1, &remote, 1, 0), sizeof(word));
	if (!err)
		err = transfer_error(process_vm_writev(pid, &local, 1, &remote, 1, 0), sizeof(word));
	return outcome(err);
}

/* prlimit PID: RLIMIT_CPU read, then set to what it was. */
static VERB_FN(do_prlimit)
{
	struct rlimit lim;
	pid_t pid;

	if (parse_pid("prlimit", args[0], &pid))
		return 2;
	if (prlimit(pid, RLIMIT_CPU, NULL, &lim))
		return outcome(errno);
	return outcome_of(prlimit(pid, RLIMIT_CPU, &lim, NULL));
}

const struct verb proc_verbs[] = {
	{ "kill", 2, 2, do_kill, 0, "PID SIG", "kill(2) with signal number SIG" },
	{ "pidfd-kill", 2, 2, do_pidfd_kill, 0, "PID SIG",
	  "pidfd_open, then pidfd_send_signal" },
	{ "ptrace", 1, 1, do_ptrace, 0, "PID",
	  "PTRACE_SEIZE, then interrupt and detach\nat once" },
	{ "mem-write", 1, 1, do_mem_write, 0, "PID",
	  "open /proc/PID/mem O_RDWR, read 8 bytes\nof a writable mapping, write them back" },
	{ "vm-write", 1, 1, do_vm_write, 0, "PID",
	  "the same with process_vm_readv and\nprocess_vm_writev" },
	{ "prlimit", 1, 1, do_prlimit, 0, "PID",
	  "read PID's RLIMIT_CPU, set it to the same" },
	{ NULL, 0, 0, NULL, 0, NULL, NULL },
};
