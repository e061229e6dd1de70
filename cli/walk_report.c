// SPDX-License-Identifier: GPL-2.0-only
#include "walk_report.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"

int walk_report_init(struct walk_report *wr, const char *cmd, bool json, bool quiet)
{
	*wr = (struct walk_report){ .cmd = cmd, .json = json, .quiet = quiet };
	if (!json)
		return 0;
	wr->skip_f = open_memstream(&wr->skip_buf, &wr->skip_len);
	wr->err_f = open_memstream(&wr->err_buf, &wr->err_len);
	if (!wr->skip_f || !wr->err_f) {
		walk_report_free(wr);
		return -ENOMEM;
	}
	return 0;
}

void walk_report_free(struct walk_report *wr)
{
	if (wr->skip_f)
		fclose(wr->skip_f);
	if (wr->err_f)
		fclose(wr->err_f);
	free(wr->skip_buf);
	free(wr->err_buf);
	wr->skip_f = wr->err_f = NULL;
	wr->skip_buf = wr->err_buf = NULL;
}

/* Items are separated by ",\n" and indented by the final print. */
static void item(FILE *f, unsigned long count)
{
	fputs(count > 1 ? ",\n" : "\n", f);
}

void walk_report_error(struct walk_report *wr, const char *path, int err)
{
	fprintf(stderr, "%s: %s: %s\n", wr->cmd, path, strerror(err));
	wr->errors++;
	if (!wr->json)
		return;
	item(wr->err_f, wr->errors);
	fputs("{\"path\": ", wr->err_f);
	json_cstr(wr->err_f, path);
	fputs(", \"error\": ", wr->err_f);
	json_cstr(wr->err_f, strerror(err));
	fputc('}', wr->err_f);
}

bool walk_report_entry(struct walk_report *wr, const struct walk_entry *e)
{
	bool link = e->kind == WALK_SYMLINK;

	if (e->kind == WALK_FILE)
		return false;
	if (e->kind == WALK_ERROR) {
		walk_report_error(wr, e->path, e->err);
		return true;
	}
	wr->skipped++;
	if (wr->json) {
		item(wr->skip_f, wr->skipped);
		fputs("{\"path\": ", wr->skip_f);
		json_cstr(wr->skip_f, e->path);
		fprintf(wr->skip_f, ", \"reason\": \"%s\"}", link ? "symlink" : "special");
	} else if (!wr->quiet) {
		printf("SKIP %s (%s)\n", e->path,
		       link ? "symbolic link, not followed" : "not a regular file, not opened");
	}
	return true;
}

/* The gathered items of F, each line indented, as a JSON array. */
static void put_array(const char *key, FILE **f, char **buf, unsigned long count, int indent)
{
	const char *p;

	fclose(*f);
	*f = NULL;
	printf(",\n%*s\"%s\": [", indent, "", key);
	for (p = *buf; *p; p++) {
		putchar(*p);
		if (*p == '\n')
			printf("%*s", indent + 2, "");
	}
	if (count)
		printf("\n%*s", indent, "");
	putchar(']');
	free(*buf);
	*buf = NULL;
}

void walk_report_put_json(struct walk_report *wr, int indent)
{
	put_array("skipped", &wr->skip_f, &wr->skip_buf, wr->skipped, indent);
	put_array("errors", &wr->err_f, &wr->err_buf, wr->errors, indent);
}
