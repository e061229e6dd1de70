// SPDX-License-Identifier: GPL-2.0-only
/*
 * The backend that enforces nothing: the control plane alone, for hosts
 * that cannot load BPF LSM programs (the test hosts) and for dry runs.  It
 * says so at start and at every change, so nobody mistakes it for
 * protection.
 */
#include "backend.h"
#include "log.h"

static int none_start(const struct backend_env *env)
{
	(void)env;
	log_msg(LOG_WARNING, "backend 'none': NOTHING IS ENFORCED; policies are only stored");
	return 0;
}

static int none_apply(const struct ipe_store *st)
{
	const struct ipe_entry *e = ipe_store_active(st);

	log_msg(LOG_WARNING, "backend 'none': active policy %s%s%s, enforce=%d (not enforced)",
		e ? "'" : "", e ? e->policy->name : "none", e ? "'" : "", ipe_store_enforce(st));
	return 0;
}

static int none_running(void)
{
	return 0;
}

static void none_stop(void)
{
}

const struct backend backend_none = {
	.name = "none",
	.start = none_start,
	.running = none_running,
	.apply = none_apply,
	.stop = none_stop,
};
