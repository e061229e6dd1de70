// SPDX-License-Identifier: GPL-2.0-only
/*
 * explanation_make() (cli/explanation.c) with the file's properties given
 * by a stand-in reader, so every advice is reached whatever the host has:
 * the statement found by its audit text (rules, the op's DEFAULT, the
 * global one, an unknown op with and without it, a text the policy does
 * not hold), the file now (deleted, replaced, gone, not a path), today's
 * decision, and the rule to add with its place.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libipe.h>

#include "access_record.h"
#include "explanation.h"
#include "fileprops.h"
#include "ipe-bpf.h"
#include "tap.h"

#define AB32 "abababababababababababababababababababababababababababababababab"
#define AB32_UP "ABABABABABABABABABABABABABABABABABABABABABABABABABABABABABABABAB"

static const char policy_text[] =
	"policy_name=t policy_version=1.0.0\n"
	"DEFAULT action=DENY\n"					/* 2 */
	"# the op's own default\n"
	"DEFAULT op=EXECUTE action=DENY\n"			/* 4 */
	"op=EXECUTE boot_verified=TRUE action=ALLOW\n"		/* 5 */
	"op=EXECUTE fsverity_digest=sha256:" AB32 " action=DENY\n"	/* 6 */
	"op=EXECUTE fsverity_digest=sha256:" AB32 " action=DENY\n"	/* 7: never reached */
	"op=KMODULE dmverity_signature=FALSE action=DENY\n";	/* 8 */

/* What the stand-in reader answers, and what it was asked. */
static struct {
	int err;
	unsigned kind;		/* 0 none, 1 fs-verity, 2 dm-verity, 3 boot */
	uint8_t digest;		/* every byte of the digest */
	ino_t ino;
	const char *dev;
	char asked[256];
} fake;

static int fake_read(const char *path, struct fileprops *fp)
{
	snprintf(fake.asked, sizeof(fake.asked), "%s", path);
	memset(fp, 0, sizeof(*fp));
	if (fake.err)
		return fake.err;
	fp->ino = fake.ino;
	snprintf(fp->dev_name, sizeof(fp->dev_name), "%s", fake.dev);
	if (fake.kind == 1) {
		strcpy(fp->fsv_alg, "sha256");
		memset(fp->fsv_digest, fake.digest, 32);
		fp->props.fsv_enabled = true;
		fp->props.fsv_digest = (struct ipe_digest){ fp->fsv_alg, fp->fsv_digest, 32 };
	} else if (fake.kind == 2) {
		strcpy(fp->dmv_alg, "sha256");
		memset(fp->dmv_digest, fake.digest, 32);
		fp->props.dmv_has_roothash = true;
		fp->props.dmv_roothash = (struct ipe_digest){ fp->dmv_alg, fp->dmv_digest, 32 };
	} else if (fake.kind == 3) {
		fp->props.boot_verified = true;
	}
	return 0;
}

static void set_fake(int err, unsigned kind, uint8_t digest, ino_t ino, const char *dev)
{
	fake.err = err;
	fake.kind = kind;
	fake.digest = digest;
	fake.ino = ino;
	fake.dev = dev;
	fake.asked[0] = '\0';
}

/* Parse TEXT (a record without wrapping) and explain it against P. */
static int explain(const struct ipe_policy *p, const char *text, struct access_record *r,
		   struct explanation *x)
{
	char line[1024];
	int err;

	snprintf(line, sizeof(line), "iped: audit type=1420 %s", text);
	err = access_record_parse(line, strlen(line), r);
	if (!ok(err == 0, "record parses: %s", text))
		return -1;
	err = explanation_make(p, r, fake_read, x);
	if (!ok(err == 0, "explained"))
		access_record_free(r);
	return err;
}

static void done(struct access_record *r, struct explanation *x)
{
	explanation_free(x);
	access_record_free(r);
}

#define EXEC_FILE(path, rule) \
	"ipe_op=EXECUTE ipe_hook=BPRM_CHECK enforcing=1 pid=1 comm=\"sh\" path=\"" path \
	"\" dev=\"vda\" ino=7 rule=\"" rule "\""

static void test_default_matched(const struct ipe_policy *p)
{
	struct access_record r;
	struct explanation x;

	set_fake(0, 1, 0x11, 7, "vda");
	if (explain(p, EXEC_FILE("/bin/a", "DEFAULT op=EXECUTE action=DENY"), &r, &x))
		return;
	ok(x.in_policy && x.match == IPE_MATCH_OP_DEFAULT && x.line == 4,
	   "the op's DEFAULT, on line 4 (after a comment)");
	is_str(fake.asked, "/bin/a", "the audited path is read");
	ok(!x.deleted && !x.file_err && !x.dev_changed && !x.ino_changed, "the same file, now");
	ok(x.evaluated && x.today.action == IPE_ACTION_DENY &&
	   x.today.match == IPE_MATCH_OP_DEFAULT && x.today_line == 4, "today: the same DEFAULT");
	is_str(x.today_rule, "DEFAULT op=EXECUTE action=DENY", "today's audit text");
	is_int(x.advice, ADVICE_RULE, "advice: a rule");
	is_str(x.rule, "op=EXECUTE fsverity_digest=sha256:"
	       "1111111111111111111111111111111111111111111111111111111111111111 action=ALLOW",
	       "the rule names the file's fs-verity digest");
	is_int(x.before_line, 0, "anywhere among the EXECUTE rules");
	done(&r, &x);
}

/* iped denied because it could not read a property: no statement decided. */
static void test_unreadable(const struct ipe_policy *p)
{
	struct access_record r;
	struct explanation x;

	set_fake(0, 3, 0, 7, "vda");
	if (explain(p, EXEC_FILE("/bin/a", IPE_BPF_UNREADABLE_RULE), &r, &x))
		return;
	ok(!x.in_policy, "no statement of the policy made it");
	ok(x.evaluated && x.today.action == IPE_ACTION_ALLOW && x.today_line == 5,
	   "today, on what user space reads: the boot_verified rule allows it");
	is_int(x.advice, ADVICE_UNREADABLE, "advice: the engine could not read a property");
	done(&r, &x);
}

static void test_rule_matched(const struct ipe_policy *p)
{
	struct access_record r;
	struct explanation x;

	set_fake(0, 1, 0xab, 7, "vda");
	if (explain(p, EXEC_FILE("/bin/bad", "op=EXECUTE fsverity_digest=\"sha256\":" AB32_UP
				 " action=DENY"), &r, &x))
		return;
	ok(x.in_policy && x.match == IPE_MATCH_RULE && x.line == 6,
	   "the first of two identical rules: line 6");
	ok(x.evaluated && x.today.match == IPE_MATCH_RULE && x.today_line == 6,
	   "today: the same rule");
	is_int(x.advice, ADVICE_RULE, "advice: a rule");
	is_str(x.rule, "op=EXECUTE fsverity_digest=sha256:" AB32 " action=ALLOW",
	       "naming the digest the DENY rule names");
	is_int(x.before_line, 6, "before the DENY rule that matches");
	done(&r, &x);
}

static void test_properties(const struct ipe_policy *p)
{
	struct access_record r;
	struct explanation x;

	set_fake(0, 2, 0x22, 7, "dm-0");
	if (!explain(p, EXEC_FILE("/usr/bin/b", "DEFAULT op=EXECUTE action=DENY"), &r, &x)) {
		is_str(x.rule, "op=EXECUTE dmverity_roothash=sha256:"
		       "2222222222222222222222222222222222222222222222222222222222222222 action=ALLOW",
		       "a dm-verity file: its root hash");
		ok(x.dev_changed && !x.ino_changed, "dm-0 is not the audited vda: replaced");
		done(&r, &x);
	}
	set_fake(0, 3, 0, 7, "vda");
	if (!explain(p, EXEC_FILE("/init", "DEFAULT op=EXECUTE action=DENY"), &r, &x)) {
		ok(x.evaluated && x.today.action == IPE_ACTION_ALLOW && x.today_line == 5,
		   "a boot-verified file: allowed today by line 5");
		is_int(x.advice, ADVICE_ALLOWED_NOW, "advice: nothing to change");
		done(&r, &x);
	}
	set_fake(0, 0, 0, 8, "vda");
	if (!explain(p, EXEC_FILE("/tmp/c", "DEFAULT op=EXECUTE action=DENY"), &r, &x)) {
		ok(x.ino_changed && !x.dev_changed, "another inode: replaced");
		is_int(x.advice, ADVICE_NO_INTEGRITY, "no property: no narrow rule");
		ok(!x.rule[0], "and no rule");
		done(&r, &x);
	}
}

static void test_file_now(const struct ipe_policy *p)
{
	struct access_record r;
	struct explanation x;

	set_fake(-ENOENT, 0, 0, 7, "vda");
	/* "/tmp/gone (deleted)", in hex for its spaces */
	if (!explain(p, "ipe_op=EXECUTE ipe_hook=BPRM_CHECK enforcing=1 pid=1 comm=\"sh\" "
		     "path=2F746D702F676F6E65202864656C6574656429 dev=\"vda\" ino=7 rule=\"DEFAULT op=EXECUTE action=DENY\"", &r, &x)) {
		ok(x.deleted, "a deleted file");
		is_str(fake.asked, "/tmp/gone", "read without the suffix");
		is_str(x.now_path, "/tmp/gone", "the path read");
		is_int(x.file_err, -ENOENT, "not there");
		ok(!x.evaluated && !x.today_rule, "no decision today");
		is_int(x.advice, ADVICE_FILE_GONE, "advice: nothing to read");
		ok(x.in_policy && x.line == 4, "the statement is found all the same");
		done(&r, &x);
	}
	set_fake(0, 1, 0x11, 7, "vda");
	if (!explain(p, EXEC_FILE("<too_long>", "DEFAULT op=EXECUTE action=DENY"), &r, &x)) {
		ok(!x.now_path && !fake.asked[0], "not a path: never read");
		is_int(x.advice, ADVICE_FILE_GONE, "advice: nothing to read");
		done(&r, &x);
	}
}

static void test_no_file(const struct ipe_policy *p)
{
	struct access_record r;
	struct explanation x;

	set_fake(0, 1, 0x11, 7, "vda");
	if (!explain(p, "ipe_op=EXECUTE ipe_hook=MMAP enforcing=1 pid=2 comm=\"jit\" path=? dev=? "
		     "ino=? rule=\"DEFAULT op=EXECUTE action=DENY\"", &r, &x)) {
		ok(!fake.asked[0] && !x.now_path, "no file, nothing read");
		ok(x.evaluated && x.today.action == IPE_ACTION_DENY, "today: denied");
		is_int(x.advice, ADVICE_NO_FILE, "advice: only =FALSE forms");
		done(&r, &x);
	}
	if (!explain(p, "ipe_op=KMODULE ipe_hook=KERNEL_LOAD enforcing=1 pid=2 comm=\"insmod\" "
		     "path=? dev=? ino=? rule=\"op=KMODULE dmverity_signature=FALSE action=DENY\"",
		     &r, &x)) {
		ok(x.in_policy && x.match == IPE_MATCH_RULE && x.line == 8, "the KMODULE rule");
		ok(x.evaluated && x.today_line == 8, "today: the same rule");
		is_int(x.advice, ADVICE_NO_FILE, "advice: only =FALSE forms");
		done(&r, &x);
	}
}

static void test_statements(const struct ipe_policy *p, const struct ipe_policy *bare)
{
	struct access_record r;
	struct explanation x;

	set_fake(0, 1, 0x11, 7, "vda");
	if (!explain(p, EXEC_FILE("/bin/a", "op=EXECUTE boot_verified=TRUE action=ALLOW"), &r,
		     &x)) {
		ok(x.in_policy && x.line == 5, "an ALLOW rule, line 5");
		is_int(x.advice, ADVICE_NONE, "advice: none");
		done(&r, &x);
	}
	if (!explain(p, EXEC_FILE("/bin/a", "op=EXECUTE dmverity_signature=TRUE action=DENY"), &r,
		     &x)) {
		ok(!x.in_policy && !x.line, "a rule this policy lacks: another policy");
		ok(x.evaluated, "today's decision is still made");
		done(&r, &x);
	}
	if (!explain(p, EXEC_FILE("/bin/a", "DEFAULT action=DENY"), &r, &x)) {
		ok(!x.in_policy, "the global DEFAULT for an op with its own: another policy");
		done(&r, &x);
	}
	if (!explain(p, "ipe_op=UNKNOWN ipe_hook=KERNEL_READ enforcing=1 pid=3 comm=\"x\" "
		     "path=\"/lib/f\" dev=\"vda\" ino=7 rule=\"DEFAULT action=DENY\"", &r, &x)) {
		ok(x.in_policy && x.match == IPE_MATCH_GLOBAL && x.line == 2,
		   "an unknown op: the global DEFAULT, line 2");
		ok(x.evaluated && x.today.match == IPE_MATCH_GLOBAL, "decided without the file");
		is_int(x.advice, ADVICE_UNKNOWN_OP, "advice: no rule can name it");
		done(&r, &x);
	}
	if (!explain(bare, "ipe_op=UNKNOWN ipe_hook=KERNEL_LOAD enforcing=1 pid=3 comm=\"x\" "
		     "path=? dev=? ino=? rule=\"DEFAULT action=ALLOW\"", &r, &x)) {
		ok(x.in_policy && x.match == IPE_MATCH_GLOBAL && x.line == 0,
		   "an unknown op, no global DEFAULT: the kernel allows, no line");
		is_int(x.advice, ADVICE_NONE, "advice: none");
		done(&r, &x);
	}
	if (!explain(bare, "ipe_op=UNKNOWN ipe_hook=KERNEL_LOAD enforcing=1 pid=3 comm=\"x\" "
		     "path=? dev=? ino=? rule=\"DEFAULT action=DENY\"", &r, &x)) {
		ok(!x.in_policy, "... so a DENY was another policy's");
		is_int(x.advice, ADVICE_ALLOWED_NOW, "and it is allowed today");
		done(&r, &x);
	}
}

int main(void)
{
	static const char bare_text[] =
		"policy_name=bare policy_version=0.0.1\n"
		"DEFAULT op=EXECUTE action=DENY\nDEFAULT op=FIRMWARE action=DENY\n"
		"DEFAULT op=KMODULE action=DENY\nDEFAULT op=KEXEC_IMAGE action=DENY\n"
		"DEFAULT op=KEXEC_INITRAMFS action=DENY\nDEFAULT op=POLICY action=DENY\n"
		"DEFAULT op=X509_CERT action=DENY\n";
	struct ipe_policy *p, *bare;

	if (ipe_policy_parse(policy_text, strlen(policy_text), &p, NULL) ||
	    ipe_policy_parse(bare_text, strlen(bare_text), &bare, NULL)) {
		ok(0, "the test policies parse");
		return tap_done();
	}
	test_default_matched(p);
	test_rule_matched(p);
	test_unreadable(p);
	test_properties(p);
	test_file_now(p);
	test_no_file(p);
	test_statements(p, bare);
	ipe_policy_free(p);
	ipe_policy_free(bare);
	return tap_done();
}
