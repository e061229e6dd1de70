// SPDX-License-Identifier: GPL-2.0-only
/* A walk gathered into a sorted list, for commands that need all paths first. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "file_list.h"
#include "walk.h"

struct collect {
	const char *cmd;
	struct file_list *fl;
};

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int push(struct file_list *fl, const char *path)
{
	char **grown, *s;

	if (fl->n == fl->cap) {
		grown = reallocarray(fl->paths, fl->cap ? fl->cap * 2 : 16, sizeof(*grown));
		if (!grown)
			return -ENOMEM;
		fl->paths = grown;
		fl->cap = fl->cap ? fl->cap * 2 : 16;
	}
	s = strdup(path);
	if (!s)
		return -ENOMEM;
	fl->paths[fl->n++] = s;
	return 0;
}

static int collect(const struct walk_entry *e, void *ctx)
{
	struct collect *c = ctx;

	switch (e->kind) {
	case WALK_FILE:
		return push(c->fl, e->path);
	case WALK_SYMLINK:
	case WALK_SPECIAL:
		fprintf(stderr, "%s: note: skipping %s: %s\n", c->cmd, e->path,
			e->kind == WALK_SYMLINK ? "a symbolic link" : "not a regular file");
		return 0;
	case WALK_ERROR:
	default:
		fprintf(stderr, "%s: %s: %s\n", c->cmd, e->path, strerror(e->err));
		return -e->err;
	}
}

int file_list_collect(const char *cmd, const char *dir, struct file_list *fl)
{
	struct collect c = { cmd, fl };
	size_t len = strlen(dir);
	struct stat st;
	char *root;
	int rc;

	*fl = (struct file_list){ 0 };
	rc = stat(dir, &st) ? -errno : S_ISDIR(st.st_mode) ? 0 : -ENOTDIR;
	if (rc) {
		fprintf(stderr, "%s: %s: %s\n", cmd, dir, strerror(-rc));
		return rc;
	}
	/* A trailing '/' makes the walk follow DIR itself when it is a link. */
	root = malloc(len + 2);
	if (!root) {
		fprintf(stderr, "%s: out of memory\n", cmd);
		return -ENOMEM;
	}
	memcpy(root, dir, len);
	strcpy(root + len, len && dir[len - 1] == '/' ? "" : "/");
	rc = walk(root, collect, &c);
	free(root);
	if (rc == -ENOMEM)
		fprintf(stderr, "%s: out of memory\n", cmd);
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
