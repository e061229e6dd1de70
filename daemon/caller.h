/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Who is behind a FUSE request, as kernel IPE would see the task writing to
 * securityfs: whether it holds CAP_MAC_ADMIN in the initial user namespace,
 * and its audit login uid and session.
 */
#ifndef IPED_CALLER_H
#define IPED_CALLER_H

#include <sys/types.h>

#include <libipe-store.h>

/*
 * Read the identity of task PID (a thread id, as FUSE reports it) from
 * /proc.  A task that cannot be inspected (gone, or in another pid
 * namespace, where FUSE reports pid 0) is unprivileged with unset audit ids:
 * failing closed, never granting by accident.
 */
void caller_identify(pid_t pid, struct ipe_actor *out);

/*
 * The user namespace the daemon treats as the initial one (its own at
 * start).  Called once before serving; 0 or -errno.
 */
int caller_init(void);

#endif
