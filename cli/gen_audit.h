/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ipectl gen --from-audit: the rules that would have allowed what a run
 * denied, from its 1420 records and the files their paths name now.
 *
 * Split in two so the mapping can be tested without a kernel that gives
 * files properties: gen_add_audit() (gen_sources.h) reads the log and the
 * files, gen_audit_event() turns one denied event and what was read of its
 * file into rules and comments.
 */
#ifndef IPECTL_GEN_AUDIT_H
#define IPECTL_GEN_AUDIT_H

#include "access_record.h"
#include "fileprops.h"
#include "gen_policy.h"

/* Denied events that are the same (op, hook, file path), folded into the first. */
struct audit_event {
	struct access_record rec;
	unsigned line;		/* the first record's line in the log */
	unsigned count;		/* how many records were folded into it */
};

/*
 * Add what EV of LOG gives: for a file (FP read from its path as
 * access_record_path_now() gives it, or READ_ERR the negative errno of
 * reading it, or FP NULL and READ_ERR 0 when that path is not one to read),
 * "op=OP PROPERTY action=ALLOW" under a comment naming the path, hook and
 * comm, and a comment instead of a rule (and a warning on stderr) when no
 * rule can allow only that file: an op the language cannot name, no file, a
 * path that names no file, a file that cannot be read, a file without an
 * integrity property.  A file that is not the one the record
 * names (other dev or inode) is warned about.  Returns EXIT_OK, or
 * EXIT_USAGE when out of memory.
 */
int gen_audit_event(struct gen_policy *g, const char *log, const struct audit_event *ev,
		    const struct fileprops *fp, int read_err);

#endif
