/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The IPE control tree: kernel IPE's /sys/kernel/security/ipe, or the same
 * tree served by iped.  Where it is, and reading and writing its files.
 *
 * Contract:
 *  - A write is ONE write(2) of the whole buffer.  new_policy and update
 *    take one complete policy per call and keep nothing between calls, so
 *    a split write would be two bad policies.  A short write is an error,
 *    never continued.
 *  - A read goes to end of file: the control files report size 0.
 *  - Files are opened without O_CREAT and O_TRUNC.  A missing control file
 *    is the tree's ENOENT, never a file this tool creates, and no truncation
 *    request reaches a daemon that need not implement one.
 *  - Calls return 0 or a negative errno and print nothing.  They record the
 *    file they used and what went wrong in the struct tree; tree_perror()
 *    then prints the one message format:
 *      CMD: PATH: ESYMBOL (strerror text)
 */
#ifndef IPECTL_TREE_H
#define IPECTL_TREE_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

#include "input.h"

#define TREE_ROOT_KERNEL "/sys/kernel/security/ipe"
#define TREE_ROOT_IPED "/run/ipe-bpf/security/ipe"

struct tree {
	const char *cmd;	/* message prefix, e.g. "ipectl deploy" */
	const char *root;
	char path[PATH_MAX];	/* the file the last call used */
	int err;		/* and its errno, 0 if it succeeded */
	bool local;		/* err is ours (out of memory, path too long), not the tree's */
	char detail[96];	/* when set, printed instead of the errno */
};

/*
 * Use ROOT, or when NULL the kernel's tree if that directory exists, else
 * iped's.  Returns EXIT_OK, or EXIT_USAGE after saying that the root is not
 * a directory.
 */
int tree_open(struct tree *t, const char *cmd, const char *root);

/* A policy name as a path component: not empty, ".", ".." nor holding '/'. */
bool tree_name_ok(const char *name);

/*
 * Set t->path to ROOT/REL, REL formatted like printf.  0, or -ENAMETOOLONG
 * (recorded as ours).  For callers that open something themselves.
 */
int tree_set_path(struct tree *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Record ERR (positive) as the tree's answer about t->path; returns -ERR. */
int tree_fail(struct tree *t, int err);
/* Record that we ran out of memory (ours, not the tree's); returns -ENOMEM. */
int tree_oom(struct tree *t);

/* Read ROOT/REL whole into OUT (OUT->name = t->path, valid until the next call). */
int tree_read(struct tree *t, struct input *out, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/*
 * Read ROOT/REL as a NUL-terminated string into a malloc'd *OUT, one
 * trailing newline dropped (the kernel writes none; a hand-made tree may).
 */
int tree_read_str(struct tree *t, char **out, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Read a bool file ("1" or "0"); other content is an error with a detail. */
int tree_read_bool(struct tree *t, bool *out, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Write LEN bytes of BUF to ROOT/REL in one write(2). */
int tree_write(struct tree *t, const void *buf, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* Whether ROOT/REL exists (sets t->path; errors other than ENOENT count as existing). */
bool tree_exists(struct tree *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/*
 * Print what the last failing call recorded, "CMD: PATH: ESYM (text)", and
 * return the exit status it calls for: EXIT_REFUSED when the tree said no,
 * EXIT_USAGE for our own failures.
 */
int tree_perror(const struct tree *t);

/* "EEXIST" for EEXIST: libipe's names, then the C library's, then "errno N". */
const char *tree_errno_symbol(int err, char *buf, size_t len);

#endif
