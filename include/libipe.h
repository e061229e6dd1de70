/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libipe: the IPE policy language as Linux kernel IPE speaks it.
 *
 * Contract:
 *  - ipe_policy_parse() accepts exactly the byte strings kernel IPE accepts and
 *    rejects the others with the errno the kernel returns (EBADMSG, EINVAL,
 *    ERANGE, ENOMEM), plus a line:column diagnostic the kernel never gives.
 *  - A parsed policy is immutable; everything it points to lives until
 *    ipe_policy_free().  It never points into the caller's buffer.
 *  - ipe_evaluate() is the reference evaluator: the decision kernel IPE makes
 *    for an event, including the truth table of properties on file-less events
 *    and for providers that are absent.
 *  - Nothing here touches the kernel or the filesystem.
 */
#ifndef LIBIPE_H
#define LIBIPE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Operations, in the kernel's index order (the audit ipe_op= names). */
enum ipe_op {
	IPE_OP_EXECUTE,
	IPE_OP_FIRMWARE,
	IPE_OP_KMODULE,
	IPE_OP_KEXEC_IMAGE,
	IPE_OP_KEXEC_INITRAMFS,
	IPE_OP_POLICY,
	IPE_OP_X509_CERT,
	IPE_OP_INVALID,		/* an unknown kernel read/load id: audited as UNKNOWN */
};
#define IPE_OP_COUNT IPE_OP_INVALID

enum ipe_action {
	IPE_ACTION_ALLOW,
	IPE_ACTION_DENY,
	IPE_ACTION_NONE,	/* a default that was not written */
};

/* Properties, in the kernel's enum order. */
enum ipe_prop_kind {
	IPE_PROP_BOOT_VERIFIED_FALSE,
	IPE_PROP_BOOT_VERIFIED_TRUE,
	IPE_PROP_DMV_ROOTHASH,
	IPE_PROP_DMV_SIG_FALSE,
	IPE_PROP_DMV_SIG_TRUE,
	IPE_PROP_FSV_DIGEST,
	IPE_PROP_FSV_SIG_FALSE,
	IPE_PROP_FSV_SIG_TRUE,
};
#define IPE_PROP_KIND_COUNT (IPE_PROP_FSV_SIG_TRUE + 1)

/* Hooks, in the kernel's audit table order (the ipe_hook= names). */
enum ipe_hook {
	IPE_HOOK_BPRM_CHECK,
	IPE_HOOK_BPRM_CREDS_FOR_EXEC,
	IPE_HOOK_MMAP,
	IPE_HOOK_MPROTECT,
	IPE_HOOK_KERNEL_READ,
	IPE_HOOK_KERNEL_LOAD,
};
#define IPE_HOOK_COUNT (IPE_HOOK_KERNEL_LOAD + 1)

/*
 * A digest value as written in a policy: the algorithm is never validated
 * (it may be empty or unknown; matching compares bytes exactly) and the
 * digest may be empty.
 */
struct ipe_digest {
	const char *alg;	/* NUL-terminated; never contains NUL */
	const uint8_t *bytes;
	uint32_t len;
};

struct ipe_prop {
	uint8_t kind;		/* enum ipe_prop_kind */
	struct ipe_digest digest;	/* DMV_ROOTHASH and FSV_DIGEST only */
};

struct ipe_rule {
	const struct ipe_rule *next;	/* next rule in file order, any op */
	uint32_t line, col;		/* where its first token was written, 1-based */
	uint32_t nprops;
	uint8_t op;			/* enum ipe_op, never IPE_OP_INVALID */
	uint8_t action;			/* IPE_ACTION_ALLOW or IPE_ACTION_DENY */
	struct ipe_prop props[];	/* ANDed, in written order */
};

struct ipe_policy {
	const char *name;		/* NUL-terminated, as written */
	uint16_t version[3];		/* major, minor, revision */
	uint8_t global_default;		/* enum ipe_action */
	uint8_t op_default[IPE_OP_COUNT];
	/* Where each written default starts (its DEFAULT token), 0 when unset. */
	uint32_t global_default_line, global_default_col;
	uint32_t op_default_line[IPE_OP_COUNT], op_default_col[IPE_OP_COUNT];
	const struct ipe_rule *rules;	/* all rules in file order */
	uint32_t nrules;
	struct ipe_arena *arena;	/* private */
};

/* ---- parsing ---------------------------------------------------------- */

#define IPE_DIAG_MSG_MAX 256

/* Why a parse failed: the kernel's errno, and where, in words. */
struct ipe_diag {
	int err;			/* positive errno */
	uint32_t line, col;		/* 1-based; col counts bytes */
	char msg[IPE_DIAG_MSG_MAX];
};

/*
 * Parse LEN bytes at BUF (a first NUL byte ends the text, as in the kernel).
 * Returns 0 and a policy in *OUT, or a negative errno with *OUT = NULL and,
 * when DIAG is not NULL, the diagnostic filled in.
 */
int ipe_policy_parse(const void *buf, size_t len, struct ipe_policy **out,
		     struct ipe_diag *diag);
void ipe_policy_free(struct ipe_policy *p);

/* Same meaning: name, version, defaults, and every op's rules in order. */
bool ipe_policy_equal(const struct ipe_policy *a, const struct ipe_policy *b);

/* The 48-bit number the kernel compares versions by. */
uint64_t ipe_policy_version_number(const struct ipe_policy *p);

/* ---- printing --------------------------------------------------------- */

/*
 * Canonical text: header, global default, per-op defaults in op order, then
 * the rules in file order, one statement per line, digests in lower-case hex.
 * It parses back to an equal policy.  Returns a malloc'd NUL-terminated
 * string (its length in *LEN when LEN is not NULL), or NULL on ENOMEM.
 */
char *ipe_policy_format(const struct ipe_policy *p, size_t *len);

/* ---- evaluation ------------------------------------------------------- */

/* Property providers a kernel may have compiled in (all by default). */
enum ipe_provider {
	IPE_PROVIDER_DMV = 1u << 0,	/* dmverity_roothash */
	IPE_PROVIDER_DMV_SIG = 1u << 1,	/* dmverity_signature */
	IPE_PROVIDER_FSV = 1u << 2,	/* fsverity_digest */
	IPE_PROVIDER_FSV_SIG = 1u << 3,	/* fsverity_signature */
};
#define IPE_PROVIDERS_ALL 0xfu

/* What the kernel knows about the file of an event. */
struct ipe_file_props {
	bool boot_verified;		/* its mount's superblock is the initramfs */
	bool dmv_has_roothash;		/* its block device is a live dm-verity target */
	struct ipe_digest dmv_roothash;
	bool dmv_signed;		/* that target's root hash signature was verified */
	bool fsv_enabled;		/* the inode has fs-verity */
	struct ipe_digest fsv_digest;
	bool fsv_signed;		/* its built-in signature was verified */
};

struct ipe_event {
	uint8_t op;			/* enum ipe_op; IPE_OP_INVALID allowed */
	uint8_t hook;			/* enum ipe_hook */
	const struct ipe_file_props *file;	/* NULL: no file */
	unsigned providers;		/* enum ipe_provider bits */
};

enum ipe_match {
	IPE_MATCH_RULE,		/* a rule matched */
	IPE_MATCH_OP_DEFAULT,	/* DEFAULT op=X */
	IPE_MATCH_GLOBAL,	/* DEFAULT, or no default at all for an unknown op */
};

struct ipe_decision {
	uint8_t action;			/* enum ipe_action: ALLOW or DENY */
	uint8_t match;			/* enum ipe_match */
	uint8_t op;			/* the event's op */
	const struct ipe_rule *rule;	/* IPE_MATCH_RULE only */
};

/* True when one property holds for the event (SPEC truth table). */
bool ipe_prop_holds(const struct ipe_prop *prop, const struct ipe_event *ev);

void ipe_evaluate(const struct ipe_policy *p, const struct ipe_event *ev,
		  struct ipe_decision *d);

/*
 * The text the kernel audits as rule="..." for a decision (without the outer
 * rule="" wrapper): "op=EXECUTE fsverity_digest="sha256":AB.. action=ALLOW",
 * "DEFAULT op=EXECUTE action=DENY" or "DEFAULT action=DENY".
 * Returns a malloc'd string or NULL on ENOMEM.
 */
char *ipe_decision_rule_text(const struct ipe_decision *d);
char *ipe_rule_audit_text(const struct ipe_rule *r);

/* ---- names ------------------------------------------------------------ */

const char *ipe_op_name(enum ipe_op op);	/* "EXECUTE", "UNKNOWN" */
const char *ipe_hook_name(enum ipe_hook hook);	/* "BPRM_CHECK" */
const char *ipe_action_name(enum ipe_action a);	/* "ALLOW" */
const char *ipe_match_name(enum ipe_match m);	/* "rule", "op_default", "global" */
/* Inverse lookups; return -1 for an unknown name. */
int ipe_op_from_name(const char *s);
int ipe_hook_from_name(const char *s);
/*
 * Whether the kernel evaluates OP at HOOK (SPEC §3): the exec hooks only
 * EXECUTE, the kernel read and load hooks every other op, IPE_OP_INVALID too.
 */
bool ipe_hook_takes_op(enum ipe_hook hook, enum ipe_op op);
/* "EBADMSG" for EBADMSG, NULL for an errno this library never returns. */
const char *ipe_errno_name(int err);

/*
 * Parse "ALG:HEX" (the property value syntax) into a digest whose strings are
 * malloc'd into *ALG_OUT / *BYTES_OUT.  Returns 0, -EBADMSG (no colon) or
 * -EINVAL (odd length or non-hex).
 */
int ipe_digest_parse(const char *s, struct ipe_digest *d, char **alg_out,
		     uint8_t **bytes_out);

#ifdef __cplusplus
}
#endif

#endif
