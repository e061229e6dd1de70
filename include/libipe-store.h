/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libipe store: the loaded policies and the modes, with the rules kernel IPE
 * applies when its securityfs files are written.
 *
 * Contract:
 *  - Every operation returns 0 or exactly the negative errno the kernel's
 *    handler returns for the same input and state (SPEC §5, §6).  A failed
 *    operation changes nothing.
 *  - Each policy has an id that survives updates (the kernel keeps the same
 *    directory) and is never reused: a handle opened on a policy that was
 *    deleted since resolves to -ENOENT.
 *  - The audit records a kernel would emit (1421, 1422, 1404) are handed to
 *    the sink given at creation, in the kernel's order, as structures; their
 *    text comes from ipe_audit_record_text().
 *  - No I/O, no threads: the caller serialises calls and persists state.
 *  - Pointers returned by lookups stay valid until the next call that
 *    changes the store.
 */
#ifndef LIBIPE_STORE_H
#define LIBIPE_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "libipe.h"
#include "libipe-sig.h"

#ifdef __cplusplus
extern "C" {
#endif

#define IPE_SHA256_LEN 32

/* One loaded policy, as policies/NAME/ shows it. */
struct ipe_entry {
	uint64_t id;
	const struct ipe_policy *policy;
	const uint8_t *pkcs7;		/* the blob as written; NULL: the unsigned boot policy */
	size_t pkcs7_len;
	const char *text;		/* the signed content (or boot text), exact bytes */
	size_t text_len;
	uint8_t digest[IPE_SHA256_LEN];	/* SHA-256 of the blob (of nothing when unsigned) */
};

/* Who writes: the kernel's CAP_MAC_ADMIN check and audit identity. */
struct ipe_actor {
	bool privileged;		/* the opener holds CAP_MAC_ADMIN */
	uint32_t auid, ses;		/* IPE_AUDIT_UNSET when unset */
};
#define IPE_AUDIT_UNSET 4294967295u

enum ipe_audit_type {
	IPE_AUDIT_MAC_STATUS = 1404,
	IPE_AUDIT_ACCESS = 1420,
	IPE_AUDIT_CONFIG_CHANGE = 1421,
	IPE_AUDIT_POLICY_LOAD = 1422,
};

/* A policy as an audit record names it. */
struct ipe_audit_policy_ref {
	const char *name;		/* NULL: "?" */
	uint16_t version[3];
	uint8_t digest[IPE_SHA256_LEN];
};

struct ipe_audit_record {
	uint16_t type;			/* enum ipe_audit_type, not ACCESS */
	struct ipe_actor actor;
	int err;			/* POLICY_LOAD: 0 or the negative errno */
	struct ipe_audit_policy_ref old_pol, new_pol;	/* CONFIG_CHANGE: both; POLICY_LOAD: new */
	bool old_enforce, new_enforce;	/* MAC_STATUS */
};

/*
 * The record's text after "type=NNNN msg=audit(...): ", byte for byte the
 * kernel's (SPEC §7.2, 7.3, 7.5; 1422 in its newest form, with errno=).
 * Returns a malloc'd string, or NULL on ENOMEM or for a type it does not
 * print (1420 has its own text, ipe_decision_rule_text).
 */
char *ipe_audit_record_text(const struct ipe_audit_record *rec);

/* An evaluation as 1420 AUDIT_IPE_ACCESS reports it (SPEC §7.1). */
struct ipe_access_record {
	uint8_t op;			/* enum ipe_op; IPE_OP_INVALID prints UNKNOWN */
	uint8_t hook;			/* enum ipe_hook */
	bool enforcing;
	uint32_t pid;			/* thread-group id */
	const char *comm;		/* NUL-terminated, at most 15 bytes used */
	bool has_file;
	const char *path;		/* as d_path renders it; NULL: rendering failed */
	bool path_too_long;		/* ... and why: too long, else out of memory */
	const char *dev;		/* the superblock's s_id */
	uint64_t ino;
	const char *rule;		/* ipe_decision_rule_text() */
};

/* The 1420 text, byte for byte the kernel's; malloc'd, or NULL on ENOMEM. */
char *ipe_access_record_text(const struct ipe_access_record *a);

typedef void (*ipe_audit_sink_fn)(void *ctx, const struct ipe_audit_record *rec);

struct ipe_store_options {
	/* Policies must be signed by a certificate of this store. Not owned. */
	const struct ipe_trust *trust;
	ipe_audit_sink_fn audit;	/* may be NULL */
	void *audit_ctx;
	bool enforce;			/* the kernel defaults: true */
	bool success_audit;		/* false */
	/*
	 * Beyond the kernel, off by default: remember the highest version ever
	 * activated per name and refuse (EINVAL) to activate a lower one.
	 */
	bool version_floors;
	/*
	 * Beyond the kernel, off by default: enforce and success_audit may be
	 * switched on but not off.  Writing 0 to either while it is 1 is
	 * -EPERM (after the kernel's own checks) and changes nothing; every
	 * other write behaves as without the option.  For a front end whose
	 * mode writes need no signing key yet must not weaken enforcement
	 * (iped's lockdown).
	 */
	bool modes_one_way;
	/*
	 * Beyond the kernel: the largest signed policy new_policy and update
	 * take; 0 is the kernel's IPE_PKCS7_KERNEL_MAX (more: -EMSGSIZE).
	 */
	size_t max_policy_bytes;
};

struct ipe_store;

int ipe_store_new(const struct ipe_store_options *opts, struct ipe_store **out);
void ipe_store_free(struct ipe_store *st);

/*
 * The kernel's bool syntax for enforce, success_audit, active and delete: the
 * first up to three bytes decide, "1yYtT" and "on" true, "0nNfF" and "of"
 * false, anything else (an empty write too) -EINVAL.
 */
int ipe_bool_parse(const void *buf, size_t len, bool *out);

/*
 * The unsigned boot policy: parsed, loaded and made active without a version
 * check or an audit record.  Only into a store with no active policy
 * (-EBUSY otherwise); -EEXIST when its name is loaded.
 */
int ipe_store_load_boot_policy(struct ipe_store *st, const void *text, size_t len,
			       struct ipe_diag *diag);

/*
 * Writes to the control files, checked in the kernel's order: the writer's
 * privilege first (-EPERM), then the bytes.  BUF/LEN is one write(2), whose
 * whole length the caller returns on 0.  A load or update emits its 1422
 * record on success and failure alike (-EPERM included).  On success *ID
 * (when not NULL) is the new policy's id.
 */
int ipe_store_write_new_policy(struct ipe_store *st, const struct ipe_actor *who,
			       const void *buf, size_t len, uint64_t *id,
			       struct ipe_diag *diag);
int ipe_store_write_update(struct ipe_store *st, const struct ipe_actor *who, uint64_t id,
			   const void *buf, size_t len, struct ipe_diag *diag);
int ipe_store_write_active(struct ipe_store *st, const struct ipe_actor *who, uint64_t id,
			   const void *buf, size_t len);
int ipe_store_write_delete(struct ipe_store *st, const struct ipe_actor *who, uint64_t id,
			   const void *buf, size_t len);
int ipe_store_write_enforce(struct ipe_store *st, const struct ipe_actor *who,
			    const void *buf, size_t len);
int ipe_store_write_success_audit(struct ipe_store *st, const struct ipe_actor *who,
				  const void *buf, size_t len);

/* Lookups. */
const struct ipe_entry *ipe_store_get(const struct ipe_store *st, uint64_t id);
const struct ipe_entry *ipe_store_find(const struct ipe_store *st, const char *name);
const struct ipe_entry *ipe_store_active(const struct ipe_store *st);
/* The I-th loaded policy in load order, or NULL past the end. */
const struct ipe_entry *ipe_store_at(const struct ipe_store *st, size_t i);
bool ipe_store_enforce(const struct ipe_store *st);
bool ipe_store_success_audit(const struct ipe_store *st);

/*
 * Version floors (only with opts.version_floors): the highest version ever
 * activated under NAME, to persist and restore.  Returns false when NAME has
 * none.  ipe_store_floor_at walks them (NULL name past the end).
 */
bool ipe_store_floor(const struct ipe_store *st, const char *name, uint16_t version[3]);
const char *ipe_store_floor_at(const struct ipe_store *st, size_t i, uint16_t version[3]);
int ipe_store_set_floor(struct ipe_store *st, const char *name, const uint16_t version[3]);

#ifdef __cplusplus
}
#endif

#endif
