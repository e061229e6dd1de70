/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * A bump allocator owning everything a parsed policy points to.  One policy of
 * a million rules costs a few hundred mallocs, not millions, and is freed in
 * one call; memory stays close to the size of the rules themselves.
 */
#ifndef IPE_ARENA_H
#define IPE_ARENA_H

#include <stddef.h>

struct ipe_arena;

struct ipe_arena *ipe_arena_new(void);
/* 8-byte aligned, uninitialised; NULL on allocation failure. */
void *ipe_arena_alloc(struct ipe_arena *a, size_t size);
void *ipe_arena_memdup(struct ipe_arena *a, const void *src, size_t size);
/* A NUL-terminated copy of LEN bytes. */
char *ipe_arena_strndup(struct ipe_arena *a, const char *src, size_t len);
void ipe_arena_free(struct ipe_arena *a);

#endif
