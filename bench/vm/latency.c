// SPDX-License-Identifier: GPL-2.0-only
/*
 * latency: the VM benchmark's measuring tool.  Runs one workload many times,
 * timing every repetition on its own, and reports the distribution; with
 * kernel.bpf_stats_enabled=1 it also reports what every BPF program that ran
 * meanwhile cost per run (the kernel's own run_time_ns/run_cnt counters), so
 * the hook cost is known free of the workload's noise.
 *
 *   latency exec N PATH    vfork + execve(PATH) + wait, N times; PATH must exit 0
 *   latency mmap N PATH    mmap 4 KiB of PATH with PROT_READ|PROT_EXEC + munmap
 *   latency time CMD...    run CMD once; its wall time
 *
 * Output, one record per line, for the benchmark script to collect:
 *   exec n=N median_ns=M p10_ns=A p90_ns=B
 *   prog name=NAME runs=R ns_per_run=T
 *   time ns=T status=S
 * Exit status: 0 when measured, 1 when a repetition failed (its error on
 * stderr: a benchmark of a refused exec would measure the wrong thing),
 * 2 on usage errors.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/bpf.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* ---- BPF program run counters -------------------------------------- */

struct prog_stat {
	uint32_t id;
	char name[BPF_OBJ_NAME_LEN];
	uint64_t run_ns, runs;
};

struct prog_stats {
	struct prog_stat *v;
	size_t n;
};

static long sys_bpf(int cmd, union bpf_attr *attr)
{
	return syscall(__NR_bpf, cmd, attr, sizeof(*attr));
}

/* Every loaded program's counters; a program that goes away meanwhile is skipped. */
static int prog_stats_read(struct prog_stats *s)
{
	union bpf_attr attr;
	uint32_t id = 0;

	s->v = NULL;
	s->n = 0;
	for (;;) {
		struct bpf_prog_info info;
		struct prog_stat *grown;
		int fd;

		memset(&attr, 0, sizeof(attr));
		attr.start_id = id;
		if (sys_bpf(BPF_PROG_GET_NEXT_ID, &attr))
			return errno == ENOENT ? 0 : -errno;
		id = attr.next_id;
		memset(&attr, 0, sizeof(attr));
		attr.prog_id = id;
		fd = (int)sys_bpf(BPF_PROG_GET_FD_BY_ID, &attr);
		if (fd < 0)
			continue;
		memset(&info, 0, sizeof(info));
		memset(&attr, 0, sizeof(attr));
		attr.info.bpf_fd = (uint32_t)fd;
		attr.info.info_len = sizeof(info);
		attr.info.info = (uint64_t)(uintptr_t)&info;
		if (sys_bpf(BPF_OBJ_GET_INFO_BY_FD, &attr)) {
			close(fd);
			continue;
		}
		close(fd);
		grown = realloc(s->v, (s->n + 1) * sizeof(*s->v));
		if (!grown)
			return -ENOMEM;
		s->v = grown;
		s->v[s->n].id = id;
		memcpy(s->v[s->n].name, info.name, sizeof(info.name));
		s->v[s->n].name[sizeof(info.name) - 1] = 0;
		s->v[s->n].run_ns = info.run_time_ns;
		s->v[s->n].runs = info.run_cnt;
		s->n++;
	}
}

/* The programs that ran between BEFORE and AFTER, with their cost per run. */
static void prog_stats_report(const struct prog_stats *before, const struct prog_stats *after)
{
	for (size_t i = 0; i < after->n; i++) {
		const struct prog_stat *a = &after->v[i];
		uint64_t runs = a->runs, ns = a->run_ns;

		for (size_t j = 0; j < before->n; j++) {
			if (before->v[j].id == a->id) {
				runs -= before->v[j].runs;
				ns -= before->v[j].run_ns;
				break;
			}
		}
		if (runs)
			printf("prog name=%s runs=%llu ns_per_run=%llu\n", a->name,
			       (unsigned long long)runs, (unsigned long long)(ns / runs));
	}
}

/* ---- workloads: each says why it failed and returns -1 ---------------- */

static int exec_once(const char *path)
{
	char *argv[] = { (char *)path, NULL };
	int status;
	pid_t pid = vfork();

	if (pid < 0) {
		perror("latency: vfork");
		return -1;
	}
	if (pid == 0) {
		execve(path, argv, environ);
		_exit(127);
	}
	if (waitpid(pid, &status, 0) < 0) {
		perror("latency: waitpid");
		return -1;
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status)) {
		fprintf(stderr, "latency: %s did not exit 0 (wait status %#x; 127: no exec)\n",
			path, status);
		return -1;
	}
	return 0;
}

static int mmap_once(int fd, const char *path)
{
	void *p = mmap(NULL, 4096, PROT_READ | PROT_EXEC, MAP_PRIVATE, fd, 0);

	if (p == MAP_FAILED || munmap(p, 4096)) {
		fprintf(stderr, "latency: mmap %s: %s\n", path, strerror(errno));
		return -1;
	}
	return 0;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return (x > y) - (x < y);
}

static int measure(const char *what, long n, const char *path)
{
	uint64_t *t = calloc((size_t)n, sizeof(*t));
	struct prog_stats before, after;
	int fd = -1, err = 0;

	if (!t)
		return 1;
	if (!strcmp(what, "mmap")) {
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0) {
			fprintf(stderr, "latency: %s: %s\n", path, strerror(errno));
			free(t);
			return 1;
		}
	}
	if (prog_stats_read(&before))
		fprintf(stderr, "latency: BPF program counters unreadable\n");
	for (long i = 0; i < n && !err; i++) {
		uint64_t t0 = now_ns();

		err = fd < 0 ? exec_once(path) : mmap_once(fd, path);
		t[i] = now_ns() - t0;
	}
	if (!err) {
		qsort(t, (size_t)n, sizeof(*t), cmp_u64);
		printf("%s n=%ld median_ns=%llu p10_ns=%llu p90_ns=%llu\n", what, n,
		       (unsigned long long)t[n / 2], (unsigned long long)t[n / 10],
		       (unsigned long long)t[n * 9 / 10]);
		if (!prog_stats_read(&after))
			prog_stats_report(&before, &after);
		free(after.v);
	}
	free(before.v);
	free(t);
	if (fd >= 0)
		close(fd);
	return err ? 1 : 0;
}

static int time_command(char **argv)
{
	uint64_t t0 = now_ns();
	int status;
	pid_t pid = fork();

	if (pid < 0)
		return 1;
	if (pid == 0) {
		execvp(argv[0], argv);
		fprintf(stderr, "latency: %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	if (waitpid(pid, &status, 0) < 0)
		return 1;
	printf("time ns=%llu status=%d\n", (unsigned long long)(now_ns() - t0),
	       WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
	return 0;
}

static int usage(FILE *f, int status)
{
	fprintf(f, "Usage: latency exec N PATH   time N execs of PATH (vfork+execve+wait)\n"
		   "       latency mmap N PATH   time N mmap(PROT_EXEC)+munmap of PATH's first 4 KiB\n"
		   "       latency time CMD...   time one run of CMD\n"
		   "With kernel.bpf_stats_enabled=1, also the cost per run of each BPF program\n"
		   "that ran during the measurement.\n");
	return status;
}

int main(int argc, char **argv)
{
	char *end;
	long n;

	if (argc == 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")))
		return usage(stdout, 0);
	if (argc >= 3 && !strcmp(argv[1], "time"))
		return time_command(argv + 2);
	if (argc != 4 || (strcmp(argv[1], "exec") && strcmp(argv[1], "mmap")))
		return usage(stderr, 2);
	errno = 0;
	n = strtol(argv[2], &end, 10);
	if (errno || *end || n < 1 || n > 10000000) {
		fprintf(stderr, "latency: N must be 1..10000000, not '%s'\n", argv[2]);
		return 2;
	}
	return measure(argv[1], n, argv[3]);
}
