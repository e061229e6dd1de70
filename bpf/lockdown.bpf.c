// SPDX-License-Identifier: GPL-2.0-only
/*
 * Lockdown: the guards that keep root from switching ipe-bpf off without the
 * policy signing key (docs/lockdown.md).  Loaded only in lockdown mode, after
 * ipe.bpf.c, by the iped that registers itself in "lock".
 *
 * Every guard refuses with -EPERM, whatever the hook: 6.1 does not check an
 * LSM program's return value, and some callers (security_bpf,
 * security_bpf_map) take a positive one for consent.
 *
 * Who may still act: the registered iped; and while none is registered (it
 * died), a process running iped's executable, which then registers itself
 * (it must carry the same identity, which iped checks: docs/lockdown.md).
 * That executable cannot be started traced or under seccomp, and starts in
 * secure-exec mode, so its dynamic loader ignores LD_PRELOAD and the like.
 */
#include <linux/types.h>
#include <linux/bpf.h>
#include <stdbool.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>

#include "kernel.h"
#include "ipe-lock.h"
#include "str.h"

char LICENSE[] SEC("license") = "GPL";

#define EPERM 1
#define FMODE_WRITE 0x2
#define MAY_WRITE 0x2
#define MAY_APPEND 0x8
#define PTRACE_MODE_ATTACH 0x2
#define PROC_SUPER_MAGIC 0x9fa0

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct ipe_lock);
} lock SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, struct ipe_lock_obj);
	__type(value, __u8);
} lock_objs SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 256);
	__type(key, struct ipe_lock_inode);
	__type(value, __u8);
} lock_inodes SEC(".maps");

/* The lock when armed, else NULL: nothing is refused. */
static __always_inline struct ipe_lock *armed(void)
{
	__u32 zero = 0;
	struct ipe_lock *l = bpf_map_lookup_elem(&lock, &zero);

	return l && l->armed ? l : NULL;
}

/* Is T (any thread) the registered iped?  T NULL: the current task. */
static __always_inline bool is_iped_task(struct ipe_lock *l, struct task_struct *t)
{
	__u64 start;

	if (!l->tgid || BPF_CORE_READ(t, tgid) != (int)l->tgid)
		return false;
	start = BPF_CORE_READ(t, group_leader, start_time);
	if (!l->start_time) {
		/* Its first hook since it registered: a live process, so
		 * this tgid cannot belong to anyone else yet. */
		l->start_time = start;
		return true;
	}
	return start == l->start_time;
}

static __always_inline bool inode_is(struct inode *inode, __u32 dev, __u64 ino)
{
	return inode && BPF_CORE_READ(inode, i_ino) == ino &&
	       BPF_CORE_READ(inode, i_sb, s_dev) == dev;
}

/* Does T run iped's executable? */
static __always_inline bool runs_iped(struct ipe_lock *l, struct task_struct *t)
{
	return inode_is(BPF_CORE_READ(t, mm, exe_file, f_inode), l->exe_dev, l->exe_ino);
}

/* May the current task touch what is protected? */
static __always_inline bool allowed(struct ipe_lock *l)
{
	struct task_struct *t = bpf_get_current_task_btf();

	return is_iped_task(l, t) || (!l->tgid && runs_iped(l, t));
}

static __always_inline __u8 inode_lock(struct inode *inode)
{
	struct ipe_lock_inode key = {};
	__u8 *v;

	if (!inode)
		return 0;
	key.ino = BPF_CORE_READ(inode, i_ino);
	key.dev = BPF_CORE_READ(inode, i_sb, s_dev);
	v = bpf_map_lookup_elem(&lock_inodes, &key);
	return v ? *v : 0;
}

static __always_inline __u8 dentry_lock(struct dentry *d)
{
	return d ? inode_lock(BPF_CORE_READ(d, d_inode)) : 0;
}

/* What others may do with object TYPE ID; -1: it is not ours. */
static __always_inline int obj_lock(__u32 type, __u32 id)
{
	struct ipe_lock_obj key = { .type = type, .id = id };
	__u8 *v = bpf_map_lookup_elem(&lock_objs, &key);

	return v ? *v : -1;
}

/* Refuse when the current task may not act on something protected. */
static __always_inline int guard(struct ipe_lock *l, bool protected)
{
	return protected && !allowed(l) ? -EPERM : 0;
}

/* ---- BPF objects ----------------------------------------------------- */

/* Programs that could silence, bypass or rewrite ours: tracing and LSM
 * programs, extensions, and whatever may run in iped's context. */
static __always_inline bool foreign_kernel_prog(__u32 type)
{
	switch (type) {
	case BPF_PROG_TYPE_KPROBE:
	case BPF_PROG_TYPE_TRACEPOINT:
	case BPF_PROG_TYPE_PERF_EVENT:
	case BPF_PROG_TYPE_RAW_TRACEPOINT:
	case BPF_PROG_TYPE_RAW_TRACEPOINT_WRITABLE:
	case BPF_PROG_TYPE_TRACING:
	case BPF_PROG_TYPE_STRUCT_OPS:
	case BPF_PROG_TYPE_EXT:
	case BPF_PROG_TYPE_LSM:
	case BPF_PROG_TYPE_SYSCALL:
		return true;
	}
	return false;
}

SEC("lsm/bpf")
int BPF_PROG(lock_bpf, int cmd, union bpf_attr *attr, unsigned int size, int ret)
{
	struct ipe_lock *l = armed();
	__u32 v = 0;

	if (ret || !l)
		return ret;
	if (cmd == BPF_PROG_LOAD) {
		bpf_probe_read_kernel(&v, sizeof(v), &attr->prog_type);
		return guard(l, foreign_kernel_prog(v));
	}
	/* A link fd is harmless (LSM links have no detach, no update), but
	 * the id is ours: refused like the maps' and programs'. */
	if (cmd == BPF_LINK_GET_FD_BY_ID) {
		bpf_probe_read_kernel(&v, sizeof(v), &attr->link_id);
		return guard(l, obj_lock(IPE_LOCK_LINK, v) >= 0);
	}
	return 0;
}

/* Every fd of a map: created, by id, from a pin. */
SEC("lsm/bpf_map")
int BPF_PROG(lock_bpf_map, struct bpf_map *map, unsigned int fmode, int ret)
{
	struct ipe_lock *l = armed();
	int lock;

	if (ret || !l)
		return ret;
	lock = obj_lock(IPE_LOCK_MAP, BPF_CORE_READ(map, id));
	return guard(l, lock == IPE_LOCK_OBJ_NONE ||
			(lock == IPE_LOCK_OBJ_READ && (fmode & FMODE_WRITE)));
}

SEC("lsm/bpf_prog")
int BPF_PROG(lock_bpf_prog, struct bpf_prog *prog, int ret)
{
	struct ipe_lock *l = armed();

	if (ret || !l)
		return ret;
	return guard(l, obj_lock(IPE_LOCK_PROG, BPF_CORE_READ(prog, aux, id)) >= 0);
}

/* ---- files and mounts ------------------------------------------------- */

/* Write access to a protected file, or to a protected directory (creating,
 * removing, renaming or linking in it). */
SEC("lsm/inode_permission")
int BPF_PROG(lock_inode_permission, struct inode *inode, int mask, int ret)
{
	struct ipe_lock *l;

	if (ret || !(mask & (MAY_WRITE | MAY_APPEND)) || !(l = armed()))
		return ret;
	return guard(l, inode_lock(inode) & (IPE_LOCK_CONTENTS | IPE_LOCK_WRITE));
}

/* procfs files whose write switches the guards or iped off: ftrace_enabled
 * stops every BPF trampoline, LSM programs included; sysrq-trigger kills
 * every process without a signal check. */
static __always_inline bool switch_off_file(struct file *file)
{
	struct dentry *d = BPF_CORE_READ(file, f_path.dentry);
	char name[16] = {};

	if (BPF_CORE_READ(d, d_inode, i_sb, s_magic) != PROC_SUPER_MAGIC)
		return false;
	bpf_probe_read_kernel_str(name, sizeof(name), BPF_CORE_READ(d, d_name.name));
	return str_is(name, "ftrace_enabled", 15) || str_is(name, "sysrq-trigger", 14);
}

SEC("lsm/file_open")
int BPF_PROG(lock_file_open, struct file *file, int ret)
{
	struct ipe_lock *l;
	struct dentry *d;

	if (ret || !(BPF_CORE_READ(file, f_mode) & FMODE_WRITE) || !(l = armed()))
		return ret;
	d = BPF_CORE_READ(file, f_path.dentry);
	return guard(l, (dentry_lock(BPF_CORE_READ(d, d_parent)) & IPE_LOCK_CONTENTS) ||
			(inode_lock(BPF_CORE_READ(d, d_inode)) & IPE_LOCK_WRITE) ||
			switch_off_file(file));
}

/* truncate(2) asks no permission of the directory. */
SEC("lsm/path_truncate")
int BPF_PROG(lock_path_truncate, const struct path *path, int ret)
{
	struct ipe_lock *l = armed();
	struct dentry *d;

	if (ret || !l)
		return ret;
	d = BPF_CORE_READ(path, dentry);
	return guard(l, (dentry_lock(BPF_CORE_READ(d, d_parent)) & IPE_LOCK_CONTENTS) ||
			(dentry_lock(d) & IPE_LOCK_WRITE));
}

SEC("lsm/inode_unlink")
int BPF_PROG(lock_inode_unlink, struct inode *dir, struct dentry *dentry, int ret)
{
	struct ipe_lock *l = armed();

	if (ret || !l)
		return ret;
	return guard(l, dentry_lock(dentry) & IPE_LOCK_NAME);
}

SEC("lsm/inode_rmdir")
int BPF_PROG(lock_inode_rmdir, struct inode *dir, struct dentry *dentry, int ret)
{
	struct ipe_lock *l = armed();

	if (ret || !l)
		return ret;
	return guard(l, dentry_lock(dentry) & IPE_LOCK_NAME);
}

/* A hard link elsewhere would be a name outside the protected directory,
 * where file_open would not know the file. */
SEC("lsm/inode_link")
int BPF_PROG(lock_inode_link, struct dentry *old_dentry, struct inode *dir,
	     struct dentry *new_dentry, int ret)
{
	struct ipe_lock *l = armed();

	if (ret || !l)
		return ret;
	return guard(l, (dentry_lock(BPF_CORE_READ(old_dentry, d_parent)) & IPE_LOCK_CONTENTS) ||
			(dentry_lock(old_dentry) & IPE_LOCK_WRITE));
}

/* Either end: a protected path moved away, or another moved over it. */
SEC("lsm/inode_rename")
int BPF_PROG(lock_inode_rename, struct inode *old_dir, struct dentry *old_dentry,
	     struct inode *new_dir, struct dentry *new_dentry, int ret)
{
	struct ipe_lock *l = armed();

	if (ret || !l)
		return ret;
	return guard(l, (dentry_lock(old_dentry) | dentry_lock(new_dentry)) & IPE_LOCK_NAME);
}

/* Mounting on a protected path hides it; remounting it read-only stops
 * iped's saves; both are refused.  Every protected inode carries NAME. */
SEC("lsm/sb_mount")
int BPF_PROG(lock_sb_mount, const char *dev_name, const struct path *path, const char *type,
	     unsigned long flags, void *data, int ret)
{
	struct ipe_lock *l = armed();

	if (ret || !l)
		return ret;
	return guard(l, dentry_lock(BPF_CORE_READ(path, dentry)) & IPE_LOCK_NAME);
}

SEC("lsm/move_mount")
int BPF_PROG(lock_move_mount, const struct path *from_path, const struct path *to_path, int ret)
{
	struct ipe_lock *l = armed();

	if (ret || !l)
		return ret;
	return guard(l, (dentry_lock(BPF_CORE_READ(from_path, dentry)) |
			 dentry_lock(BPF_CORE_READ(to_path, dentry))) & IPE_LOCK_NAME);
}

/* A mount whose root or mount point is protected: bpffs with the pins, the
 * control tree, and every mount above them (a lazy unmount of /sys takes
 * /sys/fs/bpf with it). */
SEC("lsm/sb_umount")
int BPF_PROG(lock_sb_umount, struct vfsmount *mnt, int flags, int ret)
{
	struct ipe_lock *l = armed();
	struct mount *m;

	if (ret || !l)
		return ret;
	m = (void *)mnt - bpf_core_field_offset(struct mount, mnt);
	return guard(l, (dentry_lock(BPF_CORE_READ(mnt, mnt_root)) |
			 dentry_lock(BPF_CORE_READ(m, mnt_mountpoint))) & IPE_LOCK_NAME);
}

/* ---- iped's process ---------------------------------------------------- */

static __always_inline int guard_iped(struct task_struct *target)
{
	struct ipe_lock *l = armed();

	if (!l)
		return 0;
	return is_iped_task(l, target) && !allowed(l) ? -EPERM : 0;
}

/* Every signal but 0, which only asks whether iped lives. */
SEC("lsm/task_kill")
int BPF_PROG(lock_task_kill, struct task_struct *p, void *info, int sig, const void *cred,
	     int ret)
{
	if (ret || !sig)
		return ret;
	return guard_iped(p);
}

/* A file's owner set to iped with F_SETSIG SIGKILL: a kill without task_kill. */
SEC("lsm/file_send_sigiotask")
int BPF_PROG(lock_sigiotask, struct task_struct *tsk, void *fown, int sig, int ret)
{
	return ret ? ret : guard_iped(tsk);
}

/* RLIMIT_CPU would have the kernel kill it. */
SEC("lsm/task_setrlimit")
int BPF_PROG(lock_setrlimit, struct task_struct *p, unsigned int resource, void *new_rlim,
	     int ret)
{
	return ret ? ret : guard_iped(p);
}

/* Attaching (ptrace, /proc/PID/mem, process_vm_writev, pidfd_getfd) to iped
 * or to any process of its executable, which may be about to take over. */
SEC("lsm/ptrace_access_check")
int BPF_PROG(lock_ptrace, struct task_struct *child, unsigned int mode, int ret)
{
	struct ipe_lock *l;

	if (ret || !(mode & PTRACE_MODE_ATTACH) || !(l = armed()))
		return ret;
	return guard(l, is_iped_task(l, child) || runs_iped(l, child));
}

/* iped's executable starts untraced, without seccomp filters (which could
 * answer its system calls), and in secure-exec mode. */
SEC("lsm/bprm_check_security")
int BPF_PROG(lock_exec, struct linux_binprm *bprm, int ret)
{
	struct task_struct *t = bpf_get_current_task_btf();
	struct ipe_lock *l;

	if (ret || !(l = armed()) ||
	    !inode_is(BPF_CORE_READ(bprm, file, f_inode), l->exe_dev, l->exe_ino))
		return ret;
	if (BPF_CORE_READ(t, ptrace) || BPF_CORE_READ(t, seccomp.mode))
		return -EPERM;
	bpf_bprm_opts_set(bprm, BPF_F_BPRM_SECUREEXEC);
	return 0;
}

/* The registered iped is gone: a process of its executable may take over. */
SEC("lsm/task_free")
int BPF_PROG(lock_task_free, struct task_struct *task)
{
	struct ipe_lock *l = armed();

	if (l && l->tgid && BPF_CORE_READ(task, pid) == (int)l->tgid &&
	    BPF_CORE_READ(task, start_time) == l->start_time) {
		l->tgid = 0;
		l->start_time = 0;
	}
	return 0;
}
