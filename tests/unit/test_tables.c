// SPDX-License-Identifier: GPL-2.0-only
/*
 * Differential test of the compiled tables: for random policies and random
 * events, the walk over ipe_tables_build()'s output (the BPF side's algorithm,
 * ipe_tables_evaluate()) must decide what the reference evaluator decides,
 * name the same rule, and report the same kind of match.
 *
 * The policies draw their digests from a small pool so that events hit them
 * often, and the pool holds the awkward ones: two algorithms over the same
 * bytes, a prefix of another digest, an empty algorithm, an empty digest, an
 * algorithm name too long for the tables, a digest longer than any kernel
 * hash.  Rules mix up to four properties, contradictions and repeats
 * included; DEFAULTs vary; events cover every op plus the unknown one, with
 * and without a file.  Then a few hand-written policies pin the layout:
 * a DENY above an ALLOW of the same digest, a rule with both digests, 10,000
 * digest rules whose lists stay one record long.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libipe-tables.h>

#include "tap.h"

static const char *const op_names[] = {
	"EXECUTE", "FIRMWARE", "KMODULE", "KEXEC_IMAGE", "KEXEC_INITRAMFS", "POLICY", "X509_CERT",
};

/* The digest pool: policy text and the same digest as an event carries it. */
static const struct {
	const char *text;
	const char *alg;
	const char *hex;
} pool[] = {
	{ "sha256:aa01", "sha256", "aa01" },
	{ "sha256:aa0102", "sha256", "aa0102" },
	{ "sha512:aa01", "sha512", "aa01" },
	{ "sha256:bbbb", "sha256", "bbbb" },
	{ ":cc", "", "cc" },
	{ "sha256:", "sha256", "" },
	{ "a-very-long-algorithm-name-of-40-bytes!!:dd", "a-very-long-algorithm-name-of-40-bytes!!", "dd" },
	{ "sha256:"
	  "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
	  "202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f40",
	  "sha256",
	  "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
	  "202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f40" },
};
#define POOL (sizeof(pool) / sizeof(pool[0]))
/* The first EVENT_POOL entries are digests a kernel can present (an algorithm
 * name of 1..31 bytes in practice, 1..64 digest bytes): events use these. */
#define EVENT_POOL 5

static const char *const bool_props[] = {
	"boot_verified=TRUE", "boot_verified=FALSE", "dmverity_signature=TRUE",
	"dmverity_signature=FALSE", "fsverity_signature=TRUE", "fsverity_signature=FALSE",
};

static unsigned rnd(unsigned n)
{
	return (unsigned)random() % n;
}

static size_t hex_to_bytes(const char *hex, uint8_t *out)
{
	size_t n = strlen(hex) / 2, i;

	for (i = 0; i < n; i++) {
		unsigned v;

		sscanf(hex + 2 * i, "%2x", &v);
		out[i] = (uint8_t)v;
	}
	return n;
}

/* A random policy text of NRULES rules into BUF. */
static void random_policy(char *buf, size_t size, unsigned nrules)
{
	size_t len = 0;
	unsigned i, j, op;
	int global = rnd(5) != 0;

#define PUT(...) (len += (size_t)snprintf(buf + len, size - len, __VA_ARGS__))
	PUT("policy_name=random policy_version=0.0.1\n");
	if (global)
		PUT("DEFAULT action=%s\n", rnd(2) ? "ALLOW" : "DENY");
	for (op = 0; op < 7; op++)
		if (!global || rnd(3) == 0)
			PUT("DEFAULT op=%s action=%s\n", op_names[op], rnd(2) ? "ALLOW" : "DENY");
	for (i = 0; i < nrules; i++) {
		unsigned nprops = rnd(5);

		/* Mostly EXECUTE, so that rules of one op interleave. */
		PUT("op=%s", op_names[rnd(3) ? 0 : rnd(7)]);
		for (j = 0; j < nprops; j++) {
			switch (rnd(3)) {
			case 0:
				PUT(" %s", bool_props[rnd(6)]);
				break;
			case 1:
				PUT(" dmverity_roothash=%s", pool[rnd(POOL)].text);
				break;
			default:
				PUT(" fsverity_digest=%s", pool[rnd(POOL)].text);
				break;
			}
		}
		PUT(" action=%s\n", rnd(2) ? "ALLOW" : "DENY");
	}
#undef PUT
}

struct random_event {
	struct ipe_file_props f;
	uint8_t dmv[80], fsv[80];
	struct ipe_event ev;
};

static void random_event(struct random_event *e)
{
	unsigned d = rnd(EVENT_POOL + 1), v = rnd(EVENT_POOL + 1);

	memset(e, 0, sizeof(*e));
	e->ev.op = (uint8_t)rnd(8);	/* 7 is the unknown op */
	e->ev.providers = IPE_PROVIDERS_ALL;
	if (rnd(6) == 0)
		return;	/* no file */
	e->f.boot_verified = rnd(2);
	e->f.dmv_signed = rnd(2);
	e->f.fsv_signed = rnd(2);
	if (d < EVENT_POOL) {
		e->f.dmv_has_roothash = true;
		e->f.dmv_roothash.alg = pool[d].alg;
		e->f.dmv_roothash.len = (uint32_t)hex_to_bytes(pool[d].hex, e->dmv);
		e->f.dmv_roothash.bytes = e->dmv;
	}
	if (v < EVENT_POOL) {
		e->f.fsv_enabled = true;
		e->f.fsv_digest.alg = pool[v].alg;
		e->f.fsv_digest.len = (uint32_t)hex_to_bytes(pool[v].hex, e->fsv);
		e->f.fsv_digest.bytes = e->fsv;
	}
	e->ev.file = &e->f;
}

static uint32_t rule_pos(const struct ipe_policy *p, const struct ipe_rule *want)
{
	const struct ipe_rule *r;
	uint32_t pos = 0;

	for (r = p->rules; r; r = r->next, pos++)
		if (r == want)
			return pos;
	return IPE_TBL_NO_RULE;
}

/* Every event of EVENTS against P: returns the number of disagreements. */
static unsigned compare(const struct ipe_policy *p, const struct ipe_tables *t,
			const struct random_event *events, unsigned n, const char *text)
{
	unsigned i, bad = 0;

	for (i = 0; i < n; i++) {
		struct ipe_decision want, got;
		uint32_t pos;

		ipe_evaluate(p, &events[i].ev, &want);
		ipe_tables_evaluate(t, &events[i].ev, &got, &pos);
		if (want.action == got.action && want.match == got.match && want.op == got.op &&
		    rule_pos(p, want.rule) == pos)
			continue;
		if (!bad++)
			printf("# disagree on event %u (op %u): want %u/%u/%u got %u/%u/%u\n%s", i,
			       events[i].ev.op, want.action, want.match, rule_pos(p, want.rule),
			       got.action, got.match, pos, text);
	}
	return bad;
}

static struct ipe_policy *parse(const char *text)
{
	struct ipe_policy *p = NULL;
	struct ipe_diag diag;

	if (ipe_policy_parse(text, strlen(text), &p, &diag))
		printf("# parse failed at %u:%u: %s\n%s", diag.line, diag.col, diag.msg, text);
	return p;
}

static void random_rounds(void)
{
	static char text[1 << 16];
	static struct random_event events[400];
	unsigned round, i, bad_policies = 0, decisions = 0, bad = 0;

	srandom(20261124);
	for (round = 0; round < 3000; round++) {
		struct ipe_policy *p;
		struct ipe_tables *t = NULL;
		unsigned n = 1 + rnd(round < 2000 ? 12 : 200);

		random_policy(text, sizeof(text), n);
		p = parse(text);
		if (!p || ipe_tables_build(p, &t)) {
			bad_policies++;
			ipe_policy_free(p);
			continue;
		}
		for (i = 0; i < sizeof(events) / sizeof(events[0]); i++)
			random_event(&events[i]);
		bad += compare(p, t, events, i, text) ? 1 : 0;
		decisions += i;
		ipe_tables_free(t);
		ipe_policy_free(p);
	}
	is_int(bad_policies, 0, "3000 random policies parse and compile");
	is_int(bad, 0, "%u random decisions: tables and reference agree", decisions);
}

/* One event with a file of the given digests and facts. */
static struct ipe_decision one(const struct ipe_tables *t, const char *dmv, const char *fsv,
			       bool boot, uint32_t *pos)
{
	static uint8_t bd[64], bf[64];
	struct ipe_file_props f = {
		.boot_verified = boot,
		.dmv_has_roothash = dmv != NULL,
		.dmv_roothash = { "sha256", bd, dmv ? (uint32_t)hex_to_bytes(dmv, bd) : 0 },
		.fsv_enabled = fsv != NULL,
		.fsv_digest = { "sha256", bf, fsv ? (uint32_t)hex_to_bytes(fsv, bf) : 0 },
	};
	struct ipe_event ev = { .op = IPE_OP_EXECUTE, .hook = IPE_HOOK_BPRM_CHECK, .file = &f,
				.providers = IPE_PROVIDERS_ALL };
	struct ipe_decision d;

	ipe_tables_evaluate(t, &ev, &d, pos);
	return d;
}

static void layout(void)
{
	struct ipe_policy *p = parse(
		"policy_name=order policy_version=0.0.1\n"
		"DEFAULT action=ALLOW\n"
		"op=EXECUTE dmverity_roothash=sha256:aa01 boot_verified=TRUE action=DENY\n"
		"op=EXECUTE dmverity_roothash=sha256:aa01 action=ALLOW\n"
		"op=EXECUTE boot_verified=TRUE action=ALLOW\n"
		"op=EXECUTE dmverity_roothash=sha256:aa01 fsverity_digest=sha256:bb02 action=DENY\n"
		"op=EXECUTE boot_verified=TRUE boot_verified=FALSE action=DENY\n"
		"op=EXECUTE fsverity_digest=sha256:bb02 action=DENY\n");
	struct ipe_tables *t = NULL;
	struct ipe_decision d;
	uint32_t pos;

	if (!ok(p && !ipe_tables_build(p, &t), "the order policy compiles"))
		return;
	is_int(t->header.nrules, 4, "the contradictory rule and the shadowed one are left out");
	is_int(t->header.ndigests, 2, "two digests, each once");
	is_int(t->header.generic[IPE_OP_EXECUTE].count, 1, "one generic EXECUTE rule");
	d = one(t, "aa01", NULL, true, &pos);
	ok(d.action == IPE_ACTION_DENY && pos == 0, "a DENY above an ALLOW of one digest wins");
	d = one(t, "aa01", NULL, false, &pos);
	ok(d.action == IPE_ACTION_ALLOW && pos == 1, "the ALLOW below it when the DENY fails");
	d = one(t, NULL, "bb02", true, &pos);
	ok(d.action == IPE_ACTION_ALLOW && pos == 2, "a generic rule above a digest rule wins");
	d = one(t, "aa01", "bb02", false, &pos);
	ok(d.action == IPE_ACTION_ALLOW && pos == 1, "the both-digest rule is below the ALLOW");
	d = one(t, "ffff", "bb02", false, &pos);
	ok(d.action == IPE_ACTION_DENY && pos == 5, "an fs-verity rule under an unknown dm digest");
	d = one(t, NULL, NULL, false, &pos);
	ok(d.action == IPE_ACTION_ALLOW && d.match == IPE_MATCH_GLOBAL && pos == IPE_TBL_NO_RULE,
	   "no match: the global default");
	ok(t->header.op_reads[IPE_OP_EXECUTE] ==
	   (IPE_TBL_BOOT_VERIFIED | IPE_TBL_DMV_DIGEST | IPE_TBL_FSV_DIGEST),
	   "EXECUTE reads boot_verified and both digests");
	is_int(t->header.op_reads[IPE_OP_KMODULE], 0, "KMODULE reads nothing");
	ipe_tables_free(t);
	ipe_policy_free(p);
}

/* Shadowed records are dropped; a list that still outgrows the scan is refused. */
static void long_lists(void)
{
	static char text[1 << 16];
	size_t len = 0;
	struct ipe_policy *p;
	struct ipe_tables *t = NULL;
	unsigned i;

	len += (size_t)snprintf(text, sizeof(text), "policy_name=long policy_version=0.0.1\n"
				"DEFAULT action=DENY\n");
	for (i = 0; i < 1000; i++)
		len += (size_t)snprintf(text + len, sizeof(text) - len,
					"op=EXECUTE boot_verified=TRUE action=ALLOW\n");
	p = parse(text);
	ok(p && !ipe_tables_build(p, &t) && t->header.nrules == 1,
	   "1,000 copies of one rule compile to one record");
	ipe_tables_free(t);
	ipe_policy_free(p);

	len = (size_t)snprintf(text, sizeof(text), "policy_name=long policy_version=0.0.1\n"
			       "DEFAULT action=DENY\n");
	for (i = 0; i <= IPE_TBL_SCAN_MAX; i++)
		len += (size_t)snprintf(text + len, sizeof(text) - len,
					"op=EXECUTE dmverity_roothash=sha256:aa fsverity_digest=sha256:%04x"
					" action=ALLOW\n", i);
	p = parse(text);
	t = NULL;
	ok(p && ipe_tables_build(p, &t) == -E2BIG && !t,
	   "%u different records under one digest: E2BIG", IPE_TBL_SCAN_MAX + 1);
	ipe_policy_free(p);
}

/* 10,000 digest rules: each digest's list holds its own rule only. */
static void many_digests(void)
{
	size_t size = 10000 * 120 + 200, len = 0;
	char *text = malloc(size), hex[65];
	struct ipe_policy *p;
	struct ipe_tables *t = NULL;
	unsigned i, longest = 0, j;
	struct ipe_decision d;
	uint32_t pos;

	len += (size_t)snprintf(text, size, "policy_name=big policy_version=0.0.1\n"
				"DEFAULT action=DENY\n");
	for (i = 0; i < 10000; i++)
		len += (size_t)snprintf(text + len, size - len,
					"op=EXECUTE fsverity_digest=sha256:%064x action=ALLOW\n", i);
	p = parse(text);
	if (!ok(p && !ipe_tables_build(p, &t), "10,000 digest rules compile")) {
		free(text);
		ipe_policy_free(p);
		return;
	}
	is_int(t->header.ndigests, 10000, "10,000 digests");
	for (i = 0; i < t->header.ndigests; i++)
		for (j = 0; j < IPE_TBL_OPS; j++)
			if (t->digests[i].val.ops[j].count > longest)
				longest = t->digests[i].val.ops[j].count;
	is_int(longest, 1, "every list holds one record");
	is_int(t->header.generic[IPE_OP_EXECUTE].count, 0, "no generic list to scan");
	snprintf(hex, sizeof(hex), "%064x", 7777);
	d = one(t, NULL, hex, false, &pos);
	ok(d.action == IPE_ACTION_ALLOW && pos == 7777, "digest 7777 finds rule 7777");
	snprintf(hex, sizeof(hex), "%064x", 10001);
	d = one(t, NULL, hex, false, &pos);
	ok(d.action == IPE_ACTION_DENY && d.match == IPE_MATCH_GLOBAL, "an unknown digest: default");
	ipe_tables_free(t);
	ipe_policy_free(p);
	free(text);
}

int main(void)
{
	random_rounds();
	layout();
	long_lists();
	many_digests();
	return tap_done();
}
