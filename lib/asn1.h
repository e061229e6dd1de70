/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * A BER/DER element reader with the limits of the kernel's ASN.1 decoder
 * (lib/asn1_decoder.c), so that what it refuses, we refuse: one-byte tags
 * only, at most two length bytes, indefinite lengths only on constructed
 * elements, nothing may run past its container.  Every refusal is -EBADMSG.
 * Inputs over 64 KiB, which the kernel never takes, are an extension: their
 * elements may use up to four length bytes.
 */
#ifndef IPE_ASN1_H
#define IPE_ASN1_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Universal tags and classes we meet in certificates and PKCS#7. */
enum {
	TAG_BOOL = 0x01,
	TAG_INT = 0x02,
	TAG_BTS = 0x03,
	TAG_OTS = 0x04,
	TAG_NULL = 0x05,
	TAG_OID = 0x06,
	TAG_UTCTIME = 0x17,
	TAG_GENTIME = 0x18,
	TAG_SEQ = 0x30,		/* constructed */
	TAG_SET = 0x31,		/* constructed */
	TAG_CONS = 0x20,
	TAG_CONTEXT = 0x80,
};

/* The largest input the kernel's decoder takes; more is -EMSGSIZE. */
#define ASN1_MAX_INPUT 65535

/* A window of bytes holding a sequence of elements. */
struct asn1_cur {
	const uint8_t *p, *end;
};

struct asn1_elem {
	uint8_t tag;			/* the identifier byte */
	const uint8_t *hdr;		/* where the element starts */
	size_t hdrlen;
	const uint8_t *val;		/* contents (without end-of-contents) */
	size_t len;
	size_t total;			/* all bytes, header and trailer included */
};

static inline struct asn1_cur asn1_cur(const void *p, size_t len)
{
	return (struct asn1_cur){ p, (const uint8_t *)p + len };
}

static inline bool asn1_more(const struct asn1_cur *c)
{
	return c->p < c->end;
}

/*
 * The header of a definite-length element at P (AVAIL bytes there): its
 * size *HDR and the contents' length *LEN, which may exceed AVAIL;
 * -EBADMSG when the header itself is malformed, cut short or indefinite.
 */
int asn1_definite_len(const uint8_t *p, size_t avail, size_t *hdr, size_t *len);

/* Read the next element; -EBADMSG when malformed or absent. */
int asn1_next(struct asn1_cur *c, struct asn1_elem *e);

/* Read the next element, which must have tag TAG. */
int asn1_expect(struct asn1_cur *c, uint8_t tag, struct asn1_elem *e);

/* Peek: the tag of the next element, or -1 at the end. */
int asn1_peek(const struct asn1_cur *c);

/* The contents of E as a cursor. */
static inline struct asn1_cur asn1_inside(const struct asn1_elem *e)
{
	return asn1_cur(e->val, e->len);
}

/* An OID's contents compared with a DER-encoded OID body. */
bool asn1_oid_is(const struct asn1_elem *e, const uint8_t *oid, size_t len);
#define ASN1_OID_IS(e, ...) \
	asn1_oid_is((e), (const uint8_t[]){ __VA_ARGS__ }, sizeof((const uint8_t[]){ __VA_ARGS__ }))

#endif
