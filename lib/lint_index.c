// SPDX-License-Identifier: LGPL-2.1-or-later
#include "lint_index.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

struct bucket {
	struct lint_key key;
	uint32_t head;		/* first entry + 1 */
};

struct lint_index {
	uint32_t *slots;	/* bucket + 1, open addressing */
	size_t nslots;		/* a power of two */
	struct bucket *buckets;
	size_t nbuckets, bucket_cap;
	struct lint_entry *entries;
	size_t nentries, entry_cap;
};

static uint64_t mix(uint64_t h, const void *p, size_t n)
{
	const unsigned char *s = p;
	size_t i;

	for (i = 0; i < n; i++)
		h = (h ^ s[i]) * 0x100000001b3ull;	/* FNV-1a */
	return h;
}

static uint64_t mix_digest(uint64_t h, unsigned sel, const struct ipe_digest *d)
{
	h = mix(h, &(uint8_t){ (uint8_t)sel }, 1);
	if (sel != SEL_KEY)
		return h;
	h = mix(h, d->alg, strlen(d->alg) + 1);
	h = mix(h, &d->len, sizeof(d->len));
	return d->len ? mix(h, d->bytes, d->len) : h;
}

static uint64_t hash_key(const struct lint_key *k)
{
	uint64_t h = mix(0xcbf29ce484222325ull, &k->op, 1);

	return mix_digest(mix_digest(h, k->dsel, k->dmv), k->fsel, k->fsv);
}

static bool digest_eq(unsigned sel, const struct ipe_digest *a, const struct ipe_digest *b)
{
	return sel != SEL_KEY || (a->len == b->len && !strcmp(a->alg, b->alg) &&
				  (!a->len || !memcmp(a->bytes, b->bytes, a->len)));
}

static bool key_eq(const struct lint_key *a, const struct lint_key *b)
{
	return a->op == b->op && a->dsel == b->dsel && a->fsel == b->fsel &&
	       digest_eq(a->dsel, a->dmv, b->dmv) && digest_eq(a->fsel, a->fsv, b->fsv);
}

/* The slot holding K, or the empty slot where it would go. */
static uint32_t *slot_of(const struct lint_index *ix, const struct lint_key *k)
{
	size_t i = (size_t)hash_key(k) & (ix->nslots - 1);

	while (ix->slots[i] && !key_eq(&ix->buckets[ix->slots[i] - 1].key, k))
		i = (i + 1) & (ix->nslots - 1);
	return &ix->slots[i];
}

/* ARR with room for NEED elements of SIZE bytes, or NULL (ARR left alone). */
static void *grow(void *arr, size_t *cap, size_t need, size_t size)
{
	size_t n = *cap ? *cap : 64;
	void *p;

	if (need <= *cap)
		return arr;
	while (n < need)
		n *= 2;
	p = realloc(arr, n * size);
	if (p)
		*cap = n;
	return p;
}

/* Keep the table at most half full. */
static bool rehash(struct lint_index *ix)
{
	size_t n = ix->nslots ? ix->nslots : 64, i;
	uint32_t *old = ix->slots;
	size_t oldn = ix->nslots;

	if (2 * (ix->nbuckets + 1) <= ix->nslots)
		return true;
	while (2 * (ix->nbuckets + 1) > n)
		n *= 2;
	ix->slots = malloc(n * sizeof(*ix->slots));
	if (!ix->slots) {
		ix->slots = old;
		return false;
	}
	memset(ix->slots, 0, n * sizeof(*ix->slots));
	ix->nslots = n;
	for (i = 0; i < oldn; i++)
		if (old[i])
			*slot_of(ix, &ix->buckets[old[i] - 1].key) = old[i];
	free(old);
	return true;
}

struct lint_index *lint_index_new(void)
{
	struct lint_index *ix = malloc(sizeof(*ix));

	if (ix)
		*ix = (struct lint_index){ 0 };
	return ix;
}

void lint_index_free(struct lint_index *ix)
{
	if (!ix)
		return;
	free(ix->slots);
	free(ix->buckets);
	free(ix->entries);
	free(ix);
}

int lint_index_add(struct lint_index *ix, const struct lint_key *k, uint8_t mask,
		   uint8_t action, uint32_t pos)
{
	struct lint_entry *e;
	struct bucket *b;
	uint32_t *slot;
	uint32_t i;
	void *p;

	if (!rehash(ix))
		return -ENOMEM;
	slot = slot_of(ix, k);
	if (!*slot) {
		p = grow(ix->buckets, &ix->bucket_cap, ix->nbuckets + 1, sizeof(*ix->buckets));
		if (!p)
			return -ENOMEM;
		ix->buckets = p;
		ix->buckets[ix->nbuckets] = (struct bucket){ .key = *k };
		*slot = (uint32_t)++ix->nbuckets;
	}
	b = &ix->buckets[*slot - 1];
	for (i = b->head; i; i = ix->entries[i - 1].next) {
		e = &ix->entries[i - 1];
		if (e->mask == mask && e->action == action) {
			e->last = pos;
			return 0;
		}
	}
	p = grow(ix->entries, &ix->entry_cap, ix->nentries + 1, sizeof(*ix->entries));
	if (!p)
		return -ENOMEM;
	ix->entries = p;
	ix->entries[ix->nentries] = (struct lint_entry){
		.first = pos, .last = pos, .next = b->head, .mask = mask, .action = action,
	};
	b->head = (uint32_t)++ix->nentries;
	return 0;
}

const struct lint_entry *lint_index_find(const struct lint_index *ix, const struct lint_key *k)
{
	uint32_t b;

	if (!ix->nslots)
		return NULL;
	b = *slot_of(ix, k);
	return b ? &ix->entries[ix->buckets[b - 1].head - 1] : NULL;
}

const struct lint_entry *lint_index_next(const struct lint_index *ix, const struct lint_entry *e)
{
	return e->next ? &ix->entries[e->next - 1] : NULL;
}
