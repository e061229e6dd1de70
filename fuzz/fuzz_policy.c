// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer target for the policy parser.  Any input: no crash, leak or
 * undefined behaviour, and an error carries a known errno and a diagnostic
 * inside the text.  A valid input: the canonical text parses to an equal
 * policy and is a fixed point of formatting, and the audit text of every
 * rule can be produced; its compiled tables decide as the reference
 * evaluator does; and its lint is well formed and, for policies small enough
 * to decide by brute force, agrees with the reference evaluator
 * (tests/unit/lint_oracle.h).
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libipe.h>
#include <libipe-lint.h>
#include <libipe-tables.h>

#include "lint_oracle.h"

/* Brute force costs events x rules per rule: keep the fuzzer fast. */
#define ORACLE_MAX_RULES 64

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_error(int rc, const struct ipe_diag *d)
{
	if (rc != -EBADMSG && rc != -EINVAL && rc != -ERANGE && rc != -ENOMEM)
		abort();
	if (d->err != -rc || d->line == 0 || d->col == 0 || !memchr(d->msg, '\0', sizeof(d->msg)))
		abort();
}

static void check_round_trip(const struct ipe_policy *p)
{
	struct ipe_policy *q;
	struct ipe_diag d;
	const struct ipe_rule *r;
	size_t len, len2;
	char *text, *text2;

	text = ipe_policy_format(p, &len);
	if (!text)
		return;		/* ENOMEM is an allowed outcome */
	if (strlen(text) != len)
		abort();
	if (ipe_policy_parse(text, len, &q, &d))
		abort();	/* canonical text must be valid */
	if (!ipe_policy_equal(p, q))
		abort();
	text2 = ipe_policy_format(q, &len2);
	if (text2 && (len2 != len || memcmp(text, text2, len)))
		abort();	/* formatting is a fixed point */
	for (r = q->rules; r; r = r->next)
		free(ipe_rule_audit_text(r));
	free(text2);
	free(text);
	ipe_policy_free(q);
}

/* Every policy compiles (or is refused as too long for one scan list), and
 * the compiled walk decides what the reference evaluator decides for a
 * handful of events built from the policy's own digests. */
static void check_tables(const struct ipe_policy *p)
{
	static const uint8_t op_of[] = { IPE_OP_EXECUTE, IPE_OP_KMODULE, IPE_OP_INVALID };
	struct ipe_tables *t = NULL;
	const struct ipe_rule *r;
	int rc = ipe_tables_build(p, &t);
	unsigned i, bits;

	if (rc == -E2BIG && !t)
		return;
	if (rc || !t)
		abort();
	for (r = p->rules; r; r = r->next) {
		struct ipe_file_props f = { 0 };

		for (i = 0; i < r->nprops; i++) {
			const struct ipe_prop *pr = &r->props[i];
			struct ipe_tbl_digest_key k;

			/* Only digests a kernel could present. */
			if (pr->kind == IPE_PROP_DMV_ROOTHASH &&
			    ipe_tables_digest_key(IPE_TBL_KIND_DMV, &pr->digest, &k) && k.alg_len) {
				f.dmv_has_roothash = true;
				f.dmv_roothash = pr->digest;
			} else if (pr->kind == IPE_PROP_FSV_DIGEST &&
				   ipe_tables_digest_key(IPE_TBL_KIND_FSV, &pr->digest, &k) &&
				   k.alg_len) {
				f.fsv_enabled = true;
				f.fsv_digest = pr->digest;
			}
		}
		for (bits = 0; bits < 8; bits++)
			for (i = 0; i < sizeof(op_of); i++) {
				struct ipe_event ev = { .op = op_of[i], .file = &f,
							.providers = IPE_PROVIDERS_ALL };
				struct ipe_decision want, got;
				uint32_t pos = 0, n = 0;
				const struct ipe_rule *w;

				f.boot_verified = bits & 1;
				f.dmv_signed = bits & 2;
				f.fsv_signed = bits & 4;
				ipe_evaluate(p, &ev, &want);
				ipe_tables_evaluate(t, &ev, &got, &pos);
				for (w = p->rules; w && w != want.rule; w = w->next)
					n++;
				if (want.action != got.action || want.match != got.match ||
				    (want.rule ? n : IPE_TBL_NO_RULE) != pos)
					abort();
			}
	}
	ipe_tables_free(t);
}

/* Where a warning may point: a rule, or a DEFAULT statement. */
static bool statement_at(const struct ipe_policy *p, uint32_t line, uint32_t col)
{
	const struct ipe_rule *r;
	unsigned op;

	if (p->global_default_line == line && p->global_default_col == col)
		return true;
	for (op = 0; op < IPE_OP_COUNT; op++)
		if (p->op_default_line[op] == line && p->op_default_col[op] == col)
			return true;
	for (r = p->rules; r; r = r->next)
		if (r->line == line && r->col == col)
			return true;
	return false;
}

static void check_report(const struct ipe_policy *p, const struct ipe_lint_options *o,
			 const struct ipe_lint_report *rep)
{
	const struct ipe_lint_warning *w, *prev = NULL;
	char why[256];
	size_t i;
	uint32_t k;
	const char *c;

	for (i = 0; i < rep->count; prev = w, i++) {
		w = &rep->warnings[i];
		if (!ipe_lint_class_name(w->cls) || !statement_at(p, w->line, w->col) || !*w->msg)
			abort();
		if (prev && (prev->line > w->line || (prev->line == w->line && prev->col > w->col)))
			abort();	/* sorted */
		for (c = w->msg; *c; c++)
			if (*c < 0x20 || *c > 0x7e)
				abort();	/* one printable line */
		for (k = 0; k < w->nrelated; k++)
			if ((k && w->related[k - 1] >= w->related[k]) || !w->related[k])
				abort();
	}
	if (p->nrules <= ORACLE_MAX_RULES && lint_oracle(p, o, rep, why, sizeof(why)) == 0)
		abort();
}

/* Lint with options the input picks; ENOMEM is an allowed outcome. */
static void check_lint(const struct ipe_policy *p, size_t size)
{
	struct ipe_lint_options o = {
		.stage = (uint8_t)(size & 1),
		.kernel_known = size & 2,
		.providers = (unsigned)(size >> 2) & IPE_PROVIDERS_ALL,
	};
	struct ipe_lint_report *rep = NULL;
	int rc = ipe_lint(p, &o, &rep);

	if (rc == -ENOMEM && !rep)
		return;
	if (rc || !rep)
		abort();
	check_report(p, &o, rep);
	ipe_lint_report_free(rep);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ipe_policy *p;
	struct ipe_diag d;
	int rc = ipe_policy_parse(data, size, &p, &d);

	if (rc) {
		if (p)
			abort();
		check_error(rc, &d);
		return 0;
	}
	check_round_trip(p);
	check_tables(p);
	check_lint(p, size);
	ipe_policy_free(p);
	return 0;
}
