// SPDX-License-Identifier: GPL-2.0-only
#include "pin_dir.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "ipe-bpf.h"

int pin_dir_each(const char *prefix, int (*fn)(const char *path, const char *name, void *ctx),
		 void *ctx)
{
	DIR *dir = opendir(IPE_BPF_PIN_DIR);
	size_t len = strlen(prefix);
	struct dirent *de;
	int err = 0;

	if (!dir)
		return -errno;
	while (!err && (de = readdir(dir))) {
		char path[512];

		if (de->d_name[0] == '.' || strncmp(de->d_name, prefix, len))
			continue;
		if (snprintf(path, sizeof(path), IPE_BPF_PIN_DIR "/%s", de->d_name) >=
		    (int)sizeof(path))
			err = -ENAMETOOLONG;
		else
			err = fn(path, de->d_name, ctx);
	}
	closedir(dir);
	return err;
}

static int unpin(const char *path, const char *name, void *ctx)
{
	(void)name;
	(void)ctx;
	unlink(path);
	return 0;
}

void pin_dir_unpin(const char *prefix)
{
	pin_dir_each(prefix, unpin, NULL);
}
