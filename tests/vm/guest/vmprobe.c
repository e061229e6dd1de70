// SPDX-License-Identifier: GPL-2.0-only
/*
 * vmprobe: perform one action the way a program would and print its outcome
 * as one word: "ok", or the errno name of the failing call ("EACCES").
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
 * program's business and goes to stderr).
 */
static int do_exec(char **argv, int use_memfd)
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
	if (!err)
		fprintf(stderr, "vmprobe: %s exited %d\n", argv[0],
			WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
	return outcome(err);
}

static int do_mmap(const char *path, int via_mprotect, int shared)
{
	int fd = -1, flags = shared ? MAP_SHARED : MAP_PRIVATE;
	int prot = via_mprotect ? PROT_READ : PROT_READ | PROT_EXEC;
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
		return via_mprotect ? setup_error("mmap", path ? path : "anonymous")
				    : outcome(errno);
	if (via_mprotect && mprotect(p, 4096, PROT_READ | PROT_EXEC))
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

static int usage(void)
{
	fprintf(stderr,
		"usage: vmprobe exec PATH [ARG...]     execve PATH\n"
		"       vmprobe memfd-exec PATH [ARG...] copy PATH into a memfd, fexecve it\n"
		"       vmprobe mmap PATH               mmap 4 KiB PROT_READ|PROT_EXEC, private\n"
		"       vmprobe mmap-shared PATH        the same, MAP_SHARED\n"
		"       vmprobe mprotect PATH           mmap PROT_READ, then mprotect +PROT_EXEC\n"
		"       vmprobe anon-mmap               anonymous PROT_EXEC mapping\n"
		"       vmprobe anon-mprotect           anonymous mapping made executable\n"
		"       vmprobe write FILE DATA-FILE    one write(2) of DATA-FILE into FILE\n"
		"       vmprobe write-str FILE STRING   one write(2) of STRING into FILE\n"
		"       vmprobe finit-module PATH       load a kernel module from a file\n"
		"Prints 'ok' or the errno name of the call the action hinged on.\n");
	return 2;
}

int main(int argc, char **argv)
{
	const char *cmd = argc > 1 ? argv[1] : "";

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (!strcmp(cmd, "exec") && argc >= 3)
		return do_exec(argv + 2, 0);
	if (!strcmp(cmd, "memfd-exec") && argc >= 3)
		return do_exec(argv + 2, 1);
	if (!strcmp(cmd, "mmap") && argc == 3)
		return do_mmap(argv[2], 0, 0);
	if (!strcmp(cmd, "mmap-shared") && argc == 3)
		return do_mmap(argv[2], 0, 1);
	if (!strcmp(cmd, "mprotect") && argc == 3)
		return do_mmap(argv[2], 1, 0);
	if (!strcmp(cmd, "anon-mmap") && argc == 2)
		return do_mmap(NULL, 0, 0);
	if (!strcmp(cmd, "anon-mprotect") && argc == 2)
		return do_mmap(NULL, 1, 0);
	if (!strcmp(cmd, "write") && argc == 4)
		return do_write(argv[2], argv[3], 0);
	if (!strcmp(cmd, "write-str") && argc == 4)
		return do_write(argv[2], argv[3], 1);
	if (!strcmp(cmd, "finit-module") && argc == 3)
		return do_finit_module(argv[2]);
	return usage();
}
