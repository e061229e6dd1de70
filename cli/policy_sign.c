// SPDX-License-Identifier: GPL-2.0-only
/* ipectl policy sign / verify: the PKCS#7 wrapping kernel IPE takes. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libipe-sig.h>

#include "input.h"
#include "ipectl.h"
#include "load.h"
#include "output.h"
#include "policy.h"

static const char sign_usage[] =
	"Usage: ipectl policy sign --key KEY --cert CERT [-o OUT] POLICY\n"
	"\n"
	"Sign POLICY ('-' = standard input) for new_policy and update: DER PKCS#7\n"
	"SignedData with the text attached byte for byte, no signed attributes,\n"
	"as 'openssl smime -sign -binary -noattr -nodetach -nosmimecap -outform der'\n"
	"makes.  A policy that does not parse is refused.  KEY and CERT are PEM or DER.\n"
	"\n"
	"  -k, --key KEY     the signer's private key\n"
	"  -c, --cert CERT   the signer's certificate\n"
	"  -o, --output OUT  write here (default: POLICY.p7b, or stdout for '-')\n"
	"\n"
	"Warns when the result is over 65535 bytes: kernel IPE refuses those (EMSGSIZE).\n"
	"Exit status: 0 signed, 1 invalid policy, 2 bad usage, unreadable input or\n"
	"signing failure.\n";

static const char verify_usage[] =
	"Usage: ipectl policy verify --trust DIR FILE.p7b\n"
	"\n"
	"Check FILE.p7b as kernel IPE checks a write to new_policy, against the\n"
	"certificates in DIR (PEM or DER, one per file) standing for its keyrings,\n"
	"then parse the signed policy.  Prints the errno the kernel would return.\n"
	"\n"
	"  -t, --trust DIR   the trusted certificates\n"
	"\n"
	"Exit status: 0 accepted, 1 refused, 2 bad usage or unreadable input.\n";

#define SIGN "ipectl policy sign"
#define VERIFY "ipectl policy verify"

static char *default_output(const char *path)
{
	size_t n = strlen(path);
	char *out = malloc(n + 5);

	if (out)
		snprintf(out, n + 5, "%s.p7b", path);
	return out;
}

int policy_sign(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "key", required_argument, NULL, 'k' },
		{ "cert", required_argument, NULL, 'c' },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	const char *key_path = NULL, *cert_path = NULL, *out_path = NULL;
	struct input text = { 0 }, key = { 0 }, cert = { 0 };
	struct ipe_policy *p = NULL;
	char *derived = NULL;
	uint8_t *blob = NULL;
	size_t blob_len;
	struct ipe_diag d;
	int c, err, status = EXIT_USAGE;

	optind = 0;
	while ((c = getopt_long(argc, argv, "+hk:c:o:", opts, NULL)) != -1) {
		switch (c) {
		case 'k':
			key_path = optarg;
			break;
		case 'c':
			cert_path = optarg;
			break;
		case 'o':
			out_path = optarg;
			break;
		case 'h':
			fputs(sign_usage, stdout);
			return EXIT_OK;
		default:
			return usage_error(SIGN, "invalid option");
		}
	}
	if (!key_path || !cert_path)
		return usage_error(SIGN, "--key and --cert are required");
	if (optind != argc - 1)
		return usage_error(SIGN, "exactly one POLICY expected");
	if (input_read(argv[optind], &text) || input_read(key_path, &key) ||
	    input_read(cert_path, &cert))
		goto out;
	err = ipe_policy_parse(text.buf, text.len, &p, &d);
	if (err) {
		diag_print(&text, &d);
		fprintf(stderr, SIGN ": refusing to sign a policy kernel IPE would reject\n");
		status = EXIT_INVALID;
		goto out;
	}
	err = ipe_pkcs7_sign(text.buf, text.len, key.buf, key.len, cert.buf, cert.len, &blob,
			     &blob_len, &d);
	if (err) {
		fprintf(stderr, SIGN ": %s\n", d.msg);
		goto out;
	}
	if (blob_len > IPE_PKCS7_KERNEL_MAX)
		fprintf(stderr, SIGN ": warning: %zu bytes: kernel IPE refuses signed policies "
			"over %d bytes (EMSGSIZE); only iped with a --max-policy-size this large "
			"takes this one\n", blob_len, IPE_PKCS7_KERNEL_MAX);
	if (!out_path)
		out_path = strcmp(argv[optind], "-") ? (derived = default_output(argv[optind])) : "-";
	if (!out_path || output_write(out_path, blob, blob_len))
		goto out;
	status = EXIT_OK;
out:
	free(blob);
	free(derived);
	ipe_policy_free(p);
	input_free(&text);
	input_free(&key);
	input_free(&cert);
	return status;
}

int policy_verify(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "trust", required_argument, NULL, 't' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	const char *trust_dir = NULL;
	struct ipe_trust *trust = NULL;
	struct ipe_policy *p = NULL;
	struct input blob = { 0 };
	const uint8_t *content;
	size_t content_len;
	struct ipe_diag d;
	int c, err, status = EXIT_USAGE;

	optind = 0;
	while ((c = getopt_long(argc, argv, "+ht:", opts, NULL)) != -1) {
		switch (c) {
		case 't':
			trust_dir = optarg;
			break;
		case 'h':
			fputs(verify_usage, stdout);
			return EXIT_OK;
		default:
			return usage_error(VERIFY, "invalid option");
		}
	}
	if (!trust_dir)
		return usage_error(VERIFY, "--trust is required");
	if (optind != argc - 1)
		return usage_error(VERIFY, "exactly one FILE expected");
	if (ipe_trust_new(&trust)) {
		fprintf(stderr, VERIFY ": out of memory\n");
		return EXIT_USAGE;
	}
	err = ipe_trust_add_dir(trust, trust_dir, &d);
	if (err) {
		fprintf(stderr, VERIFY ": %s\n", d.msg);
		goto out;
	}
	if (input_read(argv[optind], &blob))
		goto out;
	err = ipe_pkcs7_verify(trust, blob.buf, blob.len, 0, &content, &content_len, &d);
	if (err) {
		fprintf(stderr, "%s: refused: %s (%s)\n", blob.name, d.msg, ipe_errno_name(-err));
		status = EXIT_INVALID;
		goto out;
	}
	err = ipe_policy_parse(content, content_len, &p, &d);
	if (err) {
		struct input shown = { blob.name, (char *)content, content_len };

		diag_print(&shown, &d);
		status = EXIT_INVALID;
		goto out;
	}
	printf("%s: ok: signed policy '%s' version %u.%u.%u, %u rule%s\n", blob.name, p->name,
	       p->version[0], p->version[1], p->version[2], p->nrules, p->nrules == 1 ? "" : "s");
	status = EXIT_OK;
out:
	ipe_policy_free(p);
	input_free(&blob);
	ipe_trust_free(trust);
	return status;
}
