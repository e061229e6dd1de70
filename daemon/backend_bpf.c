// SPDX-License-Identifier: GPL-2.0-only
/*
 * The BPF backend: ipe.bpf.c loaded on the BPF LSM, pinned under one bpffs
 * directory so that enforcement outlives iped, and adopted, not reloaded,
 * by the next iped.
 *
 * A policy goes live as a fresh pair of inner maps (digests with the header,
 * rules with the generation in entry 0), each filled completely and put in
 * the spare slot of the outer maps; then one update of config makes that
 * slot the live one (IPE_BPF_SLOTS): an event sees the old set or the new
 * one, never half of each.
 */
#define _GNU_SOURCE
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <stdarg.h>
#include <unistd.h>

#include <libipe-tables.h>

#include "backend.h"
#include "bpf_events.h"
#include "bpf_features.h"
#include "ipe-bpf.h"
#include "ipe.skel.h"
#include "lock_bpf.h"
#include "log.h"
#include "lsm.h"
#include "pin_dir.h"

#define BPF_FS_MAGIC 0xcafe4a11
#define BPFFS "/sys/fs/bpf"

/* The maps iped uses, by pinned name. */
enum { M_DIGESTS, M_RULES, M_CONFIG, M_INFO, M_COUNTERS, M_EVENTS, M_COUNT };
static const char *const map_names[M_COUNT] = {
	"tbl_digests", "tbl_rules", "config", "info", "counters", "events",
};

/* Links held open besides their pins: unpinning alone detaches nothing
 * while iped runs. */
#define MAX_LINKS 64

static struct {
	int fd[M_COUNT];
	int link[MAX_LINKS];
	int nlinks;
	struct audit_out *audit;
	/* A locked-down set was found at start: its first apply must keep
	 * what the kernel enforces (refused: the state is not the one that
	 * was locked). */
	bool take_over, refused;
} B = { .fd = { -1, -1, -1, -1, -1, -1 } };

/* libbpf's warnings, a verifier log among them, one log line per line. */
__attribute__((format(printf, 2, 0)))
static int libbpf_log(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	char *text = NULL, *line, *save = NULL;

	if (level == LIBBPF_DEBUG || vasprintf(&text, fmt, ap) < 0)
		return 0;
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
		log_msg(level == LIBBPF_WARN ? LOG_WARNING : LOG_INFO, "libbpf: %s", line);
	free(text);
	return 0;
}

static int lsm_has_bpf(void)
{
	char list[4096];
	int err = lsm_list_read(list, sizeof(list));

	if (err)
		return err;
	return lsm_listed(list, "bpf") ? 0 : -ENOTSUP;
}

static int ensure_bpffs(void)
{
	struct statfs sf;

	if (statfs(BPFFS, &sf) == 0 && (unsigned long)sf.f_type == BPF_FS_MAGIC)
		return 0;
	if (mount("bpf", BPFFS, "bpf", MS_NOSUID | MS_NODEV | MS_NOEXEC, "mode=0700"))
		return -errno;
	return 0;
}

/* Open a pinned link, to hold it while iped runs. */
static int hold_link(const char *path, const char *name, void *ctx)
{
	(void)name;
	(void)ctx;
	if (B.nlinks == MAX_LINKS)
		return -E2BIG;
	B.link[B.nlinks] = bpf_obj_get(path);
	if (B.link[B.nlinks] < 0)
		return -errno;
	B.nlinks++;
	return 0;
}

/* Open the pinned set; 0 when it is complete and of this ABI. */
static int adopt(void)
{
	struct ipe_bpf_info info;
	char path[256];
	__u32 zero = 0;
	int i;

	for (i = 0; i < M_COUNT; i++) {
		if (pin_dir_path(path, sizeof(path), "map_", map_names[i]))
			return -ENAMETOOLONG;
		B.fd[i] = bpf_obj_get(path);
		if (B.fd[i] < 0)
			return -errno;
	}
	if (bpf_map_lookup_elem(B.fd[M_INFO], &zero, &info))
		return -errno;
	return info.abi == IPE_BPF_ABI ? pin_dir_each("link_", hold_link, NULL) : -ESTALE;
}

static void close_maps(void)
{
	int i;

	for (i = 0; i < M_COUNT; i++) {
		if (B.fd[i] >= 0)
			close(B.fd[i]);
		B.fd[i] = -1;
	}
	for (i = 0; i < B.nlinks; i++)
		close(B.link[i]);
	B.nlinks = 0;
}

/* The programs loaded into *SKEL (NULL when they cannot be opened), with or
 * without the AT_EXECVE_CHECK pair: before 6.14 the hook has no is_check to
 * read, and they would not load. */
static int open_and_load(bool execve_check, struct ipe_bpf **skel)
{
	ipe_bpf__destroy(*skel);
	*skel = ipe_bpf__open();
	if (!*skel)
		return -errno;
	bpf_program__set_autoload((*skel)->progs.ipe_execve_check, execve_check);
	bpf_program__set_autoload((*skel)->progs.ipe_execve_check_finish, execve_check);
	return ipe_bpf__load(*skel);
}

static int load_fresh(void)
{
	struct ipe_bpf_info info = { .abi = IPE_BPF_ABI, .features = bpf_features_probe() };
	struct ipe_bpf *skel = NULL;
	struct bpf_program *prog;
	char path[256];
	__u32 zero = 0;
	int err, pass;

	bpf_features_format(info.features, path, sizeof(path));
	log_msg(LOG_INFO, "kernel features for the BPF programs: %s", path);
	err = open_and_load(info.features & IPE_BPF_FEAT_EXECVE_CHECK, &skel);
	if (err && (info.features & IPE_BPF_FEAT_EXECVE_CHECK)) {
		/* Never verified on a kernel that has them: better the rest
		 * enforcing than nothing. */
		log_msg(LOG_WARNING, "the AT_EXECVE_CHECK programs do not load (%s): "
			"loading without them", strerror(-err));
		info.features &= (__u8)~IPE_BPF_FEAT_EXECVE_CHECK;
		err = open_and_load(false, &skel);
	}
	if (err) {
		log_msg(LOG_ERR, "loading the BPF programs: %s", strerror(-err));
		goto out;
	}
	err = bpf_map_update_elem(bpf_map__fd(skel->maps.info), &zero, &info, BPF_ANY) ? -errno : 0;
	if (err)
		goto out;
	/* Replace an old set only once the new one loaded. */
	pin_dir_unpin("");
	if (mkdir(IPE_BPF_PIN_DIR, 0700) && errno != EEXIST) {
		err = -errno;
		goto out;
	}
	/*
	 * The kernel runs a hook's programs newest first: attach the "finish"
	 * halves first so that each runs after the decision it completes.
	 */
	for (pass = 0; pass < 2; pass++) bpf_object__for_each_program(prog, skel->obj) {
		const char *name = bpf_program__name(prog);
		size_t len = strlen(name);
		bool finish = len > 7 && !strcmp(name + len - 7, "_finish");

		if (finish != (pass == 0) || !bpf_program__autoload(prog))
			continue;
		err = pin_dir_attach(prog, NULL);
		if (err)
			goto out;
	}
	err = pin_dir_maps(skel->obj, map_names, M_COUNT);
	if (err)
		goto out;
	err = adopt();
out:
	if (err)
		pin_dir_unpin("");	/* half a set enforces something nobody manages */
	ipe_bpf__destroy(skel);
	return err;
}

static int bpf_start(const struct backend_env *env)
{
	int err = lsm_has_bpf();

	B.audit = env->audit;
	if (err == -ENOTSUP || err == -ENOENT) {
		log_msg(LOG_ERR, "the BPF LSM is not active on this kernel (no 'bpf' in "
			LSM_LIST_PATH "): boot with lsm=...,bpf, or use --backend none");
		return -ENOTSUP;
	}
	if (err)
		return err;
	libbpf_set_print(libbpf_log);
	err = ensure_bpffs();
	if (err) {
		log_msg(LOG_ERR, "cannot mount bpffs on " BPFFS ": %s", strerror(-err));
		return err;
	}
	err = lock_find();
	if (err == -EPERM) {
		log_msg(LOG_ERR, "the system is locked down and another iped is registered "
			"(or this is not the executable that locked it): refusing to start");
		return err;
	}
	if (err < 0) {
		log_msg(LOG_ERR, "looking for a lockdown set in " IPE_BPF_PIN_DIR ": %s",
			strerror(-err));
		return err;
	}
	B.take_over = err == 1;
	err = adopt();
	if (!err) {
		log_msg(LOG_NOTICE, "adopted the BPF programs pinned in " IPE_BPF_PIN_DIR);
		return 0;
	}
	close_maps();
	if (B.take_over) {
		/* Never replaced: the guards protect the set as it is. */
		log_msg(LOG_ERR, "the system is locked down and the pinned set cannot be "
			"adopted (%s): refusing to start", strerror(-err));
		return err;
	}
	if (err != -ENOENT)
		log_msg(LOG_WARNING, "the set pinned in " IPE_BPF_PIN_DIR " cannot be adopted (%s): "
			"replacing it", strerror(-err));
	err = load_fresh();
	if (!err)
		log_msg(LOG_NOTICE, "BPF programs loaded, attached and pinned in " IPE_BPF_PIN_DIR);
	return err;
}

static int bpf_running(void)
{
	return bpf_events_start(B.fd[M_EVENTS], B.fd[M_COUNTERS], B.audit);
}

/* A fresh inner map pair holding T as generation GEN; fds in *DIG, *RUL. */
static int build_maps(const struct ipe_tables *t, __u32 gen, int *dig, int *rul)
{
	LIBBPF_OPTS(bpf_map_create_opts, hash_opts, .map_flags = BPF_F_NO_PREALLOC);
	LIBBPF_OPTS(bpf_map_create_opts, array_opts, .map_flags = BPF_F_INNER_MAP);
	struct ipe_tbl_digest_key zero_key = { 0 };
	union ipe_bpf_digest_value hv = { .header = { .tbl = t->header, .gen = gen } };
	struct ipe_tbl_rule marker = { .pos = gen };
	__u32 i, idx;
	int err = 0;

	*dig = bpf_map_create(BPF_MAP_TYPE_HASH, "ipe_digests", sizeof(struct ipe_tbl_digest_key),
			      sizeof(union ipe_bpf_digest_value), t->header.ndigests + 1, &hash_opts);
	*rul = bpf_map_create(BPF_MAP_TYPE_ARRAY, "ipe_rules", sizeof(__u32),
			      sizeof(struct ipe_tbl_rule), t->header.nrules + 1, &array_opts);
	if (*dig < 0 || *rul < 0)
		return -errno;
	/* Under lockdown, no fd of them for anyone else from here on. */
	err = lock_protect_map(*dig);
	if (!err)
		err = lock_protect_map(*rul);
	if (err)
		return err;
	if (bpf_map_update_elem(*dig, &zero_key, &hv, BPF_NOEXIST))
		return -errno;
	for (i = 0; i < t->header.ndigests && !err; i++) {
		union ipe_bpf_digest_value v = { .digest = t->digests[i].val };

		if (bpf_map_update_elem(*dig, &t->digests[i].key, &v, BPF_NOEXIST))
			err = -errno;
	}
	idx = 0;
	if (!err && bpf_map_update_elem(*rul, &idx, &marker, BPF_ANY))
		err = -errno;
	for (i = 0; i < t->header.nrules && !err; i++) {
		idx = i + 1;
		if (bpf_map_update_elem(*rul, &idx, &t->rules[i], BPF_ANY))
			err = -errno;
	}
	return err;
}

/* The modes, and SLOT as the live table set: one update, seen whole. */
static int set_config(const struct ipe_store *st, __u8 slot)
{
	struct ipe_bpf_config cfg = { .enforce = ipe_store_enforce(st),
				      .success_audit = ipe_store_success_audit(st),
				      .slot = slot };
	__u32 zero = 0;

	return bpf_map_update_elem(B.fd[M_CONFIG], &zero, &cfg, BPF_ANY) ? -errno : 0;
}

/* The id of the table map in SLOT of OUTER; 0: the slot is empty. */
static __u32 slot_map_id(int outer, __u32 slot)
{
	__u32 id = 0;

	return bpf_map_lookup_elem(outer, &slot, &id) ? 0 : id;
}

/*
 * Taking a locked-down set over: the restored store must be what the kernel
 * enforces, else the state is not the one that was locked (it was replaced,
 * or hidden under a mount) and nothing of it is applied.
 */
static int check_take_over(const struct ipe_store *st, const struct ipe_bpf_info *info,
			   const struct ipe_bpf_config *cfg)
{
	const struct ipe_entry *e = ipe_store_active(st);
	bool same = e ? info->has_policy && !memcmp(info->sha256, e->digest, sizeof(info->sha256))
		      : !info->has_policy;

	B.take_over = false;
	if (same && cfg->enforce == ipe_store_enforce(st) &&
	    cfg->success_audit == ipe_store_success_audit(st))
		return 0;
	B.refused = true;
	log_msg(LOG_ERR, "lockdown: the restored state is not what the kernel enforces "
		"(active policy or modes differ); the kernel keeps its own");
	return -EPERM;
}

static int bpf_apply(const struct ipe_store *st)
{
	const struct ipe_entry *e = ipe_store_active(st);
	struct ipe_tables *t = NULL;
	struct ipe_bpf_config cfg;
	struct ipe_bpf_info info;
	int dig = -1, rul = -1, err;
	__u32 zero = 0, live, spare, old_dig, old_rul;

	if (bpf_map_lookup_elem(B.fd[M_INFO], &zero, &info) ||
	    bpf_map_lookup_elem(B.fd[M_CONFIG], &zero, &cfg))
		return -errno;
	if (B.take_over && (err = check_take_over(st, &info, &cfg)))
		return err;
	live = cfg.slot % IPE_BPF_SLOTS;
	spare = (live + 1) % IPE_BPF_SLOTS;
	if (!e) {
		old_dig = slot_map_id(B.fd[M_DIGESTS], live);
		old_rul = slot_map_id(B.fd[M_RULES], live);
		/* Digests first: without a header an event sees no policy. */
		bpf_map_delete_elem(B.fd[M_DIGESTS], &live);
		bpf_map_delete_elem(B.fd[M_RULES], &live);
		lock_forget_map(old_dig);
		lock_forget_map(old_rul);
		info.has_policy = 0;
		err = bpf_map_update_elem(B.fd[M_INFO], &zero, &info, BPF_ANY) ? -errno : 0;
		return err ? err : set_config(st, (__u8)live);
	}
	if (info.has_policy && !memcmp(info.sha256, e->digest, sizeof(info.sha256))) {
		/* Adopted tables of this very policy: keep them. */
		err = bpf_events_register(info.gen, e->policy);
		return err ? err : set_config(st, (__u8)live);
	}
	err = ipe_tables_build(e->policy, &t);
	if (err) {
		if (err == -E2BIG)
			log_msg(LOG_ERR, "policy '%s' needs more than %u records in one list of "
				"its tables", e->policy->name, IPE_TBL_SCAN_MAX);
		return err;
	}
	info.gen++;
	old_dig = slot_map_id(B.fd[M_DIGESTS], spare);
	old_rul = slot_map_id(B.fd[M_RULES], spare);
	err = build_maps(t, info.gen, &dig, &rul);
	if (!err)
		err = bpf_events_register(info.gen, e->policy);
	/* Fill the spare slot, which no event reads, then flip to it with the
	 * modes: the new policy goes live whole and as asked. */
	if (!err && bpf_map_update_elem(B.fd[M_RULES], &spare, &rul, BPF_ANY))
		err = -errno;
	if (!err && bpf_map_update_elem(B.fd[M_DIGESTS], &spare, &dig, BPF_ANY))
		err = -errno;
	if (!err)
		err = set_config(st, (__u8)spare);
	if (!err) {
		lock_forget_map(old_dig);
		lock_forget_map(old_rul);
		info.has_policy = 1;
		memcpy(info.sha256, e->digest, sizeof(info.sha256));
		if (bpf_map_update_elem(B.fd[M_INFO], &zero, &info, BPF_ANY))
			err = -errno;
	}
	if (dig >= 0)
		close(dig);
	if (rul >= 0)
		close(rul);
	ipe_tables_free(t);
	return err;
}

static void bpf_stop(void)
{
	/* The programs stay attached: the pins hold them. */
	bpf_events_stop();
	close_maps();
	lock_close();
}

static bool bpf_locked(void)
{
	return lock_armed();
}

static int bpf_lockdown(const struct lockdown_spec *spec)
{
	int err;

	if (!lock_armed()) {
		err = lock_arm(spec);
		if (!err)
			log_msg(LOG_NOTICE, "locked down: the guards are armed and pinned in "
				IPE_BPF_PIN_DIR);
		return err;
	}
	if (B.refused)
		return -EPERM;
	err = lock_take_over(spec);
	if (!err)
		log_msg(LOG_NOTICE, "locked down: took over from the iped that died");
	return err;
}

const struct backend backend_bpf = {
	.name = "bpf",
	.start = bpf_start,
	.running = bpf_running,
	.apply = bpf_apply,
	.stop = bpf_stop,
	.locked = bpf_locked,
	.lockdown = bpf_lockdown,
};
