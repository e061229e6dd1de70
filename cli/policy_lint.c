// SPDX-License-Identifier: GPL-2.0-only
/* ipectl policy lint: valid policies that almost certainly do not say what was meant. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include <libipe-lint.h>

#include "input.h"
#include "ipectl.h"
#include "json.h"
#include "kernel_config.h"
#include "load.h"
#include "policy.h"

#define CMD "ipectl policy lint"

static const char usage[] =
	"Usage: " CMD " [--strict] [--json] [--stage initramfs|runtime]\n"
	"                          [--kernel-config FILE] FILE...\n"
	"\n"
	"Check each valid FILE ('-' = standard input) for rules that can never\n"
	"decide anything, defaults that make rules pointless, properties the kernel\n"
	"cannot provide and digests no kernel presents.  Each warning is printed as\n"
	"  FILE:LINE:COL: warning: MESSAGE [CLASS]\n"
	"with the line and a caret.  Invalid files are reported as 'policy check' does.\n"
	"\n"
	"  --strict              exit 1 when there is any warning\n"
	"  --json                one JSON object per file on stdout, in an array\n"
	"  --stage STAGE         when the policy is active: runtime (default: after\n"
	"                        switch_root) or initramfs (before it)\n"
	"  --kernel-config FILE  the kernel's configuration (plain or gzip); default\n"
	"                        /boot/config-$(uname -r), else /proc/config.gz\n"
	"\n"
	"Classes: never-matches duplicate shadowed redundant-default\n"
	"  boot-verified-after-switch-root unsupported-property digest-length\n"
	"  default-allow-execute\n"
	"\n"
	"Exit status: 0 no invalid file (warnings allowed without --strict), 1 an\n"
	"invalid file or, with --strict, a warning, 2 unreadable file or bad usage.\n";

struct lint_args {
	struct ipe_lint_options opts;
	const char *kernel_config;
	bool strict, json;
};

static int parse_args(int argc, char **argv, struct lint_args *a)
{
	enum { OPT_STRICT = 256, OPT_JSON, OPT_STAGE, OPT_KCONFIG };
	static const struct option opts[] = {
		{ "strict", no_argument, NULL, OPT_STRICT },
		{ "json", no_argument, NULL, OPT_JSON },
		{ "stage", required_argument, NULL, OPT_STAGE },
		{ "kernel-config", required_argument, NULL, OPT_KCONFIG },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	int c;

	optind = 0;
	while ((c = getopt_long(argc, argv, "+h", opts, NULL)) != -1) {
		switch (c) {
		case OPT_STRICT:
			a->strict = true;
			break;
		case OPT_JSON:
			a->json = true;
			break;
		case OPT_STAGE:
			if (!strcmp(optarg, "runtime"))
				a->opts.stage = IPE_LINT_STAGE_RUNTIME;
			else if (!strcmp(optarg, "initramfs"))
				a->opts.stage = IPE_LINT_STAGE_INITRAMFS;
			else
				return usage_error(CMD, "unknown stage '%s': expected runtime or initramfs",
						   optarg);
			break;
		case OPT_KCONFIG:
			if (a->kernel_config)
				return usage_error(CMD, "--kernel-config given twice");
			a->kernel_config = optarg;
			break;
		case 'h':
			fputs(usage, stdout);
			return -1;
		default:
			return usage_error(CMD, "invalid option");
		}
	}
	if (optind == argc)
		return usage_error(CMD, "no FILE given");
	if (input_stdin_twice(argv + optind, argc - optind,
			      a->kernel_config && !strcmp(a->kernel_config, "-")))
		return usage_error(CMD, "standard input ('-') given twice");
	return EXIT_OK;
}

static void put_text(const struct input *in, const struct ipe_lint_report *rep)
{
	struct diag_cursor c = DIAG_CURSOR_INIT;
	size_t i;

	for (i = 0; i < rep->count; i++) {
		const struct ipe_lint_warning *w = &rep->warnings[i];

		printf("%s:%u:%u: warning: %s [%s]\n", in->name, w->line, w->col, w->msg,
		       ipe_lint_class_name(w->cls));
		diag_excerpt(stdout, in, &c, w->line, w->col);
	}
}

static void put_json_warnings(const struct ipe_lint_report *rep)
{
	size_t i;
	uint32_t k;

	printf(", \"valid\": true, \"warnings\": [");
	for (i = 0; i < rep->count; i++) {
		const struct ipe_lint_warning *w = &rep->warnings[i];

		printf("%s\n    {\"class\": \"%s\", \"line\": %u, \"column\": %u, \"message\": ",
		       i ? "," : "", ipe_lint_class_name(w->cls), w->line, w->col);
		json_cstr(stdout, w->msg);
		printf(", \"related\": [");
		for (k = 0; k < w->nrelated; k++)
			printf("%s%u", k ? ", " : "", w->related[k]);
		printf("]}");
	}
	printf("%s]", rep->count ? "\n  " : "");
}

/* Lint one file; returns its exit status. */
static int lint_file(const char *path, const struct lint_args *a, bool first)
{
	struct ipe_lint_report *rep = NULL;
	struct ipe_policy *p;
	struct ipe_diag d;
	struct input in;
	int rc = policy_load_input(path, &in, &p, &d);

	if (rc == EXIT_OK && ipe_lint(p, &a->opts, &rep)) {
		fprintf(stderr, "ipectl: %s: out of memory\n", in.name);
		rc = EXIT_USAGE;
	}
	if (a->json) {
		printf("%s\n  {\"file\": ", first ? "" : ",");
		json_cstr(stdout, input_display_name(path));
		if (rep)
			put_json_warnings(rep);
		else
			diag_json_failure(stdout, rc, &d);
		putchar('}');
	} else if (rep) {
		put_text(&in, rep);
	}
	if (rep && rep->count && a->strict)
		rc = EXIT_INVALID;
	ipe_lint_report_free(rep);
	ipe_policy_free(p);
	input_free(&in);
	return rc;
}

int policy_lint(int argc, char **argv)
{
	struct lint_args a = { 0 };
	struct kernel_config kc;
	int rc, i, status = EXIT_OK;

	rc = parse_args(argc, argv, &a);
	if (rc)
		return rc < 0 ? EXIT_OK : rc;
	rc = kernel_config_load(a.kernel_config, &kc);
	if (rc)
		return rc;
	if (!kc.found)
		fprintf(stderr, CMD ": note: no kernel configuration found (/boot/config-$(uname -r), "
				"/proc/config.gz): unsupported-property not checked\n");
	a.opts.kernel_known = kc.found;
	a.opts.providers = kc.providers;
	if (a.json)
		putchar('[');
	for (i = optind; i < argc; i++) {
		rc = lint_file(argv[i], &a, i == optind);
		/* An unreadable file outranks an invalid one. */
		if (rc > status)
			status = rc;
	}
	if (a.json)
		printf("\n]\n");
	return status;
}
