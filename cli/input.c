// SPDX-License-Identifier: GPL-2.0-only
#include "input.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Grow BUF so that it has room for more than LEN + 1 bytes. */
static int grow(char **buf, size_t *cap, size_t len)
{
	size_t ncap = *cap;
	char *nbuf;

	while (ncap <= len + 1) {
		if (ncap > SIZE_MAX / 2) {
			errno = ENOMEM;
			return -1;
		}
		ncap = ncap ? ncap * 2 : 65536;
	}
	nbuf = realloc(*buf, ncap);
	if (!nbuf) {
		errno = ENOMEM;
		return -1;
	}
	*buf = nbuf;
	*cap = ncap;
	return 0;
}

static int read_fd(int fd, struct input *in)
{
	size_t cap = 0, len = 0;
	struct stat st;
	char *buf = NULL;
	int e;

	/* Size the buffer once for regular files (one spare byte to see EOF). */
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0)
		cap = (size_t)st.st_size + 2;
	buf = malloc(cap ? cap : 65536);
	if (!buf) {
		errno = ENOMEM;
		return -1;
	}
	cap = cap ? cap : 65536;
	for (;;) {
		ssize_t n;

		if (len + 1 >= cap && grow(&buf, &cap, len))
			goto fail;
		n = read(fd, buf + len, cap - len - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			goto fail;
		if (n == 0)
			break;
		len += (size_t)n;
	}
	buf[len] = '\0';
	in->buf = buf;
	in->len = len;
	return 0;
fail:
	e = errno;
	free(buf);
	errno = e;
	return -1;
}

int input_read(const char *path, struct input *in)
{
	bool is_stdin = strcmp(path, "-") == 0;
	int fd, rc;

	*in = (struct input){ .name = input_display_name(path) };
	fd = is_stdin ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr, "ipectl: %s: %s\n", in->name, strerror(errno));
		return -1;
	}
	rc = read_fd(fd, in);
	if (rc)
		fprintf(stderr, "ipectl: %s: %s\n", in->name, strerror(errno));
	if (!is_stdin)
		close(fd);
	return rc;
}

void input_free(struct input *in)
{
	free(in->buf);
	in->buf = NULL;
}

const char *input_display_name(const char *path)
{
	return strcmp(path, "-") ? path : "<stdin>";
}
