// SPDX-License-Identifier: GPL-2.0-only
/*
 * iped: the control plane of ipe-bpf.  Restores the saved state, serves the
 * control tree over FUSE, saves every change and hands the active policy to
 * the enforcement backend.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include "caller.h"
#include "fileio.h"
#include "iped.h"
#include "lockdown.h"
#include "log.h"
#include "notify.h"
#include "state.h"
#include "tree.h"

/*
 * Save the state, unless lockdown is not armed yet: until the backend has
 * accepted this iped (after a death, only one of the same identity takes
 * over), it writes nothing to a state directory it may not own.
 */
static void save_state(struct iped *d)
{
	int err;

	if (d->lockdown && !d->armed)
		return;
	err = state_save(d->state_dirfd, d->store, d->lockdown);
	if (err) {
		d->unsaved = true;
		log_msg(LOG_CRIT, "state not saved in %s: %s; the change is live but will not "
			"survive a restart until a later save succeeds", d->cfg.state_dir,
			strerror(-err));
	} else if (d->unsaved) {
		d->unsaved = false;
		log_msg(LOG_NOTICE, "state saved again in %s", d->cfg.state_dir);
	}
}

void iped_changed(struct iped *d)
{
	const struct ipe_entry *e = ipe_store_active(d->store);
	struct applied now = {
		.valid = true,
		.active_id = e ? e->id : 0,
		.active_version = e ? ipe_policy_version_number(e->policy) : 0,
		.enforce = ipe_store_enforce(d->store),
		.success_audit = ipe_store_success_audit(d->store),
	};
	int err;

	save_state(d);
	if (d->applied.valid && now.active_id == d->applied.active_id &&
	    now.active_version == d->applied.active_version &&
	    now.enforce == d->applied.enforce && now.success_audit == d->applied.success_audit)
		return;
	err = d->backend->apply(d->store);
	if (err)
		log_msg(LOG_CRIT, "backend '%s' refused the change: %s", d->backend->name,
			strerror(-err));
	else
		d->applied = now;
}

static int load_trust(struct iped *d)
{
	struct ipe_diag diag = { 0 };
	int err = ipe_trust_new(&d->trust);

	if (!err)
		err = ipe_trust_add_dir(d->trust, d->cfg.trust_dir, &diag);
	if (err) {
		log_msg(LOG_ERR, "trust directory %s: %s", d->cfg.trust_dir,
			diag.msg[0] ? diag.msg : strerror(-err));
		return err;
	}
	if (!ipe_trust_count(d->trust))
		log_msg(LOG_WARNING, "no certificate in %s: every signed policy will be "
			"refused (ENOKEY)", d->cfg.trust_dir);
	return 0;
}

static int load_boot_policy(struct iped *d)
{
	struct ipe_diag diag = { 0 };
	char *text = NULL;
	size_t len = 0;
	int err = read_file_at(AT_FDCWD, d->cfg.boot_policy, 0, &text, &len);

	if (err) {
		log_msg(LOG_ERR, "boot policy %s: %s", d->cfg.boot_policy, strerror(-err));
		return err;
	}
	err = ipe_store_load_boot_policy(d->store, text, len, &diag);
	free(text);
	if (err) {
		if (diag.line)
			log_msg(LOG_ERR, "boot policy %s:%u:%u: %s (%s)", d->cfg.boot_policy,
				diag.line, diag.col, diag.msg, ipe_errno_name(-err));
		else
			log_msg(LOG_ERR, "boot policy %s: %s", d->cfg.boot_policy,
				ipe_errno_name(-err));
		return err;
	}
	log_msg(LOG_NOTICE, "boot policy '%s' of %s loaded and active",
		ipe_store_active(d->store)->policy->name, d->cfg.boot_policy);
	return 0;
}

/* After PROBLEMS in restoring IMAGE: keep it whole, for a start that works. */
static int keep_unrestored(struct iped *d, const uint8_t *image, size_t len, int problems)
{
	char name[64];
	int err = state_keep(d->state_dirfd, image, len, name, sizeof(name));

	if (err) {
		log_msg(LOG_ERR, "%d problem%s restoring %s/state, and it cannot be kept aside: %s",
			problems, problems == 1 ? "" : "s", d->cfg.state_dir, strerror(-err));
		return err;
	}
	log_msg(LOG_ERR, "%d problem%s restoring %s/state (see above); the file as it was is "
		"kept as %s/%s: to go back to it, stop iped, fix the cause and move it to %s/state",
		problems, problems == 1 ? "" : "s", d->cfg.state_dir, d->cfg.state_dir, name,
		d->cfg.state_dir);
	return 0;
}

/*
 * Whether lockdown may be on, WHY being what turned it on: not in a
 * permissive start (ENFORCE off), which would leave nothing to guard, and
 * only with a backend that can lock down.
 */
static int lockdown_allowed(const struct iped *d, bool enforce, const char *why)
{
	if (!enforce) {
		log_msg(LOG_ERR, "lockdown is on (%s) and refuses to start permissive (enforce 0 %s): "
			"permissive mode needs a start without lockdown", why,
			d->cfg.enforce == OFF ? "configured" : "saved; --enforce 1 overrides it");
		return -EPERM;
	}
	if (!d->backend->lockdown) {
		log_msg(LOG_ERR, "lockdown is on (%s) but backend '%s' cannot lock anything down", why,
			d->backend->name);
		return -ENOTSUP;
	}
	return 0;
}

/*
 * Lockdown at start: the configuration's, else the saved setting (SAVED,
 * NULL without a state), else off; on whatever they say when the kernel
 * side was locked down earlier in this boot.  ENFORCE: the mode the store
 * will start with.
 */
static int settle_lockdown(struct iped *d, const struct saved_state *saved, bool enforce)
{
	const char *why = "configured";

	if (d->cfg.lockdown != UNSET) {
		d->lockdown = d->cfg.lockdown == ON;
	} else {
		d->lockdown = saved && saved->lockdown;
		why = "saved; --lockdown=0 turns it off";
	}
	if (d->backend->locked && d->backend->locked()) {
		if (!d->lockdown)
			log_msg(LOG_NOTICE, "the kernel side was locked down earlier in this boot: "
				"lockdown stays on whatever the configuration says until a reboot");
		d->lockdown = true;
		why = "the kernel side is locked down";
	}
	return d->lockdown ? lockdown_allowed(d, enforce, why) : 0;
}

/*
 * The store as the administrator left it: the saved state when there is
 * one (the saved modes and lockdown unless the configuration sets them),
 * else the defaults and the boot policy.
 */
static int build_store(struct iped *d)
{
	struct ipe_store_options opts = {
		.trust = d->trust, .audit = audit_out_record, .audit_ctx = d->audit,
		.enforce = true, .max_policy_bytes = d->cfg.max_policy_bytes,
	};
	struct saved_state saved = { 0 };
	uint8_t *image = NULL;
	size_t len = 0;
	int err = state_read(d->state_dirfd, &image, &len);
	bool have_state = !err;

	if (err && err != -ENOENT) {
		log_msg(LOG_ERR, "%s/state: %s", d->cfg.state_dir, strerror(-err));
		return err;
	}
	if (have_state) {
		err = state_parse(image, len, &saved);
		if (err) {
			log_msg(LOG_ERR, "%s/state is damaged (%s); refusing to start rather than "
				"lose it: move it away to start empty", d->cfg.state_dir,
				ipe_errno_name(-err));
			free(image);
			return err;
		}
		opts.enforce = saved.enforce;
		opts.success_audit = saved.success_audit;
	}
	if (d->cfg.enforce != UNSET)
		opts.enforce = d->cfg.enforce == ON;
	if (d->cfg.success_audit != UNSET)
		opts.success_audit = d->cfg.success_audit == ON;
	err = settle_lockdown(d, have_state ? &saved : NULL, opts.enforce);
	/* Mode writes need no key: in lockdown they may only tighten. */
	opts.modes_one_way = d->lockdown;
	opts.version_floors = d->cfg.version_floors || d->lockdown;
	if (!err)
		err = ipe_store_new(&opts, &d->store);
	if (!err && have_state) {
		/* Replaying saved writes is not news for the audit trail. */
		audit_out_mute(d->audit, true);
		err = state_restore(d->store, &saved);
		audit_out_mute(d->audit, false);
		if (err > 0)
			err = keep_unrestored(d, image, len, err);
		else if (!err)
			log_msg(LOG_INFO, "state restored from %s", d->cfg.state_dir);
	} else if (!err && d->cfg.boot_policy) {
		err = load_boot_policy(d);
	}
	saved_state_free(&saved);
	free(image);
	return err;
}

/*
 * Lock down with this iped's spec (lockdown.h).  A failure ends iped: half
 * a lockdown would look like protection and not be it.
 */
static int arm_lockdown(struct iped *d)
{
	struct lockdown_spec spec;
	const char *what;
	int err = lockdown_spec_build(&spec, d->cfg.state_dir, d->cfg.trust_dir, d->cfg.mount,
				      d->cfg.config_file, d->trust, &what);

	if (err) {
		log_msg(LOG_ERR, "lockdown: %s%s%s", what ? what : "", what ? ": " : "",
			strerror(-err));
	} else {
		err = d->backend->lockdown(&spec);
		if (err == -EPERM)
			log_msg(LOG_ERR, "lockdown: the kernel side was locked down by an iped of "
				"another identity (other state, trust or mount directory, or other "
				"trusted certificates); this one cannot take over until a reboot");
		else if (err)
			log_msg(LOG_ERR, "lockdown failed (%s): stopping rather than run half "
				"locked down", strerror(-err));
		else
			log_msg(LOG_NOTICE, "lockdown on: ipe-bpf cannot be switched off until a "
				"reboot; modes may only be switched on");
	}
	lockdown_spec_free(&spec);
	return err;
}

#define FUSE_SUPER_MAGIC 0x65735546

/*
 * A mount point left by an iped that died is a dead FUSE mount: detach it.
 * A live one belongs to another iped: stacking a second tree on it would
 * hide the first, so refuse.
 */
static int prepare_mount_point(const char *dir)
{
	struct statfs fs;

	if (statfs(dir, &fs)) {
		if (errno == ENOTCONN) {
			log_msg(LOG_WARNING, "%s: stale mount of a previous iped, detaching it",
				dir);
			if (umount2(dir, MNT_DETACH))
				return -errno;
		}
	} else if (fs.f_type == FUSE_SUPER_MAGIC) {
		log_msg(LOG_ERR, "%s: a FUSE file system is mounted there already", dir);
		return -EBUSY;
	}
	return mkdir_parents(dir, 0755);
}

/* Detach from the terminal; the parent exits once the child reports readiness. */
static int daemonize(int *ready_fd)
{
	int pipefd[2], null;
	char ok = 0;
	pid_t pid;

	if (pipe2(pipefd, O_CLOEXEC))
		return -errno;
	pid = fork();
	if (pid < 0) {
		int err = -errno;

		close(pipefd[0]);
		close(pipefd[1]);
		return err;
	}
	if (pid > 0) {
		close(pipefd[1]);
		_exit(read(pipefd[0], &ok, 1) == 1 && ok == 1 ? 0 : 1);
	}
	close(pipefd[0]);
	setsid();
	/* Not pinning the directory iped was started from (paths are absolute). */
	if (chdir("/"))
		return -errno;
	null = open("/dev/null", O_RDWR | O_CLOEXEC);
	if (null >= 0) {
		dup2(null, STDIN_FILENO);
		dup2(null, STDOUT_FILENO);
		dup2(null, STDERR_FILENO);
		if (null > STDERR_FILENO)
			close(null);
	}
	*ready_fd = pipefd[1];
	return 0;
}

static void announce_ready(const struct iped *d, int ready_fd)
{
	char ok = 1;
	int err = notify_service_manager("READY=1");

	if (err)
		log_msg(LOG_WARNING, "cannot tell the service manager we are ready: %s",
			strerror(-err));
	if (d->cfg.foreground) {
		fputs("ready\n", stdout);
		fflush(stdout);
	}
	if (ready_fd >= 0) {
		if (write(ready_fd, &ok, 1) != 1)
			log_msg(LOG_WARNING, "could not report readiness to the parent");
		close(ready_fd);
	}
	log_msg(LOG_NOTICE, "serving %s/ipe (backend '%s')", d->cfg.mount, d->backend->name);
}

/* Mount the tree on the prepared mount point and serve it until stopped. */
static int serve(struct iped *d, int ready_fd)
{
	char *args[] = { "iped", "-o",
			 "fsname=ipe-bpf,subtype=ipe,allow_other,default_permissions", NULL };
	struct fuse_args fargs = FUSE_ARGS_INIT(3, args);
	struct fuse *fuse;
	int err;

	fuse = fuse_new(&fargs, &tree_operations, sizeof(tree_operations), d);
	fuse_opt_free_args(&fargs);
	if (!fuse)
		return -EIO;
	/* Before mounting: a SIGTERM must never leave a tree nobody serves. */
	if (fuse_set_signal_handlers(fuse_get_session(fuse))) {
		fuse_destroy(fuse);
		return -EIO;
	}
	if (fuse_mount(fuse, d->cfg.mount)) {
		log_msg(LOG_ERR, "cannot mount the control tree on %s", d->cfg.mount);
		fuse_remove_signal_handlers(fuse_get_session(fuse));
		fuse_destroy(fuse);
		return -EIO;
	}
	announce_ready(d, ready_fd);
	/* One request at a time: the store needs no lock and writers queue. */
	err = fuse_loop(fuse);
	(void)notify_service_manager("STOPPING=1");	/* best effort, on the way out */
	fuse_remove_signal_handlers(fuse_get_session(fuse));
	fuse_unmount(fuse);
	fuse_destroy(fuse);
	tree_release_all();
	log_msg(LOG_NOTICE, "stopped");
	return err < 0 ? err : 0;
}

/*
 * Once the process is final: the backend's threads, the mount point (which
 * lockdown guards, so it must exist), lockdown, then the tree.
 */
static int go_live(struct iped *d, int ready_fd)
{
	int err = d->backend->running();

	if (err) {
		log_msg(LOG_ERR, "backend '%s': %s", d->backend->name, strerror(-err));
		return err;
	}
	err = prepare_mount_point(d->cfg.mount);
	if (err) {
		log_msg(LOG_ERR, "mount point %s: %s", d->cfg.mount, strerror(-err));
		return err;
	}
	if (d->lockdown) {
		err = arm_lockdown(d);
		if (err)
			return err;
		d->armed = true;
		save_state(d);
	}
	return serve(d, ready_fd);
}

static int run(struct iped *d)
{
	int err, ready_fd = -1;

	clock_gettime(CLOCK_REALTIME, &d->started);
	d->backend = backend_find(d->cfg.backend);
	if (!d->backend) {
		log_msg(LOG_ERR, "backend '%s' is not built in", d->cfg.backend);
		return -ENOTSUP;
	}
	/* A configuration lockdown refuses is refused before anything is touched. */
	if (d->cfg.lockdown == ON) {
		err = lockdown_allowed(d, d->cfg.enforce != OFF, "configured");
		if (err)
			return err;
	}
	err = caller_init();
	if (err) {
		log_msg(LOG_ERR, "cannot identify callers: %s", strerror(-err));
		return err;
	}
	if (load_trust(d))
		return -EINVAL;
	d->state_dirfd = state_dir_open(d->cfg.state_dir);
	if (d->state_dirfd < 0) {
		err = d->state_dirfd;
		log_msg(LOG_ERR, "state directory %s: %s", d->cfg.state_dir,
			err == -EBUSY ? "in use by another iped" : strerror(-err));
		return err;
	}
	err = audit_out_open(d->cfg.audit_log, &d->audit);
	if (err) {
		log_msg(LOG_ERR, "audit log %s: %s", d->cfg.audit_log, strerror(-err));
		return err;
	}
	/* Before the store: whether the kernel side is locked down decides its rules. */
	err = d->backend->start(&(struct backend_env){ .audit = d->audit });
	if (err) {
		log_msg(LOG_ERR, "backend '%s': %s", d->backend->name, strerror(-err));
		return err;
	}
	err = build_store(d);
	if (err) {
		d->backend->stop();
		return err;
	}
	/* Saves the state as rebuilt and gives the backend its first policy. */
	iped_changed(d);
	if (!d->cfg.foreground) {
		err = daemonize(&ready_fd);
		if (err) {
			log_msg(LOG_ERR, "cannot go to the background: %s", strerror(-err));
			d->backend->stop();
			return err;
		}
		/* Start-up errors went to the terminal; from now on, syslog. */
		log_init(0);
	}
	err = go_live(d, ready_fd);
	d->backend->stop();
	return err;
}

int main(int argc, char **argv)
{
	struct iped d = { .state_dirfd = -1 };
	int err = config_load(&d.cfg, argc, argv);

	if (err)
		return err > 0 ? 0 : 2;
	log_init(1);
	/* The tree's files and the state are ours to mode, whatever the caller's umask. */
	umask(022);
	/* A reader gone from our stdout must not kill the daemon. */
	signal(SIGPIPE, SIG_IGN);
	err = run(&d);
	ipe_store_free(d.store);
	audit_out_close(d.audit);
	ipe_trust_free(d.trust);
	if (d.state_dirfd >= 0)
		close(d.state_dirfd);
	config_free(&d.cfg);
	return err ? 1 : 0;
}
