/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * X.509 certificates as the kernel's x509_cert_parse() reads them: the same
 * accepted algorithms and the same errno for what it refuses.  Everything
 * points into the caller's buffer.
 */
#ifndef IPE_X509_H
#define IPE_X509_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "asn1.h"

/* Hash algorithms, by the kernel's names. */
enum ipe_hash {
	IPE_HASH_NONE,
	IPE_HASH_MD4,
	IPE_HASH_MD5,
	IPE_HASH_SHA1,
	IPE_HASH_SHA224,
	IPE_HASH_SHA256,
	IPE_HASH_SHA384,
	IPE_HASH_SHA512,
	IPE_HASH_SHA3_256,
	IPE_HASH_SHA3_384,
	IPE_HASH_SHA3_512,
	IPE_HASH_UNSUPPORTED,	/* known to the kernel, not to us (sm3, streebog) */
};

enum ipe_pkey {
	IPE_PKEY_NONE,
	IPE_PKEY_RSA,
	IPE_PKEY_ECDSA,
	IPE_PKEY_UNSUPPORTED,
};

/* A byte range inside a parsed blob. */
struct ipe_bytes {
	const uint8_t *p;
	size_t len;
};

static inline bool ipe_bytes_same(const struct ipe_bytes *a, const struct ipe_bytes *b)
{
	return a->len == b->len && (!a->len || !memcmp(a->p, b->p, a->len));
}

/* One signature and what it covers (SPEC: public_key_signature). */
struct ipe_sig {
	enum ipe_hash hash;
	enum ipe_pkey pkey;
	struct ipe_bytes s;		/* the signature value */
	uint8_t digest[64];		/* filled in by whoever verifies */
	size_t digest_len;
	/* Who signed it: issuer+serial (id) or a subject key id (skid). */
	struct ipe_bytes auth_serial, auth_issuer, auth_skid;
};

struct ipe_x509 {
	struct ipe_bytes raw, tbs;	/* the whole certificate; what its signature covers */
	struct ipe_bytes serial, issuer, subject;	/* INTEGER and Name contents */
	struct ipe_bytes skid;		/* subjectKeyIdentifier contents, or empty */
	struct ipe_bytes spki;		/* SubjectPublicKeyInfo, whole element */
	enum ipe_pkey key_algo;
	int64_t valid_from, valid_to;	/* seconds since the epoch */
	struct ipe_sig sig;		/* its own signature, digest taken; auth_* from the AKID */
	bool unsupported_sig;		/* its hash is one we cannot compute */
	bool self_signed;
};

/*
 * Parse LEN bytes at BUF (exactly one certificate).  Returns 0, -EBADMSG,
 * -EMSGSIZE (over 64 KiB), -ENOPKG (an algorithm the kernel does not know),
 * or, for a self-signed certificate whose own signature does not verify, that
 * verification's error.
 */
int ipe_x509_parse(const void *buf, size_t len, struct ipe_x509 *out);

/* x509_decode_time(): seconds since the epoch, or -EBADMSG. */
int ipe_x509_decode_time(const struct asn1_elem *e, int64_t *out);

/* Digest N bytes with HASH into SIG->digest.  -ENOPKG for a hash we cannot compute. */
int ipe_sig_digest(struct ipe_sig *sig, const void *data, size_t n);

/*
 * Check SIG (its digest already computed) with the public key SPKI, as the
 * kernel's public_key_verify_signature() does; 0 or its errno.
 */
int ipe_sig_verify(const struct ipe_bytes *spki, enum ipe_pkey key_algo,
		   const struct ipe_sig *sig);

#endif
