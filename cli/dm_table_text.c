// SPDX-License-Identifier: GPL-2.0-only
#include "dm_table_text.h"

#include <errno.h>
#include <stdbool.h>
#include <string.h>

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* The next blank-separated word of *CUR, which advances past it; empty at the end. */
static struct dm_str next_word(struct dm_str *cur)
{
	struct dm_str w;

	while (cur->len && is_blank(*cur->s)) {
		cur->s++;
		cur->len--;
	}
	w.s = cur->s;
	for (w.len = 0; w.len < cur->len && !is_blank(w.s[w.len]); w.len++)
		;
	cur->s += w.len;
	cur->len -= w.len;
	return w;
}

/* A plain decimal number: digits only, no sign, no overflow. */
static bool parse_u64(const struct dm_str *w, uint64_t *v)
{
	size_t i;

	if (!w->len)
		return false;
	*v = 0;
	for (i = 0; i < w->len; i++) {
		if (w->s[i] < '0' || w->s[i] > '9')
			return false;
		if (__builtin_mul_overflow(*v, 10, v) ||
		    __builtin_add_overflow(*v, (uint64_t)(w->s[i] - '0'), v))
			return false;
	}
	return true;
}

int dm_table_line_parse(const char *line, size_t len, struct dm_table_line *out,
			const char **why)
{
	struct dm_str cur = { line, len }, w;
	size_t i;

	memset(out, 0, sizeof(*out));
	if (memchr(line, '\0', len)) {
		*why = "a NUL byte in the line";
		return -EBADMSG;
	}
	while (cur.len && (is_blank(cur.s[cur.len - 1]) || cur.s[cur.len - 1] == '\r'))
		cur.len--;
	if (!cur.len)
		return -ENODATA;
	/* A line starts with its START number unless dmsetup put "NAME: " before it. */
	for (i = 0; i < cur.len && cur.s[i] >= '0' && cur.s[i] <= '9'; i++)
		;
	if (!i || i == cur.len || !is_blank(cur.s[i])) {
		for (i = 0; i + 1 < cur.len; i++)
			if (cur.s[i] == ':' && is_blank(cur.s[i + 1]))
				break;
		/* dmsetup prints "NAME: " alone for a device without a table. */
		if (i + 1 >= cur.len && cur.len > 1 && cur.s[cur.len - 1] == ':') {
			out->name = (struct dm_str){ cur.s, cur.len - 1 };
			return -ENODATA;
		}
		if (i + 1 >= cur.len || !i) {
			*why = "not a table line: expected [NAME: ]START LENGTH TARGET [PARAMS]";
			return -EBADMSG;
		}
		out->name = (struct dm_str){ cur.s, i };
		cur.s += i + 1;
		cur.len -= i + 1;
	}
	w = next_word(&cur);
	if (!parse_u64(&w, &out->start)) {
		*why = "START is not a decimal number";
		return -EBADMSG;
	}
	w = next_word(&cur);
	if (!parse_u64(&w, &out->length)) {
		*why = "LENGTH is not a decimal number";
		return -EBADMSG;
	}
	out->target = next_word(&cur);
	if (!out->target.len) {
		*why = "no TARGET after START and LENGTH";
		return -EBADMSG;
	}
	while (cur.len && is_blank(*cur.s)) {
		cur.s++;
		cur.len--;
	}
	out->params = cur;
	return 0;
}
