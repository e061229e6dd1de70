/* SPDX-License-Identifier: GPL-2.0-only */
/* Loading a policy file for a command, with a compiler-style diagnostic. */
#ifndef IPECTL_LOAD_H
#define IPECTL_LOAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <libipe.h>

#include "input.h"

/*
 * Print "NAME:LINE:COL: error: MESSAGE (ERRNO)" on one line, then the
 * offending source line and a caret under the column.
 */
void diag_print(const struct input *in, const struct ipe_diag *d);

/* Where diag_excerpt left off in one input, so many excerpts in line order cost one pass. */
struct diag_cursor {
	size_t pos;		/* the start of line LINE */
	uint32_t line;
	size_t textlen;		/* up to the first NUL */
	bool textlen_known;
};
#define DIAG_CURSOR_INIT ((struct diag_cursor){ .line = 1 })

/*
 * The source line LINE of IN, indented, and a caret under byte column COL,
 * on F; nothing when IN has no such line or column.  Every diagnostic that
 * points into a policy ends with it.  C starts as DIAG_CURSOR_INIT for IN.
 */
void diag_excerpt(FILE *f, const struct input *in, struct diag_cursor *c, uint32_t line,
		  uint32_t col);

/*
 * The members after "file" of a --json entry for a file that did not load
 * (RC is EXIT_INVALID with D filled in, or EXIT_USAGE): "valid": false and
 * the diagnostic, or "error": "unreadable".  No braces.
 */
void diag_json_failure(FILE *f, int rc, const struct ipe_diag *d);

/*
 * Read and parse PATH.  Returns EXIT_OK with *OUT set, EXIT_INVALID after
 * printing the diagnostic (and the diagnostic in *DIAG when not NULL), or
 * EXIT_USAGE when the file cannot be read.
 */
int policy_load(const char *path, struct ipe_policy **out, struct ipe_diag *diag);

/*
 * policy_load, keeping the text read in *IN for later diagnostics (none
 * after EXIT_USAGE); the caller always input_free()s *IN.
 */
int policy_load_input(const char *path, struct input *in, struct ipe_policy **out,
		      struct ipe_diag *diag);

#endif
