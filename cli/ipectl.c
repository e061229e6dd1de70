// SPDX-License-Identifier: GPL-2.0-only
/*
 * ipectl: administer IPE policies.  The policy group is a thin layer over
 * libipe; the administration commands talk only to the control files.  This
 * file only dispatches.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "ipectl.h"
#include "tree_cmd.h"

static const char usage[] =
	"Usage: ipectl [--help] [--version] COMMAND [ARGS]\n"
	"\n"
	"Offline work on policy files:\n"
	"  policy         check, format, evaluate, sign and verify (a group of commands)\n"
	"  gen            write a policy that allows given volumes, files or boot\n"
	"\n"
	"Administration through the control files (kernel IPE's, or iped's):\n"
	"  deploy         load a signed policy, and with --activate activate it\n"
	"  update         replace a loaded policy with a newer signed version\n"
	"  activate       make a loaded policy the active one\n"
	"  delete         unload a policy that is not active\n"
	"  list           the loaded policies\n"
	"  show           one policy: version, state, digest, or its text\n"
	"  enforce        print or set enforcing mode\n"
	"  success-audit  print or set auditing of allowed events\n"
	"  status         the control tree at a glance\n"
	"  load-dir       load /etc/ipe and its siblings as systemd does at boot\n"
	"\n"
	"Audit records:\n"
	"  explain        why a 1420 record was decided so, and what would allow it\n"
	"\n"
	"Run 'ipectl COMMAND --help' for details.\n"
	"Exit status: 0 success, 1 invalid policy or refused by the control files,\n"
	"2 usage or I/O error, 3 the evaluated decision is DENY.\n";

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
	const struct tree_cmd *tc;

	if (argc < 2)
		return usage_error("ipectl", "missing command");
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
	if (!strcmp(argv[1], "explain"))
		return cmd_explain(argc - 1, argv + 1);
	if (!strcmp(argv[1], "gen"))
		return cmd_gen(argc - 1, argv + 1);
	tc = tree_cmd_find(argv[1]);
	if (tc)
		return tree_cmd_main(tc, argc - 1, argv + 1);
	return usage_error("ipectl", "unknown command '%s'", argv[1]);
}
