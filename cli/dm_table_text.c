// SPDX-License-Identifier: GPL-2.0-only
#include "dm_table_text.h"

#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <string.h>

#include "digest.h"

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* The next blank-separated word of *CUR, which advances past it; empty at the end. */
static struct dm_str next_word(struct dm_str *cur)
{
	struct dm_str w;

	while (cur->len && is_blank(*cur->s)) {
		cur->s++;
		cur->len--;
	}
	w.s = cur->s;
	for (w.len = 0; w.len < cur->len && !is_blank(w.s[w.len]); w.len++)
		;
	cur->s += w.len;
	cur->len -= w.len;
	return w;
}

static bool word_is(const struct dm_str *w, const char *s)
{
	return w->len == strlen(s) && !memcmp(w->s, s, w->len);
}

/* A plain decimal number: digits only, no sign, no overflow. */
static bool parse_u64(const struct dm_str *w, uint64_t *v)
{
	size_t i;

	if (!w->len)
		return false;
	*v = 0;
	for (i = 0; i < w->len; i++) {
		if (w->s[i] < '0' || w->s[i] > '9')
			return false;
		if (__builtin_mul_overflow(*v, 10, v) ||
		    __builtin_add_overflow(*v, (uint64_t)(w->s[i] - '0'), v))
			return false;
	}
	return true;
}

static bool parse_hex(const struct dm_str *w, uint8_t *out, size_t max, size_t *len)
{
	size_t i;

	if (!w->len || w->len % 2 || w->len / 2 > max)
		return false;
	for (i = 0; i < w->len; i++)
		if (!isxdigit((unsigned char)w->s[i]))
			return false;
	ipe_hex_decode(w->s, w->len, out);
	*len = w->len / 2;
	return true;
}

int dm_table_line_parse(const char *line, size_t len, struct dm_table_line *out,
			const char **why)
{
	struct dm_str cur = { line, len }, w;
	size_t i;

	memset(out, 0, sizeof(*out));
	if (memchr(line, '\0', len)) {
		*why = "a NUL byte in the line";
		return -EBADMSG;
	}
	while (cur.len && (is_blank(cur.s[cur.len - 1]) || cur.s[cur.len - 1] == '\r'))
		cur.len--;
	if (!cur.len)
		return -ENODATA;
	/* A line starts with its START number unless dmsetup put "NAME: " before it. */
	for (i = 0; i < cur.len && cur.s[i] >= '0' && cur.s[i] <= '9'; i++)
		;
	if (!i || i == cur.len || !is_blank(cur.s[i])) {
		for (i = 0; i + 1 < cur.len; i++)
			if (cur.s[i] == ':' && is_blank(cur.s[i + 1]))
				break;
		if (i + 1 >= cur.len || !i) {
			*why = "not a table line: expected [NAME: ]START LENGTH TARGET [PARAMS]";
			return -EBADMSG;
		}
		out->name = (struct dm_str){ cur.s, i };
		cur.s += i + 1;
		cur.len -= i + 1;
	}
	w = next_word(&cur);
	if (!parse_u64(&w, &out->start)) {
		*why = "START is not a decimal number";
		return -EBADMSG;
	}
	w = next_word(&cur);
	if (!parse_u64(&w, &out->length)) {
		*why = "LENGTH is not a decimal number";
		return -EBADMSG;
	}
	out->target = next_word(&cur);
	if (!out->target.len) {
		*why = "no TARGET after START and LENGTH";
		return -EBADMSG;
	}
	while (cur.len && is_blank(*cur.s)) {
		cur.s++;
		cur.len--;
	}
	out->params = cur;
	return 0;
}

static bool parse_block_size(const struct dm_str *w, uint32_t *bs)
{
	uint64_t v;

	if (!parse_u64(w, &v) || v < 512 || v > (1u << 31) || (v & (v - 1)))
		return false;
	*bs = (uint32_t)v;
	return true;
}

static int parse_options(struct dm_str cur, struct dm_verity_params *v, const char **why)
{
	struct dm_str w = next_word(&cur);
	uint64_t count, i;

	if (!w.len)
		return 0;
	if (!parse_u64(&w, &count)) {
		*why = "#OPT_ARGS is not a count of optional words";
		return -EBADMSG;
	}
	for (i = 0; i < count; i++) {
		w = next_word(&cur);
		if (!w.len) {
			*why = "fewer optional words than #OPT_ARGS counts";
			return -EBADMSG;
		}
		if (word_is(&w, "root_hash_sig_key_desc")) {
			v->sig_key = next_word(&cur);
			if (!v->sig_key.len || ++i == count) {
				*why = "root_hash_sig_key_desc without its key description (#OPT_ARGS counts the option and its value as two words)";
				return -EBADMSG;
			}
		}
	}
	v->nopts = (unsigned)count;
	if (next_word(&cur).len) {
		*why = "more words than #OPT_ARGS counts";
		return -EBADMSG;
	}
	return 0;
}

int dm_verity_params_parse(const struct dm_str *params, struct dm_verity_params *v,
			   const char **why)
{
	struct dm_str cur = *params, w;
	uint64_t n;

	memset(v, 0, sizeof(*v));
	if (memchr(params->s, '\0', params->len)) {
		*why = "a NUL byte in the parameters";
		return -EBADMSG;
	}
	w = next_word(&cur);
	if (!parse_u64(&w, &n) || n > 1) {
		*why = "VERSION is not 0 or 1";
		return -EBADMSG;
	}
	v->version = (unsigned)n;
	v->dev = next_word(&cur);
	v->hash_dev = next_word(&cur);
	if (!v->hash_dev.len) {
		*why = "missing DEV or HASH_DEV";
		return -EBADMSG;
	}
	w = next_word(&cur);
	if (!parse_block_size(&w, &v->data_block_size)) {
		*why = "DATA_BLOCK_SIZE is not a power of two from 512 to 2^31";
		return -EBADMSG;
	}
	w = next_word(&cur);
	if (!parse_block_size(&w, &v->hash_block_size)) {
		*why = "HASH_BLOCK_SIZE is not a power of two from 512 to 2^31";
		return -EBADMSG;
	}
	w = next_word(&cur);
	if (!parse_u64(&w, &v->data_blocks)) {
		*why = "NUM_DATA_BLOCKS is not a decimal number";
		return -EBADMSG;
	}
	w = next_word(&cur);
	if (!parse_u64(&w, &v->hash_start)) {
		*why = "HASH_START_BLOCK is not a decimal number";
		return -EBADMSG;
	}
	w = next_word(&cur);
	if (!w.len || w.len > DM_VERITY_MAX_ALG) {
		*why = "ALGORITHM is missing or longer than 63 bytes";
		return -EBADMSG;
	}
	memcpy(v->alg, w.s, w.len);
	w = next_word(&cur);
	if (!parse_hex(&w, v->digest, DM_VERITY_MAX_DIGEST, &v->digest_len)) {
		*why = "ROOT_DIGEST is not hex of 1 to 64 bytes";
		return -EBADMSG;
	}
	w = next_word(&cur);
	if (!word_is(&w, "-") && !parse_hex(&w, v->salt, DM_VERITY_MAX_SALT, &v->salt_len)) {
		*why = "SALT is neither '-' nor hex of 1 to 256 bytes";
		return -EBADMSG;
	}
	return parse_options(cur, v, why);
}
