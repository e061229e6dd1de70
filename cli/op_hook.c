// SPDX-License-Identifier: GPL-2.0-only
#include "op_hook.h"

#include <string.h>

#include <libipe.h>

#include "ipectl.h"

int op_hook_parse_op(const char *cmd, const char *arg, struct op_hook *oh)
{
	int v = strcmp(arg, "UNKNOWN") ? ipe_op_from_name(arg) : IPE_OP_INVALID;

	if (v < 0)
		return usage_error(cmd, "unknown op '%s'", arg);
	oh->op = (uint8_t)v;
	oh->op_set = true;
	return EXIT_OK;
}

int op_hook_parse_hook(const char *cmd, const char *arg, struct op_hook *oh)
{
	int v = ipe_hook_from_name(arg);

	if (v < 0)
		return usage_error(cmd, "unknown hook '%s'", arg);
	oh->hook = (uint8_t)v;
	oh->hook_set = true;
	return EXIT_OK;
}

int op_hook_settle(const char *cmd, struct op_hook *oh)
{
	if (!oh->hook_set)
		oh->hook = oh->op == IPE_OP_EXECUTE ? IPE_HOOK_BPRM_CHECK : IPE_HOOK_KERNEL_READ;
	if (!ipe_hook_takes_op(oh->hook, oh->op))
		return usage_error(cmd, "op %s is never evaluated at hook %s", ipe_op_name(oh->op),
				   ipe_hook_name(oh->hook));
	return EXIT_OK;
}
