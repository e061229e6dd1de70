// SPDX-License-Identifier: GPL-2.0-only
#include "explain_out.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "tree.h"

/* Log bytes for a terminal: printable ASCII but '\' as is, the rest \xNN. */
static void put_bytes(FILE *f, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c < 0x20 || c > 0x7e || c == '\\')
			fprintf(f, "\\x%02x", c);
		else
			fputc(c, f);
	}
}

static void put_str(FILE *f, const char *s)
{
	put_bytes(f, s, strlen(s));
}

/* "ALG:hex", as policy text writes a digest. */
static void put_digest(FILE *f, const struct ipe_digest *d)
{
	uint32_t i;

	put_str(f, d->alg);
	fputc(':', f);
	for (i = 0; i < d->len; i++)
		fprintf(f, "%02x", d->bytes[i]);
}

/* What fileprops_read() could not read, by name (JSON) or in words (text). */
static void put_unread(FILE *f, unsigned unread, bool json)
{
	static const struct {
		unsigned bit;
		const char *name, *words;
	} parts[] = {
		{ FILEPROPS_UNREAD_BOOT, "boot_verified", "the mount" },
		{ FILEPROPS_UNREAD_DMV, "dmverity", "the dm-verity table" },
		{ FILEPROPS_UNREAD_FSV, "fsverity", "the fs-verity digest" },
		{ FILEPROPS_UNREAD_FSV_SIG, "fsverity_signature", "the fs-verity signature" },
	};
	const char *sep = "";
	size_t i;

	for (i = 0; i < sizeof(parts) / sizeof(parts[0]); i++) {
		if (!(unread & parts[i].bit))
			continue;
		fprintf(f, json ? "%s\"%s\"" : "%s%s", sep, json ? parts[i].name : parts[i].words);
		sep = ", ";
	}
}

static const char *errno_symbol(int err, char *buf, size_t len)
{
	return tree_errno_symbol(-err, buf, len);
}

static const char *match_words(uint8_t match)
{
	switch (match) {
	case IPE_MATCH_RULE:
		return "a rule";
	case IPE_MATCH_OP_DEFAULT:
		return "the op's DEFAULT";
	default:
		return "the global DEFAULT";
	}
}

static const char *advice_name(enum advice a)
{
	static const char *const names[] = {
		[ADVICE_NONE] = "none",
		[ADVICE_ALLOWED_NOW] = "allowed_now",
		[ADVICE_RULE] = "add_rule",
		[ADVICE_NO_INTEGRITY] = "no_integrity",
		[ADVICE_NO_FILE] = "no_file",
		[ADVICE_UNKNOWN_OP] = "unknown_op",
		[ADVICE_FILE_GONE] = "file_gone",
		[ADVICE_UNREADABLE] = "engine_could_not_read",
	};

	return names[a];
}

/* The advice in words, the same sentence in both outputs. */
static void put_advice(FILE *f, const struct explain_item *it)
{
	const struct explanation *x = &it->x;
	const struct access_record *r = &it->rec;

	switch (x->advice) {
	case ADVICE_NONE:
		fputs("nothing needs to change: the policy allowed it", f);
		break;
	case ADVICE_ALLOWED_NOW:
		fputs("nothing needs to change: the policy allows it today", f);
		break;
	case ADVICE_RULE:
		if (x->before_line)
			fprintf(f, "add this rule before line %u, the DENY rule that matches the file",
				x->before_line);
		else
			fprintf(f, "add this rule among the %s rules (none of them matches the file;"
				" a DEFAULT decides)", ipe_op_name(r->op));
		break;
	case ADVICE_NO_INTEGRITY:
		fputs("no narrow rule can allow this file: it has no integrity property", f);
		if (x->fp.unread)
			fputs(" (of those that could be read)", f);
		fputs(", and a rule without one (boot_verified=FALSE, dmverity_signature=FALSE,"
		      " fsverity_signature=FALSE) allows every unverified file. Give it one: enable"
		      " fs-verity on it (fsverity enable FILE, on a filesystem with the verity"
		      " feature) or ship it on a dm-verity volume, then allow its digest or root"
		      " hash", f);
		break;
	case ADVICE_NO_FILE:
		fputs("there is no file to name: only rules with the =FALSE forms"
		      " (boot_verified=FALSE, dmverity_signature=FALSE, fsverity_signature=FALSE)"
		      " match an event without a file, and they also allow every unverified file", f);
		if (r->hook == IPE_HOOK_KERNEL_LOAD)
			fputs("; loading from a file instead (finit_module, kexec_file_load, firmware"
			      " from a file) lets a rule name that file", f);
		else
			fputs("; the process made anonymous memory executable (as a JIT does)", f);
		break;
	case ADVICE_UNKNOWN_OP:
		fputs("no rule can name this operation: the kernel audits a read or load it has"
		      " no op for as UNKNOWN, and only the global DEFAULT decides it (DEFAULT"
		      " action=ALLOW would allow it, and every op without a DEFAULT of its own)", f);
		break;
	case ADVICE_FILE_GONE:
		fputs("cannot say: the file is not there to read its properties", f);
		break;
	case ADVICE_UNREADABLE:
		fputs("no statement decided: ipe-bpf could not read a property the op's rules"
		      " need and denied, failing closed (docs/engine.md: an unknown kernel layout,"
		      " such as an overlay module loaded after iped, or an fs-verity signature"
		      " checked before iped loaded its programs). 'today' is the decision on what"
		      " user space reads; once the engine can read the property (restart iped after"
		      " loading the module, or reopen the file after a remount), it decides the same", f);
		break;
	}
}

static const char *decision_words(const struct access_record *r)
{
	if (r->action == IPE_ACTION_ALLOW)
		return r->enforcing ? "ALLOW, enforcing: allowed" : "ALLOW, permissive: allowed";
	return r->enforcing ? "DENY, enforcing: refused"
			    : "DENY, permissive: allowed all the same (refused once enforcing)";
}

static bool same_decision(const struct explain_item *it)
{
	return it->x.evaluated && it->x.today.action == it->rec.action &&
	       !strcmp(it->x.today_rule, it->rec.rule);
}

/* ---- text --------------------------------------------------------------- */

static void text_properties(FILE *f, const struct fileprops *fp)
{
	const struct ipe_file_props *p = &fp->props;
	bool any = false;

	fputs("props:    ", f);
	if (p->boot_verified) {
		fputs("boot_verified=TRUE", f);
		any = true;
	}
	if (p->dmv_has_roothash) {
		fprintf(f, "%sdmverity_roothash=", any ? " " : "");
		put_digest(f, &p->dmv_roothash);
		fputs(p->dmv_signed ? " dmverity_signature=TRUE" : "", f);
		any = true;
	}
	if (p->fsv_enabled) {
		fprintf(f, "%sfsverity_digest=", any ? " " : "");
		put_digest(f, &p->fsv_digest);
		fputs(p->fsv_signed ? " fsverity_signature=TRUE" : "", f);
		any = true;
	}
	fputs(any ? "\n" : "none (not on the initramfs, not on dm-verity, no fs-verity)\n", f);
	if (fp->unread) {
		fputs("unread:   ", f);
		put_unread(f, fp->unread, false);
		fputs(" (run as root, or the kernel lacks the interface)\n", f);
	}
}

static void text_file_now(FILE *f, const struct explain_item *it)
{
	const struct explanation *x = &it->x;
	char sym[32];

	fputs("now:      ", f);
	if (!x->now_path) {
		fputs("the audited path is not a file's path: nothing to read\n", f);
		return;
	}
	put_str(f, x->now_path);
	if (x->deleted)
		fputs(" (deleted when audited)", f);
	if (x->file_err) {
		fprintf(f, ": cannot be read now: %s (%s)\n",
			errno_symbol(x->file_err, sym, sizeof(sym)), strerror(-x->file_err));
		return;
	}
	fputs(": dev ", f);
	put_str(f, x->fp.dev_name);
	fprintf(f, ", inode %llu", (unsigned long long)x->fp.ino);
	if (x->dev_changed || x->ino_changed) {
		fputs(": NOT the audited file, it was replaced since (audited:", f);
		if (x->dev_changed) {
			fputs(" dev ", f);
			put_str(f, it->rec.dev);
		}
		if (x->ino_changed)
			fprintf(f, " inode %llu", (unsigned long long)it->rec.ino);
		fputc(')', f);
	} else
		fputs(", the audited file", f);
	fputc('\n', f);
	text_properties(f, &x->fp);
}

void explain_out_text(FILE *f, const char *log, const struct explain_item *it,
		      const struct active_policy *ap)
{
	const struct access_record *r = &it->rec;
	const struct explanation *x = &it->x;

	if (log) {
		fprintf(f, "record:   line %zu of ", it->line);
		put_str(f, log);
		fputc('\n', f);
	} else {
		fputs("record:   the argument\n", f);
	}
	if (it->err) {
		fputs("damaged:  not a 1420 record as the kernel writes one\n\n", f);
		return;
	}
	fprintf(f, "event:    %s at hook %s by pid %u \"", ipe_op_name(r->op), ipe_hook_name(r->hook),
		r->pid);
	put_str(f, r->comm);
	fputs("\"\nfile:     ", f);
	if (r->has_file) {
		put_bytes(f, r->path, r->path_len);
		fputs(" (dev ", f);
		put_str(f, r->dev);
		fprintf(f, ", inode %llu)\n", (unsigned long long)r->ino);
	} else {
		fputs(r->hook == IPE_HOOK_KERNEL_LOAD ? "none: data loaded without a file\n"
						      : "none: anonymous memory\n", f);
	}
	fprintf(f, "decision: %s\nrule:     %s\npolicy:   \"", decision_words(r), r->rule);
	put_str(f, ap->pol->name);
	fprintf(f, "\" %u.%u.%u (", ap->pol->version[0], ap->pol->version[1],
		ap->pol->version[2]);
	put_str(f, ap->where);
	if (r->unreadable)
		fputs("): no statement decided, the engine could not read a property\n", f);
	else if (!x->in_policy)
		fputs(") holds no such statement: the record was made under another policy"
		      " (another name or version)\n", f);
	else if (x->line)
		fprintf(f, "): line %u, %s\n", x->line, match_words(x->match));
	else
		fputs("): no global DEFAULT, so the kernel allows\n", f);
	if (r->has_file)
		text_file_now(f, it);
	if (x->evaluated) {
		fprintf(f, "today:    %s by %s ", ipe_action_name(x->today.action),
			match_words(x->today.match));
		if (x->today_line)
			fprintf(f, "(line %u)", x->today_line);
		else
			fputs("(none written: the kernel allows)", f);
		fprintf(f, ": %s (%s)%s\n", x->today_rule,
			same_decision(it) ? "the same decision"
			: x->today.action == r->action ? "the same action, by another statement"
						       : "a different decision",
			x->uncertain ? "; uncertain: it depends on a property that could not be read"
				     : "");
	} else {
		fputs("today:    not evaluated: the file cannot be read\n", f);
	}
	fputs("advice:   ", f);
	put_advice(f, it);
	fputc('\n', f);
	if (x->advice == ADVICE_RULE)
		fprintf(f, "          %s\n", x->rule);
	fputc('\n', f);
}

/* ---- JSON --------------------------------------------------------------- */

static void json_digest(FILE *f, bool present, const struct ipe_digest *d)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *m;

	if (!present) {
		fputs("null", f);
		return;
	}
	m = open_memstream(&buf, &len);
	if (!m) {
		fputs("null", f);
		return;
	}
	put_digest(m, d);
	fclose(m);
	json_str(f, buf, len);
	free(buf);
}

static void json_bool(FILE *f, const char *key, bool v)
{
	fprintf(f, ", \"%s\": %s", key, v ? "true" : "false");
}

static void json_line_or_null(FILE *f, const char *key, uint32_t line)
{
	if (line)
		fprintf(f, ", \"%s\": %u", key, line);
	else
		fprintf(f, ", \"%s\": null", key);
}

static void json_file_now(FILE *f, const struct explanation *x)
{
	const struct ipe_file_props *p = &x->fp.props;
	char sym[32];

	fputs(", \"now\": {\"path\": ", f);
	if (x->now_path)
		json_cstr(f, x->now_path);
	else
		fputs("null", f);
	json_bool(f, "deleted", x->deleted);
	json_bool(f, "exists", x->now_path && !x->file_err);
	fputs(", \"error\": ", f);
	if (x->now_path && x->file_err) {
		fputc('"', f);
		fputs(errno_symbol(x->file_err, sym, sizeof(sym)), f);
		fputc('"', f);
	} else {
		fputs("null", f);
	}
	if (!x->now_path || x->file_err) {
		fputc('}', f);
		return;
	}
	fputs(", \"dev\": ", f);
	json_cstr(f, x->fp.dev_name);
	fprintf(f, ", \"ino\": %llu", (unsigned long long)x->fp.ino);
	json_bool(f, "replaced", x->dev_changed || x->ino_changed);
	json_bool(f, "dev_changed", x->dev_changed);
	json_bool(f, "ino_changed", x->ino_changed);
	fprintf(f, ", \"properties\": {\"boot_verified\": %s, \"dmverity_roothash\": ",
		p->boot_verified ? "true" : "false");
	json_digest(f, p->dmv_has_roothash, &p->dmv_roothash);
	json_bool(f, "dmverity_signature", p->dmv_signed);
	fputs(", \"fsverity_digest\": ", f);
	json_digest(f, p->fsv_enabled, &p->fsv_digest);
	json_bool(f, "fsverity_signature", p->fsv_signed);
	fputs("}, \"unread\": [", f);
	put_unread(f, x->fp.unread, true);
	fputs("]}", f);
}

static void json_today(FILE *f, const struct explain_item *it)
{
	const struct explanation *x = &it->x;

	fputs(", \"today\": ", f);
	if (!x->evaluated) {
		fputs("null", f);
		return;
	}
	fprintf(f, "{\"action\": \"%s\", \"match\": \"%s\", \"rule\": ",
		ipe_action_name(x->today.action), ipe_match_name(x->today.match));
	json_cstr(f, x->today_rule);
	json_line_or_null(f, "line", x->today_line);
	json_bool(f, "same", same_decision(it));
	json_bool(f, "uncertain", x->uncertain);
	fputc('}', f);
}

static void json_advice(FILE *f, const struct explain_item *it)
{
	const struct explanation *x = &it->x;
	char *buf = NULL;
	size_t len = 0;
	FILE *m;

	fprintf(f, ", \"advice\": {\"kind\": \"%s\", \"rule\": ", advice_name(x->advice));
	if (x->advice == ADVICE_RULE)
		json_cstr(f, x->rule);
	else
		fputs("null", f);
	json_line_or_null(f, "before_line", x->advice == ADVICE_RULE ? x->before_line : 0);
	fputs(", \"text\": ", f);
	m = open_memstream(&buf, &len);
	if (m) {
		put_advice(m, it);
		fclose(m);
		json_str(f, buf, len);
		free(buf);
	} else {
		fputs("null", f);
	}
	fputc('}', f);
}

void explain_out_json(FILE *f, const char *log, const struct explain_item *it,
		      const struct active_policy *ap)
{
	const struct access_record *r = &it->rec;
	const struct explanation *x = &it->x;

	fputs("{\"log\": ", f);
	if (log)
		json_cstr(f, log);
	else
		fputs("null", f);
	if (it->line)
		fprintf(f, ", \"line\": %zu", it->line);
	else
		fputs(", \"line\": null", f);
	if (it->err) {
		fputs(", \"error\": \"damaged\"}", f);
		return;
	}
	fprintf(f, ", \"error\": null, \"op\": \"%s\", \"hook\": \"%s\"", ipe_op_name(r->op),
		ipe_hook_name(r->hook));
	json_bool(f, "enforcing", r->enforcing);
	fprintf(f, ", \"pid\": %u, \"comm\": ", r->pid);
	json_cstr(f, r->comm);
	fputs(", \"path\": ", f);
	if (r->has_file) {
		json_str(f, r->path, r->path_len);
		fputs(", \"dev\": ", f);
		json_cstr(f, r->dev);
		fprintf(f, ", \"ino\": %llu", (unsigned long long)r->ino);
	} else {
		fputs("null, \"dev\": null, \"ino\": null", f);
	}
	fputs(", \"rule\": ", f);
	json_cstr(f, r->rule);
	fprintf(f, ", \"action\": \"%s\"", ipe_action_name(r->action));
	json_bool(f, "refused", r->action == IPE_ACTION_DENY && r->enforcing);
	fputs(", \"policy\": {\"name\": ", f);
	json_cstr(f, ap->pol->name);
	fprintf(f, ", \"version\": \"%u.%u.%u\", \"where\": ", ap->pol->version[0],
		ap->pol->version[1], ap->pol->version[2]);
	json_cstr(f, ap->where);
	fputc('}', f);
	json_bool(f, "in_policy", x->in_policy);
	if (x->in_policy)
		fprintf(f, ", \"match\": \"%s\"", ipe_match_name(x->match));
	else
		fputs(", \"match\": null", f);
	json_line_or_null(f, "rule_line", x->line);
	if (r->has_file)
		json_file_now(f, x);
	else
		fputs(", \"now\": null", f);
	json_today(f, it);
	json_advice(f, it);
	fputc('}', f);
}
