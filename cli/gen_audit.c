// SPDX-License-Identifier: GPL-2.0-only
/* ipectl gen --from-audit: rules for what a run's 1420 records show denied. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gen_audit.h"
#include "gen_sources.h"
#include "input.h"
#include "ipectl.h"

#define PROP_MAX 512	/* "dmverity_roothash=" + a 63-byte name + 64 bytes of hex */

static void warn(const char *log, const struct audit_event *ev, const char *what)
{
	if (ev->rec.has_file)
		fprintf(stderr, GEN_CMD ": warning: %s:%u: %s: %s\n", log, ev->line, ev->rec.path, what);
	else
		fprintf(stderr, GEN_CMD ": warning: %s:%u: %s\n", log, ev->line, what);
}

/* The group's first comment: what was denied, where, to whom. */
static void describe(struct gen_policy *g, const char *log, const struct audit_event *ev)
{
	const struct access_record *r = &ev->rec;
	char times[32] = "";

	if (ev->count > 1)
		snprintf(times, sizeof(times), ", %u records", ev->count);
	gen_policy_group(g, "%s: %s denied at %s to comm \"%s\" (%s line %u%s)",
			 r->has_file ? r->path : "no file", ipe_op_name(r->op), ipe_hook_name(r->hook),
			 r->comm, log, ev->line, times);
}

static const char *unread_text(unsigned unread)
{
	if (unread & FILEPROPS_UNREAD_DMV)
		return "its dm-verity table could not be read";
	if (unread & FILEPROPS_UNREAD_FSV)
		return "its fs-verity state could not be read";
	if (unread & FILEPROPS_UNREAD_BOOT)
		return "its mount could not be found";
	return NULL;
}

static int file_rule(struct gen_policy *g, const char *log, const struct audit_event *ev,
		     const struct fileprops *fp)
{
	const struct access_record *r = &ev->rec;
	char prop[PROP_MAX];
	const char *unread;
	int n;

	if (strcmp(fp->dev_name, r->dev) || (uint64_t)fp->ino != r->ino) {
		gen_policy_comment(g, "the file there now is not the one denied (dev \"%s\" ino %llu then, dev \"%s\" ino %llu now): the rule is for the file there now",
				   r->dev, (unsigned long long)r->ino, fp->dev_name,
				   (unsigned long long)fp->ino);
		warn(log, ev, "replaced since the record: the rule is for the file there now");
	}
	n = fileprops_rule_property(fp, prop, sizeof(prop));
	if (n < 0) {
		fprintf(stderr, GEN_CMD ": internal error: %s: property longer than %d bytes\n",
			r->path, PROP_MAX);
		return EXIT_USAGE;
	}
	if (n > 0) {
		gen_policy_rule(g, r->op, prop, "%s (%s line %u)", r->path, log, ev->line);
		return EXIT_OK;
	}
	unread = unread_text(fp->unread);
	gen_policy_comment(g, "no rule: the file has no integrity property%s%s; it can only be allowed by giving it one (fs-verity, or a dm-verity volume)",
			   unread ? " that could be read: " : "", unread ? unread : "");
	warn(log, ev, "no integrity property: it can only be allowed by giving it one (fs-verity, or a dm-verity volume)");
	return EXIT_OK;
}

int gen_audit_event(struct gen_policy *g, const char *log, const struct audit_event *ev,
		    const struct fileprops *fp, int read_err)
{
	const struct access_record *r = &ev->rec;
	char why[160];

	describe(g, log, ev);
	if (r->op == IPE_OP_INVALID) {
		gen_policy_comment(g, "no rule: the op is one the kernel could not name (UNKNOWN); only the global default decides it");
		warn(log, ev, "op UNKNOWN: no rule can name it");
		return EXIT_OK;
	}
	if (!r->has_file) {
		gen_policy_comment(g, "no rule: only rules using boot_verified=FALSE, dmverity_signature=FALSE or fsverity_signature=FALSE match an event without a file, and such a rule also allows every unverified file");
		warn(log, ev, "no file (anonymous memory or a kernel load): no rule allows it without allowing every unverified file");
		return EXIT_OK;
	}
	if (!fp && !read_err) {
		gen_policy_comment(g, "no rule: the audited path is not a file's path (d_path's \"<too_long>\", a pseudo file), so there is no file to read");
		warn(log, ev, "not a file's path: no file to read, no rule");
		return EXIT_OK;
	}
	if (!fp) {
		snprintf(why, sizeof(why), "cannot be read now (%s): no rule", strerror(-read_err));
		gen_policy_comment(g, "%s", why);
		warn(log, ev, why);
		return EXIT_OK;
	}
	return file_rule(g, log, ev, fp);
}

struct event_list {
	struct audit_event *ev;
	size_t n, cap;
};

/* The same event: op, hook and file path. */
static int cmp_event(const struct audit_event *x, const struct audit_event *y)
{
	const struct access_record *p = &x->rec, *q = &y->rec;

	if (p->op != q->op)
		return p->op < q->op ? -1 : 1;
	if (p->hook != q->hook)
		return p->hook < q->hook ? -1 : 1;
	if (p->has_file != q->has_file)
		return p->has_file ? 1 : -1;
	if (!p->has_file)
		return 0;
	if (p->path_len != q->path_len)
		return p->path_len < q->path_len ? -1 : 1;
	return memcmp(p->path, q->path, p->path_len);
}

static int cmp_sort(const void *a, const void *b)
{
	const struct audit_event *x = *(const struct audit_event *const *)a;
	const struct audit_event *y = *(const struct audit_event *const *)b;
	int c = cmp_event(x, y);

	if (c)
		return c;
	return x->line < y->line ? -1 : x->line > y->line;
}

/* Fold repeated events into the first of them (count 0 marks the folded ones). */
static int fold(struct event_list *l)
{
	struct audit_event **order, *first = NULL;
	size_t i;

	order = calloc(l->n + 1, sizeof(*order));
	if (!order)
		return -ENOMEM;
	for (i = 0; i < l->n; i++)
		order[i] = &l->ev[i];
	qsort(order, l->n, sizeof(*order), cmp_sort);
	for (i = 0; i < l->n; i++) {
		if (first && !cmp_event(first, order[i])) {
			first->count++;
			order[i]->count = 0;
		} else {
			first = order[i];
			first->count = 1;
		}
	}
	free(order);
	return 0;
}

static void event_list_free(struct event_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		access_record_free(&l->ev[i].rec);
	free(l->ev);
}

/* The denied events of IN, in log order; EXIT_INVALID at a damaged record. */
static int read_events(const struct input *in, struct event_list *l, unsigned *allowed)
{
	struct audit_event *grown, ev = { 0 };
	const char *line, *end;
	unsigned lineno = 0;
	int err;

	for (line = in->buf; line < in->buf + in->len; line = end + 1) {
		end = memchr(line, '\n', (size_t)(in->buf + in->len - line));
		if (!end)
			end = in->buf + in->len;
		lineno++;
		err = access_record_parse(line, (size_t)(end - line), &ev.rec);
		if (err == -ENOENT)
			continue;
		if (err == -EBADMSG) {
			fprintf(stderr, GEN_CMD ": %s:%u: a damaged 1420 record\n", in->name, lineno);
			return EXIT_INVALID;
		}
		if (err)
			return EXIT_USAGE;	/* -ENOMEM */
		if (ev.rec.action != IPE_ACTION_DENY) {
			access_record_free(&ev.rec);
			(*allowed)++;
			continue;
		}
		if (l->n == l->cap) {
			grown = reallocarray(l->ev, l->cap ? l->cap * 2 : 16, sizeof(*grown));
			if (!grown) {
				access_record_free(&ev.rec);
				return EXIT_USAGE;
			}
			l->ev = grown;
			l->cap = l->cap ? l->cap * 2 : 16;
		}
		ev.line = lineno;
		l->ev[l->n++] = ev;
	}
	return EXIT_OK;
}

/* A denied op this policy leaves to the global ALLOW is allowed whatever the rules: say so once per op. */
static void warn_unrestricted(const struct gen_policy *g, const char *log, unsigned ops_seen)
{
	size_t i;
	int op;

	/* A global DENY restricts every op: the rule written for it is what allows it. */
	if (g->global_default == IPE_ACTION_DENY)
		return;
	for (i = 0; i < g->nops; i++)
		ops_seen &= ~(1u << g->ops[i]);
	for (op = 0; op < IPE_OP_COUNT; op++)
		if (ops_seen & (1u << op))
			fprintf(stderr, GEN_CMD ": warning: %s: op %s was denied, but this policy does not restrict it (add --op %s to keep it restricted)\n",
				log, ipe_op_name(op), ipe_op_name(op));
}

int gen_add_audit(struct gen_policy *g, const char *path)
{
	struct event_list l = { 0 };
	struct fileprops fp;
	struct input in;
	unsigned allowed = 0, ops_seen = 0;
	bool deleted, has_path;
	char *now;
	size_t i;
	int rc, err;

	if (input_read(path, &in))
		return EXIT_USAGE;
	rc = read_events(&in, &l, &allowed);
	if (rc == EXIT_OK && fold(&l))
		rc = EXIT_USAGE;
	if (rc == EXIT_USAGE)
		fprintf(stderr, GEN_CMD ": out of memory\n");
	if (rc == EXIT_OK && !l.n)
		fprintf(stderr, GEN_CMD ": note: %s: no denied 1420 record (%u allowed ones)\n",
			in.name, allowed);
	for (i = 0; rc == EXIT_OK && i < l.n; i++) {
		const struct audit_event *ev = &l.ev[i];

		if (!ev->count)
			continue;
		now = NULL;
		err = ev->rec.has_file ? access_record_path_now(&ev->rec, &now, &deleted) : 0;
		if (err) {
			fprintf(stderr, GEN_CMD ": out of memory\n");
			rc = EXIT_USAGE;
			break;
		}
		has_path = now != NULL;
		err = has_path ? fileprops_read(now, &fp) : 0;
		free(now);
		rc = gen_audit_event(g, in.name, ev, has_path && !err ? &fp : NULL, err);
		if (ev->rec.op != IPE_OP_INVALID)
			ops_seen |= 1u << ev->rec.op;
	}
	if (rc == EXIT_OK)
		warn_unrestricted(g, in.name, ops_seen);
	event_list_free(&l);
	input_free(&in);
	return rc;
}
