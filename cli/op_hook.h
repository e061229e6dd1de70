/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * --op and --hook as every command that decides events takes them.
 *
 * Contract:
 *  - One spelling of the names (ipe_op_name, ipe_hook_name, plus "UNKNOWN"
 *    for an op the kernel does not know) for every command.
 *  - A pair no kernel produces (EXECUTE at a kernel-read hook, another op at
 *    an exec hook) is refused as a usage error, never answered.
 *  - Each call returns EXIT_OK, or EXIT_USAGE after usage_error(CMD, ...).
 */
#ifndef IPECTL_OP_HOOK_H
#define IPECTL_OP_HOOK_H

#include <stdbool.h>
#include <stdint.h>

struct op_hook {
	uint8_t op;		/* enum ipe_op, IPE_OP_INVALID for UNKNOWN */
	uint8_t hook;		/* enum ipe_hook */
	bool op_set, hook_set;
};

int op_hook_parse_op(const char *cmd, const char *arg, struct op_hook *oh);
int op_hook_parse_hook(const char *cmd, const char *arg, struct op_hook *oh);

/*
 * After the options: the hook defaults to BPRM_CHECK for EXECUTE and to
 * KERNEL_READ otherwise; an impossible pair is refused.  The op itself must
 * have been set by the caller (or defaulted) first.
 */
int op_hook_settle(const char *cmd, struct op_hook *oh);

#endif
