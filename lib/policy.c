// SPDX-License-Identifier: LGPL-2.1-or-later
/* Life cycle and comparison of parsed policies. */
#include <string.h>

#include "arena.h"
#include "libipe.h"

void ipe_policy_free(struct ipe_policy *p)
{
	if (p)
		ipe_arena_free(p->arena);	/* the policy lives in its own arena */
}

uint64_t ipe_policy_version_number(const struct ipe_policy *p)
{
	return (uint64_t)p->version[0] << 32 | (uint64_t)p->version[1] << 16 | p->version[2];
}

static bool digest_equal(const struct ipe_digest *a, const struct ipe_digest *b)
{
	return a->len == b->len && strcmp(a->alg, b->alg) == 0 &&
	       (a->len == 0 || memcmp(a->bytes, b->bytes, a->len) == 0);
}

static bool rule_equal(const struct ipe_rule *a, const struct ipe_rule *b)
{
	uint32_t i;

	if (a->op != b->op || a->action != b->action || a->nprops != b->nprops)
		return false;
	for (i = 0; i < a->nprops; i++) {
		const struct ipe_prop *pa = &a->props[i], *pb = &b->props[i];

		if (pa->kind != pb->kind)
			return false;
		if ((pa->kind == IPE_PROP_DMV_ROOTHASH || pa->kind == IPE_PROP_FSV_DIGEST) &&
		    !digest_equal(&pa->digest, &pb->digest))
			return false;
	}
	return true;
}

static const struct ipe_rule *next_of_op(const struct ipe_rule *r, unsigned op)
{
	while (r && r->op != op)
		r = r->next;
	return r;
}

bool ipe_policy_equal(const struct ipe_policy *a, const struct ipe_policy *b)
{
	unsigned op;

	if (strcmp(a->name, b->name) || ipe_policy_version_number(a) != ipe_policy_version_number(b) ||
	    a->global_default != b->global_default || a->nrules != b->nrules ||
	    memcmp(a->op_default, b->op_default, sizeof(a->op_default)))
		return false;
	/* Only the order within one op means anything. */
	for (op = 0; op < IPE_OP_COUNT; op++) {
		const struct ipe_rule *ra = next_of_op(a->rules, op);
		const struct ipe_rule *rb = next_of_op(b->rules, op);

		for (; ra && rb; ra = next_of_op(ra->next, op), rb = next_of_op(rb->next, op))
			if (!rule_equal(ra, rb))
				return false;
		if (ra || rb)
			return false;
	}
	return true;
}
