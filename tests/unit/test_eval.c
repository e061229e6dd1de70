// SPDX-License-Identifier: GPL-2.0-only
/*
 * The reference evaluator against SPEC §2.  First the property truth table of
 * §2.3, cell by cell: each of the eight property forms on an event without a
 * file, on files where the property's state is true and where it is false
 * (for digests: matching, other bytes, other length, other alg spelling, empty
 * digest, empty alg), each with every provider present, with its own provider
 * bit cleared (both TRUE and FALSE forms then false; boot_verified has no
 * provider and is always evaluated) and with an unrelated bit cleared (no
 * effect); every cell is checked through ipe_prop_holds() and through
 * ipe_evaluate() on a one-rule policy.  Then the order of §2.1: first matching
 * rule of the event's op in file order, properties ANDed, rules without
 * properties, op default before global default, DEFAULT position irrelevant,
 * the unknown op, all seven ops with their own defaults; and for every kind of
 * match the decision's op, rule pointer and line, and the exact rule="..." text.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libipe.h>

#include "tap.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* ---- helpers ------------------------------------------------------------ */

static struct ipe_policy *parse_text(const char *text, const char *what)
{
	struct ipe_policy *p = NULL;
	struct ipe_diag diag = { 0 };
	int rc = ipe_policy_parse(text, strlen(text), &p, &diag);

	if (!ok(rc == 0 && p, "%s: policy parses", what))
		printf("#   rc %d at %u:%u: %s\n", rc, diag.line, diag.col, diag.msg);
	return rc == 0 ? p : NULL;
}

/* The N-th rule (0-based) in file order, any op. */
static const struct ipe_rule *nth_rule(const struct ipe_policy *p, unsigned n)
{
	const struct ipe_rule *r = p->rules;

	while (r && n--)
		r = r->next;
	return r;
}

static struct ipe_event event(unsigned op, const struct ipe_file_props *f, unsigned providers)
{
	return (struct ipe_event){
		.op = (uint8_t)op,
		.hook = f ? IPE_HOOK_BPRM_CHECK : IPE_HOOK_MMAP,
		.file = f,
		.providers = providers,
	};
}

/*
 * Evaluate and check everything a decision carries.  WANT_LINE is the line
 * of the matching rule (IPE_MATCH_RULE) and ignored otherwise; WANT_TEXT is
 * the rule="..." text.
 */
static void check_decision(const struct ipe_policy *p, const struct ipe_event *ev,
			   unsigned want_action, unsigned want_match, unsigned want_line,
			   const char *want_text, const char *what)
{
	struct ipe_decision d;
	char *text;

	memset(&d, 0xa5, sizeof(d));
	ipe_evaluate(p, ev, &d);
	is_int(d.action, want_action, "%s: action %s", what, ipe_action_name(want_action));
	is_int(d.match, want_match, "%s: match %s", what, ipe_match_name(want_match));
	is_int(d.op, ev->op, "%s: decision op is the event's op", what);
	if (want_match == IPE_MATCH_RULE) {
		ok(d.rule != NULL && d.rule->line == want_line, "%s: rule on line %u", what,
		   want_line);
		if (d.rule)
			is_int(d.rule->op, ev->op, "%s: the rule is of the event's op", what);
	}
	text = ipe_decision_rule_text(&d);
	is_str(text, want_text, "%s: rule text", what);
	free(text);
}

/* ---- §2.3 truth table ---------------------------------------------------- */

/* The SPEC §2.2 example digest, and variants of it. */
#define HEX "fd88f2b8824e197f850bf4c5109bea5cf0ee38104f710843bb72da796ba5af9e"
#define HEX_UPPER "FD88F2B8824E197F850BF4C5109BEA5CF0EE38104F710843BB72DA796BA5AF9E"
static const uint8_t H[33] = {
	0xfd, 0x88, 0xf2, 0xb8, 0x82, 0x4e, 0x19, 0x7f, 0x85, 0x0b, 0xf4, 0xc5, 0x10, 0x9b, 0xea, 0x5c,
	0xf0, 0xee, 0x38, 0x10, 0x4f, 0x71, 0x08, 0x43, 0xbb, 0x72, 0xda, 0x79, 0x6b, 0xa5, 0xaf, 0x9e,
	0x00,	/* one more byte for the "longer" digest */
};
static const uint8_t H_OTHER[32] = {	/* H with the last byte changed */
	0xfd, 0x88, 0xf2, 0xb8, 0x82, 0x4e, 0x19, 0x7f, 0x85, 0x0b, 0xf4, 0xc5, 0x10, 0x9b, 0xea, 0x5c,
	0xf0, 0xee, 0x38, 0x10, 0x4f, 0x71, 0x08, 0x43, 0xbb, 0x72, 0xda, 0x79, 0x6b, 0xa5, 0xaf, 0x9f,
};

#define DIG(a, b, n) { .alg = (a), .bytes = (b), .len = (n) }
#define NODIG DIG("", NULL, 0)

/* Files; every field not named is false / an empty digest. */
static const struct ipe_file_props
	F_PLAIN = { .dmv_roothash = NODIG, .fsv_digest = NODIG },
	F_BOOT = { .boot_verified = true, .dmv_roothash = NODIG, .fsv_digest = NODIG },
	/* on a live dm-verity device */
	F_DMV = { .dmv_has_roothash = true, .dmv_roothash = DIG("sha256", H, 32), .fsv_digest = NODIG },
	F_DMV_SIGNED = { .dmv_has_roothash = true, .dmv_roothash = DIG("sha256", H, 32),
			 .dmv_signed = true, .fsv_digest = NODIG },
	F_DMV_OTHER = { .dmv_has_roothash = true, .dmv_roothash = DIG("sha256", H_OTHER, 32),
			.fsv_digest = NODIG },
	F_DMV_SHORT = { .dmv_has_roothash = true, .dmv_roothash = DIG("sha256", H, 31), .fsv_digest = NODIG },
	F_DMV_LONG = { .dmv_has_roothash = true, .dmv_roothash = DIG("sha256", H, 33), .fsv_digest = NODIG },
	F_DMV_UPPER_ALG = { .dmv_has_roothash = true, .dmv_roothash = DIG("SHA256", H, 32),
			    .fsv_digest = NODIG },
	F_DMV_EMPTY_ALG = { .dmv_has_roothash = true, .dmv_roothash = DIG("", H, 32), .fsv_digest = NODIG },
	/* the digest fields filled in, but no dm-verity device behind them */
	F_DMV_NO_DEVICE = { .dmv_roothash = DIG("sha256", H, 32), .fsv_digest = NODIG },
	/* an fs-verity inode */
	F_FSV = { .fsv_enabled = true, .fsv_digest = DIG("sha256", H, 32), .dmv_roothash = NODIG },
	F_FSV_SIGNED = { .fsv_enabled = true, .fsv_digest = DIG("sha256", H, 32), .fsv_signed = true,
			 .dmv_roothash = NODIG },
	F_FSV_OTHER = { .fsv_enabled = true, .fsv_digest = DIG("sha256", H_OTHER, 32), .dmv_roothash = NODIG },
	F_FSV_SHORT = { .fsv_enabled = true, .fsv_digest = DIG("sha256", H, 31), .dmv_roothash = NODIG },
	F_FSV_LONG = { .fsv_enabled = true, .fsv_digest = DIG("sha256", H, 33), .dmv_roothash = NODIG },
	F_FSV_UPPER_ALG = { .fsv_enabled = true, .fsv_digest = DIG("SHA256", H, 32), .dmv_roothash = NODIG },
	F_FSV_EMPTY_ALG = { .fsv_enabled = true, .fsv_digest = DIG("", H, 32), .dmv_roothash = NODIG },
	/* digest / signature flag filled in, but the inode has no fs-verity */
	F_FSV_NOT_ENABLED = { .fsv_digest = DIG("sha256", H, 32), .fsv_signed = true, .dmv_roothash = NODIG },
	/* everything true at once */
	F_ALL = { .boot_verified = true, .dmv_has_roothash = true, .dmv_roothash = DIG("sha256", H, 32),
		  .dmv_signed = true, .fsv_enabled = true, .fsv_digest = DIG("sha256", H, 32),
		  .fsv_signed = true };

struct tt_row {
	const char *token;	/* the property as written in a rule */
	unsigned bit;		/* its provider; 0 = always evaluated */
	const struct ipe_file_props *file;	/* NULL = event without a file */
	const char *file_name;
	bool want;		/* with every provider present */
};

#define ROW(tok, bit, f, want) { tok, bit, &f, #f, want }
#define NOFILE(tok, bit, want) { tok, bit, NULL, "no file", want }

#define BVT "boot_verified=TRUE"
#define BVF "boot_verified=FALSE"
#define DST "dmverity_signature=TRUE"
#define DSF "dmverity_signature=FALSE"
#define FST "fsverity_signature=TRUE"
#define FSF "fsverity_signature=FALSE"
#define DRH "dmverity_roothash="
#define FSD "fsverity_digest="
#define DMV IPE_PROVIDER_DMV
#define DMV_SIG IPE_PROVIDER_DMV_SIG
#define FSV IPE_PROVIDER_FSV
#define FSV_SIG IPE_PROVIDER_FSV_SIG

static const struct tt_row truth_table[] = {
	/* boot_verified: no provider */
	NOFILE(BVT, 0, false),
	ROW(BVT, 0, F_PLAIN, false),
	ROW(BVT, 0, F_DMV_SIGNED, false),
	ROW(BVT, 0, F_BOOT, true),
	ROW(BVT, 0, F_ALL, true),
	NOFILE(BVF, 0, true),
	ROW(BVF, 0, F_PLAIN, true),
	ROW(BVF, 0, F_FSV_SIGNED, true),
	ROW(BVF, 0, F_BOOT, false),
	ROW(BVF, 0, F_ALL, false),

	/* dmverity_signature */
	NOFILE(DST, DMV_SIG, false),
	ROW(DST, DMV_SIG, F_PLAIN, false),
	ROW(DST, DMV_SIG, F_DMV, false),
	ROW(DST, DMV_SIG, F_FSV_SIGNED, false),
	ROW(DST, DMV_SIG, F_DMV_SIGNED, true),
	ROW(DST, DMV_SIG, F_ALL, true),
	NOFILE(DSF, DMV_SIG, true),
	ROW(DSF, DMV_SIG, F_PLAIN, true),
	ROW(DSF, DMV_SIG, F_DMV, true),
	ROW(DSF, DMV_SIG, F_FSV_SIGNED, true),
	ROW(DSF, DMV_SIG, F_DMV_SIGNED, false),
	ROW(DSF, DMV_SIG, F_ALL, false),

	/* fsverity_signature */
	NOFILE(FST, FSV_SIG, false),
	ROW(FST, FSV_SIG, F_PLAIN, false),
	ROW(FST, FSV_SIG, F_FSV, false),
	ROW(FST, FSV_SIG, F_FSV_NOT_ENABLED, false),
	ROW(FST, FSV_SIG, F_DMV_SIGNED, false),
	ROW(FST, FSV_SIG, F_FSV_SIGNED, true),
	ROW(FST, FSV_SIG, F_ALL, true),
	NOFILE(FSF, FSV_SIG, true),
	ROW(FSF, FSV_SIG, F_PLAIN, true),
	ROW(FSF, FSV_SIG, F_FSV, true),
	ROW(FSF, FSV_SIG, F_FSV_NOT_ENABLED, true),
	ROW(FSF, FSV_SIG, F_DMV_SIGNED, true),
	ROW(FSF, FSV_SIG, F_FSV_SIGNED, false),
	ROW(FSF, FSV_SIG, F_ALL, false),

	/* dmverity_roothash */
	NOFILE(DRH "sha256:" HEX, DMV, false),
	ROW(DRH "sha256:" HEX, DMV, F_PLAIN, false),
	ROW(DRH "sha256:" HEX, DMV, F_BOOT, false),
	ROW(DRH "sha256:" HEX, DMV, F_DMV, true),
	ROW(DRH "sha256:" HEX, DMV, F_DMV_SIGNED, true),
	ROW(DRH "sha256:" HEX, DMV, F_ALL, true),
	ROW(DRH "sha256:" HEX_UPPER, DMV, F_DMV, true),
	ROW(DRH "sha256:" HEX, DMV, F_DMV_NO_DEVICE, false),
	ROW(DRH "sha256:" HEX, DMV, F_FSV, false),
	ROW(DRH "sha256:" HEX, DMV, F_DMV_OTHER, false),
	ROW(DRH "sha256:" HEX, DMV, F_DMV_SHORT, false),
	ROW(DRH "sha256:" HEX, DMV, F_DMV_LONG, false),
	ROW(DRH "sha256:" HEX, DMV, F_DMV_UPPER_ALG, false),
	ROW(DRH "sha256:" HEX, DMV, F_DMV_EMPTY_ALG, false),
	ROW(DRH "SHA256:" HEX, DMV, F_DMV, false),
	ROW(DRH "SHA256:" HEX, DMV, F_DMV_UPPER_ALG, true),
	ROW(DRH "sha256:", DMV, F_DMV, false),
	ROW(DRH "sha256:", DMV, F_DMV_SIGNED, false),
	NOFILE(DRH "sha256:", DMV, false),
	ROW(DRH ":" HEX, DMV, F_DMV, false),
	ROW(DRH ":" HEX, DMV, F_DMV_EMPTY_ALG, true),
	NOFILE(DRH ":" HEX, DMV, false),
	ROW(DRH "sha512:" HEX, DMV, F_DMV, false),

	/* fsverity_digest */
	NOFILE(FSD "sha256:" HEX, FSV, false),
	ROW(FSD "sha256:" HEX, FSV, F_PLAIN, false),
	ROW(FSD "sha256:" HEX, FSV, F_BOOT, false),
	ROW(FSD "sha256:" HEX, FSV, F_FSV, true),
	ROW(FSD "sha256:" HEX, FSV, F_FSV_SIGNED, true),
	ROW(FSD "sha256:" HEX, FSV, F_ALL, true),
	ROW(FSD "sha256:" HEX_UPPER, FSV, F_FSV, true),
	ROW(FSD "sha256:" HEX, FSV, F_FSV_NOT_ENABLED, false),
	ROW(FSD "sha256:" HEX, FSV, F_DMV, false),
	ROW(FSD "sha256:" HEX, FSV, F_FSV_OTHER, false),
	ROW(FSD "sha256:" HEX, FSV, F_FSV_SHORT, false),
	ROW(FSD "sha256:" HEX, FSV, F_FSV_LONG, false),
	ROW(FSD "sha256:" HEX, FSV, F_FSV_UPPER_ALG, false),
	ROW(FSD "sha256:" HEX, FSV, F_FSV_EMPTY_ALG, false),
	ROW(FSD "SHA256:" HEX, FSV, F_FSV, false),
	ROW(FSD "SHA256:" HEX, FSV, F_FSV_UPPER_ALG, true),
	ROW(FSD "sha256:", FSV, F_FSV, false),
	ROW(FSD "sha256:", FSV, F_FSV_SIGNED, false),
	NOFILE(FSD "sha256:", FSV, false),
	ROW(FSD ":" HEX, FSV, F_FSV, false),
	ROW(FSD ":" HEX, FSV, F_FSV_EMPTY_ALG, true),
	NOFILE(FSD ":" HEX, FSV, false),
	ROW(FSD "sha512:" HEX, FSV, F_FSV, false),
};

static const unsigned provider_bits[] = { DMV, DMV_SIG, FSV, FSV_SIG };

/* One cell: ipe_prop_holds() and the decision on a one-rule policy agree with WANT. */
static void check_cell(const struct ipe_policy *p, const struct tt_row *row, unsigned providers,
		       const char *which, bool want)
{
	struct ipe_event ev = event(IPE_OP_EXECUTE, row->file, providers);
	struct ipe_decision d;

	is_int(ipe_prop_holds(&p->rules->props[0], &ev), want,
	       "%.40s on %s, %s (0x%x): %s", row->token, row->file_name, which, providers,
	       want ? "true" : "false");
	ipe_evaluate(p, &ev, &d);
	ok(want ? d.action == IPE_ACTION_ALLOW && d.match == IPE_MATCH_RULE && d.rule == p->rules
		: d.action == IPE_ACTION_DENY && d.match == IPE_MATCH_GLOBAL,
	   "%.40s on %s, %s (0x%x): rule %s", row->token, row->file_name, which, providers,
	   want ? "matches" : "does not match");
}

static void test_truth_table(void)
{
	size_t i, j;

	for (i = 0; i < ARRAY_SIZE(truth_table); i++) {
		const struct tt_row *row = &truth_table[i];
		/* With a provider absent both forms are false (SPEC §2.3). */
		bool want_absent = row->bit ? false : row->want;
		struct ipe_policy *p;
		char text[512];

		snprintf(text, sizeof(text),
			 "policy_name=tt policy_version=0.0.1\n"
			 "DEFAULT action=DENY\n"
			 "op=EXECUTE %s action=ALLOW\n", row->token);
		p = parse_text(text, row->token);
		if (!p)
			continue;
		if (!ok(p->rules && p->rules->nprops == 1, "%.40s: one rule, one property", row->token)) {
			ipe_policy_free(p);
			continue;
		}
		check_cell(p, row, IPE_PROVIDERS_ALL, "all providers", row->want);
		check_cell(p, row, 0, "no provider", want_absent);
		if (row->bit) {
			check_cell(p, row, row->bit, "only its provider", row->want);
			check_cell(p, row, IPE_PROVIDERS_ALL & ~row->bit, "its provider absent",
				   want_absent);
		}
		/* another provider absent: no effect */
		for (j = 0; j < ARRAY_SIZE(provider_bits); j++)
			if (provider_bits[j] != row->bit)
				check_cell(p, row, IPE_PROVIDERS_ALL & ~provider_bits[j],
					   "another provider absent", row->want);
		ipe_policy_free(p);
	}
}

/*
 * The =FALSE forms on file-less events of each kind (anonymous memory under
 * mmap/mprotect, kernel_load_data) and of each op.
 */
static void test_false_forms_without_file(void)
{
	static const char text[] =
		"policy_name=anon policy_version=0.0.1\n"
		"DEFAULT action=DENY\n"
		"op=EXECUTE boot_verified=FALSE dmverity_signature=FALSE fsverity_signature=FALSE action=ALLOW\n"
		"op=FIRMWARE boot_verified=FALSE dmverity_signature=FALSE fsverity_signature=FALSE action=ALLOW\n"
		"op=KMODULE boot_verified=FALSE dmverity_signature=FALSE fsverity_signature=FALSE action=ALLOW\n"
		"op=KEXEC_IMAGE boot_verified=FALSE dmverity_signature=FALSE fsverity_signature=FALSE action=ALLOW\n"
		"op=KEXEC_INITRAMFS boot_verified=FALSE dmverity_signature=FALSE fsverity_signature=FALSE action=ALLOW\n"
		"op=POLICY boot_verified=FALSE dmverity_signature=FALSE fsverity_signature=FALSE action=ALLOW\n"
		"op=X509_CERT boot_verified=FALSE dmverity_signature=FALSE fsverity_signature=FALSE action=ALLOW\n";
	static const uint8_t hooks[] = { IPE_HOOK_MMAP, IPE_HOOK_MPROTECT, IPE_HOOK_KERNEL_LOAD };
	struct ipe_policy *p = parse_text(text, "=FALSE forms for every op");
	unsigned op, h;

	if (!p)
		return;
	for (op = 0; op < IPE_OP_COUNT; op++) {
		for (h = 0; h < ARRAY_SIZE(hooks); h++) {
			struct ipe_event ev = { .op = (uint8_t)op, .hook = hooks[h], .file = NULL,
						.providers = IPE_PROVIDERS_ALL };
			struct ipe_decision d;

			ipe_evaluate(p, &ev, &d);
			ok(d.action == IPE_ACTION_ALLOW && d.match == IPE_MATCH_RULE && d.rule &&
			   d.rule->line == op + 3,
			   "no file, op %s, hook %s: the =FALSE rule matches", ipe_op_name(op),
			   ipe_hook_name(hooks[h]));
			ev.providers = IPE_PROVIDERS_ALL & ~IPE_PROVIDER_DMV_SIG;
			ipe_evaluate(p, &ev, &d);
			ok(d.action == IPE_ACTION_DENY && d.match == IPE_MATCH_GLOBAL,
			   "no file, op %s, hook %s, no dm-verity signature provider: no match",
			   ipe_op_name(op), ipe_hook_name(hooks[h]));
			ev.providers = IPE_PROVIDERS_ALL & ~IPE_PROVIDER_FSV_SIG;
			ipe_evaluate(p, &ev, &d);
			ok(d.action == IPE_ACTION_DENY && d.match == IPE_MATCH_GLOBAL,
			   "no file, op %s, hook %s, no fs-verity signature provider: no match",
			   ipe_op_name(op), ipe_hook_name(hooks[h]));
		}
	}
	ipe_policy_free(p);
}

/* ---- §2.1 evaluation order ------------------------------------------------ */

static void test_first_match_wins(void)
{
	static const char deny_first[] =
		"policy_name=order policy_version=0.0.1\n"
		"DEFAULT action=ALLOW\n"
		"op=EXECUTE boot_verified=TRUE action=DENY\n"
		"op=EXECUTE boot_verified=TRUE action=ALLOW\n";
	static const char allow_first[] =
		"policy_name=order policy_version=0.0.1\n"
		"DEFAULT action=ALLOW\n"
		"op=EXECUTE boot_verified=TRUE action=ALLOW\n"
		"op=EXECUTE boot_verified=TRUE action=DENY\n";
	static const char general_first[] =
		"policy_name=order policy_version=0.0.1\n"
		"DEFAULT action=DENY\n"
		"op=EXECUTE action=ALLOW\n"
		"op=EXECUTE boot_verified=TRUE action=DENY\n";
	static const char specific_first[] =
		"policy_name=order policy_version=0.0.1\n"
		"DEFAULT action=DENY\n"
		"op=EXECUTE boot_verified=TRUE action=DENY\n"
		"op=EXECUTE action=ALLOW\n";
	struct ipe_policy *p;
	struct ipe_event ev;

	p = parse_text(deny_first, "DENY above ALLOW");
	if (p) {
		ev = event(IPE_OP_EXECUTE, &F_BOOT, IPE_PROVIDERS_ALL);
		check_decision(p, &ev, IPE_ACTION_DENY, IPE_MATCH_RULE, 3,
			       "op=EXECUTE boot_verified=TRUE action=DENY", "DENY above ALLOW");
		ipe_policy_free(p);
	}
	p = parse_text(allow_first, "ALLOW above DENY");
	if (p) {
		ev = event(IPE_OP_EXECUTE, &F_BOOT, IPE_PROVIDERS_ALL);
		check_decision(p, &ev, IPE_ACTION_ALLOW, IPE_MATCH_RULE, 3,
			       "op=EXECUTE boot_verified=TRUE action=ALLOW", "ALLOW above DENY");
		ipe_policy_free(p);
	}
	p = parse_text(general_first, "catch-all rule first");
	if (p) {
		ev = event(IPE_OP_EXECUTE, &F_BOOT, IPE_PROVIDERS_ALL);
		check_decision(p, &ev, IPE_ACTION_ALLOW, IPE_MATCH_RULE, 3, "op=EXECUTE action=ALLOW",
			       "catch-all rule first shadows the specific one");
		ipe_policy_free(p);
	}
	p = parse_text(specific_first, "specific rule first");
	if (p) {
		ev = event(IPE_OP_EXECUTE, &F_BOOT, IPE_PROVIDERS_ALL);
		check_decision(p, &ev, IPE_ACTION_DENY, IPE_MATCH_RULE, 3,
			       "op=EXECUTE boot_verified=TRUE action=DENY",
			       "specific rule first, it matches");
		ev = event(IPE_OP_EXECUTE, &F_PLAIN, IPE_PROVIDERS_ALL);
		check_decision(p, &ev, IPE_ACTION_ALLOW, IPE_MATCH_RULE, 4, "op=EXECUTE action=ALLOW",
			       "specific rule first, it does not match: the next one does");
		ipe_policy_free(p);
	}
}

static void test_only_own_op(void)
{
	static const char text[] =
		"policy_name=ops policy_version=0.0.1\n"
		"op=KMODULE action=DENY\n"				/* 2 */
		"DEFAULT action=ALLOW\n"				/* 3 */
		"op=FIRMWARE boot_verified=FALSE action=DENY\n"		/* 4 */
		"op=EXECUTE boot_verified=TRUE action=ALLOW\n"		/* 5 */
		"op=KMODULE boot_verified=TRUE action=ALLOW\n"		/* 6 */
		"op=POLICY boot_verified=TRUE action=DENY\n"		/* 7 */
		"op=EXECUTE action=DENY\n"				/* 8 */
		"op=FIRMWARE action=ALLOW\n";				/* 9 */
	struct ipe_policy *p = parse_text(text, "interleaved ops");
	struct ipe_event ev;

	if (!p)
		return;
	ev = event(IPE_OP_EXECUTE, &F_BOOT, IPE_PROVIDERS_ALL);
	check_decision(p, &ev, IPE_ACTION_ALLOW, IPE_MATCH_RULE, 5,
		       "op=EXECUTE boot_verified=TRUE action=ALLOW",
		       "EXECUTE, boot file: skips KMODULE and FIRMWARE rules above");
	ev = event(IPE_OP_EXECUTE, &F_PLAIN, IPE_PROVIDERS_ALL);
	check_decision(p, &ev, IPE_ACTION_DENY, IPE_MATCH_RULE, 8, "op=EXECUTE action=DENY",
		       "EXECUTE, plain file: the FIRMWARE boot_verified=FALSE rule is skipped");
	ev = event(IPE_OP_EXECUTE, NULL, IPE_PROVIDERS_ALL);
	check_decision(p, &ev, IPE_ACTION_DENY, IPE_MATCH_RULE, 8, "op=EXECUTE action=DENY",
		       "EXECUTE, no file");
	ev = event(IPE_OP_FIRMWARE, NULL, IPE_PROVIDERS_ALL);
	check_decision(p, &ev, IPE_ACTION_DENY, IPE_MATCH_RULE, 4,
		       "op=FIRMWARE boot_verified=FALSE action=DENY", "FIRMWARE, no file");
	ev = event(IPE_OP_FIRMWARE, &F_BOOT, IPE_PROVIDERS_ALL);
	check_decision(p, &ev, IPE_ACTION_ALLOW, IPE_MATCH_RULE, 9, "op=FIRMWARE action=ALLOW",
		       "FIRMWARE, boot file: skips the EXECUTE/KMODULE/POLICY rules between");
	ev = event(IPE_OP_KMODULE, &F_BOOT, IPE_PROVIDERS_ALL);
	check_decision(p, &ev, IPE_ACTION_DENY, IPE_MATCH_RULE, 2, "op=KMODULE action=DENY",
		       "KMODULE, boot file: the first KMODULE rule, above DEFAULT, wins");
	ev = event(IPE_OP_POLICY, &F_PLAIN, IPE_PROVIDERS_ALL);
	check_decision(p, &ev, IPE_ACTION_ALLOW, IPE_MATCH_GLOBAL, 0, "DEFAULT action=ALLOW",
		       "POLICY, plain file: no POLICY rule matches, others ignored");
	ev = event(IPE_OP_KEXEC_IMAGE, &F_BOOT, IPE_PROVIDERS_ALL);
	check_decision(p, &ev, IPE_ACTION_ALLOW, IPE_MATCH_GLOBAL, 0, "DEFAULT action=ALLOW",
		       "KEXEC_IMAGE: no rule of that op at all");
	ipe_policy_free(p);
}

static void test_and(void)
{
	static const char text[] =
		"policy_name=and policy_version=0.0.1\n"
		"DEFAULT action=DENY\n"
		"op=EXECUTE boot_verified=TRUE boot_verified=FALSE action=ALLOW\n"	/* 3 */
		"op=KMODULE boot_verified=TRUE fsverity_signature=TRUE action=ALLOW\n"	/* 4 */
		"op=FIRMWARE boot_verified=TRUE dmverity_signature=FALSE fsverity_digest=sha256:" HEX
		" action=ALLOW\n"							/* 5 */
		"op=POLICY boot_verified=TRUE boot_verified=TRUE action=ALLOW\n"	/* 6 */
		"op=X509_CERT dmverity_signature=TRUE dmverity_signature=FALSE action=ALLOW\n"; /* 7 */
	static const struct ipe_file_props boot_fsv = {
		.boot_verified = true, .fsv_enabled = true, .fsv_digest = DIG("sha256", H, 32),
		.fsv_signed = true, .dmv_roothash = NODIG,
	};
	static const struct ipe_file_props *const files[] = {
		NULL, &F_PLAIN, &F_BOOT, &F_DMV_SIGNED, &F_FSV_SIGNED, &F_ALL, &boot_fsv,
	};
	struct ipe_policy *p = parse_text(text, "AND of properties");
	struct ipe_event ev;
	struct ipe_decision d;
	size_t i;

	if (!p)
		return;
	/* contradictory pairs never match, whatever the file and providers */
	for (i = 0; i < ARRAY_SIZE(files); i++) {
		unsigned prov;

		for (prov = 0; prov <= IPE_PROVIDERS_ALL; prov++) {
			ev = event(IPE_OP_EXECUTE, files[i], prov);
			ipe_evaluate(p, &ev, &d);
			ok(d.action == IPE_ACTION_DENY && d.match == IPE_MATCH_GLOBAL,
			   "boot_verified=TRUE boot_verified=FALSE never matches (file #%zu, providers 0x%x)",
			   i, prov);
			ev.op = IPE_OP_X509_CERT;
			ipe_evaluate(p, &ev, &d);
			ok(d.action == IPE_ACTION_DENY && d.match == IPE_MATCH_GLOBAL,
			   "dmverity_signature=TRUE dmverity_signature=FALSE never matches (file #%zu, providers 0x%x)",
			   i, prov);
		}
	}

	ev = event(IPE_OP_KMODULE, &boot_fsv, IPE_PROVIDERS_ALL);
	check_decision(p, &ev, IPE_ACTION_ALLOW, IPE_MATCH_RULE, 4,
		       "op=KMODULE boot_verified=TRUE fsverity_signature=TRUE action=ALLOW",
		       "AND: both hold");
	ev = event(IPE_OP_KMODULE, &F_BOOT, IPE_PROVIDERS_ALL);
	check_decision(p, &ev, IPE_ACTION_DENY, IPE_MATCH_GLOBAL, 0, "DEFAULT action=DENY",
		       "AND: only the first holds");
	ev = event(IPE_OP_KMODULE, &F_FSV_SIGNED, IPE_PROVIDERS_ALL);
	check_decision(p, &ev, IPE_ACTION_DENY, IPE_MATCH_GLOBAL, 0, "DEFAULT action=DENY",
		       "AND: only the second holds");
	ev = event(IPE_OP_KMODULE, &boot_fsv, IPE_PROVIDERS_ALL & ~IPE_PROVIDER_FSV_SIG);
	check_decision(p, &ev, IPE_ACTION_DENY, IPE_MATCH_GLOBAL, 0, "DEFAULT action=DENY",
		       "AND: the second has no provider");

	ev = event(IPE_OP_FIRMWARE, &boot_fsv, IPE_PROVIDERS_ALL);
	check_decision(p, &ev, IPE_ACTION_ALLOW, IPE_MATCH_RULE, 5,
		       "op=FIRMWARE boot_verified=TRUE dmverity_signature=FALSE fsverity_digest=\"sha256\":"
		       HEX_UPPER " action=ALLOW",
		       "AND of three: all hold");
	ev = event(IPE_OP_FIRMWARE, &F_ALL, IPE_PROVIDERS_ALL);
	check_decision(p, &ev, IPE_ACTION_DENY, IPE_MATCH_GLOBAL, 0, "DEFAULT action=DENY",
		       "AND of three: the middle one fails (device signed)");
	ev = event(IPE_OP_FIRMWARE, &boot_fsv, IPE_PROVIDERS_ALL & ~IPE_PROVIDER_DMV_SIG);
	check_decision(p, &ev, IPE_ACTION_DENY, IPE_MATCH_GLOBAL, 0, "DEFAULT action=DENY",
		       "AND of three: the middle one has no provider");
	ev = event(IPE_OP_FIRMWARE, &F_FSV, IPE_PROVIDERS_ALL);
	check_decision(p, &ev, IPE_ACTION_DENY, IPE_MATCH_GLOBAL, 0, "DEFAULT action=DENY",
		       "AND of three: the first one fails");

	ev = event(IPE_OP_POLICY, &F_BOOT, IPE_PROVIDERS_ALL);
	check_decision(p, &ev, IPE_ACTION_ALLOW, IPE_MATCH_RULE, 6,
		       "op=POLICY boot_verified=TRUE boot_verified=TRUE action=ALLOW",
		       "a duplicated property still matches");
	ev = event(IPE_OP_POLICY, NULL, IPE_PROVIDERS_ALL);
	check_decision(p, &ev, IPE_ACTION_DENY, IPE_MATCH_GLOBAL, 0, "DEFAULT action=DENY",
		       "a duplicated property, not holding");
	ipe_policy_free(p);
}

static void test_rule_without_props(void)
{
	static const char text[] =
		"policy_name=any policy_version=0.0.1\n"
		"DEFAULT action=ALLOW\n"
		"op=KEXEC_INITRAMFS action=DENY\n";
	static const struct ipe_file_props *const files[] = {
		NULL, &F_PLAIN, &F_BOOT, &F_DMV_SIGNED, &F_FSV_SIGNED, &F_ALL,
	};
	struct ipe_policy *p = parse_text(text, "rule without properties");
	size_t i;
	unsigned h;

	if (!p)
		return;
	for (i = 0; i < ARRAY_SIZE(files); i++) {
		for (h = 0; h < IPE_HOOK_COUNT; h++) {
			struct ipe_event ev = { .op = IPE_OP_KEXEC_INITRAMFS, .hook = (uint8_t)h,
						.file = files[i], .providers = i % 2 ? 0 : IPE_PROVIDERS_ALL };
			struct ipe_decision d;

			ipe_evaluate(p, &ev, &d);
			ok(d.action == IPE_ACTION_DENY && d.match == IPE_MATCH_RULE &&
			   d.rule == p->rules && d.rule->line == 3,
			   "op=KEXEC_INITRAMFS action=DENY matches file #%zu, hook %s, providers 0x%x",
			   i, ipe_hook_name(h), ev.providers);
			ev.op = IPE_OP_KEXEC_IMAGE;
			ipe_evaluate(p, &ev, &d);
			ok(d.action == IPE_ACTION_ALLOW && d.match == IPE_MATCH_GLOBAL && !d.rule,
			   "but not KEXEC_IMAGE (file #%zu, hook %s)", i, ipe_hook_name(h));
		}
	}
	ipe_policy_free(p);
}

static void test_op_default_then_global(void)
{
	static const char text[] =
		"policy_name=d policy_version=0.0.1\n"
		"DEFAULT op=EXECUTE action=DENY\n"
		"DEFAULT action=ALLOW\n"
		"DEFAULT op=X509_CERT action=ALLOW\n"
		"op=EXECUTE boot_verified=TRUE action=ALLOW\n"		/* 5 */
		"op=X509_CERT boot_verified=TRUE action=DENY\n"		/* 6 */
		"op=FIRMWARE boot_verified=TRUE action=DENY\n";		/* 7 */
	static const char global_deny[] =
		"policy_name=d policy_version=0.0.1\n"
		"DEFAULT action=DENY\n"
		"DEFAULT op=KMODULE action=ALLOW\n";
	struct ipe_policy *p = parse_text(text, "op and global defaults");
	struct ipe_event ev;
	unsigned op;

	if (p) {
		ev = event(IPE_OP_EXECUTE, &F_BOOT, IPE_PROVIDERS_ALL);
		check_decision(p, &ev, IPE_ACTION_ALLOW, IPE_MATCH_RULE, 5,
			       "op=EXECUTE boot_verified=TRUE action=ALLOW", "a rule before the op default");
		ev = event(IPE_OP_EXECUTE, &F_PLAIN, IPE_PROVIDERS_ALL);
		check_decision(p, &ev, IPE_ACTION_DENY, IPE_MATCH_OP_DEFAULT, 0,
			       "DEFAULT op=EXECUTE action=DENY", "no EXECUTE rule: op default, not global");
		ev = event(IPE_OP_X509_CERT, NULL, IPE_PROVIDERS_ALL);
		check_decision(p, &ev, IPE_ACTION_ALLOW, IPE_MATCH_OP_DEFAULT, 0,
			       "DEFAULT op=X509_CERT action=ALLOW", "no X509_CERT rule: op default");
		ev = event(IPE_OP_X509_CERT, &F_BOOT, IPE_PROVIDERS_ALL);
		check_decision(p, &ev, IPE_ACTION_DENY, IPE_MATCH_RULE, 6,
			       "op=X509_CERT boot_verified=TRUE action=DENY", "X509_CERT rule");
		ev = event(IPE_OP_FIRMWARE, &F_PLAIN, IPE_PROVIDERS_ALL);
		check_decision(p, &ev, IPE_ACTION_ALLOW, IPE_MATCH_GLOBAL, 0, "DEFAULT action=ALLOW",
			       "FIRMWARE has rules but no op default: global");
		ev = event(IPE_OP_FIRMWARE, &F_BOOT, IPE_PROVIDERS_ALL);
		check_decision(p, &ev, IPE_ACTION_DENY, IPE_MATCH_RULE, 7,
			       "op=FIRMWARE boot_verified=TRUE action=DENY", "FIRMWARE rule");
		for (op = 0; op < IPE_OP_COUNT; op++) {
			if (op == IPE_OP_EXECUTE || op == IPE_OP_X509_CERT || op == IPE_OP_FIRMWARE)
				continue;
			ev = event(op, &F_ALL, IPE_PROVIDERS_ALL);
			check_decision(p, &ev, IPE_ACTION_ALLOW, IPE_MATCH_GLOBAL, 0,
				       "DEFAULT action=ALLOW", ipe_op_name(op));
		}
		ipe_policy_free(p);
	}

	p = parse_text(global_deny, "global DENY, KMODULE ALLOW");
	if (p) {
		for (op = 0; op < IPE_OP_COUNT; op++) {
			ev = event(op, NULL, IPE_PROVIDERS_ALL);
			if (op == IPE_OP_KMODULE)
				check_decision(p, &ev, IPE_ACTION_ALLOW, IPE_MATCH_OP_DEFAULT, 0,
					       "DEFAULT op=KMODULE action=ALLOW", "KMODULE op default");
			else
				check_decision(p, &ev, IPE_ACTION_DENY, IPE_MATCH_GLOBAL, 0,
					       "DEFAULT action=DENY", ipe_op_name(op));
		}
		ipe_policy_free(p);
	}
}

static void test_default_position(void)
{
#define DP_HDR "policy_name=pos policy_version=0.0.1\n"
#define DP_G "DEFAULT action=DENY\n"
#define DP_E "DEFAULT op=EXECUTE action=ALLOW\n"
#define DP_K "DEFAULT op=KMODULE action=DENY\n"
#define DP_F "DEFAULT op=FIRMWARE action=ALLOW\n"
#define DP_R1 "op=EXECUTE boot_verified=TRUE action=DENY\n"
#define DP_R2 "op=KMODULE dmverity_signature=TRUE action=ALLOW\n"
#define DP_R3 "op=FIRMWARE boot_verified=FALSE action=DENY\n"
	static const char *const texts[] = {
		DP_HDR DP_G DP_E DP_K DP_F DP_R1 DP_R2 DP_R3,	/* defaults first */
		DP_HDR DP_R1 DP_R2 DP_R3 DP_F DP_K DP_E DP_G,	/* defaults last */
		DP_HDR DP_R1 DP_K DP_R2 DP_G DP_R3 DP_E DP_F,	/* interleaved */
		DP_HDR DP_E DP_R1 DP_F DP_R2 DP_K DP_R3 DP_G,	/* interleaved otherwise */
	};
	static const struct ipe_file_props *const files[] = {
		NULL, &F_PLAIN, &F_BOOT, &F_DMV_SIGNED, &F_ALL,
	};
	struct ipe_policy *p[ARRAY_SIZE(texts)];
	size_t i, f;
	unsigned op;

	for (i = 0; i < ARRAY_SIZE(texts); i++)
		p[i] = parse_text(texts[i], "DEFAULT position variant");
	for (i = 0; i < ARRAY_SIZE(texts); i++)
		if (!p[i])
			goto out;
	for (i = 1; i < ARRAY_SIZE(texts); i++)
		ok(ipe_policy_equal(p[0], p[i]), "DEFAULT position variant %zu is equal to variant 0", i);

	/* the same decision, everywhere, as spelled out for variant 0 */
	for (op = 0; op <= IPE_OP_INVALID; op++) {
		for (f = 0; f < ARRAY_SIZE(files); f++) {
			struct ipe_event ev = event(op, files[f], IPE_PROVIDERS_ALL);
			struct ipe_decision d0;
			char *t0;

			ipe_evaluate(p[0], &ev, &d0);
			t0 = ipe_decision_rule_text(&d0);
			for (i = 1; i < ARRAY_SIZE(texts); i++) {
				struct ipe_decision d;
				char *t;

				ipe_evaluate(p[i], &ev, &d);
				t = ipe_decision_rule_text(&d);
				ok(d.action == d0.action && d.match == d0.match && t && t0 &&
				   strcmp(t, t0) == 0,
				   "DEFAULT position variant %zu, op %s, file #%zu: same decision \"%s\"",
				   i, ipe_op_name(op), f, t0 ? t0 : "(null)");
				free(t);
			}
			free(t0);
		}
	}
	{
		struct ipe_event ev = event(IPE_OP_EXECUTE, &F_BOOT, IPE_PROVIDERS_ALL);

		check_decision(p[1], &ev, IPE_ACTION_DENY, IPE_MATCH_RULE, 2,
			       "op=EXECUTE boot_verified=TRUE action=DENY",
			       "defaults last: EXECUTE boot file");
		ev = event(IPE_OP_EXECUTE, &F_PLAIN, IPE_PROVIDERS_ALL);
		check_decision(p[1], &ev, IPE_ACTION_ALLOW, IPE_MATCH_OP_DEFAULT, 0,
			       "DEFAULT op=EXECUTE action=ALLOW", "defaults last: EXECUTE plain file");
		ev = event(IPE_OP_KMODULE, &F_DMV_SIGNED, IPE_PROVIDERS_ALL);
		check_decision(p[1], &ev, IPE_ACTION_ALLOW, IPE_MATCH_RULE, 3,
			       "op=KMODULE dmverity_signature=TRUE action=ALLOW",
			       "defaults last: KMODULE signed device");
		ev = event(IPE_OP_KMODULE, &F_PLAIN, IPE_PROVIDERS_ALL);
		check_decision(p[1], &ev, IPE_ACTION_DENY, IPE_MATCH_OP_DEFAULT, 0,
			       "DEFAULT op=KMODULE action=DENY", "defaults last: KMODULE plain file");
		ev = event(IPE_OP_FIRMWARE, &F_BOOT, IPE_PROVIDERS_ALL);
		check_decision(p[1], &ev, IPE_ACTION_ALLOW, IPE_MATCH_OP_DEFAULT, 0,
			       "DEFAULT op=FIRMWARE action=ALLOW", "defaults last: FIRMWARE boot file");
		ev = event(IPE_OP_POLICY, &F_BOOT, IPE_PROVIDERS_ALL);
		check_decision(p[1], &ev, IPE_ACTION_DENY, IPE_MATCH_GLOBAL, 0, "DEFAULT action=DENY",
			       "defaults last: POLICY");
	}
out:
	for (i = 0; i < ARRAY_SIZE(texts); i++)
		ipe_policy_free(p[i]);
}

static void test_invalid_op(void)
{
	static const char global_deny[] =
		"policy_name=inv policy_version=0.0.1\n"
		"DEFAULT action=DENY\n"
		"DEFAULT op=EXECUTE action=ALLOW\n"
		"op=EXECUTE action=ALLOW\n"
		"op=KMODULE action=ALLOW\n";
	static const char global_allow[] =
		"policy_name=inv policy_version=0.0.1\n"
		"op=POLICY action=DENY\n"
		"DEFAULT action=ALLOW\n";
	static const char op_defaults_only[] =
		"policy_name=inv policy_version=0.0.1\n"
		"DEFAULT op=EXECUTE action=DENY\n"
		"DEFAULT op=FIRMWARE action=DENY\n"
		"DEFAULT op=KMODULE action=DENY\n"
		"DEFAULT op=KEXEC_IMAGE action=DENY\n"
		"DEFAULT op=KEXEC_INITRAMFS action=DENY\n"
		"DEFAULT op=POLICY action=DENY\n"
		"DEFAULT op=X509_CERT action=DENY\n"
		"op=EXECUTE action=DENY\n"
		"op=KEXEC_IMAGE action=DENY\n";
	static const struct ipe_file_props *const files[] = { NULL, &F_PLAIN, &F_ALL };
	struct ipe_policy *p;
	size_t f;

	p = parse_text(global_deny, "unknown op, global DENY");
	if (p) {
		for (f = 0; f < ARRAY_SIZE(files); f++) {
			struct ipe_event ev = event(IPE_OP_INVALID, files[f], IPE_PROVIDERS_ALL);

			ev.hook = IPE_HOOK_KERNEL_READ;
			check_decision(p, &ev, IPE_ACTION_DENY, IPE_MATCH_GLOBAL, 0, "DEFAULT action=DENY",
				       "unknown op, global DENY: rules and op defaults ignored");
		}
		ipe_policy_free(p);
	}
	p = parse_text(global_allow, "unknown op, global ALLOW");
	if (p) {
		struct ipe_event ev = event(IPE_OP_INVALID, NULL, IPE_PROVIDERS_ALL);

		ev.hook = IPE_HOOK_KERNEL_LOAD;
		check_decision(p, &ev, IPE_ACTION_ALLOW, IPE_MATCH_GLOBAL, 0, "DEFAULT action=ALLOW",
			       "unknown op, global ALLOW");
		ipe_policy_free(p);
	}
	p = parse_text(op_defaults_only, "unknown op, only per-op defaults (all DENY)");
	if (p) {
		for (f = 0; f < ARRAY_SIZE(files); f++) {
			struct ipe_event ev = event(IPE_OP_INVALID, files[f], IPE_PROVIDERS_ALL);
			struct ipe_decision d;

			ev.hook = IPE_HOOK_KERNEL_READ;
			check_decision(p, &ev, IPE_ACTION_ALLOW, IPE_MATCH_GLOBAL, 0, "DEFAULT action=ALLOW",
				       "unknown op without a global default: ALLOW");
			ipe_evaluate(p, &ev, &d);
			ok(d.rule == NULL, "unknown op: no rule pointer");
			is_int(d.op, IPE_OP_INVALID, "unknown op: decision op is IPE_OP_INVALID");
		}
		ipe_policy_free(p);
	}
}

static void test_each_op_own_default(void)
{
	static const char alternating[] =
		"policy_name=seven policy_version=0.0.1\n"
		"DEFAULT op=X509_CERT action=DENY\n"
		"DEFAULT op=POLICY action=ALLOW\n"
		"DEFAULT op=KEXEC_INITRAMFS action=DENY\n"
		"DEFAULT op=KEXEC_IMAGE action=ALLOW\n"
		"DEFAULT op=KMODULE action=DENY\n"
		"DEFAULT op=FIRMWARE action=ALLOW\n"
		"DEFAULT op=EXECUTE action=DENY\n";
	static const char with_global[] =
		"policy_name=seven policy_version=0.0.1\n"
		"DEFAULT op=EXECUTE action=ALLOW\n"
		"DEFAULT op=FIRMWARE action=DENY\n"
		"DEFAULT op=KMODULE action=ALLOW\n"
		"DEFAULT op=KEXEC_IMAGE action=DENY\n"
		"DEFAULT action=DENY\n"
		"DEFAULT op=KEXEC_INITRAMFS action=ALLOW\n"
		"DEFAULT op=POLICY action=DENY\n"
		"DEFAULT op=X509_CERT action=ALLOW\n";
	static const char *const texts[] = {
		"DEFAULT op=EXECUTE action=DENY", "DEFAULT op=FIRMWARE action=ALLOW",
		"DEFAULT op=KMODULE action=DENY", "DEFAULT op=KEXEC_IMAGE action=ALLOW",
		"DEFAULT op=KEXEC_INITRAMFS action=DENY", "DEFAULT op=POLICY action=ALLOW",
		"DEFAULT op=X509_CERT action=DENY",
	};
	static const char *const texts_g[] = {
		"DEFAULT op=EXECUTE action=ALLOW", "DEFAULT op=FIRMWARE action=DENY",
		"DEFAULT op=KMODULE action=ALLOW", "DEFAULT op=KEXEC_IMAGE action=DENY",
		"DEFAULT op=KEXEC_INITRAMFS action=ALLOW", "DEFAULT op=POLICY action=DENY",
		"DEFAULT op=X509_CERT action=ALLOW",
	};
	/* one rule per op, each the opposite of the alternating defaults */
	static const char rules[] =
		"policy_name=seven policy_version=0.0.1\n"
		"DEFAULT action=DENY\n"
		"op=EXECUTE boot_verified=TRUE action=ALLOW\n"
		"op=FIRMWARE boot_verified=TRUE action=DENY\n"
		"op=KMODULE boot_verified=TRUE action=ALLOW\n"
		"op=KEXEC_IMAGE boot_verified=TRUE action=DENY\n"
		"op=KEXEC_INITRAMFS boot_verified=TRUE action=ALLOW\n"
		"op=POLICY boot_verified=TRUE action=DENY\n"
		"op=X509_CERT boot_verified=TRUE action=ALLOW\n";
	struct ipe_policy *p;
	unsigned op;

	p = parse_text(alternating, "seven op defaults, no global");
	if (p) {
		for (op = 0; op < IPE_OP_COUNT; op++) {
			struct ipe_event ev = event(op, &F_ALL, IPE_PROVIDERS_ALL);

			check_decision(p, &ev, op % 2 ? IPE_ACTION_ALLOW : IPE_ACTION_DENY,
				       IPE_MATCH_OP_DEFAULT, 0, texts[op], ipe_op_name(op));
		}
		ipe_policy_free(p);
	}
	p = parse_text(with_global, "seven op defaults and a global");
	if (p) {
		for (op = 0; op < IPE_OP_COUNT; op++) {
			struct ipe_event ev = event(op, NULL, IPE_PROVIDERS_ALL);

			check_decision(p, &ev, op % 2 ? IPE_ACTION_DENY : IPE_ACTION_ALLOW,
				       IPE_MATCH_OP_DEFAULT, 0, texts_g[op], ipe_op_name(op));
		}
		{
			struct ipe_event ev = event(IPE_OP_INVALID, NULL, IPE_PROVIDERS_ALL);

			check_decision(p, &ev, IPE_ACTION_DENY, IPE_MATCH_GLOBAL, 0, "DEFAULT action=DENY",
				       "unknown op, global DENY beside seven op defaults");
		}
		ipe_policy_free(p);
	}
	p = parse_text(rules, "one rule per op");
	if (p) {
		for (op = 0; op < IPE_OP_COUNT; op++) {
			struct ipe_event ev = event(op, &F_BOOT, IPE_PROVIDERS_ALL);
			unsigned action = op % 2 ? IPE_ACTION_DENY : IPE_ACTION_ALLOW;
			char want[128];
			struct ipe_decision d;

			snprintf(want, sizeof(want), "op=%s boot_verified=TRUE action=%s",
				 ipe_op_name(op), ipe_action_name(action));
			check_decision(p, &ev, action, IPE_MATCH_RULE, op + 3, want, ipe_op_name(op));
			ipe_evaluate(p, &ev, &d);
			ok(d.rule == nth_rule(p, op), "%s: the decision points at rule #%u", ipe_op_name(op), op);
		}
		ipe_policy_free(p);
	}
}

/* The decision's rule pointer, line and column. */
static void test_rule_pointer(void)
{
	static const char text[] =
		"# leading comment\n"
		"policy_name=ptr policy_version=0.0.1\n"
		"\n"
		"op=EXECUTE fsverity_signature=TRUE action=ALLOW\n"		/* line 4, rule #0 */
		"DEFAULT action=DENY\n"
		"   \top=EXECUTE boot_verified=TRUE action=ALLOW # x\n"	/* line 6, rule #1 */
		"op=KMODULE action=ALLOW\n"					/* line 7, rule #2 */
		"# comment\n"
		"op=EXECUTE action=DENY\n";					/* line 9, rule #3 */
	struct ipe_policy *p = parse_text(text, "rule pointers");
	struct ipe_event ev;
	struct ipe_decision d;

	if (!p)
		return;
	ev = event(IPE_OP_EXECUTE, &F_FSV_SIGNED, IPE_PROVIDERS_ALL);
	ipe_evaluate(p, &ev, &d);
	ok(d.rule == nth_rule(p, 0), "fs-verity signed file: rule #0");
	ok(d.rule && d.rule->line == 4 && d.rule->col == 1, "rule #0 at 4:1");
	ev = event(IPE_OP_EXECUTE, &F_BOOT, IPE_PROVIDERS_ALL);
	ipe_evaluate(p, &ev, &d);
	ok(d.rule == nth_rule(p, 1), "boot file: rule #1");
	ok(d.rule && d.rule->line == 6 && d.rule->col == 5, "rule #1 at 6:5 (after the indentation)");
	ev = event(IPE_OP_KMODULE, NULL, IPE_PROVIDERS_ALL);
	ipe_evaluate(p, &ev, &d);
	ok(d.rule == nth_rule(p, 2) && d.rule && d.rule->line == 7, "KMODULE: rule #2, line 7");
	ev = event(IPE_OP_EXECUTE, NULL, IPE_PROVIDERS_ALL);
	ipe_evaluate(p, &ev, &d);
	ok(d.rule == nth_rule(p, 3) && d.rule && d.rule->line == 9, "no file: rule #3, line 9");
	ev = event(IPE_OP_FIRMWARE, NULL, IPE_PROVIDERS_ALL);
	ipe_evaluate(p, &ev, &d);
	ok(d.match == IPE_MATCH_GLOBAL && d.rule == NULL, "global default: no rule pointer");
	ipe_policy_free(p);
}

/* ---- rule text of each match kind ------------------------------------------ */

static void test_decision_text(void)
{
	static const char text[] =
		"policy_name=txt policy_version=0.0.1\n"
		"DEFAULT action=ALLOW\n"
		"DEFAULT op=KMODULE action=DENY\n"
		"op=EXECUTE dmverity_roothash=sha256:" HEX " fsverity_signature=FALSE action=DENY\n"
		"op=FIRMWARE fsverity_digest=:" HEX_UPPER " action=ALLOW\n"
		"op=POLICY fsverity_digest=sha256: boot_verified=TRUE action=DENY\n";
	static const struct ipe_file_props fsv_empty_alg = {
		.fsv_enabled = true, .fsv_digest = DIG("", H, 32), .dmv_roothash = NODIG,
	};
	static const struct {
		uint8_t action, match, op;
		const char *want;
	} built[] = {
		{ IPE_ACTION_DENY, IPE_MATCH_OP_DEFAULT, IPE_OP_KMODULE, "DEFAULT op=KMODULE action=DENY" },
		{ IPE_ACTION_ALLOW, IPE_MATCH_OP_DEFAULT, IPE_OP_EXECUTE, "DEFAULT op=EXECUTE action=ALLOW" },
		{ IPE_ACTION_DENY, IPE_MATCH_OP_DEFAULT, IPE_OP_X509_CERT, "DEFAULT op=X509_CERT action=DENY" },
		{ IPE_ACTION_ALLOW, IPE_MATCH_OP_DEFAULT, IPE_OP_KEXEC_INITRAMFS,
		  "DEFAULT op=KEXEC_INITRAMFS action=ALLOW" },
		{ IPE_ACTION_ALLOW, IPE_MATCH_GLOBAL, IPE_OP_EXECUTE, "DEFAULT action=ALLOW" },
		{ IPE_ACTION_DENY, IPE_MATCH_GLOBAL, IPE_OP_POLICY, "DEFAULT action=DENY" },
		{ IPE_ACTION_ALLOW, IPE_MATCH_GLOBAL, IPE_OP_INVALID, "DEFAULT action=ALLOW" },
		{ IPE_ACTION_DENY, IPE_MATCH_GLOBAL, IPE_OP_INVALID, "DEFAULT action=DENY" },
	};
	struct ipe_policy *p = parse_text(text, "decision texts");
	struct ipe_event ev;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(built); i++) {
		struct ipe_decision d = { .action = built[i].action, .match = built[i].match,
					  .op = built[i].op, .rule = NULL };
		char *t = ipe_decision_rule_text(&d);

		is_str(t, built[i].want, "rule text of a %s decision for op %s", ipe_match_name(d.match),
		       ipe_op_name(d.op));
		free(t);
	}
	if (!p)
		return;
	ev = event(IPE_OP_EXECUTE, &F_DMV, IPE_PROVIDERS_ALL);
	check_decision(p, &ev, IPE_ACTION_DENY, IPE_MATCH_RULE, 4,
		       "op=EXECUTE dmverity_roothash=\"sha256\":" HEX_UPPER
		       " fsverity_signature=FALSE action=DENY",
		       "rule match with a root hash");
	ev = event(IPE_OP_FIRMWARE, &fsv_empty_alg, IPE_PROVIDERS_ALL);
	check_decision(p, &ev, IPE_ACTION_ALLOW, IPE_MATCH_RULE, 5,
		       "op=FIRMWARE fsverity_digest=\"\":" HEX_UPPER " action=ALLOW",
		       "rule match with an empty alg");
	ev = event(IPE_OP_FIRMWARE, &F_FSV, IPE_PROVIDERS_ALL);
	check_decision(p, &ev, IPE_ACTION_ALLOW, IPE_MATCH_GLOBAL, 0, "DEFAULT action=ALLOW",
		       "empty alg does not match sha256: global");
	ev = event(IPE_OP_KMODULE, &F_ALL, IPE_PROVIDERS_ALL);
	check_decision(p, &ev, IPE_ACTION_DENY, IPE_MATCH_OP_DEFAULT, 0,
		       "DEFAULT op=KMODULE action=DENY", "op default");
	ev = event(IPE_OP_POLICY, &F_ALL, IPE_PROVIDERS_ALL);
	check_decision(p, &ev, IPE_ACTION_ALLOW, IPE_MATCH_GLOBAL, 0, "DEFAULT action=ALLOW",
		       "empty digest never matches: global");
	ev = event(IPE_OP_INVALID, &F_ALL, IPE_PROVIDERS_ALL);
	check_decision(p, &ev, IPE_ACTION_ALLOW, IPE_MATCH_GLOBAL, 0, "DEFAULT action=ALLOW",
		       "unknown op");
	{
		char *t = ipe_rule_audit_text(nth_rule(p, 2));

		is_str(t, "op=POLICY fsverity_digest=\"sha256\": boot_verified=TRUE action=DENY",
		       "audit text of a rule with an empty digest");
		free(t);
	}
	ipe_policy_free(p);
}

/* The hook never changes the decision. */
static void test_hook_irrelevant(void)
{
	static const char text[] =
		"policy_name=hooks policy_version=0.0.1\n"
		"DEFAULT action=DENY\n"
		"op=EXECUTE boot_verified=TRUE action=ALLOW\n"
		"op=EXECUTE fsverity_signature=FALSE action=DENY\n"
		"op=EXECUTE action=ALLOW\n";
	static const struct ipe_file_props *const files[] = { NULL, &F_BOOT, &F_PLAIN, &F_FSV_SIGNED };
	static const unsigned lines[] = { 4, 3, 4, 5 };
	struct ipe_policy *p = parse_text(text, "hooks");
	size_t f;
	unsigned h;

	if (!p)
		return;
	for (f = 0; f < ARRAY_SIZE(files); f++) {
		for (h = 0; h < IPE_HOOK_COUNT; h++) {
			struct ipe_event ev = { .op = IPE_OP_EXECUTE, .hook = (uint8_t)h, .file = files[f],
						.providers = IPE_PROVIDERS_ALL };
			struct ipe_decision d;

			ipe_evaluate(p, &ev, &d);
			ok(d.match == IPE_MATCH_RULE && d.rule && d.rule->line == lines[f],
			   "file #%zu, hook %s: rule on line %u", f, ipe_hook_name(h), lines[f]);
		}
	}
	ipe_policy_free(p);
}

int main(void)
{
	test_truth_table();
	test_false_forms_without_file();
	test_first_match_wins();
	test_only_own_op();
	test_and();
	test_rule_without_props();
	test_op_default_then_global();
	test_default_position();
	test_invalid_op();
	test_each_op_own_default();
	test_rule_pointer();
	test_decision_text();
	test_hook_irrelevant();
	return tap_done();
}
