// SPDX-License-Identifier: GPL-2.0-only
/*
 * vmprobe: perform one action the way a program would and print its outcome
 * as one word: "ok", or the errno name of the failing call ("EACCES"); for
 * exec-status, once the exec succeeded, how the program ended ("exit:127").
 * The VM scenarios compare that word with what they expect, so every
 * decision an LSM makes shows up as a precise, comparable result.
 *
 * This file holds main, the shared helpers and the verbs of execution,
 * mappings, control files and modules; the attacks a locked-down engine
 * must withstand live in vmprobe_bpf.c, vmprobe_proc.c and vmprobe_fs.c
 * (see vmprobe.h), all compiled into the one static binary.
 *
 * Exit status: 0 when the outcome was printed (whatever it is), 2 on usage
 * or set-up errors that are not the outcome being measured.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "vmprobe.h"

int outcome(int err)
{
	const char *name = err ? strerrorname_np(err) : "ok";

	if (name)
		printf("%s\n", name);
	else
		printf("errno%d\n", err);
	return 0;
}

int outcome_of(long ret)
{
	return outcome(ret < 0 ? errno : 0);
}

int setup_error(const char *what, const char *arg)
{
	fprintf(stderr, "vmprobe: %s %s: %s\n", what, arg, strerror(errno));
	return 2;
}

int usage_error(const char *verb, const char *why, const char *arg)
{
	fprintf(stderr, "vmprobe %s: %s: '%s'\n", verb, why, arg);
	return 2;
}

int parse_number(const char *verb, const char *arg, long long min, long long max,
		 long long *out)
{
	char *end;

	errno = 0;
	*out = strtoll(arg, &end, 10);
	if (errno || end == arg || *end || *out < min || *out > max) {
		usage_error(verb, "not a number in range", arg);
		return -1;
	}
	return 0;
}

enum exec_how {
	EXEC_MEMFD = 1,		/* fexecve a memfd copy of the program */
	EXEC_STATUS = 2,	/* the outcome is how a started program ended */
};

/*
 * Run args[0]; the exec's own errno travels back through a close-on-exec
 * pipe, so "ok" means the kernel started the program (its exit status is
 * the program's business and goes to stderr).  With EXEC_STATUS, a started
 * program's fate is the outcome instead: "exit:N" or "signal:N", for what
 * happens after the exec (the dynamic loader refused a library, say).
 */
static VERB_FN(do_exec)
{
	int pipefd[2], err = 0, status, src = -1, fd = -1;
	int use_memfd = mode & EXEC_MEMFD, report_status = mode & EXEC_STATUS;
	pid_t pid;

	if (use_memfd) {
		char buf[65536];
		ssize_t n;

		src = open(args[0], O_RDONLY | O_CLOEXEC);
		if (src < 0)
			return setup_error("open", args[0]);
		fd = memfd_create("vmprobe", 0);
		if (fd < 0)
			return setup_error("memfd_create", args[0]);
		while ((n = read(src, buf, sizeof(buf))) > 0)
			if (write(fd, buf, (size_t)n) != n)
				return setup_error("write memfd", args[0]);
		if (n < 0)
			return setup_error("read", args[0]);
		close(src);
	}
	if (pipe2(pipefd, O_CLOEXEC))
		return setup_error("pipe", "");
	pid = fork();
	if (pid < 0)
		return setup_error("fork", "");
	if (pid == 0) {
		extern char **environ;

		close(pipefd[0]);
		if (use_memfd)
			fexecve(fd, args, environ);
		else
			execv(args[0], args);
		err = errno;
		if (write(pipefd[1], &err, sizeof(err)) != sizeof(err))
			_exit(126);
		_exit(127);
	}
	close(pipefd[1]);
	if (read(pipefd[0], &err, sizeof(err)) != sizeof(err))
		err = 0;
	waitpid(pid, &status, 0);
	if (!err && report_status) {
		if (WIFEXITED(status))
			printf("exit:%d\n", WEXITSTATUS(status));
		else
			printf("signal:%d\n", WTERMSIG(status));
		return 0;
	}
	if (!err)
		fprintf(stderr, "vmprobe: %s exited %d\n", args[0],
			WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
	return outcome(err);
}

/*
 * exec-status: leading NAME=VALUE arguments (an '=' and no leading '/', as
 * env(1) takes them) go into the program's environment, the rest is run.
 */
static VERB_FN(do_exec_status)
{
	int i;

	for (i = 0; i < nargs && args[i][0] != '/' && strchr(args[i], '='); i++)
		if (putenv(args[i]))
			return setup_error("putenv", args[i]);
	if (i == nargs) {
		fprintf(stderr, "vmprobe: exec-status: no program\n");
		return 2;
	}
	return do_exec(args + i, nargs - i, EXEC_STATUS);
}

enum map_how {
	BY_MMAP,		/* mmap PROT_READ|PROT_EXEC */
	BY_MPROTECT,		/* mmap PROT_READ, then mprotect +PROT_EXEC */
	BY_MPROTECT_TWICE,	/* the same, then mprotect +PROT_EXEC again */
	MAP_HOW = 3,		/* the bits above */
	MAP_HOW_SHARED = 4,	/* MAP_SHARED instead of MAP_PRIVATE */
};

/*
 * Map 4 KiB of the file args[0] (anonymous memory without one) the way
 * MODE says.  The outcome is the first call that fails on the way to an
 * executable mapping.  The second mprotect of BY_MPROTECT_TWICE meets a
 * mapping that is already executable, which IPE does not evaluate (SPEC 3).
 */
static VERB_FN(do_mmap)
{
	const char *path = nargs ? args[0] : NULL;
	enum map_how how = mode & MAP_HOW;
	int fd = -1, flags = mode & MAP_HOW_SHARED ? MAP_SHARED : MAP_PRIVATE;
	int prot = how == BY_MMAP ? PROT_READ | PROT_EXEC : PROT_READ;
	void *p;

	if (path) {
		fd = open(path, O_RDONLY);
		if (fd < 0)
			return setup_error("open", path);
	} else {
		flags |= MAP_ANONYMOUS;
	}
	p = mmap(NULL, 4096, prot, flags, fd, 0);
	if (p == MAP_FAILED)
		return how != BY_MMAP ? setup_error("mmap", path ? path : "anonymous")
				       : outcome(errno);
	if (how != BY_MMAP && mprotect(p, 4096, PROT_READ | PROT_EXEC))
		return outcome(errno);
	if (how == BY_MPROTECT_TWICE && mprotect(p, 4096, PROT_READ | PROT_EXEC))
		return outcome(errno);
	return outcome(0);
}

/*
 * One write(2) of the whole of args[1] into args[0] (a control file):
 * args[1] is the data itself when MODE is set, else a file holding it.
 */
static VERB_FN(do_write)
{
	const char *target = args[0], *data = args[1];
	int literal = mode;
	char *buf;
	size_t len;
	int fd;
	ssize_t n;

	if (literal) {
		buf = strdup(data);
		if (!buf)
			return setup_error("strdup", data);
		len = strlen(data);
	} else {
		struct stat st;
		int dfd = open(data, O_RDONLY);

		if (dfd < 0 || fstat(dfd, &st))
			return setup_error("open", data);
		len = (size_t)st.st_size;
		buf = malloc(len ? len : 1);
		if (!buf || read(dfd, buf, len) != (ssize_t)len)
			return setup_error("read", data);
		close(dfd);
	}
	fd = open(target, O_WRONLY);
	if (fd < 0)
		return outcome(errno);
	n = write(fd, buf, len);
	if (n < 0)
		return outcome(errno);
	if ((size_t)n != len) {
		printf("short-write\n");
		return 0;
	}
	return outcome(close(fd) ? errno : 0);
}

static VERB_FN(do_finit_module)
{
	const char *path = args[0];
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return setup_error("open", path);
	return outcome(syscall(SYS_finit_module, fd, "", 0) ? errno : 0);
}

/* init_module(2): the module's bytes from memory; the kernel sees no file. */
static VERB_FN(do_init_module)
{
	const char *path = args[0];
	struct stat st;
	char *buf;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0 || fstat(fd, &st))
		return setup_error("open", path);
	buf = malloc(st.st_size ? (size_t)st.st_size : 1);
	if (!buf || read(fd, buf, (size_t)st.st_size) != st.st_size)
		return setup_error("read", path);
	close(fd);
	return outcome(syscall(SYS_init_module, buf, (unsigned long)st.st_size, "") ? errno : 0);
}

/* Unload NAME, so the next load of the same module starts from scratch. */
static VERB_FN(do_delete_module)
{
	return outcome(syscall(SYS_delete_module, args[0], O_NONBLOCK) ? errno : 0);
}


const struct verb core_verbs[] = {
	{ "exec", 1, -1, do_exec, 0, "PATH [ARG...]", "execve PATH" },
	{ "exec-status", 1, -1, do_exec_status, 0, "[NAME=VALUE...] PATH [ARG...]",
	  "execve PATH with NAME=VALUE in its\nenvironment; outcome exit:N or signal:N\n"
	  "once it started" },
	{ "memfd-exec", 1, -1, do_exec, EXEC_MEMFD, "PATH [ARG...]",
	  "copy PATH into a memfd, fexecve it" },
	{ "mmap", 1, 1, do_mmap, BY_MMAP, "PATH", "mmap 4 KiB PROT_READ|PROT_EXEC, private" },
	{ "mmap-shared", 1, 1, do_mmap, BY_MMAP | MAP_HOW_SHARED, "PATH", "the same, MAP_SHARED" },
	{ "mprotect", 1, 1, do_mmap, BY_MPROTECT, "PATH",
	  "mmap PROT_READ, then mprotect +PROT_EXEC" },
	{ "mprotect-shared", 1, 1, do_mmap, BY_MPROTECT | MAP_HOW_SHARED, "PATH",
	  "the same, MAP_SHARED" },
	{ "mprotect-twice", 1, 1, do_mmap, BY_MPROTECT_TWICE, "PATH",
	  "mprotect, then mprotect +PROT_EXEC again" },
	{ "anon-mmap", 0, 0, do_mmap, BY_MMAP, "", "anonymous PROT_EXEC mapping" },
	{ "anon-mprotect", 0, 0, do_mmap, BY_MPROTECT, "", "anonymous mapping made executable" },
	{ "write", 2, 2, do_write, 0, "FILE DATA-FILE", "one write(2) of DATA-FILE into FILE" },
	{ "write-str", 2, 2, do_write, 1, "FILE STRING", "one write(2) of STRING into FILE" },
	{ "finit-module", 1, 1, do_finit_module, 0, "PATH", "load a kernel module from a file" },
	{ "init-module", 1, 1, do_init_module, 0, "PATH", "load it from memory (init_module)" },
	{ "delete-module", 1, 1, do_delete_module, 0, "NAME", "unload a kernel module" },
	{ NULL, 0, 0, NULL, 0, NULL, NULL },
};

static const struct verb *const verb_tables[] = { core_verbs, bpf_verbs, proc_verbs, fs_verbs };
#define N_TABLES (sizeof(verb_tables) / sizeof(verb_tables[0]))

/* Synopsis in one column, description from column DESC_COL on. */
#define DESC_COL 39

static int usage(void)
{
	const char *lead = "usage: ";
	const struct verb *v;
	size_t t;

	for (t = 0; t < N_TABLES; t++) {
		for (v = verb_tables[t]; v->name; v++) {
			const char *line = v->what, *nl;
			int n = fprintf(stderr, "%svmprobe %s%s%s", lead, v->name,
					*v->args ? " " : "", v->args);

			lead = "       ";
			if (n >= DESC_COL)
				n = fprintf(stderr, "\n") - 1;
			while ((nl = strchr(line, '\n'))) {
				fprintf(stderr, "%*s%.*s\n", DESC_COL - n, "", (int)(nl - line), line);
				line = nl + 1;
				n = 0;
			}
			fprintf(stderr, "%*s%s\n", DESC_COL - n, "", line);
		}
	}
	fprintf(stderr, "Prints 'ok' or the errno name of the call the action hinged on.\n");
	return 2;
}

int main(int argc, char **argv)
{
	const char *cmd = argc > 1 ? argv[1] : "";
	int nargs = argc > 1 ? argc - 2 : 0;
	const struct verb *v;
	size_t t;

	setvbuf(stdout, NULL, _IOLBF, 0);
	for (t = 0; t < N_TABLES; t++)
		for (v = verb_tables[t]; v->name; v++)
			if (!strcmp(cmd, v->name) && nargs >= v->min_args &&
			    (v->max_args < 0 || nargs <= v->max_args))
				return v->run(argv + 2, nargs, v->mode);
	return usage();
}
