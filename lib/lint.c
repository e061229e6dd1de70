// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The lint's driver: each rule described and indexed, then its
 * reachability (lint_reach.c) and the checks of single properties against
 * the stage, the kernel configuration and the hash algorithms; the
 * warnings sorted into a report.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "kernel_hashes.h"
#include "lint_impl.h"
#include "printer.h"
#include "witness.h"

struct item {
	struct ipe_lint_warning w;
	size_t seq;		/* ties keep the order warnings were found in */
};

static const char *const class_names[IPE_LINT_CLASS_COUNT] = {
	[IPE_LINT_NEVER_MATCHES] = "never-matches",
	[IPE_LINT_DUPLICATE] = "duplicate",
	[IPE_LINT_SHADOWED] = "shadowed",
	[IPE_LINT_REDUNDANT_DEFAULT] = "redundant-default",
	[IPE_LINT_BOOT_VERIFIED_AFTER_SWITCH_ROOT] = "boot-verified-after-switch-root",
	[IPE_LINT_UNSUPPORTED_PROPERTY] = "unsupported-property",
	[IPE_LINT_DIGEST_LENGTH] = "digest-length",
	[IPE_LINT_DEFAULT_ALLOW_EXECUTE] = "default-allow-execute",
};

const char *ipe_lint_class_name(enum ipe_lint_class c)
{
	return (unsigned)c < IPE_LINT_CLASS_COUNT ? class_names[c] : NULL;
}

void lint_warn(struct lint *l, unsigned cls, uint32_t line, uint32_t col, struct ipe_strbuf *sb,
	       const uint32_t *related, uint32_t nrelated)
{
	char *msg = ipe_strbuf_finish(sb, NULL);
	struct item *it;

	if (!msg || l->nomem)
		goto fail;
	if (l->nitems == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 16;
		struct item *p = realloc(l->items, cap * sizeof(*p));

		if (!p)
			goto fail;
		l->items = p;
		l->cap = cap;
	}
	it = &l->items[l->nitems];
	it->w = (struct ipe_lint_warning){ .cls = (uint8_t)cls, .line = line, .col = col,
					   .nrelated = nrelated };
	it->w.msg = ipe_arena_strndup(l->arena, msg, strlen(msg));
	it->w.related = nrelated ? ipe_arena_memdup(l->arena, related, nrelated * sizeof(*related))
				 : NULL;
	if (!it->w.msg || (nrelated && !it->w.related))
		goto fail;
	it->seq = l->nitems++;
	free(msg);
	return;
fail:
	free(msg);
	l->nomem = true;
}

static void boot_verified(struct lint *l, const struct rinfo *s)
{
	struct ipe_strbuf sb = { 0 };

	if (l->o->stage != IPE_LINT_STAGE_RUNTIME || !(s->mask & 1u << IPE_PROP_BOOT_VERIFIED_TRUE))
		return;
	ipe_strbuf_puts(&sb, "boot_verified=TRUE after switch_root matches only files on the "
			     "emptied initramfs (--stage initramfs for a policy active before it)");
	lint_warn_rule(l, IPE_LINT_BOOT_VERIFIED_AFTER_SWITCH_ROOT, s->r, &sb, NULL, 0);
}

static void unsupported(struct lint *l, const struct rinfo *s)
{
	static const struct {
		unsigned bit;
		uint8_t kinds;		/* the property kinds it provides, 1 << kind */
		const char *prop, *config, *forms;
	} providers[] = {
		{ IPE_PROVIDER_DMV, 1u << IPE_PROP_DMV_ROOTHASH, "dmverity_roothash",
		  "CONFIG_DM_VERITY=y or m", "the property is always false" },
		{ IPE_PROVIDER_DMV_SIG, 1u << IPE_PROP_DMV_SIG_TRUE | 1u << IPE_PROP_DMV_SIG_FALSE,
		  "dmverity_signature", "CONFIG_DM_VERITY_VERIFY_ROOTHASH_SIG=y",
		  "both its TRUE and FALSE forms are always false" },
		{ IPE_PROVIDER_FSV, 1u << IPE_PROP_FSV_DIGEST, "fsverity_digest",
		  "CONFIG_FS_VERITY=y", "the property is always false" },
		{ IPE_PROVIDER_FSV_SIG, 1u << IPE_PROP_FSV_SIG_TRUE | 1u << IPE_PROP_FSV_SIG_FALSE,
		  "fsverity_signature", "CONFIG_FS_VERITY_BUILTIN_SIGNATURES=y",
		  "both its TRUE and FALSE forms are always false" },
	};
	uint8_t kinds = s->mask | (s->dmv ? 1u << IPE_PROP_DMV_ROOTHASH : 0) |
			(s->fsv ? 1u << IPE_PROP_FSV_DIGEST : 0);
	size_t i;

	if (!l->o->kernel_known)
		return;
	for (i = 0; i < sizeof(providers) / sizeof(providers[0]); i++) {
		struct ipe_strbuf sb = { 0 };

		if ((l->o->providers & providers[i].bit) || !(kinds & providers[i].kinds))
			continue;
		ipe_strbuf_printf(&sb, "%s needs %s, which the kernel lacks: %s, so the rule never matches",
				  providers[i].prop, providers[i].config, providers[i].forms);
		lint_warn_rule(l, IPE_LINT_UNSUPPORTED_PROPERTY, s->r, &sb, NULL, 0);
	}
}

static void digest_check(struct lint *l, const struct ipe_rule *r, uint8_t kind,
			 const struct ipe_digest *d)
{
	struct ipe_prop prop = { .kind = kind, .digest = *d };
	struct ipe_strbuf sb = { 0 };
	uint32_t size = ipe_hashalg_size(d->alg);
	const char *suggest;

	ipe_strbuf_prop(&sb, &prop);
	ipe_strbuf_puts(&sb, ": ");
	if (kind == IPE_PROP_FSV_DIGEST && size && !ipe_hashalg_fsverity(d->alg)) {
		ipe_strbuf_puts(&sb, "fs-verity has no algorithm '");
		ipe_strbuf_escaped(&sb, d->alg, strlen(d->alg));
		ipe_strbuf_puts(&sb, "' (only sha256 and sha512), it never matches");
	} else if (!size) {
		ipe_strbuf_puts(&sb, "unknown algorithm '");
		ipe_strbuf_escaped(&sb, d->alg, strlen(d->alg));
		ipe_strbuf_puts(&sb, "': the kernel compares the name byte for byte, it never matches");
		suggest = ipe_hashalg_suggest(d->alg);
		if (suggest && (kind != IPE_PROP_FSV_DIGEST || ipe_hashalg_fsverity(suggest)))
			ipe_strbuf_printf(&sb, " (did you mean '%s'?)", suggest);
	} else if (d->len != size) {
		ipe_strbuf_printf(&sb, "%u byte%s where a %s digest has %u, it never matches", d->len, d->len == 1 ? "" : "s",
				  d->alg, size);
	} else {
		free(ipe_strbuf_finish(&sb, NULL));
		return;
	}
	lint_warn_rule(l, IPE_LINT_DIGEST_LENGTH, r, &sb, NULL, 0);
}

/* ---- driver ------------------------------------------------------------------ */

static void describe(struct rinfo *s, const struct ipe_rule *r, unsigned providers)
{
	uint32_t k;

	*s = (struct rinfo){ .r = r, .op = r->op };
	for (k = 0; k < r->nprops; k++) {
		const struct ipe_prop *pr = &r->props[k];

		if (pr->kind == IPE_PROP_DMV_ROOTHASH) {
			if (!s->dmv)
				s->dmv = &pr->digest;
		} else if (pr->kind == IPE_PROP_FSV_DIGEST) {
			if (!s->fsv)
				s->fsv = &pr->digest;
		} else {
			s->mask |= (uint8_t)(1u << pr->kind);
		}
	}
	s->kept = ipe_witnesses_of(r->props, r->nprops, r->op, providers);
}

/* File S under its exact digests and under "any digest" for each kind it names. */
static int index_rule(struct lint *l, const struct rinfo *s, uint32_t pos)
{
	unsigned a, b;
	int rc;

	for (a = 0; a < 2; a++) {
		for (b = 0; b < 2; b++) {
			struct lint_key k = {
				.op = s->op,
				.dsel = !s->dmv ? SEL_NONE : a ? SEL_ANY : SEL_KEY,
				.fsel = !s->fsv ? SEL_NONE : b ? SEL_ANY : SEL_KEY,
				.dmv = s->dmv, .fsv = s->fsv,
			};

			if ((a && !s->dmv) || (b && !s->fsv))
				continue;
			rc = lint_index_add(l->ix, &k, s->mask, s->r->action, pos);
			if (rc)
				return rc;
		}
	}
	return 0;
}

static int cmp_item(const void *a, const void *b)
{
	const struct item *x = a, *y = b;

	if (x->w.line != y->w.line)
		return x->w.line < y->w.line ? -1 : 1;
	if (x->w.col != y->w.col)
		return x->w.col < y->w.col ? -1 : 1;
	if (x->w.cls != y->w.cls)
		return x->w.cls < y->w.cls ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static int finish(struct lint *l, struct ipe_lint_report **out)
{
	struct ipe_lint_warning *w = NULL;
	struct ipe_lint_report *rep;
	size_t i;

	rep = ipe_arena_alloc(l->arena, sizeof(*rep));
	if (rep && l->nitems)
		w = ipe_arena_alloc(l->arena, l->nitems * sizeof(*w));
	if (!rep || (l->nitems && !w))
		return -ENOMEM;
	if (l->nitems)
		qsort(l->items, l->nitems, sizeof(*l->items), cmp_item);
	for (i = 0; i < l->nitems; i++)
		w[i] = l->items[i].w;
	*rep = (struct ipe_lint_report){ .warnings = w, .count = l->nitems, .arena = l->arena };
	l->arena = NULL;	/* the report owns it now */
	*out = rep;
	return 0;
}

int ipe_lint(const struct ipe_policy *p, const struct ipe_lint_options *o,
	     struct ipe_lint_report **out)
{
	struct lint l = { .p = p, .o = o,
			  .providers = o->kernel_known ? o->providers : IPE_PROVIDERS_ALL };
	const struct ipe_rule *r;
	uint32_t pos;
	int rc = -ENOMEM;

	*out = NULL;
	l.arena = ipe_arena_new();
	l.ix = lint_index_new();
	l.info = malloc((p->nrules ? p->nrules : 1) * sizeof(*l.info));
	if (!l.arena || !l.ix || !l.info)
		goto out;
	for (r = p->rules, pos = 0; r; r = r->next, pos++) {
		describe(&l.info[pos], r, l.providers);
		if (l.info[pos].kept && index_rule(&l, &l.info[pos], pos))
			goto out;
	}
	for (pos = 0; pos < p->nrules && !l.nomem; pos++) {
		const struct rinfo *s = &l.info[pos];

		lint_reachability(&l, pos);
		boot_verified(&l, s);
		unsupported(&l, s);
		if (s->dmv)
			digest_check(&l, s->r, IPE_PROP_DMV_ROOTHASH, s->dmv);
		if (s->fsv)
			digest_check(&l, s->r, IPE_PROP_FSV_DIGEST, s->fsv);
	}
	lint_default_allow_execute(&l);
	if (!l.nomem)
		rc = finish(&l, out);
out:
	free(l.items);
	free(l.info);
	lint_index_free(l.ix);
	ipe_arena_free(l.arena);
	return rc;
}

void ipe_lint_report_free(struct ipe_lint_report *r)
{
	if (r)
		ipe_arena_free(r->arena);
}
