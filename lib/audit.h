/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Text the kernel's audit subsystem would print. */
#ifndef IPE_AUDIT_H
#define IPE_AUDIT_H

#include <stddef.h>

#include "strbuf.h"

/*
 * An "untrusted string": in double quotes when every byte is 0x21..0x7e and
 * none is '"', otherwise the bytes in upper-case hex without quotes.
 */
void ipe_audit_untrusted(struct ipe_strbuf *sb, const void *s, size_t n);

#endif
