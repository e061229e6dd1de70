// SPDX-License-Identifier: GPL-2.0-only
/* ipectl policy fmt: the canonical text of a policy, or its structure as JSON. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "ipectl.h"
#include "json.h"
#include "load.h"
#include "policy.h"

#define CMD "ipectl policy fmt"

static const char usage[] =
	"Usage: " CMD " [--json] FILE\n"
	"\n"
	"Print FILE ('-' = standard input) in canonical form: the header, the global\n"
	"default, the per-op defaults in op order, then the rules in file order, one\n"
	"statement per line, comments and spacing dropped, digests in lower case.\n"
	"The output parses to the same policy.\n"
	"\n"
	"  --json    print the parsed policy as a JSON object instead\n"
	"\n"
	"Exit status: 0 printed, 1 invalid policy, 2 unreadable file or bad usage.\n";

static void put_action(const char *key, int action)
{
	printf("%s", key);
	if (action == IPE_ACTION_NONE)
		printf("null");
	else
		printf("\"%s\"", ipe_action_name(action));
}

static void put_prop(const struct ipe_prop *prop)
{
	static const char *const names[IPE_PROP_KIND_COUNT] = {
		"boot_verified", "boot_verified", "dmverity_roothash", "dmverity_signature",
		"dmverity_signature", "fsverity_digest", "fsverity_signature",
		"fsverity_signature",
	};
	uint32_t i;

	printf("{\"property\": \"%s\", ", names[prop->kind]);
	switch (prop->kind) {
	case IPE_PROP_DMV_ROOTHASH:
	case IPE_PROP_FSV_DIGEST:
		printf("\"algorithm\": ");
		json_cstr(stdout, prop->digest.alg);
		printf(", \"digest\": \"");
		for (i = 0; i < prop->digest.len; i++)
			printf("%02x", prop->digest.bytes[i]);
		printf("\"}");
		break;
	case IPE_PROP_BOOT_VERIFIED_TRUE:
	case IPE_PROP_DMV_SIG_TRUE:
	case IPE_PROP_FSV_SIG_TRUE:
		printf("\"value\": true}");
		break;
	default:
		printf("\"value\": false}");
	}
}

static void put_json(const struct ipe_policy *p)
{
	const struct ipe_rule *r;
	uint32_t i;
	int op;

	printf("{\n  \"name\": ");
	json_cstr(stdout, p->name);
	printf(",\n  \"version\": \"%u.%u.%u\",\n", p->version[0], p->version[1], p->version[2]);
	put_action("  \"default\": ", p->global_default);
	printf(",\n  \"op_defaults\": {");
	for (op = 0; op < IPE_OP_COUNT; op++) {
		printf("%s\"%s\": ", op ? ", " : "", ipe_op_name(op));
		put_action("", p->op_default[op]);
	}
	printf("},\n  \"rules\": [");
	for (r = p->rules; r; r = r->next) {
		printf("%s\n    {\"line\": %u, \"op\": \"%s\", \"action\": \"%s\", \"properties\": [",
		       r == p->rules ? "" : ",", r->line, ipe_op_name(r->op),
		       ipe_action_name(r->action));
		for (i = 0; i < r->nprops; i++) {
			if (i)
				printf(", ");
			put_prop(&r->props[i]);
		}
		printf("]}");
	}
	printf("%s]\n}\n", p->rules ? "\n  " : "");
}

int policy_fmt(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	struct ipe_policy *p;
	bool json = false;
	int c, rc;

	optind = 0;
	while ((c = getopt_long(argc, argv, "+h", opts, NULL)) != -1) {
		switch (c) {
		case 'j':
			json = true;
			break;
		case 'h':
			fputs(usage, stdout);
			return EXIT_OK;
		default:
			return usage_error(CMD, "invalid option");
		}
	}
	if (argc - optind != 1)
		return usage_error(CMD, "expected exactly one FILE");
	rc = policy_load(argv[optind], &p, NULL);
	if (rc)
		return rc;
	if (json) {
		put_json(p);
	} else {
		size_t len;
		char *text = ipe_policy_format(p, &len);

		if (!text) {
			ipe_policy_free(p);
			fprintf(stderr, CMD ": out of memory\n");
			return EXIT_USAGE;
		}
		fwrite(text, 1, len, stdout);
		free(text);
	}
	ipe_policy_free(p);
	if (fflush(stdout)) {
		perror(CMD ": stdout");
		return EXIT_USAGE;
	}
	return EXIT_OK;
}
