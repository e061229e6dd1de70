// SPDX-License-Identifier: GPL-2.0-only
/*
 * access_record_parse() (cli/access_record.c): the 1420 record in every
 * wrapping a log gives it, every field decoded, every damaged form refused
 * with -EBADMSG and every line that is not a 1420 record with -ENOENT.  Each
 * input is parsed from a heap copy of exactly its length, so a read past
 * the end is an ASan failure, and every valid record is also cut at each of
 * its bytes.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libipe.h>
#include <libipe-store.h>

#include "access_record.h"
#include "ipe-bpf.h"
#include "tap.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#define DIGEST "FD88F2B8824E197F850BF4C5109BEA5CF0EE38104F710843BB72DA796BA5AF9E"

/* The record of SPEC §7.1's first example, and the text of others. */
#define BASE "ipe_op=EXECUTE ipe_hook=MMAP enforcing=1 pid=2241 comm=\"ld-linux.so\" " \
	"path=\"/deny/lib/libc.so.6\" dev=\"sda2\" ino=14549020 rule=\"DEFAULT action=DENY\""
#define ANON "ipe_op=EXECUTE ipe_hook=MMAP enforcing=1 pid=2472 comm=\"mmap_test\" " \
	"path=? dev=? ino=? rule=\"DEFAULT action=DENY\""

static int parse_n(const char *s, size_t n, struct access_record *r)
{
	char *copy = malloc(n ? n : 1);
	int err;

	if (!copy)
		abort();
	memcpy(copy, s, n);
	err = access_record_parse(copy, n, r);
	free(copy);
	return err;
}

static int parse(const char *s, struct access_record *r)
{
	return parse_n(s, strlen(s), r);
}

/* Every field of BASE. */
static void is_base(const char *line, const char *what)
{
	struct access_record r;
	int err = parse(line, &r);

	is_int(err, 0, "%s: parsed", what);
	if (err)
		return;
	ok(r.op == IPE_OP_EXECUTE && r.hook == IPE_HOOK_MMAP && r.enforcing && r.pid == 2241,
	   "%s: op, hook, enforcing, pid", what);
	is_str(r.comm, "ld-linux.so", "%s: comm", what);
	ok(r.has_file && r.path_len == strlen("/deny/lib/libc.so.6"), "%s: has a file", what);
	is_str(r.path, "/deny/lib/libc.so.6", "%s: path", what);
	is_str(r.dev, "sda2", "%s: dev", what);
	ok(r.ino == 14549020, "%s: ino", what);
	is_str(r.rule, "DEFAULT action=DENY", "%s: rule", what);
	is_int(r.action, IPE_ACTION_DENY, "%s: action", what);
	access_record_free(&r);
}

static void test_wrappings(void)
{
	static const struct {
		const char *line, *what;
	} lines[] = {
		{ "type=1420 msg=audit(1653364370.067:61): " BASE, "audit.log" },
		{ "node=web1 type=1420 msg=audit(1653364370.067:61): " BASE, "audit.log with node=" },
		{ "type=UNKNOWN[1420] msg=audit(1653364370.067:61): " BASE, "audit.log, type unnamed" },
		{ "type=IPE_ACCESS msg=audit(1653364370.067:61): " BASE, "audit.log, type named" },
		{ "type=1420 msg=audit(1653364370.067:61): " BASE "\x1d", "enriched audit.log" },
		{ "type=1420 msg=audit(1653364370.067:61): " BASE "\r", "audit.log, a CR LF line end" },
		{ "type=1420 audit(1653364370.067:61): " BASE, "kernel documentation" },
		{ "[   12.345678] audit: type=1420 audit(1653364370.067:61): " BASE, "dmesg" },
		{ "May 19 12:00:01 host kernel: audit: type=1420 audit(1653364370.067:61): " BASE,
		  "journalctl -k" },
		{ "May 19 12:00:01 host audit[2241]: IPE_ACCESS " BASE, "journald, type named" },
		{ "May 19 12:00:01 host audit: AUDIT1420 " BASE, "journald, type unnamed" },
		{ "May 19 12:00:01 host iped[123]: audit type=1420 " BASE, "iped's syslog" },
		{ "iped: audit type=1420 " BASE, "iped's stderr" },
		{ "type=USER_AVC msg=audit(1795501975.862:812): pid=123 uid=0 auid=4294967295 "
		  "ses=4294967295 msg='" BASE "'", "USER_AVC in audit.log" },
		{ "type=USER_AVC msg=audit(1795501975.862:812): pid=123 uid=0 auid=4294967295 "
		  "ses=4294967295 subj=/usr/sbin/iped (enforce) msg='" BASE "'",
		  "USER_AVC with an AppArmor subject" },
		{ "type=USER_AVC msg=audit(1795501975.862:812): pid=123 uid=0 auid=4294967295 "
		  "ses=4294967295 subj=unconfined msg='" BASE "'\x1dUID=\"root\" AUID=\"unset\"",
		  "USER_AVC, enriched" },
		{ "[   12.3] audit: type=1107 audit(1795501975.862:812): pid=123 uid=0 auid=4294967295 "
		  "ses=4294967295 msg='" BASE "'", "USER_AVC in the kernel log" },
		{ "May 19 12:00:01 host audit[123]: USER_AVC pid=123 uid=0 auid=4294967295 "
		  "ses=4294967295 msg='" BASE "'", "USER_AVC in journald" },
		{ "{\"time\": 1795501975.862, \"type\": 1420, \"text\": \"ipe_op=EXECUTE ipe_hook=MMAP "
		  "enforcing=1 pid=2241 comm=\\\"ld-linux.so\\\" path=\\\"/deny/lib/libc.so.6\\\" "
		  "dev=\\\"sda2\\\" ino=14549020 rule=\\\"DEFAULT action=DENY\\\"\"}", "iped's JSON" },
		{ "  {\"type\":1420,\"text\":\"\\u0069pe_op=EXECUTE ipe_hook=MMAP enforcing=1 pid=2241 "
		  "comm=\\\"ld-linux.so\\\" path=\\\"\\/deny\\/lib\\/libc.so.6\\\" dev=\\\"sda2\\\" "
		  "ino=14549020 rule=\\\"DEFAULT action=DENY\\\"\", \"extra\": -1.5e3}  ",
		  "JSON, members reordered, escapes" },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(lines); i++)
		is_base(lines[i].line, lines[i].what);
}

/* One record text (after the wrapping) and what it must parse to. */
struct want {
	const char *text;
	int op, hook;
	bool enforcing;
	uint32_t pid;
	const char *comm;
	const char *path;	/* NULL: no file */
	size_t path_len;
	const char *dev;
	uint64_t ino;
	const char *rule;
	int action;
};

static const struct want valid[] = {
	{ ANON, IPE_OP_EXECUTE, IPE_HOOK_MMAP, true, 2472, "mmap_test", NULL, 0, NULL, 0,
	  "DEFAULT action=DENY", IPE_ACTION_DENY },
	/* Hex for a space, a quote, a byte above 0x7e; a deleted file. */
	{ "ipe_op=EXECUTE ipe_hook=BPRM_CHECK enforcing=0 pid=1 comm=6D7920746F6F6C "
	  "path=2F746D702F6D792070726F67202864656C6574656429 dev=\"tmpfs\" ino=0 "
	  "rule=\"op=EXECUTE boot_verified=TRUE action=ALLOW\"",
	  IPE_OP_EXECUTE, IPE_HOOK_BPRM_CHECK, false, 1, "my tool", "/tmp/my prog (deleted)", 22,
	  "tmpfs", 0, "op=EXECUTE boot_verified=TRUE action=ALLOW", IPE_ACTION_ALLOW },
	{ "ipe_op=EXECUTE ipe_hook=MPROTECT enforcing=1 pid=2147483647 comm=22712200 "
	  "path=2F612227C3A9 dev=\"dm-0\" ino=18446744073709551615 "
	  "rule=\"op=EXECUTE fsverity_digest=\"sha256\":" DIGEST " fsverity_signature=FALSE "
	  "action=DENY\"",
	  0, 0, false, 0, NULL, NULL, 0, NULL, 0, NULL, 0 },	/* refused: NUL in comm */
	{ "ipe_op=EXECUTE ipe_hook=MPROTECT enforcing=1 pid=2147483647 comm=227122 "
	  "path=2F612227C3A9 dev=\"dm-0\" ino=18446744073709551615 "
	  "rule=\"op=EXECUTE fsverity_digest=\"sha256\":" DIGEST " fsverity_signature=FALSE "
	  "action=DENY\"",
	  IPE_OP_EXECUTE, IPE_HOOK_MPROTECT, true, 2147483647, "\"q\"", "/a\"'\xc3\xa9", 6, "dm-0",
	  UINT64_MAX,
	  "op=EXECUTE fsverity_digest=\"sha256\":" DIGEST " fsverity_signature=FALSE action=DENY",
	  IPE_ACTION_DENY },
	/* An algorithm in hex, an empty one, an empty digest. */
	{ "ipe_op=KMODULE ipe_hook=KERNEL_READ enforcing=1 pid=77 comm=\"modprobe\" "
	  "path=\"/lib/modules/x.ko\" dev=\"vda\" ino=12 "
	  "rule=\"op=KMODULE dmverity_roothash=736861203235:AB dmverity_signature=TRUE "
	  "fsverity_digest=\"\": boot_verified=FALSE action=ALLOW\"",
	  IPE_OP_KMODULE, IPE_HOOK_KERNEL_READ, true, 77, "modprobe", "/lib/modules/x.ko", 17, "vda",
	  12, "op=KMODULE dmverity_roothash=736861203235:AB dmverity_signature=TRUE "
	  "fsverity_digest=\"\": boot_verified=FALSE action=ALLOW", IPE_ACTION_ALLOW },
	{ "ipe_op=KMODULE ipe_hook=KERNEL_LOAD enforcing=1 pid=5 comm=\"insmod\" path=? dev=? "
	  "ino=? rule=\"DEFAULT op=KMODULE action=DENY\"",
	  IPE_OP_KMODULE, IPE_HOOK_KERNEL_LOAD, true, 5, "insmod", NULL, 0, NULL, 0,
	  "DEFAULT op=KMODULE action=DENY", IPE_ACTION_DENY },
	{ "ipe_op=UNKNOWN ipe_hook=KERNEL_READ enforcing=0 pid=9 comm=\"\" path=\"/f\" dev=\"sda1\" "
	  "ino=3 rule=\"DEFAULT action=ALLOW\"",
	  IPE_OP_INVALID, IPE_HOOK_KERNEL_READ, false, 9, "", "/f", 2, "sda1", 3,
	  "DEFAULT action=ALLOW", IPE_ACTION_ALLOW },
	{ "ipe_op=X509_CERT ipe_hook=KERNEL_LOAD enforcing=1 pid=0 comm=\"kworker/0:1\" path=? "
	  "dev=? ino=? rule=\"op=X509_CERT action=ALLOW\"",
	  IPE_OP_X509_CERT, IPE_HOOK_KERNEL_LOAD, true, 0, "kworker/0:1", NULL, 0, NULL, 0,
	  "op=X509_CERT action=ALLOW", IPE_ACTION_ALLOW },
	{ "ipe_op=EXECUTE ipe_hook=BPRM_CREDS_FOR_EXEC enforcing=1 pid=4 comm=\"123456789012345\" "
	  "path=\"<too_long>\" dev=\"1234567890123456789012345678901\" ino=1 "
	  "rule=\"op=EXECUTE dmverity_signature=FALSE action=DENY\"",
	  IPE_OP_EXECUTE, IPE_HOOK_BPRM_CREDS_FOR_EXEC, true, 4, "123456789012345", "<too_long>", 10,
	  "1234567890123456789012345678901", 1, "op=EXECUTE dmverity_signature=FALSE action=DENY",
	  IPE_ACTION_DENY },
};

static void check_want(const struct want *w, const char *line, size_t i)
{
	struct access_record r;
	int err = parse(line, &r);

	if (!w->comm) {
		is_int(err, -EBADMSG, "record %zu refused", i);
		return;
	}
	is_int(err, 0, "record %zu parsed", i);
	if (err)
		return;
	ok(r.op == w->op && r.hook == w->hook && r.enforcing == w->enforcing && r.pid == w->pid,
	   "record %zu: op, hook, enforcing, pid", i);
	is_str(r.comm, w->comm, "record %zu: comm", i);
	ok(r.has_file == (w->path != NULL), "record %zu: has_file", i);
	if (w->path) {
		ok(r.path && r.path_len == w->path_len && !memcmp(r.path, w->path, w->path_len) &&
		   !r.path[r.path_len], "record %zu: path", i);
		is_str(r.dev, w->dev, "record %zu: dev", i);
		ok(r.ino == w->ino, "record %zu: ino", i);
	} else {
		ok(!r.path && !r.dev && !r.path_len && !r.ino, "record %zu: no file fields", i);
	}
	is_str(r.rule, w->rule, "record %zu: rule", i);
	is_int(r.action, w->action, "record %zu: action", i);
	access_record_free(&r);
}

static void test_fields(void)
{
	char line[1024];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(valid); i++) {
		snprintf(line, sizeof(line), "type=1420 msg=audit(1.2:3): %s", valid[i].text);
		check_want(&valid[i], line, i);
	}
}

/* iped's record of an event denied because a property could not be read. */
static void test_unreadable(void)
{
	struct access_record r;
	int err;

	err = parse("iped[7]: audit type=1420 ipe_op=EXECUTE ipe_hook=BPRM_CHECK enforcing=1 pid=9 "
		    "comm=\"sh\" path=\"/o/bin/x\" dev=\"overlay\" ino=12 "
		    "rule=\"" IPE_BPF_UNREADABLE_RULE "\"", &r);
	is_int(err, 0, "iped's unreadable-property record is read");
	if (err)
		return;
	ok(r.unreadable && r.action == IPE_ACTION_DENY, "... as a denial no statement made");
	is_str(r.rule, IPE_BPF_UNREADABLE_RULE, "... its rule text kept");
	access_record_free(&r);
	err = parse("type=1420 msg=audit(1.2:3): " BASE, &r);
	ok(!err && !r.unreadable, "a kernel record is not one");
	if (!err)
		access_record_free(&r);
}

/* A parsed record printed by libipe as the kernel prints it: the same text. */
static void test_rerender(void)
{
	char line[1024];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(valid); i++) {
		struct access_record r;
		struct ipe_access_record a;
		char *text;

		if (!valid[i].comm)
			continue;
		snprintf(line, sizeof(line), "iped: audit type=1420 %s", valid[i].text);
		if (parse(line, &r)) {
			ok(0, "record %zu parsed for rendering", i);
			continue;
		}
		a = (struct ipe_access_record){
			.op = (uint8_t)r.op, .hook = (uint8_t)r.hook, .enforcing = r.enforcing,
			.pid = r.pid, .comm = r.comm, .has_file = r.has_file, .path = r.path,
			.dev = r.dev, .ino = r.ino, .rule = r.rule,
		};
		text = ipe_access_record_text(&a);
		is_str(text, valid[i].text, "record %zu rendered back to its own text", i);
		free(text);
		access_record_free(&r);
	}
}

static void test_not_a_record(void)
{
	static const char *const lines[] = {
		"",
		"hello world",
		"ipe_op=EXECUTE ipe_hook=MMAP enforcing=1",	/* no wrapping: not a record */
		BASE,
		"sudo[9]: root : COMMAND=/usr/bin/ipectl explain " BASE,
		"type=1421 msg=audit(1.2:3): old_active_pol_name=? old_active_pol_version=? "
		"old_policy_digest=? new_active_pol_name=\"p\"",
		"type=SYSCALL msg=audit(1653364370.067:61): arch=c000003e syscall=9 success=no",
		"type=1300 audit(1653364370.067:61): SYSCALL arch=c000003e syscall=9",
		"type=1421 msg=audit(1.2:3): " BASE,
		"May 19 host audit: BPF prog-id=12 op=LOAD",
		"May 19 host audit[1]: SERVICE_START pid=1 uid=0 msg='unit=foo res=success'",
		"iped: audit type=1422 policy_name=\"p\" policy_version=1.0.0",
		"type=USER_AVC msg=audit(1.2:3): pid=1 uid=0 auid=1 ses=1 msg='avc:  denied  { x }'",
		"type=USER_AVC msg=audit(1.2:3): pid=1 uid=0 auid=1 ses=1",
		/* anyone may send user messages: only USER_AVC is iped's */
		"type=USER msg=audit(1.2:3): pid=1 uid=0 auid=1 ses=1 msg='iped: audit type=1420 " BASE "'",
		"type=USER_AVC msg=audit(1.2:3): pid=1 uid=0 auid=1 ses=1 msg='ipe",
		"{\"time\": 1.5, \"type\": 1421, \"text\": \"old_active_pol_name=?\"}",
		"{\"time\": 1.5, \"type\": 1421, \"text\": \"" BASE "\"}",
		"{\"time\": 1.5, \"type\": 1107, \"text\": \"x\"}",
		"{\"time\": 1.5, \"type\": \"1420\", \"text\": \"x\"}",
		"{\"time\": 1.5, \"text\": \"x\"}",
		"{}",
		"{\"time\": 1.5, \"type\": 1420",		/* cut before the member ended */
		"{\"time\": tru",
		"{\"MESSAGE\": \"IPE_ACCESS ipe_op=EXECUTE\", \"_AUDIT_TYPE\": \"1420\"}",
	};
	struct access_record r;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(lines); i++) {
		is_int(parse(lines[i], &r), -ENOENT, "not a 1420 record: '%s'", lines[i]);
		ok(!r.comm && !r.path && !r.dev && !r.rule, "nothing to release (%zu)", i);
	}
}

/* Damaged texts, each after a wrapping that says 1420. */
static void test_damaged(void)
{
	static const char *const texts[] = {
		"",
		"garbage",
		" " BASE,
		BASE " ",
		BASE "\"",
		/* a missing field, fields out of order */
		"ipe_op=EXECUTE ipe_hook=MMAP enforcing=1 comm=\"x\" path=? dev=? ino=? rule=\"DEFAULT action=DENY\"",
		"ipe_op=EXECUTE ipe_hook=MMAP enforcing=1 pid=1 comm=\"x\" path=? dev=? ino=?",
		"ipe_op=EXECUTE ipe_hook=MMAP enforcing=1 pid=1 comm=\"x\" path=? ino=? dev=? rule=\"DEFAULT action=DENY\"",
		"ipe_hook=MMAP ipe_op=EXECUTE enforcing=1 pid=1 comm=\"x\" path=? dev=? ino=? rule=\"DEFAULT action=DENY\"",
		"ipe_op=EXECUTE  ipe_hook=MMAP enforcing=1 pid=1 comm=\"x\" path=? dev=? ino=? rule=\"DEFAULT action=DENY\"",
		/* names and numbers */
		"ipe_op=execute ipe_hook=MMAP enforcing=1 pid=1 comm=\"x\" path=? dev=? ino=? rule=\"DEFAULT action=DENY\"",
		"ipe_op=EXECUTE ipe_hook=MMAPX enforcing=1 pid=1 comm=\"x\" path=? dev=? ino=? rule=\"DEFAULT action=DENY\"",
		"ipe_op=EXECUTE ipe_hook=MMAP enforcing=2 pid=1 comm=\"x\" path=? dev=? ino=? rule=\"DEFAULT action=DENY\"",
		"ipe_op=EXECUTE ipe_hook=MMAP enforcing= pid=1 comm=\"x\" path=? dev=? ino=? rule=\"DEFAULT action=DENY\"",
		"ipe_op=EXECUTE ipe_hook=MMAP enforcing=1 pid=01 comm=\"x\" path=? dev=? ino=? rule=\"DEFAULT action=DENY\"",
		"ipe_op=EXECUTE ipe_hook=MMAP enforcing=1 pid=-1 comm=\"x\" path=? dev=? ino=? rule=\"DEFAULT action=DENY\"",
		"ipe_op=EXECUTE ipe_hook=MMAP enforcing=1 pid=2147483648 comm=\"x\" path=? dev=? ino=? rule=\"DEFAULT action=DENY\"",
		"ipe_op=EXECUTE ipe_hook=MMAP enforcing=1 pid= comm=\"x\" path=? dev=? ino=? rule=\"DEFAULT action=DENY\"",
		"ipe_op=EXECUTE ipe_hook=MMAP enforcing=1 pid=1 comm=\"x\" path=\"/a\" dev=\"v\" ino=18446744073709551616 rule=\"DEFAULT action=DENY\"",
		"ipe_op=EXECUTE ipe_hook=MMAP enforcing=1 pid=1 comm=\"x\" path=\"/a\" dev=\"v\" ino=1x rule=\"DEFAULT action=DENY\"",
		/* untrusted strings */
		"ipe_op=EXECUTE ipe_hook=MMAP enforcing=1 pid=1 comm=\"x path=? dev=? ino=? rule=\"DEFAULT action=DENY\"",
		"ipe_op=EXECUTE ipe_hook=MMAP enforcing=1 pid=1 comm=x\" path=? dev=? ino=? rule=\"DEFAULT action=DENY\"",
		"ipe_op=EXECUTE ipe_hook=MMAP enforcing=1 pid=1 comm=\"a\"b\" path=? dev=? ino=? rule=\"DEFAULT action=DENY\"",
		"ipe_op=EXECUTE ipe_hook=MMAP enforcing=1 pid=1 comm=\" path=? dev=? ino=? rule=\"DEFAULT action=DENY\"",
		"ipe_op=EXECUTE ipe_hook=MMAP enforcing=1 pid=1 comm=6D792 path=? dev=? ino=? rule=\"DEFAULT action=DENY\"",
		"ipe_op=EXECUTE ipe_hook=MMAP enforcing=1 pid=1 comm=6d7920 path=? dev=? ino=? rule=\"DEFAULT action=DENY\"",
		"ipe_op=EXECUTE ipe_hook=MMAP enforcing=1 pid=1 comm=6G7920 path=? dev=? ino=? rule=\"DEFAULT action=DENY\"",
		"ipe_op=EXECUTE ipe_hook=MMAP enforcing=1 pid=1 comm=6D79 path=? dev=? ino=? rule=\"DEFAULT action=DENY\"",
		"ipe_op=EXECUTE ipe_hook=MMAP enforcing=1 pid=1 comm= path=? dev=? ino=? rule=\"DEFAULT action=DENY\"",
		"ipe_op=EXECUTE ipe_hook=MMAP enforcing=1 pid=1 comm=\"1234567890123456\" path=? dev=? ino=? rule=\"DEFAULT action=DENY\"",
		"ipe_op=EXECUTE ipe_hook=MMAP enforcing=1 pid=1 comm=\"x\" path=\"/a\" dev=\"12345678901234567890123456789012\" ino=1 rule=\"DEFAULT action=DENY\"",
		"ipe_op=EXECUTE ipe_hook=MMAP enforcing=1 pid=1 comm=\"x\" path=2F0061 dev=\"v\" ino=1 rule=\"DEFAULT action=DENY\"",
		"ipe_op=EXECUTE ipe_hook=MMAP enforcing=1 pid=1 comm=\"x\" path=\"/a b\" dev=\"v\" ino=1 rule=\"DEFAULT action=DENY\"",
		/* the file fields come all three or not at all */
		"ipe_op=EXECUTE ipe_hook=MMAP enforcing=1 pid=1 comm=\"x\" path=? dev=\"v\" ino=? rule=\"DEFAULT action=DENY\"",
		"ipe_op=EXECUTE ipe_hook=MMAP enforcing=1 pid=1 comm=\"x\" path=\"/a\" dev=? ino=1 rule=\"DEFAULT action=DENY\"",
		"ipe_op=EXECUTE ipe_hook=MMAP enforcing=1 pid=1 comm=\"x\" path=\"/a\" dev=\"v\" ino=? rule=\"DEFAULT action=DENY\"",
		/* events the kernel never audits */
		"ipe_op=EXECUTE ipe_hook=KERNEL_READ enforcing=1 pid=1 comm=\"x\" path=\"/a\" dev=\"v\" ino=1 rule=\"DEFAULT action=DENY\"",
		"ipe_op=FIRMWARE ipe_hook=BPRM_CHECK enforcing=1 pid=1 comm=\"x\" path=\"/a\" dev=\"v\" ino=1 rule=\"DEFAULT action=DENY\"",
		"ipe_op=FIRMWARE ipe_hook=KERNEL_LOAD enforcing=1 pid=1 comm=\"x\" path=\"/a\" dev=\"v\" ino=1 rule=\"DEFAULT action=DENY\"",
		"ipe_op=FIRMWARE ipe_hook=KERNEL_READ enforcing=1 pid=1 comm=\"x\" path=? dev=? ino=? rule=\"DEFAULT action=DENY\"",
		"ipe_op=EXECUTE ipe_hook=BPRM_CHECK enforcing=1 pid=1 comm=\"x\" path=? dev=? ino=? rule=\"DEFAULT action=DENY\"",
		/* rule texts */
		"ipe_op=EXECUTE ipe_hook=MMAP enforcing=1 pid=1 comm=\"x\" path=? dev=? ino=? rule=\"DEFAULT action=DENY",
		"ipe_op=EXECUTE ipe_hook=MMAP enforcing=1 pid=1 comm=\"x\" path=? dev=? ino=? rule=DEFAULT action=DENY\"",
		"ipe_op=EXECUTE ipe_hook=MMAP enforcing=1 pid=1 comm=\"x\" path=? dev=? ino=? rule=\"\"",
		"ipe_op=EXECUTE ipe_hook=MMAP enforcing=1 pid=1 comm=\"x\" path=? dev=? ino=? rule=\"",
		"ipe_op=EXECUTE ipe_hook=MMAP enforcing=1 pid=1 comm=\"x\" path=? dev=? ino=? rule=\"DEFAULT action=DENY\" x",
		"ipe_op=EXECUTE ipe_hook=MMAP enforcing=1 pid=1 comm=\"x\" path=? dev=? ino=? rule=\"DEFAULT action=MAYBE\"",
		"ipe_op=EXECUTE ipe_hook=MMAP enforcing=1 pid=1 comm=\"x\" path=? dev=? ino=? rule=\"DEFAULT\"",
		"ipe_op=EXECUTE ipe_hook=MMAP enforcing=1 pid=1 comm=\"x\" path=? dev=? ino=? rule=\"DEFAULT  action=DENY\"",
		"ipe_op=EXECUTE ipe_hook=MMAP enforcing=1 pid=1 comm=\"x\" path=? dev=? ino=? rule=\" DEFAULT action=DENY\"",
		"ipe_op=EXECUTE ipe_hook=MMAP enforcing=1 pid=1 comm=\"x\" path=? dev=? ino=? rule=\"DEFAULT action=DENY \"",
		"ipe_op=EXECUTE ipe_hook=MMAP enforcing=1 pid=1 comm=\"x\" path=? dev=? ino=? rule=\"DEFAULT op=KMODULE action=DENY\"",
		"ipe_op=EXECUTE ipe_hook=MMAP enforcing=1 pid=1 comm=\"x\" path=? dev=? ino=? rule=\"op=KMODULE action=DENY\"",
		"ipe_op=EXECUTE ipe_hook=MMAP enforcing=1 pid=1 comm=\"x\" path=? dev=? ino=? rule=\"op=EXECUTE\"",
		"ipe_op=EXECUTE ipe_hook=MMAP enforcing=1 pid=1 comm=\"x\" path=? dev=? ino=? rule=\"op=EXECUTE boot_verified=MAYBE action=DENY\"",
		"ipe_op=EXECUTE ipe_hook=MMAP enforcing=1 pid=1 comm=\"x\" path=? dev=? ino=? rule=\"op=EXECUTE fsverity_digest=sha256:AB action=DENY\"",
		"ipe_op=EXECUTE ipe_hook=MMAP enforcing=1 pid=1 comm=\"x\" path=? dev=? ino=? rule=\"op=EXECUTE fsverity_digest=\"sha256\":ab action=DENY\"",
		"ipe_op=EXECUTE ipe_hook=MMAP enforcing=1 pid=1 comm=\"x\" path=? dev=? ino=? rule=\"op=EXECUTE fsverity_digest=\"sha256\":ABC action=DENY\"",
		"ipe_op=EXECUTE ipe_hook=MMAP enforcing=1 pid=1 comm=\"x\" path=? dev=? ino=? rule=\"op=EXECUTE fsverity_digest=\"sha256\"AB action=DENY\"",
		"ipe_op=EXECUTE ipe_hook=MMAP enforcing=1 pid=1 comm=\"x\" path=? dev=? ino=? rule=\"op=EXECUTE fsverity_digest=\"sha256:AB action=DENY\"",
		"ipe_op=EXECUTE ipe_hook=MMAP enforcing=1 pid=1 comm=\"x\" path=? dev=? ino=? rule=\"op=EXECUTE dmverity_roothash=73686132:AB action=DENY\"",
		"ipe_op=UNKNOWN ipe_hook=KERNEL_READ enforcing=1 pid=1 comm=\"x\" path=\"/a\" dev=\"v\" ino=1 rule=\"DEFAULT op=UNKNOWN action=DENY\"",
		"ipe_op=UNKNOWN ipe_hook=KERNEL_READ enforcing=1 pid=1 comm=\"x\" path=\"/a\" dev=\"v\" ino=1 rule=\"op=UNKNOWN action=DENY\"",
		/* iped's text for an unreadable property, almost; a lost table's */
		"ipe_op=EXECUTE ipe_hook=MMAP enforcing=1 pid=1 comm=\"x\" path=? dev=? ino=? rule=\"ipe-bpf: property unreadable, denie\"",
		"ipe_op=EXECUTE ipe_hook=MMAP enforcing=1 pid=1 comm=\"x\" path=? dev=? ino=? rule=\"ipe-bpf: property unreadable, denied action=DENY\"",
		"ipe_op=EXECUTE ipe_hook=MMAP enforcing=1 pid=1 comm=\"x\" path=? dev=? ino=? rule=\"?\"",
	};
	static const char *const wraps[] = {
		"type=1420 msg=audit(1.2:3): ",
		"iped[1]: audit type=1420 ",
	};
	char line[1024];
	struct access_record r;
	size_t i, j;

	for (i = 0; i < ARRAY_SIZE(texts); i++) {
		for (j = 0; j < ARRAY_SIZE(wraps); j++) {
			snprintf(line, sizeof(line), "%s%s", wraps[j], texts[i]);
			is_int(parse(line, &r), -EBADMSG, "damaged (%zu, %zu): '%s'", i, j, texts[i]);
		}
		ok(!r.comm && !r.path && !r.dev && !r.rule, "nothing to release (%zu)", i);
	}
}

/* Damaged wrappings of a record that say 1420. */
static void test_damaged_wrapping(void)
{
	static const char *const lines[] = {
		"type=USER_AVC msg=audit(1.2:3): pid=1 uid=0 auid=1 ses=1 msg='" BASE,
		"type=USER_AVC msg=audit(1.2:3): pid=1 uid=0 auid=1 ses=1 msg='" BASE "' x",
		"type=USER_AVC msg=audit(1.2:3): pid=1 uid=0 auid=1 ses=1 msg='" BASE "x",
		"type=USER_AVC msg=audit(1.2:3): pid=1 uid=0 auid=1 ses=1 msg='" BASE "'' ",
		"type=USER_AVC msg=audit(1.2:3): pid=1 uid=0 auid=1 ses=1 msg='" BASE
		" exe=\"/usr/sbin/iped\" hostname=? addr=? terminal=? res=success'",
		"{\"time\": 1.5, \"type\": 1420}",
		"{\"time\": 1.5, \"type\": 1420, \"text\": \"garbage\"}",
		"{\"time\": 1.5, \"type\": 1420, \"text\": \"" BASE "\"}",	/* quotes not escaped */
		"{\"type\": 1420, \"text\": \"\\u0100\"}",
		"{\"type\": 1420, \"text\": \"\\x\"}",
		"{\"type\": 1420, \"text\": \"a\tb\"}",
		"{\"type\": 1420, \"text\": \"\"} x",
		"{\"type\": 1420, \"type\": 1420, \"text\": \"\"}",
		"{\"type\": 1420, \"text\": \"a\", \"text\": \"b\"}",
		"{\"type\": 1420, \"text\": \"a\",}",
		"{\"type\": 1420, \"text\": 5}",
		"{\"type\": 1420, \"note\": null}",
		"{\"type\": 1420, \"text\": \"ipe_op=EXECUTE\\u0000 ipe_hook=MMAP\"}",
	};
	struct access_record r;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(lines); i++)
		is_int(parse(lines[i], &r), -EBADMSG, "damaged wrapping: '%s'", lines[i]);
}

/* NUL bytes are data like any other: never an end of the line. */
static void test_nul_bytes(void)
{
	static const char rec[] = "type=1420 msg=audit(1.2:3): " BASE;
	char line[sizeof(rec) + 8];
	struct access_record r;
	size_t n = sizeof(rec) - 1, i;
	int bad = 0;

	/* A NUL anywhere in the record's text damages it. */
	for (i = strlen("type=1420 msg=audit(1.2:3): "); i < n; i++) {
		memcpy(line, rec, n);
		line[i] = '\0';
		if (parse_n(line, n, &r) != -EBADMSG)
			bad++;
	}
	is_int(bad, 0, "a NUL in any byte of the record text: -EBADMSG");
	/* ... or added between any two of its bytes ("MMAP\0" is no hook name). */
	for (bad = 0, i = strlen("type=1420 msg=audit(1.2:3): "); i <= n; i++) {
		memcpy(line, rec, i);
		line[i] = '\0';
		memcpy(line + i + 1, rec + i, n - i);
		if (parse_n(line, n + 1, &r) != -EBADMSG)
			bad++;
	}
	is_int(bad, 0, "a NUL added anywhere in the record text: -EBADMSG");
	line[0] = '\0';
	is_int(parse_n(line, n, &r), -ENOENT, "a NUL in the wrapping: no record");
	is_int(parse_n("\0", 1, &r), -ENOENT, "a lone NUL: no record");
}

/* Every prefix of a valid line is refused, never read past, never a record. */
static void test_truncated(void)
{
	static const char *const lines[] = {
		"type=1420 msg=audit(1653364370.067:61): " BASE,
		"May 19 12:00:01 host audit[2241]: IPE_ACCESS " ANON,
		"iped[1]: audit type=1420 " BASE,
		"type=USER_AVC msg=audit(1.2:3): pid=123 uid=0 auid=1 ses=2 msg='" BASE "'",
		"{\"time\": 1795501975.862, \"type\": 1420, \"text\": \"ipe_op=EXECUTE ipe_hook=MMAP "
		"enforcing=1 pid=2241 comm=\\\"ld-linux.so\\\" path=\\\"/a\\\" dev=\\\"sda2\\\" "
		"ino=1 rule=\\\"op=EXECUTE fsverity_digest=\\\"sha256\\\":AB action=ALLOW\\\"\"}",
	};
	struct access_record r;
	size_t i, n;

	for (i = 0; i < ARRAY_SIZE(lines); i++) {
		size_t len = strlen(lines[i]), wrong = 0;

		is_int(parse(lines[i], &r), 0, "line %zu whole parses", i);
		access_record_free(&r);
		for (n = 0; n < len; n++) {
			int err = parse_n(lines[i], n, &r);

			if (err != -ENOENT && err != -EBADMSG) {
				wrong++;
				printf("# line %zu cut at %zu: %d\n", i, n, err);
			}
		}
		is_int(wrong, 0, "line %zu cut at each of its %zu bytes: ENOENT or EBADMSG", i, len);
	}
}

int main(void)
{
	test_wrappings();
	test_fields();
	test_unreadable();
	test_rerender();
	test_not_a_record();
	test_damaged();
	test_damaged_wrapping();
	test_nul_bytes();
	test_truncated();
	return tap_done();
}
