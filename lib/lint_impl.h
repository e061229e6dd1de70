/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * What the parts of the lint share: what is known of each rule, the state of
 * one run, and how a warning is recorded.  lint.c drives a run and checks
 * single properties; lint_reach.c decides reachability.
 */
#ifndef IPE_LINT_IMPL_H
#define IPE_LINT_IMPL_H

#include <stdbool.h>
#include <stdint.h>

#include "libipe-lint.h"
#include "lint_index.h"
#include "strbuf.h"

#define NONE_POS UINT32_MAX

/* What the lint knows of one rule. */
struct rinfo {
	const struct ipe_rule *r;		/* NULL for a made-up subject */
	const struct ipe_digest *dmv, *fsv;	/* the first digest of each kind it names */
	uint64_t kept;				/* the witnesses it matches, l->providers */
	uint8_t op;
	uint8_t mask;				/* its boolean properties: 1 << kind */
};

struct lint {
	const struct ipe_policy *p;
	const struct ipe_lint_options *o;
	unsigned providers;		/* the kernel's when known, else all */
	struct rinfo *info;		/* by position in file order */
	struct lint_index *ix;
	struct ipe_arena *arena;
	struct item *items;		/* the warnings so far (lint.c) */
	size_t nitems, cap;
	bool nomem;
};

/*
 * Record a warning at LINE:COL; SB is its message (consumed), RELATED the
 * lines of the other statements involved.  On ENOMEM l->nomem is set and
 * later warnings are dropped.
 */
void lint_warn(struct lint *l, unsigned cls, uint32_t line, uint32_t col, struct ipe_strbuf *sb,
	       const uint32_t *related, uint32_t nrelated);

static inline void lint_warn_rule(struct lint *l, unsigned cls, const struct ipe_rule *r,
				  struct ipe_strbuf *sb, const uint32_t *related, uint32_t nrelated)
{
	lint_warn(l, cls, r->line, r->col, sb, related, nrelated);
}

/*
 * The reachability class of the rule at POS, the most specific one:
 * never-matches, duplicate, shadowed or redundant-default; none for a rule
 * that only a missing provider stops from matching (unsupported-property
 * says so).  Every rule that can match is in l->ix.
 */
void lint_reachability(struct lint *l, uint32_t pos);

/* default-allow-execute, for the policy as a whole. */
void lint_default_allow_execute(struct lint *l);

#endif
