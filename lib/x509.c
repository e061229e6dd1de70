// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * X.509 the way the kernel's x509_cert_parser.c reads it.  The checks and
 * their errno follow that parser's callbacks; what it ignores (versions,
 * critical extensions, key usage, dates against the clock) we ignore too.
 */
#include "x509.h"

#include <errno.h>
#include <string.h>
#include <time.h>

#include "sigalg.h"

/* A Name: SEQUENCE OF SET OF SEQUENCE { OID, ANY }, none of them empty. */
static int check_name(const struct asn1_elem *name)
{
	struct asn1_cur rdns = asn1_inside(name), set, ava;
	struct asn1_elem rdn, av, x;
	int err;

	if (!asn1_more(&rdns))
		return -EBADMSG;
	while (asn1_more(&rdns)) {
		if ((err = asn1_expect(&rdns, TAG_SET, &rdn)))
			return err;
		set = asn1_inside(&rdn);
		if (!asn1_more(&set))
			return -EBADMSG;
		while (asn1_more(&set)) {
			if ((err = asn1_expect(&set, TAG_SEQ, &av)))
				return err;
			ava = asn1_inside(&av);
			if ((err = asn1_expect(&ava, TAG_OID, &x)) || (err = asn1_next(&ava, &x)))
				return err;
			if (asn1_more(&ava))
				return -EBADMSG;
		}
	}
	return 0;
}

static int digits(const uint8_t *p, int n, int *out)
{
	int v = 0, i;

	for (i = 0; i < n; i++) {
		if (p[i] < '0' || p[i] > '9')
			return -EBADMSG;
		v = v * 10 + (p[i] - '0');
	}
	*out = v;
	return 0;
}

static bool leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* x509_decode_time(): UTCTime of 13 bytes or GeneralizedTime of 15, "Z" last. */
int ipe_x509_decode_time(const struct asn1_elem *e, int64_t *out)
{
	static const int mdays[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	const uint8_t *p = e->val;
	int year, mon, day, hour, min, sec, dim;
	struct tm tm = { 0 };

	if (e->tag == TAG_UTCTIME && e->len == 13) {
		if (digits(p, 2, &year))
			return -EBADMSG;
		year += year >= 50 ? 1900 : 2000;
		p += 2;
	} else if (e->tag == TAG_GENTIME && e->len == 15) {
		if (digits(p, 4, &year) || (year >= 1950 && year <= 2049))
			return -EBADMSG;
		p += 4;
	} else {
		return -EBADMSG;
	}
	if (digits(p, 2, &mon) || digits(p + 2, 2, &day) || digits(p + 4, 2, &hour) ||
	    digits(p + 6, 2, &min) || digits(p + 8, 2, &sec) || p[10] != 'Z')
		return -EBADMSG;
	if (year < 1970 || mon < 1 || mon > 12)
		return -EBADMSG;
	dim = mdays[mon - 1] + (mon == 2 && leap(year));
	if (day < 1 || day > dim || hour > 24 || min > 59 || sec > 60)
		return -EBADMSG;
	tm.tm_year = year - 1900;
	tm.tm_mon = mon - 1;
	tm.tm_mday = day;
	tm.tm_hour = hour;
	tm.tm_min = min;
	tm.tm_sec = sec;
	*out = (int64_t)timegm(&tm);
	return 0;
}

/* AlgorithmIdentifier ::= SEQUENCE { OID, ANY OPTIONAL } */
static int algorithm(struct asn1_cur *c, struct asn1_elem *oid, struct asn1_elem *params)
{
	struct asn1_elem seq;
	struct asn1_cur in;
	int err;

	if ((err = asn1_expect(c, TAG_SEQ, &seq)))
		return err;
	in = asn1_inside(&seq);
	if ((err = asn1_expect(&in, TAG_OID, oid)))
		return err;
	memset(params, 0, sizeof(*params));
	if (asn1_more(&in) && (err = asn1_next(&in, params)))
		return err;
	return asn1_more(&in) ? -EBADMSG : 0;
}

/* The BIT STRING of a signature or key: its unused-bits byte must be 0. */
static int bit_string(const struct asn1_elem *e, struct ipe_bytes *out)
{
	if (e->len < 1 || e->val[0] != 0)
		return -EBADMSG;
	out->p = e->val + 1;
	out->len = e->len - 1;
	return 0;
}

static int key_algorithm(const struct asn1_elem *oid, const struct asn1_elem *params,
			 enum ipe_pkey *out)
{
	struct asn1_cur c;
	struct asn1_elem curve;

	if (ASN1_OID_IS(oid, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01)) {
		*out = IPE_PKEY_RSA;
		return 0;
	}
	if (!ASN1_OID_IS(oid, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01))
		return -ENOPKG;	/* GOST keys too: the kernel has them, we do not */
	c = asn1_cur(params->hdr, params->total);
	if (!params->hdr || asn1_expect(&c, TAG_OID, &curve))
		return -EBADMSG;
	if (ASN1_OID_IS(&curve, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x01) ||
	    ASN1_OID_IS(&curve, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07) ||
	    ASN1_OID_IS(&curve, 0x2b, 0x81, 0x04, 0x00, 0x22) ||
	    ASN1_OID_IS(&curve, 0x2b, 0x81, 0x04, 0x00, 0x23)) {
		*out = IPE_PKEY_ECDSA;
		return 0;
	}
	return -ENOPKG;
}

/* AuthorityKeyIdentifier: keyIdentifier [0], issuer [1] { [4] Name }, serial [2]. */
static int parse_akid(const uint8_t *p, size_t len, struct ipe_sig *sig)
{
	struct asn1_cur c = asn1_cur(p, len), in, gn;
	struct asn1_elem seq, e, name;
	int err;

	if ((err = asn1_expect(&c, TAG_SEQ, &seq)))
		return err;
	in = asn1_inside(&seq);
	while (asn1_more(&in)) {
		if ((err = asn1_next(&in, &e)))
			return err;
		switch (e.tag) {
		case TAG_CONTEXT | 0:
			sig->auth_skid = (struct ipe_bytes){ e.val, e.len };
			break;
		case TAG_CONTEXT | TAG_CONS | 1:
			gn = asn1_inside(&e);
			while (asn1_more(&gn)) {
				if ((err = asn1_next(&gn, &name)))
					return err;
				if (name.tag == (TAG_CONTEXT | TAG_CONS | 4)) {
					struct asn1_cur nc = asn1_inside(&name);
					struct asn1_elem n;

					if ((err = asn1_expect(&nc, TAG_SEQ, &n)))
						return err;
					sig->auth_issuer = (struct ipe_bytes){ n.val, n.len };
				}
			}
			break;
		case TAG_CONTEXT | 2:
			sig->auth_serial = (struct ipe_bytes){ e.val, e.len };
			break;
		default:
			return -EBADMSG;
		}
	}
	return 0;
}

static int extension(struct ipe_x509 *x, const struct asn1_elem *ext,
		     struct ipe_bytes *akid)
{
	struct asn1_cur c = asn1_inside(ext);
	struct asn1_elem oid, e;
	const uint8_t *v;
	int err;

	if ((err = asn1_expect(&c, TAG_OID, &oid)) || (err = asn1_next(&c, &e)))
		return err;
	if (e.tag == TAG_BOOL && (err = asn1_next(&c, &e)))
		return err;
	if (e.tag != TAG_OTS || asn1_more(&c))
		return -EBADMSG;
	v = e.val;
	if (ASN1_OID_IS(&oid, 0x55, 0x1d, 0x0e)) {	/* subjectKeyIdentifier */
		if (x->skid.p || e.len < 3 || v[0] != TAG_OTS || v[1] != e.len - 2)
			return -EBADMSG;
		x->skid = (struct ipe_bytes){ v + 2, e.len - 2 };
	} else if (ASN1_OID_IS(&oid, 0x55, 0x1d, 0x0f)) {	/* keyUsage */
		if (e.len < 4 || v[0] != TAG_BTS || v[2] >= 8)
			return -EBADMSG;
	} else if (ASN1_OID_IS(&oid, 0x55, 0x1d, 0x13)) {	/* basicConstraints */
		if (e.len < 2 || v[0] != TAG_SEQ || v[1] != e.len - 2)
			return -EBADMSG;
	} else if (ASN1_OID_IS(&oid, 0x55, 0x1d, 0x23)) {	/* authorityKeyIdentifier */
		*akid = (struct ipe_bytes){ v, e.len };
	}
	return 0;
}

static int tbs_certificate(struct ipe_x509 *x, const struct asn1_elem *tbs,
			   struct asn1_elem *sig_oid, struct ipe_bytes *akid)
{
	struct asn1_cur c = asn1_inside(tbs), in;
	struct asn1_elem e, name, params, key_oid, key_params, exts, ext;
	int err;

	if (asn1_peek(&c) == (TAG_CONTEXT | TAG_CONS | 0) && (err = asn1_next(&c, &e)))
		return err;
	if ((err = asn1_expect(&c, TAG_INT, &e)))
		return err;
	x->serial = (struct ipe_bytes){ e.val, e.len };
	if ((err = algorithm(&c, sig_oid, &params)))
		return err;
	if ((err = ipe_sigalg_from_oid(sig_oid, &x->sig)))
		return err;
	if ((err = asn1_expect(&c, TAG_SEQ, &name)) || (err = check_name(&name)))
		return err;
	x->issuer = (struct ipe_bytes){ name.val, name.len };
	if ((err = asn1_expect(&c, TAG_SEQ, &e)))
		return err;
	in = asn1_inside(&e);
	{
		struct asn1_elem t;

		if ((err = asn1_next(&in, &t)) || (err = ipe_x509_decode_time(&t, &x->valid_from)) ||
		    (err = asn1_next(&in, &t)) || (err = ipe_x509_decode_time(&t, &x->valid_to)))
			return err;
		if (asn1_more(&in))
			return -EBADMSG;
	}
	if ((err = asn1_expect(&c, TAG_SEQ, &name)) || (err = check_name(&name)))
		return err;
	x->subject = (struct ipe_bytes){ name.val, name.len };
	if ((err = asn1_expect(&c, TAG_SEQ, &e)))
		return err;
	x->spki = (struct ipe_bytes){ e.hdr, e.total };
	in = asn1_inside(&e);
	if ((err = algorithm(&in, &key_oid, &key_params)) ||
	    (err = key_algorithm(&key_oid, &key_params, &x->key_algo)) ||
	    (err = asn1_expect(&in, TAG_BTS, &e)))
		return err;
	{
		struct ipe_bytes key;

		if ((err = bit_string(&e, &key)))
			return err;
	}
	if (asn1_more(&in))
		return -EBADMSG;
	if (asn1_peek(&c) == (TAG_CONTEXT | 1) && (err = asn1_next(&c, &e)))
		return err;
	if (asn1_peek(&c) == (TAG_CONTEXT | 2) && (err = asn1_next(&c, &e)))
		return err;
	if (asn1_peek(&c) == (TAG_CONTEXT | TAG_CONS | 3)) {
		if ((err = asn1_next(&c, &e)))
			return err;
		in = asn1_inside(&e);
		if ((err = asn1_expect(&in, TAG_SEQ, &exts)) || asn1_more(&in))
			return err ? err : -EBADMSG;
		in = asn1_inside(&exts);
		if (!asn1_more(&in))
			return -EBADMSG;
		while (asn1_more(&in)) {
			if ((err = asn1_expect(&in, TAG_SEQ, &ext)) ||
			    (err = extension(x, &ext, akid)))
				return err;
		}
	}
	return asn1_more(&c) ? -EBADMSG : 0;
}

/* x509_check_for_self_signed() */
static int check_self_signed(struct ipe_x509 *x)
{
	const struct ipe_sig *s = &x->sig;
	bool has_id = s->auth_serial.p && s->auth_issuer.p, has_kid = s->auth_skid.p;
	bool a, b;
	int err;

	if (!ipe_bytes_same(&x->subject, &x->issuer))
		return 0;
	if (has_id || has_kid) {
		a = has_kid && x->skid.p && ipe_bytes_same(&x->skid, &s->auth_skid);
		b = has_id && ipe_bytes_same(&x->serial, &s->auth_serial) &&
		    ipe_bytes_same(&x->issuer, &s->auth_issuer);
		if (!a && !b)
			return 0;
		if (a != b && has_id && has_kid)
			return -EKEYREJECTED;
	}
	if (x->unsupported_sig)
		return 0;
	err = ipe_sig_verify(&x->spki, x->key_algo, &x->sig);
	if (err == -ENOPKG)
		return 0;	/* unsupported: not self-signed, not an error */
	if (!err)
		x->self_signed = true;
	return err;
}

int ipe_x509_parse(const void *buf, size_t len, struct ipe_x509 *x)
{
	struct asn1_cur c = asn1_cur(buf, len), in;
	struct asn1_elem cert, tbs, sig_oid, outer_oid, params, bits;
	struct ipe_bytes akid = { 0 };
	int err;

	memset(x, 0, sizeof(*x));
	if (len > ASN1_MAX_INPUT)
		return -EMSGSIZE;
	if ((err = asn1_expect(&c, TAG_SEQ, &cert)))
		return err;
	x->raw = (struct ipe_bytes){ cert.hdr, cert.total };
	in = asn1_inside(&cert);
	if ((err = asn1_expect(&in, TAG_SEQ, &tbs)))
		return err;
	x->tbs = (struct ipe_bytes){ tbs.hdr, tbs.total };
	if ((err = tbs_certificate(x, &tbs, &sig_oid, &akid)))
		return err;
	if ((err = algorithm(&in, &outer_oid, &params)) || (err = asn1_expect(&in, TAG_BTS, &bits)))
		return err;
	if (outer_oid.len != sig_oid.len || memcmp(outer_oid.val, sig_oid.val, sig_oid.len))
		return -EINVAL;
	if ((err = bit_string(&bits, &x->sig.s)))
		return err;
	if (asn1_more(&in))
		return -EBADMSG;
	if (akid.p && (err = parse_akid(akid.p, akid.len, &x->sig)))
		return err;
	/* x509_get_sig_params(): a hash we lack only marks the signature unsupported. */
	x->unsupported_sig = ipe_sig_digest(&x->sig, x->tbs.p, x->tbs.len) != 0;
	return check_self_signed(x);
}
