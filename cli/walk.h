/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The files under a path, as 'policy test' and 'policy diff --paths' visit
 * them.
 *
 * Contract:
 *  - A directory is walked recursively, its entries in byte order of their
 *    names (strcmp, not the locale), so the output is the same everywhere.
 *  - Nothing is followed: a symbolic link, the root itself included, is
 *    reported as a link and not opened; so are FIFOs, sockets and devices.
 *  - Every entry is handed to the callback with its path as the root's
 *    spelling plus "/NAME" components; a root or directory that cannot be
 *    read is reported (WALK_ERROR with its errno) and the walk goes on.
 */
#ifndef IPECTL_WALK_H
#define IPECTL_WALK_H

enum walk_kind {
	WALK_FILE,	/* a regular file */
	WALK_SYMLINK,	/* not followed */
	WALK_SPECIAL,	/* FIFO, socket, device: never opened */
	WALK_ERROR,	/* lstat or opendir failed: ERR says why */
};

struct walk_entry {
	const char *path;
	enum walk_kind kind;
	int err;		/* positive errno, WALK_ERROR only */
};

/* A non-zero return stops the walk and is returned by walk(). */
typedef int (*walk_fn)(const struct walk_entry *e, void *ctx);

/* Visit ROOT.  Returns 0, the callback's non-zero return, or -ENOMEM. */
int walk(const char *root, walk_fn fn, void *ctx);

#endif
