// SPDX-License-Identifier: GPL-2.0-only
/*
 * Myers, "An O(ND) Difference Algorithm and Its Variations" (1986), section
 * 4b: find the middle snake of an optimal path by running the greedy search
 * forward from the start and backward from the end at once, then solve the
 * two halves on either side of it the same way.
 */
#include "seqdiff.h"

#include <errno.h>
#include <stdlib.h>
#include <sys/types.h>

struct ctx {
	const uint32_t *a, *b;	/* the sequences being compared (reduced) */
	bool *a_kept, *b_kept;
	ssize_t *vf, *vr;	/* furthest x per diagonal, indexed by k + off */
	ssize_t off;
};

struct snake {
	ssize_t x, y, u, v;	/* from (x, y) to (u, v), relative to the subproblem */
};

static void keep(struct ctx *c, ssize_t i, ssize_t j, ssize_t len)
{
	while (len-- > 0) {
		c->a_kept[i++] = true;
		c->b_kept[j++] = true;
	}
}

/*
 * The middle snake of the subproblem A[0..N) x B[0..M) (pointers already
 * offset).  N and M are both at least 1 and the first and last elements
 * differ, so the edit distance D is at least 2 and the snake splits the
 * problem into two with distances near D / 2, both smaller than D.
 *
 * Paths may step past the grid's far edges (no snake is followed there);
 * such a point can never be on a path to the other corner, so only points
 * inside the grid are taken as the meeting of the two searches.
 */
static struct snake middle(struct ctx *c, const uint32_t *a, ssize_t n, const uint32_t *b,
			   ssize_t m)
{
	ssize_t delta = n - m, d, k, x, y, x0, y0;
	ssize_t *vf = c->vf + c->off, *vr = c->vr + c->off;
	bool odd = delta & 1;

	vf[1] = 0;
	vr[delta + 1] = n + 1;
	for (d = 0; d <= (n + m + 1) / 2; d++) {
		for (k = -d; k <= d; k += 2) {
			x = (k == -d || (k != d && vf[k - 1] < vf[k + 1])) ? vf[k + 1]
									     : vf[k - 1] + 1;
			y = x - k;
			x0 = x;
			y0 = y;
			while (x < n && y < m && a[x] == b[y]) {
				x++;
				y++;
			}
			vf[k] = x;
			/* Reverse paths of cost d - 1 cover diagonals delta +- (d - 1). */
			if (odd && k >= delta - (d - 1) && k <= delta + (d - 1) && x >= vr[k] &&
			    x <= n && y <= m)
				return (struct snake){ x0, y0, x, y };
		}
		for (k = -d; k <= d; k += 2) {
			ssize_t kr = k + delta;

			x = (k == -d || (k != d && vr[kr + 1] <= vr[kr - 1])) ? vr[kr + 1] - 1
									       : vr[kr - 1];
			y = x - kr;
			x0 = x;
			y0 = y;
			while (x > 0 && y > 0 && a[x - 1] == b[y - 1]) {
				x--;
				y--;
			}
			vr[kr] = x;
			if (!odd && kr >= -d && kr <= d && x <= vf[kr] && x >= 0 && y >= 0)
				return (struct snake){ x, y, x0, y0 };
		}
	}
	abort();	/* the searches meet by d = ceil((N + M) / 2), Myers' lemma 3 */
}

/* Mark one longest common subsequence of A[ai..an) x B[bi..bm). */
static void solve(struct ctx *c, ssize_t ai, ssize_t an, ssize_t bi, ssize_t bm)
{
	struct snake s;

	while (ai < an && bi < bm && c->a[ai] == c->b[bi])
		keep(c, ai++, bi++, 1);
	while (ai < an && bi < bm && c->a[an - 1] == c->b[bm - 1])
		keep(c, --an, --bm, 1);
	if (ai == an || bi == bm)
		return;		/* the rest is only removals or only additions */
	s = middle(c, c->a + ai, an - ai, c->b + bi, bm - bi);
	keep(c, ai + s.x, bi + s.y, s.u - s.x);
	solve(c, ai, ai + s.x, bi, bi + s.y);
	solve(c, ai + s.u, an, bi + s.v, bm);
}

/*
 * Copy into OUT the elements of IN that occur in the other sequence (COUNT
 * of their id non-zero) and their positions into POS; returns how many.
 * An element found on one side only is never common, so setting it aside
 * keeps the result exact while the search runs on what can match.
 */
static size_t reduce(const uint32_t *in, size_t n, const size_t *count, uint32_t *out,
		     size_t *pos)
{
	size_t i, r = 0;

	for (i = 0; i < n; i++)
		if (count[in[i]]) {
			out[r] = in[i];
			pos[r++] = i;
		}
	return r;
}

int seqdiff(const uint32_t *a, size_t n, const uint32_t *b, size_t m, uint32_t nids,
	    bool *a_kept, bool *b_kept)
{
	size_t *in_a = calloc(nids ? nids : 1, sizeof(*in_a));
	size_t *in_b = calloc(nids ? nids : 1, sizeof(*in_b));
	uint32_t *ra = malloc((n ? n : 1) * sizeof(*ra)), *rb = malloc((m ? m : 1) * sizeof(*rb));
	size_t *pa = malloc((n ? n : 1) * sizeof(*pa)), *pb = malloc((m ? m : 1) * sizeof(*pb));
	bool *ka = calloc(n ? n : 1, sizeof(*ka)), *kb = calloc(m ? m : 1, sizeof(*kb));
	/*
	 * Forward diagonals reach +-(N + M + 1) / 2, reverse ones as far around
	 * N - M, and the searches read one past either end.
	 */
	size_t off = 2 * (n + m) + 2, span = 2 * off + 1;
	ssize_t *vf = malloc(span * sizeof(*vf)), *vr = malloc(span * sizeof(*vr));
	struct ctx c;
	size_t i, rn, rm;
	int err = -ENOMEM;

	if (!in_a || !in_b || !ra || !rb || !pa || !pb || !ka || !kb || !vf || !vr)
		goto out;
	for (i = 0; i < n; i++)
		in_a[a[i]]++;
	for (i = 0; i < m; i++)
		in_b[b[i]]++;
	rn = reduce(a, n, in_b, ra, pa);
	rm = reduce(b, m, in_a, rb, pb);
	c = (struct ctx){ ra, rb, ka, kb, vf, vr, (ssize_t)off };
	solve(&c, 0, (ssize_t)rn, 0, (ssize_t)rm);
	for (i = 0; i < n; i++)
		a_kept[i] = false;
	for (i = 0; i < m; i++)
		b_kept[i] = false;
	for (i = 0; i < rn; i++)
		a_kept[pa[i]] = ka[i];
	for (i = 0; i < rm; i++)
		b_kept[pb[i]] = kb[i];
	err = 0;
out:
	free(in_a);
	free(in_b);
	free(ra);
	free(rb);
	free(pa);
	free(pb);
	free(ka);
	free(kb);
	free(vf);
	free(vr);
	return err;
}
