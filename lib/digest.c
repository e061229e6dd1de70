// SPDX-License-Identifier: LGPL-2.1-or-later
#include "digest.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "libipe.h"

/* Digit values plus one, so that 0 means "not a hex digit". */
#define D(c, v) [c] = (v) + 1
static const uint8_t hex_table[256] = {
	D('0', 0), D('1', 1), D('2', 2), D('3', 3), D('4', 4), D('5', 5), D('6', 6),
	D('7', 7), D('8', 8), D('9', 9),
	D('a', 10), D('b', 11), D('c', 12), D('d', 13), D('e', 14), D('f', 15),
	D('A', 10), D('B', 11), D('C', 12), D('D', 13), D('E', 14), D('F', 15),
};
#undef D

static int hexval(unsigned char c)
{
	return hex_table[c] - 1;
}

int ipe_digest_check(const char *v, size_t len, size_t *colon, size_t *bad)
{
	const char *c = memchr(v, ':', len);
	size_t i;

	if (!c)
		return -EBADMSG;
	*colon = (size_t)(c - v);
	for (i = *colon + 1; i < len; i++) {
		if (hexval((unsigned char)v[i]) < 0) {
			*bad = i;
			return -EINVAL;
		}
	}
	if ((len - *colon - 1) % 2) {
		*bad = len;
		return -EINVAL;
	}
	return 0;
}

void ipe_hex_decode(const char *hex, size_t hexlen, uint8_t *out)
{
	size_t i;

	for (i = 0; i + 1 < hexlen; i += 2)
		out[i / 2] = (uint8_t)(hexval((unsigned char)hex[i]) << 4 |
				       hexval((unsigned char)hex[i + 1]));
}

int ipe_digest_parse(const char *s, struct ipe_digest *d, char **alg_out,
		     uint8_t **bytes_out)
{
	size_t len = strlen(s), colon, bad, hexlen;
	char *alg;
	uint8_t *bytes;
	int rc;

	rc = ipe_digest_check(s, len, &colon, &bad);
	if (rc)
		return rc;
	hexlen = len - colon - 1;
	alg = strndup(s, colon);
	bytes = malloc(hexlen / 2 + 1);
	if (!alg || !bytes) {
		free(alg);
		free(bytes);
		return -ENOMEM;
	}
	ipe_hex_decode(s + colon + 1, hexlen, bytes);
	d->alg = alg;
	d->bytes = bytes;
	d->len = (uint32_t)(hexlen / 2);
	*alg_out = alg;
	*bytes_out = bytes;
	return 0;
}
