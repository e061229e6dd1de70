// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Signing with OpenSSL: an attached PKCS#7 SignedData over the exact bytes,
 * no signed attributes, no S/MIME capabilities.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/pkcs7.h>
#include <openssl/x509.h>

#include "libipe-sig.h"
#include "sslutil.h"

static EVP_PKEY *load_key(const void *buf, size_t len)
{
	BIO *bio = BIO_new_mem_buf(buf, (int)len);
	const unsigned char *p = buf;
	EVP_PKEY *k;

	if (!bio)
		return NULL;
	k = PEM_read_bio_PrivateKey(bio, NULL, NULL, NULL);
	BIO_free(bio);
	if (!k)
		k = d2i_AutoPrivateKey(NULL, &p, (long)len);
	return k;
}

int ipe_pkcs7_sign(const void *text, size_t len, const void *key, size_t key_len,
		   const void *cert, size_t cert_len, uint8_t **out, size_t *out_len,
		   struct ipe_diag *diag)
{
	const int flags = PKCS7_BINARY | PKCS7_NOATTR | PKCS7_NOSMIMECAP;
	EVP_PKEY *pkey = NULL;
	X509 *x509 = NULL;
	PKCS7 *p7 = NULL;
	BIO *in = NULL;
	unsigned char *der = NULL;
	int n, err = -EINVAL;

	*out = NULL;
	*out_len = 0;
	if (len > INT32_MAX || key_len > INT32_MAX || cert_len > INT32_MAX)
		return ipe_ssl_fail(diag, -EFBIG, "input too large");
	pkey = load_key(key, key_len);
	if (!pkey) {
		ipe_ssl_fail(diag, -EINVAL, "the key is not a private key (PEM or DER)");
		goto out;
	}
	x509 = ipe_ssl_load_cert(cert, cert_len);
	if (!x509) {
		ipe_ssl_fail(diag, -EINVAL, "the certificate is not an X.509 certificate (PEM or DER)");
		goto out;
	}
	if (X509_check_private_key(x509, pkey) != 1) {
		ipe_ssl_fail(diag, -EINVAL, "the key does not belong to the certificate");
		goto out;
	}
	in = BIO_new_mem_buf(text, (int)len);
	p7 = in ? PKCS7_sign(x509, pkey, NULL, in, flags) : NULL;
	if (!p7) {
		ipe_ssl_fail(diag, -EINVAL, "signing failed");
		goto out;
	}
	n = i2d_PKCS7(p7, &der);
	if (n <= 0) {
		ipe_ssl_fail(diag, -ENOMEM, "encoding the signature failed");
		goto out;
	}
	*out = malloc((size_t)n);
	if (!*out) {
		err = ipe_ssl_fail(diag, -ENOMEM, "out of memory");
		goto out;
	}
	memcpy(*out, der, (size_t)n);
	*out_len = (size_t)n;
	err = 0;
out:
	OPENSSL_free(der);
	PKCS7_free(p7);
	BIO_free(in);
	X509_free(x509);
	EVP_PKEY_free(pkey);
	ERR_clear_error();
	return err;
}
