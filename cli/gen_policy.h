/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The policy text ipectl gen writes, assembled in order: a comment block
 * naming what generated it and from which sources, the header, the
 * defaults, then each source's rules under comments saying where they come
 * from.  No timestamp: the same inputs give the same bytes.
 *
 * Comments carry untrusted text (paths, device and command names); every
 * comment is written on one line with control bytes and '\' escaped, so
 * nothing in it can end the comment and become policy text.
 *
 * A rule that repeats an earlier one (same op, same property) is written as
 * a comment naming the earlier rule's source, so the first one stays.
 */
#ifndef IPECTL_GEN_POLICY_H
#define IPECTL_GEN_POLICY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <libipe.h>

#define GEN_ALL_OPS (-1)	/* a rule for every op of the policy */

struct gen_item;

struct gen_policy {
	const char *name;
	uint16_t version[3];
	enum ipe_action global_default;
	uint8_t ops[IPE_OP_COUNT];	/* the restricted ops, in the order given */
	size_t nops;
	char **sources;			/* the header's source lines */
	size_t nsources;
	struct gen_item *items;
	size_t nitems, cap;
	bool failed;			/* an allocation failed: render refuses */
};

/* One line of the header's source list. */
void gen_policy_source(struct gen_policy *g, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* An empty line, then a comment line: the start of one source's group. */
void gen_policy_group(struct gen_policy *g, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* A further comment line. */
void gen_policy_comment(struct gen_policy *g, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/*
 * "op=OP PROP action=ALLOW" for OP, or for every restricted op with
 * GEN_ALL_OPS.  LABEL names the source in the comment of a later duplicate.
 */
void gen_policy_rule(struct gen_policy *g, int op, const char *prop, const char *label_fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* "KEY=ALG:HEX", the hex lower-case, malloc'd; NULL when out of memory. */
char *gen_digest_prop(const char *key, const char *alg, const uint8_t *digest, size_t len);

/*
 * The whole text, malloc'd and NUL-terminated (length in *LEN), with the
 * number of rule statements written in *NRULES; NULL when out of memory.
 */
char *gen_policy_render(const struct gen_policy *g, size_t *len, size_t *nrules);
void gen_policy_free(struct gen_policy *g);

#endif
