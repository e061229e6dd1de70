// SPDX-License-Identifier: GPL-2.0-only
#include "file_verdict.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"

/* "fsverity_digest=" + algorithm + ":" + hex, the longest item. */
#define PROP_TEXT_MAX (32 + FILEPROPS_ALG_MAX + 2 * FILEPROPS_DIGEST_MAX)
#define PROP_ITEMS 5

/* The unread bits that leave property KIND unknown. */
static unsigned unread_bits(uint8_t kind)
{
	switch (kind) {
	case IPE_PROP_BOOT_VERIFIED_FALSE:
	case IPE_PROP_BOOT_VERIFIED_TRUE:
		return FILEPROPS_UNREAD_BOOT;
	case IPE_PROP_DMV_ROOTHASH:
	case IPE_PROP_DMV_SIG_FALSE:
	case IPE_PROP_DMV_SIG_TRUE:
		return FILEPROPS_UNREAD_DMV;
	case IPE_PROP_FSV_DIGEST:
		return FILEPROPS_UNREAD_FSV;
	default:
		return FILEPROPS_UNREAD_FSV | FILEPROPS_UNREAD_FSV_SIG;
	}
}

/* Could an unread property decide whether R matches? */
static bool rule_unsure(const struct ipe_rule *r, const struct ipe_event *ev, unsigned unread)
{
	bool unknown = false;
	uint32_t i;

	for (i = 0; i < r->nprops; i++) {
		if (unread & unread_bits(r->props[i].kind))
			unknown = true;
		else if (!ipe_prop_holds(&r->props[i], ev))
			return false;	/* fails whatever the unknown ones are */
	}
	return unknown;
}

int file_verdict_decide(const struct ipe_policy *p, uint8_t op, uint8_t hook,
			const struct fileprops *fp, struct file_verdict *v)
{
	struct ipe_event ev = { op, hook, &fp->props, IPE_PROVIDERS_ALL };
	const struct ipe_rule *r;

	ipe_evaluate(p, &ev, &v->d);
	v->rule = ipe_decision_rule_text(&v->d);
	if (!v->rule)
		return -ENOMEM;
	v->uncertain = false;
	/* An unknown op is decided by the global default alone: no rule is examined. */
	if (!fp->unread || op == IPE_OP_INVALID)
		return 0;
	for (r = p->rules; r && !v->uncertain; r = r->next) {
		if (r->op != op)
			continue;
		v->uncertain = rule_unsure(r, &ev, fp->unread);
		if (r == v->d.rule)
			break;
	}
	return 0;
}

void file_verdict_free(struct file_verdict *v)
{
	free(v->rule);
	v->rule = NULL;
}

void file_verdict_put_text(FILE *f, const struct file_verdict *v)
{
	fprintf(f, "rule=\"%s\" (", v->rule);
	if (v->d.match == IPE_MATCH_RULE)
		fprintf(f, "line %u)", v->d.rule->line);
	else
		fputs(v->d.match == IPE_MATCH_OP_DEFAULT ? "op default)" : "global default)", f);
}

void file_verdict_put_json(FILE *f, const struct file_verdict *v)
{
	fprintf(f, "{\"action\": \"%s\", \"rule\": ", ipe_action_name(v->d.action));
	json_cstr(f, v->rule);
	fprintf(f, ", \"match\": \"%s\", \"line\": ", ipe_match_name(v->d.match));
	if (v->d.match == IPE_MATCH_RULE)
		fprintf(f, "%u", v->d.rule->line);
	else
		fputs("null", f);
	fprintf(f, ", \"uncertain\": %s}", v->uncertain ? "true" : "false");
}

static void put_digest(char *buf, const char *prop, const struct ipe_digest *d)
{
	uint32_t i;

	buf += sprintf(buf, "%s=%s:", prop, d->alg);
	for (i = 0; i < d->len; i++)
		buf += sprintf(buf, "%02x", d->bytes[i]);
}

/* The properties FP has, in policy spelling; returns how many. */
static size_t have(const struct fileprops *fp, char items[PROP_ITEMS][PROP_TEXT_MAX])
{
	const struct ipe_file_props *p = &fp->props;
	size_t n = 0;

	if (p->boot_verified)
		strcpy(items[n++], "boot_verified");
	if (p->dmv_has_roothash)
		put_digest(items[n++], "dmverity_roothash", &p->dmv_roothash);
	if (p->dmv_signed)
		strcpy(items[n++], "dmverity_signature");
	if (p->fsv_enabled)
		put_digest(items[n++], "fsverity_digest", &p->fsv_digest);
	if (p->fsv_signed)
		strcpy(items[n++], "fsverity_signature");
	return n;
}

/* The properties FP could not read; returns how many. */
static size_t unknown(const struct fileprops *fp, const char *names[PROP_ITEMS])
{
	size_t n = 0;

	if (fp->unread & FILEPROPS_UNREAD_BOOT)
		names[n++] = "boot_verified";
	if (fp->unread & FILEPROPS_UNREAD_DMV) {
		names[n++] = "dmverity_roothash";
		names[n++] = "dmverity_signature";
	}
	if (fp->unread & FILEPROPS_UNREAD_FSV)
		names[n++] = "fsverity_digest";
	if (fp->unread & (FILEPROPS_UNREAD_FSV | FILEPROPS_UNREAD_FSV_SIG))
		names[n++] = "fsverity_signature";
	return n;
}

void fileprops_put_text(FILE *f, const struct fileprops *fp)
{
	char items[PROP_ITEMS][PROP_TEXT_MAX];
	const char *names[PROP_ITEMS];
	size_t n = have(fp, items), i;

	if (!n)
		fputs("none", f);
	for (i = 0; i < n; i++)
		fprintf(f, "%s%s", i ? " " : "", items[i]);
	n = unknown(fp, names);
	for (i = 0; i < n; i++)
		fprintf(f, "%s%s", i ? " " : "; unknown: ", names[i]);
}

void fileprops_put_json(FILE *f, const struct fileprops *fp)
{
	char items[PROP_ITEMS][PROP_TEXT_MAX];
	const char *names[PROP_ITEMS];
	size_t n = have(fp, items), i;

	fputs("\"properties\": [", f);
	for (i = 0; i < n; i++) {
		fputs(i ? ", " : "", f);
		json_cstr(f, items[i]);
	}
	fputs("], \"unknown\": [", f);
	n = unknown(fp, names);
	for (i = 0; i < n; i++)
		fprintf(f, "%s\"%s\"", i ? ", " : "", names[i]);
	fputc(']', f);
}
