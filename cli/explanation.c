// SPDX-License-Identifier: GPL-2.0-only
#include "explanation.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "file_verdict.h"

static uint32_t decision_line(const struct ipe_policy *p, const struct ipe_decision *d)
{
	switch (d->match) {
	case IPE_MATCH_RULE:
		return d->rule->line;
	case IPE_MATCH_OP_DEFAULT:
		return p->op_default_line[d->op];
	default:
		return p->global_default_line;
	}
}

/* Whether D is audited as TEXT: 1, 0, or -ENOMEM. */
static int audited_as(const struct ipe_decision *d, const char *text)
{
	char *t = ipe_decision_rule_text(d);
	int same;

	if (!t)
		return -ENOMEM;
	same = !strcmp(t, text);
	free(t);
	return same;
}

/*
 * The statement whose audit text is the record's: the first rule of the op
 * with that text (an identical later one is never reached), else the
 * default the kernel reaches when no rule matches: the op's own, or the
 * global one (for an unknown op without one, the kernel allows).
 */
static int find_statement(const struct ipe_policy *p, const struct access_record *r,
			  struct explanation *x)
{
	struct ipe_decision d = { .op = (uint8_t)r->op };
	const struct ipe_rule *rule;
	int same;

	for (rule = p->rules; rule && r->op != IPE_OP_INVALID; rule = rule->next) {
		if (rule->op != r->op)
			continue;
		d.action = rule->action;
		d.match = IPE_MATCH_RULE;
		d.rule = rule;
		same = audited_as(&d, r->rule);
		if (same)
			goto out;
	}
	d.rule = NULL;
	if (r->op != IPE_OP_INVALID && p->op_default[r->op] != IPE_ACTION_NONE) {
		d.action = p->op_default[r->op];
		d.match = IPE_MATCH_OP_DEFAULT;
	} else {
		d.action = p->global_default == IPE_ACTION_NONE ? IPE_ACTION_ALLOW
								: p->global_default;
		d.match = IPE_MATCH_GLOBAL;
	}
	same = audited_as(&d, r->rule);
out:
	if (same < 0)
		return same;
	if (same) {
		x->in_policy = true;
		x->match = d.match;
		x->line = decision_line(p, &d);
	}
	return 0;
}

static int read_file_now(const struct access_record *r, explanation_reader read,
			 struct explanation *x)
{
	int err = access_record_path_now(r, &x->now_path, &x->deleted);

	if (err || !x->now_path)
		return err;
	x->file_err = read(x->now_path, &x->fp);
	if (!x->file_err) {
		x->dev_changed = strcmp(x->fp.dev_name, r->dev) != 0;
		x->ino_changed = (uint64_t)x->fp.ino != r->ino;
	}
	return 0;
}

/*
 * The decision today, as 'policy test' makes it for a file (uncertainty
 * included).  An unknown op is decided without looking at the file.
 */
static int evaluate(const struct ipe_policy *p, const struct access_record *r,
		    struct explanation *x)
{
	bool needs_file = r->has_file && r->op != IPE_OP_INVALID;
	struct ipe_event ev = {
		.op = (uint8_t)r->op,
		.hook = (uint8_t)r->hook,
		.providers = IPE_PROVIDERS_ALL,
	};
	struct file_verdict v;

	if (needs_file && (!x->now_path || x->file_err))
		return 0;
	if (needs_file) {
		if (file_verdict_decide(p, ev.op, ev.hook, &x->fp, &v))
			return -ENOMEM;
		x->today = v.d;
		x->today_rule = v.rule;
		x->uncertain = v.uncertain;
	} else {
		ipe_evaluate(p, &ev, &x->today);
		x->today_rule = ipe_decision_rule_text(&x->today);
		if (!x->today_rule)
			return -ENOMEM;
	}
	x->today_line = decision_line(p, &x->today);
	x->evaluated = true;
	return 0;
}

/* The rule that allows the file as it is now, and where it goes. */
static int advise_rule(const struct access_record *r, struct explanation *x)
{
	char prop[EXPLANATION_RULE_MAX - 32];
	int n = fileprops_rule_property(&x->fp, prop, sizeof(prop));

	if (n < 0)
		return n;
	if (!n) {
		x->advice = ADVICE_NO_INTEGRITY;
		return 0;
	}
	x->advice = ADVICE_RULE;
	snprintf(x->rule, sizeof(x->rule), "op=%s %s action=ALLOW", ipe_op_name(r->op), prop);
	/* Before the DENY rule that matches it; after a default, rules come first anyway. */
	x->before_line = x->today.match == IPE_MATCH_RULE ? x->today.rule->line : 0;
	return 0;
}

static int advise(const struct access_record *r, struct explanation *x)
{
	if (r->action == IPE_ACTION_ALLOW)
		x->advice = ADVICE_NONE;
	else if (r->unreadable)
		x->advice = ADVICE_UNREADABLE;
	else if (!x->evaluated)
		x->advice = ADVICE_FILE_GONE;
	else if (x->today.action == IPE_ACTION_ALLOW)
		x->advice = ADVICE_ALLOWED_NOW;
	else if (r->op == IPE_OP_INVALID)
		x->advice = ADVICE_UNKNOWN_OP;
	else if (!r->has_file)
		x->advice = ADVICE_NO_FILE;
	else
		return advise_rule(r, x);
	return 0;
}

int explanation_make(const struct ipe_policy *p, const struct access_record *r,
		     explanation_reader read, struct explanation *x)
{
	int err;

	memset(x, 0, sizeof(*x));
	err = find_statement(p, r, x);
	if (!err && r->has_file)
		err = read_file_now(r, read, x);
	if (!err)
		err = evaluate(p, r, x);
	if (!err)
		err = advise(r, x);
	if (err)
		explanation_free(x);
	return err;
}

void explanation_free(struct explanation *x)
{
	free(x->now_path);
	free(x->today_rule);
	memset(x, 0, sizeof(*x));
}
