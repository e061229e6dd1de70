// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer target for ipectl's 1420 record reader (cli/access_record.c).
 * Logs are written by whoever can write to them, so any bytes must give
 * -ENOENT, -EBADMSG or a record, with no crash, leak or undefined
 * behaviour.  A record must be one the kernel could have written: printed
 * again by libipe as the kernel prints it, its text appears in the input as
 * is (only the kernel's canonical form is accepted; JSON lines escape it),
 * and that text, in the audit.log wrapping, parses back to the same record.
 */
#define _GNU_SOURCE	/* memmem */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libipe.h>
#include <libipe-store.h>

#include "access_record.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool str_eq(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

static bool same(const struct access_record *a, const struct access_record *b)
{
	return a->op == b->op && a->hook == b->hook && a->enforcing == b->enforcing &&
	       a->pid == b->pid && str_eq(a->comm, b->comm) && a->has_file == b->has_file &&
	       a->path_len == b->path_len && str_eq(a->path, b->path) && str_eq(a->dev, b->dev) &&
	       a->ino == b->ino && str_eq(a->rule, b->rule) && a->action == b->action;
}

static bool json_input(const uint8_t *data, size_t size)
{
	size_t i = 0;

	while (i < size && (data[i] == ' ' || data[i] == '\t' || data[i] == '\r' || data[i] == '\n'))
		i++;
	return i < size && data[i] == '{';
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char wrap[] = "type=1420 msg=audit(1.2:3): ";
	struct access_record r, back;
	struct ipe_access_record a;
	char *text, *line;
	size_t len;
	int err = access_record_parse((const char *)data, size, &r);

	if (err) {
		if (err != -ENOENT && err != -EBADMSG && err != -ENOMEM)
			abort();
		if (r.comm || r.path || r.dev || r.rule)
			abort();
		return 0;
	}
	if (r.op < 0 || r.op > IPE_OP_INVALID || r.hook < 0 || r.hook >= IPE_HOOK_COUNT ||
	    strlen(r.comm) > 15 || (r.action != IPE_ACTION_ALLOW && r.action != IPE_ACTION_DENY) ||
	    r.has_file != (r.path != NULL) || r.has_file != (r.dev != NULL) ||
	    (r.path && strlen(r.path) != r.path_len))
		abort();
	a = (struct ipe_access_record){
		.op = (uint8_t)r.op, .hook = (uint8_t)r.hook, .enforcing = r.enforcing,
		.pid = r.pid, .comm = r.comm, .has_file = r.has_file, .path = r.path,
		.dev = r.dev, .ino = r.ino, .rule = r.rule,
	};
	text = ipe_access_record_text(&a);
	if (!text)
		abort();
	len = strlen(text);
	if (!json_input(data, size) && !memmem(data, size, text, len))
		abort();
	line = malloc(sizeof(wrap) - 1 + len);
	if (!line)
		abort();
	memcpy(line, wrap, sizeof(wrap) - 1);
	memcpy(line + sizeof(wrap) - 1, text, len);
	if (access_record_parse(line, sizeof(wrap) - 1 + len, &back) || !same(&r, &back))
		abort();
	access_record_free(&back);
	access_record_free(&r);
	free(line);
	free(text);
	return 0;
}
