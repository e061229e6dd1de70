/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The lockdown set of the BPF backend: lockdown.bpf.c loaded, told what to
 * protect (the engine's BPF objects, iped's files and directories, iped
 * itself), attached and pinned next to the engine in IPE_BPF_PIN_DIR.
 * Once armed it stays until reboot; a later iped can only take it over.
 */
#ifndef IPED_LOCK_BPF_H
#define IPED_LOCK_BPF_H

#include <stdbool.h>

#include "backend.h"

/*
 * Look for a pinned lockdown set: 0 none (one left unarmed by an arming
 * that died is removed), 1 one is armed and this process may take it over
 * (its maps are now open), -EPERM one is armed and this process may not
 * (another iped is registered, or this is not iped's executable), other
 * -errno when it cannot be told.
 */
int lock_find(void);

/* Did lock_find() find an armed set, or lock_arm() arm one? */
bool lock_armed(void);

/*
 * Arm a new set with this process as iped, protecting every object pinned
 * in IPE_BPF_PIN_DIR (with the maps its programs use), SPEC's paths and the
 * ancestors of all of them.  Nothing is left pinned on failure.  Also raises
 * the kernel's own lockdown to "integrity" where it is lower (a warning when
 * that fails).  0 or -errno.
 */
int lock_arm(const struct lockdown_spec *spec);

/* Register this process as iped in the set lock_find() found: -EPERM when
 * SPEC's identity is not the one that armed it.  0 or -errno. */
int lock_take_over(const struct lockdown_spec *spec);

/* Protect one more engine map (a table set's inner map, before it is
 * filled), or forget one that no slot holds any more.  Both no-ops until
 * the set is armed.  0 or -errno. */
int lock_protect_map(int map_fd);
void lock_forget_map(unsigned int id);

/* Close what lock_find() or lock_arm() opened; the pins keep the set. */
void lock_close(void);

#endif
