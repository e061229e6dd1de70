// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Two renderings of a policy: its canonical source text, and the rule text
 * kernel IPE audits.  They differ only in how digests are written, so one
 * walker serves both.
 */
#include <string.h>

#include "audit.h"
#include "libipe.h"
#include "printer.h"
#include "strbuf.h"

static const char *const prop_names[IPE_PROP_KIND_COUNT] = {
	[IPE_PROP_BOOT_VERIFIED_FALSE] = "boot_verified=FALSE",
	[IPE_PROP_BOOT_VERIFIED_TRUE] = "boot_verified=TRUE",
	[IPE_PROP_DMV_ROOTHASH] = "dmverity_roothash=",
	[IPE_PROP_DMV_SIG_FALSE] = "dmverity_signature=FALSE",
	[IPE_PROP_DMV_SIG_TRUE] = "dmverity_signature=TRUE",
	[IPE_PROP_FSV_DIGEST] = "fsverity_digest=",
	[IPE_PROP_FSV_SIG_FALSE] = "fsverity_signature=FALSE",
	[IPE_PROP_FSV_SIG_TRUE] = "fsverity_signature=TRUE",
};

enum style { STYLE_SOURCE, STYLE_AUDIT, STYLE_MESSAGE };

static void put_prop(struct ipe_strbuf *sb, const struct ipe_prop *prop, enum style style)
{
	const struct ipe_digest *d = &prop->digest;

	ipe_strbuf_puts(sb, prop_names[prop->kind]);
	if (prop->kind != IPE_PROP_DMV_ROOTHASH && prop->kind != IPE_PROP_FSV_DIGEST)
		return;
	if (style == STYLE_AUDIT)
		ipe_audit_untrusted(sb, d->alg, strlen(d->alg));
	else if (style == STYLE_MESSAGE)
		ipe_strbuf_escaped(sb, d->alg, strlen(d->alg));
	else
		ipe_strbuf_puts(sb, d->alg);
	ipe_strbuf_append(sb, ":", 1);
	ipe_strbuf_hex(sb, d->bytes, d->len, style == STYLE_AUDIT);
}

void ipe_strbuf_prop(struct ipe_strbuf *sb, const struct ipe_prop *prop)
{
	put_prop(sb, prop, STYLE_MESSAGE);
}

static void put_rule(struct ipe_strbuf *sb, const struct ipe_rule *r, enum style style)
{
	uint32_t i;

	ipe_strbuf_printf(sb, "op=%s ", ipe_op_name(r->op));
	for (i = 0; i < r->nprops; i++) {
		put_prop(sb, &r->props[i], style);
		ipe_strbuf_append(sb, " ", 1);
	}
	ipe_strbuf_printf(sb, "action=%s", ipe_action_name(r->action));
}

static void put_default(struct ipe_strbuf *sb, int op, int action)
{
	if (op < 0)
		ipe_strbuf_printf(sb, "DEFAULT action=%s", ipe_action_name(action));
	else
		ipe_strbuf_printf(sb, "DEFAULT op=%s action=%s", ipe_op_name(op),
				  ipe_action_name(action));
}

char *ipe_policy_format(const struct ipe_policy *p, size_t *len)
{
	struct ipe_strbuf sb = { 0 };
	const struct ipe_rule *r;
	int op;

	ipe_strbuf_printf(&sb, "policy_name=%s policy_version=%u.%u.%u\n", p->name,
			  p->version[0], p->version[1], p->version[2]);
	if (p->global_default != IPE_ACTION_NONE) {
		put_default(&sb, -1, p->global_default);
		ipe_strbuf_append(&sb, "\n", 1);
	}
	for (op = 0; op < IPE_OP_COUNT; op++) {
		if (p->op_default[op] == IPE_ACTION_NONE)
			continue;
		put_default(&sb, op, p->op_default[op]);
		ipe_strbuf_append(&sb, "\n", 1);
	}
	for (r = p->rules; r; r = r->next) {
		put_rule(&sb, r, STYLE_SOURCE);
		ipe_strbuf_append(&sb, "\n", 1);
	}
	return ipe_strbuf_finish(&sb, len);
}

char *ipe_rule_audit_text(const struct ipe_rule *r)
{
	struct ipe_strbuf sb = { 0 };

	put_rule(&sb, r, STYLE_AUDIT);
	return ipe_strbuf_finish(&sb, NULL);
}

char *ipe_decision_rule_text(const struct ipe_decision *d)
{
	struct ipe_strbuf sb = { 0 };

	switch (d->match) {
	case IPE_MATCH_RULE:
		return ipe_rule_audit_text(d->rule);
	case IPE_MATCH_OP_DEFAULT:
		put_default(&sb, d->op, d->action);
		break;
	default:
		put_default(&sb, -1, d->action);
		break;
	}
	return ipe_strbuf_finish(&sb, NULL);
}
