/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The commands that administer policies through the control tree: their
 * table, and the option parsing they share (--root, --help and the few
 * flags each takes), so each command only does its own work.
 */
#ifndef IPECTL_TREE_CMD_H
#define IPECTL_TREE_CMD_H

#include <stdbool.h>

#include "tree.h"

/* The --root lines of every command's --help. */
#define TREE_USAGE_ROOT \
	"  -r, --root DIR  the control tree (default: " TREE_ROOT_KERNEL " if it\n" \
	"                  exists, else iped's " TREE_ROOT_IPED ")\n"

/* Flags a command may take besides --root and --help. */
enum {
	TREE_OPT_JSON = 1 << 0,		/* --json */
	TREE_OPT_ACTIVATE = 1 << 1,	/* -a, --activate */
	TREE_OPT_TEXT = 1 << 2,		/* --text */
	TREE_OPT_DRY_RUN = 1 << 3,	/* -n, --dry-run */
};

struct tree_args {
	struct tree tree;	/* opened at --root or the default */
	bool json, activate, text, dry_run;
	int argc;		/* the operands, after the options */
	char **argv;
};

struct tree_cmd {
	const char *name;	/* as typed: "success-audit" */
	const char *usage;	/* the --help text */
	unsigned opts;		/* TREE_OPT_* */
	const char *operands;	/* shown when their count is wrong: "NAME FILE.p7b" */
	int min_args, max_args;	/* max_args < 0: any number */
	int (*run)(struct tree_args *a);	/* returns the exit status */
};

extern const struct tree_cmd tree_cmd_deploy, tree_cmd_update, tree_cmd_activate,
	tree_cmd_delete, tree_cmd_list, tree_cmd_show, tree_cmd_enforce,
	tree_cmd_success_audit, tree_cmd_status, tree_cmd_load_dir;

/* The command called NAME, or NULL. */
const struct tree_cmd *tree_cmd_find(const char *name);

/* Parse ARGV (ARGV[0] = the command's name), open the tree, run. */
int tree_cmd_main(const struct tree_cmd *c, int argc, char **argv);

#endif
