// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer target for the reader of `dmsetup table` text
 * (cli/dm_table_text.c), which ipectl gen runs on whatever file it is given.
 * Every line is read as a table line and, whatever its target, its rest as
 * verity parameters, so the fuzzer reaches the parameter parser without
 * having to spell "verity" first.  Any bytes must give a result that lies
 * inside the input and keeps the documented bounds, or -EBADMSG with a
 * reason: no crash, no read past the line, no undefined behaviour.
 */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dm_table_text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void inside(const struct dm_str *s, const char *line, size_t len)
{
	if (s->len && (s->s < line || s->len > len || s->s - line > (ptrdiff_t)(len - s->len)))
		abort();
	if (s->len && memchr(s->s, '\0', s->len))
		abort();
}

static void check_params(const struct dm_str *params, const char *line, size_t len)
{
	struct dm_verity_params v;
	const char *why = NULL;
	int err = dm_verity_params_parse(params, &v, &why);

	if (err) {
		if (err != -EBADMSG || !why)
			abort();
		return;
	}
	if (v.version > 1 || !v.dev.len || !v.hash_dev.len)
		abort();
	inside(&v.dev, line, len);
	inside(&v.hash_dev, line, len);
	inside(&v.sig_key, line, len);
	if (v.data_block_size < 512 || (v.data_block_size & (v.data_block_size - 1)) ||
	    v.hash_block_size < 512 || (v.hash_block_size & (v.hash_block_size - 1)))
		abort();
	if (!v.alg[0] || strlen(v.alg) > DM_VERITY_MAX_ALG)
		abort();
	if (!v.digest_len || v.digest_len > DM_VERITY_MAX_DIGEST || v.salt_len > DM_VERITY_MAX_SALT)
		abort();
	if (v.sig_key.len && v.nopts < 2)
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
		check_params(&l.params, line, len);
	}
	/* The whole input as one parameter string, NUL bytes and newlines included. */
	{
		struct dm_str all = { text, size };

		check_params(&all, text, size);
	}
	return 0;
}
