// SPDX-License-Identifier: GPL-2.0-only
/*
 * ipectl's file verdict (cli/file_verdict.c) on made-up file properties, so
 * every property and every unread bit is covered whatever the host kernel
 * has: when a decision is uncertain (an unread property could change it) and
 * when it is not (the rule is failed by a property that was read, comes after
 * the deciding rule, or belongs to another op), and the exact text and JSON
 * spelling of decisions and properties.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libipe.h>

#include "file_verdict.h"
#include "tap.h"

#define HDR "policy_name=t policy_version=1.0.0\nDEFAULT action=DENY\n"
#define HASH32 "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

static struct ipe_policy *parse(const char *text)
{
	struct ipe_policy *p = NULL;
	struct ipe_diag d;

	if (ipe_policy_parse(text, strlen(text), &p, &d))
		printf("# parse error %u:%u: %s\n", d.line, d.col, d.msg);
	return p;
}

static void set_digest(uint8_t *dst, struct ipe_digest *d, char *alg_dst, const char *alg)
{
	size_t i;

	for (i = 0; i < 32; i++)
		dst[i] = (uint8_t)(i % 16 * 0x11);
	strcpy(alg_dst, alg);
	*d = (struct ipe_digest){ alg_dst, dst, 32 };
}

/* A file on a signed dm-verity device with a signed fs-verity digest. */
static void all_props(struct fileprops *fp)
{
	memset(fp, 0, sizeof(*fp));
	fp->props.boot_verified = true;
	fp->props.dmv_has_roothash = true;
	set_digest(fp->dmv_digest, &fp->props.dmv_roothash, fp->dmv_alg, "sha256");
	fp->props.dmv_signed = true;
	fp->props.fsv_enabled = true;
	set_digest(fp->fsv_digest, &fp->props.fsv_digest, fp->fsv_alg, "sha512");
	fp->props.fsv_signed = true;
}

struct verdict_case {
	const char *what;
	const char *rules;
	unsigned unread;
	uint8_t op;
	const char *action;
	bool uncertain;
};

/* The digest all_props() gives, as policy text. */
#define DIG "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff"

static const struct verdict_case cases[] = {
	{ "everything read", "op=EXECUTE boot_verified=FALSE action=ALLOW\n", 0,
	  IPE_OP_EXECUTE, "ALLOW", false },
	{ "unread boot decides an ALLOW", "op=EXECUTE boot_verified=FALSE action=ALLOW\n",
	  FILEPROPS_UNREAD_BOOT, IPE_OP_EXECUTE, "ALLOW", true },
	{ "unread boot could have matched before the default",
	  "op=EXECUTE boot_verified=TRUE action=ALLOW\n", FILEPROPS_UNREAD_BOOT,
	  IPE_OP_EXECUTE, "DENY", true },
	{ "a read property fails the rule first",
	  "op=EXECUTE fsverity_digest=sha256:" HASH32 " boot_verified=TRUE action=ALLOW\n",
	  FILEPROPS_UNREAD_BOOT, IPE_OP_EXECUTE, "DENY", false },
	{ "the unread property is read after the deciding rule",
	  "op=EXECUTE action=ALLOW\nop=EXECUTE boot_verified=TRUE action=DENY\n",
	  FILEPROPS_UNREAD_BOOT, IPE_OP_EXECUTE, "ALLOW", false },
	{ "the unread property is in another op's rule",
	  "op=KMODULE boot_verified=TRUE action=ALLOW\n", FILEPROPS_UNREAD_BOOT,
	  IPE_OP_EXECUTE, "DENY", false },
	{ "the unknown op reads no rule", "op=EXECUTE boot_verified=FALSE action=ALLOW\n",
	  FILEPROPS_UNREAD_BOOT, IPE_OP_INVALID, "DENY", false },
	{ "unread dm-verity: dmverity_signature=FALSE",
	  "op=EXECUTE dmverity_signature=FALSE action=ALLOW\n", FILEPROPS_UNREAD_DMV,
	  IPE_OP_EXECUTE, "ALLOW", true },
	{ "unread dm-verity: a root hash rule",
	  "op=EXECUTE dmverity_roothash=sha256:" HASH32 " action=ALLOW\n", FILEPROPS_UNREAD_DMV,
	  IPE_OP_EXECUTE, "DENY", true },
	{ "unread dm-verity leaves fs-verity rules certain",
	  "op=EXECUTE fsverity_signature=TRUE action=ALLOW\n", FILEPROPS_UNREAD_DMV,
	  IPE_OP_EXECUTE, "DENY", false },
	{ "unread fs-verity: a digest rule",
	  "op=EXECUTE fsverity_digest=sha256:" HASH32 " action=ALLOW\n", FILEPROPS_UNREAD_FSV,
	  IPE_OP_EXECUTE, "DENY", true },
	{ "unread fs-verity: its signature too",
	  "op=EXECUTE fsverity_signature=FALSE action=DENY\nop=EXECUTE action=ALLOW\n",
	  FILEPROPS_UNREAD_FSV, IPE_OP_EXECUTE, "DENY", true },
	{ "unread fs-verity signature only: the digest stays certain",
	  "op=EXECUTE fsverity_digest=sha256:" HASH32 " action=ALLOW\n",
	  FILEPROPS_UNREAD_FSV_SIG, IPE_OP_EXECUTE, "DENY", false },
	{ "unread fs-verity signature only: a signature rule",
	  "op=EXECUTE fsverity_signature=TRUE action=ALLOW\n", FILEPROPS_UNREAD_FSV_SIG,
	  IPE_OP_EXECUTE, "DENY", true },
	{ "a rule without properties never depends on anything",
	  "op=KMODULE action=ALLOW\n", FILEPROPS_UNREAD_BOOT | FILEPROPS_UNREAD_DMV |
	  FILEPROPS_UNREAD_FSV, IPE_OP_KMODULE, "ALLOW", false },
};

static void check_cases(void)
{
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct verdict_case *c = &cases[i];
		char text[512];
		struct ipe_policy *p;
		struct fileprops fp = { .unread = c->unread };
		struct file_verdict v;
		uint8_t hook = c->op == IPE_OP_EXECUTE ? IPE_HOOK_BPRM_CHECK : IPE_HOOK_KERNEL_READ;

		snprintf(text, sizeof(text), HDR "%s", c->rules);
		p = parse(text);
		if (!ok(p && file_verdict_decide(p, c->op, hook, &fp, &v) == 0, "%s: decided",
			c->what)) {
			ipe_policy_free(p);
			continue;
		}
		is_str(ipe_action_name(v.d.action), c->action, "%s: %s", c->what, c->action);
		is_int(v.uncertain, c->uncertain, "%s: %s", c->what,
		       c->uncertain ? "uncertain" : "certain");
		file_verdict_free(&v);
		ipe_policy_free(p);
	}
}

/* What PUT writes for X, as a malloc'd string. */
#define CAPTURE(buf, put, x)                                                    \
	do {                                                                    \
		size_t len_;                                                    \
		FILE *f_ = open_memstream(&(buf), &len_);                       \
		put(f_, x);                                                     \
		fclose(f_);                                                     \
	} while (0)

static void check_spelling(void)
{
	struct ipe_policy *p = parse(HDR "DEFAULT op=EXECUTE action=ALLOW\n"
				     "op=EXECUTE fsverity_digest=sha512:" DIG " action=DENY\n");
	struct fileprops fp;
	struct file_verdict v;
	char *s;

	all_props(&fp);
	CAPTURE(s, fileprops_put_text, &fp);
	is_str(s, "boot_verified dmverity_roothash=sha256:" DIG " dmverity_signature "
	       "fsverity_digest=sha512:" DIG " fsverity_signature", "every property, policy spelling");
	free(s);
	CAPTURE(s, fileprops_put_json, &fp);
	is_str(s, "\"properties\": [\"boot_verified\", \"dmverity_roothash=sha256:" DIG "\", "
	       "\"dmverity_signature\", \"fsverity_digest=sha512:" DIG "\", "
	       "\"fsverity_signature\"], \"unknown\": []", "every property, JSON");
	free(s);

	if (ok(p && !file_verdict_decide(p, IPE_OP_EXECUTE, IPE_HOOK_MMAP, &fp, &v),
	       "the digest rule decides")) {
		CAPTURE(s, file_verdict_put_text, &v);
		is_str(s, "rule=\"op=EXECUTE fsverity_digest=\"sha512\":" "00112233445566778899AABB"
		       "CCDDEEFF00112233445566778899AABBCCDDEEFF action=DENY\" (line 4)",
		       "a rule match: its audit text and line");
		free(s);
		CAPTURE(s, file_verdict_put_json, &v);
		is_str(s, "{\"action\": \"DENY\", \"rule\": \"op=EXECUTE fsverity_digest=\\\"sha512\\\":"
		       "00112233445566778899AABBCCDDEEFF00112233445566778899AABBCCDDEEFF action=DENY\", "
		       "\"match\": \"rule\", \"line\": 4, \"uncertain\": false}", "a rule match, JSON");
		free(s);
		file_verdict_free(&v);
	}

	memset(&fp, 0, sizeof(fp));
	fp.unread = FILEPROPS_UNREAD_BOOT | FILEPROPS_UNREAD_DMV | FILEPROPS_UNREAD_FSV;
	CAPTURE(s, fileprops_put_text, &fp);
	is_str(s, "none; unknown: boot_verified dmverity_roothash dmverity_signature "
	       "fsverity_digest fsverity_signature", "nothing read: all unknown");
	free(s);
	fp.unread = FILEPROPS_UNREAD_FSV_SIG;
	fp.props.fsv_enabled = true;
	set_digest(fp.fsv_digest, &fp.props.fsv_digest, fp.fsv_alg, "sha256");
	CAPTURE(s, fileprops_put_text, &fp);
	is_str(s, "fsverity_digest=sha256:" DIG "; unknown: fsverity_signature",
	       "a digest read, its signature not");
	free(s);
	CAPTURE(s, fileprops_put_json, &fp);
	is_str(s, "\"properties\": [\"fsverity_digest=sha256:" DIG "\"], "
	       "\"unknown\": [\"fsverity_signature\"]", "the same in JSON");
	free(s);

	memset(&fp, 0, sizeof(fp));
	if (ok(p && !file_verdict_decide(p, IPE_OP_EXECUTE, IPE_HOOK_BPRM_CHECK, &fp, &v),
	       "the op default decides")) {
		CAPTURE(s, file_verdict_put_text, &v);
		is_str(s, "rule=\"DEFAULT op=EXECUTE action=ALLOW\" (op default)", "op default");
		free(s);
		file_verdict_free(&v);
	}
	if (ok(p && !file_verdict_decide(p, IPE_OP_FIRMWARE, IPE_HOOK_KERNEL_READ, &fp, &v),
	       "the global default decides")) {
		CAPTURE(s, file_verdict_put_text, &v);
		is_str(s, "rule=\"DEFAULT action=DENY\" (global default)", "global default");
		free(s);
		CAPTURE(s, file_verdict_put_json, &v);
		is_str(s, "{\"action\": \"DENY\", \"rule\": \"DEFAULT action=DENY\", \"match\": "
		       "\"global\", \"line\": null, \"uncertain\": false}", "global default, JSON");
		free(s);
		file_verdict_free(&v);
	}
	ipe_policy_free(p);
}

int main(void)
{
	check_cases();
	check_spelling();
	return tap_done();
}
