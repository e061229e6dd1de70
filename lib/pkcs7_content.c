// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The policy a PKCS#7 blob carries, read the way ipe_pkcs7_verify() reads it
 * but with no signature checked: for tools that show or compare a signed
 * policy, never for deciding whether to load one.
 */
#include <errno.h>

#include "libipe-sig.h"
#include "pkcs7.h"
#include "sslutil.h"

int ipe_pkcs7_content(const void *blob, size_t len, const uint8_t **content,
		      size_t *content_len, struct ipe_diag *diag)
{
	struct ipe_pkcs7 m;
	int err;

	*content = NULL;
	*content_len = 0;
	err = ipe_pkcs7_parse(blob, len, &m);
	if (err)
		return ipe_diag_printf(diag, err, "not a PKCS#7 SignedData message the kernel accepts");
	/* The kernel refuses any other content type before looking at signers. */
	if (!m.data_is_plain)
		err = ipe_diag_printf(diag, -EKEYREJECTED, "the signed content is not plain data");
	else if (!m.has_data)
		/* The kernel digests the missing content, so its signature check fails. */
		err = ipe_diag_printf(diag, -EKEYREJECTED,
				      "the message holds no policy (detached signature)");
	else {
		*content = m.data.p;
		*content_len = m.data.len;
	}
	ipe_pkcs7_release(&m);
	return err;
}
