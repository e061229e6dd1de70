// SPDX-License-Identifier: GPL-2.0-only
#include "active_policy.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ipectl.h"
#include "load.h"
#include "pkcs7.h"
#include "tree.h"
#include "tree_policies.h"

/*
 * Parse IN, or the content of IN when it is a PKCS#7 message: policy text
 * never is (its first byte would have to be the DER SEQUENCE tag, '0').
 */
static int parse(const char *cmd, const struct input *in, struct active_policy *ap)
{
	struct input text = *in;
	struct ipe_pkcs7 msg;
	struct ipe_diag diag;
	bool is_pkcs7 = !ipe_pkcs7_parse(in->buf, in->len, &msg);
	int rc = EXIT_OK, err;

	if (is_pkcs7 && !msg.has_data) {
		fprintf(stderr, "%s: %s: a PKCS#7 message without content (a detached signature?)\n",
			cmd, in->name);
		rc = EXIT_INVALID;
		goto out;
	}
	if (is_pkcs7) {
		text.buf = (char *)msg.data.p;
		text.len = msg.data.len;
	}
	err = ipe_policy_parse(text.buf, text.len, &ap->pol, &diag);
	if (err == -ENOMEM) {
		fprintf(stderr, "%s: out of memory\n", cmd);
		rc = EXIT_USAGE;
	} else if (err) {
		diag_print(&text, &diag);
		rc = EXIT_INVALID;
	}
out:
	if (is_pkcs7)
		ipe_pkcs7_release(&msg);
	return rc;
}

static int from_file(const char *cmd, const char *file, struct active_policy *ap)
{
	struct input in;
	int rc;

	if (input_read(file, &in))
		return EXIT_USAGE;
	ap->where = strdup(in.name);
	rc = ap->where ? parse(cmd, &in, ap) : EXIT_USAGE;
	if (!ap->where)
		fprintf(stderr, "%s: out of memory\n", cmd);
	input_free(&in);
	return rc;
}

static int from_tree(const char *cmd, const char *root, struct active_policy *ap)
{
	const struct tree_policy *act = NULL;
	struct tree_policies ps;
	struct input in;
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
	} else if (tree_read(&t, &in, "policies/%s/policy", act->name)) {
		tree_perror(&t);
		rc = EXIT_USAGE;
	} else {
		ap->where = strdup(t.path);
		if (!ap->where) {
			fprintf(stderr, "%s: out of memory\n", cmd);
			rc = EXIT_USAGE;
		} else {
			rc = parse(cmd, &in, ap);
		}
		input_free(&in);
	}
	tree_policies_free(&ps);
	return rc;
}

int active_policy_load(const char *cmd, const char *root, const char *file,
		       struct active_policy *ap)
{
	int rc;

	*ap = (struct active_policy){ 0 };
	rc = file ? from_file(cmd, file, ap) : from_tree(cmd, root, ap);
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
