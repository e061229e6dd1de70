// SPDX-License-Identifier: GPL-2.0-only
#include "state.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "fileio.h"
#include "log.h"

#define STATE_FILE "state"
#define STATE_TMP "state.tmp"
#define LOCK_FILE "lock"

/*
 * The directory decides what iped restores as the administrator's policies,
 * and iped writes into it as root: anyone else able to write there could
 * plant policies or, with a symbolic link, have root overwrite any file.
 */
static int check_owner(int dirfd, const char *dir)
{
	struct stat st;

	if (fstat(dirfd, &st))
		return -errno;
	if (st.st_uid == geteuid() && !(st.st_mode & 022))
		return 0;
	log_msg(LOG_ERR, "state directory %s must belong to uid %u and be writable by its "
		"owner only", dir, (unsigned)geteuid());
	return -EPERM;
}

int state_dir_open(const char *dir)
{
	int dirfd, lockfd, err = mkdir_parents(dir, 0700);

	if (err)
		return err;
	dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dirfd < 0)
		return -errno;
	err = check_owner(dirfd, dir);
	if (err) {
		close(dirfd);
		return err;
	}
	/* The lock lives as long as the process: its fd is never closed. */
	lockfd = openat(dirfd, LOCK_FILE, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (lockfd < 0 || flock(lockfd, LOCK_EX | LOCK_NB)) {
		err = errno == EWOULDBLOCK ? -EBUSY : -errno;
		if (lockfd >= 0)
			close(lockfd);
		close(dirfd);
		return err;
	}
	return dirfd;
}

/*
 * NAME in DIRFD replaced durably by BUF: a fresh temporary file (never one
 * found there, nor through a link), fsync, rename, fsync of the directory.
 */
static int replace_file(int dirfd, const char *name, const void *buf, size_t len)
{
	int fd, err = 0;

	if (unlinkat(dirfd, STATE_TMP, 0) && errno != ENOENT)
		return -errno;
	fd = openat(dirfd, STATE_TMP, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0)
		return -errno;
	err = write_full(fd, buf, len);
	if (!err && fsync(fd))
		err = -errno;
	if (close(fd) && !err)
		err = -errno;
	if (!err && renameat(dirfd, STATE_TMP, dirfd, name))
		err = -errno;
	/* The rename itself must reach the disk before we call it saved. */
	if (!err && fsync(dirfd))
		err = -errno;
	if (err)
		unlinkat(dirfd, STATE_TMP, 0);
	return err;
}

int state_save(int dirfd, const struct ipe_store *st, bool lockdown)
{
	uint8_t *buf;
	size_t len;
	int err = state_encode(st, lockdown, &buf, &len);

	if (err)
		return err;
	err = replace_file(dirfd, STATE_FILE, buf, len);
	free(buf);
	return err;
}

int state_keep(int dirfd, const uint8_t *image, size_t len, char *name, size_t size)
{
	snprintf(name, size, STATE_FILE ".unrestored-%lld", (long long)time(NULL));
	return replace_file(dirfd, name, image, len);
}

int state_read(int dirfd, uint8_t **out, size_t *len)
{
	return read_file_at(dirfd, STATE_FILE, O_NOFOLLOW, (char **)out, len);
}

/* Restoring is the administrator's past writes replayed: privileged, no login. */
static const struct ipe_actor restorer = {
	.privileged = true, .auid = IPE_AUDIT_UNSET, .ses = IPE_AUDIT_UNSET,
};

/* The saved policies back into ST; counts what could not be restored. */
static int restore_policies(struct ipe_store *st, const struct saved_state *s, int *problems)
{
	size_t i;
	int err;

	for (i = 0; i < s->npolicies; i++) {
		const struct saved_policy *p = &s->policies[i];
		struct ipe_diag d = { 0 };

		if (p->boot)
			err = ipe_store_load_boot_policy(st, p->bytes, p->len, &d);
		else
			err = ipe_store_write_new_policy(st, &restorer, p->bytes, p->len, NULL, &d);
		if (err == -ENOMEM)
			return err;
		if (err) {
			log_msg(LOG_ERR, "saved policy %zu (%s) not restored: %s%s%s", i + 1,
				p->boot ? "boot policy" : "signed", ipe_errno_name(-err),
				d.msg[0] ? ": " : "", d.msg);
			++*problems;
		}
	}
	return 0;
}

int state_restore(struct ipe_store *st, const struct saved_state *s)
{
	const struct ipe_entry *e;
	int problems = 0, err;
	size_t i;

	for (i = 0; i < s->nfloors; i++) {
		err = ipe_store_set_floor(st, s->floors[i].name, s->floors[i].version);
		if (err)
			return err;
	}
	err = restore_policies(st, s, &problems);
	if (err)
		return err;
	if (!s->active)
		return problems;
	e = ipe_store_find(st, s->active);
	err = e ? ipe_store_write_active(st, &restorer, e->id, "1", 1) : -ENOENT;
	if (err == -ENOMEM)
		return err;
	if (err) {
		e = ipe_store_active(st);
		log_msg(LOG_ERR, "saved active policy '%s' not restored (%s); active now: %s",
			s->active, ipe_errno_name(-err), e ? e->policy->name : "none");
		problems++;
	}
	return problems;
}
