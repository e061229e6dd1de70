// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Signature checks with the kernel's errno for each way they fail; OpenSSL
 * only does the arithmetic.
 */
#include "sigalg.h"

#include <errno.h>
#include <string.h>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

/* 2.16.840.1.101.3.4.2.N: the NIST hash arc. */
#define NIST_HASH(n) 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, (n)

static const struct hash_info {
	enum ipe_hash hash;
	const char *evp;		/* OpenSSL's name */
	uint8_t oid[9], oid_len;	/* for the DigestInfo prefix */
	uint8_t len;
} hashes[] = {
	{ IPE_HASH_SHA1, "SHA1", { 0x2b, 0x0e, 0x03, 0x02, 0x1a }, 5, 20 },
	{ IPE_HASH_SHA224, "SHA224", { NIST_HASH(4) }, 9, 28 },
	{ IPE_HASH_SHA256, "SHA256", { NIST_HASH(1) }, 9, 32 },
	{ IPE_HASH_SHA384, "SHA384", { NIST_HASH(2) }, 9, 48 },
	{ IPE_HASH_SHA512, "SHA512", { NIST_HASH(3) }, 9, 64 },
	{ IPE_HASH_SHA3_256, "SHA3-256", { NIST_HASH(8) }, 9, 32 },
	{ IPE_HASH_SHA3_384, "SHA3-384", { NIST_HASH(9) }, 9, 48 },
	{ IPE_HASH_SHA3_512, "SHA3-512", { NIST_HASH(10) }, 9, 64 },
};

static const struct hash_info *hash_info(enum ipe_hash h)
{
	size_t i;

	for (i = 0; i < sizeof(hashes) / sizeof(hashes[0]); i++)
		if (hashes[i].hash == h)
			return &hashes[i];
	return NULL;
}

int ipe_hash_from_oid(const struct asn1_elem *oid, enum ipe_hash *out)
{
	size_t i;

	for (i = 0; i < sizeof(hashes) / sizeof(hashes[0]); i++)
		if (asn1_oid_is(oid, hashes[i].oid, hashes[i].oid_len)) {
			*out = hashes[i].hash;
			return 0;
		}
	/* sm3 and the two streebogs: the kernel knows them, RSA cannot use them. */
	if (ASN1_OID_IS(oid, 0x2a, 0x81, 0x1c, 0xcf, 0x55, 0x01, 0x83, 0x11) ||
	    ASN1_OID_IS(oid, 0x2a, 0x85, 0x03, 0x07, 0x01, 0x01, 0x02, 0x02) ||
	    ASN1_OID_IS(oid, 0x2a, 0x85, 0x03, 0x07, 0x01, 0x01, 0x02, 0x03)) {
		*out = IPE_HASH_UNSUPPORTED;
		return 0;
	}
	return -ENOPKG;
}

int ipe_pkey_from_oid(const struct asn1_elem *oid, enum ipe_pkey *out)
{
	struct ipe_sig sig;

	if (ASN1_OID_IS(oid, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01)) {
		*out = IPE_PKEY_RSA;
		return 0;
	}
	/* Only the ecdsa-with-* OIDs name ECDSA in a SignerInfo. */
	if (!ipe_sigalg_from_oid(oid, &sig) && sig.pkey == IPE_PKEY_ECDSA) {
		*out = IPE_PKEY_ECDSA;
		return 0;
	}
	return -ENOPKG;
}

int ipe_sigalg_from_oid(const struct asn1_elem *oid, struct ipe_sig *sig)
{
	static const struct {
		uint8_t oid[9], len;
		enum ipe_pkey pkey;
		enum ipe_hash hash;
	} algs[] = {
#define PKCS1(n) { 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, (n) }, 9, IPE_PKEY_RSA
#define X962(a, b) { 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, (a), (b) }, (b) ? 8 : 7, IPE_PKEY_ECDSA
#define NIST_SIG(n, k) { 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x03, (n) }, 9, (k)
		{ PKCS1(5), IPE_HASH_SHA1 },
		{ PKCS1(11), IPE_HASH_SHA256 },
		{ PKCS1(12), IPE_HASH_SHA384 },
		{ PKCS1(13), IPE_HASH_SHA512 },
		{ PKCS1(14), IPE_HASH_SHA224 },
		{ NIST_SIG(14, IPE_PKEY_RSA), IPE_HASH_SHA3_256 },
		{ NIST_SIG(15, IPE_PKEY_RSA), IPE_HASH_SHA3_384 },
		{ NIST_SIG(16, IPE_PKEY_RSA), IPE_HASH_SHA3_512 },
		{ X962(1, 0), IPE_HASH_SHA1 },
		{ X962(3, 1), IPE_HASH_SHA224 },
		{ X962(3, 2), IPE_HASH_SHA256 },
		{ X962(3, 3), IPE_HASH_SHA384 },
		{ X962(3, 4), IPE_HASH_SHA512 },
		{ NIST_SIG(10, IPE_PKEY_ECDSA), IPE_HASH_SHA3_256 },
		{ NIST_SIG(11, IPE_PKEY_ECDSA), IPE_HASH_SHA3_384 },
		{ NIST_SIG(12, IPE_PKEY_ECDSA), IPE_HASH_SHA3_512 },
#undef PKCS1
#undef X962
#undef NIST_SIG
	};
	size_t i;

	for (i = 0; i < sizeof(algs) / sizeof(algs[0]); i++)
		if (asn1_oid_is(oid, algs[i].oid, algs[i].len)) {
			sig->pkey = algs[i].pkey;
			sig->hash = algs[i].hash;
			return 0;
		}
	return -ENOPKG;	/* PSS, Ed25519, DSA, SM2, GOST ... */
}

int ipe_sig_digest(struct ipe_sig *sig, const void *data, size_t n)
{
	const struct hash_info *h = hash_info(sig->hash);
	unsigned int len = sizeof(sig->digest);

	if (!h)
		return -ENOPKG;
	if (!EVP_Digest(data, n, sig->digest, &len, EVP_get_digestbyname(h->evp), NULL)) {
		ERR_clear_error();
		return -ENOMEM;
	}
	sig->digest_len = len;
	return 0;
}

static EVP_PKEY *public_key(const struct ipe_bytes *spki)
{
	const unsigned char *p = spki->p;
	EVP_PKEY *k = d2i_PUBKEY(NULL, &p, (long)spki->len);

	ERR_clear_error();
	return k;
}

/* rsa-pkcs1pad.c's verify: each failure with its errno (see the research notes in docs). */
static int rsa_verify(EVP_PKEY *key, const struct ipe_sig *sig)
{
	const struct hash_info *h = hash_info(sig->hash);
	BIGNUM *n = NULL, *e = NULL, *s = NULL, *m = NULL, *n1 = NULL;
	BN_CTX *ctx = NULL;
	uint8_t em[512], prefix[32];
	size_t k, pos, plen;
	int bits, err = -ENOMEM;

	if (!h)
		return -EINVAL;	/* no DigestInfo for this hash: pkcs1pad refuses */
	if (!EVP_PKEY_get_bn_param(key, OSSL_PKEY_PARAM_RSA_N, &n) ||
	    !EVP_PKEY_get_bn_param(key, OSSL_PKEY_PARAM_RSA_E, &e))
		goto out;
	/* The kernel measures keys in 64-bit limbs. */
	k = ((size_t)BN_num_bytes(n) + 7) / 8 * 8;
	bits = (int)k * 8;
	if (bits != 512 && bits != 1024 && bits != 1536 && bits != 2048 && bits != 3072 &&
	    bits != 4096) {
		err = -EINVAL;
		goto out;
	}
	if (sig->s.len != k || sig->digest_len == 0) {
		err = -EINVAL;
		goto out;
	}
	ctx = BN_CTX_new();
	s = BN_bin2bn(sig->s.p, (int)sig->s.len, NULL);
	m = BN_new();
	n1 = BN_dup(n);
	if (!ctx || !s || !m || !n1 || !BN_sub_word(n1, 1))
		goto out;
	if (BN_cmp(s, BN_value_one()) <= 0 || BN_cmp(s, n1) >= 0) {
		err = -EINVAL;
		goto out;
	}
	if (!BN_mod_exp(m, s, e, n, ctx) || BN_bn2binpad(m, em, (int)k) < 0)
		goto out;
	if (em[0] != 0x00) {
		err = -EINVAL;
		goto out;
	}
	err = -EBADMSG;
	if (em[1] != 0x01)
		goto out;
	for (pos = 2; pos < k && em[pos] == 0xff; pos++)
		;
	if (pos < 10 || pos == k || em[pos] != 0x00)
		goto out;
	pos++;
	/* DigestInfo ::= SEQ { SEQ { OID, NULL }, OCTET STRING } up to the hash. */
	plen = 0;
	prefix[plen++] = 0x30;
	prefix[plen++] = (uint8_t)(2 + (2 + h->oid_len + 2) + 2 + h->len);
	prefix[plen++] = 0x30;
	prefix[plen++] = (uint8_t)(2 + h->oid_len + 2);
	prefix[plen++] = 0x06;
	prefix[plen++] = h->oid_len;
	memcpy(prefix + plen, h->oid, h->oid_len);
	plen += h->oid_len;
	prefix[plen++] = 0x05;
	prefix[plen++] = 0x00;
	prefix[plen++] = 0x04;
	prefix[plen++] = h->len;
	if (plen > k - pos || memcmp(em + pos, prefix, plen))
		goto out;
	pos += plen;
	err = -EKEYREJECTED;
	if (k - pos != sig->digest_len || memcmp(em + pos, sig->digest, sig->digest_len))
		goto out;
	err = 0;
out:
	BN_free(n);
	BN_free(e);
	BN_free(s);
	BN_free(m);
	BN_free(n1);
	BN_CTX_free(ctx);
	ERR_clear_error();
	return err;
}

/* One INTEGER of an ECDSA signature: at most BUFSIZE bytes plus a leading 0. */
static int ecdsa_int(struct asn1_cur *c, size_t bufsize, BIGNUM **out)
{
	struct asn1_elem e;
	int err = asn1_expect(c, TAG_INT, &e);
	const uint8_t *p;
	size_t len;

	if (err)
		return err;
	p = e.val;
	len = e.len;
	if (!len)
		return -EINVAL;
	if (len > bufsize) {
		if (len != bufsize + 1 || p[0] != 0)
			return -EINVAL;
		p++;
		len--;
	}
	*out = BN_bin2bn(p, (int)len, NULL);
	return *out ? 0 : -ENOMEM;
}

static int ecdsa_verify(EVP_PKEY *key, const struct ipe_sig *sig)
{
	BIGNUM *r = NULL, *s = NULL, *order = NULL;
	ECDSA_SIG *es = NULL;
	EVP_PKEY_CTX *pctx = NULL;
	unsigned char *der = NULL;
	struct asn1_cur c = asn1_cur(sig->s.p, sig->s.len), in;
	struct asn1_elem seq;
	size_t bufsize;
	int err, derlen;

	if (!hash_info(sig->hash))
		return -EINVAL;
	if (!EVP_PKEY_get_bn_param(key, OSSL_PKEY_PARAM_EC_ORDER, &order))
		return -ENOMEM;
	bufsize = ((size_t)EVP_PKEY_get_bits(key) + 63) / 64 * 8;
	err = asn1_expect(&c, TAG_SEQ, &seq);
	if (!err) {
		in = asn1_inside(&seq);
		err = ecdsa_int(&in, bufsize, &r);
	}
	if (!err)
		err = ecdsa_int(&in, bufsize, &s);
	if (!err && asn1_more(&in))
		err = -EBADMSG;
	if (err)
		goto out;
	if (BN_is_zero(r) || BN_cmp(r, order) >= 0 || BN_is_zero(s) || BN_cmp(s, order) >= 0) {
		err = -EBADMSG;
		goto out;
	}
	err = -ENOMEM;
	es = ECDSA_SIG_new();
	if (!es || !ECDSA_SIG_set0(es, r, s))
		goto out;
	r = s = NULL;
	derlen = i2d_ECDSA_SIG(es, &der);
	pctx = EVP_PKEY_CTX_new(key, NULL);
	if (derlen <= 0 || !pctx || EVP_PKEY_verify_init(pctx) <= 0)
		goto out;
	err = EVP_PKEY_verify(pctx, der, (size_t)derlen, sig->digest, sig->digest_len) == 1 ?
	      0 : -EKEYREJECTED;
out:
	BN_free(r);
	BN_free(s);
	BN_free(order);
	ECDSA_SIG_free(es);
	EVP_PKEY_CTX_free(pctx);
	OPENSSL_free(der);
	ERR_clear_error();
	return err;
}

int ipe_sig_verify(const struct ipe_bytes *spki, enum ipe_pkey key_algo,
		   const struct ipe_sig *sig)
{
	EVP_PKEY *key;
	int err;

	if (sig->pkey != key_algo)
		return -EKEYREJECTED;
	key = public_key(spki);
	if (!key)
		return -EBADMSG;
	if (key_algo == IPE_PKEY_RSA)
		err = rsa_verify(key, sig);
	else if (key_algo == IPE_PKEY_ECDSA)
		err = ecdsa_verify(key, sig);
	else
		err = -ENOPKG;
	EVP_PKEY_free(key);
	return err;
}
