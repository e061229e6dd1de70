/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A minimal TAP producer for the unit tests: one "ok"/"not ok" line per
 * assertion, a trailing plan, and exit status 1 when anything failed, so a
 * test binary that crashes or stops early is a failure too (plan mismatch).
 */
#ifndef IPE_TAP_H
#define IPE_TAP_H

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static unsigned tap_count, tap_failed;

__attribute__((format(printf, 4, 5)))
static inline int tap_ok(int pass, const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	tap_count++;
	printf("%sok %u - ", pass ? "" : "not ", tap_count);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	if (!pass) {
		tap_failed++;
		printf("#   failed at %s:%d\n", file, line);
	}
	fflush(stdout);
	return pass;
}

#define ok(cond, ...) tap_ok(!!(cond), __FILE__, __LINE__, __VA_ARGS__)

#define is_int(got, want, ...)                                                  \
	do {                                                                    \
		long long g_ = (long long)(got), w_ = (long long)(want);        \
		if (!ok(g_ == w_, __VA_ARGS__))                                 \
			printf("#   got %lld, want %lld\n", g_, w_);              \
	} while (0)

#define is_str(got, want, ...)                                                  \
	do {                                                                    \
		const char *g_ = (got), *w_ = (want);                           \
		if (!ok(g_ && w_ && strcmp(g_, w_) == 0, __VA_ARGS__))          \
			printf("#   got  \"%s\"\n#   want \"%s\"\n",                \
			       g_ ? g_ : "(null)", w_ ? w_ : "(null)");         \
	} while (0)

static inline int tap_done(void)
{
	printf("1..%u\n", tap_count);
	return tap_failed ? 1 : 0;
}

#endif
