// SPDX-License-Identifier: GPL-2.0-only
/*
 * Arming lockdown.bpf.c.  Order matters: the maps are filled while "armed"
 * is 0 (nothing refused), the programs attached and pinned, and only then
 * is the lock armed, in one map update: a set that failed half-way never
 * refuses anything, and is unpinned.
 */
#define _GNU_SOURCE
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "ipe-bpf.h"
#include "ipe-lock.h"
#include "lock_bpf.h"
#include "lockdown.skel.h"
#include "log.h"
#include "pin_dir.h"

#define KERNEL_LOCKDOWN "/sys/kernel/security/lockdown"

/* The three maps, by pinned name. */
enum { L_LOCK, L_OBJS, L_INODES, L_COUNT };
static const char *const lock_map_names[L_COUNT] = { "lock", "lock_objs", "lock_inodes" };

static struct {
	int fd[L_COUNT];
	bool armed;
} L = { .fd = { -1, -1, -1 } };

bool lock_armed(void)
{
	return L.armed;
}

void lock_close(void)
{
	for (int i = 0; i < L_COUNT; i++) {
		if (L.fd[i] >= 0)
			close(L.fd[i]);
		L.fd[i] = -1;
	}
}

/* This set's pins, the engine's left alone. */
static void unpin_lock_set(void)
{
	pin_dir_unpin("link_" IPE_LOCK_PIN_PREFIX);
	pin_dir_unpin("map_" IPE_LOCK_PIN_PREFIX);
}

int lock_find(void)
{
	struct ipe_lock l;
	char path[256];
	__u32 zero = 0;

	for (int i = 0; i < L_COUNT; i++) {
		if (pin_dir_path(path, sizeof(path), "map_", lock_map_names[i]))
			return -ENAMETOOLONG;
		L.fd[i] = bpf_obj_get(path);
		if (L.fd[i] < 0) {
			int err = errno;

			lock_close();
			if (err == ENOENT && i == L_LOCK)
				return 0;
			return err == EACCES ? -EPERM : -err;
		}
	}
	if (bpf_map_lookup_elem(L.fd[L_LOCK], &zero, &l)) {
		int err = -errno;

		lock_close();
		return err;
	}
	L.armed = l.armed != 0;
	if (L.armed)
		return 1;
	/* Left by an arming that died half-way: it never refused anything. */
	lock_close();
	unpin_lock_set();
	return 0;
}

/* ---- what is protected ------------------------------------------------- */

/* Recorded read-only stays so: the counters are pinned as readable and
 * also met among the maps the programs use. */
static int protect_obj(__u32 type, __u32 id, __u8 how)
{
	struct ipe_lock_obj key = { .type = type, .id = id };
	__u64 flags = how == IPE_LOCK_OBJ_READ ? BPF_ANY : BPF_NOEXIST;

	if (!bpf_map_update_elem(L.fd[L_OBJS], &key, &how, flags) || errno == EEXIST)
		return 0;
	return -errno;
}

static int map_info_of(int fd, struct bpf_map_info *info)
{
	__u32 len = sizeof(*info);

	memset(info, 0, sizeof(*info));
	return bpf_obj_get_info_by_fd(fd, info, &len) ? -errno : 0;
}

/* The inner maps an outer map holds now. */
static int protect_inner(int outer_fd, __u32 slots)
{
	for (__u32 k = 0; k < slots; k++) {
		__u32 inner = 0;
		int err;

		if (bpf_map_lookup_elem(outer_fd, &k, &inner))
			continue;	/* an empty slot */
		err = protect_obj(IPE_LOCK_MAP, inner, IPE_LOCK_OBJ_NONE);
		if (err)
			return err;
	}
	return 0;
}

/* A map: no fd for others, or read-only ones for the engine's maps that no
 * decision reads (ipectl status reads them). */
static int protect_map_fd(int fd, const char *pin_name)
{
	bool readable = pin_name && (!strcmp(pin_name, "map_info") ||
				     !strcmp(pin_name, "map_counters"));
	struct bpf_map_info info;
	int err = map_info_of(fd, &info);

	if (!err)
		err = protect_obj(IPE_LOCK_MAP, info.id,
				  readable ? IPE_LOCK_OBJ_READ : IPE_LOCK_OBJ_NONE);
	if (!err && info.type == BPF_MAP_TYPE_ARRAY_OF_MAPS)
		err = protect_inner(fd, info.max_entries);
	return err;
}

/* A program and every map it uses (those that are not pinned too:
 * fsv_signed, pending). */
static int protect_prog(__u32 id)
{
	__u32 ids[64], len;
	struct bpf_prog_info info;
	int fd = bpf_prog_get_fd_by_id(id), err;

	if (fd < 0)
		return -errno;
	memset(&info, 0, sizeof(info));
	info.nr_map_ids = sizeof(ids) / sizeof(ids[0]);
	info.map_ids = (__u64)(unsigned long)ids;
	len = sizeof(info);
	err = bpf_obj_get_info_by_fd(fd, &info, &len) ? -errno : 0;
	if (!err && info.nr_map_ids > sizeof(ids) / sizeof(ids[0]))
		err = -E2BIG;
	if (!err)
		err = protect_obj(IPE_LOCK_PROG, id, IPE_LOCK_OBJ_NONE);
	for (__u32 i = 0; !err && i < info.nr_map_ids; i++) {
		int mfd = bpf_map_get_fd_by_id(ids[i]);

		if (mfd < 0)
			err = -errno;
		else {
			err = protect_map_fd(mfd, NULL);
			close(mfd);
		}
	}
	close(fd);
	return err;
}

static int protect_link_fd(int fd)
{
	struct bpf_link_info info;
	__u32 len = sizeof(info);
	int err;

	memset(&info, 0, sizeof(info));
	if (bpf_obj_get_info_by_fd(fd, &info, &len))
		return -errno;
	err = protect_obj(IPE_LOCK_LINK, info.id, IPE_LOCK_OBJ_NONE);
	return err ? err : protect_prog(info.prog_id);
}

/* One pin of IPE_BPF_PIN_DIR: the engine's, or this set's maps (its links
 * are protected as they are attached). */
static int protect_pin(const char *path, const char *name, void *ctx)
{
	bool link = !strncmp(name, "link_", 5);
	int fd, err;

	(void)ctx;
	if (!link && strncmp(name, "map_", 4))
		return 0;
	fd = bpf_obj_get(path);
	if (fd < 0) {
		err = -errno;
		log_msg(LOG_ERR, "lockdown: %s: %s", path, strerror(-err));
		return err;
	}
	err = link ? protect_link_fd(fd) : protect_map_fd(fd, name);
	close(fd);
	return err;
}

int lock_protect_map(int map_fd)
{
	return L.armed ? protect_map_fd(map_fd, NULL) : 0;
}

void lock_forget_map(unsigned int id)
{
	struct ipe_lock_obj key = { .type = IPE_LOCK_MAP, .id = id };

	if (L.armed)
		bpf_map_delete_elem(L.fd[L_OBJS], &key);
}

/* The kernel's dev_t of st_dev (MKDEV: 20 bits of minor). */
static __u32 kdev(dev_t d)
{
	return (__u32)(major(d) << 20 | minor(d));
}

static int protect_inode(const struct stat *st, __u8 how)
{
	struct ipe_lock_inode key = { .ino = st->st_ino, .dev = kdev(st->st_dev) };
	__u8 old = 0;

	/* A path can be both protected and an ancestor of another. */
	if (!bpf_map_lookup_elem(L.fd[L_INODES], &key, &old))
		how |= old;
	return bpf_map_update_elem(L.fd[L_INODES], &key, &how, BPF_ANY) ? -errno : 0;
}

/* PATH with HOW, and each of its ancestors with IPE_LOCK_NAME. */
static int protect_path(const char *path, __u8 how)
{
	char *p = strdup(path), *slash;
	struct stat st;
	int err = 0;

	if (!p)
		return -ENOMEM;
	if (stat(p, &st))
		err = -errno;
	else if ((how & IPE_LOCK_WRITE) && !S_ISREG(st.st_mode))
		goto out;	/* a configuration on /dev/null: nothing to keep */
	else
		err = protect_inode(&st, how | IPE_LOCK_NAME);
	while (!err && (slash = strrchr(p, '/'))) {
		slash[slash == p] = 0;	/* "/a" -> "/", "/a/b" -> "/a" */
		if (stat(p, &st))
			err = -errno;
		else
			err = protect_inode(&st, IPE_LOCK_NAME);
		if (!strcmp(p, "/"))
			break;
	}
	if (err)
		log_msg(LOG_ERR, "lockdown: %s: %s", path, strerror(-err));
out:
	free(p);
	return err;
}

static int protect_paths(const struct lockdown_spec *spec)
{
	int err = protect_path(IPE_BPF_PIN_DIR, IPE_LOCK_CONTENTS);

	if (!err)
		err = protect_path(spec->state_dir, IPE_LOCK_CONTENTS);
	if (!err)
		err = protect_path(spec->trust_dir, IPE_LOCK_CONTENTS);
	if (!err)
		err = protect_path(spec->exe, IPE_LOCK_WRITE);
	if (!err && spec->config)
		err = protect_path(spec->config, IPE_LOCK_WRITE);
	/* The mount point: the tree mounted on it cannot be unmounted. */
	if (!err)
		err = protect_path(spec->mount, 0);
	return err;
}

/* ---- registration -------------------------------------------------------- */

/*
 * Write this process into the lock, then make one hook run for it: the
 * kernel side reads its start time there, which ties the registration to
 * this process and not to a pid that could be reused.
 */
static int lock_register(struct ipe_lock *l)
{
	struct bpf_map_info info;
	__u32 zero = 0;
	int fd, err;

	l->tgid = (__u32)getpid();
	l->start_time = 0;
	if (bpf_map_update_elem(L.fd[L_LOCK], &zero, l, BPF_ANY))
		return -errno;
	err = map_info_of(L.fd[L_LOCK], &info);
	if (err)
		return err;
	fd = bpf_map_get_fd_by_id(info.id);
	if (fd < 0)
		return -errno;
	close(fd);
	if (bpf_map_lookup_elem(L.fd[L_LOCK], &zero, l))
		return -errno;
	return l->tgid == (__u32)getpid() && l->start_time ? 0 : -EIO;
}

static int exe_identity(const struct lockdown_spec *spec, struct ipe_lock *l)
{
	struct stat st;

	if (stat(spec->exe, &st))
		return -errno;
	l->exe_dev = kdev(st.st_dev);
	l->exe_ino = st.st_ino;
	memcpy(l->identity, spec->identity, sizeof(l->identity));
	return 0;
}

int lock_take_over(const struct lockdown_spec *spec)
{
	struct ipe_lock l;
	__u32 zero = 0;
	int err;

	if (bpf_map_lookup_elem(L.fd[L_LOCK], &zero, &l))
		return -errno;
	if (memcmp(l.identity, spec->identity, sizeof(l.identity))) {
		log_msg(LOG_ERR, "lockdown: this iped's paths or trust store differ from those "
			"of the iped that locked the system down: not taking over");
		return -EPERM;
	}
	err = lock_register(&l);
	if (err)
		log_msg(LOG_ERR, "lockdown: registering as iped: %s", strerror(-err));
	return err;
}

/* ---- arming -------------------------------------------------------------- */


/* Programs attached and pinned, their links protected. */
static int attach_and_pin(struct ipe_lock_bpf *skel)
{
	struct bpf_program *prog;

	bpf_object__for_each_program(prog, skel->obj) {
		int err = pin_dir_attach(prog, protect_link_fd);

		if (err)
			return err;
	}
	return pin_dir_maps(skel->obj, lock_map_names, L_COUNT);
}

/* Raise the kernel's lockdown to integrity: no /dev/mem, /dev/port, MSR,
 * unsigned modules or kexec images, bpf_probe_write_user.  Not
 * confidentiality, which would take kernel reads from the engine. */
static void raise_kernel_lockdown(void)
{
	char now[128] = "";
	ssize_t n;
	int fd = open(KERNEL_LOCKDOWN, O_RDWR | O_CLOEXEC);

	if (fd < 0) {
		log_msg(LOG_WARNING, "lockdown: %s: %s; the kernel's own lockdown stays as it is",
			KERNEL_LOCKDOWN, strerror(errno));
		return;
	}
	n = read(fd, now, sizeof(now) - 1);
	if (n > 0 && !strstr(now, "[none]")) {
		close(fd);
		return;		/* integrity or confidentiality already */
	}
	if (write(fd, "integrity", 9) != 9)
		log_msg(LOG_WARNING, "lockdown: raising the kernel's lockdown to integrity: %s",
			strerror(errno));
	else
		log_msg(LOG_NOTICE, "lockdown: the kernel's lockdown is now 'integrity'");
	close(fd);
}

int lock_arm(const struct lockdown_spec *spec)
{
	struct ipe_lock l = { 0 };
	struct ipe_lock_bpf *skel = ipe_lock_bpf__open_and_load();
	__u32 zero = 0;
	int err;

	if (!skel) {
		err = -errno;
		log_msg(LOG_ERR, "lockdown: loading the BPF programs: %s", strerror(-err));
		return err;
	}
	L.fd[L_LOCK] = dup(bpf_map__fd(skel->maps.lock));
	L.fd[L_OBJS] = dup(bpf_map__fd(skel->maps.lock_objs));
	L.fd[L_INODES] = dup(bpf_map__fd(skel->maps.lock_inodes));
	err = L.fd[L_LOCK] < 0 || L.fd[L_OBJS] < 0 || L.fd[L_INODES] < 0 ? -errno : 0;
	if (!err)
		err = exe_identity(spec, &l);
	if (!err)
		err = protect_paths(spec);
	if (!err) {
		err = pin_dir_each("", protect_pin, NULL);
		if (err)
			log_msg(LOG_ERR, "lockdown: protecting the engine's objects: %s",
				strerror(-err));
	}
	/* This set's own maps are protected with its programs' (protect_prog). */
	if (!err)
		err = attach_and_pin(skel);
	if (!err) {
		l.armed = 1;
		err = lock_register(&l);
		if (err)
			log_msg(LOG_ERR, "lockdown: registering as iped: %s", strerror(-err));
	}
	ipe_lock_bpf__destroy(skel);
	if (err) {
		/* Disarm before the pins go: this process may no longer be the
		 * registered one if the hook never ran for it. */
		struct ipe_lock off = { 0 };

		bpf_map_update_elem(L.fd[L_LOCK], &zero, &off, BPF_ANY);
		unpin_lock_set();
		lock_close();
		return err;
	}
	L.armed = true;
	raise_kernel_lockdown();
	return 0;
}
