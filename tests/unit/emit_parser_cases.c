// SPDX-License-Identifier: GPL-2.0-only
/*
 * Write the parser conformance table to a directory, for the VM bench to put
 * through kernel IPE: NNN.pol holds one input's exact bytes, and "index" one
 * line per input: "NNN RESULT DESCRIPTION", RESULT being what a write of the
 * signed input to new_policy returns: the table's errno name for an input
 * the parser rejects; for one it accepts, "ok", or the error of creating
 * the policy's directory when the name is no single path component ("."
 * "..", a "/" inside: EACCES; over 255 bytes: ENAMETOOLONG).
 *
 * Usage: emit_parser_cases DIR
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <libipe.h>

#include "parser_cases.h"

static const char *deploy_result(const struct pcase *c)
{
	struct ipe_policy *p;
	const char *r = "ok";

	if (c->err)
		return ipe_errno_name(c->err);
	if (ipe_policy_parse(c->text, c->len, &p, NULL)) {
		fprintf(stderr, "emit_parser_cases: '%s' is valid in the table but not to libipe\n",
			c->desc);
		return NULL;
	}
	if (!strcmp(p->name, ".") || !strcmp(p->name, "..") || strchr(p->name, '/'))
		r = "EACCES";
	else if (strlen(p->name) > 255)
		r = "ENAMETOOLONG";
	ipe_policy_free(p);
	return r;
}

int main(int argc, char **argv)
{
	char path[4096];
	FILE *index, *f;
	const char *result;
	size_t i;

	if (argc != 2) {
		fprintf(stderr, "usage: emit_parser_cases DIR\n");
		return 2;
	}
	snprintf(path, sizeof(path), "%s/index", argv[1]);
	index = fopen(path, "w");
	if (!index) {
		perror(path);
		return 1;
	}
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(path, sizeof(path), "%s/%03zu.pol", argv[1], i);
		f = fopen(path, "wb");
		if (!f || fwrite(cases[i].text, 1, cases[i].len, f) != cases[i].len || fclose(f)) {
			perror(path);
			return 1;
		}
		result = deploy_result(&cases[i]);
		if (!result)
			return 1;
		fprintf(index, "%03zu %s %s\n", i, result, cases[i].desc);
	}
	if (fclose(index)) {
		perror("index");
		return 1;
	}
	return 0;
}
