// SPDX-License-Identifier: GPL-2.0-only
#define _GNU_SOURCE	/* memmem */
/*
 * A 1420 record read back from a log line: first the wrapping, which says
 * whether the line is a 1420 record at all and where its text is, then the
 * text, field by field, in the one form the kernel writes.
 */
#include "access_record.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libipe.h>

#include "ipe-bpf.h"

#define COMM_MAX 15	/* TASK_COMM_LEN - 1 */
#define DEV_MAX 31	/* sizeof(s_id) - 1 */
#define NAME_MAX_LEN 31	/* longer than any op or hook name */
#define ENRICHED_SEP 0x1d	/* auditd's enriched format: interpretations follow */

/* A byte range being read: P moves towards END, never past it. */
struct cur {
	const char *p, *end;
};

static size_t left(const struct cur *c)
{
	return (size_t)(c->end - c->p);
}

/* Consume S when C starts with it. */
static bool lit(struct cur *c, const char *s)
{
	size_t n = strlen(s);

	if (left(c) < n || memcmp(c->p, s, n))
		return false;
	c->p += n;
	return true;
}

/* Consume and return the bytes up to the next space or the end. */
static struct cur word(struct cur *c)
{
	const char *sp = memchr(c->p, ' ', left(c));
	struct cur w = { c->p, sp ? sp : c->end };

	c->p = w.end;
	return w;
}

static bool word_is(struct cur w, const char *s)
{
	return left(&w) == strlen(s) && !memcmp(w.p, s, left(&w));
}

static bool is_digit(char ch)
{
	return ch >= '0' && ch <= '9';
}

/* Consume one or more decimal digits. */
static bool digits(struct cur *c)
{
	const char *start = c->p;

	while (c->p < c->end && is_digit(*c->p))
		c->p++;
	return c->p > start;
}

/* A decimal as the kernel prints one: no sign, no leading zero, at most MAX. */
static bool decimal(struct cur w, uint64_t max, uint64_t *out)
{
	uint64_t v = 0;

	if (!left(&w) || (*w.p == '0' && left(&w) > 1))
		return false;
	for (; w.p < w.end; w.p++) {
		uint64_t d = (uint64_t)(*w.p - '0');

		if (!is_digit(*w.p) || v > (max - d) / 10)
			return false;
		v = v * 10 + d;
	}
	*out = v;
	return true;
}

/* The kernel's hex is upper case (audit_log_n_hex). */
static int hex_value(char ch)
{
	if (is_digit(ch))
		return ch - '0';
	if (ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	return -1;
}

static bool hex_digits(struct cur w)
{
	for (; w.p < w.end; w.p++)
		if (hex_value(*w.p) < 0)
			return false;
	return true;
}

/* A byte an untrusted string may show between quotes. */
static bool plain(unsigned char ch)
{
	return ch >= 0x21 && ch <= 0x7e && ch != '"';
}

/*
 * The untrusted string W (SPEC §7): "TEXT" when every byte is plain, else
 * the bytes in hex.  Either form where the other is due is refused, as is a
 * NUL byte (every source is a C string) and more than MAX bytes.  With OUT,
 * the bytes are returned malloc'd and NUL-terminated.
 */
static int untrusted(struct cur w, size_t max, char **out, size_t *out_len)
{
	size_t n = left(&w), len, i;
	bool needs_hex = false;
	char *s;

	if (n >= 2 && w.p[0] == '"' && w.p[n - 1] == '"') {
		len = n - 2;
		for (i = 1; i <= len; i++)
			if (!plain((unsigned char)w.p[i]))
				return -EBADMSG;
	} else {
		if (!n || n % 2 || !hex_digits(w))
			return -EBADMSG;
		len = n / 2;
		for (i = 0; i < len; i++) {
			unsigned char ch = (unsigned char)(hex_value(w.p[2 * i]) << 4 |
							   hex_value(w.p[2 * i + 1]));

			if (!ch)
				return -EBADMSG;
			needs_hex |= !plain(ch);
		}
		if (!needs_hex)
			return -EBADMSG;
	}
	if (len > max)
		return -EBADMSG;
	if (!out)
		return 0;
	s = malloc(len + 1);
	if (!s)
		return -ENOMEM;
	for (i = 0; i < len; i++)
		s[i] = needs_hex ? (char)(hex_value(w.p[2 * i]) << 4 | hex_value(w.p[2 * i + 1]))
				 : w.p[i + 1];
	s[len] = '\0';
	*out = s;
	if (out_len)
		*out_len = len;
	return 0;
}

/* ---- the rule text ------------------------------------------------------ */

/* The value of a digest property: ALG as an untrusted string, ':', HEX. */
static bool digest_value(struct cur v)
{
	const char *colon;

	if (left(&v) && *v.p == '"') {
		const char *q = memchr(v.p + 1, '"', left(&v) - 1);

		if (!q)
			return false;
		colon = q + 1;
	} else {
		colon = memchr(v.p, ':', left(&v));
		if (!colon)
			return false;
	}
	if (colon == v.end || *colon != ':' ||
	    untrusted((struct cur){ v.p, colon }, SIZE_MAX, NULL, NULL))
		return false;
	v.p = colon + 1;
	return left(&v) % 2 == 0 && hex_digits(v);
}

static bool prop_token(struct cur tok)
{
	static const char *const flags[] = {
		"boot_verified=TRUE", "boot_verified=FALSE",
		"dmverity_signature=TRUE", "dmverity_signature=FALSE",
		"fsverity_signature=TRUE", "fsverity_signature=FALSE",
	};
	size_t i;

	for (i = 0; i < sizeof(flags) / sizeof(flags[0]); i++)
		if (word_is(tok, flags[i]))
			return true;
	return (lit(&tok, "dmverity_roothash=") || lit(&tok, "fsverity_digest=")) &&
	       digest_value(tok);
}

static bool op_token(struct cur tok, int op)
{
	return op != IPE_OP_INVALID && lit(&tok, "op=") && word_is(tok, ipe_op_name(op));
}

static bool action_token(struct cur tok, int *action)
{
	if (word_is(tok, "action=ALLOW"))
		*action = IPE_ACTION_ALLOW;
	else if (word_is(tok, "action=DENY"))
		*action = IPE_ACTION_DENY;
	else
		return false;
	return true;
}

/* Step over the space that ended the last token and take the next one. */
static struct cur next_token(struct cur *t)
{
	if (t->p < t->end)
		t->p++;
	return word(t);
}

/*
 * The rule text as SPEC §2.2 prints it for an event of OP: "DEFAULT
 * action=A", "DEFAULT op=OP action=A", or "op=OP PROPERTY... action=A".
 */
static int rule_text(struct cur t, int op, int *action)
{
	struct cur tok;

	if (!left(&t) || t.p[0] == ' ' || t.end[-1] == ' ' || memmem(t.p, left(&t), "  ", 2))
		return -EBADMSG;
	tok = word(&t);
	if (word_is(tok, "DEFAULT")) {
		tok = next_token(&t);
		if (op_token(tok, op))
			tok = next_token(&t);
		return action_token(tok, action) && !left(&t) ? 0 : -EBADMSG;
	}
	if (!op_token(tok, op))
		return -EBADMSG;
	for (;;) {
		if (!left(&t))
			return -EBADMSG;
		tok = next_token(&t);
		if (!left(&t))
			return action_token(tok, action) ? 0 : -EBADMSG;
		if (!prop_token(tok))
			return -EBADMSG;
	}
}

/* ---- the record text ---------------------------------------------------- */

/* Consume NAME (" comm=", say) and the word after it. */
static bool field(struct cur *c, const char *name, struct cur *value)
{
	if (!lit(c, name))
		return false;
	*value = word(c);
	return true;
}

/* An op or hook name through libipe's table; -1 when unknown. */
static int name_lookup(struct cur w, int (*from_name)(const char *))
{
	char name[NAME_MAX_LEN + 1];

	if (left(&w) > NAME_MAX_LEN || memchr(w.p, '\0', left(&w)))
		return -1;
	memcpy(name, w.p, left(&w));
	name[left(&w)] = '\0';
	return from_name(name);
}

/*
 * The hook evaluates the op (SPEC §3), and has a file when it always does:
 * exec checks and kernel_read_file always have one, kernel_load_data never.
 */
static bool event_possible(int op, int hook, bool has_file)
{
	if (!ipe_hook_takes_op(hook, op))
		return false;
	if (hook == IPE_HOOK_KERNEL_LOAD)
		return !has_file;
	return has_file || hook == IPE_HOOK_MMAP || hook == IPE_HOOK_MPROTECT;
}

static int record_text(struct cur c, struct access_record *r)
{
	struct cur w, path, dev, ino;
	uint64_t v;
	int err;

	if (!field(&c, "ipe_op=", &w))
		return -EBADMSG;
	r->op = word_is(w, "UNKNOWN") ? IPE_OP_INVALID : name_lookup(w, ipe_op_from_name);
	if (r->op < 0 || !field(&c, " ipe_hook=", &w))
		return -EBADMSG;
	r->hook = name_lookup(w, ipe_hook_from_name);
	if (r->hook < 0 || !field(&c, " enforcing=", &w) || !(word_is(w, "0") || word_is(w, "1")))
		return -EBADMSG;
	r->enforcing = *w.p == '1';
	if (!field(&c, " pid=", &w) || !decimal(w, INT32_MAX, &v))
		return -EBADMSG;
	r->pid = (uint32_t)v;
	if (!field(&c, " comm=", &w))
		return -EBADMSG;
	err = untrusted(w, COMM_MAX, &r->comm, NULL);
	if (err)
		return err;
	if (!field(&c, " path=", &path) || !field(&c, " dev=", &dev) || !field(&c, " ino=", &ino))
		return -EBADMSG;
	r->has_file = !word_is(path, "?");
	if (!r->has_file) {
		if (!word_is(dev, "?") || !word_is(ino, "?"))
			return -EBADMSG;
	} else {
		if (!decimal(ino, UINT64_MAX, &r->ino))
			return -EBADMSG;
		err = untrusted(path, SIZE_MAX, &r->path, &r->path_len);
		if (!err)
			err = untrusted(dev, DEV_MAX, &r->dev, NULL);
		if (err)
			return err;
	}
	if (!event_possible(r->op, r->hook, r->has_file))
		return -EBADMSG;
	/* The rule text holds quotes itself: it ends at the record's last byte. */
	if (!lit(&c, " rule=\"") || !left(&c) || c.end[-1] != '"')
		return -EBADMSG;
	c.end--;
	if (left(&c) == strlen(IPE_BPF_UNREADABLE_RULE) &&
	    !memcmp(c.p, IPE_BPF_UNREADABLE_RULE, left(&c))) {
		r->unreadable = true;
		r->action = IPE_ACTION_DENY;
	} else {
		err = rule_text(c, r->op, &r->action);
		if (err)
			return err;
	}
	r->rule = strndup(c.p, left(&c));
	return r->rule ? 0 : -ENOMEM;
}

/* ---- the wrappings ------------------------------------------------------ */

enum kind {
	KIND_NONE,	/* no wrapping starts here */
	KIND_ACCESS,	/* a 1420 record: its text follows */
	KIND_USER,	/* a USER_AVC record: its fields follow */
	KIND_OTHER,	/* a record of another type */
};

/* A record type as the wrappings spell it. */
static enum kind type_kind(struct cur w)
{
	static const char *const access[] = { "1420", "IPE_ACCESS", "UNKNOWN[1420]", "AUDIT1420" };
	static const char *const user[] = { "1107", "USER_AVC" };
	size_t i;

	for (i = 0; i < sizeof(access) / sizeof(access[0]); i++)
		if (word_is(w, access[i]))
			return KIND_ACCESS;
	for (i = 0; i < sizeof(user) / sizeof(user[0]); i++)
		if (word_is(w, user[i]))
			return KIND_USER;
	return KIND_OTHER;
}

/* "audit(S.MS:ID): " */
static bool stamp(struct cur *c)
{
	return lit(c, "audit(") && digits(c) && lit(c, ".") && digits(c) && lit(c, ":") &&
	       digits(c) && lit(c, "): ");
}

/* journald's type names: upper case, digits and '_'. */
static bool type_name(struct cur w)
{
	if (!left(&w))
		return false;
	for (; w.p < w.end; w.p++)
		if (!((*w.p >= 'A' && *w.p <= 'Z') || is_digit(*w.p) || *w.p == '_'))
			return false;
	return true;
}

/* The wrapping that starts at C, if one does, with C moved past it. */
static enum kind wrapping(struct cur *c)
{
	struct cur s = *c, w, d;

	/* auditd: type=T msg=audit(...): ; the kernel log: type=T audit(...): */
	if (lit(&s, "type=")) {
		w = word(&s);
		if (lit(&s, " ")) {
			(void)lit(&s, "msg=");
			if (stamp(&s)) {
				*c = s;
				return type_kind(w);
			}
		}
	}
	/* iped's syslog and stderr lines: audit type=N */
	s = *c;
	if (lit(&s, "audit type=")) {
		d = w = word(&s);
		if (digits(&d) && !left(&d) && lit(&s, " ")) {
			*c = s;
			return type_kind(w);
		}
	}
	/* journald: audit: T or audit[PID]: T */
	s = *c;
	if (lit(&s, "audit") && (!lit(&s, "[") || (digits(&s) && lit(&s, "]"))) && lit(&s, ": ")) {
		w = word(&s);
		if (type_name(w) && lit(&s, " ")) {
			*c = s;
			return type_kind(w);
		}
	}
	return KIND_NONE;
}

/*
 * FIELDS are a user message's: pid= uid= auid= ses= [subj=] msg='TEXT',
 * TEXT unescaped and the last field, so it ends at the line's last byte.
 * Only TEXT that starts as a 1420 record does is iped's.
 */
static int user_message(struct cur fields, struct cur *text)
{
	struct cur c;

	for (c = fields; left(&c); c.p++) {
		struct cur m = c;

		if ((c.p > fields.p && c.p[-1] != ' ') || !lit(&m, "msg='"))
			continue;
		if (left(&m) < strlen("ipe_op=") || memcmp(m.p, "ipe_op=", strlen("ipe_op=")))
			return -ENOENT;
		if (m.end[-1] != '\'')
			return -EBADMSG;
		*text = (struct cur){ m.p, m.end - 1 };
		return 0;
	}
	return -ENOENT;
}

static int text_line(const char *line, size_t len, struct cur *text)
{
	const char *sep = memchr(line, ENRICHED_SEP, len);
	const char *end = sep ? sep : line + len;
	const char *p;

	for (p = line; p < end; p++) {
		struct cur c = { p, end };

		if (p > line && p[-1] != ' ')
			continue;
		switch (wrapping(&c)) {
		case KIND_NONE:
			continue;
		case KIND_ACCESS:
			*text = c;
			return 0;
		case KIND_USER:
			return user_message(c, text);
		case KIND_OTHER:
			return -ENOENT;
		}
	}
	return -ENOENT;
}

/* ---- iped's JSON lines -------------------------------------------------- */

static void json_space(struct cur *c)
{
	while (left(c) && (*c->p == ' ' || *c->p == '\t' || *c->p == '\r' || *c->p == '\n'))
		c->p++;
}

/* The byte an escape after '\' stands for.  json.h writes bytes as \u00XX. */
static bool json_escape(struct cur *c, unsigned char *ch)
{
	static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
	const char *at;
	unsigned v = 0;
	int i;

	if (!left(c))
		return false;
	at = strchr(from, *c->p);
	if (*c->p && at) {
		*ch = (unsigned char)to[at - from];
		c->p++;
		return true;
	}
	if (!lit(c, "u") || left(c) < 4)
		return false;
	for (i = 0; i < 4; i++) {
		char h = c->p[i];
		int d = h >= 'a' && h <= 'f' ? h - 'a' + 10 : hex_value(h);

		if (d < 0)
			return false;
		v = v << 4 | (unsigned)d;
	}
	if (v > 0xff)	/* a character, not a byte: never written by iped */
		return false;
	c->p += 4;
	*ch = (unsigned char)v;
	return true;
}

/* A JSON string, decoded into a malloc'd NUL-terminated buffer. */
static int json_string(struct cur *c, char **out, size_t *out_len)
{
	char *buf;
	size_t n = 0;

	if (!lit(c, "\""))
		return -EBADMSG;
	buf = malloc(left(c) + 1);
	if (!buf)
		return -ENOMEM;
	while (left(c)) {
		unsigned char ch = (unsigned char)*c->p++;

		if (ch == '"') {
			buf[n] = '\0';
			*out = buf;
			*out_len = n;
			return 0;
		}
		if (ch < 0x20 || (ch == '\\' && !json_escape(c, &ch)))
			break;
		buf[n++] = (char)ch;
	}
	free(buf);
	return -EBADMSG;
}

static bool json_number(struct cur *c, struct cur *num)
{
	num->p = c->p;
	(void)lit(c, "-");
	if (!lit(c, "0") && !digits(c))
		return false;
	if (lit(c, ".") && !digits(c))
		return false;
	if ((lit(c, "e") || lit(c, "E")) && ((void)(lit(c, "+") || lit(c, "-")), !digits(c)))
		return false;
	num->end = c->p;
	return true;
}

/*
 * {"time": T, "type": N, "text": "..."}: a flat object of strings and
 * numbers.  The line is a 1420 record once a complete "type" member says
 * 1420; damage before that leaves it unknown, so -ENOENT.
 */
static int json_line(struct cur c, char **text, size_t *text_len)
{
	enum kind kind = KIND_NONE;
	char *key = NULL;
	size_t key_len;
	int err = -EBADMSG;

	*text = NULL;
	json_space(&c);
	if (!lit(&c, "{"))
		goto out;
	json_space(&c);
	if (!lit(&c, "}")) {
		for (;;) {
			enum kind member = KIND_NONE;
			struct cur num;

			err = json_string(&c, &key, &key_len);
			if (err)
				goto out;
			err = -EBADMSG;
			json_space(&c);
			if (!lit(&c, ":"))
				goto out;
			json_space(&c);
			if (word_is((struct cur){ key, key + key_len }, "type")) {
				if (kind != KIND_NONE || !json_number(&c, &num))
					goto out;
				member = type_kind(num) == KIND_ACCESS ? KIND_ACCESS : KIND_OTHER;
			} else if (word_is((struct cur){ key, key + key_len }, "text")) {
				if (*text)
					goto out;
				err = json_string(&c, text, text_len);
				if (err)
					goto out;
				err = -EBADMSG;
			} else if (left(&c) && *c.p == '"') {
				char *skip;
				size_t skip_len;

				err = json_string(&c, &skip, &skip_len);
				if (err)
					goto out;
				free(skip);
				err = -EBADMSG;
			} else if (!json_number(&c, &num)) {
				goto out;
			}
			free(key);
			key = NULL;
			json_space(&c);
			if (!lit(&c, ",") && !lit(&c, "}"))
				goto out;
			if (member != KIND_NONE)
				kind = member;
			if (c.p[-1] == '}')
				break;
			json_space(&c);
		}
	}
	json_space(&c);
	err = left(&c) ? -EBADMSG : 0;
out:
	free(key);
	if (err == -ENOMEM || kind != KIND_ACCESS) {
		free(*text);
		*text = NULL;
		return err == -ENOMEM ? err : -ENOENT;
	}
	if (!err && !*text)
		err = -EBADMSG;
	if (err) {
		free(*text);
		*text = NULL;
	}
	return err;
}

/* ---- the whole line ----------------------------------------------------- */

int access_record_parse(const char *line, size_t len, struct access_record *r)
{
	struct cur c = { line, line + len };
	char *decoded = NULL;
	size_t decoded_len;
	int err;

	*r = (struct access_record){ 0 };
	/* The CR of a log written with CR LF line ends belongs to the newline. */
	if (len && line[len - 1] == '\r')
		c.end--;
	json_space(&c);
	if (left(&c) && *c.p == '{') {
		err = json_line(c, &decoded, &decoded_len);
		if (!err)
			c = (struct cur){ decoded, decoded + decoded_len };
	} else {
		err = text_line(line, (size_t)(c.end - line), &c);
	}
	if (!err)
		err = record_text(c, r);
	free(decoded);
	if (err)
		access_record_free(r);
	return err;
}

/* What d_path appends to the path of an unlinked file. */
#define DELETED_SUFFIX " (deleted)"

int access_record_path_now(const struct access_record *r, char **path, bool *deleted)
{
	size_t n = r->path_len, suffix = strlen(DELETED_SUFFIX);

	*path = NULL;
	*deleted = false;
	if (r->path[0] != '/')
		return 0;
	*deleted = n > suffix && !memcmp(r->path + n - suffix, DELETED_SUFFIX, suffix);
	*path = strndup(r->path, *deleted ? n - suffix : n);
	return *path ? 0 : -ENOMEM;
}

void access_record_free(struct access_record *r)
{
	free(r->comm);
	free(r->path);
	free(r->dev);
	free(r->rule);
	*r = (struct access_record){ 0 };
}
