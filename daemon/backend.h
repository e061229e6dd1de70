/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The enforcement backend: what turns the store's active policy and modes
 * into decisions.  iped calls apply() after every change of the active
 * policy or of a mode, with the store in its new state; the backend must
 * then enforce exactly that, or fail and keep enforcing what it had.
 */
#ifndef IPED_BACKEND_H
#define IPED_BACKEND_H

#include <stdbool.h>
#include <stdint.h>

#include <libipe-store.h>

#include "audit_out.h"

/* What a backend gets to work with. */
struct backend_env {
	struct audit_out *audit;	/* where its own records (1420) go */
};

/*
 * What lockdown protects besides the backend's own objects: the paths are
 * absolute and resolved (no symbolic link), config may be NULL.  IDENTITY
 * is a digest of what makes an iped the one that locked the system down
 * (its paths and trust store): after a death, only an iped with the same
 * identity takes over (docs/lockdown.md).
 */
struct lockdown_spec {
	const char *state_dir, *trust_dir, *mount;
	const char *exe;		/* iped's executable */
	const char *config;		/* the configuration file read, or NULL */
	uint8_t identity[32];
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
	/*
	 * Lockdown; both NULL when the backend has none.  locked(), after
	 * start(): the kernel side was locked down earlier in this boot, so
	 * lockdown is on whatever the configuration says.  lockdown(), in the
	 * process that serves (after running()): lock down, or take over a
	 * locked-down kernel side whose iped died; -EPERM when SPEC's identity
	 * is not the one that locked it.  0 or -errno.
	 */
	bool (*locked)(void);
	int (*lockdown)(const struct lockdown_spec *spec);
};

extern const struct backend backend_none, backend_bpf;

/* The backend called NAME ("none", "bpf"), or NULL when not built in. */
const struct backend *backend_find(const char *name);

#endif
