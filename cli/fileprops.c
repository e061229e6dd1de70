// SPDX-License-Identifier: GPL-2.0-only
/*
 * A live file's IPE properties from user space.  Each source is the one the
 * kernel reads, seen through the interface user space has for it:
 *  - boot_verified: the file's mount is the rootfs (mountinfo, by the mount
 *    id statx reports).  After switch_root the rootfs is no longer reachable,
 *    so no path names a file on it: exactly when the kernel would say TRUE.
 *  - dm-verity: the live table of the device-mapper disk holding the file
 *    (DM_TABLE_STATUS), which must be one verity target, as the BPF engine
 *    reads it (docs/engine.md).
 *  - fs-verity: FS_IOC_MEASURE_VERITY for the digest and
 *    FS_IOC_READ_VERITY_METADATA for the presence of a built-in signature;
 *    a verity file with a signature opened at all had it verified.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/fsverity.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "dm_live.h"
#include "fileio.h"
#include "fileprops.h"

/* A mountinfo field, its "\ooo" escapes decoded, into BUF; false when it does not fit. */
static bool mountinfo_field(const char *f, size_t len, char *buf, size_t size)
{
	size_t i, n = 0;

	for (i = 0; i < len; i++) {
		if (n + 1 >= size)
			return false;
		if (f[i] == '\\' && i + 3 < len && f[i + 1] >= '0' && f[i + 1] <= '3' &&
		    f[i + 2] >= '0' && f[i + 2] <= '7' && f[i + 3] >= '0' && f[i + 3] <= '7') {
			buf[n++] = (char)((f[i + 1] - '0') << 6 | (f[i + 2] - '0') << 3 | (f[i + 3] - '0'));
			i += 3;
		} else {
			buf[n++] = f[i];
		}
	}
	buf[n] = '\0';
	return true;
}

/* The mount's "major:minor", fs type and source from /proc/self/mountinfo. */
static int find_mount(uint64_t mnt_id, dev_t *sb_dev, char *fstype, size_t type_size,
		      char *source, size_t source_size)
{
	char *buf, *line, *next;
	size_t len;
	int rc = -ENOENT;

	if (read_file_at(AT_FDCWD, "/proc/self/mountinfo", 0, &buf, &len))
		return -EIO;
	for (line = buf; line && *line; line = next) {
		unsigned long long id;
		unsigned maj, min;
		char *sep, *type_end, *source_end;

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		if (sscanf(line, "%llu %*u %u:%u", &id, &maj, &min) != 3 || id != mnt_id)
			continue;
		/* Optional fields end at a lone "-"; the fs type and source follow. */
		sep = strstr(line, " - ");
		if (!sep)
			break;
		sep += 3;
		type_end = strchr(sep, ' ');
		if (!type_end || !mountinfo_field(sep, (size_t)(type_end - sep), fstype, type_size))
			break;
		source_end = strchr(type_end + 1, ' ');
		if (!source_end)
			source_end = type_end + 1 + strlen(type_end + 1);
		if (!mountinfo_field(type_end + 1, (size_t)(source_end - type_end - 1), source,
				     source_size))
			source[0] = '\0';	/* only btrfs needs it */
		*sb_dev = makedev(maj, min);
		rc = 0;
		break;
	}
	free(buf);
	return rc;
}

/* The kernel's name of block device DEV ("vda", "dm-0"), or -ENOENT. */
static int block_dev_name(dev_t dev, char *name, size_t size)
{
	char link[64], target[256];
	const char *base;
	ssize_t n;

	snprintf(link, sizeof(link), "/sys/dev/block/%u:%u", major(dev), minor(dev));
	n = readlink(link, target, sizeof(target) - 1);
	if (n < 0)
		return -ENOENT;
	target[n] = '\0';
	base = strrchr(target, '/');
	base = base ? base + 1 : target;
	if (strlen(base) >= size)
		return -ENAMETOOLONG;
	strcpy(name, base);
	return 0;
}

void fileprops_sb_id(const char *fstype, dev_t sb_dev, const char *source, char *name,
		     size_t size)
{
	struct stat st;

	if (!block_dev_name(sb_dev, name, size))
		return;
	if (!strcmp(fstype, "nfs") || !strcmp(fstype, "nfs4")) {
		snprintf(name, size, "%u:%u", major(sb_dev), minor(sb_dev));
		return;
	}
	if (!strcmp(fstype, "btrfs") && !stat(source, &st) && S_ISBLK(st.st_mode) &&
	    !block_dev_name(st.st_rdev, name, size))
		return;
	/* mountinfo's "fuse.sshfs" is type "fuse" with a subtype: s_id has the type. */
	snprintf(name, size, "%.*s", (int)strcspn(fstype, "."), fstype);
}

/*
 * boot_verified and the audit's dev= both belong to the mount's superblock,
 * which on overlayfs is not the one st_dev names.
 */
static void read_mount(int fd, struct fileprops *fp, bool *overlay)
{
	struct statx stx;
	char fstype[64], source[256];
	dev_t sb_dev;

	if (statx(fd, "", AT_EMPTY_PATH, STATX_MNT_ID, &stx) || !(stx.stx_mask & STATX_MNT_ID) ||
	    find_mount(stx.stx_mnt_id, &sb_dev, fstype, sizeof(fstype), source, sizeof(source))) {
		fp->unread |= FILEPROPS_UNREAD_BOOT;
		if (block_dev_name(fp->dev, fp->dev_name, sizeof(fp->dev_name)))
			snprintf(fp->dev_name, sizeof(fp->dev_name), "?");
		return;
	}
	fp->props.boot_verified = !strcmp(fstype, "rootfs");
	*overlay = !strcmp(fstype, "overlay");
	fileprops_sb_id(fstype, sb_dev, source, fp->dev_name, sizeof(fp->dev_name));
}

static void read_dmverity(struct fileprops *fp)
{
	struct dm_verity_target vt;
	int rc;

	rc = dm_live_verity(fp->dev, fp->dm_name, sizeof(fp->dm_name), &vt);
	if (rc == -ENODEV || rc == -ENOENT)
		return;		/* not a dm disk, or not one verity target */
	if (rc || strlen(vt.alg) >= sizeof(fp->dmv_alg) || vt.digest_len > sizeof(fp->dmv_digest)) {
		fp->unread |= FILEPROPS_UNREAD_DMV;
		return;
	}
	strcpy(fp->dmv_alg, vt.alg);
	memcpy(fp->dmv_digest, vt.digest, vt.digest_len);
	fp->props.dmv_has_roothash = true;
	fp->props.dmv_roothash = (struct ipe_digest){ fp->dmv_alg, fp->dmv_digest, vt.digest_len };
	fp->props.dmv_signed = vt.signed_;
}

/* Errors that mean "this filesystem or kernel has no fs-verity". */
static bool no_verity_support(int err)
{
	return err == ENOTTY || err == EOPNOTSUPP || err == EINVAL;
}

static void read_fsverity(int fd, struct fileprops *fp)
{
	/* The digest follows the header; a union, as a struct may not end with one. */
	union {
		struct fsverity_digest d;
		uint8_t room[sizeof(struct fsverity_digest) + FILEPROPS_DIGEST_MAX];
	} m = { .d.digest_size = FILEPROPS_DIGEST_MAX };
	struct fsverity_read_metadata_arg arg = {
		.metadata_type = FS_VERITY_METADATA_TYPE_SIGNATURE,
		.length = 1,
	};
	uint8_t sig_byte;
	const char *alg;

	if (ioctl(fd, FS_IOC_MEASURE_VERITY, &m)) {
		if (errno != ENODATA && !no_verity_support(errno))
			fp->unread |= FILEPROPS_UNREAD_FSV;
		return;
	}
	switch (m.d.digest_algorithm) {
	case FS_VERITY_HASH_ALG_SHA256:
		alg = "sha256";
		break;
	case FS_VERITY_HASH_ALG_SHA512:
		alg = "sha512";
		break;
	default:
		fp->unread |= FILEPROPS_UNREAD_FSV;
		return;
	}
	strcpy(fp->fsv_alg, alg);
	memcpy(fp->fsv_digest, m.d.digest, m.d.digest_size);
	fp->props.fsv_enabled = true;
	fp->props.fsv_digest = (struct ipe_digest){ fp->fsv_alg, fp->fsv_digest, m.d.digest_size };

	/* One byte is enough to learn whether a signature is there. */
	arg.buf_ptr = (uintptr_t)&sig_byte;
	if (ioctl(fd, FS_IOC_READ_VERITY_METADATA, &arg) >= 0)
		fp->props.fsv_signed = true;
	else if (errno != ENODATA)
		fp->unread |= FILEPROPS_UNREAD_FSV_SIG;
}

int fileprops_read(const char *path, struct fileprops *fp)
{
	bool overlay = false;
	struct stat st;
	int fd;

	memset(fp, 0, sizeof(*fp));
	/* Never open a FIFO or a device: stat first, read only regular files. */
	if (stat(path, &st))
		return -errno;
	if (S_ISDIR(st.st_mode))
		return -EISDIR;
	if (!S_ISREG(st.st_mode))
		return -EINVAL;
	fd = open(path, O_RDONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		close(fd);
		return -EINVAL;	/* replaced between the two looks */
	}
	fp->dev = st.st_dev;
	fp->ino = st.st_ino;
	read_mount(fd, fp, &overlay);
	if (overlay) {
		/*
		 * The kernel reads the real inode in a layer, which user space
		 * cannot name: st_dev is the overlay's and its ioctls stop there.
		 */
		fp->unread |= FILEPROPS_UNREAD_DMV | FILEPROPS_UNREAD_FSV;
	} else {
		read_dmverity(fp);
		read_fsverity(fd, fp);
	}
	close(fd);
	return 0;
}

static int put_digest(char *buf, size_t size, const char *prop, const struct ipe_digest *d)
{
	size_t n = strlen(prop) + 1 + strlen(d->alg) + 1 + 2 * (size_t)d->len;
	char *p;
	uint32_t i;

	if (n + 1 > size)
		return -ENOSPC;
	p = buf + sprintf(buf, "%s=%s:", prop, d->alg);
	for (i = 0; i < d->len; i++)
		p += sprintf(p, "%02x", d->bytes[i]);
	return (int)n;
}

int fileprops_rule_property(const struct fileprops *fp, char *buf, size_t size)
{
	const struct ipe_file_props *p = &fp->props;

	if (p->fsv_enabled)
		return put_digest(buf, size, "fsverity_digest", &p->fsv_digest);
	if (p->dmv_has_roothash)
		return put_digest(buf, size, "dmverity_roothash", &p->dmv_roothash);
	if (p->boot_verified) {
		if (size < sizeof("boot_verified=TRUE"))
			return -ENOSPC;
		strcpy(buf, "boot_verified=TRUE");
		return (int)strlen(buf);
	}
	if (size)
		buf[0] = '\0';
	return 0;
}
