// SPDX-License-Identifier: GPL-2.0-only
#include "walk.h"

#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static int report(const char *path, enum walk_kind kind, int err, walk_fn fn, void *ctx)
{
	struct walk_entry e = { path, kind, err };

	return fn(&e, ctx);
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The names in DIR but "." and "..", sorted; *N of them.  0 or -errno. */
static int read_names(const char *dir, char ***out, size_t *n)
{
	DIR *d = opendir(dir);
	char **names = NULL, **grown;
	size_t cap = 0;
	struct dirent *de;
	int err = 0;

	*n = 0;
	if (!d)
		return -errno;
	for (;;) {
		errno = 0;
		de = readdir(d);
		if (!de) {
			err = -errno;
			break;
		}
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		if (*n == cap) {
			cap = cap ? 2 * cap : 16;
			grown = realloc(names, cap * sizeof(*names));
			if (!grown) {
				err = -ENOMEM;
				break;
			}
			names = grown;
		}
		names[*n] = strdup(de->d_name);
		if (!names[*n]) {
			err = -ENOMEM;
			break;
		}
		(*n)++;
	}
	closedir(d);
	if (err) {
		while (*n)
			free(names[--*n]);
		free(names);
		return err;
	}
	if (*n)
		qsort(names, *n, sizeof(*names), cmp_names);	/* NAMES is NULL for none */
	*out = names;
	return 0;
}

static int visit(const char *path, walk_fn fn, void *ctx);

static int visit_dir(const char *dir, walk_fn fn, void *ctx)
{
	size_t n, i, dlen = strlen(dir);
	bool slash = dlen && dir[dlen - 1] == '/';
	char **names = NULL, *child;
	int rc;

	rc = read_names(dir, &names, &n);
	if (rc == -ENOMEM)
		return rc;
	if (rc)
		return report(dir, WALK_ERROR, -rc, fn, ctx);
	for (i = 0; i < n; i++) {
		size_t len = dlen + !slash + strlen(names[i]) + 1;

		child = malloc(len);
		if (!child) {
			rc = -ENOMEM;
			break;
		}
		strcpy(child, dir);
		if (!slash)
			child[dlen] = '/';
		strcpy(child + dlen + !slash, names[i]);
		rc = visit(child, fn, ctx);
		free(child);
		if (rc)
			break;
	}
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return rc;
}

static int visit(const char *path, walk_fn fn, void *ctx)
{
	struct stat st;

	if (lstat(path, &st))
		return report(path, WALK_ERROR, errno, fn, ctx);
	if (S_ISDIR(st.st_mode))
		return visit_dir(path, fn, ctx);
	if (S_ISREG(st.st_mode))
		return report(path, WALK_FILE, 0, fn, ctx);
	return report(path, S_ISLNK(st.st_mode) ? WALK_SYMLINK : WALK_SPECIAL, 0, fn, ctx);
}

int walk(const char *root, walk_fn fn, void *ctx)
{
	return visit(root, fn, ctx);
}
