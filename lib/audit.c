// SPDX-License-Identifier: LGPL-2.1-or-later
#include "audit.h"

#include <stdbool.h>

static bool needs_hex(const unsigned char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] == '"' || s[i] < 0x21 || s[i] > 0x7e)
			return true;
	return false;
}

void ipe_audit_untrusted(struct ipe_strbuf *sb, const void *s, size_t n)
{
	if (needs_hex(s, n)) {
		ipe_strbuf_hex(sb, s, n, true);
		return;
	}
	ipe_strbuf_append(sb, "\"", 1);
	ipe_strbuf_append(sb, s, n);
	ipe_strbuf_append(sb, "\"", 1);
}
