/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Hash algorithms named as the kernel's crypto API names them ("sha256",
 * "sha512", "sha1"), computed through OpenSSL.  IPE compares the algorithm
 * of dmverity_roothash= and fsverity_digest= byte for byte with the kernel's
 * name, so a name is only accepted in the kernel's spelling: lower-case
 * letters, digits and '-'.
 */
#ifndef IPECTL_HASHALG_H
#define IPECTL_HASHALG_H

#include <stddef.h>

#include <openssl/evp.h>

#define HASHALG_NAME_MAX 32	/* the longest name accepted, without its NUL */

/*
 * Fetch NAME.  Returns 0 with *MD to release with EVP_MD_free(); -EINVAL
 * when NAME is not spelt as a kernel name (empty, too long, a character
 * outside [a-z0-9-]); -ENOENT when OpenSSL has no fixed-size digest of that
 * name (extendable-output functions have no fixed size).
 */
int hashalg_fetch(const char *name, EVP_MD **md);

/*
 * Check that a LEN-byte digest fits NAME, a hash the kernel has (libipe's
 * table, which policy lint uses too).  Returns 0, -EINVAL as
 * hashalg_fetch(), -ENOENT for a name the kernel has no hash of, or -ERANGE
 * when NAME's digests have another length.
 */
int hashalg_check_len(const char *name, size_t len);

/* One sentence for a non-zero result of the two functions above. */
const char *hashalg_strerror(int err);

#endif
