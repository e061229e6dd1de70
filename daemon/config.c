// SPDX-License-Identifier: GPL-2.0-only
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "backend.h"

static const char usage[] =
	"Usage: iped [OPTIONS]\n"
	"\n"
	"Serve the IPE control tree (new_policy, policies/NAME/..., enforce,\n"
	"success_audit) over FUSE, keep the policies in a state directory and\n"
	"hand the active one to the enforcement backend.\n"
	"\n"
	"  -f, --foreground           stay in the foreground, log to stderr and print\n"
	"                             'ready' on stdout once the tree is mounted\n"
	"  -m, --mount DIR            mount point (default " IPED_DEFAULT_MOUNT ");\n"
	"                             the tree is DIR/ipe\n"
	"  -s, --state-dir DIR        saved state (default " IPED_DEFAULT_STATE_DIR ")\n"
	"  -t, --trust-dir DIR        certificates trusted to sign policies\n"
	"                             (default " IPED_DEFAULT_TRUST_DIR ")\n"
	"  -b, --boot-policy FILE     unsigned policy made active when there is no\n"
	"                             saved state (default " IPED_DEFAULT_BOOT_POLICY ",\n"
	"                             the initramfs's, if it exists)\n"
	"      --backend bpf|none     what enforces the active policy (default bpf);\n"
	"                             'none' stores policies and enforces nothing\n"
	"      --enforce 0|1          enforce mode at start (default: the saved mode,\n"
	"                             else 1)\n"
	"      --success-audit 0|1    audit allowed events too (default: the saved\n"
	"                             mode, else 0)\n"
	"      --version-floors 0|1   refuse to activate a version below the highest\n"
	"                             ever activated under its name (default 0)\n"
	"      --lockdown[=0|1]       root without the policy signing key cannot\n"
	"                             switch ipe-bpf off; modes may then only be\n"
	"                             switched on and version floors are on (default:\n"
	"                             the saved setting, else 0; not with --backend\n"
	"                             none)\n"
	"      --audit-log FILE       also append each audit record to FILE as JSON\n"
	"      --max-policy-size N    the largest signed policy taken, in bytes (suffix\n"
	"                             K or M for KiB, MiB); default and least 65535,\n"
	"                             kernel IPE's limit; at most 256M\n"
	"  -c, --config FILE          read settings from FILE (default\n"
	"                             " IPED_DEFAULT_CONFIG ")\n"
	"  -h, --help                 this text\n"
	"      --version              the version\n"
	"\n"
	"The configuration file holds 'key = value' lines with the long option\n"
	"names as keys ('foreground = 1', 'mount = /run/ipe-bpf/security'); lines\n"
	"starting with '#' are comments.  Command-line options win over the file.\n";

enum key_type { PATH, BOOL, TRISTATE, BACKEND, SIZE };

struct key {
	const char *name;
	int opt;		/* getopt_long value */
	int has_arg;		/* on the command line; alone, a switch means on */
	enum key_type type;
	size_t offset;		/* into struct config */
};

#define K(name, opt, has_arg, type, field) \
	{ name, opt, has_arg, type, offsetof(struct config, field) }
static const struct key keys[] = {
	K("foreground", 'f', no_argument, BOOL, foreground),
	K("mount", 'm', required_argument, PATH, mount),
	K("state-dir", 's', required_argument, PATH, state_dir),
	K("trust-dir", 't', required_argument, PATH, trust_dir),
	K("boot-policy", 'b', required_argument, PATH, boot_policy),
	K("backend", 1000, required_argument, BACKEND, backend),
	K("enforce", 1001, required_argument, TRISTATE, enforce),
	K("success-audit", 1002, required_argument, TRISTATE, success_audit),
	K("version-floors", 1003, required_argument, BOOL, version_floors),
	K("audit-log", 1004, required_argument, PATH, audit_log),
	K("max-policy-size", 1005, required_argument, SIZE, max_policy_bytes),
	K("lockdown", 1006, optional_argument, TRISTATE, lockdown),
};
#undef K
#define NKEYS (sizeof(keys) / sizeof(keys[0]))

static int parse_bool(const char *v, bool *out)
{
	static const char *const on[] = { "1", "yes", "true", "on" };
	static const char *const off[] = { "0", "no", "false", "off" };
	size_t i;

	for (i = 0; i < 4; i++) {
		if (!strcmp(v, on[i]) || !strcmp(v, off[i])) {
			*out = !strcmp(v, on[i]);
			return 0;
		}
	}
	return -1;
}

/* A byte count within the limits of --max-policy-size. */
static int parse_size(const char *v, size_t *out)
{
	unsigned long long n;
	char *end;

	if (*v < '0' || *v > '9')
		return -1;
	errno = 0;
	n = strtoull(v, &end, 10);
	if (errno || n > IPED_MAX_POLICY_SIZE)
		return -1;
	if (*end == 'K' || *end == 'M') {
		n <<= *end == 'K' ? 10 : 20;
		end++;
	}
	if (*end || n < IPE_PKCS7_KERNEL_MAX || n > IPED_MAX_POLICY_SIZE)
		return -1;
	*out = (size_t)n;
	return 0;
}

/*
 * Paths are made absolute while the working directory is the caller's: in
 * the background iped works from "/".  NULL when out of memory.
 */
static char *absolute(const char *path)
{
	char *cwd, *out;

	if (path[0] == '/')
		return strdup(path);
	cwd = getcwd(NULL, 0);
	if (!cwd)
		return NULL;
	out = malloc(strlen(cwd) + strlen(path) + 2);
	if (out)
		sprintf(out, "%s/%s", cwd, path);
	free(cwd);
	return out;
}

/* Store VALUE under KEY; WHERE names the source for the error message. */
static int set_key(struct config *cfg, const struct key *k, const char *value,
		   const char *where)
{
	void *field = (char *)cfg + k->offset;
	char **str = field;
	bool b;

	switch (k->type) {
	case BACKEND:
		if (!backend_find(value)) {
			fprintf(stderr, "iped: %s: backend '%s' is not built in\n", where, value);
			return -1;
		}
		/* fall through */
	case PATH:
		if (!*value)
			goto bad;
		free(*str);
		*str = k->type == PATH ? absolute(value) : strdup(value);
		if (!*str) {
			fprintf(stderr, "iped: out of memory\n");
			return -1;
		}
		return 0;
	case BOOL:
		if (parse_bool(value, &b))
			goto bad;
		*(bool *)field = b;
		return 0;
	case TRISTATE:
		if (parse_bool(value, &b))
			goto bad;
		*(enum tristate *)field = b ? ON : OFF;
		return 0;
	case SIZE:
		if (parse_size(value, field))
			goto bad;
		return 0;
	}
bad:
	fprintf(stderr, "iped: %s: invalid value '%s' for %s\n", where, value, k->name);
	return -1;
}

static const struct key *key_named(const char *name)
{
	size_t i;

	for (i = 0; i < NKEYS; i++)
		if (!strcmp(keys[i].name, name))
			return &keys[i];
	return NULL;
}

static char *trim(char *s)
{
	char *end;

	while (*s == ' ' || *s == '\t')
		s++;
	end = s + strlen(s);
	while (end > s && strchr(" \t\r\n", end[-1]))
		end--;
	*end = 0;
	return s;
}

static int load_file(struct config *cfg, const char *path, bool must_exist)
{
	char line[4096], where[4200], *eq, *k, *v;
	const struct key *key;
	unsigned lineno = 0;
	int status = 0;
	FILE *f = fopen(path, "re");

	if (!f) {
		if (errno == ENOENT && !must_exist)
			return 0;
		fprintf(stderr, "iped: %s: %s\n", path, strerror(errno));
		return -1;
	}
	/* Lockdown guards the file iped read: it must know which. */
	cfg->config_file = absolute(path);
	if (!cfg->config_file) {
		fprintf(stderr, "iped: out of memory\n");
		fclose(f);
		return -1;
	}
	while (!status && fgets(line, sizeof(line), f)) {
		lineno++;
		snprintf(where, sizeof(where), "%s:%u", path, lineno);
		if (!strchr(line, '\n') && !feof(f)) {
			fprintf(stderr, "iped: %s: line too long\n", where);
			status = -1;
			break;
		}
		/* A comment is a whole line: '#' may appear in a path. */
		k = trim(line);
		if (!*k || *k == '#')
			continue;
		eq = strchr(k, '=');
		if (!eq) {
			fprintf(stderr, "iped: %s: expected 'key = value'\n", where);
			status = -1;
			break;
		}
		*eq = 0;
		k = trim(k);
		v = trim(eq + 1);
		key = key_named(k);
		if (!key) {
			fprintf(stderr, "iped: %s: unknown key '%s'\n", where, k);
			status = -1;
			break;
		}
		status = set_key(cfg, key, v, where);
	}
	if (!status && ferror(f)) {
		fprintf(stderr, "iped: %s: read error\n", path);
		status = -1;
	}
	fclose(f);
	return status;
}

static int set_default(char **field, const char *value)
{
	if (*field)
		return 0;
	*field = strdup(value);
	if (*field)
		return 0;
	fprintf(stderr, "iped: out of memory\n");
	return -1;
}

int config_load(struct config *cfg, int argc, char **argv)
{
	struct option opts[NKEYS + 4];
	struct config cmdline = { .enforce = UNSET, .success_audit = UNSET, .lockdown = UNSET };
	bool seen[NKEYS] = { false };
	const char *config_path = NULL;
	size_t i;
	int c, idx;

	memset(cfg, 0, sizeof(*cfg));
	cfg->enforce = cfg->success_audit = cfg->lockdown = UNSET;
	cfg->max_policy_bytes = IPE_PKCS7_KERNEL_MAX;
	for (i = 0; i < NKEYS; i++)
		opts[i] = (struct option){ keys[i].name, keys[i].has_arg, NULL, keys[i].opt };
	opts[i++] = (struct option){ "config", required_argument, NULL, 'c' };
	opts[i++] = (struct option){ "help", no_argument, NULL, 'h' };
	opts[i++] = (struct option){ "version", no_argument, NULL, 'V' };
	opts[i] = (struct option){ 0 };

	/* The command line first, into its own config, so it can win later. */
	while ((c = getopt_long(argc, argv, "fm:s:t:b:c:h", opts, &idx)) != -1) {
		const struct key *k = NULL;

		switch (c) {
		case 'h':
			fputs(usage, stdout);
			config_free(&cmdline);
			return 1;
		case 'V':
			printf("iped %s\n", IPE_BPF_VERSION);
			config_free(&cmdline);
			return 1;
		case 'c':
			config_path = optarg;
			continue;
		case '?':
			goto usage_error;
		}
		for (i = 0; i < NKEYS; i++)
			if (keys[i].opt == c)
				k = &keys[i];
		if (!k)
			goto usage_error;
		seen[k - keys] = true;
		if (set_key(&cmdline, k, optarg ? optarg : "1", "command line"))
			goto fail;
	}
	if (optind != argc) {
		fprintf(stderr, "iped: unexpected argument '%s'\n", argv[optind]);
		goto usage_error;
	}
	if (load_file(cfg, config_path ? config_path : IPED_DEFAULT_CONFIG, config_path))
		goto fail;
	for (i = 0; i < NKEYS; i++) {
		void *dst = (char *)cfg + keys[i].offset;
		void *src = (char *)&cmdline + keys[i].offset;

		if (!seen[i])
			continue;
		switch (keys[i].type) {
		case PATH:
		case BACKEND:
			free(*(char **)dst);
			*(char **)dst = *(char **)src;
			*(char **)src = NULL;
			break;
		case BOOL:
			*(bool *)dst = *(bool *)src;
			break;
		case TRISTATE:
			*(enum tristate *)dst = *(enum tristate *)src;
			break;
		case SIZE:
			*(size_t *)dst = *(size_t *)src;
			break;
		}
	}
	config_free(&cmdline);
	if (set_default(&cfg->mount, IPED_DEFAULT_MOUNT) ||
	    set_default(&cfg->state_dir, IPED_DEFAULT_STATE_DIR) ||
	    set_default(&cfg->trust_dir, IPED_DEFAULT_TRUST_DIR) ||
	    set_default(&cfg->backend, "bpf") ||
	    (!access(IPED_DEFAULT_BOOT_POLICY, F_OK) &&
	     set_default(&cfg->boot_policy, IPED_DEFAULT_BOOT_POLICY)))
		goto fail_cfg;
	return 0;

usage_error:
	fprintf(stderr, "Try 'iped --help'.\n");
fail:
	config_free(&cmdline);
fail_cfg:
	config_free(cfg);
	return -1;
}

void config_free(struct config *cfg)
{
	free(cfg->mount);
	free(cfg->state_dir);
	free(cfg->trust_dir);
	free(cfg->boot_policy);
	free(cfg->backend);
	free(cfg->audit_log);
	free(cfg->config_file);
	memset(cfg, 0, sizeof(*cfg));
	cfg->enforce = cfg->success_audit = cfg->lockdown = UNSET;
}
