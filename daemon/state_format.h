/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The state file: everything iped must bring back after a restart (the
 * policies as written, which one is active, the modes, lockdown, the version
 * floors) in one file, so that one rename(2) switches from one whole state
 * to the next.  Encoding and parsing only; no I/O.
 *
 *   ipe-bpf-state 2
 *   enforce 0|1
 *   success_audit 0|1
 *   lockdown 0|1
 *   floor HEXNAME M.m.r          (any number, by name)
 *   policy signed|boot LEN       (any number, in load order), then LEN raw
 *   BYTES                          bytes (the PKCS#7 blob, or the boot
 *                                  policy's text) and a newline
 *   active HEXNAME               (absent when no policy is active)
 *   sha256 HEX                   (of every byte before this line)
 *
 * Names are hex because a policy name may hold any byte but NUL and blanks.
 *
 * Version 2 added the lockdown line; version 1, the same without it, is
 * still read (lockdown off) and never written.  The version changed so that
 * an older iped, which cannot honour lockdown, refuses a newer file instead
 * of reading part of it; a line is never optional within one version.
 */
#ifndef IPED_STATE_FORMAT_H
#define IPED_STATE_FORMAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <libipe-store.h>

struct saved_policy {
	bool boot;			/* unsigned boot policy text, else PKCS#7 */
	const uint8_t *bytes;		/* points into the parsed buffer */
	size_t len;
};

struct saved_floor {
	char *name;
	uint16_t version[3];
};

struct saved_state {
	bool enforce, success_audit, lockdown;
	struct saved_floor *floors;
	size_t nfloors;
	struct saved_policy *policies;
	size_t npolicies;
	char *active;			/* NULL: none */
};

/* The state of ST, with LOCKDOWN, as a malloc'd file image.  0 or -ENOMEM. */
int state_encode(const struct ipe_store *st, bool lockdown, uint8_t **out, size_t *len);

/*
 * Parse a file image of version 1 or 2; OUT's policies point into BUF,
 * which must outlive it.  Returns 0, -EBADMSG for anything but an intact
 * file of one of these versions (truncated, altered, unknown version), or
 * -ENOMEM.
 */
int state_parse(const uint8_t *buf, size_t len, struct saved_state *out);
void saved_state_free(struct saved_state *s);

#endif
