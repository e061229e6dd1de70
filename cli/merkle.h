/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The Merkle tree dm-verity and fs-verity share: the data is cut into
 * blocks, every block is hashed with a salt prefix, the digests are laid in
 * fixed-size slots that fill the blocks of the next level (the last block
 * zero-padded), and levels are built until one block remains; the root hash
 * is the hash of that block.  Data of a single block has no level at all:
 * the root hash is that block's hash.
 *
 * The formats differ only in what the callers pass: the salt prefix
 * (dm-verity: the salt as is; fs-verity: zero-padded to the hash's input
 * block size), the slot size (dm-verity: the digest size rounded up to a
 * power of two; fs-verity: the digest size) and what is done with the
 * levels (dm-verity stores them, fs-verity only hashes its root).
 */
#ifndef IPECTL_MERKLE_H
#define IPECTL_MERKLE_H

#include <stddef.h>
#include <stdint.h>

#include <openssl/evp.h>

#define MERKLE_MAX_LEVELS 64	/* two slots a block at least, 2^64 blocks at most */

struct merkle_params {
	const EVP_MD *md;
	const uint8_t *salt;	/* hashed before every block */
	size_t salt_len;
	size_t data_block_size;	/* the blocks of the data */
	size_t hash_block_size;	/* the blocks of every level */
	size_t slot_size;	/* bytes one digest takes in a level block */
};

/*
 * Reads the next data block into BUF (data_block_size bytes).  Returns 1
 * when a block was read, 0 when the data has ended, or a negative errno
 * that stops the build and is returned by merkle_build().
 */
typedef int (*merkle_read_fn)(void *ctx, uint8_t *buf);

/*
 * A merkle_read_fn over a file descriptor (CTX is a struct merkle_fd_source):
 * its blocks from the current offset to its end, the last one zero-padded,
 * and no more than MAX_BLOCKS when that is not 0.
 */
struct merkle_fd_source {
	int fd;
	size_t block_size;
	uint64_t max_blocks;
	uint64_t bytes;		/* read so far */
	uint64_t blocks;	/* given so far */
};
int merkle_read_fd(void *ctx, uint8_t *buf);

struct merkle_tree {
	unsigned nlevels;		/* 0 for data of one block */
	struct {
		uint8_t *blocks;	/* count * hash_block_size bytes, malloc'd */
		uint64_t count;
	} level[MERKLE_MAX_LEVELS];	/* level 0 holds the data blocks' digests */
	uint64_t data_blocks;		/* how many blocks READ gave */
	uint8_t root[EVP_MAX_MD_SIZE];
	size_t root_len;
};

/*
 * Build the tree over the data READ gives.  Returns 0 with *T to release
 * with merkle_tree_free(); -ENODATA when READ gave no block at all (each
 * format has its own answer for empty data); -EINVAL for parameters that do
 * not make a tree (a slot smaller than the digest, fewer than two slots a
 * block); -ENOMEM; or READ's error.
 */
int merkle_build(const struct merkle_params *p, merkle_read_fn read, void *ctx,
		 struct merkle_tree *t);
void merkle_tree_free(struct merkle_tree *t);

#endif
