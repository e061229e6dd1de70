// SPDX-License-Identifier: GPL-2.0-only
#include "load.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "ipectl.h"

#define EXCERPT_HALF 60

/* Start and end of 1-based line LINE, counting CR LF as one break. */
static bool find_line(const char *s, size_t len, uint32_t line, size_t *start, size_t *end)
{
	size_t i = 0;
	uint32_t n = 1;

	while (n < line) {
		while (i < len && s[i] != '\n' && s[i] != '\r')
			i++;
		if (i == len)
			return false;
		if (s[i] == '\r' && i + 1 < len && s[i + 1] == '\n')
			i++;
		i++;
		n++;
	}
	*start = i;
	while (i < len && s[i] != '\n' && s[i] != '\r')
		i++;
	*end = i;
	return true;
}

static void put_excerpt(const char *s, size_t len, size_t col0)
{
	size_t from = col0 > EXCERPT_HALF ? col0 - EXCERPT_HALF : 0;
	size_t to = len - from > 2 * EXCERPT_HALF ? from + 2 * EXCERPT_HALF : len;
	size_t i, caret = 0;

	fputs("  ", stderr);
	if (from) {
		fputs("...", stderr);
		caret += 3;
	}
	/* One output byte per input byte, so the caret lines up. */
	for (i = from; i < to; i++) {
		unsigned char c = (unsigned char)s[i];

		fputc(c >= 0x20 && c < 0x7f ? c : '?', stderr);
	}
	if (to < len)
		fputs("...", stderr);
	caret += col0 - from;
	fprintf(stderr, "\n  %*s^\n", (int)caret, "");
}

void diag_print(const struct input *in, const struct ipe_diag *d)
{
	const char *errname = ipe_errno_name(d->err);
	size_t textlen = strnlen(in->buf, in->len), start, end;

	fprintf(stderr, "%s:%u:%u: error: %s (%s)\n", in->name, d->line, d->col, d->msg,
		errname ? errname : "?");
	if (d->err == ENOMEM || !find_line(in->buf, textlen, d->line, &start, &end))
		return;
	if (d->col - 1 <= end - start)
		put_excerpt(in->buf + start, end - start, d->col - 1);
}

int policy_load(const char *path, struct ipe_policy **out, struct ipe_diag *diag)
{
	struct ipe_diag local;
	struct input in;
	int rc;

	if (!diag)
		diag = &local;
	*out = NULL;
	if (input_read(path, &in))
		return EXIT_USAGE;
	rc = ipe_policy_parse(in.buf, in.len, out, diag);
	if (rc == -ENOMEM) {
		fprintf(stderr, "ipectl: %s: out of memory\n", in.name);
		input_free(&in);
		return EXIT_USAGE;
	}
	if (rc)
		diag_print(&in, diag);
	input_free(&in);
	return rc ? EXIT_INVALID : EXIT_OK;
}
