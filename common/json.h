/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * JSON output.  Policy names and digest algorithms are arbitrary bytes while
 * JSON is UTF-8, so every byte outside printable ASCII is written as \u00XX:
 * the output is always valid JSON and a reader recovers each byte exactly.
 */
#ifndef IPE_JSON_H
#define IPE_JSON_H

#include <stddef.h>
#include <stdio.h>

void json_str(FILE *f, const char *s, size_t len);
/* json_str of a NUL-terminated string. */
void json_cstr(FILE *f, const char *s);

#endif
