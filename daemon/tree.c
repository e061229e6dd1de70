// SPDX-License-Identifier: GPL-2.0-only
#include "tree.h"

#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "caller.h"
#include "iped.h"
#include "log.h"

enum kind {
	ROOT, IPE_DIR, POLICIES_DIR, POLICY_DIR,
	ENFORCE, SUCCESS_AUDIT, NEW_POLICY,
	PKCS7, POLICY_TEXT, NAME, VERSION, ACTIVE, UPDATE, DELETE,
};

struct file_kind {
	const char *name;
	enum kind kind;
	mode_t mode;
};

static const struct file_kind ipe_files[] = {
	{ "enforce", ENFORCE, 0600 },
	{ "success_audit", SUCCESS_AUDIT, 0600 },
	{ "new_policy", NEW_POLICY, 0200 },
	{ "policies", POLICIES_DIR, 0755 },
};

static const struct file_kind policy_files[] = {
	{ "pkcs7", PKCS7, 0444 },
	{ "policy", POLICY_TEXT, 0444 },
	{ "name", NAME, 0444 },
	{ "version", VERSION, 0444 },
	{ "active", ACTIVE, 0600 },
	{ "update", UPDATE, 0200 },
	{ "delete", DELETE, 0200 },
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* A resolved path; an open file's handle is one of these. */
struct node {
	enum kind kind;
	mode_t mode;
	uint64_t id;		/* the policy's, for POLICY_DIR and its files */
	bool privileged;	/* the opener held CAP_MAC_ADMIN */
	/* A policy larger than one request, while its pieces arrive. */
	struct {
		char *buf;
		uint64_t base;	/* the file offset of its first byte */
		size_t len, want;
	} pending;
	int verdict;		/* a gathered policy's refusal, for close(2) */
	struct node *prev, *next;	/* in open_nodes */
};

/*
 * Every handle not yet released.  When iped stops while files are open the
 * kernel never sends their release: tree_release_all() frees them then.
 * Requests are served one at a time, so the list needs no lock.
 */
static struct node *open_nodes;

static void node_link(struct node *n)
{
	n->next = open_nodes;
	if (open_nodes)
		open_nodes->prev = n;
	open_nodes = n;
}

static void node_free(struct node *n)
{
	if (n->prev)
		n->prev->next = n->next;
	else
		open_nodes = n->next;
	if (n->next)
		n->next->prev = n->prev;
	free(n->pending.buf);
	free(n);
}

static struct iped *daemon_state(void)
{
	return fuse_get_context()->private_data;
}

static const struct file_kind *file_named(const struct file_kind *files, size_t n,
					  const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(files[i].name, name))
			return &files[i];
	return NULL;
}

/* "/ipe/policies/NAME/FILE" and its prefixes; -ENOENT for anything else. */
static int resolve(const char *path, struct node *out)
{
	const struct ipe_entry *e;
	const struct file_kind *f;
	char name[NAME_MAX + 1];
	const char *rest, *slash;
	size_t n;

	memset(out, 0, sizeof(*out));
	/* FUSE passes names up to 1024 bytes; the VFS of securityfs stops at 255. */
	for (rest = path; (slash = strchr(rest, '/')); rest = slash + 1)
		if ((size_t)(slash - rest) > NAME_MAX)
			return -ENAMETOOLONG;
	if (strlen(rest) > NAME_MAX)
		return -ENAMETOOLONG;
	if (!strcmp(path, "/")) {
		*out = (struct node){ .kind = ROOT, .mode = 0755 };
		return 0;
	}
	if (strncmp(path, "/ipe", 4))
		return -ENOENT;
	if (!path[4]) {
		*out = (struct node){ .kind = IPE_DIR, .mode = 0755 };
		return 0;
	}
	if (path[4] != '/')
		return -ENOENT;
	rest = path + 5;
	if (strncmp(rest, "policies/", 9)) {
		f = file_named(ipe_files, COUNT(ipe_files), rest);
		if (!f)
			return -ENOENT;
		*out = (struct node){ .kind = f->kind, .mode = f->mode };
		return 0;
	}
	rest += 9;
	slash = strchr(rest, '/');
	n = slash ? (size_t)(slash - rest) : strlen(rest);
	if (!n)
		return -ENOENT;
	memcpy(name, rest, n);
	name[n] = 0;
	e = ipe_store_find(daemon_state()->store, name);
	if (!e)
		return -ENOENT;
	if (!slash) {
		*out = (struct node){ .kind = POLICY_DIR, .mode = 0755, .id = e->id };
		return 0;
	}
	f = file_named(policy_files, COUNT(policy_files), slash + 1);
	if (!f)
		return -ENOENT;
	*out = (struct node){ .kind = f->kind, .mode = f->mode, .id = e->id };
	return 0;
}

static bool is_dir(enum kind k)
{
	return k <= POLICY_DIR;
}

static int contents(const struct node *n, char *scratch, size_t size, const char **data,
		    size_t *len);

static int tree_getattr(const char *path, struct stat *st, struct fuse_file_info *fi)
{
	struct iped *d = daemon_state();
	struct node node;
	const struct node *n = fi ? (const struct node *)(uintptr_t)fi->fh : &node;
	int err = fi ? 0 : resolve(path, &node);
	char scratch[32];
	const char *data;
	size_t len;

	if (err)
		return err;
	memset(st, 0, sizeof(*st));
	st->st_mode = (is_dir(n->kind) ? S_IFDIR : S_IFREG) | n->mode;
	st->st_nlink = is_dir(n->kind) ? 2 : 1;
	st->st_atim = st->st_mtim = st->st_ctim = d->started;
	/*
	 * securityfs says 0, but FUSE on 6.12 serves sendfile(2) and splice(2)
	 * from the page cache up to this size, whatever direct_io says: with
	 * 0 there, `cat` (busybox's uses sendfile) would read nothing.
	 */
	if (!is_dir(n->kind) && !contents(n, scratch, sizeof(scratch), &data, &len))
		st->st_size = (off_t)len;
	return 0;
}

static int tree_readdir(const char *path, void *buf, fuse_fill_dir_t fill, off_t off,
			struct fuse_file_info *fi, enum fuse_readdir_flags flags)
{
	const struct ipe_entry *e;
	struct node n;
	size_t i;
	int err = resolve(path, &n);

	(void)off, (void)fi, (void)flags;
	if (err)
		return err;
	if (!is_dir(n.kind))
		return -ENOTDIR;
	fill(buf, ".", NULL, 0, 0);
	fill(buf, "..", NULL, 0, 0);
	switch (n.kind) {
	case ROOT:
		fill(buf, "ipe", NULL, 0, 0);
		break;
	case IPE_DIR:
		for (i = 0; i < COUNT(ipe_files); i++)
			fill(buf, ipe_files[i].name, NULL, 0, 0);
		break;
	case POLICIES_DIR:
		for (i = 0; (e = ipe_store_at(daemon_state()->store, i)); i++)
			fill(buf, e->policy->name, NULL, 0, 0);
		break;
	default:
		for (i = 0; i < COUNT(policy_files); i++)
			fill(buf, policy_files[i].name, NULL, 0, 0);
		break;
	}
	return 0;
}

static int tree_open(const char *path, struct fuse_file_info *fi)
{
	struct node *n = calloc(1, sizeof(*n));
	struct ipe_actor opener;
	int err;

	if (!n)
		return -ENOMEM;
	err = resolve(path, n);
	if (err) {
		free(n);
		return err;
	}
	caller_identify(fuse_get_context()->pid, &opener);
	n->privileged = opener.privileged;
	node_link(n);
	fi->fh = (uintptr_t)n;
	/* Every read and write goes to iped, whole, never through a cache. */
	fi->direct_io = 1;
	return 0;
}

static void pending_reset(struct node *n)
{
	free(n->pending.buf);
	n->pending.buf = NULL;
	n->pending.base = 0;
	n->pending.len = n->pending.want = 0;
}

/* A policy that never arrived whole: dropped, -EBADMSG for close(2). */
static void drop_pending(struct node *n, const char *path)
{
	if (!n->pending.buf)
		return;
	log_msg(LOG_INFO, "%s refused: EBADMSG: the policy's pieces stopped at %zu of the "
		"%zu bytes its header declares", path, n->pending.len, n->pending.want);
	pending_reset(n);
	n->verdict = -EBADMSG;
}

/*
 * close(2) (each close of the open file) reports what write(2) could not:
 * a gathered policy cut short, or refused with its last piece (the write
 * then returned a short count).  Reported once.
 */
static int tree_flush(const char *path, struct fuse_file_info *fi)
{
	struct node *n = (struct node *)(uintptr_t)fi->fh;
	int verdict;

	drop_pending(n, path);
	verdict = n->verdict;
	n->verdict = 0;
	return verdict;
}

static int tree_release(const char *path, struct fuse_file_info *fi)
{
	struct node *n = (struct node *)(uintptr_t)fi->fh;

	drop_pending(n, path);
	node_free(n);
	return 0;
}

void tree_release_all(void)
{
	while (open_nodes)
		node_free(open_nodes);
}

/* A write(2) is cut into requests of at most TREE_MAX_WRITE bytes, ending
 * on page boundaries of the writer's buffer: a request at least this long
 * may be the first piece of a larger write. */
static size_t full_request(void)
{
	long page = sysconf(_SC_PAGESIZE);

	return TREE_MAX_WRITE - (page > 0 && (size_t)page < TREE_MAX_WRITE ? (size_t)page : 4096);
}

/* The kernel accepts O_TRUNC on these files and truncates nothing. */
static int tree_truncate(const char *path, off_t size, struct fuse_file_info *fi)
{
	struct node n;

	(void)size;
	if (fi)
		return 0;
	return resolve(path, &n);
}

static void format_version(char *buf, size_t size, const uint16_t v[3])
{
	snprintf(buf, size, "%u.%u.%u", v[0], v[1], v[2]);
}

/* What reading N shows: DATA and LEN, pointing into the store or SCRATCH. */
static int contents(const struct node *n, char *scratch, size_t size, const char **data,
		    size_t *len)
{
	const struct ipe_store *st = daemon_state()->store;
	const struct ipe_entry *e = NULL;

	switch (n->kind) {
	case ENFORCE:
		*data = ipe_store_enforce(st) ? "1" : "0";
		*len = 1;
		return 0;
	case SUCCESS_AUDIT:
		*data = ipe_store_success_audit(st) ? "1" : "0";
		*len = 1;
		return 0;
	case PKCS7: case POLICY_TEXT: case NAME: case VERSION: case ACTIVE:
		e = ipe_store_get(st, n->id);
		if (!e)
			return -ENOENT;
		break;
	default:
		/* Write-only files have no read method in the kernel. */
		return -EINVAL;
	}
	switch (n->kind) {
	case PKCS7:
		if (!e->pkcs7)
			return -ENOENT;
		*data = (const char *)e->pkcs7;
		*len = e->pkcs7_len;
		break;
	case POLICY_TEXT:
		*data = e->text;
		*len = e->text_len;
		break;
	case NAME:
		*data = e->policy->name;
		*len = strlen(e->policy->name);
		break;
	case VERSION:
		format_version(scratch, size, e->policy->version);
		*data = scratch;
		*len = strlen(scratch);
		break;
	default:
		*data = ipe_store_active(st) == e ? "1" : "0";
		*len = 1;
		break;
	}
	return 0;
}

static int tree_read(const char *path, char *buf, size_t size, off_t off,
		     struct fuse_file_info *fi)
{
	const struct node *n = (const struct node *)(uintptr_t)fi->fh;
	char scratch[32];
	const char *data;
	size_t len;
	int err = contents(n, scratch, sizeof(scratch), &data, &len);

	(void)path;
	if (err)
		return err;
	if (off < 0 || (uint64_t)off >= len)
		return 0;
	len -= (size_t)off;
	if (len > size)
		len = size;
	memcpy(buf, data + off, len);
	return (int)len;
}

static void log_refusal(const char *what, int err, const struct ipe_diag *diag)
{
	log_msg(LOG_INFO, "%s refused: %s%s%s", what, ipe_errno_name(-err),
		diag->msg[0] ? ": " : "", diag->msg);
}

/*
 * A signed policy over one request (TREE_MAX_WRITE) is an extension
 * (--max-policy-size): the kernel splits its write(2) into requests at
 * consecutive offsets (from wherever the file offset stood).  The first, a
 * full request, declares the whole size in its DER header; the pieces are
 * gathered and the policy is handled with the one that completes it.  Bytes
 * after the declared size in that piece are ignored, as the kernel ignores
 * bytes after the outer element; a later piece is a new write.  Returns 1
 * when more is awaited, 0 with the policy in *WHOLE, *WHOLE_LEN (BUF itself
 * when it came in one piece), or -ENOMEM.
 */
static int gather(struct node *n, size_t max, const char *buf, size_t size, off_t off,
		  const char *path, const char **whole, size_t *whole_len)
{
	size_t want, take;

	if (n->pending.buf && (off < 0 || (uint64_t)off != n->pending.base + n->pending.len))
		drop_pending(n, path);
	if (n->pending.buf) {
		take = size < n->pending.want - n->pending.len ? size
							      : n->pending.want - n->pending.len;
		memcpy(n->pending.buf + n->pending.len, buf, take);
		n->pending.len += take;
		if (n->pending.len < n->pending.want)
			return 1;
		*whole = n->pending.buf;
		*whole_len = n->pending.len;
		return 0;
	}
	*whole = buf;
	*whole_len = size;
	/* A short request is a whole write(2): judged as it is. */
	if (size < full_request() || max <= size || off < 0)
		return 0;
	want = ipe_pkcs7_declared_len(buf, size);
	if (want <= size || want > max)
		return 0;
	n->pending.buf = malloc(want);
	if (!n->pending.buf)
		return -ENOMEM;
	memcpy(n->pending.buf, buf, size);
	n->pending.base = (uint64_t)off;
	n->pending.len = size;
	n->pending.want = want;
	return 1;
}

static int tree_write(const char *path, const char *buf, size_t size, off_t off,
		      struct fuse_file_info *fi)
{
	struct node *n = (struct node *)(uintptr_t)fi->fh;
	struct iped *d = daemon_state();
	struct ipe_diag diag = { 0 };
	struct ipe_actor who;
	const char *policy = buf;
	size_t policy_len = size;
	int err;

	if (n->kind == NEW_POLICY || n->kind == UPDATE) {
		err = gather(n, d->cfg.max_policy_bytes, buf, size, off, path, &policy,
			     &policy_len);
		if (err)
			return err < 0 ? err : (int)size;
	}
	/* The writer's audit identity; the privilege is the opener's. */
	caller_identify(fuse_get_context()->pid, &who);
	who.privileged = n->privileged;
	switch (n->kind) {
	case NEW_POLICY:
		err = ipe_store_write_new_policy(d->store, &who, policy, policy_len, NULL, &diag);
		break;
	case UPDATE:
		err = ipe_store_write_update(d->store, &who, n->id, policy, policy_len, &diag);
		break;
	case ACTIVE:
		err = ipe_store_write_active(d->store, &who, n->id, buf, size);
		break;
	case DELETE:
		err = ipe_store_write_delete(d->store, &who, n->id, buf, size);
		break;
	case ENFORCE:
		err = ipe_store_write_enforce(d->store, &who, buf, size);
		break;
	case SUCCESS_AUDIT:
		err = ipe_store_write_success_audit(d->store, &who, buf, size);
		break;
	default:
		/* Read-only files have no write method in the kernel. */
		return -EINVAL;
	}
	if (n->pending.buf) {
		pending_reset(n);
		/* The earlier pieces were taken: write(2) can only come back
		 * short, so close(2) carries the reason. */
		n->verdict = err;
	}
	if (err) {
		log_refusal(path, err, &diag);
		return err;
	}
	iped_changed(d);
	return (int)size;
}

static void *tree_init(struct fuse_conn_info *conn, struct fuse_config *cfg)
{
	/* A policy written in one write(2) must arrive in one request. */
	conn->max_write = TREE_MAX_WRITE;
	/* Policies come and go: nothing about the tree may be cached. */
	cfg->entry_timeout = 0;
	cfg->negative_timeout = 0;
	cfg->attr_timeout = 0;
	return fuse_get_context()->private_data;
}

const struct fuse_operations tree_operations = {
	.init = tree_init,
	.getattr = tree_getattr,
	.readdir = tree_readdir,
	.open = tree_open,
	.flush = tree_flush,
	.release = tree_release,
	.truncate = tree_truncate,
	.read = tree_read,
	.write = tree_write,
};
