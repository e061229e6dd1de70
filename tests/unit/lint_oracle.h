/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The lint's reachability classes checked by brute force, with nothing of
 * the lint's own machinery: every event that can tell rules apart (each op;
 * no file; a file on or off the initramfs, with each dm-verity and fs-verity
 * state: absent, or any digest the policy names or a digest it does not,
 * signed or not) is decided by the reference evaluator, ipe_evaluate(), with
 * the providers of the kernel the options describe (all when unknown).
 *   never-matches   <=> no event satisfies the rule's properties with every
 *                       provider present
 *   unsupported-property  <=  the rule matches with every provider present,
 *                       and no event with the kernel's
 *   never-matches, duplicate, shadowed, or unsupported-property without a
 *   match  <=>  no event is decided by the rule
 *   duplicate       =>  the related line holds an earlier rule of the same
 *                       op, action and set of properties
 *   redundant-default => the rule decides some event, its action is its op's
 *                       default, and without it every event gets the same action
 *   default-allow-execute <=> an unverified executable (a file off the
 *                       initramfs, unsigned, with a digest no rule names)
 *                       reaches a global DEFAULT action=ALLOW
 * Used by the unit test on random policies and by the policy fuzz target.
 * Policies with more than ORACLE_DIGESTS distinct digests of a kind are
 * beyond its event set: lint_oracle() declines them (returns 1).
 */
#ifndef IPE_LINT_ORACLE_H
#define IPE_LINT_ORACLE_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libipe-lint.h>
#include <libipe.h>

#define ORACLE_DIGESTS 8
/* no file, then on/off the initramfs x each dm-verity state x each fs-verity state */
#define ORACLE_EVENTS (1 + 2 * (2 * ORACLE_DIGESTS + 3) * (2 * ORACLE_DIGESTS + 3))

struct oracle {
	const struct ipe_policy *p;
	unsigned providers;			/* the kernel's */
	const struct ipe_rule **rules;		/* by position */
	uint32_t n;
	/* absent (NULL), a digest no policy names, then the policy's own */
	const struct ipe_digest *dig[2][ORACLE_DIGESTS + 2];
	unsigned ndig[2];
	struct ipe_digest fresh;
	const struct ipe_rule *decider[IPE_OP_COUNT][ORACLE_EVENTS];	/* NULL: a default */
	char *why;
	size_t whylen;
};

static inline bool oracle_digest_eq(const struct ipe_digest *a, const struct ipe_digest *b)
{
	return a->len == b->len && !strcmp(a->alg, b->alg) &&
	       (!a->len || !memcmp(a->bytes, b->bytes, a->len));
}

/* Collect the distinct digests of each kind; false when there are too many. */
static inline bool oracle_digests(struct oracle *o)
{
	uint32_t k, i;
	unsigned kind, j;

	for (kind = 0; kind < 2; kind++) {
		o->dig[kind][0] = NULL;
		o->dig[kind][1] = &o->fresh;
		o->ndig[kind] = 2;
	}
	for (k = 0; k < o->n; k++) {
		for (i = 0; i < o->rules[k]->nprops; i++) {
			const struct ipe_prop *pr = &o->rules[k]->props[i];

			if (pr->kind != IPE_PROP_DMV_ROOTHASH && pr->kind != IPE_PROP_FSV_DIGEST)
				continue;
			kind = pr->kind == IPE_PROP_FSV_DIGEST;
			for (j = 2; j < o->ndig[kind]; j++)
				if (oracle_digest_eq(o->dig[kind][j], &pr->digest))
					break;
			if (j < o->ndig[kind])
				continue;
			if (o->ndig[kind] == ORACLE_DIGESTS + 2)
				return false;
			o->dig[kind][o->ndig[kind]++] = &pr->digest;
		}
	}
	return true;
}

/* Event number I of op OP, or false past the last one. */
static inline bool oracle_event(const struct oracle *o, unsigned op, unsigned i,
				struct ipe_event *ev, struct ipe_file_props *f)
{
	unsigned nd = 2 * o->ndig[0] - 1, nf = 2 * o->ndig[1] - 1, d, s;

	*ev = (struct ipe_event){ .op = (uint8_t)op, .providers = o->providers,
				  .hook = op == IPE_OP_EXECUTE ? IPE_HOOK_MMAP : IPE_HOOK_KERNEL_LOAD };
	if (i == 0)
		return true;
	i--;
	if (i >= 2 * nd * nf)
		return false;
	*f = (struct ipe_file_props){ .boot_verified = i / (nd * nf) };
	/* A dimension's states: absent, then each digest unsigned and signed. */
	d = i / nf % nd;
	s = i % nf;
	if (d) {
		f->dmv_has_roothash = true;
		f->dmv_roothash = *o->dig[0][(d + 1) / 2];
		f->dmv_signed = !(d & 1);
	}
	if (s) {
		f->fsv_enabled = true;
		f->fsv_digest = *o->dig[1][(s + 1) / 2];
		f->fsv_signed = !(s & 1);
	}
	ev->hook = op == IPE_OP_EXECUTE ? IPE_HOOK_BPRM_CHECK : IPE_HOOK_KERNEL_READ;
	ev->file = f;
	return true;
}

static inline bool oracle_rule_matches(const struct ipe_rule *r, const struct ipe_event *ev)
{
	uint32_t i;

	for (i = 0; i < r->nprops; i++)
		if (!ipe_prop_holds(&r->props[i], ev))
			return false;
	return true;
}

/* The action for EV with rule SKIP taken out of the policy. */
static inline uint8_t oracle_action_without(const struct oracle *o, const struct ipe_rule *skip,
					    const struct ipe_event *ev)
{
	uint32_t k;

	for (k = 0; k < o->n; k++)
		if (o->rules[k] != skip && o->rules[k]->op == ev->op &&
		    oracle_rule_matches(o->rules[k], ev))
			return o->rules[k]->action;
	return o->p->op_default[ev->op] != IPE_ACTION_NONE ? o->p->op_default[ev->op]
							    : o->p->global_default;
}

/* Every property of A is one of B's. */
static inline bool oracle_props_within(const struct ipe_rule *a, const struct ipe_rule *b)
{
	uint32_t i, j;

	for (i = 0; i < a->nprops; i++) {
		for (j = 0; j < b->nprops; j++) {
			const struct ipe_prop *x = &a->props[i], *y = &b->props[j];

			if (x->kind == y->kind &&
			    ((x->kind != IPE_PROP_DMV_ROOTHASH && x->kind != IPE_PROP_FSV_DIGEST) ||
			     oracle_digest_eq(&x->digest, &y->digest)))
				break;
		}
		if (j == b->nprops)
			return false;
	}
	return true;
}

__attribute__((format(printf, 2, 3)))
static inline int oracle_fail(struct oracle *o, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(o->why, o->whylen, fmt, ap);
	va_end(ap);
	return 0;
}

static inline const struct ipe_lint_warning *oracle_find(const struct ipe_lint_report *rep,
							 unsigned cls, uint32_t line)
{
	size_t i;

	for (i = 0; i < rep->count; i++)
		if (rep->warnings[i].cls == cls && rep->warnings[i].line == line)
			return &rep->warnings[i];
	return NULL;
}

static inline int oracle_rule(struct oracle *o, const struct ipe_lint_report *rep, uint32_t k)
{
	const struct ipe_rule *r = o->rules[k], *e;
	const struct ipe_lint_warning *never = oracle_find(rep, IPE_LINT_NEVER_MATCHES, r->line);
	const struct ipe_lint_warning *dup = oracle_find(rep, IPE_LINT_DUPLICATE, r->line);
	const struct ipe_lint_warning *shadow = oracle_find(rep, IPE_LINT_SHADOWED, r->line);
	const struct ipe_lint_warning *redundant = oracle_find(rep, IPE_LINT_REDUNDANT_DEFAULT, r->line);
	const struct ipe_lint_warning *unsupported = oracle_find(rep, IPE_LINT_UNSUPPORTED_PROPERTY,
								 r->line);
	uint8_t def = o->p->op_default[r->op] != IPE_ACTION_NONE ? o->p->op_default[r->op]
								 : o->p->global_default;
	bool matches = false, matches_all = false, decided = false;
	struct ipe_file_props f;
	struct ipe_decision d;
	struct ipe_event ev;
	unsigned i;
	uint32_t j;

	for (i = 0; oracle_event(o, r->op, i, &ev, &f); i++) {
		matches |= oracle_rule_matches(r, &ev);
		decided |= o->decider[r->op][i] == r;
		ev.providers = IPE_PROVIDERS_ALL;
		matches_all |= oracle_rule_matches(r, &ev);
	}
	/* Without a provider the rule is unsupported-property, not never-matches. */
	if (!matches && matches_all && !unsupported)
		return oracle_fail(o, "line %u: no event matches it on this kernel, yet no "
				   "unsupported-property", r->line);
	if (!!never != !matches_all)
		return oracle_fail(o, "line %u: never-matches %s, yet some event %s it", r->line,
				   never ? "reported" : "not reported",
				   matches_all ? "matches" : "never matches");
	if (!!(never || dup || shadow || !matches) != !decided)
		return oracle_fail(o, "line %u: %s, yet it decides %s event", r->line,
				   never || dup || shadow ? "reported unreachable" : "not reported unreachable",
				   decided ? "some" : "no");
	if ((never != NULL) + (dup != NULL) + (shadow != NULL) + (redundant != NULL) > 1 ||
	    (!matches && (dup || shadow || redundant)))
		return oracle_fail(o, "line %u: more than one reachability class", r->line);
	if (dup) {
		for (j = 0; j < k; j++) {
			e = o->rules[j];
			if (e->line == dup->related[0] && e->op == r->op && e->action == r->action &&
			    oracle_props_within(e, r) && oracle_props_within(r, e))
				break;
		}
		if (j == k)
			return oracle_fail(o, "line %u: duplicate of line %u, which is no twin", r->line,
					   dup->related[0]);
	}
	if (shadow)
		for (j = 0; j < shadow->nrelated; j++)
			if (shadow->related[j] >= r->line)
				return oracle_fail(o, "line %u: shadowed by a later line", r->line);
	if (!redundant)
		return 1;
	if (r->action != def)
		return oracle_fail(o, "line %u: redundant-default, but its action is not the default",
				   r->line);
	for (i = 0; oracle_event(o, r->op, i, &ev, &f); i++) {
		ipe_evaluate(o->p, &ev, &d);
		if (oracle_action_without(o, r, &ev) != d.action)
			return oracle_fail(o, "line %u: redundant-default, yet removing it changes event %u",
					   r->line, i);
	}
	return 1;
}

static inline int oracle_default_allow(struct oracle *o, const struct ipe_lint_report *rep)
{
	const struct ipe_policy *p = o->p;
	bool reached = false, reported = false;
	struct ipe_file_props f;
	struct ipe_decision d;
	struct ipe_event ev;
	size_t w;
	unsigned i;

	for (w = 0; w < rep->count; w++)
		reported |= rep->warnings[w].cls == IPE_LINT_DEFAULT_ALLOW_EXECUTE;
	for (i = 1; oracle_event(o, IPE_OP_EXECUTE, i, &ev, &f); i++) {
		bool unverified = !f.boot_verified && !f.dmv_signed && !f.fsv_signed &&
				  (!f.dmv_has_roothash || !strcmp(f.dmv_roothash.alg, o->fresh.alg)) &&
				  (!f.fsv_enabled || !strcmp(f.fsv_digest.alg, o->fresh.alg));

		ipe_evaluate(p, &ev, &d);
		reached |= unverified && d.match == IPE_MATCH_GLOBAL && d.action == IPE_ACTION_ALLOW;
	}
	if (reached != reported)
		return oracle_fail(o, "default-allow-execute %s, yet an unverified executable %s the global ALLOW",
				   reported ? "reported" : "not reported", reached ? "reaches" : "never reaches");
	return 1;
}

/*
 * 1 when REP (the lint of P with options OPT) agrees with brute force or P
 * has too many digests to check, 0 with the reason in WHY otherwise, -1 on
 * ENOMEM.
 */
static inline int lint_oracle(const struct ipe_policy *p, const struct ipe_lint_options *opt,
			      const struct ipe_lint_report *rep, char *why, size_t whylen)
{
	struct oracle o = { .p = p, .n = p->nrules, .why = why, .whylen = whylen,
			    .providers = opt->kernel_known ? opt->providers : IPE_PROVIDERS_ALL,
			    .fresh = { .alg = "oracle:fresh" } };
	struct ipe_file_props f;
	const struct ipe_rule *r;
	struct ipe_decision d;
	struct ipe_event ev;
	unsigned op, i;
	uint32_t k;
	int rc = 1;

	o.rules = malloc((p->nrules ? p->nrules : 1) * sizeof(*o.rules));
	if (!o.rules)
		return -1;
	for (r = p->rules, k = 0; r; r = r->next)
		o.rules[k++] = r;
	if (oracle_digests(&o)) {
		for (op = 0; op < IPE_OP_COUNT; op++) {
			for (i = 0; oracle_event(&o, op, i, &ev, &f); i++) {
				ipe_evaluate(p, &ev, &d);
				o.decider[op][i] = d.rule;
			}
		}
		for (k = 0; k < o.n && rc == 1; k++)
			rc = oracle_rule(&o, rep, k);
		if (rc == 1)
			rc = oracle_default_allow(&o, rep);
	}
	free(o.rules);
	return rc;
}

#endif
