/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The text `dmsetup table` prints, read back: one target a line,
 *
 *     [NAME: ]START LENGTH TARGET PARAMS...
 *
 * with the NAME prefix when dmsetup lists several devices.  The PARAMS of a
 * verity target are dm_verity_params.h's to read.
 *
 * Contract: untrusted input.  Any byte string either parses or is refused
 * with -EBADMSG and a reason; nothing is guessed, nothing is read past LEN.
 * Results point into the caller's text, which must outlive them.
 */
#ifndef IPECTL_DM_TABLE_TEXT_H
#define IPECTL_DM_TABLE_TEXT_H

#include <stddef.h>
#include <stdint.h>

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
 * of blanks only, or for "NAME: " alone, a device without a table (OUT->name
 * then names it); -EBADMSG with *WHY for anything that is not a table line:
 * a NUL byte, no START or LENGTH in plain decimal, no TARGET.
 */
int dm_table_line_parse(const char *line, size_t len, struct dm_table_line *out,
			const char **why);

#endif
