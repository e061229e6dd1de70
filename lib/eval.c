// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The reference evaluator: what kernel IPE decides for one event against one
 * policy.  It is the oracle the in-kernel table walk is tested against, so it
 * stays a literal reading of the semantics, not a fast one.
 */
#include <string.h>

#include "libipe.h"

static bool digest_matches(const struct ipe_digest *want, const struct ipe_digest *have)
{
	return strcmp(want->alg, have->alg) == 0 && want->len == have->len &&
	       (want->len == 0 || memcmp(want->bytes, have->bytes, want->len) == 0);
}

bool ipe_prop_holds(const struct ipe_prop *prop, const struct ipe_event *ev)
{
	const struct ipe_file_props *f = ev->file;
	unsigned have = ev->providers;

	switch (prop->kind) {
	case IPE_PROP_BOOT_VERIFIED_TRUE:
		return f && f->boot_verified;
	case IPE_PROP_BOOT_VERIFIED_FALSE:
		return !(f && f->boot_verified);
	case IPE_PROP_DMV_ROOTHASH:
		return (have & IPE_PROVIDER_DMV) && f && f->dmv_has_roothash &&
		       digest_matches(&prop->digest, &f->dmv_roothash);
	case IPE_PROP_DMV_SIG_TRUE:
		return (have & IPE_PROVIDER_DMV_SIG) && f && f->dmv_signed;
	case IPE_PROP_DMV_SIG_FALSE:
		/* An absent provider makes both forms false. */
		return (have & IPE_PROVIDER_DMV_SIG) && !(f && f->dmv_signed);
	case IPE_PROP_FSV_DIGEST:
		return (have & IPE_PROVIDER_FSV) && f && f->fsv_enabled &&
		       digest_matches(&prop->digest, &f->fsv_digest);
	case IPE_PROP_FSV_SIG_TRUE:
		return (have & IPE_PROVIDER_FSV_SIG) && f && f->fsv_enabled && f->fsv_signed;
	case IPE_PROP_FSV_SIG_FALSE:
		return (have & IPE_PROVIDER_FSV_SIG) && !(f && f->fsv_enabled && f->fsv_signed);
	}
	return false;
}

static bool rule_matches(const struct ipe_rule *r, const struct ipe_event *ev)
{
	uint32_t i;

	for (i = 0; i < r->nprops; i++)
		if (!ipe_prop_holds(&r->props[i], ev))
			return false;
	return true;
}

void ipe_evaluate(const struct ipe_policy *p, const struct ipe_event *ev,
		  struct ipe_decision *d)
{
	const struct ipe_rule *r;

	*d = (struct ipe_decision){ .op = ev->op, .match = IPE_MATCH_GLOBAL };
	if (ev->op >= IPE_OP_COUNT) {
		/* The kernel WARNs and falls back to ALLOW without a global default. */
		d->op = IPE_OP_INVALID;
		d->action = p->global_default == IPE_ACTION_NONE ? IPE_ACTION_ALLOW
								  : p->global_default;
		return;
	}
	for (r = p->rules; r; r = r->next) {
		if (r->op == ev->op && rule_matches(r, ev)) {
			d->action = r->action;
			d->match = IPE_MATCH_RULE;
			d->rule = r;
			return;
		}
	}
	if (p->op_default[ev->op] != IPE_ACTION_NONE) {
		d->action = p->op_default[ev->op];
		d->match = IPE_MATCH_OP_DEFAULT;
	} else {
		d->action = p->global_default;
	}
}
