// SPDX-License-Identifier: LGPL-2.1-or-later
#include "kernel_hashes.h"

#include <strings.h>
#include <string.h>

/*
 * Kernel crypto API hash names (cra_name) and digest sizes: the names
 * dm-verity accepts for its hash and so reports with a root hash.  Hashes
 * the kernel has dropped (md4, tgr*) and checksums are left out: no
 * verity device is set up with them.
 */
static const struct {
	const char *name;
	uint32_t size;
} algs[] = {
	{ "md5", 16 },
	{ "sha1", 20 },
	{ "rmd160", 20 },
	{ "sha224", 28 },
	{ "sha256", 32 },
	{ "sha384", 48 },
	{ "sha512", 64 },
	{ "sha3-224", 28 },
	{ "sha3-256", 32 },
	{ "sha3-384", 48 },
	{ "sha3-512", 64 },
	{ "sm3", 32 },
	{ "streebog256", 32 },
	{ "streebog512", 64 },
	{ "blake2b-160", 20 },
	{ "blake2b-256", 32 },
	{ "blake2b-384", 48 },
	{ "blake2b-512", 64 },
	{ "wp256", 32 },
	{ "wp384", 48 },
	{ "wp512", 64 },
};

uint32_t ipe_hashalg_size(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(algs) / sizeof(algs[0]); i++)
		if (!strcmp(name, algs[i].name))
			return algs[i].size;
	return 0;
}

bool ipe_hashalg_fsverity(const char *name)
{
	return !strcmp(name, "sha256") || !strcmp(name, "sha512");
}

const char *ipe_hashalg_suggest(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(algs) / sizeof(algs[0]); i++)
		if (!strcasecmp(name, algs[i].name))
			return algs[i].name;
	return NULL;
}
