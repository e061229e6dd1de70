/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The compiled form of a policy: what libipe builds (ipe_tables_build()), what
 * iped writes into BPF maps and what the BPF programs walk.  Fixed-width
 * types and no libc, so that user space and BPF C share it as it is.
 *
 * Shape, for one op:
 *  - every rule becomes a record of its boolean requirements and at most one
 *    required dm-verity digest and one fs-verity digest, each named by an id;
 *  - the rules without a digest requirement form the op's "generic" list;
 *    a rule with a dm-verity digest sits in that digest's list for the op, else
 *    one with only an fs-verity digest sits in that digest's list;
 *  - every list keeps file order.
 * An event looks its file's two digests up (two hash lookups), scans at most
 * three lists, and the matching record with the smallest position wins: the
 * first match in file order, whatever the number of digest rules.
 *
 * Rules that can never match (TRUE and FALSE of one property, two different
 * digests of one kind, a digest longer than any kernel hash, an algorithm
 * name of IPE_TBL_ALG_MAX bytes or more, an empty digest) are left out: no
 * event could select them.
 */
#ifndef IPE_TABLES_H
#define IPE_TABLES_H

#include <linux/types.h>

#define IPE_TBL_OPS 7			/* enum ipe_op, without IPE_OP_INVALID */
#define IPE_TBL_ALG_MAX 32		/* an algorithm name is shorter than this */
#define IPE_TBL_DIGEST_MAX 64		/* HASH_MAX_DIGESTSIZE */
#define IPE_TBL_NO_RULE 0xffffffffu	/* no position: nothing matched */
/* The longest list an event scans.  A record that an earlier record of its
 * list matches whenever it matches is dropped (it could never be first), so
 * the generic lists hold at most 27 records (3 facts, each TRUE, FALSE or
 * unread); a policy that still needs more gets -E2BIG. */
#define IPE_TBL_SCAN_MAX 32

/* The boolean facts of an event, one bit each (set = TRUE). */
#define IPE_TBL_BOOT_VERIFIED 0x01u	/* the file's mount is the initramfs */
#define IPE_TBL_DMV_SIGNED 0x02u	/* its device's verity root hash signature was verified */
#define IPE_TBL_FSV_SIGNED 0x04u	/* it is a verity file whose built-in signature verified */
/* Not event bits: what an op's rules read, in ipe_tbl_header.op_reads. */
#define IPE_TBL_DMV_DIGEST 0x08u
#define IPE_TBL_FSV_DIGEST 0x10u

/* The action codes are enum ipe_action's. */
#define IPE_TBL_ALLOW 0
#define IPE_TBL_DENY 1
#define IPE_TBL_NONE 2

struct ipe_tbl_rule {
	__u32 pos;		/* index of the rule in the policy, file order, all ops */
	__u32 dmv_id;		/* 0: none; else the event's dm-verity digest id must be this */
	__u32 fsv_id;		/* 0: none; else the event's fs-verity digest id must be this */
	__u8 mask;		/* IPE_TBL_* event bits this rule reads */
	__u8 want;		/* ... and the values it needs: (bits & mask) == want */
	__u8 action;		/* IPE_TBL_ALLOW or IPE_TBL_DENY */
	__u8 pad;
};

/* COUNT records of the rules array from START. */
struct ipe_tbl_range {
	__u32 start;
	__u32 count;
};

#define IPE_TBL_KIND_DMV 1		/* dmverity_roothash */
#define IPE_TBL_KIND_FSV 2		/* fsverity_digest */

/* A digest as an event presents it; unused bytes are zero. */
struct ipe_tbl_digest_key {
	__u8 kind;		/* IPE_TBL_KIND_* */
	__u8 pad;
	__u8 alg_len;
	__u8 len;
	char alg[IPE_TBL_ALG_MAX];
	__u8 bytes[IPE_TBL_DIGEST_MAX];
};

struct ipe_tbl_digest {
	__u32 id;		/* > 0, unique per kind within one policy */
	struct ipe_tbl_range ops[IPE_TBL_OPS];	/* this digest's list, per op */
};

struct ipe_tbl_header {
	__u32 nrules;		/* records in the rules array */
	__u32 ndigests;
	__u8 global_default;	/* IPE_TBL_*; NONE only when no rule needs it */
	__u8 op_default[IPE_TBL_OPS];	/* IPE_TBL_NONE: fall back to the global one */
	__u8 op_reads[IPE_TBL_OPS];	/* the IPE_TBL_* facts any rule of the op reads */
	__u8 pad;
	struct ipe_tbl_range generic[IPE_TBL_OPS];
};

/* True when record R matches an event with facts BITS and digest ids DMV, FSV. */
static inline int ipe_tbl_rule_matches(const struct ipe_tbl_rule *r, __u8 bits, __u32 dmv,
				       __u32 fsv)
{
	return (bits & r->mask) == r->want && (!r->dmv_id || r->dmv_id == dmv) &&
	       (!r->fsv_id || r->fsv_id == fsv);
}

/* The decision once the lists are scanned: BEST is the matching record with
 * the smallest position, or NULL.  Returns the action; *MATCH says which kind
 * (0 rule, 1 op default, 2 global default: enum ipe_match). */
static inline __u8 ipe_tbl_decide(const struct ipe_tbl_header *h, __u8 op,
				  const struct ipe_tbl_rule *best, __u8 *match)
{
	if (op >= IPE_TBL_OPS) {
		/* An unknown kernel read/load id: kernel IPE warns and takes the
		 * global default, or allows when there is none. */
		*match = 2;
		return h->global_default == IPE_TBL_NONE ? IPE_TBL_ALLOW : h->global_default;
	}
	if (best) {
		*match = 0;
		return best->action;
	}
	if (h->op_default[op] != IPE_TBL_NONE) {
		*match = 1;
		return h->op_default[op];
	}
	*match = 2;
	return h->global_default;
}

#endif
