/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What a 1420 record means against a policy, and what would change it:
 *  - which statement of the policy made the decision: the one whose audit
 *    text equals the record's rule= (the first such rule of the op, or the
 *    default the kernel would have reached); none when the record was made
 *    under another policy;
 *  - the file as it is now (its properties read by fileprops_read()), and
 *    whether it is still the audited one (same dev= name and inode);
 *  - the decision the policy makes today, on those properties, uncertain
 *    as 'policy test' says it (file_verdict.h) when it depends on one that
 *    could not be read;
 *  - the smallest change that would allow it, decided from the file and the
 *    policy as they are now.
 *
 * Contract: nothing here prints; the caller words it.  The record's path is
 * read only when it is absolute (d_path renders some files as text that is
 * not a path), without a " (deleted)" suffix.
 */
#ifndef IPECTL_EXPLANATION_H
#define IPECTL_EXPLANATION_H

#include <stdbool.h>
#include <stdint.h>

#include <libipe.h>

#include "access_record.h"
#include "fileprops.h"

enum advice {
	ADVICE_NONE,		/* the record says ALLOW: nothing to change */
	ADVICE_ALLOWED_NOW,	/* it says DENY, but the policy allows the file today */
	ADVICE_RULE,		/* add .rule: before .before_line, or (0) among the op's rules */
	ADVICE_NO_INTEGRITY,	/* the file has no integrity property a rule could name */
	ADVICE_NO_FILE,		/* no file: only the =FALSE forms match, and match widely */
	ADVICE_UNKNOWN_OP,	/* an op no rule can name: only the global DEFAULT decides */
	ADVICE_FILE_GONE,	/* the file cannot be read now: nothing to name */
	ADVICE_UNREADABLE,	/* ipe-bpf could not read a property: no statement decided */
};

#define EXPLANATION_RULE_MAX 256

struct explanation {
	/* The statement that made the decision, when the policy holds it. */
	bool in_policy;
	uint8_t match;		/* enum ipe_match */
	uint32_t line;		/* 0: nowhere written (an unknown op, no global default) */

	/* The file now.  Only for a record with a file. */
	char *now_path;		/* the path read; NULL when the record's is not one */
	bool deleted;		/* the audited path ended in " (deleted)" */
	int file_err;		/* 0, or fileprops_read()'s negative errno */
	struct fileprops fp;	/* when file_err is 0 */
	bool dev_changed, ino_changed;

	/* The decision today: not made when the file cannot be read. */
	bool evaluated;
	struct ipe_decision today;
	char *today_rule;	/* its audit text */
	bool uncertain;		/* it depends on a property that could not be read */
	uint32_t today_line;	/* as .line */

	enum advice advice;
	char rule[EXPLANATION_RULE_MAX];	/* ADVICE_RULE: the rule to add */
	uint32_t before_line;			/* ADVICE_RULE: 0 = anywhere among the op's */
};

/* How the file's properties are read: fileprops_read(), or a test's stand-in. */
typedef int (*explanation_reader)(const char *path, struct fileprops *fp);

/*
 * Explain R against P, reading the file with READ.  Returns 0 or -ENOMEM;
 * free with explanation_free().  *X must not be copied: its properties
 * point into it.
 */
int explanation_make(const struct ipe_policy *p, const struct access_record *r,
		     explanation_reader read, struct explanation *x);
void explanation_free(struct explanation *x);

#endif
