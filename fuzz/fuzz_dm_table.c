// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer target for the reader of `dmsetup table` text
 * (cli/dm_table_text.c and cli/dm_verity_params.c), which ipectl gen runs on
 * whatever file it is given.  Every line is read as a table line and,
 * whatever its target, its rest as verity parameters, so the fuzzer reaches
 * the parameter parser without having to spell "verity" first.  Any bytes must give a result that lies
 * inside the input and keeps the documented bounds, or -EBADMSG with a
 * reason: no crash, no read past the line, no undefined behaviour.
 */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dm_table_text.h"
#include "dm_verity_params.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void inside(const struct dm_str *s, const char *line, size_t len)
{
	if (s->len && (s->s < line || s->len > len || s->s - line > (ptrdiff_t)(len - s->len)))
		abort();
	if (s->len && memchr(s->s, '\0', s->len))
		abort();
}

static void check_params(const char *params, size_t len)
{
	struct dm_verity_target v;
	const char *why = NULL;
	int err = dm_verity_params_parse(params, len, &v, &why);

	if (err) {
		if (err != -EBADMSG || !why)
			abort();
		return;
	}
	if (!v.alg[0] || strlen(v.alg) >= DM_VERITY_ALG_MAX || strchr(v.alg, ':'))
		abort();
	if (!v.digest_len || v.digest_len > DM_VERITY_DIGEST_MAX)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data, *line, *end;
	struct dm_table_line l;
	const char *why;
	size_t len;
	int err;

	for (line = text; line < text + size; line = end + 1) {
		end = memchr(line, '\n', (size_t)(text + size - line));
		if (!end)
			end = text + size;
		len = (size_t)(end - line);
		why = NULL;
		err = dm_table_line_parse(line, len, &l, &why);
		if (err == -ENODATA)
			continue;
		if (err) {
			if (err != -EBADMSG || !why)
				abort();
			continue;
		}
		if (!l.target.len)
			abort();
		inside(&l.name, line, len);
		inside(&l.target, line, len);
		inside(&l.params, line, len);
		check_params(l.params.s, l.params.len);
	}
	/* The whole input as one parameter string, NUL bytes and newlines included. */
	check_params(text, size);
	return 0;
}
