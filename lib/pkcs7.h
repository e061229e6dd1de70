/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * A PKCS#7 SignedData message as the kernel's pkcs7_parser.c and
 * pkcs7_verify.c see it, and the trust store standing for a keyring.
 */
#ifndef IPE_PKCS7_H
#define IPE_PKCS7_H

#include "libipe-sig.h"
#include "x509.h"

/* A key identifier: the concatenation of two byte ranges (serial || issuer). */
struct ipe_kid {
	struct ipe_bytes a, b;
};

struct ipe_cert {
	struct ipe_x509 x;
	struct ipe_kid id;		/* serial || issuer */
	int signer;			/* index of the cert that signed it, -1 unknown */
	bool seen, verified;
};

struct ipe_signer {
	struct ipe_sig sig;
	struct ipe_kid auth_id;		/* serial || issuer (v1) or the skid (v3) */
	struct ipe_bytes authattrs;	/* from the length octets on; empty: none */
	struct ipe_bytes msgdigest;
	bool has_msgdigest, has_signing_time, unsupported_crypto;
	int64_t signing_time;
	int cert;			/* the signer's certificate, -1 not included */
};

struct ipe_pkcs7 {
	int version;
	bool data_is_plain;		/* id-data, not Authenticode */
	bool has_data;
	struct ipe_bytes data;
	struct ipe_cert *certs;
	size_t ncerts;
	struct ipe_signer *signers;
	size_t nsigners;
};

/*
 * pkcs7_parse_message(): 0 or the kernel's errno; free with ipe_pkcs7_release.
 * The size limit is the caller's (ipe_pkcs7_verify).
 */
int ipe_pkcs7_parse(const void *buf, size_t len, struct ipe_pkcs7 *msg);
void ipe_pkcs7_release(struct ipe_pkcs7 *msg);

bool ipe_kid_same(const struct ipe_kid *x, const struct ipe_kid *y);

/* The certificates of a trust store, for pkcs7_validate_trust(). */
const struct ipe_cert *ipe_trust_certs(const struct ipe_trust *t, size_t *n);

#endif
