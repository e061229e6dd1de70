/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The kernel's active LSM list, /sys/kernel/security/lsm: "a,b,c".
 */
#ifndef IPE_LSM_H
#define IPE_LSM_H

#include <stdbool.h>
#include <stddef.h>

#define LSM_LIST_PATH "/sys/kernel/security/lsm"

/* The list into BUF (NUL-terminated, no newline): 0 or a negative errno. */
int lsm_list_read(char *buf, size_t size);

/* Is NAME one of LIST's comma-separated entries? */
bool lsm_listed(const char *list, const char *name);

#endif
