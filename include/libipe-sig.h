/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libipe signatures: PKCS#7 signed policies as kernel IPE takes them.
 *
 * Contract:
 *  - ipe_pkcs7_verify() accepts exactly the blobs kernel IPE's new_policy
 *    accepts for the same trusted certificates, and refuses the others with
 *    the errno that kernel returns (EBADMSG, EMSGSIZE, ENOPKG, EKEYREJECTED,
 *    ENOKEY, EINVAL ...), checking in the kernel's order.
 *  - ipe_pkcs7_sign() makes what `openssl smime -sign -binary -noattr
 *    -nodetach -nosmimecap -outform der` makes.
 *  - A trust store is a set of X.509 certificates standing for the kernel's
 *    trusted keyrings; it is immutable once built and may be shared.
 */
#ifndef LIBIPE_SIG_H
#define LIBIPE_SIG_H

#include <stddef.h>
#include <stdint.h>

#include "libipe.h"

#ifdef __cplusplus
extern "C" {
#endif

struct ipe_trust;

int ipe_trust_new(struct ipe_trust **out);
void ipe_trust_free(struct ipe_trust *t);

/*
 * Add one certificate, DER or PEM (the first certificate of a PEM file).
 * Returns 0, -EBADMSG when the bytes hold no certificate, or -ENOMEM.
 */
int ipe_trust_add(struct ipe_trust *t, const void *buf, size_t len);

/*
 * Add every regular file of DIR whose name does not start with '.'; a file
 * that holds no certificate fails the whole call (-EBADMSG, its name in
 * DIAG->msg), so a typo never silently shrinks the trust.
 */
int ipe_trust_add_dir(struct ipe_trust *t, const char *dir, struct ipe_diag *diag);

size_t ipe_trust_count(const struct ipe_trust *t);

/*
 * A digest of the set of certificates T holds: SHA-256 over the SHA-256 of
 * each distinct certificate's DER, in ascending order.  It depends on
 * nothing else: not on the order the certificates were added in, nor on a
 * certificate added twice.  0 or -ENOMEM.
 */
int ipe_trust_digest(const struct ipe_trust *t, uint8_t out[32]);

/* The largest signed policy kernel IPE takes (its ASN.1 decoder's limit). */
#define IPE_PKCS7_KERNEL_MAX 65535

/*
 * Verify a PKCS#7 blob as kernel IPE does for new_policy and update.  On
 * success *CONTENT points into BLOB at the signed policy text, *CONTENT_LEN
 * bytes.  DIAG (optional) says what failed, in words.
 *
 * MAX_LEN 0 is the kernel's limit (IPE_PKCS7_KERNEL_MAX): a longer blob is
 * -EMSGSIZE.  A larger MAX_LEN is ipe-bpf's extension for policies kernel
 * IPE cannot hold: such blobs may use up to four length bytes; a blob within
 * the kernel's limit is judged exactly as the kernel judges it either way.
 */
int ipe_pkcs7_verify(const struct ipe_trust *t, const void *blob, size_t len, size_t max_len,
		     const uint8_t **content, size_t *content_len, struct ipe_diag *diag);

/*
 * The policy text a PKCS#7 blob carries, WITHOUT checking any signature or
 * size limit: for showing or comparing a signed policy, never for deciding
 * to load it.  The message must parse as ipe_pkcs7_verify() parses it, have
 * the plain data content type and hold its content.  On success *CONTENT
 * points into BLOB.  Returns 0 or the errno ipe_pkcs7_verify() would give
 * for the same defect (DIAG, optional, says which).
 */
int ipe_pkcs7_content(const void *blob, size_t len, const uint8_t **content,
		      size_t *content_len, struct ipe_diag *diag);

/*
 * The size a PKCS#7 blob's outer DER header declares (header included), read
 * from its first LEN bytes; 0 when they do not start a SEQUENCE header.  Lets
 * a reader that receives a blob in pieces know when it has all of it.
 */
size_t ipe_pkcs7_declared_len(const void *buf, size_t len);

/*
 * Sign TEXT with a private key and its certificate (each PEM or DER).  The
 * caller checks the text parses first.  Returns 0 with a malloc'd DER blob
 * in *OUT, *OUT_LEN, or a negative errno with DIAG->msg telling why.
 */
int ipe_pkcs7_sign(const void *text, size_t len, const void *key, size_t key_len,
		   const void *cert, size_t cert_len, uint8_t **out, size_t *out_len,
		   struct ipe_diag *diag);

/* SHA-256 of LEN bytes (the audit policy digest). */
void ipe_sha256(const void *buf, size_t len, uint8_t out[32]);

#ifdef __cplusplus
}
#endif

#endif
