// SPDX-License-Identifier: GPL-2.0-only
#define _GNU_SOURCE	/* strerrorname_np */
#include "tree.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libipe.h>

#include "ipectl.h"

static bool is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

int tree_open(struct tree *t, const char *cmd, const char *root)
{
	bool chosen = root == NULL;
	struct stat st;
	int err = ENOTDIR;

	*t = (struct tree){ .cmd = cmd };
	if (chosen)
		root = is_dir(TREE_ROOT_KERNEL) ? TREE_ROOT_KERNEL : TREE_ROOT_IPED;
	t->root = root;
	if (stat(root, &st))
		err = errno;
	else if (S_ISDIR(st.st_mode))
		return EXIT_OK;
	fprintf(stderr, "%s: %s: %s\n", cmd, root, strerror(err));
	if (chosen)
		fprintf(stderr, "%s: neither kernel IPE's tree (" TREE_ROOT_KERNEL ") nor iped's ("
			TREE_ROOT_IPED ") is there: is iped running?  --root DIR picks another.\n",
			cmd);
	return EXIT_USAGE;
}

bool tree_name_ok(const char *name)
{
	return *name && strcmp(name, ".") && strcmp(name, "..") && !strchr(name, '/');
}

static int ours(struct tree *t, int err)
{
	t->err = err;
	t->local = true;
	return -err;
}

int tree_oom(struct tree *t)
{
	return ours(t, ENOMEM);
}

int tree_fail(struct tree *t, int err)
{
	t->err = err;
	t->local = false;
	return -err;
}

__attribute__((format(printf, 2, 0)))
static int vset_path(struct tree *t, const char *fmt, va_list ap)
{
	size_t n = (size_t)snprintf(t->path, sizeof(t->path), "%s/", t->root);
	int m;

	t->err = 0;
	t->local = false;
	t->detail[0] = '\0';
	if (n >= sizeof(t->path))
		return ours(t, ENAMETOOLONG);
	m = vsnprintf(t->path + n, sizeof(t->path) - n, fmt, ap);
	if (m < 0 || (size_t)m >= sizeof(t->path) - n)
		return ours(t, ENAMETOOLONG);
	return 0;
}

int tree_set_path(struct tree *t, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = vset_path(t, fmt, ap);
	va_end(ap);
	return rc;
}

static int read_path(struct tree *t, struct input *out)
{
	int fd, e;

	*out = (struct input){ .name = t->path };
	fd = open(t->path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return tree_fail(t, errno);
	if (input_read_fd(fd, out)) {
		e = errno;
		close(fd);
		return e == ENOMEM ? ours(t, e) : tree_fail(t, e);
	}
	close(fd);
	return 0;
}

int tree_read(struct tree *t, struct input *out, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = vset_path(t, fmt, ap);
	va_end(ap);
	*out = (struct input){ .name = t->path };
	return rc ? rc : read_path(t, out);
}

__attribute__((format(printf, 3, 0)))
static int vread_str(struct tree *t, char **out, const char *fmt, va_list ap)
{
	struct input in;
	int rc;

	*out = NULL;
	rc = vset_path(t, fmt, ap);
	if (rc || (rc = read_path(t, &in)))
		return rc;
	if (in.len && in.buf[in.len - 1] == '\n')
		in.buf[--in.len] = '\0';
	*out = in.buf;
	return 0;
}

int tree_read_str(struct tree *t, char **out, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = vread_str(t, out, fmt, ap);
	va_end(ap);
	return rc;
}

int tree_read_bool(struct tree *t, bool *out, const char *fmt, ...)
{
	va_list ap;
	char *s;
	int rc;

	va_start(ap, fmt);
	rc = vread_str(t, &s, fmt, ap);
	va_end(ap);
	if (rc)
		return rc;
	if (!strcmp(s, "1") || !strcmp(s, "0")) {
		*out = s[0] == '1';
	} else {
		snprintf(t->detail, sizeof(t->detail), "holds neither 1 nor 0");
		rc = tree_fail(t, EBADMSG);
	}
	free(s);
	return rc;
}

int tree_write(struct tree *t, const void *buf, size_t len, const char *fmt, ...)
{
	va_list ap;
	ssize_t n;
	int fd, rc;

	va_start(ap, fmt);
	rc = vset_path(t, fmt, ap);
	va_end(ap);
	if (rc)
		return rc;
	fd = open(t->path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return tree_fail(t, errno);
	/* EINTR means nothing was taken, so trying again cannot split the policy. */
	do
		n = write(fd, buf, len);
	while (n < 0 && errno == EINTR);
	if (n < 0) {
		rc = tree_fail(t, errno);
		close(fd);
		return rc;
	}
	if ((size_t)n != len) {
		/* iped tells why a large policy's last piece was refused at close. */
		int why = close(fd) && errno != EINTR ? errno : 0;
		char sym[32];

		if (why)
			snprintf(t->detail, sizeof(t->detail), "refused after %zd of %zu bytes: %s (%s)",
				 n, len, tree_errno_symbol(why, sym, sizeof(sym)), strerror(why));
		else
			snprintf(t->detail, sizeof(t->detail), "short write: %zd of %zu bytes taken",
				 n, len);
		return tree_fail(t, why ? why : EIO);
	}
	/* A FUSE daemon may answer at release time: a failed close is a failed write. */
	if (close(fd) && errno != EINTR)
		return tree_fail(t, errno);
	return 0;
}

bool tree_exists(struct tree *t, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = vset_path(t, fmt, ap);
	va_end(ap);
	return rc == 0 && (access(t->path, F_OK) == 0 || errno != ENOENT);
}

const char *tree_errno_symbol(int err, char *buf, size_t len)
{
	const char *s = ipe_errno_name(err);

#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 32))
	if (!s)
		s = strerrorname_np(err);
#endif
	if (!s) {
		snprintf(buf, len, "errno %d", err);
		s = buf;
	}
	return s;
}

int tree_perror(const struct tree *t)
{
	char buf[32];

	if (t->detail[0])
		fprintf(stderr, "%s: %s: %s\n", t->cmd, t->path, t->detail);
	else
		fprintf(stderr, "%s: %s: %s (%s)\n", t->cmd, t->path,
			tree_errno_symbol(t->err, buf, sizeof(buf)), strerror(t->err));
	return t->local ? EXIT_USAGE : EXIT_REFUSED;
}
