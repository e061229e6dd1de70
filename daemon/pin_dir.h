/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The pins of IPE_BPF_PIN_DIR: links as link_NAME after their program, maps
 * as map_NAME; made, walked by name, removed.
 */
#ifndef IPED_PIN_DIR_H
#define IPED_PIN_DIR_H

#include <stddef.h>

struct bpf_object;
struct bpf_program;

/* IPE_BPF_PIN_DIR/KINDNAME into BUF; 0 or -ENAMETOOLONG. */
int pin_dir_path(char *buf, size_t size, const char *kind, const char *name);

/*
 * Attach PROG and pin its link; PINNED, when not NULL, is called with the
 * link's fd once it is pinned.  The pin is then the only reference this
 * function keeps.  0 or -errno (a failure to attach is logged).
 */
int pin_dir_attach(struct bpf_program *prog, int (*pinned)(int link_fd));

/* Pin the N maps of OBJ called NAMES.  0 or -errno. */
int pin_dir_maps(struct bpf_object *obj, const char *const *names, int n);

/*
 * Call FN with the path and the name of every pin whose name starts with
 * PREFIX ("" for all), in directory order; the first non-zero return of
 * FN ends the walk and is returned.  -errno when the directory cannot be
 * read, -ENAMETOOLONG for a path that does not fit.
 */
int pin_dir_each(const char *prefix, int (*fn)(const char *path, const char *name, void *ctx),
		 void *ctx);

/* Remove the pins whose names start with PREFIX, as far as it can. */
void pin_dir_unpin(const char *prefix);

#endif
