/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The hash algorithm names a kernel can present with a digest: dm-verity
 * passes the name its table was set up with (a kernel crypto hash name),
 * fs-verity one of its own two.  Kernel IPE compares names byte for byte.
 */
#ifndef IPE_KERNEL_HASHES_H
#define IPE_KERNEL_HASHES_H

#include <stdbool.h>
#include <stdint.h>

/* The digest size in bytes of the kernel hash NAME, 0 when there is none. */
uint32_t ipe_hashalg_size(const char *name);

/* Whether fs-verity has the algorithm NAME (sha256, sha512). */
bool ipe_hashalg_fsverity(const char *name);

/* The known name NAME spells with other letter case ("SHA256"), or NULL. */
const char *ipe_hashalg_suggest(const char *name);

#endif
