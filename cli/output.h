/* SPDX-License-Identifier: GPL-2.0-only */
/* Writing a command's result file: whole or not at all. */
#ifndef IPECTL_OUTPUT_H
#define IPECTL_OUTPUT_H

#include <stddef.h>

/*
 * Write LEN bytes to PATH ("-" = standard output) through a temporary file
 * renamed into place, so a failure never leaves a partial file.  Returns 0,
 * or prints "ipectl: PATH: reason" and returns -1.
 */
int output_write(const char *path, const void *buf, size_t len);

#endif
