// SPDX-License-Identifier: GPL-2.0-only
/* A dm disk's live table through DM_TABLE_STATUS on the control device. */
#include <errno.h>
#include <fcntl.h>
#include <linux/dm-ioctl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "dm_live.h"
#include "fileio.h"

#define DM_CONTROL "/dev/mapper/control"
#define FIRST_BUFFER 16384
#define LAST_BUFFER (1u << 20)

/* The name sysfs gives a dm disk; -ENODEV for any other block device. */
static int dm_name(dev_t dev, char *name, size_t size)
{
	char path[64], *buf;
	size_t len;

	snprintf(path, sizeof(path), "/sys/dev/block/%u:%u/dm/name", major(dev), minor(dev));
	if (read_file_at(AT_FDCWD, path, 0, &buf, &len))
		return -ENODEV;
	while (len && buf[len - 1] == '\n')
		len--;
	if (len >= size) {
		free(buf);
		return -ENAMETOOLONG;
	}
	memcpy(name, buf, len);
	name[len] = '\0';
	free(buf);
	return 0;
}

/* DM_TABLE_STATUS in table mode into a malloc'd buffer big enough for it. */
static int table_status(int ctl, dev_t dev, struct dm_ioctl **out)
{
	size_t size;

	for (size = FIRST_BUFFER; size <= LAST_BUFFER; size *= 2) {
		struct dm_ioctl *io = calloc(1, size);

		if (!io)
			return -ENOMEM;
		io->version[0] = DM_VERSION_MAJOR;
		io->data_size = (uint32_t)size;
		io->data_start = sizeof(*io);
		io->flags = DM_STATUS_TABLE_FLAG;
		/* The kernel's huge device encoding is glibc's dev_t. */
		io->dev = dev;
		if (ioctl(ctl, DM_TABLE_STATUS, io)) {
			int err = -errno;

			free(io);
			return err;
		}
		if (!(io->flags & DM_BUFFER_FULL_FLAG)) {
			*out = io;
			return 0;
		}
		free(io);
	}
	return -E2BIG;
}

int dm_live_verity(dev_t dev, char *name, size_t name_size, struct dm_verity_target *vt)
{
	const struct dm_target_spec *spec;
	struct dm_ioctl *io = NULL;
	const char *params, *why;
	size_t room;
	int ctl, rc;

	rc = dm_name(dev, name, name_size);
	if (rc)
		return rc;
	ctl = open(DM_CONTROL, O_RDWR | O_CLOEXEC);
	if (ctl < 0)
		return -errno;
	rc = table_status(ctl, dev, &io);
	close(ctl);
	if (rc)
		return rc;
	rc = -ENOENT;
	if (!(io->flags & DM_ACTIVE_PRESENT_FLAG) || io->target_count != 1)
		goto out;
	rc = -EBADMSG;
	if (io->data_start < sizeof(*io) || io->data_size < io->data_start ||
	    io->data_size - io->data_start < sizeof(*spec))
		goto out;
	spec = (const struct dm_target_spec *)((const char *)io + io->data_start);
	rc = -ENOENT;
	if (strncmp(spec->target_type, "verity", sizeof(spec->target_type)))
		goto out;
	params = (const char *)(spec + 1);
	room = io->data_size - io->data_start - sizeof(*spec);
	rc = dm_verity_params_parse(params, strnlen(params, room), vt, &why);
out:
	free(io);
	return rc;
}
