// SPDX-License-Identifier: GPL-2.0-only
/*
 * The parser against every example and rule of SPEC §1.1-1.8, one table row
 * per input: each gives kernel IPE's errno (or is accepted), an error leaves
 * *out NULL and a diagnostic at the offending line:column, and a handful of
 * valid policies come out with the name, version, defaults, rules and digests
 * exactly as written.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <libipe.h>

#include "parser_cases.h"
#include "tap.h"

static const char *errname(int e)
{
	switch (e) {
	case 0: return "valid";
	case EBADMSG: return "EBADMSG";
	case EINVAL: return "EINVAL";
	case ERANGE: return "ERANGE";
	case ENOMEM: return "ENOMEM";
	default: return "?";
	}
}

static struct ipe_policy sentinel;

static void run_table(void)
{
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct pcase *c = &cases[i];
		struct ipe_policy *pol = &sentinel, *pol2 = &sentinel;
		struct ipe_diag d;
		int rc, rc2;
		bool good;

		memset(&d, 0x55, sizeof(d));
		rc = ipe_policy_parse(c->text, c->len, &pol, &d);
		rc2 = ipe_policy_parse(c->text, c->len, &pol2, NULL);
		if (rc)
			good = pol == NULL && pol2 == NULL && d.err == -rc;
		else
			good = pol && pol != &sentinel && pol->name && pol2 && pol2 != &sentinel;
		good = good && rc == -c->err && rc2 == rc;
		if (!ok(good, "%s: %s", c->desc, errname(c->err)))
			printf("#   got %s (%d, without diag %d), out %s\n", errname(-rc), rc, rc2,
			       pol == NULL ? "NULL" : pol == &sentinel ? "untouched" : "a policy");
		if (c->err && rc) {
			if (!ok(d.line == c->line && d.col == c->col, "%s: diagnostic at %u:%u",
				c->desc, c->line, c->col))
				printf("#   got %u:%u: %s\n", d.line, d.col, d.msg);
		}
		if (!rc) {
			ipe_policy_free(pol);
			ipe_policy_free(pol2);
		}
	}
}

/* Parse a string literal that must be valid; NULL (and a failure) if not. */
#define PARSE_OK(s) parse_ok(s, sizeof(s) - 1)
static struct ipe_policy *parse_ok(const char *s, size_t len)
{
	struct ipe_policy *p = NULL;
	struct ipe_diag d;
	int rc = ipe_policy_parse(s, len, &p, &d);

	if (!ok(rc == 0 && p, "structural input parses"))
		printf("#   rc %d at %u:%u: %s\n", rc, d.line, d.col, d.msg);
	return rc ? NULL : p;
}

static void check_name_and_version(void)
{
	struct ipe_policy *p;
	unsigned i;

	p = PARSE_OK("policy_name=a\xff=\"b\xef policy_version=1.2.3\n" GD);
	if (p) {
		ok(strlen(p->name) == 6 && memcmp(p->name, "a\xff=\"b\xef", 7) == 0,
		   "name bytes 0xFF, '=', '\"' kept exactly");
		is_int(p->version[0], 1, "major 1");
		is_int(p->version[1], 2, "minor 2");
		is_int(p->version[2], 3, "revision 3");
		is_int(p->global_default, IPE_ACTION_ALLOW, "global default ALLOW");
		for (i = 0; i < IPE_OP_COUNT; i++)
			if (p->op_default[i] != IPE_ACTION_NONE)
				break;
		is_int(i, IPE_OP_COUNT, "no op default set");
		is_int(p->nrules, 0, "no rules");
		ok(p->rules == NULL, "rule list empty");
		ipe_policy_free(p);
	}

	p = PARSE_OK(VER("00001.0002.03"));
	if (p) {
		ok(p->version[0] == 1 && p->version[1] == 2 && p->version[2] == 3,
		   "00001.0002.03 is 1.2.3");
		ipe_policy_free(p);
	}
	p = PARSE_OK(VER("+65535.0.+65535"));
	if (p) {
		ok(p->version[0] == 65535 && p->version[1] == 0 && p->version[2] == 65535,
		   "+65535.0.+65535 is 65535.0.65535");
		ipe_policy_free(p);
	}
	p = PARSE_OK("policy_name=x\vy\xa0z policy_version=0.0.0 \xa0\n" GD);
	if (p) {
		is_str(p->name, "x\vy\xa0z", "VT and NBSP inside the name kept, trailing NBSP trimmed");
		ipe_policy_free(p);
	}
}

static void check_rules(void)
{
	const struct ipe_rule *r;
	struct ipe_policy *p;

	p = PARSE_OK(HDR
		     "DEFAULT op=KMODULE action=DENY\n"
		     "op=KMODULE boot_verified=TRUE action=ALLOW\n"
		     "DEFAULT action=DENY\n"
		     "op=EXECUTE fsverity_digest=sha256:0A0b dmverity_signature=FALSE action=DENY\n"
		     "op=X509_CERT action=ALLOW\n"
		     "op=EXECUTE dmverity_roothash=:abcd fsverity_digest=sha256: action=ALLOW\n"
		     "DEFAULT op=POLICY action=ALLOW\n");
	if (!p)
		return;
	is_int(p->global_default, IPE_ACTION_DENY, "global default DENY");
	is_int(p->op_default[IPE_OP_KMODULE], IPE_ACTION_DENY, "KMODULE default DENY");
	is_int(p->op_default[IPE_OP_POLICY], IPE_ACTION_ALLOW, "POLICY default ALLOW");
	is_int(p->op_default[IPE_OP_EXECUTE], IPE_ACTION_NONE, "EXECUTE default unset");
	is_int(p->nrules, 4, "four rules");

	r = p->rules;
	ok(r && r->op == IPE_OP_KMODULE && r->action == IPE_ACTION_ALLOW && r->nprops == 1 &&
	   r->props[0].kind == IPE_PROP_BOOT_VERIFIED_TRUE && r->line == 3 && r->col == 1,
	   "rule 1: KMODULE boot_verified=TRUE ALLOW at 3:1");
	r = r ? r->next : NULL;
	ok(r && r->op == IPE_OP_EXECUTE && r->action == IPE_ACTION_DENY && r->nprops == 2 &&
	   r->props[0].kind == IPE_PROP_FSV_DIGEST && r->props[1].kind == IPE_PROP_DMV_SIG_FALSE &&
	   r->line == 5, "rule 2: EXECUTE fsverity_digest dmverity_signature=FALSE DENY on line 5");
	if (r && r->nprops == 2) {
		const struct ipe_digest *dg = &r->props[0].digest;

		is_str(dg->alg, "sha256", "digest alg sha256");
		is_int(dg->len, 2, "sha256:0A0b is 2 bytes");
		ok(dg->len == 2 && dg->bytes[0] == 0x0a && dg->bytes[1] == 0x0b,
		   "sha256:0A0b decodes to 0a 0b");
	}
	r = r ? r->next : NULL;
	ok(r && r->op == IPE_OP_X509_CERT && r->action == IPE_ACTION_ALLOW && r->nprops == 0 &&
	   r->line == 6, "rule 3: X509_CERT ALLOW without properties on line 6");
	r = r ? r->next : NULL;
	ok(r && r->op == IPE_OP_EXECUTE && r->nprops == 2 &&
	   r->props[0].kind == IPE_PROP_DMV_ROOTHASH && r->props[1].kind == IPE_PROP_FSV_DIGEST,
	   "rule 4: EXECUTE dmverity_roothash fsverity_digest");
	if (r && r->nprops == 2) {
		is_str(r->props[0].digest.alg, "", "':abcd' has an empty alg");
		ok(r->props[0].digest.len == 2 && r->props[0].digest.bytes[0] == 0xab &&
		   r->props[0].digest.bytes[1] == 0xcd, "':abcd' decodes to ab cd");
		is_str(r->props[1].digest.alg, "sha256", "'sha256:' keeps its alg");
		is_int(r->props[1].digest.len, 0, "'sha256:' is a zero-length digest");
	}
	ok(r && r->next == NULL, "list ends after rule 4");
	ipe_policy_free(p);
}

static void check_crlf_lines(void)
{
	const struct ipe_rule *r;
	struct ipe_policy *p;

	p = PARSE_OK("policy_name=p policy_version=0.0.1\r\n\r\n"
		     "op=EXECUTE action=ALLOW\r\n"
		     "  op=FIRMWARE action=DENY\r"
		     "op=POLICY action=ALLOW\n"
		     "\r\n"
		     "\top=KMODULE action=DENY\r\n"
		     "DEFAULT action=ALLOW\r\n");
	if (!p)
		return;
	is_int(p->nrules, 4, "CRLF file: four rules");
	r = p->rules;
	ok(r && r->line == 3 && r->col == 1 && r->op == IPE_OP_EXECUTE, "CRLF: rule at 3:1");
	r = r ? r->next : NULL;
	ok(r && r->line == 4 && r->col == 3 && r->op == IPE_OP_FIRMWARE, "CRLF: indented rule at 4:3");
	r = r ? r->next : NULL;
	ok(r && r->line == 5 && r->col == 1 && r->op == IPE_OP_POLICY, "lone CR: rule at 5:1");
	r = r ? r->next : NULL;
	ok(r && r->line == 7 && r->col == 2 && r->op == IPE_OP_KMODULE, "LF then CRLF: rule at 7:2");
	ipe_policy_free(p);
}

static void check_failure_out(void)
{
	static const char bad[] = HDR "op=EXECUTE fsverity_digest=sha256:z action=ALLOW\n";
	struct ipe_policy *p = &sentinel;
	struct ipe_diag d;
	int rc = ipe_policy_parse(bad, sizeof(bad) - 1, &p, &d);

	is_int(rc, -EINVAL, "bad digest returns -EINVAL");
	ok(p == NULL, "*out is NULL on failure");
	is_int(d.err, EINVAL, "diag.err is the positive errno");
	ok(memchr(d.msg, '\0', sizeof(d.msg)) && d.msg[0], "diag.msg is a non-empty string");

	p = &sentinel;
	rc = ipe_policy_parse("", 0, &p, &d);
	ok(rc == -EBADMSG && p == NULL, "*out is NULL for empty input");
}

int main(void)
{
	printf("# %zu table rows\n", sizeof(cases) / sizeof(cases[0]));
	run_table();
	check_name_and_version();
	check_rules();
	check_crlf_lines();
	check_failure_out();
	return tap_done();
}
