// SPDX-License-Identifier: GPL-2.0-only
/*
 * deploy, update, activate, delete, list, show, enforce, success-audit and
 * status: each one or a few reads and writes of the control files.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libipe-sig.h>

#include "engine_status.h"
#include "input.h"
#include "ipectl.h"
#include "json.h"
#include "tree.h"
#include "tree_cmd.h"
#include "tree_policies.h"

#define REFUSED_STATUS \
	"Exit status: 0 done, 1 refused by the tree (its errno is printed), 2 bad\n" \
	"usage, unreadable FILE or no tree at the root.\n"

/*
 * Policy names may hold any byte but NUL, LF, CR, space, tab and '#'; a
 * terminal should not get the control bytes among them, so text output
 * writes them, and '\', as \xNN.
 */
static void put_name(const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c < 0x21 || c > 0x7e || c == '\\')
			printf("\\x%02x", c);
		else
			putchar(c);
	}
}

static int check_name(const struct tree *t, const char *name)
{
	if (tree_name_ok(name))
		return EXIT_OK;
	return usage_error(t->cmd, "'%s' is not a policy name (one path component expected)", name);
}

/* Write "1" to policies/NAME/FILE: activate or delete. */
static int write_one(struct tree *t, const char *name, const char *file)
{
	return tree_write(t, "1", 1, "policies/%s/%s", name, file) ? tree_perror(t) : EXIT_OK;
}

/* ---- deploy, update, activate, delete ---------------------------------- */

/*
 * The name of the policy just deployed: the kernel keeps the blob and
 * pkcs7 reads it back byte for byte, so the directory whose pkcs7 equals
 * it is the one.  No other directory can match (the same bytes carry the
 * same name, which new_policy would have refused with EEXIST), and unlike
 * comparing listings before and after, a policy loaded meanwhile by someone
 * else cannot be mistaken for ours.
 */
static int find_by_blob(struct tree *t, const struct input *blob, char **name)
{
	struct tree_policies ps;
	struct input got;
	size_t i;
	int rc;

	*name = NULL;
	if (tree_policies_read(t, &ps))
		return tree_perror(t);
	for (i = 0, rc = EXIT_OK; i < ps.n && !*name && rc == EXIT_OK; i++) {
		int err = tree_read(t, &got, "policies/%s/pkcs7", ps.v[i].name);

		if (err == -ENOENT)	/* the boot policy, or gone meanwhile */
			continue;
		if (err) {
			rc = tree_perror(t);
		} else if (got.len == blob->len && !memcmp(got.buf, blob->buf, blob->len)) {
			*name = ps.v[i].name;
			ps.v[i].name = NULL;
		}
		input_free(&got);
	}
	tree_policies_free(&ps);
	if (rc == EXIT_OK && !*name) {
		fprintf(stderr, "%s: %s was loaded, but no %s/policies/*/pkcs7 holds it: "
			"not activated\n", t->cmd, blob->name, t->root);
		rc = EXIT_REFUSED;
	}
	return rc;
}

static int deploy(struct tree_args *a)
{
	struct tree *t = &a->tree;
	struct input blob;
	char *name = NULL;
	int rc;

	if (input_read(a->argv[0], &blob))
		return EXIT_USAGE;
	if (tree_write(t, blob.buf, blob.len, "new_policy"))
		rc = tree_perror(t);
	else if (!a->activate)
		rc = EXIT_OK;
	else if ((rc = find_by_blob(t, &blob, &name)) == EXIT_OK)
		rc = write_one(t, name, "active");
	free(name);
	input_free(&blob);
	return rc;
}

static int update(struct tree_args *a)
{
	struct tree *t = &a->tree;
	const char *name = a->argv[0];
	struct input blob;
	int rc;

	if (check_name(t, name))
		return EXIT_USAGE;
	if (input_read(a->argv[1], &blob))
		return EXIT_USAGE;
	rc = EXIT_OK;
	if (tree_write(t, blob.buf, blob.len, "policies/%s/update", name))
		rc = tree_perror(t);
	input_free(&blob);
	return rc;
}

static int activate(struct tree_args *a)
{
	if (check_name(&a->tree, a->argv[0]))
		return EXIT_USAGE;
	return write_one(&a->tree, a->argv[0], "active");
}

static int delete(struct tree_args *a)
{
	if (check_name(&a->tree, a->argv[0]))
		return EXIT_USAGE;
	return write_one(&a->tree, a->argv[0], "delete");
}

/* ---- list, show, status ------------------------------------------------- */

static int list(struct tree_args *a)
{
	struct tree_policies ps;
	size_t i;

	if (tree_policies_read(&a->tree, &ps))
		return tree_perror(&a->tree);
	if (a->json)
		putchar('[');
	for (i = 0; i < ps.n; i++) {
		const struct tree_policy *p = &ps.v[i];

		if (a->json) {
			printf("%s\n  {\"name\": ", i ? "," : "");
			json_cstr(stdout, p->name);
			printf(", \"version\": ");
			json_cstr(stdout, p->version);
			printf(", \"active\": %s}", p->active ? "true" : "false");
		} else {
			put_name(p->name);
			putchar(' ');
			put_name(p->version);
			puts(p->active ? " active" : "");
		}
	}
	if (a->json)
		printf("\n]\n");
	tree_policies_free(&ps);
	return EXIT_OK;
}

static int show_text(struct tree *t, const char *name)
{
	struct input text;

	if (tree_read(t, &text, "policies/%s/policy", name))
		return tree_perror(t);
	fwrite(text.buf, 1, text.len, stdout);
	input_free(&text);
	return EXIT_OK;
}

static void put_digest(const struct input *blob)
{
	uint8_t d[32];
	size_t i;

	/* The audit records' digest: of the blob, or of nothing when unsigned. */
	ipe_sha256(blob->len ? blob->buf : "", blob->len, d);
	fputs("sha256:", stdout);
	for (i = 0; i < sizeof(d); i++)
		printf("%02X", d[i]);
}

static int show(struct tree_args *a)
{
	struct tree *t = &a->tree;
	const char *name = a->argv[0];
	struct input blob = { 0 }, text = { 0 };
	struct tree_policy p;
	bool is_signed;
	int err, rc = EXIT_OK;

	if (check_name(t, name))
		return EXIT_USAGE;
	if (a->text && a->json)
		return usage_error(t->cmd, "--text and --json exclude each other");
	if (a->text)
		return show_text(t, name);
	if (tree_policy_read(t, name, &p))
		return tree_perror(t);
	/* The directory was just there, so ENOENT here is the unsigned boot policy. */
	err = tree_read(t, &blob, "policies/%s/pkcs7", name);
	is_signed = !err;
	if ((err && err != -ENOENT) || tree_read(t, &text, "policies/%s/policy", name)) {
		rc = tree_perror(t);
		goto out;
	}
	if (a->json) {
		printf("{\"name\": ");
		json_cstr(stdout, p.name);
		printf(", \"version\": ");
		json_cstr(stdout, p.version);
		printf(", \"active\": %s, \"signed\": %s, \"digest\": \"",
		       p.active ? "true" : "false", is_signed ? "true" : "false");
		put_digest(&blob);
		printf("\", \"size\": %zu, \"text_size\": %zu}\n", blob.len, text.len);
	} else {
		fputs("name:      ", stdout);
		put_name(p.name);
		fputs("\nversion:   ", stdout);
		put_name(p.version);
		printf("\nactive:    %s\nsigned:    %s\ndigest:    ", p.active ? "yes" : "no",
		       is_signed ? "yes" : "unsigned (boot policy)");
		put_digest(&blob);
		printf("\nsize:      %zu bytes\ntext size: %zu bytes\n", blob.len, text.len);
	}
out:
	input_free(&blob);
	input_free(&text);
	tree_policy_free(&p);
	return rc;
}

static int status(struct tree_args *a)
{
	struct tree *t = &a->tree;
	const struct tree_policy *act = NULL;
	struct engine_status es;
	struct tree_policies ps;
	bool enforce, audit;
	size_t i;

	if (tree_read_bool(t, &enforce, "enforce") || tree_read_bool(t, &audit, "success_audit") ||
	    tree_policies_read(t, &ps))
		return tree_perror(t);
	for (i = 0; i < ps.n && !act; i++)
		if (ps.v[i].active)
			act = &ps.v[i];
	engine_status_read(&es);
	if (a->json) {
		printf("{\"root\": ");
		json_cstr(stdout, t->root);
		printf(", \"enforce\": %s, \"success_audit\": %s, \"active\": ",
		       enforce ? "true" : "false", audit ? "true" : "false");
		if (act) {
			printf("{\"name\": ");
			json_cstr(stdout, act->name);
			printf(", \"version\": ");
			json_cstr(stdout, act->version);
			putchar('}');
		} else {
			printf("null");
		}
		printf(", \"policies\": %zu, \"engine\": ", ps.n);
		engine_status_print(&es, true, stdout);
		printf("}\n");
	} else {
		printf("root:          %s\nenforce:       %d\nsuccess_audit: %d\nactive:        ",
		       t->root, enforce, audit);
		if (act) {
			put_name(act->name);
			putchar(' ');
			put_name(act->version);
		} else {
			fputs("none", stdout);
		}
		printf("\npolicies:      %zu\n", ps.n);
		engine_status_print(&es, false, stdout);
	}
	tree_policies_free(&ps);
	return EXIT_OK;
}

/* ---- enforce, success-audit --------------------------------------------- */

/* The spellings accepted; the kernel takes more (§5.2), but "10" or "n0" are typos. */
static int parse_bool(const char *s, bool *out)
{
	static const char *const words[][2] = {
		{ "1", "0" }, { "on", "off" }, { "true", "false" }, { "yes", "no" },
	};
	size_t i;

	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		if (!strcmp(s, words[i][0]) || !strcmp(s, words[i][1])) {
			*out = !strcmp(s, words[i][0]);
			return 0;
		}
	}
	return -1;
}

static int bool_file(struct tree_args *a, const char *file)
{
	struct tree *t = &a->tree;
	bool v;

	if (a->argc == 0) {
		if (tree_read_bool(t, &v, "%s", file))
			return tree_perror(t);
		printf("%d\n", v);
		return EXIT_OK;
	}
	if (parse_bool(a->argv[0], &v))
		return usage_error(t->cmd, "'%s' is not a value: use 1 or 0, on or off, true or "
				   "false, yes or no", a->argv[0]);
	return tree_write(t, v ? "1" : "0", 1, "%s", file) ? tree_perror(t) : EXIT_OK;
}

static int enforce(struct tree_args *a)
{
	return bool_file(a, "enforce");
}

static int success_audit(struct tree_args *a)
{
	return bool_file(a, "success_audit");
}

/* ---- the table ------------------------------------------------------------ */

const struct tree_cmd tree_cmd_deploy = {
	"deploy",
	"Usage: ipectl deploy [--root DIR] [--activate] FILE.p7b\n"
	"\n"
	"Load the signed policy FILE.p7b ('-' = standard input): the whole file in\n"
	"one write to new_policy.  The policy is loaded, not active, unless:\n"
	"\n"
	"  -a, --activate  then activate it: find the policy whose pkcs7 file holds\n"
	"                  exactly FILE's bytes and write 1 to its active file\n"
	TREE_USAGE_ROOT
	"\n" REFUSED_STATUS,
	TREE_OPT_ACTIVATE, "FILE.p7b", 1, 1, deploy,
};

const struct tree_cmd tree_cmd_update = {
	"update",
	"Usage: ipectl update [--root DIR] NAME FILE.p7b\n"
	"\n"
	"Replace the loaded policy NAME with the signed policy FILE.p7b ('-' =\n"
	"standard input), in one write to policies/NAME/update.  The tree takes only\n"
	"the same policy_name at a strictly higher version (else EINVAL or ESTALE);\n"
	"if NAME was active, the new version is active at once.\n"
	"\n"
	TREE_USAGE_ROOT
	"\n" REFUSED_STATUS,
	0, "NAME FILE.p7b", 2, 2, update,
};

const struct tree_cmd tree_cmd_activate = {
	"activate",
	"Usage: ipectl activate [--root DIR] NAME\n"
	"\n"
	"Make the loaded policy NAME the active one (write 1 to policies/NAME/active).\n"
	"The tree refuses (EINVAL) a version below the active policy's.\n"
	"\n"
	TREE_USAGE_ROOT
	"\n" REFUSED_STATUS,
	0, "NAME", 1, 1, activate,
};

const struct tree_cmd tree_cmd_delete = {
	"delete",
	"Usage: ipectl delete [--root DIR] NAME\n"
	"\n"
	"Unload the policy NAME (write 1 to policies/NAME/delete).  The active policy\n"
	"cannot be deleted (EPERM): activate another first.\n"
	"\n"
	TREE_USAGE_ROOT
	"\n" REFUSED_STATUS,
	0, "NAME", 1, 1, delete,
};

const struct tree_cmd tree_cmd_list = {
	"list",
	"Usage: ipectl list [--root DIR] [--json]\n"
	"\n"
	"The loaded policies, sorted by name, one a line: NAME VERSION, and 'active'\n"
	"after the active one.  Bytes of a name outside printable ASCII, and '\\',\n"
	"are written \\xNN.\n"
	"\n"
	"  --json          an array of {\"name\", \"version\", \"active\"} instead\n"
	TREE_USAGE_ROOT
	"\n" REFUSED_STATUS,
	TREE_OPT_JSON, "", 0, 0, list,
};

const struct tree_cmd tree_cmd_show = {
	"show",
	"Usage: ipectl show [--root DIR] [--json | --text] NAME\n"
	"\n"
	"The loaded policy NAME: version, whether it is active, whether it is signed\n"
	"(the boot policy is not), its digest as audit records show it (sha256: and\n"
	"the upper-case hex of the signed blob, or of nothing for the boot policy),\n"
	"the blob's size and the policy text's size.\n"
	"\n"
	"  --json          {\"name\", \"version\", \"active\", \"signed\", \"digest\", \"size\",\n"
	"                  \"text_size\"} instead\n"
	"  --text          print the policy text itself, as the tree holds it\n"
	TREE_USAGE_ROOT
	"\n" REFUSED_STATUS,
	TREE_OPT_JSON | TREE_OPT_TEXT, "NAME", 1, 1, show,
};

#define BOOL_USAGE(cmd, file, what) \
	"Usage: ipectl " cmd " [--root DIR] [VALUE]\n" \
	"\n" \
	"Without VALUE print " file " (1 or 0): " what ".  With VALUE set it:\n" \
	"1, on, true or yes write 1; 0, off, false or no write 0.\n" \
	"\n" \
	TREE_USAGE_ROOT \
	"\n" REFUSED_STATUS

const struct tree_cmd tree_cmd_enforce = {
	"enforce",
	BOOL_USAGE("enforce", "enforce", "1 when denials are enforced, 0 when only audited"),
	0, "at most one VALUE", 0, 1, enforce,
};

const struct tree_cmd tree_cmd_success_audit = {
	"success-audit",
	BOOL_USAGE("success-audit", "success_audit", "1 when allowed events are audited too"),
	0, "at most one VALUE", 0, 1, success_audit,
};

const struct tree_cmd tree_cmd_status = {
	"status",
	"Usage: ipectl status [--root DIR] [--json]\n"
	"\n"
	"The tree at a glance: its root, enforce, success_audit, the active policy's\n"
	"name and version (or none) and the number of policies loaded; then what\n"
	"enforces: kernel IPE, or ipe-bpf's pinned BPF set (ABI, table generation and,\n"
	"as root, its decision counters), the kernel release and its LSM list.\n"
	"\n"
	"  --json          {\"root\", \"enforce\", \"success_audit\", \"active\": {\"name\",\n"
	"                  \"version\"} or null, \"policies\", \"engine\": {...}} instead\n"
	TREE_USAGE_ROOT
	"\n" REFUSED_STATUS,
	TREE_OPT_JSON, "", 0, 0, status,
};
