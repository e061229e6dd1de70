/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The rules of a policy grouped by what they can match, so the lint finds
 * the few rules that can match one event without scanning them all.
 *
 * A rule that can match anything names at most one digest of each kind.
 * Its signature is (op, dm-verity digest or none, fs-verity digest or
 * none, the set of its boolean properties); rules with the same signature
 * match the same events.  A bucket holds the signatures that share
 * (op, digest selection); a selection is none, one digest value, or "any
 * digest" (every rule that names some digest of that kind, whatever it is).
 * A bucket has at most 64 boolean sets x 2 actions entries, each entry the
 * earliest and the latest rule with that signature and action.
 */
#ifndef IPE_LINT_INDEX_H
#define IPE_LINT_INDEX_H

#include <stdint.h>

#include "libipe.h"

enum { SEL_NONE, SEL_KEY, SEL_ANY };

struct lint_key {
	uint8_t op;
	uint8_t dsel, fsel;			/* SEL_* */
	const struct ipe_digest *dmv, *fsv;	/* the value, for SEL_KEY */
};

struct lint_entry {
	uint32_t first, last;	/* positions of the earliest and latest rule */
	uint32_t next;		/* the bucket's next entry + 1; 0 ends it */
	uint8_t mask;		/* the boolean properties, one bit per kind */
	uint8_t action;
};

struct lint_index;

struct lint_index *lint_index_new(void);
void lint_index_free(struct lint_index *ix);

/* Add the rule at POS (positions come in increasing order).  0 or -ENOMEM. */
int lint_index_add(struct lint_index *ix, const struct lint_key *k, uint8_t mask,
		   uint8_t action, uint32_t pos);

/* The first entry of bucket K, or NULL; the others through lint_index_next. */
const struct lint_entry *lint_index_find(const struct lint_index *ix, const struct lint_key *k);
const struct lint_entry *lint_index_next(const struct lint_index *ix, const struct lint_entry *e);

#endif
