// SPDX-License-Identifier: GPL-2.0-only
/*
 * ipectl: administer IPE policies.  Every command is a thin layer over
 * libipe; this file only dispatches to the command groups.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "ipectl.h"

static const char usage[] =
	"Usage: ipectl [--help] [--version] GROUP COMMAND [ARGS]\n"
	"\n"
	"Groups:\n"
	"  policy    check, format, evaluate, sign and verify policies offline\n"
	"\n"
	"Run 'ipectl GROUP --help' for the commands of a group.\n"
	"Exit status: 0 success, 1 invalid policy, 2 usage or I/O error,\n"
	"3 the evaluated decision is DENY.\n";

int usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry '%s --help'.\n", cmd);
	return EXIT_USAGE;
}

int main(int argc, char **argv)
{
	if (argc < 2)
		return usage_error("ipectl", "missing command group");
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		fputs(usage, stdout);
		return EXIT_OK;
	}
	if (!strcmp(argv[1], "--version")) {
		printf("ipectl %s\n", IPE_BPF_VERSION);
		return EXIT_OK;
	}
	if (!strcmp(argv[1], "policy"))
		return cmd_policy(argc - 1, argv + 1);
	return usage_error("ipectl", "unknown command group '%s'", argv[1]);
}
