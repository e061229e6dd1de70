// SPDX-License-Identifier: GPL-2.0-only
#include "input.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fileio.h"

int input_read_fd(int fd, struct input *in)
{
	int err = read_full(fd, &in->buf, &in->len);

	if (err)
		errno = -err;
	return err ? -1 : 0;
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
	rc = input_read_fd(fd, in);
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

bool input_stdin_twice(char *const *paths, int n, bool stdin_taken)
{
	int i;

	for (i = 0; i < n; i++) {
		if (strcmp(paths[i], "-"))
			continue;
		if (stdin_taken)
			return true;
		stdin_taken = true;
	}
	return false;
}
