// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * verify_pkcs7_signature() as kernel IPE calls it: parse, pkcs7_verify(),
 * pkcs7_validate_trust() against one keyring, then the content.  The trust
 * store is that keyring; the kernel's revocation list and its second pass
 * over the platform keyring have no counterpart (docs/signing.md).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libipe-sig.h"
#include "pkcs7.h"
#include "sslutil.h"

/* pkcs7_digest(): the content, then the signed attributes when there are some. */
static int digest(const struct ipe_pkcs7 *m, struct ipe_signer *s)
{
	uint8_t *buf;
	int err;

	err = ipe_sig_digest(&s->sig, m->has_data ? m->data.p : NULL, m->has_data ? m->data.len : 0);
	if (err || !s->authattrs.p)
		return err;
	if (!s->has_msgdigest)
		return -EKEYREJECTED;
	if (s->msgdigest.len != s->sig.digest_len)
		return -EBADMSG;
	if (memcmp(s->msgdigest.p, s->sig.digest, s->sig.digest_len))
		return -EKEYREJECTED;
	buf = malloc(s->authattrs.len + 1);
	if (!buf)
		return -ENOMEM;
	buf[0] = TAG_SET;
	memcpy(buf + 1, s->authattrs.p, s->authattrs.len);
	err = ipe_sig_digest(&s->sig, buf, s->authattrs.len + 1);
	free(buf);
	return err;
}

/* pkcs7_verify_sig_chain(): link certificates to their issuers inside the message. */
static int verify_chain(struct ipe_pkcs7 *m, const struct ipe_signer *s)
{
	struct ipe_cert *x = &m->certs[s->cert], *p = NULL;
	struct ipe_kid auth_id;
	size_t i;
	int err;

	for (i = 0; i < m->ncerts; i++)
		m->certs[i].seen = false;
	for (;;) {
		const struct ipe_sig *sig = &x->x.sig;
		bool has_id = sig->auth_serial.p && sig->auth_issuer.p;

		x->seen = true;
		if (x->x.self_signed) {
			x->signer = (int)(x - m->certs);
			return 0;
		}
		p = NULL;
		if (has_id) {
			auth_id = (struct ipe_kid){ sig->auth_serial, sig->auth_issuer };
			for (i = 0; i < m->ncerts && !p; i++)
				if (ipe_kid_same(&m->certs[i].id, &auth_id))
					p = &m->certs[i];
			if (p && sig->auth_skid.p && !ipe_bytes_same(&p->x.skid, &sig->auth_skid))
				return -EKEYREJECTED;
		} else if (sig->auth_skid.p) {
			for (i = 0; i < m->ncerts && !p; i++)
				if (m->certs[i].x.skid.p && ipe_bytes_same(&m->certs[i].x.skid, &sig->auth_skid))
					p = &m->certs[i];
		}
		if (!p || p->seen)
			return 0;	/* the top of what the message holds, or a loop */
		err = ipe_sig_verify(&p->x.spki, p->x.key_algo, &x->x.sig);
		if (err)
			return err;
		x->signer = (int)(p - m->certs);
		x = p;
	}
}

/* pkcs7_verify_one() */
static int verify_one(struct ipe_pkcs7 *m, struct ipe_signer *s)
{
	struct ipe_kid id;
	size_t i;
	int err = digest(m, s);

	if (err)
		return err;
	for (i = 0; i < m->ncerts && s->cert < 0; i++) {
		id = m->certs[i].id;
		if (ipe_kid_same(&id, &s->auth_id))
			s->cert = (int)i;
	}
	if (s->cert < 0)
		return 0;	/* not included: only the trust lookup can check it */
	if (s->has_signing_time && (s->signing_time < m->certs[s->cert].x.valid_from ||
				    s->signing_time > m->certs[s->cert].x.valid_to))
		return -EKEYREJECTED;
	err = ipe_sig_verify(&m->certs[s->cert].x.spki, m->certs[s->cert].x.key_algo, &s->sig);
	if (err)
		return err;
	return verify_chain(m, s);
}

/* pkcs7_verify() for VERIFYING_UNSPECIFIED_SIGNATURE */
static int verify(struct ipe_pkcs7 *m)
{
	int ret = -ENOPKG, err;
	size_t i;

	if (!m->data_is_plain)
		return -EKEYREJECTED;
	for (i = 0; i < m->nsigners; i++) {
		err = verify_one(m, &m->signers[i]);
		if (err == -ENOPKG) {
			m->signers[i].unsupported_crypto = true;
			continue;
		}
		if (err)
			return err;
		ret = 0;
	}
	return ret;
}

/*
 * find_asymmetric_key(): a trusted certificate one of whose ids (issuer and
 * serial, subject key id, subject) is ID0 (or ID1 when there is no ID0); when
 * both are given its subject key id must also be ID1 (-EKEYREJECTED).
 */
static int find_key(const struct ipe_trust *t, const struct ipe_kid *id0,
		    const struct ipe_kid *id1, const struct ipe_cert **out)
{
	const struct ipe_kid *lookup = id0 ? id0 : id1;
	const struct ipe_cert *certs;
	size_t n = 0, i;

	certs = t ? ipe_trust_certs(t, &n) : NULL;
	for (i = 0; i < n; i++) {
		const struct ipe_cert *c = &certs[i];
		struct ipe_kid skid = { c->x.skid, { NULL, 0 } };
		struct ipe_kid subj = { c->x.subject, { NULL, 0 } };

		if (!ipe_kid_same(&c->id, lookup) && !(c->x.skid.p && ipe_kid_same(&skid, lookup)) &&
		    !ipe_kid_same(&subj, lookup))
			continue;
		if (id0 && id1 && (!c->x.skid.p || !ipe_kid_same(&skid, id1)))
			return -EKEYREJECTED;
		*out = c;
		return 0;
	}
	return -ENOKEY;
}

static int check_with(const struct ipe_cert *key, const struct ipe_sig *sig)
{
	return ipe_sig_verify(&key->x.spki, key->x.key_algo, sig) ? -EKEYREJECTED : 0;
}

/* pkcs7_validate_trust_one() */
static int trust_one(struct ipe_pkcs7 *m, struct ipe_signer *s, const struct ipe_trust *t)
{
	const struct ipe_sig *sig = &s->sig;
	struct ipe_cert *x, *last = NULL;
	const struct ipe_cert *key;
	int err, i;

	if (s->unsupported_crypto)
		return -ENOPKG;
	for (i = s->cert; i >= 0; i = x->signer == i ? -1 : x->signer) {
		struct ipe_kid skid;

		x = &m->certs[i];
		if (x->seen)
			return x->verified ? 0 : -ENOKEY;
		x->seen = true;
		skid = (struct ipe_kid){ x->x.skid, { NULL, 0 } };
		if (!find_key(t, &x->id, x->x.skid.p ? &skid : NULL, &key)) {
			err = check_with(key, sig);
			if (!err)
				x->verified = true;
			return err;
		}
		if (x->signer == i)
			return -ENOKEY;	/* an unknown self-signed root */
		last = x;
		sig = &last->x.sig;
	}
	if (last && ((last->x.sig.auth_serial.p && last->x.sig.auth_issuer.p) ||
		     last->x.sig.auth_skid.p)) {
		const struct ipe_sig *ls = &last->x.sig;
		struct ipe_kid id0 = { ls->auth_serial, ls->auth_issuer };
		struct ipe_kid id1 = { ls->auth_skid, { NULL, 0 } };
		bool has0 = ls->auth_serial.p && ls->auth_issuer.p;

		err = find_key(t, has0 ? &id0 : NULL, ls->auth_skid.p ? &id1 : NULL, &key);
		if (!err)
			return check_with(key, sig);
		if (err != -ENOKEY)
			return err;
	}
	err = find_key(t, &s->auth_id, NULL, &key);
	if (!err)
		return check_with(key, &s->sig);
	return err;
}

/* pkcs7_validate_trust() */
static int validate_trust(struct ipe_pkcs7 *m, const struct ipe_trust *t)
{
	int cached = -ENOKEY, err;
	size_t i;

	for (i = 0; i < m->ncerts; i++)
		m->certs[i].seen = false;
	for (i = 0; i < m->nsigners; i++) {
		err = trust_one(m, &m->signers[i], t);
		if (err == -ENOKEY)
			continue;
		if (err == -ENOPKG) {
			if (cached == -ENOKEY)
				cached = -ENOPKG;
			continue;
		}
		if (err)
			return err;
		cached = 0;
	}
	return cached;
}

int ipe_pkcs7_verify(const struct ipe_trust *t, const void *blob, size_t len, size_t max_len,
		     const uint8_t **content, size_t *content_len, struct ipe_diag *diag)
{
	struct ipe_pkcs7 m;
	int err;

	*content = NULL;
	*content_len = 0;
	if (!max_len)
		max_len = IPE_PKCS7_KERNEL_MAX;
	if (len > max_len)
		return ipe_diag_printf(diag, -EMSGSIZE, "the signed policy is over %zu bytes", max_len);
	/* Beyond the kernel's limit, what a blob says it holds counts too. */
	if (len > IPE_PKCS7_KERNEL_MAX && ipe_pkcs7_declared_len(blob, len) > max_len)
		return ipe_diag_printf(diag, -EMSGSIZE, "the signed policy declares %zu bytes, over "
				       "%zu", ipe_pkcs7_declared_len(blob, len), max_len);
	err = ipe_pkcs7_parse(blob, len, &m);
	if (err)
		return ipe_diag_printf(diag, err, "not a PKCS#7 SignedData message the kernel accepts");
	err = verify(&m);
	if (err) {
		ipe_diag_printf(diag, err, "the signature does not verify");
		goto out;
	}
	err = validate_trust(&m, t);
	if (err) {
		ipe_diag_printf(diag, err, err == -ENOKEY ? "no signer is trusted" :
				"a trusted key rejects the signature");
		goto out;
	}
	if (!m.has_data) {
		err = ipe_diag_printf(diag, -ENODATA, "the message holds no policy (detached signature)");
		goto out;
	}
	*content = m.data.p;
	*content_len = m.data.len;
out:
	ipe_pkcs7_release(&m);
	return err;
}
