// SPDX-License-Identifier: GPL-2.0-only
/* ipectl policy test: what a policy would decide for the files on this system. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>

#include "file_verdict.h"
#include "fileprops.h"
#include "ipectl.h"
#include "json.h"
#include "op_hook.h"
#include "policy.h"
#include "policy_source.h"
#include "walk.h"
#include "walk_report.h"

#define CMD "ipectl policy test"

static const char usage[] =
	"Usage: " CMD " [--op OP] [--hook HOOK] [--json] [--quiet] POLICY PATH...\n"
	"\n"
	"Dry run: decide each regular file under the PATHs (directories recursively,\n"
	"in byte order of names) with POLICY, a policy text or a signed .p7b ('-' =\n"
	"standard input; the signature is not checked), using the file's properties\n"
	"as the running kernel sees them.  Nothing is enforced; files are only read.\n"
	"Symbolic links are not followed and special files not opened: both are\n"
	"noted and skipped.  Options go before POLICY.\n"
	"\n"
	"  --op OP      the operation (default EXECUTE; as in 'policy eval')\n"
	"  --hook HOOK  the hook (default BPRM_CHECK for EXECUTE, else KERNEL_READ);\n"
	"               KERNEL_LOAD has no file and is refused\n"
	"  --json       one JSON object: files, skipped, errors, summary\n"
	"  --quiet      print only the refused files and the summary\n"
	"\n"
	"Each file: ALLOW|DENY PATH rule=\"...\" (line N | op default | global default)\n"
	"props: its properties (or none); unknown: those that could not be read, and\n"
	"'uncertain' when one of them could change the decision.\n"
	"\n"
	"Exit status: 0 every file allowed, 3 some file refused, 1 invalid policy,\n"
	"2 bad usage or a PATH that is missing or unreadable (the others are still\n"
	"tested).\n";

struct run {
	const struct ipe_policy *p;
	struct op_hook oh;
	bool json, quiet;
	struct walk_report wr;
	unsigned long files, allowed, refused, uncertain;
	unsigned long shown;		/* files printed so far */
};

static void put_file(struct run *r, const char *path, const struct fileprops *fp,
		     const struct file_verdict *v)
{
	if (r->json) {
		fputs(r->shown++ ? ",\n    {\"path\": " : "\n    {\"path\": ", stdout);
		json_cstr(stdout, path);
		fputs(", \"decision\": ", stdout);
		file_verdict_put_json(stdout, v);
		fputs(", ", stdout);
		fileprops_put_json(stdout, fp);
		fputc('}', stdout);
		return;
	}
	printf("%s %s ", ipe_action_name(v->d.action), path);
	file_verdict_put_text(stdout, v);
	fputs(" props: ", stdout);
	fileprops_put_text(stdout, fp);
	puts(v->uncertain ? "; uncertain" : "");
}

static int visit(const struct walk_entry *e, void *ctx)
{
	struct run *r = ctx;
	struct fileprops fp;
	struct file_verdict v;
	bool deny;
	int err;

	if (walk_report_entry(&r->wr, e))
		return 0;
	err = fileprops_read(e->path, &fp);
	if (err) {
		walk_report_error(&r->wr, e->path, -err);
		return 0;
	}
	if (file_verdict_decide(r->p, r->oh.op, r->oh.hook, &fp, &v))
		return -ENOMEM;
	deny = v.d.action == IPE_ACTION_DENY;
	r->files++;
	if (deny)
		r->refused++;
	else
		r->allowed++;
	r->uncertain += v.uncertain;
	if (deny || !r->quiet)
		put_file(r, e->path, &fp, &v);
	file_verdict_free(&v);
	return 0;
}

static void put_summary(const struct run *r)
{
	if (r->json) {
		printf(",\n  \"summary\": {\"files\": %lu, \"allowed\": %lu, \"refused\": %lu, "
		       "\"uncertain\": %lu, \"skipped\": %lu, \"errors\": %lu}\n}\n", r->files,
		       r->allowed, r->refused, r->uncertain, r->wr.skipped, r->wr.errors);
		return;
	}
	printf("%lu file%s, %lu allowed, %lu refused (%lu uncertain), %lu skipped, %lu error%s\n",
	       r->files, r->files == 1 ? "" : "s", r->allowed, r->refused, r->uncertain,
	       r->wr.skipped, r->wr.errors, r->wr.errors == 1 ? "" : "s");
}

static int parse_args(int argc, char **argv, struct run *r)
{
	static const struct option opts[] = {
		{ "op", required_argument, NULL, 'o' },
		{ "hook", required_argument, NULL, 'k' },
		{ "json", no_argument, NULL, 'j' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	int c, rc;

	optind = 0;
	while ((c = getopt_long(argc, argv, "+hq", opts, NULL)) != -1) {
		switch (c) {
		case 'o':
			rc = op_hook_parse_op(CMD, optarg, &r->oh);
			if (rc)
				return rc;
			break;
		case 'k':
			rc = op_hook_parse_hook(CMD, optarg, &r->oh);
			if (rc)
				return rc;
			break;
		case 'j':
			r->json = true;
			break;
		case 'q':
			r->quiet = true;
			break;
		case 'h':
			fputs(usage, stdout);
			return -1;
		default:
			return usage_error(CMD, "invalid option");
		}
	}
	if (argc - optind < 2)
		return usage_error(CMD, "expected POLICY and at least one PATH");
	if (!r->oh.op_set)
		r->oh.op = IPE_OP_EXECUTE;
	rc = op_hook_settle(CMD, &r->oh);
	if (rc)
		return rc;
	if (r->oh.hook == IPE_HOOK_KERNEL_LOAD)
		return usage_error(CMD, "hook KERNEL_LOAD never has a file to test");
	return EXIT_OK;
}

int policy_test(int argc, char **argv)
{
	struct run r = { 0 };
	struct ipe_policy *p = NULL;
	int rc, i;

	rc = parse_args(argc, argv, &r);
	if (rc)
		return rc < 0 ? EXIT_OK : rc;
	rc = policy_source_load(argv[optind], &p, NULL);
	if (rc)
		return rc;
	r.p = p;
	rc = walk_report_init(&r.wr, CMD, r.json, r.quiet);
	if (rc)
		goto out;
	if (r.json) {
		printf("{\n  \"policy\": ");
		json_cstr(stdout, p->name);
		printf(", \"version\": \"%u.%u.%u\", \"op\": \"%s\", \"hook\": \"%s\",\n"
		       "  \"files\": [", p->version[0], p->version[1], p->version[2],
		       ipe_op_name(r.oh.op), ipe_hook_name(r.oh.hook));
	}
	for (i = optind + 1; i < argc && !rc; i++)
		rc = walk(argv[i], visit, &r);
	if (rc)
		goto out;
	if (r.json) {
		fputs(r.shown ? "\n  ]" : "]", stdout);
		walk_report_put_json(&r.wr, 2);
	}
	put_summary(&r);
	rc = r.wr.errors ? EXIT_USAGE : r.refused ? EXIT_DENY : EXIT_OK;
out:
	if (rc < 0) {
		fprintf(stderr, CMD ": out of memory\n");
		rc = EXIT_USAGE;
	}
	walk_report_free(&r.wr);
	ipe_policy_free(p);
	return rc;
}
