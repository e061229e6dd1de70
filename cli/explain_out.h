/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ipectl explain's words: one record and its explanation, as text for a
 * person or as a JSON object for a script, with the same facts in both.
 * Bytes from the log (comm, path, dev) are shown escaped (\xNN in text,
 * \u00NN in JSON), never written raw to a terminal.
 */
#ifndef IPECTL_EXPLAIN_OUT_H
#define IPECTL_EXPLAIN_OUT_H

#include <stddef.h>
#include <stdio.h>

#include "access_record.h"
#include "active_policy.h"
#include "explanation.h"

/* One record found, and what was made of it. */
struct explain_item {
	size_t line;			/* in the log, 1-based; 0 for a RECORD argument */
	int err;			/* 0, or -EBADMSG for a damaged record */
	struct access_record rec;	/* when err is 0 */
	struct explanation x;		/* when err is 0 */
};

/* LOG is the log's name, NULL for a RECORD argument. */
void explain_out_text(FILE *f, const char *log, const struct explain_item *it,
		      const struct active_policy *ap);
void explain_out_json(FILE *f, const char *log, const struct explain_item *it,
		      const struct active_policy *ap);

#endif
