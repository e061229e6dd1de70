// SPDX-License-Identifier: GPL-2.0-only
#include "tree_cmd.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "ipectl.h"

static const struct tree_cmd *const cmds[] = {
	&tree_cmd_deploy, &tree_cmd_update, &tree_cmd_activate, &tree_cmd_delete,
	&tree_cmd_list, &tree_cmd_show, &tree_cmd_enforce, &tree_cmd_success_audit,
	&tree_cmd_status, &tree_cmd_load_dir,
};

const struct tree_cmd *tree_cmd_find(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		if (!strcmp(name, cmds[i]->name))
			return cmds[i];
	return NULL;
}

/* One table for every command; each gets the rows its flags allow. */
static const struct {
	struct option opt;
	unsigned flag;		/* 0: every command takes it */
} all_opts[] = {
	{ { "root", required_argument, NULL, 'r' }, 0 },
	{ { "help", no_argument, NULL, 'h' }, 0 },
	{ { "json", no_argument, NULL, 'j' }, TREE_OPT_JSON },
	{ { "activate", no_argument, NULL, 'a' }, TREE_OPT_ACTIVATE },
	{ { "text", no_argument, NULL, 't' }, TREE_OPT_TEXT },
	{ { "dry-run", no_argument, NULL, 'n' }, TREE_OPT_DRY_RUN },
};
#define NOPTS (sizeof(all_opts) / sizeof(all_opts[0]))

int tree_cmd_main(const struct tree_cmd *c, int argc, char **argv)
{
	struct option opts[NOPTS + 1] = { { 0 } };
	char shorts[16] = "+hr:";
	const char *root = NULL;
	struct tree_args a = { 0 };
	char prog[64];
	size_t i, n = 0;
	int ch, nargs;

	snprintf(prog, sizeof(prog), "ipectl %s", c->name);
	for (i = 0; i < NOPTS; i++)
		if (!all_opts[i].flag || (c->opts & all_opts[i].flag))
			opts[n++] = all_opts[i].opt;
	if (c->opts & TREE_OPT_ACTIVATE)
		strcat(shorts, "a");
	if (c->opts & TREE_OPT_DRY_RUN)
		strcat(shorts, "n");

	optind = 0;
	while ((ch = getopt_long(argc, argv, shorts, opts, NULL)) != -1) {
		switch (ch) {
		case 'r':
			root = optarg;
			break;
		case 'j':
			a.json = true;
			break;
		case 'a':
			a.activate = true;
			break;
		case 't':
			a.text = true;
			break;
		case 'n':
			a.dry_run = true;
			break;
		case 'h':
			fputs(c->usage, stdout);
			return EXIT_OK;
		default:
			return usage_error(prog, "invalid option");
		}
	}
	nargs = argc - optind;
	if (nargs < c->min_args || (c->max_args >= 0 && nargs > c->max_args))
		return *c->operands ? usage_error(prog, "expected %s", c->operands)
				    : usage_error(prog, "takes no operands");
	if (tree_open(&a.tree, prog, root))
		return EXIT_USAGE;
	a.argc = nargs;
	a.argv = argv + optind;
	return c->run(&a);
}
