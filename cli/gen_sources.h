/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The sources of ipectl gen.  Each adds its rules and comments to the
 * policy being generated and returns an exit code (ipectl.h): EXIT_OK,
 * EXIT_INVALID when its input is not what it should be, EXIT_USAGE when it
 * cannot be read; it prints its own messages.
 */
#ifndef IPECTL_GEN_SOURCES_H
#define IPECTL_GEN_SOURCES_H

#include "fsverity_digest.h"
#include "gen_policy.h"

#define GEN_CMD "ipectl gen"

/* --dmverity IMAGE HASHTREE: the root hash recomputed and checked. */
int gen_add_dmverity(struct gen_policy *g, const char *image, const char *hashtree);

/*
 * --roothash ALG:HEX, checked when the arguments are read: sets *PROP to
 * the property text, or prints a usage error and returns EXIT_USAGE.
 */
int gen_roothash_prop(const char *value, char **prop);

/* --from-table FILE ('-' = standard input). */
int gen_add_table(struct gen_policy *g, const char *path);

/* --fsverity-tree DIR with the digest parameters P. */
int gen_add_fsverity_tree(struct gen_policy *g, const char *dir, const struct fsverity_params *p);

/* --from-audit LOG ('-' = standard input). */
int gen_add_audit(struct gen_policy *g, const char *path);

#endif
