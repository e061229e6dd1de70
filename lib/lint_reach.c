// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Reachability: every rule decided on witnesses (witness.h) with the
 * kernel's truth table, the earlier and later rules that can match a
 * witness found through the signature index (lint_index.h).
 *
 * Why witnesses are exact: for a digest kind rule R does not name, an
 * event's value is either absent, or named by some other rule, or named by
 * none.  An earlier rule that matches R's event with a fresh value names no
 * digest of that kind and so matches it with any value; an earlier rule
 * naming the value matches fewer events.  So "fresh" is the case most
 * favourable to R, and R is shadowed exactly when every witness R matches
 * is matched by an earlier rule.  For the later rules that could overturn a
 * removal the opposite holds, so there a fresh value may stand for any
 * digest a later rule names (the "any digest" buckets).
 */
#include <stdlib.h>

#include "lint_impl.h"
#include "printer.h"
#include "witness.h"

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

/*
 * Witness I of subject S as an event on the lint's kernel; a fresh value may
 * be replaced by DMV/FSV.
 */
static struct ipe_event event_of(const struct lint *l, const struct rinfo *s, unsigned i,
				 const struct ipe_digest *dmv, const struct ipe_digest *fsv,
				 struct ipe_file_props *f)
{
	struct ipe_witness w = ipe_witness_get(i);

	return ipe_witness_event(&w, s->op, l->providers, value(w.dmv, s->dmv, dmv),
				 value(w.fsv, s->fsv, fsv), f);
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
	struct ipe_event ev = event_of(l, s, i, NULL, NULL, &f);
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
		ev = event_of(l, s, i, NULL, NULL, &f);
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
			ev = event_of(l, s, i, keys[k].dsel == SEL_ANY ? c->dmv : NULL,
				      keys[k].fsel == SEL_ANY ? c->fsv : NULL, &f);
			if (sig_holds(c, &ev))
				return true;
		}
	}
	return false;
}

/* ---- the classes --------------------------------------------------------- */

/* R's properties contradict each other, whatever the kernel's providers. */
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
								 2, r->op, IPE_PROVIDERS_ALL)) {
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
			if (ipe_witnesses_of((struct ipe_prop[2]){ *reps[a], *reps[b] }, 2, r->op,
					     IPE_PROVIDERS_ALL) == 0)
				goto found;
	ipe_strbuf_puts(&sb, "never matches: no event satisfies all of its properties");
	lint_warn_rule(l, IPE_LINT_NEVER_MATCHES, r, &sb, NULL, 0);
	return;
found:
	ipe_strbuf_puts(&sb, "never matches: ");
	ipe_strbuf_prop(&sb, reps[a]);
	ipe_strbuf_puts(&sb, " and ");
	ipe_strbuf_prop(&sb, reps[b]);
	ipe_strbuf_puts(&sb, " cannot both hold");
	lint_warn_rule(l, IPE_LINT_NEVER_MATCHES, r, &sb, NULL, 0);
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
	lint_warn_rule(l, IPE_LINT_DUPLICATE, s->r, &sb, &line, 1);
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
	lint_warn_rule(l, IPE_LINT_SHADOWED, s->r, &sb, lines, nlines);
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
	lint_warn_rule(l, IPE_LINT_REDUNDANT_DEFAULT, s->r, &sb, &line, 1);
}

void lint_reachability(struct lint *l, uint32_t pos)
{
	const struct rinfo *s = &l->info[pos];
	uint32_t firsts[IPE_WITNESS_COUNT], nfirsts = 0, f;
	uint64_t decided = 0;
	unsigned i;

	if (!s->kept) {
		/* Matching with every provider, it lacks one: unsupported-property. */
		if (l->providers == IPE_PROVIDERS_ALL ||
		    !ipe_witnesses_of(s->r->props, s->r->nprops, s->op, IPE_PROVIDERS_ALL))
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

/*
 * DEFAULT action=ALLOW decides EXECUTE events no rule matches, unless a
 * DEFAULT op=EXECUTE does: warn when such an event is an unverified file
 * (not on the initramfs, no signature, no digest any rule names).
 */
void lint_default_allow_execute(struct lint *l)
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
	lint_warn(l, IPE_LINT_DEFAULT_ALLOW_EXECUTE, p->global_default_line, p->global_default_col, &sb,
	     NULL, 0);
}
