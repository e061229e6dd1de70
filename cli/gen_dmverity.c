// SPDX-License-Identifier: GPL-2.0-only
#define _GNU_SOURCE	/* asprintf */
/* The dm-verity sources of ipectl gen: a volume's files, a given root hash, a dm table. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dm_table_text.h"
#include "dm_verity_params.h"
#include "dmverity_tree.h"
#include "gen_sources.h"
#include "hashalg.h"
#include "input.h"
#include "ipectl.h"

static int out_of_memory(void)
{
	fprintf(stderr, GEN_CMD ": out of memory\n");
	return EXIT_USAGE;
}

static int add_roothash(struct gen_policy *g, const char *alg, const uint8_t *digest, size_t len,
			const char *label)
{
	char *prop = gen_digest_prop("dmverity_roothash", alg, digest, len);

	if (!prop)
		return out_of_memory();
	gen_policy_rule(g, GEN_ALL_OPS, prop, "%s", label);
	free(prop);
	return EXIT_OK;
}

int gen_add_dmverity(struct gen_policy *g, const char *image, const char *hashtree)
{
	struct dmverity_root r;
	char msg[512], *label;
	int rc = dmverity_root_hash(image, hashtree, &r, msg, sizeof(msg));

	if (rc) {
		fprintf(stderr, GEN_CMD ": %s\n", msg);
		return rc == -EBADMSG ? EXIT_INVALID : EXIT_USAGE;
	}
	gen_policy_group(g, "dm-verity image %s, hash tree %s", image, hashtree);
	gen_policy_comment(g, "%s, %u-byte data and %u-byte hash blocks, %llu data blocks, %u hash levels, every hash block checked",
			   r.sb.alg, r.sb.data_block_size, r.sb.hash_block_size,
			   (unsigned long long)r.sb.data_blocks, r.levels);
	if (asprintf(&label, "--dmverity %s %s", image, hashtree) < 0)
		return out_of_memory();
	rc = add_roothash(g, r.sb.alg, r.digest, r.len, label);
	free(label);
	return rc;
}

int gen_roothash_prop(const char *value, char **prop)
{
	struct ipe_digest d;
	uint8_t *bytes;
	char *alg;
	int rc = ipe_digest_parse(value, &d, &alg, &bytes);

	if (rc == -ENOMEM)
		return out_of_memory();
	if (rc)
		return usage_error(GEN_CMD, "--roothash '%s': expected ALG:HEX with an even number of hex digits",
				   value);
	rc = hashalg_check_len(alg, d.len);
	if (rc) {
		usage_error(GEN_CMD, "--roothash '%s': %s", value, hashalg_strerror(rc));
	} else {
		*prop = gen_digest_prop("dmverity_roothash", alg, bytes, d.len);
		if (!*prop)
			out_of_memory();
	}
	free(alg);
	free(bytes);
	return rc || !*prop ? EXIT_USAGE : EXIT_OK;
}

/* One verity line of the table, at LINENO of IN. */
static int add_table_target(struct gen_policy *g, const struct input *in, unsigned lineno,
			    const struct dm_table_line *l)
{
	struct dm_verity_target v;
	const char *why;
	char *label;
	int rc;

	if (dm_verity_params_parse(l->params.s, l->params.len, &v, &why)) {
		fprintf(stderr, GEN_CMD ": %s:%u: malformed verity target: %s\n", in->name, lineno, why);
		return EXIT_INVALID;
	}
	rc = hashalg_check_len(v.alg, v.digest_len);
	if (rc) {
		fprintf(stderr, GEN_CMD ": %s:%u: malformed verity target: ALGORITHM '%s' and its %u-byte digest: %s\n",
			in->name, lineno, v.alg, v.digest_len, hashalg_strerror(rc));
		return EXIT_INVALID;
	}
	if (l->name.len)
		gen_policy_group(g, "dm-verity target of %.*s (%s line %u)", (int)l->name.len,
				 l->name.s, in->name, lineno);
	else
		gen_policy_group(g, "dm-verity target (%s line %u)", in->name, lineno);
	if (v.signed_)
		gen_policy_comment(g, "its table names a root hash signature (root_hash_sig_key_desc): dmverity_signature=TRUE holds where the kernel verified it");
	if (asprintf(&label, "%s line %u", in->name, lineno) < 0)
		return out_of_memory();
	rc = add_roothash(g, v.alg, v.digest, v.digest_len, label);
	free(label);
	return rc;
}

int gen_add_table(struct gen_policy *g, const char *path)
{
	struct dm_table_line l;
	struct input in;
	const char *line, *end, *why;
	unsigned lineno = 0, targets = 0;
	int rc = EXIT_OK, err;

	if (input_read(path, &in))
		return EXIT_USAGE;
	for (line = in.buf; rc == EXIT_OK && line < in.buf + in.len; line = end + 1) {
		end = memchr(line, '\n', (size_t)(in.buf + in.len - line));
		if (!end)
			end = in.buf + in.len;
		lineno++;
		err = dm_table_line_parse(line, (size_t)(end - line), &l, &why);
		if (err == -ENODATA) {
			if (l.name.len)
				fprintf(stderr, GEN_CMD ": note: %s:%u: skipping %.*s: no table loaded\n",
					in.name, lineno, (int)l.name.len, l.name.s);
			continue;
		}
		if (err) {
			fprintf(stderr, GEN_CMD ": %s:%u: %s\n", in.name, lineno, why);
			rc = EXIT_INVALID;
		} else if (l.target.len == 6 && !memcmp(l.target.s, "verity", 6)) {
			rc = add_table_target(g, &in, lineno, &l);
			targets++;
		} else {
			fprintf(stderr, GEN_CMD ": note: %s:%u: skipping a %.*s target%s%.*s\n", in.name,
				lineno, (int)l.target.len, l.target.s, l.name.len ? " of " : "",
				(int)l.name.len, l.name.s);
		}
	}
	if (rc == EXIT_OK && !targets) {
		fprintf(stderr, GEN_CMD ": %s: no verity target in the table\n", in.name);
		rc = EXIT_INVALID;
	}
	input_free(&in);
	return rc;
}
