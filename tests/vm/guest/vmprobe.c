// SPDX-License-Identifier: GPL-2.0-only
/*
 * vmprobe: perform one action the way a program would and print its outcome
 * as one word: "ok", or the errno name of the failing call ("EACCES"); for
 * exec-status, once the exec succeeded, how the program ended ("exit:127").
 * The VM scenarios compare that word with what they expect, so every
 * decision an LSM makes shows up as a precise, comparable result.
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

static int outcome(int err)
{
	const char *name = err ? strerrorname_np(err) : "ok";

	if (name)
		printf("%s\n", name);
	else
		printf("errno%d\n", err);
	return 0;
}

static int setup_error(const char *what, const char *path)
{
	fprintf(stderr, "vmprobe: %s %s: %s\n", what, path, strerror(errno));
	return 2;
}

/*
 * Run PATH; the exec's own errno travels back through a close-on-exec pipe,
 * so "ok" means the kernel started the program (its exit status is the
 * program's business and goes to stderr).  With REPORT_STATUS, a started
 * program's fate is the outcome instead: "exit:N" or "signal:N", for what
 * happens after the exec (the dynamic loader refused a library, say).
 */
static int do_exec(char **argv, int use_memfd, int report_status)
{
	int pipefd[2], err = 0, status, src = -1, fd = -1;
	pid_t pid;

	if (use_memfd) {
		char buf[65536];
		ssize_t n;

		src = open(argv[0], O_RDONLY | O_CLOEXEC);
		if (src < 0)
			return setup_error("open", argv[0]);
		fd = memfd_create("vmprobe", 0);
		if (fd < 0)
			return setup_error("memfd_create", argv[0]);
		while ((n = read(src, buf, sizeof(buf))) > 0)
			if (write(fd, buf, (size_t)n) != n)
				return setup_error("write memfd", argv[0]);
		if (n < 0)
			return setup_error("read", argv[0]);
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
			fexecve(fd, argv, environ);
		else
			execv(argv[0], argv);
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
		fprintf(stderr, "vmprobe: %s exited %d\n", argv[0],
			WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
	return outcome(err);
}

/*
 * exec-status: leading NAME=VALUE arguments (an '=' and no leading '/', as
 * env(1) takes them) go into the program's environment, the rest is run.
 */
static int do_exec_status(int argc, char **argv)
{
	int i;

	for (i = 0; i < argc && argv[i][0] != '/' && strchr(argv[i], '='); i++)
		if (putenv(argv[i]))
			return setup_error("putenv", argv[i]);
	if (i == argc) {
		fprintf(stderr, "vmprobe: exec-status: no program\n");
		return 2;
	}
	return do_exec(argv + i, 0, 1);
}

enum map_how {
	BY_MMAP,		/* mmap PROT_READ|PROT_EXEC */
	BY_MPROTECT,		/* mmap PROT_READ, then mprotect +PROT_EXEC */
	BY_MPROTECT_TWICE,	/* the same, then mprotect +PROT_EXEC again */
};

/*
 * Map 4 KiB of PATH (anonymous memory without one) the way HOW says.  The
 * outcome is the first call that fails on the way to an executable mapping.
 * The second mprotect of BY_MPROTECT_TWICE meets a mapping that is
 * already executable, which IPE does not evaluate (SPEC 3).
 */
static int do_mmap(const char *path, enum map_how how, int shared)
{
	int fd = -1, flags = shared ? MAP_SHARED : MAP_PRIVATE;
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

/* One write(2) of the whole of DATA (a file) into TARGET: a control file. */
static int do_write(const char *target, const char *data, int literal)
{
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

static int do_finit_module(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return setup_error("open", path);
	return outcome(syscall(SYS_finit_module, fd, "", 0) ? errno : 0);
}

/* init_module(2): the module's bytes from memory; the kernel sees no file. */
static int do_init_module(const char *path)
{
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
static int do_delete_module(const char *name)
{
	return outcome(syscall(SYS_delete_module, name, O_NONBLOCK) ? errno : 0);
}

static int usage(void)
{
	fprintf(stderr,
		"usage: vmprobe exec PATH [ARG...]     execve PATH\n"
		"       vmprobe exec-status [NAME=VALUE...] PATH [ARG...]\n"
		"                                       execve PATH with NAME=VALUE in its\n"
		"                                       environment; outcome exit:N or signal:N\n"
		"                                       once it started\n"
		"       vmprobe memfd-exec PATH [ARG...] copy PATH into a memfd, fexecve it\n"
		"       vmprobe mmap PATH               mmap 4 KiB PROT_READ|PROT_EXEC, private\n"
		"       vmprobe mmap-shared PATH        the same, MAP_SHARED\n"
		"       vmprobe mprotect PATH           mmap PROT_READ, then mprotect +PROT_EXEC\n"
		"       vmprobe mprotect-shared PATH    the same, MAP_SHARED\n"
		"       vmprobe mprotect-twice PATH     mprotect, then mprotect +PROT_EXEC again\n"
		"       vmprobe anon-mmap               anonymous PROT_EXEC mapping\n"
		"       vmprobe anon-mprotect           anonymous mapping made executable\n"
		"       vmprobe write FILE DATA-FILE    one write(2) of DATA-FILE into FILE\n"
		"       vmprobe write-str FILE STRING   one write(2) of STRING into FILE\n"
		"       vmprobe finit-module PATH       load a kernel module from a file\n"
		"       vmprobe init-module PATH        load it from memory (init_module)\n"
		"       vmprobe delete-module NAME      unload a kernel module\n"
		"Prints 'ok' or the errno name of the call the action hinged on.\n");
	return 2;
}

int main(int argc, char **argv)
{
	const char *cmd = argc > 1 ? argv[1] : "";

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (!strcmp(cmd, "exec") && argc >= 3)
		return do_exec(argv + 2, 0, 0);
	if (!strcmp(cmd, "exec-status") && argc >= 3)
		return do_exec_status(argc - 2, argv + 2);
	if (!strcmp(cmd, "memfd-exec") && argc >= 3)
		return do_exec(argv + 2, 1, 0);
	if (!strcmp(cmd, "mmap") && argc == 3)
		return do_mmap(argv[2], BY_MMAP, 0);
	if (!strcmp(cmd, "mmap-shared") && argc == 3)
		return do_mmap(argv[2], BY_MMAP, 1);
	if (!strcmp(cmd, "mprotect") && argc == 3)
		return do_mmap(argv[2], BY_MPROTECT, 0);
	if (!strcmp(cmd, "mprotect-shared") && argc == 3)
		return do_mmap(argv[2], BY_MPROTECT, 1);
	if (!strcmp(cmd, "mprotect-twice") && argc == 3)
		return do_mmap(argv[2], BY_MPROTECT_TWICE, 0);
	if (!strcmp(cmd, "anon-mmap") && argc == 2)
		return do_mmap(NULL, BY_MMAP, 0);
	if (!strcmp(cmd, "anon-mprotect") && argc == 2)
		return do_mmap(NULL, BY_MPROTECT, 0);
	if (!strcmp(cmd, "write") && argc == 4)
		return do_write(argv[2], argv[3], 0);
	if (!strcmp(cmd, "write-str") && argc == 4)
		return do_write(argv[2], argv[3], 1);
	if (!strcmp(cmd, "finit-module") && argc == 3)
		return do_finit_module(argv[2]);
	if (!strcmp(cmd, "init-module") && argc == 3)
		return do_init_module(argv[2]);
	if (!strcmp(cmd, "delete-module") && argc == 3)
		return do_delete_module(argv[2]);
	return usage();
}
