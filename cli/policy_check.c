// SPDX-License-Identifier: GPL-2.0-only
/* ipectl policy check: does kernel IPE accept these files, and if not, why. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "input.h"
#include "ipectl.h"
#include "json.h"
#include "load.h"
#include "policy.h"

#define CMD "ipectl policy check"

static const char usage[] =
	"Usage: " CMD " [--json] [--quiet] FILE...\n"
	"\n"
	"Parse each FILE ('-' = standard input) as kernel IPE does and report the\n"
	"first error of each invalid one on stderr as\n"
	"  FILE:LINE:COL: error: MESSAGE (ERRNO)\n"
	"where ERRNO is what the kernel returns (EBADMSG, EINVAL or ERANGE).\n"
	"\n"
	"  --json    one JSON object per file on stdout, in an array\n"
	"  --quiet   print nothing for valid files\n"
	"\n"
	"Exit status: 0 all valid, 1 some invalid, 2 unreadable file or bad usage.\n";

static void put_json(const char *path, int rc, const struct ipe_policy *p,
		     const struct ipe_diag *d, bool first)
{
	printf("%s\n  {\"file\": ", first ? "" : ",");
	json_cstr(stdout, input_display_name(path));
	if (rc == EXIT_OK) {
		printf(", \"valid\": true, \"name\": ");
		json_cstr(stdout, p->name);
		printf(", \"version\": \"%u.%u.%u\", \"rules\": %u}", p->version[0],
		       p->version[1], p->version[2], p->nrules);
	} else {
		diag_json_failure(stdout, rc, d);
		putchar('}');
	}
}

int policy_check(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	bool json = false, quiet = false;
	int c, i, status = EXIT_OK;

	optind = 0;
	while ((c = getopt_long(argc, argv, "+hq", opts, NULL)) != -1) {
		switch (c) {
		case 'j':
			json = true;
			break;
		case 'q':
			quiet = true;
			break;
		case 'h':
			fputs(usage, stdout);
			return EXIT_OK;
		default:
			return usage_error(CMD, "invalid option");
		}
	}
	if (optind == argc)
		return usage_error(CMD, "no FILE given");
	if (input_stdin_twice(argv + optind, argc - optind, false))
		return usage_error(CMD, "standard input ('-') given twice");
	if (json)
		putchar('[');
	for (i = optind; i < argc; i++) {
		struct ipe_policy *p;
		struct ipe_diag d;
		int rc = policy_load(argv[i], &p, &d);

		if (json)
			put_json(argv[i], rc, p, &d, i == optind);
		else if (rc == EXIT_OK && !quiet)
			printf("%s: ok: policy '%s' version %u.%u.%u, %u rule%s\n",
			       input_display_name(argv[i]), p->name, p->version[0], p->version[1],
			       p->version[2], p->nrules, p->nrules == 1 ? "" : "s");
		ipe_policy_free(p);
		/* An unreadable file outranks an invalid one. */
		if (rc > status)
			status = rc;
	}
	if (json)
		printf("\n]\n");
	return status;
}
