// SPDX-License-Identifier: GPL-2.0-only
/*
 * ipe_trust_digest(): the digest of the set of trusted certificates.  Three
 * certificates are made at start-up; the digest must be the same for the
 * same set whatever the order of addition and whatever duplicates, differ
 * for any other set (one more, one less, one replaced), be SHA-256 over the
 * sorted certificate digests as documented, and not depend on whether a
 * certificate came as PEM or DER.
 */
#include <stdint.h>
#include <string.h>

#include <libipe-sig.h>

#include "signers.h"
#include "tap.h"

static struct signer s[3];

/* A trust store holding the certificates of S named by INDEX, in that order. */
static struct ipe_trust *trust_of(const int *index, size_t n)
{
	struct ipe_trust *t;
	size_t i;

	if (ipe_trust_new(&t))
		bail("ipe_trust_new failed");
	for (i = 0; i < n; i++)
		if (ipe_trust_add(t, s[index[i]].cert, s[index[i]].cert_len))
			bail("a test certificate is refused");
	return t;
}

static void digest_of(const int *index, size_t n, uint8_t out[32])
{
	struct ipe_trust *t = trust_of(index, n);

	if (ipe_trust_digest(t, out))
		bail("ipe_trust_digest failed");
	ipe_trust_free(t);
}

#define DIGEST(out, ...)                                                        \
	do {                                                                    \
		const int idx_[] = { __VA_ARGS__ };                             \
		digest_of(idx_, sizeof(idx_) / sizeof(idx_[0]), out);           \
	} while (0)

/* The DER of a PEM certificate, and its SHA-256. */
static void der_digest(const struct signer *sg, uint8_t **der, int *len, uint8_t digest[32])
{
	BIO *b = BIO_new_mem_buf(sg->cert, (int)sg->cert_len);
	X509 *x = b ? PEM_read_bio_X509(b, NULL, NULL, NULL) : NULL;

	*der = NULL;
	*len = x ? i2d_X509(x, der) : -1;
	if (*len <= 0)
		bail("cannot convert a certificate to DER");
	ipe_sha256(*der, (size_t)*len, digest);
	X509_free(x);
	BIO_free(b);
}

static void test_set(void)
{
	uint8_t a[32], b[32], c[32], none[32], one[32];

	DIGEST(a, 0, 1, 2);
	DIGEST(b, 2, 0, 1);
	ok(!memcmp(a, b, 32), "the same three certificates in another order: the same digest");
	DIGEST(b, 1, 2, 0, 1, 2);
	ok(!memcmp(a, b, 32), "... and with two of them added twice");
	DIGEST(b, 0, 1);
	ok(memcmp(a, b, 32), "one certificate less: another digest");
	DIGEST(c, 0, 2);
	ok(memcmp(b, c, 32) && memcmp(a, c, 32), "one certificate replaced: another digest");
	DIGEST(one, 0);
	ok(memcmp(one, b, 32), "one certificate and two: different digests");
	digest_of(NULL, 0, none);
	ok(memcmp(none, one, 32), "no certificate and one: different digests");
}

/* The documented construction, recomputed here from the certificates' DER. */
static void test_construction(void)
{
	uint8_t d[2][32], sorted[64], want[32], got[32], empty[32];
	uint8_t *der[2];
	int len[2], lo;
	struct ipe_trust *t;

	der_digest(&s[0], &der[0], &len[0], d[0]);
	der_digest(&s[1], &der[1], &len[1], d[1]);
	lo = memcmp(d[0], d[1], 32) < 0 ? 0 : 1;
	memcpy(sorted, d[lo], 32);
	memcpy(sorted + 32, d[1 - lo], 32);
	ipe_sha256(sorted, sizeof(sorted), want);
	DIGEST(got, 1, 0);
	ok(!memcmp(got, want, 32), "SHA-256 over the sorted SHA-256 of each certificate's DER");

	/* DER in, PEM in: the same certificate. */
	if (ipe_trust_new(&t) || ipe_trust_add(t, der[1], (size_t)len[1]) ||
	    ipe_trust_add(t, s[0].cert, s[0].cert_len))
		bail("cannot build a DER and PEM trust");
	is_int(ipe_trust_digest(t, got), 0, "ipe_trust_digest of DER and PEM certificates");
	ok(!memcmp(got, want, 32), "... the same digest as from PEM alone");
	ipe_trust_free(t);

	ipe_sha256("", 0, empty);
	digest_of(NULL, 0, got);
	ok(!memcmp(got, empty, 32), "an empty trust store: SHA-256 of nothing");
	OPENSSL_free(der[0]);
	OPENSSL_free(der[1]);
}

int main(void)
{
	make_signer("one", 1, &s[0]);
	make_signer("two", 2, &s[1]);
	make_signer("three", 3, &s[2]);
	test_set();
	test_construction();
	signer_free(&s[0]);
	signer_free(&s[1]);
	signer_free(&s[2]);
	return tap_done();
}
