// SPDX-License-Identifier: GPL-2.0-only
#define _GNU_SOURCE	/* asprintf */
#include "file_list.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int push(struct file_list *fl, char *s)
{
	char **grown;

	if (fl->n == fl->cap) {
		grown = reallocarray(fl->paths, fl->cap ? fl->cap * 2 : 16, sizeof(*grown));
		if (!grown)
			return -ENOMEM;
		fl->paths = grown;
		fl->cap = fl->cap ? fl->cap * 2 : 16;
	}
	fl->paths[fl->n++] = s;
	return 0;
}

static char *join(const char *dir, const char *name)
{
	size_t n = strlen(dir);
	char *s;

	if (asprintf(&s, "%s%s%s", dir, n && dir[n - 1] == '/' ? "" : "/", name) < 0)
		return NULL;
	return s;
}

static int fail(const char *cmd, const char *path, int err)
{
	fprintf(stderr, "%s: %s: %s\n", cmd, path, strerror(-err));
	return err;
}

/* The names in DIRFD (consumed), sorted, so the notes come out in a stable order too. */
static int read_names(const char *cmd, const char *path, int dirfd, struct file_list *names)
{
	struct dirent *de;
	DIR *d = fdopendir(dirfd);
	char *s;
	int rc = 0;

	if (!d) {
		rc = -errno;
		close(dirfd);
		return fail(cmd, path, rc);
	}
	for (errno = 0; (de = readdir(d)); errno = 0) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		s = strdup(de->d_name);
		if (!s || push(names, s)) {
			free(s);
			rc = -ENOMEM;
			break;
		}
	}
	if (!rc && errno)
		rc = -errno;
	closedir(d);
	if (rc)
		return fail(cmd, path, rc);
	if (names->n)	/* an empty directory has no array to sort */
		qsort(names->paths, names->n, sizeof(*names->paths), cmp_str);
	return 0;
}

static int walk(const char *cmd, const char *path, int dirfd, struct file_list *fl)
{
	struct file_list names = { 0 };
	struct stat st;
	size_t i;
	char *sub;
	int rc, fd;

	rc = read_names(cmd, path, dup(dirfd), &names);
	for (i = 0; !rc && i < names.n; i++) {
		sub = join(path, names.paths[i]);
		if (!sub) {
			rc = fail(cmd, path, -ENOMEM);
			break;
		}
		if (fstatat(dirfd, names.paths[i], &st, AT_SYMLINK_NOFOLLOW)) {
			rc = fail(cmd, sub, -errno);
		} else if (S_ISREG(st.st_mode)) {
			if (push(fl, sub))
				rc = fail(cmd, path, -ENOMEM);
			else
				sub = NULL;
		} else if (S_ISDIR(st.st_mode)) {
			fd = openat(dirfd, names.paths[i], O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
			if (fd < 0) {
				rc = fail(cmd, sub, -errno);
			} else {
				rc = walk(cmd, sub, fd, fl);
				close(fd);
			}
		} else {
			fprintf(stderr, "%s: note: skipping %s: %s\n", cmd, sub,
				S_ISLNK(st.st_mode) ? "a symbolic link" : "not a regular file");
		}
		free(sub);
	}
	file_list_free(&names);
	return rc;
}

int file_list_collect(const char *cmd, const char *dir, struct file_list *fl)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC), rc;

	*fl = (struct file_list){ 0 };
	if (fd < 0)
		return fail(cmd, dir, -errno);
	rc = walk(cmd, dir, fd, fl);
	close(fd);
	if (rc) {
		file_list_free(fl);
		return rc;
	}
	if (fl->n)
		qsort(fl->paths, fl->n, sizeof(*fl->paths), cmp_str);
	return 0;
}

void file_list_free(struct file_list *fl)
{
	size_t i;

	for (i = 0; i < fl->n; i++)
		free(fl->paths[i]);
	free(fl->paths);
	*fl = (struct file_list){ 0 };
}
