// SPDX-License-Identifier: LGPL-2.1-or-later
#include "strbuf.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool reserve(struct ipe_strbuf *sb, size_t n)
{
	size_t cap;
	char *p;

	if (sb->failed)
		return false;
	if (n < sb->cap - sb->len)	/* keeps room for the final NUL */
		return true;
	if (n > SIZE_MAX / 2 - sb->len - 1)
		goto fail;
	cap = sb->cap ? sb->cap : 64;
	while (cap - sb->len <= n)
		cap *= 2;
	p = realloc(sb->buf, cap);
	if (!p)
		goto fail;
	sb->buf = p;
	sb->cap = cap;
	return true;
fail:
	sb->failed = true;
	return false;
}

void ipe_strbuf_append(struct ipe_strbuf *sb, const void *s, size_t n)
{
	if (!reserve(sb, n))
		return;
	if (n)
		memcpy(sb->buf + sb->len, s, n);
	sb->len += n;
	sb->buf[sb->len] = '\0';
}

void ipe_strbuf_puts(struct ipe_strbuf *sb, const char *s)
{
	ipe_strbuf_append(sb, s, strlen(s));
}

void ipe_strbuf_printf(struct ipe_strbuf *sb, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0) {
		sb->failed = true;
		return;
	}
	if (!reserve(sb, (size_t)n))
		return;
	va_start(ap, fmt);
	vsnprintf(sb->buf + sb->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	sb->len += (size_t)n;
}

void ipe_strbuf_hex(struct ipe_strbuf *sb, const void *s, size_t n, bool upper)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	const unsigned char *p = s;
	char *out;
	size_t i;

	if (n > SIZE_MAX / 2 || !reserve(sb, 2 * n))
		return;
	out = sb->buf + sb->len;
	for (i = 0; i < n; i++) {
		*out++ = digits[p[i] >> 4];
		*out++ = digits[p[i] & 15];
	}
	sb->len += 2 * n;
	sb->buf[sb->len] = '\0';
}

void ipe_strbuf_escaped(struct ipe_strbuf *sb, const void *s, size_t n)
{
	const unsigned char *p = s;
	size_t i;

	for (i = 0; i < n; i++) {
		if (p[i] >= 0x20 && p[i] < 0x7f && p[i] != '\\')
			ipe_strbuf_append(sb, &p[i], 1);
		else
			ipe_strbuf_printf(sb, "\\x%02x", p[i]);
	}
}

char *ipe_strbuf_finish(struct ipe_strbuf *sb, size_t *len)
{
	if (!sb->failed && !sb->buf)
		reserve(sb, 0);
	if (sb->failed) {
		free(sb->buf);
		*sb = (struct ipe_strbuf){ 0 };
		return NULL;
	}
	sb->buf[sb->len] = '\0';
	if (len)
		*len = sb->len;
	return sb->buf;
}
