// SPDX-License-Identifier: GPL-2.0-only
/*
 * ipectl load-dir: load the policies in /etc/ipe and its sibling
 * directories as systemd (v257, src/core/ipe-setup.c) does at boot, so that
 * one configuration behaves alike on kernel IPE and on ipe-bpf, where
 * systemd finds no /sys/kernel/security/ipe and loads nothing.
 *
 * The choices that follow systemd, each observable from /etc/ipe:
 *  - directories in priority order, /etc/ipe first; a missing one is none;
 *  - only names ending in ".p7b", never hidden ones (leading '.');
 *  - the first directory holding a name wins, and a mask there (an empty
 *    file, or a character device such as a symlink to /dev/null, both seen
 *    through symlinks) hides the name in every later directory;
 *  - what is neither a regular file nor a mask (a directory, a dangling
 *    symlink) is skipped and hides nothing;
 *  - files are processed in byte order of their names, whatever their
 *    directory;
 *  - the policy name is the file name without ".p7b"; the blob goes to
 *    policies/NAME/update when that file exists, else to new_policy, then
 *    1 is written to policies/NAME/active;
 *  - the policy file is opened without following a symlink: systemd fails
 *    on a policy that is a symlink (ELOOP), so this does too;
 *  - ESTALE from the activation write counts as success (systemd's only
 *    tolerated errno).  ESTALE from update, "this version or a newer one is
 *    already loaded", also counts as success here, and the policy is then
 *    left as it is (activating it could only fail with EINVAL below a newer
 *    active policy on a second run): systemd means to skip such a policy
 *    (its message says so) but tests the activation write, which never
 *    returns ESTALE, so it stops at the update instead.
 * Unlike systemd, which stops at the first failure, every file is tried.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "input.h"
#include "ipectl.h"
#include "tree.h"
#include "tree_cmd.h"

#define SUFFIX ".p7b"

static const char *const default_dirs[] = {
	"/etc/ipe", "/run/ipe", "/usr/local/lib/ipe", "/usr/lib/ipe",
};

enum kind {
	LOAD,		/* the file to load for its name */
	MASK,		/* an empty file or a character device: hides later ones */
	MASKED,		/* hidden by a mask in an earlier directory */
	OVERRIDDEN,	/* hidden by a file of the same name in an earlier directory */
	IGNORED,	/* neither a regular file nor a mask; hides nothing */
};

struct entry {
	char *path;		/* DIR/FILE */
	const char *file;	/* points into path */
	size_t dir;		/* index of its directory, lower wins */
	enum kind kind;
	bool symlink;		/* LOAD through a symlink: systemd refuses it */
	int stat_err;		/* IGNORED because stat failed (a dangling symlink) */
	const char *why;	/* MASK, IGNORED other than by stat_err: in words */
	const char *by;		/* MASKED, OVERRIDDEN: the winning entry's path */
};

struct plan {
	struct entry *v;
	size_t n, cap;
};

/* The entry claiming FILE so far: a LOAD or a MASK. */
static const struct entry *claimant(const struct plan *p, const char *file)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		if ((p->v[i].kind == LOAD || p->v[i].kind == MASK) && !strcmp(p->v[i].file, file))
			return &p->v[i];
	return NULL;
}

static void classify(struct entry *e, const struct plan *p, int dfd, const char *name)
{
	const struct entry *c = claimant(p, name);
	struct stat st, lst;

	if (c) {
		e->kind = c->kind == MASK ? MASKED : OVERRIDDEN;
		e->by = c->path;
	} else if (fstatat(dfd, name, &st, 0)) {
		e->kind = IGNORED;
		e->stat_err = errno;
	} else if ((S_ISREG(st.st_mode) && st.st_size == 0) || S_ISCHR(st.st_mode)) {
		e->kind = MASK;
		e->why = S_ISCHR(st.st_mode) ? "a character device" : "an empty file";
	} else if (!S_ISREG(st.st_mode)) {
		e->kind = IGNORED;
		e->why = "not a regular file";
	} else {
		e->kind = LOAD;
		e->symlink = fstatat(dfd, name, &lst, AT_SYMLINK_NOFOLLOW) == 0 &&
			     S_ISLNK(lst.st_mode);
	}
}

static bool wanted(const char *name)
{
	size_t n = strlen(name);

	return name[0] != '.' && n > strlen(SUFFIX) && !strcmp(name + n - strlen(SUFFIX), SUFFIX);
}

/*
 * Add DIR's policy files to the plan.  EXIT_OK, EXIT_USAGE after saying why
 * DIR cannot be read, or -1 out of memory.
 */
static int scan(struct plan *p, const char *cmd, const char *dir, size_t index, bool explicit)
{
	struct dirent *de;
	DIR *d = opendir(dir);
	int status = EXIT_OK;

	if (!d) {
		if (errno == ENOENT && !explicit)
			return EXIT_OK;
		fprintf(stderr, "%s: %s: %s\n", cmd, dir, strerror(errno));
		return EXIT_USAGE;
	}
	for (errno = 0; (de = readdir(d)); errno = 0) {
		struct entry e = { .dir = index };
		size_t n;

		if (!wanted(de->d_name))
			continue;
		if (p->n == p->cap) {
			struct entry *nv = realloc(p->v, (p->cap ? 2 * p->cap : 16) * sizeof(*nv));

			if (!nv)
				goto nomem;
			p->v = nv;
			p->cap = p->cap ? 2 * p->cap : 16;
		}
		n = strlen(dir) + 1 + strlen(de->d_name) + 1;
		e.path = malloc(n);
		if (!e.path)
			goto nomem;
		snprintf(e.path, n, "%s/%s", dir, de->d_name);
		e.file = e.path + strlen(dir) + 1;
		classify(&e, p, dirfd(d), de->d_name);
		p->v[p->n++] = e;
	}
	if (errno) {
		fprintf(stderr, "%s: %s: %s\n", cmd, dir, strerror(errno));
		status = EXIT_USAGE;
	}
	closedir(d);
	return status;
nomem:
	closedir(d);
	fprintf(stderr, "%s: out of memory\n", cmd);
	return -1;
}

static int by_file_then_dir(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;
	int c = strcmp(x->file, y->file);

	return c ? c : (x->dir > y->dir) - (x->dir < y->dir);
}

static void plan_free(struct plan *p)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		free(p->v[i].path);
	free(p->v);
}

/* Load one file.  T's message prefix names the file.  Returns the exit status. */
static int load(struct tree *t, const struct entry *e, const char *name, bool update)
{
	struct input blob = { .name = e->path };
	int fd, err, rc;

	fd = open(e->path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0 || input_read_fd(fd, &blob)) {
		err = errno;
		if (fd >= 0)
			close(fd);
		if (err == ELOOP)
			fprintf(stderr, "%s: a symbolic link: refused, as systemd opens "
				"policy files without following links\n", t->cmd);
		else
			fprintf(stderr, "%s: %s\n", t->cmd, strerror(err));
		return EXIT_USAGE;
	}
	close(fd);
	err = update ? tree_write(t, blob.buf, blob.len, "policies/%s/update", name)
		     : tree_write(t, blob.buf, blob.len, "new_policy");
	input_free(&blob);
	if (err == -ESTALE && update) {
		printf("%s: already loaded at this version or a newer one (ESTALE), "
		       "left as it is\n", e->path);
		return EXIT_OK;
	}
	if (err)
		return tree_perror(t);
	err = tree_write(t, "1", 1, "policies/%s/active", name);
	if (err && err != -ESTALE) {
		rc = tree_perror(t);
		if (err == -ENOENT && !update)
			fprintf(stderr, "%s: loaded, but no policy is called '%s': the "
				"policy_name in the file must be the file's name without "
				SUFFIX "\n", t->cmd, name);
		return rc;
	}
	if (update)
		printf("%s: updated (policies/%s/update) and activated", e->path, name);
	else
		printf("%s: loaded (new_policy) and activated", e->path);
	puts(err ? " (activation: ESTALE, tolerated as systemd does)" : "");
	return EXIT_OK;
}

static int run_entry(struct tree *t, const struct entry *e, bool dry_run)
{
	size_t n = strlen(e->file) - strlen(SUFFIX);
	const char *cmd = t->cmd;
	char *name, *prefix;
	int rc = EXIT_OK;
	bool update;

	switch (e->kind) {
	case MASK:
		printf("%s: a mask (%s): nothing loaded\n", e->path, e->why);
		return EXIT_OK;
	case MASKED:
		printf("%s: skipped: masked by %s\n", e->path, e->by);
		return EXIT_OK;
	case OVERRIDDEN:
		printf("%s: skipped: overridden by %s\n", e->path, e->by);
		return EXIT_OK;
	case IGNORED:
		if (e->stat_err)
			printf("%s: skipped: cannot stat: %s\n", e->path, strerror(e->stat_err));
		else
			printf("%s: skipped: %s\n", e->path, e->why);
		return EXIT_OK;
	case LOAD:
		break;
	}
	name = strndup(e->file, n);
	prefix = malloc(strlen(cmd) + strlen(e->path) + 3);
	if (!name || !prefix) {
		free(name);
		free(prefix);
		fprintf(stderr, "%s: out of memory\n", cmd);
		return EXIT_USAGE;
	}
	sprintf(prefix, "%s: %s", cmd, e->path);
	update = tree_exists(t, "policies/%s/update", name);
	if (dry_run && e->symlink) {
		printf("%s: would fail: a symbolic link, which systemd refuses\n", e->path);
	} else if (dry_run) {
		printf("%s: would write %s%s%s, then 1 to policies/%s/active\n", e->path,
		       update ? "policies/" : "new_policy", update ? name : "",
		       update ? "/update" : "", name);
	} else {
		t->cmd = prefix;
		rc = load(t, e, name, update);
		t->cmd = cmd;
	}
	free(prefix);
	free(name);
	return rc;
}

static int load_dir(struct tree_args *a)
{
	struct tree *t = &a->tree;
	struct plan p = { 0 };
	size_t i, ndirs = sizeof(default_dirs) / sizeof(default_dirs[0]);
	int rc, status = EXIT_OK;

	if (a->argc)
		ndirs = (size_t)a->argc;
	for (i = 0; i < ndirs; i++) {
		rc = scan(&p, t->cmd, a->argc ? a->argv[i] : default_dirs[i], i, a->argc > 0);
		if (rc < 0) {
			plan_free(&p);
			return EXIT_USAGE;
		}
		if (rc > status)
			status = rc;
	}
	if (p.n)
		qsort(p.v, p.n, sizeof(*p.v), by_file_then_dir);
	for (i = 0; i < p.n; i++) {
		rc = run_entry(t, &p.v[i], a->dry_run);
		/* Keep the report in file order when stdout and stderr share a log. */
		fflush(stdout);
		/* An unreadable file outranks a refusal, as in 'policy check'. */
		if (rc > status)
			status = rc;
	}
	plan_free(&p);
	return status;
}

const struct tree_cmd tree_cmd_load_dir = {
	"load-dir",
	"Usage: ipectl load-dir [--root DIR] [--dry-run] [POLICYDIR...]\n"
	"\n"
	"Load and activate every signed policy *.p7b in the POLICYDIRs, as systemd\n"
	"does at boot (default: /etc/ipe /run/ipe /usr/local/lib/ipe /usr/lib/ipe):\n"
	"  - the first directory holding a file name wins; an empty file or a\n"
	"    symlink to /dev/null there masks the name in the later ones;\n"
	"  - files go in byte order of their names; each is policy NAME.p7b;\n"
	"  - the whole file is written once to policies/NAME/update when that exists,\n"
	"    else to new_policy, then 1 to policies/NAME/active;\n"
	"  - an update refused with ESTALE (this version or a newer one is loaded)\n"
	"    counts as done and leaves the policy as it is;\n"
	"  - a policy file that is a symbolic link is refused, as systemd does.\n"
	"Every file is reported on its own line, and a failure does not stop the rest.\n"
	"\n"
	"  -n, --dry-run   print what would be written, write nothing\n"
	TREE_USAGE_ROOT
	"\n"
	"Exit status: 0 all done, 1 the tree refused some file (its errno is printed),\n"
	"2 bad usage, an unreadable file or POLICYDIR, or no tree at the root.\n",
	TREE_OPT_DRY_RUN, "[POLICYDIR...]", 0, -1, load_dir,
};
