/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A file's IPE properties as the running kernel would see them, read from
 * user space without touching enforcement: the mount (boot_verified), the
 * block device's live device-mapper table (dmverity_roothash, _signature)
 * and the inode's fs-verity state (fsverity_digest, _signature).
 *
 * Contract:
 *  - fileprops_read() never evaluates anything; it fills a struct
 *    ipe_file_props that ipe_evaluate() takes as is.
 *  - A property that could not be read (no permission on the dm control
 *    device, an ioctl the kernel lacks) is absent in the result and its bit
 *    is set in UNREAD, so a caller can say "unknown" instead of guessing.
 *  - Where user space cannot see what the kernel sees, the difference is
 *    documented in docs/ipectl.md, not papered over.
 */
#ifndef IPECTL_FILEPROPS_H
#define IPECTL_FILEPROPS_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include <libipe.h>

#define FILEPROPS_ALG_MAX 64	/* a crypto API name, as the dm table has it */
#define FILEPROPS_DIGEST_MAX 64	/* sha512, the longest digest either source has */

enum fileprops_unread {
	FILEPROPS_UNREAD_BOOT = 1u << 0,	/* the mount could not be found */
	FILEPROPS_UNREAD_DMV = 1u << 1,		/* the dm table could not be read */
	FILEPROPS_UNREAD_FSV = 1u << 2,		/* the fs-verity state could not be read */
	FILEPROPS_UNREAD_FSV_SIG = 1u << 3,	/* the digest was, not whether it is signed */
};

struct fileprops {
	struct ipe_file_props props;	/* its digests point into the arrays below */
	dev_t dev;			/* the file's own st_dev and st_ino */
	ino_t ino;
	char dev_name[64];		/* as audited in dev=: "vda", "dm-0", or the fs type */
	char dm_name[128];		/* the device-mapper name, "" when not on dm */
	unsigned unread;		/* enum fileprops_unread bits */
	char dmv_alg[FILEPROPS_ALG_MAX];
	uint8_t dmv_digest[FILEPROPS_DIGEST_MAX];
	char fsv_alg[FILEPROPS_ALG_MAX];
	uint8_t fsv_digest[FILEPROPS_DIGEST_MAX];
};

/*
 * Read PATH's properties into *FP.  Returns 0, or a negative errno when PATH
 * itself cannot be opened or is not a regular file (-EISDIR, -EINVAL).
 */
int fileprops_read(const char *path, struct fileprops *fp);

/*
 * The name the kernel audits as dev= (the superblock's s_id) for a mount of
 * FSTYPE on SB_DEV from SOURCE (mountinfo's fields), into NAME: the block
 * device's name ("vda2", "dm-0"); for a superblock on an anonymous device,
 * btrfs's device (the one SOURCE names: the kernel names the one it opened
 * last, the same on a single-device filesystem), NFS's "major:minor", and
 * for every other filesystem its type ("tmpfs", "overlay", "fuse" for
 * mountinfo's "fuse.sshfs").
 */
void fileprops_sb_id(const char *fstype, dev_t sb_dev, const char *source, char *name,
		     size_t size);

/*
 * The one property that names this file most narrowly, as policy text:
 * "fsverity_digest=sha256:<hex>", else "dmverity_roothash=sha256:<hex>",
 * else "boot_verified=TRUE".  Returns the length written to BUF (NUL
 * terminated), 0 when the file has no integrity property at all (no rule can
 * allow it without allowing every unverified file), or -ENOSPC.
 */
int fileprops_rule_property(const struct fileprops *fp, char *buf, size_t size);

#endif
