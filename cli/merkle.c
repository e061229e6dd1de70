// SPDX-License-Identifier: GPL-2.0-only
#include "merkle.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct hasher {
	EVP_MD_CTX *salted;	/* the state after the salt: copied for every block */
	EVP_MD_CTX *ctx;
};

/* A level being filled, digest by digest. */
struct level_out {
	uint8_t *blocks;
	uint64_t count, cap;
	size_t used;		/* slots used in the last block */
};

static int hash_block(struct hasher *h, const uint8_t *block, size_t len, uint8_t *out)
{
	if (!EVP_MD_CTX_copy_ex(h->ctx, h->salted) || !EVP_DigestUpdate(h->ctx, block, len) ||
	    !EVP_DigestFinal_ex(h->ctx, out, NULL))
		return -ENOMEM;	/* a software digest fails only to allocate */
	return 0;
}

static int put_digest(struct level_out *o, const struct merkle_params *p, const uint8_t *d,
		      size_t dlen)
{
	size_t per_block = p->hash_block_size / p->slot_size, bytes;
	uint8_t *grown;

	if (!o->count || o->used == per_block) {
		if (o->count == o->cap) {
			uint64_t cap = o->cap ? o->cap * 2 : 1;

			if (__builtin_mul_overflow(cap, p->hash_block_size, &bytes))
				return -ENOMEM;
			grown = realloc(o->blocks, bytes);
			if (!grown)
				return -ENOMEM;
			o->blocks = grown;
			o->cap = cap;
		}
		memset(o->blocks + o->count * p->hash_block_size, 0, p->hash_block_size);
		o->count++;
		o->used = 0;
	}
	memcpy(o->blocks + (o->count - 1) * p->hash_block_size + o->used * p->slot_size, d, dlen);
	o->used++;
	return 0;
}

static int build(const struct merkle_params *p, struct hasher *h, merkle_read_fn read,
		 void *ctx, struct merkle_tree *t)
{
	size_t dlen = (size_t)EVP_MD_get_size(p->md);
	struct level_out cur = { 0 }, next = { 0 };
	uint8_t digest[EVP_MAX_MD_SIZE], *data;
	uint64_t in_count, i;
	int rc;

	data = malloc(p->data_block_size);
	if (!data)
		return -ENOMEM;
	while ((rc = read(ctx, data)) == 1) {
		rc = hash_block(h, data, p->data_block_size, digest);
		if (!rc)
			rc = put_digest(&cur, p, digest, dlen);
		if (rc)
			break;
		t->data_blocks++;
	}
	free(data);
	if (!rc && !t->data_blocks)
		rc = -ENODATA;
	/* Every level but the one holding only the root digest is kept. */
	for (in_count = t->data_blocks; !rc && in_count > 1; in_count = cur.count, cur = next) {
		if (t->nlevels == MERKLE_MAX_LEVELS) {
			rc = -EINVAL;
			break;
		}
		t->level[t->nlevels].blocks = cur.blocks;
		t->level[t->nlevels++].count = cur.count;
		next = (struct level_out){ 0 };
		for (i = 0; !rc && i < cur.count; i++) {
			rc = hash_block(h, cur.blocks + i * p->hash_block_size, p->hash_block_size,
					digest);
			if (!rc)
				rc = put_digest(&next, p, digest, dlen);
		}
		if (rc) {
			cur = next;
			break;
		}
	}
	if (!rc) {
		memcpy(t->root, cur.blocks, dlen);
		t->root_len = dlen;
	}
	free(cur.blocks);
	return rc;
}

int merkle_build(const struct merkle_params *p, merkle_read_fn read, void *ctx,
		 struct merkle_tree *t)
{
	struct hasher h = { 0 };
	int dlen = EVP_MD_get_size(p->md), rc = -ENOMEM;

	memset(t, 0, sizeof(*t));
	if (dlen <= 0 || p->slot_size < (size_t)dlen || !p->data_block_size ||
	    p->hash_block_size / p->slot_size < 2)
		return -EINVAL;
	h.salted = EVP_MD_CTX_new();
	h.ctx = EVP_MD_CTX_new();
	if (h.salted && h.ctx && EVP_DigestInit_ex(h.salted, p->md, NULL) &&
	    EVP_DigestUpdate(h.salted, p->salt, p->salt_len))
		rc = build(p, &h, read, ctx, t);
	EVP_MD_CTX_free(h.salted);
	EVP_MD_CTX_free(h.ctx);
	if (rc)
		merkle_tree_free(t);
	return rc;
}

void merkle_tree_free(struct merkle_tree *t)
{
	unsigned i;

	for (i = 0; i < t->nlevels; i++)
		free(t->level[i].blocks);
	t->nlevels = 0;
}

int merkle_read_fd(void *ctx, uint8_t *buf)
{
	struct merkle_fd_source *src = ctx;
	size_t got = 0;
	ssize_t n;

	if (src->max_blocks && src->blocks == src->max_blocks)
		return 0;
	while (got < src->block_size) {
		n = read(src->fd, buf + got, src->block_size - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (!n)
			break;
		got += (size_t)n;
	}
	if (!got)
		return 0;
	memset(buf + got, 0, src->block_size - got);
	src->bytes += got;
	src->blocks++;
	return 1;
}
