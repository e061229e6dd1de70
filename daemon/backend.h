/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The enforcement backend: what turns the store's active policy and modes
 * into decisions.  iped calls apply() after every change of the active
 * policy or of a mode, with the store in its new state; the backend must
 * then enforce exactly that, or fail and keep enforcing what it had.
 */
#ifndef IPED_BACKEND_H
#define IPED_BACKEND_H

#include <libipe-store.h>

#include "audit_out.h"

/* What a backend gets to work with. */
struct backend_env {
	struct audit_out *audit;	/* where its own records (1420) go */
};

struct backend {
	const char *name;
	/* 0 or -errno; called once, before the tree is served. */
	int (*start)(const struct backend_env *env);
	/* 0 or -errno; called in the process that serves, once it is final
	 * (after going to the background): the place to start threads. */
	int (*running)(void);
	/* 0 or -errno. */
	int (*apply)(const struct ipe_store *st);
	void (*stop)(void);
};

extern const struct backend backend_none, backend_bpf;

/* The backend called NAME ("none", "bpf"), or NULL when not built in. */
const struct backend *backend_find(const char *name);

#endif
