// SPDX-License-Identifier: GPL-2.0-only
/*
 * ipe_audit_record_text() byte for byte against SPEC §7.2 (1421), §7.3 (1422
 * in its newest form, with errno=) and §7.5 (1404).  The records are built by
 * hand so every field is under control: names with and without the "?"
 * form, names printed raw inside quotes whatever they hold (§7.2), versions
 * in plain decimal up to 65535, digests as 64 uppercase hex digits (§7.4),
 * auid/ses unset (4294967295) and set, res/errno for successes and for
 * failures, and fields a type does not carry never leaking into its text.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libipe.h>
#include <libipe-sig.h>
#include <libipe-store.h>

#include "tap.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#define UNSET "4294967295"
#define HEX_SEQ "000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F"
#define HEX_EMPTY "E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855"
#define HEX_AB "ABABABABABABABABABABABABABABABABABABABABABABABABABABABABABABABAB"

static const struct ipe_actor ACT_UNSET = { true, IPE_AUDIT_UNSET, IPE_AUDIT_UNSET };
static const struct ipe_actor ACT_ROOT = { true, 0, 3 };

/* A policy reference with digest bytes 00 01 .. 1F. */
static struct ipe_audit_policy_ref ref_seq(const char *name, uint16_t a, uint16_t b, uint16_t c)
{
	struct ipe_audit_policy_ref r = { .name = name, .version = { a, b, c } };
	int i;

	for (i = 0; i < 32; i++)
		r.digest[i] = (uint8_t)i;
	return r;
}

static struct ipe_audit_policy_ref ref_fill(const char *name, uint16_t a, uint16_t b,
					    uint16_t c, uint8_t fill)
{
	struct ipe_audit_policy_ref r = { .name = name, .version = { a, b, c } };

	memset(r.digest, fill, sizeof(r.digest));
	return r;
}

static void check(const struct ipe_audit_record *rec, const char *want, const char *what)
{
	char *got = ipe_audit_record_text(rec);

	is_str(got, want, "%s", what);
	free(got);
}

/* ---- 1422 AUDIT_IPE_POLICY_LOAD ---------------------------------------- */

static void test_policy_load(void)
{
	struct ipe_audit_record rec;
	static const struct {
		int err;
		const char *want;
	} failures[] = {
		{ -EBADMSG, "policy_name=? policy_version=? policy_digest=? auid=0 ses=3 lsm=ipe res=0 errno=-74" },
		{ -EPERM, "policy_name=? policy_version=? policy_digest=? auid=0 ses=3 lsm=ipe res=0 errno=-1" },
		{ -ENOENT, "policy_name=? policy_version=? policy_digest=? auid=0 ses=3 lsm=ipe res=0 errno=-2" },
		{ -EEXIST, "policy_name=? policy_version=? policy_digest=? auid=0 ses=3 lsm=ipe res=0 errno=-17" },
		{ -EINVAL, "policy_name=? policy_version=? policy_digest=? auid=0 ses=3 lsm=ipe res=0 errno=-22" },
		{ -ERANGE, "policy_name=? policy_version=? policy_digest=? auid=0 ses=3 lsm=ipe res=0 errno=-34" },
		{ -ESTALE, "policy_name=? policy_version=? policy_digest=? auid=0 ses=3 lsm=ipe res=0 errno=-116" },
		{ -ENOKEY, "policy_name=? policy_version=? policy_digest=? auid=0 ses=3 lsm=ipe res=0 errno=-126" },
		{ -EKEYREJECTED, "policy_name=? policy_version=? policy_digest=? auid=0 ses=3 lsm=ipe res=0 errno=-129" },
	};
	size_t i;
	uint8_t empty[32];

	/* The SPEC §7.3 success form. */
	rec = (struct ipe_audit_record){ .type = IPE_AUDIT_POLICY_LOAD, .actor = ACT_UNSET,
					 .new_pol = ref_seq("Allow_All", 0, 0, 1) };
	check(&rec,
	      "policy_name=\"Allow_All\" policy_version=0.0.1 policy_digest=sha256:" HEX_SEQ
	      " auid=" UNSET " ses=" UNSET " lsm=ipe res=1 errno=0",
	      "1422 success, auid/ses unset");

	/* Uppercase hex, plain decimal versions. */
	rec.new_pol = ref_fill("p", 65535, 65535, 65535, 0xab);
	rec.actor = ACT_ROOT;
	check(&rec,
	      "policy_name=\"p\" policy_version=65535.65535.65535 policy_digest=sha256:" HEX_AB
	      " auid=0 ses=3 lsm=ipe res=1 errno=0",
	      "1422 success: 65535.65535.65535, uppercase hex, auid 0");
	rec.new_pol = ref_fill("p", 10, 0, 7, 0);
	rec.actor = (struct ipe_actor){ true, 1000, 42 };
	check(&rec,
	      "policy_name=\"p\" policy_version=10.0.7 policy_digest=sha256:"
	      "0000000000000000000000000000000000000000000000000000000000000000"
	      " auid=1000 ses=42 lsm=ipe res=1 errno=0",
	      "1422 success: zero digest, other auid/ses");

	/* The boot digest (never audited as a load, but the digest form is the same). */
	ipe_sha256("", 0, empty);
	rec.new_pol = ref_fill("boot", 1, 2, 3, 0);
	memcpy(rec.new_pol.digest, empty, 32);
	rec.actor = ACT_UNSET;
	check(&rec,
	      "policy_name=\"boot\" policy_version=1.2.3 policy_digest=sha256:" HEX_EMPTY
	      " auid=" UNSET " ses=" UNSET " lsm=ipe res=1 errno=0",
	      "1422 with the digest of nothing");

	/* The SPEC §7.3 failure form, for each errno the store returns. */
	for (i = 0; i < ARRAY_SIZE(failures); i++) {
		rec = (struct ipe_audit_record){ .type = IPE_AUDIT_POLICY_LOAD, .actor = ACT_ROOT,
						 .err = failures[i].err };
		check(&rec, failures[i].want, "1422 failure");
	}
	/* A failure's version/digest bytes are not looked at when the name is NULL. */
	rec = (struct ipe_audit_record){ .type = IPE_AUDIT_POLICY_LOAD, .actor = ACT_UNSET,
					 .err = -EBADMSG, .new_pol = ref_seq(NULL, 1, 2, 3) };
	rec.old_pol = ref_seq("old", 4, 5, 6);
	check(&rec,
	      "policy_name=? policy_version=? policy_digest=? auid=" UNSET " ses=" UNSET
	      " lsm=ipe res=0 errno=-74",
	      "1422 failure: junk version/digest and old_pol ignored");

	/* old_pol and the enforce bits are not 1422 fields. */
	rec = (struct ipe_audit_record){ .type = IPE_AUDIT_POLICY_LOAD, .actor = ACT_ROOT,
					 .new_pol = ref_seq("N", 1, 0, 0),
					 .old_pol = ref_seq("O", 9, 9, 9),
					 .old_enforce = true, .new_enforce = true };
	check(&rec,
	      "policy_name=\"N\" policy_version=1.0.0 policy_digest=sha256:" HEX_SEQ
	      " auid=0 ses=3 lsm=ipe res=1 errno=0",
	      "1422 success: only new_pol is printed");

	/* Names raw between quotes (the kernel's %s), never hex. */
	rec = (struct ipe_audit_record){ .type = IPE_AUDIT_POLICY_LOAD, .actor = ACT_ROOT,
					 .new_pol = ref_seq("a\"b=c\\d\xff\v/", 1, 0, 0) };
	check(&rec,
	      "policy_name=\"a\"b=c\\d\xff\v/\" policy_version=1.0.0 policy_digest=sha256:" HEX_SEQ
	      " auid=0 ses=3 lsm=ipe res=1 errno=0",
	      "1422: a name with a quote, '=', backslash, 0xff, \\v printed raw");
}

/* ---- 1421 AUDIT_IPE_CONFIG_CHANGE --------------------------------------- */

static void test_config_change(void)
{
	struct ipe_audit_record rec;

	/* SPEC §7.2: nothing was active. */
	rec = (struct ipe_audit_record){ .type = IPE_AUDIT_CONFIG_CHANGE, .actor = ACT_UNSET,
					 .new_pol = ref_seq("A", 1, 2, 3) };
	check(&rec,
	      "old_active_pol_name=? old_active_pol_version=? old_policy_digest=? "
	      "new_active_pol_name=\"A\" new_active_pol_version=1.2.3 new_policy_digest=sha256:"
	      HEX_SEQ " auid=" UNSET " ses=" UNSET " lsm=ipe res=1",
	      "1421 from nothing");

	/* Both set; the old one's version and digest bytes are printed too. */
	rec.old_pol = ref_fill("Allow_All", 0, 0, 1, 0xab);
	rec.actor = ACT_ROOT;
	check(&rec,
	      "old_active_pol_name=\"Allow_All\" old_active_pol_version=0.0.1 "
	      "old_policy_digest=sha256:" HEX_AB " "
	      "new_active_pol_name=\"A\" new_active_pol_version=1.2.3 new_policy_digest=sha256:"
	      HEX_SEQ " auid=0 ses=3 lsm=ipe res=1",
	      "1421 from one policy to another");

	/* The update of the active policy: same name both sides. */
	rec.old_pol = ref_seq("A", 1, 2, 3);
	rec.new_pol = ref_fill("A", 1, 2, 4, 0xab);
	check(&rec,
	      "old_active_pol_name=\"A\" old_active_pol_version=1.2.3 old_policy_digest=sha256:"
	      HEX_SEQ " new_active_pol_name=\"A\" new_active_pol_version=1.2.4 "
	      "new_policy_digest=sha256:" HEX_AB " auid=0 ses=3 lsm=ipe res=1",
	      "1421 for an update of the active policy");

	/* No errno= even when err is set; no enforce fields. */
	rec.err = -EINVAL;
	rec.old_enforce = true;
	check(&rec,
	      "old_active_pol_name=\"A\" old_active_pol_version=1.2.3 old_policy_digest=sha256:"
	      HEX_SEQ " new_active_pol_name=\"A\" new_active_pol_version=1.2.4 "
	      "new_policy_digest=sha256:" HEX_AB " auid=0 ses=3 lsm=ipe res=1",
	      "1421: err and enforce bits are not its fields");

	/* Names raw, spaces and quotes included (SPEC §7.2). */
	rec = (struct ipe_audit_record){ .type = IPE_AUDIT_CONFIG_CHANGE, .actor = ACT_ROOT,
					 .old_pol = ref_seq("x y", 0, 0, 0),
					 .new_pol = ref_seq("q\"\xa0", 65535, 0, 65535) };
	check(&rec,
	      "old_active_pol_name=\"x y\" old_active_pol_version=0.0.0 old_policy_digest=sha256:"
	      HEX_SEQ " new_active_pol_name=\"q\"\xa0\" new_active_pol_version=65535.0.65535 "
	      "new_policy_digest=sha256:" HEX_SEQ " auid=0 ses=3 lsm=ipe res=1",
	      "1421: names with a space, a quote, 0xa0 printed raw");
}

/* ---- 1404 AUDIT_MAC_STATUS ---------------------------------------------- */

static void test_mac_status(void)
{
	struct ipe_audit_record rec = { .type = IPE_AUDIT_MAC_STATUS, .actor = ACT_ROOT,
					.new_enforce = false, .old_enforce = true };

	check(&rec, "enforcing=0 old_enforcing=1 auid=0 ses=3 enabled=1 old-enabled=1 lsm=ipe res=1",
	      "1404 enforce off");
	rec.new_enforce = true;
	rec.old_enforce = false;
	rec.actor = ACT_UNSET;
	check(&rec,
	      "enforcing=1 old_enforcing=0 auid=" UNSET " ses=" UNSET
	      " enabled=1 old-enabled=1 lsm=ipe res=1",
	      "1404 enforce on, auid/ses unset");
	/* Policy refs and err are not 1404 fields. */
	rec.new_pol = ref_seq("A", 1, 2, 3);
	rec.old_pol = ref_seq("B", 1, 2, 3);
	rec.err = -EPERM;
	rec.actor = (struct ipe_actor){ false, 1000, 7 };
	check(&rec,
	      "enforcing=1 old_enforcing=0 auid=1000 ses=7 enabled=1 old-enabled=1 lsm=ipe res=1",
	      "1404: policy refs and err ignored");
}

/* 1420: the SPEC §7.1 examples, the untrusted-string rules on comm, path
 * and dev, both path failures, the unknown op, a rule with nested quotes. */
static void test_access(void)
{
	static const struct {
		struct ipe_access_record a;
		const char *want;
	} cases[] = {
		{ { IPE_OP_EXECUTE, IPE_HOOK_MMAP, true, 2241, "ld-linux.so", true,
		    "/deny/lib/libc.so.6", false, "sda2", 14549020, "DEFAULT action=DENY" },
		  "ipe_op=EXECUTE ipe_hook=MMAP enforcing=1 pid=2241 comm=\"ld-linux.so\" "
		  "path=\"/deny/lib/libc.so.6\" dev=\"sda2\" ino=14549020 rule=\"DEFAULT action=DENY\"" },
		{ { IPE_OP_EXECUTE, IPE_HOOK_MMAP, true, 2472, "mmap_test", false, NULL, false, NULL,
		    0, "DEFAULT action=DENY" },
		  "ipe_op=EXECUTE ipe_hook=MMAP enforcing=1 pid=2472 comm=\"mmap_test\" path=? dev=? "
		  "ino=? rule=\"DEFAULT action=DENY\"" },
		{ { IPE_OP_EXECUTE, IPE_HOOK_BPRM_CHECK, false, 1, "a b", true, "/memfd:x (deleted)",
		    false, "tmpfs", 2, "DEFAULT op=EXECUTE action=ALLOW" },
		  "ipe_op=EXECUTE ipe_hook=BPRM_CHECK enforcing=0 pid=1 comm=612062 "
		  "path=2F6D656D66643A78202864656C6574656429 dev=\"tmpfs\" ino=2 "
		  "rule=\"DEFAULT op=EXECUTE action=ALLOW\"" },
		{ { IPE_OP_KMODULE, IPE_HOOK_KERNEL_READ, true, 7, "0123456789abcdefXYZ", true, NULL,
		    true, "dm-0", 18446744073709551615ull, "op=KMODULE action=DENY" },
		  "ipe_op=KMODULE ipe_hook=KERNEL_READ enforcing=1 pid=7 comm=\"0123456789abcde\" "
		  "path=\"<too_long>\" dev=\"dm-0\" ino=18446744073709551615 "
		  "rule=\"op=KMODULE action=DENY\"" },
		{ { IPE_OP_INVALID, IPE_HOOK_KERNEL_LOAD, true, 9, "x\"y", true, NULL, false, "q\"", 1,
		    "op=EXECUTE fsverity_digest=\"sha256\":AB action=ALLOW" },
		  "ipe_op=UNKNOWN ipe_hook=KERNEL_LOAD enforcing=1 pid=9 comm=782279 "
		  "path=\"<no_memory>\" dev=7122 ino=1 "
		  "rule=\"op=EXECUTE fsverity_digest=\"sha256\":AB action=ALLOW\"" },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		char *got = ipe_access_record_text(&cases[i].a);

		is_str(got, cases[i].want, "1420 case %zu", i);
		free(got);
	}
}

int main(void)
{
	test_policy_load();
	test_config_change();
	test_mac_status();
	test_access();
	return tap_done();
}
