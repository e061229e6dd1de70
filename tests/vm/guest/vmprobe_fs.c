// SPDX-License-Identifier: GPL-2.0-only
/*
 * vmprobe's verbs on mounts and directory entries: what root would use to
 * hide or replace a daemon's files (unmount its tree, mount over it,
 * remove, rename or create entries) or to change them (open for writing,
 * truncate).  The writes are harmless when they succeed: nothing is
 * written, and truncate keeps the size.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vmprobe.h"

/* umount PATH [detach] */
static VERB_FN(do_umount)
{
	int flags = 0;

	if (nargs > 1) {
		if (strcmp(args[1], "detach"))
			return usage_error("umount", "expected 'detach'", args[1]);
		flags = MNT_DETACH;
	}
	return outcome_of(umount2(args[0], flags));
}

/* mount-tmpfs PATH */
static VERB_FN(do_mount_tmpfs)
{
	return outcome_of(mount("vmprobe", args[0], "tmpfs", 0, NULL));
}

/*
 * move-mount SRC DST: a detached copy of the mount at SRC (open_tree with
 * OPEN_TREE_CLONE), attached at DST: the new mount API's bind mount.
 */
static VERB_FN(do_move_mount)
{
	int fd = open_tree(AT_FDCWD, args[0], OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC);

	if (fd < 0)
		return outcome(errno);
	return outcome_of(move_mount(fd, "", AT_FDCWD, args[1], MOVE_MOUNT_F_EMPTY_PATH));
}

static VERB_FN(do_unlink)
{
	return outcome_of(unlink(args[0]));
}

static VERB_FN(do_rmdir)
{
	return outcome_of(rmdir(args[0]));
}

static VERB_FN(do_rename)
{
	return outcome_of(rename(args[0], args[1]));
}

static VERB_FN(do_link)
{
	return outcome_of(link(args[0], args[1]));
}

/* open(2) of args[0] with flags MODE (and 0644), closed at once. */
static VERB_FN(do_open)
{
	int fd = open(args[0], mode | O_CLOEXEC, 0644);

	if (fd < 0)
		return outcome(errno);
	close(fd);
	return outcome(0);
}

/* truncate PATH: to the size it has. */
static VERB_FN(do_truncate)
{
	struct stat st;

	if (stat(args[0], &st))
		return outcome(errno);
	return outcome_of(truncate(args[0], st.st_size));
}

const struct verb fs_verbs[] = {
	{ "umount", 1, 2, do_umount, 0, "PATH [detach]", "umount2; detach: MNT_DETACH" },
	{ "mount-tmpfs", 1, 1, do_mount_tmpfs, 0, "PATH", "mount a tmpfs over PATH" },
	{ "move-mount", 2, 2, do_move_mount, 0, "SRC DST",
	  "open_tree(SRC, OPEN_TREE_CLONE), then\nmove_mount of that copy onto DST" },
	{ "unlink", 1, 1, do_unlink, 0, "PATH", "unlink(2)" },
	{ "rmdir", 1, 1, do_rmdir, 0, "PATH", "rmdir(2)" },
	{ "rename", 2, 2, do_rename, 0, "SRC DST", "rename(2)" },
	{ "link", 2, 2, do_link, 0, "SRC DST", "link(2): a hard link" },
	{ "create", 1, 1, do_open, O_CREAT | O_EXCL | O_WRONLY, "PATH",
	  "open O_CREAT|O_EXCL|O_WRONLY, write\nnothing" },
	{ "open-write", 1, 1, do_open, O_WRONLY, "PATH",
	  "open O_WRONLY (no O_TRUNC), write nothing" },
	{ "truncate", 1, 1, do_truncate, 0, "PATH", "truncate(2) to its current size" },
	{ NULL, 0, 0, NULL, 0, NULL, NULL },
};
