/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The state directory: one state file (state_format.h) replaced whole by
 * rename(2) after every change, so a crash at any instant leaves either the
 * state before the change or the state after it, never a mix; and a lock
 * that keeps a second iped off the same directory.
 */
#ifndef IPED_STATE_H
#define IPED_STATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <libipe-store.h>

#include "state_format.h"

/*
 * Create DIR (0700) if needed, open it and take its lock.  Returns the
 * directory's fd, -EBUSY when another process holds the lock, -EPERM (and
 * a log line) when DIR is not ours alone, or -errno.
 */
int state_dir_open(const char *dir);

/*
 * Write ST's state and LOCKDOWN durably: temporary file, fsync, rename,
 * fsync of DIRFD.
 */
int state_save(int dirfd, const struct ipe_store *st, bool lockdown);

/*
 * Keep IMAGE, a state file that could not be fully restored, as
 * "state.unrestored-SECONDS" (its name in NAME) before the next save
 * replaces it, so that no policy is lost to a misconfigured start.
 */
int state_keep(int dirfd, const uint8_t *image, size_t len, char *name, size_t size);

/* The state file's bytes (malloc'd), or -ENOENT when there is none yet. */
int state_read(int dirfd, uint8_t **buf, size_t *len);

/*
 * Bring back the saved policies, active policy and floors into ST, a store
 * just created (with the saved modes, or the ones the administrator set).
 * Each policy is verified and parsed again: one that no longer passes (its
 * signer no longer trusted, say) is skipped and logged, as is an active
 * policy that cannot be activated.  Returns the number of problems logged,
 * or -ENOMEM.
 */
int state_restore(struct ipe_store *st, const struct saved_state *s);

#endif
