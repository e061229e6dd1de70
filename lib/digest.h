/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The ALG:HEX value syntax of dmverity_roothash= and fsverity_digest=, shared
 * by the policy parser and the command-line tools so both accept exactly what
 * the kernel accepts.
 */
#ifndef IPE_DIGEST_H
#define IPE_DIGEST_H

#include <stddef.h>
#include <stdint.h>

/*
 * Check the LEN bytes at V.  Returns 0 with *COLON = offset of the first ':';
 * -EBADMSG when there is no ':'; -EINVAL when the hex part has odd length or a
 * non-hex byte, with *BAD = offset of the offending byte (LEN for odd length).
 */
int ipe_digest_check(const char *v, size_t len, size_t *colon, size_t *bad);

/* Decode HEXLEN (even, checked) hex digits into HEXLEN / 2 bytes. */
void ipe_hex_decode(const char *hex, size_t hexlen, uint8_t *out);

#endif
