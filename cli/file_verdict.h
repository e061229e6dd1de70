/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A live file's decision under a policy, as 'policy test' and 'policy diff
 * --paths' report it.
 *
 * Contract:
 *  - The decision is ipe_evaluate()'s for the file's properties as
 *    fileprops_read() found them, with every property provider present.
 *  - A property fileprops could not read counts as absent for the decision,
 *    and the decision is UNCERTAIN when a rule examined up to the deciding
 *    one (all the op's rules for a default) could match or not depending on
 *    it: every property of that rule that was read holds, and one was not
 *    read.  A rule already failed by a property that was read changes nothing.
 *  - Text and JSON spellings live here so both commands print the same.
 */
#ifndef IPECTL_FILE_VERDICT_H
#define IPECTL_FILE_VERDICT_H

#include <stdbool.h>
#include <stdio.h>

#include <libipe.h>

#include "fileprops.h"

struct file_verdict {
	struct ipe_decision d;
	char *rule;		/* malloc'd: the rule="..." text */
	bool uncertain;
};

/* Returns 0, or -ENOMEM with nothing to free. */
int file_verdict_decide(const struct ipe_policy *p, uint8_t op, uint8_t hook,
			const struct fileprops *fp, struct file_verdict *v);
void file_verdict_free(struct file_verdict *v);

/* 'rule="TEXT" (line N)', '(op default)' or '(global default)'. */
void file_verdict_put_text(FILE *f, const struct file_verdict *v);
/* {"action", "rule", "match", "line" (null unless a rule), "uncertain"} */
void file_verdict_put_json(FILE *f, const struct file_verdict *v);

/*
 * The properties FP has, in policy spelling ("fsverity_digest=sha256:<hex>",
 * "boot_verified" ...) or "none", then "; unknown: NAMES" for those not read.
 */
void fileprops_put_text(FILE *f, const struct fileprops *fp);
/* "properties": [...], "unknown": [...] (members of an enclosing object) */
void fileprops_put_json(FILE *f, const struct fileprops *fp);

#endif
