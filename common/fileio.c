// SPDX-License-Identifier: GPL-2.0-only
#include "fileio.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int write_full(int fd, const void *buf, size_t len)
{
	const unsigned char *p = buf;
	ssize_t n;

	while (len) {
		n = write(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (n == 0) {
			errno = EIO;
			return -EIO;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int read_full(int fd, char **out, size_t *out_len)
{
	size_t cap = 65536, len = 0;
	struct stat st;
	char *buf, *grown;
	ssize_t n;

	/* Size the buffer once for regular files (one spare byte to see EOF). */
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0)
		cap = (size_t)st.st_size + 2;
	buf = malloc(cap);
	if (!buf)
		return -ENOMEM;
	for (;;) {
		if (len + 1 >= cap) {
			if (cap > SIZE_MAX / 2)
				goto nomem;
			grown = realloc(buf, cap * 2);
			if (!grown)
				goto nomem;
			buf = grown;
			cap *= 2;
		}
		n = read(fd, buf + len, cap - len - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int err = -errno;

			free(buf);
			return err;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	buf[len] = 0;
	*out = buf;
	*out_len = len;
	return 0;
nomem:
	free(buf);
	return -ENOMEM;
}

int read_file_at(int dirfd, const char *path, int flags, char **buf, size_t *len)
{
	int err, fd = openat(dirfd, path, O_RDONLY | O_CLOEXEC | flags);

	if (fd < 0)
		return -errno;
	err = read_full(fd, buf, len);
	close(fd);
	return err;
}

int mkdir_parents(const char *dir, mode_t mode)
{
	char *copy = strdup(dir), *p;
	int err = 0;

	if (!copy)
		return -ENOMEM;
	for (p = copy + 1; !err; p++) {
		char c = *p;

		if (c && c != '/')
			continue;
		*p = 0;
		if (mkdir(copy, mode) && errno != EEXIST)
			err = -errno;
		*p = c;
		if (!c)
			break;
	}
	free(copy);
	return err;
}
