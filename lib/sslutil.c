// SPDX-License-Identifier: LGPL-2.1-or-later
#include "sslutil.h"

#include <stdarg.h>
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

int ipe_diag_printf(struct ipe_diag *diag, int err, const char *fmt, ...)
{
	va_list ap;

	if (!diag)
		return err;
	diag->err = -err;
	diag->line = diag->col = 0;
	va_start(ap, fmt);
	vsnprintf(diag->msg, sizeof(diag->msg), fmt, ap);
	va_end(ap);
	return err;
}

int ipe_ssl_fail(struct ipe_diag *diag, int err, const char *msg)
{
	unsigned long e = ERR_peek_last_error();
	const char *reason = e ? ERR_reason_error_string(e) : NULL;

	ERR_clear_error();
	if (e)
		return ipe_diag_printf(diag, err, "%s: %s", msg, reason ? reason : "?");
	return ipe_diag_printf(diag, err, "%s", msg);
}

void ipe_sha256(const void *buf, size_t len, uint8_t out[32])
{
	unsigned int n = 32;

	EVP_Digest(buf, len, out, &n, EVP_sha256(), NULL);
}
