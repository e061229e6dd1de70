// SPDX-License-Identifier: GPL-2.0-only
/* ipectl policy eval: the decision kernel IPE makes for one described event. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "op_hook.h"
#include "ipectl.h"
#include "json.h"
#include "load.h"
#include "policy.h"

#define CMD "ipectl policy eval"

static const char usage[] =
	"Usage: " CMD " FILE --op OP [--hook HOOK] [FILE PROPERTIES | --no-file]\n"
	"                          [--no-provider NAME]... [--json]\n"
	"\n"
	"Decide one event against the policy in FILE ('-' = standard input) and\n"
	"print the action and the rule=\"...\" text kernel IPE would audit.\n"
	"\n"
	"Event:\n"
	"  --op OP             EXECUTE, FIRMWARE, KMODULE, KEXEC_IMAGE, KEXEC_INITRAMFS,\n"
	"                      POLICY, X509_CERT, or UNKNOWN (an unknown kernel read id)\n"
	"  --hook HOOK         BPRM_CHECK (default for EXECUTE), BPRM_CREDS_FOR_EXEC,\n"
	"                      MMAP, MPROTECT, KERNEL_READ (default otherwise), KERNEL_LOAD\n"
	"  --no-file           the event has no file (anonymous memory, KERNEL_LOAD)\n"
	"File properties (a file with none of them is an ordinary unverified file):\n"
	"  --boot-verified               the file is on the initramfs\n"
	"  --dmverity-roothash ALG:HEX   its device is dm-verity with this root hash\n"
	"  --dmverity-signature          ... whose root hash signature was verified\n"
	"  --fsverity-digest ALG:HEX     it is an fs-verity file with this digest\n"
	"  --fsverity-signature          ... whose built-in signature was verified\n"
	"Kernel:\n"
	"  --no-provider NAME  a kernel without this property provider (both its TRUE\n"
	"                      and FALSE forms never match): dmverity_roothash,\n"
	"                      dmverity_signature, fsverity_digest, fsverity_signature\n"
	"Output:\n"
	"  --json              one JSON object instead of key=value lines\n"
	"\n"
	"Exit status: 0 ALLOW, 3 DENY, 1 invalid policy, 2 bad usage or unreadable file.\n";

enum {
	OPT_OP = 256, OPT_HOOK, OPT_NO_FILE, OPT_BOOT, OPT_DMV_HASH, OPT_DMV_SIG,
	OPT_FSV_DIGEST, OPT_FSV_SIG, OPT_NO_PROVIDER, OPT_JSON,
};

static const struct {
	const char *name;
	unsigned bit;
} providers[] = {
	{ "dmverity_roothash", IPE_PROVIDER_DMV },
	{ "dmverity_signature", IPE_PROVIDER_DMV_SIG },
	{ "fsverity_digest", IPE_PROVIDER_FSV },
	{ "fsverity_signature", IPE_PROVIDER_FSV_SIG },
};

struct event_args {
	struct ipe_event ev;
	struct op_hook oh;
	struct ipe_file_props file;
	bool no_file, has_props;
	/* malloc'd strings behind the two digests */
	char *alg[2];
	uint8_t *bytes[2];
};

static int parse_digest_arg(const char *opt, const char *val, struct ipe_digest *d,
			    char **alg, uint8_t **bytes)
{
	int rc;

	if (*alg)
		return usage_error(CMD, "%s given twice", opt);
	rc = ipe_digest_parse(val, d, alg, bytes);
	if (rc == -ENOMEM) {
		fprintf(stderr, CMD ": out of memory\n");
		return EXIT_USAGE;
	}
	if (rc)
		return usage_error(CMD, "%s '%s': expected ALG:HEX with an even number of hex digits",
				   opt, val);
	return EXIT_OK;
}

/* Refuse events the kernel can never produce, rather than answer for them. */
static int check_event(struct event_args *a)
{
	struct ipe_event *ev = &a->ev;
	int rc;

	if (!a->oh.op_set)
		return usage_error(CMD, "--op is required");
	rc = op_hook_settle(CMD, &a->oh);
	if (rc)
		return rc;
	ev->op = a->oh.op;
	ev->hook = a->oh.hook;
	if (ev->hook == IPE_HOOK_KERNEL_LOAD)
		a->no_file = true;	/* kernel_load_data never has a file */
	if (a->no_file && a->has_props)
		return usage_error(CMD, "file properties given for an event without a file");
	if (a->file.dmv_signed && !a->file.dmv_has_roothash)
		return usage_error(CMD, "--dmverity-signature needs --dmverity-roothash: a signed device has a root hash");
	if (a->file.fsv_signed && !a->file.fsv_enabled)
		return usage_error(CMD, "--fsverity-signature needs --fsverity-digest: a signed file is an fs-verity file");
	ev->file = a->no_file ? NULL : &a->file;
	return EXIT_OK;
}

static int parse_args(int argc, char **argv, struct event_args *a, bool *json)
{
	static const struct option opts[] = {
		{ "op", required_argument, NULL, OPT_OP },
		{ "hook", required_argument, NULL, OPT_HOOK },
		{ "no-file", no_argument, NULL, OPT_NO_FILE },
		{ "boot-verified", no_argument, NULL, OPT_BOOT },
		{ "dmverity-roothash", required_argument, NULL, OPT_DMV_HASH },
		{ "dmverity-signature", no_argument, NULL, OPT_DMV_SIG },
		{ "fsverity-digest", required_argument, NULL, OPT_FSV_DIGEST },
		{ "fsverity-signature", no_argument, NULL, OPT_FSV_SIG },
		{ "no-provider", required_argument, NULL, OPT_NO_PROVIDER },
		{ "json", no_argument, NULL, OPT_JSON },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	int c, rc;
	size_t i;

	a->ev.providers = IPE_PROVIDERS_ALL;
	optind = 0;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case OPT_OP:
			rc = op_hook_parse_op(CMD, optarg, &a->oh);
			if (rc)
				return rc;
			break;
		case OPT_HOOK:
			rc = op_hook_parse_hook(CMD, optarg, &a->oh);
			if (rc)
				return rc;
			break;
		case OPT_NO_FILE:
			a->no_file = true;
			break;
		case OPT_BOOT:
			a->file.boot_verified = a->has_props = true;
			break;
		case OPT_DMV_HASH:
			rc = parse_digest_arg("--dmverity-roothash", optarg, &a->file.dmv_roothash,
					      &a->alg[0], &a->bytes[0]);
			if (rc)
				return rc;
			a->file.dmv_has_roothash = a->has_props = true;
			break;
		case OPT_DMV_SIG:
			a->file.dmv_signed = a->has_props = true;
			break;
		case OPT_FSV_DIGEST:
			rc = parse_digest_arg("--fsverity-digest", optarg, &a->file.fsv_digest,
					      &a->alg[1], &a->bytes[1]);
			if (rc)
				return rc;
			a->file.fsv_enabled = a->has_props = true;
			break;
		case OPT_FSV_SIG:
			a->file.fsv_signed = a->has_props = true;
			break;
		case OPT_NO_PROVIDER:
			for (i = 0; i < sizeof(providers) / sizeof(providers[0]); i++)
				if (!strcmp(optarg, providers[i].name))
					break;
			if (i == sizeof(providers) / sizeof(providers[0]))
				return usage_error(CMD, "unknown provider '%s'", optarg);
			a->ev.providers &= ~providers[i].bit;
			break;
		case OPT_JSON:
			*json = true;
			break;
		case 'h':
			fputs(usage, stdout);
			return -1;
		default:
			return usage_error(CMD, "invalid option");
		}
	}
	if (argc - optind != 1)
		return usage_error(CMD, "expected exactly one FILE");
	return check_event(a);
}

static void put_result(const struct ipe_decision *d, const char *rule, const struct ipe_event *ev,
		       bool json)
{
	const char *action = ipe_action_name(d->action), *match = ipe_match_name(d->match);

	if (!json) {
		printf("action=%s\nrule=\"%s\"\nmatch=%s\n", action, rule, match);
		if (d->match == IPE_MATCH_RULE)
			printf("line=%u\n", d->rule->line);
		return;
	}
	printf("{\"action\": \"%s\", \"rule\": ", action);
	json_cstr(stdout, rule);
	printf(", \"match\": \"%s\", \"line\": ", match);
	if (d->match == IPE_MATCH_RULE)
		printf("%u", d->rule->line);
	else
		printf("null");
	printf(", \"op\": \"%s\", \"hook\": \"%s\"}\n", ipe_op_name(ev->op),
	       ipe_hook_name(ev->hook));
}

int policy_eval(int argc, char **argv)
{
	struct event_args a = { 0 };
	struct ipe_decision d;
	struct ipe_policy *p = NULL;
	bool json = false;
	char *rule = NULL;
	int rc;

	rc = parse_args(argc, argv, &a, &json);
	if (rc < 0) {
		rc = EXIT_OK;	/* --help */
		goto out;
	}
	if (rc)
		goto out;
	rc = policy_load(argv[optind], &p, NULL);
	if (rc)
		goto out;
	ipe_evaluate(p, &a.ev, &d);
	rule = ipe_decision_rule_text(&d);
	if (!rule) {
		fprintf(stderr, CMD ": out of memory\n");
		rc = EXIT_USAGE;
		goto out;
	}
	put_result(&d, rule, &a.ev, json);
	rc = d.action == IPE_ACTION_DENY ? EXIT_DENY : EXIT_OK;
out:
	free(rule);
	ipe_policy_free(p);
	free(a.alg[0]);
	free(a.alg[1]);
	free(a.bytes[0]);
	free(a.bytes[1]);
	return rc;
}
