// SPDX-License-Identifier: GPL-2.0-only
#include "dmverity_tree.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "merkle.h"

static uint32_t get_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t get_le64(const uint8_t *p)
{
	return (uint64_t)get_le32(p) | (uint64_t)get_le32(p + 4) << 32;
}

/* cryptsetup's range; the kernel further needs the device's logical block size at least. */
static bool block_size_ok(uint32_t bs)
{
	return bs >= 512 && bs <= 512 * 1024 && !(bs & (bs - 1));
}

int dmverity_sb_parse(const uint8_t *buf, struct dmverity_sb *sb, const char **why)
{
	EVP_MD *md;

	memset(sb, 0, sizeof(*sb));
	if (memcmp(buf, "verity\0\0", 8)) {
		*why = "no verity superblock at offset 0 (hash trees formatted with --no-superblock are not supported)";
		return -EBADMSG;
	}
	sb->version = get_le32(buf + 8);
	sb->hash_type = get_le32(buf + 12);
	memcpy(sb->uuid, buf + 16, sizeof(sb->uuid));
	memcpy(sb->alg, buf + 32, 32);	/* sb->alg[32] stays NUL */
	sb->data_block_size = get_le32(buf + 64);
	sb->hash_block_size = get_le32(buf + 68);
	sb->data_blocks = get_le64(buf + 72);
	sb->salt_size = (uint16_t)(buf[80] | buf[81] << 8);
	if (sb->version != 1) {
		*why = "superblock version is not 1, the only one there is";
		return -EBADMSG;
	}
	if (sb->hash_type != 1) {
		*why = "hash type is not 1 (the normal format; type 0, Chrome OS's, is not supported)";
		return -EBADMSG;
	}
	if (!block_size_ok(sb->data_block_size) || !block_size_ok(sb->hash_block_size)) {
		*why = "a block size is not a power of two from 512 to 524288 bytes";
		return -EBADMSG;
	}
	if (!sb->data_blocks) {
		*why = "the superblock counts no data block";
		return -EBADMSG;
	}
	if (sb->salt_size > DMVERITY_MAX_SALT) {
		*why = "the salt size exceeds 256 bytes";
		return -EBADMSG;
	}
	memcpy(sb->salt, buf + 88, sb->salt_size);
	if (hashalg_fetch(sb->alg, &md)) {
		*why = "the hash algorithm is not a hash this tool knows by that name";
		return -EBADMSG;
	}
	if (EVP_MD_get_size(md) > DMVERITY_MAX_DIGEST) {
		EVP_MD_free(md);
		*why = "the hash algorithm's digests are longer than 64 bytes";
		return -EBADMSG;
	}
	/* OpenSSL knows names the kernel does not (ripemd160, sha512-256): no volume to allow. */
	if (hashalg_check_len(sb->alg, (size_t)EVP_MD_get_size(md))) {
		EVP_MD_free(md);
		*why = "the hash algorithm is not one the kernel has by that name: dm-verity cannot set the volume up";
		return -EBADMSG;
	}
	EVP_MD_free(md);
	return 0;
}

/* Read LEN bytes at OFF; -ENODATA when the file ends first. */
static int pread_full(int fd, void *buf, size_t len, uint64_t off)
{
	size_t got = 0;
	ssize_t n;

	while (got < len) {
		n = pread(fd, (uint8_t *)buf + got, len - got, (off_t)(off + got));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (!n)
			return -ENODATA;
		got += (size_t)n;
	}
	return 0;
}

/* Fails with a negative errno, never 0: the caller reads *size on 0. */
static int file_size(int fd, uint64_t *size)
{
	off_t end = lseek(fd, 0, SEEK_END);
	int err;

	if (end < 0 || lseek(fd, 0, SEEK_SET) < 0) {
		err = errno;
		return err > 0 ? -err : -EIO;
	}
	*size = (uint64_t)end;
	return 0;
}

static size_t slot_size(size_t digest_size)
{
	size_t s = 1;

	while (s < digest_size)
		s <<= 1;
	return s;
}

struct job {
	const char *image, *hashtree;
	int ifd, hfd;
	struct dmverity_sb sb;
	char *msg;
	size_t msgsize;
};

static int fail(struct job *j, int err, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int fail(struct job *j, int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(j->msg, j->msgsize, fmt, ap);
	va_end(ap);
	return err;
}

static int read_superblock(struct job *j)
{
	uint8_t buf[DMVERITY_SB_SIZE];
	const char *why;
	int rc = pread_full(j->hfd, buf, sizeof(buf), 0);

	if (rc == -ENODATA)
		return fail(j, -EBADMSG, "%s: too short for a verity superblock (%d bytes)",
			    j->hashtree, DMVERITY_SB_SIZE);
	if (rc)
		return fail(j, rc, "%s: %s", j->hashtree, strerror(-rc));
	if (dmverity_sb_parse(buf, &j->sb, &why))
		return fail(j, -EBADMSG, "%s: %s", j->hashtree, why);
	return 0;
}

static int check_image_size(struct job *j)
{
	uint64_t size, need;
	int rc = file_size(j->ifd, &size);

	if (rc)
		return fail(j, rc, "%s: %s", j->image, strerror(-rc));
	if (__builtin_mul_overflow(j->sb.data_blocks, (uint64_t)j->sb.data_block_size, &need) ||
	    size < need)
		return fail(j, -EBADMSG,
			    "%s: %" PRIu64 " bytes, shorter than the %" PRIu64 " data blocks of %" PRIu32
			    " bytes the superblock of %s counts",
			    j->image, size, j->sb.data_blocks, j->sb.data_block_size, j->hashtree);
	return 0;
}

/* The block range one hash block covers in the level below it, for the message. */
static void describe_cover(const struct merkle_tree *t, unsigned level, uint64_t block,
			   uint64_t per_block, char *buf, size_t size)
{
	uint64_t below = level ? t->level[level - 1].count : t->data_blocks;
	uint64_t first = block * per_block, last = first + per_block - 1;

	if (last >= below)
		last = below - 1;
	if (level)
		snprintf(buf, size, "the digests of level %u's blocks %" PRIu64 "-%" PRIu64,
			 level - 1, first, last);
	else
		snprintf(buf, size, "the digests of data blocks %" PRIu64 "-%" PRIu64, first, last);
}

/* Compare the stored levels, nearest the data first, so the first difference is the deepest. */
static int check_levels(struct job *j, const struct merkle_tree *t, size_t slot)
{
	uint64_t hbs = j->sb.hash_block_size, start = (DMVERITY_SB_SIZE + hbs - 1) / hbs;
	uint64_t at[MERKLE_MAX_LEVELS], pos = start, size, b;
	char cover[128];
	uint8_t *stored;
	unsigned i;
	int rc;

	for (i = t->nlevels; i-- > 0;) {
		at[i] = pos;
		pos += t->level[i].count;
	}
	rc = file_size(j->hfd, &size);
	if (rc)
		return fail(j, rc, "%s: %s", j->hashtree, strerror(-rc));
	if (size < pos * hbs)
		return fail(j, -EBADMSG,
			    "%s: truncated: the tree over %" PRIu64 " data blocks ends at byte %" PRIu64
			    ", the file has %" PRIu64,
			    j->hashtree, t->data_blocks, pos * hbs, size);
	for (i = 0; i < t->nlevels; i++) {
		stored = malloc(t->level[i].count * hbs);
		if (!stored)
			return fail(j, -ENOMEM, "%s: out of memory", j->hashtree);
		rc = pread_full(j->hfd, stored, t->level[i].count * hbs, at[i] * hbs);
		for (b = 0; !rc && b < t->level[i].count; b++)
			if (memcmp(stored + b * hbs, t->level[i].blocks + b * hbs, hbs))
				break;
		free(stored);
		if (rc == -ENODATA)
			return fail(j, -EBADMSG, "%s: truncated while reading", j->hashtree);
		if (rc)
			return fail(j, rc, "%s: %s", j->hashtree, strerror(-rc));
		if (b < t->level[i].count) {
			describe_cover(t, i, b, hbs / slot, cover, sizeof(cover));
			return fail(j, -EBADMSG,
				    "%s and %s disagree: hash level %u of %u (0 is nearest the data), block %" PRIu64
				    " at byte %" PRIu64 " of %s, holding %s",
				    j->image, j->hashtree, i, t->nlevels, b, (at[i] + b) * hbs,
				    j->hashtree, cover);
		}
	}
	return 0;
}

static int compute(struct job *j, struct dmverity_root *root)
{
	struct merkle_fd_source src = {
		.fd = j->ifd,
		.block_size = j->sb.data_block_size,
		.max_blocks = j->sb.data_blocks,
	};
	struct merkle_params mp;
	struct merkle_tree t;
	EVP_MD *md;
	int rc;

	if (hashalg_fetch(j->sb.alg, &md))
		return fail(j, -EBADMSG, "%s: unknown hash algorithm", j->hashtree);
	mp = (struct merkle_params){
		.md = md,
		.salt = j->sb.salt,
		.salt_len = j->sb.salt_size,
		.data_block_size = j->sb.data_block_size,
		.hash_block_size = j->sb.hash_block_size,
		.slot_size = slot_size((size_t)EVP_MD_get_size(md)),
	};
	rc = merkle_build(&mp, merkle_read_fd, &src, &t);
	EVP_MD_free(md);
	if (rc == -ENOMEM)
		return fail(j, rc, "%s: out of memory", j->image);
	if (rc == -ENODATA || (!rc && src.bytes != j->sb.data_blocks * j->sb.data_block_size))
		rc = fail(j, -EBADMSG, "%s: ended after %" PRIu64 " bytes while it was read",
			  j->image, src.bytes);
	else if (rc)
		return fail(j, rc, "%s: %s", j->image, strerror(-rc));
	if (!rc)
		rc = check_levels(j, &t, mp.slot_size);
	if (!rc) {
		root->sb = j->sb;
		memcpy(root->digest, t.root, t.root_len);
		root->len = t.root_len;
		root->levels = t.nlevels;
	}
	merkle_tree_free(&t);
	return rc;
}

int dmverity_root_hash(const char *image, const char *hashtree, struct dmverity_root *root,
		       char *msg, size_t msgsize)
{
	struct job j = { .image = image, .hashtree = hashtree, .msg = msg, .msgsize = msgsize };
	int rc;

	j.hfd = open(hashtree, O_RDONLY | O_CLOEXEC);
	if (j.hfd < 0)
		return fail(&j, -errno, "%s: %s", hashtree, strerror(errno));
	j.ifd = open(image, O_RDONLY | O_CLOEXEC);
	if (j.ifd < 0) {
		rc = fail(&j, -errno, "%s: %s", image, strerror(errno));
		close(j.hfd);
		return rc;
	}
	rc = read_superblock(&j);
	if (!rc)
		rc = check_image_size(&j);
	if (!rc)
		rc = compute(&j, root);
	close(j.ifd);
	close(j.hfd);
	return rc;
}
