/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The shortest edit script between two sequences (Myers' O(ND) algorithm in
 * linear space), for comparing rule lists.
 *
 * Contract:
 *  - Elements are ids in [0, NIDS): equal ids are equal elements, so the
 *    caller maps its texts to ids once and the algorithm never compares text.
 *  - The result marks which elements of each side belong to one longest
 *    common subsequence; every other element of A was removed and of B added.
 *    The fewest removals plus additions, never an approximation.
 *  - Time O((N + M) D) where D is the number of removals plus additions,
 *    after elements found on one side only are set aside in O(N + M), so
 *    near-identical and wholly different lists are both fast.  Memory O(N + M).
 */
#ifndef IPECTL_SEQDIFF_H
#define IPECTL_SEQDIFF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Fill A_KEPT[N] and B_KEPT[M].  Returns 0, or -ENOMEM (the arrays are then
 * undefined).
 */
int seqdiff(const uint32_t *a, size_t n, const uint32_t *b, size_t m, uint32_t nids,
	    bool *a_kept, bool *b_kept);

#endif
