/* SPDX-License-Identifier: GPL-2.0-only */
/* The daemon's state, shared by the control tree and the main loop. */
#ifndef IPED_H
#define IPED_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include <libipe-store.h>

#include "audit_out.h"
#include "backend.h"
#include "config.h"

/* What the backend was last given, to call it only when that changes. */
struct applied {
	bool valid;
	uint64_t active_id, active_version;	/* 0, 0: none */
	bool enforce, success_audit;
};

struct iped {
	struct config cfg;
	struct ipe_trust *trust;
	struct ipe_store *store;
	struct audit_out *audit;
	const struct backend *backend;
	int state_dirfd;
	bool lockdown;			/* in effect: configured, saved or found in the kernel */
	bool armed;			/* ... and the backend locked down with this iped */
	bool unsaved;			/* the last save failed */
	struct applied applied;
	struct timespec started;	/* the tree's timestamps */
};

/*
 * After a write the store accepted: save the state and, when the active
 * policy or a mode changed, hand the store to the backend.  Failures are
 * logged (and saving is retried at the next change); the write itself has
 * taken effect, as it would have in the kernel.
 */
void iped_changed(struct iped *d);

#endif
