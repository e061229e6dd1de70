// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer target for the signed-policy path: PKCS#7 parsing, certificate
 * parsing, signature checks and trust, then the policy parser on whatever
 * content is accepted.  Any input: no crash, leak or undefined behaviour, and
 * a refusal carries one of the errnos the kernel returns there.  The trust
 * store is the certificate named by $FUZZ_PKCS7_TRUST (fuzz/run.sh makes it
 * and seeds the corpus with blobs it signed), so accepted paths are reached.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libipe-sig.h>

#include "x509.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct ipe_trust *trust;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *path = getenv("FUZZ_PKCS7_TRUST");
	static uint8_t buf[65536];
	size_t n = 0;
	FILE *f;

	(void)argc;
	(void)argv;
	if (ipe_trust_new(&trust))
		abort();
	if (!path)
		return 0;
	f = fopen(path, "rb");
	if (!f)
		abort();
	n = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	if (ipe_trust_add(trust, buf, n))
		abort();
	return 0;
}

static void check_refusal(int rc)
{
	switch (-rc) {
	case EBADMSG: case EMSGSIZE: case EINVAL: case ENOPKG: case EKEYREJECTED:
	case ENOKEY: case ENODATA: case ENOMEM:
		return;
	default:
		abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *content, *large_content;
	size_t content_len, large_len;
	struct ipe_policy *p;
	struct ipe_x509 x;
	struct ipe_diag d, large_d;
	int rc, large_rc;

	rc = ipe_pkcs7_verify(trust, data, size, 0, &content, &content_len, &d);
	/* The large-policy extension judges kernel-sized blobs as the kernel does. */
	large_rc = ipe_pkcs7_verify(trust, data, size, SIZE_MAX, &large_content, &large_len,
				    &large_d);
	if (size <= IPE_PKCS7_KERNEL_MAX &&
	    (large_rc != rc || large_content != content || large_len != content_len))
		abort();
	if (rc) {
		check_refusal(rc);
		if (d.err != -rc || !memchr(d.msg, '\0', sizeof(d.msg)))
			abort();
	} else {
		if (content < data || content + content_len > data + size)
			abort();
		if (!ipe_policy_parse(content, content_len, &p, &d))
			ipe_policy_free(p);
	}
	rc = ipe_x509_parse(data, size, &x);
	if (rc)
		check_refusal(rc);
	return 0;
}
