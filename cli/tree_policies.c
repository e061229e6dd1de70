// SPDX-License-Identifier: GPL-2.0-only
#include "tree_policies.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int tree_policy_read(struct tree *t, const char *name, struct tree_policy *p)
{
	int rc;

	*p = (struct tree_policy){ 0 };
	p->name = strdup(name);
	if (!p->name)
		return tree_oom(t);
	rc = tree_read_str(t, &p->version, "policies/%s/version", name);
	if (!rc)
		rc = tree_read_bool(t, &p->active, "policies/%s/active", name);
	if (rc)
		tree_policy_free(p);
	return rc;
}

void tree_policy_free(struct tree_policy *p)
{
	free(p->name);
	free(p->version);
	*p = (struct tree_policy){ 0 };
}

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct tree_policy *)a)->name, ((const struct tree_policy *)b)->name);
}

/* Only directories are policies; d_type may be unknown on some filesystems. */
static bool is_policy_dir(DIR *d, const struct dirent *de)
{
	struct stat st;

	if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
		return false;
	if (de->d_type != DT_UNKNOWN)
		return de->d_type == DT_DIR;
	return fstatat(dirfd(d), de->d_name, &st, 0) == 0 && S_ISDIR(st.st_mode);
}

int tree_policies_read(struct tree *t, struct tree_policies *out)
{
	struct tree_policies ps = { 0 };
	struct dirent *de;
	size_t i, cap = 0, n = 0;
	char **names = NULL;
	int rc;
	DIR *d;

	*out = ps;
	rc = tree_set_path(t, "policies");
	if (rc)
		return rc;
	d = opendir(t->path);
	if (!d)
		return tree_fail(t, errno);
	/* Names first: reading each policy reuses t->path. */
	for (errno = 0; (de = readdir(d)); errno = 0) {
		if (!is_policy_dir(d, de))
			continue;
		if (n == cap) {
			char **nn = realloc(names, (cap = cap ? 2 * cap : 16) * sizeof(*names));

			if (!nn)
				goto nomem;
			names = nn;
		}
		names[n] = strdup(de->d_name);
		if (!names[n])
			goto nomem;
		n++;
	}
	rc = errno ? tree_fail(t, errno) : 0;
	closedir(d);
	d = NULL;
	if (!rc && n && !(ps.v = calloc(n, sizeof(*ps.v))))
		goto nomem;
	for (i = 0; !rc && i < n; i++) {
		rc = tree_policy_read(t, names[i], &ps.v[ps.n]);
		if (rc == -ENOENT)
			rc = 0;
		else if (!rc)
			ps.n++;
	}
	goto out;
nomem:
	rc = tree_oom(t);
out:
	if (d)
		closedir(d);
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	if (rc) {
		tree_policies_free(&ps);
		return rc;
	}
	if (ps.n)
		qsort(ps.v, ps.n, sizeof(*ps.v), by_name);
	*out = ps;
	return 0;
}

void tree_policies_free(struct tree_policies *ps)
{
	size_t i;

	for (i = 0; i < ps->n; i++)
		tree_policy_free(&ps->v[i]);
	free(ps->v);
	*ps = (struct tree_policies){ 0 };
}
