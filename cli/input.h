/* SPDX-License-Identifier: GPL-2.0-only */
/* Reading a whole input as bytes, for every command that takes a FILE. */
#ifndef IPECTL_INPUT_H
#define IPECTL_INPUT_H

#include <stdbool.h>
#include <stddef.h>

struct input {
	const char *name;	/* as shown in messages: the path, or "<stdin>" */
	char *buf;		/* malloc'd; NUL bytes included, one extra NUL after */
	size_t len;
};

/*
 * Read PATH ("-" = standard input) completely.  Returns 0, or prints
 * "ipectl: PATH: reason" to stderr and returns -1.
 */
int input_read(const char *path, struct input *in);
void input_free(struct input *in);

/*
 * Read FD until end of file into IN->buf and IN->len (IN->name is left
 * alone).  The size st_size reports only sizes the first buffer: securityfs
 * and FUSE control files report 0 and are read to EOF all the same.  Returns
 * 0, or -1 with errno set; prints nothing.
 */
int input_read_fd(int fd, struct input *in);

/*
 * Whether the N operands at PATHS, with STDIN_TAKEN when standard input is
 * already someone's, name standard input ("-") more than once: a second
 * reader would find it empty and take that for the file's content.
 */
bool input_stdin_twice(char *const *paths, int n, bool stdin_taken);

/* How PATH is shown in messages: itself, or "<stdin>" for "-". */
const char *input_display_name(const char *path);

#endif
