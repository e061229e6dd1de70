// SPDX-License-Identifier: GPL-2.0-only
#include "lsm.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>

#include "fileio.h"

int lsm_list_read(char *buf, size_t size)
{
	char *list = NULL;
	size_t len = 0;
	int err = read_file_at(AT_FDCWD, LSM_LIST_PATH, 0, &list, &len);

	if (err)
		return err;
	list[strcspn(list, "\n")] = 0;
	if (strlen(list) >= size)
		err = -ENAMETOOLONG;
	else
		strcpy(buf, list);
	free(list);
	return err;
}

bool lsm_listed(const char *list, const char *name)
{
	size_t n = strlen(name);

	for (const char *p = list; p; p = strchr(p, ',') ? strchr(p, ',') + 1 : NULL)
		if (!strncmp(p, name, n) && (p[n] == ',' || !p[n]))
			return true;
	return false;
}
