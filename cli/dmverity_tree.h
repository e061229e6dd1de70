/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The root hash of a dm-verity volume, recomputed from its data image and
 * the hash tree `veritysetup format IMAGE HASHTREE` wrote, with every hash
 * block the tree holds checked against the recomputed one.
 *
 * Supported layout (cryptsetup's with a superblock, hash offset 0):
 * HASHTREE starts with a 512-byte superblock, integers little-endian:
 *
 *     0  signature[8]        "verity\0\0"
 *     8  version u32         1
 *    12  hash_type u32       1 (0 is the Chrome OS format: not supported)
 *    16  uuid[16]
 *    32  algorithm[32]       the kernel's hash name, NUL-padded ("sha256")
 *    64  data_block_size u32
 *    68  hash_block_size u32
 *    72  data_blocks u64     how many blocks of IMAGE the tree covers
 *    80  salt_size u16       at most 256
 *    82  padding[6]
 *    88  salt[256]
 *   344  padding[168]
 *
 * The hash area starts at the first hash block after the superblock.  Each
 * block is hashed as hash(salt || block); a digest takes a slot of its size
 * rounded up to a power of two, and the levels are stored top level (one
 * block) first, down to the level of the data blocks' digests.  Data of one
 * block has no level: its hash is the root hash.  Hash trees written with
 * --no-superblock or at a --hash-offset are not supported: nothing in them
 * says which parameters made them.
 */
#ifndef IPECTL_DMVERITY_TREE_H
#define IPECTL_DMVERITY_TREE_H

#include <stddef.h>
#include <stdint.h>

#include "hashalg.h"

#define DMVERITY_SB_SIZE 512
#define DMVERITY_MAX_SALT 256
#define DMVERITY_MAX_DIGEST 64

struct dmverity_sb {
	uint32_t version;
	uint32_t hash_type;
	uint8_t uuid[16];
	char alg[HASHALG_NAME_MAX + 1];
	uint32_t data_block_size;
	uint32_t hash_block_size;
	uint64_t data_blocks;
	uint16_t salt_size;
	uint8_t salt[DMVERITY_MAX_SALT];
};

/*
 * Parse and check the DMVERITY_SB_SIZE bytes at BUF.  Returns 0, or
 * -EBADMSG with *WHY saying what is wrong: no signature, a version or hash
 * type other than 1, a block size that is not a power of two from 512 to
 * 512 KiB (cryptsetup's range), no data block, a salt over 256 bytes, or an
 * algorithm name that is not a hash both OpenSSL and the kernel have by that
 * name (hashalg.h).
 */
int dmverity_sb_parse(const uint8_t *buf, struct dmverity_sb *sb, const char **why);

struct dmverity_root {
	struct dmverity_sb sb;
	uint8_t digest[DMVERITY_MAX_DIGEST];
	size_t len;
	unsigned levels;	/* hash levels stored in HASHTREE */
};

/*
 * Compute IMAGE's root hash with HASHTREE's parameters and check HASHTREE's
 * every hash block.  Returns 0 with *ROOT filled; -EBADMSG when the two are
 * not a matching pair (a bad superblock, IMAGE shorter than the data blocks,
 * HASHTREE truncated, the first hash block that differs); -ENOMEM; or a
 * -errno from opening or reading.  On error MSG holds one line saying why,
 * naming the file it is about.
 */
int dmverity_root_hash(const char *image, const char *hashtree, struct dmverity_root *root,
		       char *msg, size_t msgsize);

#endif
