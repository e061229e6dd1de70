// SPDX-License-Identifier: GPL-2.0-only
/*
 * ipe-bpf's kernel side: IPE's decisions on the BPF LSM.
 *
 * Every hook gathers the facts of its file (ipe-tables.h) from the kernel's
 * live state, walks the active tables and returns -EACCES or 0; nothing here
 * waits for user space.  Decisions run in non-sleepable programs, under RCU,
 * which is what keeps a table set alive while an event reads it (the tables
 * are inner maps, switched by replacing the outer map's entry).
 *
 * Audit: where the hook may sleep (exec, mmap, kernel reads) a second,
 * sleepable program on the same hook renders the path with bpf_d_path(),
 * writes the event and returns the verdict: the decision program hands both
 * over in task storage and returns 0, because a trampoline skips the
 * programs after one that returns an error.
 * file_mprotect may not sleep: its events carry the path as far as the
 * dentry walk below can render it.  kernel_load_data has no file.
 */
#include <linux/types.h>
#include <linux/bpf.h>
#include <stdbool.h>
#include <stddef.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>

#include "kernel.h"
#include "ipe-tables.h"
#include "ipe-bpf.h"
#include "str.h"

char LICENSE[] SEC("license") = "GPL";

#define EACCES 13
#define ENAMETOOLONG 36
#define PROT_EXEC 0x4
#define VM_EXEC 0x4

/* The hook enum and op enum of libipe.h, which BPF C cannot include. */
enum { OP_EXECUTE, OP_FIRMWARE, OP_KMODULE, OP_KEXEC_IMAGE, OP_KEXEC_INITRAMFS, OP_POLICY,
       OP_X509_CERT, OP_INVALID };
enum { HOOK_BPRM_CHECK, HOOK_BPRM_CREDS_FOR_EXEC, HOOK_MMAP, HOOK_MPROTECT, HOOK_KERNEL_READ,
       HOOK_KERNEL_LOAD };

/* The superblock of the initramfs: the one rootfs there is. */
extern const void rootfs_fs_type __ksym;

/* ---- maps --------------------------------------------------------------- */

/* The active tables: entry 0 of each, both replaced on every switch.  The
 * header sits in the digest map under the all-zero key; rules[0].pos holds
 * the generation, which must equal the header's, so an event that looked
 * in the middle of a switch sees the mismatch and looks again. */
/* Sizes, not types: debug info only declares a type an inner map
 * definition points to, and libbpf needs its size. */
struct digests_map {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__uint(max_entries, 1);
	__uint(key_size, sizeof(struct ipe_tbl_digest_key));
	__uint(value_size, sizeof(union ipe_bpf_digest_value));
};

struct rules_map {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(map_flags, BPF_F_INNER_MAP);
	__uint(max_entries, 1);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, sizeof(struct ipe_tbl_rule));
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
	__uint(max_entries, IPE_BPF_SLOTS);
	__type(key, __u32);
	__array(values, struct digests_map);
} tbl_digests SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
	__uint(max_entries, IPE_BPF_SLOTS);
	__type(key, __u32);
	__array(values, struct rules_map);
} tbl_rules SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct ipe_bpf_config);
} config SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct ipe_bpf_info);
} info SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, IPE_CNT_MAX);
	__type(key, __u32);
	__type(value, __u64);
} counters SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4 << 20);
} events SEC(".maps");

/*
 * fs-verity built-in signatures: the outcome of every verification since
 * load, by fsverity_info address, dropped when the info is freed.  An info
 * that is not here was built before ipe-bpf was loaded: its state is unknown
 * and a policy that reads it cannot classify the event.
 */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1 << 16);
	__type(key, __u64);
	__type(value, __u8);
} fsv_signed SEC(".maps");

/* A decision waiting for its audit program, per task. */
struct pending {
	__u64 file;		/* the struct file the decision was about */
	__u32 gen, pos;
	__u8 valid, op, hook, action, match, enforcing, unread, audit;
};

struct {
	__uint(type, BPF_MAP_TYPE_TASK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, struct pending);
} pending SEC(".maps");

static __always_inline void count(__u32 which)
{
	__u64 *v = bpf_map_lookup_elem(&counters, &which);

	if (v)
		*v += 1;
}

/* ---- facts ------------------------------------------------------------- */

/* What an event's file shows the policy; the digests as looked up in the
 * active digest map (NULL: absent, or no rule names it). */
struct facts {
	__u8 bits;		/* IPE_TBL_BOOT_VERIFIED ... */
	__u8 unread;		/* facts that could not be read */
	const union ipe_bpf_digest_value *dmv, *fsv;
};

/* Read a NUL-terminated algorithm name into KEY (zeroed by the caller);
 * false when it does not fit the tables (no policy digest can match it). */
static __always_inline bool read_alg(struct ipe_tbl_digest_key *key, const char *src)
{
	long n = bpf_probe_read_kernel_str(key->alg, sizeof(key->alg), src);
	char next = 0;

	if (n <= 1)
		return false;
	/* 32 bytes copied: a 31-byte name, or a longer one cut. */
	if (n == IPE_TBL_ALG_MAX &&
	    (bpf_probe_read_kernel(&next, 1, src + IPE_TBL_ALG_MAX - 1) || next))
		return false;
	key->alg_len = (__u8)(n - 1);
	return true;
}

/* The digest of LEN bytes at SRC into KEY (zeroed by the caller). */
static __always_inline bool read_digest(struct ipe_tbl_digest_key *key, const void *src,
					__u32 len)
{
	if (len == 0 || len > IPE_TBL_DIGEST_MAX)
		return false;
	/* Equal to LEN here, and visibly 1..64 to the verifier whatever
	 * copy of LEN the compiler hands it. */
	if (bpf_probe_read_kernel(key->bytes, ((len - 1) & (IPE_TBL_DIGEST_MAX - 1)) + 1, src))
		return false;
	key->len = (__u8)len;
	return true;
}

/* Is DISK a device-mapper disk?  dm names its disks dm-N and, as a module,
 * owns their operations. */
static __always_inline bool is_dm_disk(struct gendisk *disk)
{
	char name[8] = {};
	struct module *owner;

	bpf_probe_read_kernel(name, 3, &disk->disk_name);
	if (!str_is(name, "dm-", 3))
		return false;
	owner = BPF_CORE_READ(disk, fops, owner);
	if (!owner)
		return true;	/* device-mapper built in */
	bpf_probe_read_kernel(name, 7, &owner->name);
	return str_is(name, "dm_mod", 7);
}

/* dm-verity facts of the block device: the live table must be one verity
 * target; its root digest, hash algorithm and verified signature count. */
static __always_inline void dmv_facts(struct block_device *bdev, struct facts *f, void *digests,
				      struct ipe_tbl_digest_key *key)
{
	struct gendisk *disk = BPF_CORE_READ(bdev, bd_disk);
	struct crypto_alg *alg = NULL;
	struct mapped_device *md;
	struct dm_table *table;
	struct dm_target *ti;
	char tname[8] = {};
	const __u8 *digest;
	__u32 size;
	bool sig;
	void *v;

	if (!disk || !is_dm_disk(disk))
		return;
	if (!bpf_core_type_exists(struct mapped_device) || !bpf_core_type_exists(struct dm_table) ||
	    !bpf_core_type_exists(struct dm_target)) {
		f->unread |= IPE_TBL_DMV_DIGEST | IPE_TBL_DMV_SIGNED;
		return;
	}
	md = BPF_CORE_READ(disk, private_data);
	table = BPF_CORE_READ(md, map);
	if (!table || BPF_CORE_READ(table, num_targets) != 1)
		return;
	ti = BPF_CORE_READ(table, targets);
	bpf_probe_read_kernel_str(tname, sizeof(tname), BPF_CORE_READ(ti, type, name));
	if (!str_is(tname, "verity", 7))
		return;
	v = BPF_CORE_READ(ti, private);
	if (bpf_core_field_exists(struct dm_verity___v612, root_digest_sig)) {
		struct dm_verity___v612 *v612 = v;
		struct crypto_ahash *ah = BPF_CORE_READ(v612, ahash_tfm);

		alg = ah ? BPF_CORE_READ(ah, base.__crt_alg)
			 : BPF_CORE_READ(v612, shash_tfm, base.__crt_alg);
		digest = BPF_CORE_READ(v612, root_digest);
		size = BPF_CORE_READ(v612, digest_size);
		sig = BPF_CORE_READ(v612, root_digest_sig) != NULL;
	} else if (bpf_core_field_exists(struct dm_verity___v61, tfm)) {
		struct dm_verity___v61 *v61 = v;

		alg = BPF_CORE_READ(v61, tfm, base.__crt_alg);
		digest = BPF_CORE_READ(v61, root_digest);
		size = BPF_CORE_READ(v61, digest_size);
		/* 6.1 refuses a table whose signature does not verify and
		 * keeps only the key description of one that did. */
		sig = BPF_CORE_READ(v61, signature_key_desc) != NULL;
	} else {
		f->unread |= IPE_TBL_DMV_DIGEST | IPE_TBL_DMV_SIGNED;
		return;
	}
	if (sig)
		f->bits |= IPE_TBL_DMV_SIGNED;
	__builtin_memset(key, 0, sizeof(*key));
	key->kind = IPE_TBL_KIND_DMV;
	if (!alg || !read_alg(key, alg->cra_name) || !read_digest(key, digest, size)) {
		f->unread |= IPE_TBL_DMV_DIGEST;
		return;
	}
	f->dmv = bpf_map_lookup_elem(digests, key);
}

/* fs-verity facts of the inode: its file digest and algorithm while its
 * verity info is loaded, and whether a built-in signature verified. */
static __always_inline void fsv_facts(struct inode *inode, struct facts *f, void *digests,
				      struct ipe_tbl_digest_key *key)
{
	const struct fsverity_hash_alg *ha;
	struct fsverity_info *vi;
	__u64 addr;
	__u8 *sig;

	if (!bpf_core_field_exists(inode->i_verity_info)) {
		f->unread |= IPE_TBL_FSV_DIGEST | IPE_TBL_FSV_SIGNED;
		return;
	}
	vi = BPF_CORE_READ(inode, i_verity_info);
	if (!vi)
		return;
	addr = (__u64)vi;
	sig = bpf_map_lookup_elem(&fsv_signed, &addr);
	if (!sig)
		f->unread |= IPE_TBL_FSV_SIGNED;
	else if (*sig)
		f->bits |= IPE_TBL_FSV_SIGNED;
	ha = BPF_CORE_READ(vi, tree_params.hash_alg);
	__builtin_memset(key, 0, sizeof(*key));
	key->kind = IPE_TBL_KIND_FSV;
	if (!ha || !read_alg(key, BPF_CORE_READ(ha, name)) ||
	    !read_digest(key, &vi->file_digest, BPF_CORE_READ(ha, digest_size))) {
		f->unread |= IPE_TBL_FSV_DIGEST;
		return;
	}
	f->fsv = bpf_map_lookup_elem(digests, key);
}

static __always_inline bool on_overlayfs(struct inode *inode)
{
	char name[8] = {};

	bpf_probe_read_kernel_str(name, sizeof(name), BPF_CORE_READ(inode, i_sb, s_type, name));
	return str_is(name, "overlay", 8);
}

/* The inode holding a file's data, as d_real_inode() finds it: through
 * overlayfs to the upper inode, else the lowest data layer's (metacopy
 * aside).  NULL when that cannot be told: overlayfs's layout unknown to
 * this program (loaded before the module, or another version), or an
 * overlay over an overlay. */
static __always_inline struct inode *real_inode(struct inode *inode)
{
	struct dentry *d;

	if (!on_overlayfs(inode))
		return inode;
	if (bpf_core_field_exists(struct ovl_inode___v612, oe)) {
		struct ovl_inode___v612 *oi = (void *)inode -
			bpf_core_field_offset(struct ovl_inode___v612, vfs_inode);
		struct ovl_entry___v612 *oe;
		__u32 n;

		d = BPF_CORE_READ(oi, __upperdentry);
		if (!d) {
			oe = BPF_CORE_READ(oi, oe);
			n = BPF_CORE_READ(oe, __numlower);
			if (n == 0 || n > 256 ||
			    bpf_probe_read_kernel(&d, sizeof(d), (void *)oe +
				    bpf_core_field_offset(struct ovl_entry___v612, __lowerstack) +
				    (n - 1) * bpf_core_type_size(struct ovl_path) +
				    bpf_core_field_offset(struct ovl_path, dentry)))
				return NULL;
		}
	} else if (bpf_core_field_exists(struct ovl_inode___v61, lowerpath)) {
		struct ovl_inode___v61 *oi = (void *)inode -
			bpf_core_field_offset(struct ovl_inode___v61, vfs_inode);

		d = BPF_CORE_READ(oi, __upperdentry);
		if (!d)
			d = BPF_CORE_READ(oi, lowerpath.dentry);
	} else {
		return NULL;
	}
	inode = BPF_CORE_READ(d, d_inode);
	return inode && !on_overlayfs(inode) ? inode : NULL;
}

#define DMV_FACTS (IPE_TBL_DMV_DIGEST | IPE_TBL_DMV_SIGNED)
#define FSV_FACTS (IPE_TBL_FSV_DIGEST | IPE_TBL_FSV_SIGNED)

/* The facts of FILE that the op's rules read (READS, the tables' op_reads):
 * a fact no rule reads cannot change the decision, so it is not gathered. */
static __always_inline void file_facts(struct file *file, struct facts *f, void *digests,
				       __u8 reads)
{
	struct ipe_tbl_digest_key key;
	struct super_block *sb = BPF_CORE_READ(file, f_path.mnt, mnt_sb);
	struct block_device *bdev;
	struct inode *inode;

	if (BPF_CORE_READ(sb, s_type) == &rootfs_fs_type)
		f->bits |= IPE_TBL_BOOT_VERIFIED;
	if (!(reads & (DMV_FACTS | FSV_FACTS)))
		return;
	/* Properties come from the real inode; audit from the file's own. */
	inode = real_inode(BPF_CORE_READ(file, f_inode));
	if (!inode) {
		f->unread |= DMV_FACTS | FSV_FACTS;
		return;
	}
	bdev = BPF_CORE_READ(inode, i_sb, s_bdev);
	if (bdev && (reads & DMV_FACTS))
		dmv_facts(bdev, f, digests, &key);
	if (reads & FSV_FACTS)
		fsv_facts(inode, f, digests, &key);
}

/* ---- decision ---------------------------------------------------------- */

struct verdict {
	__u32 gen, pos;
	__u8 action, match, enforcing, audit, unread;
};

/* One list scan, run by bpf_loop(): the first record of the range that
 * matches, as a position. */
struct scan {
	void *rules;
	__u32 start, dmv_id, fsv_id;
	__u32 pos;		/* IPE_TBL_NO_RULE until a record matches */
	__u8 bits, action, broken;
};

static long scan_step(__u32 i, struct scan *sc)
{
	__u32 idx = sc->start + i + 1;	/* rules[0] is the generation */
	struct ipe_tbl_rule *r = bpf_map_lookup_elem(sc->rules, &idx);

	if (!r) {
		sc->broken = 1;
		return 1;
	}
	if (!ipe_tbl_rule_matches(r, sc->bits, sc->dmv_id, sc->fsv_id))
		return 0;
	sc->pos = r->pos;
	sc->action = r->action;
	return 1;
}

static const struct ipe_tbl_digest_key header_key;

/* Decide OP for FILE (NULL: no file).  Returns false when no policy is
 * active: allow, audit nothing. */
static __noinline bool decide(struct file *file, __u8 op, struct verdict *v)
{
	const struct ipe_tbl_range *lists[3] = {};
	const union ipe_bpf_digest_value *hv;
	struct ipe_bpf_config *cfg;
	__u32 zero = 0, slot, dmv_id = 0, fsv_id = 0;
	void *digests = NULL, *rules = NULL;
	struct ipe_tbl_rule *marker;
	bool broken = false;
	struct facts f = {};
	__u8 best_action = 0, match;
	__u32 best = IPE_TBL_NO_RULE;
	int tries;

	/*
	 * config.slot names the live set; both of its halves carry the
	 * generation.  They differ only when iped refilled this slot after
	 * flipping away from it while this program ran: read the slot again.
	 */
	for (tries = 0; tries < 3; tries++) {
		cfg = bpf_map_lookup_elem(&config, &zero);
		if (!cfg)
			return false;	/* cannot happen: an array */
		slot = cfg->slot & (IPE_BPF_SLOTS - 1);
		digests = bpf_map_lookup_elem(&tbl_digests, &slot);
		if (!digests)
			return false;
		hv = bpf_map_lookup_elem(digests, &header_key);
		if (!hv)
			return false;
		rules = bpf_map_lookup_elem(&tbl_rules, &slot);
		if (!rules)
			return false;
		marker = bpf_map_lookup_elem(rules, &zero);
		if (marker && marker->pos == hv->header.gen)
			break;
		count(IPE_CNT_TABLE_RACES);
	}
	if (tries == 3)
		broken = true;
	else if (file)
		file_facts(file, &f, digests,
			   op < IPE_TBL_OPS ? hv->header.tbl.op_reads[op & 7] : 0);

	v->gen = hv->header.gen;
	v->enforcing = cfg->enforce;
	v->unread = f.unread;
	if (op < IPE_TBL_OPS && (f.unread & hv->header.tbl.op_reads[op & 7]))
		broken = true;
	if (!broken && op < IPE_TBL_OPS) {
		lists[0] = &hv->header.tbl.generic[op & 7];
		if (f.dmv) {
			dmv_id = f.dmv->digest.id;
			lists[1] = &f.dmv->digest.ops[op & 7];
		}
		if (f.fsv) {
			fsv_id = f.fsv->digest.id;
			lists[2] = &f.fsv->digest.ops[op & 7];
		}
		for (int l = 0; l < 3; l++) {
			struct scan sc = { .rules = rules, .dmv_id = dmv_id, .fsv_id = fsv_id,
					   .pos = IPE_TBL_NO_RULE, .bits = f.bits };
			__u32 n;

			if (!lists[l])
				continue;
			sc.start = lists[l]->start;
			n = lists[l]->count;
			if (n > IPE_TBL_SCAN_MAX || bpf_loop(n, scan_step, &sc, 0) < 0 || sc.broken) {
				broken = true;
				break;
			}
			if (sc.pos < best) {
				best = sc.pos;
				best_action = sc.action;
			}
		}
	}
	count(IPE_CNT_EVENTS);
	if (broken) {
		/* Fail closed: deny what cannot be classified. */
		count(IPE_CNT_UNCLASSIFIED);
		v->action = IPE_TBL_DENY;
		v->match = IPE_BPF_MATCH_UNCLASSIFIED;
		v->pos = IPE_TBL_NO_RULE;
	} else {
		struct ipe_tbl_rule r = { .pos = best, .action = best_action };

		v->action = ipe_tbl_decide(&hv->header.tbl, op, best != IPE_TBL_NO_RULE ? &r : NULL,
					   &match);
		v->match = match;
		v->pos = best;
	}
	if (v->action == IPE_TBL_DENY)
		count(IPE_CNT_DENIED);
	v->audit = v->action == IPE_TBL_DENY || cfg->success_audit;
	return true;
}

static __always_inline int result(const struct verdict *v)
{
	return v->action == IPE_TBL_DENY && v->enforcing ? -EACCES : 0;
}

/* ---- audit events -------------------------------------------------------- */

static __always_inline struct ipe_bpf_event *event_start(const struct verdict *v, __u8 op,
							 __u8 hook, struct file *file)
{
	struct ipe_bpf_event *e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	struct inode *inode;

	if (!e) {
		count(IPE_CNT_DROPPED);
		return NULL;
	}
	e->gen = v->gen;
	e->pos = v->pos;
	e->tgid = bpf_get_current_pid_tgid() >> 32;
	e->op = op < IPE_TBL_OPS ? op : OP_INVALID;
	e->hook = hook;
	e->action = v->action;
	e->match = v->match;
	e->enforcing = v->enforcing;
	e->unread = v->unread;
	e->has_file = file != NULL;
	e->path_len = 0;
	e->path[0] = 0;
	e->ino = 0;
	e->dev[0] = 0;
	bpf_get_current_comm(e->comm, sizeof(e->comm));
	if (file) {
		inode = BPF_CORE_READ(file, f_inode);
		e->ino = BPF_CORE_READ(inode, i_ino);
		bpf_probe_read_kernel_str(e->dev, sizeof(e->dev), BPF_CORE_READ(inode, i_sb, s_id));
	}
	return e;
}

static __always_inline void event_send(struct ipe_bpf_event *e)
{
	count(IPE_CNT_AUDITED);
	bpf_ringbuf_submit(e, 0);
}

/* Hand a decision to the hook's sleepable program; false when it cannot
 * be handed over (the caller then enforces it at once, unaudited). */
static __always_inline bool defer(const struct verdict *v, __u8 op, __u8 hook,
				  struct file *file)
{
	struct pending *p = bpf_task_storage_get(&pending, bpf_get_current_task_btf(), NULL,
						 BPF_LOCAL_STORAGE_GET_F_CREATE);

	if (!p) {
		count(IPE_CNT_DROPPED);
		return false;
	}
	p->file = (__u64)file;
	p->gen = v->gen;
	p->pos = v->pos;
	p->op = op;
	p->hook = hook;
	p->action = v->action;
	p->match = v->match;
	p->enforcing = v->enforcing;
	p->unread = v->unread;
	p->audit = v->audit;
	p->valid = 1;
	return true;
}

/* The second half: audit where sleeping is allowed, and return the verdict
 * (RET: what the programs before returned). */
static __always_inline int finish_pending(struct file *file, int ret)
{
	struct pending *p = bpf_task_storage_get(&pending, bpf_get_current_task_btf(), NULL, 0);
	struct ipe_bpf_event *e;
	struct verdict v;
	long n;

	if (ret || !p || !p->valid || p->file != (__u64)file)
		return ret;
	p->valid = 0;
	v = (struct verdict){ .gen = p->gen, .pos = p->pos, .action = p->action,
			      .match = p->match, .enforcing = p->enforcing, .unread = p->unread };
	if (p->audit && (e = event_start(&v, p->op, p->hook, file))) {
		n = bpf_d_path(&file->f_path, e->path, sizeof(e->path));
		e->path_len = n > 0 ? (__s32)(n - 1) : (__s32)n;
		event_send(e);
	}
	return result(&v);
}

/*
 * The path of a file for hooks that may not sleep: the names from the
 * dentry up to the task's root, across mounts, as d_path() joins them,
 * " (deleted)" aside.  Deeper than PATH_DEPTH components or longer than
 * WALK_MAX bytes: -ENAMETOOLONG.
 */
#define PATH_DEPTH 32
#define NAME_MAX_ 255
#define WALK_MAX 2048	/* a power of two: offsets are masked with it */

struct walk {
	struct dentry *d, *root;
	struct mount *mnt;
	struct vfsmount *vmnt, *root_mnt;	/* vmnt: &mnt->mnt */
	struct dentry *names[PATH_DEPTH];
	struct ipe_bpf_event *e;
	__u32 depth, off;
	__s32 err;
};

/* One step up: a name, or a mount crossed; 1 stops at the root. */
static long walk_up(__u32 i, struct walk *w)
{
	/* Locals: a CO-RE read of w->x would relocate struct walk too. */
	struct mount *m = w->mnt;
	struct dentry *d = w->d, *parent;

	if (d == w->root && w->vmnt == w->root_mnt)
		return 1;
	if (d == BPF_CORE_READ(m, mnt.mnt_root)) {
		struct mount *up = BPF_CORE_READ(m, mnt_parent);

		if (up == m)
			return 1;	/* the top of the tree */
		w->d = BPF_CORE_READ(m, mnt_mountpoint);
		w->mnt = up;
		w->vmnt = (void *)up + bpf_core_field_offset(struct mount, mnt);
		return 0;
	}
	if (w->depth >= PATH_DEPTH) {
		w->err = -ENAMETOOLONG;
		return 1;
	}
	w->names[w->depth & (PATH_DEPTH - 1)] = d;
	w->depth++;
	parent = BPF_CORE_READ(d, d_parent);
	if (parent == d)
		return 1;	/* a disconnected dentry: its name ends the walk */
	w->d = parent;
	return 0;
}

/* One name down, from the outermost: "/" and the name. */
static long walk_write(__u32 i, struct walk *w)
{
	struct dentry *d = w->names[(w->depth - 1 - i) & (PATH_DEPTH - 1)];
	__u32 at = w->off;
	long n;

	if (at > WALK_MAX - NAME_MAX_ - 2) {
		w->err = -ENAMETOOLONG;
		return 1;
	}
	w->e->path[at & (WALK_MAX - 1)] = '/';
	at = ++w->off;
	n = bpf_probe_read_kernel_str(&w->e->path[at & (WALK_MAX - 1)],
				      (BPF_CORE_READ(d, d_name.len) & NAME_MAX_) + 1,
				      BPF_CORE_READ(d, d_name.name));
	if (n <= 0) {
		w->err = (__s32)n;
		return 1;
	}
	w->off += (__u32)(n - 1);
	return 0;
}

static __noinline void walk_path(struct file *file, struct ipe_bpf_event *e)
{
	struct task_struct *task = bpf_get_current_task_btf();
	struct vfsmount *vmnt = BPF_CORE_READ(file, f_path.mnt);
	struct walk w = {
		.d = BPF_CORE_READ(file, f_path.dentry),
		.root = BPF_CORE_READ(task, fs, root.dentry),
		.root_mnt = BPF_CORE_READ(task, fs, root.mnt),
		.mnt = (void *)vmnt - bpf_core_field_offset(struct mount, mnt),
		.vmnt = vmnt,
		.e = e,
	};

	bpf_loop(PATH_DEPTH + 8, walk_up, &w, 0);
	if (!w.err && w.depth == 0) {
		e->path[0] = '/';
		e->path[1] = 0;
		e->path_len = 1;
		return;
	}
	if (!w.err)
		bpf_loop(w.depth, walk_write, &w, 0);
	e->path_len = w.err ? w.err : (__s32)w.off;
}

/* ---- hooks --------------------------------------------------------------- */

/* The ops of kernel_read_file / kernel_load_data ids (SPEC §3). */
static __always_inline __u8 read_op(unsigned long id)
{
	if (id == bpf_core_enum_value(enum kernel_read_file_id, READING_FIRMWARE))
		return OP_FIRMWARE;
	if (id == bpf_core_enum_value(enum kernel_read_file_id, READING_MODULE))
		return OP_KMODULE;
	if (id == bpf_core_enum_value(enum kernel_read_file_id, READING_KEXEC_IMAGE))
		return OP_KEXEC_IMAGE;
	if (id == bpf_core_enum_value(enum kernel_read_file_id, READING_KEXEC_INITRAMFS))
		return OP_KEXEC_INITRAMFS;
	if (id == bpf_core_enum_value(enum kernel_read_file_id, READING_POLICY))
		return OP_POLICY;
	if (id == bpf_core_enum_value(enum kernel_read_file_id, READING_X509_CERTIFICATE))
		return OP_X509_CERT;
	return OP_INVALID;
}

static __always_inline __u8 load_op(unsigned long id)
{
	if (id == bpf_core_enum_value(enum kernel_load_data_id, LOADING_FIRMWARE))
		return OP_FIRMWARE;
	if (id == bpf_core_enum_value(enum kernel_load_data_id, LOADING_MODULE))
		return OP_KMODULE;
	if (id == bpf_core_enum_value(enum kernel_load_data_id, LOADING_KEXEC_IMAGE))
		return OP_KEXEC_IMAGE;
	if (id == bpf_core_enum_value(enum kernel_load_data_id, LOADING_KEXEC_INITRAMFS))
		return OP_KEXEC_INITRAMFS;
	if (id == bpf_core_enum_value(enum kernel_load_data_id, LOADING_POLICY))
		return OP_POLICY;
	if (id == bpf_core_enum_value(enum kernel_load_data_id, LOADING_X509_CERTIFICATE))
		return OP_X509_CERT;
	return OP_INVALID;
}

/* Decide, and leave audit and verdict to the sleepable program of the hook. */
static __always_inline int decide_deferred(struct file *file, __u8 op, __u8 hook)
{
	struct verdict v = {};

	if (!decide(file, op, &v) || (!v.audit && !result(&v)))
		return 0;
	return defer(&v, op, hook, file) ? 0 : result(&v);
}

SEC("lsm/bprm_check_security")
int BPF_PROG(ipe_bprm_check, struct linux_binprm *bprm, int ret)
{
	if (ret)
		return ret;
	return decide_deferred(BPF_CORE_READ(bprm, file), OP_EXECUTE, HOOK_BPRM_CHECK);
}

SEC("lsm.s/bprm_check_security")
int BPF_PROG(ipe_bprm_check_finish, struct linux_binprm *bprm, int ret)
{
	return finish_pending(bprm->file, ret);
}

/* Kernels with AT_EXECVE_CHECK (6.14+) ask this hook whether a file may be
 * executed, without executing it; iped loads these two only there. */
SEC("lsm/bprm_creds_for_exec")
int BPF_PROG(ipe_execve_check, struct linux_binprm *bprm, int ret)
{
	if (ret || !BPF_CORE_READ_BITFIELD_PROBED(bprm, is_check))
		return ret;
	return decide_deferred(BPF_CORE_READ(bprm, file), OP_EXECUTE, HOOK_BPRM_CREDS_FOR_EXEC);
}

SEC("lsm.s/bprm_creds_for_exec")
int BPF_PROG(ipe_execve_check_finish, struct linux_binprm *bprm, int ret)
{
	return finish_pending(bprm->file, ret);
}

SEC("lsm/mmap_file")
int BPF_PROG(ipe_mmap, struct file *file, unsigned long reqprot, unsigned long prot,
	     unsigned long flags, int ret)
{
	__u64 raw = 0;

	if (ret)
		return ret;
	if (!(prot & PROT_EXEC))
		return 0;
	/* Tested as a number: a verifier that takes hook arguments for
	 * non-NULL would drop the anonymous-memory branch. */
	bpf_probe_read_kernel(&raw, sizeof(raw), &ctx[0]);
	if (!raw) {
		struct verdict v = {};
		struct ipe_bpf_event *e;

		if (!decide(NULL, OP_EXECUTE, &v))
			return 0;
		if (v.audit && (e = event_start(&v, OP_EXECUTE, HOOK_MMAP, NULL)))
			event_send(e);
		return result(&v);
	}
	return decide_deferred(file, OP_EXECUTE, HOOK_MMAP);
}

SEC("lsm.s/mmap_file")
int BPF_PROG(ipe_mmap_finish, struct file *file, unsigned long reqprot, unsigned long prot,
	     unsigned long flags, int ret)
{
	return file ? finish_pending(file, ret) : ret;
}

SEC("lsm/file_mprotect")
int BPF_PROG(ipe_mprotect, struct vm_area_struct *vma, unsigned long reqprot,
	     unsigned long prot, int ret)
{
	struct ipe_bpf_event *e;
	struct verdict v = {};
	struct file *file;

	if (ret)
		return ret;
	/* Already executable, or not asking for it: nothing to decide. */
	if ((BPF_CORE_READ(vma, vm_flags) & VM_EXEC) || !(prot & PROT_EXEC))
		return 0;
	file = BPF_CORE_READ(vma, vm_file);
	if (!decide(file, OP_EXECUTE, &v))
		return 0;
	if (v.audit && (e = event_start(&v, OP_EXECUTE, HOOK_MPROTECT, file))) {
		if (file)
			walk_path(file, e);
		event_send(e);
	}
	return result(&v);
}

SEC("lsm/kernel_read_file")
int BPF_PROG(ipe_kernel_read, struct file *file, enum kernel_read_file_id id, bool contents,
	     int ret)
{
	if (ret)
		return ret;
	return decide_deferred(file, read_op(id), HOOK_KERNEL_READ);
}

SEC("lsm.s/kernel_read_file")
int BPF_PROG(ipe_kernel_read_finish, struct file *file, enum kernel_read_file_id id,
	     bool contents, int ret)
{
	return finish_pending(file, ret);
}

SEC("lsm/kernel_load_data")
int BPF_PROG(ipe_kernel_load, enum kernel_load_data_id id, bool contents, int ret)
{
	struct ipe_bpf_event *e;
	struct verdict v = {};
	__u8 op = load_op(id);

	if (ret)
		return ret;
	if (!decide(NULL, op, &v))
		return 0;
	if (v.audit && (e = event_start(&v, op, HOOK_KERNEL_LOAD, NULL)))
		event_send(e);
	return result(&v);
}

/* ---- fs-verity signature tracking --------------------------------------- */

SEC("fexit/fsverity_verify_signature")
int BPF_PROG(ipe_fsv_sig, const struct fsverity_info *vi, const __u8 *signature,
	     __u64 sig_size, int ret)
{
	__u64 key = (__u64)vi;
	/* A failed verification fails the open: no file ever has this info. */
	__u8 value = ret == 0 && sig_size > 0;

	if (bpf_map_update_elem(&fsv_signed, &key, &value, BPF_ANY))
		count(IPE_CNT_FSV_UNTRACKED);
	return 0;
}

SEC("fentry/fsverity_free_info")
int BPF_PROG(ipe_fsv_free, struct fsverity_info *vi)
{
	__u64 key = (__u64)vi;

	bpf_map_delete_elem(&fsv_signed, &key);
	return 0;
}
