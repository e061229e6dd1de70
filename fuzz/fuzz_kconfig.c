// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer target for the kernel configuration reader the lint uses
 * (ipe_kconfig_providers).  Any bytes: no crash, leak or undefined
 * behaviour; the result is 0 with providers among the four, or -EINVAL
 * with none.  And a later line wins: the input followed by a line that
 * sets or clears an option reads as a configuration with that option so.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libipe-lint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int read_with(const uint8_t *data, size_t size, const char *tail, unsigned *providers)
{
	size_t n = strlen(tail);
	char *buf = malloc(size + n + 1);
	int rc;

	if (!buf)
		abort();
	if (size)
		memcpy(buf, data, size);
	memcpy(buf + size, tail, n);
	rc = ipe_kconfig_providers(buf, size + n, providers);
	free(buf);
	return rc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned got, set, cleared;
	int rc = ipe_kconfig_providers(data, size, &got);

	if ((rc != 0 && rc != -EINVAL) || (got & ~IPE_PROVIDERS_ALL) || (rc && got))
		abort();
	if (read_with(data, size, "\nCONFIG_FS_VERITY=y\n", &set) ||
	    read_with(data, size, "\n# CONFIG_FS_VERITY is not set\n", &cleared))
		abort();
	if (!(set & IPE_PROVIDER_FSV) || (cleared & IPE_PROVIDER_FSV))
		abort();
	/* The other options keep what the input said. */
	if ((set & ~IPE_PROVIDER_FSV) != (got & ~IPE_PROVIDER_FSV) ||
	    (cleared & ~IPE_PROVIDER_FSV) != (got & ~IPE_PROVIDER_FSV))
		abort();
	return 0;
}
