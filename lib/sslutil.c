// SPDX-License-Identifier: LGPL-2.1-or-later
#include "sslutil.h"

#include <stdio.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include "libipe-sig.h"

X509 *ipe_ssl_load_cert(const void *buf, size_t len)
{
	const unsigned char *p = buf;
	BIO *bio;
	X509 *x;

	if (len > INT32_MAX)
		return NULL;
	bio = BIO_new_mem_buf(buf, (int)len);
	if (!bio)
		return NULL;
	x = PEM_read_bio_X509(bio, NULL, NULL, NULL);
	BIO_free(bio);
	if (!x)
		x = d2i_X509(NULL, &p, (long)len);
	ERR_clear_error();
	return x;
}

int ipe_ssl_fail(struct ipe_diag *diag, int err, const char *msg)
{
	unsigned long e = ERR_peek_last_error();

	if (diag) {
		diag->err = -err;
		diag->line = diag->col = 0;
		if (e)
			snprintf(diag->msg, sizeof(diag->msg), "%s: %s", msg,
				 ERR_reason_error_string(e) ? ERR_reason_error_string(e) : "?");
		else
			snprintf(diag->msg, sizeof(diag->msg), "%s", msg);
	}
	ERR_clear_error();
	return err;
}

void ipe_sha256(const void *buf, size_t len, uint8_t out[32])
{
	unsigned int n = 32;

	EVP_Digest(buf, len, out, &n, EVP_sha256(), NULL);
}
