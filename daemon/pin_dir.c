// SPDX-License-Identifier: GPL-2.0-only
#include "pin_dir.h"

#include <bpf/libbpf.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "ipe-bpf.h"
#include "log.h"

int pin_dir_path(char *buf, size_t size, const char *kind, const char *name)
{
	int n = snprintf(buf, size, IPE_BPF_PIN_DIR "/%s%s", kind, name);

	return n > 0 && (size_t)n < size ? 0 : -ENAMETOOLONG;
}

int pin_dir_attach(struct bpf_program *prog, int (*pinned)(int link_fd))
{
	struct bpf_link *link = bpf_program__attach(prog);
	char path[256];
	int err;

	if (!link) {
		err = -errno;
		log_msg(LOG_ERR, "attaching %s: %s", bpf_program__name(prog), strerror(-err));
		return err;
	}
	err = pin_dir_path(path, sizeof(path), "link_", bpf_program__name(prog));
	if (!err)
		err = bpf_link__pin(link, path);
	if (!err && pinned)
		err = pinned(bpf_link__fd(link));
	bpf_link__disconnect(link);	/* the pin keeps it */
	bpf_link__destroy(link);
	return err;
}

int pin_dir_maps(struct bpf_object *obj, const char *const *names, int n)
{
	char path[256];

	for (int i = 0; i < n; i++) {
		struct bpf_map *map = bpf_object__find_map_by_name(obj, names[i]);
		int err = pin_dir_path(path, sizeof(path), "map_", names[i]);

		if (!err)
			err = map ? bpf_map__pin(map, path) : -ENOENT;
		if (err)
			return err;
	}
	return 0;
}

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
