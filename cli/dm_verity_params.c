// SPDX-License-Identifier: GPL-2.0-only
/* dm-verity table parameters, the shape dm-verity prints and accepts. */
#include <ctype.h>
#include <errno.h>
#include <string.h>

#include "digest.h"
#include "dm_verity_params.h"

#define MAX_WORDS 64

struct words {
	const char *w[MAX_WORDS];
	size_t len[MAX_WORDS];
	size_t n;
};

/* Split on single or repeated spaces and tabs; a NUL byte is refused. */
static int split(const char *s, size_t len, struct words *ws)
{
	size_t i = 0, start;

	ws->n = 0;
	while (i < len) {
		if (s[i] == ' ' || s[i] == '\t') {
			i++;
			continue;
		}
		if (ws->n == MAX_WORDS)
			return -1;
		start = i;
		while (i < len && s[i] != ' ' && s[i] != '\t') {
			if (s[i] == '\0' || s[i] == '\n')
				return -1;
			i++;
		}
		ws->w[ws->n] = s + start;
		ws->len[ws->n++] = i - start;
	}
	return 0;
}

static bool is_decimal(const char *w, size_t len)
{
	size_t i;

	if (!len || len > 20)
		return false;
	for (i = 0; i < len; i++)
		if (w[i] < '0' || w[i] > '9')
			return false;
	return true;
}

/* Hex of whole bytes, at most MAX of them. */
static bool is_hex(const char *w, size_t len, size_t max)
{
	size_t i;

	if (len % 2 || len / 2 > max)
		return false;
	for (i = 0; i < len; i++)
		if (!isxdigit((unsigned char)w[i]))
			return false;
	return true;
}

static bool word_is(const struct words *ws, size_t i, const char *s)
{
	return ws->len[i] == strlen(s) && !memcmp(ws->w[i], s, ws->len[i]);
}

int dm_verity_params_parse(const char *params, size_t len, struct dm_verity_target *vt,
			   const char **why)
{
	enum { VERSION, DATA_DEV, HASH_DEV, DATA_BLOCK, HASH_BLOCK, NUM_BLOCKS, HASH_START,
	       ALG, DIGEST, SALT, NFIXED };
	struct words ws;
	size_t i, nopt;
	int k;

	memset(vt, 0, sizeof(*vt));
	*why = "more words than a verity table has";
	if (split(params, len, &ws))
		return -EBADMSG;
	*why = "fewer than the 10 verity parameters";
	if (ws.n < NFIXED)
		return -EBADMSG;
	*why = "version is not 0 or 1";
	if (!word_is(&ws, VERSION, "0") && !word_is(&ws, VERSION, "1"))
		return -EBADMSG;
	*why = "block sizes, block count and hash start must be decimal";
	for (k = DATA_BLOCK; k <= HASH_START; k++)
		if (!is_decimal(ws.w[k], ws.len[k]))
			return -EBADMSG;
	*why = "bad algorithm name";
	if (ws.len[ALG] >= DM_VERITY_ALG_MAX || memchr(ws.w[ALG], ':', ws.len[ALG]))
		return -EBADMSG;
	*why = "root digest is not hex of at most 64 bytes";
	if (!ws.len[DIGEST] || !is_hex(ws.w[DIGEST], ws.len[DIGEST], DM_VERITY_DIGEST_MAX))
		return -EBADMSG;
	/* The kernel takes a salt of any length; veritysetup writes up to 256 bytes. */
	*why = "salt is neither '-' nor hex";
	if (!word_is(&ws, SALT, "-") && !is_hex(ws.w[SALT], ws.len[SALT], SIZE_MAX))
		return -EBADMSG;
	if (ws.n > NFIXED) {
		*why = "optional parameter count does not match the words that follow";
		if (!is_decimal(ws.w[NFIXED], ws.len[NFIXED]) || ws.len[NFIXED] > 2)
			return -EBADMSG;
		nopt = 0;
		for (i = 0; i < ws.len[NFIXED]; i++)
			nopt = nopt * 10 + (size_t)(ws.w[NFIXED][i] - '0');
		if (ws.n - NFIXED - 1 != nopt)
			return -EBADMSG;
		for (i = NFIXED + 1; i < ws.n; i++) {
			if (!word_is(&ws, i, "root_hash_sig_key_desc"))
				continue;
			*why = "root_hash_sig_key_desc without a key";
			if (i + 1 == ws.n)
				return -EBADMSG;
			vt->signed_ = true;
			i++;
		}
	}
	memcpy(vt->alg, ws.w[ALG], ws.len[ALG]);
	vt->alg[ws.len[ALG]] = '\0';
	vt->digest_len = (uint32_t)ws.len[DIGEST] / 2;
	ipe_hex_decode(ws.w[DIGEST], ws.len[DIGEST], vt->digest);
	*why = NULL;
	return 0;
}
