// SPDX-License-Identifier: GPL-2.0-only
/*
 * ipectl explain: why IPE decided what a 1420 audit record says, against
 * the policy active now, and what would change the decision.
 */
#define _GNU_SOURCE	/* memrchr */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access_record.h"
#include "active_policy.h"
#include "explain_out.h"
#include "explanation.h"
#include "fileprops.h"
#include "input.h"
#include "ipectl.h"
#include "tree_cmd.h"

#define CMD "ipectl explain"

static const char usage[] =
	"Usage: " CMD " [-r DIR | --policy FILE] [--json] RECORD\n"
	"       " CMD " [-r DIR | --policy FILE] [--json] --log FILE [--last N]\n"
	"\n"
	"Explain 1420 (AUDIT_IPE_ACCESS) audit records: what was decided, by which\n"
	"statement of the policy, the file's properties now, whether the policy decides\n"
	"the same today, and the smallest policy change that would allow it.\n"
	"\n"
	"Records, as any log shows them: audit.log (type=1420 or type=USER_AVC from\n"
	"iped), the kernel log (dmesg, journalctl -k), journald, iped's syslog lines\n"
	"and iped's --audit-log JSON lines.\n"
	"  RECORD          one record: a log line given as one argument\n"
	"  --log FILE      the last 1420 records of FILE ('-' = standard input)\n"
	"  --last N        how many (default 1)\n"
	"The policy (default: the active one of the control tree):\n"
	TREE_USAGE_ROOT
	"  --policy FILE   this policy instead: text, or a signed .p7b (its content is\n"
	"                  read; the signature is not checked)\n"
	"Output:\n"
	"  --json          a JSON array, one object per record\n"
	"\n"
	"Exit status: 0 explained, 1 a damaged record, no 1420 record found or an invalid\n"
	"policy, 2 bad usage, unreadable file or no policy found.\n";

enum { OPT_POLICY = 256, OPT_JSON, OPT_LOG, OPT_LAST };

struct args {
	const char *root, *policy, *log, *record;
	size_t last;
	bool json;
};

static int parse_args(int argc, char **argv, struct args *a)
{
	static const struct option opts[] = {
		{ "root", required_argument, NULL, 'r' },
		{ "policy", required_argument, NULL, OPT_POLICY },
		{ "json", no_argument, NULL, OPT_JSON },
		{ "log", required_argument, NULL, OPT_LOG },
		{ "last", required_argument, NULL, OPT_LAST },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	bool last_set = false;
	char *end;
	int c;

	a->last = 1;
	optind = 0;
	while ((c = getopt_long(argc, argv, "r:h", opts, NULL)) != -1) {
		switch (c) {
		case 'r':
			a->root = optarg;
			break;
		case OPT_POLICY:
			a->policy = optarg;
			break;
		case OPT_JSON:
			a->json = true;
			break;
		case OPT_LOG:
			a->log = optarg;
			break;
		case OPT_LAST:
			errno = 0;
			a->last = strtoul(optarg, &end, 10);
			if (optarg[0] < '1' || optarg[0] > '9' || *end || errno || a->last > INT_MAX)
				return usage_error(CMD, "--last '%s': expected a count from 1", optarg);
			last_set = true;
			break;
		case 'h':
			fputs(usage, stdout);
			return -1;
		default:
			return usage_error(CMD, "invalid option");
		}
	}
	if (a->root && a->policy)
		return usage_error(CMD, "--root and --policy exclude each other");
	if (last_set && !a->log)
		return usage_error(CMD, "--last goes with --log");
	if (a->log && argc > optind)
		return usage_error(CMD, "a RECORD and --log exclude each other");
	if (!a->log && argc - optind != 1)
		return usage_error(CMD, argc > optind ? "expected one RECORD (quote it)"
						      : "expected a RECORD or --log FILE");
	a->record = a->log ? NULL : argv[optind];
	return EXIT_OK;
}

/* LINE is a 1420 record: 0 parsed, -EBADMSG damaged; else -ENOENT or -ENOMEM. */
static int parse_line(const char *line, size_t len, struct explain_item *it)
{
	it->err = access_record_parse(line, len, &it->rec);
	return it->err;
}

/* The last N records of the log in IN, oldest first.  0 or -ENOMEM. */
static int scan_log(const struct input *in, size_t n, struct explain_item **items, size_t *count)
{
	const char *stop = in->buf + in->len, *p;
	size_t lines = 0, found = 0, i;
	struct explain_item *v;

	for (p = in->buf; p < stop; lines++) {
		const char *nl = memchr(p, '\n', (size_t)(stop - p));

		p = nl ? nl + 1 : stop;
	}
	/* No more records than lines: --last N is a bound, not a size. */
	if (n > lines)
		n = lines;
	v = calloc(n ? n : 1, sizeof(*v));
	if (!v)
		return -ENOMEM;
	/* Backwards from the end: the last records of a large log come quickly. */
	for (; lines && found < n; lines--) {
		const char *end = stop[-1] == '\n' ? stop - 1 : stop;
		const char *nl = end > in->buf ? memrchr(in->buf, '\n', (size_t)(end - in->buf)) : NULL;
		const char *start = nl ? nl + 1 : in->buf;
		int err = parse_line(start, (size_t)(end - start), &v[n - 1 - found]);

		stop = start;
		if (err == -ENOMEM) {
			for (i = 0; i < n; i++)
				access_record_free(&v[i].rec);
			free(v);
			return err;
		}
		if (err != -ENOENT)
			v[n - 1 - found++].line = lines;
	}
	memmove(v, v + n - found, found * sizeof(*v));
	*items = v;
	*count = found;
	return 0;
}

static int read_items(const struct args *a, struct explain_item **items, size_t *count)
{
	struct input in;
	int err;

	if (a->record) {
		size_t len = strlen(a->record);

		*items = calloc(1, sizeof(**items));
		if (!*items)
			goto nomem;
		if (len && a->record[len - 1] == '\n')
			len--;
		err = parse_line(a->record, len, *items);
		if (err == -ENOMEM)
			goto nomem;
		if (err == -ENOENT) {
			fprintf(stderr, CMD ": the argument holds no 1420 record\n");
			free(*items);
			return EXIT_INVALID;
		}
		*count = 1;
		return EXIT_OK;
	}
	if (input_read(a->log, &in))
		return EXIT_USAGE;
	err = scan_log(&in, a->last, items, count);
	if (!err && !*count) {
		fprintf(stderr, CMD ": %s: no 1420 record\n", in.name);
		free(*items);
		*items = NULL;
	}
	input_free(&in);
	if (err)
		goto nomem;
	return *count ? EXIT_OK : EXIT_INVALID;
nomem:
	fprintf(stderr, CMD ": out of memory\n");
	return EXIT_USAGE;
}

static void free_items(struct explain_item *items, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		access_record_free(&items[i].rec);
		explanation_free(&items[i].x);
	}
	free(items);
}

int cmd_explain(int argc, char **argv)
{
	struct active_policy ap = { 0 };
	struct explain_item *items = NULL;
	const char *log;
	size_t n = 0, i;
	bool damaged = false, parsed = false;
	struct args a = { 0 };
	int rc;

	rc = parse_args(argc, argv, &a);
	if (rc)
		return rc < 0 ? EXIT_OK : rc;
	rc = read_items(&a, &items, &n);
	if (rc)
		return rc;
	log = a.log ? input_display_name(a.log) : NULL;
	for (i = 0; i < n; i++) {
		damaged |= items[i].err != 0;
		parsed |= items[i].err == 0;
	}
	/* Damaged records need no policy: report them even when there is none. */
	if (parsed) {
		rc = active_policy_load(CMD, a.root, a.policy, &ap);
		if (rc)
			goto out;
	}
	for (i = 0; i < n; i++) {
		if (!items[i].err && explanation_make(ap.pol, &items[i].rec, fileprops_read, &items[i].x)) {
			fprintf(stderr, CMD ": out of memory\n");
			rc = EXIT_USAGE;
			goto out;
		}
	}
	if (a.json)
		fputs("[\n", stdout);
	for (i = 0; i < n; i++) {
		if (a.json) {
			explain_out_json(stdout, log, &items[i], &ap);
			fputs(i + 1 < n ? ",\n" : "\n", stdout);
		} else {
			explain_out_text(stdout, log, &items[i], &ap);
		}
	}
	if (a.json)
		fputs("]\n", stdout);
	rc = damaged ? EXIT_INVALID : EXIT_OK;
out:
	free_items(items, n);
	active_policy_free(&ap);
	return rc;
}
