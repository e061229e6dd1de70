// SPDX-License-Identifier: GPL-2.0-only
#include "active_policy.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "input.h"
#include "ipectl.h"
#include "policy_source.h"
#include "tree.h"
#include "tree_policies.h"

/* PATH, parsed as text or as a signed policy, and named after it. */
static int load(const char *cmd, const char *path, struct active_policy *ap)
{
	int rc = policy_source_load(path, &ap->pol, NULL);

	if (rc)
		return rc;
	ap->where = strdup(input_display_name(path));
	if (!ap->where) {
		fprintf(stderr, "%s: out of memory\n", cmd);
		return EXIT_USAGE;
	}
	return EXIT_OK;
}

/* The policy whose policies/NAME/active says 1, read from policies/NAME/policy. */
static int from_tree(const char *cmd, const char *root, struct active_policy *ap)
{
	const struct tree_policy *act = NULL;
	struct tree_policies ps;
	struct tree t;
	size_t i;
	int rc;

	rc = tree_open(&t, cmd, root);
	if (rc)
		return rc;
	if (tree_policies_read(&t, &ps)) {
		tree_perror(&t);
		return EXIT_USAGE;
	}
	for (i = 0; i < ps.n && !act; i++)
		if (ps.v[i].active)
			act = &ps.v[i];
	if (!act) {
		fprintf(stderr, "%s: %s: no policy is active (--policy FILE names one)\n", cmd,
			t.root);
		rc = EXIT_USAGE;
	} else if (tree_set_path(&t, "policies/%s/policy", act->name)) {
		tree_perror(&t);
		rc = EXIT_USAGE;
	} else {
		rc = load(cmd, t.path, ap);
	}
	tree_policies_free(&ps);
	return rc;
}

int active_policy_load(const char *cmd, const char *root, const char *file,
		       struct active_policy *ap)
{
	int rc;

	*ap = (struct active_policy){ 0 };
	rc = file ? load(cmd, file, ap) : from_tree(cmd, root, ap);
	if (rc)
		active_policy_free(ap);
	return rc;
}

void active_policy_free(struct active_policy *ap)
{
	ipe_policy_free(ap->pol);
	free(ap->where);
	*ap = (struct active_policy){ 0 };
}
