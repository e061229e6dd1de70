// SPDX-License-Identifier: GPL-2.0-only
#include "caller.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define CAP_MAC_ADMIN_BIT 33

static dev_t userns_dev;
static ino_t userns_ino;

int caller_init(void)
{
	struct stat s;

	if (stat("/proc/self/ns/user", &s))
		return -errno;
	userns_dev = s.st_dev;
	userns_ino = s.st_ino;
	return 0;
}

/* The whole of a small /proc file, NUL-terminated; -1 if unreadable. */
static ssize_t read_proc(pid_t pid, const char *what, char *buf, size_t size)
{
	char path[64];
	ssize_t n, total = 0;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/%s", (int)pid, what);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	while ((size_t)total < size - 1) {
		n = read(fd, buf + total, size - 1 - (size_t)total);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		total += n;
	}
	close(fd);
	buf[total] = 0;
	return total;
}

static uint32_t audit_id(pid_t pid, const char *what)
{
	char buf[32], *end;
	unsigned long v;

	if (read_proc(pid, what, buf, sizeof(buf)) <= 0)
		return IPE_AUDIT_UNSET;
	errno = 0;
	v = strtoul(buf, &end, 10);
	if (errno || end == buf || v > UINT32_MAX)
		return IPE_AUDIT_UNSET;
	return (uint32_t)v;
}

static bool in_initial_userns(pid_t pid)
{
	char path[64];
	struct stat s;

	snprintf(path, sizeof(path), "/proc/%d/ns/user", (int)pid);
	return !stat(path, &s) && s.st_dev == userns_dev && s.st_ino == userns_ino;
}

static bool has_mac_admin(pid_t pid)
{
	char buf[4096], *line;
	uint64_t caps;

	if (read_proc(pid, "status", buf, sizeof(buf)) <= 0)
		return false;
	line = strstr(buf, "\nCapEff:\t");
	if (!line || sscanf(line + 9, "%" SCNx64, &caps) != 1)
		return false;
	return caps >> CAP_MAC_ADMIN_BIT & 1;
}

void caller_identify(pid_t pid, struct ipe_actor *out)
{
	out->privileged = false;
	out->auid = out->ses = IPE_AUDIT_UNSET;
	if (pid <= 0)
		return;
	/*
	 * The caller sleeps in its system call until we answer, so /proc/PID is
	 * still its own; one killed meanwhile reads as unprivileged.
	 */
	out->privileged = has_mac_admin(pid) && in_initial_userns(pid);
	out->auid = audit_id(pid, "loginuid");
	out->ses = audit_id(pid, "sessionid");
}
