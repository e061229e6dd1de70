// SPDX-License-Identifier: GPL-2.0-only
/*
 * iped's state file (daemon/state_format.c): a store encoded with lockdown
 * 0 and 1 parses back to the same modes, lockdown, floors, policies and
 * active name; files of version 1, written before lockdown existed, load
 * with lockdown off; and every malformed lockdown line, a line of the wrong
 * version, a flipped setting under the old checksum and every truncation is
 * -EBADMSG.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libipe-sig.h>
#include <libipe-store.h>

#include "state_format.h"
#include "tap.h"

static const char BOOT[] = "policy_name=boot policy_version=0.1.2\nDEFAULT action=ALLOW\n";

/* BODY followed by its checksum line, as iped writes it (malloc'd). */
static char *with_sum(const char *body, size_t *len)
{
	size_t n = strlen(body), i;
	char *out = malloc(n + 7 + 64 + 2);
	uint8_t d[32];

	if (!out)
		exit(1);
	ipe_sha256(body, n, d);
	memcpy(out, body, n);
	memcpy(out + n, "sha256 ", 7);
	for (i = 0; i < 32; i++)
		snprintf(out + n + 7 + 2 * i, 3, "%02x", d[i]);
	memcpy(out + n + 7 + 64, "\n", 2);
	*len = n + 7 + 64 + 1;
	return out;
}

static int parse_text(const char *body, struct saved_state *s)
{
	size_t len;
	char *img = with_sum(body, &len);
	int err = state_parse((const uint8_t *)img, len, s);

	/* Nothing of a state parsed from BODY points into it but policies. */
	if (!err && s->npolicies)
		err = -EFAULT;
	free(img);
	return err;
}

/* A store with these modes, two floors and the boot policy active. */
static struct ipe_store *store_with(bool enforce, bool success_audit)
{
	struct ipe_store_options o = {
		.enforce = enforce, .success_audit = success_audit, .version_floors = true,
	};
	static const uint16_t v[3] = { 3, 2, 1 };
	struct ipe_store *st;

	if (ipe_store_new(&o, &st) ||
	    ipe_store_load_boot_policy(st, BOOT, strlen(BOOT), NULL) ||
	    ipe_store_set_floor(st, "other", v))
		exit(1);
	return st;
}

static void round_trip(bool enforce, bool success_audit, bool lockdown)
{
	struct ipe_store *st = store_with(enforce, success_audit);
	struct saved_state s;
	uint8_t *img = NULL;
	size_t len = 0;
	char head[80];
	int err;

	snprintf(head, sizeof(head), "ipe-bpf-state 2\nenforce %d\nsuccess_audit %d\nlockdown %d\n",
		 enforce, success_audit, lockdown);
	is_int(state_encode(st, lockdown, &img, &len), 0,
	       "encode enforce %d success_audit %d lockdown %d", enforce, success_audit, lockdown);
	ok(img && len > strlen(head) && !memcmp(img, head, strlen(head)),
	   "... version 2, the lockdown line after the modes");
	err = state_parse(img, len, &s);
	is_int(err, 0, "... and it parses back");
	if (!err) {
		ok(s.enforce == enforce && s.success_audit == success_audit && s.lockdown == lockdown,
		   "... the same modes and lockdown");
		ok(s.nfloors == 2 && !strcmp(s.floors[0].name, "boot") &&
		   !strcmp(s.floors[1].name, "other") && s.floors[1].version[0] == 3 &&
		   s.floors[1].version[1] == 2 && s.floors[1].version[2] == 1,
		   "... the same floors");
		ok(s.npolicies == 1 && s.policies[0].boot && s.policies[0].len == strlen(BOOT) &&
		   !memcmp(s.policies[0].bytes, BOOT, strlen(BOOT)) && s.active &&
		   !strcmp(s.active, "boot"), "... the same policy, active");
		saved_state_free(&s);
	}
	free(img);
	ipe_store_free(st);
}

/* What iped wrote before lockdown, byte for byte (fuzz/corpus/state/empty). */
static const char V1_EMPTY[] =
	"ipe-bpf-state 1\nenforce 0\nsuccess_audit 0\n"
	"sha256 1cecbe947d85611be97045a53507ecf7a41b74d80fa5502a7f49f4e47e4b0bd9\n";

static void test_version_1(void)
{
	struct saved_state s;
	int err = state_parse((const uint8_t *)V1_EMPTY, strlen(V1_EMPTY), &s);

	is_int(err, 0, "a version 1 file written by an older iped parses");
	ok(!err && !s.lockdown && !s.enforce && !s.success_audit, "... lockdown off");
	if (!err)
		saved_state_free(&s);
	err = parse_text("ipe-bpf-state 1\nenforce 1\nsuccess_audit 1\nfloor 6f6c64 1.0.0\n"
			 "active 6f6c64\n", &s);
	is_int(err, 0, "a version 1 file with a floor and an active name parses");
	ok(!err && !s.lockdown && s.enforce && s.success_audit && s.nfloors == 1 &&
	   !strcmp(s.active, "old"), "... its settings, lockdown off");
	if (!err)
		saved_state_free(&s);
}

static void test_malformed(void)
{
	static const struct {
		const char *body, *what;
	} bad[] = {
		{ "ipe-bpf-state 1\nenforce 1\nsuccess_audit 0\nlockdown 0\n",
		  "version 1 with a lockdown line" },
		{ "ipe-bpf-state 2\nenforce 1\nsuccess_audit 0\n", "version 2 without the lockdown line" },
		{ "ipe-bpf-state 2\nenforce 1\nsuccess_audit 0\nfloor 6f6c64 1.0.0\n",
		  "version 2, a floor where lockdown belongs" },
		{ "ipe-bpf-state 2\nenforce 1\nsuccess_audit 0\nfloor 6f6c64 1.0.0\nlockdown 1\n",
		  "version 2, lockdown after a floor" },
		{ "ipe-bpf-state 2\nenforce 1\nlockdown 1\nsuccess_audit 0\n",
		  "version 2, lockdown before success_audit" },
		{ "ipe-bpf-state 2\nenforce 1\nsuccess_audit 0\nlockdown 2\n", "lockdown 2" },
		{ "ipe-bpf-state 2\nenforce 1\nsuccess_audit 0\nlockdown yes\n", "lockdown yes" },
		{ "ipe-bpf-state 2\nenforce 1\nsuccess_audit 0\nlockdown  1\n", "lockdown, two blanks" },
		{ "ipe-bpf-state 2\nenforce 1\nsuccess_audit 0\nlockdown 1 \n", "lockdown, trailing blank" },
		{ "ipe-bpf-state 2\nenforce 1\nsuccess_audit 0\nlockdown\n", "lockdown, no value" },
		{ "ipe-bpf-state 2\nenforce 1\nsuccess_audit 0\nlockdown 1\nlockdown 1\n",
		  "lockdown twice" },
		{ "ipe-bpf-state 3\nenforce 1\nsuccess_audit 0\nlockdown 1\n", "version 3" },
		{ "ipe-bpf-state 02\nenforce 1\nsuccess_audit 0\nlockdown 1\n", "version 02" },
	};
	struct saved_state s;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		is_int(parse_text(bad[i].body, &s), -EBADMSG, "%s: EBADMSG", bad[i].what);
}

/* The checksum covers lockdown: flipping it in a saved file is damage. */
static void test_tamper_and_truncation(void)
{
	struct ipe_store *st = store_with(true, false);
	struct saved_state s;
	uint8_t *img = NULL;
	char *p;
	size_t len = 0, n, bad = 0;

	if (state_encode(st, true, &img, &len))
		exit(1);
	p = memmem(img, len, "lockdown 1\n", 11);
	ok(p != NULL, "an encoded state with lockdown 1 holds 'lockdown 1'");
	if (p) {
		p[9] = '0';
		is_int(state_parse(img, len, &s), -EBADMSG,
		       "lockdown 1 turned to 0 under the old checksum: EBADMSG");
		p[9] = '1';
	}
	for (n = 0; n < len; n++)
		if (state_parse(img, n, &s) != -EBADMSG)
			bad++;
	is_int(bad, 0, "every truncation of a version 2 file is EBADMSG");
	is_int(state_parse(img, len, &s), 0, "the whole file parses");
	saved_state_free(&s);
	free(img);
	ipe_store_free(st);
}

int main(void)
{
	int e, a, l;

	for (e = 0; e < 2; e++)
		for (a = 0; a < 2; a++)
			for (l = 0; l < 2; l++)
				round_trip(e, a, l);
	test_version_1();
	test_malformed();
	test_tamper_and_truncation();
	return tap_done();
}
