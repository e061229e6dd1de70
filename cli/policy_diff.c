// SPDX-License-Identifier: GPL-2.0-only
/* ipectl policy diff: what changes between two policies, and for which files. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "file_verdict.h"
#include "fileprops.h"
#include "input.h"
#include "ipectl.h"
#include "json.h"
#include "op_hook.h"
#include "policy.h"
#include "policy_source.h"
#include "seqdiff.h"
#include "walk.h"
#include "walk_report.h"

#define CMD "ipectl policy diff"

/* diff(1)'s status for "the inputs differ"; trouble of any kind is EXIT_USAGE. */
#define EXIT_DIFFER 1

static const char usage[] =
	"Usage: " CMD " [--json] [--op OP] [--hook HOOK] OLD NEW [--paths PATH...]\n"
	"\n"
	"Compare two policies (text or signed .p7b, signatures not checked; one may\n"
	"be '-' for standard input) as kernel IPE reads them: comments, spacing and\n"
	"digest case make no difference.  Prints the name, the version and whether\n"
	"NEW's is higher, equal or lower (an update needs it higher), the changed\n"
	"defaults, and per op the rules removed (-) and added (+) in evaluation\n"
	"order, with their lines in OLD and NEW; a moved rule is removed and added.\n"
	"Identical policies print nothing.\n"
	"\n"
	"  --paths PATH...  after OLD NEW, every remaining argument is a file or tree\n"
	"                   (walked as 'policy test' walks it): list the files whose\n"
	"                   decision changes, ALLOW -> DENY PATH old rule / new rule\n"
	"  --op OP, --hook HOOK  the event for --paths (default EXECUTE, BPRM_CHECK)\n"
	"  --json           one JSON object instead\n"
	"\n"
	"Exit status (as diff(1)): 0 no difference, 1 the policies differ, 2 bad\n"
	"usage, unreadable input, a missing PATH, or an invalid policy.\n";

/* One side of the comparison. */
struct side {
	const char *file;
	struct ipe_policy *p;
	const struct ipe_rule **rules;	/* file order */
	char **text;			/* their audit texts */
	uint32_t *id;			/* equal texts, equal ids */
};

struct diff {
	struct side old, new;
	bool json, paths;
	struct op_hook oh;
	bool first_change;		/* JSON: no rule change printed yet */
	/* --paths */
	struct walk_report wr;
	unsigned long files, changed, uncertain;
};

static int side_texts(struct side *s)
{
	const struct ipe_rule *r;
	uint32_t i = 0;

	s->rules = calloc(s->p->nrules + 1, sizeof(*s->rules));
	s->text = calloc(s->p->nrules + 1, sizeof(*s->text));
	s->id = calloc(s->p->nrules + 1, sizeof(*s->id));
	if (!s->rules || !s->text || !s->id)
		return -ENOMEM;
	for (r = s->p->rules; r; r = r->next, i++) {
		s->rules[i] = r;
		s->text[i] = ipe_rule_audit_text(r);
		if (!s->text[i])
			return -ENOMEM;
	}
	return 0;
}

static void side_free(struct side *s)
{
	uint32_t i;

	if (s->text)
		for (i = 0; s->p && i < s->p->nrules; i++)
			free(s->text[i]);
	free(s->text);
	free(s->rules);
	free(s->id);
	ipe_policy_free(s->p);
}

struct text_ref {
	const char *text;
	uint32_t *id;		/* where its number goes */
};

static int cmp_text(const void *a, const void *b)
{
	return strcmp(((const struct text_ref *)a)->text, ((const struct text_ref *)b)->text);
}

static void add_refs(struct text_ref *refs, const struct side *s)
{
	uint32_t i;

	for (i = 0; i < s->p->nrules; i++)
		refs[i] = (struct text_ref){ s->text[i], &s->id[i] };
}

/* Number the distinct rule texts of both sides; returns how many, or -ENOMEM. */
static long number_texts(struct diff *df)
{
	size_t no = df->old.p->nrules, n = no + df->new.p->nrules, i;
	struct text_ref *refs = malloc((n ? n : 1) * sizeof(*refs));
	long ids = 0;

	if (!refs)
		return -ENOMEM;
	add_refs(refs, &df->old);
	add_refs(refs + no, &df->new);
	qsort(refs, n, sizeof(*refs), cmp_text);
	for (i = 0; i < n; i++) {
		if (i && strcmp(refs[i - 1].text, refs[i].text))
			ids++;
		*refs[i].id = (uint32_t)ids;
	}
	free(refs);
	return n ? ids + 1 : 0;
}

static const char *action_or_unset(int a)
{
	return a == IPE_ACTION_NONE ? "unset" : ipe_action_name(a);
}

static void json_action(int a)
{
	if (a == IPE_ACTION_NONE)
		fputs("null", stdout);
	else
		printf("\"%s\"", ipe_action_name(a));
}

static void put_version(const struct ipe_policy *p)
{
	printf("%u.%u.%u", p->version[0], p->version[1], p->version[2]);
}

static const char *version_relation(const struct diff *df)
{
	uint64_t o = ipe_policy_version_number(df->old.p), n = ipe_policy_version_number(df->new.p);

	return n > o ? "higher" : n == o ? "equal" : "lower";
}

/*
 * What the kernel does with NEW as an update of OLD (SPEC §5.6), or, when
 * the names differ and no update is possible, with activating NEW (§5.4).
 */
static const char *version_note(const char *rel, bool same_name)
{
	if (!same_name)
		return strcmp(rel, "lower") ? "NEW may be activated while OLD is active"
					    : "NEW is not activated while OLD is active (EINVAL)";
	if (!strcmp(rel, "higher"))
		return "NEW may replace OLD by update";
	if (!strcmp(rel, "equal"))
		return "refused as an update of OLD with ESTALE; kernels before 6.13 accept it";
	return "refused as an update of OLD with ESTALE (EINVAL before 6.13), and not "
	       "activated while OLD is active";
}

static void put_header_text(const struct diff *df)
{
	const struct ipe_policy *o = df->old.p, *n = df->new.p;
	const char *rel = version_relation(df);
	bool same_name = !strcmp(o->name, n->name);
	int op;

	if (!same_name)
		printf("name: %s -> %s (another policy: refused as an update of OLD with EINVAL)\n",
		       o->name, n->name);
	else
		printf("name: %s\n", o->name);
	fputs("version: ", stdout);
	put_version(o);
	fputs(" -> ", stdout);
	put_version(n);
	printf(" (%s: %s)\n", rel, version_note(rel, same_name));
	if (o->global_default != n->global_default)
		printf("default: %s -> %s\n", action_or_unset(o->global_default),
		       action_or_unset(n->global_default));
	for (op = 0; op < IPE_OP_COUNT; op++)
		if (o->op_default[op] != n->op_default[op])
			printf("default op=%s: %s -> %s\n", ipe_op_name(op),
			       action_or_unset(o->op_default[op]), action_or_unset(n->op_default[op]));
}

static void put_side_json(const char *key, const struct side *s)
{
	printf("  \"%s\": {\"file\": ", key);
	json_cstr(stdout, input_display_name(s->file));
	fputs(", \"name\": ", stdout);
	json_cstr(stdout, s->p->name);
	fputs(", \"version\": \"", stdout);
	put_version(s->p);
	fputs("\"},\n", stdout);
}

static void put_header_json(const struct diff *df, bool differ)
{
	const struct ipe_policy *o = df->old.p, *n = df->new.p;
	bool first = true;
	int op;

	printf("{\n");
	put_side_json("old", &df->old);
	put_side_json("new", &df->new);
	printf("  \"differ\": %s, \"name_changed\": %s, \"version\": \"%s\",\n",
	       differ ? "true" : "false", strcmp(o->name, n->name) ? "true" : "false",
	       version_relation(df));
	fputs("  \"default\": ", stdout);
	if (o->global_default == n->global_default) {
		fputs("null", stdout);
	} else {
		fputs("{\"old\": ", stdout);
		json_action(o->global_default);
		fputs(", \"new\": ", stdout);
		json_action(n->global_default);
		fputc('}', stdout);
	}
	fputs(",\n  \"op_defaults\": [", stdout);
	for (op = 0; op < IPE_OP_COUNT; op++) {
		if (o->op_default[op] == n->op_default[op])
			continue;
		printf("%s{\"op\": \"%s\", \"old\": ", first ? "" : ", ", ipe_op_name(op));
		json_action(o->op_default[op]);
		fputs(", \"new\": ", stdout);
		json_action(n->op_default[op]);
		fputc('}', stdout);
		first = false;
	}
	fputs("],\n  \"rules\": [", stdout);
}

static void put_change(struct diff *df, int op, const struct side *s, uint32_t i, bool added)
{
	if (!df->json) {
		printf("%c line %u: %s\n", added ? '+' : '-', s->rules[i]->line, s->text[i]);
		return;
	}
	printf("%s\n    {\"op\": \"%s\", \"change\": \"%s\", \"line\": %u, \"rule\": ",
	       df->first_change ? "" : ",", ipe_op_name(op), added ? "added" : "removed",
	       s->rules[i]->line);
	json_cstr(stdout, s->text[i]);
	fputc('}', stdout);
	df->first_change = false;
}

/* The rules of OP on side S, as indices into its arrays, and their ids. */
static size_t op_rules(const struct side *s, int op, uint32_t *idx, uint32_t *ids)
{
	size_t n = 0;
	uint32_t i;

	for (i = 0; i < s->p->nrules; i++)
		if (s->rules[i]->op == op) {
			idx[n] = i;
			ids[n++] = s->id[i];
		}
	return n;
}

/* Per op: the shortest list of removals and additions from OLD's rules to NEW's. */
static int put_rule_changes(struct diff *df, uint32_t nids)
{
	size_t max = df->old.p->nrules > df->new.p->nrules ? df->old.p->nrules : df->new.p->nrules;
	uint32_t *oi = malloc((max + 1) * sizeof(*oi)), *ni = malloc((max + 1) * sizeof(*ni));
	uint32_t *oid = malloc((max + 1) * sizeof(*oid)), *nid = malloc((max + 1) * sizeof(*nid));
	bool *okept = malloc(max + 1), *nkept = malloc(max + 1);
	int op, rc = -ENOMEM;

	if (!oi || !ni || !oid || !nid || !okept || !nkept)
		goto out;
	for (op = 0; op < IPE_OP_COUNT; op++) {
		size_t on = op_rules(&df->old, op, oi, oid), nn = op_rules(&df->new, op, ni, nid);
		size_t i = 0, j = 0;
		bool titled = false;

		if (seqdiff(oid, on, nid, nn, nids, okept, nkept))
			goto out;
		while (i < on || j < nn) {
			bool removed = i < on && !okept[i], added = !removed && j < nn && !nkept[j];

			if ((removed || added) && !titled && !df->json) {
				printf("op=%s:\n", ipe_op_name(op));
				titled = true;
			}
			if (removed)
				put_change(df, op, &df->old, oi[i++], false);
			else if (added)
				put_change(df, op, &df->new, ni[j++], true);
			else {
				i++;	/* kept on both sides: the next kept of each pair up */
				j++;
			}
		}
	}
	rc = 0;
out:
	free(oi);
	free(ni);
	free(oid);
	free(nid);
	free(okept);
	free(nkept);
	return rc;
}

static void put_path_text(const char *path, const struct file_verdict *o,
			  const struct file_verdict *n)
{
	printf("%s -> %s %s old ", ipe_action_name(o->d.action), ipe_action_name(n->d.action),
	       path);
	file_verdict_put_text(stdout, o);
	fputs(" new ", stdout);
	file_verdict_put_text(stdout, n);
	puts(o->uncertain || n->uncertain ? "; uncertain" : "");
}

static void put_path_json(struct diff *df, const char *path, const struct file_verdict *o,
			  const struct file_verdict *n)
{
	fputs(df->changed + df->uncertain > 1 ? ",\n      {\"path\": " : "\n      {\"path\": ",
	      stdout);
	json_cstr(stdout, path);
	fputs(", \"old\": ", stdout);
	file_verdict_put_json(stdout, o);
	fputs(", \"new\": ", stdout);
	file_verdict_put_json(stdout, n);
	fputc('}', stdout);
}

static int visit(const struct walk_entry *e, void *ctx)
{
	struct diff *df = ctx;
	struct file_verdict o, n;
	struct fileprops fp;
	bool changed, unsure;
	int err;

	if (walk_report_entry(&df->wr, e))
		return 0;
	err = fileprops_read(e->path, &fp);
	if (err) {
		walk_report_error(&df->wr, e->path, -err);
		return 0;
	}
	if (file_verdict_decide(df->old.p, df->oh.op, df->oh.hook, &fp, &o))
		return -ENOMEM;
	if (file_verdict_decide(df->new.p, df->oh.op, df->oh.hook, &fp, &n)) {
		file_verdict_free(&o);
		return -ENOMEM;
	}
	df->files++;
	changed = o.d.action != n.d.action;
	/* A file whose decision may hinge on what could not be read is shown too. */
	unsure = !changed && (o.uncertain || n.uncertain);
	df->changed += changed;
	df->uncertain += unsure;
	if (changed || unsure) {
		if (df->json)
			put_path_json(df, e->path, &o, &n);
		else
			put_path_text(e->path, &o, &n);
	}
	file_verdict_free(&o);
	file_verdict_free(&n);
	return 0;
}

static int diff_paths(struct diff *df, int npaths, char **paths)
{
	int i, rc;

	rc = walk_report_init(&df->wr, CMD, df->json, false);
	if (rc)
		return rc;
	if (df->json)
		printf(",\n  \"paths\": {\"op\": \"%s\", \"hook\": \"%s\", \"files\": [",
		       ipe_op_name(df->oh.op), ipe_hook_name(df->oh.hook));
	else
		printf("decisions for op %s at hook %s:\n", ipe_op_name(df->oh.op),
		       ipe_hook_name(df->oh.hook));
	for (i = 0; i < npaths; i++) {
		rc = walk(paths[i], visit, df);
		if (rc)
			return rc;
	}
	if (df->json) {
		fputs(df->changed + df->uncertain ? "\n    ]" : "]", stdout);
		walk_report_put_json(&df->wr, 4);
		printf(",\n    \"summary\": {\"files\": %lu, \"changed\": %lu, \"uncertain\": %lu, "
		       "\"skipped\": %lu, \"errors\": %lu}}", df->files, df->changed, df->uncertain,
		       df->wr.skipped, df->wr.errors);
	} else {
		printf("%lu file%s, %lu changed, %lu uncertain, %lu skipped, %lu error%s\n",
		       df->files, df->files == 1 ? "" : "s", df->changed, df->uncertain,
		       df->wr.skipped, df->wr.errors, df->wr.errors == 1 ? "" : "s");
	}
	return 0;
}

/*
 * Options come first and stop at OLD (so a PATH may look like an option);
 * returns EXIT_OK with *NPATHS paths from argv[optind + 3] on.
 */
static int parse_args(int argc, char **argv, struct diff *df, int *npaths)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "op", required_argument, NULL, 'o' },
		{ "hook", required_argument, NULL, 'k' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	int c, rc, left;

	optind = 0;
	while ((c = getopt_long(argc, argv, "+h", opts, NULL)) != -1) {
		switch (c) {
		case 'j':
			df->json = true;
			break;
		case 'o':
			rc = op_hook_parse_op(CMD, optarg, &df->oh);
			if (rc)
				return rc;
			break;
		case 'k':
			rc = op_hook_parse_hook(CMD, optarg, &df->oh);
			if (rc)
				return rc;
			break;
		case 'h':
			fputs(usage, stdout);
			return -1;
		default:
			return usage_error(CMD, "invalid option");
		}
	}
	left = argc - optind;
	if (left < 2)
		return usage_error(CMD, "expected OLD and NEW");
	if (left > 2 && strcmp(argv[optind + 2], "--paths"))
		return usage_error(CMD, "unexpected '%s' after OLD NEW: only --paths PATH... may follow "
				   "them (options go first)", argv[optind + 2]);
	if (left == 3)
		return usage_error(CMD, "--paths needs at least one PATH");
	if (!strcmp(argv[optind], "-") && !strcmp(argv[optind + 1], "-"))
		return usage_error(CMD, "OLD and NEW cannot both be standard input");
	df->paths = left > 2;
	*npaths = left > 2 ? left - 3 : 0;
	if ((df->oh.op_set || df->oh.hook_set) && !df->paths)
		return usage_error(CMD, "--op and --hook only apply to --paths");
	if (!df->oh.op_set)
		df->oh.op = IPE_OP_EXECUTE;
	rc = op_hook_settle(CMD, &df->oh);
	if (rc)
		return rc;
	if (df->oh.hook == IPE_HOOK_KERNEL_LOAD)
		return usage_error(CMD, "hook KERNEL_LOAD never has a file to decide");
	return EXIT_OK;
}

/* Both policies loaded; diff(1)'s 2 for trouble, so an invalid policy is 2 here. */
static int load(struct diff *df, char **argv)
{
	int rc;

	df->old.file = argv[0];
	df->new.file = argv[1];
	rc = policy_source_load(df->old.file, &df->old.p, NULL);
	if (!rc)
		rc = policy_source_load(df->new.file, &df->new.p, NULL);
	return rc ? EXIT_USAGE : EXIT_OK;
}

int policy_diff(int argc, char **argv)
{
	struct diff df = { .first_change = true };
	int rc, npaths = 0;
	long nids;
	bool differ;

	rc = parse_args(argc, argv, &df, &npaths);
	if (rc)
		return rc < 0 ? EXIT_OK : rc;
	rc = load(&df, argv + optind);
	if (rc)
		goto out;
	rc = -ENOMEM;
	if (side_texts(&df.old) || side_texts(&df.new))
		goto out;
	nids = number_texts(&df);
	if (nids < 0)
		goto out;
	differ = !ipe_policy_equal(df.old.p, df.new.p);
	if (df.json)
		put_header_json(&df, differ);
	else if (differ)
		put_header_text(&df);
	if (differ && put_rule_changes(&df, (uint32_t)nids))
		goto out;
	if (df.json)
		fputs(df.first_change ? "]" : "\n  ]", stdout);
	if (df.paths && diff_paths(&df, npaths, argv + optind + 3))
		goto out;
	if (df.json)
		puts("\n}");
	rc = df.wr.errors ? EXIT_USAGE : differ ? EXIT_DIFFER : EXIT_OK;
out:
	if (rc < 0) {
		fprintf(stderr, CMD ": out of memory\n");
		rc = EXIT_USAGE;
	}
	walk_report_free(&df.wr);
	side_free(&df.old);
	side_free(&df.new);
	return rc;
}
