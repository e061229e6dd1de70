// SPDX-License-Identifier: GPL-2.0-only
/*
 * Parser throughput and memory on generated policies of N fs-verity digest
 * rules.  Each size runs in its own process so peak RSS is its own.
 *
 * Usage: parse_bench [RULES...]     (default 1000 10000 100000 1000000)
 *        parse_bench --emit RULES   (write that policy to stdout)
 *
 * Per size, one line: rules, text size, median parse+free time over
 * repetitions, throughput, heap the parsed policy holds (mallinfo2) and
 * its ratio to the text, and the peak RSS growth caused by parsing.
 */
#include <errno.h>
#include <malloc.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <libipe.h>

static const char rule_head[] = "op=EXECUTE fsverity_digest=sha256:";
static const char rule_tail[] = " action=ALLOW\n";

/* N distinct rules after a header and a global default. */
static char *generate(size_t n, size_t *len)
{
	const char head[] = "policy_name=bench policy_version=1.0.0\nDEFAULT action=DENY\n";
	size_t rule_len = sizeof(rule_head) - 1 + 64 + sizeof(rule_tail) - 1;
	char *s = malloc(sizeof(head) + n * rule_len), *o = s;
	uint64_t x = 0x243f6a8885a308d3ull;
	size_t i, j;

	if (!s)
		return NULL;
	o += sprintf(o, "%s", head);
	for (i = 0; i < n; i++) {
		o += sprintf(o, "%s", rule_head);
		for (j = 0; j < 4; j++) {
			x ^= x << 13, x ^= x >> 7, x ^= x << 17;
			o += sprintf(o, "%016llx", (unsigned long long)x);
		}
		o += sprintf(o, "%s", rule_tail);
	}
	*len = (size_t)(o - s);
	return s;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static long max_rss_kib(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss;
}

static size_t heap_in_use(void)
{
	struct mallinfo2 mi = mallinfo2();

	return mi.uordblks + mi.hblkhd;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static int bench_one(size_t n)
{
	struct ipe_policy *p;
	struct ipe_diag d;
	size_t len, heap0, held;
	long rss0, rss1;
	double t[101];
	int reps, i;
	char *text = generate(n, &len);

	if (!text) {
		fprintf(stderr, "parse_bench: out of memory generating %zu rules\n", n);
		return 1;
	}
	rss0 = max_rss_kib();
	heap0 = heap_in_use();
	if (ipe_policy_parse(text, len, &p, &d)) {
		fprintf(stderr, "parse_bench: generated policy rejected: %s\n", d.msg);
		return 1;
	}
	held = heap_in_use() - heap0;
	rss1 = max_rss_kib();
	if (p->nrules != n) {
		fprintf(stderr, "parse_bench: %u rules parsed, %zu generated\n", p->nrules, n);
		return 1;
	}
	ipe_policy_free(p);

	/* About a second of work per size, 5..101 repetitions. */
	reps = (int)(150e6 / (double)len);
	reps = reps < 5 ? 5 : reps > 101 ? 101 : reps;
	for (i = 0; i < reps; i++) {
		double t0 = now();

		if (ipe_policy_parse(text, len, &p, &d))
			return 1;
		ipe_policy_free(p);
		t[i] = now() - t0;
	}
	qsort(t, (size_t)reps, sizeof(t[0]), cmp_double);
	printf("| %9zu | %9.2f | %3d | %10.3f | %7.0f | %10.2f | %5.2f | %9.2f |\n", n,
	       (double)len / 1048576, reps, t[reps / 2] * 1e3, (double)len / 1e6 / t[reps / 2],
	       (double)held / 1048576, (double)held / (double)len,
	       (double)(rss1 - rss0) / 1024);
	free(text);
	return 0;
}

/* A rule count from the command line, or 0 after a message. */
static size_t parse_count(const char *arg)
{
	unsigned long long v;
	char *end;

	errno = 0;
	v = strtoull(arg, &end, 10);
	if (errno || *end || !v || arg[0] == '-' || v > 100000000ull) {
		fprintf(stderr, "parse_bench: '%s' is not a rule count (1..100000000)\n", arg);
		return 0;
	}
	return (size_t)v;
}

static int emit(const char *arg)
{
	size_t n = parse_count(arg), len;
	char *text;

	if (!n)
		return 2;
	text = generate(n, &len);
	if (!text || fwrite(text, 1, len, stdout) != len || fflush(stdout)) {
		fprintf(stderr, "parse_bench: cannot emit the policy\n");
		return 1;
	}
	free(text);
	return 0;
}

int main(int argc, char **argv)
{
	static const size_t defaults[] = { 1000, 10000, 100000, 1000000 };
	size_t sizes[64], nsizes = 0, i;
	int status = 0;

	if (argc > 1 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		printf("Usage: parse_bench [RULES...]   (default: 1000 10000 100000 1000000)\n"
		       "       parse_bench --emit RULES (write that policy to stdout)\n"
		       "Parse+free throughput and memory of generated digest-rule policies.\n");
		return 0;
	}
	if (argc == 3 && !strcmp(argv[1], "--emit"))
		return emit(argv[2]);
	if (argc > 65) {
		fprintf(stderr, "parse_bench: at most 64 sizes\n");
		return 2;
	}
	for (i = 1; i < (size_t)argc; i++) {
		sizes[nsizes] = parse_count(argv[i]);
		if (!sizes[nsizes++])
			return 2;
	}
	if (!nsizes) {
		memcpy(sizes, defaults, sizeof(defaults));
		nsizes = sizeof(defaults) / sizeof(defaults[0]);
	}
	printf("| rules     | text MiB  | reps| parse ms   | MB/s    | policy MiB | ratio | peak RSS +MiB |\n"
	       "|----------:|----------:|----:|-----------:|--------:|-----------:|------:|----------:|\n");
	fflush(stdout);
	for (i = 0; i < nsizes; i++) {
		pid_t pid = fork();
		int ws;

		if (pid < 0) {
			perror("parse_bench: fork");
			return 1;
		}
		if (pid == 0) {
			int rc = bench_one(sizes[i]);

			fflush(stdout);
			_exit(rc);
		}
		if (waitpid(pid, &ws, 0) < 0 || !WIFEXITED(ws) || WEXITSTATUS(ws))
			status = 1;
	}
	return status;
}
