// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer target for iped's state file parser (daemon/state_format.c).
 * The file is iped's own, but it is read back after crashes and from disks
 * that fail, so any bytes must give -EBADMSG or a state whose every part
 * lies inside the input: no crash, leak or undefined behaviour.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "state_format.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct saved_state s;
	size_t i;
	int err = state_parse(data, size, &s);

	if (err) {
		if (err != -EBADMSG && err != -ENOMEM)
			abort();
		return 0;
	}
	/* An accepted file ends with its checksum line. */
	if (size < 72 || memcmp(data + size - 72, "sha256 ", 7))
		abort();
	for (i = 0; i < s.npolicies; i++)
		if (s.policies[i].bytes < data ||
		    s.policies[i].len > (size_t)(data + size - s.policies[i].bytes))
			abort();
	for (i = 0; i < s.nfloors; i++)
		if (!s.floors[i].name[0])
			abort();
	if (s.active && !s.active[0])
		abort();
	saved_state_free(&s);
	return 0;
}
