// SPDX-License-Identifier: GPL-2.0-only
#include "kernel_config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>
#include <zlib.h>

#include <libipe-lint.h>

#include "input.h"
#include "ipectl.h"

/* Far above any real configuration (a few hundred KiB): a bound for gzip bombs. */
#define CONFIG_MAX (64u << 20)

/* Inflate the gzip data in IN into *OUT, *OUTLEN.  0, or a message. */
static const char *gunzip(const struct input *in, char **out, size_t *outlen)
{
	z_stream z = { 0 };
	size_t cap = in->len < CONFIG_MAX / 4 ? 4 * in->len + 4096 : CONFIG_MAX, len = 0;
	char *buf = malloc(cap);
	const char *why = NULL;
	int rc = Z_OK;

	if (!buf || inflateInit2(&z, 16 + MAX_WBITS) != Z_OK) {
		free(buf);
		return "out of memory";
	}
	z.next_in = (Bytef *)in->buf;
	z.avail_in = (uInt)in->len;
	while (rc != Z_STREAM_END) {
		if (len == cap) {
			size_t grown = cap < CONFIG_MAX / 2 ? 2 * cap : CONFIG_MAX;
			char *p = cap < CONFIG_MAX ? realloc(buf, grown) : NULL;

			if (!p) {
				why = cap < CONFIG_MAX ? "out of memory" : "too large once uncompressed";
				break;
			}
			buf = p;
			cap = grown;
		}
		z.next_out = (Bytef *)buf + len;
		z.avail_out = (uInt)(cap - len);
		rc = inflate(&z, Z_NO_FLUSH);
		len = cap - z.avail_out;
		if (rc != Z_OK && rc != Z_STREAM_END) {
			why = rc == Z_MEM_ERROR ? "out of memory" : "corrupt or truncated gzip data";
			break;
		}
	}
	inflateEnd(&z);
	if (why) {
		free(buf);
		return why;
	}
	*out = buf;
	*outlen = len;
	return NULL;
}

/* Read the configuration at PATH into KC.  Returns 0, -ENOENT (nothing printed), or EXIT_USAGE. */
static int read_config(const char *path, bool missing_ok, struct kernel_config *kc)
{
	struct input in;
	const char *why = NULL;
	char *text = NULL;
	size_t len;

	if (missing_ok && access(path, F_OK) && errno == ENOENT)
		return -ENOENT;
	if (input_read(path, &in))
		return EXIT_USAGE;
	if (in.len >= 2 && (unsigned char)in.buf[0] == 0x1f && (unsigned char)in.buf[1] == 0x8b) {
		why = in.len > UINT_MAX ? "too large" : gunzip(&in, &text, &len);
	} else {
		text = in.buf;
		len = in.len;
		in.buf = NULL;
	}
	input_free(&in);
	if (!why && ipe_kconfig_providers(text, len, &kc->providers))
		why = "not a kernel configuration (no CONFIG_NAME=VALUE line)";
	free(text);
	if (why) {
		fprintf(stderr, "ipectl: %s: %s\n", input_display_name(path), why);
		return EXIT_USAGE;
	}
	kc->found = true;
	return 0;
}

int kernel_config_load(const char *path, struct kernel_config *kc)
{
	char boot[sizeof("/boot/config-") + sizeof(((struct utsname *)0)->release)];
	struct utsname u;
	int rc;

	*kc = (struct kernel_config){ 0 };
	if (path)
		return read_config(path, false, kc);
	if (uname(&u) == 0) {
		snprintf(boot, sizeof(boot), "/boot/config-%s", u.release);
		rc = read_config(boot, true, kc);
		if (rc != -ENOENT)
			return rc;
	}
	rc = read_config("/proc/config.gz", true, kc);
	return rc == -ENOENT ? 0 : rc;
}
