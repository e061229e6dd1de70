/* SPDX-License-Identifier: GPL-2.0-only */
/* What the ipectl command groups share: exit codes and usage errors. */
#ifndef IPECTL_H
#define IPECTL_H

/* Exit codes, the same for every command. */
enum {
	EXIT_OK = 0,
	EXIT_INVALID = 1,	/* an input is not a valid policy */
	/*
	 * The control files refused an operation (any errno from opening,
	 * reading or writing them).  The same value as EXIT_INVALID: both say
	 * "the input was understood and the answer is no".
	 */
	EXIT_REFUSED = 1,
	EXIT_USAGE = 2,		/* bad arguments, unreadable file, out of memory */
	EXIT_DENY = 3,		/* policy eval decided DENY */
};

/* "ipectl CMD: MSG" and a pointer to --help on stderr; returns EXIT_USAGE. */
int usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

int cmd_policy(int argc, char **argv);
int cmd_explain(int argc, char **argv);
int cmd_gen(int argc, char **argv);

#endif
