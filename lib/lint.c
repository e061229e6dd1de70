// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The lint: every rule's reachability decided on witnesses (witness.h) with
 * the kernel's truth table, earlier and later rules found through an index
 * of signatures (lint_index.h), plus checks of single properties against
 * the stage, the kernel configuration and the hash algorithms.
 *
 * Why witnesses are exact for reachability: for a digest kind rule R does
 * not name, an event's value is either absent, or named by some other rule,
 * or named by none.  An earlier rule that matches R's event with a fresh
 * value names no digest of that kind and so matches it with any value; an
 * earlier rule naming the value matches fewer events.  So "fresh" is the
 * case most favourable to R, and R is shadowed exactly when every witness R
 * matches is matched by an earlier rule.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "hashalg.h"
#include "libipe-lint.h"
#include "lint_index.h"
#include "printer.h"
#include "strbuf.h"
#include "witness.h"

#define NONE_POS UINT32_MAX

/* What the lint knows of one rule. */
struct rinfo {
	const struct ipe_rule *r;		/* NULL for a made-up subject */
	const struct ipe_digest *dmv, *fsv;	/* the first digest of each kind it names */
	uint64_t kept;				/* the witnesses it matches */
	uint8_t op;
	uint8_t mask;				/* its boolean properties: 1 << kind */
};

struct item {
	struct ipe_lint_warning w;
	size_t seq;		/* ties keep the order warnings were found in */
};

struct lint {
	const struct ipe_policy *p;
	const struct ipe_lint_options *o;
	struct rinfo *info;		/* by position in file order */
	struct lint_index *ix;
	struct ipe_arena *arena;
	struct item *items;
	size_t nitems, cap;
	bool nomem;
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

/* ---- warnings ----------------------------------------------------------- */

/* Record a warning; SB is its message (consumed), RELATED its other lines. */
static void warn(struct lint *l, unsigned cls, uint32_t line, uint32_t col, struct ipe_strbuf *sb,
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

static void warn_rule(struct lint *l, unsigned cls, const struct ipe_rule *r, struct ipe_strbuf *sb,
		      const uint32_t *related, uint32_t nrelated)
{
	warn(l, cls, r->line, r->col, sb, related, nrelated);
}

static void put_lines(struct ipe_strbuf *sb, const uint32_t *lines, uint32_t n)
{
	uint32_t i;

	ipe_strbuf_printf(sb, "line%s ", n == 1 ? "" : "s");
	for (i = 0; i < n; i++)
		ipe_strbuf_printf(sb, "%s%u", i ? ", " : "", lines[i]);
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/* Sort and drop repeats; returns the new count. */
static uint32_t sort_unique(uint32_t *v, uint32_t n)
{
	uint32_t i, k = 0;

	qsort(v, n, sizeof(*v), cmp_u32);
	for (i = 0; i < n; i++)
		if (!k || v[k - 1] != v[i])
			v[k++] = v[i];
	return k;
}

/* ---- signatures and witnesses -------------------------------------------- */

/* The rule's signature holds for EV: the truth table, on its distinct properties. */
static bool sig_holds(const struct rinfo *ri, const struct ipe_event *ev)
{
	struct ipe_prop prop = { 0 };
	unsigned k;

	for (k = 0; k < IPE_PROP_KIND_COUNT; k++) {
		if (!(ri->mask & (1u << k)))
			continue;
		prop.kind = (uint8_t)k;
		if (!ipe_prop_holds(&prop, ev))
			return false;
	}
	prop.kind = IPE_PROP_DMV_ROOTHASH;
	if (ri->dmv) {
		prop.digest = *ri->dmv;
		if (!ipe_prop_holds(&prop, ev))
			return false;
	}
	prop.kind = IPE_PROP_FSV_DIGEST;
	if (ri->fsv) {
		prop.digest = *ri->fsv;
		if (!ipe_prop_holds(&prop, ev))
			return false;
	}
	return true;
}

static const struct ipe_digest *value(uint8_t state, const struct ipe_digest *named,
				      const struct ipe_digest *instead_of_fresh)
{
	if (state == W_NAMED)
		return named;
	return instead_of_fresh ? instead_of_fresh : &ipe_witness_fresh;
}

/* Witness I of subject S as an event; a fresh value may be replaced by DMV/FSV. */
static struct ipe_event event_of(const struct rinfo *s, unsigned i, const struct ipe_digest *dmv,
				 const struct ipe_digest *fsv, struct ipe_file_props *f)
{
	struct ipe_witness w = ipe_witness_get(i);

	return ipe_witness_event(&w, s->op, value(w.dmv, s->dmv, dmv), value(w.fsv, s->fsv, fsv), f);
}

/*
 * The buckets a rule matching witness I of S can sit in: with a digest
 * dimension absent, only rules naming no digest of that kind; with S's
 * value, those or the rules naming that value; with a fresh value, those
 * naming none or, when ANY, every rule naming some digest (it can then be
 * taken to be that rule's).  Returns how many keys were filled in.
 */
static unsigned buckets_for(const struct rinfo *s, unsigned i, bool any, struct lint_key keys[4])
{
	struct ipe_witness w = ipe_witness_get(i);
	uint8_t dsel[2] = { SEL_NONE }, fsel[2] = { SEL_NONE };
	unsigned nd = 1, nf = 1, a, b, n = 0;

	if (w.dmv == W_NAMED)
		dsel[nd++] = SEL_KEY;
	else if (w.dmv == W_FRESH && any)
		dsel[nd++] = SEL_ANY;
	if (w.fsv == W_NAMED)
		fsel[nf++] = SEL_KEY;
	else if (w.fsv == W_FRESH && any)
		fsel[nf++] = SEL_ANY;
	for (a = 0; a < nd; a++)
		for (b = 0; b < nf; b++)
			keys[n++] = (struct lint_key){ .op = s->op, .dsel = dsel[a], .fsel = fsel[b],
						       .dmv = s->dmv, .fsv = s->fsv };
	return n;
}

/* The position of the earliest rule before POS matching witness I of S, or NONE_POS. */
static uint32_t first_before(const struct lint *l, const struct rinfo *s, uint32_t pos, unsigned i)
{
	struct lint_key keys[4];
	struct ipe_file_props f;
	struct ipe_event ev = event_of(s, i, NULL, NULL, &f);
	unsigned n = buckets_for(s, i, false, keys), k;
	uint32_t best = NONE_POS;
	const struct lint_entry *e;

	for (k = 0; k < n; k++)
		for (e = lint_index_find(l->ix, &keys[k]); e; e = lint_index_next(l->ix, e))
			if (e->first < pos && e->first < best && sig_holds(&l->info[e->first], &ev))
				best = e->first;
	return best;
}

/* Whether the rule at C matches every witness in SET of subject S. */
static bool covers(const struct lint *l, uint32_t c, const struct rinfo *s, uint64_t set)
{
	struct ipe_file_props f;
	struct ipe_event ev;
	unsigned i;

	for (i = 0; i < IPE_WITNESS_COUNT; i++) {
		if (!(set >> i & 1))
			continue;
		ev = event_of(s, i, NULL, NULL, &f);
		if (!sig_holds(&l->info[c], &ev))
			return false;
	}
	return true;
}

/* The earliest single rule before POS that matches all of S's witnesses, or NONE_POS. */
static uint32_t single_cover(const struct lint *l, const struct rinfo *s, uint32_t pos)
{
	unsigned i0 = (unsigned)__builtin_ctzll(s->kept), n, k;
	struct lint_key keys[4];
	uint32_t best = NONE_POS;
	const struct lint_entry *e;

	n = buckets_for(s, i0, false, keys);
	for (k = 0; k < n; k++)
		for (e = lint_index_find(l->ix, &keys[k]); e; e = lint_index_next(l->ix, e))
			if (e->first < pos && e->first < best && covers(l, e->first, s, s->kept))
				best = e->first;
	return best;
}

/* Whether a rule after POS with the other action than S's matches an event of witness I. */
static bool later_opposite(const struct lint *l, const struct rinfo *s, uint32_t pos, unsigned i)
{
	struct lint_key keys[4];
	unsigned n = buckets_for(s, i, true, keys), k;
	const struct lint_entry *e;

	for (k = 0; k < n; k++) {
		for (e = lint_index_find(l->ix, &keys[k]); e; e = lint_index_next(l->ix, e)) {
			const struct rinfo *c = &l->info[e->first];
			struct ipe_file_props f;
			struct ipe_event ev;

			if (e->action == s->r->action || e->last <= pos)
				continue;
			ev = event_of(s, i, keys[k].dsel == SEL_ANY ? c->dmv : NULL,
				      keys[k].fsel == SEL_ANY ? c->fsv : NULL, &f);
			if (sig_holds(c, &ev))
				return true;
		}
	}
	return false;
}

/* ---- the classes --------------------------------------------------------- */

static void never_matches(struct lint *l, const struct ipe_rule *r)
{
	/* Every property behaves like one of these: a conflicting pair is among them. */
	const struct ipe_prop *reps[IPE_PROP_KIND_COUNT + 2];
	const struct ipe_prop *first_dmv = NULL, *first_fsv = NULL;
	bool seen[IPE_PROP_KIND_COUNT] = { false }, second_dmv = false, second_fsv = false;
	struct ipe_strbuf sb = { 0 };
	unsigned n = 0, a, b;
	uint32_t k;

	for (k = 0; k < r->nprops; k++) {
		const struct ipe_prop *pr = &r->props[k];

		if (pr->kind == IPE_PROP_DMV_ROOTHASH || pr->kind == IPE_PROP_FSV_DIGEST) {
			const struct ipe_prop **first = pr->kind == IPE_PROP_DMV_ROOTHASH ? &first_dmv
											    : &first_fsv;
			bool *second = pr->kind == IPE_PROP_DMV_ROOTHASH ? &second_dmv : &second_fsv;

			/* A second value of the kind, if any, is what contradicts the first. */
			if (!*first) {
				reps[n++] = *first = pr;
			} else if (!*second && !ipe_witnesses_of((struct ipe_prop[2]){ **first, *pr },
								 2, r->op)) {
				reps[n++] = pr;
				*second = true;
			}
		} else if (!seen[pr->kind]) {
			seen[pr->kind] = true;
			reps[n++] = pr;
		}
	}
	for (a = 0; a < n; a++)
		for (b = a + 1; b < n; b++)
			if (ipe_witnesses_of((struct ipe_prop[2]){ *reps[a], *reps[b] }, 2, r->op) == 0)
				goto found;
	ipe_strbuf_puts(&sb, "never matches: no event satisfies all of its properties");
	warn_rule(l, IPE_LINT_NEVER_MATCHES, r, &sb, NULL, 0);
	return;
found:
	ipe_strbuf_puts(&sb, "never matches: ");
	ipe_strbuf_prop(&sb, reps[a]);
	ipe_strbuf_puts(&sb, " and ");
	ipe_strbuf_prop(&sb, reps[b]);
	ipe_strbuf_puts(&sb, " cannot both hold");
	warn_rule(l, IPE_LINT_NEVER_MATCHES, r, &sb, NULL, 0);
}

/* Warn, naming the earliest, when an earlier rule has S's signature and action. */
static bool duplicate(struct lint *l, const struct rinfo *s, uint32_t pos)
{
	struct lint_key key = { .op = s->op, .dsel = s->dmv ? SEL_KEY : SEL_NONE,
				.fsel = s->fsv ? SEL_KEY : SEL_NONE, .dmv = s->dmv, .fsv = s->fsv };
	const struct lint_entry *e;
	struct ipe_strbuf sb = { 0 };
	uint32_t line;

	for (e = lint_index_find(l->ix, &key); e; e = lint_index_next(l->ix, e))
		if (e->mask == s->mask && e->action == s->r->action)
			break;
	if (!e || e->first >= pos)
		return false;
	line = l->info[e->first].r->line;
	ipe_strbuf_printf(&sb, "duplicate of line %u", line);
	warn_rule(l, IPE_LINT_DUPLICATE, s->r, &sb, &line, 1);
	return true;
}

static void shadowed(struct lint *l, const struct rinfo *s, uint32_t pos, const uint32_t *firsts,
		     uint32_t nfirsts)
{
	uint32_t cover = single_cover(l, s, pos), lines[IPE_WITNESS_COUNT], other[IPE_WITNESS_COUNT];
	uint32_t nlines = 0, nother = 0, i;
	struct ipe_strbuf sb = { 0 };
	uint8_t other_action = 0;

	for (i = 0; i < nfirsts; i++) {
		const struct ipe_rule *f = l->info[firsts[i]].r;

		lines[nlines++] = f->line;
		if (f->action != s->r->action) {
			other[nother++] = f->line;
			other_action = f->action;
		}
	}
	if (cover != NONE_POS) {
		lines[0] = l->info[cover].r->line;
		nlines = 1;
	}
	nlines = sort_unique(lines, nlines);
	nother = sort_unique(other, nother);
	ipe_strbuf_puts(&sb, "unreachable: every event it matches is matched earlier by ");
	if (nlines > 1)
		ipe_strbuf_puts(&sb, "one of ");
	put_lines(&sb, lines, nlines);
	if (!nother) {
		ipe_strbuf_puts(&sb, " (same action: removing it changes no decision)");
	} else {
		ipe_strbuf_puts(&sb, " (the decision differs: ");
		put_lines(&sb, other, nother);
		ipe_strbuf_printf(&sb, " decide%s %s where this rule says %s)", nother == 1 ? "s" : "",
				  ipe_action_name(other_action), ipe_action_name(s->r->action));
	}
	warn_rule(l, IPE_LINT_SHADOWED, s->r, &sb, lines, nlines);
}

static void redundant_default(struct lint *l, const struct rinfo *s, uint32_t pos, uint64_t decided)
{
	const struct ipe_policy *p = l->p;
	bool per_op = p->op_default[s->op] != IPE_ACTION_NONE;
	uint8_t def = per_op ? p->op_default[s->op] : p->global_default;
	uint32_t line = per_op ? p->op_default_line[s->op] : p->global_default_line;
	struct ipe_strbuf sb = { 0 };
	unsigned i;

	if (def != s->r->action)
		return;
	for (i = 0; i < IPE_WITNESS_COUNT; i++)
		if ((decided >> i & 1) && later_opposite(l, s, pos, i))
			return;
	ipe_strbuf_puts(&sb, "has no effect: DEFAULT ");
	if (per_op)
		ipe_strbuf_printf(&sb, "op=%s ", ipe_op_name(s->op));
	ipe_strbuf_printf(&sb, "action=%s already %s it", ipe_action_name(def),
			  def == IPE_ACTION_ALLOW ? "allows" : "denies");
	warn_rule(l, IPE_LINT_REDUNDANT_DEFAULT, s->r, &sb, &line, 1);
}

/* never-matches, duplicate, shadowed, redundant-default: the most specific one. */
static void reachability(struct lint *l, uint32_t pos)
{
	const struct rinfo *s = &l->info[pos];
	uint32_t firsts[IPE_WITNESS_COUNT], nfirsts = 0, f;
	uint64_t decided = 0;
	unsigned i;

	if (!s->kept) {
		never_matches(l, s->r);
		return;
	}
	if (duplicate(l, s, pos))
		return;
	for (i = 0; i < IPE_WITNESS_COUNT; i++) {
		if (!(s->kept >> i & 1))
			continue;
		f = first_before(l, s, pos, i);
		if (f == NONE_POS)
			decided |= 1ull << i;
		else
			firsts[nfirsts++] = f;
	}
	if (!decided)
		shadowed(l, s, pos, firsts, nfirsts);
	else
		redundant_default(l, s, pos, decided);
}

static void boot_verified(struct lint *l, const struct rinfo *s)
{
	struct ipe_strbuf sb = { 0 };

	if (l->o->stage != IPE_LINT_STAGE_RUNTIME || !(s->mask & 1u << IPE_PROP_BOOT_VERIFIED_TRUE))
		return;
	ipe_strbuf_puts(&sb, "boot_verified=TRUE after switch_root matches only files on the "
			     "emptied initramfs (--stage initramfs for a policy active before it)");
	warn_rule(l, IPE_LINT_BOOT_VERIFIED_AFTER_SWITCH_ROOT, s->r, &sb, NULL, 0);
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
		warn_rule(l, IPE_LINT_UNSUPPORTED_PROPERTY, s->r, &sb, NULL, 0);
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
	warn_rule(l, IPE_LINT_DIGEST_LENGTH, r, &sb, NULL, 0);
}

/*
 * DEFAULT action=ALLOW decides EXECUTE events no rule matches, unless a
 * DEFAULT op=EXECUTE does: warn when such an event is an unverified file
 * (not on the initramfs, no signature, no digest any rule names).
 */
static void default_allow_execute(struct lint *l)
{
	const struct ipe_policy *p = l->p;
	struct rinfo any_file = { .op = IPE_OP_EXECUTE };
	struct ipe_strbuf sb = { 0 };
	unsigned i;

	if (p->global_default != IPE_ACTION_ALLOW || p->op_default[IPE_OP_EXECUTE] != IPE_ACTION_NONE)
		return;
	for (i = 0; i < IPE_WITNESS_COUNT; i++) {
		struct ipe_witness w = ipe_witness_get(i);

		if (!w.file || w.boot || w.dmv == W_NAMED || w.fsv == W_NAMED || w.dmv_signed ||
		    w.fsv_signed)
			continue;
		if (first_before(l, &any_file, NONE_POS, i) == NONE_POS)
			break;
	}
	if (i == IPE_WITNESS_COUNT)
		return;
	ipe_strbuf_puts(&sb, "no DEFAULT op=EXECUTE and no rule decides an unverified executable: "
			     "this ALLOW lets it run");
	warn(l, IPE_LINT_DEFAULT_ALLOW_EXECUTE, p->global_default_line, p->global_default_col, &sb,
	     NULL, 0);
}

/* ---- driver ------------------------------------------------------------------ */

static void describe(struct rinfo *s, const struct ipe_rule *r)
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
	s->kept = ipe_witnesses_of(r->props, r->nprops, r->op);
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
	struct lint l = { .p = p, .o = o };
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
		describe(&l.info[pos], r);
		if (l.info[pos].kept && index_rule(&l, &l.info[pos], pos))
			goto out;
	}
	for (pos = 0; pos < p->nrules && !l.nomem; pos++) {
		const struct rinfo *s = &l.info[pos];

		reachability(&l, pos);
		boot_verified(&l, s);
		unsupported(&l, s);
		if (s->dmv)
			digest_check(&l, s->r, IPE_PROP_DMV_ROOTHASH, s->dmv);
		if (s->fsv)
			digest_check(&l, s->r, IPE_PROP_FSV_DIGEST, s->fsv);
	}
	default_allow_execute(&l);
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
