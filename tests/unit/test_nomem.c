// SPDX-License-Identifier: GPL-2.0-only
/*
 * Allocation failure: fail the 1st, 2nd, ... allocation libipe makes while
 * parsing, formatting, rendering audit text and linting, until one run needs no
 * failure.  Every failing run must report ENOMEM (never a wrong errno, a
 * crash or a half-built policy) and leak nothing; LeakSanitizer checks the
 * latter in the sanitizer build.  Linked with --wrap=malloc,realloc.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <libipe-lint.h>
#include <libipe.h>

#include "tap.h"

void *__real_malloc(size_t size);
void *__real_realloc(void *p, size_t size);
void *__wrap_malloc(size_t size);
void *__wrap_realloc(void *p, size_t size);

static long alloc_budget = -1;	/* allocations left before failing; -1: never fail */

static bool take(void)
{
	if (alloc_budget < 0)
		return true;
	if (alloc_budget == 0)
		return false;
	alloc_budget--;
	return true;
}

void *__wrap_malloc(size_t size)
{
	return take() ? __real_malloc(size) : NULL;
}

void *__wrap_realloc(void *p, size_t size)
{
	return take() ? __real_realloc(p, size) : NULL;
}

static const char policy[] =
	"policy_name=nomem policy_version=1.2.3\n"
	"DEFAULT action=DENY\n"
	"DEFAULT op=KMODULE action=ALLOW\n"
	"op=EXECUTE fsverity_digest=sha256:00112233445566778899aabbccddeeff action=ALLOW\n"
	"op=EXECUTE dmverity_roothash=sha512:aabb dmverity_signature=TRUE boot_verified=FALSE "
	"fsverity_signature=FALSE fsverity_digest=:00 dmverity_roothash=x:01 action=DENY\n";

/* Parse under a budget; 0 when it succeeded, else its errno. */
static int parse_with(long budget, struct ipe_policy **p)
{
	struct ipe_diag d;
	int rc;

	alloc_budget = budget;
	rc = ipe_policy_parse(policy, sizeof(policy) - 1, p, &d);
	alloc_budget = -1;
	if (rc && (*p || d.err != ENOMEM))
		return -1;
	return -rc;
}

static void parse_failures(void)
{
	struct ipe_policy *p;
	long n;
	int rc = -1;

	for (n = 0; n < 1000; n++) {
		rc = parse_with(n, &p);
		if (rc != ENOMEM)
			break;
	}
	is_int(rc, 0, "parse succeeds once it gets %ld allocations", n);
	ok(n > 0, "and fails with ENOMEM, leaving nothing behind, for every smaller budget");
	ipe_policy_free(p);
}

static void render_failures(void)
{
	struct ipe_policy *p;
	struct ipe_decision dec = { .match = IPE_MATCH_OP_DEFAULT, .op = IPE_OP_KMODULE };
	unsigned nulls = 0;
	long n;
	char *s;

	if (parse_with(-1, &p) != 0) {
		ok(0, "policy parses");
		return;
	}
	for (n = 0;; n++) {
		alloc_budget = n;
		s = ipe_policy_format(p, NULL);
		alloc_budget = -1;
		if (s)
			break;
		nulls++;
	}
	ok(nulls > 0 && strstr(s, "policy_name=nomem"), "format: NULL on every failure, then the text (%u failures)", nulls);
	free(s);
	for (n = 0;; n++) {
		alloc_budget = n;
		s = ipe_rule_audit_text(p->rules->next);
		alloc_budget = -1;
		if (s)
			break;
	}
	ok(n > 0 && strstr(s, "\"sha512\":AABB"), "audit text: NULL on failure, then the text");
	free(s);
	alloc_budget = 0;
	s = ipe_decision_rule_text(&dec);
	alloc_budget = -1;
	ok(s == NULL, "decision text: NULL when nothing can be allocated");
	ipe_policy_free(p);
}

static void lint_failures(void)
{
	struct ipe_lint_options o = { .kernel_known = true, .providers = 0 };
	struct ipe_lint_report *rep = NULL;
	struct ipe_policy *p;
	bool clean = true;
	long n;
	int rc;

	if (parse_with(-1, &p) != 0) {
		ok(0, "policy parses");
		return;
	}
	for (n = 0;; n++) {
		alloc_budget = n;
		rc = ipe_lint(p, &o, &rep);
		alloc_budget = -1;
		if (!rc)
			break;
		clean &= rc == -ENOMEM && !rep;
	}
	ok(n > 0 && clean, "lint: -ENOMEM and no report on each of %ld failures", n);
	ok(rep && rep->count > 0, "lint: then the report");
	ipe_lint_report_free(rep);
	ipe_policy_free(p);
}

int main(void)
{
	parse_failures();
	render_failures();
	lint_failures();
	return tap_done();
}
