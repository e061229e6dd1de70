// SPDX-License-Identifier: LGPL-2.1-or-later
#include "arena.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Chunks double from 4 KiB to 1 MiB: tiny policies stay tiny, big ones pay
 * one malloc per megabyte. */
#define CHUNK_MIN ((size_t)4 << 10)
#define CHUNK_MAX ((size_t)1 << 20)

struct chunk {
	struct chunk *prev;
	size_t used, size;
	_Alignas(8) unsigned char data[];
};

struct ipe_arena {
	struct chunk *head;
	size_t next_size;
};

struct ipe_arena *ipe_arena_new(void)
{
	struct ipe_arena *a = calloc(1, sizeof(*a));

	if (a)
		a->next_size = CHUNK_MIN;
	return a;
}

static struct chunk *chunk_new(struct ipe_arena *a, size_t need)
{
	size_t size = a->next_size;
	struct chunk *c;

	if (size < need)
		size = need;
	if (size > SIZE_MAX - sizeof(*c))
		return NULL;
	c = malloc(sizeof(*c) + size);
	if (!c)
		return NULL;
	c->prev = a->head;
	c->used = 0;
	c->size = size;
	a->head = c;
	if (a->next_size < CHUNK_MAX)
		a->next_size *= 2;
	return c;
}

void *ipe_arena_alloc(struct ipe_arena *a, size_t size)
{
	struct chunk *c = a->head;
	size_t off;

	if (size > SIZE_MAX - 7)
		return NULL;
	size = (size + 7) & ~(size_t)7;
	if (!c || c->size - c->used < size) {
		c = chunk_new(a, size);
		if (!c)
			return NULL;
	}
	off = c->used;
	c->used += size;
	return c->data + off;
}

void *ipe_arena_memdup(struct ipe_arena *a, const void *src, size_t size)
{
	void *p = ipe_arena_alloc(a, size ? size : 1);

	if (p && size)
		memcpy(p, src, size);
	return p;
}

char *ipe_arena_strndup(struct ipe_arena *a, const char *src, size_t len)
{
	char *p;

	if (len == SIZE_MAX)
		return NULL;
	p = ipe_arena_alloc(a, len + 1);
	if (p) {
		memcpy(p, src, len);
		p[len] = '\0';
	}
	return p;
}

void ipe_arena_free(struct ipe_arena *a)
{
	struct chunk *c, *prev;

	if (!a)
		return;
	for (c = a->head; c; c = prev) {
		prev = c->prev;
		free(c);
	}
	free(a);
}
