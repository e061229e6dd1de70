// SPDX-License-Identifier: GPL-2.0-only
#include "policy_source.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>

#include <libipe-sig.h>

#include "input.h"
#include "ipectl.h"
#include "load.h"

#define DER_SEQUENCE 0x30

int policy_source_load(const char *path, struct ipe_policy **out, bool *is_signed)
{
	struct input in, shown;
	struct ipe_diag d;
	const uint8_t *text;
	size_t len;
	bool sig;
	int err, rc = EXIT_INVALID;

	*out = NULL;
	if (input_read(path, &in))
		return EXIT_USAGE;
	sig = in.len && (uint8_t)in.buf[0] == DER_SEQUENCE;
	shown = in;
	if (sig) {
		err = ipe_pkcs7_content(in.buf, in.len, &text, &len, &d);
		if (err == -ENOMEM)
			goto oom;
		if (err) {
			fprintf(stderr, "%s: not a signed policy: %s (%s)\n", in.name, d.msg,
				ipe_errno_name(-err) ? ipe_errno_name(-err) : "?");
			goto out;
		}
		/* Diagnostics point into the signed text, named after the blob. */
		shown.buf = (char *)text;
		shown.len = len;
	}
	err = ipe_policy_parse(shown.buf, shown.len, out, &d);
	if (err == -ENOMEM)
		goto oom;
	if (err) {
		diag_print(&shown, &d);
		goto out;
	}
	rc = EXIT_OK;
	if (is_signed)
		*is_signed = sig;
	goto out;
oom:
	fprintf(stderr, "ipectl: %s: out of memory\n", in.name);
	rc = EXIT_USAGE;
out:
	input_free(&in);
	return rc;
}
