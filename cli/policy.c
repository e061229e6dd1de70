// SPDX-License-Identifier: GPL-2.0-only
/* ipectl policy: offline work on policy text. */
#include <stdio.h>
#include <string.h>

#include "ipectl.h"
#include "policy.h"

static const char usage[] =
	"Usage: ipectl policy COMMAND [ARGS]\n"
	"\n"
	"Commands:\n"
	"  check FILE...   validate policies exactly as kernel IPE would\n"
	"  fmt FILE        print a policy's canonical text\n"
	"  eval FILE ...   decide one event against a policy\n"
	"  lint FILE...    warn of rules and defaults that do not do what they seem to\n"
	"  sign FILE       sign a policy for new_policy and update\n"
	"  verify FILE     check a signed policy as kernel IPE would\n"
	"  test FILE PATH  dry run: decide the files under PATH on this system\n"
	"  diff OLD NEW    what changes between two policies, rule by rule\n"
	"\n"
	"FILE '-' reads standard input.  Run 'ipectl policy COMMAND --help' for details.\n";

int cmd_policy(int argc, char **argv)
{
	static const struct {
		const char *name;
		int (*run)(int argc, char **argv);
	} cmds[] = {
		{ "check", policy_check },
		{ "fmt", policy_fmt },
		{ "eval", policy_eval },
		{ "lint", policy_lint },
		{ "sign", policy_sign },
		{ "verify", policy_verify },
		{ "test", policy_test },
		{ "diff", policy_diff },
	};
	size_t i;

	if (argc < 2)
		return usage_error("ipectl policy", "missing command");
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		fputs(usage, stdout);
		return EXIT_OK;
	}
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		if (!strcmp(argv[1], cmds[i].name))
			return cmds[i].run(argc - 1, argv + 1);
	return usage_error("ipectl policy", "unknown command '%s'", argv[1]);
}
