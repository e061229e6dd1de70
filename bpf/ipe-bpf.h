/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * What ipe.bpf.c and iped exchange besides the policy tables (ipe-tables.h):
 * the mode switches, the counters and the audit event record.  Fixed-width
 * types only; included by BPF C and by user space.
 */
#ifndef IPE_BPF_H
#define IPE_BPF_H

#include <linux/types.h>

#include "ipe-tables.h"

/* Bumped whenever a map or record layout changes: a pinned set of another
 * ABI is replaced, never adopted. */
#define IPE_BPF_ABI 3

/*
 * tbl_digests and tbl_rules each hold two table sets, one live and one
 * spare; config.slot says which is live.  A new set is written to the spare
 * slot while events read the live one, then one update of config flips
 * slot: the atomic switch.
 */
#define IPE_BPF_SLOTS 2

/* The header of a table set, under the all-zero key of its digest map. */
struct ipe_bpf_header {
	struct ipe_tbl_header tbl;
	__u32 gen;		/* also rules[0].pos of the same set */
};

/* A value of the digest map. */
union ipe_bpf_digest_value {
	struct ipe_tbl_digest digest;
	struct ipe_bpf_header header;
};

/* The single entry of the "config" array. */
struct ipe_bpf_config {
	__u8 enforce;
	__u8 success_audit;
	__u8 slot;		/* the live entry of tbl_digests and tbl_rules */
	__u8 pad[5];
};

/* Where iped pins the set: links as link_NAME, maps as map_NAME. */
#define IPE_BPF_PIN_DIR "/sys/fs/bpf/ipe-bpf"

/* The kernel's features the loader found (its BTF, and its modules' BTF
 * where they are loaded), and so the programs' paths. */
#define IPE_BPF_FEAT_EXECVE_CHECK 0x01	/* AT_EXECVE_CHECK: linux_binprm.is_check */
#define IPE_BPF_FEAT_DMV_V61 0x02	/* dm-verity keeps a signature key description */
#define IPE_BPF_FEAT_DMV_V612 0x04	/* dm-verity keeps the verified signature */
#define IPE_BPF_FEAT_OVL_V61 0x08	/* overlayfs inodes hold their top lower path */
#define IPE_BPF_FEAT_OVL_V612 0x10	/* overlayfs inodes hold a lower stack */

#ifndef __bpf__
/* "NAME" per feature bit, in bit order; for logs and ipectl status. */
static const char *const ipe_bpf_feature_names[] = {
	"execve-check", "dm-verity(6.1)", "dm-verity(6.12)", "overlayfs(6.1)",
	"overlayfs(6.12)",
};
#endif

/* The single entry of the "info" array: what iped needs to adopt a pinned
 * set after a restart.  The programs never read it. */
struct ipe_bpf_info {
	__u32 abi;		/* IPE_BPF_ABI of the object that made the set */
	__u32 gen;		/* generation of the active tables */
	__u8 has_policy;
	__u8 features;		/* IPE_BPF_FEAT_*: what the loader found */
	__u8 pad[6];
	__u8 sha256[32];	/* digest of the active policy's blob */
};

/* Per-CPU counters, by index into the "counters" array. */
enum ipe_bpf_counter {
	IPE_CNT_EVENTS,		/* decisions taken against a policy */
	IPE_CNT_DENIED,		/* ... of which DENY (enforced or not) */
	IPE_CNT_AUDITED,	/* audit events written */
	IPE_CNT_DROPPED,	/* audit events lost: the ring buffer was full */
	IPE_CNT_UNCLASSIFIED,	/* a property the policy reads could not be read */
	IPE_CNT_TABLE_RACES,	/* tables seen mid-switch, read again */
	IPE_CNT_FSV_UNTRACKED,	/* a signature state table insert failed */
	IPE_CNT_MAX,
};

/* match values beyond enum ipe_match: the event could not be classified. */
#define IPE_BPF_MATCH_UNCLASSIFIED 3
/*
 * The rule= text iped audits for such an event: no statement of the policy
 * decided it.  ipectl explain recognises it, so it is part of the ABI.
 */
#define IPE_BPF_UNREADABLE_RULE "ipe-bpf: property unreadable, denied"

/* One audited decision, as the ring buffer carries it. */
struct ipe_bpf_event {
	__u32 gen;		/* tables generation the decision used */
	__u32 pos;		/* matching rule (IPE_TBL_NO_RULE: a default decided) */
	__u32 tgid;
	__u8 op;		/* enum ipe_op; IPE_OP_INVALID for unknown ids */
	__u8 hook;		/* enum ipe_hook */
	__u8 action;		/* IPE_TBL_ALLOW / IPE_TBL_DENY */
	__u8 match;		/* enum ipe_match, or IPE_BPF_MATCH_UNCLASSIFIED */
	__u8 enforcing;
	__u8 has_file;
	__u8 unread;		/* IPE_TBL_* facts that could not be read */
	__u8 pad;
	__s32 path_len;		/* strlen(path), or -errno from rendering it */
	__u32 pad2;
	__u64 ino;
	char comm[16];
	char dev[32];
	char path[4096];
};

#endif
