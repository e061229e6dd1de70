/* SPDX-License-Identifier: GPL-2.0-only */
/* The pins of IPE_BPF_PIN_DIR, walked by name. */
#ifndef IPED_PIN_DIR_H
#define IPED_PIN_DIR_H

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
