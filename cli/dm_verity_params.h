/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The parameters of a dm-verity target as a table line carries them
 * (dmsetup table, DM_TABLE_STATUS):
 *   VERSION DATA_DEV HASH_DEV DATA_BLOCK HASH_BLOCK NUM_BLOCKS HASH_START
 *   ALGORITHM ROOT_DIGEST SALT [#OPT OPT...]
 * Untrusted text: anything not of that shape is refused, never guessed.
 */
#ifndef IPECTL_DM_VERITY_PARAMS_H
#define IPECTL_DM_VERITY_PARAMS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DM_VERITY_ALG_MAX 64
#define DM_VERITY_DIGEST_MAX 64

struct dm_verity_target {
	char alg[DM_VERITY_ALG_MAX];		/* as the table names it: "sha256" */
	uint8_t digest[DM_VERITY_DIGEST_MAX];	/* the root digest */
	uint32_t digest_len;
	bool signed_;		/* root_hash_sig_key_desc given: the kernel verified it */
};

/*
 * Parse the LEN bytes at PARAMS.  Returns 0, or -EBADMSG with a short reason
 * in *WHY (a static string).
 */
int dm_verity_params_parse(const char *params, size_t len, struct dm_verity_target *vt,
			   const char **why);

#endif
