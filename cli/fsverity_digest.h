/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The fs-verity file digest, computed offline exactly as the kernel
 * computes it when verity is enabled (and as `fsverity digest` prints it):
 * a Merkle tree over the file's blocks, then the hash of the 256-byte
 * fsverity_descriptor that records the tree's root.
 */
#ifndef IPECTL_FSVERITY_DIGEST_H
#define IPECTL_FSVERITY_DIGEST_H

#include <stddef.h>
#include <stdint.h>

#define FSVERITY_MAX_DIGEST 64
#define FSVERITY_MAX_SALT 32
#define FSVERITY_MAX_BLOCK_SIZE (1u << 30)	/* fsverity-utils' limit */

/* The descriptor's hash_algorithm numbers. */
enum fsverity_alg {
	FSVERITY_SHA256 = 1,
	FSVERITY_SHA512 = 2,
};

struct fsverity_params {
	enum fsverity_alg alg;
	uint32_t block_size;
	uint8_t salt[FSVERITY_MAX_SALT];
	size_t salt_len;
};

/* "sha256" / "sha512" and back; -1 / NULL for anything else. */
int fsverity_alg_from_name(const char *name);
const char *fsverity_alg_name(enum fsverity_alg alg);
size_t fsverity_digest_size(enum fsverity_alg alg);

/*
 * NULL when P can make a digest, else why not: the block size must be a
 * power of two from twice the digest size to FSVERITY_MAX_BLOCK_SIZE (what
 * fsverity-utils accepts; the kernel enables only 1024 up to the page and
 * filesystem block size), the salt at most FSVERITY_MAX_SALT bytes.
 */
const char *fsverity_params_check(const struct fsverity_params *p);

/*
 * Digest the whole content of FD, read from its current offset to its end,
 * into DIGEST (fsverity_digest_size(p->alg) bytes).  Returns 0, -EINVAL for
 * parameters fsverity_params_check() refuses, -ENOMEM, or a read's -errno.
 */
int fsverity_digest_fd(int fd, const struct fsverity_params *p, uint8_t *digest);

#endif
