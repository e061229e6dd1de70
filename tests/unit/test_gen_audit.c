// SPDX-License-Identifier: GPL-2.0-only
/*
 * gen_audit_event() (cli/gen_audit.c): what ipectl gen --from-audit writes
 * for one denied event, given the properties its file has.  The host the
 * tests run on may have neither fs-verity nor device-mapper, so the
 * properties are made here; every generated policy is parsed back and
 * evaluated with the same properties.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libipe.h>

#include "gen_audit.h"
#include "tap.h"

#define REC(op, hook, path, ino) \
	"type=1420 msg=audit(1.2:3): ipe_op=" op " ipe_hook=" hook " enforcing=1 pid=7 " \
	"comm=\"tool\" path=\"" path "\" dev=\"vda\" ino=" ino " rule=\"DEFAULT action=DENY\""

static struct audit_event event(const char *line, unsigned lineno)
{
	struct audit_event ev = { .line = lineno, .count = 1 };

	if (access_record_parse(line, strlen(line), &ev.rec))
		abort();
	return ev;
}

static struct gen_policy policy(void)
{
	return (struct gen_policy){
		.name = "t",
		.version = { 1, 0, 0 },
		.global_default = IPE_ACTION_ALLOW,
		.ops = { IPE_OP_EXECUTE, IPE_OP_KMODULE },
		.nops = 2,
	};
}

/* A file on "vda" inode 42 with the digest bytes 0x11 0x22 ... of LEN bytes. */
static void props(struct fileprops *out, bool fsverity, bool dmverity, size_t len)
{
	struct fileprops fp = { .ino = 42 };
	size_t i;

	strcpy(fp.dev_name, "vda");
	strcpy(fp.fsv_alg, len == 64 ? "sha512" : "sha256");
	strcpy(fp.dmv_alg, "sha256");
	for (i = 0; i < len; i++)
		fp.fsv_digest[i] = fp.dmv_digest[i] = (uint8_t)(0x11 * (i % 15 + 1));
	*out = fp;
	/* The digests point into the struct they are in. */
	out->props.fsv_enabled = fsverity;
	out->props.fsv_digest = (struct ipe_digest){ out->fsv_alg, out->fsv_digest, (uint32_t)len };
	out->props.dmv_has_roothash = dmverity;
	out->props.dmv_roothash = (struct ipe_digest){ out->dmv_alg, out->dmv_digest, 32 };
}

/* The text, checked to parse with NRULES rules. */
static char *render(const struct gen_policy *g, uint32_t nrules, struct ipe_policy **p)
{
	size_t len, n;
	char *text = gen_policy_render(g, &len, &n);

	ok(text && n == nrules, "rendered with %u rule(s)", nrules);
	if (!text)
		return NULL;
	is_int(ipe_policy_parse(text, len, p, NULL), 0, "the text parses");
	ok(*p && (*p)->nrules == nrules, "... to %u rule(s)", nrules);
	return text;
}

static int decide(const struct ipe_policy *p, int op, const struct ipe_file_props *file)
{
	struct ipe_event ev = {
		.op = (uint8_t)op,
		.hook = op == IPE_OP_EXECUTE ? IPE_HOOK_BPRM_CHECK : IPE_HOOK_KERNEL_READ,
		.file = file,
		.providers = IPE_PROVIDERS_ALL,
	};
	struct ipe_decision d;

	ipe_evaluate(p, &ev, &d);
	return d.action;
}

static void test_fsverity_rule(void)
{
	struct gen_policy g = policy();
	struct audit_event ev = event(REC("EXECUTE", "BPRM_CHECK", "/usr/bin/tool", "42"), 3);
	struct fileprops fp, other;
	struct ipe_policy *p = NULL;
	char *text;

	props(&fp, true, true, 32);
	props(&other, true, false, 32);
	is_int(gen_audit_event(&g, "audit.log", &ev, &fp, 0), 0, "fs-verity file: EXIT_OK");
	text = render(&g, 1, &p);
	ok(text && strstr(text, "\n# /usr/bin/tool: EXECUTE denied at BPRM_CHECK to comm \"tool\" (audit.log line 3)\n"
			  "op=EXECUTE fsverity_digest=sha256:112233445566778899aabbccddeeff112233445566778899aabbccddeeff1122 action=ALLOW\n"),
	   "the rule carries the file's fs-verity digest, under a comment naming path, hook and comm");
	ok(!strstr(text ? text : "", "not the one denied"), "same dev and inode: no replacement comment");
	if (p) {
		is_int(decide(p, IPE_OP_EXECUTE, &fp.props), IPE_ACTION_ALLOW, "the file is allowed");
		other.fsv_digest[0] ^= 1;
		is_int(decide(p, IPE_OP_EXECUTE, &other.props), IPE_ACTION_DENY, "a file with another digest is not");
	}
	ipe_policy_free(p);
	free(text);
	access_record_free(&ev.rec);
	gen_policy_free(&g);
}

static void test_dmverity_rule_and_ops(void)
{
	struct gen_policy g = policy();
	struct audit_event e1 = event(REC("KMODULE", "KERNEL_READ", "/lib/modules/m.ko", "42"), 1);
	struct audit_event e2 = event(REC("EXECUTE", "MMAP", "/lib/modules/m.ko", "42"), 2);
	struct audit_event e3 = event(REC("EXECUTE", "BPRM_CHECK", "/lib/modules/m.ko", "42"), 5);
	struct fileprops fp;
	struct ipe_policy *p = NULL;
	char *text;

	props(&fp, false, true, 32);
	gen_audit_event(&g, "log", &e1, &fp, 0);
	gen_audit_event(&g, "log", &e2, &fp, 0);
	gen_audit_event(&g, "log", &e3, &fp, 0);
	text = render(&g, 2, &p);
	ok(text && strstr(text, "op=KMODULE dmverity_roothash=sha256:112233445566778899aabbccddeeff112233445566778899aabbccddeeff1122 action=ALLOW\n"),
	   "a dm-verity file: dmverity_roothash, for the record's op");
	ok(text && strstr(text, "op=EXECUTE dmverity_roothash=sha256:"), "... and the other record's op");
	ok(text && strstr(text, "# op=EXECUTE dmverity_roothash=sha256:112233445566778899aabbccddeeff112233445566778899aabbccddeeff1122: already allowed above, for /lib/modules/m.ko (log line 2)\n"),
	   "the same file and op at another hook: a comment naming the first");
	if (p) {
		is_int(decide(p, IPE_OP_KMODULE, &fp.props), IPE_ACTION_ALLOW, "the module is allowed");
		is_int(decide(p, IPE_OP_EXECUTE, &fp.props), IPE_ACTION_ALLOW, "and executing it");
	}
	ipe_policy_free(p);
	free(text);
	access_record_free(&e1.rec);
	access_record_free(&e2.rec);
	access_record_free(&e3.rec);
	gen_policy_free(&g);
}

static void test_no_rule(void)
{
	struct gen_policy g = policy();
	struct audit_event replaced = event(REC("EXECUTE", "BPRM_CHECK", "/opt/a", "9"), 1);
	struct audit_event bare = event(REC("EXECUTE", "BPRM_CHECK", "/opt/b", "42"), 2);
	struct audit_event gone = event(REC("EXECUTE", "BPRM_CHECK", "/opt/c", "42"), 3);
	struct audit_event anon = event("type=1420 msg=audit(1.2:3): ipe_op=EXECUTE ipe_hook=MPROTECT enforcing=0 pid=9 comm=\"jit\" path=? dev=? ino=? rule=\"DEFAULT action=DENY\"", 4);
	struct audit_event unknown = event("type=1420 msg=audit(1.2:3): ipe_op=UNKNOWN ipe_hook=KERNEL_LOAD enforcing=1 pid=5 comm=\"insmod\" path=? dev=? ino=? rule=\"DEFAULT action=DENY\"", 5);
	struct audit_event pseudo = event(REC("EXECUTE", "MMAP", "<too_long>", "42"), 6);
	struct fileprops fp, none;
	size_t len, n;
	char *text;

	props(&fp, true, false, 64);
	props(&none, false, false, 32);
	none.unread = FILEPROPS_UNREAD_DMV;
	gen_audit_event(&g, "log", &replaced, &fp, 0);
	gen_audit_event(&g, "log", &bare, &none, 0);
	gen_audit_event(&g, "log", &gone, NULL, -ENOENT);
	gen_audit_event(&g, "log", &anon, NULL, 0);
	gen_audit_event(&g, "log", &unknown, NULL, 0);
	gen_audit_event(&g, "log", &pseudo, NULL, 0);
	text = gen_policy_render(&g, &len, &n);
	is_int(n, 1, "six events, one rule: only the replaced file's");
	ok(text && strstr(text, "# the file there now is not the one denied (dev \"vda\" ino 9 then, dev \"vda\" ino 42 now): the rule is for the file there now\n"
			  "op=EXECUTE fsverity_digest=sha512:"),
	   "a replaced file: a comment before its rule");
	ok(text && strstr(text, "# /opt/b: EXECUTE denied at BPRM_CHECK to comm \"tool\" (log line 2)\n"
			  "# no rule: the file has no integrity property that could be read: its dm-verity table could not be read;"),
	   "no property, one unread: a comment saying which could not be read");
	ok(text && strstr(text, "# no rule: the file has no integrity property that could be read: its dm-verity table could not be read; it can only be allowed by giving it one (fs-verity, or a dm-verity volume)\n"),
	   "... and how to give it one");
	ok(text && strstr(text, "# /opt/c: EXECUTE denied at BPRM_CHECK to comm \"tool\" (log line 3)\n# cannot be read now (No such file or directory): no rule\n"),
	   "a file gone since: a comment, no rule");
	ok(text && strstr(text, "# no file: EXECUTE denied at MPROTECT to comm \"jit\" (log line 4)\n# no rule: only rules using boot_verified=FALSE, dmverity_signature=FALSE or fsverity_signature=FALSE match an event without a file, and such a rule also allows every unverified file\n"),
	   "anonymous memory: the comment explains why no rule");
	ok(text && strstr(text, "# no file: UNKNOWN denied at KERNEL_LOAD to comm \"insmod\" (log line 5)\n# no rule: the op is one the kernel could not name"),
	   "an UNKNOWN op: no rule");
	ok(text && strstr(text, "# <too_long>: EXECUTE denied at MMAP to comm \"tool\" (log line 6)\n# no rule: the audited path is not a file's path"),
	   "a path that names no file (d_path's <too_long>): no rule");
	access_record_free(&pseudo.rec);
	free(text);
	access_record_free(&replaced.rec);
	access_record_free(&bare.rec);
	access_record_free(&gone.rec);
	access_record_free(&anon.rec);
	access_record_free(&unknown.rec);
	gen_policy_free(&g);
}

int main(void)
{
	test_fsverity_rule();
	test_dmverity_rule_and_ops();
	test_no_rule();
	return tap_done();
}
