/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The evaluation audit record, 1420 AUDIT_IPE_ACCESS, read back from a log
 * line (SPEC §7.1).  The same record reaches logs in several wrappings, and
 * a line is a 1420 record when its wrapping says so:
 *
 *   auditd (audit.log)  [node=N ]type=1420 msg=audit(S.MS:ID): ipe_op=...
 *   kernel log          ... audit: type=1420 audit(S.MS:ID): ipe_op=...
 *   journald            ... audit[PID]: IPE_ACCESS ipe_op=...
 *   iped's syslog       ... iped[PID]: audit type=1420 ipe_op=...
 *   iped via auditd     type=USER_AVC msg=audit(...): pid=.. uid=.. auid=..
 *                       ses=..[ subj=..] msg='ipe_op=...'
 *                       (also as type=1107 in the kernel log, USER_AVC in
 *                       journald; USER_AVC records whose msg='...' does not
 *                       start with ipe_op= are someone else's)
 *   iped's JSON log     {"time": T, "type": 1420, "text": "ipe_op=..."}
 *
 * The type may be spelled 1420, IPE_ACCESS, UNKNOWN[1420] (auditd without
 * a name for it) or AUDIT1420 (journald without one).  auditd's enriched
 * format appends its interpretations after a 0x1d byte; they are ignored.
 *
 * Contract: untrusted input.  Any byte string is either parsed into a
 * complete record or refused; nothing is guessed, nothing is read past LEN
 * (the line may hold NUL bytes).  A record is accepted only in the exact
 * form the kernel writes it: fields in order, single spaces, untrusted
 * strings quoted when they can be and upper-case hex otherwise, decimals
 * without leading zeros, a rule text the kernel could print for that op,
 * and a hook that evaluates that op (with a file where the hook always has
 * one).  So an accepted record rendered again by ipe_access_record_text()
 * gives back its own text.
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
	/*
	 * iped's record of an event its engine denied because a property the
	 * op's rules read could not be read (rule=IPE_BPF_UNREADABLE_RULE,
	 * action DENY): no statement of the policy decided it.
	 */
	bool unreadable;
};

/*
 * Parse the record in the LEN bytes at LINE (one log line, without its
 * newline; a last CR, of a CR LF line end, is ignored).  Returns 0 and a record to release with access_record_free(),
 * -ENOENT when the line holds no 1420 record at all (another record type,
 * or text), -EBADMSG when it holds a damaged one, or -ENOMEM.  On error *R
 * holds nothing to release.
 */
int access_record_parse(const char *line, size_t len, struct access_record *r);
void access_record_free(struct access_record *r);

/*
 * Where R's file is to be read now: its path without the " (deleted)" d_path
 * appends to an unlinked file's (*DELETED says whether it did), or NULL when
 * the path is not absolute (d_path's "<too_long>", a pseudo file's name),
 * which names nothing to open.  Returns 0 with *PATH malloc'd or NULL, or
 * -ENOMEM.  R must have a file.
 */
int access_record_path_now(const struct access_record *r, char **path, bool *deleted);

#endif
