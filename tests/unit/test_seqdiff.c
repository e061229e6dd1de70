// SPDX-License-Identifier: GPL-2.0-only
/*
 * ipectl's sequence diff (cli/seqdiff.c) against the textbook dynamic
 * programme: for hand-picked cases and for many random pairs over small
 * alphabets (where repeated elements make the edit graph dense and every
 * corner of the middle-snake search is reached), the marked elements must be
 * a common subsequence of both sides, and a longest one.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "seqdiff.h"
#include "tap.h"

#define MAXLEN 48
#define RANDOM_PAIRS 200000

/* A fixed linear congruential sequence: the same pairs on every run. */
static unsigned long seed = 1;
#define NEXT() (seed = seed * 6364136223846793005ul + 1442695040888963407ul, seed >> 33)

static size_t lcs_len(const uint32_t *a, size_t n, const uint32_t *b, size_t m)
{
	static size_t t[MAXLEN + 1][MAXLEN + 1];
	size_t i, j;

	for (i = 0; i <= n; i++)
		for (j = 0; j <= m; j++)
			if (!i || !j)
				t[i][j] = 0;
			else if (a[i - 1] == b[j - 1])
				t[i][j] = t[i - 1][j - 1] + 1;
			else
				t[i][j] = t[i - 1][j] > t[i][j - 1] ? t[i - 1][j] : t[i][j - 1];
	return t[n][m];
}

/* "" when KA/KB mark a longest common subsequence, else what is wrong. */
static const char *judge(const uint32_t *a, size_t n, const uint32_t *b, size_t m,
			 const bool *ka, const bool *kb)
{
	uint32_t sa[MAXLEN], sb[MAXLEN];
	size_t na = 0, nb = 0, i;

	for (i = 0; i < n; i++)
		if (ka[i])
			sa[na++] = a[i];
	for (i = 0; i < m; i++)
		if (kb[i])
			sb[nb++] = b[i];
	if (na != nb || memcmp(sa, sb, na * sizeof(*sa)))
		return "the kept elements differ between the sides";
	if (na != lcs_len(a, n, b, m))
		return "the kept elements are not a longest common subsequence";
	return "";
}

static void check(const char *what, const uint32_t *a, size_t n, const uint32_t *b, size_t m,
		  size_t want_kept)
{
	bool ka[MAXLEN], kb[MAXLEN];
	size_t i, kept = 0;

	if (!ok(seqdiff(a, n, b, m, 8, ka, kb) == 0, "%s: computed", what))
		return;
	is_str(judge(a, n, b, m, ka, kb), "", "%s: a longest common subsequence", what);
	for (i = 0; i < n; i++)
		kept += ka[i];
	is_int(kept, want_kept, "%s: %zu kept", what, want_kept);
}

int main(void)
{
	static const uint32_t abc[] = { 0, 1, 2 }, cba[] = { 2, 1, 0 }, ab[] = { 0, 1 },
			      moved[] = { 1, 2, 0 }, dup[] = { 3, 3, 3, 3 }, dup2[] = { 3, 3 },
			      other[] = { 4, 5, 6 };
	bool ka[MAXLEN], kb[MAXLEN];
	uint32_t a[MAXLEN], b[MAXLEN];
	unsigned long bad = 0;
	size_t n, m, i, k;
	long it;

	check("both empty", abc, 0, abc, 0, 0);
	check("all removed", abc, 3, abc, 0, 0);
	check("all added", abc, 0, abc, 3, 0);
	check("equal", abc, 3, abc, 3, 3);
	check("reversed", abc, 3, cba, 3, 1);
	check("one removed at the end", abc, 3, ab, 2, 2);
	check("the first moved last", abc, 3, moved, 3, 2);
	check("repeats", dup, 4, dup2, 2, 2);
	check("nothing in common", abc, 3, other, 3, 0);

	for (it = 0; it < RANDOM_PAIRS; it++) {
		const char *why;

		n = NEXT() % (it % 4 ? 16 : MAXLEN + 1);
		m = NEXT() % (it % 4 ? 16 : MAXLEN + 1);
		k = 1 + NEXT() % 6;
		for (i = 0; i < n; i++)
			a[i] = (uint32_t)(NEXT() % k);
		for (i = 0; i < m; i++)
			b[i] = (uint32_t)(NEXT() % k);
		if (seqdiff(a, n, b, m, (uint32_t)k, ka, kb)) {
			why = "out of memory";
		} else {
			why = judge(a, n, b, m, ka, kb);
			if (!*why)
				continue;
		}
		if (!bad++)
			printf("# first failure: pair %ld (%zu x %zu over %zu ids): %s\n", it, n, m,
			       k, why);
	}
	is_int(bad, 0, "%d random pairs: each a longest common subsequence", RANDOM_PAIRS);
	return tap_done();
}
