// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer target for the policy parser.  Any input: no crash, leak or
 * undefined behaviour, and an error carries a known errno and a diagnostic
 * inside the text.  A valid input: the canonical text parses to an equal
 * policy and is a fixed point of formatting, and the audit text of every
 * rule can be produced.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libipe.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_error(int rc, const struct ipe_diag *d)
{
	if (rc != -EBADMSG && rc != -EINVAL && rc != -ERANGE && rc != -ENOMEM)
		abort();
	if (d->err != -rc || d->line == 0 || d->col == 0 || !memchr(d->msg, '\0', sizeof(d->msg)))
		abort();
}

static void check_round_trip(const struct ipe_policy *p)
{
	struct ipe_policy *q;
	struct ipe_diag d;
	const struct ipe_rule *r;
	size_t len, len2;
	char *text, *text2;

	text = ipe_policy_format(p, &len);
	if (!text)
		return;		/* ENOMEM is an allowed outcome */
	if (strlen(text) != len)
		abort();
	if (ipe_policy_parse(text, len, &q, &d))
		abort();	/* canonical text must be valid */
	if (!ipe_policy_equal(p, q))
		abort();
	text2 = ipe_policy_format(q, &len2);
	if (text2 && (len2 != len || memcmp(text, text2, len)))
		abort();	/* formatting is a fixed point */
	for (r = q->rules; r; r = r->next)
		free(ipe_rule_audit_text(r));
	free(text2);
	free(text);
	ipe_policy_free(q);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ipe_policy *p;
	struct ipe_diag d;
	int rc = ipe_policy_parse(data, size, &p, &d);

	if (rc) {
		if (p)
			abort();
		check_error(rc, &d);
		return 0;
	}
	check_round_trip(p);
	ipe_policy_free(p);
	return 0;
}
