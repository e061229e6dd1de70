/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * File I/O that the tools and the daemon share: whole reads, whole writes,
 * directory paths.  Every call returns 0 or a negative errno and prints
 * nothing.
 */
#ifndef IPE_FILEIO_H
#define IPE_FILEIO_H

#include <stddef.h>
#include <sys/types.h>

/* Write all LEN bytes, through short writes and EINTR; errno is set too. */
int write_full(int fd, const void *buf, size_t len);

/*
 * Read FD to its end into a malloc'd *BUF, with one NUL byte after the
 * *LEN bytes read (which may hold NULs of their own).
 */
int read_full(int fd, char **buf, size_t *len);

/* read_full() of PATH opened relative to DIRFD (AT_FDCWD) with O_RDONLY | FLAGS. */
int read_file_at(int dirfd, const char *path, int flags, char **buf, size_t *len);

/* Create DIR and its missing parents; new ones get MODE.  Existing is fine. */
int mkdir_parents(const char *dir, mode_t mode);

#endif
