/* SPDX-License-Identifier: GPL-2.0-only */
/* Loading a policy file for a command, with a compiler-style diagnostic. */
#ifndef IPECTL_LOAD_H
#define IPECTL_LOAD_H

#include <libipe.h>

#include "input.h"

/*
 * Print "NAME:LINE:COL: error: MESSAGE (ERRNO)" on one line, then the
 * offending source line and a caret under the column.
 */
void diag_print(const struct input *in, const struct ipe_diag *d);

/*
 * Read and parse PATH.  Returns EXIT_OK with *OUT set, EXIT_INVALID after
 * printing the diagnostic (and the diagnostic in *DIAG when not NULL), or
 * EXIT_USAGE when the file cannot be read.
 */
int policy_load(const char *path, struct ipe_policy **out, struct ipe_diag *diag);

#endif
