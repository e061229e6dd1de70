/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * What lockdown.bpf.c and iped exchange: which process is iped, and which
 * BPF objects, files and directories no other process may touch once the
 * system is locked down (docs/lockdown.md).  Fixed-width types only;
 * included by BPF C and by user space.
 */
#ifndef IPE_LOCK_H
#define IPE_LOCK_H

#include <linux/types.h>

/* The single entry of the "lock" array. */
struct ipe_lock {
	__u32 armed;		/* 0 while iped fills the maps: nothing refused */
	/* The registered iped: its process id and its group leader's
	 * start_time, so that a reused pid is not taken for it.  tgid 0:
	 * iped died, and a process running exe may take over.  start_time 0:
	 * read at the registered process's first hook. */
	__u32 tgid;
	__u64 start_time;
	__u64 exe_ino;		/* iped's executable */
	__u32 exe_dev;		/* as the kernel encodes it (MKDEV: major << 20) */
	__u32 pad;
	__u8 identity[32];	/* lockdown_spec.identity of the iped that locked */
};

/* A BPF object of ipe-bpf, in the "lock_objs" hash. */
enum ipe_lock_obj_type {
	IPE_LOCK_MAP = 1,
	IPE_LOCK_PROG = 2,
	IPE_LOCK_LINK = 3,
};

struct ipe_lock_obj {
	__u32 type;		/* enum ipe_lock_obj_type */
	__u32 id;
};

/* Its value: what others may still do with it. */
#define IPE_LOCK_OBJ_NONE 0	/* nothing: no fd at all */
#define IPE_LOCK_OBJ_READ 1	/* read-only fds (maps no decision reads) */

/* A protected inode, in the "lock_inodes" hash. */
struct ipe_lock_inode {
	__u64 ino;
	__u32 dev;		/* MKDEV encoding, as ipe_lock.exe_dev */
	__u32 pad;
};

/* Its value: a set of these. */
#define IPE_LOCK_CONTENTS 0x1	/* a directory: nothing in it is created,
				 * removed, renamed, opened for writing or
				 * truncated */
#define IPE_LOCK_WRITE 0x2	/* a file: not opened for writing, not
				 * truncated */
#define IPE_LOCK_NAME 0x4	/* not renamed, removed, mounted on or
				 * unmounted: the paths of the others and their
				 * ancestors */

/* Where the lockdown set is pinned, next to the engine's (IPE_BPF_PIN_DIR):
 * links as link_lock_NAME, the maps as map_lock, map_lock_objs and
 * map_lock_inodes; no pin of the engine's starts so. */
#define IPE_LOCK_PIN_PREFIX "lock"

#endif
