// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The policy parser.  It reproduces kernel IPE's acceptance and its errno for
 * every input, including the order in which errors win: line by line, token by
 * token left to right, the action after the other tokens of its line, missing
 * defaults last.  It reads the caller's bytes in place and copies into the
 * policy's arena only what the policy keeps.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "arena.h"
#include "digest.h"
#include "libipe.h"

struct token {
	const char *s;
	size_t len;
};

struct parser {
	const char *end;		/* one past the last byte before any NUL */
	const char *line_start;		/* for columns */
	uint32_t line;			/* as an editor counts: CR LF is one break */
	struct ipe_policy *pol;
	struct ipe_arena *arena;
	struct ipe_diag *diag;
	struct ipe_rule *tail;
	const char *last_alg;		/* consecutive digests share one copy */
	uint32_t header_line;
	/* scratch, reused across lines */
	struct token *tok;
	size_t ntok, tok_cap;
	struct ipe_prop *props;
	size_t nprops, props_cap;
};

static const char *const op_tokens[IPE_OP_COUNT] = {
	"op=EXECUTE", "op=FIRMWARE", "op=KMODULE", "op=KEXEC_IMAGE",
	"op=KEXEC_INITRAMFS", "op=POLICY", "op=X509_CERT",
};

/* Property tokens with no value, by kind; NULL for the digest kinds. */
static const char *const flag_tokens[IPE_PROP_KIND_COUNT] = {
	[IPE_PROP_BOOT_VERIFIED_FALSE] = "boot_verified=FALSE",
	[IPE_PROP_BOOT_VERIFIED_TRUE] = "boot_verified=TRUE",
	[IPE_PROP_DMV_SIG_FALSE] = "dmverity_signature=FALSE",
	[IPE_PROP_DMV_SIG_TRUE] = "dmverity_signature=TRUE",
	[IPE_PROP_FSV_SIG_FALSE] = "fsverity_signature=FALSE",
	[IPE_PROP_FSV_SIG_TRUE] = "fsverity_signature=TRUE",
};

#define HDR_NAME "policy_name="
#define HDR_VERSION "policy_version="
#define DMV_ROOTHASH "dmverity_roothash="
#define FSV_DIGEST "fsverity_digest="

static bool tok_is(const struct token *t, const char *s)
{
	size_t n = strlen(s);

	return t->len == n && memcmp(t->s, s, n) == 0;
}

static bool tok_has_prefix(const struct token *t, const char *s)
{
	size_t n = strlen(s);

	return t->len >= n && memcmp(t->s, s, n) == 0;
}

static bool tok_is_nocase(const struct token *t, const char *s)
{
	return t->len == strlen(s) && strncasecmp(t->s, s, t->len) == 0;
}

/* Quote a token for a message: at most 48 bytes, non-printables escaped. */
static const char *show(const char *s, size_t len, char out[256])
{
	size_t i, o = 0;

	out[o++] = '\'';
	for (i = 0; i < len && i < 48; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c >= 0x20 && c < 0x7f && c != '\\')
			out[o++] = (char)c;
		else
			o += (size_t)snprintf(out + o, 5, "\\x%02x", c);
	}
	if (i < len) {
		memcpy(out + o, "...", 3);
		o += 3;
	}
	out[o++] = '\'';
	out[o] = '\0';
	return out;
}

__attribute__((format(printf, 4, 5)))
static int fail(struct parser *p, int err, const char *at, const char *fmt, ...)
{
	va_list ap;

	if (!p->diag)
		return -err;
	p->diag->err = err;
	p->diag->line = p->line;
	p->diag->col = at ? (uint32_t)(at - p->line_start) + 1 : 1;
	va_start(ap, fmt);
	vsnprintf(p->diag->msg, sizeof(p->diag->msg), fmt, ap);
	va_end(ap);
	return -err;
}

static int nomem(struct parser *p)
{
	return fail(p, ENOMEM, NULL, "out of memory");
}

/* Kernel isspace() minus the line breaks, which never reach a line. */
static bool is_trailing_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\v' || c == '\f' || c == 0xa0;
}

/* Split [s, e) at runs of spaces and tabs into p->tok. */
static int tokenize(struct parser *p, const char *s, const char *e)
{
	p->ntok = 0;
	while (s < e) {
		const char *t;

		while (s < e && (*s == ' ' || *s == '\t'))
			s++;
		if (s == e)
			break;
		t = s;
		while (s < e && *s != ' ' && *s != '\t')
			s++;
		if (p->ntok == p->tok_cap) {
			size_t cap = p->tok_cap ? 2 * p->tok_cap : 16;
			struct token *n = realloc(p->tok, cap * sizeof(*n));

			if (!n)
				return nomem(p);
			p->tok = n;
			p->tok_cap = cap;
		}
		p->tok[p->ntok++] = (struct token){ t, (size_t)(s - t) };
	}
	return 0;
}

/*
 * One version component as the kernel's kstrtou16(.., 10, ..) reads it:
 * overflow of the digit run beats garbage, garbage beats > 65535.
 */
static int parse_u16(struct parser *p, const char *s, size_t len, uint16_t *out)
{
	char buf[256];
	uint64_t v = 0;
	bool overflow = false;
	size_t i = 0, digits = 0;

	if (len && s[0] == '+')
		i++;
	for (; i < len && s[i] >= '0' && s[i] <= '9'; i++, digits++) {
		unsigned d = (unsigned)(s[i] - '0');

		if (v > (UINT64_MAX - d) / 10)
			overflow = true;
		v = v * 10 + d;
	}
	if (overflow)
		return fail(p, ERANGE, s, "version component %s is out of range (at most 65535)",
			    show(s, len, buf));
	if (!digits || i < len)
		return fail(p, EINVAL, s,
			    "version component %s is not a decimal number (digits 0-9, optionally one leading '+')",
			    show(s, len, buf));
	if (v > UINT16_MAX)
		return fail(p, ERANGE, s, "version component %s is out of range (at most 65535)",
			    show(s, len, buf));
	*out = (uint16_t)v;
	return 0;
}

static int parse_version(struct parser *p, const char *s, size_t len)
{
	const char *end = s + len;
	unsigned n = 0;
	int rc;

	for (;;) {
		const char *dot = memchr(s, '.', (size_t)(end - s));
		const char *ce = dot ? dot : end;

		if (n == 3)
			return fail(p, EBADMSG, s,
				    "policy version has more than three components (expected MAJOR.MINOR.REVISION)");
		rc = parse_u16(p, s, (size_t)(ce - s), &p->pol->version[n]);
		if (rc)
			return rc;
		n++;
		if (!dot)
			break;
		s = dot + 1;
	}
	if (n < 3)
		return fail(p, EBADMSG, s,
			    "policy version has %u component%s; expected MAJOR.MINOR.REVISION",
			    n, n == 1 ? "" : "s");
	return 0;
}

static int parse_header(struct parser *p)
{
	char buf[256];
	size_t i;
	int rc;

	for (i = 0; i < p->ntok; i++) {
		const struct token *t = &p->tok[i];

		if (i == 0) {
			if (!tok_has_prefix(t, HDR_NAME) || t->len == strlen(HDR_NAME))
				return fail(p, EBADMSG, t->s,
					    "the first line must be the header 'policy_name=NAME policy_version=MAJOR.MINOR.REVISION', got %s",
					    show(t->s, t->len, buf));
			p->pol->name = ipe_arena_strndup(p->arena, t->s + strlen(HDR_NAME),
							 t->len - strlen(HDR_NAME));
			if (!p->pol->name)
				return nomem(p);
		} else if (i == 1) {
			if (!tok_has_prefix(t, HDR_VERSION) || t->len == strlen(HDR_VERSION))
				return fail(p, EBADMSG, t->s,
					    "expected 'policy_version=MAJOR.MINOR.REVISION' after the policy name, got %s",
					    show(t->s, t->len, buf));
			rc = parse_version(p, t->s + strlen(HDR_VERSION),
					   t->len - strlen(HDR_VERSION));
			if (rc)
				return rc;
		} else {
			return fail(p, EBADMSG, t->s,
				    "unexpected %s: the header line holds only policy_name= and policy_version=",
				    show(t->s, t->len, buf));
		}
	}
	if (p->ntok < 2)
		return fail(p, EBADMSG, p->tok[0].s + p->tok[0].len,
			    "the header needs 'policy_version=MAJOR.MINOR.REVISION' after the policy name");
	return 0;
}

static int parse_op(struct parser *p, const struct token *t)
{
	char buf[256];
	int i;

	for (i = 0; i < IPE_OP_COUNT; i++)
		if (tok_is(t, op_tokens[i]))
			return i;
	for (i = 0; i < IPE_OP_COUNT; i++)
		if (tok_is_nocase(t, op_tokens[i]))
			return fail(p, EBADMSG, t->s,
				    "unknown operation %s: keywords are case-sensitive, did you mean '%s'?",
				    show(t->s, t->len, buf), op_tokens[i]);
	return fail(p, EBADMSG, t->s,
		    "expected an operation (op=EXECUTE, op=FIRMWARE, op=KMODULE, op=KEXEC_IMAGE, op=KEXEC_INITRAMFS, op=POLICY or op=X509_CERT), got %s",
		    show(t->s, t->len, buf));
}

/*
 * Parse the ALG:HEX value after PREFIX.  The algorithm is interned: rules
 * written one after another with the same algorithm share one arena copy.
 */
static int parse_digest(struct parser *p, const struct token *t, size_t prefix,
			struct ipe_digest *d)
{
	const char *v = t->s + prefix;
	size_t len = t->len - prefix, colon, bad, hexlen;
	char buf[256];
	uint8_t *bytes;
	int rc;

	rc = ipe_digest_check(v, len, &colon, &bad);
	if (rc == -EBADMSG)
		return fail(p, EBADMSG, v,
			    "digest %s has no ':' between algorithm and hex digest (expected ALG:HEX, e.g. sha256:...)",
			    show(v, len, buf));
	if (rc && bad == len)
		return fail(p, EINVAL, v + colon + 1,
			    "digest hex has an odd number of digits (%zu)", len - colon - 1);
	if (rc)
		return fail(p, EINVAL, v + bad, "digest hex contains %s, which is not a hex digit",
			    show(v + bad, 1, buf));
	if (!p->last_alg || strlen(p->last_alg) != colon || memcmp(p->last_alg, v, colon)) {
		p->last_alg = ipe_arena_strndup(p->arena, v, colon);
		if (!p->last_alg)
			return nomem(p);
	}
	hexlen = len - colon - 1;
	bytes = ipe_arena_alloc(p->arena, hexlen / 2 ? hexlen / 2 : 1);
	if (!bytes)
		return nomem(p);
	ipe_hex_decode(v + colon + 1, hexlen, bytes);
	*d = (struct ipe_digest){ .alg = p->last_alg, .bytes = bytes, .len = (uint32_t)(hexlen / 2) };
	return 0;
}

static int parse_property(struct parser *p, const struct token *t)
{
	struct ipe_prop prop = { 0 };
	size_t prefix = 0;
	char buf[256];
	int k, rc;

	for (k = 0; k < IPE_PROP_KIND_COUNT; k++)
		if (flag_tokens[k] && tok_is(t, flag_tokens[k]))
			break;
	if (k < IPE_PROP_KIND_COUNT) {
		prop.kind = (uint8_t)k;
	} else if (tok_has_prefix(t, DMV_ROOTHASH) && t->len > strlen(DMV_ROOTHASH)) {
		prop.kind = IPE_PROP_DMV_ROOTHASH;
		prefix = strlen(DMV_ROOTHASH);
	} else if (tok_has_prefix(t, FSV_DIGEST) && t->len > strlen(FSV_DIGEST)) {
		prop.kind = IPE_PROP_FSV_DIGEST;
		prefix = strlen(FSV_DIGEST);
	} else {
		const char *hint = "";

		if (tok_has_prefix(t, "op="))
			hint = ": a rule has exactly one op=, as its first token";
		else if (tok_has_prefix(t, "action="))
			hint = ": action= must be the last token";
		else if (tok_is(t, "DEFAULT"))
			hint = ": DEFAULT may only be the first token";
		else
			for (k = 0; k < IPE_PROP_KIND_COUNT; k++)
				if (flag_tokens[k] && tok_is_nocase(t, flag_tokens[k]))
					hint = ": keywords and TRUE/FALSE are case-sensitive";
		return fail(p, EBADMSG, t->s, "unknown property %s%s", show(t->s, t->len, buf), hint);
	}
	if (prefix) {
		rc = parse_digest(p, t, prefix, &prop.digest);
		if (rc)
			return rc;
	}
	if (p->nprops == p->props_cap) {
		size_t cap = p->props_cap ? 2 * p->props_cap : 8;
		struct ipe_prop *n = realloc(p->props, cap * sizeof(*n));

		if (!n)
			return nomem(p);
		p->props = n;
		p->props_cap = cap;
	}
	p->props[p->nprops++] = prop;
	return 0;
}

static int parse_action(struct parser *p, const struct token *t)
{
	char buf[256];

	if (tok_is(t, "action=ALLOW"))
		return IPE_ACTION_ALLOW;
	if (tok_is(t, "action=DENY"))
		return IPE_ACTION_DENY;
	return fail(p, EBADMSG, t->s,
		    "a statement must end with 'action=ALLOW' or 'action=DENY', got %s",
		    show(t->s, t->len, buf));
}

static int set_default(struct parser *p, int op, int action, const struct token *first)
{
	uint8_t *slot = op < 0 ? &p->pol->global_default : &p->pol->op_default[op];
	uint32_t *line = op < 0 ? &p->pol->global_default_line : &p->pol->op_default_line[op];
	uint32_t *col = op < 0 ? &p->pol->global_default_col : &p->pol->op_default_col[op];

	if (*slot != IPE_ACTION_NONE) {
		if (op < 0)
			return fail(p, EBADMSG, first->s,
				    "duplicate global DEFAULT (already set on line %u)", *line);
		return fail(p, EBADMSG, first->s,
			    "duplicate DEFAULT for %s (already set on line %u)", op_tokens[op], *line);
	}
	*slot = (uint8_t)action;
	*line = p->line;
	*col = (uint32_t)(first->s - p->line_start) + 1;
	return 0;
}

static int append_rule(struct parser *p, int op, int action)
{
	size_t size = sizeof(struct ipe_rule) + p->nprops * sizeof(struct ipe_prop);
	struct ipe_rule *r;

	if (p->pol->nrules == UINT32_MAX)
		return nomem(p);
	r = ipe_arena_alloc(p->arena, size);
	if (!r)
		return nomem(p);
	r->next = NULL;
	r->line = p->line;
	r->col = (uint32_t)(p->tok[0].s - p->line_start) + 1;
	r->nprops = (uint32_t)p->nprops;
	r->op = (uint8_t)op;
	r->action = (uint8_t)action;
	if (p->nprops)
		memcpy(r->props, p->props, p->nprops * sizeof(struct ipe_prop));
	if (p->tail)
		p->tail->next = r;
	else
		p->pol->rules = r;
	p->tail = r;
	p->pol->nrules++;
	return 0;
}

static int parse_statement(struct parser *p)
{
	const struct token *t = p->tok, *last = &p->tok[p->ntok - 1];
	bool is_default = false;
	int op = -1, action;
	size_t i = 0;
	int rc;

	if (p->ntok > 1 && tok_is(&t[0], "DEFAULT")) {
		is_default = true;
		i = 1;
	}
	p->nprops = 0;
	for (; i + 1 < p->ntok; i++) {
		if (op < 0) {
			op = parse_op(p, &t[i]);
			if (op < 0)
				return op;
		} else {
			rc = parse_property(p, &t[i]);
			if (rc)
				return rc;
		}
	}
	action = parse_action(p, last);
	if (action < 0)
		return action;
	if (is_default) {
		if (p->nprops)
			return fail(p, EBADMSG, t[2].s,
				    "DEFAULT takes no properties: write 'DEFAULT [op=OP] action=ALLOW|DENY'");
		return set_default(p, op, action, &t[0]);
	}
	if (op < 0)
		return fail(p, EBADMSG, t[0].s, "a rule needs an operation before its action, e.g. 'op=EXECUTE %s'",
			    action == IPE_ACTION_ALLOW ? "action=ALLOW" : "action=DENY");
	return append_rule(p, op, action);
}

static int check_defaults(struct parser *p)
{
	char missing[256] = "";
	size_t o = 0;
	int i;

	if (p->pol->global_default != IPE_ACTION_NONE)
		return 0;
	for (i = 0; i < IPE_OP_COUNT; i++)
		if (p->pol->op_default[i] == IPE_ACTION_NONE)
			o += (size_t)snprintf(missing + o, sizeof(missing) - o, "%s%s",
					      o ? ", " : "", op_tokens[i]);
	if (!o)
		return 0;
	p->line = p->header_line;
	p->line_start = NULL;
	return fail(p, EBADMSG, NULL,
		    "no global 'DEFAULT action=ALLOW|DENY' and no DEFAULT for %s: a policy needs a global default or one for each of the seven ops",
		    missing);
}

/* Advance to the next line break at or after S, caching each kind's next hit. */
static const char *next_break(const char *s, const char *end, const char **nl, const char **cr)
{
	if (*nl && *nl < s)
		*nl = memchr(s, '\n', (size_t)(end - s));
	if (*cr && *cr < s)
		*cr = memchr(s, '\r', (size_t)(end - s));
	if (*nl && (!*cr || *nl < *cr))
		return *nl;
	if (*cr)
		return *cr;
	return end;
}

static int parse_lines(struct parser *p, const char *s)
{
	const char *nl, *cr;
	bool have_header = false, after_cr = false;
	int rc;

	nl = memchr(s, '\n', (size_t)(p->end - s));
	cr = memchr(s, '\r', (size_t)(p->end - s));
	p->line = 1;
	for (;;) {
		const char *e = next_break(s, p->end, &nl, &cr);
		const char *hash = memchr(s, '#', (size_t)(e - s));
		const char *le = hash ? hash : e;

		p->line_start = s;
		while (le > s && is_trailing_space((unsigned char)le[-1]))
			le--;
		if (le > s) {
			rc = tokenize(p, s, le);
			if (rc)
				return rc;
			if (p->ntok) {
				if (!have_header) {
					p->header_line = p->line;
					rc = parse_header(p);
					have_header = true;
				} else {
					rc = parse_statement(p);
				}
				if (rc)
					return rc;
			}
		}
		if (e == p->end)
			break;
		/*
		 * The kernel splits at every CR and LF alike (the empty line
		 * between them is skipped), but for the person reading a
		 * diagnostic CR LF is one line break.
		 */
		if (!(*e == '\n' && after_cr && e == s))
			p->line++;
		after_cr = *e == '\r';
		s = e + 1;
	}
	if (!have_header) {
		p->line_start = NULL;
		return fail(p, EBADMSG, NULL,
			    "no policy header: the first statement must be 'policy_name=NAME policy_version=MAJOR.MINOR.REVISION'");
	}
	return check_defaults(p);
}

int ipe_policy_parse(const void *buf, size_t len, struct ipe_policy **out,
		     struct ipe_diag *diag)
{
	struct parser p = { .diag = diag };
	const char *text = buf;
	const char *nul;
	int rc, i;

	*out = NULL;
	if (diag)
		*diag = (struct ipe_diag){ 0 };
	nul = len ? memchr(text, '\0', len) : NULL;
	p.end = nul ? nul : text + len;
	p.line = 1;
	if (p.end == text) {
		p.line_start = NULL;
		return fail(&p, EBADMSG, NULL, len ? "policy text starts with a NUL byte" : "empty policy");
	}
	p.arena = ipe_arena_new();
	if (!p.arena)
		return nomem(&p);
	p.pol = ipe_arena_alloc(p.arena, sizeof(*p.pol));
	if (!p.pol) {
		ipe_arena_free(p.arena);
		return nomem(&p);
	}
	*p.pol = (struct ipe_policy){ .global_default = IPE_ACTION_NONE, .arena = p.arena };
	for (i = 0; i < IPE_OP_COUNT; i++)
		p.pol->op_default[i] = IPE_ACTION_NONE;
	rc = parse_lines(&p, text);
	free(p.tok);
	free(p.props);
	if (rc) {
		ipe_arena_free(p.arena);
		return rc;
	}
	*out = p.pol;
	return 0;
}
