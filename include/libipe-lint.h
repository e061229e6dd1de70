/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libipe lint: what is legal in a policy but almost certainly not meant.
 *
 * Contract:
 *  - ipe_lint() is a pure function of a parsed policy and the options: no
 *    I/O, no global state.  The same input gives the same report.
 *  - Every warning is true under the stated assumptions, never a guess:
 *    rule reachability is decided with ipe_prop_holds() (the kernel's
 *    truth table) over every distinct case an event can present, with the
 *    kernel's property providers when they are known (kernel_known), else
 *    with all of them.  A rule that only a missing provider stops from
 *    matching is unsupported-property, not never-matches; it shadows
 *    nothing and decides nothing.
 *  - Cost grows with the number of rules, not its square: a policy of
 *    100,000 digest rules is linted in well under a second.
 *  - Each class has a stable name (ipe_lint_class_name) that scripts may
 *    match on; the message text may change.
 */
#ifndef LIBIPE_LINT_H
#define LIBIPE_LINT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "libipe.h"

#ifdef __cplusplus
extern "C" {
#endif

enum ipe_lint_class {
	IPE_LINT_NEVER_MATCHES,		/* its properties contradict each other */
	IPE_LINT_DUPLICATE,		/* the same op, action and properties as an earlier rule */
	IPE_LINT_SHADOWED,		/* earlier rules decide every event it matches */
	IPE_LINT_REDUNDANT_DEFAULT,	/* the default it falls back to decides the same */
	IPE_LINT_BOOT_VERIFIED_AFTER_SWITCH_ROOT,	/* boot_verified=TRUE at runtime */
	IPE_LINT_UNSUPPORTED_PROPERTY,	/* the kernel lacks the property's provider */
	IPE_LINT_DIGEST_LENGTH,		/* a digest no kernel can present */
	IPE_LINT_DEFAULT_ALLOW_EXECUTE,	/* unverified executables fall to DEFAULT action=ALLOW */
};
#define IPE_LINT_CLASS_COUNT (IPE_LINT_DEFAULT_ALLOW_EXECUTE + 1)

enum ipe_lint_stage {
	IPE_LINT_STAGE_RUNTIME,		/* active after switch_root (the usual case) */
	IPE_LINT_STAGE_INITRAMFS,	/* active while the initramfs is the root */
};

struct ipe_lint_options {
	uint8_t stage;			/* enum ipe_lint_stage */
	bool kernel_known;		/* providers says what the kernel has */
	unsigned providers;		/* enum ipe_provider bits; read when kernel_known */
};

struct ipe_lint_warning {
	uint8_t cls;			/* enum ipe_lint_class */
	uint32_t line, col;		/* the rule, or the DEFAULT statement */
	const char *msg;		/* one line, printable ASCII, no class name */
	const uint32_t *related;	/* lines of the other statements involved */
	uint32_t nrelated;		/* ascending, no repeats */
};

struct ipe_lint_report {
	const struct ipe_lint_warning *warnings;	/* by line, then column, then class */
	size_t count;
	struct ipe_arena *arena;	/* private */
};

/*
 * Lint P.  Returns 0 and a report in *OUT (free it with
 * ipe_lint_report_free), or -ENOMEM with *OUT = NULL.
 */
int ipe_lint(const struct ipe_policy *p, const struct ipe_lint_options *o,
	     struct ipe_lint_report **out);
void ipe_lint_report_free(struct ipe_lint_report *r);

/* "never-matches", "duplicate", ...; NULL for a value out of range. */
const char *ipe_lint_class_name(enum ipe_lint_class c);

/*
 * The property providers a kernel configuration (the text of a .config,
 * /boot/config-*, or /proc/config.gz uncompressed) gives, in *PROVIDERS:
 *   dmverity_roothash   CONFIG_DM_VERITY=y or =m
 *   dmverity_signature  CONFIG_DM_VERITY_VERIFY_ROOTHASH_SIG=y
 *   fsverity_digest     CONFIG_FS_VERITY=y
 *   fsverity_signature  CONFIG_FS_VERITY_BUILTIN_SIGNATURES=y
 * LEN bytes at TEXT, any bytes (NUL included).  Returns 0, or -EINVAL when
 * the text has no CONFIG_NAME=VALUE line at all and so is no configuration.
 */
int ipe_kconfig_providers(const void *text, size_t len, unsigned *providers);

#ifdef __cplusplus
}
#endif

#endif
