/* SPDX-License-Identifier: GPL-2.0-only */
/* The regular files under a directory, in an order that does not depend on the filesystem. */
#ifndef IPECTL_FILE_LIST_H
#define IPECTL_FILE_LIST_H

#include <stddef.h>

struct file_list {
	char **paths;	/* "DIR/relative/path", malloc'd */
	size_t n, cap;
};

/*
 * Collect every regular file under DIR, recursively, sorted by path (byte
 * order, so the result is the same on every filesystem).  Symbolic links
 * are never followed below DIR: they and special files are skipped, each
 * with "CMD: note: skipping PATH: WHY" on stderr.  Returns 0, or prints
 * "CMD: PATH: reason" and returns a negative errno when DIR or a directory
 * under it cannot be read (or -ENOMEM).  FL is empty or complete.
 */
int file_list_collect(const char *cmd, const char *dir, struct file_list *fl);
void file_list_free(struct file_list *fl);

#endif
