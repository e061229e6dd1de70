/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Signers for the unit tests: an RSA-2048 key and a self-signed certificate
 * made with OpenSSL at run time, as PEM, so that no test depends on key
 * files that expire.  A failure to make one is a TAP bail-out: the tests
 * cannot say anything without them.
 */
#ifndef IPE_TEST_SIGNERS_H
#define IPE_TEST_SIGNERS_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

__attribute__((noreturn)) static void bail(const char *why)
{
	printf("Bail out! %s\n", why);
	exit(1);
}

struct signer {
	char *key, *cert;		/* PEM */
	size_t key_len, cert_len;
};

static char *bio_take(BIO *b, size_t *len)
{
	char *data, *copy;
	long n = BIO_get_mem_data(b, &data);

	if (n <= 0 || !(copy = malloc((size_t)n)))
		bail("cannot read a memory BIO");
	memcpy(copy, data, (size_t)n);
	*len = (size_t)n;
	return copy;
}

static void add_ext(X509 *x, X509V3_CTX *ctx, int nid, const char *value)
{
	X509_EXTENSION *ext = X509V3_EXT_conf_nid(NULL, ctx, nid, value);

	if (!ext || !X509_add_ext(x, ext, -1))
		bail("cannot add a certificate extension");
	X509_EXTENSION_free(ext);
}

/* An RSA-2048 key and a self-signed sha256 v3 certificate, as PEM. */
static void make_signer(const char *cn, long serial, struct signer *s)
{
	EVP_PKEY *k = EVP_RSA_gen(2048);
	X509 *x = X509_new();
	X509_NAME *name;
	X509V3_CTX ctx;
	BIO *b;

	if (!k || !x)
		bail("cannot generate a key");
	if (!X509_set_version(x, X509_VERSION_3) ||
	    !ASN1_INTEGER_set(X509_get_serialNumber(x), serial) ||
	    !X509_gmtime_adj(X509_getm_notBefore(x), 0) ||
	    !X509_gmtime_adj(X509_getm_notAfter(x), 3600L * 24 * 365) ||
	    !X509_set_pubkey(x, k))
		bail("cannot fill a certificate");
	name = X509_get_subject_name(x);
	if (!X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, (const unsigned char *)cn,
					-1, -1, 0) ||
	    !X509_set_issuer_name(x, name))
		bail("cannot name a certificate");
	/* What `openssl req -x509` writes. */
	X509V3_set_ctx_nodb(&ctx);
	X509V3_set_ctx(&ctx, x, x, NULL, NULL, 0);
	add_ext(x, &ctx, NID_subject_key_identifier, "hash");
	add_ext(x, &ctx, NID_authority_key_identifier, "keyid:always");
	add_ext(x, &ctx, NID_basic_constraints, "critical,CA:TRUE");
	if (!X509_sign(x, k, EVP_sha256()))
		bail("cannot self-sign a certificate");

	b = BIO_new(BIO_s_mem());
	if (!b || !PEM_write_bio_PrivateKey(b, k, NULL, NULL, 0, NULL, NULL))
		bail("cannot write a key");
	s->key = bio_take(b, &s->key_len);
	BIO_free(b);
	b = BIO_new(BIO_s_mem());
	if (!b || !PEM_write_bio_X509(b, x))
		bail("cannot write a certificate");
	s->cert = bio_take(b, &s->cert_len);
	BIO_free(b);
	X509_free(x);
	EVP_PKEY_free(k);
}

static void signer_free(struct signer *s)
{
	free(s->key);
	free(s->cert);
}

#endif
