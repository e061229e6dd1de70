// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The property providers a kernel configuration enables.  The text comes
 * from wherever the caller found it (/boot, /proc/config.gz, the user), so
 * it is read as untrusted bytes: lengths, never NUL termination.
 */
#include <errno.h>
#include <stdbool.h>
#include <string.h>

#include "libipe-lint.h"

static const struct {
	const char *name;
	unsigned bit;
	bool module_ok;		/* =m provides it too */
} options[] = {
	{ "DM_VERITY", IPE_PROVIDER_DMV, true },
	{ "DM_VERITY_VERIFY_ROOTHASH_SIG", IPE_PROVIDER_DMV_SIG, false },
	{ "FS_VERITY", IPE_PROVIDER_FSV, false },
	{ "FS_VERITY_BUILTIN_SIGNATURES", IPE_PROVIDER_FSV_SIG, false },
};
#define NOPTIONS (sizeof(options) / sizeof(options[0]))

static bool starts(const char *s, size_t len, const char *prefix)
{
	size_t n = strlen(prefix);

	return len >= n && memcmp(s, prefix, n) == 0;
}

static bool equals(const char *s, size_t len, const char *word)
{
	return len == strlen(word) && memcmp(s, word, len) == 0;
}

static int option_index(const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < NOPTIONS; i++)
		if (equals(name, len, options[i].name))
			return (int)i;
	return -1;
}

/*
 * One line: "CONFIG_NAME=VALUE" sets NAME, "# CONFIG_NAME is not set" clears
 * it; a later line wins, as when the kernel build reads the file.  Returns
 * whether the line was either form.
 */
static bool read_line(const char *s, size_t len, char value[NOPTIONS])
{
	static const char unset[] = " is not set";
	const char *eq;
	int i;

	while (len && (s[len - 1] == '\r' || s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	if (starts(s, len, "CONFIG_")) {
		eq = memchr(s, '=', len);
		if (!eq || eq == s + 7)
			return false;
		i = option_index(s + 7, (size_t)(eq - s) - 7);
		if (i >= 0) {
			const char *v = eq + 1;
			size_t vlen = len - (size_t)(v - s);

			value[i] = equals(v, vlen, "y") ? 'y' : equals(v, vlen, "m") ? 'm' : 0;
		}
		return true;
	}
	if (starts(s, len, "# CONFIG_") && len > 9 + sizeof(unset) - 1 &&
	    equals(s + len - (sizeof(unset) - 1), sizeof(unset) - 1, unset)) {
		i = option_index(s + 9, len - 9 - (sizeof(unset) - 1));
		if (i >= 0)
			value[i] = 0;
		return true;
	}
	return false;
}

int ipe_kconfig_providers(const void *text, size_t len, unsigned *providers)
{
	char value[NOPTIONS] = { 0 };
	const char *s = text;
	size_t at = 0, i;
	bool any = false;

	while (at < len) {
		const char *nl = memchr(s + at, '\n', len - at);
		size_t eol = nl ? (size_t)(nl - s) : len;

		any |= read_line(s + at, eol - at, value);
		at = eol + 1;
	}
	*providers = 0;
	if (!any)
		return -EINVAL;
	for (i = 0; i < NOPTIONS; i++)
		if (value[i] == 'y' || (value[i] == 'm' && options[i].module_ok))
			*providers |= options[i].bit;
	return 0;
}
