// SPDX-License-Identifier: GPL-2.0-only
#include "lockdown.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "strbuf.h"

#define IDENTITY_TAG "ipe-bpf lockdown identity 1"

int lockdown_identity(const char *state_dir, const char *trust_dir, const char *mount,
		      const struct ipe_trust *trust, uint8_t out[32])
{
	const char *const part[] = { IDENTITY_TAG, state_dir, trust_dir, mount };
	struct ipe_strbuf sb = { 0 };
	uint8_t certs[32];
	size_t i, len;
	char *buf;
	int err = ipe_trust_digest(trust, certs);

	if (err)
		return err;
	for (i = 0; i < sizeof(part) / sizeof(part[0]); i++)
		ipe_strbuf_append(&sb, part[i], strlen(part[i]) + 1);
	ipe_strbuf_append(&sb, certs, sizeof(certs));
	buf = ipe_strbuf_finish(&sb, &len);
	if (!buf)
		return -ENOMEM;
	ipe_sha256(buf, len, out);
	free(buf);
	return 0;
}

/* *OUT: PATH resolved; -errno with *WHAT = PATH on failure. */
static int resolve(const char *path, const char **out, const char **what)
{
	*out = realpath(path, NULL);
	if (*out)
		return 0;
	*what = path;
	return errno ? -errno : -ENOMEM;
}

int lockdown_spec_build(struct lockdown_spec *spec, const char *state_dir, const char *trust_dir,
			const char *mount, const char *config, const struct ipe_trust *trust,
			const char **what)
{
	int err;

	memset(spec, 0, sizeof(*spec));
	*what = NULL;
	err = resolve(state_dir, &spec->state_dir, what);
	if (!err)
		err = resolve(trust_dir, &spec->trust_dir, what);
	if (!err)
		err = resolve(mount, &spec->mount, what);
	if (!err)
		err = resolve("/proc/self/exe", &spec->exe, what);
	if (!err && config)
		err = resolve(config, &spec->config, what);
	if (!err)
		err = lockdown_identity(spec->state_dir, spec->trust_dir, spec->mount, trust,
					spec->identity);
	return err;
}

void lockdown_spec_free(struct lockdown_spec *spec)
{
	/* The spec's strings are const for the backend; here they are ours. */
	free((char *)spec->state_dir);
	free((char *)spec->trust_dir);
	free((char *)spec->mount);
	free((char *)spec->exe);
	free((char *)spec->config);
	memset(spec, 0, sizeof(*spec));
}
