// SPDX-License-Identifier: GPL-2.0-only
/*
 * ipe_lint() against hand-worked policies and against brute force.
 *
 * Each class gets policies that must produce exactly the listed warnings
 * (class, line, column, related lines, words of the message) and near
 * misses that must produce none: the truth table's corners (FALSE forms
 * hold on file-less events, an earlier rule with one more property covers
 * less, digests of two algorithms over the same bytes are two values), a
 * set of earlier rules that covers a rule only together, a later rule that
 * makes a default-equal rule matter only through a digest it names.  The
 * example policies are linted as shipped.  Then random policies from a small
 * pool of properties are checked against lint_oracle.h, which decides every
 * distinguishable event with ipe_evaluate().  Finally 100,000 digest rules,
 * with a duplicate and a contradiction planted at the end, and the kernel
 * configuration reader.
 *
 * Usage: test_lint EXAMPLES_DIR
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libipe-lint.h>

#include "lint_oracle.h"
#include "tap.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define HDR "policy_name=t policy_version=0.0.1\n"

/* 32- and 64-byte digests, in hex */
#define H32A "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff"
#define H32B "ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100"
#define H64A H32A H32B

struct want {
	unsigned cls;
	uint32_t line, col;
	uint32_t related[3];	/* 0-terminated */
	const char *words;	/* a part of the message, or NULL */
};

static const struct ipe_lint_options runtime = { .stage = IPE_LINT_STAGE_RUNTIME };
static const struct ipe_lint_options initramfs = { .stage = IPE_LINT_STAGE_INITRAMFS };

static struct ipe_policy *parse(const char *text, size_t len, const char *what)
{
	struct ipe_policy *p = NULL;
	struct ipe_diag d;

	if (!ok(ipe_policy_parse(text, len, &p, &d) == 0, "%s: parses", what))
		printf("#   %u:%u: %s\n", d.line, d.col, d.msg);
	return p;
}

static void print_report(const struct ipe_lint_report *rep)
{
	size_t i;

	for (i = 0; i < rep->count; i++)
		printf("#   %u:%u [%s] %s\n", rep->warnings[i].line, rep->warnings[i].col,
		       ipe_lint_class_name(rep->warnings[i].cls), rep->warnings[i].msg);
}

static bool same_warning(const struct ipe_lint_warning *w, const struct want *x)
{
	uint32_t n = 0;

	while (n < ARRAY_SIZE(x->related) && x->related[n])
		n++;
	if (w->cls != x->cls || w->line != x->line || w->col != x->col || w->nrelated != n)
		return false;
	if (n && memcmp(w->related, x->related, n * sizeof(*w->related)))
		return false;
	return !x->words || strstr(w->msg, x->words);
}

/* Lint TEXT with O: exactly the N warnings of WANT, in that order. */
static void expect(const char *what, const char *text, const struct ipe_lint_options *o,
		   const struct want *want, size_t n)
{
	struct ipe_lint_report *rep = NULL;
	struct ipe_policy *p;
	char why[256];
	size_t i;
	bool good;

	p = parse(text, strlen(text), what);
	if (!p)
		return;
	if (!ok(ipe_lint(p, o, &rep) == 0 && rep, "%s: lints", what)) {
		ipe_policy_free(p);
		return;
	}
	good = rep->count == n;
	for (i = 0; good && i < n; i++)
		good = same_warning(&rep->warnings[i], &want[i]);
	if (!ok(good, "%s: %zu warning%s as expected", what, n, n == 1 ? "" : "s"))
		print_report(rep);
	if (!ok(lint_oracle(p, o, rep, why, sizeof(why)) == 1, "%s: brute force agrees", what))
		printf("#   %s\n", why);
	ipe_lint_report_free(rep);
	ipe_policy_free(p);
}

/* BODY is a string literal: the policy after its header line. */
#define EXPECT(what, body, o, ...)                                              \
	do {                                                                    \
		static const struct want w_[] = { __VA_ARGS__ };                \
		expect(what, HDR body, o, w_, ARRAY_SIZE(w_));                  \
	} while (0)
#define EXPECT_NONE(what, body, o) expect(what, HDR body, o, NULL, 0)

/* TEXT gets one warning, with exactly message MSG. */
static void exact_message(const char *what, const char *text, const char *msg)
{
	struct ipe_lint_report *rep = NULL;
	struct ipe_policy *p = parse(text, strlen(text), what);

	if (!p)
		return;
	if (ok(ipe_lint(p, &runtime, &rep) == 0 && rep->count == 1, "%s: one warning", what))
		is_str(rep->warnings[0].msg, msg, "%s: the message", what);
	ipe_lint_report_free(rep);
	ipe_policy_free(p);
}

/* ---- the classes, one by one ------------------------------------------------ */

static void test_never_matches(void)
{
	EXPECT("boot_verified both ways",
	       "DEFAULT action=DENY\nop=EXECUTE boot_verified=TRUE boot_verified=FALSE action=ALLOW\n",
	       &initramfs,
	       { IPE_LINT_NEVER_MATCHES, 3, 1, { 0 },
		 "boot_verified=TRUE and boot_verified=FALSE cannot both hold" });
	EXPECT("two fs-verity digests",
	       "DEFAULT action=DENY\n"
	       "op=EXECUTE fsverity_digest=sha256:" H32A " fsverity_digest=sha256:" H32B " action=ALLOW\n",
	       &runtime,
	       { IPE_LINT_NEVER_MATCHES, 3, 1, { 0 },
		 "fsverity_digest=sha256:" H32A " and fsverity_digest=sha256:" H32B " cannot" });
	EXPECT("one digest value under two algorithm names",
	       "DEFAULT action=DENY\n"
	       "op=KMODULE dmverity_roothash=sha256:" H32A " dmverity_roothash=sm3:" H32A " action=ALLOW\n",
	       &runtime, { IPE_LINT_NEVER_MATCHES, 3, 1, { 0 }, "sm3:" });
	EXPECT("fsverity_signature both ways, after other properties",
	       "DEFAULT action=DENY\n"
	       "  op=FIRMWARE boot_verified=FALSE fsverity_signature=TRUE dmverity_signature=FALSE "
	       "fsverity_signature=FALSE action=ALLOW\n",
	       &runtime,
	       { IPE_LINT_NEVER_MATCHES, 3, 3, { 0 },
		 "fsverity_signature=TRUE and fsverity_signature=FALSE" });
	EXPECT("dmverity_signature both ways",
	       "DEFAULT action=DENY\nop=EXECUTE dmverity_signature=FALSE dmverity_signature=TRUE action=ALLOW\n",
	       &runtime,
	       { IPE_LINT_NEVER_MATCHES, 3, 1, { 0 },
		 "dmverity_signature=FALSE and dmverity_signature=TRUE" });
	EXPECT_NONE("near miss: the same digest twice, and one of each kind",
		    "DEFAULT action=DENY\n"
		    "op=EXECUTE fsverity_digest=sha256:" H32A " fsverity_digest=sha256:" H32A
		    " dmverity_roothash=sha256:" H32A " action=ALLOW\n",
		    &runtime);
	EXPECT_NONE("near miss: every FALSE form at once (file-less events)",
		    "DEFAULT action=ALLOW\nDEFAULT op=EXECUTE action=ALLOW\n"
		    "op=EXECUTE boot_verified=FALSE dmverity_signature=FALSE fsverity_signature=FALSE action=DENY\n",
		    &runtime);
	EXPECT_NONE("near miss: a signature TRUE and the other FALSE",
		    "DEFAULT action=DENY\nop=EXECUTE fsverity_signature=TRUE dmverity_signature=FALSE action=ALLOW\n",
		    &runtime);
}

static void test_duplicate(void)
{
	EXPECT("the same properties in another order",
	       "DEFAULT action=DENY\n"
	       "op=EXECUTE dmverity_signature=TRUE fsverity_signature=FALSE action=ALLOW\n"
	       "op=KMODULE action=ALLOW\n"
	       "\top=EXECUTE fsverity_signature=FALSE dmverity_signature=TRUE action=ALLOW\n",
	       &runtime, { IPE_LINT_DUPLICATE, 5, 2, { 3 }, "duplicate of line 3" });
	EXPECT("a repeated property is the same set",
	       "DEFAULT action=DENY\n"
	       "op=KMODULE fsverity_digest=sha256:" H32A " action=ALLOW\n"
	       "op=KMODULE fsverity_digest=sha256:" H32A " fsverity_digest=sha256:" H32A " action=ALLOW\n"
	       "op=KMODULE fsverity_digest=sha256:" H32A " action=ALLOW\n",
	       &runtime,
	       { IPE_LINT_DUPLICATE, 4, 1, { 3 }, NULL },
	       { IPE_LINT_DUPLICATE, 5, 1, { 3 }, NULL });
	EXPECT_NONE("near miss: the same rule for another op",
		    "DEFAULT action=DENY\n"
		    "op=KMODULE dmverity_signature=TRUE action=ALLOW\n"
		    "op=FIRMWARE dmverity_signature=TRUE action=ALLOW\n",
		    &runtime);
	EXPECT_NONE("near miss: one digest value under two algorithm names",
		    "DEFAULT action=DENY\n"
		    "op=KMODULE dmverity_roothash=sha256:" H32A " action=ALLOW\n"
		    "op=KMODULE dmverity_roothash=sm3:" H32A " action=ALLOW\n",
		    &runtime);
	EXPECT("the other action is shadowed, not a duplicate",
	       "DEFAULT action=DENY\n"
	       "op=KMODULE dmverity_signature=TRUE action=DENY\n"
	       "op=KMODULE dmverity_signature=TRUE action=ALLOW\n",
	       &runtime,
	       { IPE_LINT_SHADOWED, 4, 1, { 3 },
		 "line 3 (the decision differs: line 3 decides DENY where this rule says ALLOW)" });
}

static void test_shadowed(void)
{
	EXPECT("after a rule without properties",
	       "DEFAULT action=DENY\n"
	       "op=EXECUTE action=ALLOW\n"
	       "op=EXECUTE fsverity_signature=TRUE action=ALLOW\n"
	       "op=EXECUTE fsverity_digest=sha256:" H32A " action=DENY\n",
	       &runtime,
	       { IPE_LINT_SHADOWED, 4, 1, { 3 }, "by line 3 (same action: removing it changes no decision)" },
	       { IPE_LINT_SHADOWED, 5, 1, { 3 },
		 "(the decision differs: line 3 decides ALLOW where this rule says DENY)" });
	EXPECT("covered only by two rules together",
	       "DEFAULT action=DENY\n"
	       "op=EXECUTE boot_verified=FALSE action=ALLOW\n"
	       "op=EXECUTE boot_verified=TRUE action=ALLOW\n"
	       "op=EXECUTE fsverity_signature=FALSE action=DENY\n",
	       &initramfs,
	       { IPE_LINT_SHADOWED, 5, 1, { 3, 4 }, "by one of lines 3, 4 (the decision differs: lines 3, 4 decide ALLOW" });
	EXPECT("signed or not covers every event, the file-less ones too",
	       "DEFAULT action=DENY\n"
	       "op=KMODULE fsverity_signature=TRUE action=ALLOW\n"
	       "op=KMODULE fsverity_signature=FALSE action=ALLOW\n"
	       "op=KMODULE dmverity_roothash=sha256:" H32B " action=DENY\n",
	       &runtime, { IPE_LINT_SHADOWED, 5, 1, { 3, 4 }, NULL });
	EXPECT("one rule covers alone though another decides some events first",
	       "DEFAULT action=DENY\n"
	       "op=EXECUTE boot_verified=TRUE action=DENY\n"
	       "op=EXECUTE action=ALLOW\n"
	       "op=EXECUTE fsverity_signature=TRUE action=ALLOW\n",
	       &initramfs,
	       { IPE_LINT_SHADOWED, 5, 1, { 4 },
		 "by line 4 (the decision differs: line 3 decides DENY where this rule says ALLOW)" });
	EXPECT("the same digest with a signature added",
	       "DEFAULT action=DENY\n"
	       "op=EXECUTE fsverity_digest=sha256:" H32A " action=ALLOW\n"
	       "op=EXECUTE fsverity_signature=TRUE fsverity_digest=sha256:" H32A " action=DENY\n",
	       &runtime, { IPE_LINT_SHADOWED, 4, 1, { 3 }, NULL });
	EXPECT_NONE("near miss: FALSE without boot_verified=TRUE files (the initramfs stays)",
		    "DEFAULT action=DENY\nDEFAULT op=EXECUTE action=ALLOW\n"
		    "op=EXECUTE boot_verified=FALSE action=ALLOW\n"
		    "op=EXECUTE fsverity_signature=FALSE action=DENY\n",
		    &runtime);
	EXPECT_NONE("near miss: an earlier rule with one more property",
		    "DEFAULT action=DENY\nDEFAULT op=EXECUTE action=ALLOW\n"
		    "op=EXECUTE fsverity_signature=TRUE boot_verified=FALSE action=ALLOW\n"
		    "op=EXECUTE fsverity_signature=TRUE action=DENY\n",
		    &runtime);
	EXPECT_NONE("near miss: a later DENY after an ALLOW of a narrower set",
		    "DEFAULT action=ALLOW\nDEFAULT op=EXECUTE action=ALLOW\n"
		    "op=EXECUTE dmverity_signature=TRUE fsverity_signature=TRUE action=ALLOW\n"
		    "op=EXECUTE dmverity_signature=TRUE action=DENY\n",
		    &runtime);
	EXPECT_NONE("near miss: two algorithms over the same bytes",
		    "DEFAULT action=DENY\n"
		    "op=EXECUTE fsverity_digest=sha256:" H32A " action=ALLOW\n"
		    "op=EXECUTE fsverity_digest=sha512:" H32A H32A " action=ALLOW\n"
		    "op=EXECUTE dmverity_roothash=sha256:" H32A " action=ALLOW\n",
		    &runtime);
	EXPECT_NONE("near miss: a signed-file rule before a digest rule (the unsigned file)",
		    "DEFAULT action=DENY\n"
		    "op=EXECUTE fsverity_signature=TRUE action=ALLOW\n"
		    "op=EXECUTE fsverity_digest=sha256:" H32A " action=ALLOW\n",
		    &runtime);
	EXPECT_NONE("near miss: another op's catch-all",
		    "DEFAULT action=ALLOW\n"
		    "op=KMODULE action=DENY\n"
		    "op=EXECUTE action=DENY\n",
		    &runtime);
}

static void test_redundant_default(void)
{
	EXPECT("the op's own default",
	       "DEFAULT action=DENY\nDEFAULT op=KMODULE action=ALLOW\n"
	       "op=KMODULE dmverity_signature=TRUE action=ALLOW\n",
	       &runtime,
	       { IPE_LINT_REDUNDANT_DEFAULT, 4, 1, { 3 },
		 "has no effect: DEFAULT op=KMODULE action=ALLOW already allows it" });
	EXPECT("the global default",
	       "op=EXECUTE fsverity_digest=sha256:" H32A " action=DENY\n"
	       "DEFAULT action=DENY\n",
	       &runtime,
	       { IPE_LINT_REDUNDANT_DEFAULT, 2, 1, { 3 },
		 "has no effect: DEFAULT action=DENY already denies it" });
	EXPECT("a later opposite rule that only matches what an earlier one takes",
	       "DEFAULT action=DENY\n"
	       "op=EXECUTE fsverity_signature=TRUE action=ALLOW\n"
	       "op=EXECUTE fsverity_signature=FALSE action=DENY\n"
	       "op=EXECUTE fsverity_signature=TRUE boot_verified=TRUE action=ALLOW\n",
	       &initramfs,
	       { IPE_LINT_REDUNDANT_DEFAULT, 4, 1, { 2 }, NULL },
	       { IPE_LINT_SHADOWED, 5, 1, { 3 }, NULL });
	EXPECT_NONE("near miss: the DENY before a broader ALLOW (the allowlist shape)",
		    "DEFAULT action=ALLOW\nDEFAULT op=EXECUTE action=DENY\n"
		    "op=EXECUTE fsverity_digest=sha256:" H32A " action=DENY\n"
		    "op=EXECUTE fsverity_signature=TRUE action=ALLOW\n",
		    &runtime);
	EXPECT_NONE("near miss: a later ALLOW that names a digest the DENY leaves open",
		    "DEFAULT action=DENY\n"
		    "op=EXECUTE boot_verified=FALSE action=DENY\n"
		    "op=EXECUTE fsverity_digest=sha256:" H32A " action=ALLOW\n",
		    &runtime);
	EXPECT("near miss: a later ALLOW of the same root hash keeps the DENY (and is shadowed by it)",
	       "DEFAULT action=DENY\n"
	       "op=KMODULE dmverity_roothash=sha256:" H32A " action=DENY\n"
	       "op=KMODULE dmverity_roothash=sha256:" H32A " dmverity_signature=TRUE action=ALLOW\n",
	       &runtime, { IPE_LINT_SHADOWED, 4, 1, { 3 }, NULL });
	EXPECT_NONE("near miss: a DEFAULT op=X equal to the global one is left alone",
		    "DEFAULT action=DENY\nDEFAULT op=FIRMWARE action=DENY\n", &runtime);
}

static void test_boot_verified(void)
{
#define BOOT_BODY "DEFAULT action=DENY\n"				\
		  "op=EXECUTE boot_verified=TRUE action=ALLOW\n"		\
		  "op=KMODULE boot_verified=FALSE action=DENY\n"		\
		  "op=KMODULE action=ALLOW\n"

	EXPECT("boot_verified=TRUE at runtime", BOOT_BODY, &runtime,
	       { IPE_LINT_BOOT_VERIFIED_AFTER_SWITCH_ROOT, 3, 1, { 0 }, "emptied initramfs" });
	EXPECT_NONE("boot_verified=TRUE in the initramfs", BOOT_BODY, &initramfs);
}

static void test_unsupported(void)
{
#define PROVIDER_BODY "DEFAULT action=DENY\n"					\
	"op=EXECUTE dmverity_roothash=sha256:" H32A " action=ALLOW\n"		\
	"op=EXECUTE dmverity_signature=FALSE action=ALLOW\n"			\
	"op=EXECUTE fsverity_digest=sha512:" H64A " action=ALLOW\n"		\
	"op=EXECUTE fsverity_signature=TRUE dmverity_signature=TRUE action=ALLOW\n"
	struct ipe_lint_options none = { .kernel_known = true, .providers = 0 };
	struct ipe_lint_options all = { .kernel_known = true, .providers = IPE_PROVIDERS_ALL };
	struct ipe_lint_options no_fsv_sig = { .kernel_known = true,
					       .providers = IPE_PROVIDERS_ALL & ~IPE_PROVIDER_FSV_SIG };

	EXPECT("a kernel without any provider", PROVIDER_BODY, &none,
	       { IPE_LINT_UNSUPPORTED_PROPERTY, 3, 1, { 0 }, "dmverity_roothash needs CONFIG_DM_VERITY=y or m" },
	       { IPE_LINT_UNSUPPORTED_PROPERTY, 4, 1, { 0 },
		 "dmverity_signature needs CONFIG_DM_VERITY_VERIFY_ROOTHASH_SIG=y, which the kernel lacks: both its TRUE and FALSE forms are always false" },
	       { IPE_LINT_UNSUPPORTED_PROPERTY, 5, 1, { 0 }, "fsverity_digest needs CONFIG_FS_VERITY=y" },
	       { IPE_LINT_UNSUPPORTED_PROPERTY, 6, 1, { 0 }, "dmverity_signature needs" },
	       { IPE_LINT_UNSUPPORTED_PROPERTY, 6, 1, { 0 }, "fsverity_signature needs CONFIG_FS_VERITY_BUILTIN_SIGNATURES=y" });
	EXPECT("a kernel without built-in fs-verity signatures", PROVIDER_BODY, &no_fsv_sig,
	       { IPE_LINT_UNSUPPORTED_PROPERTY, 6, 1, { 0 }, "fsverity_signature needs" });
	EXPECT_NONE("a kernel with every provider", PROVIDER_BODY, &all);
	EXPECT_NONE("an unknown kernel", PROVIDER_BODY, &runtime);

	/*
	 * On a known kernel, rules that need a missing provider match nothing,
	 * so they shadow nothing and catch no unverified executable.
	 */
	no_fsv_sig.stage = IPE_LINT_STAGE_INITRAMFS;
#define NO_SIG_BODY "DEFAULT action=DENY\n"					\
	"op=EXECUTE fsverity_signature=FALSE action=DENY\n"			\
	"op=EXECUTE fsverity_signature=TRUE action=DENY\n"			\
	"op=EXECUTE boot_verified=TRUE action=ALLOW\n"
	EXPECT("a kernel without fs-verity signatures: the initramfs rule decides", NO_SIG_BODY,
	       &no_fsv_sig,
	       { IPE_LINT_UNSUPPORTED_PROPERTY, 3, 1, { 0 }, "fsverity_signature needs" },
	       { IPE_LINT_UNSUPPORTED_PROPERTY, 4, 1, { 0 }, "fsverity_signature needs" });
	all.stage = IPE_LINT_STAGE_INITRAMFS;
	EXPECT("every provider: the initramfs rule is shadowed", NO_SIG_BODY, &all,
	       { IPE_LINT_SHADOWED, 5, 1, { 3, 4 }, "lines 3, 4" });
	EXPECT("a kernel without fs-verity signatures: unverified executables reach the ALLOW",
	       "DEFAULT action=ALLOW\n"
	       "op=EXECUTE fsverity_signature=FALSE action=DENY\n",
	       &no_fsv_sig,
	       { IPE_LINT_DEFAULT_ALLOW_EXECUTE, 2, 1, { 0 }, "no DEFAULT op=EXECUTE" },
	       { IPE_LINT_UNSUPPORTED_PROPERTY, 3, 1, { 0 }, "fsverity_signature needs" });
}

static void test_digest_length(void)
{
	EXPECT("digests no kernel presents",
	       "DEFAULT action=DENY\n"
	       "op=EXECUTE fsverity_digest=sha256:" H32A "00 action=ALLOW\n"
	       "op=EXECUTE fsverity_digest=sha1:0011223344556677889900112233445566778899 action=ALLOW\n"
	       "op=EXECUTE dmverity_roothash=SHA256:" H32A " action=ALLOW\n"
	       "op=EXECUTE fsverity_digest=sha256: action=ALLOW\n"
	       "op=EXECUTE dmverity_roothash=:00 action=ALLOW\n"
	       "op=EXECUTE fsverity_digest=SHA1:00 action=ALLOW\n",
	       &runtime,
	       { IPE_LINT_DIGEST_LENGTH, 3, 1, { 0 }, "33 bytes where a sha256 digest has 32" },
	       { IPE_LINT_DIGEST_LENGTH, 4, 1, { 0 }, "fs-verity has no algorithm 'sha1' (only sha256 and sha512)" },
	       { IPE_LINT_DIGEST_LENGTH, 5, 1, { 0 }, "unknown algorithm 'SHA256': the kernel compares the name byte for byte, it never matches (did you mean 'sha256'?)" },
	       { IPE_LINT_DIGEST_LENGTH, 6, 1, { 0 }, "0 bytes where a sha256 digest has 32" },
	       { IPE_LINT_DIGEST_LENGTH, 7, 1, { 0 }, "unknown algorithm ''" },
	       { IPE_LINT_DIGEST_LENGTH, 8, 1, { 0 }, "unknown algorithm 'SHA1'" });
	exact_message("no suggestion of a name fs-verity does not have",
		      HDR "DEFAULT action=DENY\nop=EXECUTE fsverity_digest=SHA1:00 action=ALLOW\n",
		      "fsverity_digest=SHA1:00: unknown algorithm 'SHA1': the kernel compares the name "
		      "byte for byte, it never matches");
	exact_message("bytes outside printable ASCII are escaped",
		      HDR "DEFAULT action=DENY\nop=KMODULE dmverity_roothash=a\\\x7f\xa0:00 action=ALLOW\n",
		      "dmverity_roothash=a\\x5c\\x7f\\xa0:00: unknown algorithm 'a\\x5c\\x7f\\xa0': the kernel "
		      "compares the name byte for byte, it never matches");
	EXPECT_NONE("digests as the kernel presents them",
		    "DEFAULT action=DENY\n"
		    "op=EXECUTE fsverity_digest=sha512:" H64A " action=ALLOW\n"
		    "op=EXECUTE dmverity_roothash=sha1:0011223344556677889900112233445566778899 action=ALLOW\n"
		    "op=EXECUTE dmverity_roothash=blake2b-256:" H32A " action=ALLOW\n"
		    "op=EXECUTE dmverity_roothash=sm3:" H32B " action=ALLOW\n",
		    &runtime);
}

static void test_default_allow_execute(void)
{
	EXPECT("a global ALLOW that unverified executables reach",
	       "op=KMODULE action=DENY\n"
	       "  DEFAULT action=ALLOW\n"
	       "op=EXECUTE fsverity_digest=sha256:" H32A " action=DENY\n",
	       &runtime,
	       { IPE_LINT_DEFAULT_ALLOW_EXECUTE, 3, 3, { 0 }, "no DEFAULT op=EXECUTE" });
	EXPECT_NONE("near miss: DEFAULT op=EXECUTE", "DEFAULT action=ALLOW\nDEFAULT op=EXECUTE action=DENY\n",
		    &runtime);
	EXPECT_NONE("near miss: a rule takes every unverified executable",
		    "DEFAULT action=ALLOW\n"
		    "op=EXECUTE boot_verified=TRUE action=ALLOW\n"
		    "op=EXECUTE fsverity_signature=FALSE action=DENY\n",
		    &initramfs);
	EXPECT_NONE("near miss: a global DENY", "DEFAULT action=DENY\n", &runtime);
}

/* ---- the examples -------------------------------------------------------------- */

static void lint_file(const char *dir, const char *name, const struct ipe_lint_options *o,
		      const struct want *want, size_t n)
{
	char path[4096], text[65536];
	size_t len;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "rb");
	if (!ok(f != NULL, "%s: opens", path))
		return;
	len = fread(text, 1, sizeof(text) - 1, f);
	fclose(f);
	text[len] = '\0';
	expect(name, text, o, want, n);
}

static void test_examples(const char *dir)
{
	static const struct want boot[] = {
		{ IPE_LINT_BOOT_VERIFIED_AFTER_SWITCH_ROOT, 8, 1, { 0 }, NULL },
		{ IPE_LINT_BOOT_VERIFIED_AFTER_SWITCH_ROOT, 13, 1, { 0 }, NULL },
		{ IPE_LINT_BOOT_VERIFIED_AFTER_SWITCH_ROOT, 15, 1, { 0 }, NULL },
	};
	static const struct want audit[] = {
		{ IPE_LINT_DEFAULT_ALLOW_EXECUTE, 4, 1, { 0 }, NULL },
	};
	struct ipe_lint_options all = { .kernel_known = true, .providers = IPE_PROVIDERS_ALL };

	lint_file(dir, "fsverity-allowlist.pol", &all, NULL, 0);
	lint_file(dir, "verified-boot.pol", &initramfs, NULL, 0);
	lint_file(dir, "verified-boot.pol", &runtime, boot, ARRAY_SIZE(boot));
	lint_file(dir, "audit-only.pol", &all, audit, ARRAY_SIZE(audit));
}

/* ---- random policies against brute force -------------------------------------- */

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

static unsigned rnd(unsigned n)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (unsigned)(rng_state % n);
}

static void random_policy(char *text, size_t size)
{
	static const char *const props[] = {
		"boot_verified=TRUE", "boot_verified=FALSE",
		"dmverity_signature=TRUE", "dmverity_signature=FALSE",
		"fsverity_signature=TRUE", "fsverity_signature=FALSE",
		"dmverity_roothash=sha256:" H32A, "dmverity_roothash=sha256:" H32B,
		"dmverity_roothash=sm3:" H32A,
		"fsverity_digest=sha256:" H32A, "fsverity_digest=sha256:" H32B,
		"fsverity_digest=sha512:" H64A, "fsverity_digest=sha256:",
	};
	static const char *const ops[] = { "EXECUTE", "KMODULE", "POLICY" };
	static const char *const actions[] = { "ALLOW", "DENY" };
	size_t o = (size_t)snprintf(text, size, HDR);
	unsigned nrules = rnd(10), i, k, np;

	if (rnd(8)) {
		o += (size_t)snprintf(text + o, size - o, "DEFAULT action=%s\n", actions[rnd(2)]);
	} else {
		static const char *const rest[] = { "FIRMWARE", "KEXEC_IMAGE", "KEXEC_INITRAMFS",
						    "X509_CERT" };

		for (k = 0; k < ARRAY_SIZE(rest); k++)
			o += (size_t)snprintf(text + o, size - o, "DEFAULT op=%s action=DENY\n", rest[k]);
		for (k = 0; k < ARRAY_SIZE(ops); k++)
			o += (size_t)snprintf(text + o, size - o, "DEFAULT op=%s action=%s\n", ops[k],
					      actions[rnd(2)]);
	}
	for (k = 0; k < ARRAY_SIZE(ops); k++)
		if (!rnd(3) && !strstr(text, ops[k]))
			o += (size_t)snprintf(text + o, size - o, "DEFAULT op=%s action=%s\n", ops[k],
					      actions[rnd(2)]);
	for (i = 0; i < nrules; i++) {
		o += (size_t)snprintf(text + o, size - o, "op=%s", ops[rnd(ARRAY_SIZE(ops))]);
		np = rnd(4);
		for (k = 0; k < np; k++)
			o += (size_t)snprintf(text + o, size - o, " %s", props[rnd(ARRAY_SIZE(props))]);
		o += (size_t)snprintf(text + o, size - o, " action=%s\n", actions[rnd(2)]);
	}
}

static void test_random(void)
{
	unsigned i, failed = 0, n = 3000, counts[IPE_LINT_CLASS_COUNT] = { 0 };
	char text[4096], why[256];

	for (i = 0; i < n; i++) {
		struct ipe_lint_options o = { .stage = (uint8_t)rnd(2), .kernel_known = rnd(2),
					      .providers = rnd(16) };
		struct ipe_lint_report *rep = NULL;
		struct ipe_policy *p = NULL;
		struct ipe_diag d;
		size_t w;

		random_policy(text, sizeof(text));
		if (ipe_policy_parse(text, strlen(text), &p, &d) || ipe_lint(p, &o, &rep) ||
		    lint_oracle(p, &o, rep, why, sizeof(why)) != 1) {
			if (!failed++)
				printf("# first failure: %s\n# policy:\n%s", p ? why : d.msg, text);
		} else {
			for (w = 0; w < rep->count; w++)
				counts[rep->warnings[w].cls]++;
		}
		ipe_lint_report_free(rep);
		ipe_policy_free(p);
	}
	ok(!failed, "%u random policies: the lint agrees with brute force (%u failed)", n, failed);
	/* The generator must reach every class, or the agreement proves little. */
	for (i = 0; i < IPE_LINT_CLASS_COUNT; i++)
		ok(counts[i] > 0, "random policies raise %s (%u times)", ipe_lint_class_name(i),
		   counts[i]);
}

/* ---- scale ----------------------------------------------------------------------- */

static void test_large(void)
{
	enum { N = 100000 };
	size_t size = 128 + (size_t)(N + 2) * 120, o;
	char *text = malloc(size);
	struct ipe_lint_options all = { .kernel_known = true, .providers = IPE_PROVIDERS_ALL };
	struct ipe_lint_report *rep = NULL;
	struct ipe_policy *p;
	unsigned i;

	if (!ok(text != NULL, "100,000 rules: memory"))
		return;
	o = (size_t)snprintf(text, size, HDR "DEFAULT action=ALLOW\nDEFAULT op=EXECUTE action=DENY\n");
	for (i = 0; i < N; i++)
		o += (size_t)snprintf(text + o, size - o,
				      "op=EXECUTE fsverity_digest=sha256:%08x%056x action=ALLOW\n", i, 0);
	/* line 4 + i holds rule i: a twin of rule 49,999 (line 50,003), then a contradiction */
	o += (size_t)snprintf(text + o, size - o,
			      "op=EXECUTE fsverity_digest=sha256:%08x%056x action=ALLOW\n", 49999, 0);
	snprintf(text + o, size - o,
		 "op=EXECUTE fsverity_digest=sha256:%08x%056x fsverity_digest=sha256:%08x%056x action=ALLOW\n",
		 1, 0, 2, 0);
	p = parse(text, strlen(text), "100,000 rules");
	free(text);
	if (!p)
		return;
	if (ok(ipe_lint(p, &all, &rep) == 0, "100,000 rules: lints")) {
		bool good = rep->count == 2 && rep->warnings[0].cls == IPE_LINT_DUPLICATE &&
			    rep->warnings[0].line == N + 4 && rep->warnings[0].nrelated == 1 &&
			    rep->warnings[0].related[0] == 50003 &&
			    rep->warnings[1].cls == IPE_LINT_NEVER_MATCHES &&
			    rep->warnings[1].line == N + 5;

		if (!ok(good, "100,000 rules: only the planted duplicate and contradiction"))
			print_report(rep);
	}
	ipe_lint_report_free(rep);
	ipe_policy_free(p);
}

/* ---- the kernel configuration reader ----------------------------------------- */

static void kconfig(const char *what, const char *text, size_t len, int want_rc, unsigned want)
{
	unsigned got = 0xdead;
	int rc = ipe_kconfig_providers(text, len, &got);

	if (!ok(rc == want_rc && (rc || got == want), "kconfig: %s", what))
		printf("#   rc %d providers %#x, want rc %d providers %#x\n", rc, got, want_rc, want);
}

#define KCONFIG(what, text, rc, want) kconfig(what, text, sizeof(text) - 1, rc, want)

static void test_kconfig(void)
{
	KCONFIG("every provider",
		"#\n# Automatically generated file; DO NOT EDIT.\nCONFIG_DM_VERITY=m\n"
		"CONFIG_DM_VERITY_VERIFY_ROOTHASH_SIG=y\nCONFIG_FS_VERITY=y\n"
		"CONFIG_FS_VERITY_BUILTIN_SIGNATURES=y\n", 0, IPE_PROVIDERS_ALL);
	KCONFIG("=m counts only for dm-verity",
		"CONFIG_DM_VERITY=m\nCONFIG_DM_VERITY_VERIFY_ROOTHASH_SIG=m\nCONFIG_FS_VERITY=m\n"
		"CONFIG_FS_VERITY_BUILTIN_SIGNATURES=m\n", 0, IPE_PROVIDER_DMV);
	KCONFIG("not set", "# CONFIG_DM_VERITY is not set\nCONFIG_LOCALVERSION=\"\"\n", 0, 0);
	KCONFIG("a later line wins (unset)", "CONFIG_FS_VERITY=y\n# CONFIG_FS_VERITY is not set\n", 0, 0);
	KCONFIG("a later line wins (set)", "# CONFIG_FS_VERITY is not set\nCONFIG_FS_VERITY=y", 0,
		IPE_PROVIDER_FSV);
	KCONFIG("CR LF and trailing blanks", "CONFIG_FS_VERITY=y \r\nCONFIG_DM_VERITY=y\t\r\n", 0,
		IPE_PROVIDER_FSV | IPE_PROVIDER_DMV);
	KCONFIG("longer names are other options",
		"CONFIG_FS_VERITY_DEBUG=y\nCONFIG_DM_VERITY_FEC=y\nCONFIG_DM_VERITYX=y\n", 0, 0);
	KCONFIG("values other than y and m", "CONFIG_FS_VERITY=yes\nCONFIG_DM_VERITY=\"y\"\n", 0, 0);
	KCONFIG("a NUL ends no line", "CONFIG_FS_VERITY=y\0\nCONFIG_DM_VERITY=y", 0, IPE_PROVIDER_DMV);
	KCONFIG("indented lines are not assignments", "  CONFIG_FS_VERITY=y\n", -EINVAL, 0);
	KCONFIG("empty", "", -EINVAL, 0);
	KCONFIG("no assignment at all", "hello\nCONFIG_\nCONFIG_=y\n# CONFIG_ is not set\n", -EINVAL, 0);
	KCONFIG("a policy is no configuration", HDR "DEFAULT action=ALLOW\n", -EINVAL, 0);
}

static void test_names(void)
{
	static const char *const names[] = {
		"never-matches", "duplicate", "shadowed", "redundant-default",
		"boot-verified-after-switch-root", "unsupported-property", "digest-length",
		"default-allow-execute",
	};
	unsigned i;

	is_int(ARRAY_SIZE(names), IPE_LINT_CLASS_COUNT, "one name per class");
	for (i = 0; i < ARRAY_SIZE(names); i++)
		is_str(ipe_lint_class_name(i), names[i], "class %u is %s", i, names[i]);
	ok(ipe_lint_class_name(IPE_LINT_CLASS_COUNT) == NULL, "no name past the last class");
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: test_lint EXAMPLES_DIR\n");
		return 2;
	}
	test_never_matches();
	test_duplicate();
	test_shadowed();
	test_redundant_default();
	test_boot_verified();
	test_unsupported();
	test_digest_length();
	test_default_allow_execute();
	test_examples(argv[1]);
	test_random();
	test_large();
	test_kconfig();
	test_names();
	return tap_done();
}
