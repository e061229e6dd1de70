// SPDX-License-Identifier: GPL-2.0-only
#include "output.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fileio.h"

int output_write(const char *path, const void *buf, size_t len)
{
	size_t n = strlen(path) + sizeof(".XXXXXX");
	char *tmp;
	int fd, saved;

	if (!strcmp(path, "-")) {
		if (write_full(STDOUT_FILENO, buf, len) == 0)
			return 0;
		fprintf(stderr, "ipectl: <stdout>: %s\n", strerror(errno));
		return -1;
	}
	tmp = malloc(n);
	if (!tmp) {
		fprintf(stderr, "ipectl: %s: out of memory\n", path);
		return -1;
	}
	snprintf(tmp, n, "%s.XXXXXX", path);
	fd = mkstemp(tmp);
	if (fd >= 0 && write_full(fd, buf, len) == 0 && fchmod(fd, 0644) == 0 &&
	    fsync(fd) == 0 && close(fd) == 0) {
		fd = -1;
		if (rename(tmp, path) == 0) {
			free(tmp);
			return 0;
		}
	}
	saved = errno;
	if (fd >= 0)
		close(fd);
	unlink(tmp);
	free(tmp);
	fprintf(stderr, "ipectl: %s: %s\n", path, strerror(saved));
	return -1;
}
