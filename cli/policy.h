/* SPDX-License-Identifier: GPL-2.0-only */
/* The commands of 'ipectl policy'; each takes its own argv[0] = its name. */
#ifndef IPECTL_POLICY_H
#define IPECTL_POLICY_H

int policy_check(int argc, char **argv);
int policy_fmt(int argc, char **argv);
int policy_eval(int argc, char **argv);
int policy_lint(int argc, char **argv);
int policy_sign(int argc, char **argv);
int policy_verify(int argc, char **argv);
int policy_test(int argc, char **argv);
int policy_diff(int argc, char **argv);

#endif
