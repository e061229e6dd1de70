/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The policy an audit record is judged against: a policy file given by the
 * user (text or signed, as policy_source.h reads it: the signature is not
 * checked), or the active policy of a control tree, read from
 * policies/NAME/policy.
 */
#ifndef IPECTL_ACTIVE_POLICY_H
#define IPECTL_ACTIVE_POLICY_H

#include <libipe.h>

struct active_policy {
	struct ipe_policy *pol;
	char *where;		/* for messages: the file, or ROOT/policies/NAME/policy */
};

/*
 * Load FILE when it is not NULL, else the active policy of the control tree
 * at ROOT (NULL: the default root, as the tree commands choose it).
 * Returns EXIT_OK, EXIT_INVALID when the text is not a valid policy (its
 * diagnostic printed), or EXIT_USAGE after saying what could not be read or
 * that no policy is active.  CMD prefixes the messages.
 */
int active_policy_load(const char *cmd, const char *root, const char *file,
		       struct active_policy *ap);
void active_policy_free(struct active_policy *ap);

#endif
