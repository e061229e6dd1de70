// SPDX-License-Identifier: GPL-2.0-only
#include "load.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "ipectl.h"
#include "json.h"

#define EXCERPT_HALF 60

/*
 * Start and end of 1-based line LINE, counting CR LF as one break, looking
 * from the start of line C->line at C->pos (moved there when found).
 */
static bool find_line(const char *s, size_t len, struct diag_cursor *c, uint32_t line,
		      size_t *start, size_t *end)
{
	size_t i;
	uint32_t n;

	if (line < c->line)
		*c = (struct diag_cursor){ .pos = 0, .line = 1 };
	i = c->pos;
	n = c->line;
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
	*start = c->pos = i;
	c->line = n;
	while (i < len && s[i] != '\n' && s[i] != '\r')
		i++;
	*end = i;
	return true;
}

static void put_excerpt(FILE *f, const char *s, size_t len, size_t col0)
{
	size_t from = col0 > EXCERPT_HALF ? col0 - EXCERPT_HALF : 0;
	size_t to = len - from > 2 * EXCERPT_HALF ? from + 2 * EXCERPT_HALF : len;
	size_t i, caret = 0;

	fputs("  ", f);
	if (from) {
		fputs("...", f);
		caret += 3;
	}
	/* One output byte per input byte, so the caret lines up. */
	for (i = from; i < to; i++) {
		unsigned char c = (unsigned char)s[i];

		fputc(c >= 0x20 && c < 0x7f ? c : '?', f);
	}
	if (to < len)
		fputs("...", f);
	caret += col0 - from;
	fprintf(f, "\n  %*s^\n", (int)caret, "");
}

void diag_excerpt(FILE *f, const struct input *in, struct diag_cursor *c, uint32_t line,
		  uint32_t col)
{
	size_t start, end;

	if (!c->textlen_known) {
		c->textlen = strnlen(in->buf, in->len);
		c->textlen_known = true;
	}
	if (!find_line(in->buf, c->textlen, c, line, &start, &end))
		return;
	if (col - 1 <= end - start)
		put_excerpt(f, in->buf + start, end - start, col - 1);
}

void diag_print(const struct input *in, const struct ipe_diag *d)
{
	const char *errname = ipe_errno_name(d->err);
	struct diag_cursor c = DIAG_CURSOR_INIT;

	fprintf(stderr, "%s:%u:%u: error: %s (%s)\n", in->name, d->line, d->col, d->msg,
		errname ? errname : "?");
	if (d->err != ENOMEM)
		diag_excerpt(stderr, in, &c, d->line, d->col);
}

void diag_json_failure(FILE *f, int rc, const struct ipe_diag *d)
{
	if (rc == EXIT_INVALID) {
		fprintf(f, ", \"valid\": false, \"errno\": \"%s\", \"line\": %u, \"column\": %u, "
			"\"message\": ", ipe_errno_name(d->err), d->line, d->col);
		json_cstr(f, d->msg);
	} else {
		fprintf(f, ", \"valid\": false, \"error\": \"unreadable\"");
	}
}

int policy_load_input(const char *path, struct input *in, struct ipe_policy **out,
		      struct ipe_diag *diag)
{
	struct ipe_diag local;
	int rc;

	if (!diag)
		diag = &local;
	*out = NULL;
	if (input_read(path, in))
		return EXIT_USAGE;
	rc = ipe_policy_parse(in->buf, in->len, out, diag);
	if (rc == -ENOMEM) {
		fprintf(stderr, "ipectl: %s: out of memory\n", in->name);
		input_free(in);
		return EXIT_USAGE;
	}
	if (rc)
		diag_print(in, diag);
	return rc ? EXIT_INVALID : EXIT_OK;
}

int policy_load(const char *path, struct ipe_policy **out, struct ipe_diag *diag)
{
	struct input in;
	int rc = policy_load_input(path, &in, out, diag);

	input_free(&in);
	return rc;
}
