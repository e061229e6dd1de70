/* SPDX-License-Identifier: GPL-2.0-only */
/* Which property providers the kernel has, from its build configuration. */
#ifndef IPECTL_KERNEL_CONFIG_H
#define IPECTL_KERNEL_CONFIG_H

#include <stdbool.h>

struct kernel_config {
	bool found;		/* a configuration was read */
	unsigned providers;	/* enum ipe_provider bits, when found */
};

/*
 * Read PATH when it is not NULL (plain or gzip-compressed; that it cannot
 * be read or is not a configuration is an error), else the running
 * kernel's /boot/config-RELEASE, else /proc/config.gz; when neither
 * exists, found is false.  Returns 0, or prints why on stderr and returns
 * EXIT_USAGE.
 */
int kernel_config_load(const char *path, struct kernel_config *kc);

#endif
