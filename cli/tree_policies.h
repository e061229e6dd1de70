/* SPDX-License-Identifier: GPL-2.0-only */
/* The loaded policies as the tree's policies/ directory shows them. */
#ifndef IPECTL_TREE_POLICIES_H
#define IPECTL_TREE_POLICIES_H

#include <stdbool.h>
#include <stddef.h>

#include "tree.h"

struct tree_policy {
	char *name;	/* the directory's name, which is the policy_name bytes */
	char *version;	/* as the version file says it */
	bool active;
};

struct tree_policies {
	struct tree_policy *v;
	size_t n;
};

/* Read policies/NAME/{version,active}.  0 or a negative errno (see tree.h). */
int tree_policy_read(struct tree *t, const char *name, struct tree_policy *p);
void tree_policy_free(struct tree_policy *p);

/*
 * Every policy under policies/, sorted by name bytes.  One deleted while
 * being read (ENOENT) is left out, as if the listing had come a moment
 * later.  0 or a negative errno.
 */
int tree_policies_read(struct tree *t, struct tree_policies *out);
void tree_policies_free(struct tree_policies *ps);

#endif
