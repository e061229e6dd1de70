// SPDX-License-Identifier: GPL-2.0-only
/*
 * The two renderings of a policy and the name tables.  The audited rule text
 * of SPEC §2.2, byte for byte: properties in written order, one space apart,
 * digests as a quoted alg (or the alg's bytes in upper-case hex when it holds
 * a byte outside 0x21..0x7e or a '"') and upper-case hex bytes, defaults as
 * "DEFAULT op=X action=Y" / "DEFAULT action=Y".  The canonical text of
 * ipe_policy_format(): exact output for some policies (header, global default,
 * op defaults in op order, rules in file order, lower-case hex, comments,
 * spacing and CR LF gone, name bytes kept), its length, and for a varied set
 * of valid policies the round trip parse(format(p)) == p with format a fixed
 * point.  ipe_policy_equal() on policies differing in exactly one thing, and
 * on ones differing only in how the ops' rules interleave.  Finally the name
 * functions and their inverses, ipe_errno_name(), ipe_digest_parse() and
 * ipe_policy_version_number().
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libipe.h>

#include "tap.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

struct text {
	const char *s;
	size_t len;
};

/* S must be a string literal: its length is taken with sizeof (NULs count). */
#define T(s) { s, sizeof(s) - 1 }

static struct ipe_policy *parse_bytes(const char *s, size_t len, const char *what)
{
	struct ipe_policy *p = NULL;
	struct ipe_diag diag = { 0 };
	int rc = ipe_policy_parse(s, len, &p, &diag);

	if (!ok(rc == 0 && p, "%s: policy parses", what))
		printf("#   rc %d at %u:%u: %s\n", rc, diag.line, diag.col, diag.msg);
	return rc == 0 ? p : NULL;
}

/* Print bytes with C escapes, for diagnostics of binary text. */
static void show(const char *label, const char *s, size_t len)
{
	size_t i;

	printf("#   %s \"", label);
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '\n')
			printf("\\n");
		else if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\')
			printf("\\x%02x", c);
		else
			putchar(c);
	}
	printf("\"\n");
}

static int is_bytes(const char *got, size_t got_len, const char *want, size_t want_len,
		    const char *what)
{
	int pass = ok(got && got_len == want_len && memcmp(got, want, want_len) == 0, "%s", what);

	if (!pass) {
		if (got)
			show("got ", got, got_len);
		show("want", want, want_len);
	}
	return pass;
}

/* ---- §2.2 audit text --------------------------------------------------- */

#define HDR "policy_name=a policy_version=0.0.1\n"
#define GD "DEFAULT action=ALLOW\n"
#define HEX "fd88f2b8824e197f850bf4c5109bea5cf0ee38104f710843bb72da796ba5af9e"
#define HEX_MIXED "Fd88F2b8824E197f850BF4C5109bea5cf0EE38104f710843BB72da796ba5aF9E"
#define HEX_UPPER "FD88F2B8824E197F850BF4C5109BEA5CF0EE38104F710843BB72DA796BA5AF9E"

struct audit_case {
	const char *desc;
	struct text rule;	/* one statement line */
	const char *want;	/* ipe_rule_audit_text() */
};

#define AC(d, rule, want) { d, T(rule), want }

static const struct audit_case audit_cases[] = {
	AC("boolean property", "op=EXECUTE boot_verified=TRUE action=ALLOW",
	   "op=EXECUTE boot_verified=TRUE action=ALLOW"),
	AC("no property", "op=EXECUTE action=ALLOW", "op=EXECUTE action=ALLOW"),
	AC("no property, DENY, another op", "op=KEXEC_INITRAMFS action=DENY",
	   "op=KEXEC_INITRAMFS action=DENY"),
	AC("every boolean form", "op=POLICY boot_verified=FALSE dmverity_signature=TRUE "
	   "dmverity_signature=FALSE fsverity_signature=TRUE fsverity_signature=FALSE action=DENY",
	   "op=POLICY boot_verified=FALSE dmverity_signature=TRUE dmverity_signature=FALSE "
	   "fsverity_signature=TRUE fsverity_signature=FALSE action=DENY"),
	AC("fsverity_digest, lower-case hex written",
	   "op=EXECUTE fsverity_digest=sha256:" HEX " action=ALLOW",
	   "op=EXECUTE fsverity_digest=\"sha256\":" HEX_UPPER " action=ALLOW"),
	AC("fsverity_digest, mixed-case hex written",
	   "op=EXECUTE fsverity_digest=sha256:" HEX_MIXED " action=ALLOW",
	   "op=EXECUTE fsverity_digest=\"sha256\":" HEX_UPPER " action=ALLOW"),
	AC("fsverity_digest, upper-case hex written",
	   "op=EXECUTE fsverity_digest=sha256:" HEX_UPPER " action=ALLOW",
	   "op=EXECUTE fsverity_digest=\"sha256\":" HEX_UPPER " action=ALLOW"),
	AC("dmverity_roothash", "op=KMODULE dmverity_roothash=sha256:" HEX_MIXED " action=DENY",
	   "op=KMODULE dmverity_roothash=\"sha256\":" HEX_UPPER " action=DENY"),
	AC("alg case kept", "op=EXECUTE dmverity_roothash=SHA256:0a0b action=ALLOW",
	   "op=EXECUTE dmverity_roothash=\"SHA256\":0A0B action=ALLOW"),
	AC("empty alg", "op=EXECUTE fsverity_digest=:abcd action=ALLOW",
	   "op=EXECUTE fsverity_digest=\"\":ABCD action=ALLOW"),
	AC("empty digest", "op=EXECUTE fsverity_digest=sha256: action=ALLOW",
	   "op=EXECUTE fsverity_digest=\"sha256\": action=ALLOW"),
	AC("empty alg and empty digest", "op=EXECUTE dmverity_roothash=: action=ALLOW",
	   "op=EXECUTE dmverity_roothash=\"\": action=ALLOW"),
	AC("alg 0xFF: hex, no quotes", "op=EXECUTE fsverity_digest=\xff:ab action=ALLOW",
	   "op=EXECUTE fsverity_digest=FF:AB action=ALLOW"),
	AC("alg with a '\"': hex", "op=EXECUTE fsverity_digest=a\"b:ab action=ALLOW",
	   "op=EXECUTE fsverity_digest=612262:AB action=ALLOW"),
	AC("alg '\"' alone: hex", "op=EXECUTE dmverity_roothash=\":00 action=ALLOW",
	   "op=EXECUTE dmverity_roothash=22:00 action=ALLOW"),
	AC("alg with \\v: hex", "op=EXECUTE fsverity_digest=s\vx:00 action=ALLOW",
	   "op=EXECUTE fsverity_digest=730B78:00 action=ALLOW"),
	AC("alg with \\f: hex", "op=EXECUTE fsverity_digest=\fsha:01 action=ALLOW",
	   "op=EXECUTE fsverity_digest=0C736861:01 action=ALLOW"),
	AC("alg with 0xA0 glued in: hex", "op=EXECUTE dmverity_roothash=sha\xa0" "256:00ff action=DENY",
	   "op=EXECUTE dmverity_roothash=736861A0323536:00FF action=DENY"),
	AC("alg with DEL 0x7F: hex", "op=EXECUTE fsverity_digest=a\x7f:10 action=ALLOW",
	   "op=EXECUTE fsverity_digest=617F:10 action=ALLOW"),
	AC("alg with lower-case hex-looking high bytes", "op=EXECUTE fsverity_digest=\xab\xcd:ef action=ALLOW",
	   "op=EXECUTE fsverity_digest=ABCD:EF action=ALLOW"),
	AC("alg bounds 0x21 and 0x7E: quoted", "op=EXECUTE fsverity_digest=!~:00 action=ALLOW",
	   "op=EXECUTE fsverity_digest=\"!~\":00 action=ALLOW"),
	AC("alg with '=' and '\\\\': quoted", "op=EXECUTE fsverity_digest=a=b\\c:00 action=ALLOW",
	   "op=EXECUTE fsverity_digest=\"a=b\\c\":00 action=ALLOW"),
	AC("props in written order, spacing and comment dropped",
	   "  op=KMODULE \t dmverity_signature=TRUE\tboot_verified=FALSE   fsverity_signature=FALSE action=DENY  # c",
	   "op=KMODULE dmverity_signature=TRUE boot_verified=FALSE fsverity_signature=FALSE action=DENY"),
	AC("duplicate props kept", "op=X509_CERT boot_verified=TRUE boot_verified=TRUE action=ALLOW",
	   "op=X509_CERT boot_verified=TRUE boot_verified=TRUE action=ALLOW"),
	AC("contradictory props kept", "op=FIRMWARE boot_verified=FALSE boot_verified=TRUE action=DENY",
	   "op=FIRMWARE boot_verified=FALSE boot_verified=TRUE action=DENY"),
	AC("digests and booleans mixed",
	   "op=KEXEC_IMAGE fsverity_digest=sha256:0A dmverity_roothash=SHA1:bc boot_verified=TRUE action=ALLOW",
	   "op=KEXEC_IMAGE fsverity_digest=\"sha256\":0A dmverity_roothash=\"SHA1\":BC boot_verified=TRUE action=ALLOW"),
};

static void test_audit_text(void)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(audit_cases); i++) {
		const struct audit_case *c = &audit_cases[i];
		size_t len = sizeof(HDR GD) - 1 + c->rule.len + 1;
		char *buf = malloc(len);
		struct ipe_policy *p;
		char *t;

		if (!ok(buf != NULL, "%s: malloc", c->desc))
			continue;
		memcpy(buf, HDR GD, sizeof(HDR GD) - 1);
		memcpy(buf + sizeof(HDR GD) - 1, c->rule.s, c->rule.len);
		buf[len - 1] = '\n';
		p = parse_bytes(buf, len, c->desc);
		free(buf);
		if (!p)
			continue;
		if (ok(p->rules && !p->rules->next, "%s: one rule", c->desc)) {
			t = ipe_rule_audit_text(p->rules);
			is_str(t, c->want, "%s: audit text", c->desc);
			free(t);
		}
		ipe_policy_free(p);
	}
}

/*
 * Algs no policy text can hold (a space or tab splits the token), on rules
 * built by hand: the 0x21 lower bound of the quoted form.
 */
static void test_audit_untrusted_bounds(void)
{
	static const struct {
		const char *alg;
		const char *want;
	} cases[] = {
		{ " ", "op=EXECUTE fsverity_digest=20:0A action=DENY" },
		{ "a b", "op=EXECUTE fsverity_digest=612062:0A action=DENY" },
		{ "\t", "op=EXECUTE fsverity_digest=09:0A action=DENY" },
		{ "\x01!", "op=EXECUTE fsverity_digest=0121:0A action=DENY" },
		{ "!", "op=EXECUTE fsverity_digest=\"!\":0A action=DENY" },
	};
	static const uint8_t byte = 0x0a;
	struct ipe_rule *r = calloc(1, sizeof(*r) + sizeof(struct ipe_prop));
	size_t i;

	if (!ok(r != NULL, "hand-built rule: calloc"))
		return;
	r->nprops = 1;
	r->op = IPE_OP_EXECUTE;
	r->action = IPE_ACTION_DENY;
	r->props[0].kind = IPE_PROP_FSV_DIGEST;
	r->props[0].digest.bytes = &byte;
	r->props[0].digest.len = 1;
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		char *t;

		r->props[0].digest.alg = cases[i].alg;
		t = ipe_rule_audit_text(r);
		is_str(t, cases[i].want, "hand-built rule, alg #%zu: audit text", i);
		free(t);
	}
	free(r);
}

/* Default decisions, built by hand and evaluated. */
static void test_audit_defaults(void)
{
	static const char text[] =
		HDR
		"DEFAULT op=KMODULE action=DENY\n"
		"DEFAULT action=ALLOW\n"
		"DEFAULT op=POLICY action=ALLOW\n";
	struct ipe_decision d = { .action = IPE_ACTION_DENY, .match = IPE_MATCH_OP_DEFAULT,
				  .op = IPE_OP_KMODULE };
	static const struct {
		uint8_t op;
		const char *want;
	} evaluated[] = {
		{ IPE_OP_KMODULE, "DEFAULT op=KMODULE action=DENY" },
		{ IPE_OP_POLICY, "DEFAULT op=POLICY action=ALLOW" },
		{ IPE_OP_FIRMWARE, "DEFAULT action=ALLOW" },
		{ IPE_OP_INVALID, "DEFAULT action=ALLOW" },
	};
	struct ipe_event ev = { .hook = IPE_HOOK_KERNEL_LOAD, .providers = IPE_PROVIDERS_ALL };
	struct ipe_policy *p;
	size_t i;
	char *t;

	t = ipe_decision_rule_text(&d);
	is_str(t, "DEFAULT op=KMODULE action=DENY", "op default decision text");
	free(t);
	d = (struct ipe_decision){ .action = IPE_ACTION_ALLOW, .match = IPE_MATCH_GLOBAL,
				   .op = IPE_OP_EXECUTE };
	t = ipe_decision_rule_text(&d);
	is_str(t, "DEFAULT action=ALLOW", "global default decision text");
	free(t);

	p = parse_bytes(text, sizeof(text) - 1, "defaults policy");
	if (!p)
		return;
	for (i = 0; i < ARRAY_SIZE(evaluated); i++) {
		ev.op = evaluated[i].op;
		ipe_evaluate(p, &ev, &d);
		t = ipe_decision_rule_text(&d);
		is_str(t, evaluated[i].want, "evaluated %s: default text",
		       ipe_op_name(evaluated[i].op));
		free(t);
	}
	ipe_policy_free(p);
}

/* ---- canonical text ------------------------------------------------------ */

struct canon_case {
	const char *desc;
	struct text in, want;
};

#define CC(d, in, want) { d, T(in), T(want) }

static const struct canon_case canon_cases[] = {
	CC("minimal", "policy_name=p policy_version=0.0.0\nDEFAULT action=DENY",
	   "policy_name=p policy_version=0.0.0\n"
	   "DEFAULT action=DENY\n"),
	CC("comments, spacing, CR LF, defaults scattered, version spelling",
	   "# a comment before the header\r\n"
	   "\r\n"
	   "  policy_name=Ex\xff=n\xa0me\tpolicy_version=+1.02.0003   # trailing comment\r\n"
	   "op=EXECUTE   fsverity_digest=SHA256:" HEX_MIXED "  action=ALLOW\r\n"
	   "DEFAULT op=KMODULE action=DENY\r\n"
	   "\t\r\n"
	   "op=KMODULE boot_verified=TRUE action=ALLOW#no space before the comment\r\n"
	   "DEFAULT  action=ALLOW \r\n"
	   "DEFAULT op=EXECUTE action=DENY\r\n"
	   "op=EXECUTE dmverity_signature=FALSE\tboot_verified=FALSE action=DENY\v\f\xa0",
	   "policy_name=Ex\xff=n\xa0me policy_version=1.2.3\n"
	   "DEFAULT action=ALLOW\n"
	   "DEFAULT op=EXECUTE action=DENY\n"
	   "DEFAULT op=KMODULE action=DENY\n"
	   "op=EXECUTE fsverity_digest=SHA256:" HEX " action=ALLOW\n"
	   "op=KMODULE boot_verified=TRUE action=ALLOW\n"
	   "op=EXECUTE dmverity_signature=FALSE boot_verified=FALSE action=DENY\n"),
	CC("seven op defaults, no global, written in reverse",
	   "policy_name=seven policy_version=65535.65535.65535\n"
	   "DEFAULT op=X509_CERT action=DENY\n"
	   "DEFAULT op=POLICY action=ALLOW\n"
	   "DEFAULT op=KEXEC_INITRAMFS action=DENY\n"
	   "DEFAULT op=KEXEC_IMAGE action=ALLOW\n"
	   "DEFAULT op=KMODULE action=DENY\n"
	   "DEFAULT op=FIRMWARE action=ALLOW\n"
	   "DEFAULT op=EXECUTE action=DENY\n",
	   "policy_name=seven policy_version=65535.65535.65535\n"
	   "DEFAULT op=EXECUTE action=DENY\n"
	   "DEFAULT op=FIRMWARE action=ALLOW\n"
	   "DEFAULT op=KMODULE action=DENY\n"
	   "DEFAULT op=KEXEC_IMAGE action=ALLOW\n"
	   "DEFAULT op=KEXEC_INITRAMFS action=DENY\n"
	   "DEFAULT op=POLICY action=ALLOW\n"
	   "DEFAULT op=X509_CERT action=DENY\n"),
	CC("odd digests and a name with \\v, '=' and quotes",
	   "policy_name=a\vb=\"c\" policy_version=00.00.01\n"
	   "op=POLICY dmverity_roothash=\xa0\v: fsverity_digest=:ABCDEF action=DENY\n"
	   "op=X509_CERT fsverity_digest=sha256: action=ALLOW\n"
	   "DEFAULT action=DENY\n"
	   "op=FIRMWARE dmverity_roothash=a\"b:00FF action=ALLOW\n",
	   "policy_name=a\vb=\"c\" policy_version=0.0.1\n"
	   "DEFAULT action=DENY\n"
	   "op=POLICY dmverity_roothash=\xa0\v: fsverity_digest=:abcdef action=DENY\n"
	   "op=X509_CERT fsverity_digest=sha256: action=ALLOW\n"
	   "op=FIRMWARE dmverity_roothash=a\"b:00ff action=ALLOW\n"),
	CC("lone CR line breaks, NUL ends the text",
	   "policy_name=cr policy_version=1.0.0\rop=KEXEC_IMAGE action=DENY\rDEFAULT action=ALLOW\r"
	   "\0op=BAD action=ALLOW\n",
	   "policy_name=cr policy_version=1.0.0\n"
	   "DEFAULT action=ALLOW\n"
	   "op=KEXEC_IMAGE action=DENY\n"),
};

static void test_canonical(void)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(canon_cases); i++) {
		const struct canon_case *c = &canon_cases[i];
		struct ipe_policy *p = parse_bytes(c->in.s, c->in.len, c->desc);
		size_t len = (size_t)-1;
		char *f, *g;

		if (!p)
			continue;
		f = ipe_policy_format(p, &len);
		if (ok(f != NULL, "%s: format", c->desc)) {
			is_bytes(f, len, c->want.s, c->want.len, c->desc);
			is_int(len, strlen(f), "%s: length is strlen", c->desc);
		}
		g = ipe_policy_format(p, NULL);
		ok(g && f && strcmp(f, g) == 0, "%s: format with a NULL length gives the same text",
		   c->desc);
		free(f);
		free(g);
		ipe_policy_free(p);
	}
}

/* ---- round trip ---------------------------------------------------------- */

#define OPDEFS7                                                                 \
	"DEFAULT op=EXECUTE action=ALLOW\n"                                     \
	"DEFAULT op=FIRMWARE action=DENY\n"                                     \
	"DEFAULT op=KMODULE action=ALLOW\n"                                     \
	"DEFAULT op=KEXEC_IMAGE action=DENY\n"                                  \
	"DEFAULT op=KEXEC_INITRAMFS action=ALLOW\n"                             \
	"DEFAULT op=POLICY action=DENY\n"                                       \
	"DEFAULT op=X509_CERT action=ALLOW\n"

static const struct text round_trip[] = {
	T(HDR GD),
	T(HDR "DEFAULT action=DENY"),
	T("policy_name=p policy_version=0.0.0\rDEFAULT action=ALLOW"),
	T("policy_name=p policy_version=+1.02.3\n" GD),
	T("policy_name=p policy_version=00001.0002.03\n" GD),
	T("policy_name=p policy_version=65535.65535.65535\n" GD),
	T("policy_name=test\xff\xef policy_version=0.0.1\n" GD),
	T("policy_name=\x80\x81\xfe\xff policy_version=0.0.1\n" GD),
	T("policy_name=a\xa0" "b policy_version=0.0.1\n" GD),
	T("policy_name=\xa0 policy_version=0.0.1\n" GD),
	T("policy_name=a\vb\fc policy_version=0.0.1\n" GD),
	T("policy_name=== policy_version=0.0.1\n" GD),
	T("policy_name=policy_version=1.2.3 policy_version=3.2.1\n" GD),
	T("policy_name=\"Ex\" policy_version=0.0.1\n" GD),
	T("policy_name=/..\\$% policy_version=0.0.1\n" GD),
	T("policy_name=DEFAULT policy_version=0.0.1\n" GD "op=EXECUTE action=DENY\n"),
	T("policy_name=p policy_version=0.0.1\n" OPDEFS7),
	T("policy_name=p policy_version=0.0.1\n" OPDEFS7 "op=EXECUTE boot_verified=TRUE action=DENY\n"),
	T("policy_name=p policy_version=0.0.1\n" OPDEFS7 "DEFAULT action=DENY\n"),
	T(HDR "DEFAULT op=KMODULE action=DENY\nDEFAULT action=ALLOW\n"),
	T(HDR GD "op=EXECUTE action=ALLOW\n"),
	T(HDR GD "op=EXECUTE boot_verified=TRUE action=ALLOW\n"
	  "op=EXECUTE boot_verified=FALSE action=DENY\n"),
	T(HDR GD "op=POLICY boot_verified=FALSE dmverity_signature=TRUE dmverity_signature=FALSE "
	  "fsverity_signature=TRUE fsverity_signature=FALSE action=DENY\n"),
	T(HDR GD "op=EXECUTE boot_verified=TRUE boot_verified=TRUE boot_verified=TRUE action=ALLOW\n"),
	T(HDR GD "op=EXECUTE boot_verified=TRUE boot_verified=FALSE action=ALLOW\n"),
	T(HDR GD "op=EXECUTE fsverity_digest=sha256:" HEX " action=ALLOW\n"),
	T(HDR GD "op=EXECUTE fsverity_digest=sha256:" HEX_MIXED " action=ALLOW\n"),
	T(HDR GD "op=KMODULE dmverity_roothash=sha256:" HEX_UPPER " action=DENY\n"),
	T(HDR GD "op=EXECUTE fsverity_digest=:abcd action=ALLOW\n"),
	T(HDR GD "op=EXECUTE fsverity_digest=sha256: action=ALLOW\n"),
	T(HDR GD "op=EXECUTE dmverity_roothash=: action=ALLOW\n"),
	T(HDR GD "op=EXECUTE fsverity_digest=\xff\xfe:00 action=ALLOW\n"),
	T(HDR GD "op=EXECUTE fsverity_digest=a\"b:00 dmverity_roothash=s\vx:11 action=ALLOW\n"),
	T(HDR GD "op=EXECUTE dmverity_roothash=sha\xa0" "256:00ff action=DENY\n"),
	T(HDR GD "op=EXECUTE fsverity_digest=md5000:0123456789abcdef action=ALLOW\n"),
	T(HDR GD "op=EXECUTE fsverity_digest=sha256:" HEX " fsverity_digest=sha256:" HEX " action=ALLOW\n"),
	T(HDR GD "op=KEXEC_IMAGE action=DENY\nop=EXECUTE action=ALLOW\nop=KEXEC_IMAGE boot_verified=TRUE action=ALLOW\n"
	  "op=X509_CERT action=DENY\nop=FIRMWARE action=DENY\nop=KEXEC_INITRAMFS action=ALLOW\n"
	  "op=POLICY action=DENY\nop=KMODULE action=ALLOW\n"),
	T("# header comment\n\n   policy_name=c policy_version=1.0.0   # x\r\n"
	  "\t DEFAULT\taction=ALLOW#y\r\n\r\n op=EXECUTE\t\tboot_verified=TRUE action=DENY \v\f\xa0\r\n"),
	T(HDR GD "op=EXECUTE action=DENY\0trailing garbage\xff"),
	T(HDR GD "op=KMODULE fsverity_signature=TRUE dmverity_roothash=sha1:00 fsverity_digest=:ff "
	  "boot_verified=FALSE action=DENY\n"),
};

static void test_round_trip(void)
{
	size_t i;

	ok(ARRAY_SIZE(round_trip) >= 30, "at least 30 round-trip policies (%zu)", ARRAY_SIZE(round_trip));
	for (i = 0; i < ARRAY_SIZE(round_trip); i++) {
		char what[64];
		struct ipe_policy *p1, *p2 = NULL;
		char *f1 = NULL, *f2 = NULL;
		size_t n1 = 0, n2 = 0;

		snprintf(what, sizeof(what), "round trip #%zu", i);
		p1 = parse_bytes(round_trip[i].s, round_trip[i].len, what);
		if (!p1)
			continue;
		f1 = ipe_policy_format(p1, &n1);
		if (!ok(f1 != NULL, "%s: format", what))
			goto next;
		is_int(n1, strlen(f1), "%s: length is strlen", what);
		p2 = parse_bytes(f1, n1, what);
		if (!p2) {
			show("canonical", f1, n1);
			goto next;
		}
		ok(ipe_policy_equal(p1, p2), "%s: parse(format(p)) equals p", what);
		ok(ipe_policy_equal(p2, p1), "%s: and the other way round", what);
		f2 = ipe_policy_format(p2, &n2);
		snprintf(what, sizeof(what), "round trip #%zu: format is a fixed point", i);
		is_bytes(f2, n2, f1, n1, what);
next:
		free(f1);
		free(f2);
		ipe_policy_free(p1);
		ipe_policy_free(p2);
	}
}

/* ---- ipe_policy_equal -------------------------------------------------- */

#define EQ_BASE_HDR "policy_name=base policy_version=1.2.3\n"
#define EQ_DEFS "DEFAULT action=DENY\nDEFAULT op=KMODULE action=ALLOW\n"
#define EQ_R1 "op=EXECUTE fsverity_digest=sha256:00112233 action=ALLOW\n"
#define EQ_R2 "op=EXECUTE boot_verified=TRUE action=DENY\n"
#define EQ_R3 "op=KMODULE dmverity_roothash=sha256:aabb action=DENY\n"
#define EQ_R4 "op=FIRMWARE action=ALLOW\n"
#define EQ_BASE EQ_BASE_HDR EQ_DEFS EQ_R1 EQ_R2 EQ_R3 EQ_R4

struct eq_case {
	const char *desc;
	const char *text;
	bool equal;
};

static const struct eq_case eq_cases[] = {
	{ "identical text", EQ_BASE, true },
	{ "different ops' rules interleaved otherwise",
	  EQ_BASE_HDR EQ_DEFS EQ_R3 EQ_R1 EQ_R4 EQ_R2, true },
	{ "different ops' rules, other interleaving",
	  EQ_BASE_HDR EQ_R4 EQ_R1 EQ_DEFS EQ_R3 EQ_R2, true },
	{ "defaults in another order and place",
	  EQ_BASE_HDR EQ_R1 "DEFAULT op=KMODULE action=ALLOW\n" EQ_R2 EQ_R3 EQ_R4 "DEFAULT action=DENY\n",
	  true },
	{ "comments, spacing, CR LF, hex case, version spelling",
	  "# c\r\npolicy_name=base\tpolicy_version=+01.002.3 # c\r\n" EQ_DEFS
	  "op=EXECUTE  fsverity_digest=sha256:00112233\taction=ALLOW # c\r\n" EQ_R2
	  "op=KMODULE dmverity_roothash=sha256:AABB action=DENY\r\n" EQ_R4, true },
	{ "name", "policy_name=basf policy_version=1.2.3\n" EQ_DEFS EQ_R1 EQ_R2 EQ_R3 EQ_R4, false },
	{ "name prefix", "policy_name=bas policy_version=1.2.3\n" EQ_DEFS EQ_R1 EQ_R2 EQ_R3 EQ_R4, false },
	{ "major version", "policy_name=base policy_version=2.2.3\n" EQ_DEFS EQ_R1 EQ_R2 EQ_R3 EQ_R4, false },
	{ "minor version", "policy_name=base policy_version=1.3.3\n" EQ_DEFS EQ_R1 EQ_R2 EQ_R3 EQ_R4, false },
	{ "revision", "policy_name=base policy_version=1.2.4\n" EQ_DEFS EQ_R1 EQ_R2 EQ_R3 EQ_R4, false },
	{ "global default action",
	  EQ_BASE_HDR "DEFAULT action=ALLOW\nDEFAULT op=KMODULE action=ALLOW\n" EQ_R1 EQ_R2 EQ_R3 EQ_R4,
	  false },
	{ "op default action",
	  EQ_BASE_HDR "DEFAULT action=DENY\nDEFAULT op=KMODULE action=DENY\n" EQ_R1 EQ_R2 EQ_R3 EQ_R4,
	  false },
	{ "op default on another op",
	  EQ_BASE_HDR "DEFAULT action=DENY\nDEFAULT op=FIRMWARE action=ALLOW\n" EQ_R1 EQ_R2 EQ_R3 EQ_R4,
	  false },
	{ "op default missing", EQ_BASE_HDR "DEFAULT action=DENY\n" EQ_R1 EQ_R2 EQ_R3 EQ_R4, false },
	{ "an extra op default", EQ_BASE "DEFAULT op=POLICY action=DENY\n", false },
	{ "order of two rules of the same op",
	  EQ_BASE_HDR EQ_DEFS EQ_R2 EQ_R1 EQ_R3 EQ_R4, false },
	{ "one digest byte",
	  EQ_BASE_HDR EQ_DEFS "op=EXECUTE fsverity_digest=sha256:00112234 action=ALLOW\n" EQ_R2 EQ_R3 EQ_R4,
	  false },
	{ "digest length",
	  EQ_BASE_HDR EQ_DEFS "op=EXECUTE fsverity_digest=sha256:001122 action=ALLOW\n" EQ_R2 EQ_R3 EQ_R4,
	  false },
	{ "alg",
	  EQ_BASE_HDR EQ_DEFS "op=EXECUTE fsverity_digest=sha512:00112233 action=ALLOW\n" EQ_R2 EQ_R3 EQ_R4,
	  false },
	{ "alg case",
	  EQ_BASE_HDR EQ_DEFS EQ_R1 EQ_R2 "op=KMODULE dmverity_roothash=SHA256:aabb action=DENY\n" EQ_R4,
	  false },
	{ "digest kind (fsverity_digest for dmverity_roothash)",
	  EQ_BASE_HDR EQ_DEFS EQ_R1 EQ_R2 "op=KMODULE fsverity_digest=sha256:aabb action=DENY\n" EQ_R4,
	  false },
	{ "rule action",
	  EQ_BASE_HDR EQ_DEFS EQ_R1 EQ_R2 EQ_R3 "op=FIRMWARE action=DENY\n", false },
	{ "rule op",
	  EQ_BASE_HDR EQ_DEFS EQ_R1 EQ_R2 EQ_R3 "op=POLICY action=ALLOW\n", false },
	{ "boolean property value",
	  EQ_BASE_HDR EQ_DEFS EQ_R1 "op=EXECUTE boot_verified=FALSE action=DENY\n" EQ_R3 EQ_R4, false },
	{ "a property more",
	  EQ_BASE_HDR EQ_DEFS EQ_R1 "op=EXECUTE boot_verified=TRUE boot_verified=TRUE action=DENY\n" EQ_R3
	  EQ_R4, false },
	{ "a rule more", EQ_BASE EQ_R4, false },
	{ "a rule less", EQ_BASE_HDR EQ_DEFS EQ_R1 EQ_R2 EQ_R3, false },
};

static void test_equal(void)
{
	static const char props_a[] =
		EQ_BASE_HDR EQ_DEFS "op=EXECUTE boot_verified=TRUE fsverity_signature=TRUE action=DENY\n";
	static const char props_b[] =
		EQ_BASE_HDR EQ_DEFS "op=EXECUTE fsverity_signature=TRUE boot_verified=TRUE action=DENY\n";
	struct ipe_policy *base = parse_bytes(EQ_BASE, sizeof(EQ_BASE) - 1, "equal: base");
	struct ipe_policy *p, *q;
	size_t i;

	if (!base)
		return;
	ok(ipe_policy_equal(base, base), "a policy equals itself");
	for (i = 0; i < ARRAY_SIZE(eq_cases); i++) {
		const struct eq_case *c = &eq_cases[i];

		p = parse_bytes(c->text, strlen(c->text), c->desc);
		if (!p)
			continue;
		is_int(ipe_policy_equal(base, p), c->equal, "%s: %s", c->desc,
		       c->equal ? "equal" : "not equal");
		is_int(ipe_policy_equal(p, base), c->equal, "%s: symmetric", c->desc);
		ipe_policy_free(p);
	}
	p = parse_bytes(props_a, sizeof(props_a) - 1, "props a");
	q = parse_bytes(props_b, sizeof(props_b) - 1, "props b");
	if (p && q)
		ok(!ipe_policy_equal(p, q), "property order within a rule matters");
	ipe_policy_free(p);
	ipe_policy_free(q);
	ipe_policy_free(base);
}

/* ---- names --------------------------------------------------------------- */

static void test_names(void)
{
	static const char *const ops[] = {
		"EXECUTE", "FIRMWARE", "KMODULE", "KEXEC_IMAGE", "KEXEC_INITRAMFS", "POLICY",
		"X509_CERT", "UNKNOWN",
	};
	static const char *const hooks[] = {
		"BPRM_CHECK", "BPRM_CREDS_FOR_EXEC", "MMAP", "MPROTECT", "KERNEL_READ", "KERNEL_LOAD",
	};
	static const char *const not_ops[] = {
		"execute", "Execute", "op=EXECUTE", "EXECUTE ", " EXECUTE", "", "KERNEL_READ",
		"x509_cert", "KEXEC", "BPRM_CHECK",
	};
	static const char *const not_hooks[] = {
		"bprm_check", "Mmap", "mmap", "MMAP ", "", "EXECUTE", "KERNEL", "UNKNOWN",
		"ipe_hook=MMAP",
	};
	unsigned i;

	is_int(ARRAY_SIZE(ops), IPE_OP_INVALID + 1, "8 op values");
	is_int(ARRAY_SIZE(hooks), IPE_HOOK_COUNT, "6 hooks");
	for (i = 0; i <= IPE_OP_INVALID; i++)
		is_str(ipe_op_name(i), ops[i], "ipe_op_name(%u)", i);
	for (i = 0; i < IPE_OP_COUNT; i++)
		is_int(ipe_op_from_name(ops[i]), i, "ipe_op_from_name(\"%s\")", ops[i]);
	for (i = 0; i < ARRAY_SIZE(not_ops); i++)
		is_int(ipe_op_from_name(not_ops[i]), -1, "ipe_op_from_name(\"%s\") is -1", not_ops[i]);
	for (i = 0; i < IPE_HOOK_COUNT; i++) {
		is_str(ipe_hook_name(i), hooks[i], "ipe_hook_name(%u)", i);
		is_int(ipe_hook_from_name(hooks[i]), i, "ipe_hook_from_name(\"%s\")", hooks[i]);
		is_int(ipe_hook_from_name(ipe_hook_name(i)), i, "hook %u round trip", i);
	}
	for (i = 0; i < ARRAY_SIZE(not_hooks); i++)
		is_int(ipe_hook_from_name(not_hooks[i]), -1, "ipe_hook_from_name(\"%s\") is -1",
		       not_hooks[i]);

	is_str(ipe_action_name(IPE_ACTION_ALLOW), "ALLOW", "ipe_action_name(ALLOW)");
	is_str(ipe_action_name(IPE_ACTION_DENY), "DENY", "ipe_action_name(DENY)");
	is_str(ipe_match_name(IPE_MATCH_RULE), "rule", "ipe_match_name(RULE)");
	is_str(ipe_match_name(IPE_MATCH_OP_DEFAULT), "op_default", "ipe_match_name(OP_DEFAULT)");
	is_str(ipe_match_name(IPE_MATCH_GLOBAL), "global", "ipe_match_name(GLOBAL)");

	is_str(ipe_errno_name(EBADMSG), "EBADMSG", "ipe_errno_name(EBADMSG)");
	is_str(ipe_errno_name(EINVAL), "EINVAL", "ipe_errno_name(EINVAL)");
	is_str(ipe_errno_name(ERANGE), "ERANGE", "ipe_errno_name(ERANGE)");
	is_str(ipe_errno_name(ENOMEM), "ENOMEM", "ipe_errno_name(ENOMEM)");
	is_int(EBADMSG, 74, "EBADMSG is 74 (SPEC §1.8)");
	is_int(EINVAL, 22, "EINVAL is 22");
	is_int(ERANGE, 34, "ERANGE is 34");
	is_int(ENOMEM, 12, "ENOMEM is 12");
	ok(ipe_errno_name(0) == NULL, "ipe_errno_name(0) is NULL");
	/* The signature and store errnos are named too (libipe-sig.h, libipe-store.h). */
	is_str(ipe_errno_name(ENOKEY), "ENOKEY", "ipe_errno_name(ENOKEY)");
	is_str(ipe_errno_name(EKEYREJECTED), "EKEYREJECTED", "ipe_errno_name(EKEYREJECTED)");
	is_str(ipe_errno_name(EMSGSIZE), "EMSGSIZE", "ipe_errno_name(EMSGSIZE)");
	is_str(ipe_errno_name(ESTALE), "ESTALE", "ipe_errno_name(ESTALE)");
	is_str(ipe_errno_name(EPERM), "EPERM", "ipe_errno_name(EPERM)");
	ok(ipe_errno_name(EIO) == NULL, "ipe_errno_name(EIO) is NULL");
	ok(ipe_errno_name(E2BIG) == NULL, "ipe_errno_name(E2BIG) is NULL");
}

/* ---- ipe_digest_parse ----------------------------------------------------- */

static void test_digest_parse(void)
{
	static const uint8_t h0[] = { 0xfd, 0x88, 0xf2, 0xb8 };
	static const struct {
		const char *in;
		int rc;
		const char *alg;
		const uint8_t *bytes;
		uint32_t len;
	} cases[] = {
		{ "sha256:fd88f2b8", 0, "sha256", h0, 4 },
		{ "sha256:FD88F2B8", 0, "sha256", h0, 4 },
		{ "SHA256:Fd88f2B8", 0, "SHA256", h0, 4 },
		{ ":fd88f2b8", 0, "", h0, 4 },
		{ "sha256:", 0, "sha256", NULL, 0 },
		{ ":", 0, "", NULL, 0 },
		{ "md5000:fd", 0, "md5000", h0, 1 },
		{ "\xff\xa0:fd88", 0, "\xff\xa0", h0, 2 },
		{ "", -EBADMSG, NULL, NULL, 0 },
		{ "sha256", -EBADMSG, NULL, NULL, 0 },
		{ "fd88f2b8", -EBADMSG, NULL, NULL, 0 },
		{ "sha256:abc", -EINVAL, NULL, NULL, 0 },
		{ "sha256:a", -EINVAL, NULL, NULL, 0 },
		{ "sha256:zz", -EINVAL, NULL, NULL, 0 },
		{ "sha256:0g", -EINVAL, NULL, NULL, 0 },
		{ "sha256:ab:cd", -EINVAL, NULL, NULL, 0 },
		{ "sha256: ab", -EINVAL, NULL, NULL, 0 },
		{ "sha256:0x12", -EINVAL, NULL, NULL, 0 },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		struct ipe_digest d = { 0 };
		char *alg = NULL;
		uint8_t *bytes = NULL;
		int rc = ipe_digest_parse(cases[i].in, &d, &alg, &bytes);

		is_int(rc, cases[i].rc, "ipe_digest_parse(\"%s\") returns %d", cases[i].in, cases[i].rc);
		if (cases[i].rc == 0 && rc == 0) {
			is_str(d.alg, cases[i].alg, "ipe_digest_parse(\"%s\"): alg", cases[i].in);
			ok(d.alg == alg, "ipe_digest_parse(\"%s\"): alg is the malloc'd copy", cases[i].in);
			is_int(d.len, cases[i].len, "ipe_digest_parse(\"%s\"): length", cases[i].in);
			ok(d.len == 0 || (d.bytes && memcmp(d.bytes, cases[i].bytes, d.len) == 0),
			   "ipe_digest_parse(\"%s\"): bytes", cases[i].in);
			ok(d.bytes == bytes, "ipe_digest_parse(\"%s\"): bytes are the malloc'd copy",
			   cases[i].in);
		}
		free(alg);
		free(bytes);
	}
}

/* ---- ipe_policy_version_number ------------------------------------------ */

static void test_version_number(void)
{
	static const struct {
		const char *text;
		uint64_t want;
	} cases[] = {
		{ "policy_name=v policy_version=1.2.3\n" GD, 0x000100020003ull },
		{ "policy_name=v policy_version=65535.65535.65535\n" GD, 0xffffffffffffull },
		{ "policy_name=v policy_version=0.0.0\n" GD, 0 },
		{ "policy_name=v policy_version=0.0.1\n" GD, 1 },
		{ "policy_name=v policy_version=0.1.0\n" GD, 0x10000ull },
		{ "policy_name=v policy_version=1.0.0\n" GD, 0x100000000ull },
		{ "policy_name=v policy_version=0.65535.65535\n" GD, 0xffffffffull },
		{ "policy_name=v policy_version=+0001.0002.+3\n" GD, 0x000100020003ull },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		struct ipe_policy *p = parse_bytes(cases[i].text, strlen(cases[i].text), "version");

		if (!p)
			continue;
		is_int(ipe_policy_version_number(p), cases[i].want, "version number of %.45s",
		       cases[i].text + 14);
		ipe_policy_free(p);
	}
}

int main(void)
{
	test_audit_text();
	test_audit_untrusted_bounds();
	test_audit_defaults();
	test_canonical();
	test_round_trip();
	test_equal();
	test_names();
	test_digest_parse();
	test_version_number();
	return tap_done();
}
