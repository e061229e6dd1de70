/* SPDX-License-Identifier: GPL-2.0-only */
/* String helpers for BPF C, which has no libc. */
#ifndef IPE_BPF_STR_H
#define IPE_BPF_STR_H

#include <stdbool.h>

/* Do the first N bytes of BUF equal WANT's?  (N counts a NUL to compare
 * whole names.) */
static __always_inline bool str_is(const char *buf, const char *want, int n)
{
	for (int i = 0; i < n; i++)
		if (buf[i] != want[i])
			return false;
	return true;
}

#endif
