/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What 'policy test' and 'policy diff --paths' say about the entries of a
 * walk that are not decided: links and special files skipped, paths that
 * could not be read.
 *
 * Contract:
 *  - An error goes to stderr as "CMD: PATH: REASON" whatever the output
 *    format, and counts towards the command's status 2.
 *  - A skipped entry is a "SKIP PATH (REASON)" line on stdout in text mode
 *    (none with QUIET).
 *  - In JSON mode both are gathered and printed later as the members
 *    "skipped": [{"path", "reason"}] and "errors": [{"path", "error"}].
 */
#ifndef IPECTL_WALK_REPORT_H
#define IPECTL_WALK_REPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "walk.h"

struct walk_report {
	const char *cmd;
	bool json, quiet;
	unsigned long skipped, errors;
	FILE *skip_f, *err_f;		/* memstreams, JSON only */
	char *skip_buf, *err_buf;
	size_t skip_len, err_len;
};

/* Returns 0 or -ENOMEM. */
int walk_report_init(struct walk_report *wr, const char *cmd, bool json, bool quiet);
void walk_report_free(struct walk_report *wr);

/* Report E when it is not a regular file; returns whether it was reported. */
bool walk_report_entry(struct walk_report *wr, const struct walk_entry *e);
/* A file that was found but could not be read (ERR positive). */
void walk_report_error(struct walk_report *wr, const char *path, int err);

/* JSON: ',\n  "skipped": [...],\n  "errors": [...]' at INDENT spaces. */
void walk_report_put_json(struct walk_report *wr, int indent);

#endif
