// SPDX-License-Identifier: GPL-2.0-only
/* The fs-verity source of ipectl gen: the digest of every file under a directory. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "file_list.h"
#include "gen_sources.h"
#include "ipectl.h"

/* The file's digest, read through a descriptor that is the regular file listed. */
static int digest_file(const char *path, const struct fsverity_params *p, uint8_t *digest)
{
	struct stat st;
	int fd, rc;

	fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st))
		rc = -errno;
	else if (!S_ISREG(st.st_mode))
		rc = -ESTALE;	/* replaced by something else since the directory was read */
	else
		rc = fsverity_digest_fd(fd, p, digest);
	close(fd);
	return rc;
}

int gen_add_fsverity_tree(struct gen_policy *g, const char *dir, const struct fsverity_params *p)
{
	const char *alg = fsverity_alg_name(p->alg);
	uint8_t digest[FSVERITY_MAX_DIGEST];
	struct file_list fl;
	size_t i;
	char *prop;
	int rc = EXIT_OK, err;

	if (file_list_collect(GEN_CMD, dir, &fl))
		return EXIT_USAGE;
	gen_policy_group(g, "fs-verity digests of the %zu regular files under %s (%s, %u-byte blocks, %s salt)",
			 fl.n, dir, alg, p->block_size, p->salt_len ? "with a" : "no");
	if (!fl.n)
		fprintf(stderr, GEN_CMD ": note: %s: no regular file\n", dir);
	for (i = 0; rc == EXIT_OK && i < fl.n; i++) {
		err = digest_file(fl.paths[i], p, digest);
		if (err) {
			fprintf(stderr, GEN_CMD ": %s: %s\n", fl.paths[i],
				err == -ESTALE ? "no longer a regular file" : strerror(-err));
			rc = EXIT_USAGE;
			break;
		}
		prop = gen_digest_prop("fsverity_digest", alg, digest, fsverity_digest_size(p->alg));
		if (!prop) {
			fprintf(stderr, GEN_CMD ": out of memory\n");
			rc = EXIT_USAGE;
			break;
		}
		gen_policy_comment(g, "%s", fl.paths[i]);
		gen_policy_rule(g, GEN_ALL_OPS, prop, "%s", fl.paths[i]);
		free(prop);
	}
	file_list_free(&fl);
	return rc;
}
