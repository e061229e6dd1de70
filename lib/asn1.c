// SPDX-License-Identifier: LGPL-2.1-or-later
#include "asn1.h"

#include <errno.h>
#include <string.h>

static int next_at_depth(struct asn1_cur *c, struct asn1_elem *e, int depth);

int asn1_definite_len(const uint8_t *p, size_t avail, size_t *hdr, size_t *len)
{
	/*
	 * The kernel's decoder reads at most two length bytes, which bounds
	 * what it takes to 64 KiB; only an element inside a larger blob (an
	 * extension of ours) may need, and gets, up to four.
	 */
	size_t max_bytes = avail > ASN1_MAX_INPUT ? 4 : 2, n, i;

	if (avail < 2 || p[1] == 0x80)
		return -EBADMSG;
	*len = p[1];
	*hdr = 2;
	if (*len < 0x80)
		return 0;
	n = *len - 0x80;
	if (n > max_bytes || avail - 2 < n)
		return -EBADMSG;
	for (*len = 0, i = 0; i < n; i++)
		*len = *len << 8 | p[2 + i];
	*hdr += n;
	return 0;
}

/* Length of an indefinite-length element's contents, up to its 00 00. */
static int indefinite_len(const uint8_t *p, const uint8_t *end, size_t *len, int depth)
{
	struct asn1_cur c = { p, end };
	struct asn1_elem e;
	int err;

	if (depth > 64)
		return -EBADMSG;
	for (;;) {
		if (end - c.p >= 2 && c.p[0] == 0 && c.p[1] == 0) {
			*len = (size_t)(c.p - p);
			return 0;
		}
		err = next_at_depth(&c, &e, depth);
		if (err)
			return err;
	}
}

static int next_at_depth(struct asn1_cur *c, struct asn1_elem *e, int depth)
{
	const uint8_t *p = c->p;
	size_t avail = (size_t)(c->end - p), hdr, len;
	int err;

	if (avail < 2)
		return -EBADMSG;
	e->hdr = p;
	e->tag = p[0];
	if ((e->tag & 0x1f) == 0x1f)	/* high tag numbers: unsupported */
		return -EBADMSG;
	if (p[1] == 0x80) {
		if (!(e->tag & TAG_CONS))
			return -EBADMSG;
		err = indefinite_len(p + 2, c->end, &len, depth + 1);
		if (err)
			return err;
		e->hdrlen = 2;
		e->val = p + 2;
		e->len = len;
		e->total = 2 + len + 2;
		c->p = p + e->total;
		return 0;
	}
	err = asn1_definite_len(p, avail, &hdr, &len);
	if (err)
		return err;
	if (len > avail - hdr)
		return -EBADMSG;
	e->hdrlen = hdr;
	e->val = p + hdr;
	e->len = len;
	e->total = hdr + len;
	c->p = p + e->total;
	return 0;
}

int asn1_next(struct asn1_cur *c, struct asn1_elem *e)
{
	return next_at_depth(c, e, 0);
}

int asn1_expect(struct asn1_cur *c, uint8_t tag, struct asn1_elem *e)
{
	struct asn1_cur save = *c;
	int err = asn1_next(c, e);

	if (!err && e->tag != tag)
		err = -EBADMSG;
	if (err)
		*c = save;
	return err;
}

int asn1_peek(const struct asn1_cur *c)
{
	return c->p < c->end ? c->p[0] : -1;
}

bool asn1_oid_is(const struct asn1_elem *e, const uint8_t *oid, size_t len)
{
	return e->tag == TAG_OID && e->len == len && !memcmp(e->val, oid, len);
}
