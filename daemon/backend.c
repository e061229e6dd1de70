// SPDX-License-Identifier: GPL-2.0-only
#include <string.h>

#include "backend.h"

static const struct backend *const backends[] = {
	&backend_bpf,
	&backend_none,
};

const struct backend *backend_find(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(backends) / sizeof(backends[0]); i++)
		if (!strcmp(backends[i]->name, name))
			return backends[i];
	return NULL;
}
