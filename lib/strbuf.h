/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * A growable byte string for the printers.  Appends after an allocation
 * failure are ignored and the failure is remembered, so callers check once,
 * at the end (ipe_strbuf_finish).
 */
#ifndef IPE_STRBUF_H
#define IPE_STRBUF_H

#include <stdbool.h>
#include <stddef.h>

struct ipe_strbuf {
	char *buf;
	size_t len, cap;
	bool failed;
};

void ipe_strbuf_append(struct ipe_strbuf *sb, const void *s, size_t n);
void ipe_strbuf_puts(struct ipe_strbuf *sb, const char *s);
void ipe_strbuf_printf(struct ipe_strbuf *sb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* N bytes for a message: printable ASCII as is, other bytes and '\' as \xNN. */
void ipe_strbuf_escaped(struct ipe_strbuf *sb, const void *s, size_t n);
/* Upper- or lower-case hex of N bytes. */
void ipe_strbuf_hex(struct ipe_strbuf *sb, const void *s, size_t n, bool upper);
/* The NUL-terminated string (length in *LEN), or NULL after any failure. */
char *ipe_strbuf_finish(struct ipe_strbuf *sb, size_t *len);

#endif
