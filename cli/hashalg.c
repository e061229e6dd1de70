// SPDX-License-Identifier: GPL-2.0-only
#include "hashalg.h"

#include <errno.h>
#include <string.h>

#include <openssl/err.h>

#include "kernel_hashes.h"

static int name_check(const char *name)
{
	size_t n = strlen(name), i;

	if (!n || n > HASHALG_NAME_MAX)
		return -EINVAL;
	for (i = 0; i < n; i++)
		if (!((name[i] >= 'a' && name[i] <= 'z') || (name[i] >= '0' && name[i] <= '9') ||
		      name[i] == '-'))
			return -EINVAL;
	return 0;
}

int hashalg_fetch(const char *name, EVP_MD **md)
{
	int err = name_check(name);

	*md = NULL;
	if (err)
		return err;
	ERR_set_mark();
	*md = EVP_MD_fetch(NULL, name, NULL);
	ERR_pop_to_mark();	/* "unsupported" is an answer here, not an error to keep */
	if (*md && !(EVP_MD_get_flags(*md) & EVP_MD_FLAG_XOF) && EVP_MD_get_size(*md) > 0)
		return 0;
	EVP_MD_free(*md);
	*md = NULL;
	return -ENOENT;
}

/* The kernel's names and sizes, as policy lint knows them: one table. */
int hashalg_check_len(const char *name, size_t len)
{
	int err = name_check(name);
	uint32_t size;

	if (err)
		return err;
	size = ipe_hashalg_size(name);
	if (!size)
		return -ENOENT;
	return size == len ? 0 : -ERANGE;
}

const char *hashalg_strerror(int err)
{
	switch (err) {
	case -EINVAL:
		return "not a kernel hash algorithm name (lower-case letters, digits and '-')";
	case -ENOENT:
		return "unknown hash algorithm";
	case -ERANGE:
		return "the digest length does not fit the algorithm";
	default:
		return strerror(-err);
	}
}
