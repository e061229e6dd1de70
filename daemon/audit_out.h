/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Where iped's audit records go.  User space may not send the kernel's IPE
 * record types (1404, 1420-1422), so each is sent to the kernel audit
 * subsystem under its user-space counterpart when auditd is running:
 *
 *   1422 AUDIT_IPE_POLICY_LOAD    -> 2310 AUDIT_USER_MAC_POLICY_LOAD
 *   1421 AUDIT_IPE_CONFIG_CHANGE  -> 2312 AUDIT_USER_MAC_CONFIG_CHANGE
 *   1404 AUDIT_MAC_STATUS         -> 2313 AUDIT_USER_MAC_STATUS
 *   1420 AUDIT_IPE_ACCESS         -> 1107 AUDIT_USER_AVC
 *
 * with the kernel's text, byte for byte, as the message.  Without auditd
 * (or when sending fails) the record goes to syslog, that is the journal.
 * With a JSON log, every record is also appended to it as one line:
 * {"time": SECONDS, "type": KERNEL_TYPE, "text": TEXT}.
 */
#ifndef IPED_AUDIT_OUT_H
#define IPED_AUDIT_OUT_H

#include <stdbool.h>
#include <stdint.h>

#include <libipe-store.h>

struct audit_out;

/* JSON_PATH may be NULL.  0 or -errno (the JSON log cannot be opened). */
int audit_out_open(const char *json_path, struct audit_out **out);
void audit_out_close(struct audit_out *a);

/* While muted (restoring saved state), records are dropped. */
void audit_out_mute(struct audit_out *a, bool muted);

/* One record of kernel TYPE with TEXT; safe from any thread. */
void audit_out_text(struct audit_out *a, uint16_t type, const char *text);

/* The store's audit sink; CTX is the struct audit_out. */
void audit_out_record(void *ctx, const struct ipe_audit_record *rec);

#endif
