/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The text `dmsetup table` prints, read back: one target a line,
 *
 *     [NAME: ]START LENGTH TARGET PARAMS...
 *
 * (the NAME prefix when dmsetup lists several devices), and the parameters
 * of a "verity" target as the kernel prints them:
 *
 *     VERSION DEV HASH_DEV DATA_BLOCK_SIZE HASH_BLOCK_SIZE NUM_DATA_BLOCKS
 *     HASH_START_BLOCK ALGORITHM ROOT_DIGEST SALT [#OPT_ARGS OPT_ARG...]
 *
 * where SALT is "-" for none and #OPT_ARGS counts the words after it
 * ("2 root_hash_sig_key_desc KEY": an option with a value is two words).
 *
 * Contract: untrusted input.  Any byte string either parses or is refused
 * with -EBADMSG and a reason; nothing is guessed, nothing is read past LEN.
 * Results point into the caller's text, which must outlive them.
 */
#ifndef IPECTL_DM_TABLE_TEXT_H
#define IPECTL_DM_TABLE_TEXT_H

#include <stddef.h>
#include <stdint.h>

#define DM_VERITY_MAX_DIGEST 64		/* the kernel's largest hash */
#define DM_VERITY_MAX_SALT 256
#define DM_VERITY_MAX_ALG 63

/* A counted string inside the caller's text. */
struct dm_str {
	const char *s;
	size_t len;
};

struct dm_table_line {
	struct dm_str name;	/* empty without a "NAME: " prefix */
	uint64_t start, length;
	struct dm_str target;
	struct dm_str params;	/* the rest of the line, without trailing blanks */
};

/*
 * Parse the LEN bytes at LINE (no newline).  Returns 0; -ENODATA for a line
 * of blanks only; -EBADMSG with *WHY for anything that is not a table line.
 */
int dm_table_line_parse(const char *line, size_t len, struct dm_table_line *out,
			const char **why);

struct dm_verity_params {
	unsigned version;	/* 0 or 1 */
	struct dm_str dev, hash_dev;
	uint32_t data_block_size, hash_block_size;
	uint64_t data_blocks, hash_start;
	char alg[DM_VERITY_MAX_ALG + 1];
	uint8_t digest[DM_VERITY_MAX_DIGEST];
	size_t digest_len;
	uint8_t salt[DM_VERITY_MAX_SALT];
	size_t salt_len;	/* 0 for "-" */
	unsigned nopts;		/* the optional words */
	struct dm_str sig_key;	/* root_hash_sig_key_desc's value, empty if absent */
};

/*
 * Parse the PARAMS of a verity target.  Returns 0, or -EBADMSG with *WHY:
 * a missing or extra word, a number that is not plain decimal or too large,
 * a block size that is not a power of two from 512 to 2^31, a digest or
 * salt that is not hex of a size dm-verity takes, an optional-word count
 * that disagrees with the words that follow.
 */
int dm_verity_params_parse(const struct dm_str *params, struct dm_verity_params *v,
			   const char **why);

#endif
