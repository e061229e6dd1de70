// SPDX-License-Identifier: GPL-2.0-only
#include "fsverity_digest.h"

#include <errno.h>
#include <string.h>

#include <openssl/evp.h>

#include "merkle.h"

#define DESCRIPTOR_SIZE 256
#define SALT_PREFIX_MAX 128	/* sha512's input block, the larger of the two */

static const char *const alg_names[] = {
	[FSVERITY_SHA256] = "sha256",
	[FSVERITY_SHA512] = "sha512",
};

int fsverity_alg_from_name(const char *name)
{
	if (!strcmp(name, "sha256"))
		return FSVERITY_SHA256;
	if (!strcmp(name, "sha512"))
		return FSVERITY_SHA512;
	return -1;
}

const char *fsverity_alg_name(enum fsverity_alg alg)
{
	return alg == FSVERITY_SHA256 || alg == FSVERITY_SHA512 ? alg_names[alg] : NULL;
}

size_t fsverity_digest_size(enum fsverity_alg alg)
{
	return alg == FSVERITY_SHA512 ? 64 : 32;
}

const char *fsverity_params_check(const struct fsverity_params *p)
{
	uint32_t bs = p->block_size;

	if (!fsverity_alg_name(p->alg))
		return "the hash algorithm must be sha256 or sha512";
	if (!bs || (bs & (bs - 1)))
		return "the block size must be a power of two";
	if (bs < 2 * fsverity_digest_size(p->alg))
		return "the block size must hold two digests at least";
	if (bs > FSVERITY_MAX_BLOCK_SIZE)
		return "the block size must be 1 GiB at most";
	if (p->salt_len > FSVERITY_MAX_SALT)
		return "the salt must be 32 bytes at most";
	return NULL;
}

static void put_le64(uint8_t *p, uint64_t v)
{
	int i;

	for (i = 0; i < 8; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

int fsverity_digest_fd(int fd, const struct fsverity_params *p, uint8_t *digest)
{
	uint8_t desc[DESCRIPTOR_SIZE] = { 0 }, salt[SALT_PREFIX_MAX] = { 0 };
	struct merkle_fd_source src = { .fd = fd, .block_size = p->block_size };
	struct merkle_params mp;
	struct merkle_tree t;
	size_t dlen, salt_block;
	EVP_MD *md;
	int rc;

	if (fsverity_params_check(p))
		return -EINVAL;
	md = EVP_MD_fetch(NULL, fsverity_alg_name(p->alg), NULL);
	if (!md)
		return -ENOMEM;
	dlen = (size_t)EVP_MD_get_size(md);
	/* The salt is zero-padded to the hash's own input block size. */
	salt_block = (size_t)EVP_MD_get_block_size(md);
	memcpy(salt, p->salt, p->salt_len);
	mp = (struct merkle_params){
		.md = md,
		.salt = salt,
		.salt_len = p->salt_len ? (p->salt_len + salt_block - 1) / salt_block * salt_block : 0,
		.data_block_size = p->block_size,
		.hash_block_size = p->block_size,
		.slot_size = dlen,
	};
	rc = merkle_build(&mp, merkle_read_fd, &src, &t);
	if (rc && rc != -ENODATA)
		goto out;
	desc[0] = 1;			/* version */
	desc[1] = (uint8_t)p->alg;
	desc[2] = (uint8_t)__builtin_ctz(p->block_size);
	desc[3] = (uint8_t)p->salt_len;
	put_le64(desc + 8, src.bytes);
	if (!rc) {			/* an empty file's root hash is all zeros */
		memcpy(desc + 16, t.root, t.root_len);
		merkle_tree_free(&t);
	}
	memcpy(desc + 80, p->salt, p->salt_len);
	rc = EVP_Digest(desc, sizeof(desc), digest, NULL, md, NULL) ? 0 : -ENOMEM;
out:
	EVP_MD_free(md);
	return rc;
}
