// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * pkcs7_parse_message() re-done: the kernel's grammar (pkcs7.asn1) walked
 * in document order, each of its callbacks' checks where that callback runs,
 * so the first failure is the kernel's first failure.
 */
#include "pkcs7.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "sigalg.h"
#include "x509.h"

#define PKCS7_OID(n) 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, (n)
#define PKCS9_OID(n) 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, (n)
#define MS_OID(n) 0x2b, 0x06, 0x01, 0x04, 0x01, 0x82, 0x37, 0x02, 0x01, (n)

struct ctx {
	struct ipe_pkcs7 *msg;
	size_t cap_certs, cap_signers;
};

/* A SET OF or SEQUENCE OF: at least one element. */
static int set_or_seq_of(struct asn1_cur *c, struct asn1_cur *items)
{
	struct asn1_elem e;
	int err = asn1_next(c, &e);

	if (err)
		return err;
	if (e.tag != TAG_SET && e.tag != TAG_SEQ)
		return -EBADMSG;
	*items = asn1_inside(&e);
	return asn1_more(items) ? 0 : -EBADMSG;
}

/* AlgorithmIdentifier-shaped: SEQUENCE { OID, ANY OPTIONAL }; returns the OID. */
static int alg_oid(struct asn1_cur *c, struct asn1_elem *oid)
{
	struct asn1_elem seq, params;
	struct asn1_cur in;
	int err = asn1_expect(c, TAG_SEQ, &seq);

	if (err)
		return err;
	in = asn1_inside(&seq);
	if ((err = asn1_expect(&in, TAG_OID, oid)))
		return err;
	if (asn1_more(&in) && (err = asn1_next(&in, &params)))
		return err;
	return asn1_more(&in) ? -EBADMSG : 0;
}

/* A one-byte INTEGER holding 1 or 3, or -EINVAL. */
static int small_version(const struct asn1_elem *e, int *v)
{
	if (e->len != 1 || (e->val[0] != 1 && e->val[0] != 3))
		return -EINVAL;
	*v = e->val[0];
	return 0;
}

static void *grow(void *arr, size_t *cap, size_t n, size_t size)
{
	void *p;

	if (n < *cap)
		return arr;
	p = realloc(arr, (*cap ? *cap * 2 : 4) * size);
	if (p)
		*cap = *cap ? *cap * 2 : 4;
	return p;
}

/* pkcs7_extract_cert() */
static int extract_cert(struct ctx *cx, const struct asn1_elem *e)
{
	struct ipe_pkcs7 *m = cx->msg;
	struct ipe_cert *certs, *cert;
	int err;

	if (e->tag != TAG_SEQ)
		return -EBADMSG;
	certs = grow(m->certs, &cx->cap_certs, m->ncerts, sizeof(*certs));
	if (!certs)
		return -ENOMEM;
	m->certs = certs;
	cert = &certs[m->ncerts];
	err = ipe_x509_parse(e->hdr, e->total, &cert->x);
	if (err)
		return err;
	cert->id = (struct ipe_kid){ cert->x.serial, cert->x.issuer };
	cert->signer = -1;
	m->ncerts++;
	return 0;
}

static int certificates(struct ctx *cx, const struct asn1_elem *list, bool crls)
{
	struct asn1_cur items = asn1_inside(list), inner;
	struct asn1_elem e, c;
	int err;

	if (!asn1_more(&items))
		return -EBADMSG;
	while (asn1_more(&items)) {
		if ((err = asn1_next(&items, &e)))
			return err;
		if (!crls) {
			if ((err = extract_cert(cx, &e)))
				return err;
			continue;
		}
		/* A CertificateList is read as a SEQUENCE OF Certificate. */
		if (e.tag != TAG_SEQ)
			return -EBADMSG;
		inner = asn1_inside(&e);
		if (!asn1_more(&inner))
			return -EBADMSG;
		while (asn1_more(&inner))
			if ((err = asn1_next(&inner, &c)) || (err = extract_cert(cx, &c)))
				return err;
	}
	return 0;
}

/* The raw OID bytes of the message's content type, for contentType attributes. */
static bool is_data_type(const struct ipe_pkcs7 *m, const struct asn1_elem *v)
{
	if (m->data_is_plain)
		return ASN1_OID_IS(v, PKCS7_OID(1));
	return ASN1_OID_IS(v, MS_OID(4));
}

enum { AA_CT, AA_MD, AA_TIME, AA_SMIME, AA_OPUS, AA_STMT };

/* pkcs7_sig_note_authenticated_attr(), once per value. */
static int authattr(const struct ipe_pkcs7 *m, struct ipe_signer *s, unsigned *seen,
		    const struct asn1_elem *type, const struct asn1_elem *v)
{
	int bit;

	if (ASN1_OID_IS(type, PKCS9_OID(3)))
		bit = AA_CT;
	else if (ASN1_OID_IS(type, PKCS9_OID(4)))
		bit = AA_MD;
	else if (ASN1_OID_IS(type, PKCS9_OID(5)))
		bit = AA_TIME;
	else if (ASN1_OID_IS(type, PKCS9_OID(15)))
		bit = AA_SMIME;
	else if (ASN1_OID_IS(type, MS_OID(12)))
		bit = AA_OPUS;
	else if (ASN1_OID_IS(type, MS_OID(11)))
		bit = AA_STMT;
	else
		return 0;
	if (*seen & (1u << bit))
		return -EKEYREJECTED;	/* repeated or multi-valued */
	*seen |= 1u << bit;
	switch (bit) {
	case AA_CT:
		return is_data_type(m, v) ? 0 : -EBADMSG;
	case AA_MD:
		if (v->tag != TAG_OTS)
			return -EBADMSG;
		s->msgdigest = (struct ipe_bytes){ v->val, v->len };
		s->has_msgdigest = true;
		return 0;
	case AA_TIME:
		s->has_signing_time = true;
		return ipe_x509_decode_time(v, &s->signing_time);
	default:
		/* S/MIME capabilities and the Authenticode ones. */
		return m->data_is_plain ? -EKEYREJECTED : 0;
	}
}

static int authattrs(const struct ipe_pkcs7 *m, struct ipe_signer *s,
		     const struct asn1_elem *set, bool record)
{
	struct asn1_cur attrs = asn1_inside(set), in, vals;
	struct asn1_elem attr, type, valset, v;
	unsigned seen = 0;
	int err;

	if (!record) {
		/* [2] EXPLICIT SEQUENCE OF: parsed, never recorded. */
		if ((err = asn1_expect(&attrs, TAG_SEQ, &v)) || asn1_more(&attrs))
			return err ? err : -EBADMSG;
		attrs = asn1_inside(&v);
	}
	if (!asn1_more(&attrs))
		return -EBADMSG;
	while (asn1_more(&attrs)) {
		if ((err = asn1_expect(&attrs, TAG_SEQ, &attr)))
			return err;
		in = asn1_inside(&attr);
		if ((err = asn1_expect(&in, TAG_OID, &type)) ||
		    (err = asn1_expect(&in, TAG_SET, &valset)))
			return err;
		if (asn1_more(&in))
			return -EBADMSG;
		vals = asn1_inside(&valset);
		if (!asn1_more(&vals))
			return -EBADMSG;
		while (asn1_more(&vals))
			if ((err = asn1_next(&vals, &v)) || (err = authattr(m, s, &seen, &type, &v)))
				return err;
	}
	if (!record)
		return 0;
	/* pkcs7_sig_note_set_of_authattrs() */
	if (!(seen & (1u << AA_CT)) || !(seen & (1u << AA_MD)))
		return -EBADMSG;
	/* Kept from the length octets on: the digest swaps the tag for SET. */
	s->authattrs = (struct ipe_bytes){ set->hdr + 1, set->total - 1 };
	return 0;
}

static int signer_info(struct ctx *cx, const struct asn1_elem *si)
{
	struct ipe_pkcs7 *m = cx->msg;
	struct asn1_cur c = asn1_inside(si), in;
	struct asn1_elem e, issuer, serial, oid;
	struct ipe_signer *signers, *s;
	int version, err, tag;
	bool expect_skid;

	signers = grow(m->signers, &cx->cap_signers, m->nsigners, sizeof(*signers));
	if (!signers)
		return -ENOMEM;
	m->signers = signers;
	s = &signers[m->nsigners];
	memset(s, 0, sizeof(*s));
	s->cert = -1;

	/* pkcs7_note_signerinfo_version() */
	if ((err = asn1_expect(&c, TAG_INT, &e)) || (err = small_version(&e, &version)))
		return err;
	if ((version == 1) != (m->version == 1))
		return -EBADMSG;
	expect_skid = version == 3;

	if ((err = asn1_next(&c, &e)))
		return err;
	if (e.tag == TAG_SEQ) {
		in = asn1_inside(&e);
		if ((err = asn1_expect(&in, TAG_SEQ, &issuer)) ||
		    (err = asn1_expect(&in, TAG_INT, &serial)))
			return err;
		if (asn1_more(&in))
			return -EBADMSG;
		s->sig.auth_issuer = (struct ipe_bytes){ issuer.val, issuer.len };
		s->sig.auth_serial = (struct ipe_bytes){ serial.val, serial.len };
	} else if (e.tag == (TAG_CONTEXT | 0)) {
		s->sig.auth_skid = (struct ipe_bytes){ e.val, e.len };
	} else {
		return -EBADMSG;
	}

	if ((err = alg_oid(&c, &oid)) || (err = ipe_hash_from_oid(&oid, &s->sig.hash)))
		return err;
	tag = asn1_peek(&c);
	if (tag == (TAG_CONTEXT | TAG_CONS | 0) || tag == (TAG_CONTEXT | TAG_CONS | 2)) {
		if ((err = asn1_next(&c, &e)) || (err = authattrs(m, s, &e, tag & 0x0f ? false : true)))
			return err;
	}
	if ((err = alg_oid(&c, &oid)) || (err = ipe_pkey_from_oid(&oid, &s->sig.pkey)))
		return err;
	if ((err = asn1_expect(&c, TAG_OTS, &e)))
		return err;
	s->sig.s = (struct ipe_bytes){ e.val, e.len };
	tag = asn1_peek(&c);
	if ((tag == (TAG_CONTEXT | TAG_CONS | 1) || tag == (TAG_CONTEXT | TAG_CONS | 3)) &&
	    (err = asn1_next(&c, &e)))
		return err;
	if (asn1_more(&c))
		return -EBADMSG;

	/* pkcs7_note_signed_info() */
	if (!m->data_is_plain && !s->authattrs.p)
		return -EBADMSG;
	if (expect_skid)
		s->auth_id = (struct ipe_kid){ s->sig.auth_skid, { NULL, 0 } };
	else
		s->auth_id = (struct ipe_kid){ s->sig.auth_serial, s->sig.auth_issuer };
	m->nsigners++;
	return 0;
}

static int content_info(struct ipe_pkcs7 *m, struct asn1_cur *c)
{
	struct asn1_elem seq, oid, wrap, data;
	struct asn1_cur in, w;
	int err = asn1_expect(c, TAG_SEQ, &seq);

	if (err)
		return err;
	in = asn1_inside(&seq);
	if ((err = asn1_expect(&in, TAG_OID, &oid)))
		return err;
	if (asn1_peek(&in) == (TAG_CONTEXT | TAG_CONS | 0)) {
		if ((err = asn1_next(&in, &wrap)))
			return err;
		w = asn1_inside(&wrap);
		if ((err = asn1_next(&w, &data)))
			return err;
		if (asn1_more(&w))
			return -EBADMSG;
		/* pkcs7_note_data(): the value bytes, whatever the tag; an
		 * indefinite-length value keeps its end-of-contents octets. */
		m->data = (struct ipe_bytes){ data.val, data.total - data.hdrlen };
		m->has_data = true;
	}
	if (asn1_more(&in))
		return -EBADMSG;
	/* pkcs7_note_content() */
	if (ASN1_OID_IS(&oid, PKCS7_OID(1)))
		m->data_is_plain = true;
	else if (!ASN1_OID_IS(&oid, MS_OID(4)))
		return -EINVAL;
	return 0;
}

static int signed_data(struct ctx *cx, const struct asn1_elem *sd)
{
	struct ipe_pkcs7 *m = cx->msg;
	struct asn1_cur c = asn1_inside(sd), items;
	struct asn1_elem e, oid;
	int err;

	if ((err = asn1_expect(&c, TAG_INT, &e)) || (err = small_version(&e, &m->version)))
		return err;
	if ((err = set_or_seq_of(&c, &items)))
		return err;
	while (asn1_more(&items))
		if ((err = alg_oid(&items, &oid)))
			return err;
	if ((err = content_info(m, &c)))
		return err;
	if (asn1_peek(&c) == (TAG_CONTEXT | TAG_CONS | 0) ||
	    asn1_peek(&c) == (TAG_CONTEXT | TAG_CONS | 2)) {
		if ((err = asn1_next(&c, &e)) || (err = certificates(cx, &e, false)))
			return err;
	}
	if (asn1_peek(&c) == (TAG_CONTEXT | TAG_CONS | 1) ||
	    asn1_peek(&c) == (TAG_CONTEXT | TAG_CONS | 3)) {
		if ((err = asn1_next(&c, &e)) || (err = certificates(cx, &e, true)))
			return err;
	}
	if ((err = set_or_seq_of(&c, &items)))
		return err;
	while (asn1_more(&items)) {
		if ((err = asn1_expect(&items, TAG_SEQ, &e)) || (err = signer_info(cx, &e)))
			return err;
	}
	return asn1_more(&c) ? -EBADMSG : 0;
}

/* pkcs7_check_authattrs(): all signers with signed attributes, or none. */
static int check_authattrs(const struct ipe_pkcs7 *m)
{
	size_t i;

	if (!m->nsigners)
		return -EINVAL;
	for (i = 1; i < m->nsigners; i++)
		if (!m->signers[i].authattrs.p != !m->signers[0].authattrs.p)
			return -EINVAL;
	return 0;
}

size_t ipe_pkcs7_declared_len(const void *buf, size_t len)
{
	const uint8_t *p = buf;
	size_t hdr, n;

	if (len < 2 || p[0] != TAG_SEQ || asn1_definite_len(p, len, &hdr, &n))
		return 0;
	return hdr + n;
}

int ipe_pkcs7_parse(const void *buf, size_t len, struct ipe_pkcs7 *msg)
{
	struct ctx cx = { .msg = msg };
	struct asn1_cur c = asn1_cur(buf, len), in, w;
	struct asn1_elem outer, oid, wrap, sd;
	int err;

	memset(msg, 0, sizeof(*msg));
	/* Bytes after the outer element are never looked at. */
	err = asn1_expect(&c, TAG_SEQ, &outer);
	if (!err) {
		in = asn1_inside(&outer);
		err = asn1_expect(&in, TAG_OID, &oid);
	}
	if (!err && !ASN1_OID_IS(&oid, PKCS7_OID(2)))
		err = -EINVAL;	/* pkcs7_check_content_type() */
	if (!err && asn1_peek(&in) == (TAG_CONTEXT | TAG_CONS | 0)) {
		err = asn1_next(&in, &wrap);
		if (!err) {
			w = asn1_inside(&wrap);
			err = asn1_expect(&w, TAG_SEQ, &sd);
		}
		if (!err && asn1_more(&w))
			err = -EBADMSG;
		if (!err)
			err = signed_data(&cx, &sd);
	}
	if (!err && asn1_more(&in))
		err = -EBADMSG;
	if (!err)
		err = check_authattrs(msg);
	if (err)
		ipe_pkcs7_release(msg);
	return err;
}

void ipe_pkcs7_release(struct ipe_pkcs7 *msg)
{
	free(msg->certs);
	free(msg->signers);
	memset(msg, 0, sizeof(*msg));
}

static bool range_eq(const uint8_t *a, const uint8_t *b, size_t n)
{
	return !n || !memcmp(a, b, n);
}

bool ipe_kid_same(const struct ipe_kid *x, const struct ipe_kid *y)
{
	size_t xl = x->a.len + x->b.len, i, n;
	const struct ipe_bytes *xs[2] = { &x->a, &x->b }, *ys[2] = { &y->a, &y->b };
	size_t xi = 0, yi = 0, xo = 0, yo = 0;

	if (xl != y->a.len + y->b.len)
		return false;
	/* Walk both concatenations in step. */
	for (i = 0; i < xl; i += n) {
		while (xo == xs[xi]->len) {
			xi++;
			xo = 0;
		}
		while (yo == ys[yi]->len) {
			yi++;
			yo = 0;
		}
		n = xs[xi]->len - xo < ys[yi]->len - yo ? xs[xi]->len - xo : ys[yi]->len - yo;
		if (!range_eq(xs[xi]->p + xo, ys[yi]->p + yo, n))
			return false;
		xo += n;
		yo += n;
	}
	return true;
}
