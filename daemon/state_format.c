// SPDX-License-Identifier: GPL-2.0-only
#include "state_format.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libipe-sig.h>

#include "strbuf.h"

#define MAGIC "ipe-bpf-state 2"
/* Before lockdown: no lockdown line. */
#define MAGIC_V1 "ipe-bpf-state 1"
/* "sha256 " + 64 hex digits + newline */
#define SUM_LINE_LEN (7 + 64 + 1)

static void put_name(struct ipe_strbuf *sb, const char *key, const char *name)
{
	ipe_strbuf_printf(sb, "%s ", key);
	ipe_strbuf_hex(sb, name, strlen(name), false);
}

int state_encode(const struct ipe_store *st, bool lockdown, uint8_t **out, size_t *len)
{
	struct ipe_strbuf sb = { 0 };
	const struct ipe_entry *e;
	const char *name;
	uint16_t v[3];
	uint8_t digest[32];
	size_t i;

	ipe_strbuf_printf(&sb, MAGIC "\nenforce %d\nsuccess_audit %d\nlockdown %d\n",
			  ipe_store_enforce(st), ipe_store_success_audit(st), lockdown);
	for (i = 0; (name = ipe_store_floor_at(st, i, v)); i++) {
		put_name(&sb, "floor", name);
		ipe_strbuf_printf(&sb, " %u.%u.%u\n", v[0], v[1], v[2]);
	}
	for (i = 0; (e = ipe_store_at(st, i)); i++) {
		const void *bytes = e->pkcs7 ? (const void *)e->pkcs7 : e->text;
		size_t n = e->pkcs7 ? e->pkcs7_len : e->text_len;

		ipe_strbuf_printf(&sb, "policy %s %zu\n", e->pkcs7 ? "signed" : "boot", n);
		ipe_strbuf_append(&sb, bytes, n);
		ipe_strbuf_puts(&sb, "\n");
	}
	e = ipe_store_active(st);
	if (e) {
		put_name(&sb, "active", e->policy->name);
		ipe_strbuf_puts(&sb, "\n");
	}
	if (!sb.failed) {
		ipe_sha256(sb.buf, sb.len, digest);
		ipe_strbuf_puts(&sb, "sha256 ");
		ipe_strbuf_hex(&sb, digest, sizeof(digest), false);
		ipe_strbuf_puts(&sb, "\n");
	}
	*out = (uint8_t *)ipe_strbuf_finish(&sb, len);
	return *out ? 0 : -ENOMEM;
}

/* ---- parsing ------------------------------------------------------------ */

struct cursor {
	const uint8_t *p, *end;
};

/* The next line without its newline, NUL-terminated in LINE; false at the end. */
static bool next_line(struct cursor *c, char *line, size_t size)
{
	const uint8_t *nl = memchr(c->p, '\n', (size_t)(c->end - c->p));
	size_t n;

	if (!nl)
		return false;
	n = (size_t)(nl - c->p);
	if (n >= size || memchr(c->p, 0, n))
		return false;
	memcpy(line, c->p, n);
	line[n] = 0;
	c->p = nl + 1;
	return true;
}

static int unhex(char ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	return -1;
}

/* Lower-case hex of a non-empty name without NUL bytes; -EBADMSG or -ENOMEM. */
static int parse_name(const char *hex, size_t n, char **out)
{
	char *name;
	size_t i;

	if (!n || n % 2)
		return -EBADMSG;
	name = malloc(n / 2 + 1);
	if (!name)
		return -ENOMEM;
	for (i = 0; i < n / 2; i++) {
		int hi = unhex(hex[2 * i]), lo = unhex(hex[2 * i + 1]);

		if (hi < 0 || lo < 0 || (hi == 0 && lo == 0)) {
			free(name);
			return -EBADMSG;
		}
		name[i] = (char)(hi << 4 | lo);
	}
	name[n / 2] = 0;
	*out = name;
	return 0;
}

/* A decimal without sign or leading zeros, at most MAX; END gets the rest. */
static bool parse_number(const char *s, unsigned long max, unsigned long *v, const char **end)
{
	unsigned long n = 0;
	const char *p = s;

	if (*p < '0' || *p > '9' || (*p == '0' && p[1] >= '0' && p[1] <= '9'))
		return false;
	for (; *p >= '0' && *p <= '9'; p++) {
		unsigned long digit = (unsigned long)(*p - '0');

		if (n > (max - digit) / 10)
			return false;
		n = n * 10 + digit;
	}
	*v = n;
	*end = p;
	return true;
}

static bool parse_bool_line(const char *line, const char *key, bool *out)
{
	size_t n = strlen(key);

	if (strncmp(line, key, n) || line[n] != ' ' || (line[n + 1] != '0' && line[n + 1] != '1') ||
	    line[n + 2])
		return false;
	*out = line[n + 1] == '1';
	return true;
}

static int parse_floor(const char *line, struct saved_state *s)
{
	const char *sp = strchr(line, ' '), *p;
	struct saved_floor f = { 0 }, *grown;
	unsigned long v;
	int i, err;

	if (!sp)
		return -EBADMSG;
	p = sp + 1;
	for (i = 0; i < 3; i++) {
		if (!parse_number(p, 65535, &v, &p) || *p != (i < 2 ? '.' : 0))
			return -EBADMSG;
		f.version[i] = (uint16_t)v;
		p++;
	}
	err = parse_name(line, (size_t)(sp - line), &f.name);
	if (err)
		return err;
	grown = realloc(s->floors, (s->nfloors + 1) * sizeof(*grown));
	if (!grown) {
		free(f.name);
		return -ENOMEM;
	}
	s->floors = grown;
	s->floors[s->nfloors++] = f;
	return 0;
}

static int parse_policy(const char *line, struct cursor *c, struct saved_state *s)
{
	struct saved_policy pol = { 0 }, *grown;
	const char *p;
	unsigned long n;

	if (!strncmp(line, "signed ", 7))
		p = line + 7;
	else if (!strncmp(line, "boot ", 5))
		p = line + 5, pol.boot = true;
	else
		return -EBADMSG;
	if (!parse_number(p, SIZE_MAX, &n, &p) || *p ||
	    n >= (size_t)(c->end - c->p) || c->p[n] != '\n')
		return -EBADMSG;
	pol.bytes = c->p;
	pol.len = n;
	c->p += n + 1;
	grown = realloc(s->policies, (s->npolicies + 1) * sizeof(*grown));
	if (!grown)
		return -ENOMEM;
	s->policies = grown;
	s->policies[s->npolicies++] = pol;
	return 0;
}

/*
 * Everything up to the checksum line; *SUM is where that line starts, after
 * checking it is the last one and has the checksum's shape.
 */
static int parse_body(struct cursor *c, struct saved_state *s, const uint8_t **sum)
{
	char line[1024];
	bool have_line, v1;
	int err = 0;

	if (!next_line(c, line, sizeof(line)))
		return -EBADMSG;
	v1 = !strcmp(line, MAGIC_V1);
	if (!v1 && strcmp(line, MAGIC))
		return -EBADMSG;
	if (!next_line(c, line, sizeof(line)) || !parse_bool_line(line, "enforce", &s->enforce) ||
	    !next_line(c, line, sizeof(line)) ||
	    !parse_bool_line(line, "success_audit", &s->success_audit))
		return -EBADMSG;
	if (!v1 && (!next_line(c, line, sizeof(line)) ||
		    !parse_bool_line(line, "lockdown", &s->lockdown)))
		return -EBADMSG;
	have_line = next_line(c, line, sizeof(line));
	for (; !err && have_line && !strncmp(line, "floor ", 6);
	     have_line = next_line(c, line, sizeof(line)))
		err = parse_floor(line + 6, s);
	for (; !err && have_line && !strncmp(line, "policy ", 7);
	     have_line = next_line(c, line, sizeof(line)))
		err = parse_policy(line + 7, c, s);
	if (!err && have_line && !strncmp(line, "active ", 7)) {
		err = parse_name(line + 7, strlen(line + 7), &s->active);
		have_line = !err && next_line(c, line, sizeof(line));
	}
	if (!err && (!have_line || c->p != c->end || strncmp(line, "sha256 ", 7) ||
		     strlen(line) != SUM_LINE_LEN - 1))
		err = -EBADMSG;
	if (!err)
		*sum = c->end - SUM_LINE_LEN;
	return err;
}

int state_parse(const uint8_t *buf, size_t len, struct saved_state *out)
{
	struct cursor c = { buf, buf + len };
	uint8_t digest[32];
	const uint8_t *sum_line = NULL;
	char hex[65];
	size_t i;
	int err;

	memset(out, 0, sizeof(*out));
	err = parse_body(&c, out, &sum_line);
	if (!err) {
		/* The checksum covers every byte above its own line. */
		ipe_sha256(buf, (size_t)(sum_line - buf), digest);
		for (i = 0; i < sizeof(digest); i++)
			snprintf(hex + 2 * i, 3, "%02x", digest[i]);
		if (memcmp(sum_line + 7, hex, 64))
			err = -EBADMSG;
	}
	if (err)
		saved_state_free(out);
	return err;
}

void saved_state_free(struct saved_state *s)
{
	size_t i;

	for (i = 0; i < s->nfloors; i++)
		free(s->floors[i].name);
	free(s->floors);
	free(s->policies);
	free(s->active);
	memset(s, 0, sizeof(*s));
}
