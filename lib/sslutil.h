/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Small OpenSSL helpers shared by signing, verification and the trust store. */
#ifndef IPE_SSLUTIL_H
#define IPE_SSLUTIL_H

#include <stddef.h>

#include <openssl/x509.h>

#include "libipe.h"

/* A certificate from PEM (the first one) or DER bytes, or NULL. */
X509 *ipe_ssl_load_cert(const void *buf, size_t len);

/* Fill DIAG (when not NULL) with ERR and MSG plus OpenSSL's reason; returns ERR. */
int ipe_ssl_fail(struct ipe_diag *diag, int err, const char *msg);

#endif
