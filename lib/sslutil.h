/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Helpers shared by signing, verification and the trust store. */
#ifndef IPE_SSLUTIL_H
#define IPE_SSLUTIL_H

#include <stddef.h>

#include <openssl/x509.h>

#include "libipe.h"

/* A certificate from PEM (the first one) or DER bytes, or NULL. */
X509 *ipe_ssl_load_cert(const void *buf, size_t len);

/* A diagnostic without a position: DIAG (when not NULL) gets -ERR and the text; returns ERR. */
int ipe_diag_printf(struct ipe_diag *diag, int err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* The same with MSG plus the reason OpenSSL queued, if any; returns ERR. */
int ipe_ssl_fail(struct ipe_diag *diag, int err, const char *msg);

#endif
