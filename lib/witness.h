/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Witnesses: the few events that stand for every event a rule can see.
 *
 * An event's file has four independent parts the truth table reads: whether
 * it is on the initramfs, its dm-verity state (absent, or a root hash and a
 * signed flag), its fs-verity state (absent, or a digest and a signed flag),
 * or there is no file at all.  For the digest, only two values are ever
 * worth telling apart for one rule: the value the rule names, and a fresh
 * value no rule of the policy can name.  So 1 file-less event plus
 * 2 x 5 x 5 file states cover everything; a rule's witnesses are the ones
 * it matches.  Every op has file-less events (anonymous executable memory
 * for EXECUTE, kernel_load_data for the others) and the hook never changes
 * a property's value, so neither op nor hook adds a dimension.  A missing
 * provider only makes properties false everywhere, so the same witnesses
 * serve any set of providers.
 */
#ifndef IPE_WITNESS_H
#define IPE_WITNESS_H

#include <stdbool.h>
#include <stdint.h>

#include "libipe.h"

#define IPE_WITNESS_COUNT 51

/* A digest dimension's state. */
enum { W_ABSENT, W_NAMED, W_FRESH };

struct ipe_witness {
	bool file;
	bool boot;		/* the file's mount is the initramfs */
	uint8_t dmv, fsv;	/* W_*: W_NAMED is the value the rule names */
	bool dmv_signed, fsv_signed;
};

/* Witness number I (0 <= I < IPE_WITNESS_COUNT); 0 is the file-less one. */
struct ipe_witness ipe_witness_get(unsigned i);

/*
 * A digest no policy names: its algorithm ":" cannot be written, since a
 * policy's algorithm ends at the first ':'.
 */
extern const struct ipe_digest ipe_witness_fresh;

/*
 * The event W describes for OP on a kernel with PROVIDERS (enum ipe_provider
 * bits): a W_NAMED or W_FRESH dimension takes the value DMV (FSV) points to.
 * F is its storage.
 */
struct ipe_event ipe_witness_event(const struct ipe_witness *w, unsigned op, unsigned providers,
				   const struct ipe_digest *dmv, const struct ipe_digest *fsv,
				   struct ipe_file_props *f);

/*
 * The witnesses of the conjunction of N properties on a kernel with
 * PROVIDERS, as a bit set: W_NAMED stands for the first digest of each kind
 * among them.
 */
uint64_t ipe_witnesses_of(const struct ipe_prop *props, uint32_t n, unsigned op,
			  unsigned providers);

#endif
