/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Lockdown, iped's side: what a backend's lockdown() is given (struct
 * lockdown_spec, backend.h).  After a death of iped, the kernel side lets
 * only an iped of the same identity take over, so the identity depends on
 * exactly what makes two ipeds the same control plane: where the state
 * lives, where the trust comes from, where the tree is served, and which
 * certificates are trusted.  Not the executable (an upgraded iped is the
 * same control plane) nor the configuration file (both are in the spec on
 * their own, to be guarded).  docs/lockdown.md has the threat model.
 */
#ifndef IPED_LOCKDOWN_H
#define IPED_LOCKDOWN_H

#include <stdint.h>

#include <libipe-sig.h>

#include "backend.h"

/*
 * The identity of an iped with these paths (absolute and resolved) and
 * this trust store: SHA-256 over "ipe-bpf lockdown identity 1", STATE_DIR,
 * TRUST_DIR and MOUNT, each followed by a NUL byte (no path holds one, so
 * the encoding is unambiguous), then ipe_trust_digest(TRUST).  The same
 * inputs give the same identity, whatever the order of the certificates;
 * any other path or set of certificates gives another.  0 or -ENOMEM.
 */
int lockdown_identity(const char *state_dir, const char *trust_dir, const char *mount,
		      const struct ipe_trust *trust, uint8_t out[32]);

/*
 * SPEC for this iped: STATE_DIR, TRUST_DIR, MOUNT and CONFIG (NULL: no
 * configuration file was read) resolved with realpath(3), so each must
 * exist; iped's executable resolved from /proc/self/exe; and the identity
 * of the resolved paths with TRUST.  The strings are malloc'd: release
 * them with lockdown_spec_free(), also after a failure.  Returns 0, or
 * -errno with *WHAT naming the path that could not be resolved (NULL when
 * the failure is not a path's).
 */
int lockdown_spec_build(struct lockdown_spec *spec, const char *state_dir, const char *trust_dir,
			const char *mount, const char *config, const struct ipe_trust *trust,
			const char **what);
void lockdown_spec_free(struct lockdown_spec *spec);

#endif
