/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The evaluation audit record, 1420 AUDIT_IPE_ACCESS, read back from a log
 * line (SPEC §7.1).  The same record reaches logs in several wrappings:
 * the kernel's audit.log ("type=1420 msg=audit(...): ipe_op=..."), the
 * kernel log ("audit: type=1420 audit(...): ipe_op=..."), iped's syslog
 * lines ("audit type=1420 ipe_op=...") and iped's JSON audit log
 * ({"time": ..., "type": 1420, "text": "ipe_op=..."}).  The record is found
 * by its first field wherever it starts.
 *
 * Contract: untrusted input.  Any byte string is either parsed into a
 * complete record or refused with -EBADMSG (or -ENOMEM); nothing is guessed.
 */
#ifndef IPECTL_ACCESS_RECORD_H
#define IPECTL_ACCESS_RECORD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct access_record {
	int op;			/* enum ipe_op; IPE_OP_INVALID for ipe_op=UNKNOWN */
	int hook;		/* enum ipe_hook */
	bool enforcing;
	uint32_t pid;
	char *comm;		/* decoded from the untrusted-string form */
	bool has_file;		/* false for path=? dev=? ino=? */
	char *path;		/* decoded; NULL without a file */
	size_t path_len;	/* a path may hold any byte but NUL */
	char *dev;		/* decoded; NULL without a file */
	uint64_t ino;
	char *rule;		/* the text inside rule="...", as the kernel wrote it */
	int action;		/* enum ipe_action: the rule's action= */
};

/*
 * Parse the record in the LEN bytes at LINE (one log line, without its
 * newline).  Returns 0 and a record to release with access_record_free(),
 * -ENOENT when the line holds no 1420 record at all (another record type,
 * or text), -EBADMSG when it holds a damaged one, or -ENOMEM.
 */
int access_record_parse(const char *line, size_t len, struct access_record *r);
void access_record_free(struct access_record *r);

#endif
