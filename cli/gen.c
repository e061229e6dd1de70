// SPDX-License-Identifier: GPL-2.0-only
/* ipectl gen: write a policy that allows what exists (volumes, files, boot). */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "digest.h"
#include "gen_sources.h"
#include "ipectl.h"
#include "output.h"

static const char usage[] =
	"Usage: " GEN_CMD " SOURCE... [--op OP]... [--default ALLOW|DENY] [--name NAME]\n"
	"                  [--version M.m.r] [-o FILE]\n"
	"\n"
	"Write an IPE policy that allows what the sources name, every rule under a\n"
	"comment saying where it comes from.  The policy is checked by the parser\n"
	"before it is written.\n"
	"\n"
	"Sources (repeatable, in any mix; rules follow the order given):\n"
	"  --dmverity IMAGE HASHTREE  a dm-verity volume: the root hash recomputed from\n"
	"                             IMAGE and checked against every block of the hash\n"
	"                             tree 'veritysetup format IMAGE HASHTREE' wrote\n"
	"  --roothash ALG:HEX         a dm-verity root hash as given\n"
	"  --from-table FILE          every verity target in 'dmsetup table' output\n"
	"                             ('-' = standard input)\n"
	"  --fsverity-tree DIR        the fs-verity digest of every regular file under DIR\n"
	"  --boot-verified            files on the initramfs (boot_verified=TRUE)\n"
	"  --from-audit LOG           what the 1420 records of LOG show denied, by the\n"
	"                             properties their files have now ('-' = stdin)\n"
	"fs-verity digests (--fsverity-tree), as 'fsverity enable' would make them:\n"
	"  --hash-alg ALG             sha256 (default) or sha512\n"
	"  --block-size N             Merkle tree block size (default 4096)\n"
	"  --salt HEX                 a salt of up to 32 bytes (default none)\n"
	"Policy:\n"
	"  --op OP                    an op to restrict (repeatable, default EXECUTE):\n"
	"                             DEFAULT op=OP action=DENY and a rule per source\n"
	"  --default ALLOW|DENY       the global default (default ALLOW: the ops not\n"
	"                             restricted keep working)\n"
	"  --name NAME                policy_name (default generated)\n"
	"  --version M.m.r            policy_version (default 1.0.0)\n"
	"  -o, --output FILE          write FILE whole or not at all (default stdout)\n"
	"\n"
	"Exit status: 0 written, 1 an input is invalid (an image and hash tree that\n"
	"disagree, a bad table line, a damaged audit record, no rule at all), 2 usage\n"
	"or I/O error.\n";

enum source_kind { SRC_DMVERITY, SRC_ROOTHASH, SRC_TABLE, SRC_FSV_TREE, SRC_BOOT, SRC_AUDIT };

struct source {
	enum source_kind kind;
	const char *a, *b;
	char *prop;		/* --roothash: checked when read */
};

struct gen_args {
	struct source *src;
	size_t nsrc;
	struct fsverity_params fsv;
	bool fsv_options, stdin_used;
	const char *output;
};

enum {
	OPT_DMVERITY = 256, OPT_ROOTHASH, OPT_TABLE, OPT_FSV_TREE, OPT_BOOT, OPT_AUDIT, OPT_HASH_ALG,
	OPT_BLOCK_SIZE, OPT_SALT, OPT_OP, OPT_DEFAULT, OPT_NAME, OPT_VERSION,
};

static int parse_version(const char *s, uint16_t v[3])
{
	unsigned long n;
	const char *p = s;
	char *end;
	int i;

	for (i = 0; i < 3; i++) {
		if (*p < '0' || *p > '9')
			return -1;
		errno = 0;
		n = strtoul(p, &end, 10);
		if (errno || n > 65535 || *end != (i < 2 ? '.' : '\0'))
			return -1;
		v[i] = (uint16_t)n;
		p = end + 1;
	}
	return 0;
}

/* A name the header can carry: one token, no comment. */
static bool name_ok(const char *s)
{
	return *s && !strpbrk(s, " \t\r\n#");
}

static int parse_salt(const char *hex, struct fsverity_params *p)
{
	size_t n = strlen(hex), i;

	if (n % 2 || n / 2 > FSVERITY_MAX_SALT)
		return -1;
	for (i = 0; i < n; i++)
		if (!strchr("0123456789abcdefABCDEF", hex[i]))
			return -1;
	ipe_hex_decode(hex, n, p->salt);
	p->salt_len = n / 2;
	return 0;
}

static int parse_block_size(const char *s, struct fsverity_params *p)
{
	unsigned long long n;
	char *end;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	n = strtoull(s, &end, 10);
	if (errno || *end || n > UINT32_MAX)
		return -1;
	p->block_size = (uint32_t)n;
	return 0;
}

static int add_op(struct gen_policy *g, const char *name)
{
	int op = ipe_op_from_name(name);
	size_t i;

	if (op < 0)
		return usage_error(GEN_CMD, "unknown op '%s'", name);
	for (i = 0; i < g->nops; i++)
		if (g->ops[i] == op)
			return usage_error(GEN_CMD, "--op %s given twice", name);
	g->ops[g->nops++] = (uint8_t)op;
	return EXIT_OK;
}

static int use_stdin(struct gen_args *a, const char *path)
{
	if (strcmp(path, "-"))
		return EXIT_OK;
	if (a->stdin_used)
		return usage_error(GEN_CMD, "standard input ('-') given to two sources");
	a->stdin_used = true;
	return EXIT_OK;
}

static int parse_args(int argc, char **argv, struct gen_args *a, struct gen_policy *g)
{
	static const struct option opts[] = {
		{ "dmverity", required_argument, NULL, OPT_DMVERITY },
		{ "roothash", required_argument, NULL, OPT_ROOTHASH },
		{ "from-table", required_argument, NULL, OPT_TABLE },
		{ "fsverity-tree", required_argument, NULL, OPT_FSV_TREE },
		{ "boot-verified", no_argument, NULL, OPT_BOOT },
		{ "from-audit", required_argument, NULL, OPT_AUDIT },
		{ "hash-alg", required_argument, NULL, OPT_HASH_ALG },
		{ "block-size", required_argument, NULL, OPT_BLOCK_SIZE },
		{ "salt", required_argument, NULL, OPT_SALT },
		{ "op", required_argument, NULL, OPT_OP },
		{ "default", required_argument, NULL, OPT_DEFAULT },
		{ "name", required_argument, NULL, OPT_NAME },
		{ "version", required_argument, NULL, OPT_VERSION },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	struct source *s;
	const char *why;
	bool fsv_tree = false;
	int c, v, rc = EXIT_OK;

	optind = 0;
	/* '+': a source's second operand (HASHTREE) is taken from argv as is. */
	opterr = 0;
	while (rc == EXIT_OK && (c = getopt_long(argc, argv, "+:ho:", opts, NULL)) != -1) {
		s = &a->src[a->nsrc];
		switch (c) {
		case OPT_DMVERITY:
			if (optind >= argc)
				return usage_error(GEN_CMD, "--dmverity needs IMAGE and HASHTREE");
			*s = (struct source){ SRC_DMVERITY, optarg, argv[optind++], NULL };
			a->nsrc++;
			break;
		case OPT_ROOTHASH:
			*s = (struct source){ SRC_ROOTHASH, optarg, NULL, NULL };
			rc = gen_roothash_prop(optarg, &s->prop);
			if (rc == EXIT_OK)
				a->nsrc++;
			break;
		case OPT_TABLE:
			*s = (struct source){ SRC_TABLE, optarg, NULL, NULL };
			a->nsrc++;
			rc = use_stdin(a, optarg);
			break;
		case OPT_FSV_TREE:
			*s = (struct source){ SRC_FSV_TREE, optarg, NULL, NULL };
			a->nsrc++;
			fsv_tree = true;
			break;
		case OPT_BOOT:
			*s = (struct source){ SRC_BOOT, NULL, NULL, NULL };
			a->nsrc++;
			break;
		case OPT_AUDIT:
			*s = (struct source){ SRC_AUDIT, optarg, NULL, NULL };
			a->nsrc++;
			rc = use_stdin(a, optarg);
			break;
		case OPT_HASH_ALG:
			v = fsverity_alg_from_name(optarg);
			if (v < 0)
				return usage_error(GEN_CMD, "--hash-alg '%s': sha256 or sha512", optarg);
			a->fsv.alg = (enum fsverity_alg)v;
			a->fsv_options = true;
			break;
		case OPT_BLOCK_SIZE:
			if (parse_block_size(optarg, &a->fsv))
				return usage_error(GEN_CMD, "--block-size '%s': not a number of bytes",
						   optarg);
			a->fsv_options = true;
			break;
		case OPT_SALT:
			if (parse_salt(optarg, &a->fsv))
				return usage_error(GEN_CMD, "--salt '%s': expected up to 32 bytes of hex",
						   optarg);
			a->fsv_options = true;
			break;
		case OPT_OP:
			rc = add_op(g, optarg);
			break;
		case OPT_DEFAULT:
			if (!strcmp(optarg, "ALLOW"))
				g->global_default = IPE_ACTION_ALLOW;
			else if (!strcmp(optarg, "DENY"))
				g->global_default = IPE_ACTION_DENY;
			else
				return usage_error(GEN_CMD, "--default '%s': ALLOW or DENY", optarg);
			break;
		case OPT_NAME:
			if (!name_ok(optarg))
				return usage_error(GEN_CMD, "--name '%s': a policy name is one word without '#'",
						   optarg);
			g->name = optarg;
			break;
		case OPT_VERSION:
			if (parse_version(optarg, g->version))
				return usage_error(GEN_CMD, "--version '%s': expected M.m.r, each 0 to 65535",
						   optarg);
			break;
		case 'o':
			a->output = optarg;
			break;
		case 'h':
			fputs(usage, stdout);
			return -1;
		case ':':
			return usage_error(GEN_CMD, "option '%s' needs an argument", argv[optind - 1]);
		default:
			return usage_error(GEN_CMD, "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (rc)
		return rc;
	if (optind < argc)
		return usage_error(GEN_CMD, "unexpected argument '%s'", argv[optind]);
	if (!a->nsrc)
		return usage_error(GEN_CMD, "no source: give --dmverity, --roothash, --from-table, --fsverity-tree, --boot-verified or --from-audit");
	if (a->fsv_options && !fsv_tree)
		return usage_error(GEN_CMD, "--hash-alg, --block-size and --salt apply to --fsverity-tree only");
	why = fsverity_params_check(&a->fsv);
	if (why)
		return usage_error(GEN_CMD, "fs-verity parameters: %s", why);
	if (!g->nops)
		g->ops[g->nops++] = IPE_OP_EXECUTE;
	return EXIT_OK;
}

static void describe_source(struct gen_policy *g, const struct source *s,
			    const struct fsverity_params *p)
{
	switch (s->kind) {
	case SRC_DMVERITY:
		gen_policy_source(g, "--dmverity %s %s", s->a, s->b);
		break;
	case SRC_ROOTHASH:
		gen_policy_source(g, "--roothash %s", s->a);
		break;
	case SRC_TABLE:
		gen_policy_source(g, "--from-table %s", s->a);
		break;
	case SRC_FSV_TREE:
		gen_policy_source(g, "--fsverity-tree %s (%s, %u-byte blocks, %s salt)", s->a,
				  fsverity_alg_name(p->alg), p->block_size, p->salt_len ? "with a" : "no");
		break;
	case SRC_BOOT:
		gen_policy_source(g, "--boot-verified");
		break;
	case SRC_AUDIT:
		gen_policy_source(g, "--from-audit %s", s->a);
		break;
	}
}

static int add_source(struct gen_policy *g, const struct source *s, const struct fsverity_params *p)
{
	switch (s->kind) {
	case SRC_DMVERITY:
		return gen_add_dmverity(g, s->a, s->b);
	case SRC_ROOTHASH:
		gen_policy_group(g, "--roothash %s", s->a);
		gen_policy_rule(g, GEN_ALL_OPS, s->prop, "--roothash %s", s->a);
		return EXIT_OK;
	case SRC_TABLE:
		return gen_add_table(g, s->a);
	case SRC_FSV_TREE:
		return gen_add_fsverity_tree(g, s->a, p);
	case SRC_BOOT:
		gen_policy_group(g, "--boot-verified: files on the initramfs; the property stays true for it after switch_root, so rely on it only until the real root is mounted");
		gen_policy_rule(g, GEN_ALL_OPS, "boot_verified=TRUE", "--boot-verified");
		return EXIT_OK;
	case SRC_AUDIT:
		return gen_add_audit(g, s->a);
	}
	return EXIT_USAGE;
}

/* Render, prove the text parses to the rules meant, and write it. */
static int finish(const struct gen_policy *g, const char *output)
{
	struct ipe_policy *p = NULL;
	struct ipe_diag d;
	size_t len, nrules;
	char *text = gen_policy_render(g, &len, &nrules);
	int rc = EXIT_USAGE;

	if (!text) {
		fprintf(stderr, GEN_CMD ": out of memory\n");
		return EXIT_USAGE;
	}
	if (!nrules) {
		fprintf(stderr, GEN_CMD ": no rule generated: the policy would allow nothing for the ops it restricts\n");
		rc = EXIT_INVALID;
	} else if (ipe_policy_parse(text, len, &p, &d)) {
		fprintf(stderr, GEN_CMD ": internal error: the generated policy does not parse: %u:%u: %s\n",
			d.line, d.col, d.msg);
	} else if (p->nrules != nrules) {
		fprintf(stderr, GEN_CMD ": internal error: %zu rules written, %u parsed\n", nrules,
			p->nrules);
	} else if (output_write(output, text, len) == 0) {
		rc = EXIT_OK;
	}
	ipe_policy_free(p);
	free(text);
	return rc;
}

int cmd_gen(int argc, char **argv)
{
	struct gen_policy g = {
		.name = "generated",
		.version = { 1, 0, 0 },
		.global_default = IPE_ACTION_ALLOW,
	};
	struct gen_args a = {
		.fsv = { .alg = FSVERITY_SHA256, .block_size = 4096 },
		.output = "-",
	};
	size_t i;
	int rc;

	a.src = calloc((size_t)argc, sizeof(*a.src));
	if (!a.src) {
		fprintf(stderr, GEN_CMD ": out of memory\n");
		return EXIT_USAGE;
	}
	rc = parse_args(argc, argv, &a, &g);
	if (rc < 0)
		rc = EXIT_OK;	/* --help */
	else if (rc == EXIT_OK) {
		for (i = 0; i < a.nsrc; i++)
			describe_source(&g, &a.src[i], &a.fsv);
		for (i = 0; rc == EXIT_OK && i < a.nsrc; i++)
			rc = add_source(&g, &a.src[i], &a.fsv);
		if (rc == EXIT_OK)
			rc = finish(&g, a.output);
	}
	for (i = 0; i < a.nsrc; i++)
		free(a.src[i].prop);
	free(a.src);
	gen_policy_free(&g);
	return rc;
}
