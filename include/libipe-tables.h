/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libipe tables: a parsed policy compiled into the lookup tables the BPF
 * side walks (layout in ipe-tables.h), and the same walk in user space.
 *
 * Contract:
 *  - ipe_tables_build() keeps every op's first-match order exactly: for
 *    every event, ipe_tables_evaluate() decides what ipe_evaluate() decides
 *    with all providers present, and names the same rule.
 *  - Position N of a record is the N-th rule of the policy in file order
 *    (policy->rules), so an audit record can name the rule.
 *  - The tables do not point into the policy; free them on their own.
 */
#ifndef LIBIPE_TABLES_H
#define LIBIPE_TABLES_H

#include "ipe-tables.h"
#include "libipe.h"

#ifdef __cplusplus
extern "C" {
#endif

struct ipe_tbl_digest_entry {
	struct ipe_tbl_digest_key key;
	struct ipe_tbl_digest val;
};

struct ipe_tables {
	struct ipe_tbl_header header;
	struct ipe_tbl_rule *rules;		/* header.nrules records */
	struct ipe_tbl_digest_entry *digests;	/* header.ndigests, sorted by key */
};

/* 0 and the tables in *OUT, -ENOMEM, or -E2BIG when a list would need
 * more than IPE_TBL_SCAN_MAX records. */
int ipe_tables_build(const struct ipe_policy *p, struct ipe_tables **out);
void ipe_tables_free(struct ipe_tables *t);

/* Fill KEY for a digest of KIND (IPE_TBL_KIND_*); false when no table can
 * hold it (algorithm name too long, digest empty or too long). */
bool ipe_tables_digest_key(unsigned kind, const struct ipe_digest *d,
			   struct ipe_tbl_digest_key *key);

/* The decision the BPF side makes, walking T the way it does.  D->rule is
 * left NULL; *POS gets the matching rule's position (IPE_TBL_NO_RULE when
 * a default decided). */
void ipe_tables_evaluate(const struct ipe_tables *t, const struct ipe_event *ev,
			 struct ipe_decision *d, uint32_t *pos);

#ifdef __cplusplus
}
#endif

#endif
