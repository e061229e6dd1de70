// SPDX-License-Identifier: GPL-2.0-only
/*
 * Reading a live file's properties on the host: the paths without integrity
 * (the VM scenario 'tooling' covers dm-verity and fs-verity files), the
 * refusals, the rule text, and the dm-verity parameter parser.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "dm_live.h"
#include "fileprops.h"
#include "tap.h"

#define ROOT "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
#define SALT "5a5a"

static int parse(const char *s, struct dm_verity_target *vt, const char **why)
{
	return dm_verity_params_parse(s, strlen(s), vt, why);
}

static void test_params(void)
{
	static const char *const bad[] = {
		"",
		"1 /dev/a /dev/b 4096 4096 256 1 sha256 " ROOT,		/* no salt */
		"2 /dev/a /dev/b 4096 4096 256 1 sha256 " ROOT " " SALT,	/* version */
		"1 /dev/a /dev/b 4k 4096 256 1 sha256 " ROOT " " SALT,
		"1 /dev/a /dev/b 4096 4096 256 1 sha256 " ROOT "0 " SALT,	/* odd */
		"1 /dev/a /dev/b 4096 4096 256 1 sha256 xy" ROOT " " SALT,
		"1 /dev/a /dev/b 4096 4096 256 1 sha256 " ROOT ROOT "00 " SALT, /* 65 bytes */
		"1 /dev/a /dev/b 4096 4096 256 1 sha256 " ROOT " 5a5",
		"1 /dev/a /dev/b 4096 4096 256 1 sha:256 " ROOT " " SALT,
		"1 /dev/a /dev/b 4096 4096 256 1 sha256 " ROOT " " SALT " 2 ignore_corruption",
		"1 /dev/a /dev/b 4096 4096 256 1 sha256 " ROOT " " SALT " 1",
		"1 /dev/a /dev/b 4096 4096 256 1 sha256 " ROOT " " SALT " x ignore_corruption",
		"1 /dev/a /dev/b 4096 4096 256 1 sha256 " ROOT " " SALT " 1 root_hash_sig_key_desc",
		"1 /dev/a /dev/b 4096 4096 256 1 sha256 " ROOT " " SALT "\n",
	};
	struct dm_verity_target vt;
	const char *why;
	size_t i;
	int rc;

	rc = parse("1 254:1 254:2 4096 4096 256 1 sha256 " ROOT " " SALT, &vt, &why);
	is_int(rc, 0, "a plain verity table parses");
	is_str(vt.alg, "sha256", "... its algorithm");
	is_int(vt.digest_len, 32, "... a 32-byte root digest");
	ok(vt.digest[0] == 0x01 && vt.digest[31] == 0xef, "... decoded");
	ok(!vt.signed_, "... not signed");

	rc = parse("1 254:1 254:2 4096 4096 256 1 sha256 " ROOT " - 3 ignore_zero_blocks "
		   "root_hash_sig_key_desc 1234:key", &vt, &why);
	ok(rc == 0 && vt.signed_, "a signature key among the optional words: signed");
	rc = parse("1 254:1 254:2 4096 4096 256 1 sha256 " ROOT " " ROOT ROOT ROOT ROOT ROOT ROOT
		   ROOT ROOT, &vt, &why);
	ok(rc == 0 && vt.digest_len == 32, "a 256-byte salt, as veritysetup writes at most");
	rc = parse("0 /dev/a /dev/b 512 512 8 0 sha1 0123456789abcdef0123456789abcdef01234567 -",
		   &vt, &why);
	ok(rc == 0 && vt.digest_len == 20 && !strcmp(vt.alg, "sha1"), "version 0, sha1, no salt");
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		rc = parse(bad[i], &vt, &why);
		ok(rc == -EBADMSG && why, "refused (%s): '%.60s'", rc ? why : "accepted", bad[i]);
	}
	rc = dm_verity_params_parse("1 a b 4096 4096 1 1 sha256 " ROOT " -\0 1 x",
				    sizeof("1 a b 4096 4096 1 1 sha256 " ROOT " -\0 1 x") - 1, &vt,
				    &why);
	is_int(rc, -EBADMSG, "a NUL byte inside the parameters is refused");
}

static void test_read(void)
{
	char dir[] = "/tmp/fileprops.XXXXXX", path[64], fifo[64], buf[200];
	struct fileprops fp;
	struct stat st;
	int fd;

	if (!ok(mkdtemp(dir), "temporary directory"))
		return;
	snprintf(path, sizeof(path), "%s/plain", dir);
	fd = creat(path, 0755);
	ok(fd >= 0 && write(fd, "x", 1) == 1 && !close(fd), "a plain file");
	is_int(fileprops_read(path, &fp), 0, "a plain file is read");
	stat(path, &st);
	ok(fp.dev == st.st_dev && fp.ino == st.st_ino, "... its device and inode");
	ok(!fp.props.boot_verified && !fp.props.dmv_has_roothash && !fp.props.fsv_enabled,
	   "... no integrity property on the host's disk");
	is_int(fp.unread, 0, "... and nothing unread");
	ok(fp.dev_name[0] && strcmp(fp.dev_name, "?"), "... a device name (%s)", fp.dev_name);
	is_int(fileprops_rule_property(&fp, buf, sizeof(buf)), 0, "... no property to allow it by");
	is_str(buf, "", "... an empty text");

	is_int(fileprops_read("/proc/self/status", &fp), 0, "a /proc file is read");
	is_str(fp.dev_name, "proc", "... its superblock is named by its fs type");
	is_int(fileprops_read(dir, &fp), -EISDIR, "a directory: EISDIR");
	snprintf(fifo, sizeof(fifo), "%s/fifo", dir);
	ok(!mkfifo(fifo, 0600), "a FIFO");
	is_int(fileprops_read(fifo, &fp), -EINVAL, "a FIFO: EINVAL, and it does not block");
	is_int(fileprops_read("/dev/null", &fp), -EINVAL, "a device: EINVAL");
	snprintf(buf, sizeof(buf), "%s/missing", dir);
	is_int(fileprops_read(buf, &fp), -ENOENT, "a missing file: ENOENT");
	is_int(dm_live_verity(st.st_dev, buf, sizeof(buf), &(struct dm_verity_target){ 0 }),
	       -ENODEV, "the host's disk is not a dm disk");
	unlink(fifo);
	unlink(path);
	rmdir(dir);
}

/* A block device node at the top of /dev: its name there is the kernel's. */
static bool dev_block_node(char *path, size_t size, const char **name)
{
	struct dirent *e;
	struct stat st;
	DIR *d = opendir("/dev");
	bool found = false;

	while (d && !found && (e = readdir(d))) {
		snprintf(path, size, "/dev/%s", e->d_name);
		found = !stat(path, &st) && S_ISBLK(st.st_mode);
	}
	if (d)
		closedir(d);
	*name = path + strlen("/dev/");
	return found;
}

static void test_sb_id(void)
{
	const dev_t anon = makedev(0, 53);
	char name[64], node[300];
	const char *want;

	fileprops_sb_id("nfs4", anon, "server:/export", name, sizeof(name));
	is_str(name, "0:53", "NFS: s_id is its anonymous device's major:minor");
	fileprops_sb_id("tmpfs", anon, "tmpfs", name, sizeof(name));
	is_str(name, "tmpfs", "tmpfs: s_id is the fs type");
	fileprops_sb_id("fuse.sshfs", anon, "host:/dir", name, sizeof(name));
	is_str(name, "fuse", "fuse with a subtype: s_id is the type without it");
	fileprops_sb_id("btrfs", anon, "/nonexistent/dev", name, sizeof(name));
	is_str(name, "btrfs", "btrfs whose source is no device: the fs type");
	if (ok(dev_block_node(node, sizeof(node), &want), "a block device in /dev (%s)", node)) {
		fileprops_sb_id("btrfs", anon, node, name, sizeof(name));
		is_str(name, want, "btrfs: s_id is the device it was mounted from, not the fs type");
	}
}

static void test_rule_property(void)
{
	static const uint8_t d[4] = { 0xde, 0xad, 0xbe, 0xef };
	struct fileprops fp = { 0 };
	char buf[64];

	fp.props.boot_verified = true;
	is_int(fileprops_rule_property(&fp, buf, sizeof(buf)), 18, "initramfs: boot_verified");
	is_str(buf, "boot_verified=TRUE", "... its text");
	is_int(fileprops_rule_property(&fp, buf, 18), -ENOSPC, "... no room for the NUL: ENOSPC");
	fp.props.dmv_has_roothash = true;
	fp.props.dmv_roothash = (struct ipe_digest){ "sha256", d, 4 };
	fileprops_rule_property(&fp, buf, sizeof(buf));
	is_str(buf, "dmverity_roothash=sha256:deadbeef", "a dm-verity root hash comes before it");
	fp.props.fsv_enabled = true;
	fp.props.fsv_digest = (struct ipe_digest){ "sha512", d, 4 };
	is_int(fileprops_rule_property(&fp, buf, sizeof(buf)), 31, "an fs-verity digest comes first");
	is_str(buf, "fsverity_digest=sha512:deadbeef", "... its text");
	is_int(fileprops_rule_property(&fp, buf, 31), -ENOSPC, "... ENOSPC when it does not fit");
}

int main(void)
{
	test_params();
	test_read();
	test_sb_id();
	test_rule_property();
	return tap_done();
}
