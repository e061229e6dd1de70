/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vmprobe's verbs and the helpers they share.  Every verb performs one
 * action and prints its outcome as one word on stdout: "ok" or the errno
 * name of the call the action hinged on (the first step that failed).  A
 * failure that is not the thing being measured (bad arguments, a set-up
 * step, a victim that vanished) goes to stderr and exits 2 instead, so a
 * scenario never mistakes a broken probe for a refusal.
 */
#ifndef VMPROBE_H
#define VMPROBE_H

/*
 * One verb: "vmprobe NAME ARGS", with min_args..max_args arguments after
 * NAME.  run gets those arguments and mode, which lets one function serve
 * several verbs that differ in one detail.  args and what are the usage
 * text; a '\n' in what continues the description on the next line.
 */
struct verb {
	const char *name;
	int min_args, max_args;
	int (*run)(char **args, int nargs, int mode);
	int mode;
	const char *args;
	const char *what;
};

/* Declares a verb's run function; many ignore nargs or mode. */
#define VERB_FN(fn) \
	int fn(char **args, int nargs __attribute__((unused)), int mode __attribute__((unused)))

/* Each table ends with an entry whose name is NULL. */
extern const struct verb core_verbs[];	/* exec, mmap, control files, modules */
extern const struct verb bpf_verbs[];	/* bpf(2) on objects and programs */
extern const struct verb proc_verbs[];	/* signals, ptrace, memory, rlimits */
extern const struct verb fs_verbs[];	/* mounts and directory entries */

/* Print "ok" (err == 0) or err's name; returns 0, the exit status. */
int outcome(int err);

/* outcome() of a call that returned ret: errno when ret < 0. */
int outcome_of(long ret);

/* Report a failure that is not the outcome (errno's text); returns 2. */
int setup_error(const char *what, const char *arg);

/* Report bad arguments to a verb; returns 2. */
int usage_error(const char *verb, const char *why, const char *arg);

/*
 * Parse ARG as a decimal number in [min, max] into *out; 0 on success,
 * -1 (after a message naming VERB) when it is not one.
 */
int parse_number(const char *verb, const char *arg, long long min, long long max,
		 long long *out);

#endif
