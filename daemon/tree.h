/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The control tree over FUSE: the files of /sys/kernel/security/ipe with
 * their modes, read contents and write errnos (SPEC §5), backed by the
 * store of a struct iped (the FUSE private data).
 *
 *   ipe/{enforce 0600, success_audit 0600, new_policy 0200, policies/}
 *   ipe/policies/NAME/{pkcs7 0444, policy 0444, name 0444, version 0444,
 *                      active 0600, update 0200, delete 0200}
 *
 * Mode bits are enforced by the kernel (default_permissions); CAP_MAC_ADMIN
 * is taken from the opener, when the file is opened, as file_ns_capable()
 * does.  A handle on a policy file keeps the policy's id, so once that
 * policy is deleted every read and write through the handle gives ENOENT,
 * even if a policy of the same name is loaded again.  Requests are served
 * one at a time, so concurrent writers are serialised as the kernel's
 * mutex serialises them.
 */
#ifndef IPED_TREE_H
#define IPED_TREE_H

#define FUSE_USE_VERSION 35
#include <fuse.h>

/* The largest write(2) that reaches iped whole: one FUSE request. */
#define TREE_MAX_WRITE (1u << 20)

extern const struct fuse_operations tree_operations;

/* Free the handles still open when the loop ends (no release will come). */
void tree_release_all(void);

#endif
