// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Compiling a policy into lookup tables, and walking them in user space the
 * way the BPF side does (the walk is the differential test's second engine).
 *
 * Compilation sorts the digest-bearing rules by (kind, digest, op, position):
 * each run of one digest becomes its lists, one per op, already in file
 * order, and gets one id.  The generic lists come first in the rules array.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "libipe-tables.h"

/* ipe-tables.h restates libipe's numbers for BPF C, which cannot include it. */
_Static_assert(IPE_TBL_OPS == IPE_OP_COUNT, "op count");
_Static_assert(IPE_TBL_ALLOW == IPE_ACTION_ALLOW && IPE_TBL_DENY == IPE_ACTION_DENY &&
	       IPE_TBL_NONE == IPE_ACTION_NONE, "action codes");
_Static_assert(IPE_MATCH_RULE == 0 && IPE_MATCH_OP_DEFAULT == 1 && IPE_MATCH_GLOBAL == 2,
	       "ipe_tbl_decide's match codes");

bool ipe_tables_digest_key(unsigned kind, const struct ipe_digest *d,
			   struct ipe_tbl_digest_key *key)
{
	size_t alg_len = strlen(d->alg);

	memset(key, 0, sizeof(*key));
	if (alg_len >= IPE_TBL_ALG_MAX || d->len == 0 || d->len > IPE_TBL_DIGEST_MAX)
		return false;
	key->kind = (__u8)kind;
	key->alg_len = (__u8)alg_len;
	key->len = (__u8)d->len;
	memcpy(key->alg, d->alg, alg_len);
	memcpy(key->bytes, d->bytes, d->len);
	return true;
}

/* A rule as compiled, with the digest it is listed under (if any). */
struct item {
	struct ipe_tbl_digest_key key;	/* kind 0: generic */
	struct ipe_tbl_rule rec;
	uint8_t op;
};

static int item_cmp(const void *a, const void *b)
{
	const struct item *x = a, *y = b;
	int c = memcmp(&x->key, &y->key, sizeof(x->key));

	if (c)
		return c;
	if (x->op != y->op)
		return x->op < y->op ? -1 : 1;
	return x->rec.pos < y->rec.pos ? -1 : x->rec.pos > y->rec.pos;
}

/*
 * Compile one rule into IT.  Returns false when no event can match it.
 * DMV and FSV get the digest requirements (NULL: none).
 */
static bool compile_rule(const struct ipe_rule *r, uint32_t pos, struct item *it,
			 const struct ipe_digest **dmv, const struct ipe_digest **fsv)
{
	static const struct {
		uint8_t bit, value;
	} bools[IPE_PROP_KIND_COUNT] = {
		[IPE_PROP_BOOT_VERIFIED_FALSE] = { IPE_TBL_BOOT_VERIFIED, 0 },
		[IPE_PROP_BOOT_VERIFIED_TRUE] = { IPE_TBL_BOOT_VERIFIED, 1 },
		[IPE_PROP_DMV_SIG_FALSE] = { IPE_TBL_DMV_SIGNED, 0 },
		[IPE_PROP_DMV_SIG_TRUE] = { IPE_TBL_DMV_SIGNED, 1 },
		[IPE_PROP_FSV_SIG_FALSE] = { IPE_TBL_FSV_SIGNED, 0 },
		[IPE_PROP_FSV_SIG_TRUE] = { IPE_TBL_FSV_SIGNED, 1 },
	};
	uint32_t i;

	memset(it, 0, sizeof(*it));
	it->op = r->op;
	it->rec.pos = pos;
	it->rec.action = r->action;
	*dmv = *fsv = NULL;
	for (i = 0; i < r->nprops; i++) {
		const struct ipe_prop *pr = &r->props[i];
		const struct ipe_digest **slot;
		struct ipe_tbl_digest_key k, old;

		if (pr->kind != IPE_PROP_DMV_ROOTHASH && pr->kind != IPE_PROP_FSV_DIGEST) {
			uint8_t bit = bools[pr->kind].bit;
			uint8_t want = bools[pr->kind].value ? bit : 0;

			if ((it->rec.mask & bit) && (it->rec.want & bit) != want)
				return false;	/* TRUE and FALSE of one property */
			it->rec.mask |= bit;
			it->rec.want |= want;
			continue;
		}
		slot = pr->kind == IPE_PROP_DMV_ROOTHASH ? dmv : fsv;
		if (!ipe_tables_digest_key(IPE_TBL_KIND_DMV, &pr->digest, &k))
			return false;	/* no kernel digest looks like this */
		/* Comparing under one kind is enough: only the value differs. */
		if (*slot && (ipe_tables_digest_key(IPE_TBL_KIND_DMV, *slot, &old),
			      memcmp(&old, &k, sizeof(k))))
			return false;	/* two different digests of one kind */
		*slot = &pr->digest;
	}
	return true;
}

void ipe_tables_free(struct ipe_tables *t)
{
	if (!t)
		return;
	free(t->rules);
	free(t->digests);
	free(t);
}

static int key_cmp(const void *a, const void *b)
{
	return memcmp(a, b, sizeof(struct ipe_tbl_digest_key));
}

static struct ipe_tbl_digest_entry *find_digest(const struct ipe_tables *t,
						const struct ipe_tbl_digest_key *k)
{
	/* The key is the entry's first member. */
	return bsearch(k, t->digests, t->header.ndigests, sizeof(*t->digests), key_cmp);
}

/* Every digest any compilable rule requires, sorted and unique, ids from 1. */
static int collect_digests(const struct ipe_policy *p, struct ipe_tables *t)
{
	const struct ipe_rule *r;
	uint32_t n = 0, i, pos = 0;

	t->digests = calloc(2 * (size_t)p->nrules + 1, sizeof(*t->digests));
	if (!t->digests)
		return -ENOMEM;
	for (r = p->rules; r; r = r->next, pos++) {
		const struct ipe_digest *dmv, *fsv;
		struct item it;

		if (!compile_rule(r, pos, &it, &dmv, &fsv))
			continue;
		if (dmv)
			ipe_tables_digest_key(IPE_TBL_KIND_DMV, dmv, &t->digests[n++].key);
		if (fsv)
			ipe_tables_digest_key(IPE_TBL_KIND_FSV, fsv, &t->digests[n++].key);
	}
	qsort(t->digests, n, sizeof(*t->digests), key_cmp);
	t->header.ndigests = 0;
	for (i = 0; i < n; i++) {
		struct ipe_tbl_digest_entry *e;

		if (t->header.ndigests && !key_cmp(&t->digests[t->header.ndigests - 1].key,
						   &t->digests[i].key))
			continue;
		e = &t->digests[t->header.ndigests++];
		e->key = t->digests[i].key;
		memset(&e->val, 0, sizeof(e->val));
		e->val.id = t->header.ndigests;
	}
	return 0;
}

/* True when record A, earlier in a list, matches every event B matches. */
static bool shadows(const struct ipe_tbl_rule *a, const struct ipe_tbl_rule *b)
{
	return (a->mask & b->mask) == a->mask && (b->want & a->mask) == a->want &&
	       (!a->dmv_id || a->dmv_id == b->dmv_id) && (!a->fsv_id || a->fsv_id == b->fsv_id);
}

/* The id of digest D of KIND in T (it is there: collect_digests put it). */
static uint32_t digest_id(const struct ipe_tables *t, unsigned kind, const struct ipe_digest *d)
{
	struct ipe_tbl_digest_key k;

	ipe_tables_digest_key(kind, d, &k);
	return find_digest(t, &k)->val.id;
}

int ipe_tables_build(const struct ipe_policy *p, struct ipe_tables **out)
{
	struct ipe_tables *t = calloc(1, sizeof(*t));
	struct item *items = calloc(p->nrules ? p->nrules : 1, sizeof(*items));
	struct ipe_tbl_header *h;
	const struct ipe_rule *r;
	uint32_t n = 0, pos = 0, i;

	*out = NULL;
	if (!t || !items || collect_digests(p, t))
		goto nomem;
	h = &t->header;
	h->global_default = p->global_default;
	memcpy(h->op_default, p->op_default, sizeof(h->op_default));
	for (r = p->rules; r; r = r->next, pos++) {
		const struct ipe_digest *dmv, *fsv;
		struct item *it = &items[n];

		if (!compile_rule(r, pos, it, &dmv, &fsv))
			continue;
		/* Listed under its dm-verity digest, else its fs-verity one. */
		if (dmv)
			ipe_tables_digest_key(IPE_TBL_KIND_DMV, dmv, &it->key);
		else if (fsv)
			ipe_tables_digest_key(IPE_TBL_KIND_FSV, fsv, &it->key);
		it->rec.dmv_id = dmv ? digest_id(t, IPE_TBL_KIND_DMV, dmv) : 0;
		it->rec.fsv_id = fsv ? digest_id(t, IPE_TBL_KIND_FSV, fsv) : 0;
		h->op_reads[it->op] |= it->rec.mask | (dmv ? IPE_TBL_DMV_DIGEST : 0) |
				       (fsv ? IPE_TBL_FSV_DIGEST : 0);
		n++;
	}
	/* Generic items (key all zero) sort first; every list by op, then position. */
	qsort(items, n, sizeof(*items), item_cmp);
	t->rules = calloc(n ? n : 1, sizeof(*t->rules));
	if (!t->rules)
		goto nomem;
	for (i = 0; i < n; i++) {
		struct ipe_tbl_range *rg = items[i].key.kind
			? &find_digest(t, &items[i].key)->val.ops[items[i].op]
			: &h->generic[items[i].op];
		uint32_t k;

		for (k = 0; k < rg->count; k++)
			if (shadows(&t->rules[rg->start + k], &items[i].rec))
				break;
		if (k < rg->count)
			continue;
		if (rg->count == IPE_TBL_SCAN_MAX) {
			free(items);
			ipe_tables_free(t);
			return -E2BIG;
		}
		if (!rg->count)
			rg->start = h->nrules;
		t->rules[h->nrules++] = items[i].rec;
		rg->count++;
	}
	free(items);
	*out = t;
	return 0;
nomem:
	free(items);
	ipe_tables_free(t);
	return -ENOMEM;
}

/* The first record of RG that matches, or NULL. */
static const struct ipe_tbl_rule *scan(const struct ipe_tables *t, const struct ipe_tbl_range *rg,
				       uint8_t bits, uint32_t dmv, uint32_t fsv)
{
	uint32_t i;

	for (i = 0; i < rg->count; i++)
		if (ipe_tbl_rule_matches(&t->rules[rg->start + i], bits, dmv, fsv))
			return &t->rules[rg->start + i];
	return NULL;
}

static const struct ipe_tbl_rule *earlier(const struct ipe_tbl_rule *a,
					  const struct ipe_tbl_rule *b)
{
	if (!a)
		return b;
	if (!b)
		return a;
	return a->pos < b->pos ? a : b;
}

/* The entry of the event's digest D of KIND, or NULL. */
static const struct ipe_tbl_digest_entry *event_digest(const struct ipe_tables *t, unsigned kind,
						       bool present, const struct ipe_digest *d)
{
	struct ipe_tbl_digest_key k;

	if (!present || !ipe_tables_digest_key(kind, d, &k))
		return NULL;
	return find_digest(t, &k);
}

void ipe_tables_evaluate(const struct ipe_tables *t, const struct ipe_event *ev,
			 struct ipe_decision *d, uint32_t *pos)
{
	const struct ipe_file_props *f = ev->file;
	const struct ipe_tbl_digest_entry *dmv = NULL, *fsv = NULL;
	const struct ipe_tbl_rule *best = NULL;
	uint8_t bits = 0, match;

	if (f) {
		bits = (f->boot_verified ? IPE_TBL_BOOT_VERIFIED : 0) |
		       (f->dmv_signed ? IPE_TBL_DMV_SIGNED : 0) |
		       (f->fsv_enabled && f->fsv_signed ? IPE_TBL_FSV_SIGNED : 0);
		dmv = event_digest(t, IPE_TBL_KIND_DMV, f->dmv_has_roothash, &f->dmv_roothash);
		fsv = event_digest(t, IPE_TBL_KIND_FSV, f->fsv_enabled, &f->fsv_digest);
	}
	if (ev->op < IPE_TBL_OPS) {
		uint32_t dmv_id = dmv ? dmv->val.id : 0, fsv_id = fsv ? fsv->val.id : 0;

		best = scan(t, &t->header.generic[ev->op], bits, dmv_id, fsv_id);
		if (dmv)
			best = earlier(best, scan(t, &dmv->val.ops[ev->op], bits, dmv_id, fsv_id));
		if (fsv)
			best = earlier(best, scan(t, &fsv->val.ops[ev->op], bits, dmv_id, fsv_id));
	}
	*d = (struct ipe_decision){ .op = ev->op < IPE_TBL_OPS ? ev->op : IPE_OP_INVALID };
	d->action = ipe_tbl_decide(&t->header, ev->op, best, &match);
	d->match = match;
	*pos = best ? best->pos : IPE_TBL_NO_RULE;
}
